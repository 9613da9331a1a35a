"""Benchmark: how long participants wait for a usable exercise in `make workshop`.

    .venv/bin/python benchmarks/workshop_load.py [--exercise 04-utforma-sysselsattningskrav] [--pool-size 2]
        [--groups 1 10 30] [--Klass.inställning=värde ...]   (more Voilà settings for the server)

Starts the workshop server on 127.0.0.1 (as `make workshop` does, on a free port), waits until it
says it is ready, then lets 1, 10 and 30 simulated participants open the same exercise at the same
moment, and 10 within 10 seconds, and prints for each group the time until each one had a usable
exercise (median and slowest), the kernels and the memory (of the server and its kernels, see Server.memory) while
they are there and after they have left, and the CPU time it all took (another program's load on
the machine changes the times, hardly the CPU time). Target: the slowest of 10 at the same moment
under 5 s on the project's 2-core machines; exits with 1 if it misses. Every request stays on this
machine (loopback).

A simulated participant does over HTTP and the kernel's websocket what the browser does with an
exercise page, without drawing it:

1. **open**: GET the page (it arrives whole: a preheated kernel has already run the app), the
   page's scripts and styles on a first visit (a browser with an empty cache), connect to the
   page's kernel and load the widgets' state (ipywidgets' ``request_states``, as Voilà's widget
   manager does). The exercise is *usable* when that is done: the controls show and answer.
2. **use**: type an answer in the first *Ditt svar* field and press Enter (the ``submit`` event that
   ipywidgets' text field sends), and wait for the kernel's answer check to show its feedback.
3. **leave**: what the page does when it is closed: the shutdown beacon with the ``_xsrf`` cookie,
   then the websocket closes.

tests/test_workshop_load.py uses the same participants (``Server``, ``Participant``, ``room``, ``run``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psutil
from ipywidgets._version import __control_protocol_version__ as WIDGET_CONTROL_VERSION
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 5.0  # the slowest of 10 participants who open an exercise at the same moment
GROUPS = (1, 10, 30)
# Also measured: a room that opens the exercise as rooms do, within some seconds of each other.
SPREAD_GROUPS = (10,)
SPREAD_S = 10.0
DEFAULT_EXERCISE = "04-utforma-sysselsattningskrav"
START_TIMEOUT_S = 240  # build the apps, start the server and its preheated kernels (12 on 2 cores)
STOP_TIMEOUT_S = 60
REQUEST_TIMEOUT_S = 180  # one page or asset; generous, a full room on 2 cores queues
REPLY_TIMEOUT_S = 120  # a kernel's reply (its widget state, an answer check)
SETTLE_TIMEOUT_S = 120  # after everyone left: replacements started, shut down kernels gone
ANSWER = "24"  # any answer: the check replies to a wrong one as well
WIDGET_CONTROL_TARGET = "jupyter.widget.control"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`python -m upphandlingskurs.workshop_app` on 127.0.0.1 in its own process group, stopped with
    SIGINT (what Ctrl+C does) and, if that does not end it, killed with its kernels."""

    def __init__(self, out: Path, extra_settings: list[str] | None = None, env: dict | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.output: list[str] = []
        self._ready = threading.Event()
        if env is None:
            env = {key: value for key, value in os.environ.items() if key != "UPPHANDLINGSKURS_DATA"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "upphandlingskurs.workshop_app", "--host", "127.0.0.1",
             "--port", str(self.port), "--out", str(out), *(extra_settings or [])],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
            # Ctrl+C works as in a terminal even when started where SIGINT is ignored (a background job).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)
            if "Ctrl+C" in line:
                self._ready.set()

    def wait_ready(self, timeout: float = START_TIMEOUT_S) -> float:
        """Seconds until the server said it is ready (its preheated kernels included)."""
        start = time.monotonic()
        while not self._ready.wait(0.2):
            if self.process.poll() is not None or time.monotonic() - start > timeout:
                raise RuntimeError("Workshopservern startade inte:\n" + "".join(self.output))
        return time.monotonic() - start

    def kernels(self) -> list[psutil.Process]:
        """The server's kernel processes (Voilà starts each as a child of the server)."""
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        found = []
        for child in children:
            try:
                if "ipykernel_launcher" in " ".join(child.cmdline()) and child.status() != psutil.STATUS_ZOMBIE:
                    found.append(child)
            except psutil.NoSuchProcess:
                pass
        return found

    def memory(self) -> dict:
        """Memory of the server (with the process that forks its kernels on Linux) and of its kernels,
        in MB. On Linux the proportional set size (PSS): a page that several processes share counts
        once, divided among them. Kernels forked from one process share most of their pages, so their
        resident sizes (RSS, elsewhere) added together would count the shared pages once per kernel."""
        def size(process):
            try:
                return process.memory_full_info().pss if sys.platform == "linux" else process.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                return 0
        kernels = self.kernels()
        try:
            others = [psutil.Process(self.process.pid), *psutil.Process(self.process.pid).children(recursive=True)]
        except psutil.NoSuchProcess:
            others = []
        kernel_pids = {kernel.pid for kernel in kernels}
        server = sum(size(process) for process in others if process.pid not in kernel_pids)
        kernel_total = sum(size(kernel) for kernel in kernels)
        return {"server_mb": server / 2**20, "kernels_mb": kernel_total / 2**20,
                "total_mb": (server + kernel_total) / 2**20, "kernels": len(kernels)}

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and all its processes (its kernels, and on Linux the
        process that forks them, upphandlingskurs/kernel_forks.py), the ended ones
        included: their time is added to their parent's children's when it waits for them."""
        try:
            server = psutil.Process(self.process.pid)
            processes = [server, *server.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0.0
        total = 0.0
        for process in processes:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue  # ended just now: its time is in its parent's children's from now on (a second's worth, at most)
            total += times.user + times.system + times.children_user + times.children_system
        return total

    def busy_kernels(self) -> int:
        """Kernels using CPU right now (starting, running their app): a short sample of each."""
        kernels = self.kernels()
        for kernel in kernels:
            try:
                kernel.cpu_percent(None)
            except psutil.NoSuchProcess:
                pass
        time.sleep(0.5)
        busy = 0
        for kernel in kernels:
            try:
                busy += kernel.cpu_percent(None) > 5
            except psutil.NoSuchProcess:
                pass
        return busy

    def wait_idle(self, kernels: int, timeout: float = SETTLE_TIMEOUT_S) -> dict:
        """Wait until the server holds exactly ``kernels`` kernels and none of them computes."""
        deadline = time.monotonic() + timeout
        while True:
            memory = self.memory()
            if memory["kernels"] == kernels and self.busy_kernels() == 0:
                return self.memory()
            if time.monotonic() > deadline:
                return memory
            time.sleep(0.5)

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # what Ctrl+C in the terminal does
            try:
                self.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        returncode = self.process.returncode
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # any kernel left behind
        except ProcessLookupError:
            pass
        self._reader.join(10)
        return returncode


def _message(msg_type: str, content: dict, session: str, channel: str = "shell", metadata: dict | None = None) -> str:
    """A Jupyter message for the kernel's websocket (jupyter_server's JSON protocol)."""
    return json.dumps({
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session, "username": "",
                   "date": datetime.now(timezone.utc).isoformat(), "version": "5.3"},
        "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": channel, "buffers": [],
    })


@dataclass
class Visit:
    """One participant's visit to one exercise: what happened and how long it took (seconds)."""

    path: str
    usable_s: float | None = None
    answered_s: float | None = None
    feedback: str = ""
    error: str = ""
    kernel_id: str = ""
    left: bool = False

    @property
    def ok(self) -> bool:
        return not self.error and self.usable_s is not None


