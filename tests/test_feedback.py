"""The answer checks' common question kinds (upphandlingskurs/feedback.py): what a reader may write
and what they are told. The page's copies of these checks are compared with them in the browser
tests of each exercise (tests/test_static_exercise*.py)."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from upphandlingskurs.feedback import SetQuestion, TEXTS, check_set

QUESTION = SetQuestion(frozenset({"UP-001", "UP-002"}), "upphandlingar", "Förklaringen.")


def said(result) -> str:
    return html.unescape(result.data)


@pytest.mark.parametrize("answer", [
    ["UP-001", "UP-002"], ("UP-002", "UP-001"), {"UP-001", "UP-002"}, pd.Series(["UP-001", "UP-002"]),
    "UP-001, UP-002", "UP-001;UP-002", "['UP-001', 'UP-002']", '["UP-001", "UP-002"]', " UP-002 ,UP-001, ",
])
def test_a_list_is_right_in_every_form_a_reader_writes_it(answer):
    assert TEXTS["right"] in said(QUESTION.check(answer))


def test_a_wrong_list_says_how_many_are_missing_and_which_given_ones_are_extra_but_not_which_are_missing():
    shown = said(QUESTION.check("UP-001, UP-009"))
    assert TEXTS["wrong"] in shown
    assert "Antal upphandlingar som saknas i ditt svar: 1" in shown
    assert "1 av dina upphandlingar ska inte vara med (UP-009)" in shown
    assert "UP-002" not in shown


def test_upper_reads_identifiers_in_lower_case_and_separators_split_on_spaces():
    relaxed = SetQuestion(QUESTION.expected, "upphandlingar", "Förklaringen.", separators=r"[,;\s]+", upper=True)
    assert TEXTS["right"] in said(relaxed.check("up-001 up-002"))
    assert TEXTS["wrong"] in said(QUESTION.check("up-001, up-002"))


def test_an_empty_list_is_an_answer_and_nothing_is_none():
    empty = SetQuestion(frozenset(), "kontrakt", "Inga.")
    assert TEXTS["right"] in said(empty.check("[]"))
    assert TEXTS["right"] in said(empty.check([]))
    assert TEXTS["empty"] in said(empty.check(None))


def test_an_answer_that_is_not_a_list_gets_a_swedish_message():
    assert "Svaret ska vara en lista, till exempel ['A', 'B'], men du skrev 12." in said(QUESTION.check(12))


def test_check_set_is_the_question_kind():
    assert said(check_set("UP-001", {"UP-001"}, "upphandlingar", "Bra.")) == said(
        SetQuestion(frozenset({"UP-001"}), "upphandlingar", "Bra.").check("UP-001"))


def test_the_page_gets_everything_the_check_uses():
    data = QUESTION.to_data()
    assert data["kind"] == "set" and data["expected"] == ["UP-001", "UP-002"]
    assert {"what", "explanation", "separators", "upper", "quoted_item"} <= set(data)
