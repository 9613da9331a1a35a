"""`make workshop` in a real browser: the Voilà server started by the same module as the Makefile's
(on 127.0.0.1 and a free port), its landing page, and exercise 4's app driven like a participant
would: no code on the page, a tool's input changed and its button pressed, the kernel's new result
seen, an answer checked (with the button and with Enter). Every input is usable on a 320 px phone.
A reloaded or closed page ends its kernel (Voilà's shutdown request is accepted). No console errors,
no request leaves the machine, no English interface text, and the server stops on Ctrl+C (SIGINT)
with its kernels. The load of a room: tests/test_workshop_load.py."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
import urllib.request

import psutil
import pytest

from conftest import ROOT, record_problems
from test_book_html import english_strings_in
from test_browser import serious_violations

sys.path.insert(0, str(ROOT / "benchmarks"))
import workshop_load as room_sim  # noqa: E402  (benchmarks/ is not a package; it starts the server)
from upphandlingskurs.workshop_app.server import TABLE_CACHE_DIR  # noqa: E402

pytestmark = pytest.mark.browser

START_TIMEOUT_S = 240  # building the apps, binding the port and running every exercise's preheated kernels
APP_TIMEOUT_MS = 120_000  # a page takes a preheated kernel; when none is left, it starts one and runs every cell
KERNEL_REPLY_MS = 30_000  # a button press: one round trip to the kernel
STOP_TIMEOUT_S = 60
# Voilà's own English strings that the course's template replaces (voila/templates/base and lab).
VOILA_ENGLISH = ["Select items to open", "Running ", "Executing ", "Reading ", "Voilà Home",
                 "requires JavaScript", "There was an error", "Please run Voilà", "does not exist"]
CODE_MARKERS = ["kontroll.", "_app.", "import ", "svar = None", "load_table(", "Tool("]


@pytest.fixture(scope="module")
def workshop_server(tmp_path_factory):
    """`make workshop` on 127.0.0.1: yields the base URL; stops the server on teardown (Ctrl+C,
    then a kill of its whole process group if it does not stop in time)."""
    out = tmp_path_factory.mktemp("workshop-appar")
    server = room_sim.Server(out)
    try:
        try:
            server.wait_ready(START_TIMEOUT_S)
        except RuntimeError as error:
            pytest.fail(str(error))
        with urllib.request.urlopen(f"{server.base}/", timeout=30) as response:
            assert response.status == 200
        yield {"base": server.base, "output": server.output, "process": server.process, "server": server, "out": out}
    finally:
        server.stop()


@pytest.fixture
def open_app(browser, workshop_server):
    """Opens a page of the workshop server and records console errors, failed and external requests."""
    base = workshop_server["base"]
    contexts = []

    def _open(path: str, wait_for_app: bool = True):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        local = (base, base.replace("http", "ws", 1), "data:", "blob:")
        record_problems(page, lambda url: not url.startswith(local))
        page.goto(f"{base}{path}", wait_until="domcontentloaded", timeout=APP_TIMEOUT_MS)
        if wait_for_app:
            page.locator("#rendered_cells").wait_for(state="visible", timeout=APP_TIMEOUT_MS)
            page.locator(".widget-button").first.wait_for(state="visible", timeout=APP_TIMEOUT_MS)
        return page

    yield _open
    for context in contexts:
        context.close()


def visible_texts(page) -> list[str]:
    return page.evaluate("""() => {
        const texts = [document.body.innerText, document.title];
        for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
            for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
                if (el.getAttribute(name)) texts.push(el.getAttribute(name));
            }
        }
        return texts;
    }""")


def english_in(page) -> list[str]:
    texts = visible_texts(page)
    found = english_strings_in(texts)
    found += [f"{english!r}" for english in VOILA_ENGLISH for text in texts if english in text]
    return found


def exercise_titles() -> list[str]:
    from upphandlingskurs.workshop_app.server import exercise_sources

    titles = []
    for source in exercise_sources():
        titles.append(re.search(r"^# (.+)$", source.read_text(encoding="utf-8"), re.MULTILINE)[1].strip())
    return titles


def test_the_server_says_in_swedish_where_to_open_it_and_how_to_stop_it(workshop_server):
    output = "".join(workshop_server["output"])
    assert f"{workshop_server['base']}/" in output
    assert "Stoppa servern med Ctrl+C" in output
    assert "Traceback" not in output


def test_the_landing_page_lists_every_exercise_in_swedish(open_app):
    page = open_app("/", wait_for_app=False)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == "sv"
    links = page.locator(".kurs-appar a")
    assert links.all_inner_texts() == exercise_titles()
    assert not english_in(page), english_in(page)
    assert not serious_violations(page)
    assert not page.problems, "\n".join(page.problems)


def test_an_unknown_address_gives_a_swedish_page(open_app):
    page = open_app("/voila/render/finns-inte.ipynb", wait_for_app=False)
    page.wait_for_load_state("networkidle")
    assert "Sidan finns inte" in page.inner_text("body")
    assert not english_in(page), english_in(page)


def app_paths() -> list[str]:
    from upphandlingskurs.workshop_app.server import exercise_sources

    return [f"/voila/render/{source.stem}.ipynb" for source in exercise_sources()]


@pytest.mark.parametrize("path", app_paths())
def test_every_app_opens_without_code_errors_or_english(open_app, path):
    page = open_app(path)
    body = page.inner_text("body")
    assert page.locator(".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .cm-editor, .highlight").count() == 0
    for marker in CODE_MARKERS:
        assert marker not in body, f"kod syns i appen: {marker!r}"
    assert page.locator(".widget-button", has_text="Kontrollera svaret").count() >= 1
    assert page.title() == page.locator("h1").first.inner_text()
    assert not english_in(page), english_in(page)
    assert not serious_violations(page)
    assert not page.problems, "\n".join(page.problems)


def employment_case():
    from upphandlingskurs import load_table
    from upphandlingskurs.exercises import employment_design

    plan = load_table("upphandlingsplan")
    return plan, employment_design.scenario(plan)


def test_exercise_4_app_recomputes_in_the_kernel_and_shows_no_code(open_app):
    from upphandlingskurs.exercises import employment_design
    from upphandlingskurs.rules import size_employment_requirement

    plan, case = employment_case()
    page = open_app("/voila/render/04-utforma-sysselsattningskrav.ipynb")
    body = page.inner_text("body")

    # No code and no solution: Voilà hides the inputs, the app leaves the solutions out.
    assert page.locator(".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .cm-editor, .highlight").count() == 0
    for marker in CODE_MARKERS:
        assert marker not in body, f"kod syns i appen: {marker!r}"
    assert "Multiplicera antalet anställningar" not in body, "lösningen till uppgift 1 syns"
    assert "{glue" not in body and "```" not in body and ":::" not in body, "MyST som inte visas"
    assert case.description in body, "det inlimmade värdet från data syns"

    tool = page.locator(".widget-vbox", has_text="Räkna och skriv villkoret").first
    default = size_employment_requirement(case.contract_months, case.persons, case.months_per_person,
                                          case.example_start_month)
    assert default.reasons[0] in tool.inner_text()

    persons = case.persons + 1
    changed = size_employment_requirement(case.contract_months, persons, case.months_per_person,
                                          case.example_start_month)
    assert changed.reasons[0] != default.reasons[0]
    tool.get_by_label("Antal anställningar").fill(str(persons))
    tool.get_by_role("button", name="Räkna och skriv villkoret").click()
    tool.get_by_text(changed.reasons[0]).wait_for(timeout=KERNEL_REPLY_MS)
    assert changed.summary in tool.inner_text()
    assert default.reasons[0] not in tool.inner_text()

    # Bad input: a Swedish message from the rule, never a traceback.
    tool.get_by_label("Antal anställningar").fill("tre")
    tool.get_by_role("button", name="Räkna och skriv villkoret").click()
    tool.get_by_text("Kontrollera uppgifterna").wait_for(timeout=KERNEL_REPLY_MS)
    assert "Traceback" not in tool.inner_text() and "Error" not in tool.inner_text()

    # An answer, typed as a participant would, checked by the kernel.
    form = page.locator(".widget-vbox", has_text="Kontrollera svaret").first
    form.get_by_label("Ditt svar").fill(str(employment_design.total_months(plan)))
    form.get_by_role("button", name="Kontrollera svaret").click()
    form.locator(".kurs-svar-ratt").wait_for(timeout=KERNEL_REPLY_MS)
    form.get_by_label("Ditt svar").fill("[tjugofyra")
    form.get_by_role("button", name="Kontrollera svaret").click()
    form.get_by_text("Svaret gick inte att läsa").wait_for(timeout=KERNEL_REPLY_MS)

    (ROOT / "_build").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "_build" / "workshop-app-ovning-4.png"))  # to look at after a run
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert not english_in(page), english_in(page)
    assert not serious_violations(page)
    assert not page.problems, "\n".join(page.problems)


def test_the_data_files_offered_for_download_are_served(open_app, workshop_server):
    page = open_app("/voila/render/02-avgor-reservation.ipynb")
    links = page.locator("a[download]")
    assert links.count() >= 2
    from upphandlingskurs.data import DATA_DIR

    for href in links.evaluate_all("links => links.map(link => link.href)"):
        with urllib.request.urlopen(href, timeout=30) as response:
            assert response.status == 200
            assert response.read() == (DATA_DIR / href.rsplit("/", 1)[1]).read_bytes()
    assert not page.problems, "\n".join(page.problems)


def kernel_id_of(page) -> str:
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def wait_until_kernel_ends(workshop_server, kernel_id: str, timeout_s: float = 30) -> bool:
    """Whether the server's kernel ``kernel_id`` ended within ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        running = " ".join(" ".join(kernel.cmdline()) for kernel in workshop_server["server"].kernels())
        if f"kernel-{kernel_id}.json" not in running:
            return True
        time.sleep(0.3)
    return False


