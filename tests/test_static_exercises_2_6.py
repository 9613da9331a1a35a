"""Exercises 2 and 6 on the static page, in a real browser: the reservation tools work without a kernel
and answer exactly as the notebook tools do (the static decision tools "reservation-18" and
"reservation-19-25", filled in with the notebook tool's values, plus what the notebook tools add:
picking an enterprise from the list, and the note on a CPV code the course's tables do not know),
and every checked task has an answer box that gives exactly the feedback of ``kontroll.task_N``.

As in tests/test_static_exercises.py (whose helpers this module uses), each comparison runs on the
built book (the shipped data) and on the pages as they come out with a trainer's data (conftest's
``other_data``), put together from the outputs and opened from the disk. Besides: the pages open in
a neutral state, the keyboard works, a checked answer is recorded in the reader's progress, axe-core
finds nothing in the new parts (light and dark), nothing scrolls sideways at 320 px, a wrong answer
never gives the right one, and the notebook still shows the ipywidgets tools."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import ROOT, record_problems
from test_browser import AXE_FILE
from test_phone import WIDTH, scrolls_sideways
from test_static_exercises import READ_FEEDBACK, html_outputs, standalone, visible_text
from test_static_tools import GRIDS
from test_static_tools import page_answer as tool_page_answer
from test_static_tools import python_answer as tool_python_answer
from upphandlingskurs import load_table, static_exercises, static_tools
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.exercises import iop_choice, reservation_cases
from upphandlingskurs.feedback import TEXTS
from upphandlingskurs.rules.parameters import parameter
from upphandlingskurs.screening import reservable_cpv
from upphandlingskurs.synthetic import generate_enterprises
from upphandlingskurs.tools import ReservedParticipationTool, WelfareReservationTool
from upphandlingskurs.tools.base import STATIC_NOTE
from upphandlingskurs.tools.reservation import MANUAL, PARTICIPATION_FIELDS, WELFARE_FIELDS, unknown_cpv_note

PAGES = {2: "exercises/02-avgor-reservation", 6: "exercises/06-iop-reservation-eller-upphandling"}
CHECKS = {2: reservation_cases, 6: iop_choice}
TASKS = {2: (1, 2, 3), 6: (1, 2, 3, 4, 5, 6)}  # the tasks whose answer cell calls kontroll.task_N
# What each check is given besides the answer.
ARGUMENTS = {(2, 1): "enterprises", (2, 2): "enterprises", (2, 3): "plan", (6, 1): None, (6, 2): "enterprises",
             (6, 3): None, (6, 4): "enterprises", (6, 5): None, (6, 6): "enterprises"}
PARTICIPATION = 'section[data-kurs-verktyg="reservation-18"]'
WELFARE = 'section[data-kurs-verktyg="reservation-19-25"]'
PICKER = '[data-kurs-reservation="foretag"]'
NEW_PARTS = "[data-kurs-reservation], [data-kurs-svarsruta]"
UNKNOWN_CODE = "12345678-9"  # well formed, in none of the course's tables


# --- the pages, with the shipped data and with other data ---------------------------------------------

class Exercises:
    def __init__(self, urls: dict[int, str], folder):
        self.urls = urls
        self.enterprises = load_table("foretag", folder / "foretag.csv" if folder else None)
        self.plan = load_table("upphandlingsplan", folder / "upphandlingsplan.csv" if folder else None)

    def arguments(self, exercise: int, task: int) -> tuple:
        name = ARGUMENTS[(exercise, task)]
        return () if name is None else (getattr(self, name),)


@pytest.fixture(scope="session")
def other_outputs(other_data) -> dict[int, str]:
    """Each page's outputs as the book shows them, executed on ``other_data``."""
    return {number: html_outputs(docname, other_data) for number, docname in PAGES.items()}


@pytest.fixture(scope="session")
def other_pages_2_6(other_outputs, tmp_path_factory) -> dict[int, str]:
    folder = tmp_path_factory.mktemp("ovningar-2-6-andra-data")
    urls = {}
    for number, body in other_outputs.items():
        path = folder / f"ovning-{number}.html"
        path.write_text(standalone(body, f"Övning {number}"), encoding="utf-8")
        urls[number] = path.as_uri()
    return urls


