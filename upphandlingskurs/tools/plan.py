"""Screen a procurement plan: the procedure for each procurement and where social requirements fit.

Where the course's table has no amount in kronor for the plan's period, the tool has a field for
each such amount (empty at first): the reader may type it in from Upphandlingsmyndigheten's page.
Without it the tool decides what the amount cannot change and says what it could not decide.

On the web page the tool is a static copy (``static_copy``, registered in static_exercises.TWINS):
the same form, and the plan in use with everything that does not depend on a typed amount decided
here at build time (``static_data``): each procurement's cells as the table shows them, its amounts
in kronor from the course's table on its advertising day (or which typed amount stands in for a
missing one), whether its service may be reserved and whether its contract is long enough, its
place in the order of the table, and for each choice of department the Swedish texts that depend
only on which amounts were typed. static/ovning_plan.js compares the values with the amounts as
``classify_procedure`` does, adds up the priority, sorts and fills the templates in ``TEXTS``;
tests/test_static_exercise_3.py compares the page with this tool in a real browser.
"""

from __future__ import annotations

import html
from itertools import count

import ipywidgets as widgets
import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype

from upphandlingskurs.data import TABLE_TEXT, _sort_ranks, format_value, load_table, table_html
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules.decision import INPUT_TEXTS, as_int, say
from upphandlingskurs.rules.parameters import (
    own_amount_label,
    own_amount_name,
    parameter,
    thresholds_with_own_amounts,
)
from upphandlingskurs.rules.procedure import (
    DIRECT_AWARD,
    MAX_VALUE_KR,
    OTHER_GOODS_AND_SERVICES,
    PUBLISHED_AT,
    SOCIAL_SERVICES,
    WORKS,
)
from upphandlingskurs.screening import (
    ALL,
    PLAN_KINDS,
    PROCEDURE_LABELS,
    missing_amounts,
    missing_amounts_text,
    reservable_cpv,
    screen_plan,
    top_by_priority,
)
from upphandlingskurs.static_tools import INTERFACE_TEXTS, Field, _field_html
from upphandlingskurs.swedish import swedish_sorted
from upphandlingskurs.tools.base import Tool, dropdown, labelled

MAX_ROWS = 60
MAX_PRIORITY = 3  # three openings: reservable service, labour-law conditions, long enough
PRIORITY_LABEL = "Prioritet"
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
# Everything the tool says; the static copy on the web page fills the same templates.
TEXTS = {
    "help": "Skriv in beloppen från Upphandlingsmyndighetens sida som heltal i kronor (mellanslag går bra), "
            "så avgör verktyget också det som beror på dem. Lämna ett fält tomt om du inte har beloppet.",
    "count": "{matching} av {total} upphandlingar har prioritet {minimum} eller högre.",
    "explained": "Prioriteten räknar hur många av de tre möjligheterna som finns. Lång nog betyder minst "
                 "{months} månader (kursens egen tumregel).",
    "undecided": "För {count} av upphandlingarna saknas ett belopp i kronor som behövs för att avgöra förfarandet "
                 "helt. {missing} "
                 "Där det avgör om arbetsrättsliga villkor ska prövas står det '{undecided}' i den kolumnen, och "
                 "prioriteten räknar bara det som går att avgöra: den kan bli 1 högre när beloppet finns.",
    "undecided_value": "kan inte avgöras",
    "more": "Tabellen visar de {shown} första i prioritetsordning.",
    "yes": "ja",
    "no": "nej",
    "caption": "Upphandlingsplanen sållad (påhittad plan)",
}
STATIC_TOOL = "plan-screening"  # the static copy's name on the page and in static/ovning_plan.js


def _months_text() -> str:
    return f"{parameter('sysselsattningskrav_min_manader'):g}"


