"""The result every rule returns, and the input checks every rule shares.

The Swedish sentences the rules say are templates with ``{name}`` fields, kept in a ``TEXTS``
dictionary beside each rule and filled by ``say``. The static decision tools on the web pages
(upphandlingskurs/static_tools.py) embed the same dictionaries and fill them the same way in the
browser, so a sentence is written once for both.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import numbers
import re
from dataclasses import dataclass, field

import pandas as pd

from upphandlingskurs.errors import CourseDataError


@dataclass(frozen=True)
class Decision:
    """A rule's answer.

    ``outcome`` is a short key for programs and tests (for example ``"allowed"``), ``summary`` the
    answer in one Swedish sentence, ``reasons`` why, step by step, and ``paragraphs`` the law it
    rests on, written as in the legal register ("4 kap. 18 § LOU").
    """

    outcome: str
    summary: str
    reasons: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    facts: dict = field(default_factory=dict)

    def to_html(self) -> str:
        """The decision as accessible HTML (all text escaped). The static tools' script builds the
        same structure from the same ``RESULT_TEXTS``."""
        esc = html.escape
        reasons = "".join(f"<li>{esc(reason)}</li>" for reason in self.reasons)
        paragraphs = say(RESULT_TEXTS["paragraphs"], paragraphs=", ".join(self.paragraphs) or RESULT_TEXTS["no_paragraph"])
        return (
            f'<div class="kurs-beslut kurs-beslut-{esc(self.outcome)}">'
            f"<p><strong>{esc(self.summary)}</strong></p>"
            + (f"<ul>{reasons}</ul>" if reasons else "")
            + f"<p>{esc(paragraphs)}</p></div>"
        )


PLACEHOLDER = re.compile(r"\{(\w+)\}")
# A whole number as typed: ASCII digits with an optional minus sign (spaces already removed).
WHOLE_NUMBER = re.compile(r"-?[0-9]+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

RESULT_TEXTS = {"paragraphs": "Lagrum: {paragraphs}", "no_paragraph": "inget lagrum"}

# What the input checks say. {label} is the field's name as the reader sees it, {value} what was given.
INPUT_TEXTS = {
    "not_integer": "{label} ska vara ett heltal, inte '{value}'.",
    "below_minimum": "{label} kan inte vara mindre än {minimum} (angivet: {value}).",
    "above_maximum": "{label} kan inte vara större än {maximum} (angivet: {value}).",
    "not_yes_no": "{label} ska vara ja eller nej, inte '{value}'.",
    "not_date": "{label} ska vara ett datum på formen ÅÅÅÅ-MM-DD, inte '{value}'.",
}


def say(template: str, **values) -> str:
    """``template`` with each ``{name}`` replaced by ``values[name]`` (nothing else is special)."""
    return PLACEHOLDER.sub(lambda match: str(values[match[1]]), template)


def as_int(value, label: str, minimum: int | None = 0, maximum: int | None = None) -> int:
    """``value`` as a whole number, or a Swedish error that names the field and the value."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = int(value)  # numpy integers from a table
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        value = float(value)
    if isinstance(value, bool):
        raise CourseDataError(say(INPUT_TEXTS["not_integer"], label=label, value=value))
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if not WHOLE_NUMBER.fullmatch(text):
            raise CourseDataError(say(INPUT_TEXTS["not_integer"], label=label, value=value))
        value = int(text)
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise CourseDataError(say(INPUT_TEXTS["not_integer"], label=label, value=value))
        value = int(value)
    if not isinstance(value, int):
        raise CourseDataError(say(INPUT_TEXTS["not_integer"], label=label, value=value))
    if minimum is not None and value < minimum:
        raise CourseDataError(say(INPUT_TEXTS["below_minimum"], label=label, minimum=minimum, value=value))
    if maximum is not None and value > maximum:
        raise CourseDataError(say(INPUT_TEXTS["above_maximum"], label=label, maximum=maximum, value=value))
    return value


def as_number(value, label: str, minimum: float | None = 0.0) -> float:
    """``value`` as a number (decimal comma allowed), or a Swedish error."""
    if isinstance(value, bool):
        raise CourseDataError(f"{label} ska vara ett tal, inte '{value}'.")
    if isinstance(value, numbers.Real):
        value = float(value)  # numpy numbers from a table
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(" ", "").replace("\u00a0", "").replace(",", "."))
        except ValueError:
            raise CourseDataError(f"{label} ska vara ett tal, inte '{value}'.") from None
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise CourseDataError(f"{label} ska vara ett tal, inte '{value}'.")
    if minimum is not None and value < minimum:
        raise CourseDataError(f"{label} kan inte vara mindre än {minimum:g} (angivet: {value:g}).")
    return float(value)


def as_bool(value, label: str) -> bool:
    """``True``/``False`` or the Swedish ``ja``/``nej``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("ja", "nej"):
        return value.strip().lower() == "ja"
    raise CourseDataError(say(INPUT_TEXTS["not_yes_no"], label=label, value=value))


def as_date(value, label: str) -> dt.date:
    """A date from ``datetime.date``, a pandas timestamp or a string ÅÅÅÅ-MM-DD (no other ISO form)."""
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CourseDataError(say(INPUT_TEXTS["not_date"], label=label, value=value))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (the last day of a shorter month)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def kronor(amount: float) -> str:
    """'2 389 585 kr', with no-break spaces between thousands as Swedish text writes them."""
    return f"{amount:,.0f}".replace(",", "\u00a0") + "\u00a0kr"
