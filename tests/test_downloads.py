"""The downloads run (_ext/kurs_downloads.py): a learner who downloads a chapter, an exercise or the
tool page gets a folder that runs in plain Jupyter after one install step, and "Ladda ner data"
serves the files the build used.

The slow tests unpack every page's .zip into an empty folder of its own, install the course package
from the wheel in it into a fresh virtual environment without any index (offline), and run every
notebook there with that environment's kernel.
"""

from __future__ import annotations

import email.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT, build_book, copy_project, page_source, toc_docnames

RUNNABLE = [name for name in toc_docnames() if name.startswith(("chapters/", "exercises/", "verktyg/"))]
BASE_URL = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]["baseurl"].rstrip("/")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

RAW_ROLE = re.compile(r"\{[\w:.+-]+\}`")
RAW_DIRECTIVE = re.compile(r"^\s*(?:>\s*)*(?:`{3,}|:{3,})\s*\{[\w:-]+\}", re.MULTILINE)
RAW_TARGET_OR_COMMENT = re.compile(r"^\s*(?:\([\w-]+\)=|%\s|\+\+\+)", re.MULTILINE)
LINK_TO_SOURCE = re.compile(r"\]\((?![a-z]+:)[^)\s]*\.(?:md|ipynb)(?:#[^)\s]*)?\)")
FOLD = re.compile(r"<details>.*?</details>", re.DOTALL)
SOLUTION_BLOCK = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{solution\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$"
    r"|^```\{solution-start\}[^\n]*\n(?P<gated>.*?)^```\{solution-end\}",
    re.MULTILINE | re.DOTALL,
)


# --- the package as a package --------------------------------------------------------------------


def test_every_pin_is_in_the_declared_range():
    pins = dict(re.findall(r"^([\w.-]+)==(\S+)", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.MULTILINE))
    pins = {canonicalize_name(name): version for name, version in pins.items()}
    declared = PYPROJECT["project"]["dependencies"] + [
        requirement for extra in PYPROJECT["project"]["optional-dependencies"].values() for requirement in extra]
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} saknas i requirements.txt"
        assert requirement.specifier.contains(pins[name]), f"{pins[name]} ligger utanför {text}"


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "upphandlingskurs").rglob("__init__.py")}
    mapped = set(PYPROJECT["tool"]["setuptools"]["package-dir"])
    assert listed == found | mapped


def test_the_package_reads_the_data_beside_it_in_a_checkout(monkeypatch):
    from upphandlingskurs.data import data_dir

    monkeypatch.delenv("UPPHANDLINGSKURS_DATA", raising=False)
    assert data_dir() == (ROOT / "data").resolve()
    monkeypatch.setenv("UPPHANDLINGSKURS_DATA", str(ROOT / "chapters"))
    assert data_dir() == (ROOT / "chapters").resolve()


# --- the conversion of MyST to what plain Jupyter shows (_ext/kurs_notebook.py) ------------------


def kurs_notebook():
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import kurs_notebook
    finally:
        sys.path.remove(str(ROOT / "_ext"))
    return kurs_notebook


def converted(*cells: tuple[str, str], with_solutions: bool = True) -> list[nbformat.NotebookNode]:
    Resolver, convert = kurs_notebook().Resolver, kurs_notebook().convert
    executed = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source)
        for kind, source in cells])
    resolver = Resolver(link=lambda target: f"https://kurs.example/{target}", term=lambda term: f"https://kurs.example/ordlista#{term}",
                        glue_text=lambda key: {"kommun": "Falun"}[key], download=lambda target: "data/" + target.split("/")[-1])
    return convert(executed, resolver, with_solutions=with_solutions).cells


def test_boxes_roles_and_links_become_markdown():
    (cell,) = converted(("md", ":::{admonition} Påhittat scenario\n:class: tip\n\nDu bor i {glue:text}`kommun`.\n:::\n\n"
                               "Se [kapitlet](../chapters/x.md) och {term}`sociala hänsyn`. {download}`Data <../data/foretag.csv>`\n"
                               "% a comment\n\n`{glue:text}` in code stays"))
    assert cell.source.startswith("> **Påhittat scenario**\n>\n> Du bor i Falun.")
    assert "[kapitlet](https://kurs.example/../chapters/x.md)" in cell.source
    assert "[sociala hänsyn](https://kurs.example/ordlista#sociala hänsyn)" in cell.source
    assert "[Data](data/foretag.csv)" in cell.source and "comment" not in cell.source
    assert cell.source.endswith("`{glue:text}` in code stays")


