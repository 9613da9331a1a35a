"""The reader's progress, kept in the reader's browser only (upphandlingskurs/static/framsteg.js,
_ext/kurs_framsteg.py): a self-test's answers and score survive a reload, the page "Mina
framsteg" lists every chapter and exercise of _toc.yml with what the reader has done, "Rensa mina
framsteg" clears it after a confirmation (by keyboard), and all of it works from a file:// URL.
The page has no accessibility violation of any impact in its content, and no English text."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT, record_problems, toc_docnames
from test_book_html import english_strings_in, parse, screen_lines

pytestmark = pytest.mark.browser

AXE_FILE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHAPTER_ONE = "chapters/01-vad-ar-socialt-ansvarsfull-upphandling"
EXERCISE_ONE = "exercises/01-kartlagg-sociala-foretag"
EXERCISE_TWO = "exercises/02-avgor-reservation"
EXERCISE_THREE = "exercises/03-salla-upphandlingsplanen"
PROGRESS = "referens/mina-framsteg"
STORAGE_KEY = "socialt-ansvarsfull-upphandling:framsteg"


def chapter_one_questions() -> list[dict]:
    return yaml.safe_load((ROOT / f"{CHAPTER_ONE}.sjalvtest.yml").read_text(encoding="utf-8"))["questions"]


def option_index(question: dict, correct: bool) -> int:
    return next(i for i, option in enumerate(question["options"]) if option["correct"] is correct)


@pytest.fixture
def reader(browser, book_server):
    """One reader: a fresh browser profile (its own localStorage), and a function that opens a
    page of the book over HTTP, or from the disk with ``file=True``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    record_problems(page, lambda url: url.startswith(("http", "ws")) and not url.startswith(book_server))

    def _open(path: str, base: str = book_server):
        page.goto(f"{base}/{path}.html", wait_until="load")
        return page

    _open.page = page
    _open.context = context
    yield _open
    context.close()


