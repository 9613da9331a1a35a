"""Exercise 3 (screening the procurement plan): every check gives the right Swedish feedback for a right,
a wrong, a missing and a malformed answer, with the expected answers computed by the package's rules
from the shipped plan; the page's pandas solution agrees with the checks; and the scenario still works
on a different plan.

The shipped plan lies in a period for which the course's table has the thresholds in euro only. So
every check is tested twice: without amounts in kronor (it decides what the missing amounts cannot
change, names what is missing and never says "Rätt." for a guess) and with amounts typed in (it
decides everything). The typed amounts below are made up for the tests, not the real thresholds; the
boundary cases (exactly at a threshold, one krona under) are built from them.
"""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

import jupytext
import pandas as pd
import pytest

from conftest import is_missing, is_right, is_wrong
from upphandlingskurs import CourseDataError, load_table
from upphandlingskurs.exercises import plan_screening as exercise
from upphandlingskurs.rules import labour_conditions_required, procedure_for
from upphandlingskurs.rules.decision import kronor
from upphandlingskurs.rules.parameters import missing_kronor, parameter
from upphandlingskurs.rules.procedure import OTHER_GOODS_AND_SERVICES, PUBLISHED_AT, SOCIAL_SERVICES, WORKS
from upphandlingskurs.screening import PLAN_KINDS, PROCEDURE_LABELS, missing_amounts, screen_plan
from upphandlingskurs.swedish import swedish_date
from upphandlingskurs.synthetic import generate_plan

PAGE = Path(__file__).resolve().parent.parent / "exercises" / "03-salla-upphandlingsplanen.md"

# Made-up amounts in kronor for the tests (NOT the thresholds for 2026-2027, which the course has no
# verified source for). They only need to fall between the plan's values.
OWN = {OTHER_GOODS_AND_SERVICES: 2_000_000, WORKS: 50_000_000, SOCIAL_SERVICES: 7_000_000}
GENERAL_LIMIT = 700_000  # the fixed direct-award limit, 19 a kap. 2 § LOU (in the table, valid until further notice)
UNDECIDED = "Kan inte avgöras helt än."


@pytest.fixture(autouse=True)
def without_kronor(plan_period_without_kronor):
    """Every test here runs on the table as the course has it: no amounts in kronor for the plan's period."""


@pytest.fixture(scope="module")
def plan():
    return load_table("upphandlingsplan")


@pytest.fixture(scope="module")
def other_plan():
    return generate_plan(200, seed=5)


def text(feedback) -> str:
    return html.unescape(feedback.data).replace("\u00a0", " ")


def is_undecided(feedback) -> bool:
    return "kurs-svar-tomt" in feedback.data and UNDECIDED in text(feedback) and "Rätt." not in text(feedback)


def contract_type(row) -> str:
    return "byggentreprenad" if row["cpv_kod"].startswith("45") else "varor och tjänster"


def kind(row) -> str:
    if row["bilaga2_tjanst"] == "ja":
        return SOCIAL_SERVICES
    return WORKS if row["cpv_kod"].startswith("45") else OTHER_GOODS_AND_SERVICES


def typed(row, own) -> int | None:
    return (own or {}).get(kind(row))


def rule_outcomes(plan: pd.DataFrame, own=None) -> dict[str, str]:
    """The single rule's procedure for each procurement, with the typed threshold where the table lacks it."""
    return {
        row["id"]: procedure_for(row["uppskattat_varde_kr"], row["planerad_annonsering"].date(), contract_type(row),
                                 annex2=row["bilaga2_tjanst"] == "ja", threshold_kr=typed(row, own)).outcome
        for _, row in plan.iterrows()
    }


def rule_direct_awards(plan: pd.DataFrame, department: str, own=None) -> set[str]:
    """Task 1's answer from the single rule, row by row."""
    outcomes = rule_outcomes(plan[plan["forvaltning"] == department], own)
    return {plan_id for plan_id, outcome in outcomes.items() if outcome == "direct_award"}