def test_enter_in_the_answer_field_checks_the_answer(open_app):
    from upphandlingskurs.exercises import employment_design

    plan, _ = employment_case()
    page = open_app("/voila/render/04-utforma-sysselsattningskrav.ipynb")
    form = page.locator(".widget-vbox", has_text="Kontrollera svaret").first
    field = form.get_by_label("Ditt svar")
    field.fill(str(employment_design.total_months(plan)))
    field.press("Enter")
    form.locator(".kurs-svar-ratt").wait_for(timeout=KERNEL_REPLY_MS)
    field.fill("[tjugofyra")
    field.press("Enter")
    form.get_by_text("Svaret gick inte att läsa").wait_for(timeout=KERNEL_REPLY_MS)
    assert not page.problems, "\n".join(page.problems)


PHONE_WIDTH = 320


@pytest.mark.parametrize("path", app_paths())
def test_every_input_is_as_wide_as_the_page_on_a_320_px_phone(browser, workshop_server, path):
    """Every text field and list in the app takes the page's width, its label above it, and nothing
    sticks out sideways (before: a long label left a field 18 px wide or pushed it off screen)."""
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 640}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{workshop_server['base']}{path}", timeout=APP_TIMEOUT_MS)
        page.locator(".widget-button").first.wait_for(state="visible", timeout=APP_TIMEOUT_MS)
        controls = page.evaluate("""() => {
            const column = document.querySelector('.kurs-app').getBoundingClientRect();
            const padding = parseFloat(getComputedStyle(document.querySelector('.kurs-app')).paddingLeft);
            return {
                column: column.width - 2 * padding,
                scroll: document.documentElement.scrollWidth,
                controls: [...document.querySelectorAll('.widget-inline-hbox:not(.widget-checkbox) > input, '
                                                      + '.widget-inline-hbox > select, .widget-inline-hbox > textarea')]
                    .map(el => {
                        const box = el.getBoundingClientRect();
                        const label = el.parentElement.querySelector('.widget-label');
                        return {label: label ? label.innerText : '', width: box.width, right: box.right,
                                labelBottom: label ? label.getBoundingClientRect().bottom : 0, top: box.top,
                                font: parseFloat(getComputedStyle(el).fontSize)};
                    }),
            };
        }""")
        assert controls["controls"], "inga fält i appen"
        assert controls["scroll"] <= PHONE_WIDTH, f"sidan går att rulla i sidled: {controls['scroll']} px"
        for control in controls["controls"]:
            name = control["label"] or "(utan etikett)"
            assert control["width"] >= 0.9 * controls["column"], f"{name}: {control['width']:.0f} px bred"
            assert control["right"] <= PHONE_WIDTH, f"{name} sticker ut till {control['right']:.0f} px"
            assert control["labelBottom"] <= control["top"] + 1, f"{name}: etiketten står inte ovanför fältet"
            assert control["font"] >= 16, f"{name}: {control['font']} px text (telefonen zoomar in)"
    finally:
        context.close()


