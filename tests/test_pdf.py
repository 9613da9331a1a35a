"""The whole course as two PDFs (`make pdf`): the book on one page, printed by Debian's Chromium, once
for participants (the workshop build: no solutions, no trainer pages, no answer keys) and once for
trainers (everything).

The PDFs are made once, from the session's clean build (so the notebooks are not executed again),
with the commands `make pdf` runs (read from `make -n pdf`), and then read back with pypdf: every
page title is there and in the bookmarks, the table of contents gives the page where each chapter
and exercise begins, Swedish text and tables survive, the trainers' edition prints the solutions
open and has the trainer pages with their answer keys and the self-tests' answer keys, the
participants' edition has none of them, the self-tests are printed with their options, each tool
prints its example, and the PDF is tagged."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup  # pinned in requirements.txt (pydata-sphinx-theme needs it)
from pypdf import PdfReader

from conftest import ROOT, page_source, require_chromium, toc_docnames
from upphandlingskurs import static_tools
from upphandlingskurs.chromium import CHROMIUM
from upphandlingskurs.sources import legal_status_date, page_title

sys.path.insert(0, str(ROOT / "_ext"))
import kurs_pdf  # noqa: E402  (the editions' texts)

pytestmark = pytest.mark.build

EDITIONS = ("utbildare", "deltagare")  # trainers', participants'
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
CHAPTERS = [name for name in toc_docnames() if name.startswith("chapters/")]
ANSWER_KEY = ":class: note kurs-facit"  # a trainer page's answer key (_ext/kurs_workshop.py)
TRAINER_PAGES = [name for name in toc_docnames() if name.startswith(kurs_pdf.TRAINER_PAGES)]


def edition_docnames(edition: str) -> list[str]:
    """The pages of the book that an edition prints, in order: the participants' has no trainer pages."""
    return [name for name in toc_docnames() if edition == "utbildare" or name not in TRAINER_PAGES]


def title_of(docname: str) -> str:
    return page_title(page_source(docname).read_text(encoding="utf-8"))


def flat(text: str) -> str:
    """Text with every run of white space (line breaks, no-break spaces) as one space, no space after
    a hyphen (a compound such as "ASF-lista" broken at the end of a printed line reads "ASF- lista"),
    and no space inside brackets or before punctuation (pypdf writes one after inline code). Done on
    both sides of every comparison, so nothing else is lost."""
    text = re.sub(r"(?<=\w-) (?=\w)", "", re.sub(r"\s+", " ", text)).strip()
    return re.sub(r"(?<=[(\[]) | (?=[.,;:!?)\]])", "", text)


# --- making the PDFs as `make pdf` does ---------------------------------------------------------

def make_pdf_commands(project: Path) -> list[tuple[dict, list[str]]]:
    """The commands `make pdf` runs to build the one-page books and print them, as `make -n` lists
    them: (environment variables, argv), with the project's .venv/bin replaced by this Python's."""
    listed = subprocess.run(["make", "-n", "pdf", f"CHROMIUM={CHROMIUM}"], capture_output=True, text=True,
                            cwd=project, timeout=120)
    assert listed.returncode == 0, listed.stderr
    commands = []
    for line in listed.stdout.splitlines():
        if "--builder singlehtml" not in line and "_ext/kurs_pdf.py" not in line:
            continue
        words = shlex.split(line)
        env = {}
        while re.fullmatch(r"[A-Z_]+=.*", words[0]):
            name, value = words.pop(0).split("=", 1)
            env[name] = value
        words[0] = re.sub(r"^\.venv/bin/", f"{Path(sys.executable).parent}/", words[0])
        commands.append((env, words))
    return commands


@dataclass
class Printed:
    edition: str
    pdf: Path
    one_page: Path  # the folder of the one-page book it was printed from
    reader: PdfReader
    pages: list[str]
    text: str


FOOTER = re.compile(r"\n?[^\n]* – sida \d+ av \d+\s*$")  # the page number line at the foot of each page


