"""How the build runs the pages' notebooks: several at a time, and not at all when there is no code.

Most of a clean build is spent running the pages, each in its own kernel. So:

- Sphinx reads (and runs) and writes the pages in several processes. `jupyter-book build` (1.0.4)
  has no option for Sphinx's ``-j``, so this sets the number of processes from
  ``kurs_parallel_jobs`` in _config.yml ("auto": two per processor, see ``jobs``; 1: the serial
  build). `make book`, `make book-workshop`, `make pdf`, the tests and a plain
  `jupyter-book build .` all get it, with the same command.
- Sphinx gives each process a run of consecutive pages in alphabetical order, which would put the
  exercises, the slowest pages, in one process. The pages are put in an order that spreads the
  code over the processes that start first (``spread_the_code``).
- A page that is a notebook without a code cell (the decision path, the trainers' pages) is not
  run: myst-nb would start a kernel for it, with nothing to run.
- How each page's kernel starts and stops, and the execution cache that the processes share:
  _ext/kurs_karnor.py.

Sphinx reads in parallel only if every extension says that it is safe to. The course's own (_ext/)
do, and are: what they keep between pages is merged (kurs_framsteg), or is made in the main process
(at ``builder-inited``, ``env-before-read-docs``, ``doctree-resolved`` and ``build-finished``), or
only changes the page being written (``html-page-context``). Two that Jupyter Book loads do not say:

- sphinx-multitoc-numbering (sphinx-external-toc loads it). Its code was read for the version in
  CHECKED: it only changes how section numbers are assigned, which Sphinx does in the main
  process. Declared safe here; another version stops the build until it has been read again.
- sphinx-jupyterbook-latex, which the course does not load (``latex.use_jupyterbook_latex: false``
  in _config.yml: the PDF is printed from HTML, not LaTeX).
"""

from __future__ import annotations

import glob
import os
import re
from importlib.metadata import version
from pathlib import Path

import nbformat
from myst_nb.core.read import is_myst_markdown_notebook
from sphinx.errors import ExtensionError, SphinxParallelError
from sphinx.util import logging
from sphinx.util.parallel import make_chunks

logger = logging.getLogger(__name__)

# Extensions that declare nothing, read and found safe for parallel reading: module -> (package, version).
CHECKED = {"sphinx_multitoc_numbering": ("sphinx-multitoc-numbering", "0.1.3")}

