"""Check a reservation: may a supplier take part under 4 kap. 18 § LOU, and may a contract be
reserved under 19 kap. 25 § LOU?

Both tools decide as the static decision tools "reservation-18" and "reservation-19-25" do
(upphandlingskurs/static_tools.py): the form's values go, by the static tool's field names, to
``static_tools.decide``. So the notebook tool and its working copy on the web page
(``page_html``, shown through upphandlingskurs/static_exercises.py) answer alike for the same values;
what the notebook tool adds (picking an enterprise from the list, the note on a CPV code that the
course's tables do not know) the page does with the data embedded here and static/ovning_reservation.js.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools

import ipywidgets as widgets
import pandas as pd

from upphandlingskurs import static_tools
from upphandlingskurs.data import load_table
from upphandlingskurs.rules.decision import say
from upphandlingskurs.static_tools import Field, _field_html, _json_for_script
from upphandlingskurs.swedish import swedish_sorted
from upphandlingskurs.tools.base import Tool, dropdown, labelled

MANUAL = "Ange själv"
YES_NO = ["ja", "nej"]
PARTICIPATION = "reservation-18"  # the static tools these tools decide as
WELFARE = "reservation-19-25"

TEXTS = {
    "enterprise": "Företag i listan",
    "enterprise_help": f"Välj ett företag, så hämtas antal sysselsatta, antal i målgruppen och syftet ur listan. "
                       f"Välj {MANUAL} för att skriva egna uppgifter.",
    "unknown_cpv": "CPV-koden {code} finns inte i kursens CPV-tabell (data/cpv.csv). Kontrollera att koden är rätt skriven.",
}

# The notebook tools' inputs by the static tools' field names.
PARTICIPATION_FIELDS = {"sysselsatta": "occupied", "malgrupp": "target_group", "program": "sheltered_programme",
                        "syfte": "integration_purpose"}
WELFARE_FIELDS = {"cpv": "cpv_code", "syfte": "purpose_linked", "vinst": "reinvests_profit",
                  "delaktighet": "participatory", "avtalstid": "contract_months", "tidigare": "previous_award",
                  "datum": "on_date"}
# Where the enterprise list puts what the participation tool asks.
ENTERPRISE_COLUMNS = {"occupied": "antal_sysselsatta", "target_group": "antal_malgrupp",
                      "integration_purpose": "syfte_integration"}
_counter = itertools.count(1)  # ids stay unique on a page


def _static_field(tool_id: str, name: str) -> Field:
    return next(field for field in static_tools.tool(tool_id).fields() if field.name == name)


def _control(tool_id: str, name: str, value) -> widgets.Widget:
    """An input with the label (and the options) of the static tool's field ``name``."""
    field = _static_field(tool_id, name)
    if field.options:
        return labelled(widgets.Dropdown(options=[(label, option) for option, label in field.options], value=value),
                        field.label)
    return labelled(widgets.Text(value=str(value)), field.label)


def _wrapped(kind: str, tool_html: str, data: dict) -> str:
    return (f'<div class="kurs-ovning-reservation" data-kurs-reservation="{kind}">{tool_html}'
            f'<script type="application/json" class="kurs-reservation-data">{_json_for_script(data)}</script></div>')


