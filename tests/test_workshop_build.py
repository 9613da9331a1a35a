"""The two builds from one source: the book with collapsed solutions for self-study, and the
workshop build (`make book-workshop`) that contains no solution and no trainer's answer key in any
file it serves: pages, sources, downloads, search index."""

from __future__ import annotations

import html
import io
import json
import re
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
from bs4 import BeautifulSoup  # pinned in requirements.txt (pydata-sphinx-theme needs it)

from conftest import ROOT, page_source, toc_docnames

sys.path.insert(0, str(ROOT / "_ext"))

pytestmark = pytest.mark.build

EXERCISES = [name for name in toc_docnames() if name.startswith("exercises/")]
SOLUTION = re.compile(r'class="[^"]*\bsolution\b')


@pytest.mark.parametrize("docname", EXERCISES)
def test_the_book_has_solutions_and_the_workshop_build_has_none(docname, built_book, workshop_book):
    book = (built_book / f"{docname}.html").read_text(encoding="utf-8")
    workshop = (workshop_book / f"{docname}.html").read_text(encoding="utf-8")
    assert SOLUTION.search(book), "självstudieboken har lösningarna (hopfällda)"
    assert not SOLUTION.search(workshop), "workshopbygget har inga lösningar"
    assert 'class="exercise' in workshop, "uppgifterna finns kvar"
    # No text that only a solution holds may leak into the workshop build.
    solutions = re.findall(r'<div class="solution dropdown admonition".*?</section>\s*</div>', book, re.DOTALL)
    for solution in solutions:
        for sentence in re.findall(r"<p>([^<]{40,})</p>", solution):
            assert sentence not in workshop


TRAINER_PAGES = [name for name in toc_docnames() if name.startswith("utbildare/")]


def answer_keys(page_html: str) -> tuple[list[str], str]:
    """The text of each answer key (an admonition with the class kurs-facit) on a built page, and
    the page's text without them."""
    soup = BeautifulSoup(page_html, "html.parser")
    keys = [div.extract().get_text(" ", strip=True) for div in soup.select("div.kurs-facit")]
    return keys, page_text(soup)


def page_text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ", strip=True).split())


def test_the_trainer_pages_have_answer_keys():
    sources = [page_source(name).read_text(encoding="utf-8") for name in TRAINER_PAGES]
    assert sum(text.count(":class: note kurs-facit") for text in sources) >= 3, "uppläggen har facit"


@pytest.mark.parametrize("docname", TRAINER_PAGES)
def test_the_workshop_build_leaves_out_the_trainers_answer_keys(docname, built_book, workshop_book):
    book = (built_book / f"{docname}.html").read_text(encoding="utf-8")
    workshop = (workshop_book / f"{docname}.html").read_text(encoding="utf-8")
    keys, rest_of_page = answer_keys(book)
    source = page_source(docname).read_text(encoding="utf-8")
    assert len(keys) == source.count(":class: note kurs-facit"), "varje facit finns i självstudieboken"
    assert "kurs-facit" not in workshop, "workshopbygget har inga facit"
    workshop_text = page_text(BeautifulSoup(workshop, "html.parser"))
    sentences = [" ".join(s.split()) for key in keys for s in re.findall(r"[A-ZÅÄÖ][^.:!?]{40,}[.!?]", key)]
    only_in_answer_keys = [s for s in sentences if s not in rest_of_page]
    assert len(only_in_answer_keys) >= len(keys), "facit har meningar som bara står i facit"
    for sentence in only_in_answer_keys:
        assert sentence not in workshop_text


