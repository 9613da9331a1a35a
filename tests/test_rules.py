"""The decision rules, table-driven, with the boundaries the issue names: 29.9 % and 30 %,
exactly 700 000 kr, three years to the day, a placement ended at 74 % and 75 %."""

from __future__ import annotations

import datetime as dt

import pytest

from upphandlingskurs import CourseDataError, load_table
from upphandlingskurs.lagrum import find_references
from upphandlingskurs.rules import (
    check_reserved_participation,
    check_welfare_reservation,
    employment_requirement_status,
    labour_conditions_required,
    procedure_for,
    size_employment_requirement,
)

IN_2025 = dt.date(2025, 6, 1)


# --- 4 kap. 18 § LOU -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("occupied", "target", "purpose", "programme", "outcome"),
    [
        (10, 3, True, False, "allowed"),         # exactly 30 %
        (1000, 299, True, False, "not_allowed"),  # 29.9 %
        (1000, 300, True, False, "allowed"),      # 30.0 %
        (24, 7, True, False, "not_allowed"),      # 29.2 %
        (10, 10, False, False, "not_allowed"),    # share met, purpose not
        (10, 10, False, True, "allowed"),         # second variant: the programme replaces the purpose
        (0, 0, True, False, "not_allowed"),       # nobody occupied
    ],
)
def test_reserved_participation(occupied, target, purpose, programme, outcome):
    decision = check_reserved_participation(occupied, target, purpose, programme)
    assert decision.outcome == outcome
    assert decision.paragraphs == ("4 kap. 18 § LOU",)


def test_reserved_participation_explains_the_share_in_swedish():
    decision = check_reserved_participation(1000, 299, "ja")
    assert "299 av 1000 sysselsatta" in decision.reasons[0]
    assert "29,9 procent" in decision.reasons[0] and "uppfyller inte andelskravet" in decision.reasons[0]


@pytest.mark.parametrize(
    ("occupied", "target", "message"),
    [
        (-1, 0, "Antal sysselsatta kan inte vara mindre än 0 (angivet: -1)."),
        (5, 6, "Antal i målgruppen (6) kan inte vara större än antal sysselsatta (5)."),
        ("tio", 3, "Antal sysselsatta ska vara ett heltal, inte 'tio'."),
        (10, 2.5, "Antal i målgruppen ska vara ett heltal, inte '2.5'."),
    ],
)
def test_reserved_participation_refuses_impossible_values(occupied, target, message):
    with pytest.raises(CourseDataError) as raised:
        check_reserved_participation(occupied, target, True)
    assert str(raised.value) == message


# --- 19 kap. 25 § LOU -------------------------------------------------------------------------

GOOD = dict(purpose_linked=True, reinvests_profit=True, participatory=True)


@pytest.mark.parametrize(
    ("cpv", "months", "previous", "outcome"),
    [
        ("92600000-7", 36, None, "allowed"),            # Sporttjänster, three years exactly
        ("92600000-7", 37, None, "not_allowed"),        # one month too long
        ("85311000-2", 24, None, "allowed"),            # inside the 85000000-85323000 range
        ("85400000-1", 24, None, "not_allowed"),        # above the range
        ("90910000-9", 12, None, "not_allowed"),        # not a listed service
        ("92600000-7", 24, "2022-06-01", "allowed"),    # three years to the day: outside the period
        ("92600000-7", 24, "2022-06-02", "not_allowed"),  # one day inside the period
    ],
)
def test_welfare_reservation(cpv, months, previous, outcome):
    decision = check_welfare_reservation(cpv, contract_months=months, previous_award=previous, on_date=IN_2025, **GOOD)
    assert decision.outcome == outcome
    assert decision.paragraphs == ("19 kap. 25 § LOU",)


def test_welfare_reservation_needs_all_three_conditions():
    decision = check_welfare_reservation("80110000-8", True, False, True, 24, on_date=IN_2025)
    assert decision.outcome == "not_allowed"
    assert "Vinsten återinvesteras för att nå syftet: nej." in decision.reasons


