"""Shared fixtures: the project's pages, a clean build of the book, and a real browser.

The book is built once per test session, from a clean copy of the project (so no execution
cache or earlier build can hide a problem), with the same command as `make book`.
"""

from __future__ import annotations

import functools
import html
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from upphandlingskurs.chromium import CHROMIUM, CHROMIUM_ARGS
from upphandlingskurs.toc import toc_docnames  # noqa: F401 (the tests import it from here)

ROOT = Path(__file__).resolve().parent.parent
# What a copy of the project for building leaves out: local environments and earlier output.
NOT_COPIED = shutil.ignore_patterns(".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.mo")


def feedback_text(feedback) -> str:
    """The visible text of an answer check's feedback (entities and no-break spaces resolved)."""
    return html.unescape(feedback.data).replace("\u00a0", " ")


def is_right(feedback) -> bool:
    return "kurs-svar-ratt" in feedback.data and "Rätt." in feedback_text(feedback)


def is_wrong(feedback) -> bool:
    return "kurs-svar-fel" in feedback.data and "Inte rätt än." in feedback_text(feedback)


def is_missing(feedback) -> bool:
    from upphandlingskurs.feedback import NO_ANSWER

    return "kurs-svar-tomt" in feedback.data and NO_ANSWER in feedback_text(feedback)


def page_source(docname: str) -> Path:
    for suffix in (".md", ".ipynb"):
        path = ROOT / f"{docname}{suffix}"
        if path.exists():
            return path
    raise FileNotFoundError(f"Sidan {docname} i _toc.yml har ingen källfil")


def copy_project(destination: Path) -> Path:
    shutil.copytree(ROOT, destination, ignore=NOT_COPIED)
    return destination


