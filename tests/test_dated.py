"""Dated amounts and figures on the pages: each with its period, and a Swedish notice when a period
shown has ended or a figure is no longer the latest the course knows, decided from
data/troskelvarden.csv and data/daterade_uppgifter.csv on the build day (a fixed clock here)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from upphandlingskurs import CourseDataError, load_table
from upphandlingskurs.dated import (
    dated_figures,
    dated_text,
    notice_texts,
    notices_html,
    number_text,
    period_text,
    swedish_date,
    threshold_table_html,
    value_text,
)

ROOT = Path(__file__).resolve().parent.parent


def rows(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", " | ", row).replace("\u00a0", " ") for row in re.findall(r"<tr.*?</tr>", html)]


def test_on_the_day_of_writing_the_2024_2025_amounts_are_marked_as_ended():
    html = threshold_table_html(dt.date(2026, 12, 6))
    assert "De är markerade och gäller inte längre" in html and "senast 31 december 2025" in html
    kommun_2024 = next(r for r in rows(html) if "2 389 585" in r)
    assert "Gällde till 31 december 2025. Perioden är slut." in kommun_2024
    limit = next(r for r in rows(html) if "700 000" in r)
    assert "Gäller i dag." in limit and "tills vidare" in limit


def test_a_missing_amount_in_kronor_is_named_with_where_it_is_published():
    html = threshold_table_html(dt.date(2026, 12, 6))
    if "Beloppet i kronor saknas" in html:  # until the 2026-2027 amounts in kronor are in data/
        assert "saknar beloppen i kronor för perioden 1 januari 2026–31 december 2027" in html
        assert "upphandlingsmyndigheten.se/regler-och-lagstiftning/troskelvarden" in html
        assert any("216 000 euro" in r and "Gäller i dag." in r for r in rows(html))


def test_before_the_period_ended_nothing_is_marked_for_it():
    html = threshold_table_html(dt.date(2025, 6, 1))
    kommun_2024 = next(r for r in rows(html) if "2 389 585" in r)
    assert "Gäller i dag." in kommun_2024
    assert "senast 31 december 2023" in html  # the 2022-2023 amounts had ended by then
    assert any("Gäller från 1 januari 2026." in r for r in rows(html))


def test_a_later_build_marks_the_2026_2027_period_as_ended_without_editing_a_page():
    html = threshold_table_html(dt.date(2028, 1, 2))
    assert "senast 31 december 2027" in html
    assert all("Gällde till 31 december 2027" in r for r in rows(html) if "1 januari 2026" in r)
    assert "saknar beloppen i kronor" not in html  # an ended period is history, not a request


def test_the_table_is_accessible_markup():
    html = threshold_table_html(dt.date(2026, 12, 6))
    assert "<caption>" in html and html.count('scope="col"') == 5
    assert 'role="region"' in html and 'tabindex="0"' in html and "aria-label=" in html


# --- Dated figures: data/daterade_uppgifter.csv -----------------------------------------------

PAGE_DIRS = ("chapters", "exercises", "verktyg")
FIGURE_CALL = re.compile(r"\b(date_notices|glue_figure|figure)\(([^)]*)\)")
CODE_CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.DOTALL)
CHAPTER_1 = "chapters/01-vad-ar-socialt-ansvarsfull-upphandling.md"


def figure_ids_on_pages() -> dict[str, dict[str, set[str]]]:
    """For each page that uses the registry: the ids it shows (glue_figure, figure) and the ids
    its notices cover (date_notices), read from the calls in its code cells."""
    pages = {}
    for folder in PAGE_DIRS:
        for page in sorted((ROOT / folder).glob("*.md")):
            used = {"shown": set(), "noticed": set()}
            for cell in CODE_CELL.findall(page.read_text(encoding="utf-8")):
                for function, arguments in FIGURE_CALL.findall(cell):
                    ids = set(re.findall(r"\"([a-z0-9_]+)\"", arguments))
                    used["noticed" if function == "date_notices" else "shown"] |= ids
            if used["shown"] or used["noticed"]:
                pages[f"{folder}/{page.name}"] = used
    return pages


def test_before_its_review_date_a_figure_has_no_notice_and_after_it_the_notice_names_the_dates():
    for row in dated_figures().itertuples(index=False):
        last_day = row.aktuell_till.date()
        assert notice_texts(row.id, today=last_day) == [], row.id
        [notice] = notice_texts(row.id, today=last_day + dt.timedelta(days=1))
        assert f"Kursen räknade den som den senaste till {swedish_date(last_day)}" in notice
        assert f" avser {period_text(dated_figures().loc[row.id])}." in notice
        assert f"det kan finnas en nyare från {row.kalla.split(': ')[0]}." in notice


def test_on_the_day_of_writing_the_population_notice_names_both_dates():
    [notice] = notice_texts("folkmangd_dalarna", today=dt.date(2026, 12, 6))
    assert notice == ("Uppgiften om folkmängden i Dalarnas län (286 546 invånare) avser 31 december 2024. "
                      "Kursen räknade den som den senaste till 31 december 2025; det kan finnas en nyare från SCB.")
    assert notice_texts("folkmangd_dalarna", today=dt.date(2025, 12, 31)) == []


def test_chapter_one_on_the_day_of_writing_flags_the_older_figures_but_not_riksrevisionens():
    ids = ("inkop_sverige", "inkop_sverige_bnp", "inkop_eu_bnp", "inkop_dalarna", "folkmangd_dalarna")
    html = notices_html(*ids, today=dt.date(2026, 12, 6))
    assert html.count('<p class="kurs-datumnotis" role="note">') == 3
    assert "avser maj 2021" in html and "avser september 2023" in html and "avser 31 december 2024" in html
    assert "Riksrevisionen" not in html
    # A later build names Riksrevisionen's two figures in one notice, without anyone editing the page.
    later = notice_texts(*ids, today=dt.date(2027, 1, 1))
    [riksrevisionen] = [text for text in later if "Riksrevisionen" in text]
    assert riksrevisionen.startswith("Uppgifterna om den offentliga sektorns inköp i Sverige per år "
                                     "(över 900 miljarder kronor) och ")
    assert "Kursen räknade dem som de senaste till 31 december 2026; det kan finnas nyare från Riksrevisionen." \
        in riksrevisionen


def test_the_newest_counts_of_enterprises_and_partnerships_are_flagged():
    html = notices_html("asf_sverige", "sociala_foretag_sverige", "sociala_foretag_dalarna", "iop_antal",
                        today=dt.date(2026, 12, 6))
    assert "Uppgiften om antalet ASF i Sverige (cirka 400 ASF) avser 2018–2020." in html
    assert "Uppgiften om antalet IOP (94 aktiva IOP i 13 kommuner och 5 regioner) avser 2023." in html
    assert html.count('role="note"') == 4


def test_a_figure_reads_with_its_words_and_its_period():
    figures = dated_figures()
    assert value_text(figures.loc["inkop_eu_bnp"]) == "mer än 14 procent"
    assert dated_text(figures.loc["asf_sverige"]) == "cirka 400 ASF (avser 2018–2020)"
    assert period_text(figures.loc["folkmangd_dalarna"]) == "31 december 2024"
    # Chapter 1 multiplies the purchases by a billion to get kronor per inhabitant.
    assert figures.loc["inkop_dalarna", "enhet"] == "miljarder kronor"
    assert figures.loc["folkmangd_dalarna", "enhet"] == "invånare"


def test_no_notice_is_an_empty_string_and_text_is_escaped():
    assert notices_html("inkop_sverige", today=dt.date(2026, 1, 1)) == ""
    table = dated_figures()
    table.loc["inkop_sverige", "uppgift"] = "<b>inköp</b>"
    html = notices_html("inkop_sverige", today=dt.date(2027, 1, 1), table=table)
    assert "&lt;b&gt;inköp&lt;/b&gt;" in html and "<b>" not in html


def test_an_unknown_figure_is_a_swedish_error_that_lists_the_known_ones():
    with pytest.raises(CourseDataError, match="Det finns ingen uppgift som heter 'saknas'") as raised:
        notice_texts("saknas", today=dt.date(2026, 12, 6))
    assert "folkmangd_dalarna" in str(raised.value)


def test_the_population_figure_agrees_with_kommuner_csv():
    kommuner = load_table("kommuner")
    population = dated_figures().loc["folkmangd_dalarna"]
    assert set(kommuner["folkmangd_datum"]) == {population["avser"]}
    assert population["varde"] == kommuner["folkmangd"].sum()


def test_every_figure_a_page_uses_is_in_the_registry_and_has_its_notice_on_that_page():
    registry = set(dated_figures().index)
    pages = figure_ids_on_pages()
    assert {CHAPTER_1, "chapters/05-sociala-foretag.md", "chapters/06-ideburet-offentligt-partnerskap.md"} <= set(pages)
    for page, used in pages.items():
        assert used["shown"] | used["noticed"] <= registry, f"{page}: {(used['shown'] | used['noticed']) - registry}"
        assert used["shown"] <= used["noticed"], f"{page} shows {used['shown'] - used['noticed']} without a notice"
    every_used = set().union(*(used["noticed"] for used in pages.values()))
    assert registry <= every_used, f"not used on any page: {registry - every_used}"


def test_a_figure_is_said_once_and_the_other_chapters_link_to_it():
    chapter_1 = dated_figures().loc[["inkop_sverige", "inkop_sverige_bnp", "inkop_eu_bnp", "inkop_dalarna",
                                     "folkmangd_dalarna"]]
    for folder in PAGE_DIRS:
        for page in (ROOT / folder).glob("*.md"):
            text = page.read_text(encoding="utf-8")
            for row in chapter_1.itertuples(index=False):
                said = f"{number_text(row.varde)} {row.enhet.split()[0]}"
                assert said not in text, f"{page.name} writes '{said}' itself instead of taking it from the registry"
    chapter_7 = (ROOT / "chapters" / "07-strategi-politik-och-samverkan.md").read_text(encoding="utf-8")
    assert chapter_7.count("(01-vad-ar-socialt-ansvarsfull-upphandling.md#det-handlar-om-mycket-pengar)") == 2
    assert "### Det handlar om mycket pengar\n" in (ROOT / CHAPTER_1).read_text(encoding="utf-8")


def test_chapter_one_executes_with_the_registry_figures_and_the_notices_of_the_build_day():
    import jupytext
    import nbclient

    page = ROOT / CHAPTER_1
    notebook = jupytext.read(page)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(page.parent)}}).execute()
    glued, html = {}, []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error"
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                glued[name] = output["data"]["application/papermill.record/text/plain"].strip("'")
            elif "text/html" in output.get("data", {}):
                html.append(output["data"]["text/html"])
    figures = dated_figures()
    assert glued["folkmangd_dalarna"] == "286 546 invånare"
    assert glued["inkop_sverige"] == value_text(figures.loc["inkop_sverige"])
    assert glued["inkop_dalarna_avser"] == period_text(figures.loc["inkop_dalarna"])
    assert glued["kr_per_invanare"] == "55 800"  # 16 billion kronor / 286 546 inhabitants, to the hundred
    expected = notices_html("inkop_sverige", "inkop_sverige_bnp", "inkop_eu_bnp", "inkop_dalarna",
                            "folkmangd_dalarna", today=dt.date.today())
    assert expected in html
