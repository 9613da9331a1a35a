"""Every page in _toc.yml executes as a notebook, and every chapter follows the page template."""

from __future__ import annotations

import re

import jupytext
import nbclient
import pytest

from conftest import page_source, toc_docnames

# The page template (CONTRIBUTING.md): an overview box with these three parts, then the
# content, then these closing sections in this order.
OVERVIEW_PARTS = ("**Lärandemål.**", "**Förkunskaper.**", "**Tidsåtgång.**")
CLOSING_SECTIONS = ("## Sammanfattning", "## Självtest", "## Källor")


def execute(path):
    notebook = jupytext.read(path)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    return notebook


@pytest.mark.parametrize("docname", toc_docnames())
def test_page_executes_without_errors(docname):
    notebook = execute(page_source(docname))
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"{docname}: {output.get('ename')}: {output.get('evalue')}"
            if output["output_type"] == "stream":
                assert output["name"] != "stderr", f"{docname} skriver till stderr: {output['text']}"


@pytest.mark.parametrize("docname", [name for name in toc_docnames() if name.startswith("chapters/")])
def test_chapter_follows_the_page_template(docname):
    text = page_source(docname).read_text(encoding="utf-8")
    assert re.search(r"^# \S", text, re.MULTILINE), "en huvudrubrik"
    overview = re.search(r":::\{admonition\} Översikt\n:class: kurs-oversikt\n(.*?)\n:::", text, re.DOTALL)
    assert overview, "översiktsrutan ('Översikt', klassen kurs-oversikt) överst"
    for part in OVERVIEW_PARTS:
        assert part in overview.group(1), f"översikten saknar {part}"
    assert re.search(r"Cirka \d+ minuter", overview.group(1)), "tidsåtgången anges i minuter"
    positions = [text.find(f"\n{section}\n") for section in CLOSING_SECTIONS]
    assert all(position > 0 for position in positions), f"avsluten {CLOSING_SECTIONS} finns"
    assert positions == sorted(positions), "avsluten står i ordningen Sammanfattning, Självtest, Källor"
    assert text.count("\n## ") >= len(CLOSING_SECTIONS) + 2, "kapitlet har innehåll mellan översikt och avslut"
    assert "show_quiz(" in text[positions[1]:positions[2]], "självtestet visas under Självtest"
    assert re.search(r"https?://", text[positions[2]:]), "källorna har adresser"