@dataclass
class Participant:
    """A browser, over loopback: its own cookies and cache, one exercise page at a time. On its first
    visit it fetches the page's scripts and styles, and ``assets`` (what a real browser fetched
    besides them: ``browser_assets``)."""

    base: str
    assets: list[str] = field(default_factory=list)
    cookies: dict = field(default_factory=dict)
    cached: set = field(default_factory=set)

    def _cookie_header(self) -> dict:
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())} if self.cookies else {}

    def _keep_cookies(self, response) -> None:
        for header in response.headers.get_list("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value

    async def _get(self, client, url: str):
        response = await client.fetch(HTTPRequest(url, headers=self._cookie_header(), request_timeout=REQUEST_TIMEOUT_S,
                                                  connect_timeout=REQUEST_TIMEOUT_S))
        self._keep_cookies(response)
        return response

    async def open(self, client, path: str) -> tuple[Visit, "OpenApp | None"]:
        visit = Visit(path)
        start = time.monotonic()
        try:
            response = await self._get(client, f"{self.base}{path}")
            page = response.body.decode("utf-8")
            config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                          page, re.S)[1])
            visit.kernel_id = config["kernelId"]
            assets = re.findall(r'<script src="(/[^"]+)"', page) + re.findall(r'<link rel="stylesheet"[^>]*href="(/[^"]+)"', page)
            assets += [f"{config['fullLabextensionsUrl']}/{extension['name']}/{extension['load']}"
                       for extension in config.get("federated_extensions", [])]
            new = [asset for asset in dict.fromkeys(assets + self.assets) if asset not in self.cached]
            await asyncio.gather(*[self._get(client, f"{self.base}{asset}") for asset in new])
            self.cached.update(new)
            app = OpenApp(self, visit, page)
            await app.connect()
            visit.usable_s = time.monotonic() - start
            return visit, app
        except Exception as error:  # noqa: BLE001 - reported per visit, the room goes on
            visit.error = f"{type(error).__name__}: {error}"
            return visit, None


