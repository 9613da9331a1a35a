"""The kernels the build runs the pages in, and the execution cache that the build's processes share.

_ext/kurs_korning.py decides which pages run and in which process; this module how:

- A page runs in the build's kernel, a kernel without the debugger, which nobody uses in a build,
  and it is stopped as soon as its last cell has run (``configure_page_kernels``). The build talks to
  it over Unix sockets (``ipc_kernel_manager``). On Linux it is a copy of a process that has already
  imported the package, pandas and pandera (``start_fork_server``, upphandlingskurs/kernel_forks.py).
- A table is checked once per build, not in every page's kernel that reads it
  (``keep_checked_tables``).
- The execution cache is one SQLite database that the processes share. It is created in the main
  process before they start, so that two of them do not both create it
  (``create_execution_cache``), and it is not trimmed while they add to it
  (``truncate_the_cache_only_when_full``).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from kurs_korning import code_cells, require_version

# Packages whose code this module relies on or changes, read for these versions (ipykernel: it
# starts without the debugger when debugpy cannot be imported).
PATCHED = {"myst-nb": "1.4.0", "jupyter-cache": "1.0.1", "ipykernel": "7.4.0"}

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
    upphandlingskurs/kernel_forks.py): a kernel then starts with the package, pandas and pandera
    already imported. Measured on 2 cores, the 17 pages run one at a time (benchmarks/build_times.py):
    their imports 0.8 s instead of 5.9 s, their kernels' starts 6.7 s instead of 9.2 s; a clean build
    used 19–22 s of processor time instead of 25–29 s. Only when a page will run; in the main
    process, before Sphinx starts the processes that read the pages, which inherit where to find
    it. ``stop_fork_server`` ends it with the build."""
    from upphandlingskurs import kernel_forks

    nb_config = getattr(env, "mystnb_config", None)
    if (not kernel_forks.available() or getattr(app, "kurs_fork_server", None) is not None
            or nb_config is None or nb_config.execution_mode == "off"):
        return
    if any(code_cells(Path(env.doc2path(docname))) for docname in docnames):
        app.kurs_fork_server = kernel_forks.start_fork_server()


def stop_fork_server(app, exception) -> None:
    from upphandlingskurs import kernel_forks

    kernel_forks.stop_fork_server(getattr(app, "kurs_fork_server", None))
    app.kurs_fork_server = None


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
        require_version(package, checked, "_ext/kurs_karnor.py ändrar hur den kör sidorna", "kurs_karnor")
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



def setup(app):
    configure_page_kernels()
    truncate_the_cache_only_when_full()
    # After myst-nb has made its configuration (builder-inited, default priority), and after
    # kurs_korning has set the number of processes (config-inited).
    app.connect("builder-inited", create_execution_cache, priority=900)
    app.connect("builder-inited", keep_checked_tables)
    # After kurs_korning has left out the pages without code (priority 500).
    app.connect("env-before-read-docs", start_fork_server, priority=800)
    app.connect("build-finished", stop_fork_server)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
