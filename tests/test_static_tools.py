"""The static decision tools in a real browser: each tool's answer for a grid of inputs, boundaries and
bad input included, is exactly the Python rule's answer for the same form values (outcome, summary,
reasons, paragraphs and, for the employment requirement, the proposed text; or the Swedish error
message). And every tool works with the keyboard alone, with a visible focus.

The grid is the guard that keeps verktyg.js and the rules in upphandlingskurs/rules/ from drifting
apart (see upphandlingskurs/static_tools.py)."""

from __future__ import annotations

import itertools

import pytest

from upphandlingskurs import static_tools
from upphandlingskurs.errors import CourseDataError

pytestmark = pytest.mark.browser

TOOLS_PAGE = "verktyg/beslutsverktyg.html"
CHAPTER_TOOLS = {
    "chapters/02-lagen-mojligheter-och-skyldigheter.html": ["procedure"],
    "chapters/03-sociala-krav-i-praktiken.html": ["employment"],
    "chapters/04-reserverade-kontrakt.html": ["reservation-18", "reservation-19-25"],
    "chapters/06-ideburet-offentligt-partnerskap.html": ["iop-route"],
}
DAY = "2025-06-01"  # the welfare reservation is judged on this day unless a case says otherwise


# --- the grid --------------------------------------------------------------------------------------

def _reservation_18() -> list[dict]:
    counts = [
        ("1000", "299"), ("1000", "300"),   # 29.9 % and 30 %
        ("10", "3"), ("24", "7"), ("3", "1"), ("7", "2"),
        ("400", "49"), ("400", "51"), ("8", "1"),  # 12.25 % and 12.75 %: halfway, rounded to even
        ("0", "0"), ("-0", "0"),             # nobody occupied
        (" 1 000 ", "300"), ("1\u00a0000", "299"), ("\t10\n", "3"), ("\u200310\u3000", "3"), ("\x1c10\x85", "3"),
        ("1000000", "300000"), ("1000001", "0"), ("99999999999999999999999", "1"),
        ("0", "1"), ("5", "6"),              # the target group larger than everyone occupied
        ("-1", "0"), ("10", "-2"), ("tio", "3"), ("10", "2.5"), ("10", "2,5"), ("", "3"), ("--5", "1"), ("1e3", "1"),
    ]
    variants = [("nej", "ja"), ("nej", "nej"), ("ja", "nej")]  # (sheltered programme, integration purpose)
    return [dict(occupied=o, target_group=t, sheltered_programme=s, integration_purpose=p)
            for (o, t), (s, p) in itertools.product(counts, variants)]


def _reservation_25() -> list[dict]:
    base = dict(cpv_code="92600000-7", purpose_linked="ja", reinvests_profit="ja", participatory="ja",
                contract_months="24", previous_award="", on_date=DAY)
    changes = [
        {},
        {"contract_months": "36"}, {"contract_months": "37"}, {"contract_months": "1"}, {"contract_months": "0"},
        {"contract_months": "-3"}, {"contract_months": "tre"}, {"contract_months": " 3 6 "},
        {"cpv_code": "85000000-9"}, {"cpv_code": "85323000-9"}, {"cpv_code": "85311000-2"}, {"cpv_code": "85400000-1"},
        {"cpv_code": "90910000-9"}, {"cpv_code": "75123000-4"}, {"cpv_code": " 80110000-8 "},
        {"cpv_code": "9260000-7"}, {"cpv_code": "92600000-77"}, {"cpv_code": "abc"}, {"cpv_code": ""},
        {"purpose_linked": "nej"}, {"reinvests_profit": "nej"}, {"participatory": "nej"},
        {"previous_award": "2022-06-01"}, {"previous_award": "2022-06-02"},  # exactly three years, a day less
        {"previous_award": "2025-06-01"}, {"previous_award": "2025-06-02"},  # today, and in the future
        {"previous_award": "1 juni 2022"}, {"previous_award": "2022-02-29"}, {"previous_award": "20220601"},
        {"on_date": "2024-02-29", "previous_award": "2021-02-28"}, {"on_date": "2024-02-29", "previous_award": "2021-03-01"},
        {"on_date": "2025-13-01"}, {"on_date": "idag"},
        {"contract_months": "37", "cpv_code": "90910000-9", "previous_award": "2024-01-01", "reinvests_profit": "nej"},
        {"contract_months": "x", "cpv_code": "fel"},  # the first problem is reported
    ]
    return [{**base, **change} for change in changes]


