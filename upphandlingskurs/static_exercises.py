"""The exercises on the static web page: each exercise tool live, and an answer box for each checked
task, with no Python kernel and no network.

One cell, two front ends. An exercise page is both a notebook (JupyterLab, Voilà's workshop app) and
a web page built by myst-nb. A cell's output is a MIME bundle; the notebook shows its ipywidgets
view (``application/vnd.jupyter.widget-view+json``), and the book shows its ``text/html``, because
_config.yml gives the widget types no priority for the html and singlehtml builders
(``nb_mime_priority_overrides``, a myst-nb setting). The tools already put a snapshot in that
``text/html`` (tools/base.py); here the same place gets a form that works:

- ``with_static_tool(tool)`` wraps a notebook tool: the notebook shows the ipywidgets tool as before,
  the web page a static copy of it, built from the same tool object (its labels, choices, first
  values and data). The copy opens with the form filled in and no result: nothing is shown before
  the reader presses the button.
- ``checked(question, answer, task_id)`` is what an exercise's check function (``kontroll.task_N``)
  returns. With an answer it is the feedback. Without one (``svar = None``, as the page is built),
  the notebook shows "Inget svar ännu." as before, in an ipywidgets HTML view, and the web page an
  answer box: a labelled field and a button "Kontrollera" (Enter works too), and a live region for
  the feedback. So the answer cells keep their form ``svar = None`` / ``kontroll.task_N(svar, …)``,
  which the workshop app relies on (workshop_app/convert.py).

One source of truth. The expected answers and the Swedish sentences are data: a check module builds
a question (``feedback.NumberQuestion``, ``ChoiceQuestion``, ``SetQuestion``) from the data in use, the
notebook check calls ``question.check(answer)``, and the answer box embeds ``question.to_data()``
with ``feedback.TEXTS`` as JSON, which static/ovningar.js fills in the same way. The tool copies
embed the data in use (the enterprise list, read at build time, so a trainer's
UPPHANDLINGSKURS_DATA is honoured) with each row's cells already formatted by Python, and the
tools' ``TEXTS``; the script only filters, counts and slices. The employment tool's copy is
static_tools' "employment" tool (static/verktyg.js), filled in with the exercise's scenario.
tests/test_static_exercises.py compares page and Python over a grid of inputs and answers.

The scripts and styles go into the first output of a page that needs them (a kernel runs one
page), so a page with a tool and three answer boxes carries them once.

To add an exercise: give its check module questions (as enterprise_mapping.py and
employment_design.py do) and, for a tool without a static copy, a function in ``TWINS``. A tool's
script may live in its own file in static/ (in ``ASSETS``, put on the page after verktyg.js and
before ovningar.js): it adds its function to ``window.kursOvningsverktyg`` (see ovningar.js).
"""

from __future__ import annotations

import html
import itertools
import re

from IPython.display import HTML
from pandas.api.types import is_numeric_dtype

from upphandlingskurs import static_tools
from upphandlingskurs.data import format_value
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.feedback import COLOURS, NUMBER, TEXTS, ChoiceQuestion, NumberQuestion, SetQuestion, missing, note
from upphandlingskurs.quiz import STATIC_DIR
from upphandlingskurs.rules.decision import INPUT_TEXTS, say
from upphandlingskurs.screening import ALL, largest_first, matching_enterprises
from upphandlingskurs.static_tools import Field, _field_html, _json_for_script
from upphandlingskurs.tools import enterprises as enterprise_tool
from upphandlingskurs.tools.employment import EmploymentRequirementTool
from upphandlingskurs.tools.enterprises import FindEnterprisesTool
from upphandlingskurs.tools.follow_up import FollowUpTool
from upphandlingskurs.tools.follow_up import static_twin as follow_up_twin
from upphandlingskurs.tools.plan import PlanScreeningTool
from upphandlingskurs.tools.plan import static_copy as plan_twin
from upphandlingskurs.tools.reservation import ReservedParticipationTool, WelfareReservationTool
from upphandlingskurs.workshop_app.kernel import TYPOGRAPHIC_QUOTES

# What the answer boxes say besides the checks' own sentences.
PAGE_TEXTS = {
    "answer_label": "Ditt svar på uppgift {number}",
    "number_help": "Svara med ett tal.",
    "decimal_help": "Svara med ett tal. Decimaler går bra.",
    "choice_help": "Svara med {options}.",
    "set_help": "Skriv dina {what} med kommatecken emellan. Skriv [] om inga ska vara med.",
    "or": "eller",
    "button": "Kontrollera",
    "no_answer": "Skriv ditt svar i rutan och tryck på Kontrollera.",
    "no_script": "Svarsrutan behöver JavaScript. Öppna sidan som anteckningsbok för att kontrollera ditt svar.",
    "tool_no_script": "Verktyget behöver JavaScript. Öppna sidan som anteckningsbok för att använda det.",
    "table_label": "Tabell: {caption}",
}
Question = NumberQuestion | ChoiceQuestion | SetQuestion
# A typed answer in quotation marks, "ja" or 'ja', with no other quotation mark or backslash in it.
QUOTED = r"([\"'])([^\"'\\]*)\1"


