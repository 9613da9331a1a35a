"""The two builds from one source: the book with collapsed solutions for self-study, and the
workshop build (`make book-workshop`) that contains no solution at all."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup  # pinned in requirements.txt (pydata-sphinx-theme needs it)

from conftest import build_book, copy_project, page_source, toc_docnames

pytestmark = pytest.mark.build

EXERCISES = [name for name in toc_docnames() if name.startswith("exercises/")]
SOLUTION = re.compile(r'class="[^"]*\bsolution\b')


@pytest.fixture(scope="module")
def workshop_book(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("workshop") / "kurs")
    result = build_book(project, workshop=True)
    if result.returncode != 0:
        pytest.fail(f"Workshopbygget gick inte att bygga:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return project / "_build" / "html"


@pytest.mark.parametrize("docname", EXERCISES)
def test_the_book_has_solutions_and_the_workshop_build_has_none(docname, built_book, workshop_book):
    book = (built_book / f"{docname}.html").read_text(encoding="utf-8")
    workshop = (workshop_book / f"{docname}.html").read_text(encoding="utf-8")
    assert SOLUTION.search(book), "självstudieboken har lösningarna (hopfällda)"
    assert not SOLUTION.search(workshop), "workshopbygget har inga lösningar"
    assert 'class="exercise' in workshop, "uppgifterna finns kvar"
    # No text that only a solution holds may leak into the workshop build.
    solutions = re.findall(r'<div class="solution dropdown admonition".*?</section>\s*</div>', book, re.DOTALL)
    for solution in solutions:
        for sentence in re.findall(r"<p>([^<]{40,})</p>", solution):
            assert sentence not in workshop


TRAINER_PAGES = [name for name in toc_docnames() if name.startswith("utbildare/")]


def answer_keys(page_html: str) -> tuple[list[str], str]:
    """The text of each answer key (an admonition with the class kurs-facit) on a built page, and
    the page's text without them."""
    soup = BeautifulSoup(page_html, "html.parser")
    keys = [div.extract().get_text(" ", strip=True) for div in soup.select("div.kurs-facit")]
    return keys, page_text(soup)


def page_text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ", strip=True).split())


def test_the_trainer_pages_have_answer_keys():
    sources = [page_source(name).read_text(encoding="utf-8") for name in TRAINER_PAGES]
    assert sum(text.count(":class: note kurs-facit") for text in sources) >= 3, "uppläggen har facit"


@pytest.mark.parametrize("docname", TRAINER_PAGES)
def test_the_workshop_build_leaves_out_the_trainers_answer_keys(docname, built_book, workshop_book):
    book = (built_book / f"{docname}.html").read_text(encoding="utf-8")
    workshop = (workshop_book / f"{docname}.html").read_text(encoding="utf-8")
    keys, rest_of_page = answer_keys(book)
    source = page_source(docname).read_text(encoding="utf-8")
    assert len(keys) == source.count(":class: note kurs-facit"), "varje facit finns i självstudieboken"
    assert "kurs-facit" not in workshop, "workshopbygget har inga facit"
    workshop_text = page_text(BeautifulSoup(workshop, "html.parser"))
    sentences = [" ".join(s.split()) for key in keys for s in re.findall(r"[A-ZÅÄÖ][^.:!?]{40,}[.!?]", key)]
    only_in_answer_keys = [s for s in sentences if s not in rest_of_page]
    assert len(only_in_answer_keys) >= len(keys), "facit har meningar som bara står i facit"
    for sentence in only_in_answer_keys:
        assert sentence not in workshop_text


@pytest.mark.parametrize("docname", EXERCISES)
def test_the_workshop_downloads_have_no_solutions(docname, workshop_book):
    """The exercise downloaded from the workshop build (_ext/kurs_downloads.py) has no solution either."""
    import nbformat

    notebook = nbformat.read(workshop_book / "_sources" / f"{docname}.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells)
    assert "<details>" not in text and "Lösning" not in text
    assert "Övning (" in text, "uppgifterna finns kvar"
