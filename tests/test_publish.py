"""What a publisher needs to put the built book on a static host: one base URL (html.baseurl in
_config.yml) from which the canonical links, sitemap.xml and the 404 page's links are made; a
Swedish 404 page that works at any missing address; page links that stay relative, so the book
also works from a folder; and the accessibility statement's contact route set in one place."""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
import yaml

from conftest import ROOT, record_problems, toc_docnames
from test_book_html import english_strings_in, parse

sys.path.insert(0, str(ROOT / "_ext"))
from kurs_publicera import normalised_base_url  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
BASE_URL = CONFIG["html"]["baseurl"]
BASE_PATH = urlsplit(BASE_URL).path
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# Where the project's own text lives: everything but environments, build output and packages.
NOT_SOURCES = {".venv", "_build", "node_modules", ".git", ".pytest_cache", "__pycache__"}
STATEMENT = ROOT / "referens" / "tillganglighetsredogorelse.md"


def source_files() -> list[Path]:
    return [path for path in ROOT.rglob("*")
            if path.is_file() and not NOT_SOURCES & set(path.relative_to(ROOT).parts)
            and path.suffix not in (".csv", ".png", ".svg", ".ico", ".pdf", ".mo")]


# --- the base URL: one place ------------------------------------------------------------------

def test_base_url_is_written_in_one_place_only():
    assert BASE_URL == normalised_base_url(BASE_URL), "html.baseurl is a full address ending in /"
    # The address, or a page under it (not a longer name that starts the same).
    written = re.compile(re.escape(BASE_URL.rstrip("/")) + r"(?![\w.%-])")
    found = [f"{path.relative_to(ROOT).as_posix()} ({len(written.findall(text))}x)"
             for path in source_files() if path != Path(__file__).resolve()
             for text in [path.read_text(encoding="utf-8", errors="ignore")] if written.search(text)]
    assert found == ["_config.yml (1x)"], found
    # Nothing in Sphinx's own settings may set the address, or its path, a second time.
    sphinx_config = CONFIG["sphinx"]["config"]
    assert not {"html_baseurl", "site_url", "notfound_urls_prefix"} & set(sphinx_config)


@pytest.mark.parametrize("value, expected", [
    ("https://www.kommun.se/kurs", "https://www.kommun.se/kurs/"),
    (" https://www.kommun.se/kurs// ", "https://www.kommun.se/kurs/"),
    ("https://kurs.example.org", "https://kurs.example.org/"),
    ("http://localhost:8000/a/b/", "http://localhost:8000/a/b/"),
])
def test_base_url_is_normalised_to_one_trailing_slash(value, expected):
    assert normalised_base_url(value) == expected


@pytest.mark.parametrize("value", ["", None, "www.kommun.se/kurs/", "/kurs/", "ftp://kommun.se/", "https://kommun.se/?a=1"])
def test_a_base_url_that_is_not_a_full_address_stops_the_build_with_a_swedish_message(value):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="html.baseurl i _config.yml ska vara kursens fullständiga webbadress"):
        normalised_base_url(value)


# --- what the build makes from it ---------------------------------------------------------------

@pytest.mark.build
def test_sitemap_lists_every_page_of_the_toc_under_the_base_url(built_book):
    root = ElementTree.parse(built_book / "sitemap.xml").getroot()  # raises on invalid XML
    assert root.tag == f"{{{SITEMAP_NS['s']}}}urlset"
    locations = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    assert len(locations) == len(set(locations)), "no page twice"
    assert sorted(locations) == sorted(f"{BASE_URL}{name}.html" for name in toc_docnames())
    # No alternate-language links: the course is in Swedish only.
    assert not root.findall(".//{http://www.w3.org/1999/xhtml}link")


