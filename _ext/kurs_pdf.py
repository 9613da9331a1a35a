"""The whole course as PDF (`make pdf`): one for participants, one for trainers.

Two steps. Sphinx's singlehtml builder writes the whole book as one page
(_build/singlehtml/index.html); this extension shapes that page for print. Then ``main()``
prints the page to PDF with Debian's Chromium through Playwright:

    python _ext/kurs_pdf.py _build/singlehtml/index.html _build/pdf/socialt-ansvarsfull-upphandling-utbildare.pdf

Two editions from one source. `make pdf` builds the one page twice: as it is, for trainers, and with
KURS_WORKSHOP=1, the workshop build without the solutions and the trainers' answer keys
(_ext/kurs_workshop.py removes them, for the web and the PDF alike), for participants. The
participants' edition also leaves out what only the trainers need on paper (``participants_edition``
below): the part "För utbildare" (the trainer pages, with the contents' entries and the links to them)
and the answer key printed after each self-test (on the web page the self-test checks each answer
itself, so the workshop build keeps it there). The built page says which edition it is (a
<meta name="kurs-pdf-utgava"> written here), so the printing step needs no flag and refuses to print
a participants' edition that still holds a solution, an answer key or a trainer page.

What the PDF shows (the print rules are in _static/kurs.css, upphandlingskurs/static/quiz.css and
upphandlingskurs/static/tool.css): a title page naming the edition, a table of contents with the page
of every chapter and exercise, the solutions printed open (trainers' edition), the self-tests printed
as questions with their options followed by an answer key, and each tool's example: its values and
the answer the Python rule gives for them. The trainers' edition has everything.

Chromium has no CSS ``target-counter()``, so the table of contents gets its page numbers in passes:
print, read from the PDF on which page each chapter's named destination is, write the numbers into
the contents, print again, and stop when the numbers printed are the pages read back.
"""

from __future__ import annotations

import datetime
import io
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
# The two editions: the page's <meta name="kurs-pdf-utgava"> names one. "om" replaces sentences of the
# title page's note (_templates/layout.html) where the edition needs others: (sentence, replacement).
EDITION_META = "kurs-pdf-utgava"
EDITIONS = {
    "utbildare": {"label": "Utgåva för utbildare", "om": []},
    "deltagare": {
        "label": "Utgåva för deltagare",
        "om": [
            ("Lösningarna till övningarna är utfällda.",
             "Lösningarna till övningarna och delen för utbildare är inte med, så att du kan arbeta med "
             "övningarna själv."),
            ("Självtesten visas med frågor och svarsalternativ, och efter den sista frågan i varje självtest "
             "står ett facit med de rätta svaren och förklaringarna.",
             "Självtesten visas med frågor och svarsalternativ, utan facit. Dina svar kan du kontrollera i "
             "självtesten på kursens webbsidor."),
        ],
    },
}
# The trainer pages (the part "För utbildare" in _toc.yml): not in the participants' edition.
TRAINER_PAGES = "utbildare/"
# A self-test's printed answer key and the line above the questions that points to it
# (upphandlingskurs/quiz.py); the participants' edition prints PARTICIPANTS_QUIZ_NOTE instead.
QUIZ_ANSWER_KEY = "kurs-quiz-facit"
QUIZ_PRINT_NOTE = "kurs-quiz-utskrift"
PARTICIPANTS_QUIZ_NOTE = "Välj ett svar på varje fråga. Dina svar kan du kontrollera i självtestet på kursens webbsida."
# What a participants' edition holds none of: the solutions and the trainers' answer keys (removed by
# the workshop build, _ext/kurs_workshop.py), the self-tests' answer keys and the trainer pages.
REMOVED_FOR_PARTICIPANTS = f'.solution, .kurs-facit, .{QUIZ_ANSWER_KEY}, [id^="document-{TRAINER_PAGES}"]'
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


def left_out(docname: str) -> bool:
    """Whether this edition leaves page ``docname`` out: the participants' edition has no trainer pages."""
    return edition() == "deltagare" and docname.startswith(TRAINER_PAGES)


