"""axe-core finds nothing, of any impact, on any page of the built book (issue 11, item 7).

Every HTML page of the build (the pages of _toc.yml, the search page, the register, Mina framsteg)
and the 404 page at a missing address, plus the search page with hits and without, are opened at
a desktop (1280 × 900) and a phone (320 × 640) viewport, in light and dark mode. axe-core runs on
the whole document with every rule it runs by default, and any violation fails the test, named by
page, rule and element. The book is served under the path of html.baseurl, as a static host serves
it (the 404 page's links start there).

A second test opens what the theme opens on request (the sidebars on a phone, the search dialog,
the download menu, the tooltips of the header's buttons) and runs axe-core again.

Where the fixes are: _templates/sbt-sidebar-nav.html and html_sidebars in _config.yml (the
course's title inside the navigation landmark), navbar_persistent in _config.yml (no second header
whose hidden sidebar buttons kept the visible ones from opening anything on a phone),
_static/verktygstips.js (the theme's tooltips inside their button's landmark), _static/kurs.css
(the searched words' contrast in dark mode), _ext/kurs_tabeller.py (no empty table header cells;
row headers in two-way tables).
"""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, toc_docnames
from test_book_html import built_pages
from test_browser import AXE_FILE, axe_findings
from test_publish import BASE_PATH, static_host  # noqa: F401 (the book as a static host serves it)

sys.path.insert(0, str(ROOT / "_ext"))
from kurs_tabeller import mark_table_headers  # noqa: E402

VIEWPORTS = {"dator": {"width": 1280, "height": 900}, "telefon": {"width": 320, "height": 640}}
MISSING_PAGE = "kapitel/som/inte/finns.html"  # answered with 404.html
# The search page as a reader meets it besides empty: with hits and without. (A page opened from a
# hit gets "?highlight=", but Sphinx's highlighting does nothing where the theme loads the search
# on every page, as pydata-sphinx-theme does: the page is the same as without it.)
SEARCH_STATES = [
    "search.html?q=f%C3%B6retaget",
    "search.html?q=reserverade+kontrakt",
    "search.html?q=qwxzyv",
]


def every_page(built_book) -> list[str]:
    """Every page of the build, the 404 page (at a missing address) and the search states."""
    pages = [page.relative_to(built_book).as_posix() for page in built_pages(built_book)]
    return pages + [MISSING_PAGE] + SEARCH_STATES


def test_every_page_is_checked(built_book):
    """The list of pages is the build itself: every page of _toc.yml, the search page, the
    register if it is built, Mina framsteg and the 404 page."""
    pages = every_page(built_book)
    expected = [f"{name}.html" for name in toc_docnames()] + ["search.html", MISSING_PAGE]
    assert "referens/mina-framsteg.html" in expected
    assert not [page for page in expected if page not in pages]
    assert (built_book / "404.html").is_file()
    assert ((built_book / "genindex.html").is_file()) == ("genindex.html" in pages)


def open_and_check(page, address: str) -> list[str]:
    response = page.goto(address, wait_until="networkidle")
    # A missing page would be answered with the 404 page, which would then be checked in its place.
    assert response is not None and response.status == (404 if address.endswith(MISSING_PAGE) else 200), address
    if "search.html?q=" in address:
        # Sphinx's search writes its summary when the last hit is listed.
        page.wait_for_function("() => document.querySelector('#search-results .search-summary')?.textContent.trim()")
    return axe_findings(page)


@pytest.mark.browser
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_axe_finds_nothing_on_any_page(browser, built_book, static_host, viewport, color_scheme):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=color_scheme)
    page = context.new_page()
    found = []
    for path in every_page(built_book):
        found += [f"{path}: {finding}" for finding in open_and_check(page, f"{static_host}{BASE_PATH}{path}")]
    context.close()
    assert not found, f"{viewport}, {color_scheme}:\n" + "\n".join(found)


