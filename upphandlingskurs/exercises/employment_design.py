"""Exercise 4: designing an employment requirement after Upphandlingsmyndigheten's krav 11554.

The scenario contract is chosen from the procurement plan in use: among the procurements that
``screen_plan`` gives the highest priority, the one with the longest contract period. Every expected
answer comes from ``size_employment_requirement`` and the rule parameters, so a trainer's own plan
(or a changed six-month or 75 % parameter) works as well as the course's.

Each check is a question (``task_1_question`` …): the expected answer and the Swedish texts from
``TEXTS``, filled in from the scenario. The notebook cell and the answer box on the static page
(upphandlingskurs/static_exercises.py) judge an answer from the same question.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from upphandlingskurs.feedback import ChoiceQuestion, Near, NumberQuestion
from upphandlingskurs.rules import size_employment_requirement
from upphandlingskurs.rules.decision import say
from upphandlingskurs.rules.employment import DEFAULT_TARGET_GROUP
from upphandlingskurs.rules.parameters import parameter
from upphandlingskurs.screening import screen_plan
from upphandlingskurs.static_exercises import checked

PAGE = "ovning-4"  # the {exercise} labels of the page are PAGE-uppgift-N

PERSONS = 2  # the politicians' proposal: two employments ...
MONTHS_PER_PERSON = 18  # ... of 18 full-time months each (shortened if the contract is shorter)
EXAMPLE_START_MONTH = 4  # the tool's example: the first employment starts in month 4, as in chapter 3
MODEL_TARGET_GROUP = "unga vuxna som har varit arbetslösa länge"

# Used only if the plan has no rows: a four-year contract like the one in chapter 3.
FALLBACK_ID = "–"
FALLBACK_DESCRIPTION = "Ett påhittat fyraårigt avtal"
FALLBACK_MONTHS = 48


@dataclass(frozen=True)
class Scenario:
    """The contract of the scenario and the numbers the tasks use."""

    contract_id: str
    description: str
    contract_months: int
    persons: int
    months_per_person: int
    example_start_month: int
    late_start_month: int
    deadline_months: int


def scenario(plan: pd.DataFrame) -> Scenario:
    """The scenario's contract: the longest among the highest-priority procurements of the plan.

    On a tie the order of ``screen_plan`` decides (higher value first), then the id.
    """
    deadline = int(parameter("forsta_anstallning_senast_manader"))
    if plan.empty:
        contract_id, description, months = FALLBACK_ID, FALLBACK_DESCRIPTION, FALLBACK_MONTHS
    else:
        screened = screen_plan(plan)
        top = screened[screened["prioritet"] == screened["prioritet"].max()]
        longest = top[top["avtalstid_manader"] == top["avtalstid_manader"].max()]
        row = longest.iloc[0]
        contract_id, description, months = str(row["id"]), str(row["beskrivning"]), int(row["avtalstid_manader"])
    return Scenario(
        contract_id=contract_id,
        description=description,
        contract_months=months,
        persons=PERSONS,
        # The rule refuses an employment longer than the contract, and a start after its end.
        months_per_person=min(MONTHS_PER_PERSON, months),
        example_start_month=min(EXAMPLE_START_MONTH, deadline, months),
        late_start_month=min(deadline + 1, months),
        deadline_months=deadline,
    )


def proposal(plan: pd.DataFrame, first_start_month: int | None = None, target_group: str = DEFAULT_TARGET_GROUP):
    """The rule's decision for the scenario's requirement (``first_start_month`` defaults to the example)."""
    case = scenario(plan)
    start = case.example_start_month if first_start_month is None else first_start_month
    return size_employment_requirement(case.contract_months, case.persons, case.months_per_person, start, target_group)


def total_months(plan: pd.DataFrame) -> int:
    return int(proposal(plan).facts["total_months"])


def fulfilled_months(plan: pd.DataFrame) -> float:
    """Full-time months that count as a met commitment when an employment ends early."""
    return total_months(plan) * parameter("fullgjord_andel_procent") / 100


def model_requirement_text(plan: pd.DataFrame) -> str:
    """The proposed requirement text with the model solution's target group."""
    return proposal(plan, target_group=MODEL_TARGET_GROUP).facts["requirement_text"]


def swedish_number(value: float) -> str:
    """12.5 as '12,5' and 27.0 as '27'."""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


