"""The data layer: shipped tables are valid, and every kind of broken file is refused with a
Swedish message that names the file, the row, the column and the value."""

from __future__ import annotations

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