def book_flags() -> list[str]:
    """The options `make book` builds with: BOOK_FLAGS in the Makefile, where they are defined once."""
    found = re.search(r"^BOOK_FLAGS\s*:=(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)
    if not found:
        raise RuntimeError("Makefile definierar inte BOOK_FLAGS, som testerna bygger boken med")
    return found.group(1).split()


def build_book(project: Path, workshop: bool = False, builder: str = "html") -> subprocess.CompletedProcess:
    """Build the book in ``project`` exactly as `make book` does (the same command and options; the
    pages run in as many processes as _config.yml says), or as `make book-workshop` does: the same build
    without solutions; or, with builder="singlehtml", the whole book on one page as `make pdf`
    does before it prints."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    env = {key: value for key, value in os.environ.items() if key != "KURS_WORKSHOP"}
    if workshop:
        env["KURS_WORKSHOP"] = "1"
    return subprocess.run(
        [str(jupyter_book), "build", str(project), *book_flags(), "--builder", builder],
        capture_output=True,
        text=True,
        cwd=project,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The HTML folder of a clean build of the whole book."""
    project = copy_project(tmp_path_factory.mktemp("bok") / "kurs")
    result = build_book(project)
    if result.returncode != 0:
        pytest.fail(f"Boken gick inte att bygga:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return project / "_build" / "html"


@pytest.fixture(scope="session")
def workshop_book(tmp_path_factory) -> Path:
    """The HTML folder of a clean workshop build (`make book-workshop`: no solutions, no answer keys),
    shared by the tests of the build (test_workshop_build.py) and of serving it (test_workshop_site.py)."""
    project = copy_project(tmp_path_factory.mktemp("workshop") / "kurs")
    result = build_book(project, workshop=True)
    if result.returncode != 0:
        pytest.fail(f"Workshopbygget gick inte att bygga:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return project / "_build" / "html"


@pytest.fixture(scope="session")
def book_server(built_book):
    """A local HTTP server for the built book; yields its base URL."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def other_data(tmp_path_factory) -> Path:
    """A data folder as a trainer might make one: the shipped files, but a different valid
    enterprise list (40 generated) and procurement plan (45 generated), so that nothing the
    exercises show is tuned to the shipped data."""
    from upphandlingskurs.synthetic import generate_enterprises, generate_plan

    folder = tmp_path_factory.mktemp("andra-data")
    for csv in (ROOT / "data").glob("*.csv"):
        shutil.copy(csv, folder / csv.name)
    generate_enterprises(40, seed=7).to_csv(folder / "foretag.csv", index=False)
    generate_plan(45, seed=11).to_csv(folder / "upphandlingsplan.csv", index=False, date_format="%Y-%m-%d")
    return folder


# The smallest data folder the schemas accept for the practice data: one organisation of each type
# (none in cleaning or green spaces, one outside Dalarna), one planned procurement (from a department
# outside the shipped plan's five) and one follow-up contract with one quarter. {cpv} is a code of
# the shipped cpv.csv.
MINIMAL_ENTERPRISES = """namn,kommun,typ,registrerad_ideburen,juridisk_form,branscher,antal_sysselsatta,antal_malgrupp,syfte_integration,aterinvesterar_vinst,delaktighet,erbjuder,tar_emot_praktik,kontakt
Provtvätten ek. för.,Gävle,ASF,nej,ekonomisk förening,tvätt;transport,12,6,ja,ja,ja,Tvätt och transporter,ja,info@provtvatten.example
Provföreningen Hundarna,Orsa,idéburen organisation,ja,ideell förening,hunddagis,0,0,nej,ja,ja,Hunddagis,nej,info@provhundarna.example
Provsnickarna AB,Malung-Sälen,annat socialt företag,nej,aktiebolag,snickeri,5,1,nej,nej,nej,Snickeri,ja,info@provsnickarna.example
"""
MINIMAL_PLAN = """id,beskrivning,cpv_kod,uppskattat_varde_kr,avtalstid_manader,forvaltning,anvands_av_allmanheten,bilaga2_tjanst,planerad_annonsering
UP-001,En upphandling för provändamål,{cpv},1500000,24,Tekniska förvaltningen,ja,nej,2025-05-15
"""
MINIMAL_FOLLOW_UP = """kontrakt_id,leverantor,kontraktsstart,kontraktsslut,atagande_heltidsmanader,kvartal,levererade_heltidsmanader,forsta_anstallning_start,avbrutna_anstallningar
K-2025-01,Provsnickarna AB,2025-04-01,2026-03-31,6,2025-04-01,1.0,2025-05-01,0
"""


@pytest.fixture(scope="session")
def minimal_data(tmp_path_factory) -> Path:
    """A data folder with minimal valid practice data (MINIMAL_*) and the shipped reference tables:
    every exercise must run on it, so no exercise assumes a value the schemas do not guarantee."""
    import csv as csv_module

    folder = tmp_path_factory.mktemp("minsta-data")
    for csv in (ROOT / "data").glob("*.csv"):
        shutil.copy(csv, folder / csv.name)
    with open(ROOT / "data" / "cpv.csv", encoding="utf-8", newline="") as shipped:
        code = next(csv_module.DictReader(shipped))["cpv_kod"]
    (folder / "foretag.csv").write_text(MINIMAL_ENTERPRISES, encoding="utf-8")
    (folder / "upphandlingsplan.csv").write_text(MINIMAL_PLAN.format(cpv=code), encoding="utf-8")
    (folder / "uppfoljning.csv").write_text(MINIMAL_FOLLOW_UP, encoding="utf-8")
    return folder


@pytest.fixture
def plan_period_without_kronor(monkeypatch):
    """The thresholds table as the course has it while no public source is found for the amounts in
    kronor of the shipped plan's period: for that period only the euro amounts (the fixed
    direct-award limit stays). On today's data this changes nothing; it keeps the tests about a
    missing amount meaningful if verified amounts are added to data/troskelvarden.csv."""
    import pandas as pd

    from upphandlingskurs import load_table
    from upphandlingskurs.rules import parameters
    from upphandlingskurs.rules.procedure import DIRECT_AWARD

    table = parameters.thresholds().copy()
    days = load_table("upphandlingsplan")["planerad_annonsering"]
    period = ((table["galler_fran"] <= days.max())
              & (table["galler_till"].isna() | (table["galler_till"] >= days.min()))
              & (table["typ"] != DIRECT_AWARD))
    table.loc[period, "belopp_kr"] = pd.NA
    monkeypatch.setattr(parameters, "thresholds", lambda: table)
    return table


def record_problems(page, is_external) -> None:
    """Collect in ``page.problems`` what goes wrong while a page loads and runs: console errors,
    script errors, failed responses, and requests or websockets for which ``is_external(url)``."""
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"konsolfel: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"skriptfel: {e}"))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status}: {r.url}"))
    page.on("request", lambda r: is_external(r.url) and page.problems.append(f"extern begäran: {r.url}"))
    page.on("websocket", lambda ws: is_external(ws.url) and page.problems.append(f"extern websocket: {ws.url}"))


def require_chromium() -> None:
    """Skip a test that needs Debian's Chromium when it is missing, except in CI, where a
    missing browser is a failure, never a skip."""
    if not CHROMIUM.exists():
        message = "Chromium saknas: installera Debians paket 'chromium' (se .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Never downloads a browser of its own."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
        )
        yield chromium
        chromium.close()
