"""Exercises 1 and 4 on the static page, in a real browser: the exercise tool works without a kernel
and answers exactly as the Python tool does, and every checked task has an answer box that gives
exactly the feedback of ``kontroll.task_N`` (see upphandlingskurs/static_exercises.py).

Each comparison runs twice: on the built book (the shipped data), and on the pages as they come out
with a trainer's data (conftest's ``other_data``): each exercise executed as a notebook with
UPPHANDLINGSKURS_DATA set, and the HTML that the book would show of each output put on one page,
opened from the disk (file://), so it also shows that the page needs no server and no network.
Besides: the page opens in a neutral state, the keyboard (Enter) works, axe-core finds nothing in
the new parts, nothing scrolls sideways at 320 px, and a checked answer is recorded in the reader's
progress (window.kursFramsteg) when it is there, and works without it."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from unittest import mock

import jupytext
import nbclient
import pytest

from conftest import ROOT, record_problems
from test_browser import AXE_FILE
from test_phone import WIDTH, scrolls_sideways
from test_static_tools import page_answer as tool_page_answer
from test_static_tools import python_answer as tool_python_answer
from upphandlingskurs import load_table, static_exercises, static_tools
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.exercises import employment_design, enterprise_mapping
from upphandlingskurs.feedback import TEXTS
from upphandlingskurs.screening import ALL
from upphandlingskurs.synthetic import generate_enterprises
from upphandlingskurs.tools import EmploymentRequirementTool, FindEnterprisesTool
from upphandlingskurs.tools.base import STATIC_NOTE
from upphandlingskurs.tools.enterprises import MAX_ROWS, search

pytestmark = pytest.mark.browser

PAGES = {1: "exercises/01-kartlagg-sociala-foretag", 4: "exercises/04-utforma-sysselsattningskrav"}
CHECKS = {1: enterprise_mapping, 4: employment_design}
TASKS = {1: (1, 2), 4: (1, 2, 3)}  # the tasks whose answer cell calls kontroll.task_N
TOOL = '[data-kurs-ovning-verktyg="find-enterprises"]'
EMPLOYMENT = 'section[data-kurs-verktyg="employment"]'


# --- the pages, with the shipped data and with other data ---------------------------------------------

class Exercises:
    """The two exercise pages as a reader opens them, and the data the pages were made from."""

    def __init__(self, urls: dict[int, str], folder: Path | None):
        self.urls = urls
        self.enterprises = load_table("foretag", folder / "foretag.csv" if folder else None)
        self.plan = load_table("upphandlingsplan", folder / "upphandlingsplan.csv" if folder else None)

    def data(self, exercise: int):
        return self.enterprises if exercise == 1 else self.plan


def html_outputs(docname: str, data_folder: Path) -> str:
    """What the book shows of the page's outputs: each output's text/html (the book gives the widget
    views no priority, _config.yml), from the page executed as a notebook on ``data_folder``."""
    source = ROOT / f"{docname}.md"
    notebook = jupytext.read(source)
    with mock.patch.dict(os.environ, {"UPPHANDLINGSKURS_DATA": str(data_folder)}):
        nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(source.parent)}}).execute()
    parts = [output["data"]["text/html"] for cell in notebook.cells if cell.cell_type == "code"
             for output in cell.get("outputs", []) if "text/html" in output.get("data", {})]
    return "\n".join(parts)


def standalone(body: str, title: str) -> str:
    return (f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f"<body><main><h1>{html.escape(title)}</h1>{body}</main></body></html>")


@pytest.fixture(scope="session")
def other_pages(other_data, tmp_path_factory) -> dict[int, str]:
    folder = tmp_path_factory.mktemp("ovningar-andra-data")
    urls = {}
    for number, docname in PAGES.items():
        path = folder / f"ovning-{number}.html"
        path.write_text(standalone(html_outputs(docname, other_data), f"Övning {number}"), encoding="utf-8")
        urls[number] = path.as_uri()
    return urls


@pytest.fixture(scope="module", params=["kursens data", "andra data"])
def exercises(request) -> Exercises:
    if request.param == "kursens data":
        server = request.getfixturevalue("book_server")
        return Exercises({number: f"{server}/{docname}.html" for number, docname in PAGES.items()}, None)
    return Exercises(request.getfixturevalue("other_pages"), request.getfixturevalue("other_data"))


@pytest.fixture(scope="module")
def opened(browser, exercises):
    """Each exercise page opened once in a browser, with what goes wrong recorded. (One context per
    page: a page in a background tab gets its animation frames throttled, which Playwright waits for.)"""
    contexts, pages = [], {}
    for number, url in exercises.urls.items():
        contexts.append(browser.new_context(viewport={"width": 1280, "height": 900}))
        page = contexts[-1].new_page()
        record_problems(page, lambda address: address.startswith(("http", "ws")) and "127.0.0.1" not in address)
        page.goto(url, wait_until="load")
        pages[number] = page
    yield pages
    for context in contexts:
        context.close()


# --- exercise 1's tool ---------------------------------------------------------------------------------

def enterprise_python(enterprises, values: dict) -> dict:
    """The Python tool's answer (tools.enterprises.search, which FindEnterprisesTool shows)."""
    try:
        found = search(enterprises, kommun=values["kommun"], industry=values["bransch"],
                       min_occupied=values["min_sysselsatta"], kind=values["typ"],
                       takes_placements=values["praktik"] == "ja")
    except CourseDataError as error:
        return {"error": str(error)}
    return {"summary": found["summary"], "note": found["note"], "rows": found["rows"]}