# What the checks say. A wrong answer is told what is wrong and how to get there, never the right number.
TEXTS = {
    "task_1_right": "{persons} anställningar × {months_per_person} månader på heltid = {expected} månader på heltid. "
                    "Krav 11554 anger åtagandet som månader på heltid för alla anställningar tillsammans.",
    "task_1_hint": "Multiplicera antalet anställningar med antalet månader på heltid per anställning. Krav 11554 anger "
                   "åtagandet som månader på heltid för alla anställningar tillsammans.",
    "task_1_one": "Det är tiden för en anställning.",
    "task_2_rule": "Enligt krav 11554 ska minst en anställning ha påbörjats eller erbjudits senast {deadline} månader "
                   "efter kontraktets start.",
    "task_2_within_yes": "Månad {month} ligger inom gränsen. {rule}",
    "task_2_within_no": "Månad {month} ligger inom gränsen, så förslaget håller. {rule}",
    "task_2_late_yes": "Månad {month} är för sent. {reason}",
    "task_2_late_no": "Månad {month} är för sent, så förslaget håller inte. {rule} Planera med den "
                      "matchningsansvariga så att den första anställningen kan erbjudas tidigare.",
    "task_3_right": "{share} procent av {total} månader på heltid är {expected} månader. Andelen räknas på den "
                    "sammantagna avtalade anställningstiden för alla anställningar, inte på den anställning som upphörde.",
    "task_3_hint": "Räkna {share} procent av hela åtagandet. Andelen räknas på den sammantagna avtalade "
                   "anställningstiden för alla anställningar, inte på den anställning som upphörde.",
    "task_3_one": "Det är {share} procent av en anställning.",
    "task_3_all": "Det är hela åtagandet; när en anställning upphör i förtid räcker mindre.",
}


def task_1_question(plan: pd.DataFrame) -> NumberQuestion:
    case = scenario(plan)
    expected = total_months(plan)
    return NumberQuestion(
        expected=expected,
        right=say(TEXTS["task_1_right"], persons=case.persons, months_per_person=case.months_per_person,
                  expected=expected),
        hint=TEXTS["task_1_hint"],
        near=(Near(case.months_per_person, TEXTS["task_1_one"]),),
    )


def task_1(answer, plan: pd.DataFrame):
    """How many full-time months must the requirement state for the politicians' proposal?"""
    return checked(task_1_question(plan), answer, f"{PAGE}-uppgift-1")


def task_2_question(plan: pd.DataFrame) -> ChoiceQuestion:
    case = scenario(plan)
    decision = proposal(plan, first_start_month=case.late_start_month)
    within = decision.outcome == "proposal"
    rule = say(TEXTS["task_2_rule"], deadline=case.deadline_months)
    month = case.late_start_month
    if within:
        explanations = {"ja": say(TEXTS["task_2_within_yes"], month=month, rule=rule),
                        "nej": say(TEXTS["task_2_within_no"], month=month, rule=rule)}
    else:
        explanations = {"ja": say(TEXTS["task_2_late_yes"], month=month, reason=decision.reasons[-1]),
                        "nej": say(TEXTS["task_2_late_no"], month=month, rule=rule)}
    return ChoiceQuestion("ja" if within else "nej", explanations)


def task_2(answer, plan: pd.DataFrame):
    """Does the proposal meet the six-month rule if the first employment comes only in the late month?"""
    return checked(task_2_question(plan), answer, f"{PAGE}-uppgift-2")


def task_3_question(plan: pd.DataFrame) -> NumberQuestion:
    case = scenario(plan)
    total = total_months(plan)
    expected = fulfilled_months(plan)
    share = parameter("fullgjord_andel_procent")
    return NumberQuestion(
        expected=expected,
        right=say(TEXTS["task_3_right"], share=swedish_number(share), total=total, expected=swedish_number(expected)),
        hint=say(TEXTS["task_3_hint"], share=swedish_number(share)),
        tolerance=0.05,
        near=(Near(case.months_per_person * share / 100, say(TEXTS["task_3_one"], share=swedish_number(share)), 0.05),
              Near(total, TEXTS["task_3_all"], 0.05)),
    )


def task_3(answer, plan: pd.DataFrame):
    """How many full-time months must be delivered for the commitment to count as met after an early end?"""
    return checked(task_3_question(plan), answer, f"{PAGE}-uppgift-3")


def task_2_conclusion(plan: pd.DataFrame) -> str:
    """The model solution's verdict for task 2, in the same words as the check."""
    case = scenario(plan)
    within = proposal(plan, first_start_month=case.late_start_month).outcome == "proposal"
    if within:
        return (f"Ja. Månad {case.late_start_month} ligger inom gränsen på {case.deadline_months} månader, "
                "så förslaget håller.")
    return (f"Nej. Månad {case.late_start_month} ligger efter gränsen på {case.deadline_months} månader, "
            "så förslaget håller inte.")