def _procedure() -> list[dict]:
    cases = []
    kinds = [dict(contract_type="varor och tjänster", annex2="nej", state_authority="nej"),
             dict(contract_type="varor och tjänster", annex2="nej", state_authority="ja"),
             dict(contract_type="byggentreprenad", annex2="nej", state_authority="nej"),
             dict(contract_type="varor och tjänster", annex2="ja", state_authority="nej")]
    values = ["0", "699999", "700000", "700001", "1546202", "2389584", "2389585", "8109449", "8109450",
              "59880178", "59880179", "1 000 000", "1000000000000"]
    for value, kind in itertools.product(values, kinds):
        cases.append(dict(value_kr=value, on_date=DAY, **kind))
    dates = ["2017-06-01", "2019-12-31", "2021-06-01", "2022-01-31", "2022-02-01", "2023-12-31", "2024-01-01",
             "2025-12-31", "2026-01-01", "2026-03-01"]
    for value, day in itertools.product(["615311", "626283", "699999", "700000", "3000000"], dates):
        cases.append(dict(value_kr=value, on_date=day, **kinds[0]))
    cases += [dict(value_kr="9000000", on_date="2026-03-01", **kinds[3]), dict(value_kr="5000", on_date="2026-03-01", **kinds[3])]
    # A date the course's table has no threshold for (2028): decided below the fixed limit, otherwise
    # the missing amount is asked for; with the amount typed in, decided at its boundaries.
    for value, typed, kind in itertools.product(["699999", "700000", "2000000", "2500000", "50000000"],
                                                ["", "2500000", "2 500 001", "700000", "abc", "0", "-3"], kinds):
        cases.append(dict(value_kr=value, on_date="2028-03-01", threshold_kr=typed, **kind))
    # A typed amount is used only when the table lacks one.
    cases += [dict(value_kr="3000000", on_date=DAY, threshold_kr="5000000", **kinds[0]),
              dict(value_kr="3000000", on_date=DAY, threshold_kr="fel", **kinds[0])]
    for value, day in [("-1", DAY), ("abc", DAY), ("7e5", DAY), ("700 000,5", DAY), ("1000000000001", DAY), ("", DAY),
                       ("100", "2025-02-30"), ("100", "idag"), ("100", ""), ("-5", "idag")]:
        cases.append(dict(value_kr=value, on_date=day, **kinds[0]))
    # The form keeps what the previous case typed: every case says what the typed-amount field holds.
    return [{"threshold_kr": "", **case} for case in cases]


def _employment() -> list[dict]:
    base = dict(contract_months="48", persons="2", months_per_person="12", first_start_month="4",
                target_group="personer som har svårt att komma in på arbetsmarknaden")
    changes = [
        {}, {"first_start_month": "6"}, {"first_start_month": "7"}, {"first_start_month": "0"},
        {"persons": "1", "months_per_person": "1"}, {"persons": "3", "months_per_person": "1"},  # 0,75 and 2,25
        {"persons": "5", "months_per_person": "1"}, {"persons": "1", "months_per_person": "2"},
        {"persons": "1", "months_per_person": "10"}, {"persons": "1000", "months_per_person": "240", "contract_months": "240"},
        {"target_group": ""}, {"target_group": "   "}, {"target_group": "unga vuxna som har varit arbetslösa länge"},
        {"contract_months": "240"}, {"contract_months": "241"}, {"contract_months": "0"}, {"persons": "0"},
        {"persons": "1001"}, {"months_per_person": "49"}, {"months_per_person": "0"}, {"first_start_month": "49"},
        {"first_start_month": "48"}, {"first_start_month": "-1"}, {"persons": "två"}, {"contract_months": "4 8"},
        {"months_per_person": "12,5"}, {"first_start_month": ""},
        {"contract_months": "12", "months_per_person": "13", "first_start_month": "20"},
    ]
    return [{**base, **change} for change in changes]


ROUTE_QUESTIONS = ("initiative_from_organisation", "municipality_buys", "market_exists", "both_contribute",
                   "detailed_control", "fits_ordinary_grants")


