"""Exercise 3 (screening the procurement plan): every check gives the right Swedish feedback for a right,
a wrong, a missing and a malformed answer, with the expected answers computed by the package's rules
from the shipped plan; the page's pandas solution agrees with the checks; and the scenario still works
on a different plan."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from conftest import is_missing, is_right, is_wrong
from upphandlingskurs import load_table
from upphandlingskurs.exercises import plan_screening as exercise
from upphandlingskurs.feedback import NO_ANSWER
from upphandlingskurs.rules import labour_conditions_required, procedure_for
from upphandlingskurs.rules.decision import kronor
from upphandlingskurs.rules.parameters import parameter
from upphandlingskurs.screening import screen_plan
from upphandlingskurs.synthetic import generate_plan


@pytest.fixture(scope="module")
def plan():
    return load_table("upphandlingsplan")


@pytest.fixture(scope="module")
def other_plan():
    return generate_plan(200, seed=5)


def text(feedback) -> str:
    return html.unescape(feedback.data).replace("\u00a0", " ")



def contract_type(row) -> str:
    return "byggentreprenad" if row["cpv_kod"].startswith("45") else "varor och tjänster"


def rule_direct_awards(plan: pd.DataFrame, department: str) -> set[str]:
    """Task 1's answer from the single rule, row by row."""
    rows = plan[plan["forvaltning"] == department]
    return {
        row["id"] for _, row in rows.iterrows()
        if procedure_for(row["uppskattat_varde_kr"], row["planerad_annonsering"].date(), contract_type(row),
                         annex2=row["bilaga2_tjanst"] == "ja").outcome == "direct_award"
    }


def rule_labour_conditions(plan: pd.DataFrame) -> set[str]:
    """Task 2's answer from the single rule: required when the assessment shows a risk."""
    return {
        row["id"] for _, row in plan.iterrows()
        if labour_conditions_required(row["uppskattat_varde_kr"], row["planerad_annonsering"].date(),
                                      row["bilaga2_tjanst"] == "ja", True, True, contract_type(row)).outcome == "required"
    }


def page_solution_task_2(plan: pd.DataFrame) -> set[str]:
    """The pandas code shown in the page's solution to task 2."""
    belopp = load_table("troskelvarden")
    forsta, sista = plan["planerad_annonsering"].min(), plan["planerad_annonsering"].max()
    belopp_for_planen = belopp[(belopp["galler_fran"] <= sista)
                               & (belopp["galler_till"].isna() | (belopp["galler_till"] >= forsta))]
    troskel = belopp_for_planen.set_index("typ")["belopp_kr"]
    bygg = plan["cpv_kod"].str.startswith("45")
    troskelvarde = bygg.map({True: troskel["byggentreprenader"],
                             False: troskel["varor och tjänster, övriga upphandlande myndigheter"]})
    return set(plan[(plan["bilaga2_tjanst"] == "nej") & (plan["uppskattat_varde_kr"] >= troskelvarde)]["id"])


def page_solution_task_3(plan: pd.DataFrame) -> list[str]:
    """The pandas code shown in the page's solution to task 3."""
    sallad = screen_plan(plan)
    topp = sallad[sallad["prioritet"] >= 1].sort_values(
        ["prioritet", "uppskattat_varde_kr", "id"], ascending=[False, False, True]).head(5)
    return list(topp["id"])


# --- the scenario -----------------------------------------------------------------------------------

def test_scenario_department_has_an_exact_limit_case_in_the_shipped_plan(plan):
    department = exercise.scenario_department(plan)
    assert department in set(plan["forvaltning"])
    own = plan[plan["forvaltning"] == department]
    assert exercise.at_direct_award_limit(own).any()


def test_scenario_department_on_a_plan_without_exact_cases_is_the_largest(other_plan):
    assert not exercise.at_direct_award_limit(other_plan).any()
    counts = other_plan["forvaltning"].value_counts()
    assert exercise.scenario_department(other_plan) == sorted(counts[counts == counts.max()].index)[0]


# --- task 1 -----------------------------------------------------------------------------------------

def test_task_1_agrees_with_the_single_rule(plan):
    department = exercise.scenario_department(plan)
    assert set(exercise.direct_awards(plan, department)["id"]) == rule_direct_awards(plan, department)


def test_task_1_feedback(plan):
    department = exercise.scenario_department(plan)
    right = len(rule_direct_awards(plan, department))
    assert is_right(exercise.task_1(right, plan))
    assert is_right(exercise.task_1(str(right), plan))
    wrong = exercise.task_1(right + 1, plan)
    assert is_wrong(wrong) and f"Du svarade {right + 1}." in text(wrong)
    assert f"I {department} får {right} av {(plan['forvaltning'] == department).sum()} upphandlingar" in text(wrong)
    assert is_missing(exercise.task_1(None, plan))
    malformed = exercise.task_1("femton", plan)
    assert is_wrong(malformed) and "Svaret ska vara ett tal, men du skrev 'femton'." in text(malformed)


def test_task_1_names_the_exact_limit_cases(plan):
    department = exercise.scenario_department(plan)
    own = plan[plan["forvaltning"] == department]
    exact = sorted(own.loc[exercise.at_direct_award_limit(own), "id"])
    feedback = text(exercise.task_1(0, plan))
    assert parameter("direktupphandling_vid_exakt_gransen") == 0
    for plan_id in exact:
        assert plan_id in feedback
        assert plan_id not in rule_direct_awards(plan, department)  # exactly at the limit: not a direct award
    assert "räknas inte som direktupphandling (värdet ska understiga gränsen, 19 a kap. 2 § LOU)" in feedback