@pytest.fixture(scope="module")
def made(built_book) -> dict[str, Printed]:
    """Both editions, made in the session's clean copy of the project with `make pdf`'s commands."""
    require_chromium()
    project = built_book.parent.parent
    commands = make_pdf_commands(project)
    assert len(commands) == 4, "två böcker på en sida och två utskrifter"
    base = {key: value for key, value in os.environ.items() if key != "KURS_WORKSHOP"}
    made = {}
    for env, argv in commands:
        result = subprocess.run(argv, capture_output=True, text=True, cwd=project, env={**base, **env}, timeout=900)
        assert result.returncode == 0, f"{shlex.join(argv)}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        if argv[1].endswith("kurs_pdf.py"):
            html, pdf = project / argv[2], project / argv[3]
            edition = next(name for name in EDITIONS if name in pdf.name)
            reader = PdfReader(pdf)
            pages = [page.extract_text() for page in reader.pages]
            text = flat("\n".join(FOOTER.sub("", page) for page in pages))
            made[edition] = Printed(edition, pdf, html.parent, reader, pages, text)
    return made


@pytest.fixture(scope="module", params=EDITIONS)
def printed(request, made) -> Printed:
    return made[request.param]


def one_page_html(printed: Printed) -> str:
    return (printed.one_page / "index.html").read_text(encoding="utf-8")