def _route() -> list[dict]:
    base = dict(aim="alla", qualified_suppliers="nej", listed_25a="nej", cpv_code="", contract_months="")
    cases = [{**base, **dict(zip(ROUTE_QUESTIONS, answers))}
             for answers in itertools.product(("ja", "nej"), repeat=len(ROUTE_QUESTIONS))]
    purchase = dict(base, initiative_from_organisation="nej", municipality_buys="ja", market_exists="ja",
                    both_contribute="nej", detailed_control="ja", fits_ordinary_grants="nej")
    changes = [
        {"aim": "arbetsintegrering", "qualified_suppliers": "ja"}, {"aim": "arbetsintegrering"},
        {"aim": "delaktighet", "cpv_code": "92600000-7", "contract_months": "36"},
        {"aim": "delaktighet", "cpv_code": "92600000-7", "contract_months": "37"},
        {"aim": "delaktighet", "cpv_code": "85323000-9", "contract_months": "24"},
        {"aim": "delaktighet", "cpv_code": "90910000-9", "contract_months": "24"},
        {"aim": "delaktighet", "cpv_code": "9260000-7", "contract_months": "24"},
        {"aim": "delaktighet", "cpv_code": "92600000-7", "contract_months": "tre år"},
        {"aim": "delaktighet", "cpv_code": "", "contract_months": "24"},
        {"aim": "delaktighet", "cpv_code": "92600000-7", "contract_months": "0"},
        {"aim": "ideburna", "listed_25a": "ja", "cpv_code": "fel", "contract_months": "72"},
        {"aim": "ideburna", "cpv_code": "92600000-7", "contract_months": "24"},
        {"aim": "ideburna", "cpv_code": "85000000-9", "contract_months": "72"},
        {"aim": "ideburna", "cpv_code": "85000000-9", "contract_months": "-1"},
        {"aim": "alla", "cpv_code": "fel", "contract_months": "fel"},
    ]
    cases += [{**purchase, **change} for change in changes]
    # Not a purchase, but a market: the course's simplification treats it as one.
    cases.append({**purchase, "municipality_buys": "nej", "aim": "arbetsintegrering", "qualified_suppliers": "ja"})
    return cases


GRIDS = {
    "reservation-18": _reservation_18(),
    "reservation-19-25": _reservation_25(),
    "procedure": _procedure(),
    "employment": _employment(),
    "iop-route": _route(),
}


def test_the_grid_covers_the_boundaries_and_bad_input():
    """The grid itself: the boundaries the course cares about are in it, and so are errors."""
    answers = {tool_id: [python_answer(tool_id, values) for values in cases] for tool_id, cases in GRIDS.items()}
    for tool_id, results in answers.items():
        outcomes = {result.get("outcome") for result in results}
        errors = [result for result in results if "error" in result]
        assert errors, f"{tool_id}: inga felaktiga indata i rutnätet"
        assert len(outcomes - {None}) >= 2, f"{tool_id}: rutnätet ger bara ett utfall"
    reasons_18 = [" ".join(r.get("reasons", ())) for r in answers["reservation-18"]]
    assert any("29,9 procent" in r for r in reasons_18) and any("30,0 procent" in r for r in reasons_18)
    assert any("12,2 procent" in r for r in reasons_18) and any("12,8 procent" in r for r in reasons_18)
    procedure_outcomes = [r.get("outcome") for r in answers["procedure"]]
    assert {"direct_award", "below_threshold", "above_threshold", "annex2", "needs_threshold",
            "needs_figure"} <= set(procedure_outcomes)
    route_outcomes = {r.get("outcome") for r in answers["iop-route"]}
    assert {"iop", "grant", "integration", "welfare", "idea_based", "ordinary"} <= route_outcomes


# --- the Python answer and the page's answer ----------------------------------------------------------

def python_answer(tool_id: str, values: dict) -> dict:
    try:
        decision = static_tools.decide(tool_id, values)
    except CourseDataError as error:
        return {"error": str(error)}
    answer = {"outcome": decision.outcome, "summary": decision.summary, "reasons": list(decision.reasons),
              "paragraphs": static_tools.paragraphs_line(decision)}
    if "requirement_text" in decision.facts:
        answer["requirement_text"] = decision.facts["requirement_text"]
        answer["text_note"] = decision.facts["text_note"]
    return answer