# --- reading and judging a typed answer ----------------------------------------------------------

def read_typed(text: str):
    """What the reader typed in an answer box, as the check takes it: None when there is nothing, a
    text in quotation marks ("ja") without them, otherwise the text without surrounding spaces.
    Typographic quotation marks count as plain ones. (The workshop app's answer field reads these
    the same way, see workshop_app.kernel.parse_answer.)"""
    text = str(text).translate(TYPOGRAPHIC_QUOTES).strip()
    if not text:
        return None
    quoted = re.fullmatch(QUOTED, text)
    return quoted[2] if quoted else text


def page_feedback(question: Question, typed: str) -> HTML:
    """What an answer box shows for the text ``typed``: the question's check, or a note to answer."""
    answer = read_typed(typed)
    if answer is None:
        return note(PAGE_TEXTS["no_answer"], title=TEXTS["empty"])
    return question.check(answer)


# --- what a page carries once ------------------------------------------------------------------------

ASSETS = {  # name: (element, file in upphandlingskurs/static/)
    "tool.css": ("style", "tool.css"),
    "table.css": ("style", "table.css"),
    "ovningar.css": ("style", "ovningar.css"),
    "verktyg.js": ("script", "verktyg.js"),
    "ovning_reservation.js": ("script", "ovning_reservation.js"),  # exercises 2 and 6
    "ovning_uppfoljning.js": ("script", "ovning_uppfoljning.js"),  # exercise 5's tool
    "table.js": ("script", "table.js"),  # exercise 3's table: search and sort, as data.table_html
    "ovning_plan.js": ("script", "ovning_plan.js"),  # exercise 3's tool and answer boxes
    "ovningar.js": ("script", "ovningar.js"),
}
_shown: set[str] = set()  # what this kernel (one page) has already put on the page
_counter = itertools.count(1)  # ids stay unique on a page


def start_page() -> None:
    """Forget which scripts and styles are on the page (a page's kernel starts without them)."""
    _shown.clear()


def _assets(*names: str) -> str:
    parts = []
    for name in names:
        if name not in _shown:
            element, file = ASSETS[name]
            parts.append(f"<{element}>{(STATIC_DIR / file).read_text(encoding='utf-8')}</{element}>")
            _shown.add(name)
    return "".join(parts)


def _box_data(question: Question, task_id: str) -> dict:
    return {"task": task_id, "question": question.to_data(), "texts": TEXTS, "page_texts": PAGE_TEXTS,
            "number": NUMBER, "quoted": QUOTED, "colours": COLOURS,
            "quotes": {chr(code): text for code, text in TYPOGRAPHIC_QUOTES.items()}}


def _help_text(question: Question) -> str:
    if isinstance(question, SetQuestion):
        return say(PAGE_TEXTS["set_help"], what=question.what)
    if isinstance(question, ChoiceQuestion):
        options = list(question.explanations)
        listed = ", ".join(options[:-1]) + f" {PAGE_TEXTS['or']} " + options[-1] if len(options) > 1 else options[0]
        return say(PAGE_TEXTS["choice_help"], options=listed)
    return PAGE_TEXTS["decimal_help"] if question.tolerance else PAGE_TEXTS["number_help"]


def answer_box_html(question: Question, task_id: str, assets: bool = True) -> str:
    """The answer box of task ``task_id`` (the {exercise} label, e.g. ovning-1-uppgift-2): a field,
    the button, a live region for the feedback, and the question as data."""
    esc = html.escape
    number = re.search(r"(\d+)$", task_id)
    prefix = f"ks{next(_counter)}-{task_id}"
    field = Field("svar", say(PAGE_TEXTS["answer_label"], number=number[1] if number else ""),
                  help=_help_text(question),
                  numeric=isinstance(question, NumberQuestion) and not question.tolerance)
    return (
        # A question class may name scripts of its own (``assets``), for a kind of its own.
        (_assets("tool.css", "ovningar.css", "verktyg.js", *getattr(question, "assets", ())) if assets else "")
        + f'<div class="kurs-svarsruta kurs-statiskt-verktyg" data-kurs-svarsruta="{esc(task_id)}">'
        f'<form class="kurs-svarsruta-formular" novalidate>{_field_html(prefix, field)}'
        f'<button type="submit" class="kurs-verktyg-knapp">{esc(PAGE_TEXTS["button"])}</button></form>'
        '<div class="kurs-svarsruta-aterkoppling" role="status" aria-live="polite"></div>'
        f'<noscript><p class="kurs-fel">{esc(PAGE_TEXTS["no_script"])}</p></noscript>'
        f'<script type="application/json" class="kurs-svarsruta-data">{_json_for_script(_box_data(question, task_id))}</script>'
        "</div>"
        + (_assets("ovningar.js") if assets else "")
    )


