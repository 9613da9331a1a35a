"""Answer checks for the exercises: Swedish feedback that says what is right or wrong and why.

Each exercise has a module in ``upphandlingskurs.exercises`` whose check functions compute the
expected answer from the data the notebook is using, so the checks work on any valid data file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from IPython.display import HTML

from upphandlingskurs.rules.decision import say

NO_ANSWER = "Skriv ditt svar i variabeln och kör cellen igen."

# Every sentence the checks below write besides the exercise's own explanations. The answer boxes
# on the static pages (upphandlingskurs/static_exercises.py) embed these and fill them the same way.
TEXTS = {
    "right": "Rätt.",
    "wrong": "Inte rätt än.",
    "empty": "Inget svar ännu.",
    "no_answer": NO_ANSWER,
    "answered": "Du svarade {answer}.",
    "not_a_number": "Svaret ska vara ett tal, men du skrev '{answer}'.",
    "not_an_option": "Välj ett av alternativen: {options}. Du skrev '{answer}'.",
    "not_a_list": "Svaret ska vara en lista, till exempel ['A', 'B'], men du skrev {answer}.",
    "set_missing": "Antal {what} som saknas i ditt svar: {count}",
    "set_extra": "{count} av dina {what} ska inte vara med ({items})",
}
# One item of a typed list in quotation marks, 'A' or "A", with no other quotation mark in it.
QUOTED_ITEM = r"([\"'])([^\"']*)\1"
# A number as a reader writes it, after the spaces are removed and a decimal comma made a point:
# ASCII digits, an optional sign, decimals and exponent ("27", "-3", "27.5", ".5", "1e3").
NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"


COLOURS = {"ratt": "#1a6b2f", "fel": "#a3191f", "tomt": "#595959"}  # WCAG AA on white and dark


def _box(kind: str, title: str, message: str) -> HTML:
    # Inline style: the feedback must look the same in JupyterLab, Voilà and the book.
    return HTML(
        f'<div class="kurs-svar kurs-svar-{kind}" role="status" '
        f'style="border-left: 0.4rem solid {COLOURS[kind]}; padding: 0.2rem 0 0.2rem 0.8rem; margin: 0.5rem 0;">'
        f"<p><strong>{html.escape(title)}</strong> {html.escape(message)}</p></div>"
    )


def right(message: str) -> HTML:
    return _box("ratt", TEXTS["right"], message)


def wrong(message: str) -> HTML:
    return _box("fel", TEXTS["wrong"], message)


def note(message: str, title: str = "Observera:") -> HTML:
    """A neutral message, for example for a task that the data in use gives no case for."""
    return _box("tomt", title, message)


def missing() -> HTML:
    return _box("tomt", TEXTS["empty"], TEXTS["no_answer"])


def read_number(answer) -> float | None:
    """The answer as a number (a decimal comma and spaces between thousands are fine), or None."""
    text = str(answer).replace(",", ".").replace(" ", "").strip()
    return float(text) if re.fullmatch(NUMBER, text) else None


@dataclass(frozen=True)
class Near:
    """A wrong number that many readers give, with a hint about what it is ("the time for one employment")."""

    value: float
    message: str
    tolerance: float = 0.0


@dataclass(frozen=True)
class NumberQuestion:
    """A task whose answer is a number: what is right and what the reader is told.

    ``right`` follows "Rätt."; a wrong answer gets "Du svarade …", then the hint of a matching
    ``Near`` value, or ``too_high``/``too_low``, then ``hint``. Write ``hint``, ``too_high`` and
    ``too_low`` so that they say how to get there without giving the right number away."""

    expected: float
    right: str
    hint: str
    tolerance: float = 0.0
    near: tuple[Near, ...] = ()
    too_high: str = ""
    too_low: str = ""

    def check(self, answer) -> HTML:
        if answer is None:
            return missing()
        value = read_number(answer)
        if value is None:
            return wrong(say(TEXTS["not_a_number"], answer=answer))
        if abs(value - self.expected) <= self.tolerance + 1e-9:  # 27.05 against 27 ± 0.05 is right, despite float rounding
            return right(self.right)
        parts = [say(TEXTS["answered"], answer=answer)]
        near = next((n for n in self.near if abs(value - n.value) <= n.tolerance + 1e-9), None)
        if near is not None:
            parts.append(near.message)
        elif value > self.expected and self.too_high:
            parts.append(self.too_high)
        elif value < self.expected and self.too_low:
            parts.append(self.too_low)
        if self.hint:
            parts.append(self.hint)
        return wrong(" ".join(parts))

    def to_data(self) -> dict:
        """The question as data for the answer box on the static page."""
        return {"kind": "number", "expected": self.expected, "tolerance": self.tolerance, "right": self.right,
                "hint": self.hint, "too_high": self.too_high, "too_low": self.too_low,
                "near": [{"value": n.value, "message": n.message, "tolerance": n.tolerance} for n in self.near]}


@dataclass(frozen=True)
class ChoiceQuestion:
    """A task whose answer is one of named options (case and surrounding spaces do not matter);
    every option has its own explanation."""

    correct: str
    explanations: dict[str, str]

    def check(self, answer) -> HTML:
        if answer is None:
            return missing()
        key = str(answer).strip().lower()
        options = {option.lower(): option for option in self.explanations}
        if key not in options:
            return wrong(say(TEXTS["not_an_option"], options=", ".join(self.explanations), answer=answer))
        option = options[key]
        return (right if option == self.correct else wrong)(self.explanations[option])

    def to_data(self) -> dict:
        return {"kind": "choice", "correct": self.correct, "options": list(self.explanations),
                "explanations": dict(self.explanations)}



@dataclass(frozen=True)
class SetQuestion:
    """A task whose answer is a list of identifiers (order does not matter): the feedback says how
    many are missing and which given ones should not be there, never which ones are missing.

    An answer may be a list, tuple, set, pandas Series, or a text: "A, B", also as the reader would
    write the list in Python, "['A', 'B']" (what an answer box on the page gets). ``separators``
    splits a text; ``upper`` reads identifiers written in capitals ("up-001" is "UP-001")."""

    expected: frozenset[str]
    what: str
    explanation: str
    separators: str = r"[,;]"
    upper: bool = False

    def items(self, answer) -> list[str] | None:
        """The identifiers in ``answer``, or None when it is not a list."""
        if isinstance(answer, str):
            text = answer.strip()
            if text.startswith("[") and text.endswith("]"):
                text = text[1:-1]
            answer = re.split(self.separators, text)
        elif hasattr(answer, "tolist") and not hasattr(answer, "columns"):
            answer = answer.tolist()  # a pandas Series or numpy array
        if not isinstance(answer, list | tuple | set | frozenset):
            return None
        items = []
        for item in answer:
            text = str(item).strip()
            quoted = re.fullmatch(QUOTED_ITEM, text)
            text = (quoted[2] if quoted else text).strip()
            if text:
                items.append(text.upper() if self.upper else text)
        return items

    def check(self, answer) -> HTML:
        if answer is None:
            return missing()
        items = self.items(answer)
        if items is None:
            return wrong(say(TEXTS["not_a_list"], answer=repr(answer)))
        given = set(items)
        if given == self.expected:
            return right(self.explanation)
        parts = []
        if self.expected - given:
            parts.append(say(TEXTS["set_missing"], what=self.what, count=len(self.expected - given)))
        if given - self.expected:
            parts.append(say(TEXTS["set_extra"], what=self.what, count=len(given - self.expected),
                             items=", ".join(sorted(given - self.expected))))
        return wrong("; ".join(parts) + ". " + self.explanation)

    def to_data(self) -> dict:
        return {"kind": "set", "expected": sorted(self.expected), "what": self.what,
                "explanation": self.explanation, "separators": self.separators, "upper": self.upper,
                "quoted_item": QUOTED_ITEM}


def check_number(answer, expected: float, explanation: str, tolerance: float = 0.0) -> HTML:
    """Compare a numeric answer; the explanation says how the right answer is reached."""
    return NumberQuestion(expected, right=explanation, hint=explanation, tolerance=tolerance).check(answer)


def check_choice(answer, correct: str, explanations: dict[str, str]) -> HTML:
    """Compare a choice among named options; every option has its own explanation."""
    return ChoiceQuestion(correct, explanations).check(answer)


def check_set(answer, expected: set[str], what: str, explanation: str) -> HTML:
    """Compare a list of identifiers (order does not matter) and say what is missing or extra."""
    return SetQuestion(frozenset(expected), what, explanation).check(answer)