def bookmarks(reader) -> list[tuple[int, str, int]]:
    """(depth, title, page counted from 1) for every bookmark, in order."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


# --- the two editions ---------------------------------------------------------------------------

def test_make_pdf_makes_two_editions_in_build_pdf(made, record_property):
    assert set(made) == set(EDITIONS)
    for edition, printed in made.items():
        assert printed.pdf.is_file() and printed.pdf.parent.name == "pdf" and printed.pdf.parent.parent.name == "_build"
        assert printed.pdf.name == f"socialt-ansvarsfull-upphandling-{edition}.pdf"
        record_property(f"sidor_{edition}", len(printed.pages))
        print(f"{printed.pdf.name}: {len(printed.pages)} sidor")
    assert len(made["deltagare"].pages) < len(made["utbildare"].pages), "utan lösningar och facit blir den kortare"
    # The participants' edition is printed from the workshop build, the trainers' from the book as it is.
    assert 'content="deltagare"' in one_page_html(made["deltagare"])
    assert 'content="utbildare"' in one_page_html(made["utbildare"])


def only_in(selector: str, page_html: str) -> list[list[str]]:
    """For each sentence of the elements ``selector`` on the trainers' one-page book that the rest of
    the book does not say, its first and last 40 characters (those the rest does not say either).
    Printed, a sentence may be broken by a page break, where Chromium writes a box's title into the
    text; one end of it is then still whole."""
    soup = BeautifulSoup(page_html, "html.parser")
    article = soup.select_one("article.bd-article")
    removed = [element.extract() for element in article.select(selector)]
    rest = flat(article.get_text(" ")) + " " + flat(article.get_text(""))
    ends = []
    for element in removed:
        for block in element.select("p, li"):
            if "admonition-title" in block.get("class", []) or block.find(["p", "li", "pre"]):
                continue
            for sentence in re.findall(r"[A-ZÅÄÖ][^.:!?]{40,}[.!?]", flat(block.get_text())):
                found = [end for end in (sentence[:40], sentence[-40:]) if end not in rest]
                if found:
                    ends.append(found)
    return ends


def test_solutions_are_in_the_trainers_edition_only(made):
    trainers, participants = made["utbildare"], made["deltagare"]
    page = one_page_html(trainers)
    # As many solutions as the pages' sources have (gated or not), printed open.
    sources = [page_source(name).read_text(encoding="utf-8") for name in toc_docnames()]
    in_sources = sum(len(re.findall(r"^[`:]{3,}\{solution(?:-start)?\}", text, re.MULTILINE)) for text in sources)
    assert in_sources and len(BeautifulSoup(page, "html.parser").select("div.solution")) == in_sources
    ends = only_in("div.solution", page)
    assert len(ends) >= in_sources, "varje lösning har meningar som bara står i lösningen"
    for found in ends:
        assert any(end in trainers.text for end in found), f"lösningen saknas i utbildarnas utgåva: {found[0]}"
        assert not any(end in participants.text for end in found), f"lösningen står i deltagarnas utgåva: {found[0]}"
    assert not BeautifulSoup(one_page_html(participants), "html.parser").select("div.solution")


def test_the_trainers_answer_keys_are_in_the_trainers_edition_only(made):
    trainers, participants = made["utbildare"], made["deltagare"]
    page = one_page_html(trainers)
    in_sources = sum(page_source(name).read_text(encoding="utf-8").count(ANSWER_KEY) for name in toc_docnames())
    keys = BeautifulSoup(page, "html.parser").select("div.kurs-facit")
    assert in_sources >= 3 and len(keys) == in_sources
    ends = only_in("div.kurs-facit", page)
    assert len(ends) >= len(keys), "varje facit har meningar som bara står i facit"
    for found in ends:
        assert any(end in trainers.text for end in found), f"facit saknas i utbildarnas utgåva: {found[0]}"
        assert not any(end in participants.text for end in found), f"facit står i deltagarnas utgåva: {found[0]}"
    # The keys' titles ("Facit: …") are printed for trainers only.
    titles = [flat(key.select_one(".admonition-title").get_text()) for key in keys]
    assert all(title in trainers.text for title in titles)
    assert not [title for title in titles if title in participants.text]


def test_the_trainer_pages_are_in_the_trainers_edition_only(made):
    trainers, participants = made["utbildare"], made["deltagare"]
    assert TRAINER_PAGES and len(edition_docnames("deltagare")) == len(toc_docnames()) - len(TRAINER_PAGES)
    part = next(part["caption"] for part in TOC["parts"] if part["chapters"][0]["file"] in TRAINER_PAGES)
    for printed, shown in ((trainers, True), (participants, False)):
        marks = [title for _, title, _ in bookmarks(printed.reader)]
        contents = flat(printed.pages[1])
        for title in [part, *map(title_of, TRAINER_PAGES)]:
            assert (title in marks) == shown, f"{title} bland bokmärkena i {printed.pdf.name}"
        for name in TRAINER_PAGES:
            assert (flat(title_of(name)) in contents) == shown, f"{title_of(name)} i innehållet i {printed.pdf.name}"
    # No sentence that only the trainer pages have is printed for participants.
    ends = only_in(f'span[id^="document-{kurs_pdf.TRAINER_PAGES}"] + section', one_page_html(trainers))
    assert len(ends) >= 10 * len(TRAINER_PAGES), "sidorna för utbildare har meningar som bara står där"
    for found in ends:
        assert any(end in trainers.text for end in found), f"utbildarnas sida saknas i utbildarnas utgåva: {found[0]}"
        assert not any(end in participants.text for end in found), f"utbildarnas sida står i deltagarnas utgåva: {found[0]}"
    # The one page they were printed from has none of them, and no link to them.
    page = BeautifulSoup(one_page_html(participants), "html.parser")
    assert not page.select(kurs_pdf.REMOVED_FOR_PARTICIPANTS)
    assert not page.select(f'article a[href^="#document-{kurs_pdf.TRAINER_PAGES}"]')


def test_a_pdf_is_not_printed_under_the_other_editions_name(made, tmp_path):
    trainers = made["utbildare"]
    wrong = tmp_path / "socialt-ansvarsfull-upphandling-deltagare.pdf"
    result = subprocess.run([sys.executable, str(ROOT / "_ext" / "kurs_pdf.py"), str(trainers.one_page / "index.html"),
                             str(wrong)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "är utgåvan för utbildare" in result.stderr
    assert "Traceback" not in result.stderr and not wrong.exists()


# --- what both editions show ----------------------------------------------------------------------

def test_every_page_title_is_in_the_pdf_and_its_bookmarks(printed):
    pages = edition_docnames(printed.edition)
    titles = [title_of(name) for name in pages]
    marks = [(depth, title) for depth, title, _ in bookmarks(printed.reader)]
    for title in titles:
        assert flat(title) in printed.text, f"{title} saknas i PDF-filen"
        assert title in [mark for _, mark in marks], f"{title} saknas bland bokmärkena"
    # Each part of _toc.yml that has pages in the edition is a top-level bookmark, with its pages one
    # level below.
    toc_parts = [part for part in TOC["parts"] if any(entry["file"] in pages for entry in part["chapters"])]
    parts = [part["caption"] for part in toc_parts]
    assert [mark for depth, mark in marks if depth == 0] == [titles[0], *parts]
    starts = [marks.index((0, part)) for part in parts] + [len(marks)]
    for number, part in enumerate(toc_parts):
        in_part = [mark for depth, mark in marks[starts[number]:starts[number + 1]] if depth == 1]
        assert in_part == [title_of(entry["file"]) for entry in part["chapters"]]


def test_the_contents_give_the_page_where_each_chapter_and_exercise_begins(printed):
    """The contents (page 2) list every page of the book but the start page with a page number; the
    heading is on that page (its text and its bookmark) and the entry's link opens that page."""
    contents = flat(printed.pages[1])
    assert contents.startswith("Innehåll")
    entries, position = [], 0
    for name in edition_docnames(printed.edition)[1:]:
        title = flat(title_of(name))
        found = re.compile(re.escape(title) + r" (\d+)").search(contents, position)
        assert found, f"{title} saknas i innehållsförteckningen eller har inget sidnummer"
        entries.append((title, int(found[1])))
        position = found.end()
    chapter_marks = {title: page for depth, title, page in bookmarks(printed.reader) if depth == 1}
    for title, number in entries:
        assert chapter_marks[title] == number, f"{title}: innehållet säger sidan {number}, rubriken står på {chapter_marks[title]}"
        assert title in flat(printed.pages[number - 1]), f"{title} står inte på sidan {number}"
    numbers = [number for _, number in entries]
    assert numbers == sorted(numbers) and numbers[0] > 2
    # Each entry is a link to its page.
    destinations = printed.reader.named_destinations
    links = sorted((annotation.get_object() for annotation in printed.reader.pages[1].get("/Annots", [])
                    if annotation.get_object().get("/Dest")), key=lambda link: -float(link["/Rect"][3]))
    opened = [printed.reader.get_destination_page_number(destinations[str(link["/Dest"])]) + 1 for link in links]
    assert opened == numbers