def chapters_under_parts(app, doctree, docname) -> None:
    """singlehtml puts every page where the start page's table of contents stands, so the
    chapters end up as sub-sections of the start page's "Innehåll" and the parts ("Kursen",
    "Övningar", "Referens") disappear. Move each page to the top level under a heading for its
    part, so that the PDF's headings and bookmarks follow the book: part, chapter, section.
    The pages this edition leaves out go, with a part that has no page left."""
    if app.builder.name != "singlehtml" or docname != app.config.root_doc:
        return
    toctrees = list(app.env.get_doctree(docname).findall(addnodes.toctree))
    inlined = {node["docname"]: node for node in doctree.findall(addnodes.start_of_file)}
    emptied = []
    for name in [name for name in inlined if left_out(name)]:
        page = inlined.pop(name)
        if page.parent not in emptied:
            emptied.append(page.parent)
        page.parent.remove(page)
        unlink(doctree, page, name)
    for toctree in toctrees:
        if not any(str(included) in inlined for included in toctree["includefiles"]):
            continue
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


def unlink(doctree, page, name: str) -> None:
    """Links to a page that the edition leaves out become their text."""
    ids = {f"document-{name}"} | {node_id for node in page.findall(nodes.Element) for node_id in node.get("ids", [])}
    for reference in list(doctree.findall(nodes.reference)):
        target = reference.get("refid") or reference.get("refuri", "").rpartition("#")[2]
        if target in ids:
            reference.replace_self(nodes.inline("", "", *reference.children))


def participants_edition(app, doctree, docname) -> None:
    """The participants' edition prints each self-test without its answer key (the self-test's HTML,
    an output of the chapter's code, upphandlingskurs/quiz.py) and says where to check the answers."""
    if app.builder.name != "singlehtml" or docname != app.config.root_doc or edition() != "deltagare":
        return
    from bs4 import BeautifulSoup  # pinned in requirements.txt (pydata-sphinx-theme needs it)

    for raw in list(doctree.findall(nodes.raw)):
        if QUIZ_ANSWER_KEY not in raw.astext():
            continue
        soup = BeautifulSoup(raw.astext(), "html.parser")
        for key in soup.select(f".{QUIZ_ANSWER_KEY}"):
            key.decompose()
        for note in soup.select(f".{QUIZ_PRINT_NOTE}"):
            note.string = PARTICIPANTS_QUIZ_NOTE
        raw.replace_self(nodes.raw("", str(soup), format=raw.get("format"), classes=raw.get("classes", [])))


def participants_contents(app, context) -> None:
    """The printed table of contents (the one page's "toc") without the pages the edition leaves out,
    and without a part that has none left."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(context.get("toc", ""), "html.parser")
    for link in soup.select('a[href^="#document-"]'):
        item = link.find_parent("li")
        if item is not None and left_out(link["href"].removeprefix("#document-")):
            item.decompose()
    for listing in soup.select("ul"):
        if not listing.select("li"):
            caption = listing.find_previous_sibling()
            if caption is not None and "caption" in caption.get("class", []):
                caption.decompose()
            listing.decompose()
    context["toc"] = str(soup)


def edition() -> str:
    """The edition this build makes: the workshop build (KURS_WORKSHOP=1) is the participants'."""
    from kurs_workshop import workshop_build

    return "deltagare" if workshop_build() else "utbildare"


def title_page_context(app, pagename, templatename, context, doctree) -> None:
    """What the PDF's title page says (_templates/layout.html shows it for singlehtml only), and
    which edition the page is, for the printing step."""
    if app.builder.name != "singlehtml":
        return
    from upphandlingskurs.sources import legal_status_date, swedish_date

    context["metatags"] = context.get("metatags", "") + f'\n<meta name="{EDITION_META}" content="{edition()}" />'
    if edition() == "deltagare":
        participants_contents(app, context)

    context["kurs_pdf"] = {
        "author": app.config.author,
        "galler_per": legal_status_date(),
        "datum": swedish_date(datetime.date.today()),
        "license": app.config.html_theme_options.get("extra_footer", ""),
    }


