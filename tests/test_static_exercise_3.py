"""Exercise 3 on the static page, in a real browser: the plan screening tool works without a kernel and
answers exactly as PlanScreeningTool does, and the answer boxes of tasks 1-3 give exactly the feedback
of ``plan_screening.page_check``: the check of ``kontroll.task_N`` with the amounts typed into the
page's tool (the page has no Python variable for them; see upphandlingskurs/exercises/plan_screening.py).

As in tests/test_static_exercises.py, each comparison runs on the built book (the shipped data) and on
the page as it comes out with a trainer's data (conftest's ``other_data``), opened from the disk. The
amounts in kronor that the course's table lacks for the plans' year are typed in as the tests go:
none, all, some, amounts exactly at a procurement's value and one krona off, and bad ones. They are
made up for the tests, not the real thresholds.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import record_problems
from test_browser import AXE_FILE
from test_phone import WIDTH, scrolls_sideways
from test_static_exercises import (
    PARTS_STICKING_OUT,
    PROGRESS_STUB,
    READ_FEEDBACK,
    SET_FORM,
    html_outputs,
    standalone,
    visible_text,
)
from upphandlingskurs import load_table, static_exercises
from upphandlingskurs.exercises import plan_screening as exercise
from upphandlingskurs.feedback import TEXTS, NumberQuestion
from upphandlingskurs.rules.procedure import OTHER_GOODS_AND_SERVICES, SOCIAL_SERVICES, WORKS
from upphandlingskurs.screening import ALL, screen_plan
from upphandlingskurs.tools import PlanScreeningTool
from upphandlingskurs.tools.base import STATIC_NOTE
from upphandlingskurs.tools.plan import AMOUNT_FIELDS, TEXTS as TOOL_TEXTS

pytestmark = pytest.mark.browser

DOCNAME = "exercises/03-salla-upphandlingsplanen"
TOOL = '[data-kurs-ovning-verktyg="plan-screening"]'
TASKS = (1, 2, 3)
KINDS = (OTHER_GOODS_AND_SERVICES, WORKS, SOCIAL_SERVICES)  # the amounts the shipped table lacks for 2027


# --- the page, with the shipped data and with other data --------------------------------------------------

class Exercise:
    def __init__(self, url: str, folder: Path | None):
        self.url = url
        self.plan = load_table("upphandlingsplan", folder / "upphandlingsplan.csv" if folder else None)


@pytest.fixture(scope="module", params=["kursens data", "andra data"])
def exercise_page(request, tmp_path_factory) -> Exercise:
    if request.param == "kursens data":
        return Exercise(f"{request.getfixturevalue('book_server')}/{DOCNAME}.html", None)
    folder = request.getfixturevalue("other_data")
    path = tmp_path_factory.mktemp("ovning-3-andra-data") / "ovning-3.html"
    path.write_text(standalone(html_outputs(DOCNAME, folder), "Övning 3"), encoding="utf-8")
    return Exercise(path.as_uri(), folder)


@pytest.fixture(scope="module")
def opened(browser, exercise_page):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    record_problems(page, lambda address: address.startswith(("http", "ws")) and "127.0.0.1" not in address)
    page.goto(exercise_page.url, wait_until="load")
    yield page
    context.close()


# --- the amounts typed into the tool ----------------------------------------------------------------------

def amount_cases(plan) -> dict[str, dict[str, str]]:
    """What is typed into the tool's amount fields (by kind): nothing, all three, one, amounts exactly
    at a procurement's value or one krona off it, spaces, and bad amounts."""
    screened = screen_plan(plan, sort=False)
    annex2 = screened["bilaga2_tjanst"] == "ja"
    works = screened["cpv_kod"].str.startswith("45") & ~annex2
    goods = ~works & ~annex2
    big = screened["uppskattat_varde_kr"] >= 700_000

    def value(rows, place: int = 0) -> int:
        values = sorted(set(screened.loc[rows & big, "uppskattat_varde_kr"]))
        return values[min(place, len(values) - 1)] if values else 1_000_000

    return {
        "inga": {},
        "alla": {OTHER_GOODS_AND_SERVICES: "2 000 000", WORKS: "50000000", SOCIAL_SERVICES: " 7\u00a0000\u00a0000 "},
        "ett": {WORKS: "50 000 000"},
        "exakt": {OTHER_GOODS_AND_SERVICES: str(value(goods, 1)), WORKS: str(value(works) + 1),
                  SOCIAL_SERVICES: str(value(annex2, 1))},
        "en krona under": {OTHER_GOODS_AND_SERVICES: str(value(goods, 1) - 1), WORKS: str(value(works)),
                           SOCIAL_SERVICES: str(value(annex2, 1) + 1)},
        "störst": {OTHER_GOODS_AND_SERVICES: "1000000000000", WORKS: "1", SOCIAL_SERVICES: ""},
        "inget tal": {OTHER_GOODS_AND_SERVICES: "två miljoner", WORKS: "50000000"},
        "noll": {SOCIAL_SERVICES: "0"},
        "för stort": {WORKS: "1000000000001"},
        "decimaler": {OTHER_GOODS_AND_SERVICES: "2000000,5"},
    }


