"""Every page in _toc.yml executes as a notebook, and every chapter follows the page template
(the checks live in upphandlingskurs.pagecheck, which writers also run by hand)."""

from __future__ import annotations

import pytest

from conftest import page_source, toc_docnames
from upphandlingskurs.pagecheck import (
    check_page,
    execution_problems,
    exercise_problems,
    main,
    template_problems,
    tool_page_problems,
)

CHAPTERS = [name for name in toc_docnames() if name.startswith("chapters/")]
EXERCISES = [name for name in toc_docnames() if name.startswith("exercises/")]
TOOL_PAGES = [name for name in toc_docnames() if name.startswith("verktyg/")]


@pytest.mark.parametrize("docname", toc_docnames())
def test_page_executes_without_errors(docname):
    assert execution_problems(page_source(docname)) == []


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_follows_the_page_template_and_cites_registered_law(docname):
    assert check_page(page_source(docname), execute=False) == []


@pytest.mark.parametrize("docname", EXERCISES)
def test_exercise_follows_the_exercise_template_and_cites_registered_law(docname):
    assert check_page(page_source(docname), execute=False) == []


@pytest.mark.parametrize("docname", TOOL_PAGES)
def test_tool_page_follows_its_template_and_cites_registered_law(docname):
    assert check_page(page_source(docname), execute=False) == []


def test_there_is_a_tool_page():
    assert TOOL_PAGES == ["verktyg/beslutsverktyg"]


def test_tool_page_check_names_what_is_missing():
    problems = tool_page_problems("# Verktyg\n\nText.\n\n## Sammanfattning\n\nKort.\n")
    assert "avsnittet '## Källor' saknas" in problems
    problems = tool_page_problems("# Verktyg\n\n## Ett\n\nText.\n\n## Sammanfattning\n\nKort.\n\n## Källor\n\n- https://a.se\n")
    assert "sidan visar inget verktyg (static_tool) före Sammanfattning" in problems


def test_exercise_template_check_names_what_is_missing():
    problems = exercise_problems("# Övning 9: Prov\n\nText.\n")
    assert "scenariot står inte i en ruta märkt 'Påhittat …'" in problems
    assert "övningen har ingen svarskontroll (kontroll.…)" in problems


def test_template_check_names_what_is_missing():
    problems = template_problems("# Titel\n\nBara text.\n\n## Sammanfattning\n\nKort.\n")
    assert "översiktsrutan (':::{admonition} Översikt' med ':class: kurs-oversikt') saknas" in problems
    assert "avsnittet '## Självtest' saknas" in problems and "avsnittet '## Källor' saknas" in problems


def test_failing_cell_is_reported(tmp_path):
    page = tmp_path / "sida.md"
    page.write_text("# Sida\n\n```{code-cell} ipython3\nfrom upphandlingskurs import load_table\n"
                    "load_table('saknas')\n```\n", encoding="utf-8")
    problems = execution_problems(page)
    assert len(problems) == 1 and "Det finns ingen tabell som heter 'saknas'" in problems[0]


def test_command_line_reports_and_exits_non_zero(tmp_path, capsys):
    page = tmp_path / "chapters" / "trasig.md"
    page.parent.mkdir()
    page.write_text("# Trasig\n\nEnligt 4 kap. 99 § LOU.\n", encoding="utf-8")
    assert main(["--utan-korning", str(page)]) == 1
    output = capsys.readouterr().out
    assert "självtestet trasig.sjalvtest.yml saknas" in output
    assert "4 kap. 99 § LOU" in output
