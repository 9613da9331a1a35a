"""Decision tools that work on the static web page: no Python kernel, no network.

A page shows a tool with ``static_tool("reservation-18")`` in a ``remove-input`` cell. The cell's
output is plain HTML: a form with a real label on every input, a fieldset and legend for every group
of choices, a result region (``role="status"``) and an error region (``role="alert"``), the tool's
data as JSON, and the script ``static/verktyg.js`` inline, as the self-tests ship theirs
(upphandlingskurs/quiz.py), so the tool works offline.

How the static tools and the Python rules stay one source of truth:

- The numbers are data. Thresholds with their validity periods, the CPV codes of 19 kap. 25 § LOU
  and the rule parameters are read at build time through the package's loaders (so a trainer's
  UPPHANDLINGSKURS_DATA folder is honoured) and embedded in the page as JSON.
- The Swedish sentences are data. Every summary, reason and error message is a template in the
  ``TEXTS``/``LABELS`` dictionaries beside each rule (upphandlingskurs/rules/), which the Python rule
  fills with ``decision.say`` and the script fills the same way from the embedded JSON. Numbers the
  rules format from the data (30 procent, the amounts with their periods) are formatted here, by the
  rule modules' own functions.
- The decision steps exist twice: in the Python rule and in verktyg.js. tests/test_static_tools.py
  feeds every tool in a real browser a grid of inputs (the boundaries and bad input included) and
  requires the page's answer (outcome, summary, reasons, paragraphs, or the error message) to be
  exactly the answer of the Python rule, which ``decide`` gives for the same form values.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass

from IPython.display import HTML

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.quiz import STATIC_DIR
from upphandlingskurs.rules import decision as decision_module
from upphandlingskurs.rules import employment, procedure, reservation, route
from upphandlingskurs.rules.decision import Decision, say
from upphandlingskurs.rules.parameters import CPV_TEXTS, parameter, reservable_cpv_ranges, thresholds

YES_NO = (("ja", "Ja"), ("nej", "Nej"))

# Interface text the script writes besides the rules' own sentences.
INTERFACE_TEXTS = {
    "error_prefix": "Kontrollera uppgifterna:",
    "requirement_heading": "Förslag till villkorstext:",
    "no_script": "Verktyget behöver JavaScript. Läs resonemanget i texten, eller öppna sidan som anteckningsbok.",
}


@dataclass(frozen=True)
class Field:
    """One input: ``name`` is the rule's argument. A field with ``options`` is a group of radio buttons,
    or a drop-down list with ``control="select"``; ``control="checkbox"`` is a box to tick (value "ja")."""

    name: str
    label: str
    help: str = ""
    default: str = ""
    options: tuple[tuple[str, str], ...] = ()
    numeric: bool = False
    control: str = ""


@dataclass(frozen=True)
class Group:
    """Inputs that belong together, shown as a fieldset with a legend."""

    legend: str
    fields: tuple[Field, ...]
    help: str = ""


@dataclass(frozen=True)
class Tool:
    id: str
    title: str
    intro: Callable[[], list[str]]  # paragraphs (plain text) that explain the tool, read from the data
    button: str
    items: tuple[Field | Group, ...]
    rule: Callable[..., Decision]
    data: Callable[[], dict]

    def fields(self) -> list[Field]:
        found = []
        for item in self.items:
            found += list(item.fields) if isinstance(item, Group) else [item]
        return found


# --- the data each tool's script needs -------------------------------------------------------------

def _g(number: float) -> str:
    return f"{number:g}"


def _common() -> dict:
    return {"input_texts": decision_module.INPUT_TEXTS, "result_texts": decision_module.RESULT_TEXTS,
            "interface": INTERFACE_TEXTS}


def _cpv_data() -> dict:
    ranges = [{"from": int(row.cpv_fran[:8]), "to": int(row.cpv_till[:8]), "name": row.benamning}
              for row in reservable_cpv_ranges().itertuples(index=False)]
    return {"cpv_ranges": ranges, "cpv_texts": CPV_TEXTS, "cpv_label": reservation.LABELS["cpv_code"],
            "longest_months": int(parameter("reserverat_kontrakt_max_manader")),
            "paragraph": reservation.WELFARE_RESERVATION}


def _reservation_data() -> dict:
    return {**_common(), **_cpv_data(), "labels": reservation.LABELS, "texts": reservation.TEXTS,
            "required": parameter("andelskrav_procent"), "required_text": _g(parameter("andelskrav_procent")),
            "max_occupied": reservation.MAX_OCCUPIED, "bar_years": int(parameter("reserverat_karens_ar")),
            "paragraphs_18": [reservation.RESERVED_PARTICIPATION], "paragraphs_25": [reservation.WELFARE_RESERVATION]}


def _procedure_data() -> dict:
    rows = []
    for _, row in thresholds().iterrows():
        verified = not _isna(row["belopp_kr"])
        rows.append({
            "kind": row["typ"],
            "from": row["galler_fran"].date().isoformat(),
            "to": None if _isna(row["galler_till"]) else row["galler_till"].date().isoformat(),
            "amount": int(row["belopp_kr"]) if verified else None,
            "text": procedure.amount_text(row) if verified else None,
            "euro": None if _isna(row["belopp_eur"]) else procedure.euro_text(row["belopp_eur"]),
        })
    return {**_common(), "labels": procedure.LABELS, "texts": procedure.TEXTS, "thresholds": rows,
            "contract_types": list(procedure.CONTRACT_TYPES),
            "kinds": {"direct_award": procedure.DIRECT_AWARD, "social": procedure.SOCIAL_SERVICES,
                      "works": procedure.WORKS, "state": procedure.STATE_GOODS_AND_SERVICES,
                      "other": procedure.OTHER_GOODS_AND_SERVICES},
            "at_limit_allowed": parameter("direktupphandling_vid_exakt_gransen") == 1,
            "max_value": procedure.MAX_VALUE_KR, "where": procedure.where_published(),
            "paragraphs": {key: list(value) for key, value in procedure.PARAGRAPHS.items()}}


def _employment_data() -> dict:
    return {**_common(), "labels": employment.LABELS, "texts": employment.TEXTS, "maxima": employment.MAXIMA,
            **employment.sizing_parameters(), "paragraphs": [employment.CONTRACT_CONDITIONS]}


def _route_data() -> dict:
    return {**_common(), **_cpv_data(), "labels": route.LABELS, "texts": route.TEXTS,
            "reservation_texts": reservation.TEXTS, "aims": list(route.AIMS),
            "aim_keys": {"everyone": route.EVERYONE, "work_integration": route.WORK_INTEGRATION,
                         "participation": route.PARTICIPATION, "idea_based": route.IDEA_BASED_ORGANISATIONS},
            "route_names": route.ROUTE_NAMES, "paragraphs": {key: list(value) for key, value in route.PARAGRAPHS.items()},
            "required_text": _g(parameter("andelskrav_procent"))}


def _isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


# --- the explanations ------------------------------------------------------------------------------

def _intro_18() -> list[str]:
    return [
        "Verktyget prövar om en leverantör får delta i en upphandling som är reserverad enligt 4 kap. 18 § LOU. "
        f"Andelskravet gäller i båda varianterna: minst {_g(parameter('andelskrav_procent'))} procent av dem som "
        "sysselsätts ska vara personer med funktionsnedsättning eller som har svårt att komma in på "
        "arbetsmarknaden. I variant 1 ska leverantörens främsta syfte dessutom vara social och yrkesmässig "
        "integration (verksamhetskravet). I variant 2 utförs kontraktet inom ett program för skyddad anställning, "
        "och då ställs inget krav på leverantörens syfte.",
        "Räkna alla som sysselsätts i verksamheten eller programmet, också dem som har praktik, och inte bara dem "
        "som ska arbeta med kontraktet. Kraven prövas när anbudet lämnas in.",
        "Verktyget är kursens förenkling: det räknar bara på de uppgifter du anger. Om personerna verkligen tillhör "
        "målgruppen är en bedömning som leverantören vid behov ska kunna visa.",
    ]


def _intro_25() -> list[str]:
    longest = int(parameter("reserverat_kontrakt_max_manader"))
    years = int(parameter("reserverat_karens_ar"))
    return [
        "Verktyget prövar om en upphandling får reserveras för en organisation enligt 19 kap. 25 § LOU. Tjänsten "
        "ska finnas bland de CPV-koder som paragrafen räknar upp, organisationen ska uppfylla de tre villkoren, "
        f"kontraktet får gälla i högst {longest} månader, och samma myndighet får inte ha tilldelat organisationen "
        f"ett sådant kontrakt för tjänsten under de senaste {years} åren.",
        "CPV-koderna och tidsgränserna kommer från kursens tabeller. Kursen tolkar en tilldelning exakt tre år "
        "tidigare som utanför perioden; det är kursens förenkling. Kontrollera alltid den aktuella lagtexten.",
    ]


def _intro_procedure() -> list[str]:
    at_limit = ("Ett värde exakt på direktupphandlingsgränsen räknas som direktupphandling."
                if parameter("direktupphandling_vid_exakt_gransen") == 1 else
                "Direktupphandling kräver att värdet understiger gränsen, så ett värde exakt på gränsen är ingen "
                "direktupphandling.")
    return [
        "Verktyget jämför upphandlingens uppskattade värde med direktupphandlingsgränsen och tröskelvärdet som "
        "gäller på det datum du anger. För sociala och andra särskilda tjänster i bilaga 2 är tröskelvärdet också "
        "direktupphandlingsgräns. " + at_limit,
        "Beloppen kommer från kursens tabell över tröskelvärden, med den period som varje belopp gäller. Saknar "
        "tabellen ett belopp i kronor för datumet avgör verktyget ändå allt som beloppet inte kan ändra, till "
        "exempel att ett värde under direktupphandlingsgränsen får direktupphandlas. Annars säger det vilket belopp "
        "som saknas och var det publiceras; skriv in det i fältet för tröskelvärdet, så avgör verktyget.",
        "Verktyget är kursens förenkling: det förutsätter att du redan har räknat ut värdet och vet om tjänsten "
        "finns i bilaga 2. Lämnar du datumet tomt prövar verktyget dagens datum.",
    ]


def _intro_employment() -> list[str]:
    numbers = employment.sizing_parameters()
    return [
        "Verktyget räknar ut hur många månader på heltid ett sysselsättningskrav ska motsvara, prövar att den "
        f"första anställningen påbörjas eller erbjuds senast {numbers['deadline']} månader efter kontraktets "
        "start och skriver ett förslag till villkorstext. Kravet är ett särskilt kontraktsvillkor enligt "
        "17 kap. 1 § LOU och bygger på Upphandlingsmyndighetens krav 11554.",
        "Hur många anställningar kravet ska gälla och hur långa de ska vara bestämmer myndigheten själv. Verktyget "
        "räknar bara på det du anger; det är ingen rekommendation. Använd den aktuella versionen av kravet i "
        "kriterietjänsten.",
    ]


def _intro_route() -> list[str]:
    return [
        "Verktyget går igenom frågorna i kapitlet om IOP. De fem första är Borlänge kommuns kriterier lästa "
        "baklänges och Region Jönköpings läns test på samfinansiering. Finns någon varningssignal är IOP fel väg, "
        "och då behandlar verktyget samarbetet som en upphandling. Vilken upphandling som passar beror på vilka "
        "kommunen vill ge en chans och på tjänsten: en reservation enligt 4 kap. 18 § LOU, 19 kap. 25 § LOU eller "
        "19 kap. 25 a § LOU, eller en vanlig upphandling med sociala krav enligt 17 kap. 1 § LOU.",
        "Verktyget är kursens förenkling av en bedömning som görs från fall till fall, och det ersätter inte en "
        "juridisk granskning. Om tjänsten finns bland CPV-koderna i 19 kap. 25 a § LOU svarar du på själv; "
        "listan står i lagtexten och skiljer sig delvis från den i 19 kap. 25 §.",
    ]


# --- the tools -------------------------------------------------------------------------------------

TOOLS = {tool.id: tool for tool in (
    Tool(
        id="reservation-18",
        title="Får leverantören delta i en reserverad upphandling? (4 kap. 18 § LOU)",
        intro=_intro_18,
        button="Pröva leverantören",
        items=(
            Field("occupied", reservation.LABELS["occupied"], numeric=True, default="10",
                  help="Alla som sysselsätts i verksamheten eller programmet: anställda och till exempel praktikanter."),
            Field("target_group", reservation.LABELS["target_group"], numeric=True, default="3",
                  help="Hur många av dem som har en funktionsnedsättning eller har svårt att komma in på arbetsmarknaden."),
            Field("sheltered_programme", "Vilken variant av reservationen gäller?", default="nej", options=(
                ("nej", "Variant 1: bara vissa leverantörer får delta"),
                ("ja", "Variant 2: kontraktet utförs inom ett program för skyddad anställning"))),
            Field("integration_purpose", "Är leverantörens främsta syfte social och yrkesmässig integration?",
                  help="Verksamhetskravet. Det gäller bara i variant 1.", default="ja", options=YES_NO),
        ),
        rule=reservation.check_reserved_participation,
        data=_reservation_data,
    ),
    Tool(
        id="reservation-19-25",
        title="Får upphandlingen reserveras? (19 kap. 25 § LOU)",
        intro=_intro_25,
        button="Pröva reservationen",
        items=(
            Field("cpv_code", reservation.LABELS["cpv_code"], default="92600000-7",
                  help="Åtta siffror, bindestreck och en siffra, till exempel 92600000-7 (Sporttjänster)."),
            Group("Villkoren på organisationen", (
                Field("purpose_linked", "Hänger organisationens syfte ihop med tjänsten?", default="ja", options=YES_NO),
                Field("reinvests_profit", "Återinvesteras vinsten för att nå syftet?", default="ja", options=YES_NO),
                Field("participatory", "Bygger ledning eller ägande på delaktighet?", default="ja", options=YES_NO,
                      help="Personalen äger eller deltar, eller personal, användare eller andra berörda deltar aktivt."),
            )),
            Field("contract_months", reservation.LABELS["contract_months"], numeric=True, default="24"),
            Field("previous_award", reservation.LABELS["previous_award"],
                  help="ÅÅÅÅ-MM-DD: när er myndighet senast tilldelade organisationen ett kontrakt för tjänsten med "
                       "stöd av paragrafen. Lämna tomt om det inte har hänt. Kontrakt från andra myndigheter räknas inte."),
            Field("on_date", reservation.LABELS["on_date"],
                  help="ÅÅÅÅ-MM-DD: den dag du prövar reservationen. Lämna tomt för dagens datum."),
        ),
        rule=reservation.check_welfare_reservation,
        data=_reservation_data,
    ),
    Tool(
        id="procedure",
        title="Vilket förfarande gäller?",
        intro=_intro_procedure,
        button="Visa förfarandet",
        items=(
            Field("value_kr", procedure.LABELS["value_kr"], numeric=True, default="1 000 000",
                  help="Bara siffror; mellanslag går bra, till exempel 1 500 000."),
            Field("on_date", procedure.LABELS["on_date"],
                  help="ÅÅÅÅ-MM-DD: den dag upphandlingen görs. Beloppen som gäller den dagen används. "
                       "Lämna tomt för dagens datum."),
            Field("contract_type", procedure.LABELS["contract_type"], default="varor och tjänster", options=(
                ("varor och tjänster", "Varor och tjänster"), ("byggentreprenad", "Byggentreprenad"))),
            Field("annex2", "Är det en social eller annan särskild tjänst i bilaga 2?", default="nej", options=YES_NO),
            Field("state_authority", "Är köparen en statlig myndighet?", default="nej", options=YES_NO,
                  help="Statliga myndigheter har ett lägre tröskelvärde för varor och tjänster."),
            Field("threshold_kr", procedure.LABELS["threshold_kr"], numeric=True,
                  help="Fyll bara i om verktyget säger att beloppet saknas i kursens tabell. "
                       "Beloppet används bara då."),
        ),
        rule=procedure.procedure_for,
        data=_procedure_data,
    ),
    Tool(
        id="employment",
        title="Dimensionera ett sysselsättningskrav (krav 11554)",
        intro=_intro_employment,
        button="Räkna och skriv villkoret",
        items=(
            Field("contract_months", employment.LABELS["contract_months"], numeric=True, default="48"),
            Field("persons", employment.LABELS["persons"], numeric=True, default="2"),
            Field("months_per_person", employment.LABELS["months_per_person"], numeric=True, default="12"),
            Field("first_start_month", employment.LABELS["first_start_month"], numeric=True, default="4",
                  help="Räknat från kontraktets start; 0 betyder redan när kontraktet börjar."),
            Field("target_group", employment.LABELS["target_group"], default=employment.DEFAULT_TARGET_GROUP,
                  help="Vilka anställningarna är till för. Tomt ger kursens standardtext."),
        ),
        rule=employment.size_employment_requirement,
        data=_employment_data,
    ),
    Tool(
        id="iop-route",
        title="IOP eller upphandling?",
        intro=_intro_route,
        button="Visa vägen",
        items=(
            Group("Partnerskap eller köp?", (
                Field("initiative_from_organisation", "Är initiativet och verksamheten den idéburna organisationens?",
                      default="ja", options=YES_NO),
                Field("municipality_buys", "Betalar kommunen för en prestation som den själv har bestämt och har "
                      "direkt nytta av?", default="nej", options=YES_NO),
                Field("market_exists", "Finns det företag eller andra som kan utföra samma sak (en marknad)?",
                      default="nej", options=YES_NO),
                Field("both_contribute", "Bidrar båda parter med egna resurser, till exempel pengar, lokaler eller "
                      "ideellt arbete?", default="ja", options=YES_NO),
                Field("detailed_control", "Vill kommunen bestämma exakt vad, hur och hur mycket?", default="nej",
                      options=YES_NO),
                Field("fits_ordinary_grants", "Ryms verksamheten i de vanliga förenings- eller verksamhetsbidragen?",
                      default="nej", options=YES_NO),
            )),
            Group("Om det är ett köp", (
                Field("aim", "Vilka vill kommunen i första hand ge en chans att få uppdraget?", default="alla", options=(
                    (route.EVERYONE, "Alla leverantörer ska kunna lämna anbud"),
                    (route.WORK_INTEGRATION, "Leverantörer som ger arbete åt personer med funktionsnedsättning eller "
                                             "som står långt från arbetsmarknaden"),
                    (route.PARTICIPATION, "Organisationer vars syfte hänger ihop med tjänsten, som återinvesterar "
                                          "vinsten och bygger på delaktighet, till exempel personalkooperativ"),
                    (route.IDEA_BASED_ORGANISATIONS, "Idéburna organisationer"))),
                Field("qualified_suppliers", "Finns det leverantörer som uppfyller både andelskravet och "
                      "verksamhetskravet i 4 kap. 18 § LOU?", default="nej", options=YES_NO,
                      help="Gäller när kommunen vill ge arbete åt personer som står långt från arbetsmarknaden."),
                Field("listed_25a", "Finns tjänsten i listan för 19 kap. 25 a § LOU?", default="nej", options=YES_NO,
                      help="Gäller när kommunen vill ha idéburna utförare. CPV-koderna står i paragrafen, "
                           "till exempel 85000000-9 till 85323000-9 (hälso- och sjukvård samt socialvård)."),
                Field("cpv_code", route.LABELS["cpv_code"],
                      help="Tjänstens CPV-kod, till exempel 92600000-7. Används när verktyget prövar 19 kap. 25 § LOU."),
                Field("contract_months", route.LABELS["contract_months"], numeric=True,
                      help="Används när verktyget prövar 19 kap. 25 § LOU."),
            )),
        ),
        rule=route.route_for,
        data=_route_data,
    ),
)}


def tool(tool_id: str) -> Tool:
    try:
        return TOOLS[tool_id]
    except KeyError:
        known = ", ".join(TOOLS)
        raise CourseDataError(f"Det finns inget verktyg som heter '{tool_id}'. Kända verktyg: {known}.") from None


def default_values(tool_id: str) -> dict[str, str]:
    return {f.name: f.default for f in tool(tool_id).fields()}


def decide(tool_id: str, values: dict[str, str]) -> Decision:
    """The Python rule's answer for the form values ``values`` (field name to the text in the field);
    a field left out has its default. Bad input raises CourseDataError, as the rule does."""
    return tool(tool_id).rule(**{**default_values(tool_id), **values})


def paragraphs_line(decision: Decision) -> str:
    """The decision's 'Lagrum: …' line, as the result shows it."""
    texts = decision_module.RESULT_TEXTS
    return say(texts["paragraphs"], paragraphs=", ".join(decision.paragraphs) or texts["no_paragraph"])