def table_frame(screened: pd.DataFrame) -> pd.DataFrame:
    """The table's columns of screened rows, as the table shows them: ja or nej for the openings,
    and 'kan inte avgöras' where a missing amount decides whether labour-law conditions apply."""
    shown = screened[list(COLUMNS)].copy()
    undecided_conditions = screened["saknat_belopp"] & (screened["bilaga2_tjanst"] != "ja")
    yes_no = {True: TEXTS["yes"], False: TEXTS["no"]}
    for column in ("reserverbar_19_25", "arbetsrattsliga_villkor", "lang_nog"):
        shown[column] = shown[column].map(yes_no)
    shown["arbetsrattsliga_villkor"] = np.where(undecided_conditions, TEXTS["undecided_value"],
                                                shown["arbetsrattsliga_villkor"])
    return shown


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

    def _help_html(self, element_id: str = "") -> str:
        text = html.escape(f"{missing_amounts_text(self.missing)} {TEXTS['help']}")
        url = html.escape(PUBLISHED_AT)
        attributes = f' id="{html.escape(element_id)}"' if element_id else ""
        return f'<p class="kurs-hjalp"{attributes}>' + text.replace(url, f'<a href="{url}">{url}</a>') + "</p>"

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
        esc = html.escape
        minimum = as_int(self.inputs["min_prioritet"].value, PRIORITY_LABEL, minimum=0, maximum=MAX_PRIORITY)
        own_amounts = self.own_amounts()
        plan = self.plan
        if self.inputs["forvaltning"].value != ALL:
            plan = plan[plan["forvaltning"] == self.inputs["forvaltning"].value]
        screened = screen_plan(plan, sort=False, own_amounts=own_amounts)
        matching = screened["prioritet"] >= minimum
        shown = top_by_priority(screened[matching], MAX_ROWS)
        count_text = say(TEXTS["count"], matching=int(matching.sum()), total=len(screened), minimum=minimum)
        summary = f"<p><strong>{esc(count_text)}</strong> {esc(say(TEXTS['explained'], months=_months_text()))}</p>"
        undecided = int(screened["saknat_belopp"].sum())
        if undecided:
            still_missing = missing_amounts_text(missing_amounts(plan, own_amounts))
            summary += "<p>" + esc(say(TEXTS["undecided"], count=undecided, missing=still_missing,
                                       undecided=TEXTS["undecided_value"])) + "</p>"
        if matching.sum() > MAX_ROWS:
            summary += f"<p>{esc(say(TEXTS['more'], shown=MAX_ROWS))}</p>"
        return summary + table_html(table_frame(shown), caption=TEXTS["caption"], labels=COLUMNS)


# --- the static copy on the web page ------------------------------------------------------------------

def _number(value) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def amount_source(kind: str, day, table: pd.DataFrame | None = None) -> list:
    """Where the amount in kronor of ``kind`` on ``day`` comes from, as ``plan_amounts`` looks it up:
    the rows of the course's table of that kind valid on the day, in the table's order (the last
    with an amount counts), each as its amount in kronor or, where the table has none, as the kind
    (the amount the reader types for it fills that row)."""
    table = thresholds_with_own_amounts() if table is None else table
    day = pd.Timestamp(day).date()
    found = []
    for row in table.itertuples(index=False):
        if row.typ != kind or day < row.galler_fran.date():
            continue
        if not pd.isna(row.galler_till) and day > row.galler_till.date():
            continue
        found.append(kind if pd.isna(row.belopp_kr) else _number(row.belopp_kr))
    return found