@pytest.fixture(scope="module", params=["kursens data", "andra data"])
def exercises(request) -> Exercises:
    if request.param == "kursens data":
        server = request.getfixturevalue("book_server")
        return Exercises({number: f"{server}/{docname}.html" for number, docname in PAGES.items()}, None)
    return Exercises(request.getfixturevalue("other_pages_2_6"), request.getfixturevalue("other_data"))


def not_local(address: str) -> bool:
    return address.startswith(("http", "ws")) and "127.0.0.1" not in address


@pytest.fixture(scope="module")
def opened(browser, exercises):
    """Each page opened once, one context each, with what goes wrong recorded."""
    contexts, pages = [], {}
    for number, url in exercises.urls.items():
        contexts.append(browser.new_context(viewport={"width": 1280, "height": 900}))
        page = contexts[-1].new_page()
        record_problems(page, not_local)
        page.goto(url, wait_until="load")
        pages[number] = page
    yield pages
    for context in contexts:
        context.close()


# --- the tools -----------------------------------------------------------------------------------------

READ_NOTE = """(tool) => Array.from(tool.querySelectorAll('.kurs-cpv-okand')).map(note => note.textContent)"""


def welfare_python(values: dict) -> dict:
    """The notebook tool's answer: the rule's, and the note on an unknown code before it."""
    answer = tool_python_answer("reservation-19-25", values)
    answer["notes"] = [] if "error" in answer or not unknown_cpv_note(values["cpv_code"]) else [
        unknown_cpv_note(values["cpv_code"])]
    return answer


def welfare_page(page, values: dict) -> dict:
    answer = tool_page_answer(page, "reservation-19-25", values)
    answer["notes"] = page.locator(WELFARE).evaluate(READ_NOTE)
    return answer


def welfare_grid() -> list[dict]:
    base = GRIDS["reservation-19-25"][0]
    extra = [{"cpv_code": UNKNOWN_CODE}, {"cpv_code": f" {UNKNOWN_CODE}\u00a0"}, {"cpv_code": "99999999-9",
             "contract_months": "40"}, {"cpv_code": UNKNOWN_CODE, "contract_months": "tre"}]
    return GRIDS["reservation-19-25"] + [{**base, **change} for change in extra]


def test_the_notebook_tools_decide_as_the_static_tools():
    """The notebook tools compute through ``static_tools.decide`` with the same form values (and the
    note on an unknown code), so comparing the page with it compares the page with the notebook."""
    enterprises = load_table("foretag")
    for values in GRIDS["reservation-18"]:
        tool = ReservedParticipationTool(enterprises)
        for key, field in PARTICIPATION_FIELDS.items():
            tool.inputs[key].value = values[field]
        tool.update()
        expected = tool_python_answer("reservation-18", values)
        if "error" in expected:
            assert tool.error == expected["error"]
        else:
            assert tool.result_html == static_tools.decide("reservation-18", values).to_html()
    for values in welfare_grid():
        tool = WelfareReservationTool()
        for key, field in WELFARE_FIELDS.items():
            tool.inputs[key].value = values[field]
        tool.update()
        expected = welfare_python(values)
        if "error" in expected:
            assert tool.error == expected["error"]
        else:
            notes = "".join(f'<p class="kurs-fel" role="alert">{note}</p>' for note in expected["notes"])
            assert tool.result_html == notes + static_tools.decide("reservation-19-25", values).to_html()


def test_the_participation_tool_answers_exactly_as_the_python_tool(opened, exercises):
    page = opened[2]
    mismatches = []
    for values in GRIDS["reservation-18"]:
        expected, shown = tool_python_answer("reservation-18", values), tool_page_answer(page, "reservation-18", values)
        if shown != expected:
            mismatches.append(f"indata {values}\n  Python: {expected}\n  sidan:  {shown}")
    assert not mismatches, f"{len(mismatches)} svar skiljer sig:\n" + "\n".join(mismatches[:5])
    assert not page.problems, "\n".join(page.problems)