SET_FORM = """([tool, values]) => {
    for (const [name, value] of Object.entries(values)) {
        const input = tool.querySelector(`[name="${name}"]`);
        if (!input) { throw new Error('inget fält ' + name); }
        if (input.type === 'checkbox') { input.checked = value === 'ja'; }
        else { input.value = value; }
        if (input.tagName === 'SELECT' && input.value !== value) { throw new Error('inget val ' + value); }
    }
}"""

READ_TOOL = """(tool) => {
    const message = tool.querySelector('.kurs-verktyg-felruta .kurs-fel-text');
    if (message) {
        return {error: message.textContent,
                prefix: tool.querySelector('.kurs-verktyg-felruta strong').textContent,
                invalid: tool.querySelector('[name=min_sysselsatta]').getAttribute('aria-invalid'),
                empty: tool.querySelector('.kurs-verktyg-svar').textContent === ''
                       && tool.querySelector('.kurs-ovning-tabell').textContent === ''};
    }
    const summary = tool.querySelector('.kurs-verktyg-svar .kurs-ovning-sammanfattning');
    if (!summary) { return {nothing: true}; }
    const line = tool.querySelector('.kurs-verktyg-svar p').textContent;
    return {summary: summary.textContent, note: line.slice(summary.textContent.length).trim(),
            rows: Array.from(tool.querySelectorAll('.kurs-ovning-tabell tbody tr'))
                       .map(row => Array.from(row.cells).map(cell => cell.textContent))};
}"""


def enterprise_page(page, values: dict) -> dict:
    tool = page.locator(TOOL)
    page.evaluate(SET_FORM, [tool.element_handle(), values])
    tool.locator("button[type=submit]").click()
    answer = tool.evaluate(READ_TOOL)
    if "error" in answer:
        assert answer.pop("prefix") == static_tools.INTERFACE_TEXTS["error_prefix"]
        assert answer.pop("invalid") == "true" and answer.pop("empty")
    return answer


def enterprise_grid(enterprises) -> list[dict]:
    tool = FindEnterprisesTool(enterprises)
    kommuner, branscher, typer = (list(tool.inputs[key].options) for key in ("kommun", "bransch", "typ"))
    kommun = enterprise_mapping.scenario_municipality(enterprises)
    industry = enterprise_mapping.scenario_industry(enterprises)
    cases = []
    for place in (ALL, kommun, kommuner[-1]):
        for trade in (ALL, industry, branscher[-1]):
            for kind in (ALL, typer[1]):
                for placements in ("", "ja"):
                    for least in ("0", "10"):
                        cases.append(dict(kommun=place, bransch=trade, typ=kind, praktik=placements, min_sysselsatta=least))
    base = dict(kommun=ALL, bransch=ALL, typ=ALL, praktik="")
    for least in ("", "-1", "tio", "2,5", " 1 000 ", "\u00a012\t", "1e3", "99999999999999999999", "-0", "5"):
        cases.append(dict(base, min_sysselsatta=least))
    return cases


