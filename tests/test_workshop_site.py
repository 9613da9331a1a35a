"""`make workshop-sidor`: the workshop build served to a room without kernels, over loopback only.

200 simulated participants (benchmarks/workshop_site.py: what a browser with an empty cache fetches
for a page, over kept-alive HTTP/1.1 connections) load the live exercise pages at the same moment;
every one must get every file complete and identical to the build's. A real Chromium checks that
the simulation fetches at least what a browser does, and that the exercise works from this server.
The rest checks the server's promises one by one on a small folder: caching that stays right when
the trainer rebuilds, gzip, Swedish error pages, and Swedish messages instead of a traceback when it
cannot start. Speed is the benchmark's business, not these tests'.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import socket
import subprocess
import sys
import time

import pytest

from conftest import ROOT, record_problems

sys.path.insert(0, str(ROOT / "benchmarks"))
import workshop_site as room_sim  # noqa: E402  (benchmarks/ is not a package)

from upphandlingskurs import workshop_site  # noqa: E402
from upphandlingskurs.network import addresses  # noqa: E402

PARTICIPANTS = 200
# The exercises that run in the page (issue 10); the others are served the same way.
LIVE_EXERCISES = ["exercises/01-kartlagg-sociala-foretag.html", "exercises/04-utforma-sysselsattningskrav.html"]
AXE_FILE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def site(workshop_book):
    server = room_sim.Server(workshop_book)
    try:
        server.wait_ready()
        yield server
    finally:
        returncode = server.stop()
    output = "".join(server.output)
    assert returncode == 0 and "Servern är stoppad." in output, output[-2000:]
    assert "Traceback" not in output and "Fel i servern" not in output, output[-3000:]


@pytest.mark.build
def test_200_participants_at_once_get_every_file_of_the_page_complete_and_correct(site, workshop_book):
    plans = [room_sim.page_plan(workshop_book, page) for page in LIVE_EXERCISES]
    for plan in plans:
        page = room_sim.file_for(workshop_book, plan.page).read_text(encoding="utf-8")
        assert "data-kurs-svarsruta" in page, f"{plan.page} har inga svarsrutor som fungerar på sidan"
        kinds = {url.split("?")[0].rsplit(".", 1)[-1] for url in plan.urls()}
        assert {"html", "css", "js", "svg", "woff2"} <= kinds, kinds  # page, styles, scripts, images, fonts
    room_sim.raise_open_file_limit(PARTICIPANTS * room_sim.CONNECTIONS_PER_PARTICIPANT + 256)

    # Every participant starts at the same moment; half open exercise 1, half exercise 4.
    visits = room_sim.run(room_sim.room("127.0.0.1", site.port, plans, PARTICIPANTS))

    checker = room_sim.Checker(workshop_book)
    problems = [f"deltagare {index + 1}: {problem}" for index, visit in enumerate(visits)
                for problem in checker.visit_problems(visit, plans[index % len(plans)])]
    assert not problems, f"{len(problems)} fel, till exempel:\n" + "\n".join(problems[:20])
    assert len(visits) == PARTICIPANTS and all(visit.seconds is not None for visit in visits)
    for visit in visits:
        assert 1 <= visit.connections <= room_sim.CONNECTIONS_PER_PARTICIPANT, visit.connections
        page = visit.responses[0]
        assert page.headers.get("content-encoding") == "gzip", page.headers  # what the room's network carries
    assert site.process.poll() is None, "servern stannade"


@pytest.mark.build
@pytest.mark.browser
def test_chromium_fetches_no_more_than_a_simulated_participant_and_the_exercise_works(site, workshop_book, browser):
    page_path = LIVE_EXERCISES[1]
    plan = room_sim.page_plan(workshop_book, page_path)
    context = browser.new_context()
    page = context.new_page()
    record_problems(page, lambda url: not url.startswith(site.base) and not url.startswith(("data:", "blob:")))
    fetched = []
    page.on("requestfinished", lambda request: fetched.append(request.url.removeprefix(site.base)))
    page.goto(f"{site.base}/{page_path}", wait_until="load")
    page.wait_for_load_state("networkidle")
    assert fetched and set(fetched) <= set(plan.urls()), sorted(set(fetched) - set(plan.urls()))

    # The exercise runs from this server: an answer typed in the first answer box is checked on Enter.
    answer = page.locator("[data-kurs-svarsruta]").first
    answer.locator("input[name=svar]").fill("12")
    answer.locator("input[name=svar]").press("Enter")
    feedback = answer.locator(".kurs-svarsruta-aterkoppling .kurs-svar")
    feedback.wait_for(state="visible", timeout=5000)
    assert feedback.inner_text().strip()
    assert not page.problems, "\n".join(page.problems)

    # The server's own page for a missing address: Swedish, a way back, nothing for axe to find.
    response = page.goto(f"{site.base}/finns-inte.html")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == "Sidan finns inte"
    page.get_by_role("link", name="Till kursens startsida").click()
    page.wait_for_load_state("load")
    assert page.url == f"{site.base}/"
    page.goto(f"{site.base}/finns-inte.html")
    require_axe()
    page.add_script_tag(path=str(AXE_FILE))
    findings = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                             ".map(v => v.id + ' (' + v.impact + ')')")
    assert findings == []
    context.close()


def require_axe() -> None:
    if not AXE_FILE.exists():
        pytest.fail("axe-core saknas: kör 'npm ci' (make test gör det)")


# --- the server's promises, on a small folder ----------------------------------------------------------

STYLE = "/* stilar */\n" + "".join(f".regel-{n} {{ color: #123456; margin: {n}px; }}\n" for n in range(60))
PAGE = '<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8"><title>Start</title></head>' \
       '<body><main><h1>Åland och Övik</h1></main></body></html>\n'


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("liten-webbplats")
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    (folder / "stil.css").write_text(STYLE, encoding="utf-8")
    (folder / "kapitel").mkdir()
    (folder / "kapitel" / "index.html").write_text(PAGE.replace("Start", "Kapitel"), encoding="utf-8")
    outside = tmp_path_factory.mktemp("utanfor") / "utanfor.html"
    outside.write_text("hemligt, utanför kursen", encoding="utf-8")
    (folder / "kapitel" / "lank.html").symlink_to(outside)
    server = room_sim.Server(folder)
    try:
        server.wait_ready()
        yield server, folder
    finally:
        server.stop()


def get(server, path: str, method: str = "GET", **headers) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_text_goes_out_compressed_to_browsers_that_accept_it_and_as_it_is_to_others(small_site):
    server, folder = small_site
    response, body = get(server, "/stil.css", **{"Accept-Encoding": "gzip, deflate, br"})
    assert response.status == 200 and response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == (folder / "stil.css").read_bytes()
    assert int(response.getheader("Content-Length")) == len(body) < len(STYLE) / 3
    assert response.getheader("Vary") == "Accept-Encoding"
    assert response.getheader("Content-Type") == "text/css; charset=utf-8"
    for refused in ({}, {"Accept-Encoding": "gzip;q=0, br"}):
        response, body = get(server, "/stil.css", **refused)
        assert response.getheader("Content-Encoding") is None and body == (folder / "stil.css").read_bytes()
    # A part of a file (a browser resuming a download) comes from the file itself.
    response, body = get(server, "/stil.css", **{"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
    assert response.status == 206 and body == STYLE.encode()[:10]
    response, body = get(server, "/stil.css", method="HEAD", **{"Accept-Encoding": "gzip"})
    assert response.status == 200 and body == b"" and response.getheader("Content-Encoding") == "gzip"


def test_a_file_rebuilt_during_the_day_is_served_new_at_once(small_site):
    server, folder = small_site
    # A versioned address (as Sphinx writes them) may be kept by the browser; the rest is checked each visit.
    response, _ = get(server, "/stil.css?v=1a2b3c", **{"Accept-Encoding": "gzip"})
    assert response.getheader("Cache-Control") == f"max-age={workshop_site.VERSIONED_MAX_AGE_S}"
    response, _ = get(server, "/", **{"Accept-Encoding": "gzip"})
    assert response.getheader("Cache-Control") == "no-cache"
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"

    response, _ = get(server, "/stil.css", **{"Accept-Encoding": "gzip"})
    etag = response.getheader("ETag")
    response, body = get(server, "/stil.css", **{"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert response.status == 304 and body == b""

    changed = STYLE.replace("#123456", "#654321")  # same size: only the time tells the versions apart
    time.sleep(0.01)
    (folder / "stil.css").write_text(changed, encoding="utf-8")
    try:
        response, body = get(server, "/stil.css", **{"Accept-Encoding": "gzip", "If-None-Match": etag})
        assert response.status == 200 and gzip.decompress(body) == changed.encode()
        assert response.getheader("ETag") != etag
    finally:
        (folder / "stil.css").write_text(STYLE, encoding="utf-8")


def test_folders_open_their_index_page(small_site):
    server, folder = small_site
    response, body = get(server, "/kapitel")
    assert response.status == 301 and response.getheader("Location") == "/kapitel/"
    response, body = get(server, "/kapitel/")
    assert response.status == 200 and body == (folder / "kapitel" / "index.html").read_bytes()


@pytest.mark.parametrize(("method", "path", "status", "title"), [
    ("GET", "/finns-inte.html", 404, "Sidan finns inte"),
    ("GET", "/../../etc/passwd", 403, "Sidan kan inte visas"),
    ("GET", "/kapitel/lank.html", 403, "Sidan kan inte visas"),  # a link that points outside the folder
    ("POST", "/", 405, "Det går inte"),
])
def test_what_is_not_a_page_of_the_course_gets_a_swedish_error_page(small_site, method, path, status, title):
    server, _ = small_site
    response, body = get(server, path, method=method)
    text = body.decode("utf-8")
    assert response.status == status, text
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert '<html lang="sv">' in text and f"<h1>{title}</h1>" in text and 'href="/"' in text
    assert "hemligt" not in text and "root:" not in text and "Traceback" not in text


def test_a_busy_port_stops_the_start_with_a_swedish_message(small_site):
    _, folder = small_site
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "upphandlingskurs.workshop_site", "--host", "127.0.0.1",
                                 "--port", str(port), "--folder", str(folder)],
                                capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"Workshopsidorna kan inte starta. Porten {port} används redan av ett annat "
                                     f"program. Välj en annan port, till exempel make workshop-sidor PORT={port + 1}")
    assert result.stdout == ""


def test_a_folder_with_solutions_or_answer_keys_is_not_served(tmp_path, capsys):
    for marker in ('<div class="solution dropdown admonition">', '<div class="admonition note kurs-facit">'):
        (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
        (tmp_path / "ovning.html").write_text(PAGE.replace("<main>", f"<main>{marker}Svaret är 12.</div>"),
                                              encoding="utf-8")
        assert workshop_site.main(["--host", "127.0.0.1", "--port", "0", "--folder", str(tmp_path)]) == 1
        message = capsys.readouterr().err
        assert "har lösningar eller facit (ovning.html) och är inte ett workshopbygge" in message, message
        assert "make workshop-sidor" in message


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(("arguments", "expected"), [
    (["--folder", "{tmp}/finns-inte"],
     "Det finns inget workshopbygge i {tmp}/finns-inte. Bygg det med make book-workshop"),
    (["--port", "70000"], "Porten 70000 finns inte: en port är ett tal från 1 till 65535."),
    (["--host", "198.51.100.77"], "Adressen 198.51.100.77 tillhör inte den här datorn."),  # a documentation address
])
def test_other_start_problems_get_a_swedish_message_naming_what_is_wrong(tmp_path, capsys, arguments, expected):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    arguments = [argument.replace("{tmp}", str(tmp_path)) for argument in arguments]
    defaults = {"--host": "127.0.0.1", "--port": str(free_port()), "--folder": str(tmp_path)}
    for name, value in defaults.items():
        if name not in arguments:
            arguments += [name, value]
    assert workshop_site.main(arguments) == 1
    message = capsys.readouterr().err
    assert message.startswith("Workshopsidorna kan inte starta. ")
    assert expected.replace("{tmp}", str(tmp_path)) in message, message
    assert "Traceback" not in message


def test_the_start_message_tells_where_participants_connect_and_how_to_stop():
    message = workshop_site.started_message("0.0.0.0", 8867, 31)
    network = [url for url in addresses("0.0.0.0", 8867) if "localhost" not in url]
    assert network, "datorn har en adress i ett nätverk"
    assert "Deltagare i samma nätverk öppnar en av de här adresserna i sin webbläsare:" in message
    for url in network:
        assert f"    {url}\n" in message
    assert "http://localhost:8867/" in message and "Stoppa servern med Ctrl+C" in message
    assert "31 sidor" in message
    local = workshop_site.started_message("127.0.0.1", 8867, 31)
    assert "bara nås från den här datorn" in local and "http://127.0.0.1:8867/" in local


@pytest.mark.parametrize(("header", "accepted"), [
    ("gzip, deflate, br, zstd", True), ("br;q=1.0, gzip;q=0.8", True), ("*", True), ("GZIP", True),
    ("", False), ("br, zstd", False), ("gzip;q=0", False), ("gzip; q=0.0, br", False), ("identity", False),
])
def test_accept_encoding_is_read_as_browsers_mean_it(header, accepted):
    assert workshop_site.accepts_gzip(header) is accepted


def make_dry_run(*variables: str) -> str:
    """The commands `make workshop-sidor` would run (make -n), in the project's folder."""
    result = subprocess.run(["make", "-n", "--no-print-directory", "workshop-sidor", *variables],
                            capture_output=True, text=True, timeout=60, cwd=ROOT,
                            env={key: value for key, value in os.environ.items() if key != "PORT"})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_workshop_sidor_builds_the_workshop_build_then_serves_it():
    commands = make_dry_run().splitlines()
    build = next(index for index, line in enumerate(commands) if "KURS_WORKSHOP=1" in line)
    serve = next(index for index, line in enumerate(commands) if "upphandlingskurs.workshop_site" in line)
    assert build < serve and "--path-output _build/workshop" in commands[build]
    assert re.search(r"--host 0\.0\.0\.0 --port 8867 --folder _build/workshop/_build/html$", commands[serve])
    serve_line = [line for line in make_dry_run("PORT=8870", "HOST=127.0.0.1").splitlines() if "workshop_site" in line]
    assert serve_line and serve_line[0].endswith("--host 127.0.0.1 --port 8870 --folder _build/workshop/_build/html")


