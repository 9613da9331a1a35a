"""Exercise 4 (designing an employment requirement): every check gives the right Swedish feedback for a
right, a wrong, a missing and a malformed answer, with the expected answers computed by the package
from the shipped plan, and the scenario still makes sense on a different plan."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from conftest import is_missing, is_right, is_wrong
from upphandlingskurs import load_table
from upphandlingskurs.exercises import employment_design as exercise
from upphandlingskurs.feedback import NO_ANSWER
from upphandlingskurs.rules import size_employment_requirement
from upphandlingskurs.rules.parameters import parameter
from upphandlingskurs.screening import screen_plan
from upphandlingskurs.synthetic import generate_plan


@pytest.fixture(scope="module")
def plan():
    return load_table("upphandlingsplan")


def text(feedback) -> str:
    return html.unescape(feedback.data)



def expected_total(plan) -> int:
    case = exercise.scenario(plan)
    decision = size_employment_requirement(case.contract_months, exercise.PERSONS, case.months_per_person,
                                           case.example_start_month)
    return int(decision.facts["total_months"])


# --- the scenario -----------------------------------------------------------------------------------

def test_scenario_is_the_longest_contract_among_the_highest_priority(plan):
    screened = screen_plan(plan)
    top = screened[screened["prioritet"] == screened["prioritet"].max()]
    case = exercise.scenario(plan)
    row = plan.set_index("id").loc[case.contract_id]
    assert case.contract_months == top["avtalstid_manader"].max() == row["avtalstid_manader"]
    assert case.contract_id in set(top["id"])
    assert case.description == row["beskrivning"]
    assert case.deadline_months == parameter("forsta_anstallning_senast_manader")
    assert case.late_start_month == case.deadline_months + 1  # the shipped plan's contract is long enough
    assert case.months_per_person == exercise.MONTHS_PER_PERSON


def test_a_plan_of_short_contracts_still_gives_a_valid_scenario(plan):
    short = plan.copy()
    short["avtalstid_manader"] = short["avtalstid_manader"].clip(upper=5)
    case = exercise.scenario(short)
    assert case.contract_months == 5 and case.months_per_person == 5 and case.late_start_month == 5
    assert is_right(exercise.task_1(10, short))
    # Month 5 lies within six months, so the rule (and the check) now says ja.
    assert is_right(exercise.task_2("ja", short))
    assert exercise.task_2_conclusion(short).startswith("Ja.")
    assert is_right(exercise.task_3("7,5", short))


@pytest.mark.parametrize(("count", "seed"), [(1, 1), (30, 2), (500, 3)])
def test_generated_plans_give_answers_that_agree_with_the_rule(count, seed):
    generated = generate_plan(count, seed=seed)
    case = exercise.scenario(generated)
    assert case.contract_id in set(generated["id"])
    total = expected_total(generated)
    assert is_right(exercise.task_1(total, generated))
    assert is_right(exercise.task_2(expected_choice(generated), generated))
    assert is_right(exercise.task_3(expected_fulfilled(generated), generated))


def test_an_empty_plan_falls_back_to_a_four_year_contract(plan):
    case = exercise.scenario(plan.iloc[0:0])
    assert case.contract_months == exercise.FALLBACK_MONTHS
    assert is_right(exercise.task_1(exercise.PERSONS * exercise.MONTHS_PER_PERSON, plan.iloc[0:0]))


def test_model_text_has_the_new_target_group_and_the_total(plan):
    model = exercise.model_requirement_text(plan)
    assert exercise.MODEL_TARGET_GROUP in model
    assert f"minst {expected_total(plan)} månader på heltid" in model


# --- task 1: full-time months -------------------------------------------------------------------------

def test_task_1_right(plan):
    total = expected_total(plan)
    assert total == exercise.PERSONS * exercise.scenario(plan).months_per_person
    for answer in (total, str(total), float(total)):
        feedback = exercise.task_1(answer, plan)
        assert is_right(feedback) and f"= {total} månader på heltid" in text(feedback)


def test_task_1_wrong(plan):
    total = expected_total(plan)
    feedback = exercise.task_1(total + 1, plan)
    assert is_wrong(feedback) and f"Du svarade {total + 1}." in text(feedback)
    # How to get there, but not the right number: the solution stays in its fold.
    assert "Multiplicera antalet anställningar" in text(feedback)
    assert f"{total} månader" not in text(feedback)


def test_task_1_one_employment_only_gets_a_hint(plan):
    per_person = exercise.scenario(plan).months_per_person
    feedback = exercise.task_1(per_person, plan)
    assert is_wrong(feedback) and "Det är tiden för en anställning." in text(feedback)


def test_task_1_missing(plan):
    assert is_missing(exercise.task_1(None, plan))


def test_task_1_malformed(plan):
    feedback = exercise.task_1("trettiosex", plan)
    assert is_wrong(feedback) and "Svaret ska vara ett tal, men du skrev 'trettiosex'." in text(feedback)


# --- task 2: the six-month rule -------------------------------------------------------------------------

def expected_choice(plan) -> str:
    case = exercise.scenario(plan)
    decision = size_employment_requirement(case.contract_months, exercise.PERSONS, case.months_per_person,
                                           case.late_start_month)
    return "ja" if decision.outcome == "proposal" else "nej"


def test_task_2_right(plan):
    expected = expected_choice(plan)
    assert expected == "nej"  # month 7 is after the six months in the shipped parameters
    for answer in (expected, expected.upper(), f" {expected} "):
        feedback = exercise.task_2(answer, plan)
        assert is_right(feedback) and "påbörjats eller erbjudits" in text(feedback)
    assert exercise.task_2_conclusion(plan).startswith("Nej.")


def test_task_2_wrong(plan):
    other = "ja" if expected_choice(plan) == "nej" else "nej"
    feedback = exercise.task_2(other, plan)
    assert is_wrong(feedback) and f"Månad {exercise.scenario(plan).late_start_month}" in text(feedback)


def test_task_2_missing(plan):
    assert is_missing(exercise.task_2(None, plan))


def test_task_2_malformed(plan):
    feedback = exercise.task_2("kanske", plan)
    assert is_wrong(feedback) and "Välj ett av alternativen: ja, nej. Du skrev 'kanske'." in text(feedback)


# --- task 3: the 75 % rule --------------------------------------------------------------------------------

def expected_fulfilled(plan) -> float:
    return expected_total(plan) * parameter("fullgjord_andel_procent") / 100


def test_task_3_right(plan):
    expected = expected_fulfilled(plan)
    for answer in (expected, str(expected).replace(".", ","), expected + 0.04, expected - 0.04):
        feedback = exercise.task_3(answer, plan)
        assert is_right(feedback), answer
        assert f"är {exercise.swedish_number(expected)} månader" in text(feedback)


def test_task_3_wrong(plan):
    expected = expected_fulfilled(plan)
    feedback = exercise.task_3(expected - 1, plan)
    assert is_wrong(feedback) and "sammantagna avtalade anställningstiden" in text(feedback)
    assert is_wrong(exercise.task_3(expected + 0.1, plan))


@pytest.mark.parametrize(("which", "hint"), [("one", "procent av en anställning"), ("all", "Det är hela åtagandet")])
def test_task_3_common_mistakes_get_a_hint(plan, which, hint):
    share = parameter("fullgjord_andel_procent") / 100
    answer = exercise.scenario(plan).months_per_person * share if which == "one" else expected_total(plan)
    feedback = exercise.task_3(answer, plan)
    assert is_wrong(feedback) and hint in text(feedback)


def test_task_3_missing(plan):
    assert is_missing(exercise.task_3(None, plan))


def test_task_3_malformed(plan):
    feedback = exercise.task_3("tre fjärdedelar", plan)
    assert is_wrong(feedback) and "Svaret ska vara ett tal, men du skrev 'tre fjärdedelar'." in text(feedback)


def test_swedish_number():
    assert exercise.swedish_number(27.0) == "27"
    assert exercise.swedish_number(25.5) == "25,5"
    assert exercise.swedish_number(7.5) == "7,5"


def test_checks_do_not_change_the_plan(plan):
    before = plan.copy()
    for check, answer in ((exercise.task_1, 1), (exercise.task_2, "ja"), (exercise.task_3, 1)):
        check(answer, plan)
    pd.testing.assert_frame_equal(plan, before)