@pytest.mark.parametrize("exercise", [2, 6])
def test_the_welfare_tool_answers_exactly_as_the_python_tool(opened, exercises, exercise):
    page = opened[exercise]
    cases = welfare_grid()
    expected = [welfare_python(values) for values in cases]
    assert any(answer["notes"] for answer in expected) and any("error" in answer for answer in expected)
    mismatches = []
    for values, wanted in zip(cases, expected):
        shown = welfare_page(page, values)
        if shown != wanted:
            mismatches.append(f"indata {values}\n  Python: {wanted}\n  sidan:  {shown}")
    assert not mismatches, f"{len(mismatches)} svar skiljer sig:\n" + "\n".join(mismatches[:5])
    assert not page.problems, "\n".join(page.problems)


READ_PARTICIPATION_FORM = """(tool) => {
    const form = tool.querySelector('form');
    const value = (name) => form.elements.namedItem(name).value;
    return {foretag: value('foretag'), occupied: value('occupied'), target_group: value('target_group'),
            integration_purpose: value('integration_purpose'), sheltered_programme: value('sheltered_programme')};
}"""


def test_picking_an_enterprise_fills_in_what_the_notebook_tool_fills_in(opened, exercises):
    """Each enterprise of the list, picked on the page, gives the form values the notebook tool gets
    from ``_fill_from``, and then the same answer; "Ange själv" keeps what is there."""
    page = opened[2]
    tool = page.locator(PARTICIPATION)
    notebook = ReservedParticipationTool(exercises.enterprises)
    names = list(notebook.inputs["foretag"].options)
    assert tool.locator("select[name=foretag] option").evaluate_all("options => options.map(o => o.value)") == names
    tool_page_answer(page, "reservation-18", {"sheltered_programme": "nej"})  # as the notebook tool has it
    mismatches = []
    for name in names[1:]:
        notebook.inputs["foretag"].value = name
        tool.locator("select[name=foretag]").select_option(name)
        shown = tool.evaluate(READ_PARTICIPATION_FORM)
        wanted = {"foretag": name, **notebook.static_values()}
        answer = tool_page_answer(page, "reservation-18", {})  # presses the button
        if shown != wanted or answer != tool_python_answer("reservation-18", notebook.static_values()):
            mismatches.append(f"{name}\n  Python: {wanted}\n  sidan:  {shown} {answer}")
    assert not mismatches, f"{len(mismatches)} av {len(names) - 1} företag skiljer sig:\n" + "\n".join(mismatches[:5])
    before = tool.evaluate(READ_PARTICIPATION_FORM)
    tool.locator("select[name=foretag]").select_option(MANUAL)
    assert tool.evaluate(READ_PARTICIPATION_FORM) == {**before, "foretag": MANUAL}
    assert not page.problems, "\n".join(page.problems)


def test_the_page_escapes_the_names_in_the_list(browser):
    """A name is data: shown as text, never run as markup, and still filled in."""
    enterprises = generate_enterprises(5, seed=3)
    evil = "<script>window.hacked = 1</script> & \"citat\""
    enterprises.loc[enterprises.index[0], "namn"] = evil
    static_exercises.start_page()
    body = static_exercises.static_twin_html(ReservedParticipationTool(enterprises, enterprise=evil))
    assert evil not in body  # escaped in the list, and in the data no "</" ends the element
    page = browser.new_page()
    page.set_content(standalone(body, "Namn"))
    assert page.evaluate("window.hacked") is None
    tool = page.locator(PARTICIPATION)
    assert tool.locator("select[name=foretag]").input_value() == evil
    other = enterprises["namn"].iloc[1]
    tool.locator("select[name=foretag]").select_option(other)
    tool.locator("select[name=foretag]").select_option(evil)
    row = enterprises.iloc[0]
    assert tool.locator("[name=occupied]").input_value() == str(row["antal_sysselsatta"])
    page.close()


# --- the answer boxes ------------------------------------------------------------------------------------

def question(exercise: int, task: int, exercises: Exercises):
    return getattr(CHECKS[exercise], f"task_{task}_question")(*exercises.arguments(exercise, task))


