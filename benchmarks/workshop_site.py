"""Benchmark: how long participants wait for an exercise page in `make workshop-sidor`.

    .venv/bin/python benchmarks/workshop_site.py [HTML] [--page exercises/04-utforma-sysselsattningskrav.html]
        [--groups 1 50 200]

Without HTML it first builds the workshop build (`make book-workshop`: no solutions) in a clean
copy of the project; with HTML it serves that folder (for example _build/workshop/_build/html).
Starts the kernel-less workshop server (python -m upphandlingskurs.workshop_site, as the Makefile
does) on 127.0.0.1 and a free port, visits the page once (as the trainer does to try the address;
the server then compresses each file once), then lets 1, 50 and 200 simulated participants load the
same exercise page at the same moment, each as a browser with an empty cache does, and prints for
each group the time until each one had the whole page (median and slowest), how many got every file
complete and correct, the bytes that went over the connection, and the CPU time of the server and
of the simulated participants (they share the machine's cores with it), and the server's memory.
Every request stays on this machine (loopback), so the times are the laptop's share: in a room, the
network adds the time to carry the bytes (printed per participant). On a machine that other programs
keep busy, the server's CPU time is the figure that carries over. Exits with 1 if a participant did
not get every file complete and correct.

A simulated participant does over HTTP/1.1 what Chromium does with the page, without drawing it:
it fetches the page, then, over at most six kept-alive connections (Chromium's limit per server),
every file the page names (stylesheets, scripts, preloads, the icon, images), and when a
stylesheet has arrived what it names in turn (imported stylesheets, and its images and fonts,
WOFF2 only, the format every current browser takes). That is at least what Chromium fetches for the
page (tests/test_workshop_site.py compares). Each response is checked against the file in the
build: status 200, the announced length received in full, the right content type, and the content
(after gzip, which it asks for as browsers do) identical to the file.

tests/test_workshop_site.py uses the same server and participants (``Server``, ``page_plan``,
``room``, ``run``).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import mimetypes
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import psutil

ROOT = Path(__file__).resolve().parents[1]
GROUPS = (1, 50, 200)
DEFAULT_PAGE = "exercises/04-utforma-sysselsattningskrav.html"
CONNECTIONS_PER_PARTICIPANT = 6  # Chromium's limit for one server (HTTP/1.1)
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 20
REQUEST_TIMEOUT_S = 60  # one response; generous, a room of 200 on 2 busy cores queues
ROOM_TIMEOUT_S = 300  # a whole room: bounds the test and the benchmark
USER_AGENT = "kurs-deltagare/1.0 (simulerad)"
ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends
FONT_FORMATS = (".woff2", ".woff", ".ttf", ".otf", ".eot")

mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("application/x-ipynb+json", ".ipynb")


class Server:
    """`python -m upphandlingskurs.workshop_site` on 127.0.0.1 and a free port, in its own process
    group, stopped with SIGINT (what Ctrl+C does) and killed if that does not end it."""

    def __init__(self, folder: Path, host: str = "127.0.0.1", port: int = 0):
        self.output: list[str] = []
        self.port: int | None = None
        self._ready = threading.Event()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "upphandlingskurs.workshop_site", "--host", host, "--port", str(port),
             "--folder", str(folder)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
            # Ctrl+C works as in a terminal even when started where SIGINT is ignored (a background job).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if found and self.port is None:
                self.port = int(found[1])
            if "Ctrl+C" in line:
                self._ready.set()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = START_TIMEOUT_S) -> float:
        """Seconds until the server said where it listens and how to stop it."""
        start = time.monotonic()
        while not self._ready.wait(0.1):
            if self.process.poll() is not None or time.monotonic() - start > timeout:
                raise RuntimeError("Workshopsidorna startade inte:\n" + "".join(self.output))
        return time.monotonic() - start

    def cpu_seconds(self) -> float:
        times = psutil.Process(self.process.pid).cpu_times()
        return times.user + times.system

    def memory_mb(self) -> float:
        return psutil.Process(self.process.pid).memory_info().rss / 2**20

    def connections(self) -> int:
        return len(psutil.Process(self.process.pid).net_connections(kind="tcp"))

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self._reader.join(10)
        return self.process.returncode


# --- what a browser fetches -------------------------------------------------------------------------

@dataclass
class Asset:
    url: str  # as the browser asks for it: path and query
    then: list["Asset"] = field(default_factory=list)  # what it names in turn (a stylesheet's imports, fonts)


@dataclass
class Plan:
    page: str
    assets: list[Asset]

    def urls(self) -> list[str]:
        found = [self.page]

        def walk(assets):
            for asset in assets:
                found.append(asset.url)
                walk(asset.then)
        walk(self.assets)
        return found


def file_for(folder: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path).lstrip("/")
    target = folder / path
    return target / "index.html" if not path or path.endswith("/") else target


HTML_REFERENCES = [
    re.compile(r'<link\b[^>]*\brel="(?:stylesheet|preload|modulepreload|icon|shortcut icon)"[^>]*\bhref="([^"]+)"'),
    re.compile(r'<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|preload|modulepreload|icon|shortcut icon)"'),
    re.compile(r'<script\b[^>]*\bsrc="([^"]+)"'),
    re.compile(r'<img\b[^>]*\bsrc="([^"]+)"'),
]
CSS_REFERENCES = [
    re.compile(r'@import\s+(?:url\()?\s*["\']?([^"\')\s;]+)'),
    re.compile(r'url\(\s*["\']?([^"\')]+?)["\']?\s*\)'),
]


def _local(base: str, reference: str, folder: Path) -> str | None:
    """``reference`` resolved against ``base``, when it is a file of the build (not data:, not elsewhere)."""
    if reference.startswith(("data:", "#", "mailto:", "javascript:")):
        return None
    url = urljoin(base, reference.replace("&amp;", "&"))
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not file_for(folder, url).is_file():
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _css_assets(folder: Path, url: str, seen: set) -> list[Asset]:
    text = file_for(folder, url).read_text(encoding="utf-8", errors="replace")
    assets = []
    for pattern in CSS_REFERENCES:
        for reference in pattern.findall(text):
            local = _local(url, reference, folder)
            if local is None or local in seen:
                continue
            if urlsplit(local).path.endswith(FONT_FORMATS) and not urlsplit(local).path.endswith(".woff2"):
                continue
            seen.add(local)
            asset = Asset(local)
            if urlsplit(local).path.endswith(".css"):
                asset.then = _css_assets(folder, local, seen)
            assets.append(asset)
    return assets


def page_plan(folder: Path, page: str) -> Plan:
    """What a browser with an empty cache fetches for ``page`` (a path in the build, no leading /)."""
    url = "/" + page.lstrip("/")
    html = file_for(folder, url).read_text(encoding="utf-8")
    html = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    seen = {url}
    found: list[tuple[int, str]] = []
    for pattern in HTML_REFERENCES:
        for match in pattern.finditer(html):
            local = _local(url, match[1], folder)
            if local is not None and local not in seen:
                seen.add(local)
                found.append((match.start(), local))
    assets = []
    for _, local in sorted(found):  # in the page's order, as the browser finds them
        asset = Asset(local)
        if urlsplit(local).path.endswith(".css"):
            asset.then = _css_assets(folder, local, seen)
        assets.append(asset)
    return Plan(url, assets)


# --- a participant's browser ------------------------------------------------------------------------

@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    complete: bool


class Browser:
    """One participant's browser: up to six kept-alive HTTP/1.1 connections to the server."""

    def __init__(self, host: str, port: int, connections: int = CONNECTIONS_PER_PARTICIPANT):
        self.host, self.port = host, port
        self._slots = asyncio.Semaphore(connections)
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self._open: list[asyncio.StreamWriter] = []
        self.connections_opened = 0

    async def _connect(self):
        reader, writer = await asyncio.open_connection(self.host, self.port, limit=2**20)
        self._open.append(writer)
        self.connections_opened += 1
        return reader, writer

    async def get(self, url: str) -> Response:
        async with self._slots:
            reused = bool(self._idle)
            connection = self._idle.pop() if reused else await self._connect()
            try:
                response, keep = await asyncio.wait_for(self._exchange(connection, url), REQUEST_TIMEOUT_S)
            except (ConnectionError, asyncio.IncompleteReadError) as error:
                connection[1].close()
                if not reused:
                    raise RuntimeError(f"{url}: anslutningen bröts: {error!r}") from None
                # A kept-alive connection the server had just closed: a browser asks again on a new one.
                connection = await self._connect()
                response, keep = await asyncio.wait_for(self._exchange(connection, url), REQUEST_TIMEOUT_S)
            if keep:
                self._idle.append(connection)
            else:
                connection[1].close()
            return response

    async def _exchange(self, connection, url: str) -> tuple[Response, bool]:
        reader, writer = connection
        writer.write((f"GET {url} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nUser-Agent: {USER_AGENT}\r\n"
                      f"Accept: */*\r\nAccept-Encoding: {ACCEPT_ENCODING}\r\nConnection: keep-alive\r\n\r\n").encode())
        await writer.drain()
        head = (await reader.readuntil(b"\r\n\r\n")).decode("iso-8859-1")
        status_line, *header_lines = head.split("\r\n")
        version, status, *_ = status_line.split(" ", 2)
        headers = {}
        for line in header_lines:
            if line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            length = int(headers["content-length"])
            body = await reader.readexactly(length)
            complete = True
        else:  # the server always says how long a response is; without it, completeness is unknown
            body, complete = b"", int(status) in (204, 304)
        keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close" and complete
        return Response(url, int(status), headers, body, complete), keep

    def close(self) -> None:
        for writer in self._open:
            writer.close()