def setup(app):
    app.connect("builder-inited", share_html_handlers)
    app.connect("doctree-resolved", chapters_under_parts)
    app.connect("doctree-resolved", participants_edition)
    app.connect("html-page-context", title_page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# --- Printing: the one page to PDF ----------------------------------------------------------

# Before printing: open every <details> (collapsed content is printed open) and turn links to
# local files (.csv and .ipynb downloads) into plain text, since in a PDF they would point into
# the build folder on the machine that printed it. Links within the book and to the web stay.
# The captions in the printed table of contents ("Kursen", "Övningar", "Referens") lose their
# heading role, so that the PDF's bookmarks list each part once, at its own page.
# singlehtml marks where a page begins with an empty <span id="document-…"> just before the page's
# section; a chapter begins on a new page, so the span is left at the foot of the page before. Links
# to a page (the contents, cross-references) are pointed at the page's section instead, and the PDF's
# link then opens the page where the chapter begins.
# The title page names the edition (and says the edition's sentences about the solutions and the
# self-tests), and every entry of the printed table of contents gets a box for its page number,
# filled in by print_pdf().
# Returns the ids the contents' entries link to, in order, or an error in Swedish.
PREPARE = """(edition) => {
    document.querySelectorAll('details').forEach((d) => { d.open = true; });
    document.querySelectorAll('a[href]').forEach((a) => {
        const url = new URL(a.href, document.baseURI);
        if (url.protocol === 'file:' && url.pathname !== location.pathname) { a.removeAttribute('href'); }
    });
    document.querySelectorAll('#jb-print-toc [role=heading]').forEach((caption) => {
        caption.removeAttribute('role');
        caption.removeAttribute('aria-level');
    });

    const sections = new Map();
    document.querySelectorAll('span[id^="document-"]').forEach((span) => {
        const next = span.nextElementSibling;
        if (next && next.tagName === 'SECTION' && next.id) { sections.set('#' + span.id, '#' + next.id); }
    });
    document.querySelectorAll('a[href^="#document-"]').forEach((a) => {
        const target = sections.get(a.getAttribute('href'));
        if (target) { a.setAttribute('href', target); }
    });

    const subtitle = document.querySelector('.kurs-pdf-titelsida .kurs-pdf-undertitel');
    if (!subtitle) { return {error: 'Titelsidan saknas i boken på en sida.'}; }
    const label = document.createElement('p');
    label.className = 'kurs-pdf-utgava';
    label.textContent = edition.label;
    subtitle.after(label);
    for (const [sentence, replacement] of edition.om) {
        const walker = document.createTreeWalker(document.querySelector('.kurs-pdf-om'), NodeFilter.SHOW_TEXT);
        let replaced = false;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.nodeValue.replace(/\\s+/g, ' ');
            if (text.includes(sentence)) { node.nodeValue = text.replace(sentence, replacement); replaced = true; }
        }
        if (!replaced) { return {error: `Titelsidan säger inte längre "${sentence}" (_templates/layout.html).`}; }
    }

    const targets = [];
    document.querySelectorAll('#jb-print-toc nav a[href^="#"]').forEach((a) => {
        const title = document.createElement('span');
        title.className = 'kurs-pdf-toc-titel';
        title.append(...a.childNodes);
        const leader = document.createElement('span');
        leader.className = 'kurs-pdf-toc-prickar';
        const number = document.createElement('span');
        number.className = 'kurs-pdf-toc-sida';
        number.textContent = edition.placeholder;
        a.classList.add('kurs-pdf-toc');
        a.append(title, leader, number);
        targets.push(decodeURIComponent(a.getAttribute('href').slice(1)));
    });
    return {targets};
}"""
# The printed contents: title, a dotted leader, the page number at the right margin. The number's
# box is wide enough for any number the book has, so filling it in moves nothing on the page.
# The list is set tighter than the theme's navigation, without bullets, so that it fits on one page.
TOC_STYLE = """
@media print {
  #jb-print-toc nav .caption { font-weight: 600; margin: 0.9rem 0 0.2rem; }
  #jb-print-toc nav ul { list-style: none; padding-left: 1.2em; margin: 0; }
  #jb-print-toc nav li { list-style: none; margin: 0; padding: 0.12rem 0; line-height: 1.35; }
  #jb-print-toc nav a.kurs-pdf-toc { display: flex; align-items: baseline; gap: 0.4em; padding: 0; color: inherit; }
  #jb-print-toc .kurs-pdf-toc-titel { flex: 0 1 auto; }
  #jb-print-toc .kurs-pdf-toc-prickar { flex: 1 1 auto; min-width: 1.5em; border-bottom: 1px dotted currentColor; }
  #jb-print-toc .kurs-pdf-toc-sida { flex: none; min-width: 3.5ch; text-align: right; font-variant-numeric: tabular-nums; }
  /* The edition's line takes its room from the space above the note, so the title page stays one page. */
  .kurs-pdf-titelsida .kurs-pdf-utgava { font-size: 1.2em; font-weight: 600; margin: -2rem 0 2rem; }
  .kurs-pdf-titelsida .kurs-pdf-om { margin-top: 3rem; }
}
"""
PAGE_NUMBERS = """(numbers) => document.querySelectorAll('#jb-print-toc .kurs-pdf-toc-sida')
    .forEach((box, index) => { box.textContent = numbers[index]; })"""
PLACEHOLDER = "000"  # as wide as any page number up to 999 (the box takes 3.5 digits)
MAX_PASSES = 4
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


def page_edition(html: Path) -> str:
    """The edition the one-page book was built as (its <meta name="kurs-pdf-utgava">)."""
    found = re.search(rf'<meta name="{EDITION_META}" content="([^"]*)"', html.read_text(encoding="utf-8"))
    if not found or found[1] not in EDITIONS:
        raise SystemExit(f"{html} säger inte vilken utgåva den är: bygg boken på en sida med make pdf.")
    return found[1]


def destination_pages(pdf: bytes, ids: list[str]) -> list[int | None]:
    """The page (counted from 1) of each id's named destination in ``pdf``; None where there is none.
    Chromium writes a named destination for every element that a link in the document points to."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages = {str(name).lstrip("/"): reader.get_destination_page_number(destination) + 1
             for name, destination in reader.named_destinations.items()}
    return [pages.get(name) for name in ids]


def print_pdf(html: Path, pdf: Path, chromium: Path = CHROMIUM) -> tuple[str, int]:
    """Print the one-page book ``html`` to ``pdf``: its edition, with the contents' page numbers.
    Returns the edition and the number of pages."""
    if not chromium.exists():
        raise SystemExit(NO_CHROMIUM.format(path=chromium))
    if not html.is_file():
        raise SystemExit(f"{html} finns inte: bygg först boken på en sida (make pdf gör det).")
    name = page_edition(html)
    other = [word for word in EDITIONS if word != name and word in pdf.name]
    if other:
        raise SystemExit(f"{html} är utgåvan för {name}, men filnamnet {pdf.name} säger {other[0]}.")
    from playwright.sync_api import sync_playwright

    pdf.parent.mkdir(parents=True, exist_ok=True)
    options = dict(
        format="A4",
        margin={"top": "18mm", "bottom": "20mm", "left": "18mm", "right": "18mm"},
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER,
        tagged=True,  # a structure tree for screen readers (headings, lists, tables, alt text)
        outline=True,  # bookmarks from the headings: part, chapter, section
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(color_scheme="light")
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.evaluate("() => document.fonts.ready")
            if name == "deltagare":
                left = page.evaluate("(css) => document.querySelectorAll(css).length", REMOVED_FOR_PARTICIPANTS)
                if left:
                    raise SystemExit(f"{html} är utgåvan för deltagare men har {left} lösningar, facit eller "
                                     "sidor för utbildare kvar.")
            page.add_style_tag(content=TOC_STYLE)
            prepared = page.evaluate(PREPARE, {**EDITIONS[name], "placeholder": PLACEHOLDER})
            if "error" in prepared:
                raise SystemExit(prepared["error"])
            targets = prepared["targets"]
            shown: list[int | None] = []
            for _ in range(MAX_PASSES):
                printed = page.pdf(**options)
                found = destination_pages(printed, targets)
                missing = [target for target, number in zip(targets, found) if number is None]
                if missing:
                    raise SystemExit(f"Innehållsförteckningen pekar på {', '.join(missing)}, som inte finns i PDF-filen.")
                if found == shown:
                    break
                page.evaluate(PAGE_NUMBERS, [str(number) for number in found])
                shown = found
            else:
                raise SystemExit("Sidnumren i innehållsförteckningen flyttade sig vid varje utskrift.")
            pdf.write_bytes(printed)
            page.emulate_media(media="print")
            headings = page.evaluate(HEADINGS)
        finally:
            browser.close()
    repair_bookmarks(pdf, headings)
    from pypdf import PdfReader

    return name, len(PdfReader(pdf).pages)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("Användning: python _ext/kurs_pdf.py <bok på en sida, index.html> <pdf-fil>", file=sys.stderr)
        return 2
    html, pdf = Path(argv[0]), Path(argv[1])
    name, pages = print_pdf(html, pdf)
    print(f"Kursen som PDF, {EDITIONS[name]['label'].lower()}: {pdf} ({pages} sidor)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