def rule_labour_conditions(plan: pd.DataFrame, own=None) -> tuple[set[str], set[str]]:
    """Task 2's answer from the single rule (required when the assessment shows a risk), and the
    procurements it cannot decide. The labour-law rule asks for a missing threshold even below the
    fixed direct-award limit; the screening decides those (a direct award is below the threshold)."""
    required, undecided = set(), set()
    direct = {plan_id for plan_id, outcome in rule_outcomes(plan, own).items() if outcome == "direct_award"}
    for _, row in plan.iterrows():
        outcome = labour_conditions_required(row["uppskattat_varde_kr"], row["planerad_annonsering"].date(),
                                             row["bilaga2_tjanst"] == "ja", True, True, contract_type(row),
                                             threshold_kr=None if row["bilaga2_tjanst"] == "ja" else typed(row, own)).outcome
        if outcome == "required":
            required.add(row["id"])
        elif outcome == "needs_figure" and row["id"] not in direct:
            undecided.add(row["id"])
    return required, undecided


def page_cells() -> list[str]:
    """The page's code cells as a notebook has them (jupytext: the cells' options are metadata)."""
    return [cell.source for cell in jupytext.read(PAGE).cells if cell.cell_type == "code"]


def run_page_cell(marker: str, namespace: dict) -> dict:
    """Run the page's code cell that contains ``marker`` in ``namespace`` (the page's own code)."""
    [cell] = [cell for cell in page_cells() if marker in cell]
    exec(cell, namespace)  # noqa: S102 (the course's own page)
    return namespace


def page_namespace(plan: pd.DataFrame, own=None) -> dict:
    """The page's amounts cells run on ``plan``, with ``own`` typed into the page's three variables."""
    namespace = {"plan": plan, "kontroll": exercise}
    run_page_cell("troskelvarde_byggentreprenader = None", namespace)
    own = own or {}
    namespace["egna_belopp"] = {kind: own.get(kind) for kind in namespace["egna_belopp"]}
    return run_page_cell("thresholds_with_own_amounts(egna_belopp", namespace)


def page_solution_task_2(plan: pd.DataFrame, own=None) -> tuple[set[str], set[str]]:
    """The pandas code shown in the page's solution to task 2: the ids over the threshold and those
    that depend on a missing threshold."""
    namespace = run_page_cell("oklara = ", page_namespace(plan, own))
    return set(namespace["over"]["id"]), set(namespace["oklara"]["id"])


def page_solution_task_3(plan: pd.DataFrame, own=None) -> list[str]:
    """The pandas code shown in the page's solution to task 3."""
    namespace = run_page_cell("sallad = screen_plan", page_namespace(plan, own))
    return list(namespace["topp"]["id"])


def missing_period(plan: pd.DataFrame) -> str:
    row = missing_amounts(plan).iloc[0]
    return f"{swedish_date(row['galler_fran'].date())}–{swedish_date(row['galler_till'].date())}"


# --- the amounts typed in -----------------------------------------------------------------------------

def test_the_page_says_which_period_lacks_the_amounts_in_kronor(plan):
    """The page's text names 2026–2027; this fails (and the page needs new text) once the shipped
    table (read here without the fixture) has the amounts in kronor for the shipped plan's period."""
    days = plan["planerad_annonsering"]
    lacking = missing_kronor(days.min(), days.max(), load_table("troskelvarden"))
    lacking = lacking[lacking["typ"].isin(PLAN_KINDS)]
    assert not lacking.empty, "the table now has the amounts in kronor: update exercise 3's text"
    assert {day.year for day in lacking["galler_fran"]} | {day.year for day in lacking["galler_till"]} == {2026, 2027}
    assert "För 2026–2027 har kursens tabell" in PAGE.read_text(encoding="utf-8")


def test_the_shipped_plan_lacks_exactly_the_three_thresholds_a_municipality_needs(plan):
    assert set(missing_amounts(plan)["typ"]) == {OTHER_GOODS_AND_SERVICES, WORKS, SOCIAL_SERVICES}
    assert missing_amounts(plan, OWN).empty
    assert set(missing_amounts(plan, {WORKS: OWN[WORKS]})["typ"]) == {OTHER_GOODS_AND_SERVICES, SOCIAL_SERVICES}