def test_solutions_are_folded_and_a_gated_solution_takes_its_code_along():
    cells = converted(
        ("md", "```{exercise} Räkna\n:label: u1\n\nHur många?\n```\n\n````{solution} u1\n:class: dropdown\n\nTre.\n````"),
        ("md", "Före.\n\n```{solution-start} u1\n:class: dropdown\n```\n\nSå här:"),
        ("code", "svar = 3"),
        ("md", "Klart.\n\n```{solution-end}\n```\n\nEfter."),
        ("code", "print(1)"),
    )
    assert [cell.cell_type for cell in cells] == ["markdown", "markdown", "markdown", "code"]
    assert cells[0].source == ("> **Övning (Räkna)**\n>\n> Hur många?\n\n<details>\n<summary>Lösning till Övning (Räkna)</summary>"
                               "\n\nTre.\n\n</details>")
    assert cells[1].source == "Före."
    assert cells[2].source.startswith("<details>") and "Så här:\n\n```python\nsvar = 3\n```\n\nKlart." in cells[2].source
    assert cells[2].source.endswith("</details>\n\nEfter.")
    assert cells[3].source == "print(1)"


def test_the_workshop_download_has_no_solutions():
    cells = converted(("md", "Uppgift.\n\n````{solution} u1\n:class: dropdown\n\nTre.\n````"),
                      ("md", "```{solution-start} u1\n```"), ("code", "svar = 3"), ("md", "```{solution-end}\n```"),
                      with_solutions=False)
    assert [cell.source for cell in cells] == ["Uppgift."]


def test_myst_that_jupyter_cannot_show_stops_the_conversion():
    for source in ("```{figure} bild.png\n```", "Se {ref}`etikett`.", "{{ ersattning }}"):
        with pytest.raises(kurs_notebook().ConversionError):
            converted(("md", source))


# --- the built downloads -------------------------------------------------------------------------


def solution_samples(docname: str) -> list[str]:
    """Lines that only a solution of the page holds (from its source): prose and solution code."""
    samples = []
    for block in SOLUTION_BLOCK.finditer(page_source(docname).read_text(encoding="utf-8")):
        lines = (block["body"] or block["gated"]).splitlines()
        prose = [line.strip() for line in lines if len(line.strip()) > 40 and not line.startswith((":", "`", "#"))
                 and "{" not in line and "](" not in line]
        samples += prose[:2]
        code = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", block["gated"] or "", re.DOTALL)
        samples += [line.strip() for cell in code for line in cell.splitlines() if len(line.strip()) > 20][:1]
    return samples


@pytest.fixture(scope="module")
def bundles(built_book, tmp_path_factory) -> dict[str, Path]:
    """Each runnable page's download, unpacked into an empty folder of its own."""
    folders = {}
    for docname in RUNNABLE:
        page = (built_book / f"{docname}.html").read_text(encoding="utf-8")
        link = re.search(r'href="([^"]+\.zip)"', page)
        assert link, f"{docname} saknar nedladdning som zip"
        target = tmp_path_factory.mktemp("tom-mapp")
        with zipfile.ZipFile((built_book / docname).parent / link.group(1)) as bundle:
            bundle.extractall(target)
        (folder,) = target.iterdir()
        folders[docname] = folder
    return folders


def notebook_of(folder: Path) -> nbformat.NotebookNode:
    return nbformat.read(folder / f"{folder.name}.ipynb", as_version=4)


@pytest.mark.build
def test_each_download_has_the_notebook_data_self_test_wheel_and_readme(bundles):
    for docname, folder in bundles.items():
        names = {path.name for path in folder.iterdir()}
        assert f"{folder.name}.ipynb" in names and "README.md" in names
        assert any(name.endswith(".whl") for name in names)
        readme = (folder / "README.md").read_text(encoding="utf-8")
        assert "Så kör du" in readme and "pip install upphandlingskurs-" in readme
        for csv in (ROOT / "data").glob("*.csv"):  # the build used the shipped data
            assert (folder / "data" / csv.name).read_bytes() == csv.read_bytes()
        self_test = page_source(docname).with_suffix(".sjalvtest.yml")
        assert (folder / self_test.name).is_file() == self_test.is_file()