def python_feedback(exercise: int, task: int, exercises: Exercises, typed: str) -> dict:
    """What ``kontroll.task_N`` says for what the reader typed (read as the box reads it)."""
    answer = static_exercises.read_typed(typed)
    if answer is None:
        feedback = static_exercises.page_feedback(None, typed)
    else:
        feedback = getattr(CHECKS[exercise], f"task_{task}")(answer, *exercises.arguments(exercise, task))
    return {"kind": re.search(r"kurs-svar-(\w+)", feedback.data)[1], "text": visible_text(feedback.data)}


def choice_grid(options: list[str]) -> list[str]:
    return [*options, *(o.upper() for o in options), *(f"  {o.title()}\t" for o in options),
            *(f'"{o}"' for o in options), *(f"”{o}”" for o in options), *(f"'{o}'" for o in options),
            "kanske", "e", "2", "[a]", '"ja', "ja!", "", "   ", "jä"]


def route_grid(asked) -> list[str]:
    options = list(asked.explanations)
    short = [alias for alias, _ in asked.aliases]
    grid = [*options, *short, *(o.upper() for o in options), *(f" {o}. " for o in options),
            *(o.replace(" ", "\u00a0") for o in options), *(o.replace(" ", "  \t") for o in options),
            *(f"“{o}”" for o in options), *(f"{o} .." for o in short), *(f"\u2003{o}\u3000" for o in short),
            *(f"'{o.title()}'" for o in short),
            "19 kap. 25 a §\u202fLOU", "IOP!", ".IOP", "I O P", "İOP", "köp", "reservation", "19 kap 25 §",
            "4 kap.18 §", f"{options[-1]} enligt 17 kap. 1 § LOU", "", " ", "'", '""', "[IOP]"]
    return grid


def set_grid(expected: list[str], others: list[str]) -> list[str]:
    grid = ["", "   ", "[]", "23", "ja", "[", "['A'", ", , ;"]
    if expected:
        grid += [", ".join(expected), "[" + ", ".join(f"'{n}'" for n in expected) + "]",
                 "[" + ", ".join(f'"{n}"' for n in expected) + "]", "; ".join(reversed(expected)),
                 "  " + " ,".join(expected) + "  ", ", ".join(expected[1:]), ", ".join(expected + expected[:1]),
                 ", ".join([expected[0].lower(), *expected[1:]]), "[" + ", ".join(f"‘{n}’" for n in expected) + "]",
                 f"”{expected[0]}”"]
    if others:
        grid += [", ".join(expected + others[:1]), others[0], ", ".join(others[:3])]
    return grid


def answer_grid(exercise: int, task: int, exercises: Exercises) -> list[str]:
    asked = question(exercise, task, exercises)
    if isinstance(asked, iop_choice.RouteQuestion):
        return route_grid(asked)
    if hasattr(asked, "explanations"):
        return choice_grid(list(asked.explanations))
    expected = sorted(asked.expected)
    others = sorted(set(exercises.enterprises["namn"]) - asked.expected)
    return set_grid(expected, others)


def box(page, exercise: int, task: int):
    return page.locator(f'[data-kurs-svarsruta="ovning-{exercise}-uppgift-{task}"]')


def page_feedback(page, exercise: int, task: int, typed: str) -> dict:
    answer_box = box(page, exercise, task)
    answer_box.locator("input[name=svar]").fill(typed)
    answer_box.locator("button[type=submit]").click()
    return answer_box.evaluate(READ_FEEDBACK)


@pytest.mark.parametrize(("exercise", "task"), [(e, t) for e, tasks in TASKS.items() for t in tasks])
def test_answer_box_gives_the_feedback_of_the_check(opened, exercises, exercise, task):
    page = opened[exercise]
    grid = answer_grid(exercise, task, exercises)
    expected = [python_feedback(exercise, task, exercises, typed) for typed in grid]
    kinds = {answer["kind"] for answer in expected}
    assert kinds == {"ratt", "fel", "tomt"}, kinds
    mismatches = []
    for typed, wanted in zip(grid, expected):
        shown = page_feedback(page, exercise, task, typed)
        if shown != wanted:
            mismatches.append(f"svar {typed!r}\n  Python: {wanted}\n  sidan:  {shown}")
    assert not mismatches, f"{len(mismatches)} av {len(grid)} svar skiljer sig:\n" + "\n".join(mismatches[:5])
    assert not page.problems, "\n".join(page.problems)


