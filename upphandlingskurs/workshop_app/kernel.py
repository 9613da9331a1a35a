"""What an app's notebook calls in its kernel (see convert.py, which writes those calls).

- ``glue``: stands in for myst_nb's glue and keeps the values for the text that shows them.
- ``show_html``: shows a rendered Markdown cell with the glued values filled in.
- ``answer_form``: a text field and a button that run an exercise's answer check, the same
  ``kontroll.task_N`` that a notebook cell calls, with what the participant typed (the button or
  Enter in the field). Whatever goes wrong, the participant sees a Swedish message and never a
  traceback.
"""

from __future__ import annotations

import ast
import html
import sys
import traceback
from collections.abc import Callable

import ipywidgets as widgets
from IPython.display import HTML, display

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.feedback import note
from upphandlingskurs.tools.base import LAYOUT, STYLE

GLUED: dict[str, object] = {}

CHECK_LABEL = "Kontrollera svaret"
ANSWER_LABEL = "Ditt svar"
NO_ANSWER_IN_APP = "Skriv ditt svar i rutan och tryck på Kontrollera svaret."
UNREADABLE = ("Kontrollera att citattecknen och hakparenteserna kommer i par, "
              'till exempel ["Namn 1", "Namn 2"]. Du kan också skriva namnen med kommatecken emellan.')
CHECK_FAILED = ("Svaret kunde inte kontrolleras just nu. Be utbildaren titta i terminalen där appen "
                "startades.")
# Quotation marks that a word processor or a phone keyboard writes instead of the plain ones.
TYPOGRAPHIC_QUOTES = str.maketrans({"”": '"', "“": '"', "„": '"', "’": "'", "‘": "'", "‚": "'"})


def start() -> None:
    """Run first in every app: forget what an earlier run glued."""
    GLUED.clear()


def glue(name: str, value, display: bool = True) -> None:  # noqa: A002 (myst_nb's signature)
    GLUED[name] = value
    if display:
        globals()["display"](value)


class _Escaped(dict):
    def __missing__(self, name):
        raise KeyError(f"Värdet '{name}' har inte räknats fram i övningen.")


def show_html(template: str) -> None:
    """Show rendered Markdown; ``{name}`` in it is the glued value ``name``, HTML-escaped."""
    values = _Escaped({name: html.escape(str(value)) for name, value in GLUED.items()})
    display(HTML(template.format_map(values)))


class AnswerFormatError(ValueError):
    pass


def parse_answer(text: str):
    """What the participant typed, as the answer checks take it: nothing (None), a list or a quoted
    text written as in Python, or else the text itself ("ja", "24", "Namn 1, Namn 2")."""
    text = text.translate(TYPOGRAPHIC_QUOTES).strip()
    if not text:
        return None
    if text[0] in "[(\"'{":
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            raise AnswerFormatError(UNREADABLE) from None
    return text


def hint_sentence(hint: str) -> str:
    """The answer cell's comment as a sentence: '"ja" eller "nej"' -> 'Svara med "ja" eller "nej".'"""
    hint = hint.strip().rstrip(".")
    if not hint:
        return ""
    if hint.startswith(('"', "'", "en ", "ett ")):
        return f"Svara med {hint}."
    return f"{hint[:1].upper()}{hint[1:]}."


class AnswerForm:
    """A text field, a button and the check's feedback. ``check`` is ``lambda svar: kontroll.task_N(svar, ...)``."""

    def __init__(self, check: Callable, hint: str = ""):
        self._check = check
        self.hint = hint_sentence(hint)
        self.text = widgets.Text(value="", description=ANSWER_LABEL, style=STYLE, layout=LAYOUT)
        self.button = widgets.Button(description=CHECK_LABEL, tooltip=CHECK_LABEL, button_style="primary")
        self.feedback = widgets.HTML(value="")
        self.button.on_click(lambda _: self.check())
        # Enter in the field checks the answer too: ipywidgets' text field sends the kernel a "submit"
        # event (after the value it holds), which Text.on_submit would handle but is deprecated for.
        self.text.on_msg(self._on_text_message)

    def _on_text_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            self.check()

    def check(self) -> str:
        try:
            answer = parse_answer(self.text.value)
            if answer is None:
                result = note(NO_ANSWER_IN_APP, title="Inget svar ännu.")
            else:
                result = self._check(answer)
            value = result._repr_html_() if hasattr(result, "_repr_html_") else html.escape(str(result))
        except AnswerFormatError as error:
            value = note(str(error), title="Svaret gick inte att läsa.").data
        except CourseDataError as error:
            value = note(str(error), title="Kontrollera uppgifterna:").data
        except Exception:  # noqa: BLE001 - a participant must never see a traceback
            traceback.print_exc(file=sys.__stderr__)  # the trainer's terminal
            value = note(CHECK_FAILED, title="Något gick fel.").data
        self.feedback.value = value
        return value

    def widget(self) -> widgets.Widget:
        parts = [self.text, self.button, self.feedback]
        if self.hint:
            parts.insert(0, widgets.HTML(f'<p class="kurs-svarsruta-tips">{html.escape(self.hint)}</p>'))
        return widgets.VBox(parts, layout=widgets.Layout(margin="0.5rem 0 1rem 0"))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.widget()._repr_mimebundle_(include=include, exclude=exclude)


def answer_form(check: Callable, hint: str = "") -> AnswerForm:
    return AnswerForm(check, hint)
