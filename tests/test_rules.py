"""The decision rules, table-driven, with the boundaries the issue names: 29.9 % and 30 %,
exactly 700 000 kr, three years to the day, a placement ended at 74 % and 75 %."""

from __future__ import annotations

import datetime as dt

import pytest

from upphandlingskurs import CourseDataError, load_table
from upphandlingskurs.lagrum import find_references
from upphandlingskurs.rules.procedure import LABOUR_CONDITIONS as LABOUR_PARAGRAPHS
from upphandlingskurs.rules import (
    check_reserved_participation,
    check_welfare_reservation,
    employment_requirement_status,
    labour_conditions_required,
    procedure_for,
    route_for,
    size_employment_requirement,
)
from upphandlingskurs.rules import route

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
        ("92600000-7", "2026-01-01", "Datum för myndighetens tidigare tilldelning (2026-01-01) kan inte ligga efter dagens datum (2025-06-01)."),
        ("92600000-7", "1 juni 2022", "Datum för myndighetens tidigare tilldelning ska vara ett datum på formen ÅÅÅÅ-MM-DD"),
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
        (700_000, {}, "below_threshold"),      # exactly the limit: 19 a kap. 2 § needs a value below it
        (2_389_584, {}, "below_threshold"),
        (2_389_585, {}, "above_threshold"),    # exactly the 2024-2025 threshold for kommuner
        (1_546_202, {"state_authority": True}, "above_threshold"),
        (59_880_178, {"contract_type": "byggentreprenad"}, "below_threshold"),
        (59_880_179, {"contract_type": "byggentreprenad"}, "above_threshold"),
        (8_109_449, {"annex2": True}, "direct_award"),   # annex 2: the limit is its threshold
        (8_109_450, {"annex2": True}, "annex2"),
        (700_000, {"annex2": True}, "direct_award"),     # the fixed limit does not bind annex 2 services
    ],
)
def test_procedure_in_2025(value, kwargs, outcome):
    assert procedure_for(value, IN_2025, **kwargs).outcome == outcome


def test_procedure_uses_the_amounts_valid_on_the_date():
    assert procedure_for(615_311, "2021-06-01").outcome == "direct_award"      # limit then 615 312 kr
    assert procedure_for(650_000, "2021-06-01").outcome == "needs_threshold"   # no 2020-2021 threshold in the table
    assert procedure_for(650_000, "2022-02-01").outcome == "direct_award"      # 700 000 kr from this day
    assert procedure_for(620_000, "2022-01-31").outcome == "direct_award"      # 626 284 kr in January 2022


NO_AMOUNT_DAY = "2028-03-01"  # the course's table has no threshold for 2028, only the fixed limit


@pytest.mark.parametrize("annex2", [False, True])
@pytest.mark.parametrize("value", [0, 50_000, 699_999])
def test_a_missing_threshold_cannot_change_a_value_below_the_fixed_limit(value, annex2):
    decision = procedure_for(value, NO_AMOUNT_DAY, annex2=annex2)
    assert decision.outcome == "direct_award"
    assert "understiger gränsen" in " ".join(decision.reasons)


@pytest.mark.parametrize(("value", "annex2", "outcome", "summary"), [
    (700_000, False, "needs_threshold", "Direktupphandling är inte tillåten."),
    (50_000_000, False, "needs_threshold", "Direktupphandling är inte tillåten."),
    (700_000, True, "needs_figure", "Kan avgöras först när du skriver in det belopp som saknas."),
    (50_000_000, True, "needs_figure", "Kan avgöras först när du skriver in det belopp som saknas."),
])
def test_a_missing_threshold_is_named_with_where_it_is_published(value, annex2, outcome, summary):
    decision = procedure_for(value, NO_AMOUNT_DAY, annex2=annex2)
    assert decision.outcome == outcome and decision.summary.startswith(summary)
    kind = "sociala och andra särskilda tjänster" if annex2 else "varor och tjänster, övriga upphandlande myndigheter"
    assert f"Kursens tabell har inget belopp i kronor för {kind} som gäller 2028-03-01." in decision.reasons
    assert "upphandlingsmyndigheten.se" in decision.reasons[-1] and "'Tröskelvärde i kronor'" in decision.reasons[-1]


