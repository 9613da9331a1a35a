"""Benchmark: the weight of the exercise pages with their static tools and answer boxes, and how soon
they can be used in headless Chromium.

    python benchmarks/static_exercises.py                   build the book from a clean copy, then measure
    python benchmarks/static_exercises.py HTML [FÖRE]       measure a built book's HTML folder, and
                                                            compare with an earlier build (FÖRE)

For every exercise page it prints the page's size, how much of it is the exercises' scripts, styles
and embedded data (upphandlingskurs/static_exercises.py), the change against the earlier build, and
the median over a few loads (pages served from a local HTTP server, and opened from the disk) of:
the time from the start of the navigation to DOMContentLoaded, to the moment the last tool and
answer box on the page is ready for input, and to the load event; and how long a check takes
(the button pressed until the feedback is there). Targets: at most 100 KB more per page than
before the static tools (issue 10), and ready for input within 1 s. Exits with 1 if one is missed.
Measured, not asserted in the test suite: a slow machine should not fail a test.
"""

from __future__ import annotations

import functools
import http.server
import re
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import build_book, copy_project  # noqa: E402

from upphandlingskurs.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from upphandlingskurs import static_exercises  # noqa: E402
from upphandlingskurs.quiz import STATIC_DIR  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# Every exercise page, by its number: exercises/0N-*.md.
PAGES = {int(source.name[:2]): f"exercises/{source.stem}.html" for source in sorted((ROOT / "exercises").glob("0*.md"))}
EXTRA_TARGET_BYTES = 100_000
READY_TARGET_MS = 1000.0
LOADS = 7
ASSETS = tuple(file for _, file in static_exercises.ASSETS.values())  # what static_exercises adds to a page
DATA = re.compile(r'<script type="application/json" class="kurs-(?:ovning|svarsruta|verktyg)-data">(.*?)</script>', re.S)

# Run before the page's own scripts: note when each tool and answer box gets ready for input.
WATCH_READY = """
window.__kursKlar = [];
new MutationObserver(function (changes) {
    changes.forEach(function (change) { window.__kursKlar.push(performance.now()); });
}).observe(document, {subtree: true, attributes: true,
                      attributeFilter: ['data-kurs-ovning-klar', 'data-kurs-verktyg-klar']});
"""
TIMES = """() => {
    const navigation = performance.getEntriesByType('navigation')[0];
    const parts = document.querySelectorAll('[data-kurs-ovning-verktyg], section[data-kurs-verktyg], [data-kurs-svarsruta]');
    return {dom: navigation.domContentLoadedEventEnd, load: navigation.loadEventEnd,
            ready: parts.length ? Math.max(...window.__kursKlar) : null, parts: parts.length,
            seen: window.__kursKlar.length};
}"""
CHECK = """async () => {
    const box = document.querySelector('[data-kurs-svarsruta]');
    if (!box) { return null; }
    box.querySelector('input').value = 'tre';
    const start = performance.now();
    box.querySelector('button').click();
    const shown = box.querySelector('.kurs-svarsruta-aterkoppling').textContent !== '';
    return shown ? performance.now() - start : null;
}"""


def weight(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    assets = sum(len((STATIC_DIR / name).read_text(encoding="utf-8").encode()) * text.count((STATIC_DIR / name).read_text(encoding="utf-8"))
                 for name in ASSETS)
    data = sum(len(match.encode()) for match in DATA.findall(text))
    return {"page": len(text.encode()), "assets": assets, "data": data}


def serve(folder: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def timings(browser, url: str) -> dict:
    runs = []
    for _ in range(LOADS):
        context = browser.new_context()
        context.add_init_script(WATCH_READY)
        page = context.new_page()
        page.goto(url, wait_until="load")
        times = page.evaluate(TIMES)
        if times["seen"] < times["parts"]:
            sys.exit(f"{url}: bara {times['seen']} av {times['parts']} delar blev klara")
        times["check"] = page.evaluate(CHECK)
        runs.append(times)
        context.close()
    return {key: None if runs[0][key] is None else statistics.median(run[key] for run in runs)
            for key in ("dom", "ready", "load", "check")}


def kb(size: float) -> str:
    return f"{size / 1000:.1f} kB"


def main(arguments: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        if arguments:
            html = Path(arguments[0])
        else:
            project = copy_project(Path(folder) / "kurs")
            result = build_book(project)
            if result.returncode != 0:
                sys.exit(f"Bygget misslyckades:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
            html = project / "_build" / "html"
        before = Path(arguments[1]) if len(arguments) > 1 else None
        server = serve(html)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        ok = True
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for number, path in PAGES.items():
                size = weight(html / path)
                print(f"Övning {number} ({path})")
                print(f"  sidan {kb(size['page'])}, varav skript och stilar {kb(size['assets'])}, inbäddade data {kb(size['data'])}")
                if before is not None:
                    times = timings(browser, (before / path).as_uri())
                    print(f"  före, file: DOMContentLoaded {times['dom']:.0f} ms, load {times['load']:.0f} ms "
                          f"(median av {LOADS})")
                    earlier = weight(before / path)["page"]
                    extra = size["page"] - earlier
                    ok &= extra <= EXTRA_TARGET_BYTES
                    print(f"  före {kb(earlier)}: {'+' if extra >= 0 else ''}{kb(extra)} "
                          f"(mål högst +{kb(EXTRA_TARGET_BYTES)}: {'uppfyllt' if extra <= EXTRA_TARGET_BYTES else 'INTE uppfyllt'})")
                for where, url in (("http", f"{base}/{path}"), ("file", (html / path).as_uri())):
                    times = timings(browser, url)
                    ok &= times["ready"] <= READY_TARGET_MS
                    print(f"  {where}: DOMContentLoaded {times['dom']:.0f} ms, verktyg och svarsrutor klara "
                          f"{times['ready']:.0f} ms, load {times['load']:.0f} ms, en kontroll {times['check']:.1f} ms "
                          f"(median av {LOADS})")
            browser.close()
        server.shutdown()
    print(f"\nMål: högst +{kb(EXTRA_TARGET_BYTES)} per sida och klar inom {READY_TARGET_MS:.0f} ms: "
          f"{'uppfyllt' if ok else 'INTE uppfyllt'}.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
