"""Follow up a contract's employment requirement (krav 11554): status, chart and the chart's data.

The tool's sentences are templates in ``TEXTS`` (the tool and its chart) and ``rules.employment.STATUS_TEXTS`` (the
rule's), filled with ``say``. The tool's static copy on the web page (``static_twin``, shown by
upphandlingskurs/static_exercises.py) embeds them with the data in use, and
static/ovning_uppfoljning.js fills them the same way; tests/test_static_exercise_5.py compares page
and Python.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd

from upphandlingskurs.data import format_value, load_table, table_html
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules import Decision, employment_requirement_status
from upphandlingskurs.rules.decision import INPUT_TEXTS, RESULT_TEXTS, add_months, as_date, say
from upphandlingskurs.rules.employment import CONTRACT_CONDITIONS, STATUS_TEXTS
from upphandlingskurs.rules.employment import _months as rule_months
from upphandlingskurs.rules.parameters import parameter
from upphandlingskurs.tools.base import Tool, dropdown, labelled


def default_report_date(followup: pd.DataFrame, today: dt.date | None = None) -> str:
    """The follow-up's report date, from the data: the last day of the latest quarter reported, or
    today while that quarter is still running. Never a fixed date, so a trainer's newer data or the
    passing of time moves it."""
    today = today or dt.date.today()
    latest = pd.Timestamp(followup["kvartal"].max())
    quarter_end = (latest + pd.offsets.QuarterEnd(0)).date()
    return min(quarter_end, today).isoformat()


DATE_LABEL = "Uppföljningsdatum"  # the name a bad report date is given in the error
# What the tool and its chart say; the static copy fills the same templates.
TEXTS = {
    "unknown_contract": "Kontraktet '{contract_id}' finns inte i uppföljningen.",
    "supplier": "Leverantör: {supplier} (påhittad).",
    "title": "Kontrakt {contract_id}",
    "y_label": "Månader på heltid",
    "delivered": "Levererat totalt",
    "commitment": "Åtagande",
    "fulfilled": "{share} procent av åtagandet",
    "caption": "Diagrammets data: leverans per kvartal, kontrakt {contract_id} (åtagande {committed} månader på heltid, "
               "{share} procent av åtagandet {threshold} månader)",
    "quarter": "{ordinal} kvartalet {year}",
    "other_quarter": "kvartalet som börjar {day}",
    "quarters": "{count} kvartal",
    "span_one": "för {quarter}",
    "span": "från {first} till {last}",
    "reached_all": "Linjen når hela åtagandet {quarter}.",
    "reached_share": "Linjen når {share} procent av åtagandet {quarter} men inte hela åtagandet.",
    "not_reached": "Linjen når inte upp till {share} procent av åtagandet.",
    "description": "Diagram: levererade månader på heltid totalt per kvartal för kontrakt {contract_id}, {span}. "
                   "Efter {quarters} är {total} av {committed} utlovade månader levererade. En streckad linje visar "
                   "åtagandet, {committed} månader, och en prickad linje {share} procent av åtagandet, {threshold} "
                   "månader. {outcome} Samma siffror står i tabellen under diagrammet.",
    "example": "Verktygets svar för kontraktet och datumet nedan, räknat när sidan byggdes. På webbsidan och i "
               "JupyterLab kan du välja ett annat kontrakt eller datum.",
}

def follow_up_table(followup: pd.DataFrame, contract_id: str) -> pd.DataFrame:
    """One contract's quarters with cumulative delivery (the chart's data and its text alternative).

    ``followup`` may be the whole follow-up table or already just this contract's rows."""
    rows = followup[followup["kontrakt_id"] == contract_id].sort_values("kvartal")
    if rows.empty:
        raise CourseDataError(say(TEXTS["unknown_contract"], contract_id=contract_id))
    table = rows[["kvartal", "levererade_heltidsmanader", "avbrutna_anstallningar"]].copy()
    table["levererat_totalt"] = table["levererade_heltidsmanader"].cumsum().round(1)
    return table