@pytest.mark.parametrize("docname", EXERCISES)
def test_the_workshop_downloads_have_no_solutions(docname, workshop_book):
    """The exercise downloaded from the workshop build (_ext/kurs_downloads.py) has no solution either."""
    import nbformat

    notebook = nbformat.read(workshop_book / "_sources" / f"{docname}.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells)
    assert "<details>" not in text and "Lösning" not in text
    assert "Övning (" in text, "uppgifterna finns kvar"


# --- every file the workshop build serves -----------------------------------------------------------
#
# What is secret comes from the self-study build of the sources, not from a list of strings: the
# text of every solution (div.solution: a {solution}, or a {solution-start}..{solution-end} with its
# code cells and their outputs) and of every trainer's answer key (div.kurs-facit), as many as the
# sources have. The answer boxes' expected answers and the self-tests' checks are for participants
# (the pages check answers with them), so they are not secret; _ext/kurs_workshop.py says the same.
#
# A secret is found by its runs of RUN words: a run of a secret block that no other text of the book
# has (its pages without the secret blocks, the data, the course package's code and the self-tests,
# which every build serves). Words are compared lower-cased, without punctuation or markup, so a run
# is found in HTML, Markdown, a notebook's JSON or a script alike.

RUN = 8
WORD = re.compile(r"\w+")
# The course package's own text: what its checks and tools say is for participants in every build.
PACKAGE_TEXT = (".py", ".js", ".json", ".css")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def runs(text: str) -> set[str]:
    found = words(text)
    return {" ".join(found[i:i + RUN]) for i in range(len(found) - RUN + 1)}


def unescaped(text: str) -> str:
    """Text with the escapes of JSON and JavaScript strings resolved (\\u00e5, \\n, \\")."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match[1], 16)), text)
    return re.sub(r"\\[nrt\"'/\\]", " ", text)


def json_strings(value) -> list[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [key, *json_strings(item)]]
    if isinstance(value, list):
        return [text for item in value for text in json_strings(item)]
    return []


def texts_of(name: str, data: bytes):
    """(name, the file's texts) for a served file, and for each file inside it if it is an archive
    (a .zip download, the wheel inside it). A file is read in every way that a person could read
    it: as it is, and for markup without its tags, for JSON and the search index as its strings."""
    if name.endswith("objects.inv"):  # four lines of header, then zlib
        header, _, compressed = data.partition(b"compressed using zlib.\n")
        data = header + zlib.decompress(compressed)
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from texts_of(f"{name}!{member}", archive.read(member))
        return
    text = data.decode("utf-8", errors="replace")
    texts = [text]
    if name.endswith((".html", ".xml", ".svg")):
        texts.append(html.unescape(re.sub(r"<[^>]*>", " ", text)))
        texts.append(html.unescape(text))
    if name.endswith((".json", ".ipynb")):
        texts.append("\n".join(json_strings(json.loads(text))))
    if name.endswith("searchindex.js"):
        texts.append("\n".join(json_strings(search_index(text))))
    yield name, [unescaped(text) for text in texts]


def search_index(script: str) -> dict:
    return json.loads(script[script.index("(") + 1:script.rindex(")")])


def served(root: Path):
    """(name, texts) for every file under ``root`` and every file in its archives."""
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield from texts_of(path.relative_to(root).as_posix(), path.read_bytes())


@dataclass
class Secrets:
    blocks: list[tuple[str, str]]  # (where: page and title, text) of each solution and answer key
    runs: dict[str, set[str]]  # each run that only secret blocks have -> those blocks' "where"
    rest: list[str]  # the other texts of the book


def block_title(div) -> str:
    title = div.select_one(".admonition-title")
    return " ".join(title.get_text(" ").split()) if title else ""


@pytest.fixture(scope="module")
def secrets(built_book) -> Secrets:
    blocks, rest = [], []
    for page in sorted(built_book.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for div in soup.select("div.solution, div.kurs-facit"):
            where = f"{page.relative_to(built_book).with_suffix('').as_posix()}: {block_title(div)}"
            blocks.append((where, div.extract().get_text(" ")))
        markup = str(soup)
        rest += [html.unescape(re.sub(r"<[^>]*>", " ", markup)), html.unescape(markup)]
    files = [*(ROOT / "data").iterdir(), *(ROOT / "chapters").glob("*.sjalvtest.yml"),
             *(path for path in (ROOT / "upphandlingskurs").rglob("*") if path.suffix in PACKAGE_TEXT)]
    rest += [path.read_text(encoding="utf-8") for path in files if path.is_file()]
    rest = [unescaped(text) for text in rest]
    common = set().union(*(runs(text) for text in rest))
    own = {}
    for where, text in blocks:
        for run in runs(text) - common:
            own.setdefault(run, set()).add(where)
    return Secrets(blocks, own, rest)


def leaks(root: Path, secrets: Secrets) -> dict[str, set[str]]:
    """For each file under ``root`` (or in its archives) that holds a secret: the blocks it holds."""
    found = {}
    for name, texts in served(root):
        shown = set().union(*(runs(text) for text in texts)) & secrets.runs.keys()
        if shown:
            found[name] = set().union(*(secrets.runs[run] for run in shown))
    return found


def test_the_secrets_are_every_solution_and_answer_key_of_the_sources(secrets):
    sources = [page_source(name).read_text(encoding="utf-8") for name in toc_docnames()]
    solutions = sum(len(re.findall(r"^[`:]{3,}\{solution(?:-start)?\}", text, re.MULTILINE)) for text in sources)
    keys = sum(len(re.findall(r"^:class:.*\bkurs-facit\b", text, re.MULTILINE)) for text in sources)
    assert solutions >= len(EXERCISES) and keys >= 3
    assert len(secrets.blocks) == solutions + keys, "varje lösning och varje facit i källorna"
    owners = set().union(*secrets.runs.values())
    for where, _ in secrets.blocks:
        assert where in owners, f"{where}: har ingen text som bara står där"


def test_the_same_reading_finds_the_secrets_in_every_kind_of_file_of_the_self_study_build(built_book, secrets):
    """The reading below sees through every format: in the self-study build it finds each secret in
    its page, in the page's source (.md) and, for a runnable page, in its notebook and in the zip."""
    found = leaks(built_book, secrets)
    for where, _ in secrets.blocks:
        docname = where.split(": ", 1)[0]
        places = [f"{docname}.html", f"_sources/{docname}.md"]
        if docname.startswith("exercises/"):
            stem = docname.rsplit("/", 1)[1]
            places += [f"_sources/{docname}.ipynb", f"_sources/{docname}.zip!{stem}/{stem}.ipynb"]
        for place in places:
            assert where in found.get(place, set()), f"{where} hittades inte i {place}"


def test_no_file_the_workshop_build_serves_holds_a_solution_or_an_answer_key(workshop_book, secrets):
    kinds, names = set(), []
    for name, _ in served(workshop_book):
        names.append(name)
        kinds.add(PurePosixPath(name).suffix)
    # Every kind of file is read, the zip files' and the wheel's contents and the search index included.
    assert {".html", ".md", ".ipynb", ".zip", ".js", ".css", ".csv", ".xml", ".inv", ".py", ".yml"} <= {
        PurePosixPath(name.split("!")[0]).suffix for name in names} | kinds
    assert any(name.endswith(".whl!upphandlingskurs/__init__.py") for name in names)
    assert {"searchindex.js", "sitemap.xml", "objects.inv"} <= set(names)
    assert any(name.startswith("_static/") for name in names)
    found = leaks(workshop_book, secrets)
    assert not found, "\n".join(f"{name}: {', '.join(sorted(blocks))}" for name, blocks in sorted(found.items()))


def test_the_search_index_has_no_word_that_only_a_secret_has(built_book, workshop_book, secrets):
    """The search index holds words, not sentences: no word (as written or as the index stems it)
    that only the solutions and answer keys have is in the workshop build's index."""
    from kurs_sok import SearchSwedishSnowball3  # the language the build indexes with

    language = SearchSwedishSnowball3({})

    def terms(text: str) -> set[str]:
        return {form for word in language.split(text) for form in (word.lower(), language.stem(word.lower()))}

    common = set().union(*(terms(text) for text in secrets.rest))
    only_secret = set().union(*(terms(text) for _, text in secrets.blocks)) - common

    def indexed(root: Path) -> set[str]:
        index = search_index((root / "searchindex.js").read_text(encoding="utf-8"))
        return set(index["terms"]) | set(index["titleterms"])

    assert only_secret & indexed(built_book), "självstudiebokens index har orden som bara lösningarna och facit har"
    assert not only_secret & indexed(workshop_book), sorted(only_secret & indexed(workshop_book))


@pytest.mark.parametrize("docname", EXERCISES + TRAINER_PAGES)
def test_the_workshop_build_serves_each_source_without_its_secrets(docname, workshop_book):
    """The download menu's .md: the page's source without its solutions and answer keys, still a
    notebook that JupyterLab opens (jupytext), with every task and every answer cell."""
    import jupytext

    source = page_source(docname).read_text(encoding="utf-8")
    text = (workshop_book / "_sources" / f"{docname}.md").read_text(encoding="utf-8")
    assert "{solution" not in text and "kurs-facit" not in text
    assert text.count("{exercise}") == source.count("{exercise}")
    answer_cells = source.count("\nsvar = None")
    assert answer_cells or not docname.startswith("exercises/")
    assert text.count("\nsvar = None") == answer_cells, "varje svarscell är kvar"
    assert text.startswith(source.split("\n# ", 1)[0]), "sidhuvudet (jupytext, kernelspec) är kvar"
    notebook = jupytext.reads(text, fmt="md:myst")
    assert notebook.metadata["kernelspec"]["name"] == "python3"


# --- the source without its secrets (_ext/kurs_workshop.py), without a build ----------------------

def test_a_source_loses_its_solutions_and_answer_keys_and_keeps_the_rest():
    from kurs_workshop import participants_source

    source = "\n".join([
        "# Övning", "", "```{exercise} Uppgift", ":label: u1", "", "Räkna.", "```", "",
        "```{solution} u1", ":class: dropdown", "", "Svaret är 3.", "```", "",
        "```{solution-start} u1", "```", "", "Så här:", "", "```{code-cell} ipython3", "1 + 2", "```", "",
        "```{solution-end}", "```", "",
        ":::{admonition} Facit: gruppen", ":class: note kurs-facit", "", "Rätt är B.", ":::", "",
        ":::{admonition} Tips", ":class: note", "", "Läs kapitlet.", ":::", "",
    ])
    cleaned = participants_source(source)
    assert "Räkna." in cleaned and "Läs kapitlet." in cleaned
    for secret in ("Svaret är 3.", "Så här:", "1 + 2", "Rätt är B.", "solution", "Facit"):
        assert secret not in cleaned
    assert "\n\n\n" not in cleaned


@pytest.mark.parametrize("source, problem", [
    ("::::{admonition} Ruta\n\n:::{admonition} Facit\n:class: kurs-facit\n\nB.\n:::\n::::\n", "rutan på rad 1"),
    ("```{solution-start} u1\n```\n\nSvar.\n", "saknar {solution-end}"),
    ("Text.\n\n```{solution-end}\n```\n", "har ingen {solution-start}"),
])
def test_a_secret_that_cannot_be_removed_stops_the_source(source, problem):
    from kurs_workshop import SecretNotRemovable, participants_source

    with pytest.raises(SecretNotRemovable, match=re.escape(problem)):
        participants_source(source)
