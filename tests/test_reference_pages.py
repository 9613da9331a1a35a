"""The reference pages: the glossary is used by the chapters, and the source list is collected
from every chapter with a "gäller per" date taken from the legal register."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import ROOT, page_source, toc_docnames
from upphandlingskurs import load_table
from upphandlingskurs.sources import (
    legal_status_date,
    sources_by_chapter,
    sources_in,
    sources_markdown,
    swedish_date,
)

GLOSSARY = ROOT / "referens" / "ordlista.md"


def glossary_terms() -> list[str]:
    block = re.search(r"```\{glossary\}\n(.*?)\n```", GLOSSARY.read_text(encoding="utf-8"), re.DOTALL).group(1)
    return [line.strip() for line in block.splitlines() if line and not line.startswith((" ", "\t"))]


def linked_terms() -> set[str]:
    linked = set()
    for docname in toc_docnames():
        text = page_source(docname).read_text(encoding="utf-8")
        for match in re.finditer(r"\{term\}`([^`]+)`", text):
            target = re.search(r"<([^>]+)>$", match.group(1))
            linked.add((target.group(1) if target else match.group(1)).strip().lower())
    return linked


def test_every_glossary_entry_is_linked_from_the_course():
    # A term with synonyms ("ASF" under "arbetsintegrerande socialt företag") counts once.
    text = GLOSSARY.read_text(encoding="utf-8")
    entries = re.findall(r"\n\n((?:[^\s][^\n]*\n)+)  ", text.split("```{glossary}")[1])
    linked = linked_terms()
    unlinked = [names.split("\n")[0] for names in entries
                if not {name.strip().lower() for name in names.strip().split("\n")} & linked]
    assert not unlinked, f"Ord i ordlistan som inget kapitel länkar till: {unlinked}"


def test_every_chapter_has_sources_and_all_appear_on_the_source_page():
    collected = sources_by_chapter()
    chapters = [name for name in toc_docnames() if name.startswith("chapters/")]
    assert len(collected) == len(chapters)
    markdown = sources_markdown()
    for title, items in collected:
        assert items, f"{title} har inga källor"
        assert f"**{title}**" in markdown
        assert all(f"- {item}" in markdown for item in items)


def test_sources_are_read_from_the_kallor_section_only():
    text = "# T\n\n## Innehåll\n\n- inte en källa\n\n## Källor\n\n- A: [a](https://a.se)\n  fortsättning\n- B\n"
    assert sources_in(text) == ["A: [a](https://a.se) fortsättning", "B"]


def test_legal_status_date_is_the_oldest_check_in_the_register():
    assert swedish_date(pd.Timestamp("2026-02-03")) == "3 februari 2026"
    assert legal_status_date() == swedish_date(load_table("lagrum")["kontrollerad"].min())


def test_source_page_states_the_register_date(built_book):
    html = (built_book / "referens" / "kallor.html").read_text(encoding="utf-8")
    page = re.sub(r"<[^>]+>", "", html)
    assert f"gäller per den {legal_status_date()}" in page
    assert "Källor kapitel för kapitel" in page and 'href="https://www.upphandlingsmyndigheten.se' in html


@pytest.mark.parametrize("term", ["andelskravet", "IOP", "sysselsättningskrav"])
def test_glossary_lists_the_core_terms(term):
    assert term in glossary_terms()
