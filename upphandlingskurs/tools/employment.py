"""Design an employment requirement (krav 11554): its size and the text for the tender documents."""

from __future__ import annotations

import html

import ipywidgets as widgets

from upphandlingskurs.rules import size_employment_requirement
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