@dataclass(frozen=True)
class ContractFollowUp:
    """One contract on a report date: its rows in the follow-up file and its quarters up to that date."""

    contract_id: str
    rows: pd.DataFrame
    quarters: pd.DataFrame  # follow_up_table's columns, only the quarters up to the report date
    report_date: pd.Timestamp

    @property
    def supplier(self) -> str:
        return str(self.rows["leverantor"].iloc[0])

    @property
    def committed(self) -> float:
        return float(self.rows["atagande_heltidsmanader"].iloc[0])

    @property
    def delivered(self) -> float:
        return round(float(self.quarters["levererade_heltidsmanader"].sum()), 1)

    @property
    def ended_early(self) -> bool:
        return bool((self.quarters["avbrutna_anstallningar"] > 0).any())

    def decision(self) -> Decision:
        """The rule's status; raises ``CourseDataError`` (in Swedish) when it cannot judge the
        contract on this date, for example one that starts after it."""
        first = self.rows["forsta_anstallning_start"].iloc[0]
        return employment_requirement_status(
            committed_months=self.committed, delivered_months=self.delivered,
            contract_start=self.rows["kontraktsstart"].iloc[0], contract_end=self.rows["kontraktsslut"].iloc[0],
            report_date=self.report_date, first_employment_start=None if pd.isna(first) else first,
            ended_early=self.ended_early,
        )


def contract_follow_up(followup: pd.DataFrame, contract_id: str, report_date) -> ContractFollowUp:
    """What was delivered in ``contract_id`` up to ``report_date``, from the quarterly follow-up rows."""
    report = pd.Timestamp(as_date(report_date, DATE_LABEL))
    rows = followup[followup["kontrakt_id"] == contract_id]
    table = follow_up_table(rows, contract_id)
    return ContractFollowUp(contract_id, rows, table[table["kvartal"] <= report], report)


def follow_up_decision(followup: pd.DataFrame, contract_id: str, report_date) -> Decision:
    """A contract's status on ``report_date``: what was delivered up to that date, whether the first
    employment came in time, and whether one ended early."""
    return contract_follow_up(followup, contract_id, report_date).decision()


CHART_LABELS = {"kvartal": "Kvartal", "levererade_heltidsmanader": "Levererat under kvartalet",
                "avbrutna_anstallningar": "Anställningar som upphört", "levererat_totalt": "Levererat totalt"}
_QUARTERS = {1: "första", 4: "andra", 7: "tredje", 10: "fjärde"}


def swedish_quarter(day: pd.Timestamp) -> str:
    """'tredje kvartalet 2023' for 2023-07-01 (the follow-up file names a quarter by its first day)."""
    ordinal = _QUARTERS.get(day.month) if day.day == 1 else None
    return (say(TEXTS["quarter"], ordinal=ordinal, year=day.year) if ordinal
            else say(TEXTS["other_quarter"], day=format_value(day)))


def _share_text() -> str:
    return f"{parameter('fullgjord_andel_procent'):g}"


def follow_up_chart_description(table: pd.DataFrame, committed: float, contract_id: str) -> str:
    """The chart's text alternative, from the same numbers as the chart: what it shows, where the
    line ends, the two reference lines and whether (and when) the line reaches them."""
    share = parameter("fullgjord_andel_procent")
    threshold = committed * share / 100
    totals = list(zip(table["kvartal"], table["levererat_totalt"]))
    first, last = totals[0][0], totals[-1][0]
    span = (say(TEXTS["span_one"], quarter=swedish_quarter(first)) if len(totals) == 1
            else say(TEXTS["span"], first=swedish_quarter(first), last=swedish_quarter(last)))
    reached_all = next((quarter for quarter, total in totals if total >= committed), None)
    reached_share = next((quarter for quarter, total in totals if total >= threshold), None)
    if reached_all is not None:
        outcome = say(TEXTS["reached_all"], quarter=swedish_quarter(reached_all))
    elif reached_share is not None:
        outcome = say(TEXTS["reached_share"], share=_share_text(), quarter=swedish_quarter(reached_share))
    else:
        outcome = say(TEXTS["not_reached"], share=_share_text())

    def months(value) -> str:
        return format_value(float(value))

    return say(TEXTS["description"], contract_id=contract_id, span=span,
               quarters=say(TEXTS["quarters"], count=len(totals)), total=months(totals[-1][1]),
               committed=months(committed), share=_share_text(), threshold=months(threshold), outcome=outcome)


def chart_caption(committed: float, contract_id: str) -> str:
    """The caption of the chart's data table."""
    share = parameter("fullgjord_andel_procent")
    return say(TEXTS["caption"], contract_id=contract_id, committed=format_value(float(committed)),
               share=_share_text(), threshold=format_value(committed * share / 100))


# The lines' colours (contrast at least 7:1 on white; the lines also differ in style).
COLOURS = {"delivered": "#0a4a7a", "commitment": "#a3191f", "fulfilled": "#595959"}