class AnswerCell(HTML):
    """An answer cell before the reader has answered: "Inget svar ännu." in a notebook, the answer
    box on the web page. ``data`` is the notebook's feedback, as for any other check."""

    def __init__(self, question: Question, task_id: str):
        super().__init__(missing().data)
        self.question = question
        self.task_id = task_id

    def _repr_mimebundle_(self, include=None, exclude=None):
        import ipywidgets as widgets

        bundle = widgets.HTML(self.data)._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/html"] = answer_box_html(self.question, self.task_id)
        return bundle


def checked(question: Question, answer, task_id: str):
    """The feedback for ``answer``; without an answer, the cell that shows the answer box on the page."""
    if answer is None:
        return AnswerCell(question, task_id)
    return question.check(answer)


# --- the tools -----------------------------------------------------------------------------------------

def _choice_field(tool, key: str) -> Field:
    widget = tool.inputs[key]
    return Field(key, widget.description, default=widget.value, control="select",
                 options=tuple((option, option) for option in widget.options))


def _enterprise_data(tool: FindEnterprisesTool) -> dict:
    """The list in use and what the script needs to search it as ``enterprise_tool.search`` does.

    The rows come in the order ``largest_first`` gives the whole list, with their cells formatted
    as the table shows them; a search keeps the rows that match, in that order. Which industries a
    row has is decided here, by ``matching_enterprises`` itself, for each industry in the list."""
    frame = largest_first(tool.enterprises)
    options = {key: list(tool.inputs[key].options) for key in ("kommun", "bransch", "typ")}
    industries = [matching_enterprises(frame, industry=industry).to_numpy() for industry in options["bransch"][1:]]
    shown = frame[list(enterprise_tool.COLUMNS)]
    numeric = [bool(is_numeric_dtype(frame[column])) for column in enterprise_tool.COLUMNS]  # right-aligned, as table_html
    return {
        "tool": "find-enterprises",
        "all": ALL, "texts": enterprise_tool.TEXTS, "max_rows": enterprise_tool.MAX_ROWS,
        "min_label": enterprise_tool.MIN_LABEL, "input_texts": INPUT_TEXTS, "interface": static_tools.INTERFACE_TEXTS,
        "table_label": say(PAGE_TEXTS["table_label"], caption=enterprise_tool.TEXTS["caption"]),
        "columns": list(enterprise_tool.COLUMNS.values()), "numeric": numeric, "options": options,
        "rows": [[format_value(value) for value in row] for row in shown.itertuples(index=False)],
        "kommun": [options["kommun"].index(value) for value in frame["kommun"]],
        "typ": [options["typ"].index(value) for value in frame["typ"]],
        "bransch": [[number for number, found in enumerate(industries, start=1) if found[row]]
                    for row in range(len(frame))],
        "occupied": [int(value) for value in frame["antal_sysselsatta"]],
        "placements": [value == "ja" for value in frame["tar_emot_praktik"]],
    }


def print_example(fields: tuple[Field, ...], result_html: str, intro: str = "") -> str:
    """For print, hidden on screen (tool.css): the form's values and the Python tool's result for
    them, as the decision tools print theirs (static_tools.example_html). The workshop build takes
    it out (_ext/kurs_workshop.py)."""
    esc = html.escape
    listed = "".join(f"<dt>{esc(field.label)}</dt><dd>{esc(static_tools._shown_value(field))}</dd>" for field in fields)
    return (f'<div class="kurs-verktyg-exempel" hidden><p><strong>{esc(static_tools.EXAMPLE_TEXTS["label"])}</strong> '
            f'{esc(intro or static_tools.EXAMPLE_TEXTS["intro"])}</p><dl class="kurs-verktyg-exempel-varden">{listed}</dl>'
            f"{result_html}</div>{static_tools.EXAMPLE_END}")