# --- the HTML --------------------------------------------------------------------------------------

_counter = itertools.count(1)  # ids stay unique when a page shows the same tool twice


def _help(field_id: str, text: str) -> str:
    return f'<span class="kurs-hjalp" id="{field_id}-hjalp">{html.escape(text)}</span>' if text else ""


def _field_html(prefix: str, item: Field) -> str:
    esc = html.escape
    field_id = f"{prefix}-{item.name}"
    described = f' aria-describedby="{field_id}-hjalp"' if item.help else ""
    if item.control == "select":
        choices = "".join(f'<option value="{esc(value)}"' + (" selected" if value == item.default else "")
                          + f">{esc(label)}</option>" for value, label in item.options)
        return (f'<div class="kurs-falt"><label for="{field_id}">{esc(item.label)}</label>{_help(field_id, item.help)}'
                f'<select id="{field_id}" name="{esc(item.name)}"{described}>{choices}</select></div>')
    if item.control == "checkbox":
        return (f'<div class="kurs-val"><input type="checkbox" id="{field_id}" name="{esc(item.name)}" value="ja"'
                + (" checked" if item.default == "ja" else "")
                + f'{described}><label for="{field_id}">{esc(item.label)}</label>{_help(field_id, item.help)}</div>')
    if item.options:
        choices = "".join(
            '<div class="kurs-val">'
            f'<input type="radio" id="{field_id}-{number}" name="{esc(item.name)}" value="{esc(value)}"'
            + (" checked" if value == item.default else "")
            + f'><label for="{field_id}-{number}">{esc(label)}</label></div>'
            for number, (value, label) in enumerate(item.options, start=1)
        )
        return (f'<fieldset class="kurs-valgrupp"{described}><legend>{esc(item.label)}</legend>'
                f"{_help(field_id, item.help)}{choices}</fieldset>")
    mode = ' inputmode="numeric"' if item.numeric else ""
    return (f'<div class="kurs-falt"><label for="{field_id}">{esc(item.label)}</label>{_help(field_id, item.help)}'
            f'<input type="text" id="{field_id}" name="{esc(item.name)}" value="{esc(item.default)}"'
            f'{mode}{described} autocomplete="off" spellcheck="false"></div>')