def test_the_load_test_check_catches_a_broken_response(tmp_path):
    """What the 200 participants' check would report: each kind of wrong response is caught."""
    (tmp_path / "stil.css").write_text(STYLE, encoding="utf-8")
    checker = room_sim.Checker(tmp_path)
    packed = gzip.compress(STYLE.encode())
    css = {"content-type": "text/css; charset=utf-8", "content-encoding": "gzip", "content-length": str(len(packed))}
    assert checker.problems(room_sim.Response("/stil.css?v=1", 200, css, packed, True)) == []
    assert checker.problems(room_sim.Response("/stil.css?v=1", 200, css, packed, True)) == []  # the same body again
    broken = {
        "status": room_sim.Response("/stil.css", 404, css, packed, True),
        "no length": room_sim.Response("/stil.css", 200, css, b"", False),
        "type": room_sim.Response("/stil.css", 200, {**css, "content-type": "text/plain"}, packed, True),
        "truncated": room_sim.Response("/stil.css", 200, css, packed[:-20], True),
        "content": room_sim.Response("/stil.css", 200, css, gzip.compress(STYLE.encode()[:-1] + b"!"), True),
        "plain content": room_sim.Response("/stil.css", 200, {"content-type": "text/css"}, STYLE.encode()[1:], True),
    }
    for kind, response in broken.items():
        assert checker.problems(response), kind