def test_a_page_ends_its_kernel_when_it_is_reloaded_or_closed(open_app, workshop_server):
    """Voilà's shutdown request is accepted (it carries the page's _xsrf cookie), so a reload or a
    closed tab leaves no kernel behind; the template's `pagehide` request (phones) works as well."""
    page = open_app("/voila/render/01-kartlagg-sociala-foretag.ipynb")
    first = kernel_id_of(page)
    page.reload(timeout=APP_TIMEOUT_MS)
    page.locator(".widget-button").first.wait_for(state="visible", timeout=APP_TIMEOUT_MS)
    second = kernel_id_of(page)
    assert second != first
    assert wait_until_kernel_ends(workshop_server, first), "kärnan lever kvar när sidan laddats om"

    # A phone: no beforeunload, only pagehide (dispatched here as the browser would).
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: false}))")
    assert wait_until_kernel_ends(workshop_server, second), "pagehide stängde inte kärnan"

    other = open_app("/voila/render/02-avgor-reservation.ipynb")
    third = kernel_id_of(other)
    other.close(run_before_unload=True)
    assert wait_until_kernel_ends(workshop_server, third), "kärnan lever kvar när fliken stängts"
    output = "".join(workshop_server["output"])
    assert "_xsrf" not in output and "403 POST" not in output, output[-3000:]
    assert not page.problems, "\n".join(page.problems)