def _item_html(prefix: str, item: Field | Group) -> str:
    if isinstance(item, Group):
        inner = "".join(_field_html(prefix, f) for f in item.fields)
        return f'<fieldset class="kurs-grupp"><legend>{html.escape(item.legend)}</legend>{inner}</fieldset>'
    return _field_html(prefix, item)


def _json_for_script(data: dict) -> str:
    """JSON that is safe inside <script>: every '<' written as \\u003c (still the same JSON), so no
    '</script' can end the element early and no '<!--' can start the HTML parser's escaped state."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def with_values(items: tuple[Field | Group, ...], values: dict[str, str] | None) -> tuple[Field | Group, ...]:
    """``items`` with the form's first values ``values`` (field name to text) instead of the defaults."""
    if not values:
        return items

    def field(item: Field) -> Field:
        return dataclasses.replace(item, default=values[item.name]) if item.name in values else item

    return tuple(dataclasses.replace(item, fields=tuple(map(field, item.fields))) if isinstance(item, Group)
                 else field(item) for item in items)


# The tool on paper (print only: tool.css shows it, and hides the form, when nothing has been answered).
# Closes every tool's print example, so that the workshop build can take an exercise's example out of
# the page's HTML (_ext/kurs_workshop.py): for the scenario's values it is the answer to a task.
EXAMPLE_END = "<!--kurs-exempel-slut-->"
EXAMPLE_TEXTS = {
    "label": "Exempel.",
    "intro": "Verktygets svar för värdena nedan, räknat när sidan byggdes. På webbsidan och i JupyterLab kan du "
             "ändra värdena.",
    "empty": "tomt",
}