class OpenApp:
    """An exercise page with its kernel: the websocket, the widgets' state, the answer forms."""

    def __init__(self, participant: Participant, visit: Visit, page: str):
        self.participant = participant
        self.visit = visit
        self.page = page
        self.session = uuid.uuid4().hex
        self.states: dict[str, dict] = {}
        self.socket = None
        self._waiters: list[tuple[callable, asyncio.Future]] = []
        self._reader = None

    async def connect(self) -> None:
        base = self.participant.base.replace("http", "ws", 1)
        request = HTTPRequest(f"{base}/api/kernels/{self.visit.kernel_id}/channels?session_id={self.session}",
                              headers={**self.participant._cookie_header(), "Origin": self.participant.base},
                              request_timeout=REQUEST_TIMEOUT_S, connect_timeout=REQUEST_TIMEOUT_S)
        self.socket = await websocket_connect(request, max_message_size=64 * 2**20)
        self._reader = asyncio.ensure_future(self._read())
        # As Voilà's widget manager: kernel info, then all widget states over the control comm.
        await self._send_and_wait("kernel_info_request", {}, lambda m: m["msg_type"] == "kernel_info_reply")
        control = uuid.uuid4().hex
        await self.socket.write_message(_message(
            "comm_open", {"comm_id": control, "target_name": WIDGET_CONTROL_TARGET, "data": {}},
            self.session, metadata={"version": WIDGET_CONTROL_VERSION}))
        reply = await self._send_and_wait(
            "comm_msg", {"comm_id": control, "data": {"method": "request_states"}},
            lambda m: m["msg_type"] == "comm_msg" and m["content"].get("data", {}).get("method") == "update_states")
        self.states = reply["content"]["data"]["states"]
        shown = set(re.findall(r'"model_id": "(\w+)"', self.page))
        if not shown:
            raise RuntimeError("sidan visar inga verktyg eller svarsrutor")
        if shown - set(self.states):
            raise RuntimeError(f"kärnan saknar {len(shown - set(self.states))} av sidans verktyg och svarsrutor")
        # Every widget the app displayed is on the page: none referred to by another (a child, a
        # layout, a style), so a tool or an answer form. One missing means its output was lost.
        referred = set(re.findall(r"IPY_MODEL_(\w+)", json.dumps([model["state"] for model in self.states.values()])))
        displayed = {model_id for model_id, model in self.states.items() if model_id not in referred
                     and not model["model_name"].endswith(("LayoutModel", "StyleModel"))}
        if displayed - shown:
            raise RuntimeError(f"{len(displayed - shown)} verktyg eller svarsrutor saknas på sidan")

    async def _read(self) -> None:
        while True:
            raw = await self.socket.read_message()
            if raw is None:
                return
            if isinstance(raw, bytes):
                continue  # messages with binary buffers: none that a participant waits for
            message = json.loads(raw)
            message["msg_type"] = message.get("header", {}).get("msg_type", message.get("msg_type"))
            for waiter in list(self._waiters):
                matches, future = waiter
                if not future.done() and matches(message):
                    future.set_result(message)
                    self._waiters.remove(waiter)

    async def _send_and_wait(self, msg_type: str, content: dict, matches, timeout: float = REPLY_TIMEOUT_S) -> dict:
        future = asyncio.get_running_loop().create_future()
        self._waiters.append((matches, future))
        await self.socket.write_message(_message(msg_type, content, self.session))
        return await asyncio.wait_for(future, timeout)

    def answer_forms(self) -> list[tuple[str, str]]:
        """(text field, feedback) model ids of every answer form: a VBox with a "Ditt svar" field,
        the "Kontrollera svaret" button and the feedback below it."""
        forms = []
        for state in self.states.values():
            if state["model_name"] != "VBoxModel":
                continue
            children = [child.removeprefix("IPY_MODEL_") for child in state["state"].get("children", [])]
            named = [(child, self.states.get(child, {}).get("state", {})) for child in children]
            texts = [child for child, s in named if s.get("description") == "Ditt svar"]
            buttons = [index for index, (_, s) in enumerate(named) if s.get("description") == "Kontrollera svaret"]
            if texts and buttons and buttons[0] + 1 < len(named):
                forms.append((texts[0], named[buttons[0] + 1][0]))
        return forms

    async def answer(self, text: str = ANSWER) -> str:
        """Type ``text`` in the first answer field, press Enter, return the feedback's HTML."""
        forms = self.answer_forms()
        if not forms:
            raise RuntimeError("ingen svarsruta i appen")
        field_id, feedback_id = forms[0]
        start = time.monotonic()
        await self.socket.write_message(_message(
            "comm_msg", {"comm_id": field_id, "data": {"method": "update", "state": {"value": text}, "buffer_paths": []}},
            self.session))
        reply = await self._send_and_wait(
            "comm_msg", {"comm_id": field_id, "data": {"method": "custom", "content": {"event": "submit"}}},
            lambda m: (m["msg_type"] == "comm_msg" and m["content"].get("comm_id") == feedback_id
                       and m["content"].get("data", {}).get("state", {}).get("value")))
        self.visit.answered_s = time.monotonic() - start
        self.visit.feedback = reply["content"]["data"]["state"]["value"]
        return self.visit.feedback

    async def leave(self, client) -> None:
        """Close the page: Voilà's shutdown beacon (a form with the _xsrf cookie's value), then the socket."""
        participant = self.participant
        body = urlencode({"_xsrf": participant.cookies.get("_xsrf", "")})
        response = await client.fetch(HTTPRequest(
            f"{participant.base}/voila/api/shutdown/{self.visit.kernel_id}", method="POST", body=body,
            headers={**participant._cookie_header(), "Origin": participant.base,
                     "Content-Type": "application/x-www-form-urlencoded"},
            request_timeout=REQUEST_TIMEOUT_S), raise_error=False)
        if response.code != 204:
            self.visit.error = f"stängningen avvisades: {response.code} {response.reason}"
        else:
            self.visit.left = True
        self.socket.close()
        if self._reader:
            self._reader.cancel()