# --- a wrong answer never gives the right one (no browser) ---------------------------------------------

def shipped() -> Exercises:
    return Exercises({}, None)


def plan_variants(plan: pd.DataFrame) -> list[pd.DataFrame]:
    """Plans whose scenario procurement is right as planned, too long, or not listed (answers a, b, c)."""
    listed = reservable_cpv(plan["cpv_kod"])
    longest = int(parameter("reserverat_kontrakt_max_manader"))
    return [plan, plan[~listed | (plan["avtalstid_manader"] <= longest)], plan[~listed]]


def exercise_2_cases(other_data) -> list[Exercises]:
    cases = [shipped(), Exercises({}, other_data)]
    for variant in plan_variants(cases[0].plan)[1:]:
        case = shipped()
        case.plan = variant
        cases.append(case)
    case = shipped()
    case.enterprises = generate_enterprises(40, seed=4)
    cases.append(case)
    return cases


def wrong_texts(exercise: int, task: int, case: Exercises) -> tuple[object, dict[str, str]]:
    asked = question(exercise, task, case)
    texts = {option: python_feedback(exercise, task, case, option)["text"]
             for option in asked.explanations if option != asked.correct}
    assert all(text.startswith(TEXTS["wrong"]) for text in texts.values())
    return asked, texts


def test_exercise_2_task_1_a_wrong_answer_does_not_give_the_verdict(other_data):
    for case in exercise_2_cases(other_data):
        asked, texts = wrong_texts(2, 1, case)
        for text in texts.values():
            assert asked.explanations[asked.correct] not in text
            assert not re.search(r"får (därför )?(inte )?delta|är (inte )?uppfyllt|uppfyller", text), text
            assert reservation_cases.scenario_enterprise(case.enterprises)["namn"] in text


def test_exercise_2_task_3_a_wrong_answer_does_not_give_the_right_letter(other_data):
    conclusions = {"a": "kan reserveras så som den är planerad", "b": "kortas till högst",
                   "c": "hur avtalet än utformas"}
    seen = set()
    for case in exercise_2_cases(other_data):
        asked, texts = wrong_texts(2, 3, case)
        seen.add(asked.correct)
        for text in texts.values():
            assert asked.explanations[asked.correct] not in text
            assert conclusions[asked.correct] not in text, text
    assert seen == {"a", "b", "c"}


@pytest.mark.parametrize(("exercise", "task"), [(2, 2), (6, 6)])
def test_a_wrong_list_does_not_name_the_missing_ones(other_data, exercise, task):
    for case in (shipped(), Exercises({}, other_data)):
        expected = sorted(question(exercise, task, case).expected)
        if not expected:
            continue
        given = expected[1:] + ["Ett påhittat namn"]
        text = python_feedback(exercise, task, case, ", ".join(given))["text"]
        assert text.startswith(TEXTS["wrong"]) and expected[0] not in text


# The words that name each route, which the feedback on another route must not use.
ROUTE_WORDS = {
    iop_choice.IOP: ("IOP", "idéburet offentligt partnerskap"),
    iop_choice.INTEGRATION: ("4 kap. 18 §",),
    iop_choice.WELFARE: ("19 kap. 25 §",),
    iop_choice.IDEA_BASED: ("19 kap. 25 a §",),
    iop_choice.ORDINARY: ("vanlig upphandling", "sysselsättningskrav"),
}


@pytest.mark.parametrize("task", [1, 2, 3, 4, 5])
def test_exercise_6_a_wrong_route_does_not_name_the_right_one(other_data, task):
    cases = [shipped(), Exercises({}, other_data)]
    generated = shipped()
    generated.enterprises = generate_enterprises(40, seed=4)  # no qualified green-space supplier
    for case in [*cases, generated]:
        asked, texts = wrong_texts(6, task, case)
        for option, text in texts.items():
            assert asked.explanations[asked.correct] not in text
            for word in ROUTE_WORDS[asked.correct]:
                assert word.lower() not in text.lower(), f"uppgift {task}, {option}: {word!r} i {text}"


