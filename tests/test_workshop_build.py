"""The two builds from one source: the book with collapsed solutions for self-study, and the
workshop build (`make book-workshop`) that contains no solution at all."""

from __future__ import annotations

import re

import pytest

from conftest import build_book, copy_project, toc_docnames

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