def test_exercise_1_tool_answers_exactly_as_the_python_tool(opened, exercises):
    page = opened[1]
    cases = enterprise_grid(exercises.enterprises)
    answers = [enterprise_python(exercises.enterprises, values) for values in cases]
    assert any("error" in answer for answer in answers) and any(answer.get("rows") for answer in answers)
    assert any(answer.get("summary") == search(exercises.enterprises, min_occupied="100000")["summary"] for answer in answers)
    mismatches = []
    for values, expected in zip(cases, answers):
        shown = enterprise_page(page, values)
        if shown != expected:
            mismatches.append(f"indata {values}\n  Python: {expected}\n  sidan:  {shown}")
    assert not mismatches, f"{len(mismatches)} av {len(cases)} svar skiljer sig:\n" + "\n".join(mismatches[:5])
    assert not page.problems, "\n".join(page.problems)


def test_exercise_1_tool_shows_the_largest_fifty_of_a_long_list(browser):
    """A list longer than the table (120 generated organisations, many of the same size): the count
    of all, the note, and the same 50 rows in the same order as the Python tool."""
    enterprises = generate_enterprises(120, seed=5)
    static_exercises.start_page()
    body = static_exercises.static_twin_html(FindEnterprisesTool(enterprises))
    page = browser.new_page()
    page.set_content(standalone(body, "Lång lista"))
    base = dict(kommun=ALL, bransch=ALL, typ=ALL, praktik="")
    for least in ("0", "3", "20"):
        values = dict(base, min_sysselsatta=least)
        expected = enterprise_python(enterprises, values)
        assert enterprise_page(page, values) == expected
    assert len(enterprise_python(enterprises, dict(base, min_sysselsatta="0"))["rows"]) == MAX_ROWS
    page.close()


# --- exercise 4's tool ---------------------------------------------------------------------------------

def employment_grid(plan) -> list[dict]:
    case = employment_design.scenario(plan)
    base = static_exercises.employment_values(EmploymentRequirementTool(
        contract_months=case.contract_months, persons=case.persons, months_per_person=case.months_per_person,
        first_start_month=case.example_start_month))
    months, deadline = case.contract_months, case.deadline_months
    changes = [
        {}, {"first_start_month": str(case.late_start_month)}, {"first_start_month": str(deadline)},
        {"first_start_month": str(deadline + 1)}, {"first_start_month": "0"}, {"first_start_month": str(months)},
        {"first_start_month": str(months + 1)}, {"persons": "1"}, {"persons": "3"}, {"persons": "1000"},
        {"persons": "1001"}, {"persons": "två"}, {"months_per_person": str(months)},
        {"months_per_person": str(months + 1)}, {"months_per_person": "1", "persons": "3"},
        {"contract_months": "0"}, {"contract_months": "241"}, {"target_group": ""},
        {"target_group": employment_design.MODEL_TARGET_GROUP}, {"months_per_person": "12,5"},
    ]
    return [{**base, **change} for change in changes]


def test_exercise_4_tool_answers_exactly_as_the_python_rule(opened, exercises):
    page = opened[4]
    cases = employment_grid(exercises.plan)
    mismatches = []
    for values in cases:
        expected, shown = tool_python_answer("employment", values), tool_page_answer(page, "employment", values)
        if shown != expected:
            mismatches.append(f"indata {values}\n  Python: {expected}\n  sidan:  {shown}")
    assert not mismatches, f"{len(mismatches)} av {len(cases)} svar skiljer sig:\n" + "\n".join(mismatches[:5])
    assert not page.problems, "\n".join(page.problems)


# --- the answer boxes ------------------------------------------------------------------------------------

def visible_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def python_feedback(exercise: int, task: int, data, typed: str) -> dict:
    """What ``kontroll.task_N`` says for what the reader typed (read as the box reads it), or, for an
    empty box, the box's own note."""
    answer = static_exercises.read_typed(typed)
    if answer is None:
        feedback = static_exercises.page_feedback(None, typed)
    else:
        feedback = getattr(CHECKS[exercise], f"task_{task}")(answer, data)
    kind = re.search(r"kurs-svar-(\w+)", feedback.data)[1]
    return {"kind": kind, "text": visible_text(feedback.data)}


def question(exercise: int, task: int, data):
    return getattr(CHECKS[exercise], f"task_{task}_question")(data)