def run(coroutine):
    """``asyncio.run(coroutine)`` in a thread of its own, so that it also works where this thread
    already runs an event loop (Playwright's sync API, in the same pytest process as the load test)."""
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


def http_client() -> AsyncHTTPClient:
    # A participant's browser opens a handful of connections at once; 200 lets 30 of them do so.
    return AsyncHTTPClient(force_instance=True, max_clients=200)


async def room(participants: list[Participant], paths: list[str], use: bool = True,
               while_there=None, spread_s: float = 0.0) -> list[Visit]:
    """Every participant opens ``paths[i % len(paths)]`` at the same moment (or, with ``spread_s``,
    one after the other at even intervals over that many seconds) and, once it is usable, answers
    once (``use``). When all are there, ``while_there()`` runs (to measure the server); then they
    all leave. One visit per participant, in order."""
    client = http_client()

    async def visit(index: int, participant: Participant):
        await asyncio.sleep(spread_s * index / max(len(participants), 1))
        visit, app = await participant.open(client, paths[index % len(paths)])
        if app is not None and use:
            try:
                await app.answer()
            except Exception as error:  # noqa: BLE001 - reported per visit
                visit.error = f"svaret kontrollerades inte: {type(error).__name__}: {error}"
        return visit, app

    try:
        opened = await asyncio.gather(*[visit(index, participant) for index, participant in enumerate(participants)])
        if while_there is not None:
            while_there()
        await asyncio.gather(*[app.leave(client) for _, app in opened if app is not None])
        return [visit for visit, _ in opened]
    finally:
        client.close()


def browser_assets(base: str, path: str) -> list[str]:
    """What Chromium fetches from the server to show ``path``, besides the page and its kernel
    (Voilà's script chunks, the widgets' extensions, themes): the static load of a first visit.
    Empty without Debian's Chromium; then participants fetch what the page itself names."""
    sys.path.insert(0, str(ROOT))
    from upphandlingskurs.chromium import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        return []
    from playwright.sync_api import sync_playwright

    fetched: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("requestfinished", lambda request: request.method == "GET" and fetched.append(request.url))
            page.goto(f"{base}{path}", timeout=REQUEST_TIMEOUT_S * 1000)
            page.locator(".widget-button").first.wait_for(state="visible", timeout=REQUEST_TIMEOUT_S * 1000)
            page.wait_for_load_state("networkidle")
            page.close(run_before_unload=True)  # the page's shutdown beacon ends its kernel
        finally:
            browser.close()
    local = [url.removeprefix(base) for url in fetched if url.startswith(base)]
    return [url for url in local if url != path and not url.startswith("/api/")]


