"""Swedish search whose stemmer in the browser is the same as the one that built the index.

Sphinx 7.4 builds the search index with the Python package snowballstemmer (3.1.1, pinned in
requirements.in) but stems the reader's query with JavaScript it ships itself, generated from
Snowball 2.2. Snowball 3 changed the Swedish algorithm (it removes -et, so "företaget" and
"företag" share the stem "företag"); with the two out of step, "företaget" found nothing.

This registers a Swedish search language (Sphinx's own, with its stop words) whose browser
stemmer is Snowball 3.1.1's JavaScript, kept unchanged in _ext/snowball/ (BSD licence, see
COPYING there). Snowball 3.1 writes JavaScript modules; Sphinx 7.4 puts the stemmer into
language_data.js, a plain script, so the two files are joined into one function scope below.
tests/test_search.py checks in the browser that the JavaScript stems every word of the book as
the index does.

To update (only together with the snowballstemmer pin): check out Snowball's tag vX.Y.Z, run
`make snowball && ./snowball algorithms/swedish.sbl -js -o swedish-stemmer.js` and copy that file
and javascript/base-stemmer.js here; then change SNOWBALL_VERSION.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.search.sv import SearchSwedish

SNOWBALL_VERSION = "3.1.1"  # the Snowball release that generated _ext/snowball/*.js
SNOWBALL_DIR = Path(__file__).resolve().parent / "snowball"


def _replace_once(code: str, old: str, new: str, file: str) -> str:
    """Replace ``old`` exactly once, so that a regenerated file of a new shape fails loudly."""
    if code.count(old) != 1:
        raise ExtensionError(f"kurs_sok: väntade en förekomst av {old!r} i _ext/snowball/{file}")
    return code.replace(old, new)


def stemmer_script() -> str:
    """Snowball's base class and Swedish stemmer as a plain script that defines ``Stemmer``,
    the name Sphinx's searchtools.js calls."""
    base = (SNOWBALL_DIR / "base-stemmer.js").read_text(encoding="utf-8")
    swedish = (SNOWBALL_DIR / "swedish-stemmer.js").read_text(encoding="utf-8")
    generated = f"// Generated from swedish.sbl by Snowball {SNOWBALL_VERSION} "
    if not swedish.startswith(generated):
        raise ExtensionError(f"kurs_sok: _ext/snowball/swedish-stemmer.js kommer inte från Snowball {SNOWBALL_VERSION}")
    base = _replace_once(base, "export default class BaseStemmer", "class BaseStemmer", "base-stemmer.js")
    swedish = _replace_once(swedish, "import B from './base-stemmer.js'", "const B = BaseStemmer;", "swedish-stemmer.js")
    swedish = _replace_once(swedish, "export default class extends B", "return class SwedishStemmer extends B",
                            "swedish-stemmer.js")
    return f"/* Snowball {SNOWBALL_VERSION}, see _ext/kurs_sok.py */\nvar Stemmer = (function () {{\n{base}\n{swedish}\n}})();\n"


class SearchSwedishSnowball3(SearchSwedish):
    """Sphinx's Swedish search (stop words, Python stemmer) with a browser stemmer that matches."""

    js_stemmer_rawcode = ""  # neither inline nor copy Sphinx 7.4's Snowball 2.2 files
    js_stemmer_code = stemmer_script()


def check_snowballstemmer(app, config) -> None:
    installed = version("snowballstemmer")
    if installed != SNOWBALL_VERSION:
        raise ExtensionError(
            f"kurs_sok: snowballstemmer {installed} är installerat, men sökningens JavaScript kommer från "
            f"Snowball {SNOWBALL_VERSION}; installera requirements.txt (se _ext/kurs_sok.py)"
        )


def setup(app):
    app.add_search_language(SearchSwedishSnowball3)
    app.connect("config-inited", check_snowballstemmer)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
