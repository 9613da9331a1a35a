"""The whole course as one PDF (`make pdf`).

Two steps. Sphinx's singlehtml builder writes the whole book as one page
(_build/singlehtml/index.html); this extension shapes that page for print. Then ``main()``
prints the page to PDF with Debian's Chromium through Playwright:

    python _ext/kurs_pdf.py _build/singlehtml/index.html _build/pdf/socialt-ansvarsfull-upphandling.pdf

What the PDF shows (the print rules are in _static/kurs.css and upphandlingskurs/static/quiz.css):
the solutions to the exercises are printed open, the self-tests are printed as questions with
their options followed by an answer key, and the tools show their snapshot for the example's values.
"""

from __future__ import annotations

import datetime
import os
import re
import sys
from pathlib import Path

from docutils import nodes
from sphinx import addnodes

from upphandlingskurs.chromium import CHROMIUM as DEBIAN_CHROMIUM
from upphandlingskurs.chromium import CHROMIUM_ARGS

CHROMIUM = Path(os.environ.get("CHROMIUM", DEBIAN_CHROMIUM))  # Debian's; `make pdf CHROMIUM=…` for another
NO_CHROMIUM = (
    "Chromium saknas: make pdf skriver ut kursen med Debians Chromium ({path}). "
    "Installera det med 'apt-get install chromium' och försök igen."
)
FOOTER = (
    '<div style="width:100%; font-size:8pt; text-align:center; color:#333;">'
    '<span class="title"></span> – sida <span class="pageNumber"></span> av <span class="totalPages"></span></div>'
)

# --- The Sphinx side: the one-page build ---------------------------------------------------


def share_html_handlers(app) -> None:
    """sphinx-exercise 1.2.1 registers its nodes for the "singlehtml" builder by name. Sphinx
    then uses only the handlers registered under that name and no longer falls back to the
    "html" ones, so every other extension's nodes (sphinx-design's cards, for one) become
    unknown and the build stops (sphinx-doc/sphinx#9160). Give singlehtml the html handlers it
    lacks; handlers registered for singlehtml itself are kept."""
    if app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for name, visit_depart in handlers.get("html", {}).items():
        single.setdefault(name, visit_depart)


def chapters_under_parts(app, doctree, docname) -> None:
    """singlehtml puts every page where the start page's table of contents stands, so the
    chapters end up as sub-sections of the start page's "Innehåll" and the parts ("Kursen",
    "Övningar", "Referens") disappear. Move each page to the top level under a heading for its
    part, so that the PDF's headings and bookmarks follow the book: part, chapter, section."""
    if app.builder.name != "singlehtml" or docname != app.config.root_doc:
        return
    toctrees = list(app.env.get_doctree(docname).findall(addnodes.toctree))
    inlined = {node["docname"]: node for node in doctree.findall(addnodes.start_of_file)}
    emptied = []
    for toctree in toctrees:
        caption = toctree.get("caption")
        if caption:
            target = nodes.section(ids=[f"del-{nodes.make_id(caption)}"], classes=["kurs-pdf-del"])
            target += nodes.title(caption, caption)
            doctree += target
        else:
            target = doctree
        for included in toctree["includefiles"]:
            page = inlined.get(str(included))
            if page is None:
                continue
            if page.parent not in emptied:
                emptied.append(page.parent)
            page.parent.remove(page)
            for section in page.children:
                if isinstance(section, nodes.section):
                    section["classes"].append("kurs-pdf-kapitel")
            target += page
    # The start page's "Innehåll" section is left with only its heading: the PDF has its own
    # table of contents (see _templates/layout.html).
    sections = []
    for container in emptied:
        while container is not None and not isinstance(container, nodes.section):
            container = container.parent
        if container is not None and container not in sections:
            sections.append(container)
    for section in sections:
        if section.astext().strip() == section[0].astext().strip():
            section.parent.remove(section)


def title_page_context(app, pagename, templatename, context, doctree) -> None:
    """What the PDF's title page says (_templates/layout.html shows it for singlehtml only)."""
    if app.builder.name != "singlehtml":
        return
    from upphandlingskurs.sources import legal_status_date, swedish_date

    context["kurs_pdf"] = {
        "author": app.config.author,
        "galler_per": legal_status_date(),
        "datum": swedish_date(datetime.date.today()),
        "license": app.config.html_theme_options.get("extra_footer", ""),
    }