def amount_fields(amounts: dict[str, str]) -> dict[str, str]:
    """The tool's fields with ``amounts`` typed in (the others empty)."""
    return {AMOUNT_FIELDS[kind]: amounts.get(kind, "") for kind in KINDS}


def as_typed(amounts: dict[str, str]) -> dict[str, str]:
    """The amounts as the page's tool has them: a text for each of its fields, in its order."""
    return {kind: amounts.get(kind, "") for kind in KINDS}


# --- the tool -------------------------------------------------------------------------------------------

class _Result(HTMLParser):
    """The paragraphs, the table's headers and rows, and each cell's sort rank of a tool's result."""

    def __init__(self, markup: str):
        super().__init__()
        self.paragraphs, self.headers, self.rows, self.ranks = [], [], [], []
        self.caption = None
        self._text = None
        self._skip = 0
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        elif tag in ("p", "th", "td", "caption"):
            self._text = []
            if tag == "td":
                self.ranks[-1].append(dict(attrs).get("data-sort"))
        elif tag == "tr" and self.caption is not None and self.headers:
            self.rows.append([])
            self.ranks.append([])

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        elif tag in ("p", "th", "td", "caption") and self._text is not None:
            text, self._text = "".join(self._text), None
            if tag == "p":
                self.paragraphs.append(text)
            elif tag == "caption":
                self.caption = text
            elif tag == "th":
                self.headers.append(text)
            else:
                self.rows[-1].append(text)

    def handle_data(self, data):
        if self._text is not None and not self._skip:
            self._text.append(data)


def sort_orders(ranks: list[list[str | None]]) -> list[list[int]]:
    """For each column, the order its header's button puts the rows in (static/table.js: by rank,
    a missing rank last, equal ranks in the table's order)."""
    columns = len(ranks[0]) if ranks else 0
    return [sorted(range(len(ranks)), key=lambda row: (ranks[row][column] in (None, ""),
                                                        float(ranks[row][column] or 0), row))
            for column in range(columns)]


def tool_python(plan, values: dict[str, str]) -> dict:
    """What PlanScreeningTool shows for the form's ``values``."""
    tool = PlanScreeningTool(plan)
    for name, value in values.items():
        tool.inputs[name].value = value
    tool.update()
    if tool.error is not None:
        return {"error": tool.error}
    result = _Result(tool.result_html)
    return {"paragraphs": result.paragraphs, "caption": result.caption, "headers": result.headers,
            "rows": result.rows, "sort": sort_orders(result.ranks)}


