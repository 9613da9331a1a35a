"""The built book in a real browser (Debian's Chromium via Playwright), served on localhost:
no console errors or external requests, no English interface text after the scripts have run,
every interactive element reached by Tab with a visible focus, and a self-test answered by
keyboard alone. axe-core runs on every page in tests/test_axe_every_page.py (any impact, desktop
and phone, light and dark); the helpers for it are here."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from conftest import ROOT, record_problems, toc_docnames
from test_book_html import english_strings_in, screen_lines

pytestmark = pytest.mark.browser

AXE_FILE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # pinned in package-lock.json
PAGES = [f"{name}.html" for name in toc_docnames()] + ["search.html", "genindex.html"]
CHAPTER_ONE = "chapters/01-vad-ar-socialt-ansvarsfull-upphandling"


@pytest.fixture
def open_page(browser, book_server):
    """Opens a page of the book and records what went wrong while it loaded."""
    contexts = []

    def _open(path: str, color_scheme: str = "light"):
        context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        record_problems(page, lambda url: url.startswith(("http", "ws")) and not url.startswith(book_server))
        page.goto(f"{book_server}/{path}", wait_until="networkidle")
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors_or_external_requests(open_page, path):
    page = open_page(path)
    assert page.title(), "sidan har en titel"
    assert not page.problems, "\n".join(page.problems)


def axe_findings(page, context: str | None = None) -> list[str]:
    """axe-core's findings of every impact (minor included) on the page as it is now, with every
    rule axe-core runs by default, in the whole document or within ``context`` (a CSS selector):
    "impact rule: help -> the first elements' selectors"."""
    if not AXE_FILE.exists():
        pytest.fail("axe-core saknas: kör 'npm ci' (make test gör det)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_FILE))
    results = page.evaluate(
        "async (context) => await axe.run(context || document, {resultTypes: ['violations']})", context
    )
    return [
        f"{v['impact']} {v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in results["violations"]
    ]


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (the workshop apps)."""
    return [finding for finding in axe_findings(page) if finding.startswith(("serious ", "critical "))]


def test_axe_check_catches_an_inaccessible_page(browser):
    page = browser.new_page()
    page.set_content('<html lang="sv"><head><title>Prov</title></head><body><main>'
                     '<input type="text"><img src="data:,"></main></body></html>')
    found = " ".join(serious_violations(page))
    page.close()
    assert "critical label" in found and "critical image-alt" in found


@pytest.mark.parametrize("path", PAGES)
def test_no_english_interface_text_after_scripts_ran(open_page, path):
    found = english_strings_in(screen_lines(open_page(path)))
    assert not found, "\n".join(found)