@pytest.mark.parametrize(
    ("cpv", "previous", "message"),
    [
        ("9260000-7", None, "CPV-koden '9260000-7' har fel form."),
        ("92600000-7", "2026-01-01", "Datum för tidigare tilldelning (2026-01-01) kan inte ligga efter dagens datum (2025-06-01)."),
        ("92600000-7", "1 juni 2022", "Datum för tidigare tilldelning ska vara ett datum på formen ÅÅÅÅ-MM-DD"),
    ],
)
def test_welfare_reservation_refuses_bad_input(cpv, previous, message):
    with pytest.raises(CourseDataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_welfare_reservation(cpv, contract_months=12, previous_award=previous, on_date=IN_2025, **GOOD)


# --- procedure -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "kwargs", "outcome"),
    [
        (699_999, {}, "direct_award"),
        (700_000, {}, "below_threshold"),      # exactly the limit: the course's cautious reading
        (2_389_584, {}, "below_threshold"),
        (2_389_585, {}, "above_threshold"),    # exactly the 2024-2025 threshold for kommuner
        (1_546_202, {"state_authority": True}, "above_threshold"),
        (59_880_178, {"contract_type": "byggentreprenad"}, "below_threshold"),
        (59_880_179, {"contract_type": "byggentreprenad"}, "above_threshold"),
        (8_109_449, {"annex2": True}, "direct_award"),   # annex 2: the limit is its threshold
        (8_109_450, {"annex2": True}, "annex2"),
    ],
)
def test_procedure_in_2025(value, kwargs, outcome):
    assert procedure_for(value, IN_2025, **kwargs).outcome == outcome


def test_procedure_uses_the_amounts_valid_on_the_date():
    assert procedure_for(615_311, "2021-06-01").outcome == "direct_award"      # limit then 615 312 kr
    assert procedure_for(650_000, "2021-06-01").outcome == "undetermined"      # no 2020-2021 threshold in the table
    assert procedure_for(650_000, "2022-02-01").outcome == "direct_award"      # 700 000 kr from this day
    assert procedure_for(620_000, "2022-01-31").outcome == "direct_award"      # 626 284 kr in January 2022


def test_procedure_says_when_the_course_has_no_verified_amount():
    decision = procedure_for(3_000_000, "2026-03-01")
    assert decision.outcome == "undetermined"
    assert "inget kontrollerat belopp i kronor" in decision.reasons[-1]


def test_procedure_refuses_unknown_contract_types_and_negative_values():
    with pytest.raises(CourseDataError, match="Typ av kontrakt ska vara en av"):
        procedure_for(100, IN_2025, contract_type="tjänstekoncession")
    with pytest.raises(CourseDataError, match="Uppskattat värde i kronor kan inte vara mindre än 0"):
        procedure_for(-5, IN_2025)


# --- 17 kap. 2 § LOU ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "annex2", "risk", "determinable", "outcome"),
    [
        (2_389_585, False, True, True, "required"),
        (2_389_584, False, True, True, "voluntary"),
        (5_000_000, True, True, True, "voluntary"),
        (5_000_000, False, False, True, "voluntary"),
        (5_000_000, False, True, False, "voluntary"),
    ],
)
def test_labour_conditions(value, annex2, risk, determinable, outcome):
    decision = labour_conditions_required(value, IN_2025, annex2, risk, determinable)
    assert decision.outcome == outcome
    assert decision.paragraphs == ("17 kap. 2 § LOU",)


# --- krav 11554 --------------------------------------------------------------------------------

