"""Swedish text conventions the package needs in more than one place."""

from __future__ import annotations

import datetime as dt

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december")

# Python sorts by code point, which puts Ä before Å; Swedish alphabetical order is Å, Ä, Ö after Z.
_AFTER_Z = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})  # é sorts as e, ü as y


def swedish_sort_key(text: str) -> tuple[str, str]:
    """Sort key for Swedish alphabetical order (case-insensitive, Å Ä Ö last)."""
    return str(text).lower().translate(_AFTER_Z), str(text)


def swedish_sorted(values) -> list:
    return sorted(values, key=swedish_sort_key)


def swedish_date(day: dt.date) -> str:
    """'31 december 2025', as Swedish running text writes a date."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def swedish_number(number: float, space: str = "\u00a0") -> str:
    """'22 417', '27,5': a space between thousands and a decimal comma, one decimal at most.

    Tables use a no-break space (the default); running text may pass a plain one."""
    text = f"{number:,.0f}" if float(number).is_integer() else f"{number:,.1f}"
    return text.replace(",", space).replace(".", ",")
