"""The exercises' practice data (foretag, upphandlingsplan, uppfoljning, cpv): the shipped files are
valid and hold the edge cases the exercises need, and a broken file is refused with a Swedish
message that names the row, the column and the value."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from upphandlingskurs import CourseDataError, load_table
from upphandlingskurs.data import DATA_DIR
from upphandlingskurs.schemas import DALARNAS_KOMMUNER, INDUSTRIES, TABLES

# The CPV codes that 19 kap. 25 § LOU lists (fakta.md, section 1.4), as single codes and a range.
RESERVABLE_CODES = {
    "79622000-0", "79624000-4", "79625000-1", "98133000-4", "98133110-8", "75121000-0", "75122000-7",
    "75123000-4", "80110000-8", "80300000-7", "80420000-4", "80430000-7", "80511000-9", "80520000-5",
    "80590000-6", "92500000-6", "92600000-7",
}
RESERVABLE_RANGE = (85000000, 85323000)  # 85000000-9 to 85323000-9

DIRECT_AWARD_LIMIT = 700_000  # kr, 19 a kap. LOU (fakta.md, section 1.7), valid until further notice


def shipped_rows(name: str) -> tuple[list[str], list[list[str]]]:
    text = (DATA_DIR / TABLES[name].filename).read_text(encoding="utf-8")
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, rows


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue()


def with_changes(name: str, changes: dict[str, str], row: int = 0, rows: int | None = None) -> str:
    """The shipped table (or its first ``rows`` rows) with ``changes`` made in data row ``row``."""
    header, data = shipped_rows(name)
    data = [list(r) for r in (data if rows is None else data[:rows])]
    for column, value in changes.items():
        data[row][header.index(column)] = value
    return csv_text(header, data)


def load_error(name: str, tmp_path, text: str) -> str:
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CourseDataError) as raised:
        load_table(name, path)
    message = str(raised.value)
    assert str(path) in message
    return message


def reservable(code: str) -> bool:
    return code in RESERVABLE_CODES or RESERVABLE_RANGE[0] <= int(code[:8]) <= RESERVABLE_RANGE[1]


# --- foretag.csv ----------------------------------------------------------------------------------

def test_enterprises_are_spread_over_dalarna():
    foretag = load_table("foretag")
    assert 30 <= len(foretag) <= 36
    assert foretag["namn"].is_unique
    counts = foretag["kommun"].value_counts()
    assert counts.size >= 12
    for big in ("Falun", "Borlänge", "Ludvika", "Avesta", "Mora"):
        assert counts[big] >= counts.drop(["Falun", "Borlänge", "Ludvika", "Avesta", "Mora"]).max()


def test_kommun_list_in_schema_matches_kommuner_table():
    assert sorted(DALARNAS_KOMMUNER) == sorted(load_table("kommuner")["kommun"])


def test_enterprise_types_and_legal_forms_follow_the_fact_base():
    foretag = load_table("foretag")
    types = foretag["typ"].value_counts()
    assert 20 <= types["ASF"] <= 22  # about 20 in Dalarna around 2019 (fakta.md 3.4)
    assert 6 <= types["idéburen organisation"] <= 8
    assert 3 <= types["annat socialt företag"] <= 5
    asf = foretag[foretag["typ"] == "ASF"]
    shares = asf["juridisk_form"].value_counts(normalize=True)
    # 2017: 64 % ekonomiska föreningar, 24 % ideella, 11 % AB (fakta.md 3.2); allow a small sample's spread.
    assert abs(shares["ekonomisk förening"] - 0.64) < 0.08
    assert abs(shares["ideell förening"] - 0.24) < 0.08
    assert abs(shares["aktiebolag"] - 0.11) < 0.08
    assert (asf["syfte_integration"] == "ja").all()


def test_only_some_ideburna_are_registered():
    foretag = load_table("foretag")
    registered = foretag[foretag["registrerad_ideburen"] == "ja"]
    assert set(registered["typ"]) == {"idéburen organisation"}
    ideburna = foretag[foretag["typ"] == "idéburen organisation"]
    assert set(ideburna["registrerad_ideburen"]) == {"ja", "nej"}  # registration is voluntary


def test_target_group_share_has_edge_cases_around_30_percent():
    foretag = load_table("foretag").set_index("namn")
    share = foretag["antal_malgrupp"] * 100 / foretag["antal_sysselsatta"]
    exactly = foretag.loc[share == 30]
    assert {"Kådbergets Café och Catering ek. för."} <= set(exactly.index)
    assert (foretag.loc["Kådbergets Café och Catering ek. för.", ["antal_sysselsatta", "antal_malgrupp"]] == [10, 3]).all()
    assert (foretag.loc["Mossgläntans Kontorsservice ek. för.", ["antal_sysselsatta", "antal_malgrupp"]] == [24, 7]).all()
    asf_share = share[foretag["typ"] == "ASF"]
    assert (asf_share > 50).sum() >= 15  # most ASF are well above the limit


def test_contacts_are_organisation_addresses_on_the_reserved_domain():
    foretag = load_table("foretag")
    assert foretag["kontakt"].str.fullmatch(r"(info|kontakt)@[a-z0-9-]+\.example").all()
    assert foretag["kontakt"].is_unique


def test_every_listed_industry_is_used():
    foretag = load_table("foretag")
    used = {part for cell in foretag["branscher"] for part in cell.split(";")}
    assert used == set(INDUSTRIES)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"kommun": "Gävl"}, "kolumn 'kommun', värde 'Gävl': finns inte bland Sveriges kommuner i kommunkoder.csv"),
        ({"typ": "socialt företag"}, "kolumn 'typ', värde 'socialt företag': är inte ett av värdena: ASF, "),
        ({"syfte_integration": "Ja"}, "kolumn 'syfte_integration', värde 'Ja': ska vara ja eller nej"),
        ({"tar_emot_praktik": "x"}, "kolumn 'tar_emot_praktik', värde 'x': ska vara ja eller nej"),
        ({"juridisk_form": "AB"}, "kolumn 'juridisk_form', värde 'AB': är inte ett av värdena"),
        ({"branscher": "städning;bageri"},
         "kolumn 'branscher', värde 'städning;bageri': har en bransch som inte finns i listan"),
        ({"branscher": "städning,fastighetsservice"},
         "kolumn 'branscher', värde 'städning,fastighetsservice': har en bransch som inte finns i listan"),
        ({"antal_sysselsatta": "tolv"}, "kolumn 'antal_sysselsatta', värde 'tolv': är inte ett heltal"),
        ({"antal_malgrupp": "-1"}, "kolumn 'antal_malgrupp', värde '-1': får inte vara negativt"),
        ({"kontakt": "info@tallbacken.se"},
         "kolumn 'kontakt', värde 'info@tallbacken.se': ska vara en e-postadress till organisationen på den reserverade domänen .example"),
        ({"kontakt": "070-123 45 67"}, "kolumn 'kontakt', värde '070-123 45 67': ska vara en e-postadress"),
        ({"erbjuder": ""}, "kolumn 'erbjuder', värde tomt: saknas"),
    ],
)
def test_a_bad_enterprise_value_is_named(tmp_path, changes, expected):
    message = load_error("foretag", tmp_path, with_changes("foretag", changes, rows=3))
    assert f"rad 2, {expected}" in message


def test_more_in_target_group_than_occupied_is_refused(tmp_path):
    text = with_changes("foretag", {"antal_sysselsatta": "5", "antal_malgrupp": "6"}, row=1, rows=3)
    message = load_error("foretag", tmp_path, text)
    assert "rad 3: antal_malgrupp kan inte vara större än antal_sysselsatta" in message
    # A whole-row check is listed once per row, not once per column.
    assert message.count("kan inte vara större än") == 1


def test_only_an_ideburen_organisation_can_be_registered(tmp_path):
    # Row 0 is an ASF; a registration under lag (2022:900) is for idéburna organisationer only.
    message = load_error("foretag", tmp_path, with_changes("foretag", {"registrerad_ideburen": "ja"}, rows=3))
    assert "rad 2: bara en idéburen organisation kan vara registrerad enligt lag (2022:900)" in message


def test_a_bad_number_is_reported_once_not_again_by_the_cross_check(tmp_path):
    message = load_error("foretag", tmp_path, with_changes("foretag", {"antal_malgrupp": "många"}, rows=3))
    assert "kolumn 'antal_malgrupp', värde 'många': är inte ett heltal" in message
    assert "kan inte vara större" not in message


def test_duplicate_enterprise_name_is_refused(tmp_path):
    header, data = shipped_rows("foretag")
    message = load_error("foretag", tmp_path, csv_text(header, [data[0], data[1], data[0]]))
    assert "rad 4, kolumn 'namn'" in message and "finns redan på en annan rad" in message


# --- cpv.csv and upphandlingsplan.csv --------------------------------------------------------------

def test_every_plan_code_is_in_the_cpv_table():
    plan, cpv = load_table("upphandlingsplan"), load_table("cpv")
    missing = set(plan["cpv_kod"]) - set(cpv["cpv_kod"])
    assert not missing, f"CPV-koder i planen som saknas i cpv.csv: {sorted(missing)}"


def test_every_cpv_code_is_used_and_has_a_source():
    plan, cpv = load_table("upphandlingsplan"), load_table("cpv")
    assert set(cpv["cpv_kod"]) == set(plan["cpv_kod"])
    assert cpv["kalla_url"].str.match(r"^https://").all()


def test_plan_size_ids_and_dates():
    plan = load_table("upphandlingsplan")
    assert 50 <= len(plan) <= 60
    assert list(plan["id"]) == [f"UP-{n:03d}" for n in range(1, len(plan) + 1)]
    assert plan["avtalstid_manader"].between(1, 96).all()


def test_plan_dates_lie_in_the_newest_period_of_the_thresholds():
    """The plan is set in the newest period of troskelvarden.csv, all of it in that one period, so
    the exercises judge it by the amounts that apply when it is used (not by ended ones)."""
    plan, amounts = load_table("upphandlingsplan"), load_table("troskelvarden")
    thresholds = amounts[amounts["typ"] != "direktupphandling"]
    newest = thresholds[thresholds["galler_fran"] == thresholds["galler_fran"].max()]
    days = plan["planerad_annonsering"]
    assert (days >= newest["galler_fran"].min()).all()
    assert (newest["galler_till"].isna() | (newest["galler_till"] >= days.max())).all()


def test_plan_values_cover_the_fixed_limit_and_what_a_threshold_decides():
    """The fixed direct-award limit is known, so its edge cases are in the plan. The thresholds in
    kronor for the plan's period are not in the table: exercise 3 and its tests build the cases at a
    threshold from amounts typed in, so the plan needs values above the fixed limit of every kind."""
    plan = load_table("upphandlingsplan")
    value = plan["uppskattat_varde_kr"]
    works = plan["cpv_kod"].str.startswith("45")
    annex2 = plan["bilaga2_tjanst"] == "ja"
    assert (value < DIRECT_AWARD_LIMIT).sum() >= 3
    assert ((value == DIRECT_AWARD_LIMIT) & ~annex2).sum() >= 1  # exactly at the limit: no direct award
    assert ((value == DIRECT_AWARD_LIMIT) & annex2).sum() >= 2   # bilaga 2: the limit is their threshold
    assert ((value > DIRECT_AWARD_LIMIT) & ~works & ~annex2).sum() >= 5
    assert ((value > DIRECT_AWARD_LIMIT) & works).sum() >= 4
    assert ((value > DIRECT_AWARD_LIMIT) & annex2).sum() >= 10


def test_plan_has_reservation_cases_within_and_beyond_three_years():
    plan = load_table("upphandlingsplan")
    listed = plan["cpv_kod"].map(reservable)
    assert listed.sum() >= 10
    assert (listed & (plan["avtalstid_manader"] == 36)).sum() >= 3
    assert (listed & (plan["avtalstid_manader"] > 36)).sum() >= 2
    for code in ("92600000-7", "80110000-8", "85000000-9"):
        assert code in set(plan["cpv_kod"])
    # The plan's own bilaga 2 assessment says ja for every service on the reservation list.
    assert (plan.loc[listed, "bilaga2_tjanst"] == "ja").all()
    assert (plan.loc[plan["cpv_kod"].str[:2].isin(["03", "44", "45", "71"]), "bilaga2_tjanst"] == "nej").all()


def test_plan_has_every_department_and_both_kinds_of_users():
    plan = load_table("upphandlingsplan")
    assert plan["forvaltning"].nunique() == 5
    assert set(plan["anvands_av_allmanheten"]) == {"ja", "nej"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"id": "UP-1"}, "kolumn 'id', värde 'UP-1': är inte ett id på formen UP-001"),
        ({"cpv_kod": "80110000"}, "kolumn 'cpv_kod', värde '80110000': är inte en CPV-kod på formen 12345678-9"),
        ({"cpv_kod": "8011000-8"}, "kolumn 'cpv_kod', värde '8011000-8': är inte en CPV-kod"),
        ({"uppskattat_varde_kr": "18 400 000"},
         "kolumn 'uppskattat_varde_kr', värde '18 400 000': är inte ett heltal"),
        ({"uppskattat_varde_kr": "-1"}, "kolumn 'uppskattat_varde_kr', värde '-1': får inte vara negativt"),
        ({"avtalstid_manader": "0"}, "kolumn 'avtalstid_manader', värde '0': ska vara mellan 1 och 96 månader"),
        ({"avtalstid_manader": "97"}, "kolumn 'avtalstid_manader', värde '97': ska vara mellan 1 och 96 månader"),
        ({"forvaltning": ""}, "kolumn 'forvaltning', värde tomt: saknas"),
        ({"bilaga2_tjanst": "kanske"}, "kolumn 'bilaga2_tjanst', värde 'kanske': ska vara ja eller nej"),
        ({"planerad_annonsering": "2025-13-01"},
         "kolumn 'planerad_annonsering', värde '2025-13-01': är inte ett datum"),
    ],
)
def test_a_bad_plan_value_is_named(tmp_path, changes, expected):
    message = load_error("upphandlingsplan", tmp_path, with_changes("upphandlingsplan", changes, rows=3))
    assert f"rad 2, {expected}" in message


def test_duplicate_plan_id_is_refused(tmp_path):
    text = with_changes("upphandlingsplan", {"id": "UP-001"}, row=2, rows=3)
    message = load_error("upphandlingsplan", tmp_path, text)
    assert "rad 4, kolumn 'id', värde 'UP-001': finns redan på en annan rad" in message


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"cpv_kod": "92600000"}, "kolumn 'cpv_kod', värde '92600000': är inte en CPV-kod"),
        ({"kalla_url": "upphandlingsmyndigheten.se"}, "kolumn 'kalla_url', värde 'upphandlingsmyndigheten.se': är inte en webbadress"),
        ({"benamning": ""}, "kolumn 'benamning', värde tomt: saknas"),
    ],
)
def test_a_bad_cpv_row_is_named(tmp_path, changes, expected):
    message = load_error("cpv", tmp_path, with_changes("cpv", changes, rows=3))
    assert f"rad 2, {expected}" in message


# --- uppfoljning.csv -------------------------------------------------------------------------------

def contract_summary() -> pd.DataFrame:
    followup = load_table("uppfoljning")
    return followup.groupby("kontrakt_id").agg(
        committed=("atagande_heltidsmanader", "first"),
        delivered=("levererade_heltidsmanader", "sum"),
        ended_early=("avbrutna_anstallningar", "sum"),
        start=("kontraktsstart", "first"),
        first_employment=("forsta_anstallning_start", "first"),
        quarters=("kvartal", "size"),
    )


def test_followup_size():
    followup = load_table("uppfoljning")
    assert 40 <= len(followup) <= 60
    assert 6 <= followup["kontrakt_id"].nunique() <= 8


def test_commitment_and_first_employment_are_constant_per_contract():
    followup = load_table("uppfoljning")
    per_contract = followup.groupby("kontrakt_id")
    assert (per_contract["atagande_heltidsmanader"].nunique() == 1).all()
    assert (per_contract["forsta_anstallning_start"].nunique(dropna=False) == 1).all()
    assert (per_contract[["leverantor", "kontraktsstart", "kontraktsslut"]].nunique() == 1).all().all()


def test_quarters_lie_within_each_contract():
    followup = load_table("uppfoljning")
    assert followup["kvartal"].dt.is_quarter_start.all()
    first_quarter = followup["kontraktsstart"].dt.to_period("Q").dt.start_time
    assert (followup["kvartal"] >= first_quarter).all()
    assert (followup["kvartal"] <= followup["kontraktsslut"]).all()
    assert (followup["kontraktsslut"] > followup["kontraktsstart"]).all()
    assert not followup.duplicated(["kontrakt_id", "kvartal"]).any()


def test_followup_design_cases():
    summary = contract_summary()
    share = summary["delivered"] / summary["committed"]
    six_months_after = summary["start"] + pd.DateOffset(months=6)
    # On track: K-2024-01 has delivered at least its share of the time that has passed by 2026-09-30.
    on_track = summary.loc["K-2024-01"]
    elapsed = 27 / 30  # 27 of its 30 months
    assert on_track["delivered"] >= elapsed * on_track["committed"]
    # Behind: K-2024-02 has delivered well under half of what the time passed calls for.
    assert share["K-2024-02"] < 0.5
    # First employment more than six months after the start.
    assert summary.loc["K-2025-01", "first_employment"] > six_months_after["K-2025-01"]
    late = summary["first_employment"] > six_months_after
    assert list(summary.index[late]) == ["K-2025-01"]
    # An employment ended early and exactly 75 % of the commitment was delivered.
    assert summary.loc["K-2025-02", "ended_early"] >= 1
    assert summary.loc["K-2025-02", "delivered"] * 100 == 75 * summary.loc["K-2025-02", "committed"]
    # An employment ended early and 74 %: just short of the 75 % rule.
    assert summary.loc["K-2024-04", "ended_early"] >= 1
    assert summary.loc["K-2024-04", "delivered"] * 100 == 74 * summary.loc["K-2024-04", "committed"]
    # A contract with no employment yet leaves the date blank.
    assert pd.isna(summary.loc["K-2026-01", "first_employment"])


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"kontrakt_id": "K2023-01"}, "kolumn 'kontrakt_id', värde 'K2023-01': är inte ett id på formen K-2023-01"),
        ({"kvartal": "2023-08-01"}, "kolumn 'kvartal', värde '2023-08-01': är inte första dagen i ett kvartal"),
        ({"kvartal": "Q3 2023"}, "kolumn 'kvartal', värde 'Q3 2023': är inte ett datum på formen ÅÅÅÅ-MM-DD"),
        ({"levererade_heltidsmanader": "-0.5"}, "kolumn 'levererade_heltidsmanader', värde '-0.5': får inte vara negativt"),
        ({"levererade_heltidsmanader": "1.25"}, "kolumn 'levererade_heltidsmanader', värde '1.25': får ha högst en decimal"),
        ({"levererade_heltidsmanader": "1,5"}, "kolumn 'levererade_heltidsmanader', värde '1,5': är inte ett tal"),
        ({"avbrutna_anstallningar": "-1"}, "kolumn 'avbrutna_anstallningar', värde '-1': får inte vara negativt"),
        ({"forsta_anstallning_start": "i höstas"},
         "kolumn 'forsta_anstallning_start', värde 'i höstas': är inte ett datum"),
    ],
)
def test_a_bad_followup_value_is_named(tmp_path, changes, expected):
    message = load_error("uppfoljning", tmp_path, with_changes("uppfoljning", changes, rows=1))
    assert f"rad 2, {expected}" in message


def test_a_bad_commitment_is_reported_once_not_again_by_the_cross_check(tmp_path):
    text = with_changes("uppfoljning", {"atagande_heltidsmanader": "trettio"}, row=1, rows=3)
    message = load_error("uppfoljning", tmp_path, text)
    assert "rad 3, kolumn 'atagande_heltidsmanader', värde 'trettio': är inte ett heltal" in message
    assert "ska vara samma på alla rader" not in message


def test_zero_commitment_is_refused(tmp_path):
    text = with_changes("uppfoljning", {"atagande_heltidsmanader": "0"}, rows=1)
    message = load_error("uppfoljning", tmp_path, text)
    assert "rad 2, kolumn 'atagande_heltidsmanader', värde '0': ska vara större än 0" in message


def test_contract_must_end_after_it_starts(tmp_path):
    text = with_changes("uppfoljning", {"kontraktsslut": "2024-06-30"}, rows=1)
    message = load_error("uppfoljning", tmp_path, text)
    assert "rad 2: kontraktsslut måste vara efter kontraktsstart" in message


def test_quarter_outside_the_contract_is_refused(tmp_path):
    text = with_changes("uppfoljning", {"kvartal": "2027-01-01"}, rows=1)
    message = load_error("uppfoljning", tmp_path, text)
    assert "rad 2: kvartalet ligger utanför kontraktets tid" in message


def test_same_quarter_twice_is_refused(tmp_path):
    text = with_changes("uppfoljning", {"kvartal": "2024-07-01"}, row=1, rows=3)
    message = load_error("uppfoljning", tmp_path, text)
    assert "rad 3: samma kvartal finns redan för kontraktet" in message


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("atagande_heltidsmanader", "31"),
        ("forsta_anstallning_start", ""),
        ("leverantor", "En annan leverantör AB"),
        ("kontraktsstart", "2024-07-02"),
    ],
)
def test_contract_facts_must_be_the_same_on_every_row(tmp_path, column, value):
    text = with_changes("uppfoljning", {column: value}, row=1, rows=3)
    message = load_error("uppfoljning", tmp_path, text)
    problem = f"{column} ska vara samma på alla rader för ett kontrakt"
    # Every row of the contract is named, each once: the changed row and the two it disagrees with.
    assert [line for line in message.splitlines() if problem in line] == [
        f"  • rad {row}: {problem}" for row in (2, 3, 4)
    ]


def test_a_contract_without_employment_may_leave_the_date_blank(tmp_path):
    header, data = shipped_rows("uppfoljning")
    rows = [r for r in data if r[0] == "K-2026-01"]
    assert all(r[header.index("forsta_anstallning_start")] == "" for r in rows)
    path = tmp_path / "uppfoljning.csv"
    path.write_text(csv_text(header, rows), encoding="utf-8")
    assert load_table("uppfoljning", path)["forsta_anstallning_start"].isna().all()