def _shown_value(item: Field) -> str:
    """What the form shows for ``item``'s value, in words: the option's label, Ja/Nej, or the text."""
    if item.control == "checkbox":
        return dict(YES_NO)["ja" if item.default == "ja" else "nej"]
    text = dict(item.options).get(item.default, item.default) if item.options else item.default
    return text if text.strip() else EXAMPLE_TEXTS["empty"]


def example_html(tool_id: str, values: dict[str, str] | None = None) -> str:
    """The tool's example for print, as static text: the form's values (``values``, else the defaults)
    and the Python rule's answer for them (``decide``), as the script would show it. Hidden on screen."""
    esc = html.escape
    spec = tool(tool_id)
    shown = [item for entry in with_values(spec.items, values)
             for item in (entry.fields if isinstance(entry, Group) else (entry,))]
    listed = "".join(f"<dt>{esc(item.label)}</dt><dd>{esc(_shown_value(item))}</dd>" for item in shown)
    try:
        decision = decide(tool_id, values or {})
    except CourseDataError as error:
        answer = f'<p class="kurs-fel">{esc(INTERFACE_TEXTS["error_prefix"])} {esc(str(error))}</p>'
    else:
        answer = decision.to_html()
        if decision.facts.get("requirement_text"):  # classes of its own: the script's answer has .kurs-villkorstext
            answer += (f'<p><strong>{esc(INTERFACE_TEXTS["requirement_heading"])}</strong></p>'
                       f'<p class="kurs-exempel-villkorstext">{esc(decision.facts["requirement_text"])}</p>'
                       f'<p>{esc(decision.facts["text_note"])}</p>')
    return (f'<div class="kurs-verktyg-exempel" hidden>'
            f'<p><strong>{esc(EXAMPLE_TEXTS["label"])}</strong> {esc(EXAMPLE_TEXTS["intro"])}</p>'
            f'<dl class="kurs-verktyg-exempel-varden">{listed}</dl>{answer}</div>{EXAMPLE_END}')