def test_the_euro_amount_is_named_when_the_table_has_only_that():
    decision = procedure_for(3_000_000, "2026-03-01")
    if decision.outcome == "needs_threshold":  # until the 2026-2027 amounts in kronor are in data/
        assert "EU:s belopp för perioden är 216\u00a0000 euro." in " ".join(decision.reasons)


@pytest.mark.parametrize(("value", "typed", "annex2", "outcome"), [
    (2_499_999, "2 500 000", False, "below_threshold"),
    (2_500_000, "2 500 000", False, "above_threshold"),
    (8_099_999, "8100000", True, "direct_award"),
    (8_100_000, "8100000", True, "annex2"),
    (700_000, "", False, "needs_threshold"),
])
def test_with_the_missing_threshold_typed_in_the_tool_decides(value, typed, annex2, outcome):
    decision = procedure_for(value, NO_AMOUNT_DAY, annex2=annex2, threshold_kr=typed)
    assert decision.outcome == outcome
    if typed:
        assert "(inskrivet av dig)" in " ".join(decision.reasons)


def test_a_typed_threshold_is_ignored_when_the_table_has_the_amount():
    decision = procedure_for(3_000_000, IN_2025, threshold_kr="5 000 000")
    assert decision.outcome == "above_threshold" and "inskrivet" not in " ".join(decision.reasons)


def test_a_typed_threshold_must_be_a_positive_whole_number():
    with pytest.raises(CourseDataError, match="Tröskelvärde i kronor ska vara ett heltal, inte 'två miljoner'"):
        procedure_for(3_000_000, NO_AMOUNT_DAY, threshold_kr="två miljoner")
    with pytest.raises(CourseDataError, match="Tröskelvärde i kronor kan inte vara mindre än 1"):
        procedure_for(3_000_000, NO_AMOUNT_DAY, threshold_kr="0")


def test_the_date_defaults_to_today(monkeypatch):
    """With the clock fixed: an empty date is the day the tool runs."""
    import upphandlingskurs.rules.procedure as procedure_module

    class FixedDate(dt.date):
        @classmethod
        def today(cls):
            return cls(2028, 3, 1)

    monkeypatch.setattr(procedure_module.dt, "date", FixedDate)
    assert procedure_for(3_000_000, "").reasons == procedure_for(3_000_000, NO_AMOUNT_DAY).reasons
    assert procedure_for(3_000_000, None).outcome == "needs_threshold"


def test_labour_conditions_with_a_missing_threshold():
    assert labour_conditions_required(3_000_000, NO_AMOUNT_DAY, False, True, True).outcome == "needs_figure"
    assert labour_conditions_required(3_000_000, NO_AMOUNT_DAY, False, True, True,
                                      threshold_kr="2 500 000").outcome == "required"
    # No risk: the missing threshold cannot change the answer.
    assert labour_conditions_required(3_000_000, NO_AMOUNT_DAY, False, False, True).outcome == "voluntary"


@pytest.mark.parametrize("value", [0, 50_000, 699_999])
def test_labour_conditions_below_the_fixed_limit_need_no_threshold(value):
    # Below 700 000 kr the contract may be directly awarded (as procedure_for decides), so it lies
    # below every threshold and the missing amount cannot change the answer.
    decision = labour_conditions_required(value, NO_AMOUNT_DAY, False, True, True)
    assert decision.outcome == "voluntary"
    assert "understiger direktupphandlingsgränsen" in " ".join(decision.reasons)
    assert procedure_for(value, NO_AMOUNT_DAY).outcome == "direct_award"


