"""Exercise 5 (following up employment requirements) on the static page, in a real browser: the
follow-up tool works without a kernel and answers exactly as the Python tool (FollowUpTool) does,
for every contract and a grid of dates, with its chart drawn as SVG in the page under the same
Swedish text alternative and above the same data table; and every checked task has an answer box
that gives exactly the feedback of ``kontroll.task_N`` (see upphandlingskurs/static_exercises.py and
upphandlingskurs/tools/follow_up.py).

Each comparison runs on the built book (the shipped data) and on the page as it comes out with a
trainer's own follow-up file (``other_follow_up``: other contracts, a mid-quarter start, a gap in
the reports, a first report after the quarter the contract starts in, no first employment, an
early end that reaches exactly 75 percent, a 40-day contract whose even pace lands on halves,
1 000 months), opened from the disk. Besides: the page opens in a
neutral state, Enter works, progress is recorded, axe-core finds nothing in light and dark mode,
nothing scrolls sideways at 320 px, and the notebook keeps its ipywidgets tool. The tests without
a browser check that the templates the page fills are the sentences the Python rule says, and that
a wrong answer never gives the right one."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import record_problems
from test_browser import AXE_FILE
from test_phone import WIDTH, scrolls_sideways
from test_static_exercises import (PROGRESS_STUB, READ_FEEDBACK, box, html_outputs,
                                   page_feedback, standalone, visible_text)
from upphandlingskurs import load_table, static_exercises
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.exercises import follow_up as kontroll
from upphandlingskurs.feedback import TEXTS
from upphandlingskurs.rules.decision import add_months
from upphandlingskurs.static_tools import INTERFACE_TEXTS
from upphandlingskurs.tools import FollowUpTool
from upphandlingskurs.tools import follow_up as tool_module
from upphandlingskurs.tools.base import STATIC_NOTE
from upphandlingskurs.tools.follow_up import STATUS_TEXTS, contract_follow_up, default_report_date

PAGE = "exercises/05-folj-upp-kontrakt"
TASKS = (1, 2, 3)
TOOL = '[data-kurs-ovning-verktyg="follow-up"]'

# A trainer's own follow-up file (all fictional): see the module's docstring.
OTHER_FOLLOW_UP = """kontrakt_id,leverantor,kontraktsstart,kontraktsslut,atagande_heltidsmanader,kvartal,levererade_heltidsmanader,forsta_anstallning_start,avbrutna_anstallningar
K-2023-04,Granbackens Snickeri AB,2023-02-15,2025-02-14,20,2023-01-01,0.0,2023-09-20,0
K-2023-04,Granbackens Snickeri AB,2023-02-15,2025-02-14,20,2023-04-01,0.0,2023-09-20,0
K-2023-04,Granbackens Snickeri AB,2023-02-15,2025-02-14,20,2023-07-01,1.5,2023-09-20,0
K-2023-04,Granbackens Snickeri AB,2023-02-15,2025-02-14,20,2023-10-01,2.5,2023-09-20,0
K-2023-04,Granbackens Snickeri AB,2023-02-15,2025-02-14,20,2024-01-01,2.0,2023-09-20,0
K-2023-04,Granbackens Snickeri AB,2023-02-15,2025-02-14,20,2024-04-01,3.0,2023-09-20,1
K-2023-04,Granbackens Snickeri AB,2023-02-15,2025-02-14,20,2024-07-01,2.5,2023-09-20,0
K-2023-04,Granbackens Snickeri AB,2023-02-15,2025-02-14,20,2024-10-01,2.0,2023-09-20,0
K-2023-04,Granbackens Snickeri AB,2023-02-15,2025-02-14,20,2025-01-01,1.5,2023-09-20,0
K-2024-06,Lärkängens Trädgård ek. för.,2024-04-01,2024-05-11,10,2024-04-01,3.0,,0
K-2024-07,Björkhagens Kök AB,2024-07-01,2026-06-30,7,2024-07-01,2.0,2024-08-01,0
K-2024-07,Björkhagens Kök AB,2024-07-01,2026-06-30,7,2024-10-01,2.0,2024-08-01,0
K-2024-07,Björkhagens Kök AB,2024-07-01,2026-06-30,7,2025-01-01,2.0,2024-08-01,0
K-2024-07,Björkhagens Kök AB,2024-07-01,2026-06-30,7,2025-04-01,1.0,2024-08-01,0
K-2024-07,Björkhagens Kök AB,2024-07-01,2026-06-30,7,2025-07-01,0.0,2024-08-01,0
K-2025-03,Videdalens Transport AB,2025-01-01,2027-12-31,1000,2025-01-01,10.0,2025-03-01,0
K-2025-03,Videdalens Transport AB,2025-01-01,2027-12-31,1000,2025-04-01,20.0,2025-03-01,0
K-2025-03,Videdalens Transport AB,2025-01-01,2027-12-31,1000,2025-10-01,80.5,2025-03-01,0
K-2025-03,Videdalens Transport AB,2025-01-01,2027-12-31,1000,2026-01-01,100.0,2025-03-01,0
K-2025-03,Videdalens Transport AB,2025-01-01,2027-12-31,1000,2026-04-01,120.3,2025-03-01,0
K-2025-09,Hasselbackens Städ AB,2025-10-01,2026-09-30,6,2026-01-01,2.5,2026-05-01,0
K-2025-09,Hasselbackens Städ AB,2025-10-01,2026-09-30,6,2026-04-01,2.5,2026-05-01,0
"""


# --- the data and the pages ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def other_follow_up(other_data, tmp_path_factory):
    """``other_data`` (the trainer's folder of conftest) with OTHER_FOLLOW_UP as its follow-up file."""
    folder = tmp_path_factory.mktemp("andra-uppfoljningsdata")
    for csv in other_data.glob("*.csv"):
        shutil.copy(csv, folder / csv.name)
    (folder / "uppfoljning.csv").write_text(OTHER_FOLLOW_UP, encoding="utf-8")
    return folder


def test_the_other_follow_up_file_is_valid_and_has_its_cases(other_follow_up):
    followup = load_table("uppfoljning", other_follow_up / "uppfoljning.csv")
    statuses = kontroll.contract_statuses(followup)
    assert default_report_date(followup) == "2026-06-30"
    assert kontroll.early_end_case(followup) == "K-2023-04" and kontroll.early_end_answer(followup) == "ja"
    assert set(statuses["status"]) >= {"efter plan", "uppfyllt", "inte uppfyllt", "avvikelse"}


class Data:
    """The follow-up data a page was made from, and its URL."""

    def __init__(self, url: str, folder=None):
        self.url = url
        self.followup = load_table("uppfoljning", folder / "uppfoljning.csv" if folder else None)


@pytest.fixture(scope="module", params=["kursens data", "andra data"])
def data(request, tmp_path_factory) -> Data:
    if request.param == "kursens data":
        return Data(f"{request.getfixturevalue('book_server')}/{PAGE}.html")
    folder = request.getfixturevalue("other_follow_up")
    path = tmp_path_factory.mktemp("ovning-5") / "ovning-5.html"
    path.write_text(standalone(html_outputs(PAGE, folder), "Övning 5"), encoding="utf-8")
    return Data(path.as_uri(), folder)


@pytest.fixture(scope="module")
def opened(browser, data):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    record_problems(page, lambda address: address.startswith(("http", "ws")) and "127.0.0.1" not in address)
    page.goto(data.url, wait_until="load")
    yield page
    context.close()


# --- the tool: page and Python over a grid of contracts and dates -------------------------------------------

def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def date_grid(followup: pd.DataFrame) -> list[tuple[str, str]]:
    """(contract, date) pairs: for each contract the month ends from a month before its start to
    two months after its end, its start and end and the days around them, each quarter's first day
    and the day before, the first employment and the six-month deadline with the days around them;
    the report date and today; for one contract, bad dates and dates in odd forms."""
    cases = []
    one_day = dt.timedelta(days=1)
    for contract_id, rows in followup.groupby("kontrakt_id"):
        start, end = rows["kontraktsstart"].iloc[0].date(), rows["kontraktsslut"].iloc[0].date()
        days = {start - one_day, start, start + one_day, end - one_day, end, end + one_day,
                add_months(start, 6) - one_day, add_months(start, 6), add_months(start, 6) + one_day,
                day(default_report_date(followup)), dt.date.today()}
        month = add_months(start.replace(day=1), -1)
        while month <= add_months(end, 2):
            days.add(add_months(month, 1) - one_day)
            month = add_months(month, 1)
        for quarter in rows["kvartal"]:
            days.update({quarter.date(), quarter.date() - one_day})
        first = rows["forsta_anstallning_start"].iloc[0]
        if not pd.isna(first):
            days.update({first.date() - one_day, first.date(), first.date() + one_day})
        cases += [(contract_id, item.isoformat()) for item in sorted(days)]
    contract_id = sorted(followup["kontrakt_id"].unique())[0]
    report = default_report_date(followup)
    for typed in ("", "   ", "2026-02-30", "2025-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "31/12/2025",
                  "2026-9-30", "20260930", "0000-01-01", "0001-01-01", "9999-12-31", "idag", f"{report}x",
                  f" {report} ", f"\u00a0{report}\t", f"{report}\u200b", "２０２６-０９-３０", "2026–09–30",
                  f"'{report}'", "<b>2026-09-30</b>"):
        cases.append((contract_id, typed))
    return cases


def python_tool_answer(tool: FollowUpTool, contract_id: str, date: str) -> dict:
    """What FollowUpTool shows for the values, read from its HTML."""
    tool.inputs["kontrakt"].value, tool.inputs["datum"].value = contract_id, date
    soup = BeautifulSoup(tool.update(), "html.parser")
    error = soup.select_one("p.kurs-fel")
    if error is not None:
        prefix = error.strong.get_text()
        assert prefix == INTERFACE_TEXTS["error_prefix"]
        return {"error": error.get_text()[len(prefix):].strip()}
    decision = soup.select_one(".kurs-beslut")
    image = soup.select_one(".kurs-diagram img")
    table = soup.select_one("table")
    return {
        "supplier": soup.p.get_text(),
        "outcome": next(name[len("kurs-beslut-"):] for name in decision["class"] if name != "kurs-beslut"),
        "summary": decision.strong.get_text(),
        "reasons": [item.get_text() for item in decision.select("li")],
        "paragraphs": decision.find_all("p")[-1].get_text(),
        "chart": image["alt"] if image else None,
        "caption": table.caption.get_text() if table else None,
        "headers": [cell.get_text() for cell in table.select("th")] if table else None,
        "rows": [[cell.get_text() for cell in row.select("td")] for row in table.select("tbody tr")] if table else None,
    }


READ_TOOL = """(tool) => {
    const message = tool.querySelector('.kurs-verktyg-felruta .kurs-fel-text');
    if (message) {
        return {error: message.textContent,
                prefix: tool.querySelector('.kurs-verktyg-felruta strong').textContent,
                invalid: tool.querySelector('[name=datum]').getAttribute('aria-invalid'),
                empty: tool.querySelector('.kurs-verktyg-svar').textContent === ''
                       && tool.querySelector('.kurs-ovning-tabell').textContent === ''};
    }
    const summary = tool.querySelector('.kurs-verktyg-svar .kurs-ovning-sammanfattning');
    if (!summary) { return {nothing: true}; }
    const parts = tool.querySelector('.kurs-ovning-tabell');
    const decision = parts.querySelector('.kurs-beslut');
    const svg = parts.querySelector('svg');
    const table = parts.querySelector('table');
    const line = tool.querySelector('.kurs-verktyg-svar p').textContent;
    return {
        supplier: line.slice(summary.textContent.length).trim(),
        outcome: decision.getAttribute('data-utfall'),
        summary: summary.textContent,
        reasons: Array.from(decision.querySelectorAll('li')).map(e => e.textContent),
        paragraphs: decision.querySelector('.kurs-beslut-lagrum').textContent,
        chart: svg ? svg.querySelector('title').textContent : null,
        caption: table ? table.caption.textContent : null,
        headers: table ? Array.from(table.querySelectorAll('th')).map(e => e.textContent) : null,
        rows: table ? Array.from(table.querySelectorAll('tbody tr')).map(
            row => Array.from(row.cells).map(cell => cell.textContent)) : null,
        points: svg ? svg.querySelectorAll('circle').length : null,
        role: svg ? svg.getAttribute('role') : null,
        region: table ? table.parentElement.getAttribute('role') : null,
        classes: decision.className,
    };
}"""

# Sets the form and submits it for each case in one step (the grid is large); the keyboard test
# below types and presses Enter instead.
RUN_GRID = """([tool, cases, read]) => {
    const readTool = eval(read);
    return cases.map(([contract, date]) => {
        const select = tool.querySelector('[name=kontrakt]');
        select.value = contract;
        if (select.value !== contract) { throw new Error('inget val ' + contract); }
        tool.querySelector('[name=datum]').value = date;
        tool.querySelector('form').requestSubmit();
        return readTool(tool);
    });
}"""


def page_tool_answers(page, cases, which: int = 0) -> list[dict]:
    tool = page.locator(TOOL).nth(which)
    answers = page.evaluate(RUN_GRID, [tool.element_handle(), [list(case) for case in cases], READ_TOOL])
    for answer in answers:
        if "error" in answer:
            assert answer.pop("prefix") == INTERFACE_TEXTS["error_prefix"]
            assert answer.pop("invalid") == "true" and answer.pop("empty")
        elif "nothing" not in answer:
            # The chart: one point per quarter, named by its text (role img), and its table in a
            # scroll region; the decision box has the outcome's colour class.
            points = answer.pop("points")
            assert points == (len(answer["rows"]) if answer["rows"] else None)
            assert answer.pop("role") == ("img" if answer["chart"] else None)
            assert answer.pop("region") == ("region" if answer["rows"] else None)
            assert f"kurs-beslut-{answer['outcome']}" in answer.pop("classes")
    return answers


@pytest.fixture
def quick_chart(monkeypatch):
    """The Python tool without drawing its picture: the comparison reads the chart's text
    alternative and table, which do not depend on it (drawing takes most of the tool's time)."""
    monkeypatch.setattr(tool_module.FollowUpChart, "svg", lambda self, table, committed, contract_id: "")


@pytest.mark.browser
def test_the_tool_answers_exactly_as_the_python_tool(opened, data, quick_chart):
    cases = date_grid(data.followup)
    tool = FollowUpTool(data.followup)
    expected = [python_tool_answer(tool, *case) for case in cases]
    outcomes = {answer.get("outcome") for answer in expected}
    assert {"met", "not_met", "deviation", "on_track", "behind"} <= outcomes, outcomes
    errors = {answer["error"] for answer in expected if "error" in answer}
    assert any("ska vara ett datum" in error for error in errors) and any("före kontraktets start" in error for error in errors)
    if data.url.startswith("file:"):  # K-2025-09 reports its first quarter after the one it starts in
        assert any(answer.get("chart") is None and "error" not in answer for answer in expected)
    shown = page_tool_answers(opened, cases)
    mismatches = [f"indata {case}\n  Python: {wanted}\n  sidan:  {got}"
                  for case, wanted, got in zip(cases, expected, shown) if wanted != got]
    assert not mismatches, f"{len(mismatches)} av {len(cases)} svar skiljer sig:\n" + "\n".join(mismatches[:5])
    assert not opened.problems, "\n".join(opened.problems)


@pytest.mark.browser
def test_the_second_tool_shows_task_3s_contract(opened, data, quick_chart):
    """Task 3's tool (when there is a case) works on its own, and opens with the case's contract."""
    case = kontroll.early_end_case(data.followup)
    tools = opened.locator(TOOL)
    if case is None:
        assert tools.count() == 1
        return
    assert tools.count() == 2
    assert tools.nth(1).locator("[name=kontrakt]").input_value() == case
    report = default_report_date(data.followup)
    cases = [(case, report), (case, "2025-12-31"), (sorted(data.followup["kontrakt_id"].unique())[-1], report)]
    tool = FollowUpTool(data.followup)
    assert page_tool_answers(opened, cases, which=1) == [python_tool_answer(tool, *item) for item in cases]


# --- the rule's sentences ---------------------------------------------------------------------------------

def template_pattern(template: str) -> re.Pattern:
    return re.compile("".join(".+" if part.startswith("{") else re.escape(part)
                              for part in re.split(r"(\{\w+\})", template)))


def rule_sentences(followup: pd.DataFrame) -> set[str]:
    """Every summary, reason and error the rule says for the data over the date grid."""
    said = set()
    for contract_id, date in date_grid(followup):
        try:
            decision = contract_follow_up(followup, contract_id, date).decision()
        except CourseDataError as error:
            if "ska vara ett datum" not in str(error):
                said.add(str(error))
            continue
        said.update({decision.summary, *decision.reasons})
    return said


def test_the_templates_are_the_sentences_the_rule_says(other_follow_up):
    """STATUS_TEXTS (which the page fills) are the sentences of employment_requirement_status: each
    sentence the rule says over the grids of both data sets is exactly one template filled in, and
    each template is said."""
    said = rule_sentences(load_table("uppfoljning")) | rule_sentences(
        load_table("uppfoljning", other_follow_up / "uppfoljning.csv"))
    patterns = {key: template_pattern(template) for key, template in STATUS_TEXTS.items()}
    used = set()
    for sentence in said:
        matching = [key for key, pattern in patterns.items() if pattern.fullmatch(sentence)]
        assert len(matching) == 1, (sentence, matching)
        used.add(matching[0])
    assert used == set(STATUS_TEXTS), set(STATUS_TEXTS) - used


def test_the_page_data_is_the_python_tools(other_follow_up):
    """What static_data computes per contract is what the tool computes: for every date of the grid,
    the quarters up to it give the delivered months and the early end of ContractFollowUp."""
    followup = load_table("uppfoljning", other_follow_up / "uppfoljning.csv")
    contracts = {c["id"]: c for c in tool_module.static_data(FollowUpTool(followup))["contracts"]}
    for contract_id, date in date_grid(followup):
        try:
            result = contract_follow_up(followup, contract_id, date)
        except CourseDataError:  # a bad date
            continue
        found = contracts[contract_id]
        report = result.report_date.date().isoformat()  # the date as the script reads it (ÅÅÅÅ-MM-DD)
        count = sum(quarter["cells"][0] <= report for quarter in found["quarters"])
        assert count == len(result.quarters)
        assert found["prefixes"][count] == {"delivered": result.delivered, "ended_early": result.ended_early,
                                            "text": tool_module.rule_months(result.delivered)}


# --- the answer boxes -----------------------------------------------------------------------------------------

def python_feedback(task: int, followup, typed: str) -> dict:
    answer = static_exercises.read_typed(typed)
    if answer is None:
        feedback = static_exercises.page_feedback(None, typed)
    else:
        feedback = getattr(kontroll, f"task_{task}")(answer, followup)
    return {"kind": re.search(r"kurs-svar-(\w+)", feedback.data)[1], "text": visible_text(feedback.data)}


def answer_grid(task: int, followup) -> list[str]:
    asked = getattr(kontroll, f"task_{task}_question")(followup)
    common = ["", "   ", "'", '""', "5", "kanske", "[]", "[ ]"]
    if task in (1, 3):
        options = list(asked.explanations)
        return [*options, *(o.upper() for o in options), *(f"  {o.title()}\t" for o in options),
                *(f'"{o}"' for o in options), *(f"”{o}”" for o in options), *(f"'{o}'" for o in options),
                "efter  plan", "inteän", "ja!", '"ja', "[ja]", "jä", "enligt", *common]
    expected = sorted(asked.expected)
    others = sorted(set(followup["kontrakt_id"]) - asked.expected)
    grid = [", ".join(expected), "; ".join(reversed(expected)), str(expected), str(expected).replace("'", '"'),
            ", ".join(item.lower() for item in expected), " , ".join(f" {item} " for item in expected),
            ", ".join(f"“{item}”" for item in expected), ",".join(expected) + ",", "K-9999-99",
            " ".join(expected), ", ".join(expected + expected), *common]
    if expected:
        grid += [", ".join(expected[1:]), ", ".join(expected[:-1]), f"[{expected[0]!r}]"]
    if others:
        grid += [", ".join(expected + others[:1]), ", ".join(others), ", ".join(expected[1:] + others[:2])]
    return grid


@pytest.mark.browser
@pytest.mark.parametrize("task", TASKS)
def test_answer_box_gives_the_feedback_of_the_check(opened, data, task):
    if getattr(kontroll, f"task_{task}_question")(data.followup) is None:
        assert box(opened, 5, task).count() == 0  # the note, as in the notebook
        return
    grid = answer_grid(task, data.followup)
    expected = [python_feedback(task, data.followup, typed) for typed in grid]
    assert {answer["kind"] for answer in expected} == {"ratt", "fel", "tomt"}
    mismatches = []
    for typed, wanted in zip(grid, expected):
        shown = page_feedback(opened, 5, task, typed)
        if shown != wanted:
            mismatches.append(f"svar {typed!r}\n  Python: {wanted}\n  sidan:  {shown}")
    assert not mismatches, f"{len(mismatches)} av {len(grid)} svar skiljer sig:\n" + "\n".join(mismatches[:5])
    assert not opened.problems, "\n".join(opened.problems)


@pytest.mark.parametrize("source", ["kursens data", "andra data"])
def test_a_wrong_answer_does_not_give_the_right_one(source, other_follow_up):
    followup = load_table("uppfoljning", None if source == "kursens data" else other_follow_up / "uppfoljning.csv")
    # Task 1 and 3: a wrong option is told neither the right option's explanation nor its verdict.
    for task in (1, 3):
        asked = getattr(kontroll, f"task_{task}_question")(followup)
        for option in asked.explanations:
            if option == asked.correct:
                continue
            text = python_feedback(task, followup, option)["text"]
            assert text.startswith(TEXTS["wrong"])
            assert asked.explanations[asked.correct] not in text
            assert f"{asked.correct.capitalize()} betyder" not in text and "Det stämmer här" not in text
            assert "Åtagandet" not in text and "Allt är levererat" not in text
    # Task 2: how many are missing, never which.
    asked = kontroll.task_2_question(followup)
    expected = sorted(asked.expected)
    others = sorted(set(followup["kontrakt_id"]) - asked.expected)
    for typed in ([expected[1:]] if expected else []) + [[], others[:1], expected[:-1] + others[:1]]:
        text = python_feedback(2, followup, ", ".join(typed) or "[]")["text"]
        if set(typed) == asked.expected:
            continue
        assert text.startswith(TEXTS["wrong"])
        for item in set(expected) - set(typed):
            assert item not in text, (typed, text)
        assert "tom lista" not in text


# --- what the reader sees and does -------------------------------------------------------------------------

@pytest.mark.browser
def test_the_page_opens_in_a_neutral_state(browser, data):
    context = browser.new_context()
    page = context.new_page()
    record_problems(page, lambda address: address.startswith(("http", "ws")) and "127.0.0.1" not in address)
    page.goto(data.url, wait_until="load")
    state = page.evaluate("""() => ({
        regions: Array.from(document.querySelectorAll('.kurs-verktyg-svar, .kurs-verktyg-felruta, '
            + '.kurs-ovning-tabell, .kurs-svarsruta-aterkoppling')).map(e => e.textContent),
        answers: Array.from(document.querySelectorAll('[data-kurs-svarsruta] input')).map(e => e.value),
        boxes: Array.from(document.querySelectorAll('[data-kurs-svarsruta]')).map(e => e.dataset.kursSvarsruta),
        svgs: document.querySelectorAll('[data-kurs-ovning-verktyg] svg').length,
        text: document.body.innerText})""")
    assert state["regions"] and all(text == "" for text in state["regions"]), state["regions"]
    assert state["answers"] and all(value == "" for value in state["answers"])
    expected_boxes = [f"ovning-5-uppgift-{task}" for task in TASKS
                      if getattr(kontroll, f"task_{task}_question")(data.followup) is not None]
    assert state["boxes"] == expected_boxes and state["svgs"] == 0
    followup = data.followup
    status = kontroll.contract_statuses(followup).loc[kontroll.scenario_contract(followup)]
    assert STATIC_NOTE not in state["text"] and TEXTS["empty"] not in state["text"]
    assert status["summary"] not in state["text"], "verktyget visar inget svar förrän läsaren trycker"
    tool = page.locator(TOOL).first
    assert tool.locator("[name=kontrakt]").input_value() == kontroll.scenario_contract(followup)
    assert tool.locator("[name=datum]").input_value() == default_report_date(followup)
    # For print only: the Python tool's answer for these values, with its chart and table.
    example = tool.locator(".kurs-verktyg-exempel")
    assert not example.is_visible() and example.locator("img[alt^='Diagram:']").count() == 1
    assert example.locator("table caption").text_content().startswith("Diagrammets data")
    assert not page.problems, "\n".join(page.problems)
    context.close()


@pytest.mark.browser
def test_on_paper_the_tool_shows_its_example_until_the_reader_has_a_result(browser, data):
    """Printed, a tool cannot be used: the form gives way to the Python tool's answer for the form's
    values, with its chart and table (tool.css), unless the reader has had a result of their own."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(data.url, wait_until="load")
    page.emulate_media(media="print")
    tool = page.locator(TOOL).first
    example, form = tool.locator(".kurs-verktyg-exempel"), tool.locator("form")
    assert example.is_visible() and not form.is_visible()
    followup = data.followup
    status = kontroll.contract_statuses(followup).loc[kontroll.scenario_contract(followup)]
    assert status["summary"] in example.inner_text() and example.locator("img").get_attribute("alt").startswith("Diagram:")
    page.emulate_media(media="screen")
    tool.locator("button[type=submit]").click()
    page.emulate_media(media="print")
    assert not example.is_visible() and tool.locator("svg").is_visible(), "läsarens eget svar skrivs ut"
    context.close()


@pytest.mark.browser
def test_enter_shows_the_status_and_checks_an_answer(browser, data, quick_chart):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(data.url, wait_until="load")
    followup = data.followup
    contract = kontroll.scenario_contract(followup)
    tool = page.locator(TOOL).first
    tool.locator("[name=datum]").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("2025-13-01")
    page.keyboard.press("Enter")
    python = FollowUpTool(followup)
    answer = tool.evaluate(READ_TOOL)
    assert answer["error"] == python_tool_answer(python, contract, "2025-13-01")["error"]
    assert page.evaluate("document.activeElement.name") == "datum"  # the reader stays where they typed
    page.keyboard.press("Control+A")
    page.keyboard.type(default_report_date(followup))
    page.keyboard.press("Enter")
    answer = tool.evaluate(READ_TOOL)
    assert answer["summary"] == python_tool_answer(python, contract, default_report_date(followup))["summary"]
    # Shift+Tab to the list of contracts, choose the last with the keyboard, Tab, Tab to the button.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.name") == "kontrakt"
    page.keyboard.press("End")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    last = sorted(followup["kontrakt_id"].unique())[-1]
    answer = tool.evaluate(READ_TOOL)
    expected = python_tool_answer(python, last, default_report_date(followup))
    assert {key: answer.get(key) for key in expected} == expected
    # An answer box: type, press Enter.
    question = kontroll.task_1_question(followup)
    if question is not None:
        answer_box = box(page, 5, 1)
        answer_box.locator("input").focus()
        page.keyboard.type(question.correct)
        page.keyboard.press("Enter")
        assert answer_box.evaluate(READ_FEEDBACK) == python_feedback(1, followup, question.correct)
        assert answer_box.evaluate(READ_FEEDBACK)["kind"] == "ratt"
    context.close()


@pytest.mark.browser
def test_a_checked_answer_is_recorded_in_the_readers_progress(browser, data):
    context = browser.new_context()
    context.add_init_script(PROGRESS_STUB)
    page = context.new_page()
    page.goto(data.url, wait_until="load")
    declared = [f"ovning-5-uppgift-{task}" for task in TASKS
                if getattr(kontroll, f"task_{task}_question")(data.followup) is not None]
    assert page.evaluate("window.kursFramsteg.declared") == [None, declared]
    expected = ", ".join(sorted(kontroll.task_2_question(data.followup).expected)) or "[]"
    page_feedback(page, 5, 2, expected)
    page_feedback(page, 5, 2, "K-9999-99")
    page_feedback(page, 5, 2, "")  # nothing typed: nothing recorded
    assert page.evaluate("window.kursFramsteg.calls") == [
        [None, "ovning-5-uppgift-2", {"answered": True, "correct": True, "value": expected}],
        [None, "ovning-5-uppgift-2", {"answered": True, "correct": False, "value": "K-9999-99"}],
    ]
    context.close()


def show_everything(page, followup) -> None:
    """Each tool's result with its chart, and feedback in every answer box."""
    tools = page.locator(TOOL)
    for number in range(tools.count()):
        tools.nth(number).locator("button[type=submit]").click()
        tools.nth(number).locator("svg").wait_for()
    for task in TASKS:
        if getattr(kontroll, f"task_{task}_question")(followup) is not None:
            page_feedback(page, 5, task, "ett mycket långt svar som inte är något av alternativen alls")
    page_feedback(page, 5, TASKS[-1], "")


@pytest.mark.browser
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_tools_and_answer_boxes(browser, data, color_scheme):
    context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(data.url, wait_until="load")
    show_everything(page, data.followup)
    # An error too: the message and the field marked invalid.
    page.locator(TOOL).first.locator("[name=datum]").fill("31/12/2025")
    page.locator(TOOL).first.locator("button[type=submit]").click()
    page.add_script_tag(path=str(AXE_FILE))
    results = page.evaluate("""async () => await axe.run(
        {include: [['[data-kurs-ovning-verktyg]'], ['[data-kurs-svarsruta]']]}, {resultTypes: ['violations']})""")
    found = [f"{v['impact']} {v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
             for v in results["violations"]]
    assert not found, "\n".join(found)
    # The chart is an image named by its text alternative (its letters are not read one by one).
    description = page.locator(TOOL).nth(-1).locator("svg title").text_content()
    assert page.get_by_role("img", name=description, exact=True).count() == 1
    context.close()


def contrast(foreground: str, background: str = "#ffffff") -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.browser
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_chart_has_enough_contrast_in_light_and_dark_mode(browser, data, color_scheme):
    """The chart is drawn on its own white panel in both modes; its lines differ from it by at least
    3:1 (WCAG 1.4.11), its letters by at least 4.5:1, and the lines differ in style too."""
    context = browser.new_context(color_scheme=color_scheme)
    page = context.new_page()
    page.goto(data.url, wait_until="load")
    tool = page.locator(TOOL).first
    tool.locator("button[type=submit]").click()
    drawn = tool.locator("svg").evaluate("""(svg) => ({
        panel: getComputedStyle(svg.querySelector('rect')).fill,
        strokes: Array.from(svg.querySelectorAll('polyline, line[stroke-dasharray]')).map(e => e.getAttribute('stroke')),
        dashes: Array.from(svg.querySelectorAll('line[stroke-dasharray]')).map(e => e.getAttribute('stroke-dasharray')),
        letters: Array.from(new Set(Array.from(svg.querySelectorAll('text')).map(e => e.getAttribute('fill'))))})""")
    assert drawn["panel"] == "rgb(255, 255, 255)"
    assert all(contrast(colour) >= 3 for colour in drawn["strokes"]), drawn["strokes"]
    assert all(contrast(colour) >= 4.5 for colour in drawn["letters"]), drawn["letters"]
    assert len(set(drawn["dashes"])) >= 3  # solid legend sample, dashed, dotted
    context.close()


@pytest.mark.browser
def test_the_chart_is_drawn_again_when_the_screen_turns_narrow_or_wide(browser, data):
    """A phone turned, or a window made narrower after the tool has run: the chart takes the narrow
    layout (and back), as it would have if it had been drawn at that width."""
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    page.goto(data.url, wait_until="load")
    tool = page.locator(TOOL).first
    tool.locator("button[type=submit]").click()

    def drawn_width() -> str:
        return tool.locator("svg").get_attribute("viewBox").split()[2]

    assert drawn_width() == "560"
    page.set_viewport_size({"width": 360, "height": 800})
    page.wait_for_function("(tool) => tool.querySelector('svg').getAttribute('viewBox').split(' ')[2] === '340'",
                           arg=tool.element_handle(), timeout=5000)
    assert tool.locator("svg").count() == 1
    page.set_viewport_size({"width": 1000, "height": 800})
    page.wait_for_function("(tool) => tool.querySelector('svg').getAttribute('viewBox').split(' ')[2] === '560'",
                           arg=tool.element_handle(), timeout=5000)
    assert drawn_width() == "560" and tool.locator("svg").count() == 1
    context.close()


# As test_static_exercises' PARTS_STICKING_OUT, but the chart's parts inside the SVG are no boxes of
# their own: for them only where they end counts (their scroll sizes are not the page's).
STICKING_OUT = """(width) => Array.from(document.querySelectorAll('[data-kurs-ovning-verktyg], [data-kurs-svarsruta]'))
    .flatMap(part => [part, ...part.querySelectorAll('*')])
    .filter(e => e.getBoundingClientRect().width && !e.closest('.kurs-tabell-ruta')
                 && (e.getBoundingClientRect().right > width + 0.5
                     || (e.tagName !== 'INPUT' && !(e.closest('svg') && e.tagName !== 'svg')
                         && e.scrollWidth > e.clientWidth + 0.5)))
    .map(e => e.tagName.toLowerCase() + '.' + Array.from(e.classList).join('.') + ' "' + e.textContent.slice(0, 40) + '"')"""


@pytest.mark.browser
def test_nothing_scrolls_sideways_at_320_px_with_the_results_shown(browser, data):
    context = browser.new_context(viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    page.goto(data.url, wait_until="load")
    show_everything(page, data.followup)
    assert page.evaluate(STICKING_OUT, WIDTH) == []
    chart = page.locator(TOOL).first.locator("svg").bounding_box()
    assert chart["x"] >= 0 and chart["x"] + chart["width"] <= WIDTH
    if data.url.startswith("http"):
        assert scrolls_sideways(page) is None, scrolls_sideways(page)
    context.close()


# --- the notebook keeps its tool and its message ------------------------------------------------------------

def test_the_notebook_shows_the_widget_and_the_book_the_static_copy():
    followup = load_table("uppfoljning")
    static_exercises.start_page()
    bundle = static_exercises.with_static_tool(FollowUpTool(followup))._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'data-kurs-ovning-verktyg="follow-up"' in bundle["text/html"]
    assert STATIC_NOTE not in bundle["text/html"]
    # The scripts come in the order the page needs: the decision tools', this tool's, the exercises'.
    page = bundle["text/html"]
    assert page.index("window.kursVerktyg =") < page.index('kursOvningsverktyg["follow-up"]') < page.index("window.kursOvningar =")
    for task in TASKS:
        cell = getattr(kontroll, f"task_{task}")(None, followup)
        assert TEXTS["empty"] in visible_text(cell.data)  # the notebook's message, as before
        assert f'data-kurs-svarsruta="ovning-5-uppgift-{task}"' in cell._repr_mimebundle_()["text/html"]