def render_tool(tool_id: str, values: dict[str, str] | None = None, *, assets: bool = True,
                first_fields: str = "") -> str:
    """The HTML of one static tool: explanation, form, result regions, data and script. The form
    shows ``values`` (field name to text, for example an exercise's scenario) instead of the defaults.

    For the exercises' copies (static_exercises.py): ``assets=False`` leaves out the style and the
    script (the page has them already), and ``first_fields`` is HTML put first in the form (a list
    to fill the form from)."""
    spec = tool(tool_id)
    esc = html.escape
    prefix = f"kv{next(_counter)}-{spec.id}"
    data = {"tool": spec.id, **spec.data()}
    intro = "".join(f"<p>{esc(paragraph)}</p>" for paragraph in spec.intro())
    form = "".join(_item_html(prefix, item) for item in with_values(spec.items, values))
    css = (STATIC_DIR / "tool.css").read_text(encoding="utf-8") if assets else ""
    script = (STATIC_DIR / "verktyg.js").read_text(encoding="utf-8") if assets else ""
    return (
        (f"<style>{css}</style>\n" if assets else "")
        + f'<section class="kurs-verktyg kurs-statiskt-verktyg" data-kurs-verktyg="{esc(spec.id)}" '
        f'aria-labelledby="{prefix}-titel">'
        f'<p class="kurs-verktyg-titel" id="{prefix}-titel">{esc(spec.title)}</p>{intro}'
        f'<noscript><p class="kurs-fel">{esc(INTERFACE_TEXTS["no_script"])}</p></noscript>'
        f'<form class="kurs-verktyg-formular" novalidate>{first_fields}{form}'
        f'<button type="submit" class="kurs-verktyg-knapp">{esc(spec.button)}</button></form>'
        '<div class="kurs-verktyg-felruta" role="alert"></div>'
        '<div class="kurs-verktyg-svar" role="status" aria-live="polite"></div>'
        f"{example_html(tool_id, values)}"
        f'<script type="application/json" class="kurs-verktyg-data">{_json_for_script(data)}</script>'
        "</section>"
        + (f"\n<script>{script}</script>" if assets else "")
    )


def static_tool(tool_id: str) -> HTML:
    """Show a decision tool that works on the static web page (and in a notebook)."""
    return HTML(render_tool(tool_id))