class ReservedParticipationTool(Tool):
    title = static_tools.tool(PARTICIPATION).title
    button_label = static_tools.tool(PARTICIPATION).button

    def __init__(self, enterprises: pd.DataFrame | None = None, enterprise: str = MANUAL,
                 occupied: int = 10, target_group: int = 3, integration_purpose: str = "ja"):
        self.enterprises = load_table("foretag") if enterprises is None else enterprises
        names = [MANUAL, *swedish_sorted(self.enterprises["namn"])]
        self.inputs = {
            "foretag": dropdown(names, enterprise, TEXTS["enterprise"]),
            "sysselsatta": _control(PARTICIPATION, "occupied", occupied),
            "malgrupp": _control(PARTICIPATION, "target_group", target_group),
            "program": _control(PARTICIPATION, "sheltered_programme", "nej"),
            "syfte": _control(PARTICIPATION, "integration_purpose", integration_purpose),
        }
        self.inputs["foretag"].observe(lambda change: self._fill_from(change["new"]), names="value")
        super().__init__()
        if enterprise != MANUAL:
            self._fill_from(enterprise)

    def enterprise_values(self, name: str) -> dict[str, str]:
        """What the tool fills in for the enterprise ``name``, by the static tool's field names."""
        row = self.enterprises.loc[self.enterprises["namn"] == name].iloc[0]
        return {field: str(row[column]) for field, column in ENTERPRISE_COLUMNS.items()}

    def _fill_from(self, name: str) -> None:
        if name == MANUAL:
            return
        inputs = {field: key for key, field in PARTICIPATION_FIELDS.items()}
        for field, value in self.enterprise_values(name).items():
            self.inputs[inputs[field]].value = value

    def static_values(self) -> dict[str, str]:
        """The form's values by the static tool's field names."""
        return {field: str(self.inputs[key].value) for key, field in PARTICIPATION_FIELDS.items()}

    def compute(self) -> str:
        return static_tools.decide(PARTICIPATION, self.static_values()).to_html()

    def page_html(self, assets: bool = True) -> str:
        """The working copy for the web page: the static tool "reservation-18" with this tool's values,
        and the list to pick an enterprise from, with each enterprise's values (static/ovning_reservation.js
        fills them in, as ``_fill_from`` does). ``assets``: as for static_tools.render_tool."""
        names = list(self.inputs["foretag"].options)
        picker = _field_html(f"kr{next(_counter)}", Field(
            "foretag", TEXTS["enterprise"], help=TEXTS["enterprise_help"], default=self.inputs["foretag"].value,
            control="select", options=tuple((name, name) for name in names)))
        tool_html = static_tools.render_tool(PARTICIPATION, self.static_values(), assets=assets, first_fields=picker)
        rows = {name: self.enterprise_values(name) for name in names[1:]}
        return _wrapped("foretag", tool_html, {"manual": MANUAL, "rows": rows})


def known_cpv_codes() -> set[str]:
    """The CPV codes the course's tables know: cpv.csv and the first code of each reservable range."""
    return set(load_table("cpv")["cpv_kod"]) | set(load_table("cpv_reserverbara")["cpv_fran"])


def unknown_cpv_note(code: str) -> str:
    """The note on a (well-formed) code that the course's tables do not know, or ''."""
    code = code.strip()
    return "" if code in known_cpv_codes() else say(TEXTS["unknown_cpv"], code=code)


class WelfareReservationTool(Tool):
    title = static_tools.tool(WELFARE).title
    button_label = static_tools.tool(WELFARE).button

    def __init__(self, cpv_code: str = "92600000-7", contract_months: int = 24, on_date: dt.date | str | None = None,
                 purpose_linked: str = "ja", reinvests_profit: str = "ja", participatory: str = "ja",
                 previous_award: str = ""):
        self.on_date = on_date  # None: the day the tool is used
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

    def static_values(self) -> dict[str, str]:
        """The form's values by the static tool's field names."""
        return {field: str(self.inputs[key].value) for key, field in WELFARE_FIELDS.items()}

    def compute(self) -> str:
        values = self.static_values()
        decision = static_tools.decide(WELFARE, values)
        note = unknown_cpv_note(values["cpv_code"])
        return (f'<p class="kurs-fel" role="alert">{html.escape(note)}</p>' if note else "") + decision.to_html()

    def page_html(self, assets: bool = True) -> str:
        """The working copy for the web page: the static tool "reservation-19-25" with this tool's values
        (without a date when the tool tries the day it is used: the page then takes the reader's day),
        and the codes the course's tables know, for the note on an unknown code. ``assets``: as for
        static_tools.render_tool."""
        values = self.static_values()
        if self.on_date is None:
            values["on_date"] = ""
        tool_html = static_tools.render_tool(WELFARE, values, assets=assets)
        return _wrapped("cpv", tool_html, {"texts": TEXTS, "known": sorted(known_cpv_codes())})