# What the theme opens on request, as a reader opens it: the viewports, what it is, how it is
# opened, and what shows once it is open (so that a button that opens nothing fails the test).
DOWNLOAD_MENU = ".article-header-buttons .dropdown-toggle"
TOOLTIP = ".tooltip.show"
OPENED = [
    (["telefon"], "kursens meny", lambda page: page.locator(".bd-header-article .primary-toggle").click(),
     "#pst-primary-sidebar-modal[open] nav.bd-docs-nav"),
    (["telefon"], "sidans innehåll", lambda page: page.locator(".bd-header-article .secondary-toggle").click(),
     "#pst-secondary-sidebar-modal[open] nav"),
    (["dator", "telefon"], "sökrutan", lambda page: page.keyboard.press("Control+k"), "#pst-search-dialog[open]"),
    (["dator", "telefon"], "nedladdningsmenyn", lambda page: page.locator(DOWNLOAD_MENU).click(),
     ".article-header-buttons .dropdown-menu.show"),
    (["dator", "telefon"], "verktygstipset i nedladdningsmenyn",
     lambda page: (page.locator(DOWNLOAD_MENU).click(), page.locator(".dropdown-menu.show a").first.hover()), TOOLTIP),
    (["dator", "telefon"], "verktygstipset för färgläget", lambda page: page.locator(".theme-switch-button").hover(),
     TOOLTIP),
    (["dator"], "verktygstipset för sökknappen i menyn",
     lambda page: page.locator(".bd-docs-nav .search-button-field").hover(), TOOLTIP),
    (["telefon"], "verktygstipset för sökknappen",
     lambda page: page.locator(".bd-header-article .search-button").hover(), TOOLTIP),
    (["dator", "telefon"], "verktygstipset för menyknappen",
     lambda page: page.locator(".bd-header-article .primary-toggle").focus(), TOOLTIP),
]


@pytest.mark.browser
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_axe_finds_nothing_in_what_the_theme_opens(browser, static_host, viewport, color_scheme):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=color_scheme)
    page = context.new_page()
    address = f"{static_host}{BASE_PATH}chapters/04-reserverade-kontrakt.html"
    found = []
    for viewports, what, open_it, shown in OPENED:
        if viewport not in viewports:
            continue
        page.goto(address, wait_until="networkidle")
        open_it(page)
        page.locator(shown).wait_for()
        page.wait_for_timeout(300)  # the theme's fade-in, so that axe-core sees the final colours
        found += [f"{what}: {finding}" for finding in axe_findings(page)]
    context.close()
    assert not found, f"{viewport}, {color_scheme}:\n" + "\n".join(found)


@pytest.mark.browser
def test_the_check_reports_findings_of_lower_impact(browser):
    """Minor and moderate findings count: an empty table header cell and text outside landmarks."""
    page = browser.new_page()
    page.set_content('<html lang="sv"><head><title>Prov</title></head><body><p>Utanför</p><main>'
                     "<table><tr><th></th><th>A</th></tr><tr><td>1</td><td>2</td></tr></table></main></body></html>")
    found = " ".join(axe_findings(page))
    page.close()
    assert AXE_FILE.exists()
    assert "minor empty-table-header" in found and "moderate region" in found


# --- the tables' header cells (no browser) ---------------------------------------------------------

def test_an_empty_header_cell_of_a_data_frame_becomes_a_data_cell():
    """pandas writes an empty <th> above the index, and a row of them when the index has a name."""
    frame = ('<table border="1" class="dataframe"><thead><tr style="text-align: right;"><th></th><th>start</th>'
             "</tr><tr><th>kontrakt_id</th><th></th></tr></thead><tbody><tr><th>K-1</th><td>2024</td></tr>"
             "</tbody></table>")
    assert mark_table_headers(frame) == (
        '<table border="1" class="dataframe"><thead><tr style="text-align: right;"><td></td><th>start</th>'
        "</tr><tr><th>kontrakt_id</th><td></td></tr></thead><tbody><tr><th>K-1</th><td>2024</td></tr>"
        "</tbody></table>")


def test_a_two_way_table_gets_row_headers():
    """A Markdown table with an empty top-left cell ("| | A | B |") names its rows in the first column."""
    table = ('<table class="table">\n<thead>\n<tr class="row-odd"><th class="head"><p></p></th>\n'
             '<th class="head"><p>4 kap. 18 § LOU</p></th>\n</tr>\n</thead>\n<tbody>\n'
             '<tr class="row-even"><td><p>Vem får delta?</p></td>\n<td><p>Skyddade verkstäder</p></td>\n</tr>\n'
             "</tbody>\n</table>")
    marked = mark_table_headers(f"<p>Före</p>{table}<p>Efter</p>")
    assert '<tr class="row-odd"><td class="head"><p></p></td>' in marked
    assert ('<tr class="row-even"><th scope="row"><p>Vem får delta?</p></th>\n'
            "<td><p>Skyddade verkstäder</p></td>") in marked
    assert marked.startswith("<p>Före</p>") and marked.endswith("<p>Efter</p>")


def test_a_table_with_every_header_named_is_left_as_it_is():
    table = ('<table class="table"><thead><tr><th class="head"><p>Regel</p></th><th class="head"><p>Gäller</p></th>'
             "</tr></thead><tbody><tr><td><p>A</p></td><td><p>B</p></td></tr></tbody></table>")
    assert mark_table_headers(table) == table
