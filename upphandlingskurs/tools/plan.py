"""Screen a procurement plan: the procedure for each procurement and where social requirements fit.

Where the course's table has no amount in kronor for the plan's period, the tool has a field for
each such amount (empty at first): the reader may type it in from Upphandlingsmyndigheten's page.
Without it the tool decides what the amount cannot change and says what it could not decide.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import pandas as pd

from upphandlingskurs.data import load_table, table_html
from upphandlingskurs.rules.decision import as_int, say
from upphandlingskurs.rules.parameters import own_amount_label, parameter
from upphandlingskurs.rules.procedure import (
    DIRECT_AWARD,
    OTHER_GOODS_AND_SERVICES,
    PUBLISHED_AT,
    SOCIAL_SERVICES,
    WORKS,
)
from upphandlingskurs.screening import (
    ALL,
    PLAN_KINDS,
    missing_amounts,
    missing_amounts_text,
    screen_plan,
    top_by_priority,
)
from upphandlingskurs.swedish import swedish_sorted
from upphandlingskurs.tools.base import Tool, dropdown, labelled

MAX_ROWS = 60
COLUMNS = {
    "id": "Id", "beskrivning": "Upphandling", "uppskattat_varde_kr": "Värde (kr)", "avtalstid_manader": "Månader",
    "forfarande": "Förfarande", "reserverbar_19_25": "Tjänsten finns i 19 kap. 25 §",
    "arbetsrattsliga_villkor": "Pröva arbetsrättsliga villkor", "lang_nog": "Lång nog för sysselsättningskrav",
    "prioritet": "Prioritet",
}
# The field for each amount in kronor the course's table may lack (shown only when it does).
AMOUNT_FIELDS = {
    DIRECT_AWARD: "direktupphandlingsgrans",
    OTHER_GOODS_AND_SERVICES: "troskelvarde_varor_och_tjanster",
    WORKS: "troskelvarde_byggentreprenader",
    SOCIAL_SERVICES: "troskelvarde_sociala_tjanster",
}
AMOUNT_LAYOUT = widgets.Layout(width="48rem", max_width="100%")  # the labels name the kind in full
TEXTS = {
    "help": "Skriv in beloppen från Upphandlingsmyndighetens sida som heltal i kronor (mellanslag går bra), "
            "så avgör verktyget också det som beror på dem. Lämna ett fält tomt om du inte har beloppet.",
    "undecided": "För {count} av upphandlingarna saknas ett belopp i kronor som behövs för att avgöra förfarandet "
                 "helt. {missing} "
                 "Där det avgör om arbetsrättsliga villkor ska prövas står det {undecided} i den kolumnen, och "
                 "prioriteten räknar bara det som går att avgöra: den kan bli 1 högre när beloppet finns.",
    "undecided_value": "kan inte avgöras",
}


class PlanScreeningTool(Tool):
    title = "Sålla upphandlingsplanen"
    button_label = "Sålla planen"

    def __init__(self, plan: pd.DataFrame | None = None, department: str = ALL, min_priority: int = 1,
                 own_amounts: dict | None = None):
        self.plan = load_table("upphandlingsplan") if plan is None else plan
        self.inputs = {
            "forvaltning": dropdown([ALL, *swedish_sorted(self.plan["forvaltning"].unique())], department, "Förvaltning"),
            "min_prioritet": labelled(widgets.Text(value=str(min_priority)), "Visa bara prioritet minst"),
        }
        # A field for each amount in kronor that the table lacks for the plan's period, empty unless given.
        self.missing = missing_amounts(self.plan)
        self.amount_kinds = [kind for kind in PLAN_KINDS if kind in set(self.missing["typ"])]
        own_amounts = own_amounts or {}
        for kind in self.amount_kinds:
            value = own_amounts.get(kind)
            field = labelled(widgets.Text(value="" if value is None else str(value)), own_amount_label(kind))
            field.layout = AMOUNT_LAYOUT
            self.inputs[AMOUNT_FIELDS[kind]] = field
        self.amount_help = widgets.HTML(self._help_html()) if self.amount_kinds else None
        super().__init__()

    def _help_html(self) -> str:
        text = html.escape(f"{missing_amounts_text(self.missing)} {TEXTS['help']}")
        url = html.escape(PUBLISHED_AT)
        return '<p class="kurs-hjalp">' + text.replace(url, f'<a href="{url}">{url}</a>') + "</p>"

    def own_amounts(self) -> dict[str, str]:
        """The amounts in kronor typed into the tool's fields, by row type of troskelvarden.csv."""
        return {kind: self.inputs[AMOUNT_FIELDS[kind]].value for kind in self.amount_kinds}

    def widget(self) -> widgets.Widget:
        box = super().widget()
        if self.amount_help is not None:  # the help line goes right above the first amount field
            children = list(box.children)
            children.insert(children.index(self.inputs[AMOUNT_FIELDS[self.amount_kinds[0]]]), self.amount_help)
            box.children = tuple(children)
        return box

    def compute(self) -> str:
        minimum = as_int(self.inputs["min_prioritet"].value, "Prioritet", minimum=0, maximum=3)
        own_amounts = self.own_amounts()
        plan = self.plan
        if self.inputs["forvaltning"].value != ALL:
            plan = plan[plan["forvaltning"] == self.inputs["forvaltning"].value]
        screened = screen_plan(plan, sort=False, own_amounts=own_amounts)
        matching = screened["prioritet"] >= minimum
        shown = top_by_priority(screened[matching], MAX_ROWS).copy()
        undecided_conditions = shown["saknat_belopp"] & (shown["bilaga2_tjanst"] != "ja")
        for column in ("reserverbar_19_25", "arbetsrattsliga_villkor", "lang_nog"):
            shown[column] = shown[column].map({True: "ja", False: "nej"})
        shown["arbetsrattsliga_villkor"] = np.where(undecided_conditions, TEXTS["undecided_value"],
                                                    shown["arbetsrattsliga_villkor"])
        long_enough = parameter("sysselsattningskrav_min_manader")
        summary = (f"<p><strong>{int(matching.sum())} av {len(screened)} upphandlingar har prioritet {minimum} eller högre.</strong> "
                   "Prioriteten räknar hur många av de tre möjligheterna som finns. Lång nog betyder minst "
                   f"{long_enough:g} månader (kursens egen tumregel).</p>")
        undecided = int(screened["saknat_belopp"].sum())
        if undecided:
            still_missing = missing_amounts_text(missing_amounts(plan, own_amounts))
            summary += "<p>" + html.escape(say(TEXTS["undecided"], count=undecided, missing=still_missing,
                                               undecided=f"'{TEXTS['undecided_value']}'")) + "</p>"
        if matching.sum() > MAX_ROWS:
            summary += f"<p>Tabellen visar de {MAX_ROWS} första i prioritetsordning.</p>"
        return summary + table_html(shown[list(COLUMNS)], caption="Upphandlingsplanen sållad (påhittad plan)", labels=COLUMNS)