READ_TOOL = """(tool) => {
    const message = tool.querySelector('.kurs-verktyg-felruta .kurs-fel-text');
    if (message) {
        return {error: message.textContent,
                prefix: tool.querySelector('.kurs-verktyg-felruta strong').textContent,
                invalid: Array.from(tool.querySelectorAll('[aria-invalid=true]')).map(e => e.name),
                empty: tool.querySelector('.kurs-verktyg-svar').textContent === ''
                       && tool.querySelector('.kurs-ovning-tabell').textContent === ''};
    }
    const table = tool.querySelector('.kurs-ovning-tabell table');
    if (!table) { return {nothing: true}; }
    return {paragraphs: Array.from(tool.querySelectorAll('.kurs-verktyg-svar p, .kurs-ovning-tabell p'))
                             .filter(p => !p.closest('.kurs-tabell-ruta')).map(p => p.textContent),
            caption: table.caption.textContent,
            headers: Array.from(table.tHead.rows[0].cells).map(cell => cell.textContent),
            rows: Array.from(table.tBodies[0].rows).map(row => Array.from(row.cells).map(cell => cell.textContent)),
            ranks: Array.from(table.tBodies[0].rows).map(row => Array.from(row.cells).map(cell => cell.dataset.sort)),
            search: !!tool.querySelector('.kurs-tabell-ruta input[type=search]')};
}"""


def tool_page(page, values: dict[str, str]) -> dict:
    tool = page.locator(TOOL)
    page.evaluate(SET_FORM, [tool.element_handle(), values])
    tool.locator("button[type=submit]").click()
    shown = tool.evaluate(READ_TOOL)
    if "error" in shown:
        assert shown.pop("prefix") == "Kontrollera uppgifterna:" and shown.pop("empty")
        assert shown.pop("invalid"), "the field with the bad value is marked"
    elif "rows" in shown:
        assert shown.pop("search"), "the table has its search box"
        shown["sort"] = sort_orders(shown.pop("ranks"))
    return shown


def tool_grid(plan) -> list[dict]:
    options = [ALL, *sorted(set(plan["forvaltning"]))]
    department = exercise.scenario_department(plan)
    cases = []
    for amounts in amount_cases(plan).values():
        for place in (ALL, department, options[-1]):
            for least in ("0", "1", "2", "3"):
                cases.append({"forvaltning": place, "min_prioritet": least, **amount_fields(amounts)})
    for least in ("4", "-1", "tre", "", " 2 ", "1,5", "\u00a01\t"):
        cases.append({"forvaltning": ALL, "min_prioritet": least, **amount_fields({})})
    return cases


def test_the_tool_answers_exactly_as_the_python_tool(opened, exercise_page):
    plan = exercise_page.plan
    cases = tool_grid(plan)
    expected = [tool_python(plan, values) for values in cases]
    assert any("error" in answer for answer in expected)
    assert any(answer.get("rows") for answer in expected) and any(answer.get("rows") == [] for answer in expected)
    undecided = TOOL_TEXTS["undecided_value"]
    assert any(any(undecided in row for row in answer.get("rows", [])) for answer in expected)
    assert any(answer.get("rows") and not any(undecided in row for row in answer["rows"]) for answer in expected)
    mismatches = []
    for values, wanted in zip(cases, expected):
        shown = tool_page(opened, values)
        if shown != wanted:
            mismatches.append(f"indata {values}\n  Python: {wanted}\n  sidan:  {shown}")
    assert not mismatches, f"{len(mismatches)} av {len(cases)} svar skiljer sig:\n" + "\n".join(mismatches[:3])
    assert not opened.problems, "\n".join(opened.problems)


def test_the_tool_shows_the_first_sixty_of_a_long_plan(browser):
    """A plan longer than the table (generated, with repeated values): the count of all, the note,
    and the same 60 rows in the same order as the Python tool."""
    from upphandlingskurs.synthetic import generate_plan

    plan = generate_plan(150, seed=3)
    plan.loc[plan.index[:40], "uppskattat_varde_kr"] = 2_500_000  # ties on value: the id decides
    static_exercises.start_page()
    body = static_exercises.static_twin_html(PlanScreeningTool(plan, min_priority=0))
    page = browser.new_page()
    page.set_content(standalone(body, "Lång plan"))
    for amounts in ({}, {OTHER_GOODS_AND_SERVICES: "2500000"}):
        values = {"forvaltning": ALL, "min_prioritet": "0", **amount_fields(amounts)}
        wanted = tool_python(plan, values)
        assert len(wanted["rows"]) == 60 and TOOL_TEXTS["more"].split("{")[0] in wanted["paragraphs"][-1]
        assert tool_page(page, values) == wanted
    page.close()