@dataclass
class Visit:
    """One participant's load of one page: how long it took and every response."""

    seconds: float | None = None
    page_s: float | None = None  # until the page itself had arrived
    responses: list[Response] = field(default_factory=list)
    error: str = ""
    connections: int = 0

    @property
    def bytes(self) -> int:
        return sum(len(response.body) for response in self.responses)


async def load_page(browser: Browser, plan: Plan) -> Visit:
    visit = Visit()
    start = time.monotonic()
    try:
        visit.responses.append(await browser.get(plan.page))
        visit.page_s = time.monotonic() - start

        async def fetch(asset: Asset):
            visit.responses.append(await browser.get(asset.url))
            await asyncio.gather(*[fetch(child) for child in asset.then])  # once the stylesheet is there

        await asyncio.gather(*[fetch(asset) for asset in plan.assets])
        visit.seconds = time.monotonic() - start
    except Exception as error:  # noqa: BLE001 - reported per visit, the room goes on
        visit.error = f"{type(error).__name__}: {error}"
    finally:
        visit.connections = browser.connections_opened
        browser.close()
    return visit


async def room(host: str, port: int, plans: Plan | list[Plan], participants: int) -> list[Visit]:
    """``participants`` browsers load a page at the same moment, participant i the page of
    ``plans[i % len(plans)]``; one visit each, in order."""
    plans = plans if isinstance(plans, list) else [plans]
    return await asyncio.wait_for(asyncio.gather(*[load_page(Browser(host, port), plans[index % len(plans)])
                                                   for index in range(participants)]), ROOM_TIMEOUT_S)


