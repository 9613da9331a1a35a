"""Design an employment requirement (krav 11554) and follow one up, with a chart."""

from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
import pandas as pd

from upphandlingskurs.data import format_value, load_table, table_html
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules import Decision, employment_requirement_status, size_employment_requirement
from upphandlingskurs.rules.decision import as_date
from upphandlingskurs.rules.parameters import parameter
from upphandlingskurs.rules.employment import DEFAULT_TARGET_GROUP
from upphandlingskurs.tools.base import Tool, labelled


class EmploymentRequirementTool(Tool):
    title = "Utforma ett sysselsättningskrav"
    button_label = "Räkna och skriv villkoret"

    def __init__(self, contract_months: int = 48, persons: int = 2, months_per_person: int = 12,
                 first_start_month: int = 4, target_group: str = DEFAULT_TARGET_GROUP):
        self.inputs = {
            "avtalstid": labelled(widgets.Text(value=str(contract_months)), "Avtalstid i månader"),
            "personer": labelled(widgets.Text(value=str(persons)), "Antal anställningar"),
            "manader": labelled(widgets.Text(value=str(months_per_person)), "Månader på heltid per anställning"),
            "start": labelled(widgets.Text(value=str(first_start_month)), "Första anställningen påbörjas eller erbjuds månad"),
            "malgrupp": labelled(widgets.Text(value=target_group), "Målgrupp"),
        }
        super().__init__()
        self.decision = None

    def compute(self) -> str:
        self.decision = size_employment_requirement(
            self.inputs["avtalstid"].value, self.inputs["personer"].value, self.inputs["manader"].value,
            self.inputs["start"].value, self.inputs["malgrupp"].value,
        )
        text = html.escape(self.decision.facts["requirement_text"])
        note = html.escape(self.decision.facts["text_note"])
        return (self.decision.to_html() + "<p><strong>Förslag till villkorstext:</strong></p>"
                f'<p class="kurs-villkorstext">{text}</p><p>{note}</p>')


def follow_up_table(followup: pd.DataFrame, contract_id: str) -> pd.DataFrame:
    """One contract's quarters with cumulative delivery (the chart's data and its text alternative).

    ``followup`` may be the whole follow-up table or already just this contract's rows."""
    rows = followup[followup["kontrakt_id"] == contract_id].sort_values("kvartal")
    if rows.empty:
        raise CourseDataError(f"Kontraktet '{contract_id}' finns inte i uppföljningen.")
    table = rows[["kvartal", "levererade_heltidsmanader", "avbrutna_anstallningar"]].copy()
    table["levererat_totalt"] = table["levererade_heltidsmanader"].cumsum().round(1)
    return table


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


def follow_up_chart_html(table: pd.DataFrame, committed: float, contract_id: str) -> str:
    """The chart as an image with its text alternative, and its data as a table right below it."""
    share = parameter("fullgjord_andel_procent")
    alt = follow_up_chart_description(table, committed, contract_id)
    caption = (f"Diagrammets data: leverans per kvartal, kontrakt {contract_id} (åtagande "
               f"{format_value(float(committed))} månader på heltid, {share:g} procent av åtagandet "
               f"{format_value(committed * share / 100)} månader)")
    # A plain <div>, not <figure>: Chromium tags a <figure> in the PDF as a second figure without alt text.
    return (f'<div class="kurs-diagram"><img src="data:image/png;base64,{_chart_png(table, committed, contract_id)}" '
            f'alt="{html.escape(alt)}"></div>'
            + table_html(table, caption=caption, labels=CHART_LABELS, interactive=False))


def _chart_png(table: pd.DataFrame, committed: float, contract_id: str) -> str:
    # A bare Figure (no pyplot): no global state, and fixed margins instead of an automatic layout,
    # which would draw the figure twice and double the time of an update.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 3.2), dpi=80)
    figure.subplots_adjust(left=0.11, right=0.98, top=0.9, bottom=0.27)
    axes = figure.subplots()
    axes.plot(table["kvartal"], table["levererat_totalt"], marker="o", color="#0a4a7a", label="Levererat totalt")
    axes.axhline(committed, color="#a3191f", linestyle="--", label="Åtagande")
    share = parameter("fullgjord_andel_procent")
    axes.axhline(committed * share / 100, color="#595959", linestyle=":", label=f"{share:g} procent av åtagandet")
    axes.set_ylabel("Månader på heltid")
    axes.set_title(f"Kontrakt {contract_id}")
    axes.legend(loc="upper left", fontsize=8)
    figure.autofmt_xdate()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def follow_up_decision(followup: pd.DataFrame, contract_id: str, report_date) -> Decision:
    """A contract's status on ``report_date`` from the quarterly follow-up rows: what was delivered
    up to that date, whether the first employment came in time, and whether one ended early."""
    rows = followup[followup["kontrakt_id"] == contract_id]
    report = pd.Timestamp(as_date(report_date, "Uppföljningsdatum"))
    table = follow_up_table(rows, contract_id)
    table = table[table["kvartal"] <= report]
    first = rows["forsta_anstallning_start"].iloc[0]
    return employment_requirement_status(
        committed_months=float(rows["atagande_heltidsmanader"].iloc[0]),
        delivered_months=round(float(table["levererade_heltidsmanader"].sum()), 1),
        contract_start=rows["kontraktsstart"].iloc[0], contract_end=rows["kontraktsslut"].iloc[0],
        report_date=report, first_employment_start=None if pd.isna(first) else first,
        ended_early=bool((table["avbrutna_anstallningar"] > 0).any()),
    )


class FollowUpTool(Tool):
    title = "Följa upp ett sysselsättningskrav"
    button_label = "Visa status"

    def __init__(self, followup: pd.DataFrame | None = None, contract_id: str | None = None, report_date: str = "2025-09-30"):
        self.followup = load_table("uppfoljning") if followup is None else followup
        contracts = sorted(self.followup["kontrakt_id"].unique())
        self.inputs = {
            "kontrakt": labelled(widgets.Dropdown(options=contracts, value=contract_id or contracts[0]), "Kontrakt"),
            "datum": labelled(widgets.Text(value=report_date), "Uppföljningsdatum (ÅÅÅÅ-MM-DD)"),
        }
        super().__init__()
        self.decision = None

    def compute(self) -> str:
        contract_id = self.inputs["kontrakt"].value
        rows = self.followup[self.followup["kontrakt_id"] == contract_id]
        self.decision = follow_up_decision(rows, contract_id, self.inputs["datum"].value)
        report = pd.Timestamp(as_date(self.inputs["datum"].value, "Uppföljningsdatum"))
        table = follow_up_table(rows, contract_id)
        table = table[table["kvartal"] <= report]
        committed = float(rows["atagande_heltidsmanader"].iloc[0])
        supplier = html.escape(str(rows["leverantor"].iloc[0]))
        chart = follow_up_chart_html(table, committed, contract_id) if not table.empty else ""
        return f"<p>Leverantör: {supplier} (påhittad).</p>" + self.decision.to_html() + chart