def test_the_amounts_note_names_what_is_missing_and_what_is_used(plan):
    without = text(exercise.amounts_note(plan))
    assert "tröskelvärdet för byggentreprenader" in without and missing_period(plan) in without
    assert PUBLISHED_AT in without and "Utan de belopp som saknas avgör övningen" in without
    typed_in = text(exercise.amounts_note(plan, OWN))
    assert f"tröskelvärdet för byggentreprenader är {kronor(OWN[WORKS])}".replace("\u00a0", " ") in typed_in
    assert "Med dem finns alla belopp som sållningen av planen behöver." in typed_in
    ignored = text(exercise.amounts_note(plan, {"direktupphandling": 1_000_000}))
    assert "Kursens tabell har redan direktupphandlingsgränsen för planens datum, så det du skrev in används inte." in ignored
    with pytest.raises(CourseDataError, match="Tröskelvärdet för byggentreprenader i kronor ska vara ett heltal, inte 'mycket'"):
        exercise.amounts_note(plan, {WORKS: "mycket"})


def test_screen_plan_without_the_amounts_decides_only_what_they_cannot_change(plan):
    screened = screen_plan(plan, sort=False).set_index("id")
    outcomes = rule_outcomes(plan)
    assert {plan_id: PROCEDURE_LABELS[outcome] for plan_id, outcome in outcomes.items()} == \
        screened["forfarande"].astype(str).to_dict()
    below = screened["uppskattat_varde_kr"] < GENERAL_LIMIT
    assert (screened.loc[below, "forfarande"] == PROCEDURE_LABELS["direct_award"]).all()
    assert screened.loc[~below, "saknat_belopp"].all() and not screened.loc[below, "saknat_belopp"].any()
    assert not screened["arbetsrattsliga_villkor"].any()


def test_screen_plan_with_typed_amounts_decides_everything_as_the_single_rule(plan):
    screened = screen_plan(plan, sort=False, own_amounts=OWN).set_index("id")
    assert not screened["saknat_belopp"].any()
    outcomes = rule_outcomes(plan, OWN)
    assert {plan_id: PROCEDURE_LABELS[outcome] for plan_id, outcome in outcomes.items()} == \
        screened["forfarande"].astype(str).to_dict()
    assert set(screened.index[screened["arbetsrattsliga_villkor"]]) == rule_labour_conditions(plan, OWN)[0]


def test_a_typed_amount_never_replaces_one_the_table_has(plan, plan_period_without_kronor):
    table = plan_period_without_kronor
    table.loc[(table["typ"] == WORKS) & table["belopp_kr"].isna(), "belopp_kr"] = 60_000_000  # as if verified
    screened = screen_plan(plan, sort=False, own_amounts=OWN).set_index("id")
    assert screened.loc["UP-035", "forfarande"] == PROCEDURE_LABELS["above_threshold"]   # 61 500 000 kr
    assert screened.loc["UP-036", "forfarande"] == PROCEDURE_LABELS["below_threshold"]   # 3 800 000 kr
    changed = plan.copy()
    changed.loc[changed["id"] == "UP-036", "uppskattat_varde_kr"] = OWN[WORKS]  # over the typed amount, under the table's
    assert screen_plan(changed, own_amounts=OWN).set_index("id").loc["UP-036", "forfarande"] == \
        PROCEDURE_LABELS["below_threshold"]


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

@pytest.mark.parametrize("own", [None, OWN])
def test_task_1_agrees_with_the_single_rule(plan, own):
    department = exercise.scenario_department(plan)
    assert set(exercise.direct_awards(plan, department, own)["id"]) == rule_direct_awards(plan, department, own)
    outcomes = rule_outcomes(plan[plan["forvaltning"] == department], own)
    assert set(exercise.undecided_direct_awards(plan, department, own)["id"]) == \
        {plan_id for plan_id, outcome in outcomes.items() if outcome == "needs_figure"}


def test_task_1_feedback_with_typed_amounts(plan):
    department = exercise.scenario_department(plan)
    right = len(rule_direct_awards(plan, department, OWN))
    assert is_right(exercise.task_1(right, plan, OWN))
    assert is_right(exercise.task_1(str(right), plan, OWN))
    said = f"I {department} får {right} av {(plan['forvaltning'] == department).sum()} upphandlingar"
    assert said in text(exercise.task_1(right, plan, OWN))
    wrong = exercise.task_1(right + 1, plan, OWN)
    assert is_wrong(wrong) and f"Du svarade {right + 1}. Det är för många." in text(wrong)
    assert said not in text(wrong) and f"Välj {department} i verktyget" in text(wrong)
    assert "Det är för få." in text(exercise.task_1(right - 1, plan, OWN))
    assert "som du har skrivit in" in text(wrong)
    assert is_missing(exercise.task_1(None, plan, OWN))
    malformed = exercise.task_1("femton", plan, OWN)
    assert is_wrong(malformed) and "Svaret ska vara ett tal, men du skrev 'femton'." in text(malformed)