def test_sizing_produces_the_requirement_text():
    decision = size_employment_requirement(48, 2, 12, 4)
    assert decision.outcome == "proposal"
    assert decision.facts["total_months"] == 24
    assert "minst 24 månader på heltid" in decision.facts["requirement_text"]
    assert "senast sex månader efter kontraktets start" in decision.facts["requirement_text"]
    assert "saklig grund för uppsägning" in decision.facts["requirement_text"]
    assert decision.facts["fulfilled_months"] == 18
    assert "18 månader (75 procent)" in decision.reasons[1]


@pytest.mark.parametrize(("first_month", "outcome"), [(6, "proposal"), (7, "needs_change")])
def test_sizing_six_month_boundary(first_month, outcome):
    assert size_employment_requirement(48, 1, 12, first_month).outcome == outcome


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((12, 1, 13, 0), "En anställning kan inte vara längre än avtalstiden"),
        ((48, 0, 12, 0), "Antal anställningar kan inte vara mindre än 1"),
        ((48, 1, 12, 60), "Den första anställningen kan inte börja efter att avtalet har löpt ut"),
    ],
)
def test_sizing_refuses_impossible_values(args, message):
    with pytest.raises(CourseDataError, match=message):
        size_employment_requirement(*args)


START, END = "2024-01-01", "2027-12-31"


@pytest.mark.parametrize(
    ("delivered", "ended_early", "report", "first", "outcome"),
    [
        (18.0, True, "2026-01-01", "2024-03-01", "met"),        # 75 % after an early end
        (17.76, True, "2026-01-01", "2024-03-01", "on_track"),  # 74 %: not met yet, but time remains
        (17.76, True, "2027-12-31", "2024-03-01", "not_met"),   # 74 % at the end of the contract
        (24.0, False, "2025-01-01", "2024-03-01", "met"),
        (12.5, False, "2026-01-01", "2024-03-01", "on_track"),
        (3.0, False, "2026-01-01", "2024-03-01", "behind"),
        (6.5, False, "2025-01-01", "2024-07-02", "deviation"),  # first employment one day after six months
        (6.5, False, "2025-01-01", "2024-07-01", "on_track"),   # exactly six months
        (0.0, False, "2024-08-01", None, "deviation"),          # none started after six months
    ],
)
def test_follow_up(delivered, ended_early, report, first, outcome):
    decision = employment_requirement_status(24, delivered, START, END, report, first, ended_early)
    assert decision.outcome == outcome


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((24, 1, "2024-01-01", "2023-12-31", "2024-06-01"), "Kontraktets slut (2023-12-31) måste ligga efter kontraktets start (2024-01-01)."),
        ((24, 1, START, END, "2023-06-01"), "Uppföljningsdatum (2023-06-01) kan inte ligga före kontraktets start (2024-01-01)."),
        ((0, 1, START, END, "2024-06-01"), "Utlovade månader på heltid måste vara fler än 0"),
        ((24, "många", START, END, "2024-06-01"), "Levererade månader på heltid ska vara ett tal, inte 'många'."),
    ],
)
def test_follow_up_refuses_impossible_values(args, message):
    with pytest.raises(CourseDataError) as raised:
        employment_requirement_status(*args)
    assert message in str(raised.value)


def test_every_paragraph_a_rule_cites_is_in_the_register():
    register = set(load_table("lagrum")["beteckning"])
    decisions = [
        check_reserved_participation(10, 3, True),
        check_welfare_reservation("92600000-7", True, True, True, 12, on_date=IN_2025),
        labour_conditions_required(3_000_000, IN_2025, False, True, True),
        size_employment_requirement(48, 1, 12, 3),
        employment_requirement_status(24, 12, START, END, "2026-01-01", "2024-03-01"),
    ]
    for decision in decisions:
        for paragraph in decision.paragraphs:
            for reference in find_references(paragraph):
                assert reference.designation in register


def test_decision_html_escapes_text():
    decision = check_welfare_reservation("92600000-7", True, True, True, 12, on_date=IN_2025)
    html = decision.to_html()
    assert "<strong>Upphandlingen får reserveras" in html and "Lagrum: 19 kap. 25 § LOU" in html