# --- what the reader sees and does -------------------------------------------------------------------------

def test_the_pages_open_in_a_neutral_state(browser, exercises):
    """Nothing is answered before the reader acts, and the tools are filled in with the scenario."""
    context = browser.new_context()
    opened = {}
    for number, url in exercises.urls.items():
        page = opened[number] = context.new_page()
        record_problems(page, not_local)
        page.goto(url, wait_until="load")
        state = page.evaluate("""() => ({
            regions: Array.from(document.querySelectorAll('.kurs-verktyg-svar, .kurs-verktyg-felruta, '
                + '.kurs-svarsruta-aterkoppling')).map(e => e.textContent),
            answers: Array.from(document.querySelectorAll('[data-kurs-svarsruta] input')).map(e => e.value),
            boxes: Array.from(document.querySelectorAll('[data-kurs-svarsruta]')).map(e => e.dataset.kursSvarsruta),
            tools: Array.from(document.querySelectorAll('section[data-kurs-verktyg]')).map(e => e.dataset.kursVerktyg),
            text: document.body.innerText})""")
        assert state["regions"] and all(text == "" for text in state["regions"]), state["regions"]
        assert state["boxes"] == [f"ovning-{number}-uppgift-{task}" for task in TASKS[number]]
        assert state["tools"] == (["reservation-18", "reservation-19-25"] if number == 2 else ["reservation-19-25"])
        assert all(value == "" for value in state["answers"])
        assert STATIC_NOTE not in state["text"] and TEXTS["empty"] not in state["text"]
        source = (ROOT / f"{PAGES[number]}.md").read_text(encoding="utf-8")
        checked_tasks = {int(n) for n in re.findall(r"^kontroll\.task_(\d+)\(svar", source, re.MULTILINE)}
        assert checked_tasks == set(TASKS[number])  # (a solution may check its own answer too)
    enterprise = reservation_cases.scenario_enterprise(exercises.enterprises)
    participation = opened[2].locator(PARTICIPATION)
    assert participation.evaluate(READ_PARTICIPATION_FORM) == {
        "foretag": enterprise["namn"], "occupied": str(enterprise["antal_sysselsatta"]),
        "target_group": str(enterprise["antal_malgrupp"]), "integration_purpose": enterprise["syfte_integration"],
        "sheltered_programme": "nej"}
    procurement = reservation_cases.scenario_procurement(exercises.plan)
    welfare = opened[2].locator(WELFARE)
    assert welfare.locator("[name=cpv_code]").input_value() == procurement["cpv_kod"]
    assert welfare.locator("[name=contract_months]").input_value() == str(procurement["avtalstid_manader"])
    assert welfare.locator("[name=on_date]").input_value() == procurement["planerad_annonsering"].date().isoformat()
    assert welfare.locator("[name=previous_award]").input_value() == ""
    sport = opened[6].locator(WELFARE)
    assert sport.locator("[name=cpv_code]").input_value() == iop_choice.SPORT_CPV
    assert sport.locator("[name=contract_months]").input_value() == str(iop_choice.SPORT_MONTHS)
    assert sport.locator("[name=on_date]").input_value() == ""  # the reader's day, as CHECK_DATE = None says
    for page in opened.values():
        assert not page.problems, "\n".join(page.problems)
    context.close()