@pytest.mark.build
def test_every_page_has_a_canonical_link_under_the_base_url(built_book):
    for name in toc_docnames():
        html = (built_book / f"{name}.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{BASE_URL}{name}.html" />' in html, name


@pytest.mark.build
def test_pages_link_relatively_so_the_book_works_from_a_folder(built_book):
    """Only the canonical link names the host; no page link starts at the host's root."""
    problems = []
    for name in toc_docnames():
        page = built_book / f"{name}.html"
        html = page.read_text(encoding="utf-8")
        without_canonical = re.sub(r'<link rel="canonical"[^>]*>', "", html)
        if BASE_URL.rstrip("/") in without_canonical:
            problems.append(f"{name}: names the base URL")
        problems += [f"{name}: {link}" for link in parse(page).links if link.startswith("/")]
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_pages_work_from_a_folder_without_a_server(built_book, browser):
    """Opened from the disk (file://), as from a USB stick: no file missing, no error, nothing fetched."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    # A missing file fails with net::ERR_FILE_NOT_FOUND; the favicon's request may be cut off by
    # the next page's load (net::ERR_ABORTED), which is no fault of the page.
    page.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED"
            and problems.append(f"{request.failure}: {request.url}"))
    page.on("console", lambda message: message.type == "error" and problems.append(f"konsolfel: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"skriptfel: {error}"))
    page.on("request", lambda request: not request.url.startswith(("file:", "data:", "blob:"))
            and problems.append(f"extern begäran: {request.url}"))
    for name in [*toc_docnames(), "search"]:
        page.goto((built_book / f"{name}.html").as_uri(), wait_until="load")
        assert page.title(), name
    context.close()
    assert not problems, "\n".join(problems)


# --- the 404 page --------------------------------------------------------------------------------

def links_of_404(built_book: Path) -> list[str]:
    html = (built_book / "404.html").read_text(encoding="utf-8")
    return parse(built_book / "404.html").links + re.findall(r'\baction="([^"]+)"', html)


@pytest.mark.build
def test_404_page_is_in_swedish_and_leads_to_the_start_page_and_the_search(built_book):
    page = built_book / "404.html"
    parsed = parse(page)
    html = page.read_text(encoding="utf-8")
    assert parsed.lang == "sv"
    assert re.search(r"<title>Sidan finns inte\b", html)
    assert "<h1>Sidan finns inte</h1>" in html
    assert "Det finns ingen sida på den här adressen." in html
    assert re.search(rf'<a href="{re.escape(BASE_PATH)}index.html">kursens startsida</a>', html)
    assert re.search(rf'<form [^>]*action="{re.escape(BASE_PATH)}search.html"', html)
    assert re.search(r'<label for="([^"]+)">Sök i kursen</label>\s*<input type="search" id="\1" name="q"', html)
    found = english_strings_in(parsed.texts)
    assert not found, "\n".join(found)


@pytest.mark.build
def test_404_page_links_start_at_the_base_path_and_point_to_built_files(built_book):
    """A host serves 404.html at any missing address, so no link may be relative."""
    problems = []
    for link in links_of_404(built_book):
        parts = urlsplit(link)
        if parts.scheme or link.startswith(("#", "data:", "mailto:")):
            continue
        if not parts.path.startswith(BASE_PATH):
            problems.append(f"{link}: does not start with {BASE_PATH}")
        elif not (built_book / unquote(parts.path[len(BASE_PATH):])).is_file():
            problems.append(f"{link}: no such file in the build")
    assert not problems, "\n".join(problems)
    assert f'data-content_root="{BASE_PATH}"' in (built_book / "404.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def static_host(built_book):
    """The built book at BASE_PATH on a local server that answers a missing address as a static
    host does (GitHub Pages, a web server with ErrorDocument 404): status 404 and 404.html."""
    not_found = (built_book / "404.html").read_bytes()

    class Host(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def translate_path(self, path):
            path = urlsplit(path).path
            if not path.startswith(BASE_PATH):
                return str(built_book / "finns-inte")
            return super().translate_path("/" + path[len(BASE_PATH):])

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(not_found)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(not_found)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=str(built_book)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def open_missing_page(browser, static_host):
    """Opens the 404 page as a reader meets it: at a missing address deep under the base path.
    Returns the page and the response; ``page.main_problems`` are the problems besides the 404."""
    contexts = []

    def _open(color_scheme: str = "light"):
        context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        record_problems(page, lambda url: url.startswith(("http", "ws")) and not url.startswith(static_host))
        address = f"{static_host}{BASE_PATH}kapitel/som/inte/finns.html"
        response = page.goto(address, wait_until="networkidle")
        # The page's own 404 is expected; Chromium also logs it once as a console error. Any
        # other failed file would show as a response of its own.
        page.main_problems = [p for p in page.problems if p != f"404: {address}"]
        expected_log = "konsolfel: Failed to load resource: the server responded with a status of 404 (Not Found)"
        if not any(re.match(r"\d{3}: ", p) for p in page.main_problems) and expected_log in page.main_problems:
            page.main_problems.remove(expected_log)
        return page, response

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_404_page_works_at_a_missing_address_with_its_styles_and_scripts(open_missing_page, static_host):
    page, response = open_missing_page()
    assert response.status == 404
    assert page.title().startswith("Sidan finns inte")
    assert not page.main_problems, "\n".join(page.main_problems)
    # The theme's styles apply: the page looks like the start page, not like unstyled text.
    style = "() => [getComputedStyle(document.body).fontFamily, getComputedStyle(document.querySelector('.bd-header')).display]"
    found = page.evaluate(style)
    page.goto(f"{static_host}{BASE_PATH}index.html", wait_until="networkidle")
    assert found == page.evaluate(style)
    assert "Times" not in found[0]


@pytest.mark.browser
def test_404_page_has_no_english_text_after_its_scripts_ran(open_missing_page):
    from test_book_html import screen_lines

    page, _ = open_missing_page()
    found = english_strings_in(screen_lines(page))
    assert not found, "\n".join(found)


@pytest.mark.browser
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_404_page_has_no_serious_accessibility_violations(open_missing_page, color_scheme):
    from test_browser import serious_violations

    page, _ = open_missing_page(color_scheme)
    found = serious_violations(page)
    assert not found, "\n".join(found)


@pytest.mark.browser
def test_404_page_leads_to_the_start_page_and_the_search(open_missing_page, static_host):
    page, _ = open_missing_page()
    page.get_by_label("Sök i kursen", exact=True).fill("reserverade kontrakt")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_url(f"{static_host}{BASE_PATH}search.html?q=reserverade+kontrakt")
    page.go_back()
    page.get_by_role("link", name="kursens startsida").click()
    page.wait_for_url(f"{static_host}{BASE_PATH}index.html")
    assert "Socialt ansvarsfull upphandling" in page.title()


# --- the contact route in the accessibility statement ---------------------------------------------

def render_statement(contact: str) -> str:
    """The accessibility statement as HTML, with tillganglighet_kontakt set as in _config.yml.
    Plain docutils, without Sphinx: links to other pages stay unresolved, which is no matter
    here; a substitution that fails to render fails the test."""
    from io import StringIO

    from docutils.core import publish_string
    from myst_parser.parsers.docutils_ import Parser

    warnings = StringIO()
    html = publish_string(
        STATEMENT.read_text(encoding="utf-8"),
        parser=Parser(),
        writer_name="html5",
        settings_overrides={
            "myst_enable_extensions": CONFIG["parse"]["myst_enable_extensions"],
            "myst_substitutions": {**CONFIG["parse"]["myst_substitutions"], "tillganglighet_kontakt": contact},
            "warning_stream": warnings,
            "output_encoding": "unicode",
        },
    )
    assert "substitution" not in warnings.getvalue().lower(), warnings.getvalue()
    return re.sub(r"\s+", " ", unescape(html))  # docutils writes "@" as "&#64;"


def test_contact_route_is_set_in_one_place_in_the_config():
    assert "tillganglighet_kontakt" in CONFIG["parse"]["myst_substitutions"]
    assert "{{ tillganglighet_kontakt or ingen_kontaktvag }}" in STATEMENT.read_text(encoding="utf-8")


def test_without_a_contact_route_the_statement_says_there_is_none():
    html = render_statement("")
    assert "Att fylla i för den som publicerar kursen" in html
    assert "Det finns heller ännu inget sätt att rapportera ett problem." in html


def test_a_contact_route_in_the_config_replaces_the_placeholder():
    contact = ("Skriv till [tillganglighet@kommun.se](mailto:tillganglighet@kommun.se). "
               "Vi svarar inom fem arbetsdagar.")
    html = render_statement(contact)
    assert '<a class="reference external" href="mailto:tillganglighet@kommun.se">tillganglighet@kommun.se</a>' in html
    assert "Vi svarar inom fem arbetsdagar." in html
    assert "Att fylla i" not in html and "inget sätt att rapportera" not in html
    section = html.split('id="rapportera-ett-problem"')[1].split("<section")[0]
    assert "tillganglighet@kommun.se" in section