READ_ANSWER = """(tool) => {
    const alert = tool.querySelector('.kurs-verktyg-felruta');
    const message = alert.querySelector('.kurs-fel-text');
    if (message) {
        return {error: message.textContent, role: alert.getAttribute('role'),
                prefix: alert.querySelector('strong').textContent,
                status_empty: tool.querySelector('.kurs-verktyg-svar').textContent === ''};
    }
    const box = tool.querySelector('.kurs-verktyg-svar .kurs-beslut');
    if (!box) { return {nothing: true}; }
    const answer = {
        outcome: box.getAttribute('data-utfall'),
        summary: box.querySelector('.kurs-beslut-sammanfattning').textContent,
        reasons: Array.from(box.querySelectorAll('li')).map(li => li.textContent),
        paragraphs: box.querySelector('.kurs-beslut-lagrum').textContent,
    };
    const text = tool.querySelector('.kurs-villkorstext');
    if (text) {
        answer.requirement_text = text.textContent;
        answer.text_note = tool.querySelector('.kurs-villkorstext-not').textContent;
    }
    return answer;
}"""


SET_VALUES = """([tool, values]) => {
    for (const [name, value] of Object.entries(values)) {
        const inputs = tool.querySelectorAll(`input[name="${name}"]`);
        if (!inputs.length) { throw new Error('inget fält ' + name); }
        for (const input of inputs) {
            if (input.type === 'radio') { input.checked = input.value === value; }
            else { input.value = value; }
            input.dispatchEvent(new Event('input', {bubbles: true}));
        }
        if (inputs[0].type === 'radio' && !tool.querySelector(`input[name="${name}"]:checked`)) {
            throw new Error('inget val ' + value + ' för ' + name);
        }
    }
}"""


def page_answer(page, tool_id: str, values: dict) -> dict:
    """Put the values in the tool's form, press its button and read what the page says. (The keyboard
    test below types into the form; here the grid is large, so the values are set in one step.)"""
    tool = page.locator(f'section[data-kurs-verktyg="{tool_id}"]')
    page.evaluate(SET_VALUES, [tool.element_handle(), values])
    tool.locator("button[type=submit]").click()
    answer = tool.evaluate(READ_ANSWER)
    if "error" in answer:
        # The message is an alert of its own, and no earlier result stays beside it.
        assert answer.pop("role") == "alert" and answer.pop("prefix") == "Kontrollera uppgifterna:"
        assert answer.pop("status_empty")
    return answer


@pytest.fixture(scope="module")
def tools_page(browser, book_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"skriptfel: {error}"))
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.goto(f"{book_server}/{TOOLS_PAGE}", wait_until="networkidle")
    yield page
    context.close()


@pytest.mark.parametrize("tool_id", list(GRIDS))
def test_static_tool_answers_exactly_as_the_python_rule(tools_page, tool_id):
    mismatches = []
    for values in GRIDS[tool_id]:
        expected, shown = python_answer(tool_id, values), page_answer(tools_page, tool_id, values)
        if shown != expected:
            mismatches.append(f"indata {values}\n  Python: {expected}\n  sidan:  {shown}")
    assert not mismatches, f"{len(mismatches)} av {len(GRIDS[tool_id])} svar skiljer sig:\n" + "\n".join(mismatches[:5])
    assert not tools_page.problems, "\n".join(tools_page.problems)


def test_a_failed_field_is_marked_invalid_and_cleared_on_the_next_try(tools_page):
    tool = tools_page.locator('section[data-kurs-verktyg="reservation-18"]')
    page_answer(tools_page, "reservation-18", {"occupied": "tio", "target_group": "3"})
    assert tool.locator('input[name="occupied"]').get_attribute("aria-invalid") == "true"
    assert tool.locator('input[name="target_group"]').get_attribute("aria-invalid") is None
    page_answer(tools_page, "reservation-18", {"occupied": "10", "target_group": "3"})
    assert tool.locator('input[name="occupied"]').get_attribute("aria-invalid") is None
    assert tool.locator(".kurs-verktyg-felruta").inner_text() == ""


