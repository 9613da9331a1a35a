"""The whole course as one PDF (`make pdf`): the book on one page, printed by Debian's Chromium.

The PDF is made once, from the session's clean build (so the notebooks are not executed again),
with the same two commands as `make pdf`, and then read back with pypdf: every page title is
there and in the bookmarks, Swedish text and tables survive, the solutions are printed open,
the self-tests are printed with their options and an answer key, and the PDF is tagged."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT, build_book, page_source, require_chromium, toc_docnames
from upphandlingskurs.sources import legal_status_date, page_title

pytestmark = pytest.mark.build

PDF_NAME = "socialt-ansvarsfull-upphandling.pdf"  # as in the Makefile
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
CHAPTERS = [name for name in toc_docnames() if name.startswith("chapters/")]


def flat(text: str) -> str:
    """Text with every run of white space (line breaks, no-break spaces) as one space, and no space
    after a hyphen (a compound such as "ASF-lista" broken at the end of a printed line reads
    "ASF- lista"; done on both sides of every comparison, so nothing else is lost)."""
    return re.sub(r"(?<=\w-) (?=\w)", "", re.sub(r"\s+", " ", text)).strip()


@pytest.fixture(scope="module")
def one_page_book(built_book) -> Path:
    """The book on one page (singlehtml), built in the session's clean copy of the project."""
    project = built_book.parent.parent
    result = build_book(project, builder="singlehtml")
    if result.returncode != 0:
        pytest.fail(f"Boken på en sida gick inte att bygga:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return project / "_build" / "singlehtml"


@pytest.fixture(scope="module")
def course_pdf(one_page_book) -> Path:
    require_chromium()
    project = one_page_book.parent.parent
    pdf = project / "_build" / "pdf" / PDF_NAME
    result = subprocess.run(
        [sys.executable, str(project / "_ext" / "kurs_pdf.py"), str(one_page_book / "index.html"), str(pdf)],
        capture_output=True, text=True, cwd=project, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return pdf


@pytest.fixture(scope="module")
def reader(course_pdf) -> PdfReader:
    return PdfReader(course_pdf)


@pytest.fixture(scope="module")
def pages(reader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


FOOTER = re.compile(r"\n?[^\n]* – sida \d+ av \d+\s*$")  # the page number line at the foot of each page


@pytest.fixture(scope="module")
def text(pages) -> str:
    """The running text of the whole PDF, without the page footers (a paragraph may go on
    over a page break)."""
    return flat("\n".join(FOOTER.sub("", page) for page in pages))


def bookmarks(reader) -> list[tuple[int, str]]:
    """(depth, title) for every bookmark, in order."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(reader.outline, 0)
    return found


def test_every_page_title_is_in_the_pdf_and_its_bookmarks(reader, text):
    titles = [page_title(page_source(name).read_text(encoding="utf-8")) for name in toc_docnames()]
    marks = bookmarks(reader)
    for title in titles:
        assert flat(title) in text, f"{title} saknas i PDF-filen"
        assert title in [mark for _, mark in marks], f"{title} saknas bland bokmärkena"
    # Each part of _toc.yml is a top-level bookmark, with its pages one level below.
    parts = [part["caption"] for part in TOC["parts"]]
    assert [mark for depth, mark in marks if depth == 0] == [titles[0], *parts]
    starts = [marks.index((0, part)) for part in parts] + [len(marks)]
    for number, part in enumerate(TOC["parts"]):
        in_part = [mark for depth, mark in marks[starts[number]:starts[number + 1]] if depth == 1]
        assert in_part == [page_title(page_source(entry["file"]).read_text(encoding="utf-8"))
                           for entry in part["chapters"]]


def test_swedish_text_survives(text):
    for word in ["Övning 1:", "upphandling", "4 kap. 18 § LOU", "Självtest", "Förkunskaper", "Tidsåtgång",
                 "Sammanfattning", "Påhittat scenario", "Källor och vidare läsning"]:
        assert word in text, word
    assert "\ufffd" not in text, "inga tecken som inte gick att läsa"
    assert not re.search("[\ufb00-\ufb06]", text), "inga ligaturer (ﬁ, ﬀ) i texten: den går att söka i"
    assert not re.search("[\ue000-\uf8ff]", text), "inga ikoner ur ikontypsnitt, som en skärmläsare inte kan läsa"


def test_a_data_table_and_a_text_table_keep_their_headers(text):
    # The county table on chapter 1 (data/kommuner.csv) and the table of places for a social
    # requirement on chapter 2 (a Markdown table).
    assert "Dalarnas kommuner efter folkmängd" in text
    assert "Kommun Folkmängd" in text and "286 546" in text
    assert "Plats Lagrum Vad kravet gäller" in text


def test_title_page_table_of_contents_and_page_numbers(pages, text):
    title_page = flat(pages[0])
    assert title_page.startswith(CONFIG["title"])
    assert CONFIG["author"] in title_page
    assert f"gäller per den {legal_status_date()}" in title_page
    assert "Lösningarna till övningarna är utfällda" in title_page
    assert flat(pages[1]).startswith("Innehåll")
    assert len(pages) > len(toc_docnames()), "varje kapitel börjar på en ny sida"
    for number, page in enumerate(pages, start=1):
        assert f"sida {number} av {len(pages)}" in page


def test_no_navigation_or_theme_controls_in_the_pdf(text):
    for interface in [CONFIG["sphinx"]["config"]["html_theme_options"]["search_bar_text"],
                      "Hoppa till huvudinnehållet", "Tillbaka till början", "Visa eller dölj innehållet", "Färgläge"]:
        assert interface not in text, interface


def test_solutions_are_printed_open(one_page_book, text):
    page = (one_page_book / "index.html").read_text(encoding="utf-8")
    solutions = re.findall(r'<div class="solution dropdown admonition".*?</section>\s*</div>', page, re.DOTALL)
    assert len(solutions) >= len([name for name in toc_docnames() if name.startswith("exercises/")])
    sentences = [s for solution in solutions for s in re.findall(r"<p>([^<]{40,})</p>", solution)]
    assert sentences
    for sentence in sentences:
        assert flat(sentence) in text, f"lösningen saknas: {sentence[:60]}"


def test_self_tests_print_questions_options_and_answer_key(text):
    quizzes = [yaml.safe_load(page_source(name).with_suffix(".sjalvtest.yml").read_text(encoding="utf-8"))
               for name in CHAPTERS]
    for quiz in quizzes:
        for number, question in enumerate(quiz["questions"], start=1):
            assert flat(f"Fråga {number} av {len(quiz['questions'])}. {question['prompt']}") in text
            for option in question["options"]:
                assert flat(option["text"]) in text
            right = next(option for option in question["options"] if option["correct"])
            assert flat(f"{right['text']} {right['feedback']}") in text, "facit: rätt svar med förklaringen"
    # One answer key per self-test (the trainer pages' answer keys are titled "Facit: …").
    assert len(re.findall(r"Facit(?!:| finns)", text)) == len(quizzes)
    # The buttons are not printed: "Kontrollera svaret" is left only where a page's text names it.
    named = sum(page_source(name).read_text(encoding="utf-8").count("Kontrollera svaret") for name in toc_docnames())
    assert text.count("Kontrollera svaret") == named


def test_pdf_is_tagged_in_swedish_with_alt_text_and_no_links_into_the_build_folder(reader, one_page_book):
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "sv"
    assert reader.metadata.title == CONFIG["title"]

    kinds, alt_texts = set(), []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            kinds.add(node.get("/S"))
            if node.get("/S") == "/Figure":
                alt_texts.append(node.get("/Alt"))
            children = node.get("/K")
            for child in children if isinstance(children, list) else [children] if children is not None else []:
                walk(child)

    walk(catalog["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Link"} <= kinds
    page = (one_page_book / "index.html").read_text(encoding="utf-8")
    images = re.findall(r'<img [^>]*alt="([^"]+)"', page)
    assert images and sorted(alt_texts) == sorted(images)

    uris = [annotation.get_object().get("/A", {}).get("/URI", "")
            for pdf_page in reader.pages for annotation in pdf_page.get("/Annots", [])]
    assert any(uri.startswith("https://") for uri in uris)
    assert not [uri for uri in uris if uri.startswith("file:")], "inga länkar till filer på datorn som skrev ut"


@pytest.mark.browser
def test_nothing_is_wider_than_the_printed_page(browser, one_page_book):
    # Chromium shrinks every page when one element is wider than the paper, so everything must
    # fit the width between the margins: A4 (210 mm) less 2 × 18 mm, in CSS pixels.
    width = int((210 - 2 * 18) * 96 / 25.4)
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto((one_page_book / "index.html").as_uri())
    page.emulate_media(media="print")
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('.bd-article *')]
            .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map((e) => `${e.tagName}.${e.className} i #${(e.closest('section[id]') || {}).id}`)"""
    )
    page.close()
    assert not too_wide, "\n".join(too_wide[:10])


def test_missing_chromium_is_said_in_swedish(tmp_path):
    # The Makefile checks for Chromium before it builds anything (here in an empty folder).
    result = subprocess.run(["make", "-f", str(ROOT / "Makefile"), "pdf", "CHROMIUM=/finns/inte/chromium"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode != 0
    assert "Chromium saknas: make pdf skriver ut kursen med Debians Chromium (/finns/inte/chromium)" in result.stderr
    assert "apt-get install chromium" in result.stderr
    assert not (tmp_path / ".venv").exists() and not (tmp_path / "_build" / "pdf").exists()

    script = subprocess.run([sys.executable, str(ROOT / "_ext" / "kurs_pdf.py"), "index.html", "ut.pdf"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60,
                            env={"CHROMIUM": "/finns/inte/chromium", "PATH": "/usr/bin:/bin"})
    assert script.returncode != 0 and "Chromium saknas" in script.stderr and "Traceback" not in script.stderr