def test_the_keyboard_works(browser, exercises):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(exercises.urls[2], wait_until="load")
    tool = page.locator(PARTICIPATION)
    # Arrow keys in the list pick the next enterprise; Enter in a field asks the tool.
    names = list(ReservedParticipationTool(exercises.enterprises).inputs["foretag"].options)
    tool.locator("select[name=foretag]").select_option(MANUAL)
    tool.locator("select[name=foretag]").focus()
    page.keyboard.press("ArrowDown")
    notebook = ReservedParticipationTool(exercises.enterprises, enterprise=names[1])
    assert tool.evaluate(READ_PARTICIPATION_FORM) == {"foretag": names[1], **notebook.static_values()}
    tool.locator("[name=target_group]").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("0")
    page.keyboard.press("Enter")
    values = {**notebook.static_values(), "target_group": "0"}
    assert tool.evaluate("t => t.querySelector('.kurs-beslut-sammanfattning').textContent") == \
        tool_python_answer("reservation-18", values)["summary"]
    # The welfare tool: Enter in the CPV field, with an unknown code.
    welfare = page.locator(WELFARE)
    welfare.locator("[name=cpv_code]").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(UNKNOWN_CODE)
    page.keyboard.press("Enter")
    assert welfare.evaluate(READ_NOTE) == [unknown_cpv_note(UNKNOWN_CODE)]
    # An answer box: type, press Enter.
    answer = box(page, 2, 1)
    answer.locator("input").focus()
    page.keyboard.type("nej")
    page.keyboard.press("Enter")
    assert answer.evaluate(READ_FEEDBACK) == python_feedback(2, 1, exercises, "nej")
    assert answer.get_by_label("Ditt svar på uppgift 1").count() == 1
    page.goto(exercises.urls[6], wait_until="load")
    answer = box(page, 6, 5)
    answer.locator("input").focus()
    page.keyboard.type("19 kap. 25 a §")
    page.keyboard.press("Enter")
    assert answer.evaluate(READ_FEEDBACK) == python_feedback(6, 5, exercises, "19 kap. 25 a §")
    assert answer.evaluate(READ_FEEDBACK)["kind"] == "ratt"
    context.close()


PROGRESS_STUB = """window.kursFramsteg = {available: true, calls: [], declared: null,
    record: function () { this.calls.push(Array.from(arguments)); return true; },
    declareTasks: function (page, ids) { this.declared = [page, ids]; return true; }};"""


@pytest.mark.parametrize("exercise", [2, 6])
def test_a_checked_answer_is_recorded_in_the_readers_progress(browser, exercises, exercise):
    context = browser.new_context()
    context.add_init_script(PROGRESS_STUB)
    page = context.new_page()
    page.goto(exercises.urls[exercise], wait_until="load")
    ids = [f"ovning-{exercise}-uppgift-{task}" for task in TASKS[exercise]]
    assert page.evaluate("window.kursFramsteg.declared") == [None, ids]
    right = question(exercise, 1, exercises).correct
    page_feedback(page, exercise, 1, right)
    page_feedback(page, exercise, 2, "kanske")
    page_feedback(page, exercise, 3, "")  # nothing typed: nothing recorded
    assert page.evaluate("window.kursFramsteg.calls") == [
        [None, ids[0], {"answered": True, "correct": True, "value": right}],
        [None, ids[1], {"answered": True, "correct": False, "value": "kanske"}],
    ]
    context.close()


def show_everything(page, number: int, long_answer: str = "tre") -> None:
    """Results in the tools (the note on an unknown code too) and feedback in the first and last box."""
    if number == 2:
        page.locator(f"{PARTICIPATION} button[type=submit]").click()
    page.locator(f"{WELFARE} [name=cpv_code]").fill(UNKNOWN_CODE)
    page.locator(f"{WELFARE} button[type=submit]").click()
    page.locator(f"{WELFARE} .kurs-cpv-okand").wait_for()
    page_feedback(page, number, 1, long_answer)
    page_feedback(page, number, TASKS[number][-1], "")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_tools_and_answer_boxes(browser, exercises, color_scheme):
    context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
    for number, url in exercises.urls.items():
        page = context.new_page()
        page.goto(url, wait_until="load")
        show_everything(page, number)
        page.add_script_tag(path=str(AXE_FILE))
        results = page.evaluate("""async () => await axe.run(
            {include: [['[data-kurs-reservation]'], ['[data-kurs-svarsruta]']]}, {resultTypes: ['violations']})""")
        found = [f"{v['impact']} {v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
                 for v in results["violations"]]
        assert not found, f"övning {number}:\n" + "\n".join(found)
        page.close()
    context.close()


