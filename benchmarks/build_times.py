"""Benchmark: how long the book takes to build, clean and cached, and each page to execute.

Run with `make benchmark`. Prints a table and compares the clean build with the target
(under 60 s on the project's 2-core machines); exits with 1 if the target is missed.
Timings are measured, not asserted in the test suite: a slow machine should not fail a test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbclient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import build_book, copy_project, page_source, toc_docnames  # noqa: E402

CLEAN_BUILD_TARGET_SECONDS = 60.0


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def build_or_fail(project: Path) -> None:
    result = build_book(project)
    if result.returncode != 0:
        sys.exit(f"Bygget misslyckades:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def execute_page(path: Path) -> None:
    notebook = jupytext.read(path)
    nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "kurs")
        clean = timed(lambda: build_or_fail(project))
        cached = timed(lambda: build_or_fail(project))
    rows.append(("Rent bygge (make book från tom _build)", clean))
    rows.append(("Bygge igen utan ändringar (cache)", cached))
    for docname in toc_docnames():
        path = page_source(docname)
        rows.append((f"Kör sidan {docname}", timed(lambda p=path: execute_page(p))))

    width = max(len(label) for label, _ in rows)
    print(f"{'Mätning':<{width}}  {'Sekunder':>8}")
    print(f"{'-' * width}  {'-' * 8}")
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds:8.1f}")
    verdict = "uppfyllt" if clean < CLEAN_BUILD_TARGET_SECONDS else "INTE uppfyllt"
    print(f"\nMål: rent bygge under {CLEAN_BUILD_TARGET_SECONDS:.0f} s: {verdict} ({clean:.1f} s).")
    return 0 if clean < CLEAN_BUILD_TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
