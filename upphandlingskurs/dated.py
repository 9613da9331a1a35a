"""Dated figures on the pages: each amount is shown with its period, and a page that shows an
amount whose period has ended tells the reader so, with the date.

Which periods have ended is decided when the page is built (``today`` defaults to the build day),
from data/troskelvarden.csv, so a new build after 31 December 2027 marks the 2026–2027 amounts as
ended without anyone editing a page. Tests pass a fixed ``today``.
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
from IPython.display import HTML

from upphandlingskurs import swedish
from upphandlingskurs.rules.decision import kronor, say
from upphandlingskurs.rules.parameters import thresholds
from upphandlingskurs.rules.procedure import PUBLISHED_AT, euro_text

# How each row type of troskelvarden.csv reads on a page.
KIND_NAMES = {
    "direktupphandling": "Direktupphandlingsgräns (varor, tjänster och byggentreprenader)",
    "varor och tjänster, övriga upphandlande myndigheter": "Tröskelvärde, varor och tjänster, övriga upphandlande "
                                                            "myndigheter (till exempel kommuner och regioner)",
    "varor och tjänster, statliga myndigheter": "Tröskelvärde, varor och tjänster, statliga myndigheter",
    "byggentreprenader": "Tröskelvärde, byggentreprenader",
    "sociala och andra särskilda tjänster": "Tröskelvärde, sociala och andra särskilda tjänster i bilaga 2 "
                                            "(också direktupphandlingsgräns för dessa tjänster)",
}

TEXTS = {
    "caption": "Belopp enligt LOU med den period varje belopp gäller",
    "columns": ("Vad", "Belopp", "Gäller från", "Gäller till", "Läge"),
    "open_ended": "tills vidare",
    "in_force": "Gäller i dag.",
    "ended": "Gällde till {end}. Perioden är slut.",
    "future": "Gäller från {start}.",
    "no_kronor": "{euro} euro. Beloppet i kronor saknas i kursens tabell.",
    "notice": "Tabellen visar också belopp vars period har tagit slut, senast {end}. De är markerade "
              "och gäller inte längre. Uppgifterna om vad som gäller avgjordes {today}, när sidan byggdes.",
    "missing_notice": "Kursens tabell saknar beloppen i kronor för perioden {start}–{end}. Upphandlingsmyndigheten "
                      "publicerar dem på sin sida om tröskelvärden och direktupphandlingsgränser ({url}). "
                      "Verktyget nedan avgör ändå allt som beloppen inte kan ändra, och du kan skriva in beloppet.",
}


def swedish_date(day) -> str:
    """'31 december 2025' for a date or timestamp from the table."""
    return swedish.swedish_date(pd.Timestamp(day).date())


def has_ended(end, today: dt.date) -> bool:
    """Whether a period ending on ``end`` (empty: until further notice) is over on ``today``."""
    return not pd.isna(end) and pd.Timestamp(end).date() < today


def status(start, end, today: dt.date) -> str:
    """Whether an amount valid from ``start`` to ``end`` is in force on ``today``, in words."""
    if has_ended(end, today):
        return say(TEXTS["ended"], end=swedish_date(end))
    if pd.Timestamp(start).date() > today:
        return say(TEXTS["future"], start=swedish_date(start))
    return TEXTS["in_force"]


def threshold_table_html(today: dt.date | None = None) -> str:
    """Every amount in troskelvarden.csv, newest period first, with its status on ``today``; a notice
    above the table when some periods have ended or an amount in kronor is missing."""
    today = today or dt.date.today()
    table = thresholds().sort_values(["galler_fran", "typ"], ascending=[False, True])
    esc = html.escape
    rows, ended, missing = [], [], []
    for row in table.itertuples(index=False):
        if pd.isna(row.belopp_kr):
            amount = say(TEXTS["no_kronor"], euro=euro_text(row.belopp_eur))
            if not has_ended(row.galler_till, today):
                missing.append(row)
        else:
            amount = kronor(row.belopp_kr) + ("" if pd.isna(row.belopp_eur) else f" ({euro_text(row.belopp_eur)} euro)")
        ended_row = has_ended(row.galler_till, today)
        if ended_row:
            ended.append(pd.Timestamp(row.galler_till).date())
        end = TEXTS["open_ended"] if pd.isna(row.galler_till) else swedish_date(row.galler_till)
        state = status(row.galler_fran, row.galler_till, today)
        marker = ' class="kurs-belopp-slut"' if ended_row else ""
        rows.append(f"<tr{marker}><th scope=\"row\">{esc(KIND_NAMES.get(row.typ, row.typ))}</th>"
                    f"<td>{esc(amount)}</td><td>{esc(swedish_date(row.galler_fran))}</td><td>{esc(end)}</td>"
                    f"<td>{esc(state)}</td></tr>")
    notices = []
    if ended:
        notices.append(say(TEXTS["notice"], end=swedish_date(max(ended)), today=swedish_date(today)))
    if missing:
        first = min(pd.Timestamp(r.galler_fran).date() for r in missing)
        last = max((pd.Timestamp(r.galler_till).date() for r in missing if not pd.isna(r.galler_till)), default=None)
        notices.append(say(TEXTS["missing_notice"], start=swedish_date(first),
                           end=swedish_date(last) if last else TEXTS["open_ended"], url=PUBLISHED_AT))
    notice_html = "".join(f'<p class="kurs-datumnotis" role="note">{esc(text)}</p>' for text in notices)
    head = "".join(f'<th scope="col">{esc(name)}</th>' for name in TEXTS["columns"])
    return (f'<div class="kurs-belopp">{notice_html}<div class="kurs-tabell-rulla" tabindex="0" '
            f'role="region" aria-label="{esc(TEXTS["caption"])}">'
            f'<table class="kurs-belopptabell"><caption>{esc(TEXTS["caption"])}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></div>")


def threshold_table(today: dt.date | None = None) -> HTML:
    """The amounts table for a page (chapter 2)."""
    return HTML(threshold_table_html(today))