PARTS_STICKING_OUT = """(width) => Array.from(document.querySelectorAll('[data-kurs-reservation], [data-kurs-svarsruta]'))
    .flatMap(part => [part, ...part.querySelectorAll('*')])
    .filter(e => e.getBoundingClientRect().width
                 && (e.getBoundingClientRect().right > width + 0.5
                     || (!['INPUT', 'SELECT'].includes(e.tagName) && e.scrollWidth > e.clientWidth + 0.5)))
    .map(e => e.tagName.toLowerCase() + '.' + Array.from(e.classList).join('.') + ' "' + e.textContent.slice(0, 40) + '"')"""


def test_nothing_scrolls_sideways_at_320_px_with_the_results_shown(browser, exercises):
    context = browser.new_context(viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    for number, url in exercises.urls.items():
        page.goto(url, wait_until="load")
        show_everything(page, number, "ett mycket långt svar som inte är något av alternativen alls")
        for task in TASKS[number]:
            page_feedback(page, number, task, "ett mycket långt svar som inte är något av alternativen alls")
        assert page.evaluate(PARTS_STICKING_OUT, WIDTH) == [], f"övning {number}"
        if url.startswith("http"):
            assert scrolls_sideways(page) is None, f"övning {number}: {scrolls_sideways(page)}"
    context.close()


# --- the page's scripts, and the notebook keeps its tools and its message ---------------------------------

def test_each_script_comes_once_and_the_answer_kind_before_the_answer_boxes(other_outputs):
    """The page weight stays low (issue 10: at most 100 KB more per exercise page): verktyg.js comes
    once although a page has two tools or its tool after an answer box."""
    for number, body in other_outputs.items():
        marks = {name: [match.start() for match in re.finditer(re.escape(mark), body)] for name, mark in {
            "verktyg.js": "window.kursVerktyg = {", "ovning_reservation.js": "window.kursOvningReservation = {",
            "ovningar.js": "window.kursOvningar = {"}.items()}
        assert all(len(found) == 1 for found in marks.values()), (number, marks)
        assert marks["verktyg.js"][0] < marks["ovning_reservation.js"][0] < marks["ovningar.js"][0], number
        assert marks["ovning_reservation.js"][0] < body.index("data-kurs-svarsruta="), number


def test_the_notebook_shows_the_widgets_and_the_book_the_static_copies():
    enterprises, plan = load_table("foretag"), load_table("upphandlingsplan")
    for tool, parts in ((ReservedParticipationTool(enterprises), ('data-kurs-reservation="foretag"',
                                                                  'data-kurs-verktyg="reservation-18"')),
                        (WelfareReservationTool(), ('data-kurs-reservation="cpv"', 'data-kurs-verktyg="reservation-19-25"'))):
        bundle = static_exercises.with_static_tool(tool)._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert all(part in bundle["text/html"] for part in parts) and STATIC_NOTE not in bundle["text/html"]
    for cell, task_id, kind in ((reservation_cases.task_2(None, enterprises), "ovning-2-uppgift-2", "set"),
                                (reservation_cases.task_3(None, plan), "ovning-2-uppgift-3", "choice"),
                                (iop_choice.task_3(None), "ovning-6-uppgift-3", "route"),
                                (iop_choice.task_6(None, enterprises), "ovning-6-uppgift-6", "set")):
        assert TEXTS["empty"] in visible_text(cell.data)  # the notebook's message, as before
        bundle = cell._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert f'data-kurs-svarsruta="{task_id}"' in bundle["text/html"]
        assert f'"kind": "{kind}"' in bundle["text/html"]


def test_the_notebook_tools_keep_their_inputs_and_bad_input_is_a_swedish_message():
    tool = ReservedParticipationTool(load_table("foretag"))
    assert list(tool.inputs) == ["foretag", "sysselsatta", "malgrupp", "program", "syfte"]
    tool.inputs["sysselsatta"].value = "tio"
    assert "Kontrollera uppgifterna:" in tool.update() and "tio" in tool.error
    tool = WelfareReservationTool(on_date="2025-06-01")
    tool.inputs["tidigare"].value = "igår"
    tool.update()
    assert tool.error and "igår" in tool.error
    with pytest.raises(CourseDataError, match="finns inte bland valen"):
        ReservedParticipationTool(load_table("foretag"), enterprise="Inget sådant företag")
