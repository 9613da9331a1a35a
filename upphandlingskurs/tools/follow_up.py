"""Follow up a contract's employment requirement (krav 11554): status, chart and the chart's data."""

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
from upphandlingskurs.rules.decision import as_date
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


def follow_up_table(followup: pd.DataFrame, contract_id: str) -> pd.DataFrame:
    """One contract's quarters with cumulative delivery (the chart's data and its text alternative).

    ``followup`` may be the whole follow-up table or already just this contract's rows."""
    rows = followup[followup["kontrakt_id"] == contract_id].sort_values("kvartal")
    if rows.empty:
        raise CourseDataError(f"Kontraktet '{contract_id}' finns inte i uppföljningen.")
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
    report = pd.Timestamp(as_date(report_date, "Uppföljningsdatum"))
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
    return f"{ordinal} kvartalet {day.year}" if ordinal else f"kvartalet som börjar {format_value(day)}"


def follow_up_chart_description(table: pd.DataFrame, committed: float, contract_id: str) -> str:
    """The chart's text alternative, from the same numbers as the chart: what it shows, where the
    line ends, the two reference lines and whether (and when) the line reaches them."""
    share = parameter("fullgjord_andel_procent")
    threshold = committed * share / 100
    totals = list(zip(table["kvartal"], table["levererat_totalt"]))
    first, last = totals[0][0], totals[-1][0]
    quarters = "1 kvartal" if len(totals) == 1 else f"{len(totals)} kvartal"
    span = (f"för {swedish_quarter(first)}" if len(totals) == 1
            else f"från {swedish_quarter(first)} till {swedish_quarter(last)}")
    reached_all = next((quarter for quarter, total in totals if total >= committed), None)
    reached_share = next((quarter for quarter, total in totals if total >= threshold), None)
    if reached_all is not None:
        outcome = f"Linjen når hela åtagandet {swedish_quarter(reached_all)}."
    elif reached_share is not None:
        outcome = (f"Linjen når {share:g} procent av åtagandet {swedish_quarter(reached_share)} "
                   "men inte hela åtagandet.")
    else:
        outcome = f"Linjen når inte upp till {share:g} procent av åtagandet."

    def months(value) -> str:
        return format_value(float(value))

    return (f"Diagram: levererade månader på heltid totalt per kvartal för kontrakt {contract_id}, {span}. "
            f"Efter {quarters} är {months(totals[-1][1])} av {months(committed)} utlovade månader levererade. "
            f"En streckad linje visar åtagandet, {months(committed)} månader, och en prickad linje "
            f"{share:g} procent av åtagandet, {months(threshold)} månader. {outcome} "
            "Samma siffror står i tabellen under diagrammet.")


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
        self.delivered, = self.axes.plot([], [], marker="o", color="#0a4a7a", label="Levererat totalt")
        self.commitment = self.axes.axhline(0, color="#a3191f", linestyle="--", label="Åtagande")
        self.fulfilled = self.axes.axhline(0, color="#595959", linestyle=":",
                                           label=f"{self.share:g} procent av åtagandet")
        self.axes.set_ylabel("Månader på heltid")
        self.axes.legend(loc="upper left", fontsize=8)

    def svg(self, table: pd.DataFrame, committed: float, contract_id: str) -> str:
        """The chart as a base64-encoded SVG image."""
        import matplotlib

        self.delivered.set_data(table["kvartal"].to_numpy(), table["levererat_totalt"].to_numpy())
        self.commitment.set_ydata([committed, committed])
        self.fulfilled.set_ydata([committed * self.share / 100] * 2)
        self.axes.set_title(f"Kontrakt {contract_id}")
        self.axes.relim()
        self.axes.autoscale_view()
        buffer = io.BytesIO()
        with matplotlib.rc_context(self.SVG_SETTINGS):
            self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        return base64.b64encode(buffer.getvalue()).decode("ascii")

    def html(self, table: pd.DataFrame, committed: float, contract_id: str) -> str:
        """The chart as an image with its text alternative, and its data as a table right below it."""
        alt = follow_up_chart_description(table, committed, contract_id)
        caption = (f"Diagrammets data: leverans per kvartal, kontrakt {contract_id} (åtagande "
                   f"{format_value(float(committed))} månader på heltid, {self.share:g} procent av åtagandet "
                   f"{format_value(committed * self.share / 100)} månader)")
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
            "datum": labelled(widgets.Text(value=report_date), "Uppföljningsdatum (ÅÅÅÅ-MM-DD)"),
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
        return (f"<p>Leverantör: {html.escape(result.supplier)} (påhittad).</p>"
                + self.decision.to_html() + chart)
