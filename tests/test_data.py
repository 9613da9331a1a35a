"""The data layer: shipped tables are valid, and every kind of broken file is refused with a
Swedish message that names the file, the row, the column and the value."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest

from upphandlingskurs import CourseDataError, load_table, show_table
from upphandlingskurs.data import DATA_DIR
from upphandlingskurs.schemas import TABLES

KOMMUNER_HEADER = "kommun,lan,folkmangd,folkmangd_datum\n"


def write(tmp_path, text: str, name: str = "fil.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def load_error(name: str, path) -> str:
    with pytest.raises(CourseDataError) as raised:
        load_table(name, path)
    return str(raised.value)


# --- the shipped tables -------------------------------------------------------------------

def test_kommuner_are_dalarnas_15_with_scb_population():
    kommuner = load_table("kommuner")
    assert len(kommuner) == 15
    assert set(kommuner["lan"]) == {"Dalarnas län"}
    # The county total SCB gives for 31 Dec 2024 (fakta.md, section 6.1).
    assert kommuner["folkmangd"].sum() == 286_546
    assert kommuner.loc[kommuner["kommun"] == "Falun", "folkmangd"].item() == 59_945
    assert (kommuner["folkmangd_datum"] == pd.Timestamp("2024-12-31")).all()


def test_lagrum_marks_the_renumbered_welfare_reservation():
    lagrum = load_table("lagrum").set_index("beteckning")
    old = lagrum.loc["19 kap. 6 a § LOU"]
    assert old["status"] == "omnumrerad"
    assert old["ersatt_av"] == "19 kap. 25 § LOU"
    assert old["galler_till"] == pd.Timestamp("2022-01-31")
    current = lagrum.loc["19 kap. 25 § LOU"]
    assert current["status"] == "gällande"
    assert current["tidigare_beteckning"] == "19 kap. 6 a § LOU"
    assert current["galler_fran"] == pd.Timestamp("2022-02-01")


def test_every_register_entry_has_a_source_and_a_check_date():
    lagrum = load_table("lagrum")
    assert lagrum["kalla_url"].str.match(r"^https?://\S+$").all()
    assert lagrum["kontrollerad"].notna().all()
    assert (lagrum["kontrollerad"] >= lagrum["galler_fran"]).all()


def test_data_readme_documents_every_table_and_column():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for spec in TABLES.values():
        assert spec.filename in readme, f"{spec.filename} saknas i data/README.md"
        for column in spec.schema.columns:
            assert f"`{column}`" in readme, f"kolumnen {column} i {spec.filename} saknas i data/README.md"


# --- broken files ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("Avesta,Dalarnas län,22 417,2024-12-31\n",
         "rad 2, kolumn 'folkmangd', värde '22 417': är inte ett heltal"),
        ("Avesta,Dalarnas län,-5,2024-12-31\n",
         "rad 2, kolumn 'folkmangd', värde '-5': får inte vara negativt"),
        ("Avesta,Dalarnas län,5,31/12/2024\n",
         "rad 2, kolumn 'folkmangd_datum', värde '31/12/2024': är inte ett datum på formen ÅÅÅÅ-MM-DD"),
        ("Avesta,Dalarnas län,5,2024-02-30\n",
         "rad 2, kolumn 'folkmangd_datum', värde '2024-02-30': är inte ett datum"),
        ("Avesta,,5,2024-12-31\n",
         "rad 2, kolumn 'lan', värde tomt: saknas"),
        ("Avesta,Dalarnas län,5,2024-12-31\nMora,Dalarnas län,6,2024-12-31\nAvesta,Dalarnas län,7,2024-12-31\n",
         "rad 4, kolumn 'kommun', värde 'Avesta': finns redan på en annan rad"),
        ("Avesta,Dalarnas län,5,2024-12-31,extra\n",
         "rad 2: har 5 värden, men rubrikraden har 4 kolumner"),
        ("Avesta,Dalarnas län,5,2024-12-31\nMora,Dalarnas län\n",
         "rad 3: har 2 värden, men rubrikraden har 4 kolumner"),
    ],
)
def test_a_bad_value_is_named_by_row_column_and_value(tmp_path, rows, expected):
    path = write(tmp_path, KOMMUNER_HEADER + rows)
    message = load_error("kommuner", path)
    assert str(path) in message
    assert expected in message


def test_every_problem_in_a_file_is_listed_not_only_the_first(tmp_path):
    path = write(tmp_path, KOMMUNER_HEADER + "A,Dalarnas län,x,2024-12-31\nB,,5,2024-12-31\nC,Dalarnas län,7,igår\n")
    message = load_error("kommuner", path)
    assert re.search(r"rad 2, kolumn 'folkmangd'", message)
    assert re.search(r"rad 3, kolumn 'lan'", message)
    assert re.search(r"rad 4, kolumn 'folkmangd_datum'", message)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("kommun,lan,folkmangd\n", "kolumner som saknas: 'folkmangd_datum'"),
        ("kommun,lan,folkmangd,folkmangd_datum,invanare\n", "okända kolumner: 'invanare'"),
        ("lan,kommun,folkmangd,folkmangd_datum\n", "kolumnerna står i fel ordning"),
    ],
)
def test_a_wrong_header_names_the_columns(tmp_path, header, expected):
    message = load_error("kommuner", write(tmp_path, header + "Avesta,Dalarnas län,5,2024-12-31\n"))
    assert "Rubrikraden" in message and expected in message


def test_a_file_not_saved_as_utf8_names_the_row(tmp_path):
    path = write(tmp_path, KOMMUNER_HEADER + "Avesta,Dalarna,5,2024-12-31\nSäter,Dalarna,6,2024-12-31\n",
                 encoding="latin-1")
    message = load_error("kommuner", path)
    assert "inte sparad som UTF-8" in message and "rad 3" in message


def test_missing_and_empty_files_are_refused(tmp_path):
    assert "finns inte" in load_error("kommuner", tmp_path / "saknas.csv")
    assert "är tom" in load_error("kommuner", write(tmp_path, "\n"))


def test_an_unknown_table_name_lists_the_known_ones():
    with pytest.raises(CourseDataError, match="Kända tabeller: ") as raised:
        load_table("foretag_i_norrland")
    assert f"Kända tabeller: {', '.join(sorted(TABLES))}." in str(raised.value)


def test_excel_style_files_are_read_without_dropping_rows(tmp_path):
    # Swedish Excel: semicolons, a byte-order mark, stray spaces and a blank line at the end.
    text = "kommun;lan;folkmangd;folkmangd_datum\r\n Avesta ;Dalarnas län;5;2024-12-31\r\nMora;Dalarnas län;6;2024-12-31\r\n\r\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    kommuner = load_table("kommuner", path)
    assert list(kommuner["kommun"]) == ["Avesta", "Mora"]
    assert list(kommuner["folkmangd"]) == [5, 6]


def test_renumbered_paragraph_without_replacement_is_refused(tmp_path):
    shipped = (DATA_DIR / "lagrum.csv").read_text(encoding="utf-8")
    broken = shipped.replace("omnumrerad,19 kap. 25 § LOU,", "omnumrerad,,")
    message = load_error("lagrum", write(tmp_path, broken))
    row = 1 + next(i for i, line in enumerate(broken.splitlines()) if line.startswith("19 kap. 6 a §"))
    assert f"rad {row}: en omnumrerad paragraf måste ange ersatt_av" in message


def test_replacement_must_exist_in_register(tmp_path):
    shipped = (DATA_DIR / "lagrum.csv").read_text(encoding="utf-8")
    broken = shipped.replace("omnumrerad,19 kap. 25 § LOU,", "omnumrerad,19 kap. 99 § LOU,")
    assert "ersatt_av hänvisar till en paragraf som saknas i registret" in load_error("lagrum", write(tmp_path, broken))


def test_a_malformed_designation_is_refused(tmp_path):
    shipped = (DATA_DIR / "lagrum.csv").read_text(encoding="utf-8")
    broken = shipped.replace("4 kap. 18 § LOU,LOU", "4:18 LOU,LOU")
    message = load_error("lagrum", write(tmp_path, broken))
    assert "kolumn 'beteckning', värde '4:18 LOU': är inte en beteckning" in message


def test_every_dated_figure_has_a_date_a_review_date_and_a_source():
    figures = load_table("daterade_uppgifter")
    assert figures["avser"].notna().all() and figures["aktuell_till"].notna().all()
    assert (figures["aktuell_till"] >= figures["avser"]).all()
    assert figures["kalla"].str.contains(": ").all()
    # Only the population, which comes from kommuner.csv, has no web address of its own.
    assert set(figures.loc[figures["kalla_url"].isna(), "id"]) <= {"folkmangd_dalarna"}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (",2024-12-31,,,2025-12-31,", ",2024-12-31,,,2023-12-31,", "aktuell_till ligger före avser"),
        (",2024-12-31,,,2025-12-31,", ",2024-12-31,,,31/12/2025,",
         "kolumn 'aktuell_till', värde '31/12/2025': är inte ett datum"),
        (",cirka,400,", ",ca,400,", "kolumn 'ungefar', värde 'ca': är inte ett av värdena"),
        ("Mervärlden: Arbetsintegrerande", "Mervärlden Arbetsintegrerande",
         "kolumn 'kalla', värde 'Mervärlden Arbetsintegrerande"),
    ],
)
def test_a_broken_dated_figure_is_refused(tmp_path, old, new, expected):
    shipped = (DATA_DIR / "daterade_uppgifter.csv").read_text(encoding="utf-8")
    assert shipped.count(old) == 1
    assert expected in load_error("daterade_uppgifter", write(tmp_path, shipped.replace(old, new)))


# --- one limit for amounts, in the schema ---------------------------------------------------

def data_copy(tmp_path):
    """A copy of the shipped data folder (made once per test)."""
    folder = tmp_path / "data"
    if not folder.exists():
        folder.mkdir()
        for csv in DATA_DIR.glob("*.csv"):
            (folder / csv.name).write_bytes(csv.read_bytes())
    return folder


def shipped_with(tmp_path, name: str, old: str, new: str, row: int | None = None):
    """The shipped table ``name`` with ``old`` replaced by ``new`` (in line ``row`` only, if given;
    line 1 is the first data row), written to a copy of the data folder so that the tables it refers
    to are read beside it."""
    folder = data_copy(tmp_path)
    lines = (DATA_DIR / TABLES[name].filename).read_text(encoding="utf-8").splitlines(keepends=True)
    targets = range(1, len(lines)) if row is None else [row]
    assert any(old in lines[i] for i in targets), f"{old} saknas i {name}"
    for i in targets:
        lines[i] = lines[i].replace(old, new)
    path = folder / TABLES[name].filename
    path.write_text("".join(lines), encoding="utf-8")
    return path


def plan_cell(row: int, column: str) -> str:
    """A cell of the shipped plan (row 1 is the first data row)."""
    header, *rows = csv.reader(io.StringIO((DATA_DIR / "upphandlingsplan.csv").read_text(encoding="utf-8")))
    return rows[row - 1][header.index(column)]


def plan_value(tmp_path, value: str):
    months = plan_cell(1, "avtalstid_manader")
    return shipped_with(tmp_path, "upphandlingsplan", f",{plan_cell(1, 'uppskattat_varde_kr')},{months},",
                        f",{value},{months},", row=1)


def test_the_rules_use_the_schemas_limit_for_amounts():
    from upphandlingskurs.rules import procedure
    from upphandlingskurs.schemas import MAX_AMOUNT_KR

    assert procedure.MAX_VALUE_KR == MAX_AMOUNT_KR == 10**12
    with pytest.raises(CourseDataError, match="kan inte vara större än"):
        procedure.procedure_for(MAX_AMOUNT_KR + 1, on_date="2025-05-01")


def test_an_amount_the_rules_refuse_is_refused_by_the_schema(tmp_path):
    message = load_error("upphandlingsplan", plan_value(tmp_path, str(10**18)))
    assert ("rad 2, kolumn 'uppskattat_varde_kr', värde '1000000000000000000': "
            "kan inte vara större än 1 000 000 000 000 kr") in message
    assert load_table("upphandlingsplan", plan_value(tmp_path, str(10**12)))["uppskattat_varde_kr"].iloc[0] == 10**12


def test_a_threshold_over_the_limit_is_refused(tmp_path):
    table = (DATA_DIR / "troskelvarden.csv").read_text(encoding="utf-8").splitlines()
    amount = next(line.split(",")[1] for line in table[1:] if line.split(",")[1].isdigit())
    path = shipped_with(tmp_path, "troskelvarden", f",{amount},", f",{10**13},", row=1)
    assert "kolumn 'belopp_kr', värde '10000000000000': kan inte vara större än 1 000 000 000 000 kr" in load_error(
        "troskelvarden", path)


def test_a_whole_number_too_long_for_the_computer_is_called_too_large(tmp_path):
    message = load_error("upphandlingsplan", plan_value(tmp_path, str(10**19)))
    assert "värde '10000000000000000000': är ett för stort tal" in message
    assert "är inte ett heltal" not in message


# --- references between the tables, checked when a file is read -------------------------------

def test_a_plan_code_missing_from_cpv_is_named_with_row_column_and_value(tmp_path):
    path = shipped_with(tmp_path, "upphandlingsplan", f",{plan_cell(1, 'cpv_kod')},", ",12345678-9,", row=1)
    message = load_error("upphandlingsplan", path)
    assert f"Filen {path} " in message
    assert "rad 2, kolumn 'cpv_kod', värde '12345678-9': finns inte i cpv.csv" in message


def test_the_codes_are_looked_up_in_the_cpv_file_of_the_same_folder(tmp_path):
    folder = data_copy(tmp_path)
    used = plan_cell(1, "cpv_kod")
    cpv = (folder / "cpv.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "cpv.csv").write_text("".join(line for line in cpv if not line.startswith(used)), encoding="utf-8")
    message = load_error("upphandlingsplan", folder / "upphandlingsplan.csv")
    assert f"rad 2, kolumn 'cpv_kod', värde '{used}': finns inte i cpv.csv" in message


def test_a_broken_referenced_file_is_named_in_one_line(tmp_path):
    shipped_with(tmp_path, "cpv", "https://", "ftp://", row=1)
    message = load_error("upphandlingsplan", tmp_path / "data" / "upphandlingsplan.csv")
    assert message.splitlines()[1] == (f"  • kolumn 'cpv_kod' kan inte kontrolleras mot {tmp_path / 'data' / 'cpv.csv'}, "
                                       "eftersom den filen har fel. Rätta den filen först.")
    assert len(message.splitlines()) == 2


def test_a_value_with_its_own_problem_is_not_named_again_by_the_reference(tmp_path):
    message = load_error("upphandlingsplan",
                         shipped_with(tmp_path, "upphandlingsplan", f",{plan_cell(1, 'cpv_kod')},", ",8011-8,", row=1))
    assert "värde '8011-8': är inte en CPV-kod" in message
    assert "finns inte i cpv.csv" not in message


# --- municipalities and departments ---------------------------------------------------------

def test_kommunkoder_is_scbs_list_of_290_municipalities_in_21_counties():
    from upphandlingskurs.schemas import DALARNAS_KOMMUNER

    codes = load_table("kommunkoder")
    assert len(codes) == 290 and codes["lan"].nunique() == 21 and codes["lanskod"].nunique() == 21
    assert (codes["kommunkod"].str[:2] == codes["lanskod"]).all()
    dalarna = codes[codes["lan"] == "Dalarnas län"]
    assert set(dalarna["lanskod"]) == {"20"}
    assert sorted(dalarna["kommun"]) == sorted(DALARNAS_KOMMUNER) == sorted(load_table("kommuner")["kommun"])
    assert codes.set_index("kommun").loc["Falun", "kommunkod"] == "2080"
    assert codes.set_index("kommun").loc["Gävle", "lan"] == "Gävleborgs län"


def test_an_enterprise_in_any_swedish_municipality_is_accepted(tmp_path):
    first = (DATA_DIR / "foretag.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[1]
    for kommun in ("Gävle", "Kiruna", "Upplands Väsby"):
        path = shipped_with(tmp_path, "foretag", f",{first},", f",{kommun},", row=1)
        assert load_table("foretag", path)["kommun"].iloc[0] == kommun
    message = load_error("foretag", shipped_with(tmp_path, "foretag", f",{first},", ",Gävle kommun,", row=1))
    assert "rad 2, kolumn 'kommun', värde 'Gävle kommun': finns inte bland Sveriges kommuner i kommunkoder.csv" in message


def test_a_municipality_in_the_wrong_county_is_refused(tmp_path):
    message = load_error("kommuner", shipped_with(tmp_path, "kommuner", "Mora,Dalarnas län", "Mora,Dalarna"))
    row = 1 + next(i for i, line in enumerate((DATA_DIR / "kommuner.csv").read_text(encoding="utf-8").splitlines())
                   if line.startswith("Mora,"))
    assert f"rad {row}, kolumn 'lan', värde 'Dalarna': kommunen ligger i Dalarnas län enligt kommunkoder.csv" in message


def test_a_department_outside_the_shipped_five_is_accepted(tmp_path):
    first = plan_cell(1, "forvaltning")
    path = shipped_with(tmp_path, "upphandlingsplan", f",{first},", ",Tekniska förvaltningen,", row=1)
    assert load_table("upphandlingsplan", path)["forvaltning"].iloc[0] == "Tekniska förvaltningen"
    blank = shipped_with(tmp_path, "upphandlingsplan", f",{plan_cell(2, 'forvaltning')},", ",,", row=2)
    assert "rad 3, kolumn 'forvaltning', värde tomt: saknas" in load_error("upphandlingsplan", blank)


# --- what the participant sees ---------------------------------------------------------------

def test_notebooks_show_only_the_swedish_message():
    error = CourseDataError("Filen x.csv kan inte användas:", ["rad 2, kolumn 'a', värde 'b': saknas"])
    assert error._render_traceback_() == [f"Fel: {error}"]
    assert "Traceback" not in "".join(error._render_traceback_())


def test_show_table_escapes_text_and_has_no_unnamed_index():
    frame = pd.DataFrame({"namn": ["<script>alert(1)</script>"], "antal": [12345]})
    html = show_table(frame, caption="Påhittade företag").data
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<caption>Påhittade företag</caption>" in html
    assert "12\u00a0345" in html
    assert "blank" not in html and "index_name" not in html


def test_rule_parameters_must_all_be_there(tmp_path):
    # A file the rules cannot use is refused when read, with the names the rules need.
    shipped = (DATA_DIR / "regelparametrar.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    without = "".join(line for line in shipped if not line.startswith("fullgjord_andel_procent,"))
    message = load_error("regelparametrar", write(tmp_path, without))
    assert "kolumn 'namn'" in message and "fullgjord_andel_procent" in message


def test_the_occupied_limit_is_the_rules_limit(tmp_path):
    from upphandlingskurs.rules.reservation import MAX_OCCUPIED as rule_limit
    from upphandlingskurs.schemas import MAX_OCCUPIED
    assert rule_limit is MAX_OCCUPIED
    shipped = (DATA_DIR / "foretag.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header = shipped[0].rstrip("\n").split(",")
    row = next(csv.reader([shipped[1]]))
    row[header.index("antal_sysselsatta")] = str(MAX_OCCUPIED + 1)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    message = load_error("foretag", write(tmp_path, shipped[0] + out.getvalue()))
    assert "kolumn 'antal_sysselsatta'" in message and "kan inte vara större än 1 000 000" in message
