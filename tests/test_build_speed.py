"""What keeps a clean build fast: a page's kernel imports only what the page needs, and the build
can run the pages in parallel (_ext/kurs_korning.py and kurs_karnor.py). `make benchmark` (benchmarks/build_times.py)
measures the times; these tests check the behaviour they rest on."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import types
from pathlib import Path
from xml.etree import ElementTree

import pytest
from myst_nb.core.config import NbParserConfig
from sphinx.errors import ExtensionError
from sphinx.util.parallel import make_chunks

from conftest import ROOT, build_book, toc_docnames

sys.path.insert(0, str(ROOT / "_ext"))
import kurs_karnor  # noqa: E402
import kurs_korning  # noqa: E402

HEAVY = ("pandas", "pandera", "numpy", "ipywidgets", "jsonschema")


def imported_after(statement: str) -> set[str]:
    """Which of HEAVY a fresh Python has imported after ``statement``."""
    code = f"import sys\n{statement}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT / "chapters",
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize("statement", [
    "import upphandlingskurs",
    "from upphandlingskurs import show_quiz",  # chapters 7 and 8 need no more
    "from upphandlingskurs import CourseDataError",
    "from upphandlingskurs.glue import glue",
    "from upphandlingskurs.quiz import show_quiz",
    "from upphandlingskurs.sources import legal_status_date, sources_markdown",
])
def test_a_page_that_shows_a_self_test_or_a_glued_value_imports_no_data_libraries(statement):
    assert imported_after(statement) == set()


def test_the_package_names_are_the_modules_own():
    import upphandlingskurs
    from upphandlingskurs import data, errors, quiz, static_tools

    assert upphandlingskurs.load_table is data.load_table
    assert upphandlingskurs.show_table is data.show_table
    assert upphandlingskurs.show_quiz is quiz.show_quiz
    assert upphandlingskurs.static_tool is static_tools.static_tool
    assert upphandlingskurs.CourseDataError is errors.CourseDataError
    assert set(upphandlingskurs.__all__) <= set(dir(upphandlingskurs))
    with pytest.raises(AttributeError, match="finns_inte"):
        upphandlingskurs.finns_inte  # noqa: B018


def pages() -> tuple[types.SimpleNamespace, list[str]]:
    """An environment as kurs_korning sees it, for the book's own pages, and their names."""
    env = types.SimpleNamespace(mystnb_config=NbParserConfig(),
                                doc2path=lambda docname: str(ROOT / f"{docname}.md"))
    return env, sorted(toc_docnames())


def cost(env, docnames) -> float:
    return sum(kurs_korning.page_cost(Path(env.doc2path(docname))) for docname in docnames)


@pytest.mark.parametrize("processes", [2, 4])
def test_the_pages_with_code_are_spread_evenly_over_the_processes_that_start_at_once(processes):
    env, docnames = pages()
    ordered = list(docnames)
    kurs_korning.spread_the_code(types.SimpleNamespace(parallel=processes), env, ordered)
    assert sorted(ordered) == docnames
    runs = make_chunks(ordered, processes)
    at_once = [cost(env, run) for run in runs[:processes]]
    assert sum(at_once) == pytest.approx(cost(env, docnames)), "every page with code is read by a process that starts at once"
    costs = [kurs_korning.page_cost(Path(env.doc2path(docname))) for docname in docnames]
    assert max(at_once) - min(at_once) <= min(cost for cost in costs if cost), "no run has a page more than another"


def test_a_page_costs_its_kernel_its_package_imports_and_its_cells(tmp_path):
    page = tmp_path / "sida.md"
    page.write_text(
        "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  name: python3\n"
        "  display_name: Python 3\n---\n\n# Sida\n\n```python\nfrom upphandlingskurs import inte_kod\n```\n\n"
        "```{code-cell} ipython3\n:tags: [remove-cell]\n\nfrom upphandlingskurs import show_quiz\n"
        "from upphandlingskurs.glue import glue\nimport pandas\n```\n\n````{code-cell} ipython3\nshow_quiz('x')\n````\n",
        encoding="utf-8")
    assert kurs_korning.code_cells(page) == 2
    assert kurs_korning.page_cost(page) == pytest.approx(
        kurs_korning.KERNEL_SECONDS + 2 * kurs_korning.IMPORT_SECONDS + 2 * kurs_korning.CELL_SECONDS)
    assert kurs_korning.page_cost(ROOT / "beslutsvag.md") == 0


def test_a_serial_build_keeps_the_order():
    env, docnames = pages()
    ordered = list(docnames)
    kurs_korning.spread_the_code(types.SimpleNamespace(parallel=1), env, ordered)
    assert ordered == docnames