def test_labour_conditions_at_the_fixed_limit_still_need_the_threshold():
    assert labour_conditions_required(700_000, NO_AMOUNT_DAY, False, True, True).outcome == "needs_figure"


# --- amounts in kronor typed in by the reader (thresholds_with_own_amounts) -------------------

# Made-up amounts for the tests, not real thresholds.
TYPED_WORKS = 50_000_000


@pytest.fixture
def table_without_2026_kronor(monkeypatch):
    """The thresholds table with no amounts in kronor for the period from 2026-01-01 (the fixed
    direct-award limit stays): as the course has it, whatever the data file gets later."""
    import pandas as pd

    from upphandlingskurs.rules import parameters

    table = parameters.thresholds().copy()
    table.loc[(table["galler_fran"] == pd.Timestamp("2026-01-01")) & (table["typ"] != "direktupphandling"),
              "belopp_kr"] = pd.NA
    monkeypatch.setattr(parameters, "thresholds", lambda: table)
    return table


def test_a_typed_amount_fills_only_the_missing_amount_of_its_kind_and_period(table_without_2026_kronor):
    from upphandlingskurs.rules.parameters import thresholds_with_own_amounts

    table = table_without_2026_kronor
    filled = thresholds_with_own_amounts({"byggentreprenader": "50 000 000"}, "2027-01-01", "2027-12-31")
    changed = filled.index[filled["belopp_kr"].fillna(-1) != table["belopp_kr"].fillna(-1)]
    [row] = changed
    assert filled.loc[row, "typ"] == "byggentreprenader" and filled.loc[row, "belopp_kr"] == TYPED_WORKS
    assert filled.loc[row, "galler_fran"] == dt.datetime(2026, 1, 1)
    assert filled.loc[row, "kalla"].startswith("Beloppet i kronor är inskrivet av dig.")
    assert filled.drop(index=row).equals(table.drop(index=row))
    assert table["belopp_kr"].isna().sum() == 4  # the table itself is not changed


def test_a_typed_amount_never_replaces_an_amount_the_table_has(table_without_2026_kronor):
    from upphandlingskurs.rules.parameters import thresholds_with_own_amounts

    table = table_without_2026_kronor
    for own in ({"byggentreprenader": 1}, {"direktupphandling": 1, "sociala och andra särskilda tjänster": 1}):
        # The plan's dates in 2024-2025: every amount is in the table there.
        assert thresholds_with_own_amounts(own, "2024-03-01", "2025-10-01").equals(table)
    both = thresholds_with_own_amounts({"byggentreprenader": TYPED_WORKS}, "2025-06-01", "2026-06-01")
    works = both[both["typ"] == "byggentreprenader"].set_index("galler_fran")["belopp_kr"]
    assert works[dt.datetime(2024, 1, 1)] == 59_880_179 and works[dt.datetime(2026, 1, 1)] == TYPED_WORKS


def test_an_empty_typed_amount_is_not_given(table_without_2026_kronor):
    from upphandlingskurs.rules.parameters import thresholds_with_own_amounts

    for own in (None, {}, {"byggentreprenader": None}, {"byggentreprenader": "  "}):
        assert thresholds_with_own_amounts(own, "2027-01-01", "2027-12-31").equals(table_without_2026_kronor)