@pytest.mark.build
def test_the_wheel_carries_the_data_and_the_self_tests(bundles):
    folder = next(iter(bundles.values()))
    with zipfile.ZipFile(next(folder.glob("*.whl"))) as wheel:
        names = set(wheel.namelist())
        for csv in (ROOT / "data").glob("*.csv"):
            assert wheel.read(f"upphandlingskurs/shipped_data/{csv.name}") == csv.read_bytes()
        assert "upphandlingskurs/shipped_data/README.md" in names
        for self_test in (ROOT / "chapters").glob("*.sjalvtest.yml"):
            assert f"upphandlingskurs/self_tests/{self_test.name}" in names


@pytest.mark.build
def test_the_notebooks_show_no_myst_and_link_to_the_web_pages(bundles, built_book):
    for docname, folder in bundles.items():
        notebook = notebook_of(folder)
        markdown = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
        assert not RAW_ROLE.search(markdown), f"{docname}: {RAW_ROLE.search(markdown)[0]}"
        assert not RAW_DIRECTIVE.search(markdown), f"{docname}: {RAW_DIRECTIVE.search(markdown)[0]}"
        assert not RAW_TARGET_OR_COMMENT.search(markdown), docname
        assert "{{" not in markdown, docname
        assert not LINK_TO_SOURCE.search(markdown), f"{docname}: {LINK_TO_SOURCE.search(markdown)[0]}"
        for target in re.findall(r"\]\(([^)\s]+)\)", markdown):
            assert target.startswith(("https:", "http:", "mailto:", "data/")), f"{docname}: {target}"
            if target.startswith(BASE_URL):
                page, _, anchor = target[len(BASE_URL) + 1:].partition("#")
                assert page.endswith(".html") and (built_book / page).is_file(), f"{docname}: {target}"
                if anchor:
                    assert f'id="{anchor}"' in (built_book / page).read_text(encoding="utf-8"), f"{docname}: {target}"


@pytest.mark.build
def test_no_solution_shows_outside_a_fold(bundles):
    for docname, folder in bundles.items():
        notebook = notebook_of(folder)
        everything = "\n".join(cell.source for cell in notebook.cells)
        visible = "\n".join(FOLD.sub("", cell.source) for cell in notebook.cells)
        for sample in solution_samples(docname):
            assert sample in everything, f"{docname}: lösningen saknas: {sample}"
            assert sample not in visible, f"{docname}: lösningen syns utanför en hopfällning: {sample}"


@pytest.mark.build
def test_the_scenario_values_are_filled_in(bundles, built_book):
    """The {glue:text} values are the build's (exercise 1 names its municipality in the scenario)."""
    folder = bundles["exercises/01-kartlagg-sociala-foretag"]
    glue = json.loads((built_book.parent / "jupyter_execute" / "exercises" / "01-kartlagg-sociala-foretag.glue.json")
                      .read_text(encoding="utf-8"))
    municipality = glue["kommun"]["data"]["text/plain"].strip("'")
    markdown = "\n".join(cell.source for cell in notebook_of(folder).cells if cell.cell_type == "markdown")
    assert f"upphandlare i {municipality}" in markdown


# --- installed offline into a fresh environment, every notebook run ------------------------------


def requirement_closure(requirements: list[str]) -> set[str]:
    """The installed distributions these requirements need, with everything those need in turn."""
    names: set[str] = set()
    todo = [Requirement(text) for text in requirements]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        requirement = todo.pop()
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            installed = distribution(requirement.name)
        except PackageNotFoundError:
            raise AssertionError(f"{requirement.name} är inte installerat i kursens miljö") from None
        names.add(installed.metadata["Name"])
        for text in installed.requires or []:
            needed = Requirement(text)
            extras = requirement.extras or {""}
            if needed.marker is None or any(needed.marker.evaluate({"extra": extra}) for extra in extras):
                todo.append(needed)
    return names