def _amount_sources(plan: pd.DataFrame) -> tuple[list[list], list[int], list[int]]:
    """``amount_source`` of each procurement's direct-award limit and of its threshold (for a
    bilaga 2 service the one for those services, for works the one for works, otherwise the one for
    goods and services of a municipality). Returns the distinct sources and, per procurement, the
    number of its limit's source and of its threshold's source."""
    table = thresholds_with_own_amounts()
    sources: dict[tuple, int] = {}
    by_day: dict[tuple, int] = {}  # a plan repeats its advertising days

    def source(kind: str, day) -> int:
        key = (kind, pd.Timestamp(day).date())
        if key not in by_day:
            by_day[key] = sources.setdefault(tuple(amount_source(kind, day, table)), len(sources))
        return by_day[key]

    limits, thresholds_kr = [], []
    for row in plan.itertuples(index=False):
        kind = (SOCIAL_SERVICES if row.bilaga2_tjanst == "ja" else
                WORKS if str(row.cpv_kod).startswith("45") else OTHER_GOODS_AND_SERVICES)
        limits.append(source(DIRECT_AWARD, row.planerad_annonsering))
        thresholds_kr.append(source(kind, row.planerad_annonsering))
    return [list(found) for found in sources], limits, thresholds_kr


def _department_texts(tool: PlanScreeningTool) -> tuple[list[dict], list[str | None]]:
    """For each choice of department (Alla first): the error a typed amount of each kind gives there
    (an amount that would have to fill two periods), and for each set of kinds typed in (a bit per
    kind of ``tool.amount_kinds``) the sentence that says which amounts are still missing."""
    options = list(tool.inputs["forvaltning"].options)
    kinds = tool.amount_kinds
    texts: dict[str | None, int] = {}
    by_period: dict[tuple, dict] = {}
    departments = []
    for option in options:
        plan = tool.plan if option == ALL else tool.plan[tool.plan["forvaltning"] == option]
        days = plan["planerad_annonsering"]
        period = (days.min(), days.max())
        if period not in by_period:
            errors = []
            for kind in kinds:
                try:
                    missing_amounts(plan, {kind: 1})
                    errors.append(None)
                except CourseDataError as error:
                    errors.append(str(error))
            missing = []
            for typed in range(2 ** len(kinds)):
                try:
                    own = {kind: 1 for bit, kind in enumerate(kinds) if typed >> bit & 1}
                    text = missing_amounts_text(missing_amounts(plan, own))
                except CourseDataError:
                    text = None  # the tool says what is wrong with the amount instead
                missing.append(texts.setdefault(text, len(texts)))
            by_period[period] = {"two_periods": errors, "missing": missing}
        departments.append(by_period[period])
    return departments, list(texts)


