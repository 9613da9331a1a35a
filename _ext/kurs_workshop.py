"""The workshop build: the same book without any solution or answer key, for a room where
participants work through the exercises themselves. `make book-workshop` turns it on with KURS_WORKSHOP=1, so
both builds go through the same `jupyter-book build` and the same configuration. `make pdf` prints the
participants' PDF from it too (_ext/kurs_pdf.py, which also leaves out what only a printed edition
needs to: the trainer pages and the self-tests' printed answer keys).

What is secret, and so removed from every file the workshop build serves:

- the solutions: ``{solution}``, and everything from ``{solution-start}`` to ``{solution-end}``
  (the code cells between them and their outputs included);
- the trainer pages' answer keys: admonitions with the class ``kurs-facit``;
- the exercise tools' print examples (``TOOL_EXAMPLE``), which for the scenario's values answer a task.

What is not: the exercises' answer boxes and the self-tests on the web page check the reader's
answer in the browser, so the expected answers they carry are part of what participants use.

Where the secrets would otherwise be served, and what takes them out:

- the pages (HTML) and the search index (built from the same doctree): ``remove_solutions`` below.
  sphinx-exercise's own ``hide_solutions`` (1.2.1) fails on gated solutions, so this removes the
  solutions after sphinx-exercise has merged gated ones into solution nodes;
- the page sources in _sources/ (the download menu's ``.md``): ``copy_participants_sources`` below
  replaces Sphinx's copies with the sources without their secrets;
- the notebooks and zip files of the download menu: _ext/kurs_downloads.py converts the pages
  without them (_ext/kurs_notebook.py, ``with_solutions=False``).

tests/test_workshop_build.py reads every file of the build, the zip files' contents included, and
fails on any text that only a solution or an answer key holds.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docutils import nodes
from kurs_notebook import DIRECTIVE, _options, _parser
from sphinx.util import logging
from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

from upphandlingskurs.static_tools import EXAMPLE_END

logger = logging.getLogger(__name__)

ANSWER_KEY_CLASS = "kurs-facit"  # `:class: note kurs-facit` on a trainer page's answer key
# An exercise tool's print example (static_tools.example_html, static_exercises.print_example): for the
# scenario's values it is the answer to a task. Taken out here, from the page's HTML, because the
# execution cache is shared with the self-study build.
EXERCISES = "exercises/"
EXAMPLE_START = '<div class="kurs-verktyg-exempel" hidden>'
TOOL_EXAMPLE = re.compile(re.escape(EXAMPLE_START) + ".*?" + re.escape(EXAMPLE_END), re.S)
SOLUTION = "solution"
GATED_START, GATED_END = "solution-start", "solution-end"
CODE_DIRECTIVES = {"code-cell", "code", "code-block", "raw", "glue", "glue:any", "glue:figure"}


def workshop_build() -> bool:
    return os.environ.get("KURS_WORKSHOP") == "1"


# --- the pages and the search index ------------------------------------------------------------

def remove_solutions(app, doctree, docname) -> None:
    if not workshop_build():
        return
    for node_type in (solution_node, solution_start_node, solution_end_node):
        for node in list(doctree.findall(node_type)):
            node.parent.remove(node)
    for node in list(doctree.findall(nodes.admonition)):
        if ANSWER_KEY_CLASS in node.get("classes", []):
            node.parent.remove(node)
    for node in list(doctree.findall(nodes.raw)):
        if ("html" in node.get("format", "") and EXAMPLE_START in node.astext()
                and _page_of(node, docname).startswith(EXERCISES)):
            node.parent.replace(node, nodes.raw("", TOOL_EXAMPLE.sub("", node.astext()), format=node["format"]))


def _page_of(node, docname: str) -> str:
    """The page ``node`` comes from: ``docname``, or in the one-page book (singlehtml, the PDF) the
    page it was inlined from, which its nearest ancestor with a ``docname`` names (there, each page's
    sections carry it)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Element) and parent.get("docname"):
            return parent["docname"]
        parent = parent.parent
    return docname


# --- the sources in _sources/ ----------------------------------------------------------------------

class SecretNotRemovable(ValueError):
    """The page holds a solution or an answer key where the source cannot be cleaned of it."""


def _directive(token):
    """The directive a top-level block is (its name and its body), or None."""
    if token.type not in ("fence", "colon_fence"):
        return None
    found = DIRECTIVE.match(token.info.strip())
    return (found["name"], token.content) if found else None