def test_an_amount_for_two_periods_is_refused_where_the_plan_spans_them(browser, monkeypatch):
    """A table that lacks the amounts in kronor for two periods, and a plan whose social services are
    advertised in the second: a typed amount can fill one period only. The whole plan refuses it, a
    department within one period takes it; the answer boxes, which judge the whole plan, say what the
    tool says. As in Python, for every choice."""
    import pandas as pd

    from upphandlingskurs.rules import parameters

    table = parameters.thresholds()
    later = table[table["belopp_kr"].isna()].assign(galler_fran=pd.Timestamp("2028-01-01"),
                                                  galler_till=pd.Timestamp("2029-12-31"))
    monkeypatch.setattr(parameters, "thresholds", lambda: pd.concat([table, later], ignore_index=True))
    plan = load_table("upphandlingsplan")
    social = plan["forvaltning"] == "Socialförvaltningen"
    plan.loc[social, "planerad_annonsering"] = plan.loc[social, "planerad_annonsering"] + pd.DateOffset(years=1)
    static_exercises.start_page()
    body = static_exercises.static_twin_html(PlanScreeningTool(plan, min_priority=0))
    body += "".join(getattr(exercise, f"task_{task}")(None, plan)._repr_mimebundle_()["text/html"] for task in TASKS)
    page = browser.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_content(standalone(body, "Två perioder"))
    amounts = {OTHER_GOODS_AND_SERVICES: "2 000 000", SOCIAL_SERVICES: "7000000"}
    refusals = 0
    for place in (ALL, "Socialförvaltningen", exercise.scenario_department(plan)):
        values = {"forvaltning": place, "min_prioritet": "0", **amount_fields(amounts)}
        wanted = tool_python(plan, values)
        refusals += "error" in wanted
        assert tool_page(page, values) == wanted
    assert refusals == 1, "only the whole plan spans both periods"
    for task in TASKS:
        verdict = exercise.page_verdict(task, plan, as_typed(amounts))
        assert isinstance(verdict, exercise.RefusedAmount) and "för mer än en period" in verdict.message
        assert box_page(page, task, "UP-001") == box_python(verdict, "UP-001")
    assert not problems, problems
    page.close()


def test_the_tables_header_sorts_as_the_python_tables(opened, exercise_page):
    """static/table.js turns the result's headers into sort buttons, as for data.table_html."""
    values = {"forvaltning": ALL, "min_prioritet": "0", **amount_fields(amount_cases(exercise_page.plan)["alla"])}
    wanted = tool_python(exercise_page.plan, values)
    tool_page(opened, values)
    table = opened.locator(TOOL).locator(".kurs-ovning-tabell")
    table.get_by_role("button", name="Värde (kr)", exact=True).click()
    order = wanted["sort"][2]
    shown = table.evaluate("box => Array.from(box.querySelectorAll('tbody tr')).map(row => row.cells[0].textContent)")
    assert shown == [wanted["rows"][row][0] for row in order]
    assert table.locator("th[aria-sort=ascending]").inner_text().strip() == "Värde (kr)"


# --- the answer boxes -------------------------------------------------------------------------------------