def answer_grid(exercise: int, task: int, data) -> list[str]:
    asked = question(exercise, task, data)
    if hasattr(asked, "explanations"):
        options = list(asked.explanations)
        return [*options, *(o.upper() for o in options), *(f"  {o.title()}\t" for o in options),
                *(f'"{o}"' for o in options), *(f"”{o}”" for o in options), *(f"'{o}'" for o in options),
                "kanske", "j a", "ja!", '"ja', "[ja]", "", "   ", "1", "jä"]
    expected = asked.expected
    text = f"{expected:g}"
    grid = [text, text.replace(".", ","), f" {text} ", f'"{text}"', f"“{text}”", f"+{text}", f"{expected:.2f}",
            f"{expected:.2f}".replace(".", ","), f"{expected + 1:g}", f"{expected - 1:g}", "0", f"-{text}",
            f"{expected * 10:g}", f"{expected:g}e0", f"{expected / 10:g}e1",
            "tre", "1_0", "inf", "nan", "\u0663", f"[{text}]", f"{text} månader", "1,2,3", "1e999", "-1e999",
            "", "   ", "'", '""', f"{expected:,.0f}".replace(",", " ") + " 000"]
    if asked.tolerance:
        grid += [f"{expected + asked.tolerance * 0.8:.3f}", f"{expected - asked.tolerance * 0.8:.3f}",
                 f"{expected + asked.tolerance * 2:.3f}".replace(".", ",")]
    grid += [f"{near.value:g}".replace(".", ",") for near in asked.near]
    grid += [f"{near.value + near.tolerance / 2:g}" for near in asked.near]
    return grid


def box(page, exercise: int, task: int):
    return page.locator(f'[data-kurs-svarsruta="ovning-{exercise}-uppgift-{task}"]')


READ_FEEDBACK = """(box) => {
    const shown = box.querySelector('.kurs-svarsruta-aterkoppling .kurs-svar');
    if (!shown) { return {nothing: true}; }
    return {kind: shown.className.match(/kurs-svar-(\\w+)/)[1], text: shown.textContent};
}"""


def page_feedback(page, exercise: int, task: int, typed: str) -> dict:
    answer_box = box(page, exercise, task)
    answer_box.locator("input[name=svar]").fill(typed)
    answer_box.locator("button[type=submit]").click()
    return answer_box.evaluate(READ_FEEDBACK)


@pytest.mark.parametrize(("exercise", "task"), [(e, t) for e, tasks in TASKS.items() for t in tasks])
def test_answer_box_gives_the_feedback_of_the_check(opened, exercises, exercise, task):
    page, data = opened[exercise], exercises.data(exercise)
    grid = answer_grid(exercise, task, data)
    expected = [python_feedback(exercise, task, data, typed) for typed in grid]
    kinds = {answer["kind"] for answer in expected}
    assert kinds == {"ratt", "fel", "tomt"}, kinds
    mismatches = []
    for typed, wanted in zip(grid, expected):
        shown = page_feedback(page, exercise, task, typed)
        if shown != wanted:
            mismatches.append(f"svar {typed!r}\n  Python: {wanted}\n  sidan:  {shown}")
    assert not mismatches, f"{len(mismatches)} av {len(grid)} svar skiljer sig:\n" + "\n".join(mismatches[:5])
    assert not page.problems, "\n".join(page.problems)


@pytest.mark.parametrize(("exercise", "task"), [(e, t) for e, tasks in TASKS.items() for t in tasks])
def test_a_wrong_answer_does_not_give_the_right_one(exercises, exercise, task):
    """The right number (or, for a choice, the sentence for the right option) never appears in the
    feedback for a wrong answer; the solution stays in its fold."""
    data = exercises.data(exercise)
    asked = question(exercise, task, data)
    if hasattr(asked, "explanations"):
        wrong = next(option for option in asked.explanations if option != asked.correct)
        text = python_feedback(exercise, task, data, wrong)["text"]
        assert asked.explanations[asked.correct] not in text
        return
    shown = f"{asked.expected:g}".replace(".", ",")
    # Numbers written in the check's own sentences (the examples "3 av 10") are no giveaway.
    fixed = set(re.findall(r"\d+(?:,\d+)?", " ".join(CHECKS[exercise].TEXTS.values())))
    for typed in (f"{asked.expected + 7:g}", f"{asked.expected - 3:g}", "tre"):
        text = python_feedback(exercise, task, data, typed)["text"]
        assert text.startswith(TEXTS["wrong"]) and asked.right not in text
        if shown not in fixed:
            assert not re.search(rf"(?<![\d,]){re.escape(shown)}(?![\d,])", text.replace(typed, "")), text


# --- what the reader sees and does -------------------------------------------------------------------------