def expect(locator):
    """Playwright's assertions, which wait for the page (imported here, as conftest.py imports
    Playwright only when a browser test runs)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def answer(page, number: int, option: int) -> None:
    """Choose option ``option`` (0-based) of question ``number`` (0-based) and check it."""
    form = page.locator("form.kurs-quiz-fraga").nth(number)
    form.locator("input[type=radio]").nth(option).check()
    form.get_by_role("button", name="Kontrollera svaret").click()


def feedback(page, number: int) -> str:
    return page.locator("form.kurs-quiz-fraga").nth(number).locator(".kurs-quiz-svar").inner_text()


def score(page) -> str:
    return page.locator(".kurs-quiz-resultat").inner_text()


def status_of(page, docname: str) -> list[str]:
    """The status lines the progress page shows for one page of the book."""
    item = page.locator(f'li[data-kurs-sida="{docname}"]')
    return [line.strip() for line in item.locator(".kurs-framsteg-status:visible").all_inner_texts()]


def answer_first_two(page) -> tuple[int, int]:
    """The right answer to question 1 and a wrong one to question 2; returns the options chosen."""
    questions = chapter_one_questions()
    right, wrong = option_index(questions[0], True), option_index(questions[1], False)
    answer(page, 0, right)
    answer(page, 1, wrong)
    return right, wrong


def test_self_test_answers_and_score_are_kept_after_a_reload(reader):
    questions = chapter_one_questions()
    total = len(questions)
    page = reader(CHAPTER_ONE)
    assert score(page) == "" and not page.locator(".kurs-quiz-resultat").is_visible(), "no score before an answer"
    right, wrong = answer_first_two(page)
    expected_score = f"Resultat: 1 av {total} rätt. Du har svarat på 2 av {total} frågor."
    assert score(page) == expected_score
    result = page.locator(".kurs-quiz-resultat")
    assert result.get_attribute("role") == "status" and result.get_attribute("aria-live") == "polite"

    page.reload(wait_until="load")
    radios = page.locator("form.kurs-quiz-fraga")
    assert radios.nth(0).locator("input[type=radio]").nth(right).is_checked()
    assert radios.nth(1).locator("input[type=radio]").nth(wrong).is_checked()
    assert radios.nth(2).locator("input[type=radio]:checked").count() == 0
    assert feedback(page, 0).startswith("Rätt svar.") and questions[0]["options"][right]["feedback"] in feedback(page, 0)
    assert feedback(page, 1).startswith("Inte rätt.") and questions[1]["options"][wrong]["feedback"] in feedback(page, 1)
    assert feedback(page, 2) == ""
    assert score(page) == expected_score

    # A second try counts: question 2 answered right now.
    answer(page, 1, option_index(questions[1], True))
    assert score(page) == f"Resultat: 2 av {total} rätt. Du har svarat på 2 av {total} frågor."
    page.reload(wait_until="load")
    assert score(page) == f"Resultat: 2 av {total} rätt. Du har svarat på 2 av {total} frågor."
    assert not page.problems, "\n".join(page.problems)


def test_nothing_but_the_one_local_storage_key_and_no_cookie(reader):
    page = reader(CHAPTER_ONE)
    answer_first_two(page)
    keys = set(page.evaluate("() => Object.keys(localStorage)"))
    # Besides the course's one key, only the theme's light or dark mode (pydata-sphinx-theme).
    assert keys - {"theme", "mode"} == {STORAGE_KEY}
    stored = page.evaluate(f"() => JSON.parse(localStorage.getItem({STORAGE_KEY!r}))")
    assert stored["version"] == 1
    quiz = stored["pages"][CHAPTER_ONE]["quiz"]
    assert quiz["questions"] == len(chapter_one_questions())
    assert sorted(answer["correct"] for answer in quiz["answers"].values()) == [False, True]
    assert reader.context.cookies() == []


def test_progress_page_lists_every_chapter_and_exercise_of_the_toc(built_book):
    html = (built_book / f"{PROGRESS}.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li class="kurs-framsteg-sida" data-kurs-sida="([^"]+)"', html)
    pages = [name for name in toc_docnames() if name.startswith(("chapters/", "exercises/"))]
    assert [name for name in listed if name in pages] == pages, "every chapter and exercise, in the TOC's order"
    for name in listed:
        item = re.search(rf'<li class="kurs-framsteg-sida" data-kurs-sida="{re.escape(name)}"[^>]*><a href="([^"]+)">([^<]+)</a>',
                         html)
        assert item and (built_book / PROGRESS).parent.joinpath(item.group(1)).resolve() == (built_book / f"{name}.html").resolve()
        title = (built_book / f"{name}.html").read_text(encoding="utf-8")
        assert f"<h1>{item.group(2)}" in title, f"{name}: the page's own title"
    assert f'data-kurs-sida="{CHAPTER_ONE}" data-kurs-fragor="{len(chapter_one_questions())}"' in html
    assert 'data-kurs-uppgifter="ovning-1-uppgift-1 ovning-1-uppgift-2 ovning-1-uppgift-3"' in html
    assert "Mina framsteg" in parse(built_book / f"{PROGRESS}.html").texts


def test_progress_page_shows_pages_read_scores_and_exercises(reader):
    total = len(chapter_one_questions())
    page = reader(PROGRESS)
    assert status_of(page, CHAPTER_ONE) == ["Sidan: inte öppnad än.", "Självtestet: inte påbörjat."]
    assert status_of(page, EXERCISE_ONE) == ["Sidan: inte öppnad än.", "Övningen: ej påbörjad."]

    page = reader(CHAPTER_ONE)
    answer_first_two(page)
    page = reader(PROGRESS)
    assert status_of(page, CHAPTER_ONE) == ["Sidan: öppnad.", f"Självtestet: 1 av {total} rätt (2 av {total} frågor besvarade)."]
    assert status_of(page, "chapters/02-lagen-mojligheter-och-skyldigheter")[0] == "Sidan: inte öppnad än."

    # Read to the end: the links to the previous and next page have been on screen.
    page = reader(CHAPTER_ONE)
    page.locator(".prev-next-area").scroll_into_view_if_needed()
    page.wait_for_function(
        f"() => (JSON.parse(localStorage.getItem({STORAGE_KEY!r})).pages[{CHAPTER_ONE!r}] || {{}}).read")
    page = reader(PROGRESS)
    assert status_of(page, CHAPTER_ONE)[0] == "Sidan: läst till slutet."

    # An exercise's answer boxes record their tasks through the API. Without a list of the
    # page's checkable tasks (declareTasks), all its {exercise} labels count.
    page = reader(PROGRESS)
    tasks = page.locator(f'li[data-kurs-sida="{EXERCISE_TWO}"]').get_attribute("data-kurs-uppgifter").split()
    assert len(tasks) >= 2
    page.evaluate("([name, tasks]) => { kursFramsteg.record(name, tasks[0], {answered: true, correct: true});"
                  " kursFramsteg.record(name, tasks[1], {answered: true, correct: false}); }", [EXERCISE_TWO, tasks])
    page.reload(wait_until="load")
    assert status_of(page, EXERCISE_TWO) == ["Sidan: inte öppnad än.",
                                             f"Övningen: påbörjad (1 av {len(tasks)} uppgifter klara)."]
    page.evaluate("([name, tasks]) => tasks.forEach((task, i) => kursFramsteg.record(name, task,"
                  " {answered: true, correct: i % 2 ? true : null, value: 'Mitt svar'}))", [EXERCISE_TWO, tasks])
    page.reload(wait_until="load")
    assert status_of(page, EXERCISE_TWO)[1] == "Övningen: klar.", "correct: null (cannot be checked) counts as done"
    assert page.evaluate("([name, task]) => kursFramsteg.task(name, task).value", [EXERCISE_TWO, tasks[0]]) == "Mitt svar"

    # A page whose answer boxes cover only some tasks declares them: then those are all it takes.
    page.evaluate(f"() => kursFramsteg.declareTasks({EXERCISE_THREE!r}, ['a'])")
    page.evaluate(f"() => kursFramsteg.record({EXERCISE_THREE!r}, 'a', {{answered: true, correct: true}})")
    page.reload(wait_until="load")
    assert status_of(page, EXERCISE_THREE)[1] == "Övningen: klar."

    # Exercise 1's answer boxes (upphandlingskurs/static/ovningar.js) declare the tasks they check.
    page = reader(EXERCISE_ONE)
    boxes = page.locator("[data-kurs-svarsruta]").count()
    page = reader(PROGRESS)
    assert status_of(page, EXERCISE_ONE) == ["Sidan: öppnad.", "Övningen: ej påbörjad."]
    if boxes:
        assert page.evaluate(f"() => kursFramsteg.page({EXERCISE_ONE!r}).taskIds.length") == boxes
    assert not page.problems, "\n".join(page.problems)


def test_clearing_asks_first_and_works_by_keyboard(reader):
    page = reader(CHAPTER_ONE)
    answer_first_two(page)
    page = reader(PROGRESS)
    button = page.get_by_role("button", name="Rensa mina framsteg")
    dialog = page.locator("dialog.kurs-framsteg-dialog")
    status = page.locator(".kurs-framsteg-besked")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"

    # Open with Enter; the safe choice has the focus; Escape keeps everything.
    button.focus()
    page.keyboard.press("Enter")
    assert dialog.evaluate("d => d.open")
    assert page.get_by_role("dialog", name="Vill du rensa dina framsteg?").is_visible()
    assert page.evaluate("() => document.activeElement.textContent") == "Avbryt"
    page.keyboard.press("Escape")
    expect(status).to_have_text("Ingenting rensades.")  # the dialog's close event comes a moment later
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("() => document.activeElement.textContent") == "Rensa mina framsteg", "focus back on the button"
    assert status_of(page, CHAPTER_ONE)[0] == "Sidan: öppnad."

    # Open with Space, Shift+Tab to "Ja, rensa", Enter.
    page.keyboard.press("Space")
    assert dialog.evaluate("d => d.open")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Ja, rensa"
    page.keyboard.press("Enter")
    expect(status).to_have_text("Dina framsteg är rensade.")
    assert not dialog.evaluate("d => d.open")
    assert status_of(page, CHAPTER_ONE) == ["Sidan: inte öppnad än.", "Självtestet: inte påbörjat."]
    assert page.evaluate("() => document.activeElement.textContent") == "Rensa mina framsteg"

    page = reader(CHAPTER_ONE)
    assert page.locator("form.kurs-quiz-fraga input[type=radio]:checked").count() == 0
    assert score(page) == "" and feedback(page, 0) == ""
    assert not page.problems, "\n".join(page.problems)


def test_works_from_a_file_url(reader, built_book):
    """Opened from the disk (file://): the browser keeps one storage for local files, and it works."""
    base = built_book.as_uri()
    total = len(chapter_one_questions())
    page = reader(CHAPTER_ONE, base)
    answer_first_two(page)
    page.reload(wait_until="load")
    assert score(page) == f"Resultat: 1 av {total} rätt. Du har svarat på 2 av {total} frågor."
    page = reader(PROGRESS, base)
    assert status_of(page, CHAPTER_ONE)[1] == f"Självtestet: 1 av {total} rätt (2 av {total} frågor besvarade)."
    page.get_by_role("button", name="Rensa mina framsteg").click()
    page.get_by_role("button", name="Ja, rensa").click()
    expect(page.locator(".kurs-framsteg-besked")).to_have_text("Dina framsteg är rensade.")
    assert status_of(page, CHAPTER_ONE)[1] == "Självtestet: inte påbörjat."
    assert not page.problems, "\n".join(page.problems)


def all_violations(page, context: str = "html") -> list[str]:
    """axe-core's findings of every impact (minor included) within ``context`` (the whole page)."""
    if not AXE_FILE.exists():
        pytest.fail("axe-core saknas: kör 'npm ci' (make test gör det)")
    page.add_script_tag(path=str(AXE_FILE))
    results = page.evaluate("async (context) => await axe.run(context, {resultTypes: ['violations']})", context)
    return [f"{v['impact']} {v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
            for v in results["violations"]]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_progress_page_has_no_accessibility_violation_of_any_impact(browser, book_server, color_scheme):
    """The whole page, the theme's frame included, filled in, and with the confirmation open."""
    context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{book_server}/{CHAPTER_ONE}.html", wait_until="load")
    answer_first_two(page)
    page.goto(f"{book_server}/{PROGRESS}.html", wait_until="load")
    found = all_violations(page)
    page.get_by_role("button", name="Rensa mina framsteg").click()
    found += [f"(rutan öppen) {problem}" for problem in all_violations(page)]
    context.close()
    assert not found, "\n".join(found)


def test_no_english_text_on_the_progress_page_or_in_the_self_test(reader):
    page = reader(CHAPTER_ONE)
    answer_first_two(page)
    texts = [page.locator(".kurs-quiz").inner_text()]
    page = reader(PROGRESS)
    page.get_by_role("button", name="Rensa mina framsteg").click()
    texts.append(page.locator(".kurs-framsteg").text_content())
    found = english_strings_in(screen_lines(page, tuple(texts)))
    assert not found, "\n".join(found)