def test_a_notebook_without_code_is_not_run_and_one_with_code_is():
    env, docnames = pages()
    kurs_korning.skip_pages_without_code(types.SimpleNamespace(parallel=4), env, docnames)
    excluded = env.mystnb_config.execution_excludepatterns

    def runs(docname: str) -> bool:
        path = Path(env.doc2path(docname))
        return not any(path.match(pattern) for pattern in excluded)

    assert not runs("beslutsvag") and not runs("utbildare/halvdag")
    assert runs("chapters/01-vad-ar-socialt-ansvarsfull-upphandling") and runs("exercises/04-utforma-sysselsattningskrav")
    assert all(runs(docname) != (kurs_korning.code_cells(Path(env.doc2path(docname))) == 0) for docname in docnames)


def test_the_number_of_processes():
    assert kurs_korning.jobs("auto") >= 1
    assert kurs_korning.jobs(1) == 1 and kurs_korning.jobs("3") == 3
    for wrong in (0, "många", None):
        with pytest.raises(ExtensionError, match="kurs_parallel_jobs i _config.yml ska vara"):
            kurs_korning.jobs(wrong)


@pytest.mark.parametrize("value", ["auto", "1", 1, "3"])
def test_the_number_of_processes_is_taken_from_the_book_configuration(tmp_path, monkeypatch, value):
    """jupyter-book hands _config.yml's values to Sphinx as overrides, and Sphinx turns an override into
    the type of the setting's default: with a number as the default, "auto" was refused with a warning,
    which stops every build (-W)."""
    from sphinx.testing.util import SphinxTestApp

    from upphandlingskurs.table_cache import CACHE_ENV

    monkeypatch.setenv(CACHE_ENV, "")  # the extension sets it as the build starts; restored after the test
    (tmp_path / "conf.py").write_text("extensions = ['kurs_korning']\n", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Prov\n====\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")  # sphinx-external-toc
    warnings = io.StringIO()
    # SphinxTestApp, not Sphinx: its cleanup unregisters the nodes, so the next app can register them again.
    app = SphinxTestApp("html", srcdir=tmp_path, confoverrides={"kurs_parallel_jobs": value}, warning=warnings,
                        warningiserror=True)
    try:
        assert warnings.getvalue() == ""
        assert app.parallel == kurs_korning.jobs(value)
    finally:
        app.cleanup()


def downloaded_notebook(built_book: Path, stem: str) -> dict:
    """A chapter's notebook to download, without the cells' ids (new ones in every build)."""
    import json

    notebook = json.loads((built_book / "_sources" / "chapters" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        cell.pop("id", None)
    assert any(cell.get("outputs") for cell in notebook["cells"]), f"{stem}: körd, med resultat"
    return notebook


@pytest.mark.build
def test_a_second_build_runs_no_page_again_keeps_the_downloads_and_its_sitemap_lists_every_page(built_book):
    """`make book` again after pages changed (here: every chapter touched, so that Sphinx reads
    them again): each page's outputs come from the execution cache, the notebooks to
    download are as the first build wrote them, and sitemap.xml lists the whole book in order, not
    only the pages this build wrote. Rebuilds the session's book in place; its pages come out as
    they were."""
    project = built_book.parent.parent
    chapters = sorted((project / "chapters").glob("*.md"))
    downloads = {page.stem: downloaded_notebook(built_book, page.stem) for page in chapters}
    for page in chapters:
        page.touch()
    result = build_book(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Executing notebook" not in output
    assert len(re.findall(r"chapters/[^ ]+\.md: Using cached notebook", output)) == len(chapters)
    # The notebooks to download keep their outputs, from the cache (_ext/kurs_downloads.py).
    for page in chapters:
        assert downloaded_notebook(built_book, page.stem) == downloads[page.stem], page.stem
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ElementTree.parse(built_book / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)]
    docnames = sorted(toc_docnames())
    assert len(locations) == len(docnames)
    assert all(location.endswith(f"/{docname}.html") for location, docname in zip(locations, docnames))


def test_a_page_runs_in_the_build_kernel_without_the_debugger_over_unix_sockets_and_keeps_its_kernel_spec(monkeypatch):
    """The build's kernel (_ext/jupyter/kernels/kurs-bygge) is Python's, without debugpy, and talks over
    Unix sockets (TCP ports are picked in a way that races between the build's processes); the
    notebook still names "python3", the kernel a learner runs it in."""
    import os

    import nbformat
    from myst_nb.core.execute import cache, direct

    # What configure_page_kernels changes in this process, put back after the test.
    monkeypatch.setenv("JUPYTER_PATH", os.environ.get("JUPYTER_PATH", ""))
    for module in (cache, direct):
        monkeypatch.setattr(module, "single_nb_execution", module.single_nb_execution)
    kurs_karnor.configure_page_kernels()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import sys\nprint(sys.modules.get('debugpy', 'saknas'), 'ipykernel' in sys.modules, 'debugpy.server' in sys.modules)"),
        nbformat.v4.new_code_cell("from ipykernel.kernelapp import IPKernelApp\nprint(IPKernelApp.instance().transport)")])
    notebook.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    result = cache.single_nb_execution(notebook, cwd=None, timeout=120, allow_errors=False)
    assert result.err is None
    assert notebook.cells[0].outputs[0]["text"].split() == ["None", "True", "False"]
    assert notebook.cells[1].outputs[0]["text"].strip() == ("ipc" if os.name == "posix" else "tcp")
    assert notebook.metadata.kernelspec["name"] == "python3"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kärnorna kopieras bara på Linux")
def test_the_pages_kernels_are_copies_of_the_fork_server_while_pages_with_code_are_read(monkeypatch):
    """kurs_karnor starts the fork server (upphandlingskurs/kernel_forks.py) when pages
    with code are about to be read and their notebooks run, a page's build kernel is then a copy of
    it, with the package and pandas already imported, and the build's end stops it."""
    import os

    import nbformat
    import psutil
    from myst_nb.core.execute import cache, direct

    from upphandlingskurs.kernel_forks import SOCKET_ENV

    monkeypatch.setenv("JUPYTER_PATH", os.environ.get("JUPYTER_PATH", ""))
    monkeypatch.delenv(SOCKET_ENV, raising=False)
    for module in (cache, direct):
        monkeypatch.setattr(module, "single_nb_execution", module.single_nb_execution)
    kurs_karnor.configure_page_kernels()
    env, _ = pages()
    app = types.SimpleNamespace()
    kurs_karnor.start_fork_server(app, types.SimpleNamespace(**{**vars(env), "mystnb_config": NbParserConfig(execution_mode="off")}),
                                   ["exercises/04-utforma-sysselsattningskrav"])
    kurs_karnor.start_fork_server(app, env, ["beslutsvag", "utbildare/halvdag"])  # no code: nothing runs
    assert getattr(app, "kurs_fork_server", None) is None and SOCKET_ENV not in os.environ
    kurs_karnor.start_fork_server(app, env, ["beslutsvag", "exercises/04-utforma-sysselsattningskrav"])
    fork_server = app.kurs_fork_server
    try:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            "import os, sys\nprint(os.getppid(), 'pandas' in sys.modules, 'debugpy' in sys.modules and sys.modules['debugpy'])")])
        result = cache.single_nb_execution(notebook, cwd=None, timeout=120, allow_errors=False)
        assert result.err is None
        assert notebook.cells[0].outputs[0]["text"].split() == [str(fork_server.pid), "True", "None"]
    finally:
        kurs_karnor.stop_fork_server(app, None)
    assert not psutil.pid_exists(fork_server.pid) and SOCKET_ENV not in os.environ


