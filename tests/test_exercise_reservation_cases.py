"""Exercise 2's answer checks: right, wrong, missing and malformed answers, and scenario cases that
follow the data (the shipped files, a generated enterprise list and cut-down plans)."""

from __future__ import annotations

import pandas as pd
import pytest

from upphandlingskurs import load_table
from upphandlingskurs.exercises import reservation_cases as checks
from upphandlingskurs.rules import check_reserved_participation
from upphandlingskurs.rules.parameters import parameter
from upphandlingskurs.screening import meets_share_requirement, reservable_cpv
from upphandlingskurs.synthetic import generate_enterprises


@pytest.fixture(scope="module")
def enterprises():
    return load_table("foretag")


@pytest.fixture(scope="module")
def plan():
    return load_table("upphandlingsplan")


def text(feedback) -> str:
    return feedback.data


def share(row) -> float:
    return 100 * row["antal_malgrupp"] / row["antal_sysselsatta"]


# --- the scenario's enterprise --------------------------------------------------------------------

@pytest.mark.parametrize("source", ["shipped", "generated"])
def test_scenario_enterprise_is_closest_to_the_share_requirement(enterprises, source):
    table = enterprises if source == "shipped" else generate_enterprises(40, seed=7)
    chosen = checks.scenario_enterprise(table)
    occupied = table[table["antal_sysselsatta"] > 0]
    distances = (occupied.apply(share, axis=1) - parameter("andelskrav_procent")).abs()
    assert abs(share(chosen) - parameter("andelskrav_procent")) == pytest.approx(distances.min())


def test_a_tie_goes_to_the_first_name_in_swedish_alphabetical_order(enterprises):
    tied = enterprises.head(3).copy()
    tied["antal_sysselsatta"], tied["antal_malgrupp"] = 10, 3
    tied["namn"] = ["Östbackens ek. för.", "Ängsbackens ek. för.", "Åsbackens ek. för."]
    assert checks.scenario_enterprise(tied)["namn"] == "Åsbackens ek. för."
    names = ["Östra", "Ängen", "Åby", "Zeta"]
    assert sorted(names, key=checks.swedish_sort_key) == ["Zeta", "Åby", "Ängen", "Östra"]


def test_an_enterprise_without_anyone_occupied_is_chosen_only_if_nobody_has_anyone(enterprises):
    table = enterprises.head(3).copy()
    table["antal_sysselsatta"], table["antal_malgrupp"] = [0, 0, 40], [0, 0, 0]
    assert checks.scenario_enterprise(table)["namn"] == table["namn"].iloc[2]
    table["antal_sysselsatta"] = 0
    chosen = checks.scenario_enterprise(table)
    assert chosen["namn"] == min(table["namn"], key=checks.swedish_sort_key)
    assert "Rätt." in text(checks.task_1("nej", table))


# --- task 1 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["shipped", "generated"])
def test_task_1(enterprises, source):
    table = enterprises if source == "shipped" else generate_enterprises(40, seed=7)
    row = checks.scenario_enterprise(table)
    decision = check_reserved_participation(
        int(row["antal_sysselsatta"]), int(row["antal_malgrupp"]), row["syfte_integration"]
    )
    right, wrong = ("ja", "nej") if decision.outcome == "allowed" else ("nej", "ja")
    assert "Rätt." in text(checks.task_1(right, table))
    assert "Rätt." in text(checks.task_1(f" {right.upper()} ", table))
    feedback = text(checks.task_1(wrong, table))
    assert "Inte rätt än." in feedback and row["namn"] in feedback and "andelskravet" in feedback
    assert "Inget svar ännu." in text(checks.task_1(None, table))
    assert "Välj ett av alternativen: ja, nej. Du skrev &#x27;kanske&#x27;." in text(checks.task_1("kanske", table))


def test_task_1_on_the_shipped_list_turns_on_the_purpose_requirement(enterprises):
    # The shipped list's closest case meets the share exactly but lacks the integration purpose.
    row = checks.scenario_enterprise(enterprises)
    assert share(row) == parameter("andelskrav_procent") and row["syfte_integration"] == "nej"
    feedback = text(checks.task_1("nej", enterprises))
    assert "Rätt." in feedback
    assert "verksamhetskravet är inte uppfyllt" in feedback and "Andelskravet räcker inte ensamt" in feedback
    # A wrong answer is told what to try, not the verdict.
    feedback = text(checks.task_1("ja", enterprises))
    assert "Inte rätt än." in feedback and "båda kraven" in feedback
    assert "inte uppfyllt" not in feedback and "får därför inte delta" not in feedback


# --- task 2 ---------------------------------------------------------------------------------------

def page_solution(table: pd.DataFrame) -> list[str]:
    """The pandas code that the page shows as the solution of task 2."""
    andel = table["antal_malgrupp"] / table["antal_sysselsatta"]
    andelskravet = andel >= 0.30
    verksamhetskravet = table["syfte_integration"] == "ja"
    return list(table.loc[andelskravet & verksamhetskravet, "namn"])


