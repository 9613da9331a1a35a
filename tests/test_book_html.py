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
TEXT_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-bs-title", "aria-description", "data-tooltip")


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.lang = None
        self.images_without_alt: list[str] = []
        self.images: list[dict[str, str]] = []
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
        if tag == "img":
            self.images.append({"src": attrs.get("src") or "?", "alt": attrs.get("alt")})
            if "alt" not in attrs:
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


# Everything a reader sees or hears on a page after its scripts ran: the text and the attributes
# that screen readers and tooltips use (one script for every browser test that looks for English).
SCREEN_TEXTS_JS = """(attributes) => [document.body.innerText, ...[...document.querySelectorAll('*')].flatMap(
    (element) => attributes.map((name) => element.getAttribute(name)).filter(Boolean))]"""


def screen_lines(page, extra: tuple[str, ...] = ()) -> list[str]:
    """The non-empty lines of a Playwright page's text and text attributes, plus ``extra`` texts."""
    texts = page.evaluate(SCREEN_TEXTS_JS, list(TEXT_ATTRIBUTES)) + list(extra)
    return [line for text in texts for line in text.splitlines() if line.strip()]


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
    # 404.html links from the site's root on purpose (a host serves it at any address);
    # tests/test_publish.py checks it.
    return sorted(page for page in built_book.rglob("*.html")
                  if "_static" not in page.parts and page.name != "404.html")


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


def meaningless_alt(image: dict[str, str]) -> bool:
    """No alt, an empty one, or one that only repeats the file (Sphinx's fallback for an image
    without alt text is its file name)."""
    alt = (image["alt"] or "").strip()
    return not alt or alt == image["src"] or re.fullmatch(r"\S+\.(png|svg|jpe?g|gif|webp)", alt, re.I) is not None


def test_every_image_has_meaningful_alt_text(built_book):
    found = [f"{page.relative_to(built_book)}: {image['src'][:60]} alt={image['alt']!r}"
             for page in built_pages(built_book) for image in parse(page).images if meaningless_alt(image)]
    assert not found, "\n".join(found)


def test_meaningless_alt_check_catches_file_names_and_empty_text():
    assert meaningless_alt({"src": "a.png", "alt": ""}) and meaningless_alt({"src": "a.png", "alt": "a.png"})
    assert meaningless_alt({"src": "x", "alt": "../_images/3f2a.png"}) and meaningless_alt({"src": "x", "alt": None})
    assert not meaningless_alt({"src": "data:image/png;base64,AAA", "alt": "Diagram: levererat per kvartal."})


class ChartParser(HTMLParser):
    """Images and the course's data tables in document order, so a chart can be matched with the
    table after it."""

    def __init__(self):
        super().__init__()
        self.items: list[dict] = []
        self._skip = 0
        self._table: dict | None = None  # the course table being read
        self._depth = 0  # tables open inside it (none are expected)
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if self._skip:
            return
        if tag == "img":
            self.items.append({"kind": "image", "src": attrs.get("src") or "", "alt": attrs.get("alt") or ""})
        elif tag == "table" and self._table is not None:
            self._depth += 1
        elif tag == "table" and "kurs-tabell" in (attrs.get("class") or "").split():
            self._table = {"kind": "table", "caption": "", "headers": [], "rows": []}
            self.items.append(self._table)
        elif self._table is None or self._depth:
            return
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._table["headers"]:
            self._table["rows"].append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if self._skip or self._table is None:
            return
        if tag == "table":
            if self._depth:
                self._depth -= 1
            else:
                self._table = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None and not self._depth:
            text = "".join(self._cell).strip()
            (self._table["headers"] if tag == "th" else self._table["rows"][-1]).append(text)
            self._cell = None

    def handle_data(self, data):
        if self._skip or self._table is None:
            return
        if self._in_caption:
            self._table["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def charts(page_html: str) -> list[tuple[dict, dict | None]]:
    """Every image on the page with the first data table after it (None if another image or the
    end of the page comes first)."""
    parser = ChartParser()
    parser.feed(page_html)
    found = []
    for i, item in enumerate(parser.items):
        if item["kind"] == "image":
            following = next((other for other in parser.items[i + 1:] if other["kind"] in ("image", "table")), None)
            found.append((item, following if following and following["kind"] == "table" else None))
    return found


def swedish_number(text: str) -> float:
    return float(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))


