"""Self-tests: the chapters' quiz files follow the schema, broken files are refused in Swedish,
and the rendered HTML is accessible markup with all text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from conftest import ROOT, page_source, toc_docnames
from upphandlingskurs import CourseDataError
from upphandlingskurs.quiz import load_quiz, render_quiz, show_quiz

CHAPTER_QUIZZES = sorted((ROOT / "chapters").glob("*.sjalvtest.yml"))

VALID = {
    "questions": [
        {
            "prompt": "Fråga?",
            "options": [
                {"text": "Ja", "correct": True, "feedback": "Rätt, för att …"},
                {"text": "Nej", "correct": False, "feedback": "Fel, för att …"},
            ],
        }
    ]
}


def write_quiz(tmp_path, data) -> str:
    path = tmp_path / "test.sjalvtest.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def quiz_error(tmp_path, data) -> str:
    with pytest.raises(CourseDataError) as raised:
        load_quiz(write_quiz(tmp_path, data))
    return str(raised.value)


def test_every_chapter_has_a_self_test_of_at_least_five_questions():
    chapters = [name for name in toc_docnames() if name.startswith("chapters/")]
    assert chapters
    for docname in chapters:
        quiz_file = page_source(docname).with_suffix(".sjalvtest.yml")
        assert quiz_file.exists(), f"{docname} saknar självtest ({quiz_file.name})"
        assert len(load_quiz(quiz_file)["questions"]) >= 5


@pytest.mark.parametrize("path", CHAPTER_QUIZZES, ids=lambda p: p.name)
def test_chapter_quiz_explains_every_option(path):
    for question in load_quiz(path)["questions"]:
        assert sum(option["correct"] for option in question["options"]) == 1
        for option in question["options"]:
            assert len(option["feedback"]) >= 30, f"För kort förklaring: {option['feedback']!r}"


def correct_positions(path) -> list[int]:
    """The 1-based position of the correct option in each question of a self-test."""
    return [[option["correct"] for option in question["options"]].index(True) + 1
            for question in load_quiz(path)["questions"]]


@pytest.mark.parametrize("path", CHAPTER_QUIZZES, ids=lambda p: p.name)
def test_the_correct_option_is_not_always_in_the_same_place(path):
    """A reader must not learn that the answer is usually the first (or second) option: no position
    holds more than 40 % of a chapter's keys, and positions 1, 2 and 3 each hold at least one."""
    positions = correct_positions(path)
    counts = {position: positions.count(position) for position in set(positions)}
    crowded = {position: count for position, count in counts.items() if count > 0.4 * len(positions)}
    assert not crowded, f"{path.name}: för många rätta svar på samma plats {crowded} av {len(positions)}"
    assert {1, 2, 3} <= set(positions), f"{path.name}: rätta svar bara på platserna {sorted(set(positions))}"


def test_a_missing_explanation_is_named_by_question_and_option(tmp_path):
    data = yaml.safe_load(yaml.safe_dump(VALID))
    del data["questions"][0]["options"][1]["feedback"]
    assert "fråga 1, alternativ 2: fältet 'feedback' (förklaring) saknas" in quiz_error(tmp_path, data)


def test_too_few_questions_or_options_says_of_what(tmp_path):
    data = yaml.safe_load(yaml.safe_dump(VALID))
    data["questions"][0]["options"] = data["questions"][0]["options"][:1]
    data["questions"][0]["options"][0]["correct"] = True
    assert "fråga 1: behöver minst 2 svarsalternativ" in quiz_error(tmp_path, data)
    assert "filen: behöver minst 1 fråga" in quiz_error(tmp_path, {"questions": []})


@pytest.mark.parametrize("correct", [(True, True), (False, False)])
def test_exactly_one_option_must_be_correct(tmp_path, correct):
    data = yaml.safe_load(yaml.safe_dump(VALID))
    for option, value in zip(data["questions"][0]["options"], correct):
        option["correct"] = value
    assert "fråga 1: exakt ett svarsalternativ ska ha correct: true" in quiz_error(tmp_path, data)