def static_data(tool: PlanScreeningTool) -> dict:
    """The plan in use and everything the page's script needs to screen it as ``compute`` does."""
    plan = tool.plan.reset_index(drop=True)
    options = list(tool.inputs["forvaltning"].options)
    screened = screen_plan(plan, sort=False)  # the table's cells that no amount changes
    shown = table_frame(screened)
    sources, limits, thresholds_kr = _amount_sources(plan)
    departments, missing_texts = _department_texts(tool)
    ids = [str(value) for value in plan["id"]]
    values = [int(value) for value in plan["uppskattat_varde_kr"]]
    order = sorted(range(len(plan)), key=lambda row: (-values[row], ids[row]))  # as ranked and top_five_bounds
    rank = [0] * len(plan)
    for place, row in enumerate(order):
        rank[row] = place
    id_order = {plan_id: place for place, plan_id in enumerate(sorted(ids))}
    static_columns = ["id", "beskrivning", "uppskattat_varde_kr", "avtalstid_manader", "reserverbar_19_25", "lang_nog"]
    ranks = {column: _sort_ranks(shown[column]) for column in static_columns}
    labels = pd.Series(list(PROCEDURE_LABELS.values()))
    labour = pd.Series([TEXTS["yes"], TEXTS["no"], TEXTS["undecided_value"]])
    priorities = pd.Series(range(MAX_PRIORITY + 1))
    reservable = reservable_cpv(plan["cpv_kod"])
    return {
        "tool": STATIC_TOOL,
        "texts": TEXTS, "explained": say(TEXTS["explained"], months=_months_text()),
        "procedures": PROCEDURE_LABELS, "at_limit_allowed": parameter("direktupphandling_vid_exakt_gransen") == 1,
        "columns": list(COLUMNS.values()), "numeric": [bool(is_numeric_dtype(shown[column])) for column in COLUMNS],
        "table_texts": TABLE_TEXT,
        "input_texts": INPUT_TEXTS, "interface": INTERFACE_TEXTS, "priority_label": PRIORITY_LABEL,
        "max_priority": MAX_PRIORITY, "max_rows": MAX_ROWS, "max_amount": MAX_VALUE_KR, "options": options,
        "amounts": [{"kind": kind, "field": AMOUNT_FIELDS[kind], "label": own_amount_label(kind),
                     "name": own_amount_name(kind)} for kind in tool.amount_kinds],
        "departments": departments, "missing_texts": missing_texts, "sources": sources,
        "rows": {
            "id": ids, "id_order": [id_order[plan_id] for plan_id in ids], "rank": rank,
            "cells": [[plan_id, str(text), format_value(value), format_value(months)] for plan_id, text, value, months
                      in zip(ids, plan["beskrivning"], plan["uppskattat_varde_kr"], plan["avtalstid_manader"])],
            "department": [options.index(value) for value in plan["forvaltning"]],
            "value": values, "annex2": [value == "ja" for value in plan["bilaga2_tjanst"]],
            "limit": limits, "threshold": thresholds_kr,
            "reservable": [bool(value) for value in reservable], "long": [bool(value) for value in screened["lang_nog"]],
            "sort": [list(cells) for cells in zip(*(ranks[column] for column in static_columns))],
        },
        "sort_ranks": {
            "procedure": dict(zip(labels, _sort_ranks(labels))),
            "labour": dict(zip(labour, _sort_ranks(labour))),
            "priority": [int(rank) for rank in _sort_ranks(priorities)],
        },
    }


_copies = count(1)  # ids stay unique on a page


def _text_field(prefix: str, name: str, label: str, value: str, described: str = "") -> str:
    esc = html.escape
    field_id = f"{prefix}-{name}"
    describedby = f' aria-describedby="{esc(described)}"' if described else ""
    return (f'<div class="kurs-falt"><label for="{field_id}">{esc(label)}</label>'
            f'<input type="text" id="{field_id}" name="{esc(name)}" value="{esc(value)}" inputmode="numeric"'
            f'{describedby} autocomplete="off" spellcheck="false"></div>')


def static_copy(tool: PlanScreeningTool) -> str:
    """The tool on the web page: the same form, filled in as the notebook's, and no result until the
    reader presses the button (see the module's docstring)."""
    from upphandlingskurs import static_exercises as page  # imported here: that module imports this one

    prefix = f"kp{next(_copies)}-plan"
    department = tool.inputs["forvaltning"]
    shown = [Field("forvaltning", department.description, default=department.value, control="select",
                   options=tuple((o, o) for o in department.options)),
             Field("min_prioritet", tool.inputs["min_prioritet"].description,
                   default=str(tool.inputs["min_prioritet"].value))]
    form = _field_html(prefix, shown[0])
    form += _text_field(prefix, "min_prioritet", shown[1].label, tool.inputs["min_prioritet"].value)
    if tool.amount_kinds:
        help_id = f"{prefix}-belopp-hjalp"
        form += tool._help_html(help_id)
        for kind in tool.amount_kinds:
            field = tool.inputs[AMOUNT_FIELDS[kind]]
            form += _text_field(prefix, AMOUNT_FIELDS[kind], field.description, field.value, help_id)
            shown.append(Field(AMOUNT_FIELDS[kind], field.description, default=str(field.value or "")))
    data = {**static_data(tool), "table_label": say(page.PAGE_TEXTS["table_label"], caption=TEXTS["caption"])}
    example = page.print_example(tuple(shown), tool.result_html or tool.update())
    return page.tool_section(tool, STATIC_TOOL, prefix, form, data, scripts=("table.js", "ovning_plan.js"),
                             example=example)
