"""Shared fixtures: the project's pages, a clean build of the book, and a real browser.

The book is built once per test session, from a clean copy of the project (so no execution
cache or earlier build can hide a problem), with the same command as `make book`.
"""

from __future__ import annotations

import functools
import html
import http.server
import os
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


def build_book(project: Path, workshop: bool = False, builder: str = "html") -> subprocess.CompletedProcess:
    """Build the book in ``project`` exactly as `make book` does (warnings are errors), or as
    `make book-workshop` does: the same build without solutions; or, with builder="singlehtml",
    the whole book on one page as `make pdf` does before it prints."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    env = {key: value for key, value in os.environ.items() if key != "KURS_WORKSHOP"}
    if workshop:
        env["KURS_WORKSHOP"] = "1"
    return subprocess.run(
        [str(jupyter_book), "build", str(project), "--builder", builder, "--warningiserror", "--nitpick", "--keep-going"],
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