def test_task_1_without_the_amounts_says_what_it_checked_and_never_guesses(plan):
    department = exercise.scenario_department(plan)
    decided = len(rule_direct_awards(plan, department))
    undecided = sorted(exercise.undecided_direct_awards(plan, department)["id"])
    assert undecided, "the shipped plan has bilaga 2 services that depend on the missing threshold"
    for answer in (decided, decided + len(undecided), str(decided + 1)):
        feedback = exercise.task_1(answer, plan)
        assert is_undecided(feedback)
        said = text(feedback)
        assert f"Sållningen kan avgöra att {decided} av" in said
        assert f"rätt svar ligger mellan {decided} och {decided + len(undecided)}" in said
        assert all(plan_id in said for plan_id in undecided)
        assert "tröskelvärdet för sociala och andra särskilda tjänster" in said and missing_period(plan) in said
        assert PUBLISHED_AT in said
    for answer in (decided - 1, decided + len(undecided) + 1, 2.5 + decided):
        assert is_wrong(exercise.task_1(answer, plan))
    assert is_missing(exercise.task_1(None, plan))
    assert "Svaret ska vara ett tal, men du skrev 'femton'." in text(exercise.task_1("femton", plan))


@pytest.mark.parametrize("own", [None, OWN])
def test_task_1_names_the_exact_limit_cases(plan, own):
    department = exercise.scenario_department(plan)
    only = plan[plan["forvaltning"] == department]
    exact = sorted(only.loc[exercise.at_direct_award_limit(only, own), "id"])
    assert exact
    feedback = text(exercise.task_1(0, plan, own))
    assert parameter("direktupphandling_vid_exakt_gransen") == 0
    for plan_id in exact:
        assert plan_id in feedback
        assert plan_id not in rule_direct_awards(plan, department, own)  # exactly at the limit: not a direct award
    assert "räknas inte som direktupphandling (värdet ska understiga gränsen, 19 a kap. 2 § LOU)" in feedback


def test_task_1_explains_annex2_services_at_the_general_limit(plan):
    cases = plan[(plan["bilaga2_tjanst"] == "ja") & (plan["uppskattat_varde_kr"] == GENERAL_LIMIT)]
    if cases.empty:
        pytest.skip("the plan has no bilaga 2 service at exactly the general limit")
    department = cases["forvaltning"].iloc[0]
    only = plan[plan["forvaltning"] == department]
    ids = set(cases.loc[cases["forvaltning"] == department, "id"])
    at_limit = f"exakt {kronor(GENERAL_LIMIT)}".replace("\u00a0", " ")
    with_amount = text(exercise.task_1(0, only, OWN))
    assert at_limit in with_amount and f"är gränsen {kronor(OWN[SOCIAL_SERVICES])}".replace("\u00a0", " ") in with_amount
    assert ids <= rule_direct_awards(only, department, OWN)
    without = text(exercise.task_1(0, only))
    assert at_limit in without and "och det beloppet saknas" in without
    assert not ids & rule_direct_awards(only, department)  # not decided without the amount


def test_task_1_a_non_annex2_procurement_at_exactly_700_000_is_not_a_direct_award(plan):
    """Decided even without the thresholds in kronor: the fixed limit is known."""
    changed = plan.copy()
    row = changed.index[(changed["bilaga2_tjanst"] == "nej") & (changed["uppskattat_varde_kr"] < GENERAL_LIMIT)][0]
    changed.loc[row, "uppskattat_varde_kr"] = GENERAL_LIMIT
    plan_id, department = changed.loc[row, "id"], changed.loc[row, "forvaltning"]
    only = changed[changed["forvaltning"] == department]
    assert exercise.at_direct_award_limit(only)[row]
    assert plan_id not in rule_direct_awards(only, department)
    assert plan_id not in set(exercise.direct_awards(only, department)["id"])
    feedback = text(exercise.task_1(0, only))
    assert f"{plan_id} ligger exakt på sin gräns och räknas inte som direktupphandling" in feedback


