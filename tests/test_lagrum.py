"""Law references: every paragraph the course cites is in the legal register, and an outdated
number is never used as if it were current."""

from __future__ import annotations

import pytest

from conftest import ROOT, page_source, toc_docnames
from upphandlingskurs.lagrum import check_text, find_references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("enligt 4 kap. 18 § LOU", ["4 kap. 18 § LOU"]),
        ("i 19 kap. 25 a § finns", ["19 kap. 25 a § LOU"]),
        ("se 19 kap. 25 § av lagen", ["19 kap. 25 § LOU"]),
        ("17 kap. 2–5 §§ LOU", ["17 kap. 2 § LOU", "17 kap. 3 § LOU", "17 kap. 4 § LOU", "17 kap. 5 § LOU"]),
        ("19 a kap. 3 §", ["19 a kap. 3 § LOU"]),
        ("4 kap.\u00a03 §\nLUF", ["4 kap. 3 § LUF"]),
        ("19 a kap. LOU handlar om direktupphandling", []),
        ("enligt artikel 77 i direktiv 2014/24/EU", ["artikel 77 i direktiv 2014/24/EU"]),
        ("artiklarna 20, 70 och 74–76 i direktiv\n2014/24/EU", [f"artikel {n} i direktiv 2014/24/EU" for n in (20, 70, 74, 75, 76)]),
        ("artikel 70 i direktivet", ["artikel 70 i direktiv 2014/24/EU"]),
        ("artikel 20 i direktiv 2014/25/EU", ["artikel 20 i direktiv 2014/25/EU"]),
        ("I artikel 12 i deklarationen åtar sig kommunen", []),  # not a directive
        ("Artikel 70; minst hälften", []),  # which directive is not said
    ],
)
def test_find_references(text, expected):
    assert [reference.designation for reference in find_references(text)] == expected


def test_a_paragraph_of_a_law_without_chapters_is_read_by_its_sfs_number():
    references = find_references("Definitionen står i 2 § lagen (2022:900), villkoren i 3 § lagen\n(2022:900).")
    assert [r.designation for r in references] == ["2 § lagen (2022:900)", "3 § lagen (2022:900)"]
    assert check_text("Se 2 § lagen (2022:900).") == []
    assert "finns inte i lagrumsregistret" in check_text("Se 99 § lagen (2022:900).")[0]


def test_unknown_paragraph_is_reported():
    assert check_text("Enligt 4 kap. 99 § LOU gäller något.") == [
        "'4 kap. 99 § LOU' (4 kap. 99 § LOU) finns inte i lagrumsregistret data/lagrum.csv"
    ]


def test_unknown_directive_article_is_reported():
    assert check_text("Artikel 99 i direktiv 2014/24/EU säger något.") == [
        "'Artikel 99 i direktiv 2014/24/EU' (artikel 99 i direktiv 2014/24/EU) finns inte i lagrumsregistret data/lagrum.csv"
    ]


def test_old_number_alone_is_reported_but_accepted_beside_the_current_one():
    problems = check_text("Välfärdstjänster kan reserveras enligt 19 kap. 6 a § LOU.")
    assert len(problems) == 1 and "omnumrerad" in problems[0] and "19 kap. 25 § LOU" in problems[0]
    assert check_text("Regeln stod i 19 kap. 6 a § LOU och står nu i 19 kap. 25 § LOU.") == []
    # The current number in another paragraph does not excuse the old one.
    assert check_text("Se 19 kap. 25 § LOU.\n\nReservera enligt 19 kap. 6 a § LOU.") != []


def course_texts():
    for docname in toc_docnames():
        source = page_source(docname)
        yield source
        quiz = source.with_suffix(".sjalvtest.yml")
        if quiz.exists():
            yield quiz


@pytest.mark.parametrize("path", list(course_texts()), ids=lambda p: str(p.relative_to(ROOT)))
def test_course_cites_only_registered_current_paragraphs(path):
    problems = check_text(path.read_text(encoding="utf-8"))
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)
