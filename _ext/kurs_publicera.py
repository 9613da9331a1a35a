"""Publishing: every setting that needs the course's web address is derived from one value,
``html.baseurl`` in _config.yml (Sphinx's ``html_baseurl``).

- Sphinx writes a canonical link (``<link rel="canonical">``) with it on every page.
- sphinx-sitemap writes ``sitemap.xml`` with it.
- sphinx-notfound-page writes ``404.html``, which a static host serves at any missing address,
  so its links cannot be relative: they start with the path of the base URL
  (``notfound_urls_prefix``), set here so that the path is not written twice.

Page links elsewhere stay relative, so the built book also works from a folder (file://) and
under any path.
"""

from __future__ import annotations

import queue
from fnmatch import fnmatch
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError


def normalised_base_url(value: str | None) -> str:
    """The base URL with exactly one slash at the end; a Swedish error if it is not a full
    http(s) address without query or fragment."""
    url = (value or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            "html.baseurl i _config.yml ska vara kursens fullständiga webbadress, till exempel "
            f"https://www.kommun.se/kurser/upphandling/ (nu står där {url!r}). Se README.md, avsnittet Publicera kursen."
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"


def derive_from_base_url(app: Sphinx, config: Config) -> None:
    config.html_baseurl = normalised_base_url(config.html_baseurl)
    config.notfound_urls_prefix = urlsplit(config.html_baseurl).path  # "/" for a site at the host's root


def absolute_content_root(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """sphinx-notfound-page makes the 404 page's links absolute but leaves Sphinx's
    ``data-content_root`` (where Sphinx's scripts look for the book's files) at "./"."""
    if pagename == app.config.notfound_pagename:
        context["content_root"] = app.config.notfound_urls_prefix


def every_page_in_the_sitemap(app: Sphinx, exception) -> None:
    """sphinx-sitemap lists the pages this build wrote, in the order it wrote them. So a build
    that writes only the pages that changed (a second `make book`) left a sitemap.xml with only
    those, and a parallel build (_ext/kurs_korning.py) writes them in no fixed order. Add every
    other page of the book and sort, so that sitemap.xml always lists the whole book, the same way
    from one build to the next."""
    links = getattr(app, "sitemap_links", None)  # sphinx-sitemap's queue, filled as pages are written
    if exception is not None or links is None or app.builder.name != "html":
        return
    written = {}
    while True:
        try:
            link, last_updated = links.get_nowait()
        except queue.Empty:
            break
        written[link] = last_updated
    suffix = app.config.html_file_suffix or ".html"
    for docname in app.env.found_docs:
        link = docname + suffix
        if link not in written and not any(fnmatch(link, pattern) for pattern in app.config.sitemap_excludes):
            written[link] = None
    for link in sorted(written):
        links.put((link, written[link]))


def setup(app: Sphinx) -> dict:
    app.setup_extension("notfound.extension")
    app.setup_extension("sphinx_sitemap")
    # Before sphinx-notfound-page checks its prefix (same event, default priority 500).
    app.connect("config-inited", derive_from_base_url, priority=400)
    app.connect("html-page-context", absolute_content_root)
    app.connect("build-finished", every_page_in_the_sitemap, priority=400)  # before sphinx-sitemap writes it (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