class FollowUpChart:
    """The follow-up chart: delivered months in total per quarter against the commitment and the
    fulfilled share (75 %), with the text alternative and the data table (see ``html``).

    Drawn as SVG with the text as text: it stays sharp when the reader zooms or prints, and it
    takes two thirds of the time of a PNG, where every letter is rendered. One figure is drawn
    again for each contract: a new figure's axes and ticks cost as much as the drawing, which kept
    the tool over its 100 ms on 100 000 rows. A bare Figure (no pyplot) keeps no global state, and
    fixed margins avoid an automatic layout, which draws the figure twice."""

    # Text as <text>, ids from a fixed salt and no date: the same data gives the same bytes.
    SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "upphandlingskurs"}

    def __init__(self):
        from matplotlib.figure import Figure  # imported here: only pages with a chart pay for it

        self.share = parameter("fullgjord_andel_procent")
        self.figure = Figure(figsize=(6, 3.2))
        self.figure.subplots_adjust(left=0.11, right=0.98, top=0.9, bottom=0.22)
        self.axes = self.figure.subplots()
        self.axes.xaxis_date()
        self.axes.tick_params(axis="x", labelrotation=30, rotation_mode="xtick")  # the label ends at its tick
        self.delivered, = self.axes.plot([], [], marker="o", color=COLOURS["delivered"], label=TEXTS["delivered"])
        self.commitment = self.axes.axhline(0, color=COLOURS["commitment"], linestyle="--", label=TEXTS["commitment"])
        self.fulfilled = self.axes.axhline(0, color=COLOURS["fulfilled"], linestyle=":",
                                           label=say(TEXTS["fulfilled"], share=f"{self.share:g}"))
        self.axes.set_ylabel(TEXTS["y_label"])
        self.axes.legend(loc="upper left", fontsize=8)

    def svg(self, table: pd.DataFrame, committed: float, contract_id: str) -> str:
        """The chart as a base64-encoded SVG image."""
        import matplotlib

        self.delivered.set_data(table["kvartal"].to_numpy(), table["levererat_totalt"].to_numpy())
        self.commitment.set_ydata([committed, committed])
        self.fulfilled.set_ydata([committed * self.share / 100] * 2)
        self.axes.set_title(say(TEXTS["title"], contract_id=contract_id))
        self.axes.relim()
        self.axes.autoscale_view()
        buffer = io.BytesIO()
        with matplotlib.rc_context(self.SVG_SETTINGS):
            self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        return base64.b64encode(buffer.getvalue()).decode("ascii")

    def html(self, table: pd.DataFrame, committed: float, contract_id: str) -> str:
        """The chart as an image with its text alternative, and its data as a table right below it."""
        alt = follow_up_chart_description(table, committed, contract_id)
        caption = chart_caption(committed, contract_id)
        # A plain <div>, not <figure>: Chromium tags a <figure> in the PDF as a second figure without alt text.
        return (f'<div class="kurs-diagram"><img src="data:image/svg+xml;base64,{self.svg(table, committed, contract_id)}" '
                f'alt="{html.escape(alt)}"></div>'
                + table_html(table, caption=caption, labels=CHART_LABELS, interactive=False))


def follow_up_chart_html(table: pd.DataFrame, committed: float, contract_id: str) -> str:
    """One chart with its text alternative and data table (a tool keeps its ``FollowUpChart``)."""
    return FollowUpChart().html(table, committed, contract_id)


class FollowUpTool(Tool):
    title = "Följa upp ett sysselsättningskrav"
    button_label = "Visa status"

    def __init__(self, followup: pd.DataFrame | None = None, contract_id: str | None = None,
                 report_date: str | None = None):
        self.followup = load_table("uppfoljning") if followup is None else followup
        report_date = str(report_date or default_report_date(self.followup))
        contracts = sorted(self.followup["kontrakt_id"].unique())
        self.inputs = {
            "kontrakt": dropdown(contracts, contract_id or contracts[0], "Kontrakt"),
            "datum": labelled(widgets.Text(value=report_date), f"{DATE_LABEL} (ÅÅÅÅ-MM-DD)"),
        }
        super().__init__()
        self.decision = None
        self.chart = None  # made at the first update that has quarters to draw

    def compute(self) -> str:
        result = contract_follow_up(self.followup, self.inputs["kontrakt"].value, self.inputs["datum"].value)
        self.decision = result.decision()
        chart = ""
        if not result.quarters.empty:
            self.chart = self.chart or FollowUpChart()
            chart = self.chart.html(result.quarters, result.committed, result.contract_id)
        return (f"<p>{html.escape(say(TEXTS['supplier'], supplier=result.supplier))}</p>"
                + self.decision.to_html() + chart)