@pytest.mark.parametrize("source", ["shipped", "generated"])
def test_task_2_and_the_page_solution_agree_with_the_rules(enterprises, source):
    table = enterprises if source == "shipped" else generate_enterprises(40, seed=7)
    expected = set(table.loc[meets_share_requirement(table) & (table["syfte_integration"] == "ja"), "namn"])
    assert checks.qualifying_enterprises(table) == expected
    assert set(page_solution(table)) == expected
    assert "Rätt." in text(checks.task_2(page_solution(table), table))


def test_task_2(enterprises):
    expected = sorted(checks.qualifying_enterprises(enterprises))
    assert "Rätt." in text(checks.task_2(expected, enterprises))
    assert "Rätt." in text(checks.task_2(list(reversed(expected)), enterprises))
    assert "Rätt." in text(checks.task_2(pd.Series(expected), enterprises))
    assert "Rätt." in text(checks.task_2(", ".join(expected), enterprises))
    missing_one = text(checks.task_2(expected[1:], enterprises))
    assert "Inte rätt än." in missing_one and "som saknas i ditt svar: 1" in missing_one
    share_only = sorted(enterprises.loc[meets_share_requirement(enterprises), "namn"])
    extra = set(share_only) - set(expected)
    too_many = text(checks.task_2(share_only, enterprises))
    assert f"{len(extra)} av dina företag ska inte vara med" in too_many
    assert "Inget svar ännu." in text(checks.task_2(None, enterprises))


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (23, "Svaret ska vara en lista med namn"),
        (3.5, "Svaret ska vara en lista med namn"),
        (True, "Svaret ska vara en lista med namn"),
    ],
)
def test_task_2_refuses_a_malformed_answer(enterprises, answer, message):
    feedback = text(checks.task_2(answer, enterprises))
    assert "Inte rätt än." in feedback and message in feedback


def test_task_2_explains_a_whole_table_and_an_empty_result(enterprises):
    assert "Du gav en hel tabell" in text(checks.task_2(enterprises, enterprises))
    nobody = enterprises.head(3).copy()
    nobody["syfte_integration"] = "nej"
    assert "Rätt." in text(checks.task_2([], nobody))
    assert "Svara med en tom lista" in text(checks.task_2(["x"], nobody))


# --- the scenario's procurement and task 3 ----------------------------------------------------------

def test_scenario_procurement_is_the_longest_reservable_contract(plan):
    chosen = checks.scenario_procurement(plan)
    listed = plan[reservable_cpv(plan["cpv_kod"])]
    assert reservable_cpv(pd.Series([chosen["cpv_kod"]])).iloc[0]
    assert chosen["avtalstid_manader"] == listed["avtalstid_manader"].max()
    assert chosen["id"] == listed.loc[listed["avtalstid_manader"] == chosen["avtalstid_manader"], "id"].min()


def plan_variants(plan: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, str]]:
    listed = reservable_cpv(plan["cpv_kod"])
    longest = int(parameter("reserverat_kontrakt_max_manader"))
    return {
        "shipped": (plan, checks.SHORTEN_CONTRACT),
        "only contracts within three years": (plan[~listed | (plan["avtalstid_manader"] <= longest)],
                                              checks.ALLOWED_AS_PLANNED),
        "no reservable service": (plan[~listed], checks.SERVICE_NOT_LISTED),
    }


@pytest.mark.parametrize("variant", ["shipped", "only contracts within three years", "no reservable service"])
def test_task_3(plan, variant):
    table, right = plan_variants(plan)[variant]
    assert checks.task_3_answer(table) == right
    # The letter agrees with the rule itself (the organisation meets the three conditions).
    assert (checks.welfare_decision(table).outcome == "allowed") == (right == checks.ALLOWED_AS_PLANNED)
    chosen = checks.scenario_procurement(table)
    feedback = text(checks.task_3(right, table))
    assert "Rätt." in feedback and chosen["id"] in feedback and chosen["cpv_kod"] in feedback
    assert "Rätt." in text(checks.task_3(right.upper(), table))
    for other in sorted({"a", "b", "c", "d"} - {right}):
        assert "Inte rätt än." in text(checks.task_3(other, table))
    assert "det inte finns någon beloppsgräns" in text(checks.task_3("d", table))
    assert "Inget svar ännu." in text(checks.task_3(None, table))
    assert "Välj ett av alternativen: a, b, c, d. Du skrev &#x27;e&#x27;." in text(checks.task_3("e", table))
    assert "Välj ett av alternativen: a, b, c, d. Du skrev &#x27;2&#x27;." in text(checks.task_3(2, table))


def test_task_3_names_what_must_change(plan):
    longest = int(parameter("reserverat_kontrakt_max_manader"))
    assert f"kortas till högst {longest} månader" in text(checks.task_3("b", plan))
    feedback = text(checks.task_3("a", plan))  # wrong: what to try, not what must change
    assert "Inte rätt än." in feedback and "kortas" not in feedback and "Pröva i tur och ordning" in feedback
    table, _ = plan_variants(plan)["no reservable service"]
    assert "Att korta avtalstiden hjälper inte" in text(checks.task_3("b", table))