def run(coroutine):
    """``asyncio.run(coroutine)`` in a thread of its own, so that it also works where this thread
    already runs an event loop (Playwright's sync API, in the same pytest process)."""
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="deltagare")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def raise_open_file_limit(needed: int) -> None:
    """Each connection is an open file: 200 participants with six each need more than the usual 1024."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


# --- checking what arrived --------------------------------------------------------------------------

class Checker:
    """Checks responses against the build's files. Each distinct body is compared with its file once
    (decompressed when gzip); every other response must be byte for byte one that was."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._verified: dict[tuple[str, str], set[bytes]] = {}

    def problems(self, response: Response) -> list[str]:
        url = response.url
        if response.status != 200:
            return [f"{url}: status {response.status}"]
        if not response.complete:
            return [f"{url}: svaret sa inte hur långt det var (Content-Length saknas)"]
        path = file_for(self.folder, url)
        expected_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        problems = []
        if content_type != expected_type:
            problems.append(f"{url}: fel innehållstyp {content_type!r}, väntade {expected_type!r}")
        encoding = response.headers.get("content-encoding", "")
        verified = self._verified.setdefault((url.split("?")[0], encoding), set())
        if response.body in verified:
            return problems
        try:
            body = gzip.decompress(response.body) if encoding == "gzip" else response.body
        except (OSError, EOFError) as error:
            return problems + [f"{url}: gzip går inte att packa upp: {error}"]
        if encoding not in ("", "gzip"):
            problems.append(f"{url}: okänd kodning {encoding!r}")
        elif body != path.read_bytes():
            problems.append(f"{url}: innehållet skiljer sig från filen ({len(body)} byte, filen "
                            f"{path.stat().st_size})")
        else:
            verified.add(response.body)
        return problems

    def visit_problems(self, visit: Visit, plan: Plan) -> list[str]:
        if visit.error:
            return [visit.error]
        problems = [problem for response in visit.responses for problem in self.problems(response)]
        fetched = sorted(response.url for response in visit.responses)
        if fetched != sorted(plan.urls()):
            problems.append(f"hämtade {len(fetched)} filer, väntade {len(plan.urls())}")
        return problems


# --- the benchmark ----------------------------------------------------------------------------------