def tool_section(tool, name: str, prefix: str, form: str, data: dict, scripts: tuple[str, ...] = (),
                 example: str = "") -> str:
    """A tool's static copy: title, form, regions for an error, the summary and the rows, the print
    example, and the data for the script ``name`` in window.kursOvningsverktyg (ovningar.js).

    A group, not a region: a page may show a tool twice, and two landmarks may not share a name. A
    long web address in a text breaks instead of widening the page (phones, 320 px)."""
    esc = html.escape
    return (
        _assets("tool.css", "table.css", "ovningar.css", "verktyg.js", *scripts)
        + f'<section class="kurs-verktyg kurs-statiskt-verktyg" data-kurs-ovning-verktyg="{esc(name)}" role="group" '
        f'aria-labelledby="{prefix}-titel" style="overflow-wrap: break-word">'
        f'<p class="kurs-verktyg-titel" id="{prefix}-titel">{esc(tool.title)}</p>'
        f'<noscript><p class="kurs-fel">{esc(PAGE_TEXTS["tool_no_script"])}</p></noscript>'
        f'<form class="kurs-verktyg-formular" novalidate>{form}'
        f'<button type="submit" class="kurs-verktyg-knapp">{esc(tool.button_label)}</button></form>'
        '<div class="kurs-verktyg-felruta" role="alert"></div>'
        '<div class="kurs-verktyg-svar" role="status" aria-live="polite"></div>'
        f'<div class="kurs-ovning-tabell"></div>{example}'
        f'<script type="application/json" class="kurs-ovning-data">{_json_for_script(data)}</script>'
        "</section>"
        + _assets("ovningar.js")
    )


def _enterprise_twin(tool: FindEnterprisesTool) -> str:
    prefix = f"ko{next(_counter)}-foretag"
    fields = (
        _choice_field(tool, "kommun"),
        _choice_field(tool, "bransch"),
        _choice_field(tool, "typ"),
        Field("min_sysselsatta", tool.inputs["min_sysselsatta"].description,
              default=str(tool.inputs["min_sysselsatta"].value), numeric=True),
        Field("praktik", tool.inputs["praktik"].description, control="checkbox",
              default="ja" if tool.inputs["praktik"].value else ""),
    )
    form = "".join(_field_html(prefix, field) for field in fields)
    example = print_example(fields, tool.result_html or tool.update())
    return tool_section(tool, "find-enterprises", prefix, form, _enterprise_data(tool), example=example)


def employment_values(tool: EmploymentRequirementTool) -> dict[str, str]:
    """The notebook tool's values as the fields of static_tools' "employment" tool."""
    names = {"avtalstid": "contract_months", "personer": "persons", "manader": "months_per_person",
             "start": "first_start_month", "malgrupp": "target_group"}
    return {field: str(tool.inputs[key].value) for key, field in names.items()}


def _employment_twin(tool: EmploymentRequirementTool) -> str:
    _shown.update({"tool.css", "verktyg.js"})  # render_tool carries both
    return static_tools.render_tool("employment", employment_values(tool))


def _reservation_twin(tool: ReservedParticipationTool | WelfareReservationTool) -> str:
    carried = {"tool.css", "verktyg.js"} <= _shown  # then the copy leaves render_tool's copies of them out
    _shown.update({"tool.css", "verktyg.js"})
    return _assets("ovningar.css") + tool.page_html(assets=not carried) + _assets("ovning_reservation.js")


# The static copy of each notebook tool that has one.
TWINS = {
    FindEnterprisesTool: _enterprise_twin,
    EmploymentRequirementTool: _employment_twin,
    FollowUpTool: follow_up_twin,  # tools/follow_up.py builds it
    PlanScreeningTool: plan_twin,  # tools/plan.py builds it
    ReservedParticipationTool: _reservation_twin,
    WelfareReservationTool: _reservation_twin,
}


def static_twin_html(tool) -> str:
    """The HTML of ``tool``'s static copy, with its values and data."""
    try:
        twin = TWINS[type(tool)]
    except KeyError:
        raise CourseDataError(f"Verktyget {type(tool).__name__} har ingen statisk version på webbsidan.") from None
    return twin(tool)


class WithStaticTool:
    """A notebook tool that the web page shows as its static copy (see the module's docstring)."""

    def __init__(self, tool):
        self.tool = tool

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.tool.widget()._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/html"] = static_twin_html(self.tool)
        return bundle


def with_static_tool(tool) -> WithStaticTool:
    """Show ``tool`` as an ipywidgets tool in a notebook and as a working static form on the web page."""
    if type(tool) not in TWINS:
        raise CourseDataError(f"Verktyget {type(tool).__name__} har ingen statisk version på webbsidan.")
    return WithStaticTool(tool)