@pytest.mark.build
def test_the_pages_carry_no_widget_state_and_the_downloaded_notebooks_do(built_book):
    """_ext/kurs_widgetar.py: the web book runs no widgets, so the state is not written into the
    pages; a downloaded notebook keeps it, for JupyterLab to draw the tools before the learner runs it."""
    import json

    pages = sorted(built_book.rglob("*.html"))
    assert pages and not [page.name for page in pages if "application/vnd.jupyter.widget-state+json" in page.read_text(encoding="utf-8")]
    notebook = json.loads((built_book / "_sources" / "exercises" / "02-avgor-reservation.ipynb").read_text(encoding="utf-8"))
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    assert notebook["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]


def test_the_execution_cache_is_trimmed_only_when_it_holds_more_than_its_limit(tmp_path, monkeypatch):
    """jupyter-cache's trimming deleted a notebook that another process was adding (a parallel
    build stopped on "Notebook file does not exist for cache record"); kurs_karnor lets it trim
    only a cache over its limit."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.cache.db import NbCacheRecord
    from jupyter_cache.cache.main import JupyterCacheBase

    monkeypatch.setattr(JupyterCacheBase, "truncate_caches", JupyterCacheBase.truncate_caches)
    kurs_karnor.truncate_the_cache_only_when_full()
    cache = get_cache(tmp_path / "cache")

    def store(number: int) -> None:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"print({number})")])
        notebook.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
        cache.cache_notebook_bundle(CacheBundleIn(notebook, f"sida{number}.ipynb"), check_validity=False)

    def no_listing(*args, **kwargs):
        raise AssertionError("cachen listar vad som ska tas bort fast den inte är full")

    with monkeypatch.context() as listing:
        listing.setattr(NbCacheRecord, "records_to_delete", staticmethod(no_listing))
        for number in range(3):
            store(number)
    assert len(cache.list_cache_records()) == 3
    cache.change_cache_limit(2)
    store(3)  # over the limit: the oldest goes, as before
    assert len(cache.list_cache_records()) == 2