def test_swedish_text_survives(printed):
    for word in ["Övning 1:", "upphandling", "4 kap. 18 § LOU", "Självtest", "Förkunskaper", "Tidsåtgång",
                 "Sammanfattning", "Påhittat scenario", "Källor och vidare läsning"]:
        assert word in printed.text, word
    assert "\ufffd" not in printed.text, "inga tecken som inte gick att läsa"
    assert not re.search("[\ufb00-\ufb06]", printed.text), "inga ligaturer (ﬁ, ﬀ) i texten: den går att söka i"
    assert not re.search("[\ue000-\uf8ff]", printed.text), "inga ikoner ur ikontypsnitt, som en skärmläsare inte kan läsa"


def test_a_data_table_and_a_text_table_keep_their_headers(printed):
    # The county table on chapter 1 (data/kommuner.csv) and the table of places for a social
    # requirement on chapter 2 (a Markdown table).
    assert "Dalarnas kommuner efter folkmängd" in printed.text
    assert "Kommun Folkmängd" in printed.text and "286 546" in printed.text
    assert "Plats Lagrum Vad kravet gäller" in printed.text


def test_title_page_names_the_edition_and_every_page_is_numbered(printed):
    title_page = flat(printed.pages[0])
    assert title_page.startswith(CONFIG["title"])
    assert CONFIG["author"] in title_page
    assert f"gäller per den {legal_status_date()}" in title_page
    assert kurs_pdf.EDITIONS[printed.edition]["label"] in title_page
    solutions = "Lösningarna till övningarna är utfällda"
    if printed.edition == "utbildare":
        assert solutions in title_page and "facit med de rätta svaren" in title_page
    else:
        assert solutions not in title_page
        for sentence, replacement in kurs_pdf.EDITIONS["deltagare"]["om"]:
            assert flat(sentence) not in title_page and flat(replacement) in title_page
    assert flat(printed.pages[1]).startswith("Innehåll"), "titelsidan är en sida, innehållet börjar på sidan 2"
    assert len(printed.pages) > len(edition_docnames(printed.edition)), "varje kapitel börjar på en ny sida"
    for number, page in enumerate(printed.pages, start=1):
        assert f"sida {number} av {len(printed.pages)}" in page