def repack(name: str, wheelhouse: Path, work: Path) -> None:
    """Pack an installed distribution back into a wheel with `wheel pack` (its files in
    site-packages and its .dist-info; console scripts come back from entry_points.txt)."""
    installed = distribution(name)
    root = work / name
    for file in installed.files or []:
        if file.parts[0] == ".." or "__pycache__" in file.parts:
            continue
        source = Path(installed.locate_file(file))
        if source.is_file():
            (root / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / file)
    subprocess.run([sys.executable, "-m", "wheel", "pack", str(root), "-d", str(wheelhouse)],
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def fresh_python(bundles, tmp_path_factory) -> Path:
    """A new virtual environment with only the course's wheel, what it declares, and ipykernel.

    Offline, from a wheelhouse packed from the pinned packages this environment has installed. Not
    --system-site-packages (nor this environment's site-packages): there, a dependency that the
    package imports but pyproject.toml does not declare would be found anyway and the test would
    pass. ipykernel is the one addition: it runs the notebooks here, as Jupyter does for the learner
    (the README's install step adds jupyterlab, which brings it)."""
    work = tmp_path_factory.mktemp("installation")
    wheel = next(next(iter(bundles.values())).glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        metadata_file = next(name for name in archive.namelist() if name.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(metadata_file).decode("utf-8"))
    declared = [text for text in metadata.get_all("Requires-Dist", []) if "extra ==" not in text]
    assert declared, "paketet anger sina beroenden"
    wheelhouse = work / "wheelhouse"
    wheelhouse.mkdir()
    for name in sorted(requirement_closure(declared + ["ipykernel"])):
        repack(name, wheelhouse, work / "packa")
    environment = work / "miljo"
    subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
    python = environment / "bin" / "python"
    # No pip configuration of this machine (its indexes, find-links or constraints): only the wheelhouse.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--find-links", str(wheelhouse), str(wheel), "ipykernel"],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert result.returncode == 0, f"Installationen misslyckades:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return python


@pytest.mark.build
def test_every_downloaded_notebook_runs_in_a_fresh_environment(bundles, fresh_python, tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    kernels = tmp_path / "kernels"
    (kernels / "kurs-nedladdning").mkdir(parents=True)
    (kernels / "kurs-nedladdning" / "kernel.json").write_text(json.dumps({
        "argv": [str(fresh_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Nedladdad kurs", "language": "python",
    }), encoding="utf-8")
    # The kernel sees no course checkout: no UPPHANDLINGSKURS_DATA, no PYTHONPATH.
    env = {key: value for key, value in os.environ.items() if key not in ("UPPHANDLINGSKURS_DATA", "PYTHONPATH")}
    problems = []
    for docname, folder in bundles.items():
        notebook = notebook_of(folder)
        manager = AsyncKernelManager(kernel_name="kurs-nedladdning",
                                     kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
        client = NotebookClient(notebook, km=manager, timeout=180, resources={"metadata": {"path": str(folder)}})
        try:
            client.execute(env=env)
        except Exception as error:  # noqa: BLE001 (every page's failure is reported together)
            problems.append(f"{docname}: {str(error)[-1500:]}")
    assert not problems, "\n\n".join(problems)


# --- "Ladda ner data" and the downloads follow the data folder in use ----------------------------


@pytest.mark.build
def test_downloads_serve_the_data_folder_in_use(other_data, tmp_path, monkeypatch):
    project = copy_project(tmp_path / "kurs")
    monkeypatch.setenv("UPPHANDLINGSKURS_DATA", str(other_data))
    result = build_book(project)
    assert result.returncode == 0, f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    html = project / "_build" / "html"
    served = 0
    for docname in (name for name in RUNNABLE if name.startswith("exercises/")):
        page = html / f"{docname}.html"
        for link in re.findall(r'href="([^"]+\.csv)"', page.read_text(encoding="utf-8")):
            file = (page.parent / link).resolve()
            assert file.read_bytes() == (other_data / file.name).read_bytes(), f"{docname}: {link}"
            served += 1
    assert served >= 6
    exercise = "exercises/01-kartlagg-sociala-foretag"
    with zipfile.ZipFile(html / "_sources" / f"{exercise}.zip") as bundle:
        stem = exercise.split("/")[1]
        assert bundle.read(f"{stem}/data/foretag.csv") == (other_data / "foretag.csv").read_bytes()
        wheel_name = next(name for name in bundle.namelist() if name.endswith(".whl"))
        (tmp_path / "paket.whl").write_bytes(bundle.read(wheel_name))
    with zipfile.ZipFile(tmp_path / "paket.whl") as wheel:
        assert wheel.read("upphandlingskurs/shipped_data/foretag.csv") == (other_data / "foretag.csv").read_bytes()