def test_task_1_at_the_typed_annex2_threshold_and_one_krona_under(plan):
    department = exercise.scenario_department(plan)
    changed = plan.copy()
    annex2 = changed.index[(changed["forvaltning"] == department) & (changed["bilaga2_tjanst"] == "ja")]
    at, under = annex2[0], annex2[1]
    changed.loc[at, "uppskattat_varde_kr"] = OWN[SOCIAL_SERVICES]
    changed.loc[under, "uppskattat_varde_kr"] = OWN[SOCIAL_SERVICES] - 1
    awards = set(exercise.direct_awards(changed, department, OWN)["id"])
    assert awards == rule_direct_awards(changed, department, OWN)
    assert changed.loc[at, "id"] not in awards and changed.loc[under, "id"] in awards
    feedback = text(exercise.task_1(len(awards), changed, OWN))
    assert re.search(rf"{changed.loc[at, 'id']}[^.]* ligger exakt på sin gräns", feedback)
    assert not re.search(rf"{changed.loc[under, 'id']}[^.]* ligger exakt på sin gräns", feedback)
    assert is_right(exercise.task_1(len(awards), changed, OWN))


# --- task 2 -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("own", [None, OWN])
def test_task_2_agrees_with_the_single_rule_and_the_page_solution(plan, other_plan, own):
    for data in (plan, other_plan):
        expected = exercise.labour_condition_ids(data, own)
        undecided = exercise.undecided_labour_condition_ids(data, own)
        assert (expected, undecided) == rule_labour_conditions(data, own)
        assert (expected, undecided) == page_solution_task_2(data, own)
    if own is None:
        assert exercise.undecided_labour_condition_ids(plan) and not exercise.labour_condition_ids(plan)
    else:
        assert exercise.labour_condition_ids(plan, own) and not exercise.undecided_labour_condition_ids(plan, own)


def test_task_2_feedback_with_typed_amounts(plan):
    expected = rule_labour_conditions(plan, OWN)[0]
    assert is_right(exercise.task_2(sorted(expected), plan, OWN))
    assert is_right(exercise.task_2(", ".join(sorted(expected)).lower(), plan, OWN))
    assert is_right(exercise.task_2(" ".join(sorted(expected)), plan, OWN))
    assert is_right(exercise.task_2(pd.Series(sorted(expected)), plan, OWN))
    dropped, extra = sorted(expected)[0], "UP-001"
    assert extra not in expected
    wrong = text(exercise.task_2(sorted(expected - {dropped}) + [extra], plan, OWN))
    assert "Inte rätt än." in wrong
    assert "som saknas i ditt svar: 1" in wrong and "ska inte vara med (UP-001)" in wrong
    assert "17 kap. 2 § LOU" in wrong
    assert is_missing(exercise.task_2(None, plan, OWN))
    for malformed in (9, {"id": "UP-009"}):
        feedback = exercise.task_2(malformed, plan, OWN)
        assert is_wrong(feedback) and "Svaret ska vara en lista med id" in text(feedback)


def test_task_2_at_the_typed_thresholds_and_one_krona_under(plan):
    changed = plan.copy()
    goods = changed.index[(changed["bilaga2_tjanst"] == "nej") & ~changed["cpv_kod"].str.startswith("45")]
    works = changed.index[changed["cpv_kod"].str.startswith("45")]
    cases = {goods[0]: OWN[OTHER_GOODS_AND_SERVICES], goods[1]: OWN[OTHER_GOODS_AND_SERVICES] - 1,
             works[0]: OWN[WORKS], works[1]: OWN[WORKS] - 1}
    for row, value in cases.items():
        changed.loc[row, "uppskattat_varde_kr"] = value
    at = sorted(changed.loc[[goods[0], works[0]], "id"])
    under = set(changed.loc[[goods[1], works[1]], "id"])
    expected = exercise.labour_condition_ids(changed, OWN)
    assert expected == rule_labour_conditions(changed, OWN)[0]
    assert set(at) <= expected and not under & expected  # exactly at the threshold counts as reaching it
    assert exercise.at_threshold_ids(changed, OWN) == at
    named = f"{at[0]} och {at[1]} ligger exakt på tröskelvärdet och ska vara med"
    assert named in text(exercise.task_2(sorted(expected), changed, OWN))
    assert is_right(exercise.task_2(sorted(expected), changed, OWN))
    wrong = text(exercise.task_2([], changed, OWN))  # a wrong answer is told about the rule, not which ones
    assert named not in wrong and "Ett värde exakt på tröskelvärdet räknas som över" in wrong
    assert not any(plan_id in wrong for plan_id in at)


