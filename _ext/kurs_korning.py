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
- A page's kernel is stopped as soon as its last cell has run, and it is a kernel without the
  debugger, which nobody uses in a build (``configure_page_kernels``). On Linux it is a copy of a
  process that has already imported the package, pandas and pandera (``start_fork_server``).
- A table is checked once per build, not in every page's kernel that reads it
  (``keep_checked_tables``).

Sphinx reads in parallel only if every extension says that it is safe to. The course's own (_ext/)
do, and are: what they keep between pages is merged (kurs_framsteg), or is made in the main process
(at ``builder-inited``, ``env-before-read-docs``, ``doctree-resolved`` and ``build-finished``), or
only changes the page being written (``html-page-context``). Two that Jupyter Book loads do not say:

- sphinx-multitoc-numbering (sphinx-external-toc loads it). Its code was read for the version in
  CHECKED: it only changes how section numbers are assigned, which Sphinx does in the main
  process. Declared safe here; another version stops the build until it has been read again.
- sphinx-jupyterbook-latex, which the course does not load (``latex.use_jupyterbook_latex: false``
  in _config.yml: the PDF is printed from HTML, not LaTeX).

The execution cache is one SQLite database that the processes share. It is created here, in the
main process, before they start, so that two of them do not both create it, and it is not trimmed
while they add to it (``truncate_the_cache_only_when_full``).
"""

from __future__ import annotations

import functools
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

# Packages whose code this module relies on or changes, read for these versions (ipykernel: it
# starts without the debugger when debugpy cannot be imported).
PATCHED = {"myst-nb": "1.4.0", "jupyter-cache": "1.0.1", "ipykernel": "7.4.0"}

# A code cell of a MyST notebook: ```{code-cell} (or with more backticks, or tildes) to its closing fence.
CODE_CELL = re.compile(r"^(`{3,}|~{3,})\{code-cell\}[^\n]*\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)
# An import from the course's package in a code cell: the page uses one more part of it.
PACKAGE_IMPORT = re.compile(r"^\s*(?:from|import)\s+upphandlingskurs\b", re.MULTILINE)
# What a page costs to run, roughly, in seconds on the project's 2-core machines: its kernel (start
# and shutdown), each part of the package it imports (the exercises' tools bring ipywidgets and
# their own modules) and each code cell. Run one at a time (benchmarks/build_times.py), a page
# takes 0.7–1.2 s with 1–3 package imports and 1.1–2.0 s with 5–8. Only the proportions matter.
KERNEL_SECONDS, IMPORT_SECONDS, CELL_SECONDS = 0.7, 0.1, 0.02


def require_version(package: str, checked: str, why: str) -> None:
    installed = version(package)
    if installed != checked:
        raise ExtensionError(
            f"kurs_korning: {package} {installed} är installerat, men det är version {checked} som är genomläst "
            f"({why}); läs den nya versionen och ändra versionen i _ext/kurs_korning.py"
        )


def declare_checked(app) -> None:
    app.setup_extension("sphinx_external_toc")  # loads sphinx_multitoc_numbering
    for module, (package, checked) in CHECKED.items():
        require_version(package, checked, "säker att läsa parallellt")
        if module in app.extensions:
            app.extensions[module].parallel_read_safe = True


# The kernel the build runs the pages in (_ext/jupyter/kernels/kurs-bygge/kernel.json): Python's
# ipykernel as `make lab` starts it ("python3"), except that it cannot import debugpy. ipykernel
# imports the debugger in every kernel it starts, about 0.1 s of processor time, and a build never
# debugs. The kernel spec is found through JUPYTER_PATH, which the build's processes inherit.
BUILD_KERNEL = "kurs-bygge"
KERNEL_SPECS = Path(__file__).resolve().parent / "jupyter"


def find_build_kernel() -> None:
    """Let Jupyter (in this process and the ones it starts) find the build kernel's spec and the
    provisioner that it names (started from the fork server when there is one, ``start_fork_server``)."""
    from upphandlingskurs.kernel_forks import register_provisioner

    paths = [str(KERNEL_SPECS), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    register_provisioner()


def start_fork_server(app, env, docnames) -> None:
    """Start the process that the pages' kernels are copied from (Linux; as the workshop's,
    upphandlingskurs/kernel_forks.py): each kernel then starts in about a tenth of the
    time, with the package, pandas and pandera already imported (measured on 2 cores: 0.5 s of
    kernel start and 0.25–0.6 s of imports for each of 17 pages). Only when a page will run; in
    the main process, before Sphinx starts the processes that read the pages, which inherit where
    to find it. ``stop_fork_server`` ends it with the build."""
    from upphandlingskurs import kernel_forks

    nb_config = getattr(env, "mystnb_config", None)
    if (not kernel_forks.available() or getattr(app, "kurs_fork_server", None) is not None
            or nb_config is None or nb_config.execution_mode == "off"):
        return
    if any(code_cells(Path(env.doc2path(docname))) for docname in docnames):
        app.kurs_fork_server = kernel_forks.start_fork_server()


def stop_fork_server(app, exception) -> None:
    from upphandlingskurs.kernel_forks import SOCKET_ENV

    process = getattr(app, "kurs_fork_server", None)
    if process is not None:
        process.terminate()
        process.wait(10)
        app.kurs_fork_server = None
        os.environ.pop(SOCKET_ENV, None)


def ipc_kernel_manager():
    """jupyter_client's kernel manager, talking to its kernel over Unix sockets with names of its
    own instead of TCP ports. Over TCP, jupyter_client picks a kernel's ports by binding port 0
    and closing the socket; the kernel binds them a moment later. With pages run in parallel,
    another process can be given the same free port in between, and one kernel dies at its start
    ("Kernel died before replying to kernel_info"). The workshop's server uses ipc for the same
    reason (upphandlingskurs/workshop_app/kernels.py). Windows has no such sockets: TCP there."""
    import tempfile
    import uuid

    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IpcKernelManager(AsyncKernelManager):
        @default("transport")
        def _transport_default(self) -> str:
            return "ipc"

        @default("ip")
        def _ip_default(self) -> str:  # a prefix no other kernel shares: its sockets are <prefix>-1 … -5
            return os.path.join(tempfile.gettempdir(), f"kurs-karna-{uuid.uuid4().hex}")

    return IpcKernelManager


def configure_page_kernels() -> None:
    """Run each page in the build kernel and stop it as soon as its last cell has run, instead
    of waiting for it to shut itself down.

    myst-nb (through jupyter-cache and nbclient) ends each kernel "gracefully": it asks the kernel
    to shut down and waits while Python takes itself apart, pandas and all: about 0.3 s of processor
    time for each page that uses the data (measured on 2 cores: 30–33 s of processor time for a
    clean build instead of 37–38 s), and now and then a kernel slow to answer holds its page for
    2.5 s. Nothing is lost by stopping it at once (nbclient's ``shutdown_kernel="immediate"``):
    nbclient has every output when the last cell's run is over, as it waits for the kernel to be
    idle after each cell.

    myst-nb has no setting for either. It runs a notebook with jupyter-cache's ``single_nb_execution``,
    which passes further keyword arguments on to nbclient; here myst-nb's two callers (execution
    modes "cache" and "force") get the keywords added. The page's notebook keeps its own kernel
    spec ("python3") in its metadata and downloads."""
    for package, checked in PATCHED.items():
        require_version(package, checked, "_ext/kurs_korning.py ändrar hur den kör sidorna")
    find_build_kernel()
    from myst_nb.core.execute import cache, direct

    for module in (cache, direct):
        if not isinstance(module.single_nb_execution, functools.partial):  # once per process
            transport = {"kernel_manager_class": ipc_kernel_manager()} if os.name == "posix" else {}
            module.single_nb_execution = functools.partial(
                module.single_nb_execution, shutdown_kernel="immediate", kernel_name=BUILD_KERNEL, **transport)


def truncate_the_cache_only_when_full() -> None:
    """jupyter-cache deletes the oldest executed notebooks when it holds more than its limit (1000),
    after each notebook it stores. It lists the records to keep and then, in a second query, every
    record not among them: a record that another process adds in between (pages run in parallel)
    is deleted too, before that process has written its notebook, and the build stops on
    "KeyError: Notebook file does not exist for cache record" (seen about once in 20 clean builds
    on 2 cores). Here it does so only when the cache holds more than the limit, which a book of
    this size does not reach (`make clean` or a changed input empties it)."""
    from jupyter_cache.cache.db import NbCacheRecord, Setting, session_context
    from jupyter_cache.cache.main import CACHE_LIMIT_KEY, DEFAULT_CACHE_LIMIT, JupyterCacheBase

    truncate = JupyterCacheBase.truncate_caches
    if getattr(truncate, "kurs_only_when_full", False):  # once per process
        return

    def truncate_caches(self) -> None:
        limit = Setting.get_value(CACHE_LIMIT_KEY, self.db, DEFAULT_CACHE_LIMIT)
        with session_context(self.db) as session:
            held = session.query(NbCacheRecord.pk).count()
        if held > limit:
            truncate(self)

    truncate_caches.kurs_only_when_full = True
    JupyterCacheBase.truncate_caches = truncate_caches


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


def keep_checked_tables(app) -> None:
    """The pages' kernels read the same tables; the first to check one keeps it for the others
    (upphandlingskurs/table_cache.py), in the build folder, which `make clean` empties. Set in the
    main process before the others start, so that they and their kernels inherit it."""
    from upphandlingskurs.table_cache import CACHE_ENV

    os.environ[CACHE_ENV] = str(Path(app.outdir).parent / ".tabellcache")


def create_execution_cache(app) -> None:
    nb_config = getattr(app.env, "mystnb_config", None)
    if app.parallel < 2 or nb_config is None or nb_config.execution_mode != "cache":
        return
    from jupyter_cache import get_cache

    get_cache(nb_config.execution_cache_path).db.dispose()


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
    configure_page_kernels()
    truncate_the_cache_only_when_full()
    # The default is text: Sphinx turns a value from _config.yml into the default's type, and "auto" is no number.
    app.add_config_value("kurs_parallel_jobs", "auto", "", types=(str, int))
    app.connect("config-inited", set_jobs)
    # After myst-nb has made its configuration (builder-inited, default priority).
    app.connect("builder-inited", create_execution_cache, priority=900)
    app.connect("builder-inited", keep_checked_tables)
    app.connect("env-before-read-docs", skip_pages_without_code)
    app.connect("env-before-read-docs", spread_the_code)
    # After the pages without code are left out (priority 500 above).
    app.connect("env-before-read-docs", start_fork_server, priority=800)
    app.connect("build-finished", show_parallel_error)
    app.connect("build-finished", stop_fork_server)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