def test_unknown_fields_wrong_types_and_bad_yaml_are_refused(tmp_path):
    data = yaml.safe_load(yaml.safe_dump(VALID))
    data["questions"][0]["svar"] = "b"
    data["questions"][0]["options"][0]["correct"] = "ja"
    message = quiz_error(tmp_path, data)
    assert "fråga 1: okänt fält 'svar'" in message
    assert "fråga 1, alternativ 1, fältet 'correct' (rätt svar): ska vara true eller false" in message
    assert "inte giltig YAML på rad 3, kolumn 1" in quiz_error(tmp_path, "questions:\n  - prompt: [\n")
    assert "finns inte" in str(pytest.raises(CourseDataError, load_quiz, tmp_path / "saknas.yml").value)


class FormParser(HTMLParser):
    """Collects what a screen reader needs: inputs, their labels, fieldsets and legends."""

    def __init__(self):
        super().__init__()
        self.inputs, self.labels, self.ids = [], set(), []
        self.counts = {"fieldset": 0, "legend": 0, "form": 0, "button": 0}
        self.live_regions = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.counts:
            self.counts[tag] += 1
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "input":
            self.inputs.append(attrs)
        if tag == "label":
            self.labels.add(attrs.get("for"))
        if attrs.get("aria-live") == "polite" and attrs.get("role") == "status":
            self.live_regions += 1


def test_rendered_quiz_is_labelled_and_grouped():
    quiz = load_quiz(CHAPTER_QUIZZES[0])
    parser = FormParser()
    parser.feed(render_quiz(quiz, "kapitel"))
    questions = len(quiz["questions"])
    assert parser.counts == {"fieldset": questions, "legend": questions, "form": questions, "button": questions}
    assert parser.live_regions == questions + 1, "one per question, and one for the score"
    assert all(field["id"] in parser.labels for field in parser.inputs), "varje svarsalternativ har en etikett"
    assert len(parser.ids) == len(set(parser.ids)), "id:n är unika"


def test_text_from_the_file_is_escaped(tmp_path):
    data = yaml.safe_load(yaml.safe_dump(VALID))
    data["questions"][0]["prompt"] = "<script>alert('x')</script>"
    data["questions"][0]["options"][0]["feedback"] = 'Citat "så här" & <b>fet</b>'
    html = show_quiz(write_quiz(tmp_path, data)).data
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert 'data-feedback="Citat &quot;så här&quot; &amp; &lt;b&gt;fet&lt;/b&gt;"' in html


def test_each_question_has_a_fingerprint_that_changes_with_its_text():
    """The reader's browser keeps an answer under its question's fingerprint (static/framsteg.js):
    unique within a self-test, the same on every build, and new when the question is rewritten."""
    quiz = load_quiz(CHAPTER_QUIZZES[0])
    keys = re.findall(r'data-kurs-fraga="([0-9a-f]{12})"', render_quiz(quiz, "kapitel"))
    assert len(keys) == len(quiz["questions"]) == len(set(keys))
    assert keys == re.findall(r'data-kurs-fraga="([0-9a-f]{12})"', render_quiz(quiz, "kapitel"))
    changed = yaml.safe_load(yaml.safe_dump(quiz, allow_unicode=True))
    changed["questions"][0]["options"].reverse()
    assert re.findall(r'data-kurs-fraga="([0-9a-f]{12})"', render_quiz(changed, "kapitel"))[0] != keys[0]


def test_quiz_works_without_network():
    html = render_quiz(VALID, "q")
    assert not re.search(r"(src|href)=\"https?://", html), "inga externa skript eller stilmallar"
    assert "<script>" in html and "kursQuiz" in html


def test_printed_quiz_has_an_answer_key_instead_of_buttons():
    html = render_quiz(VALID, "q")
    key = re.search(r'<div class="kurs-quiz-facit">(.*?)</div>', html, re.DOTALL).group(1)
    assert "<strong>Ja</strong> Rätt, för att …" in key and "Nej" not in key
    # On screen the key is hidden; on paper the buttons and the feedback are.
    css = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    assert ".kurs-quiz-utskrift, .kurs-quiz-facit { display: none; }" in css
    assert re.search(r"@media print \{.*\.kurs-quiz-knapp, \.kurs-quiz-svar \{ display: none !important; \}", css, re.DOTALL)
