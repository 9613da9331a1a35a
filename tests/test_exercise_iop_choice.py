"""Exercise 6's answer checks: right, wrong, missing and malformed answers, on the shipped data and on
generated data, with every expectation computed from the package's rules."""

from __future__ import annotations

import html
import shutil

import pandas as pd
import pytest

from upphandlingskurs import data, load_table
from upphandlingskurs.exercises import iop_choice as checks
from upphandlingskurs.lagrum import check_text
from upphandlingskurs.rules import check_reserved_participation, check_welfare_reservation
from upphandlingskurs.rules.parameters import clear_cache
from upphandlingskurs.screening import find_enterprises
from upphandlingskurs.synthetic import generate_enterprises

RIGHT, WRONG, MISSING = "Rätt.", "Inte rätt än.", "Inget svar ännu."
CHOOSE = "Välj ett av alternativen"


@pytest.fixture(scope="module")
def enterprises():
    return load_table("foretag")


def text(feedback) -> str:
    return html.unescape(feedback.data)


def choice_tasks(enterprises):
    """Each choice task as a function of the answer alone, with its expected route."""
    return {
        "task_1": (checks.task_1, checks.IOP),
        "task_2": (lambda answer: checks.task_2(answer, enterprises), checks.case_2_answer(enterprises)),
        "task_3": (checks.task_3, checks.case_3_answer()),
        "task_4": (lambda answer: checks.task_4(answer, enterprises), checks.ORDINARY),
        "task_5": (checks.task_5, checks.IDEA_BASED),
    }


def expected_case_2(enterprises) -> str:
    """Independently of the module: does a green-space organisation in the municipality pass the rule?"""
    kommun = checks.scenario_municipality(enterprises)
    garden = find_enterprises(enterprises, kommun=kommun, industry=checks.GARDEN)
    allowed = [
        check_reserved_participation(row.antal_sysselsatta, row.antal_malgrupp, row.syfte_integration).outcome == "allowed"
        for row in garden.itertuples(index=False)
    ]
    return checks.INTEGRATION if any(allowed) else checks.ORDINARY


# --- the choice tasks -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["task_1", "task_2", "task_3", "task_4", "task_5"])
def test_choice_tasks_right_wrong_missing_malformed(name, enterprises):
    task, correct = choice_tasks(enterprises)[name]
    assert RIGHT in text(task(correct))
    assert RIGHT in text(task(f"  {correct.upper()} "))  # case and spaces do not matter
    for option in checks.OPTIONS:
        if option != correct:
            assert WRONG in text(task(option)), option
    assert MISSING in text(task(None))
    for malformed in (42, "köp", "reservation", ""):
        feedback = text(task(malformed))
        assert WRONG in feedback and CHOOSE in feedback


@pytest.mark.parametrize("name", ["task_1", "task_2", "task_3", "task_4", "task_5"])
def test_every_option_is_explained_and_cites_registered_law(name, enterprises):
    task, _ = choice_tasks(enterprises)[name]
    explanations = [text(task(option)) for option in checks.OPTIONS]
    assert len(set(explanations)) == len(checks.OPTIONS)  # each option has its own explanation
    for explanation in explanations:
        assert check_text(explanation) == [], explanation


def test_short_forms_are_accepted():
    assert RIGHT in text(checks.task_5("19 kap. 25 a § LOU"))
    assert RIGHT in text(checks.task_5("19 kap.\u00a025 a §"))  # copied with a no-break space
    assert RIGHT in text(checks.task_1("Idéburet offentligt partnerskap"))
    assert RIGHT in text(checks.task_4(checks.ORDINARY + ".", load_table("foretag")))
    assert WRONG in text(checks.task_5("19 kap. 25 §"))
    assert RIGHT in text(checks.task_4("vanlig upphandling", load_table("foretag")))


def test_case_1_is_iop_because_of_the_criteria():
    feedback = text(checks.task_1(checks.IOP))
    assert "Borlänge kommuns kriterier" in feedback and "tänkt som ett partnerskap" in feedback
    assert "ingen marknad" in text(checks.task_1(checks.ORDINARY))


def test_case_2_follows_the_suppliers_in_the_data(enterprises):
    assert checks.case_2_answer(enterprises) == expected_case_2(enterprises)
    if checks.case_2_answer(enterprises) == checks.INTEGRATION:
        first = checks.qualified_garden_suppliers(enterprises).iloc[0]
        assert first["namn"] in text(checks.task_2(checks.INTEGRATION, enterprises))


def test_case_2_without_qualifying_suppliers_is_an_ordinary_procurement():
    generated = generate_enterprises(40, seed=4)
    assert checks.qualified_garden_suppliers(generated).empty
    assert checks.case_2_answer(generated) == expected_case_2(generated) == checks.ORDINARY
    feedback = text(checks.task_2(checks.INTEGRATION, generated))
    assert WRONG in feedback and "inte ge några anbud" in feedback
    assert RIGHT in text(checks.task_2(checks.ORDINARY, generated))


def test_case_3_shows_the_rules_reasons():
    decision = check_welfare_reservation(checks.SPORT_CPV, "ja", "ja", "ja", checks.SPORT_MONTHS,
                                         on_date=checks.CHECK_DATE)
    assert checks.case_3_answer() == (checks.WELFARE if decision.outcome == "allowed" else checks.ORDINARY)
    feedback = text(checks.task_3(checks.WELFARE))
    assert decision.summary in feedback
    assert all(reason in feedback for reason in decision.reasons)