# A code cell of a MyST notebook: ```{code-cell} (or with more backticks, or tildes) to its closing fence.
CODE_CELL = re.compile(r"^(`{3,}|~{3,})\{code-cell\}[^\n]*\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)
# An import from the course's package in a code cell: the page uses one more part of it.
PACKAGE_IMPORT = re.compile(r"^\s*(?:from|import)\s+upphandlingskurs\b", re.MULTILINE)
# What a page costs to run, roughly, in seconds on the project's 2-core machines: its kernel (start
# and shutdown), each part of the package it imports (the exercises' tools bring ipywidgets and
# their own modules) and each code cell. Run one at a time (benchmarks/build_times.py), a page
# takes 0.7–1.2 s with 1–3 package imports and 1.1–2.0 s with 5–8. Only the proportions matter.
KERNEL_SECONDS, IMPORT_SECONDS, CELL_SECONDS = 0.7, 0.1, 0.02


def require_version(package: str, checked: str, why: str, module: str = "kurs_korning") -> None:
    """Stop the build if ``package`` is not the version whose code ``module`` (in _ext/) was written for."""
    installed = version(package)
    if installed != checked:
        raise ExtensionError(
            f"{module}: {package} {installed} är installerat, men det är version {checked} som är genomläst "
            f"({why}); läs den nya versionen och ändra versionen i _ext/{module}.py"
        )


def declare_checked(app) -> None:
    app.setup_extension("sphinx_external_toc")  # loads sphinx_multitoc_numbering
    for module, (package, checked) in CHECKED.items():
        require_version(package, checked, "säker att läsa parallellt")
        if module in app.extensions:
            app.extensions[module].parallel_read_safe = True


# "auto": a process spends much of a page's time waiting for its kernel (to start, to answer, to
# shut down), so two per processor keep the processors busy. Measured on 2 cores (load about 5 from
# other work): 2 processes 45 s, 4 processes 32 s, 6 processes 32 s. Each process is a copy of the
# build with a kernel of its own (together about 300 MB), so no more than MAX_AUTO_JOBS.
AUTO_JOBS_PER_PROCESSOR, MAX_AUTO_JOBS = 2, 8


def jobs(value) -> int:
    if value == "auto":
        return min(AUTO_JOBS_PER_PROCESSOR * (os.cpu_count() or 1), MAX_AUTO_JOBS)
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ExtensionError(
            f'kurs_parallel_jobs i _config.yml ska vara "auto" eller ett heltal från 1 (nu står där {value!r})')
    return number


def set_jobs(app, config) -> None:
    # What `sphinx-build -j` sets; Sphinx reads it when the build starts, after this.
    app.parallel = jobs(config.kurs_parallel_jobs)


def code_of(path: Path) -> list[str] | None:
    """The code cells of the notebook at ``path``; None if it is not a notebook."""
    if path.suffix == ".ipynb":
        notebook = nbformat.read(path, as_version=4)
        return [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    if path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
        return [match[2] for match in CODE_CELL.finditer(text)] if is_myst_markdown_notebook(text) else None
    return None


def code_cells(path: Path) -> int | None:
    """How many code cells the notebook at ``path`` has; None if it is not a notebook."""
    code = code_of(path)
    return None if code is None else len(code)


def page_cost(path: Path) -> float:
    """What running the page at ``path`` costs, roughly (see KERNEL_SECONDS); 0 without code."""
    code = code_of(path) or []
    if not code:
        return 0.0
    imports = sum(len(PACKAGE_IMPORT.findall(source)) for source in code)
    return KERNEL_SECONDS + IMPORT_SECONDS * imports + CELL_SECONDS * len(code)


def skip_pages_without_code(app, env, docnames: list[str]) -> None:
    """Before Sphinx reads ``docnames``: a notebook without a code cell is not run (myst-nb would
    start a kernel for it, with nothing to run)."""
    nb_config = getattr(env, "mystnb_config", None)
    if nb_config is None:
        return
    # myst-nb matches each page's path against these (PurePosixPath.match): an absolute path,
    # escaped, matches only that page.
    without_code = [glob.escape(Path(env.doc2path(docname)).as_posix()) for docname in docnames
                    if code_cells(Path(env.doc2path(docname))) == 0]
    if without_code:
        env.mystnb_config = nb_config.copy(
            execution_excludepatterns=[*nb_config.execution_excludepatterns, *without_code])


def spread_the_code(app, env, docnames: list[str]) -> None:
    """Before Sphinx reads ``docnames``: order them so that the pages with code are spread evenly
    over the processes that read (and run) them.

    Sphinx cuts the list into runs of consecutive pages (``make_chunks``) and starts one process
    per run, at most kurs_parallel_jobs at a time. The pages with code are dealt, costliest first,
    to the run with the least cost so far among the runs that start at once (to a later run only
    when those are full); the other pages fill the places left."""
    if app.parallel < 2 or len(docnames) <= 5:  # Sphinx then reads them one by one, in one process
        return
    sizes = [len(chunk) for chunk in make_chunks(docnames, app.parallel)]
    runs: list[list[str]] = [[] for _ in sizes]
    totals = [0.0] * len(runs)
    cost = {docname: page_cost(Path(env.doc2path(docname))) for docname in docnames}
    cost = {docname: seconds for docname, seconds in cost.items() if seconds}
    at_once = range(min(app.parallel, len(runs)))
    for docname in sorted(cost, key=lambda name: (-cost[name], name)):
        free = ([i for i in at_once if len(runs[i]) < sizes[i]]
                or [i for i in range(len(runs)) if len(runs[i]) < sizes[i]])
        chosen = min(free, key=lambda i: (totals[i], i))
        runs[chosen].append(docname)
        totals[chosen] += cost[docname]
    _even_out(runs, totals, cost, at_once)
    rest = iter(sorted(docname for docname in docnames if docname not in cost))
    for pages, size in zip(runs, sizes):
        pages.extend(next(rest) for _ in range(size - len(pages)))
    docnames[:] = [docname for pages in runs for docname in pages]


def _even_out(runs: list[list[str]], totals: list[float], cost: dict[str, float], at_once: range) -> None:
    """Swap pages between the costliest run that starts at once and another as long as that makes the
    costliest cheaper. Dealing costliest first leaves the run with one page more than the others
    (17 pages in 4 runs) with the last, cheap pages on top of its share."""
    while True:
        top = max(at_once, key=lambda i: (totals[i], -i))
        swaps = [(max(totals[top] - cost[mine] + cost[theirs], totals[other] - cost[theirs] + cost[mine]), mine, other, theirs)
                 for other in at_once if other != top
                 for mine in runs[top] for theirs in runs[other]]
        best = min(swaps, default=None)
        if best is None or best[0] >= totals[top] - 1e-9:
            return
        _, mine, other, theirs = best
        runs[top][runs[top].index(mine)], runs[other][runs[other].index(theirs)] = theirs, mine
        totals[top] += cost[theirs] - cost[mine]
        totals[other] += cost[mine] - cost[theirs]


def show_parallel_error(app, exception) -> None:
    """A cell that fails stops the build (nb_execution_raise_on_error). When the page was read in
    a parallel process, Sphinx reports only the page's path and drops what the process logged,
    myst-nb's message with the failing cell and its traceback included. The error the process
    raised still holds them: show it."""
    if isinstance(exception, SphinxParallelError):
        logger.error("Felet uppstod i en av processerna som läser och kör sidorna. Där såg det ut så här:\n%s",
                     exception.traceback)


def setup(app):
    declare_checked(app)
    # The default is text: Sphinx turns a value from _config.yml into the default's type, and "auto" is no number.
    app.add_config_value("kurs_parallel_jobs", "auto", "", types=(str, int))
    app.connect("config-inited", set_jobs)
    app.connect("env-before-read-docs", skip_pages_without_code)
    app.connect("env-before-read-docs", spread_the_code)
    app.connect("build-finished", show_parallel_error)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