def test_no_navigation_or_theme_controls_in_the_pdf(printed):
    for interface in [CONFIG["sphinx"]["config"]["html_theme_options"]["search_bar_text"],
                      "Hoppa till huvudinnehållet", "Tillbaka till början", "Visa eller dölj innehållet", "Färgläge"]:
        assert interface not in printed.text, interface


def test_self_tests_print_questions_and_options_and_for_trainers_the_answer_key(printed):
    text = printed.text
    trainers = printed.edition == "utbildare"
    quizzes = [yaml.safe_load(page_source(name).with_suffix(".sjalvtest.yml").read_text(encoding="utf-8"))
               for name in CHAPTERS]
    for quiz in quizzes:
        for number, question in enumerate(quiz["questions"], start=1):
            assert flat(f"Fråga {number} av {len(quiz['questions'])}. {question['prompt']}") in text
            for option in question["options"]:
                assert flat(option["text"]) in text
            right = next(option for option in question["options"] if option["correct"])
            # The answer key: the right answer followed by why it is right (for trainers only).
            assert (flat(f"{right['text']} {right['feedback']}") in text) == trainers, "facit: rätt svar med förklaringen"
            if not trainers:
                assert flat(right["feedback"]) not in text, "ingen förklaring till det rätta svaret"
    # One answer key per self-test for trainers, none for participants (the trainer pages' answer keys
    # are titled "Facit: …"; "Facit finns …" is the warning on a trainer page).
    assert len(re.findall(r"Facit(?!:| finns)", text)) == (len(quizzes) if trainers else 0)
    # The line above the questions says where the answers are.
    note = "jämför sedan med facit efter den sista frågan" if trainers else flat(kurs_pdf.PARTICIPANTS_QUIZ_NOTE)
    assert text.count(note) == len(quizzes)
    # The buttons are not printed: "Kontrollera svaret" is left only where a page's text names it.
    named = sum(page_source(name).read_text(encoding="utf-8").count("Kontrollera svaret")
                for name in edition_docnames(printed.edition))
    assert text.count("Kontrollera svaret") == named


def on_exercise_page(tool) -> bool:
    """Whether ``tool`` is on an exercise page of the one-page book (each page follows its
    <span id="document-…">)."""
    for parent in tool.parents:
        before = parent.find_previous_sibling("span") if parent.name == "section" else None
        if before is not None and before.get("id", "").startswith("document-exercises/"):
            return True
    return False


def test_each_tool_prints_its_example_and_the_rules_answer(printed):
    example = flat(f"{static_tools.EXAMPLE_TEXTS['label']} {static_tools.EXAMPLE_TEXTS['intro']}")
    soup = BeautifulSoup(one_page_html(printed), "html.parser")
    tools = soup.select("section[data-kurs-verktyg]")  # static_tools.render_tool's
    assert len(tools) >= 2 * len(static_tools.TOOLS), "i kapitlen och på sidan Beslutsverktyg"
    # The exercises' tools print no example for participants: for the scenario's values it would be
    # the answer to a task (static_exercises.examples_printed). They print their filled-in form.
    in_exercises = [tool for tool in soup.select("section[data-kurs-verktyg], section[data-kurs-ovning-verktyg]")
                    if on_exercise_page(tool)]
    assert in_exercises, "övningarnas verktyg finns i PDF:en"
    for tool in in_exercises:
        assert (tool.select_one(".kurs-verktyg-exempel") is not None) == (printed.edition == "utbildare")
        assert tool.select_one("form"), "formuläret finns"
    if printed.edition != "utbildare":
        tools = [tool for tool in tools if not on_exercise_page(tool)]
    # Each example's first line ("Exempel. …") is printed once per tool that has it.
    intros = Counter(flat(shown.p.get_text()) for shown in soup.select(".kurs-verktyg-exempel"))
    assert intros[example] >= len(tools)
    for intro, count in intros.items():
        assert printed.text.count(intro) == count, "varje verktyg skriver ut sitt exempel"
    # Each example is printed: the answer its page computed for its values ...
    for tool in tools:
        shown = tool.select_one(".kurs-verktyg-exempel")
        assert flat(shown.select_one(".kurs-beslut strong").get_text()) in printed.text
    # ... which for the tools' own defaults is the Python rule's answer, with its reasons.
    for tool_id in static_tools.TOOLS:
        decision = static_tools.decide(tool_id, static_tools.default_values(tool_id))
        assert flat(decision.summary) in printed.text, tool_id
        for reason in decision.reasons:
            assert flat(reason) in printed.text, f"{tool_id}: {reason}"
        assert flat(static_tools.paragraphs_line(decision)) in printed.text