@pytest.mark.parametrize(("own", "message"), [
    ({"byggentreprenader": "femtio miljoner"},
     "Tröskelvärdet för byggentreprenader i kronor ska vara ett heltal, inte 'femtio miljoner'."),
    ({"sociala och andra särskilda tjänster": 0},
     "Tröskelvärdet för sociala och andra särskilda tjänster i kronor kan inte vara mindre än 1 (angivet: 0)."),
    ({"varor och tjänster, övriga upphandlande myndigheter": -2_000_000},
     "Tröskelvärdet för varor och tjänster (övriga upphandlande myndigheter) i kronor kan inte vara mindre än 1"),
    ({"byggentreprenader": 2.5}, "Tröskelvärdet för byggentreprenader i kronor ska vara ett heltal, inte '2.5'."),
    ({"byggentreprenader": True}, "Tröskelvärdet för byggentreprenader i kronor ska vara ett heltal, inte 'True'."),
    ({"byggentreprenader": 10**13}, "Tröskelvärdet för byggentreprenader i kronor kan inte vara större än"),
    ({"tjänstekoncessioner": 1}, "'tjänstekoncessioner' är ingen typ av belopp i kursens tabell över tröskelvärden."),
    (["byggentreprenader", 1], "De egna beloppen ska vara en ordlista med ett belopp per typ"),
])
def test_a_bad_typed_amount_is_refused_in_swedish(table_without_2026_kronor, own, message):
    from upphandlingskurs.rules.parameters import thresholds_with_own_amounts

    with pytest.raises(CourseDataError) as raised:
        thresholds_with_own_amounts(own, "2027-01-01", "2027-12-31")
    assert str(raised.value).startswith(message)


def test_a_typed_amount_for_two_periods_without_kronor_is_refused(table_without_2026_kronor):
    import pandas as pd

    from upphandlingskurs.rules.parameters import thresholds_with_own_amounts

    table = table_without_2026_kronor
    table.loc[(table["typ"] == "byggentreprenader") & (table["galler_fran"] == pd.Timestamp("2024-01-01")),
              "belopp_kr"] = pd.NA
    with pytest.raises(CourseDataError, match="saknar tröskelvärdet för byggentreprenader i kronor för mer än en period"):
        thresholds_with_own_amounts({"byggentreprenader": TYPED_WORKS}, "2025-06-01", "2026-06-01")
    # One period at a time works.
    assert thresholds_with_own_amounts({"byggentreprenader": TYPED_WORKS}, "2026-06-01", "2026-07-01") is not table


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
    assert decision.paragraphs == (LABOUR_PARAGRAPHS,)


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


# --- IOP or procurement (chapter 6) -----------------------------------------------------------

PARTNERSHIP = dict(initiative_from_organisation="ja", municipality_buys="nej", market_exists="nej",
                   both_contribute="ja", detailed_control="nej", fits_ordinary_grants="nej")
PURCHASE = dict(initiative_from_organisation="nej", municipality_buys="ja", market_exists="ja",
                both_contribute="nej", detailed_control="ja")


def test_no_warning_sign_means_an_iop_may_fit():
    decision = route_for(**PARTNERSHIP)
    assert decision.outcome == route.IOP and decision.summary == "Ett IOP kan passa."
    assert decision.paragraphs == ()  # no law regulates IOP
    assert route.TEXTS["iop_caveat"] in decision.reasons
    assert decision.facts["route"] == "IOP"


def test_an_activity_that_fits_the_grants_gets_a_grant():
    decision = route_for(**{**PARTNERSHIP, "fits_ordinary_grants": "ja"})
    assert decision.outcome == route.GRANT and decision.paragraphs == ()


@pytest.mark.parametrize(
    ("sign", "value", "reason"),
    [
        ("initiative_from_organisation", "nej", "initiative_no"),
        ("municipality_buys", "ja", "buys_yes"),
        ("market_exists", "ja", "market_yes"),
        ("both_contribute", "nej", "contribute_no"),
        ("detailed_control", "ja", "control_yes"),
    ],
)
def test_any_one_warning_sign_rules_out_iop(sign, value, reason):
    decision = route_for(**{**PARTNERSHIP, sign: value})
    assert decision.outcome == route.ORDINARY  # the default aim: every supplier may tender
    assert route.TEXTS[reason] in decision.reasons and route.TEXTS["not_iop"] in decision.reasons
    # Buying is a purchase; any other sign is treated as one, and the rule says that is its simplification.
    expected = "not_a_purchase_route" if sign == "municipality_buys" else "treated_as_purchase"
    assert route.TEXTS[expected] in decision.reasons
    assert decision.paragraphs == ("4 kap. 3 § LOU", "17 kap. 1 § LOU")