@pytest.mark.parametrize(("path", "tool_ids"), list(CHAPTER_TOOLS.items()))
def test_each_tool_works_in_the_chapter_that_teaches_it(browser, book_server, path, tool_ids):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{book_server}/{path}", wait_until="networkidle")
    for tool_id in tool_ids:
        defaults = static_tools.default_values(tool_id)
        assert page_answer(page, tool_id, defaults) == python_answer(tool_id, defaults)
    context.close()


# --- the keyboard ------------------------------------------------------------------------------------

FOCUS_STATE = """() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    return {tag: e.tagName, type: e.type || null, name: e.name || null, value: e.value,
            tool: e.closest('section[data-kurs-verktyg]') ? e.closest('section[data-kurs-verktyg]').dataset.kursVerktyg : null,
            outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor,
            shadow: style.boxShadow};
}"""

UNFOCUSED_STYLE = """(element) => { const style = getComputedStyle(element);
    return {outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor, shadow: style.boxShadow}; }"""


def test_a_tool_is_operated_by_keyboard_alone(browser, book_server):
    """Tab through the procedure tool, type a value, press Enter in the field and Space on the button.
    Every interactive element of the tool is reached by Tab and shows a focus it does not show otherwise."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{book_server}/{TOOLS_PAGE}", wait_until="networkidle")
    tool_id = "procedure"
    tool = page.locator(f'section[data-kurs-verktyg="{tool_id}"]')

    # What Tab should reach in the tool: each text field, one radio button per group (the checked one;
    # arrow keys move within a group) and the button.
    expected = tool.evaluate("""(tool) => Array.from(tool.querySelectorAll('input, button')).filter(e =>
        e.type !== 'radio' || e.checked).map(e => e.name || e.tagName)""")
    unfocused = {}
    for index in range(tool.locator("input, button").count()):
        element = tool.locator("input, button").nth(index)
        key = element.get_attribute("name") or "BUTTON"
        if element.get_attribute("type") != "radio" or element.is_checked():
            unfocused[key] = element.evaluate(UNFOCUSED_STYLE)

    reached = []
    for _ in range(600):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["tool"] == tool_id:
            key = state["name"] or state["tag"]
            if key not in reached:
                reached.append(key)
                shown = (state["outline"], state["shadow"])
                assert shown != (unfocused[key]["outline"], unfocused[key]["shadow"]), f"fokus syns inte på {key}"
                assert not state["outline"].startswith("none") or state["shadow"] != "none", key
        elif reached:
            break
    assert reached == expected, "tabbordningen når inte alla delar av verktyget"

    # Back to the value field: type a value with the keyboard and press Enter.
    for _ in range(len(reached)):
        if page.evaluate(FOCUS_STATE)["name"] == "value_kr":
            break
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUS_STATE)["name"] == "value_kr"
    page.keyboard.press("Control+A")
    page.keyboard.type("650000")
    page.keyboard.press("Enter")
    result = tool.locator(".kurs-verktyg-svar")
    expected_answer = python_answer(tool_id, {**static_tools.default_values(tool_id), "value_kr": "650000"})
    assert expected_answer["summary"] in result.inner_text()
    assert result.get_attribute("role") == "status" and result.get_attribute("aria-live") == "polite"

    # Choose "byggentreprenad" with the arrow keys, then Space on the button.
    while page.evaluate(FOCUS_STATE)["name"] != "contract_type":
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUS_STATE)["value"] == "byggentreprenad"
    while page.evaluate(FOCUS_STATE)["tag"] != "BUTTON":
        page.keyboard.press("Tab")
    page.keyboard.type("x")  # a stray key on the button does nothing
    page.keyboard.press("Space")
    values = {**static_tools.default_values(tool_id), "value_kr": "650000", "contract_type": "byggentreprenad"}
    assert page_answer_read(tool) == python_answer(tool_id, values)

    # Bad input typed by keyboard gives the Swedish alert.
    page.keyboard.press("Shift+Tab")
    while page.evaluate(FOCUS_STATE)["name"] != "value_kr":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("sex miljoner")
    page.keyboard.press("Enter")
    assert tool.locator('[role="alert"]').inner_text() == (
        "Kontrollera uppgifterna: " + python_answer(tool_id, {**values, "value_kr": "sex miljoner"})["error"])
    context.close()


def page_answer_read(tool) -> dict:
    return tool.evaluate(READ_ANSWER)