def test_pdf_is_tagged_in_swedish_with_alt_text_and_no_links_into_the_build_folder(printed):
    reader = printed.reader
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "sv"
    assert reader.metadata.title == CONFIG["title"]

    kinds, alt_texts = set(), []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            kinds.add(node.get("/S"))
            if node.get("/S") == "/Figure":
                alt_texts.append(node.get("/Alt"))
            children = node.get("/K")
            for child in children if isinstance(children, list) else [children] if children is not None else []:
                walk(child)

    walk(catalog["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Link"} <= kinds
    images = re.findall(r'<img [^>]*alt="([^"]+)"', one_page_html(printed))
    # The course's charts are exercise 5's: in its solution and its tool's print example, which the
    # participants' edition leaves out. Whatever images an edition has keep their alt text.
    assert images or printed.edition != "utbildare", "utbildarnas utgåva har diagrammen"
    assert sorted(alt_texts) == sorted(images)

    uris = [annotation.get_object().get("/A", {}).get("/URI", "")
            for pdf_page in reader.pages for annotation in pdf_page.get("/Annots", [])]
    assert any(uri.startswith("https://") for uri in uris)
    assert not [uri for uri in uris if uri.startswith("file:")], "inga länkar till filer på datorn som skrev ut"


@pytest.mark.browser
def test_nothing_is_wider_than_the_printed_page(browser, made):
    # Chromium shrinks every page when one element is wider than the paper, so everything must
    # fit the width between the margins: A4 (210 mm) less 2 × 18 mm, in CSS pixels. The trainers'
    # edition holds everything the participants' does.
    width = int((210 - 2 * 18) * 96 / 25.4)
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto((made["utbildare"].one_page / "index.html").as_uri())
    page.emulate_media(media="print")
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('.bd-article *')]
            .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map((e) => `${e.tagName}.${e.className} i #${(e.closest('section[id]') || {}).id}`)"""
    )
    page.close()
    assert not too_wide, "\n".join(too_wide[:10])


@pytest.mark.browser
def test_a_printed_tool_shows_its_example_until_the_reader_has_an_answer(browser, built_book):
    page = browser.new_page()
    page.goto((built_book / "verktyg" / "beslutsverktyg.html").as_uri())
    tool = page.locator("section[data-kurs-verktyg=employment]")
    example, form, answer = (tool.locator(css) for css in (".kurs-verktyg-exempel", "form", ".kurs-verktyg-svar"))
    assert not example.is_visible() and form.is_visible(), "på skärmen: formuläret"
    page.emulate_media(media="print")
    assert example.is_visible() and not form.is_visible(), "på papper: exemplet i stället för formuläret"
    page.emulate_media(media="screen")
    tool.locator("input[name=persons]").fill("3")
    tool.locator("button[type=submit]").click()
    assert answer.is_visible()
    page.emulate_media(media="print")
    assert not example.is_visible() and form.is_visible() and answer.is_visible(), "läsarens eget svar skrivs ut"
    page.close()


def test_missing_chromium_is_said_in_swedish(tmp_path):
    # The Makefile checks for Chromium before it builds anything (here in an empty folder).
    result = subprocess.run(["make", "-f", str(ROOT / "Makefile"), "pdf", "CHROMIUM=/finns/inte/chromium"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode != 0
    assert "Chromium saknas: make pdf skriver ut kursen med Debians Chromium (/finns/inte/chromium)" in result.stderr
    assert "apt-get install chromium" in result.stderr
    assert not (tmp_path / ".venv").exists() and not (tmp_path / "_build" / "pdf").exists()

    script = subprocess.run([sys.executable, str(ROOT / "_ext" / "kurs_pdf.py"), "index.html", "ut.pdf"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60,
                            env={"CHROMIUM": "/finns/inte/chromium", "PATH": "/usr/bin:/bin"})
    assert script.returncode != 0 and "Chromium saknas" in script.stderr and "Traceback" not in script.stderr
