"""The book on a phone, or zoomed to 400 %: at 320 CSS px no page scrolls sideways (WCAG 1.4.10),
a wide table scrolls inside its own named box that the keyboard reaches, and chapter 4's
comparison of the three rules stays readable (see _static/kurs.css and _ext/kurs_tabeller.py)."""

from __future__ import annotations

import pytest

from test_book_html import built_pages
from test_browser import axe_findings

pytestmark = pytest.mark.browser

WIDTH = 320  # CSS px: a small phone, or a 1280 px wide window at 400 % zoom
CHAPTER_FOUR = "chapters/04-reserverade-kontrakt.html"

# What sticks out past the right edge of the screen (its box, or text that overflows its box),
# outside any box that scrolls or clips it: the innermost such elements are named in the failure
# message, so that it says what to fix.
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const clipped = (element) => {
        for (let a = element.parentElement; a && a !== document.body; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (style.position === 'fixed' || style.overflowX !== 'visible') return true;
        }
        return false;
    };
    const sticking = [...document.querySelectorAll('body *')].filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width && Math.max(box.right, box.left + element.scrollWidth) > width + 0.5 && !clipped(element);
    });
    return sticking
        .filter((element) => !sticking.some((other) => other !== element && element.contains(other)))
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} `
                          + `"${element.textContent.trim().slice(0, 40)}"`);
}"""


@pytest.fixture
def phone(browser, book_server):
    """A browser page 320 CSS px wide that opens paths of the book."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 640})
    page = context.new_page()

    def _open(path: str):
        page.goto(f"{book_server}/{path}", wait_until="load")
        return page

    yield _open
    context.close()


def scrolls_sideways(page) -> dict | None:
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if sizes[0] <= sizes[1]:
        return None
    return {"scrollWidth": sizes[0], "clientWidth": sizes[1], "sticker ut": page.evaluate(OVERFLOWING)}


def test_no_page_scrolls_sideways_at_320_px(phone, built_book):
    paths = [page.relative_to(built_book).as_posix() for page in built_pages(built_book)]
    paths.append("search.html?q=tillg%C3%A4nglighetsredog%C3%B6relse")  # a results page with long words
    assert len(paths) > 20
    problems = [f"{path}: {problem}" for path in paths if (problem := scrolls_sideways(phone(path)))]
    assert not problems, "\n".join(problems)


def test_the_check_catches_a_page_that_scrolls_sideways(browser):
    page = browser.new_page(viewport={"width": WIDTH, "height": 640})
    page.set_content('<html lang="sv"><body><h1 style="font-size:3rem">Tillgänglighetsredogörelsen</h1></body></html>')
    problem = scrolls_sideways(page)
    page.close()
    assert problem and "Tillgänglighetsredogörelsen" in " ".join(problem["sticker ut"])


def test_a_long_heading_breaks_instead_of_being_cut(phone):
    page = phone("referens/tillganglighetsredogorelse.html")
    heading = page.locator("article h1").first
    box = heading.bounding_box()
    assert box["x"] + box["width"] <= WIDTH
    lines = page.evaluate("(h) => Math.round(h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight))",
                          heading.element_handle())
    assert lines >= 2, "det långa ordet bryts på flera rader"


def wide_tables(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.bd-article .pst-scrollable-table-container')]
            .filter(box => box.scrollWidth > box.clientWidth)
            .map(box => ({tabIndex: box.tabIndex, role: box.getAttribute('role'),
                          label: box.getAttribute('aria-label') || '',
                          right: box.getBoundingClientRect().right}))"""
    )


@pytest.mark.parametrize("path", [CHAPTER_FOUR, "chapters/08-goda-exempel.html", "beslutsvag.html"])
def test_a_wide_table_scrolls_in_a_named_box_that_tab_reaches(phone, path):
    page = phone(path)
    page.wait_for_timeout(500)  # the theme sets the boxes' tabindex after the page has loaded
    tables = wide_tables(page)
    assert tables, "sidan har en tabell som är bredare än skärmen"
    for table in tables:
        assert table["tabIndex"] == 0 and table["role"] == "region", table
        assert table["label"].startswith("Tabell"), table
        assert table["right"] <= WIDTH, table
    # Tab from the top of the page reaches the first wide table, and its focus is visible.
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; return {scroll: e.classList.contains('pst-scrollable-table-container')"
            " && e.scrollWidth > e.clientWidth, outline: getComputedStyle(e).outlineStyle}; }"
        )
        if focused["scroll"]:
            break
    else:
        pytest.fail("Tabbtangenten når inte tabellens rullningsruta")
    assert focused["outline"] != "none"
    page.keyboard.press("ArrowRight")
    # The arrow key scrolls the table (smoothly, so wait for it).
    page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=3000)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_chapter_four_at_320_px_has_no_accessibility_violation_of_any_impact(browser, book_server, color_scheme):
    """Its wide tables scroll in named boxes, its comparison has row headers (every page at 320 px:
    tests/test_axe_every_page.py)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 640}, color_scheme=color_scheme)
    page = context.new_page()
    page.goto(f"{book_server}/{CHAPTER_FOUR}", wait_until="networkidle")
    page.wait_for_timeout(500)
    found = axe_findings(page)
    context.close()
    assert not found, "\n".join(found)


def test_chapter_four_comparison_is_readable_at_320_px(phone):
    """Each rule's column is wide enough for lines of a few words, and the question a row answers
    stays in view while the reader scrolls to the third rule."""
    page = phone(CHAPTER_FOUR)
    table = page.locator("table.table", has_text="19 kap. 25 a § LOU")
    layout = table.evaluate(
        """(t) => {
            const box = t.closest('.pst-scrollable-table-container');
            const widths = [...t.rows[1].cells].map(c => c.getBoundingClientRect().width);
            const first = t.rows[1].cells[0], second = t.rows[1].cells[1];
            const together = second.getBoundingClientRect().right <= box.getBoundingClientRect().right + 1;
            box.scrollLeft = box.scrollWidth;
            return {widths, together, firstLeft: first.getBoundingClientRect().left,
                    boxLeft: box.getBoundingClientRect().left, scrolled: box.scrollLeft};
        }"""
    )
    assert len(layout["widths"]) == 4
    assert all(width >= 150 for width in layout["widths"][1:]), layout
    assert layout["together"], "frågan och den första regeln syns bredvid varandra"
    assert layout["scrolled"] > 0 and abs(layout["firstLeft"] - layout["boxLeft"]) <= 1, "frågan står kvar"