def test_task_1_explains_annex2_services_at_the_general_limit(plan):
    # A department whose bilaga 2 services are worth exactly the general limit (700 000 kr since 2022).
    general = 700_000
    cases = plan[(plan["bilaga2_tjanst"] == "ja") & (plan["uppskattat_varde_kr"] == general)]
    if cases.empty:
        pytest.skip("the plan has no bilaga 2 service at exactly the general limit")
    department = cases["forvaltning"].iloc[0]
    only = plan[plan["forvaltning"] == department]
    feedback = text(exercise.task_1(0, only))
    assert f"värda exakt {kronor(general)}".replace("\u00a0", " ") in feedback
    assert set(cases.loc[cases["forvaltning"] == department, "id"]) <= rule_direct_awards(only, department)


# --- task 2 -----------------------------------------------------------------------------------------

def test_task_2_agrees_with_the_single_rule_and_the_page_solution(plan, other_plan):
    for data in (plan, other_plan):
        expected = exercise.labour_condition_ids(data)
        assert expected == rule_labour_conditions(data)
        assert expected == page_solution_task_2(data)


def test_task_2_feedback(plan):
    expected = rule_labour_conditions(plan)
    assert is_right(exercise.task_2(sorted(expected), plan))
    assert is_right(exercise.task_2(", ".join(sorted(expected)).lower(), plan))
    assert is_right(exercise.task_2(" ".join(sorted(expected)), plan))
    assert is_right(exercise.task_2(pd.Series(sorted(expected)), plan))
    dropped, extra = sorted(expected)[0], "UP-001"
    assert extra not in expected
    wrong = text(exercise.task_2(sorted(expected - {dropped}) + [extra], plan))
    assert "Inte rätt än." in wrong
    assert "som saknas i ditt svar: 1" in wrong and "ska inte vara med (UP-001)" in wrong
    assert "17 kap. 2 § LOU" in wrong
    assert is_missing(exercise.task_2(None, plan))
    for malformed in (9, {"id": "UP-009"}):
        feedback = exercise.task_2(malformed, plan)
        assert is_wrong(feedback) and "Svaret ska vara en lista med id" in text(feedback)


def test_task_2_names_the_cases_exactly_at_the_threshold(plan):
    exact = exercise.at_threshold_ids(plan)
    assert exact, "the shipped plan has procurements exactly at the threshold"
    assert set(exact) <= rule_labour_conditions(plan)  # at the threshold counts as reaching it
    feedback = text(exercise.task_2([], plan))
    assert all(plan_id in feedback for plan_id in exact)


def test_task_2_with_no_match_expects_an_empty_list(plan):
    cheap = plan[plan["uppskattat_varde_kr"] < 700_000]
    assert exercise.labour_condition_ids(cheap) == set()
    assert is_right(exercise.task_2([], cheap))
    assert "tom lista" in text(exercise.task_2(["UP-001"], cheap))


# --- task 3 -----------------------------------------------------------------------------------------

def test_task_3_agrees_with_the_page_solution(plan, other_plan):
    for data in (plan, other_plan):
        assert exercise.top_five(data) == page_solution_task_3(data)


def test_task_3_ranks_by_priority_then_value(plan):
    top = exercise.top_five(plan)
    screened = screen_plan(plan).set_index("id")
    assert len(top) == 5
    rest = screened.drop(index=top)
    lowest = screened.loc[top[-1]]
    assert (rest["prioritet"] <= lowest["prioritet"]).all()
    same = rest[rest["prioritet"] == lowest["prioritet"]]
    assert (same["uppskattat_varde_kr"] <= lowest["uppskattat_varde_kr"]).all()


def test_task_3_feedback(plan):
    top = exercise.top_five(plan)
    assert is_right(exercise.task_3(top, plan))
    assert is_right(exercise.task_3(list(reversed(top)), plan))
    wrong = text(exercise.task_3(top[:4], plan))
    assert "Inte rätt än." in wrong and "som saknas i ditt svar: 1" in wrong
    months = int(parameter("sysselsattningskrav_min_manader"))
    assert f"minst {months} månader (kursens egen tumregel)" in wrong
    assert "19 kap. 25 § LOU" in wrong
    assert is_missing(exercise.task_3(None, plan))
    malformed = exercise.task_3(5, plan)
    assert is_wrong(malformed) and "Svaret ska vara en lista med id" in text(malformed)


def test_task_3_on_a_plan_without_priorities(plan):
    short = plan[plan["id"].isin(["UP-008", "UP-043"])].assign(avtalstid_manader=3)
    assert exercise.top_five(short) == []
    assert is_right(exercise.task_3([], short))


def test_task_1_a_non_annex2_procurement_at_exactly_700_000_is_not_a_direct_award(plan):
    changed = plan.copy()
    row = changed.index[(changed["bilaga2_tjanst"] == "nej") & (changed["uppskattat_varde_kr"] < 700_000)][0]
    changed.loc[row, "uppskattat_varde_kr"] = 700_000
    plan_id, department = changed.loc[row, "id"], changed.loc[row, "forvaltning"]
    only = changed[changed["forvaltning"] == department]
    assert exercise.at_direct_award_limit(only)[row]
    assert plan_id not in rule_direct_awards(only, department)
    assert plan_id not in set(exercise.direct_awards(only, department)["id"])
    feedback = text(exercise.task_1(0, only))
    assert f"{plan_id} ligger exakt på sin gräns och räknas inte som direktupphandling" in feedback