def test_case_3_follows_the_list_of_reservable_services(tmp_path, monkeypatch):
    for csv in data.DATA_DIR.glob("*.csv"):
        shutil.copy(csv, tmp_path / csv.name)
    ranges = pd.read_csv(tmp_path / "cpv_reserverbara.csv", dtype=str)
    ranges[ranges["cpv_fran"] != checks.SPORT_CPV].to_csv(tmp_path / "cpv_reserverbara.csv", index=False)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(data, "DATA_DIR", tmp_path)
            clear_cache()
            assert checks.case_3_answer() == checks.ORDINARY
            assert RIGHT in text(checks.task_3(checks.ORDINARY))
            feedback = text(checks.task_3(checks.WELFARE))
            assert WRONG in feedback and "finns inte bland de tjänster" in feedback
    finally:
        clear_cache()
    assert checks.case_3_answer() == checks.WELFARE


def test_case_4_sizes_the_employment_requirement(enterprises):
    requirement = checks.case_4_requirement()
    assert requirement.facts["total_months"] == checks.CLEANING_PERSONS * checks.CLEANING_MONTHS_PER_PERSON
    feedback = text(checks.task_4(checks.ORDINARY, enterprises))
    assert "17 kap. 1 § LOU" in feedback and requirement.summary in feedback
    cleaning = checks.qualified_cleaning_suppliers(enterprises)
    assert f"finns {len(cleaning)} organisation" in text(checks.task_4(checks.INTEGRATION, enterprises))


def test_case_5_warns_with_alingsas_and_applies_the_three_year_limit():
    assert "Alingsås" in text(checks.task_5(checks.IOP))
    decision = check_welfare_reservation(checks.HOUSING_CPV, "ja", "ja", "ja", checks.HOUSING_MONTHS,
                                         on_date=checks.CHECK_DATE)
    assert decision.outcome == "not_allowed"
    feedback = text(checks.task_5(checks.WELFARE))
    assert WRONG in feedback and all(reason in feedback for reason in decision.reasons)


# --- task 6: the registered idéburna organisations ----------------------------------------------------

def test_task_6_right_wrong_missing_malformed(enterprises):
    registered = enterprises.loc[
        (enterprises["typ"] == "idéburen organisation") & (enterprises["registrerad_ideburen"] == "ja"), "namn"
    ]
    expected = set(registered)
    assert expected == checks.registered_idea_based(enterprises)
    assert RIGHT in text(checks.task_6(registered, enterprises))  # a pandas column
    assert RIGHT in text(checks.task_6(sorted(expected), enterprises))  # a list
    assert RIGHT in text(checks.task_6(", ".join(sorted(expected)), enterprises))  # one string
    assert RIGHT in text(checks.task_6(enterprises[enterprises["namn"].isin(expected)], enterprises))  # a table
    feedback = text(checks.task_6(sorted(expected)[1:], enterprises))
    assert WRONG in feedback and "som saknas i ditt svar: 1" in feedback and "frivillig" in feedback
    extra = enterprises.loc[enterprises["registrerad_ideburen"] == "nej", "namn"].iloc[0]
    feedback = text(checks.task_6([*expected, extra], enterprises))
    assert WRONG in feedback and extra in feedback
    assert MISSING in text(checks.task_6(None, enterprises))
    assert "ska vara en lista" in text(checks.task_6(5, enterprises))
    assert "ingen kolumn namn" in text(checks.task_6(enterprises[["kommun"]], enterprises))


def test_task_6_counts_in_the_feedback(enterprises):
    expected = checks.registered_idea_based(enterprises)
    idea_based = int((enterprises["typ"] == "idéburen organisation").sum())
    feedback = text(checks.task_6(sorted(expected), enterprises))
    assert f"{len(expected)} av de {idea_based} idéburna organisationerna" in feedback


def test_task_6_with_no_registered_organisation(enterprises):
    none_registered = enterprises.assign(registrerad_ideburen="nej")
    assert RIGHT in text(checks.task_6([], none_registered))
    assert "tom lista" in text(checks.task_6(["något"], none_registered))


# --- the scenario follows the data ----------------------------------------------------------------------

def test_scenario_follows_the_data():
    for seed in (3, 4, 7):
        generated = generate_enterprises(40, seed=seed)
        kommun = checks.scenario_municipality(generated)
        assert kommun in set(generated["kommun"])
        assert (checks.garden_suppliers(generated)["kommun"] == kommun).all()
        assert checks.case_2_answer(generated) == expected_case_2(generated)
        assert checks.registered_idea_based(generated) <= set(generated["namn"])


def test_an_empty_list_still_gives_a_scenario(enterprises):
    empty = enterprises.iloc[0:0]
    assert checks.scenario_municipality(empty) == checks.FALLBACK_MUNICIPALITY
    assert checks.case_2_answer(empty) == checks.ORDINARY
    assert "ingen organisation" in text(checks.show_garden_suppliers(empty))
    assert RIGHT in text(checks.task_6([], empty))
    assert RIGHT in text(checks.task_4(checks.ORDINARY, empty))