def test_the_pages_open_in_a_neutral_state(browser, exercises):
    """Nothing is answered before the reader acts: no result, no feedback, empty answer fields, the
    form filled in with the exercise's scenario, and no snapshot or 'Inget svar ännu.'."""
    context = browser.new_context()
    opened = {}
    for number, url in exercises.urls.items():
        page = opened[number] = context.new_page()
        record_problems(page, lambda address: address.startswith(("http", "ws")) and "127.0.0.1" not in address)
        page.goto(url, wait_until="load")  # nothing below waits for an animation frame
        state = page.evaluate("""() => ({
            regions: Array.from(document.querySelectorAll('.kurs-verktyg-svar, .kurs-verktyg-felruta, '
                + '.kurs-ovning-tabell, .kurs-svarsruta-aterkoppling')).map(e => e.textContent),
            answers: Array.from(document.querySelectorAll('[data-kurs-svarsruta] input')).map(e => e.value),
            boxes: Array.from(document.querySelectorAll('[data-kurs-svarsruta]')).map(e => e.dataset.kursSvarsruta),
            text: document.body.innerText})""")
        assert state["regions"] and all(text == "" for text in state["regions"]), state["regions"]
        assert state["boxes"] == [f"ovning-{number}-uppgift-{task}" for task in TASKS[number]]
        assert all(value == "" for value in state["answers"])
        assert STATIC_NOTE not in state["text"] and TEXTS["empty"] not in state["text"]
        source = (ROOT / f"{PAGES[number]}.md").read_text(encoding="utf-8")
        assert len(re.findall(r"^kontroll\.task_\d+\(svar", source, re.MULTILINE)) == len(TASKS[number])
    tool = opened[1].locator(TOOL)
    enterprises = exercises.enterprises
    assert tool.locator("[name=kommun]").input_value() == enterprise_mapping.scenario_municipality(enterprises)
    assert tool.locator("[name=bransch]").input_value() == enterprise_mapping.scenario_industry(enterprises)
    assert tool.locator("[name=min_sysselsatta]").input_value() == "0"
    case = employment_design.scenario(exercises.plan)
    employment = opened[4].locator(EMPLOYMENT)
    assert employment.locator("[name=contract_months]").input_value() == str(case.contract_months)
    assert employment.locator("[name=first_start_month]").input_value() == str(case.example_start_month)
    for page in opened.values():
        assert not page.problems, "\n".join(page.problems)
    context.close()


def test_enter_checks_an_answer_and_the_tool_with_the_keyboard(browser, exercises):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(exercises.urls[1], wait_until="load")
    enterprises = exercises.enterprises
    # The tool: Tab from the number field to the check box and the button; Enter in the field searches.
    tool = page.locator(TOOL)
    tool.locator("[name=min_sysselsatta]").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    values = dict(kommun=enterprise_mapping.scenario_municipality(enterprises),
                  bransch=enterprise_mapping.scenario_industry(enterprises), typ=ALL, praktik="", min_sysselsatta="3")
    assert tool.evaluate(READ_TOOL) == enterprise_python(enterprises, values)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # ticks "Bara de som tar emot praktik"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    assert tool.evaluate(READ_TOOL) == enterprise_python(enterprises, dict(values, praktik="ja"))
    # The answer box: type, press Enter.
    expected = enterprise_mapping.task_1_question(enterprises).expected
    answer = box(page, 1, 1)
    answer.locator("input").focus()
    page.keyboard.type(str(expected))
    page.keyboard.press("Enter")
    assert answer.evaluate(READ_FEEDBACK) == python_feedback(1, 1, enterprises, str(expected))
    region = answer.locator(".kurs-svarsruta-aterkoppling")
    assert region.get_attribute("role") == "status" and region.get_attribute("aria-live") == "polite"
    # The label names the task, and the help says what to write.
    assert answer.get_by_label("Ditt svar på uppgift 1").count() == 1
    context.close()


PROGRESS_STUB = """window.kursFramsteg = {available: true, calls: [], declared: null,
    record: function () { this.calls.push(Array.from(arguments)); return true; },
    declareTasks: function (page, ids) { this.declared = [page, ids]; return true; }};"""


def test_a_checked_answer_is_recorded_in_the_readers_progress(browser, exercises):
    context = browser.new_context()
    context.add_init_script(PROGRESS_STUB)
    page = context.new_page()
    page.goto(exercises.urls[4], wait_until="load")
    assert page.evaluate("window.kursFramsteg.declared") == [None, ["ovning-4-uppgift-1", "ovning-4-uppgift-2",
                                                                   "ovning-4-uppgift-3"]]
    expected = f"{employment_design.task_1_question(exercises.plan).expected:g}"
    page_feedback(page, 4, 1, expected)
    page_feedback(page, 4, 2, "kanske")
    page_feedback(page, 4, 3, "")  # nothing typed: nothing recorded
    assert page.evaluate("window.kursFramsteg.calls") == [
        [None, "ovning-4-uppgift-1", {"answered": True, "correct": True, "value": expected}],
        [None, "ovning-4-uppgift-2", {"answered": True, "correct": False, "value": "kanske"}],
    ]
    context.close()


