"""Exercise 3: screening the procurement plan for where social requirements fit.

Every expected answer comes from ``screen_plan`` (the same screening as the PlanScreeningTool) and
the amounts in troskelvarden.csv, so the checks work on any valid plan file. Where the table has no
amount in kronor for the plan's period, the reader may type it in at the top of the page; every
check takes those amounts (``own_amounts``, as ``thresholds_with_own_amounts`` takes them). Where an
expected answer still depends on a missing amount, the check decides what the amount cannot
change, says which amount is missing and what it did check, and never guesses the rest: an answer
that fits every possible amount gets a neutral note (``UNDECIDED``), never "Rätt.".

A wrong answer is told what is wrong and how to get there, never the right answer: the count, the
ids that belong in the list and the edge cases that are in it are named only to a right answer (or,
while the answer cannot be decided, to one that fits every possible amount).

Each check is a question (``task_1_question`` …) built from the verdict for the amounts given
(``task_1_verdict`` …: a ``NumberQuestion``, a ``CountRange`` or an ``IdList``), and from the texts
and data the answer box on the web page needs. On the web page there is no Python variable for the
amounts: the answer boxes use the amounts typed into the page's tool (the static copy of
PlanScreeningTool, tools/plan.py), read when the reader checks an answer. So a reader who types the
amounts into the tool, as the page asks, gets the same verdicts from the tool and from the boxes,
and can finish the tasks (a neutral note is not recorded as done). The boxes would otherwise judge
every task as undecided on the course's own data, with advice to type the amounts where the page
cannot take them. static/ovning_plan.js screens the plan with those amounts as the tool does,
works out the same facts as the functions below (the counts, the ids, the top five's bounds) and
fills the same templates (``TEXTS``); ``page_check`` is what the box says, and
tests/test_static_exercise_3.py compares the two in a real browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.feedback import QUOTED_ITEM, NumberQuestion, SetQuestion, missing, note, read_number, right, wrong
from upphandlingskurs.feedback import TEXTS as FEEDBACK_TEXTS
from upphandlingskurs.rules.decision import kronor, say
from upphandlingskurs.rules.parameters import own_amount_label, own_amount_name, parameter
from upphandlingskurs.rules.procedure import DIRECT_AWARD, SOCIAL_SERVICES, typed_amount
from upphandlingskurs.screening import (
    PLAN_KINDS,
    PROCEDURE_LABELS,
    amount_on_day,
    missing_amounts,
    missing_amounts_text,
    plan_amounts,
    screen_plan,
)
from upphandlingskurs.static_exercises import checked
from upphandlingskurs.tools.plan import STATIC_TOOL, amount_source

PAGE = "ovning-3"  # the {exercise} labels of the page are PAGE-uppgift-N
TOP = 5
UNDECIDED = "Kan inte avgöras helt än."
WHAT = "upphandlingar"
# What separates the ids in a typed list: a comma, a semicolon or white space (what Python's \s
# matches, written out so that the page's script reads the same characters).
ID_SEPARATORS = r"[,;\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
_IDS = SetQuestion(frozenset(), WHAT, "", separators=ID_SEPARATORS, upper=True)  # reads a list of ids

TEXTS = {
    # the amounts typed in
    "type_them": "Skriv in beloppen i cellen under rubriken Beloppen som gäller för planen och kör cellerna "
                 "igen, så kontrolleras resten.",
    "type_them_page": "Skriv in beloppen i fälten i verktyget i uppgift 1 och kontrollera svaret igen, så "
                      "kontrolleras resten.",
    "own_used": "Övningen räknar med {what} som du har skrivit in: {amounts}.",
    "own_one": "det belopp",
    "own_many": "de belopp",
    "own_amount": "{name} är {amount}",
    "own_in_table": "Kursens tabell har redan {amounts} för planens datum, så det du skrev in används inte.",
    "own_not_needed": "Sållningen av en kommuns plan använder inte {amounts}, så det du skrev in används inte.",
    "all_there": "Kursens tabell har alla belopp i kronor som sållningen av planen behöver.",
    "complete": "Med dem finns alla belopp som sållningen av planen behöver.",
    "without": "Utan de belopp som saknas avgör övningen det som beloppen inte kan ändra, och kontrollerna säger "
               "vilka svar som beror på dem.",
    "bad_amount": "Kontrollera beloppen i verktyget:",
    "and": " och ",
    # an answer
    "not_a_list": "Svaret ska vara en lista med id, till exempel ['UP-001', 'UP-002']. Du skrev '{answer}'.",
    "size": "Svaret ska ha {count} id, men ditt svar har {given}",
    "size_between": "mellan {low} och {high}",
    "must_missing": "Antal upphandlingar som saknas i ditt svar och ska vara med oavsett beloppen: {count}",
    "cannot_be_there": "{count} av dina upphandlingar ska inte vara med, oavsett beloppen ({items})",
    "too_many": "Det är för många.",
    "too_few": "Det är för få.",
    "too_many_whatever": "Det är för många, oavsett de belopp som saknas.",
    "too_few_whatever": "Det är för få, oavsett de belopp som saknas.",
    "whole": "Ett antal är ett heltal.",
    # task 1
    "t1_decided": "I {department} får {count} av {total} upphandlingar direktupphandlas enligt sållningen.",
    "t1_range": "Sållningen kan avgöra att {decided} av {total} upphandlingar i {department} får direktupphandlas. "
                "För {count} av dem ({ids}) beror svaret på ett belopp som saknas, så rätt svar ligger mellan "
                "{decided} och {high}. Kontrollen kan inte säga vilket.",
    "t1_hint": "Välj {department} i verktyget och prioritet 0, och räkna raderna där det står {label} i kolumnen "
               "Förfarande.",
    "t1_limits": "Jämför värdet med direktupphandlingsgränsen: {general} för de flesta köp, men {annex2} för sociala "
                 "och andra särskilda tjänster i bilaga 2.",
    "t1_limit_only": "Jämför värdet med direktupphandlingsgränsen: {general} för de flesta köp. För sociala och "
                     "andra särskilda tjänster i bilaga 2 är gränsen i stället tröskelvärdet för de tjänsterna.",
    "t1_exact": "{ids} ligger exakt på sin gräns och {verdict}.",
    "exact_direct": "räknas som direktupphandling",
    "exact_not_direct": "räknas inte som direktupphandling (värdet ska understiga gränsen, 19 a kap. 2 § LOU)",
    "t1_annex2_one": "{ids} är värd exakt {general}, men är en bilaga 2-tjänst: för den är gränsen {limit}.",
    "t1_annex2_many": "{ids} är värda exakt {general}, men är bilaga 2-tjänster: för dem är gränsen {limit}.",
    "t1_annex2_missing": "tröskelvärdet för sociala och andra särskilda tjänster, och det beloppet saknas",
    # task 2
    "t2_decided": "{count} upphandlingar är värda minst tröskelvärdet och är inte bilaga 2-tjänster. För dem ska "
                  "villkor om lön, semester och arbetstid ställas om behövlighetsbedömningen visar en risk för "
                  "oskäliga arbetsvillkor och villkoren går att fastställa (17 kap. 2 § LOU).",
    "t2_none": "Ingen upphandling i planen är både värd minst tröskelvärdet och utan bilaga 2-tjänst, så svaret är "
               "en tom lista: svar = []. Skyldigheten i 17 kap. 2 § LOU gäller alltså ingen av dem.",
    "t2_hint": "Ta med de upphandlingar som är värda minst tröskelvärdet och inte är bilaga 2-tjänster. För dem "
               "ska villkor om lön, semester och arbetstid ställas om behövlighetsbedömningen visar en risk för "
               "oskäliga arbetsvillkor och villkoren går att fastställa (17 kap. 2 § LOU).",
    "t2_exact": "{ids} ligger exakt på tröskelvärdet och ska vara med: värdet uppgår till tröskelvärdet.",
    "t2_exact_hint": "Ett värde exakt på tröskelvärdet räknas som över: en sådan upphandling ska vara med.",
    "t2_must": "{ids} ska vara med oavsett de belopp som saknas.",
    "t2_undecided": "För {count} upphandlingar beror svaret på ett tröskelvärde som saknas: {ids}. De är inte "
                    "bilaga 2-tjänster, men om de är värda minst tröskelvärdet går inte att avgöra utan beloppet. "
                    "Kontrollen har prövat resten: bilaga 2-tjänster och upphandlingar som är värda mindre än "
                    "direktupphandlingsgränsen ska inte vara med.",
    "t2_undecided_hint": "För några upphandlingar beror svaret på ett tröskelvärde som saknas. Kontrollen har "
                         "prövat resten: bilaga 2-tjänster och upphandlingar som är värda mindre än "
                         "direktupphandlingsgränsen ska inte vara med.",
    "works": "Byggentreprenader (CPV-koder som börjar på 45) har ett eget, högre tröskelvärde.",
    # task 3
    "rule": "Prioriteten räknar hur många av tre möjligheter som finns: tjänsten får reserveras enligt 19 kap. "
            "25 § LOU, arbetsrättsliga villkor ska prövas, och avtalet är minst {months} månader (kursens egen "
            "tumregel).",
    "t3_top": "Svaret är {shown} översta raderna när planen är sorterad på prioritet, sedan på värde (störst först) "
              "och sist på id. Den högsta prioriteten i planen är {highest}.",
    "t3_five": "de fem",
    "t3_fewer": "de {count} som har prioritet 1 eller mer",
    "t3_none": "Ingen upphandling i planen har prioritet 1 eller mer, så svaret är en tom lista: svar = [].",
    "t3_hint": "Sortera planen på prioritet, sedan på värde (störst först) och sist på id, och ta de fem översta "
               "raderna som har prioritet 1 eller mer.",
    "t3_must": "{ids} är bland de fem oavsett de belopp som saknas.",
    "t3_undecided": "Om {ids} hör till de fem beror på om upphandlingar utan tröskelvärde i kronor ska pröva "
                    "arbetsrättsliga villkor, och det går inte att avgöra utan beloppet. Kontrollen har prövat "
                    "resten: övriga upphandlingar hör inte till de fem, oavsett beloppen.",
    "t3_undecided_hint": "Om några upphandlingar hör till de fem beror på om upphandlingar utan tröskelvärde i "
                         "kronor ska pröva arbetsrättsliga villkor, och det går inte att avgöra utan beloppet.",
}


# --- amounts per procurement ----------------------------------------------------------------------

def _annex2(plan: pd.DataFrame) -> pd.Series:
    return plan["bilaga2_tjanst"] == "ja"


def direct_award_limits(plan: pd.DataFrame, own_amounts=None) -> pd.Series:
    """The direct-award limit for each procurement on its advertising day: the fixed limit, or for an
    annex 2 service its threshold (NaN where neither the course's table nor ``own_amounts`` has it)."""
    limits, thresholds_kr = plan_amounts(plan, own_amounts)
    return pd.Series(np.where(_annex2(plan).to_numpy(), thresholds_kr, limits), index=plan.index, dtype=float)


def thresholds(plan: pd.DataFrame, own_amounts=None) -> pd.Series:
    """The threshold for each procurement on its advertising day: for works (CPV division 45) the one
    for works, for an annex 2 service the one for those services, otherwise the one for goods and
    services of a municipality (NaN where neither the table nor ``own_amounts`` has it)."""
    return pd.Series(plan_amounts(plan, own_amounts)[1], index=plan.index, dtype=float)


def _used_own_amounts(plan: pd.DataFrame, own_amounts) -> tuple[dict[str, int], list[str], list[str]]:
    """The typed amounts the screening of ``plan`` uses (kind: kronor), the kinds typed in whose
    amount the table already has, and those the screening of a municipality's plan does not use."""
    if not own_amounts:
        return {}, [], []
    filled = missing_amounts(plan, own_amounts)  # also refuses a bad amount, in Swedish
    lacking = set(missing_amounts(plan)["typ"]) - set(filled["typ"])
    used, in_table, not_needed = {}, [], []
    for kind, value in own_amounts.items():
        amount = typed_amount(value, own_amount_label(kind))
        if amount is None:
            continue
        if kind in lacking:
            used[kind] = amount
        elif kind in PLAN_KINDS:
            in_table.append(kind)
        else:
            not_needed.append(kind)
    return used, in_table, not_needed


def _named_amounts(amounts: dict[str, int]) -> str:
    return _joined([say(TEXTS["own_amount"], name=own_amount_name(kind), amount=kronor(amount))
                    for kind, amount in amounts.items()])


def own_amounts_text(plan: pd.DataFrame, own_amounts) -> str:
    """Which of the reader's amounts the checks use, and which they do not ("" if none was typed)."""
    used, in_table, not_needed = _used_own_amounts(plan, own_amounts)
    parts = []
    if used:
        parts.append(say(TEXTS["own_used"], what=TEXTS["own_one"] if len(used) == 1 else TEXTS["own_many"],
                         amounts=_named_amounts(used)))
    if in_table:
        parts.append(say(TEXTS["own_in_table"], amounts=_joined([own_amount_name(kind) for kind in in_table])))
    if not_needed:
        parts.append(say(TEXTS["own_not_needed"], amounts=_joined([own_amount_name(kind) for kind in not_needed])))
    return " ".join(parts)


def missing_text(plan: pd.DataFrame, own_amounts=None, page: bool = False) -> str:
    """Which amounts in kronor the plan's screening lacks, where they are published and where to
    type them in: in the notebook's cell, or on the web ``page`` in the tool ("" if none is missing)."""
    text = missing_amounts_text(missing_amounts(plan, own_amounts))
    return f"{text} {TEXTS['type_them_page' if page else 'type_them']}" if text else ""


def amounts_note(plan: pd.DataFrame, own_amounts=None):
    """For the page: which amounts in kronor the table lacks for the plan, and which typed-in amounts
    the exercise uses. Raises ``CourseDataError`` (in Swedish) for a bad typed amount."""
    lacking = missing_amounts_text(missing_amounts(plan))
    still_lacking = not missing_amounts(plan, own_amounts).empty
    parts = [lacking or TEXTS["all_there"], own_amounts_text(plan, own_amounts)]
    if lacking:
        parts.append(TEXTS["without"] if still_lacking else TEXTS["complete"])
    return note(" ".join(part for part in parts if part), title="Beloppen för planen:")


def _ids(rows: pd.DataFrame) -> list[str]:
    return sorted(rows["id"])


def _joined(ids: list[str]) -> str:
    if len(ids) <= 1:
        return "".join(ids)
    return ", ".join(ids[:-1]) + TEXTS["and"] + ids[-1]


def _sentences(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def answer_ids(answer) -> list[str] | None:
    """The ids in an answer: a list, a Series, a table with an id column, or a text with the ids
    separated by commas, semicolons or spaces, also as a Python list ("['UP-001', 'UP-002']");
    'up-001' is UP-001. None when the answer is not a list."""
    if isinstance(answer, pd.DataFrame) and "id" in answer.columns:
        answer = list(answer["id"])
    return _IDS.items(answer)


def _exact_counts_as_direct_award() -> bool:
    return parameter("direktupphandling_vid_exakt_gransen") == 1


def _rule_text() -> str:
    return say(TEXTS["rule"], months=int(parameter("sysselsattningskrav_min_manader")))


# --- the verdicts -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CountRange:
    """A count that a missing amount leaves open: any whole number from ``low`` to ``high`` fits
    (a neutral note, ``UNDECIDED``); anything else is wrong, and told which way without the range."""

    low: int
    high: int
    note: str
    hint: str

    def check(self, answer):
        if answer is None:
            return missing()
        value = read_number(answer)
        if value is None:
            return wrong(say(FEEDBACK_TEXTS["not_a_number"], answer=answer))
        if value.is_integer() and self.low <= value <= self.high:
            return note(self.note, title=UNDECIDED)
        side = ("too_many_whatever" if value > self.high else "too_few_whatever" if value < self.low else "whole")
        return wrong(_sentences(say(FEEDBACK_TEXTS["answered"], answer=answer), TEXTS[side], self.hint))


@dataclass(frozen=True)
class IdList:
    """A list of ids (order does not matter). Decided (``must == may``): right is exactly ``must``.
    Otherwise a missing amount leaves it open: an answer is wrong if it lacks an id of ``must`` (in
    the list whatever the amount), has one outside ``may`` (outside it whatever the amount), or,
    given ``size``, has fewer or more ids than the list can have; any other answer gets the neutral
    ``note``. A wrong answer is told how many are missing and which given ones cannot be there, then
    ``hint``; never which ones are missing."""

    must: frozenset[str]
    may: frozenset[str]
    right: str = ""
    hint: str = ""
    note: str = ""
    size: tuple[int, int] | None = None

    @property
    def decided(self) -> bool:
        return self.must == self.may

    def check(self, answer):
        if answer is None:
            return missing()
        items = answer_ids(answer)
        if items is None:
            return wrong(say(TEXTS["not_a_list"], answer=answer))
        given = set(items)
        parts = []
        if self.decided:
            if given == self.must:
                return right(self.right)
            if self.must - given:
                parts.append(say(FEEDBACK_TEXTS["set_missing"], what=WHAT, count=len(self.must - given)))
            if given - self.must:
                parts.append(say(FEEDBACK_TEXTS["set_extra"], what=WHAT, count=len(given - self.must),
                                 items=", ".join(sorted(given - self.must))))
        else:
            if self.size is not None and not self.size[0] <= len(given) <= self.size[1]:
                low, high = self.size
                wanted = str(low) if low == high else say(TEXTS["size_between"], low=low, high=high)
                parts.append(say(TEXTS["size"], count=wanted, given=len(given)))
            if self.must - given:
                parts.append(say(TEXTS["must_missing"], count=len(self.must - given)))
            if given - self.may:
                parts.append(say(TEXTS["cannot_be_there"], count=len(given - self.may),
                                 items=", ".join(sorted(given - self.may))))
            if not parts:
                return note(self.note, title=UNDECIDED)
        return wrong("; ".join(parts) + ". " + self.hint)


# --- the questions: the notebook's verdict and the answer box's data -------------------------------------

@dataclass(frozen=True)
class PlanCountQuestion(NumberQuestion):
    """Task 1's question. A NumberQuestion, so that the answer box asks for a number; it judges with
    ``verdict`` (for the amounts the notebook has), and the box with the amounts in the page's tool."""

    verdict: NumberQuestion | CountRange | None = None
    page: dict = field(default_factory=dict, compare=False)

    def check(self, answer):
        return self.verdict.check(answer)

    def to_data(self) -> dict:
        return {"kind": STATIC_TOOL, **self.page}


@dataclass(frozen=True)
class PlanIdsQuestion(SetQuestion):
    """Tasks 2 and 3: a SetQuestion, so that the answer box asks for a list; as ``PlanCountQuestion``."""

    verdict: IdList | None = None
    page: dict = field(default_factory=dict, compare=False)

    def check(self, answer):
        return self.verdict.check(answer)

    def to_data(self) -> dict:
        return {"kind": STATIC_TOOL, **self.page}


# The texts each answer box on the web page fills (static/ovning_plan.js): those about the amounts,
# and those of its task.
_LIST_TEXTS = ("size", "size_between", "must_missing", "cannot_be_there")
PAGE_TEXT_KEYS = {
    "all": ("type_them_page", "own_used", "own_one", "own_many", "own_amount", "bad_amount", "and"),
    1: ("too_many", "too_few", "too_many_whatever", "too_few_whatever", "whole", "t1_decided", "t1_range",
        "t1_limits", "t1_limit_only", "t1_exact", "t1_annex2_one", "t1_annex2_many", "t1_annex2_missing"),
    2: (*_LIST_TEXTS, "t2_decided", "t2_none", "t2_hint", "t2_exact", "t2_exact_hint", "t2_must", "t2_undecided",
        "t2_undecided_hint", "works"),
    3: (*_LIST_TEXTS, "t3_top", "t3_five", "t3_fewer", "t3_none", "t3_hint", "t3_must", "t3_undecided",
        "t3_undecided_hint"),
}


def _page_data(task: int, **data) -> dict:
    """What every answer box of the page carries besides the task's own data. The plan, its amounts
    and the typed amounts come from the page's tool (static/ovning_plan.js finds it)."""
    texts = {key: TEXTS[key] for key in (*PAGE_TEXT_KEYS["all"], *PAGE_TEXT_KEYS[task])}
    return {"task": task, "texts": texts, "undecided_title": UNDECIDED, "what": WHAT, "top": TOP,
            "list": {"separators": ID_SEPARATORS, "upper": True, "quoted_item": QUOTED_ITEM}, **data}


# --- the scenario -----------------------------------------------------------------------------------

def at_direct_award_limit(plan: pd.DataFrame, own_amounts=None) -> pd.Series:
    """Whether each procurement is valued exactly at its own direct-award limit."""
    return plan["uppskattat_varde_kr"] == direct_award_limits(plan, own_amounts)


def scenario_department(plan: pd.DataFrame) -> str:
    """The department of task 1: the one with most procurements exactly at their direct-award limit
    (so the edge case is in view), then the one with most procurements, then alphabetical.

    Only the course's own amounts count here, so the scenario stays the same whatever the reader
    types in."""
    counts = pd.DataFrame({
        "exact": at_direct_award_limit(plan).groupby(plan["forvaltning"]).sum(),
        "all": plan["forvaltning"].value_counts(),
    })
    counts["name"] = counts.index
    ranked = counts.sort_values(["exact", "all", "name"], ascending=[False, False, True])
    return ranked.index[0]


def department_plan(plan: pd.DataFrame, department: str) -> pd.DataFrame:
    return plan[plan["forvaltning"] == department]


# --- task 1: direct awards in one department ----------------------------------------------------------

def direct_awards(plan: pd.DataFrame, department: str, own_amounts=None) -> pd.DataFrame:
    """The department's procurements that the screening decides may be awarded directly."""
    screened = screen_plan(department_plan(plan, department), own_amounts=own_amounts)
    return screened[screened["forfarande"] == PROCEDURE_LABELS["direct_award"]]


def undecided_direct_awards(plan: pd.DataFrame, department: str, own_amounts=None) -> pd.DataFrame:
    """The department's procurements that may or may not be direct awards: the amount that decides
    it is missing (for a bilaga 2 service, the threshold for those services)."""
    screened = screen_plan(department_plan(plan, department), own_amounts=own_amounts)
    return screened[screened["forfarande"] == PROCEDURE_LABELS["needs_figure"]]


def _first_day(plan: pd.DataFrame):
    return plan["planerad_annonsering"].min() if len(plan) else None


def _task_1_details(plan: pd.DataFrame, own: pd.DataFrame, own_amounts) -> list[str]:
    """The limits to compare with and the edge cases of the department ``own``: what the three
    feedbacks of task 1 say besides the count."""
    first_day = _first_day(plan)
    general = amount_on_day(DIRECT_AWARD, first_day, own_amounts) if first_day is not None else float("nan")
    annex2_limit = amount_on_day(SOCIAL_SERVICES, first_day, own_amounts) if first_day is not None else float("nan")
    parts = []
    if not pd.isna(general) and not pd.isna(annex2_limit):
        parts.append(say(TEXTS["t1_limits"], general=kronor(general), annex2=kronor(annex2_limit)))
    elif not pd.isna(general):
        parts.append(say(TEXTS["t1_limit_only"], general=kronor(general)))
    exact = _ids(own[at_direct_award_limit(own, own_amounts)])
    if exact:
        verdict = TEXTS["exact_direct" if _exact_counts_as_direct_award() else "exact_not_direct"]
        parts.append(say(TEXTS["t1_exact"], ids=_joined(exact), verdict=verdict))
    if not pd.isna(general):
        annex2_at_general = _ids(own[_annex2(own) & (own["uppskattat_varde_kr"] == general)])
        if annex2_at_general:
            template = TEXTS["t1_annex2_one" if len(annex2_at_general) == 1 else "t1_annex2_many"]
            limit = kronor(annex2_limit) if not pd.isna(annex2_limit) else TEXTS["t1_annex2_missing"]
            parts.append(say(template, ids=_joined(annex2_at_general), general=kronor(general), limit=limit))
    return parts


def _task_1_hint(department: str) -> str:
    return say(TEXTS["t1_hint"], department=department, label=PROCEDURE_LABELS["direct_award"])


def task_1_verdict(plan: pd.DataFrame, own_amounts=None, page: bool = False) -> NumberQuestion | CountRange:
    """Task 1 judged with ``own_amounts``: the count, or the range a missing amount leaves open."""
    department = scenario_department(plan)
    own = department_plan(plan, department)
    decided = len(direct_awards(plan, department, own_amounts))
    undecided = _ids(undecided_direct_awards(plan, department, own_amounts))
    details = _task_1_details(plan, own, own_amounts)
    tail = (missing_text(plan, own_amounts, page), own_amounts_text(plan, own_amounts))
    hint = _sentences(_task_1_hint(department), *details, *tail)
    if not undecided:
        right_text = say(TEXTS["t1_decided"], department=department, count=decided, total=len(own))
        return NumberQuestion(decided, right=_sentences(right_text, *details, *tail), hint=hint,
                              too_high=TEXTS["too_many"], too_low=TEXTS["too_few"])
    high = decided + len(undecided)
    range_text = say(TEXTS["t1_range"], decided=decided, total=len(own), department=department,
                     count=len(undecided), ids=_joined(undecided), high=high)
    return CountRange(decided, high, note=_sentences(range_text, *details, *tail), hint=hint)


def task_1_question(plan: pd.DataFrame, own_amounts=None) -> PlanCountQuestion:
    verdict = task_1_verdict(plan, own_amounts)
    department = scenario_department(plan)
    first_day = _first_day(plan)
    verdict_text = TEXTS["exact_direct" if _exact_counts_as_direct_award() else "exact_not_direct"]
    data = _page_data(
        1, department=department, hint=_task_1_hint(department), exact_verdict=verdict_text,
        general=amount_source(DIRECT_AWARD, first_day) if first_day is not None else [],
        annex2_limit=amount_source(SOCIAL_SERVICES, first_day) if first_day is not None else [],
    )
    low = verdict.expected if isinstance(verdict, NumberQuestion) else verdict.low
    return PlanCountQuestion(low, right="", hint="", verdict=verdict, page=data)


def task_1(answer, plan: pd.DataFrame, own_amounts=None):
    """How many of the scenario department's procurements may be awarded directly?"""
    return checked(task_1_question(plan, own_amounts), answer, f"{PAGE}-uppgift-1")


# --- task 2: where labour-law conditions must be considered -------------------------------------------

def labour_condition_ids(plan: pd.DataFrame, own_amounts=None) -> set[str]:
    """Procurements at or above the threshold that are not annex 2 services (17 kap. 2 § LOU), as far
    as the amounts decide it."""
    screened = screen_plan(plan, own_amounts=own_amounts)
    return set(screened.loc[screened["arbetsrattsliga_villkor"], "id"])


def undecided_labour_condition_ids(plan: pd.DataFrame, own_amounts=None) -> set[str]:
    """Procurements that are not annex 2 services and whose threshold in kronor is missing: whether
    they are at or above it cannot be decided."""
    screened = screen_plan(plan, own_amounts=own_amounts)
    return set(screened.loc[screened["saknat_belopp"] & (screened["bilaga2_tjanst"] != "ja"), "id"])


def at_threshold_ids(plan: pd.DataFrame, own_amounts=None) -> list[str]:
    """Procurements (not annex 2 services) valued exactly at their threshold."""
    return _ids(plan[~_annex2(plan) & (plan["uppskattat_varde_kr"] == thresholds(plan, own_amounts))])


def task_2_verdict(plan: pd.DataFrame, own_amounts=None, page: bool = False) -> IdList:
    """Task 2 judged with ``own_amounts``."""
    expected = labour_condition_ids(plan, own_amounts)
    undecided = undecided_labour_condition_ids(plan, own_amounts)
    exact = at_threshold_ids(plan, own_amounts)
    exact_named = say(TEXTS["t2_exact"], ids=_joined(exact)) if exact else ""
    tail = (TEXTS["works"], missing_text(plan, own_amounts, page), own_amounts_text(plan, own_amounts))
    hint = _sentences(TEXTS["t2_hint"], TEXTS["t2_exact_hint"] if exact else "", *tail)
    if not undecided:
        first = say(TEXTS["t2_decided"], count=len(expected)) if expected else TEXTS["t2_none"]
        return IdList(frozenset(expected), frozenset(expected), right=_sentences(first, exact_named, *tail), hint=hint)
    must = say(TEXTS["t2_must"], ids=_joined(sorted(expected))) if expected else ""
    open_text = say(TEXTS["t2_undecided"], count=len(undecided), ids=_joined(sorted(undecided)))
    return IdList(frozenset(expected), frozenset(expected | undecided),
                  note=_sentences(must, open_text, exact_named, *tail),
                  hint=_sentences(TEXTS["t2_undecided_hint"], hint))


def _ids_question(task: int, verdict: IdList, **data) -> PlanIdsQuestion:
    return PlanIdsQuestion(verdict.must, WHAT, "", separators=ID_SEPARATORS, upper=True, verdict=verdict,
                           page=_page_data(task, **data))


def task_2_question(plan: pd.DataFrame, own_amounts=None) -> PlanIdsQuestion:
    return _ids_question(2, task_2_verdict(plan, own_amounts))


def task_2(answer, plan: pd.DataFrame, own_amounts=None):
    """Which procurements are at or above the threshold and not annex 2 services?"""
    return checked(task_2_question(plan, own_amounts), answer, f"{PAGE}-uppgift-2")


# --- task 3: the five with the highest priority ---------------------------------------------------------

def ranked(plan: pd.DataFrame, own_amounts=None) -> pd.DataFrame:
    """The screened plan, priority 1 or more, highest priority first; larger value, then lower id, on a tie.

    A priority counts only what the amounts decide (see ``top_five_bounds`` for what a missing
    amount leaves open)."""
    screened = screen_plan(plan, own_amounts=own_amounts)
    screened = screened[screened["prioritet"] >= 1]
    return screened.sort_values(["prioritet", "uppskattat_varde_kr", "id"], ascending=[False, False, True])


def top_five(plan: pd.DataFrame, own_amounts=None) -> list[str]:
    return list(ranked(plan, own_amounts)["id"].head(TOP))


def top_five_bounds(plan: pd.DataFrame, own_amounts=None) -> tuple[set[str], set[str], set[str]]:
    """Which procurements are among the five whatever the missing amounts are, which are outside
    them whatever the amounts are, and which depend on the amounts.

    A missing threshold can only add one to a priority (the labour-law conditions), so each
    procurement's priority lies between the decided one and one more. A procurement is surely in the
    five if fewer than five others could rank above it, and surely out if at least five rank above it
    even at its highest priority. With nothing missing the first set is ``top_five``."""
    screened = screen_plan(plan, sort=False, own_amounts=own_amounts)
    count = len(screened)
    if count == 0:
        return set(), set(), set()
    open_ = (screened["saknat_belopp"] & (screened["bilaga2_tjanst"] != "ja")).to_numpy(dtype=int)
    low = screened["prioritet"].to_numpy(dtype=int)
    high = low + open_
    # Rank within a priority: a larger value first, then a lower id. One number per (priority, row)
    # orders the rows as ``ranked`` does: a larger key ranks higher.
    order = screened.sort_values(["uppskattat_varde_kr", "id"], ascending=[False, True]).index
    tie = pd.Series(np.arange(count)[::-1], index=order).reindex(screened.index).to_numpy()
    key_low, key_high = low * count + tie, high * count + tie
    could_rank_above = count - np.searchsorted(np.sort(key_high), key_low, side="right") - open_
    surely_ranks_above = count - np.searchsorted(np.sort(key_low), key_high, side="right")
    surely_in = (low >= 1) & (could_rank_above < TOP)
    surely_out = (high < 1) | (surely_ranks_above >= TOP)
    ids = screened["id"].to_numpy()
    return set(ids[surely_in]), set(ids[surely_out]), set(ids[~surely_in & ~surely_out])


def task_3_verdict(plan: pd.DataFrame, own_amounts=None, page: bool = False) -> IdList:
    """Task 3 judged with ``own_amounts``."""
    surely_in, _surely_out, undecided = top_five_bounds(plan, own_amounts)
    rule = _rule_text()
    own = own_amounts_text(plan, own_amounts)
    if undecided:
        lacking = missing_text(plan, own_amounts, page)
        must = say(TEXTS["t3_must"], ids=_joined(sorted(surely_in))) if surely_in else ""
        open_text = say(TEXTS["t3_undecided"], ids=_joined(sorted(undecided)))
        eligible = int((screen_plan(plan, sort=False, own_amounts=own_amounts)["prioritet"] >= 1).sum())
        return IdList(frozenset(surely_in), frozenset(surely_in | undecided),
                      note=_sentences(must, open_text, rule, lacking, own),
                      hint=_sentences(TEXTS["t3_undecided_hint"], TEXTS["t3_hint"], rule, lacking, own),
                      size=(min(TOP, eligible), TOP))
    top = ranked(plan, own_amounts).head(TOP)
    if top.empty:
        first = TEXTS["t3_none"]
    else:
        shown = TEXTS["t3_five"] if len(top) == TOP else say(TEXTS["t3_fewer"], count=len(top))
        first = say(TEXTS["t3_top"], shown=shown, highest=int(top["prioritet"].iloc[0]))
    ids = frozenset(top["id"])
    return IdList(ids, ids, right=_sentences(first, rule, own), hint=_sentences(TEXTS["t3_hint"], rule, own))


def task_3_question(plan: pd.DataFrame, own_amounts=None) -> PlanIdsQuestion:
    return _ids_question(3, task_3_verdict(plan, own_amounts), rule=_rule_text())


def task_3(answer, plan: pd.DataFrame, own_amounts=None):
    """Which five procurements have the highest priority (a larger value first on a tie)?"""
    return checked(task_3_question(plan, own_amounts), answer, f"{PAGE}-uppgift-3")


# --- the answer boxes on the web page -------------------------------------------------------------------

VERDICTS = {1: task_1_verdict, 2: task_2_verdict, 3: task_3_verdict}


@dataclass(frozen=True)
class RefusedAmount:
    """What an answer box says while an amount typed into the page's tool is bad: the tool's message."""

    message: str

    def check(self, answer):
        return note(self.message, title=TEXTS["bad_amount"])


def page_verdict(task: int, plan: pd.DataFrame, own_amounts=None) -> NumberQuestion | CountRange | IdList | RefusedAmount:
    """How the answer box of task ``task`` on the web page judges an answer when ``own_amounts`` are
    typed into the page's tool (kind: the text in its field): a bad amount (not a whole number, or
    one that would have to fill two periods) gets the tool's own message; otherwise the task's
    verdict with those amounts, with the page's advice on where to type a missing amount."""
    try:
        missing_amounts(plan, own_amounts)  # refuses a bad amount, as the tool does
    except CourseDataError as error:
        return RefusedAmount(str(error))
    return VERDICTS[task](plan, own_amounts, page=True)


def page_check(task: int, plan: pd.DataFrame, answer, own_amounts=None):
    """What the answer box of task ``task`` says for ``answer`` (as the box reads it, not None)."""
    return page_verdict(task, plan, own_amounts).check(answer)