def test_task_2_without_the_amounts_says_what_it_checked_and_never_guesses(plan):
    undecided = exercise.undecided_labour_condition_ids(plan)
    annex2, cheap = "UP-001", "UP-059"  # a bilaga 2 service and a purchase below 700 000 kr: never in the list
    assert not {annex2, cheap} & undecided
    for answer in ([], sorted(undecided), sorted(undecided)[:2]):
        feedback = exercise.task_2(answer, plan)
        assert is_undecided(feedback)
        said = text(feedback)
        assert all(plan_id in said for plan_id in undecided)
        assert "tröskelvärdet för varor och tjänster (övriga upphandlande myndigheter)" in said
        assert "tröskelvärdet för byggentreprenader" in said and missing_period(plan) in said
        assert "Kontrollen har prövat resten" in said
    wrong = exercise.task_2(sorted(undecided) + [annex2, cheap], plan)
    assert is_wrong(wrong) and f"ska inte vara med, oavsett beloppen ({annex2}, {cheap})" in text(wrong)
    assert is_missing(exercise.task_2(None, plan))
    assert "Svaret ska vara en lista med id" in text(exercise.task_2(9, plan))


def test_task_2_with_no_match_expects_an_empty_list(plan):
    cheap = plan[plan["uppskattat_varde_kr"] < GENERAL_LIMIT]
    assert exercise.labour_condition_ids(cheap) == set() == exercise.undecided_labour_condition_ids(cheap)
    assert is_right(exercise.task_2([], cheap))  # decided without the thresholds: below the fixed limit
    assert "tom lista" in text(exercise.task_2([], cheap))
    wrong = text(exercise.task_2(["UP-001"], cheap))
    assert "ska inte vara med (UP-001)" in wrong and "tom lista" not in wrong


# --- task 3 -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("own", [None, OWN])
def test_task_3_agrees_with_the_page_solution(plan, other_plan, own):
    for data in (plan, other_plan):
        assert exercise.top_five(data, own) == page_solution_task_3(data, own)


def test_task_3_ranks_by_priority_then_value(plan):
    top = exercise.top_five(plan, OWN)
    screened = screen_plan(plan, own_amounts=OWN).set_index("id")
    assert len(top) == 5
    rest = screened.drop(index=top)
    lowest = screened.loc[top[-1]]
    assert (rest["prioritet"] <= lowest["prioritet"]).all()
    same = rest[rest["prioritet"] == lowest["prioritet"]]
    assert (same["uppskattat_varde_kr"] <= lowest["uppskattat_varde_kr"]).all()


def test_task_3_feedback_with_typed_amounts(plan):
    top = exercise.top_five(plan, OWN)
    assert exercise.top_five_bounds(plan, OWN)[0] == set(top) and not exercise.top_five_bounds(plan, OWN)[2]
    assert is_right(exercise.task_3(top, plan, OWN))
    assert is_right(exercise.task_3(list(reversed(top)), plan, OWN))
    wrong = text(exercise.task_3(top[:4], plan, OWN))
    assert "Inte rätt än." in wrong and "som saknas i ditt svar: 1" in wrong
    months = int(parameter("sysselsattningskrav_min_manader"))
    assert f"minst {months} månader (kursens egen tumregel)" in wrong
    assert "19 kap. 25 § LOU" in wrong
    assert is_missing(exercise.task_3(None, plan, OWN))
    malformed = exercise.task_3(5, plan, OWN)
    assert is_wrong(malformed) and "Svaret ska vara en lista med id" in text(malformed)


