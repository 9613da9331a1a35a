"""Self-tests: multiple-choice questions kept as YAML beside each chapter.

Each answer option carries its own Swedish explanation. The file is checked against
``quiz.schema.json`` and rendered as plain, accessible HTML (a fieldset with
a legend and labelled radio buttons per question, a live region for the feedback)
plus a small script, so the test works on the static page without a kernel or network.
On the book's pages the script also shows the score and keeps the reader's answers in the
reader's browser (static/framsteg.js), so they are there again after a reload.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import cache
from pathlib import Path

import jsonschema_rs
import yaml
from IPython.display import HTML

from upphandlingskurs.errors import CourseDataError

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_FILE = PACKAGE_DIR / "quiz.schema.json"
STATIC_DIR = PACKAGE_DIR / "static"

FIELD_NAMES = {
    "questions": "frågor",
    "prompt": "frågetext",
    "options": "svarsalternativ",
    "text": "alternativtext",
    "correct": "rätt svar",
    "feedback": "förklaring",
}


@cache
def quiz_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@cache
def _validator():
    # jsonschema-rs, not jsonschema: importing jsonschema also imports rfc3987_syntax when it is
    # installed (Jupyter pulls it in), which builds its grammars for 1.4 s, more than half the time
    # a chapter takes to run. See python-jsonschema/jsonschema#1428.
    return jsonschema_rs.validator_for(quiz_schema())


def load_quiz(path: str | Path) -> dict:
    """Read and check a self-test file; any problem is a CourseDataError in Swedish."""
    path = Path(path)
    if not path.is_file():
        raise CourseDataError(f"Självtestet {path} finns inte.")
    try:
        quiz = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f" på rad {mark.line + 1}, kolumn {mark.column + 1}" if mark else ""
        raise CourseDataError(f"Självtestet {path} är inte giltig YAML{where}.") from None
    errors = sorted(_validator().iter_errors(quiz), key=lambda error: _sort_key(error.instance_path))
    problems = [_describe(error) for error in errors]
    if problems:
        raise CourseDataError(f"Självtestet {path} följer inte mallen:", problems)
    return quiz


def _where(path) -> str:
    parts, parent = [], None
    for step in path:
        if isinstance(step, int):
            label = "fråga" if parent == "questions" else "alternativ"
            parts.append(f"{label} {step + 1}")
        elif step not in ("questions", "options"):
            parts.append(f"fältet '{step}' ({FIELD_NAMES.get(step, step)})")
        parent = step
    return ", ".join(parts) or "filen"


def _sort_key(path) -> list[tuple[bool, object]]:
    """Problems in file order: by position, a list index before a field name."""
    return [(isinstance(step, str), step) for step in path]


def _describe(error: jsonschema_rs.ValidationError) -> str:
    where = _where(error.instance_path)
    kind = error.schema_path[-1]  # the schema keyword that failed
    if kind == "required":
        field = error.kind.property
        return f"{where}: fältet '{field}' ({FIELD_NAMES.get(field, field)}) saknas"
    if kind == "additionalProperties":
        return f"{where}: okänt fält {', '.join(repr(x) for x in error.kind.unexpected)}"
    if kind in ("contains", "minContains", "maxContains"):
        return f"{where}: exakt ett svarsalternativ ska ha correct: true"
    if kind == "type":
        wanted = {"string": "text", "boolean": "true eller false", "array": "en lista", "object": "ett avsnitt med fält"}
        names = [wanted.get(name, name) for name in error.kind.types]
        return f"{where}: ska vara {' eller '.join(names)}"
    if kind == "minItems":
        limit = error.kind.limit
        items = {"questions": ("fråga", "frågor"), "options": ("svarsalternativ", "svarsalternativ")}
        singular, plural = items.get(error.instance_path[-1] if error.instance_path else "", ("sak", "saker"))
        return f"{where}: behöver minst {limit} {singular if limit == 1 else plural}"
    if kind == "minLength":
        return f"{where}: är tomt"
    return f"{where}: är inte tillåtet ({kind})"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "sjalvtest"


def question_key(question: dict) -> str:
    """A short fingerprint of a question's text and options. The reader's browser keeps each
    answer under it (static/framsteg.js), so that an answer to a question that has since been
    rewritten is not shown as the answer to the new one."""
    text = json.dumps([question["prompt"], [(o["text"], o["correct"]) for o in question["options"]]], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def render_quiz(quiz: dict, quiz_id: str) -> str:
    """The HTML of a checked self-test. All text is escaped."""
    esc = html.escape
    questions = quiz["questions"]
    parts = [
        '<div class="kurs-quiz">',
        # Printed (and in the PDF of the whole course) the self-test cannot answer back, so
        # the page shows an answer key after the last question instead of the buttons.
        '<p class="kurs-quiz-utskrift">Välj ett svar på varje fråga och jämför sedan med facit '
        "efter den sista frågan.</p>",
    ]
    for number, question in enumerate(questions, start=1):
        name = f"{quiz_id}-{number}"
        parts.append(f'<form class="kurs-quiz-fraga" id="{name}" data-kurs-fraga="{question_key(question)}" novalidate>')
        parts.append("<fieldset>")
        parts.append(
            f'<legend><span class="kurs-quiz-nummer">Fråga {number} av {len(questions)}.</span> '
            f"{esc(question['prompt'])}</legend>"
        )
        for letter, option in zip("abcdefghij", question["options"]):
            option_id = f"{name}-{letter}"
            parts.append(
                '<div class="kurs-quiz-alternativ">'
                f'<input type="radio" id="{option_id}" name="{name}" value="{letter}" '
                f'data-correct="{str(option["correct"]).lower()}" data-feedback="{esc(option["feedback"])}">'
                f'<label for="{option_id}">{esc(option["text"])}</label></div>'
            )
        parts.append("</fieldset>")
        parts.append('<button type="submit" class="kurs-quiz-knapp">Kontrollera svaret</button>')
        parts.append('<div class="kurs-quiz-svar" role="status" aria-live="polite"></div>')
        parts.append("</form>")
    # The score so far ("Resultat: 3 av 5 rätt."), written by quiz.js; empty, and not shown, until
    # the reader has checked an answer.
    parts.append('<p class="kurs-quiz-resultat" role="status" aria-live="polite"></p>')
    parts.append('<div class="kurs-quiz-facit"><p><strong>Facit</strong></p><ol>')
    for question in questions:
        right = next(option for option in question["options"] if option["correct"])
        parts.append(f"<li><strong>{esc(right['text'])}</strong> {esc(right['feedback'])}</li>")
    parts.append("</ol></div>")
    parts.append("</div>")
    css = (STATIC_DIR / "quiz.css").read_text(encoding="utf-8")
    script = (STATIC_DIR / "quiz.js").read_text(encoding="utf-8")
    return f"<style>{css}</style>\n" + "\n".join(parts) + f"\n<script>{script}</script>"


def show_quiz(path: str | Path) -> HTML:
    """Display the self-test in ``path`` (a YAML file) in a notebook or on a built page."""
    path = Path(path)
    return HTML(render_quiz(load_quiz(path), quiz_id=_slug(path.stem)))
