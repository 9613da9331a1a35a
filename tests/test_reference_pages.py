"""The reference pages: the glossary is used by the chapters, and the source list is collected
from every chapter with a "gäller per" date taken from the legal register."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
import yaml

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
STATEMENT = ROOT / "referens" / "tillganglighetsredogorelse.md"


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


def test_accessibility_statement_has_the_parts_of_a_statement():
    text = STATEMENT.read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", text, re.MULTILINE) == [
        "Vem publicerar kursen och vad gäller redogörelsen?",
        "Hur tillgänglig är kursen?",
        "Hur kursen testas",
        "Kända brister",
        "Rapportera ett problem",
        "Hur redogörelsen togs fram",
        "Källor",
    ]
    flat = re.sub(r"\s+", " ", text)
    for fact in ["lagen (2018:1937) om tillgänglighet till digital offentlig service", "förordning (2018:1938)",
                 "EN 301 549 V3.2.1 (2021-03)", "WCAG 2.1 på nivå AA", "Redogörelsen skrevs den",
                 "granskades senast"]:
        assert fact in flat, fact
    sources = text.split("\n## Källor\n")[1]
    assert sources.count("https://www.digg.se/") == 2


def test_accessibility_statement_names_the_axe_core_version_the_tests_run():
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    version = lock["packages"]["node_modules/axe-core"]["version"]
    assert f"axe-core {version}" in STATEMENT.read_text(encoding="utf-8")


def test_accessibility_statement_is_a_reference_page_linked_from_every_page(built_book):
    from test_book_html import built_pages

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    reference_part = next(part for part in toc["parts"] if part["caption"] == "Referens")
    assert {"file": "referens/tillganglighetsredogorelse"} in reference_part["chapters"]
    assert "(referens/tillganglighetsredogorelse.md)" in (ROOT / "index.md").read_text(encoding="utf-8")
    for page in built_pages(built_book):
        html = page.read_text(encoding="utf-8")
        link = re.search(r'<p class="kurs-tillganglighet"><a href="([^"]+)">Tillgänglighetsredogörelse</a>', html)
        assert link, f"{page.relative_to(built_book)} saknar länken till tillgänglighetsredogörelsen"
        target = page if link.group(1) == "#" else (page.parent / link.group(1)).resolve()  # "#" on the page itself
        assert target == built_book / "referens" / "tillganglighetsredogorelse.html"