def summary(visits: list[Visit]) -> dict:
    usable = sorted(visit.usable_s for visit in visits if visit.usable_s is not None)
    answered = sorted(visit.answered_s for visit in visits if visit.answered_s is not None)
    return {
        "participants": len(visits),
        "ok": sum(visit.ok for visit in visits),
        "usable_median_s": statistics.median(usable) if usable else None,
        "usable_max_s": usable[-1] if usable else None,
        "answer_median_s": statistics.median(answered) if answered else None,
        "errors": [visit.error for visit in visits if visit.error][:5],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--exercise", default=DEFAULT_EXERCISE, help="the exercise everyone opens")
    parser.add_argument("--pool-size", type=int, help="preheated kernels per exercise (default: the server's, 2)")
    parser.add_argument("--groups", type=int, nargs="+", default=list(GROUPS), help="participants at once, per group")
    args, settings = parser.parse_known_args(argv)  # the rest: Voilà settings for the server (--Klass.x=y)
    extra = settings + ([] if args.pool_size is None else [f"--VoilaConfiguration.default_pool_size={args.pool_size}"])
    path = f"/voila/render/{args.exercise}.ipynb"
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server on `kill` too (finally below)

    print(f"Maskinen: {os.cpu_count()} kärnor, belastning {os.getloadavg()[0]:.1f} (medel 1 min) före start.")
    with tempfile.TemporaryDirectory() as out:
        server = Server(Path(out) / "appar", extra)
        try:
            ready_s = server.wait_ready()
            idle = server.wait_idle(server.memory()["kernels"])
            assets = browser_assets(server.base, path)
            idle = server.wait_idle(idle["kernels"])
            print(f"Servern redo efter {ready_s:.1f} s med {idle['kernels']} förvärmda kärnor; minne "
                  f"{idle['total_mb']:.0f} MB (servern {idle['server_mb']:.0f} MB). En webbläsares "
                  f"första besök hämtar {len(assets) + 1} filer från servern.")
            failed = False
            for size, spread in [*((size, 0.0) for size in args.groups), *((size, SPREAD_S) for size in SPREAD_GROUPS)]:
                participants = [Participant(server.base, assets) for _ in range(size)]
                load = os.getloadavg()[0]
                during: dict = {}
                cpu_before = server.cpu_seconds()
                visits = run(room(participants, [path], while_there=lambda: during.update(server.memory()),
                                  spread_s=spread))
                after = server.wait_idle(idle["kernels"])
                cpu = server.cpu_seconds() - cpu_before
                result = summary(visits)
                when = "samtidigt" if not spread else f"inom {spread:.0f} s"
                print(f"{size:>3} {when}: användbar efter median {_s(result['usable_median_s'])}, längst "
                      f"{_s(result['usable_max_s'])}; svaret kontrollerat på median {_s(result['answer_median_s'])}; "
                      f"{result['ok']}/{size} fick en fungerande app. Med dem {during['kernels']} kärnor, "
                      f"{during['total_mb']:.0f} MB; när de gått {after['kernels']} kärnor, {after['total_mb']:.0f} MB. "
                      f"Processortid (server och kärnor, ersättarna medräknade) {cpu:.1f} s. "
                      f"(Belastning före: {load:.1f})", flush=True)
                for error in result["errors"]:
                    print(f"      fel: {error}")
                if size == 10 and not spread and (result["ok"] < size or (result["usable_max_s"] or 1e9) > TARGET_S):
                    failed = True
            per_kernel = idle["kernels_mb"] / max(idle["kernels"], 1)
            print(f"Minne per deltagare (en öppen övning = en kärna): cirka {per_kernel:.0f} MB.")
            print(f"Mål: alla 10 har en användbar övning inom {TARGET_S:.0f} s: " + ("MISSAT." if failed else "uppfyllt."))
            return 1 if failed else 0
        finally:
            server.stop()
            problems = [line.rstrip() for line in server.output
                        if re.search(r"WARNING|ERROR|CRITICAL|Traceback|kunde inte", line)]
            if problems:
                print("Servern varnade:", *problems[:40], sep="\n    ")


def _s(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.2f} s"


if __name__ == "__main__":
    sys.exit(main())