def answer_grid(verdict) -> list[str]:
    """What a reader might type: the right answer (or every answer the missing amounts leave open) in
    many forms, near misses, and answers of the wrong form."""
    common = ["", "   ", "tre", "'", "[", "UP-", "1e999"]
    if isinstance(verdict, NumberQuestion) or hasattr(verdict, "low"):
        low, high = (verdict.expected, verdict.expected) if isinstance(verdict, NumberQuestion) else (verdict.low, verdict.high)
        numbers = {low, high, low - 1, high + 1, (low + high) // 2, 0}
        return [*common, *(str(number) for number in sorted(numbers)), f" {low} ", f'"{low}"', f"“{high}”",
                f"{low},0", f"{low}.5", f"{high},5", f"[{low}]", f"{low} st", f"+{high}", f"{low * 10}"]
    must, may = sorted(verdict.must), sorted(verdict.may)
    outside = "UP-999"
    grid = [*common, "[]", ", ".join(must), " ".join(must).lower(), repr(must), "; ".join(must),
            "[" + ", ".join(f'"{item}"' for item in must) + "]", ", ".join(f"‘{item}’" for item in must),
            "\t".join(must + must), ", ".join(must[:-1]), ", ".join(must + [outside]), ", ".join(may),
            ", ".join(may[:5]), ", ".join(reversed(may)), ",,".join(must).lower(), f"{outside}, up-001"]
    return grid


def is_open(verdict) -> bool:
    """Whether a missing amount leaves the task's answer open."""
    return isinstance(verdict, exercise.CountRange) or (isinstance(verdict, exercise.IdList) and not verdict.decided)


def box(page, task: int):
    return page.locator(f'[data-kurs-svarsruta="ovning-3-uppgift-{task}"]')


def box_page(page, task: int, typed: str) -> dict:
    answer_box = box(page, task)
    answer_box.locator("input[name=svar]").fill(typed)
    answer_box.locator("button[type=submit]").click()
    return answer_box.evaluate(READ_FEEDBACK)


def box_python(verdict, typed: str) -> dict:
    """What the box says in Python: its note for an empty box, else the page's verdict."""
    answer = static_exercises.read_typed(typed)
    if answer is None:
        feedback = static_exercises.page_feedback(None, typed)
    else:
        feedback = verdict.check(answer)
    return {"kind": re.search(r"kurs-svar-(\w+)", feedback.data)[1], "text": visible_text(feedback.data)}


def type_amounts(page, amounts: dict[str, str]) -> None:
    """Type the amounts into the tool's fields (without pressing its button)."""
    tool = page.locator(TOOL)
    page.evaluate(SET_FORM, [tool.element_handle(), amount_fields(amounts)])


@pytest.mark.parametrize("task", TASKS)
def test_answer_box_gives_the_feedback_of_the_check_with_the_tools_amounts(opened, exercise_page, task):
    plan = exercise_page.plan
    mismatches, kinds, count = [], set(), 0
    for name, amounts in amount_cases(plan).items():
        if name in ("noll", "för stort", "decimaler"):  # the same refusal as "inget tal", other words
            continue
        verdict = exercise.page_verdict(task, plan, as_typed(amounts))
        refused = isinstance(verdict, exercise.RefusedAmount)
        type_amounts(opened, amounts)
        for typed in answer_grid(exercise.page_verdict(task, plan, as_typed({})) if refused else verdict):
            wanted, shown = box_python(verdict, typed), box_page(opened, task, typed)
            kinds.add((wanted["kind"], wanted["text"].split(".")[0]))
            count += 1
            if shown != wanted:
                mismatches.append(f"belopp {name}, svar {typed!r}\n  Python: {wanted}\n  sidan:  {shown}")
    type_amounts(opened, {})
    assert {kind for kind, _ in kinds} == {"ratt", "fel", "tomt"}, kinds
    if is_open(exercise.page_verdict(task, plan, as_typed({}))):  # an answer that fits every missing amount
        assert ("tomt", exercise.UNDECIDED.split(".")[0]) in kinds
    assert any(title.startswith(exercise.TEXTS["bad_amount"].rstrip(":")) for _, title in kinds)
    assert not mismatches, f"{len(mismatches)} av {count} svar skiljer sig:\n" + "\n".join(mismatches[:3])
    assert not opened.problems, "\n".join(opened.problems)


def test_the_boxes_use_the_amounts_typed_into_the_tool(opened, exercise_page):
    """Without the amounts the shipped plan's tasks cannot be decided; with them typed into the tool
    the right answer is right, without pressing the tool's button."""
    plan = exercise_page.plan
    amounts = amount_cases(plan)["alla"]
    for task in TASKS:
        verdict = exercise.page_verdict(task, plan, as_typed(amounts))
        right = str(verdict.expected) if isinstance(verdict, NumberQuestion) else ", ".join(sorted(verdict.must))
        type_amounts(opened, amounts)
        assert box_page(opened, task, right)["kind"] == "ratt"
        type_amounts(opened, {})
        assert box_page(opened, task, right) == box_python(exercise.page_verdict(task, plan, as_typed({})), right)


# --- what the reader sees and does -------------------------------------------------------------------------

def test_the_page_opens_in_a_neutral_state(browser, exercise_page):
    context = browser.new_context()
    page = context.new_page()
    record_problems(page, lambda address: address.startswith(("http", "ws")) and "127.0.0.1" not in address)
    page.goto(exercise_page.url, wait_until="load")
    state = page.evaluate("""() => ({
        regions: Array.from(document.querySelectorAll('.kurs-verktyg-svar, .kurs-verktyg-felruta, '
            + '.kurs-ovning-tabell, .kurs-svarsruta-aterkoppling')).map(e => e.textContent),
        answers: Array.from(document.querySelectorAll('[data-kurs-svarsruta] input')).map(e => e.value),
        boxes: Array.from(document.querySelectorAll('[data-kurs-svarsruta]')).map(e => e.dataset.kursSvarsruta),
        text: document.body.innerText})""")
    assert state["regions"] and all(text == "" for text in state["regions"]), state["regions"]
    assert state["boxes"] == [f"ovning-3-uppgift-{task}" for task in TASKS]
    assert all(value == "" for value in state["answers"])
    assert STATIC_NOTE not in state["text"] and TEXTS["empty"] not in state["text"]
    tool = page.locator(TOOL)
    assert tool.locator("[name=forvaltning]").input_value() == exercise.scenario_department(exercise_page.plan)
    assert tool.locator("[name=min_prioritet]").input_value() == "0"
    assert [tool.locator(f"[name={AMOUNT_FIELDS[kind]}]").input_value() for kind in KINDS] == ["", "", ""]
    # Each amount field is labelled and described by the help line that says where the amounts are.
    field = tool.get_by_label("Tröskelvärdet för byggentreprenader i kronor", exact=True)
    help_line = page.locator(f"#{field.get_attribute('aria-describedby')}")
    assert "Upphandlingsmyndigheten publicerar beloppen" in help_line.inner_text()
    assert not page.problems, "\n".join(page.problems)
    context.close()


def test_enter_screens_the_plan_and_checks_an_answer(browser, exercise_page):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(exercise_page.url, wait_until="load")
    plan = exercise_page.plan
    tool = page.locator(TOOL)
    tool.locator("[name=min_prioritet]").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    values = {"forvaltning": exercise.scenario_department(plan), "min_prioritet": "2", **amount_fields({})}
    shown = tool.evaluate(READ_TOOL)
    shown.pop("search")
    shown["sort"] = sort_orders(shown.pop("ranks"))
    assert shown == tool_python(plan, values)
    # Tab from an amount field reaches the next one, then the button.
    tool.locator(f"[name={AMOUNT_FIELDS[SOCIAL_SERVICES]}]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    # The answer box: type, press Enter.
    answer = box(page, 2)
    answer.locator("input").focus()
    page.keyboard.type("UP-001")
    page.keyboard.press("Enter")
    verdict = exercise.page_verdict(2, plan, as_typed({}))
    assert answer.evaluate(READ_FEEDBACK) == box_python(verdict, "UP-001")
    region = answer.locator(".kurs-svarsruta-aterkoppling")
    assert region.get_attribute("role") == "status" and region.get_attribute("aria-live") == "polite"
    assert answer.get_by_label("Ditt svar på uppgift 2").count() == 1
    assert "Skriv dina upphandlingar med kommatecken emellan" in answer.inner_text()
    context.close()


def test_a_checked_answer_is_recorded_and_an_undecided_one_is_not(browser, exercise_page):
    context = browser.new_context()
    context.add_init_script(PROGRESS_STUB)
    page = context.new_page()
    page.goto(exercise_page.url, wait_until="load")
    assert page.evaluate("window.kursFramsteg.declared") == [None, [f"ovning-3-uppgift-{task}" for task in TASKS]]
    plan = exercise_page.plan
    undecided = exercise.page_verdict(2, plan, as_typed({}))
    shown = box_page(page, 2, ", ".join(sorted(undecided.may)))  # fits every missing amount: not recorded
    assert shown["kind"] == "tomt" and shown["text"].startswith(exercise.UNDECIDED)
    amounts = amount_cases(plan)["alla"]
    type_amounts(page, amounts)
    right = ", ".join(sorted(exercise.page_verdict(2, plan, as_typed(amounts)).must))
    assert box_page(page, 2, right)["kind"] == "ratt"
    assert box_page(page, 1, "tre")["kind"] == "fel"
    assert page.evaluate("window.kursFramsteg.calls") == [
        [None, "ovning-3-uppgift-2", {"answered": True, "correct": True, "value": right}],
        [None, "ovning-3-uppgift-1", {"answered": True, "correct": False, "value": "tre"}],
    ]
    context.close()


def show_everything(page, plan) -> None:
    """The tool's result with the undecided note, an error, and feedback of every kind."""
    tool = page.locator(TOOL)
    tool.locator("[name=forvaltning]").select_option(ALL)
    tool.locator("[name=min_prioritet]").fill("0")
    tool.locator("button[type=submit]").click()
    tool.locator(".kurs-ovning-tabell table").wait_for()
    verdict = exercise.page_verdict(3, plan, as_typed({}))
    box_page(page, 1, "tre")
    box_page(page, 2, "")
    box_page(page, 3, ", ".join(sorted(verdict.may)[:5]))


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_tool_and_the_answer_boxes(browser, exercise_page, color_scheme):
    context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(exercise_page.url, wait_until="load")
    show_everything(page, exercise_page.plan)
    page.add_script_tag(path=str(AXE_FILE))
    results = page.evaluate("""async () => await axe.run(
        {include: [['[data-kurs-ovning-verktyg]'], ['[data-kurs-svarsruta]']]}, {resultTypes: ['violations']})""")
    found = [f"{v['impact']} {v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
             for v in results["violations"]]
    assert not found, "\n".join(found)
    # And with an error in the tool.
    page.locator(TOOL).locator(f"[name={AMOUNT_FIELDS[WORKS]}]").fill("mycket")
    page.locator(TOOL).locator("button[type=submit]").click()
    results = page.evaluate("""async () => await axe.run(
        {include: [['[data-kurs-ovning-verktyg]']]}, {resultTypes: ['violations']})""")
    assert not results["violations"], results["violations"]
    context.close()


def test_nothing_scrolls_sideways_at_320_px_with_the_results_shown(browser, exercise_page):
    context = browser.new_context(viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    page.goto(exercise_page.url, wait_until="load")
    show_everything(page, exercise_page.plan)
    assert page.evaluate(PARTS_STICKING_OUT, WIDTH) == []
    if exercise_page.url.startswith("http"):
        assert scrolls_sideways(page) is None, scrolls_sideways(page)
    context.close()


# --- the notebook keeps its tool and its messages ------------------------------------------------------------

def test_the_notebook_shows_the_widget_and_the_book_the_static_copy():
    plan = load_table("upphandlingsplan")
    bundle = static_exercises.with_static_tool(PlanScreeningTool(plan))._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'data-kurs-ovning-verktyg="plan-screening"' in bundle["text/html"]
    assert STATIC_NOTE not in bundle["text/html"]
    for task in TASKS:
        cell = getattr(exercise, f"task_{task}")(None, plan)
        assert TEXTS["empty"] in visible_text(cell.data)  # the notebook's message, as before
        bundle = cell._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert f'data-kurs-svarsruta="ovning-3-uppgift-{task}"' in bundle["text/html"]