def threshold_choices(plan: pd.DataFrame):
    """Every way the missing thresholds can split the plan: for each kind, a cut at each value of
    the procurements it decides, or above them all."""
    screened = screen_plan(plan, sort=False)
    open_rows = screened[screened["saknat_belopp"] & (screened["bilaga2_tjanst"] != "ja")]
    works = open_rows["cpv_kod"].str.startswith("45")
    cuts = [sorted(set(open_rows.loc[rows, "uppskattat_varde_kr"])) for rows in (~works, works)]
    for goods, building in itertools.product(*[[*values, max(values) + 1] for values in cuts]):
        yield {OTHER_GOODS_AND_SERVICES: goods, WORKS: building}


def test_task_3_without_the_amounts_keeps_only_what_holds_for_every_threshold(plan):
    surely_in, surely_out, undecided = exercise.top_five_bounds(plan)
    assert undecided and surely_in, "the shipped plan's top five depends on the missing thresholds"
    assert surely_in | surely_out | undecided == set(plan["id"])
    possible = set()
    for own in threshold_choices(plan):
        top = set(exercise.top_five(plan, own))
        assert surely_in <= top and not top & surely_out, own
        possible |= top
    assert possible - surely_in <= undecided


def test_task_3_without_the_amounts_says_what_it_checked_and_never_guesses(plan):
    surely_in, surely_out, undecided = exercise.top_five_bounds(plan)
    one_possible = exercise.top_five(plan, next(threshold_choices(plan)))
    feedback = exercise.task_3(one_possible, plan)
    assert is_undecided(feedback)
    said = text(feedback)
    assert all(plan_id in said for plan_id in surely_in | undecided)
    assert "är bland de fem oavsett de belopp som saknas" in said and missing_period(plan) in said
    outside = sorted(surely_out)[0]
    wrong = exercise.task_3(sorted(surely_in) + [outside] + sorted(undecided)[: 4 - len(surely_in)], plan)
    assert is_wrong(wrong) and f"ska inte vara med, oavsett beloppen ({outside})" in text(wrong)
    lacking = exercise.task_3(sorted(undecided)[:5], plan)
    assert is_wrong(lacking) and "ska vara med oavsett beloppen" in text(lacking)
    short = exercise.task_3(sorted(surely_in), plan)
    assert is_wrong(short) and f"Svaret ska ha 5 id, men ditt svar har {len(surely_in)}" in text(short)
    assert is_missing(exercise.task_3(None, plan))


def test_task_3_on_a_plan_without_priorities(plan):
    short = plan[plan["id"].isin(["UP-008", "UP-043"])].assign(avtalstid_manader=3)
    assert exercise.top_five(short, OWN) == []
    assert is_right(exercise.task_3([], short, OWN))
    # Without the threshold UP-008 (700 000 kr, goods) may still need labour-law conditions: priority 0 or 1.
    assert exercise.top_five_bounds(short) == (set(), {"UP-043"}, {"UP-008"})
    assert is_undecided(exercise.task_3([], short))
    assert is_wrong(exercise.task_3(["UP-043"], short))


# --- a wrong answer is told what is wrong, never the right answer -------------------------------------------

def mentioned_ids(plan: pd.DataFrame, said: str) -> set[str]:
    return {plan_id for plan_id in plan["id"] if re.search(rf"(?<![\w-]){re.escape(plan_id)}(?![\w-])", said)}


def visible(feedback) -> str:
    return re.sub(r"<[^>]+>", "", text(feedback))


def raw_text(feedback) -> str:
    """The visible text with the no-break spaces kept (they join the digits of an amount)."""
    return html.unescape(re.sub(r"<[^>]+>", "", feedback.data))


@pytest.mark.parametrize("own", [None, OWN])
def test_task_1_a_wrong_answer_does_not_give_the_count(plan, other_plan, own):
    for data in (plan, other_plan):
        verdict = exercise.task_1_verdict(data, own)
        low, high = (verdict.expected, verdict.expected) if isinstance(verdict, exercise.NumberQuestion) else \
            (verdict.low, verdict.high)
        department = exercise.scenario_department(data)
        total = (data["forvaltning"] == department).sum()
        fixed = set(re.findall(r"\d+", " ".join(exercise.TEXTS.values()) + exercise.missing_text(data, own)))
        for typed in (high + 7, low - 3, "tre", f"{low},5"):
            said = raw_text(exercise.task_1(typed, data, own))
            assert said.startswith("Inte rätt än.")
            assert f"får {low} av {total}" not in said and f"mellan {low} och {high}" not in said
            rest = said.replace(f"Du svarade {typed}.", "")
            for number in {low, high} - {int(n) for n in fixed}:
                assert not re.search(rf"(?<![\d,\-\u00a0]){number}(?![\d,\u00a0])", rest), (number, rest)