@pytest.mark.skipif(sys.platform != "linux", reason="kärnorna kopieras bara på Linux")
def test_the_kernels_are_copies_of_the_fork_server_and_the_tables_are_checked_once(workshop_server):
    """upphandlingskurs/kernel_forks.py and table_cache.py in the running workshop."""
    kernels = workshop_server["server"].kernels()
    assert len(kernels) >= 12  # two preheated per exercise
    parents = {kernel.parent().pid for kernel in kernels}
    assert len(parents) == 1
    (parent,) = parents
    assert "upphandlingskurs.kernel_forks" in " ".join(psutil.Process(parent).cmdline())
    assert list((workshop_server["out"] / TABLE_CACHE_DIR).glob("*")), "ingen kontrollerad tabell sparades"


def test_ctrl_c_stops_the_server_and_its_kernels(workshop_server):
    """Runs last in this module (pytest keeps file order): the server gets SIGINT, as from Ctrl+C."""
    process = workshop_server["process"]
    # Its kernels each have a process group of their own (as jupyter_client starts them): the server's
    # group below holds the server and, on Linux, the process that forks the kernels.
    kernels = workshop_server["server"].kernels()
    assert kernels
    process.send_signal(signal.SIGINT)
    process.wait(STOP_TIMEOUT_S)
    assert process.returncode == 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)  # is any process of the server's group still there?
        except ProcessLookupError:
            if not any(kernel.is_running() and kernel.status() != psutil.STATUS_ZOMBIE for kernel in kernels):
                break
        time.sleep(0.2)
    else:
        pytest.fail("en kärna eller serverns förberedelseprocess lever kvar efter att servern stoppades")