# --- the static copy on the web page ---------------------------------------------------------------

def _contract_data(followup: pd.DataFrame, contract_id: str) -> dict:
    """One contract as the static copy needs it. What depends only on the contract is computed
    here by the functions the tool uses: the quarters' table cells, running totals and names, the
    six-month deadline (``add_months``), and for every number of quarters reported up to a date
    (``k`` = 0 … all) what ``ContractFollowUp`` gives: delivered, its text, an early end."""
    rows = followup[followup["kontrakt_id"] == contract_id]
    table = follow_up_table(rows, contract_id)
    first = rows["forsta_anstallning_start"].iloc[0]
    start = as_date(rows["kontraktsstart"].iloc[0], "Kontraktets start")
    committed = float(rows["atagande_heltidsmanader"].iloc[0])
    share = parameter("fullgjord_andel_procent")
    prefixes = []
    for count in range(len(table) + 1):
        # The first `count` quarters are those up to any date before the next one (no date needed here).
        result = ContractFollowUp(contract_id, rows, table.iloc[:count], pd.NaT)
        prefixes.append({"delivered": round(result.delivered, 6), "text": rule_months(result.delivered),
                         "ended_early": result.ended_early})
    return {
        "id": contract_id, "supplier": str(rows["leverantor"].iloc[0]),
        "start": start.isoformat(), "end": as_date(rows["kontraktsslut"].iloc[0], "Kontraktets slut").isoformat(),
        "first": None if pd.isna(first) else as_date(first, "Första anställningens start").isoformat(),
        "deadline": add_months(start, int(parameter("forsta_anstallning_senast_manader"))).isoformat(),
        "committed": committed, "committed_text": rule_months(committed),
        "committed_shown": format_value(committed), "threshold": committed * share / 100,
        "threshold_shown": format_value(committed * share / 100), "caption": chart_caption(committed, contract_id),
        # cells: the table's row (the day ÅÅÅÅ-MM-DD first, the running total last, as the text shows it)
        "quarters": [{"name": swedish_quarter(row.kvartal), "total": float(row.levererat_totalt),
                      "cells": [format_value(value) for value in row]} for row in table.itertuples(index=False)],
        "prefixes": prefixes,
    }


def static_data(tool: FollowUpTool) -> dict:
    """What static/ovning_uppfoljning.js needs to answer as ``tool`` does, for every contract of its
    list and any date: the templates, the rule's parameters and each contract's data."""
    # Imported here: only a page with the static copy needs them, and static_exercises imports this module.
    from upphandlingskurs.static_exercises import PAGE_TEXTS
    from upphandlingskurs.static_tools import INTERFACE_TEXTS

    numeric = [bool(pd.api.types.is_numeric_dtype(dtype)) for dtype in
               follow_up_table(tool.followup, tool.inputs["kontrakt"].options[0]).dtypes]
    return {
        "tool": "follow-up", "texts": TEXTS, "status_texts": STATUS_TEXTS, "input_texts": INPUT_TEXTS,
        "result_texts": RESULT_TEXTS, "interface": INTERFACE_TEXTS, "table_label": PAGE_TEXTS["table_label"],
        "date_label": DATE_LABEL, "paragraphs": [CONTRACT_CONDITIONS], "share": parameter("fullgjord_andel_procent"),
        "share_text": _share_text(), "columns": [CHART_LABELS[column] for column in CHART_LABELS], "numeric": numeric,
        "colours": COLOURS,
        "contracts": [_contract_data(tool.followup, contract_id) for contract_id in tool.inputs["kontrakt"].options],
    }


def static_twin(tool: FollowUpTool) -> str:
    """The tool's static copy (see upphandlingskurs/static_exercises.py): the same form, filled in
    with the tool's contract and date, no result until the reader presses the button, and for print
    the Python tool's result for those values, with its chart and table (hidden on screen)."""
    # Imported here: static_exercises imports this module.
    from upphandlingskurs import static_exercises as page
    from upphandlingskurs.static_tools import Field, _field_html

    prefix = f"ko{next(page._counter)}-uppfoljning"
    fields = (page._choice_field(tool, "kontrakt"),
              Field("datum", tool.inputs["datum"].description, default=str(tool.inputs["datum"].value)))
    form = "".join(_field_html(prefix, field) for field in fields)
    example = page.print_example(fields, tool.result_html or tool.update(), intro=TEXTS["example"])
    return page.tool_section(tool, "follow-up", prefix, form, static_data(tool), scripts=("ovning_uppfoljning.js",),
                             example=example)