@pytest.mark.parametrize(
    ("aim", "extra", "outcome", "paragraphs"),
    [
        ("alla", {}, route.ORDINARY, ("4 kap. 3 § LOU", "17 kap. 1 § LOU")),
        ("arbetsintegrering", {"qualified_suppliers": "ja"}, route.INTEGRATION, ("4 kap. 18 § LOU",)),
        ("arbetsintegrering", {"qualified_suppliers": "nej"}, route.ORDINARY, ("4 kap. 3 § LOU", "17 kap. 1 § LOU")),
        ("delaktighet", {"cpv_code": "92600000-7", "contract_months": "36"}, route.WELFARE, ("19 kap. 25 § LOU",)),
        ("delaktighet", {"cpv_code": "92600000-7", "contract_months": "37"}, route.ORDINARY, ("4 kap. 3 § LOU", "17 kap. 1 § LOU")),
        ("delaktighet", {"cpv_code": "85323000-9", "contract_months": "1"}, route.WELFARE, ("19 kap. 25 § LOU",)),  # end of the range
        ("delaktighet", {"cpv_code": "85324000-2", "contract_months": "12"}, route.ORDINARY, ("4 kap. 3 § LOU", "17 kap. 1 § LOU")),
        ("delaktighet", {"cpv_code": "90910000-9", "contract_months": "12"}, route.ORDINARY, ("4 kap. 3 § LOU", "17 kap. 1 § LOU")),
        ("ideburna", {"listed_25a": "ja", "contract_months": "72"}, route.IDEA_BASED, ("19 kap. 25 a § LOU",)),  # no time limit
        ("ideburna", {"listed_25a": "nej", "cpv_code": "92600000-7", "contract_months": "24"}, route.WELFARE, ("19 kap. 25 § LOU",)),
        ("ideburna", {"listed_25a": "nej", "cpv_code": "85000000-9", "contract_months": "72"}, route.ORDINARY, ("4 kap. 3 § LOU", "17 kap. 1 § LOU")),
    ],
)
def test_a_purchase_goes_where_the_aim_and_the_service_allow(aim, extra, outcome, paragraphs):
    decision = route_for(**PURCHASE, aim=aim, **extra)
    assert decision.outcome == outcome and decision.paragraphs == paragraphs
    assert decision.facts["route"] == route.ROUTE_NAMES[outcome]
    assert decision.summary == route.TEXTS[f"{outcome}_summary"]


def test_the_welfare_route_uses_the_reservation_rules_own_reasons():
    decision = route_for(**PURCHASE, aim="delaktighet", cpv_code="92600000-7", contract_months="37")
    assert "CPV-koden 92600000-7 hör till de tjänster som får reserveras: Sporttjänster." in decision.reasons
    assert "Avtalstiden 37 månader är längre än de högst 36 månader (tre år) som är tillåtna." in decision.reasons
    assert route.TEXTS["welfare_not_usable"] in decision.reasons


def test_the_share_requirement_in_the_reasons_comes_from_the_parameters():
    decision = route_for(**PURCHASE, aim="arbetsintegrering", qualified_suppliers="nej")
    assert any("minst 30 procent av de sysselsatta" in reason for reason in decision.reasons)