def first_question():
    quiz = yaml.safe_load((ROOT / f"{CHAPTER_ONE}.sjalvtest.yml").read_text(encoding="utf-8"))
    return quiz["questions"][0]


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {tag: e.tagName, type: e.type || null, id: e.id, text: e.textContent.trim(),
                           outline: getComputedStyle(e).outlineStyle}; }"""
    )


def test_quiz_is_answered_by_keyboard_alone(open_page):
    page = open_page(f"{CHAPTER_ONE}.html")
    question = first_question()
    right = next(i for i, option in enumerate(question["options"]) if option["correct"])
    wrong = next(i for i, option in enumerate(question["options"]) if not option["correct"])

    # Tab from the top of the page until the first answer option has the focus.
    for _ in range(400):
        page.keyboard.press("Tab")
        if focused(page)["type"] == "radio":
            break
    else:
        pytest.fail("Självtestets svarsalternativ går inte att nå med tabbtangenten")
    assert focused(page)["outline"] != "none", "fokus syns"

    form = page.locator("form.kurs-quiz-fraga").first
    feedback = form.locator(".kurs-quiz-svar")

    # Choose the right answer with the arrow keys, move to the button and press Enter.
    page.keyboard.press("Space")
    for _ in range(right):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    button = focused(page)
    assert button["tag"] == "BUTTON" and button["text"] == "Kontrollera svaret"
    assert button["outline"] != "none", "knappens fokus syns"
    page.keyboard.press("Enter")
    assert feedback.inner_text().startswith("Rätt svar.")
    assert question["options"][right]["feedback"] in feedback.inner_text()
    assert feedback.get_attribute("role") == "status" and feedback.get_attribute("aria-live") == "polite"

    # Go back, choose a wrong answer and use Space on the button.
    page.keyboard.press("Shift+Tab")
    assert focused(page)["type"] == "radio"
    for _ in range(right):
        page.keyboard.press("ArrowUp")
    for _ in range(wrong):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert feedback.inner_text().startswith("Inte rätt.")
    assert question["options"][wrong]["feedback"] in feedback.inner_text()

    # The rest of the self-test, question by question, with the keyboard only: Tab from the
    # last button to the next question's options, the right option with the arrow keys, Enter.
    questions = yaml.safe_load((ROOT / f"{CHAPTER_ONE}.sjalvtest.yml").read_text(encoding="utf-8"))["questions"]
    for number, question in enumerate(questions[1:], start=1):
        page.keyboard.press("Tab")
        assert focused(page)["type"] == "radio", f"fråga {number + 1} nås med tabbtangenten"
        page.keyboard.press("Space")
        for _ in range(next(i for i, option in enumerate(question["options"]) if option["correct"])):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        answer = page.locator("form.kurs-quiz-fraga").nth(number).locator(".kurs-quiz-svar").inner_text()
        assert answer.startswith("Rätt svar."), f"fråga {number + 1}: {answer}"
    assert not page.problems, "\n".join(page.problems)


# Every element a reader can reach with the mouse: links, buttons, form fields and anything with
# a tabindex, in the content and in the theme (sidebars, header buttons), if shown on the page.
MARK_INTERACTIVE = """() => {
    const found = [];
    document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]').forEach((e, i) => {
        if (e.disabled || e.tabIndex < 0 || e.closest('[inert]') || !e.checkVisibility({visibilityProperty: true})) return;
        e.setAttribute('data-kurs-nr', String(i));
        const style = getComputedStyle(e);
        found.push({nr: String(i), tag: e.tagName, type: e.type || '', group: e.name || '',
                    name: (e.getAttribute('aria-label') || e.textContent || e.value || '').trim().slice(0, 60),
                    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`, shadow: style.boxShadow});
    });
    return found;
}"""
FOCUS_NOW = """() => {
    const e = document.activeElement, style = getComputedStyle(e);
    return {nr: e.getAttribute('data-kurs-nr'), tag: e.tagName, outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
            outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth), shadow: style.boxShadow,
            shown: e.checkVisibility({opacityProperty: true, visibilityProperty: true})};
}"""


def visible_focus(unfocused: dict, now: dict) -> bool:
    """A focus indicator the reader can see: an outline that focus adds (or changes), or a
    box-shadow that focus adds, on an element that is shown."""
    outline = now["outlineStyle"] != "none" and now["outlineWidth"] > 0 and now["outline"] != unfocused["outline"]
    shadow = now["shadow"] not in ("none", unfocused["shadow"])
    return now["shown"] and (outline or shadow)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["index.html", f"{CHAPTER_ONE}.html"])
def test_every_interactive_element_is_reached_by_tab_and_shows_focus(open_page, path, color_scheme):
    page = open_page(path, color_scheme)
    elements = {element["nr"]: element for element in page.evaluate(MARK_INTERACTIVE)}
    assert len(elements) > 20, "sidan har länkar och knappar i innehållet och i temat"
    reached = []
    for _ in range(2 * len(elements) + 20):  # Tab through the whole page once, back to the start
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUS_NOW)
        if now["nr"] is not None and now["nr"] in [r["nr"] for r in reached]:
            break
        if now["nr"] is not None:
            reached.append(now)
    reached_numbers = {now["nr"] for now in reached}
    # Only one option of a group of radio buttons is in the tab order; the arrow keys choose.
    radio_groups = {elements[nr]["group"] for nr in reached_numbers if elements[nr]["type"] == "radio"}
    missed = [element for nr, element in elements.items() if nr not in reached_numbers
              and not (element["type"] == "radio" and element["group"] in radio_groups)]
    assert not missed, "nås inte med tabbtangenten: " + "; ".join(f"{e['tag']} {e['name']!r}" for e in missed)
    unseen = [elements[now["nr"]] for now in reached if not visible_focus(elements[now["nr"]], now)]
    assert not unseen, "fokus syns inte: " + "; ".join(f"{e['tag']} {e['name']!r}" for e in unseen)
    assert not page.problems, "\n".join(page.problems)


def test_focus_check_catches_an_element_without_a_focus_indicator(browser):
    page = browser.new_page()
    page.set_content('<html lang="sv"><body><a href="#a" id="a">Synlig</a>'
                     '<button style="outline: none" id="b">Osynlig</button></body></html>')
    elements = {element["name"]: element for element in page.evaluate(MARK_INTERACTIVE)}
    page.keyboard.press("Tab")
    link = page.evaluate(FOCUS_NOW)
    page.keyboard.press("Tab")
    button = page.evaluate(FOCUS_NOW)
    page.close()
    assert visible_focus(elements["Synlig"], link) and not visible_focus(elements["Osynlig"], button)


def test_download_menu_opens_and_is_used_by_keyboard(open_page):
    page = open_page(f"{CHAPTER_ONE}.html")
    toggle = page.locator(".article-header-buttons .dropdown-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    item = page.evaluate(FOCUS_NOW)
    assert item["tag"] == "A" and item["outlineStyle"] != "none", "menyns första val har fokus, och fokus syns"
    assert page.evaluate("() => document.activeElement.textContent.trim()") == ".ipynb"
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.classList.contains('dropdown-toggle')"), "fokus tillbaka på knappen"


def test_quiz_asks_for_an_answer_before_checking(open_page):
    page = open_page(f"{CHAPTER_ONE}.html")
    form = page.locator("form.kurs-quiz-fraga").nth(1)
    form.locator("button").focus()
    page.keyboard.press("Enter")
    assert form.locator(".kurs-quiz-svar").inner_text() == "Välj ett av svarsalternativen först."


# --- the data tables: search, sort and the live region, without a kernel --------------------------

EXERCISE_THREE = "exercises/03-salla-upphandlingsplanen"
PLAN_TOOL_BUTTON = '[data-kurs-ovning-verktyg="plan-screening"] button[type=submit]'
PLAN_CAPTION = "Upphandlingsplanen sållad (påhittad plan)"


def plan_tool_rows() -> pd.DataFrame:
    """The rows of exercise 3's plan table, in the tool's order, from the data file the book uses."""
    from upphandlingskurs import load_table
    from upphandlingskurs.exercises import plan_screening
    from upphandlingskurs.screening import screen_plan, sort_by_priority

    plan = load_table("upphandlingsplan")
    department = plan_screening.scenario_department(plan)
    return sort_by_priority(screen_plan(plan[plan["forvaltning"] == department], sort=False))


def matching(rows: pd.DataFrame, query: str) -> pd.DataFrame:
    """The rows with ``query`` (any case) in one of the columns the table shows."""
    from upphandlingskurs.tools.plan import COLUMNS

    text = rows[list(COLUMNS)].astype(str).apply(lambda column: column.str.lower().str.contains(query, regex=False))
    return rows[text.any(axis=1)]


def narrowing_word(rows: pd.DataFrame) -> str:
    """A word from the descriptions that some but not all rows match (the one most rows match, then
    the first alphabetically), so searching for it narrows the table whichever department the
    scenario picks from the plan in use."""
    import re

    words = {word for text in rows["beskrivning"] for word in re.findall(r"\w{6,}", text.lower())}
    counts = {word: len(matching(rows, word)) for word in words}
    return min((-count, word) for word, count in counts.items() if 0 < count < len(rows))[1]


def data_table(page, caption: str):
    """The table with ``caption`` that the reader sees (not a tool's print example, hidden on screen)."""
    return page.locator("div[data-kurs-tabell]:not(.kurs-verktyg-exempel *)", has=page.locator("caption", has_text=caption))


def shown_column(table, index: int = 0) -> list[str]:
    """The texts of one column in the rows that are shown, top to bottom."""
    return table.evaluate(
        """(box, index) => Array.from(box.querySelectorAll('tbody tr'))
                               .filter(row => !row.hidden)
                               .map(row => row.cells[index].textContent.trim())""",
        index,
    )


def header(table, name: str):
    return table.locator("thead th", has=table.page.get_by_role("button", name=name, exact=True))


def test_data_table_search_narrows_the_rows_and_says_how_many(open_page):
    rows = plan_tool_rows()
    total = len(rows)
    page = open_page(f"{EXERCISE_THREE}.html")
    page.locator(PLAN_TOOL_BUTTON).click()  # the tool opens without a result: its table comes with one
    table = data_table(page, PLAN_CAPTION)
    search = table.get_by_label("Sök i tabellen")
    status = table.get_by_role("status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == f"Visar {total} av {total} rader."

    query = narrowing_word(rows)
    expected = matching(rows, query)
    assert 0 < len(expected) < total, "the query narrows the table"
    search.press_sequentially(query)
    assert shown_column(table) == list(expected["id"])
    assert status.inner_text() == f"Visar {len(expected)} av {total} rader."

    search.fill("finns inte i planen")
    assert shown_column(table) == []
    assert status.inner_text() == "Inga rader matchar sökningen."
    search.fill("")
    assert shown_column(table) == list(rows["id"])
    assert not page.problems, "\n".join(page.problems)


def test_data_table_sorts_by_a_header_with_mouse_and_keyboard(open_page):
    from upphandlingskurs.swedish import swedish_sort_key

    rows = plan_tool_rows()
    page = open_page(f"{EXERCISE_THREE}.html")
    page.locator(PLAN_TOOL_BUTTON).click()  # the tool opens without a result: its table comes with one
    table = data_table(page, PLAN_CAPTION)
    status = table.get_by_role("status")
    value, description = header(table, "Värde (kr)"), header(table, "Upphandling")
    assert value.get_attribute("aria-sort") is None

    # Numbers sort by value, not as text ("900 000" before "1 100 000").
    table.get_by_role("button", name="Värde (kr)", exact=True).click()
    by_value = rows.sort_values("uppskattat_varde_kr", kind="stable")
    assert shown_column(table) == list(by_value["id"])
    assert value.get_attribute("aria-sort") == "ascending"
    assert status.inner_text().endswith("Sorterad efter Värde (kr), stigande.")
    table.get_by_role("button", name="Värde (kr)", exact=True).click()
    assert shown_column(table) == list(rows.sort_values("uppskattat_varde_kr", ascending=False, kind="stable")["id"])
    assert value.get_attribute("aria-sort") == "descending"

    # The keyboard: from the search box, Tab reaches the first header; Enter and Space sort.
    table.get_by_label("Sök i tabellen").focus()
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "BUTTON" and focused(page)["text"] == "Id"
    assert focused(page)["outline"] != "none", "fokus syns"
    table.get_by_role("button", name="Upphandling", exact=True).focus()
    page.keyboard.press("Enter")
    by_text = rows.sort_values("beskrivning", key=lambda column: column.map(swedish_sort_key), kind="stable")
    assert shown_column(table) == list(by_text["id"])
    assert description.get_attribute("aria-sort") == "ascending" and value.get_attribute("aria-sort") is None
    page.keyboard.press("Space")
    by_text = rows.sort_values("beskrivning", key=lambda column: column.map(swedish_sort_key), ascending=False,
                               kind="stable")
    assert shown_column(table) == list(by_text["id"])
    assert description.get_attribute("aria-sort") == "descending"
    assert status.inner_text() == f"Visar {len(rows)} av {len(rows)} rader. Sorterad efter Upphandling, fallande."

    # A search keeps the order.
    query = narrowing_word(rows)
    table.get_by_label("Sök i tabellen").fill(query)
    assert shown_column(table) == list(matching(by_text, query)["id"])
    assert not page.problems, "\n".join(page.problems)


def test_data_table_sorts_swedish_names_with_a_a_o_after_z(open_page):
    from upphandlingskurs import load_table
    from upphandlingskurs.swedish import swedish_sort_key

    municipalities = load_table("kommuner")["kommun"]
    page = open_page(f"{CHAPTER_ONE}.html")
    table = data_table(page, "Dalarnas kommuner efter folkmängd")
    table.get_by_role("button", name="Kommun", exact=True).click()
    shown = shown_column(table)
    assert shown == sorted(municipalities, key=swedish_sort_key)
    first_letters = [name[0].upper() for name in shown]
    after_z = [i for i, letter in enumerate(first_letters) if letter in "ÅÄÖ"]
    assert all(i > j for i in after_z for j, letter in enumerate(first_letters) if letter <= "Z")
    assert not page.problems, "\n".join(page.problems)


def test_copy_button_speaks_swedish(open_page):
    """sphinx-copybutton 0.5.2 has no Swedish; _static/svenska-meddelanden.js adds it to the
    button's tooltip, its icon's name and the message after copying."""
    page = open_page("exercises/01-kartlagg-sociala-foretag.html")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    button = page.locator("button.copybtn").first
    button.wait_for(state="attached")
    texts = lambda: button.evaluate(  # noqa: E731
        "b => [b.getAttribute('data-tooltip'), ...[...b.querySelectorAll('title')].map(t => t.textContent)]"
    )
    assert texts() == ["Kopiera", "Kopiera till urklipp"]
    button.hover()
    button.click()
    after = texts()
    assert after[0] in ("Kopierat!", "Det gick inte att kopiera"), after
    assert not english_strings_in(after) and not english_strings_in(texts())
