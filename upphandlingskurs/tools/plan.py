"""Screen a procurement plan: the procedure for each procurement and where social requirements fit."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from upphandlingskurs.data import load_table, table_html
from upphandlingskurs.rules.decision import as_int
from upphandlingskurs.rules.parameters import parameter
from upphandlingskurs.screening import ALL, screen_plan, top_by_priority
from upphandlingskurs.swedish import swedish_sorted
from upphandlingskurs.tools.base import Tool, labelled

MAX_ROWS = 60
COLUMNS = {
    "id": "Id", "beskrivning": "Upphandling", "uppskattat_varde_kr": "Värde (kr)", "avtalstid_manader": "Månader",
    "forfarande": "Förfarande", "reserverbar_19_25": "Tjänsten finns i 19 kap. 25 §",
    "arbetsrattsliga_villkor": "Pröva arbetsrättsliga villkor", "lang_nog": "Lång nog för sysselsättningskrav",
    "prioritet": "Prioritet",
}


class PlanScreeningTool(Tool):
    title = "Sålla upphandlingsplanen"
    button_label = "Sålla planen"

    def __init__(self, plan: pd.DataFrame | None = None, department: str = ALL, min_priority: int = 1):
        self.plan = load_table("upphandlingsplan") if plan is None else plan
        self.inputs = {
            "forvaltning": labelled(widgets.Dropdown(options=[ALL, *swedish_sorted(self.plan["forvaltning"].unique())], value=department), "Förvaltning"),
            "min_prioritet": labelled(widgets.Text(value=str(min_priority)), "Visa bara prioritet minst"),
        }
        super().__init__()

    def compute(self) -> str:
        minimum = as_int(self.inputs["min_prioritet"].value, "Prioritet", minimum=0, maximum=3)
        plan = self.plan
        if self.inputs["forvaltning"].value != ALL:
            plan = plan[plan["forvaltning"] == self.inputs["forvaltning"].value]
        screened = screen_plan(plan, sort=False)
        matching = screened["prioritet"] >= minimum
        shown = top_by_priority(screened[matching], MAX_ROWS).copy()
        for column in ("reserverbar_19_25", "arbetsrattsliga_villkor", "lang_nog"):
            shown[column] = shown[column].map({True: "ja", False: "nej"})
        long_enough = parameter("sysselsattningskrav_min_manader")
        summary = (f"<p><strong>{int(matching.sum())} av {len(screened)} upphandlingar har prioritet {minimum} eller högre.</strong> "
                   "Prioriteten räknar hur många av de tre möjligheterna som finns. Lång nog betyder minst "
                   f"{long_enough:g} månader (kursens egen tumregel).</p>")
        if matching.sum() > MAX_ROWS:
            summary += f"<p>Tabellen visar de {MAX_ROWS} första i prioritetsordning.</p>"
        return summary + table_html(shown[list(COLUMNS)], caption="Upphandlingsplanen sållad (påhittad plan)", labels=COLUMNS)