@pytest.mark.parametrize("own", [None, OWN])
@pytest.mark.parametrize("task", [2, 3])
def test_tasks_2_and_3_a_wrong_answer_names_only_the_readers_own_ids(plan, other_plan, own, task):
    """A wrong list is told how many are missing and which of its own ids cannot be there; no id
    that belongs in the list (or may belong in it) is named, nor an edge case that is in it."""
    check = getattr(exercise, f"task_{task}")
    for data in (plan, other_plan):
        verdict = getattr(exercise, f"task_{task}_verdict")(data, own)
        must, may = sorted(verdict.must), sorted(verdict.may)
        outside = sorted(set(data["id"]) - set(may))[:2]
        for given in (must[:-1], must[1:] + outside, outside, [*may, *outside], []):
            feedback = check(given, data, own)
            if is_right(feedback) or is_undecided(feedback):
                continue
            assert is_wrong(feedback)
            said = text(feedback)
            assert mentioned_ids(data, said) <= set(given), (given, said)
        if verdict.decided:
            assert is_right(check(must, data, own))
        elif task == 2:  # an answer that fits every missing amount is told which ones are open
            fits = check(may, data, own)
            assert is_undecided(fits) and mentioned_ids(data, text(fits)) >= set(may)


# --- the answer boxes on the web page -------------------------------------------------------------------

def test_the_questions_are_asked_as_a_number_and_as_lists(plan):
    from upphandlingskurs.feedback import NumberQuestion, SetQuestion

    assert isinstance(exercise.task_1_question(plan), NumberQuestion)
    assert isinstance(exercise.task_2_question(plan), SetQuestion)
    assert isinstance(exercise.task_3_question(plan), SetQuestion)
    for task in (1, 2, 3):
        data = getattr(exercise, f"task_{task}_question")(plan).to_data()
        assert data["kind"] == "plan-screening" and data["task"] == task
        assert data["list"]["upper"] is True
        assert data["texts"] == {key: exercise.TEXTS[key]
                                 for key in (*exercise.PAGE_TEXT_KEYS["all"], *exercise.PAGE_TEXT_KEYS[task])}
    department = exercise.scenario_department(plan)
    assert exercise.task_1_question(plan).to_data()["department"] == department
    assert exercise.task_1_question(plan).to_data()["general"] == [GENERAL_LIMIT]


def test_the_page_check_uses_the_tools_amounts_and_says_where_to_type_them(plan):
    typed = {kind: str(value) for kind, value in OWN.items()}
    for task in (1, 2, 3):
        verdict = exercise.VERDICTS[task](plan, OWN)
        right = verdict.expected if isinstance(verdict, exercise.NumberQuestion) else ", ".join(sorted(verdict.must))
        assert is_right(exercise.page_check(task, plan, str(right), typed))
        without = text(exercise.page_check(task, plan, "UP-001" if task > 1 else "0", {}))
        assert "i fälten i verktyget i uppgift 1" in without and "kör cellerna" not in without
        refused = exercise.page_check(task, plan, "1", {WORKS: "mycket"})
        assert "kurs-svar-tomt" in refused.data
        assert visible(refused) == ("Kontrollera beloppen i verktyget: Tröskelvärdet för byggentreprenader i kronor "
                                 "ska vara ett heltal, inte 'mycket'.")


def test_a_list_of_ids_may_be_written_as_the_answer_box_gets_it(plan):
    expected = sorted(exercise.labour_condition_ids(plan, OWN))
    for typed in (repr(expected), "[" + ", ".join(f'"{plan_id}"' for plan_id in expected) + "]",
                  "; ".join(expected).lower(), "\t".join(expected), "\u00a0".join(expected)):
        assert is_right(exercise.task_2(typed, plan, OWN)), typed
    assert is_right(exercise.task_2(pd.DataFrame({"id": expected}), plan, OWN))
