"""Check a reservation: may a supplier take part under 4 kap. 18 § LOU, and may a contract be
reserved under 19 kap. 25 § LOU?"""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as widgets
import pandas as pd

from upphandlingskurs.data import load_table
from upphandlingskurs.rules import check_reserved_participation, check_welfare_reservation
from upphandlingskurs.swedish import swedish_sorted
from upphandlingskurs.tools.base import Tool, dropdown, labelled

MANUAL = "Ange själv"
YES_NO = ["ja", "nej"]


class ReservedParticipationTool(Tool):
    title = "Får leverantören delta i en reserverad upphandling? (4 kap. 18 § LOU)"
    button_label = "Pröva leverantören"

    def __init__(self, enterprises: pd.DataFrame | None = None, enterprise: str = MANUAL,
                 occupied: int = 10, target_group: int = 3, integration_purpose: str = "ja"):
        self.enterprises = load_table("foretag") if enterprises is None else enterprises
        names = [MANUAL, *swedish_sorted(self.enterprises["namn"])]
        self.inputs = {
            "foretag": dropdown(names, enterprise, "Företag i listan"),
            "sysselsatta": labelled(widgets.Text(value=str(occupied)), "Antal sysselsatta (i verksamheten eller programmet)"),
            "malgrupp": labelled(widgets.Text(value=str(target_group)), "Antal i målgruppen"),
            "syfte": labelled(widgets.Dropdown(options=YES_NO, value=integration_purpose), "Främsta syftet är integration"),
            "program": labelled(widgets.Dropdown(options=YES_NO, value="nej"), "Utförs inom program för skyddad anställning"),
        }
        self.inputs["foretag"].observe(lambda change: self._fill_from(change["new"]), names="value")
        super().__init__()
        if enterprise != MANUAL:
            self._fill_from(enterprise)

    def _fill_from(self, name: str) -> None:
        if name == MANUAL:
            return
        row = self.enterprises.loc[self.enterprises["namn"] == name].iloc[0]
        self.inputs["sysselsatta"].value = str(row["antal_sysselsatta"])
        self.inputs["malgrupp"].value = str(row["antal_malgrupp"])
        self.inputs["syfte"].value = row["syfte_integration"]

    def compute(self) -> str:
        decision = check_reserved_participation(
            self.inputs["sysselsatta"].value, self.inputs["malgrupp"].value,
            self.inputs["syfte"].value, self.inputs["program"].value,
        )
        return decision.to_html()


class WelfareReservationTool(Tool):
    title = "Får upphandlingen reserveras? (19 kap. 25 § LOU)"
    button_label = "Pröva reservationen"

    def __init__(self, cpv_code: str = "92600000-7", contract_months: int = 24, on_date: dt.date | str | None = None,
                 purpose_linked: str = "ja", reinvests_profit: str = "ja", participatory: str = "ja",
                 previous_award: str = ""):
        self.inputs = {
            "cpv": labelled(widgets.Text(value=cpv_code), "CPV-kod"),
            "syfte": labelled(widgets.Dropdown(options=YES_NO, value=purpose_linked), "Syftet hänger ihop med tjänsten"),
            "vinst": labelled(widgets.Dropdown(options=YES_NO, value=reinvests_profit), "Vinsten återinvesteras"),
            "delaktighet": labelled(widgets.Dropdown(options=YES_NO, value=participatory), "Ledning eller ägande bygger på delaktighet"),
            "avtalstid": labelled(widgets.Text(value=str(contract_months)), "Avtalstid i månader"),
            "tidigare": labelled(widgets.Text(value=str(previous_award)), "Tidigare tilldelning (ÅÅÅÅ-MM-DD, tomt om ingen)"),
            "datum": labelled(widgets.Text(value=str(on_date or dt.date.today())), "Datum för prövningen (ÅÅÅÅ-MM-DD)"),
        }
        super().__init__()

    def compute(self) -> str:
        code = self.inputs["cpv"].value.strip()
        known = load_table("cpv")["cpv_kod"].tolist() + load_table("cpv_reserverbara")["cpv_fran"].tolist()
        decision = check_welfare_reservation(
            self.inputs["cpv"].value, self.inputs["syfte"].value, self.inputs["vinst"].value,
            self.inputs["delaktighet"].value, self.inputs["avtalstid"].value,
            previous_award=self.inputs["tidigare"].value.strip() or None, on_date=self.inputs["datum"].value,
        )
        unknown = "" if code in known else (
            f'<p class="kurs-fel" role="alert">CPV-koden {html.escape(code)} finns inte i kursens CPV-tabell '
            "(data/cpv.csv). Kontrollera att koden är rätt skriven.</p>")
        return unknown + decision.to_html()