def test_cpv_code_and_length_are_read_only_when_the_route_needs_them():
    assert route_for(**PARTNERSHIP, cpv_code="fel", contract_months="många").outcome == route.IOP
    assert route_for(**PURCHASE, aim="ideburna", listed_25a="ja", cpv_code="fel").outcome == route.IDEA_BASED


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({**PURCHASE, "aim": "delaktighet", "cpv_code": "9260000-7", "contract_months": "12"},
         "CPV-koden '9260000-7' har fel form. En CPV-kod skrivs som åtta siffror, bindestreck och en siffra, till exempel 92600000-7."),
        ({**PURCHASE, "aim": "delaktighet", "cpv_code": "92600000-7", "contract_months": "tre år"},
         "Avtalstid i månader ska vara ett heltal, inte 'tre år'."),
        ({**PURCHASE, "aim": "delaktighet", "cpv_code": "92600000-7", "contract_months": "0"},
         "Avtalstid i månader kan inte vara mindre än 1 (angivet: 0)."),
        ({**PURCHASE, "aim": "några"},
         "Vilka kommunen vill ge en chans ska vara en av alla, arbetsintegrering, delaktighet, ideburna, inte 'några'."),
        ({**PURCHASE, "market_exists": "kanske"}, "Det finns en marknad ska vara ja eller nej, inte 'kanske'."),
    ],
)
def test_route_refuses_bad_input_in_swedish(kwargs, message):
    with pytest.raises(CourseDataError) as raised:
        route_for(**kwargs)
    assert str(raised.value) == message


def test_every_route_sentence_cites_registered_law():
    from upphandlingskurs.lagrum import check_text

    for key, text in route.TEXTS.items():
        assert check_text(text) == [], key


def test_every_paragraph_a_rule_cites_is_in_the_register():
    register = set(load_table("lagrum")["beteckning"])
    decisions = [
        check_reserved_participation(10, 3, True),
        check_welfare_reservation("92600000-7", True, True, True, 12, on_date=IN_2025),
        labour_conditions_required(3_000_000, IN_2025, False, True, True),
        size_employment_requirement(48, 1, 12, 3),
        employment_requirement_status(24, 12, START, END, "2026-01-01", "2024-03-01"),
        *(route_for(**PURCHASE, aim=aim, qualified_suppliers=True, listed_25a=True) for aim in ("alla", "arbetsintegrering", "ideburna")),
        route_for(**PURCHASE, aim="delaktighet", cpv_code="92600000-7", contract_months=12),
    ]
    for decision in decisions:
        for paragraph in decision.paragraphs:
            for reference in find_references(paragraph):
                assert reference.designation in register


def test_decision_html_escapes_text():
    decision = check_welfare_reservation("92600000-7", True, True, True, 12, on_date=IN_2025)
    html = decision.to_html()
    assert "<strong>Upphandlingen får reserveras" in html and "Lagrum: 19 kap. 25 § LOU" in html


# --- the shared input checks ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: check_reserved_participation("--5", 0, True), "Antal sysselsatta ska vara ett heltal, inte '--5'."),
        (lambda: check_reserved_participation("\u0663", 0, True), "Antal sysselsatta ska vara ett heltal, inte '\u0663'."),
        (lambda: check_reserved_participation("1 000 001", 0, True),
         "Antal sysselsatta kan inte vara större än 1000000 (angivet: 1000001)."),
        (lambda: procedure_for(10**12 + 1, IN_2025),
         "Uppskattat värde i kronor kan inte vara större än 1000000000000 (angivet: 1000000000001)."),
        (lambda: procedure_for(100, "20250601"), "Datum ska vara ett datum på formen ÅÅÅÅ-MM-DD, inte '20250601'."),
        (lambda: procedure_for(100, "2025-02-29"), "Datum ska vara ett datum på formen ÅÅÅÅ-MM-DD, inte '2025-02-29'."),
        (lambda: check_welfare_reservation("\u0669" * 8 + "-7", True, True, True, 12, on_date=IN_2025),
         "CPV-koden '" + "\u0669" * 8 + "-7' har fel form."),
    ],
)
def test_numbers_dates_and_codes_are_plain_ascii_and_bounded(call, message):
    """Only what a reader types on a Swedish keyboard counts (the static tools check the same way)."""
    with pytest.raises(CourseDataError) as raised:
        call()
    assert str(raised.value).startswith(message)


def test_spaces_in_numbers_are_allowed():
    assert check_reserved_participation(" 1 000 ", "300", True).outcome == "allowed"
    assert procedure_for("699\u00a0999", IN_2025).outcome == "direct_award"
