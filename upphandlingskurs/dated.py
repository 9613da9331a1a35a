"""Dated figures on the pages: each amount is shown with its period, and a page that shows an
amount whose period has ended tells the reader so, with the date.

Which periods have ended is decided when the page is built (``today`` defaults to the build day),
from data/troskelvarden.csv, so a new build after 31 December 2027 marks the 2026–2027 amounts as
ended without anyone editing a page. Tests pass a fixed ``today``.

The other figures a page presents as the latest (purchasing volumes, the population, counts of
enterprises and partnerships) live once, with their dates, in data/daterade_uppgifter.csv. A page
puts a figure and its date into its text with ``glue_figure`` and shows ``date_notices`` beside it:
once the day in ``aktuell_till`` has passed, the notice tells the reader which date the figure
describes and that there may be a newer one.
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
from IPython.display import HTML

from upphandlingskurs import swedish
from upphandlingskurs.data import load_table
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.glue import glue
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


# --- Dated figures: data/daterade_uppgifter.csv ---------------------------------------------------

FIGURE_TEXTS = {
    "one": "Uppgiften om {figures} avser {period}. Kursen räknade den som den senaste till {until}; "
           "det kan finnas en nyare från {publisher}.",
    "many": "Uppgifterna om {figures} avser {period}. Kursen räknade dem som de senaste till {until}; "
            "det kan finnas nyare från {publisher}.",
    "figure": "{uppgift} ({value})",
    "unknown": "Det finns ingen uppgift som heter '{id}' i data/daterade_uppgifter.csv. Kända uppgifter: {known}.",
}


def dated_figures() -> pd.DataFrame:
    """The registry of dated figures, checked against its schema, indexed by id."""
    return load_table("daterade_uppgifter").set_index("id", drop=False)


def figure(figure_id: str, table: pd.DataFrame | None = None) -> pd.Series:
    """One figure's row; a Swedish error naming the known ids if there is none by that name."""
    table = dated_figures() if table is None else table
    if figure_id not in table.index:
        raise CourseDataError(say(FIGURE_TEXTS["unknown"], id=figure_id, known=", ".join(sorted(table.index))))
    return table.loc[figure_id]


def number_text(number: float) -> str:
    """'286 546', '18', '17,9': Swedish digits as running text writes them (a space between thousands)."""
    return swedish.swedish_number(number, space=" ")


def value_text(row: pd.Series) -> str:
    """The figure as the page says it: 'över 900 miljarder kronor', '286 546 invånare'."""
    words = [row["ungefar"], number_text(row["varde"]), row["enhet"]]
    return " ".join(str(word) for word in words if not pd.isna(word))


def period_text(row: pd.Series) -> str:
    """What the figure describes: the period as the source names it ('2018–2020'), else the day."""
    return row["avser_text"] if not pd.isna(row["avser_text"]) else swedish_date(row["avser"])


def dated_text(row: pd.Series) -> str:
    """The figure with its date: 'cirka 400 ASF (avser 2018–2020)'."""
    return f"{value_text(row)} (avser {period_text(row)})"


def publisher(row: pd.Series) -> str:
    """Who published the source: the part of ``kalla`` before the colon ('SCB')."""
    return row["kalla"].split(": ", 1)[0]


def is_outdated(row: pd.Series, today: dt.date) -> bool:
    """Whether the course no longer presents the figure as the latest on ``today``."""
    return has_ended(row["aktuell_till"], today)


def glue_figure(figure_id: str, name: str | None = None) -> None:
    """Glue a figure for the page's text: ``{glue:text}`name``` is the value ('över 900 miljarder
    kronor') and ``{glue:text}`name_avser``` the period it describes ('augusti 2025')."""
    row = figure(figure_id)
    name = name or figure_id
    glue(name, value_text(row), display=False)
    glue(f"{name}_avser", period_text(row), display=False)


def _joined(parts: list[str]) -> str:
    """'a', 'a och b', 'a, b och c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


def notice_texts(*figure_ids: str, today: dt.date | None = None, table: pd.DataFrame | None = None) -> list[str]:
    """A Swedish notice for the figures among ``figure_ids`` that the course no longer presents as the
    latest on ``today``; figures from the same source with the same dates share one notice."""
    today = today or dt.date.today()
    table = dated_figures() if table is None else table
    groups: dict[tuple, list[pd.Series]] = {}
    for figure_id in figure_ids:
        row = figure(figure_id, table)
        if is_outdated(row, today):
            key = (row["kalla"], period_text(row), pd.Timestamp(row["aktuell_till"]))
            groups.setdefault(key, []).append(row)
    texts = []
    for rows in groups.values():
        first = rows[0]
        named = _joined([say(FIGURE_TEXTS["figure"], uppgift=row["uppgift"], value=value_text(row)) for row in rows])
        texts.append(say(FIGURE_TEXTS["one" if len(rows) == 1 else "many"], figures=named,
                         period=period_text(first), until=swedish_date(first["aktuell_till"]),
                         publisher=publisher(first)))
    return texts


def notices_html(*figure_ids: str, today: dt.date | None = None, table: pd.DataFrame | None = None) -> str:
    """The notices as HTML, one paragraph each, or an empty string when every figure is still current."""
    return "".join(f'<p class="kurs-datumnotis" role="note">{html.escape(text)}</p>'
                   for text in notice_texts(*figure_ids, today=today, table=table))


def date_notices(*figure_ids: str, today: dt.date | None = None) -> HTML:
    """The notices for a page, in a ``remove-input`` cell beside the figures (chapters 1, 5 and 6)."""
    return HTML(notices_html(*figure_ids, today=today))