def test_a_broken_progress_store_does_not_stop_the_feedback(browser, exercises):
    context = browser.new_context()
    context.add_init_script("window.kursFramsteg = {available: true, record: function () { throw new Error('full'); },"
                            " declareTasks: function () { throw new Error('full'); }};")
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(exercises.urls[1], wait_until="load")
    assert page_feedback(page, 1, 2, "tre")["kind"] == "fel"
    assert not problems, problems
    context.close()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_tools_and_answer_boxes(browser, exercises, color_scheme):
    """No violation of any impact in the new parts, with results and feedback shown."""
    context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
    for number, url in exercises.urls.items():
        page = context.new_page()
        page.goto(url, wait_until="load")
        if number == 1:
            page.locator(f"{TOOL} button[type=submit]").click()
            page.locator(TOOL).locator(".kurs-ovning-tabell table").wait_for()
        else:
            page.locator(f"{EMPLOYMENT} button[type=submit]").click()
        page_feedback(page, number, 1, "tre")
        page_feedback(page, number, TASKS[number][-1], "")
        page.add_script_tag(path=str(AXE_FILE))
        results = page.evaluate("""async () => await axe.run(
            {include: [['[data-kurs-ovning-verktyg]'], ['section[data-kurs-verktyg]'], ['[data-kurs-svarsruta]']]},
            {resultTypes: ['violations']})""")
        found = [f"{v['impact']} {v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
                 for v in results["violations"]]
        assert not found, f"övning {number}:\n" + "\n".join(found)
        page.close()
    context.close()


# The parts of the page this module is about, and anything in them that sticks out past the screen's
# right edge or is wider than its own box (a text field scrolls its own text).
PARTS_STICKING_OUT = """(width) => Array.from(document.querySelectorAll(
        '[data-kurs-ovning-verktyg], section[data-kurs-verktyg], [data-kurs-svarsruta]'))
    .flatMap(part => [part, ...part.querySelectorAll('*')])
    .filter(e => e.getBoundingClientRect().width && !e.closest('.kurs-tabell-ruta')
                 && (e.getBoundingClientRect().right > width + 0.5
                     || (e.tagName !== 'INPUT' && e.scrollWidth > e.clientWidth + 0.5)))
    .map(e => e.tagName.toLowerCase() + '.' + Array.from(e.classList).join('.') + ' "' + e.textContent.slice(0, 40) + '"')"""


def test_nothing_scrolls_sideways_at_320_px_with_the_results_shown(browser, exercises):
    """On the book's pages nothing scrolls sideways; on the pages put together from the outputs,
    which have no theme around them, the new parts do not stick out (the table scrolls in its box)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    for number, url in exercises.urls.items():
        page.goto(url, wait_until="load")
        if number == 1:
            page.locator(f"{TOOL} [name=kommun]").select_option(ALL)
            page.locator(f"{TOOL} button[type=submit]").click()
        else:
            page.locator(f"{EMPLOYMENT} button[type=submit]").click()
        for task in TASKS[number]:
            page_feedback(page, number, task, "ett mycket långt svar som inte är ett tal alls")
        assert page.evaluate(PARTS_STICKING_OUT, WIDTH) == [], f"övning {number}"
        if url.startswith("http"):
            assert scrolls_sideways(page) is None, f"övning {number}: {scrolls_sideways(page)}"
    context.close()


# --- the notebook keeps its tool and its message ------------------------------------------------------------

def test_the_notebook_shows_the_widget_and_the_book_the_static_copy():
    enterprises = load_table("foretag")
    bundle = static_exercises.with_static_tool(FindEnterprisesTool(enterprises))._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'data-kurs-ovning-verktyg="find-enterprises"' in bundle["text/html"]
    assert STATIC_NOTE not in bundle["text/html"]
    cell = enterprise_mapping.task_1(None, enterprises)
    assert TEXTS["empty"] in visible_text(cell.data)  # the notebook's message, as before
    bundle = cell._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'data-kurs-svarsruta="ovning-1-uppgift-1"' in bundle["text/html"]
    with pytest.raises(CourseDataError, match="ingen statisk version"):
        static_exercises.with_static_tool(object())