def _is_answer_key(body: str) -> bool:
    options, _ = _options(body)
    return ANSWER_KEY_CLASS in options.get("class", "").split()


def _holds_secret(text: str) -> bool:
    """Whether MyST ``text`` has a solution or an answer key anywhere, inside other directives too."""
    for token in _parser().parse(text):
        directive = _directive(token)
        if directive is None:
            continue
        name, body = directive
        if name in (SOLUTION, GATED_START, GATED_END) or _is_answer_key(body):
            return True
        if name not in CODE_DIRECTIVES and _holds_secret(_options(body)[1]):
            return True
    return False


def participants_source(text: str) -> str:
    """A page's MyST source without its solutions and answer keys: the lines of each ``{solution}``,
    of everything from a ``{solution-start}`` to its ``{solution-end}``, and of each admonition with
    the class kurs-facit go. Raises SecretNotRemovable (in Swedish) for one that is not at the top
    level of the page, rather than leave it in."""
    lines = text.split("\n")
    removed: list[tuple[int, int]] = []
    gated_from: int | None = None
    for token in _parser().parse(text):
        if token.level != 0 or token.map is None or token.nesting == -1:
            continue
        start, end = token.map
        directive = _directive(token)
        name, body = directive if directive else (None, "")
        if gated_from is not None:
            if name == GATED_END:
                removed.append((gated_from, end))
                gated_from = None
            elif name == GATED_START:
                raise SecretNotRemovable(f"{{{GATED_START}}} på rad {start + 1} ligger i en annan lösning")
            continue
        if name == GATED_START:
            gated_from = start
        elif name == GATED_END:
            raise SecretNotRemovable(f"{{{GATED_END}}} på rad {start + 1} har ingen {{{GATED_START}}} före sig")
        elif name == SOLUTION or (directive and _is_answer_key(body)):
            removed.append((start, end))
        elif directive and name not in CODE_DIRECTIVES and _holds_secret(_options(body)[1]):
            raise SecretNotRemovable(f"rutan på rad {start + 1} innehåller en lösning eller ett facit, som "
                                     "workshopbygget bara kan ta bort när den står direkt på sidan")
    if gated_from is not None:
        raise SecretNotRemovable(f"{{{GATED_START}}} på rad {gated_from + 1} saknar {{{GATED_END}}}")
    kept: list[str] = []
    position = 0
    for start, end in removed:
        kept += lines[position:start]
        position = end
        # One blank line where the block stood, not two.
        while position < len(lines) and not lines[position].strip() and (not kept or not kept[-1].strip()):
            position += 1
    kept += lines[position:]
    return "\n".join(kept)


def copied_source(app, docname: str) -> Path:
    """Where the HTML builder copies the source of page ``docname`` (as Sphinx 7.4 names it)."""
    suffix = app.env.doc2path(docname, False)[len(docname):]
    name = docname + suffix
    if suffix != app.config.html_sourcelink_suffix:
        name += app.config.html_sourcelink_suffix
    return Path(app.outdir) / "_sources" / name


def copy_participants_sources(app, exception) -> None:
    """Replace the sources the HTML builder copied into _sources/ (the download menu's ``.md``) with
    the sources without their solutions and answer keys. A source that cannot be cleaned is not
    served at all, and the build warns (an error with `--warningiserror`)."""
    if exception is not None or not workshop_build() or not getattr(app.builder, "copysource", False):
        return
    if not app.config.html_copy_source:
        return
    for docname in sorted(app.env.found_docs):
        copy = copied_source(app, docname)
        if not copy.is_file():
            continue
        source = Path(app.env.doc2path(docname))
        try:
            if source.suffix != ".md":
                raise SecretNotRemovable(f"workshopbygget kan bara ta bort lösningar ur sidor i MyST Markdown (.md), "
                                         f"inte ur {source.name}")
            copy.write_text(participants_source(source.read_text(encoding="utf-8")), encoding="utf-8")
        except SecretNotRemovable as problem:
            copy.unlink()
            logger.warning(f"Sidans källa kan inte ges ut i workshopbygget: {problem}", location=docname)


def setup(app):
    app.connect("doctree-resolved", remove_solutions)
    app.connect("build-finished", copy_participants_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