def build_workshop(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import build_book, copy_project

    project = copy_project(folder / "kurs")
    result = build_book(project, workshop=True)
    if result.returncode != 0:
        sys.exit(f"Workshopbygget misslyckades:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return project / "_build" / "html"


def plan_sizes(folder: Path, plan: Plan) -> tuple[int, int]:
    """The plan's bytes as files, and as they go over the connection (gzip where the server uses it)."""
    sys.path.insert(0, str(ROOT))
    from upphandlingskurs.workshop_site import COMPRESS_MAX_BYTES, COMPRESS_MIN_BYTES, COMPRESSIBLE, GZIP_LEVEL

    raw = sent = 0
    for url in plan.urls():
        data = file_for(folder, url).read_bytes()
        raw += len(data)
        kind = mimetypes.guess_type(file_for(folder, url).name)[0] or ""
        if COMPRESSIBLE.match(kind) and COMPRESS_MIN_BYTES <= len(data) <= COMPRESS_MAX_BYTES:
            packed = len(gzip.compress(data, GZIP_LEVEL))
            sent += packed if packed < 0.9 * len(data) else len(data)
        else:
            sent += len(data)
    return raw, sent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("html", nargs="?", type=Path, help="ett byggt workshopbygge (annars byggs ett)")
    parser.add_argument("--page", default=DEFAULT_PAGE, help="sidan som alla öppnar")
    parser.add_argument("--groups", type=int, nargs="+", default=list(GROUPS), help="deltagare samtidigt, per grupp")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server on `kill` too (finally below)
    raise_open_file_limit(max(args.groups) * CONNECTIONS_PER_PARTICIPANT + 256)

    with tempfile.TemporaryDirectory() as temporary:
        folder = args.html.resolve() if args.html else build_workshop(Path(temporary))
        plan = page_plan(folder, args.page)
        raw, sent = plan_sizes(folder, plan)
        checker = Checker(folder)
        print(f"Maskinen: {os.cpu_count()} kärnor, belastning {os.getloadavg()[0]:.1f} (medel 1 min) före start. "
              f"Sidan {args.page}: {len(plan.urls())} filer, {raw / 2**20:.2f} MB, varav {sent / 2**20:.2f} MB går "
              "över nätet (komprimerat).")
        server = Server(folder)
        failed = False
        try:
            ready_s = server.wait_ready()
            # One visit first, as the trainer makes to try the address: the server packs each file once
            # (gzip) and keeps it; the participants then meet the server as it is during a workshop.
            warm_up = run(room("127.0.0.1", server.port, plan, 1))[0]
            print(f"Servern redo efter {ready_s:.1f} s, minne {server.memory_mb():.0f} MB RSS. Ett första besök "
                  f"(utbildaren provar adressen) tog {_s(warm_up.seconds)}: servern packade då varje fil en gång.")
            for size in args.groups:
                load = os.getloadavg()[0]
                cpu_before, own_before = server.cpu_seconds(), _own_cpu()
                start = time.monotonic()
                visits = run(room("127.0.0.1", server.port, plan, size))
                wall = time.monotonic() - start
                cpu, own = server.cpu_seconds() - cpu_before, _own_cpu() - own_before
                problems = [checker.visit_problems(visit, plan) for visit in visits]
                ok = sum(not p for p in problems)
                times = sorted(visit.seconds for visit in visits if visit.seconds is not None)
                pages = sorted(visit.page_s for visit in visits if visit.page_s is not None)
                transferred = sum(visit.bytes for visit in visits)
                print(f"{size:>3} samtidigt: hela sidan hämtad efter median {_s(_median(times))}, längst "
                      f"{_s(times[-1] if times else None)} (själva sidan: median {_s(_median(pages))}); "
                      f"{ok}/{size} fick "
                      f"alla {len(plan.urls())} filer hela och rätt. {transferred / 2**20:.0f} MB över "
                      f"{sum(visit.connections for visit in visits)} anslutningar på {wall:.2f} s. Servern: "
                      f"processortid {cpu:.2f} s, minne {server.memory_mb():.0f} MB; de simulerade deltagarna "
                      f"{own:.2f} s. (Belastning före: {load:.1f})",
                      flush=True)
                for problem in [p for visit_problems in problems for p in visit_problems][:5]:
                    print(f"      fel: {problem}")
                failed = failed or ok < size
            print(f"Över nätet hämtar varje deltagare {sent / 2**20:.2f} MB första gången (sedan bara sidan, "
                  f"cirka {_page_bytes(folder, plan) / 2**10:.0f} KB komprimerad, och det som ändrats).")
            print("Alla fick hela och rätta svar." if not failed else "NÅGON FICK INTE HELA OCH RÄTTA SVAR.")
            return 1 if failed else 0
        finally:
            server.stop()
            output = "".join(server.output)
            if "Traceback" in output or "Fel i servern" in output:
                print("Servern skrev:", output[-3000:], sep="\n")


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _page_bytes(folder: Path, plan: Plan) -> int:
    return len(gzip.compress(file_for(folder, plan.page).read_bytes(), 6))


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _s(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.2f} s"


if __name__ == "__main__":
    sys.exit(main())
