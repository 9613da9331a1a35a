"""`make lab`: JupyterLab shows the pages as the book does. jupyterlab-myst renders their MyST
(boxes, exercises) and folds the solutions."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jupytext
import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import ROOT, require_chromium

JUPYTER = Path(sys.executable).parent / "jupyter"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
PAGE = ROOT / "exercises" / "02-avgor-reservation.md"
RAW_MYST = ("{admonition}", "{exercise}", ":class:")
RENDERED = f"() => !{list(RAW_MYST)!r}.some(raw => document.querySelector('.jp-Notebook').innerText.includes(raw))"
# Which cells are still raw (their place and first words), for the failure message.
STILL_RAW = (
    f"() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map((cell, index) => [index, cell.innerText])"
    f".filter(([, text]) => {list(RAW_MYST)!r}.some(raw => text.includes(raw)))"
    f".map(([index, text]) => index + ': ' + text.slice(0, 80))"
)


def test_jupyterlab_myst_is_installed_and_enabled():
    result = subprocess.run([str(JUPYTER), "labextension", "list"], capture_output=True, text=True, timeout=120)
    listing = ANSI.sub("", result.stdout + result.stderr)
    pinned = re.search(r"^jupyterlab-myst==(\S+)", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.MULTILINE)
    assert pinned, "jupyterlab-myst är fäst i requirements.txt"
    assert re.search(rf"jupyterlab-myst v{re.escape(pinned.group(1))}\s+enabled", listing), listing


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on this machine only, serving the page as JupyterLab opens it (jupytext reads the
    .md file as a notebook), with its settings and workspaces in a temporary folder."""
    nbformat.write(jupytext.read(PAGE), tmp_path / "sida.ipynb")
    port = _free_port()
    server = subprocess.Popen(
        [str(JUPYTER), "lab", "--no-browser", "--allow-root", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={tmp_path}",
         f"--LabApp.user_settings_dir={tmp_path / 'installningar'}",
         f"--LabApp.workspaces_dir={tmp_path / 'arbetsytor'}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/lab", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("JupyterLab startade inte")
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.browser
def test_jupyterlab_renders_the_myst_and_folds_the_solutions(lab, browser):
    require_chromium()
    page = browser.new_page(viewport={"width": 1200, "height": 3000})
    try:
        page.goto(f"{lab}/lab/tree/sida.ipynb")
        # jupyterlab-myst renders a Markdown cell into a .myst element; an exercise gets its own box.
        page.locator(".jp-MarkdownCell .myst .myst-exercise").first.wait_for(timeout=60_000)
        # JupyterLab renders a Markdown cell when it comes into view, and jupyterlab-myst renders the
        # cells one after another: scroll through the page as a reader does, then wait until no raw
        # MyST is left (on a busy machine that takes a while). The assertions below say what is raw.
        cells = page.locator(".jp-Notebook .jp-Cell")
        for index in range(cells.count()):
            cells.nth(index).scroll_into_view_if_needed()
        try:
            page.wait_for_function(RENDERED, timeout=120_000)
        except PlaywrightTimeout:
            pass
        shown = page.locator(".jp-Notebook").inner_text()
        still_raw = page.evaluate(STILL_RAW)
    finally:
        page.close()
    assert "Översikt" in shown and "Lärandemål." in shown, "rutan Översikt visas"
    assert not [raw for raw in RAW_MYST if raw in shown], f"ingen rå MyST; råa celler: {still_raw}"
    assert "Solution to" in shown, "lösningen har en rubrik att fälla ut"
    assert "Ett företag som ligger precis på gränsen för andelskravet" not in shown, "lösningen är hopfälld"
    # A solution that spans cells (solution-start/solution-end): its code cell and the text after it
    # are folded too (jupyter.source_hidden in the page's source). A folded cell shows only the
    # beginning of its first line.
    assert 'verksamhetskravet = foretag["syfte_integration"] == "ja"' not in shown, "lösningens kod är hopfälld"
    assert "Jämför med svaret i uppgift 2 i Övning 1" not in shown, "texten efter lösningens kod är hopfälld"
    assert "Uppgift 3: Kan en tjänst i planen reserveras?" in shown, "nästa uppgift är inte hopfälld"