def has_data_table(table: dict | None) -> bool:
    return table is not None and table["caption"].startswith("Diagrammets data") and bool(table["rows"])


def test_chart_check_catches_a_chart_without_its_data_table():
    table = ('<table class="kurs-tabell"><caption>Diagrammets data: x</caption><thead><tr><th>a</th></tr></thead>'
             '<tbody><tr><td>1</td></tr></tbody></table>')
    other = '<table class="dataframe"><tr><th>b</th></tr><tr><td>2</td></tr></table>'
    (image, found), = charts(f'<img src="a.png" alt="Diagram">{table}')
    assert has_data_table(found) and found["headers"] == ["a"] and found["rows"] == [["1"]]
    assert not has_data_table(charts('<img src="a.png" alt="Diagram"><p>Ingen tabell</p>')[0][1])
    assert not has_data_table(charts(f'<img src="a.png" alt="A"><img src="b.png" alt="B">{table}')[0][1])
    (_, found), = charts(f'<img src="a.png" alt="Diagram">{table}{other}')
    assert found["rows"] == [["1"]], "cells of a later pandas table are not counted"


def test_every_chart_has_its_data_in_a_table_right_after_it(built_book):
    problems = []
    for page in built_pages(built_book):
        for image, table in charts(page.read_text(encoding="utf-8")):
            if not has_data_table(table):
                problems.append(f"{page.relative_to(built_book)}: diagrammet {image['alt'][:60]!r} har ingen datatabell")
    assert not problems, "\n".join(problems)


def test_the_follow_up_charts_describe_and_tabulate_the_data(built_book):
    """Exercise 5: each chart's alt text and table carry the numbers of data/uppfoljning.csv for its
    contract, up to the exercise's report date, computed here with pandas."""
    import pandas as pd

    from upphandlingskurs import load_table
    from upphandlingskurs.rules.parameters import parameter
    from upphandlingskurs.tools.follow_up import default_report_date

    followup = load_table("uppfoljning")
    REPORT_DATE = default_report_date(followup)
    found = charts((built_book / "exercises" / "05-folj-upp-kontrakt.html").read_text(encoding="utf-8"))
    assert found, "övning 5 visar ett diagram"
    for image, table in found:
        assert image["src"].startswith("data:image/svg+xml;base64,")
        contract = re.search(r"kontrakt (\S+),", image["alt"]).group(1)
        rows = followup[(followup["kontrakt_id"] == contract) & (followup["kvartal"] <= pd.Timestamp(REPORT_DATE))]
        rows = rows.sort_values("kvartal")
        committed = float(rows["atagande_heltidsmanader"].iloc[0])
        totals = rows["levererade_heltidsmanader"].cumsum().round(1)

        assert table["headers"] == ["Kvartal", "Levererat under kvartalet", "Anställningar som upphört", "Levererat totalt"]
        assert [row[0] for row in table["rows"]] == [day.strftime("%Y-%m-%d") for day in rows["kvartal"]]
        assert [swedish_number(row[1]) for row in table["rows"]] == list(rows["levererade_heltidsmanader"])
        assert [swedish_number(row[2]) for row in table["rows"]] == list(rows["avbrutna_anstallningar"])
        assert [swedish_number(row[3]) for row in table["rows"]] == list(totals)
        share = parameter("fullgjord_andel_procent")
        caption_numbers = [swedish_number(n) for n in re.findall(r"(\d[\d\u00a0]*(?:,\d+)?) (?:månader|procent)", table["caption"])]
        assert caption_numbers == [committed, share, committed * share / 100]

        alt = image["alt"].replace("\u00a0", " ")
        numbers = [swedish_number(n) for n in re.findall(r"(\d[\d ]*(?:,\d+)?) av (\d[\d ]*(?:,\d+)?) utlovade", alt)[0]]
        assert numbers == [totals.iloc[-1], committed], alt
        assert f"Efter {len(rows)} kvartal" in alt
        threshold = committed * share / 100
        if totals.iloc[-1] >= committed:
            assert "når hela åtagandet" in alt
        elif totals.iloc[-1] >= threshold:
            assert f"når {share:g} procent av åtagandet" in alt and "men inte hela åtagandet" in alt
        else:
            assert f"når inte upp till {share:g} procent av åtagandet" in alt


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
