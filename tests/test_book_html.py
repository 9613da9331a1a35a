"""The built book: every page is there, in Swedish, with no English interface text and no
broken internal link; and a failing cell fails the build with a message that names the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import build_book, copy_project, toc_docnames

pytestmark = pytest.mark.build

# Interface strings that Sphinx, the themes and extensions write in English unless the
# project translates them (see locale/sv/LC_MESSAGES/sphinx.po and _templates/).
ENGLISH_STRINGS = [
    "Search this book", "Search the docs", "Skip to main content", "Back to top", "Color mode",
    "Light", "Dark", "System Settings", "Toggle primary sidebar", "Toggle secondary sidebar",
    "Site navigation", "On this page", "Main", "Page", "Link to this heading", "Link to this table",
    "Show code cell", "Hide code cell", "Show code", "Toggle hidden content", "Click to show",
    "Click to hide", "Click to expand", "Click to collapse", "Download this page", "Download source file",
    "Print to PDF", "Download notebook file", "Fullscreen mode", "Contents", "Previous", "Next", "previous page", "next page",
    "Copyright", "Last updated", "By ", "Version warning", "Announcement", "Breadcrumb", "Home",
    "Section Navigation", "Show Source", "Launch", "Open an issue", "Edit this page", "Source repository",
    "Please activate JavaScript", "Search Results", "Error", "Exercise", "Solution", "Copy",
    # DataTables (and itables, which bundles it) writes these unless every language option is set.
    "Search:", "Showing", "entries", "No data available", "No matching records", "activate to sort",
    "Activate to sort", "Loading", "Processing", "First", "Last", "static preview",
]
# Where a reader (or a screen reader) meets interface text besides the visible text.
TEXT_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-bs-title", "aria-description")


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.lang = None
        self.images_without_alt: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("script", "style"):
            self._skip += 1
        for name in ("id", "name"):
            if attrs.get(name):
                self.ids.add(attrs[name])
        for name in TEXT_ATTRIBUTES:
            if attrs.get(name):
                self.texts.append(attrs[name])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag == "img" and "alt" not in attrs:
            self.images_without_alt.append(attrs.get("src", "?"))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def english_strings_in(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for english in ENGLISH_STRINGS:
            # Whole words only, so "Main" does not match "Mainstream" and "Page" not "Pagemaker".
            if re.search(rf"(?<![\wåäöÅÄÖ]){re.escape(english.strip())}(?![\wåäöÅÄÖ])", text):
                found.append(f"{english!r} i {text[:80]!r}")
    return found


def built_pages(built_book: Path) -> list[Path]:
    """The pages a reader can open (not the theme's template fragments in _static/)."""
    return sorted(page for page in built_book.rglob("*.html") if "_static" not in page.parts)


def test_every_toc_page_is_built(built_book):
    for docname in toc_docnames():
        assert (built_book / f"{docname}.html").is_file(), f"{docname}.html saknas i bygget"


def test_every_page_is_swedish_without_english_interface_text(built_book):
    problems = []
    for page in built_pages(built_book):
        parsed = parse(page)
        name = page.relative_to(built_book)
        if parsed.lang != "sv":
            problems.append(f"{name}: lang={parsed.lang!r}")
        problems += [f"{name}: {hit}" for hit in english_strings_in(parsed.texts)]
    assert not problems, "\n".join(problems)


def test_english_string_check_catches_an_untranslated_label():
    assert english_strings_in(["Skip to main content"]) and english_strings_in(["Toggle primary sidebar"])
    assert not english_strings_in(["Hoppa till huvudinnehållet", "Mainstream", "Sidans innehåll"])


def test_every_image_has_alt_text(built_book):
    missing = [f"{page.relative_to(built_book)}: {src}" for page in built_pages(built_book)
               for src in parse(page).images_without_alt]
    assert not missing, "\n".join(missing)


def test_internal_links_resolve(built_book):
    problems = []
    parsed_pages = {page: parse(page) for page in built_pages(built_book)}
    for page, parsed in parsed_pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(built_book)}: {link} finns inte")
            elif parts.fragment and target.suffix == ".html":
                target_ids = parsed_pages[target].ids if target in parsed_pages else parse(target).ids
                if parts.fragment not in target_ids:
                    problems.append(f"{page.relative_to(built_book)}: ankaret #{parts.fragment} finns inte i {target.name}")
    assert not problems, "\n".join(problems)


def test_quiz_and_data_table_are_on_chapter_one(built_book):
    page = (built_book / "chapters" / "01-vad-ar-socialt-ansvarsfull-upphandling.html").read_text(encoding="utf-8")
    assert page.count('class="kurs-quiz-fraga"') >= 5
    assert "286 546" in page  # the county's population, computed from data/kommuner.csv at build time
    assert "Dalarnas kommuner efter folkmängd" in page


def test_every_notebook_page_can_be_downloaded_as_ipynb(built_book):
    import nbformat

    for docname in toc_docnames():
        if not docname.startswith(("chapters/", "exercises/")):
            continue
        page = (built_book / f"{docname}.html").read_text(encoding="utf-8")
        link = re.search(r'href="([^"]+\.ipynb)"', page)
        assert link, f"{docname} saknar nedladdning som .ipynb"
        notebook = nbformat.read((built_book / docname).parent / link.group(1), as_version=4)
        nbformat.validate(notebook)
        assert any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), "körd, med resultat"


def test_every_exercise_offers_its_data_as_csv(built_book):
    for docname in toc_docnames():
        if docname.startswith("exercises/"):
            page = (built_book / f"{docname}.html").read_text(encoding="utf-8")
            links = re.findall(r'href="([^"]+\.csv)"', page)
            assert links, f"{docname} saknar nedladdning av data"
            for link in links:
                assert ((built_book / docname).parent / link).read_text(encoding="utf-8").count("\n") > 1


def test_a_failing_cell_fails_the_build_and_names_the_page(tmp_path):
    project = copy_project(tmp_path / "kurs")
    (project / "chapters" / "trasig-sida.md").write_text(
        (project / "index.md").read_text(encoding="utf-8").split("# ")[0]
        + "# Trasig sida\n\n```{code-cell} ipython3\nfrom upphandlingskurs import load_table\n"
        "load_table('finns_inte')\n```\n",
        encoding="utf-8",
    )
    toc = project / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8") + "      - file: chapters/trasig-sida\n", encoding="utf-8")
    result = build_book(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "trasig-sida" in output
    assert "Det finns ingen tabell som heter 'finns_inte'" in output
