"""Benchmark: how much longer a clean build of the book takes than the same build without running
the pages, and where the pages' time goes.

Run with `make benchmark`. In one run it builds two clean copies of the project with the command of
`make book` (tests/conftest.py ``build_book``):

- the clean build: every page's notebook runs (in as many processes as kurs_parallel_jobs says, _ext/kurs_korning.py, kurs_karnor.py);
- the same build without running them (``execute_notebooks: "off"``; the glued values are then
  missing, so that build warns, and counts only if it wrote every page).

It prints both times and their ratio (target: at most 2), the build again without changes (the
execution cache: no page runs again), and for each page the build ran: the kernel's start, the
first code cell (the imports), the other cells and the kernel's shutdown, run one page at a time
(in the build's kernel, copied from the fork server on Linux, with the tables checked once, as in
the build).
Exits with 1 if the ratio or the clean build's own target (under 60 s) is missed.

The times are wall-clock times. On a machine shared with other work they are longer and vary, so
the load average is printed with them, and the processor time the builds used (their processes and
the kernels, which varies less). ``--omgangar N`` builds both N times, alternately, and compares
the fastest of each.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbclient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import ROOT, build_book, copy_project, page_source, toc_docnames  # noqa: E402

sys.path.insert(0, str(ROOT / "_ext"))
import kurs_karnor  # noqa: E402

from upphandlingskurs.table_cache import CACHE_ENV  # noqa: E402
from upphandlingskurs import kernel_forks  # noqa: E402

RATIO_TARGET = 2.0
CLEAN_BUILD_TARGET_SECONDS = 60.0
EXECUTION_SETTING = "execute_notebooks: cache"
NO_EXECUTION_SETTING = 'execute_notebooks: "off"'
# myst-nb's log line for each page it ran: "<path>.md: Executed notebook in 1.23 seconds [mystnb]"
EXECUTED = re.compile(r"(?P<path>/\S+?\.(?:md|ipynb)): Executed notebook in")
COLOURS = re.compile(r"\x1b\[[0-9;]*m")


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(project: Path) -> tuple[float, float, str]:
    """Wall-clock seconds, processor seconds (the build's processes and kernels) and the log."""
    cpu, start = children_cpu(), time.perf_counter()
    result = build_book(project)
    seconds, cpu = time.perf_counter() - start, children_cpu() - cpu
    log = COLOURS.sub("", result.stdout + result.stderr)
    if result.returncode != 0 and NO_EXECUTION_SETTING not in (project / "_config.yml").read_text(encoding="utf-8"):
        sys.exit(f"Bygget misslyckades:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    missing = [name for name in toc_docnames() if not (project / "_build" / "html" / f"{name}.html").is_file()]
    if missing:
        sys.exit(f"Bygget skrev inte sidorna {', '.join(missing)}:\n{log[-3000:]}")
    return seconds, cpu, log


def project_copy(folder: Path, name: str, execute: bool) -> Path:
    project = copy_project(folder / name)
    if not execute:
        config = project / "_config.yml"
        text = config.read_text(encoding="utf-8")
        if text.count(EXECUTION_SETTING) != 1:
            sys.exit(f"_config.yml har inte raden '{EXECUTION_SETTING}' en gång; ändra benchmarks/build_times.py")
        config.write_text(text.replace(EXECUTION_SETTING, NO_EXECUTION_SETTING), encoding="utf-8")
    return project


def page_times(path: Path) -> tuple[float, float, float, float]:
    """A page run alone: its kernel's start, its first code cell (the imports), its other cells,
    and its kernel's end, in seconds. The kernel is the build's, started and stopped as the build
    does (from the fork server where there is one, stopped at once: _ext/kurs_karnor.py)."""
    notebook = jupytext.read(path)
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name=kurs_karnor.BUILD_KERNEL, shutdown_kernel="immediate",
        **({"kernel_manager_class": kurs_karnor.ipc_kernel_manager()} if os.name == "posix" else {}),
        resources={"metadata": {"path": str(path.parent)}},
    )
    cells = [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    times = []
    start = time.perf_counter()
    with client.setup_kernel(stderr=subprocess.DEVNULL):  # not the kernel's warnings between the rows
        started = time.perf_counter()
        for index, cell in cells:
            cell_start = time.perf_counter()
            client.execute_cell(cell, index)
            times.append(time.perf_counter() - cell_start)
        ran = time.perf_counter()
    return started - start, times[0] if times else 0.0, sum(times[1:]), time.perf_counter() - ran


def main() -> int:
    parser = argparse.ArgumentParser(description="Mäter byggtiden med och utan körning av sidorna.")
    parser.add_argument("--omgangar", type=int, default=1, metavar="N",
                        help="bygg båda N gånger, omväxlande, och jämför de snabbaste (standard 1)")
    rounds = max(1, parser.parse_args().omgangar)

    loads = [load()]
    clean, without = [], []
    with tempfile.TemporaryDirectory() as folder:
        for round_number in range(rounds):
            without.append(timed_build(project_copy(Path(folder), f"utan-{round_number}", execute=False))[:2])
            project = project_copy(Path(folder), f"med-{round_number}", execute=True)
            seconds, cpu, log = timed_build(project)
            clean.append((seconds, cpu))
        cached_seconds, _, cached_log = timed_build(project)
        executed_again = EXECUTED.findall(cached_log)
        ran = sorted({Path(path).resolve().relative_to(project.resolve()).with_suffix("").as_posix()
                      for path in EXECUTED.findall(log)})
    loads.append(load())

    clean_seconds, clean_cpu = min(clean)
    without_seconds, without_cpu = min(without)
    ratio = clean_seconds / without_seconds
    rows = [
        ("Rent bygge (som make book från tom _build)", clean_seconds, clean_cpu),
        ("Samma bygge utan att köra sidorna", without_seconds, without_cpu),
        ("Bygge igen utan ändringar (cache)", cached_seconds, None),
    ]
    width = max(len(label) for label, _, _ in rows)
    print(f"{'Mätning':<{width}}  {'Sekunder':>8}  {'Processortid (s)':>16}")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 16}")
    for label, seconds, cpu in rows:
        print(f"{label:<{width}}  {seconds:8.1f}  {'' if cpu is None else f'{cpu:16.1f}'}")
    print(f"\nKvot rent bygge / bygge utan körning: {ratio:.2f} (mål: högst {RATIO_TARGET:.0f})")
    print(f"Belastning (load average, 1 min) före och efter: {loads[0]} och {loads[1]}"
          + (f"; {rounds} omgångar, de snabbaste byggena jämförs" if rounds > 1 else ""))
    if executed_again:
        print(f"OBS: bygget utan ändringar körde {len(executed_again)} sidor igen; cachen fungerar inte.")

    # As in the build: the first page that reads a table checks it and keeps it for the others.
    os.environ[CACHE_ENV] = tempfile.mkdtemp(prefix="tabellcache-")
    print(f"\nSidorna som bygget kör, en i taget ({len(ran)} sidor):")
    header = f"{'Sida':<58}  {'Kärnstart':>9}  {'Import':>7}  {'Övriga celler':>13}  {'Avslut':>6}"
    print(header)
    print("-" * len(header))
    totals = [0.0] * 4
    kurs_karnor.find_build_kernel()
    fork_server = kernel_forks.start_fork_server()  # as the build starts it (Linux), or None
    try:
        for docname in ran:
            figures = page_times(page_source(docname))
            totals = [total + figure for total, figure in zip(totals, figures)]
            print(f"{docname:<58}  {figures[0]:9.2f}  {figures[1]:7.2f}  {figures[2]:13.2f}  {figures[3]:6.2f}")
    finally:
        kernel_forks.stop_fork_server(fork_server)
    print(f"{'Summa':<58}  {totals[0]:9.2f}  {totals[1]:7.2f}  {totals[2]:13.2f}  {totals[3]:6.2f}")
    print("(Import: sidans första kodcell, som importerar det sidan behöver.)")

    missed = []
    if ratio > RATIO_TARGET:
        missed.append(f"kvoten {ratio:.2f} är över {RATIO_TARGET:.0f}")
    if clean_seconds >= CLEAN_BUILD_TARGET_SECONDS:
        missed.append(f"det rena bygget tog {clean_seconds:.1f} s, inte under {CLEAN_BUILD_TARGET_SECONDS:.0f} s")
    if executed_again:
        missed.append("bygget utan ändringar körde sidor igen")
    print("\nMålen: " + ("uppfyllda." if not missed else "INTE uppfyllda: " + "; ".join(missed) + "."))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