def setup(app):
    app.connect("builder-inited", share_html_handlers)
    app.connect("doctree-resolved", chapters_under_parts)
    app.connect("html-page-context", title_page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# --- Printing: the one page to PDF ----------------------------------------------------------

# Before printing: open every <details> (collapsed content is printed open) and turn links to
# local files (.csv and .ipynb downloads) into plain text, since in a PDF they would point into
# the build folder on the machine that printed it. Links within the book and to the web stay.
# The captions in the printed table of contents ("Kursen", "Övningar", "Referens") lose their
# heading role, so that the PDF's bookmarks list each part once, at its own page.
PREPARE = """() => {
    document.querySelectorAll('details').forEach((d) => { d.open = true; });
    document.querySelectorAll('a[href]').forEach((a) => {
        const url = new URL(a.href, document.baseURI);
        if (url.protocol === 'file:' && url.pathname !== location.pathname) { a.removeAttribute('href'); }
    });
    document.querySelectorAll('#jb-print-toc [role=heading]').forEach((caption) => {
        caption.removeAttribute('role');
        caption.removeAttribute('aria-level');
    });
}"""
# The headings as printed, for repair_bookmarks().
HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter((h) => h.getClientRects().length > 0)
    .map((h) => [...h.childNodes].filter((n) => !(n.classList && n.classList.contains('headerlink')))
                                 .map((n) => n.textContent).join('').trim())"""


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _same_heading(bookmark: str, heading: str) -> bool:
    """Whether a bookmark, as Chromium wrote it, stands for ``heading``: it begins and ends as
    the heading does and uses no other letters."""
    bookmark, heading = _squeezed(bookmark), _squeezed(heading)
    return (bool(heading) and bookmark.startswith(heading[:12]) and bookmark.endswith(heading[-6:])
            and set(bookmark) <= set(heading))


def repair_bookmarks(pdf: Path, headings: list[str]) -> None:
    """Give the PDF's bookmarks the headings' own text. Chromium 156 builds a bookmark from the
    heading's printed lines: where a heading wraps it drops the space ("ansvarsfullupphandling"),
    and some headings come out with a line written twice ("KursenKursen"). The bookmarks follow
    the printed headings one to one and in order, so each gets the text of its heading."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=str(pdf))
    outlines = writer.root_object.get("/Outlines")
    if outlines is None:
        return

    def items(node):
        child = node.get_object().get("/First")
        while child is not None:
            child = child.get_object()
            yield child
            yield from items(child)
            child = child.get("/Next")

    bookmarks = list(items(outlines))
    if len(bookmarks) != len(headings):
        return  # not the one-to-one order this relies on: keep Chromium's text
    for bookmark, heading in zip(bookmarks, headings):
        if _same_heading(str(bookmark["/Title"]), heading):
            bookmark[NameObject("/Title")] = TextStringObject(heading)
    writer.write(str(pdf))


def print_pdf(html: Path, pdf: Path, chromium: Path = CHROMIUM) -> None:
    """Print the one-page book ``html`` to ``pdf``."""
    if not chromium.exists():
        raise SystemExit(NO_CHROMIUM.format(path=chromium))
    if not html.is_file():
        raise SystemExit(f"{html} finns inte: bygg först boken på en sida (make pdf gör det).")
    from playwright.sync_api import sync_playwright

    pdf.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(color_scheme="light")
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.evaluate("() => document.fonts.ready")
            page.evaluate(PREPARE)
            page.pdf(
                path=str(pdf),
                format="A4",
                margin={"top": "18mm", "bottom": "20mm", "left": "18mm", "right": "18mm"},
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                tagged=True,  # a structure tree for screen readers (headings, lists, tables, alt text)
                outline=True,  # bookmarks from the headings: part, chapter, section
            )
            page.emulate_media(media="print")
            headings = page.evaluate(HEADINGS)
        finally:
            browser.close()
    repair_bookmarks(pdf, headings)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("Användning: python _ext/kurs_pdf.py <bok på en sida, index.html> <pdf-fil>", file=sys.stderr)
        return 2
    html, pdf = Path(argv[0]), Path(argv[1])
    print_pdf(html, pdf)
    print(f"Kursen som PDF: {pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
