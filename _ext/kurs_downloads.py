"""Downloads that run: each chapter, exercise and tool page as a notebook for plain Jupyter, and the
data files the build used.

- "Ladda ner data": a ``{download}`` of a file in the book's data/ serves that file from the data
  folder in use (UPPHANDLINGSKURS_DATA, a trainer's own), the one the pages computed with.
- The download menu of every page in RUNNABLE_FOLDERS offers
  ``.ipynb``: the page as a notebook that plain Jupyter shows as the book does (kurs_notebook.py:
  Markdown instead of MyST, solutions folded, the build's outputs), and
  ``.zip``: a folder with that notebook, its self-test, the data files the build used, the course
  package as a wheel that carries the same data and self-tests, and a README in Swedish
  (_ext/kurs_downloads_readme.md) with the one install step: ``pip install <wheel> jupyterlab``.
  Both are written to the HTML's _sources/ folder, where the theme looks for the notebook.
- The workshop build (KURS_WORKSHOP=1) leaves the solutions out of the notebooks too.

The wheel is built once per build, with pip and the pinned setuptools (no build isolation, so no
network), from the package the build imported and the data folder it read, while the pages run.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import string
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from contextlib import suppress
from pathlib import Path, PurePosixPath

import nbformat
from jupyter_cache import get_cache
from kurs_notebook import ConversionError, Resolver, convert
from kurs_workshop import workshop_build
from myst_nb.core.variables import format_plain_text
from myst_nb.ext.glue import extract_glue_data_cell
from myst_nb.ext.glue.crossref import read_glue_cache
from sphinx import addnodes
from sphinx.util import logging

from upphandlingskurs.data import PACKAGE_DIR, data_dir

logger = logging.getLogger(__name__)

# Pages whose code runs on the course package alone. referens/kallor reads the book's chapters, and
# the other notebook pages have no code.
RUNNABLE_FOLDERS = ("chapters/", "exercises/", "verktyg/")
SHIPPED_DATA = "data"  # the book's own data folder, beside the pages
README_TEMPLATE = Path(__file__).resolve().with_name("kurs_downloads_readme.md")
SELF_TEST_SUFFIX = ".sjalvtest.yml"
KIND = {"chapters/": "kapitlet", "exercises/": "övningen"}
ZIP_TOOLTIP = "Ladda ner sidan som anteckningsbok, med data och kursens paket (zip)"


def _executed(app) -> Path:
    return Path(app.outdir).parent / "jupyter_execute"


def executed_notebook(app, docname: str) -> nbformat.NotebookNode:
    """The page's notebook as the build ran it, with its outputs.

    myst-nb writes it to jupyter_execute/. For a page whose outputs come from the execution cache
    (a later build, the page's code unchanged), myst-nb 1.4.0 writes the notebook as it read it,
    without them (it renders the page from the notebook the cache filled in, but writes the one it
    read): the cache's outputs are put back here, as myst-nb puts them into the page (the glued
    values that are not shown taken out, as myst-nb takes them out of the notebook it writes)."""
    notebook = nbformat.read(_executed(app) / f"{docname}.ipynb", as_version=4)
    nb_config = app.env.mystnb_config
    if nb_config.execution_mode == "cache":
        with suppress(KeyError):  # not in the cache: the page ran in this build, outputs and all
            _, notebook = get_cache(nb_config.execution_cache_path).merge_match_into_notebook(notebook)
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    extract_glue_data_cell(cell)
    return notebook


def runnable(env, docname: str) -> bool:
    return docname.startswith(RUNNABLE_FOLDERS) and bool(env.metadata.get(docname, {}).get("kernelspec"))


# --- "Ladda ner data": the data in use --------------------------------------------------------------

def serve_data_in_use(app, doctree) -> None:
    """Point each download of a file in the book's data/ at the same file in the data folder in use.

    Runs before Sphinx's own download collector (priority 500), which then registers and copies that
    file into _downloads/ and makes the page depend on it."""
    shipped = Path(app.srcdir) / SHIPPED_DATA
    in_use = data_dir()
    for node in doctree.findall(addnodes.download_reference):
        target = node["reftarget"]
        if "://" in target:
            continue
        _, filename = app.env.relfn2path(target, app.env.docname)
        if Path(filename).parent == shipped:
            # A leading "/" is Sphinx's "relative to the source folder".
            node["reftarget"] = "/" + os.path.relpath(in_use / Path(filename).name, app.srcdir)


# --- the download menu ---------------------------------------------------------------------------------

def announce_notebook(app, pagename, templatename, context, doctree) -> None:
    # Runs before the theme builds its header buttons (priority 501).
    if doctree is not None and runnable(app.env, pagename):
        context["ipynb_source"] = pagename + ".ipynb"


def add_zip_button(app, pagename, templatename, context, doctree) -> None:
    # Runs after the theme has built its header buttons: the zip comes right after the notebook.
    if doctree is None or not runnable(app.env, pagename):
        return
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        buttons = group["buttons"]
        after = next((i + 1 for i, button in enumerate(buttons) if button.get("label") == "download-notebook-button"), 0)
        buttons.insert(after, {
            "type": "link",
            "url": f"{context['pathto']('_sources', 1)}/{pagename}.zip",
            "text": ".zip",
            "tooltip": ZIP_TOOLTIP,
            "icon": "fas fa-file-zipper",
            "label": "download-zip-button",
        })


# --- the notebooks and the folders ----------------------------------------------------------------------

def page_resolver(app, docname: str) -> Resolver:
    """How the references of page ``docname`` read in a downloaded notebook."""
    env = app.env
    shipped = Path(app.srcdir) / SHIPPED_DATA
    glue = read_glue_cache(str(_executed(app)), docname)

    def address(target_doc: str, anchor: str = "") -> str:
        uri = app.builder.get_target_uri(target_doc)
        base = app.config.html_baseurl
        # Absolute with the published address; else relative, from where the notebook is in the HTML.
        url = base.rstrip("/") + "/" + uri if base else posixpath.relpath(uri, posixpath.dirname(f"_sources/{docname}"))
        return url + (f"#{anchor}" if anchor else "")

    def data_file(filename: str) -> str | None:
        return f"{SHIPPED_DATA}/{Path(filename).name}" if Path(filename).parent == shipped else None

    def link(target: str) -> str:
        path, _, anchor = target.partition("#")
        target_doc = docname
        if path:
            relative, filename = env.relfn2path(path, docname)
            if local := data_file(filename):
                return local
            target_doc = str(PurePosixPath(relative).with_suffix(""))
            if target_doc not in env.found_docs:
                raise ConversionError(f"länken {target} går inte till en sida i boken")
        if anchor:
            slugs = env.metadata.get(target_doc, {}).get("myst_slugs", {})
            anchor = slugs[anchor][1] if anchor in slugs else anchor
        return address(target_doc, anchor)

    def term(target: str) -> str:
        for (kind, name), (target_doc, node_id) in env.get_domain("std").objects.items():
            if kind == "term" and name.lower() == target.lower():
                return address(target_doc, node_id)
        raise ConversionError(f"termen {target!r} finns inte i ordlistan")

    def glue_text(content: str) -> str:
        key, fmt = content.rsplit(":", 1) if ":" in content else (content, "s")
        if key not in glue:
            raise ConversionError(f"sidan sparar inget värde {key!r} med glue")
        return format_plain_text(glue[key]["data"]["text/plain"], fmt)

    def download(target: str) -> str:
        relative, filename = env.relfn2path(target, docname)
        if local := data_file(filename):
            return local
        if relative in env.dlfiles:
            return address_of_file(f"_downloads/{env.dlfiles[relative][1]}")
        raise ConversionError(f"filen {target} finns inte bland bokens nedladdningar")

    def address_of_file(path: str) -> str:
        base = app.config.html_baseurl
        return base.rstrip("/") + "/" + path if base else posixpath.relpath(path, posixpath.dirname(f"_sources/{docname}"))

    return Resolver(link=link, term=term, glue_text=glue_text, download=download)


class WheelBuild:
    """The course package as a wheel: the package the build imported, with the data folder the
    build read and the book's self-tests as its package data (where pyproject.toml maps them).

    pip builds it in a process of its own, started when the build starts (``start_wheel``), so
    that it runs while the pages do; ``wheel`` waits for it when the downloads are written."""

    def __init__(self, srcdir: Path, data: Path) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="kurs-wheel-"))
        project = PACKAGE_DIR.parent
        stage = self.work / "paket"
        shutil.copytree(PACKAGE_DIR, stage / PACKAGE_DIR.name, ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copyfile(project / name, stage / name)
        mapped = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-dir"]
        data_target = stage / mapped["upphandlingskurs.shipped_data"]
        data_target.mkdir()
        for file in data_files(data, srcdir):
            shutil.copyfile(file, data_target / file.name)
        self_tests = mapped["upphandlingskurs.self_tests"]
        (stage / self_tests).mkdir()
        for file in (srcdir / self_tests).glob(f"*{SELF_TEST_SUFFIX}"):
            shutil.copyfile(file, stage / self_tests / file.name)
        self.wheels = self.work / "wheel"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
             "--wheel-dir", str(self.wheels), str(stage)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
        )

    def wheel(self) -> Path:
        stdout, stderr = self.process.communicate()
        if self.process.returncode != 0:
            raise RuntimeError(f"Kursens paket gick inte att bygga som wheel:\n{stdout}\n{stderr}")
        return next(self.wheels.glob("*.whl"))

    def remove(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.work, ignore_errors=True)


def start_wheel(app) -> None:
    """Start building the wheel, in the main process before Sphinx starts the ones that read the
    pages, if this build writes downloads: the HTML builder, with the pages run (a build without
    running them has no notebooks to offer)."""
    nb_config = getattr(app.env, "mystnb_config", None)
    if app.builder.name == "html" and nb_config is not None and nb_config.execution_mode != "off":
        app.kurs_wheel = WheelBuild(Path(app.srcdir), data_dir())


def data_files(data: Path, srcdir: Path) -> list[Path]:
    """The data folder's CSV files and its README (the book's README if the folder has none: the
    columns are the same in every valid data folder)."""
    readme = data / "README.md"
    return sorted(data.glob("*.csv")) + [readme if readme.is_file() else srcdir / SHIPPED_DATA / "README.md"]


def readme(app, docname: str, notebook: str, wheel: str, self_test: str | None, solutions: bool) -> str:
    kind = next((word for folder, word in KIND.items() if docname.startswith(folder)), "sidan")
    title = app.env.titles[docname].astext()
    uri = app.builder.get_target_uri(docname)
    base = app.config.html_baseurl
    return string.Template(README_TEMPLATE.read_text(encoding="utf-8")).substitute(
        kind=kind, title=title, notebook=notebook, wheel=wheel,
        selftest=f"- `{self_test}`: självtestet, som notebooken läser.\n" if self_test else "",
        solutions=("Lösningarna är dolda. Klicka på **Lösning till …** under en uppgift när du vill se "
                   "lösningen.\n\n") if solutions else "",
        page_url=base.rstrip("/") + "/" + uri if base else uri,
    )


def write_downloads(app, exception) -> None:
    try:
        if exception is None and app.builder.name == "html":
            _write_downloads(app)
    finally:  # the wheel's folder goes, and pip with it if the build failed before it was needed
        build = getattr(app, "kurs_wheel", None)
        if build is not None:
            build.remove()


def _write_downloads(app) -> None:
    pages = sorted(docname for docname in app.env.found_docs if runnable(app.env, docname))
    if not pages:
        return
    srcdir, out = Path(app.srcdir), Path(app.outdir) / "_sources"
    data = data_dir()
    solutions = not workshop_build()
    if getattr(app, "kurs_wheel", None) is None:  # not started with the build (start_wheel): now
        app.kurs_wheel = WheelBuild(srcdir, data)
    wheel = app.kurs_wheel.wheel()
    for docname in pages:
        executed = executed_notebook(app, docname)
        try:
            notebook = convert(executed, page_resolver(app, docname), with_solutions=solutions)
        except ConversionError as problem:
            logger.warning(f"Sidan kan inte laddas ner som anteckningsbok: {problem}", location=docname)
            continue
        stem = PurePosixPath(docname).name
        target = out / docname
        target.parent.mkdir(parents=True, exist_ok=True)
        text = nbformat.writes(notebook)
        target.with_suffix(".ipynb").write_text(text, encoding="utf-8")
        self_test = srcdir / f"{docname}{SELF_TEST_SUFFIX}"
        with zipfile.ZipFile(target.with_suffix(".zip"), "w", zipfile.ZIP_DEFLATED) as bundle:
            bundle.writestr(f"{stem}/{stem}.ipynb", text)
            bundle.writestr(f"{stem}/README.md", readme(
                app, docname, f"{stem}.ipynb", wheel.name, self_test.name if self_test.is_file() else None, solutions))
            bundle.write(wheel, f"{stem}/{wheel.name}")
            for file in data_files(data, srcdir):
                bundle.write(file, f"{stem}/{SHIPPED_DATA}/{file.name}")
            if self_test.is_file():
                bundle.write(self_test, f"{stem}/{self_test.name}")


def setup(app):
    app.connect("doctree-read", serve_data_in_use, priority=400)
    app.connect("html-page-context", announce_notebook, priority=400)
    app.connect("html-page-context", add_zip_button, priority=502)
    # After myst-nb has made its configuration (builder-inited, default priority).
    app.connect("builder-inited", start_wheel, priority=900)
    app.connect("build-finished", write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
