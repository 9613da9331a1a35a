"""The book's search in a real browser, in Swedish: an inflected word finds the pages with the
other forms of the word (the query is stemmed in the browser exactly as the index was built,
see _ext/kurs_sok.py), the number of hits and "no hits" are said in Swedish, and the search page
has no English interface text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
import snowballstemmer

from conftest import record_problems
from test_book_html import built_pages, english_strings_in, parse, screen_lines

pytestmark = pytest.mark.browser

# Sphinx's own English messages on the results page (its Swedish catalogue leaves them empty).
ENGLISH_SEARCH_TEXT = ["Search finished", "page(s)", "did not match any documents", "Searching", "Preparing search"]
COUNT = re.compile(r"Sökningen är klar\. Antal träffar: (\d+)\.")
NO_HITS = "Inga träffar."
CHAPTER_FOUR = "chapters/04-reserverade-kontrakt.html"
EXERCISE_TWO = "exercises/02-avgor-reservation.html"


@pytest.fixture
def search(browser, book_server):
    """Opens search.html?q=<query> and returns the finished results: the summary line, the
    pages found (paths relative to the book) and the page itself."""
    contexts = []

    def _search(query: str) -> dict:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        record_problems(page, lambda url: url.startswith(("http", "ws")) and not url.startswith(book_server))
        page.goto(f"{book_server}/search.html?q={quote(query)}", wait_until="networkidle")
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results .search-summary');"
            " return s && s.innerText.trim().length > 0; }",
            timeout=20_000,
        )
        summary = page.locator("#search-results .search-summary").inner_text().strip()
        hrefs = page.eval_on_selector_all("#search-results ul.search li > a", "links => links.map(a => a.href)")
        found = {urlsplit(href).path.removeprefix(urlsplit(book_server).path).lstrip("/") for href in hrefs}
        return {"summary": summary, "pages": found, "count": len(hrefs), "page": page}

    yield _search
    for context in contexts:
        context.close()


class ArticleText(HTMLParser):
    """The text of a page's article (what Sphinx indexes), without the menus around it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.depth = 0  # open elements inside <article class="bd-article">, 0 outside it
        self.skip = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.depth:
            self.depth += 1
        elif tag == "article" and "bd-article" in (dict(attrs).get("class") or ""):
            self.depth = 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.depth:
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.text.append(data)


def article_text(page) -> str:
    parser = ArticleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(parser.text)


def pages_with_word(built_book, word: str) -> set[str]:
    """The built pages whose article has ``word`` as a whole word."""
    pattern = re.compile(rf"(?<![\wåäöÅÄÖ]){word}(?![\wåäöÅÄÖ])", re.IGNORECASE)
    return {
        page.relative_to(built_book).as_posix()
        for page in built_pages(built_book)
        if page.name not in ("search.html", "genindex.html") and pattern.search(article_text(page))
    }


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("företaget", "företag"),          # the definite form finds the pages that only say "företag"
        ("andelskravet", "andelskrav"),
        ("andelskrav", "andelskravet"),    # and the other way round
        ("upphandlingarna", "upphandling"),
    ],
)
def test_an_inflected_form_finds_the_pages_with_the_other_forms(search, built_book, query, word):
    result = search(query)
    expected = pages_with_word(built_book, word)
    assert expected, f"ingen sida innehåller {word!r}: välj ett annat ord för testet"
    missing = expected - result["pages"]
    assert not missing, f"{query!r} hittar inte {sorted(missing)}, som innehåller {word!r}"
    count = COUNT.fullmatch(result["summary"])
    assert count, f"antalet träffar sägs inte på svenska: {result['summary']!r}"
    assert int(count.group(1)) == result["count"] > 0
    assert not result["page"].problems, "\n".join(result["page"].problems)


def test_the_examples_are_found(search):
    assert CHAPTER_FOUR in search("andelskravet")["pages"]
    assert EXERCISE_TWO in search("andelskrav")["pages"]
    assert "chapters/05-sociala-foretag.html" in search("företaget")["pages"]


def test_nonsense_finds_nothing_and_says_so_in_swedish(search):
    result = search("qzxjvbnmkw")
    assert result["count"] == 0
    assert result["summary"].startswith(NO_HITS), result["summary"]
    assert result["page"].locator("#search-results h2").inner_text().strip() == "Sökresultat"


@pytest.mark.parametrize("query", ["företaget", "qzxjvbnmkw"])
def test_the_search_page_has_no_english_text(search, query):
    page = search(query)["page"]
    lines = screen_lines(page)
    found = english_strings_in(lines) + [f"{e!r} i {line[:80]!r}" for line in lines for e in ENGLISH_SEARCH_TEXT if e in line]
    assert not found, "\n".join(found)


def test_the_browser_stems_every_word_of_the_book_as_the_index_does(search, built_book):
    """The JavaScript stemmer that search.html loads gives the same stem as the Python stemmer
    that built the index, for every word in the book."""
    words = sorted({word for page in built_pages(built_book) for text in parse(page).texts
                    for word in re.findall(r"\w+", text.lower())})
    assert len(words) > 1000
    page = search("företaget")["page"]
    in_browser = page.evaluate("(words) => { const s = new Stemmer(); return words.map(w => s.stemWord(w)); }", words)
    python = snowballstemmer.stemmer("swedish").stemWords(words)
    differ = [(w, b, p) for w, b, p in zip(words, in_browser, python) if b != p]
    assert not differ, f"{len(differ)} ord stammas olika i webbläsaren och i indexet, t.ex. {differ[:10]}"
