"""The reader's progress, kept in the reader's browser only (localStorage; no server, no cookie).

Two parts:

- upphandlingskurs/static/framsteg.js is copied into the HTML book's _static/ and loaded in the
  <head> of every page. It notes that a page was opened and read to the end, keeps the self-tests'
  answers (upphandlingskurs/static/quiz.js calls it) and offers the exercises' answer boxes an API
  (window.kursFramsteg.record, documented at the top of the file). The one-page build that
  `make pdf` prints does not load it: a printed course remembers nothing.
- The directive ``{kurs-framsteg}`` (on referens/mina-framsteg.md) becomes, at build time, a list
  of every page in the parts of _toc.yml that hold a self-test or an exercise, with each page's
  title and link, the number of questions in its self-test and the labels of its tasks. The
  script fills in what the reader has done and offers "Rensa mina framsteg", with a confirmation.

The list follows _toc.yml and the pages' titles, so the page with the directive is read again on
every build.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective
from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node

STATIC = Path(__file__).resolve().parent.parent / "upphandlingskurs" / "static"
SCRIPT = "framsteg.js"
STYLE = "framsteg.css"
QUIZ_QUESTION = 'class="kurs-quiz-fraga"'  # one per question in a self-test (upphandlingskurs/quiz.py)


class progress_list(nodes.General, nodes.Element):
    """Where the list goes; replaced by HTML once every page has been read."""


class ProgressDirective(SphinxDirective):
    has_content = False

    def run(self):
        docs = getattr(self.env, "kurs_framsteg_docs", set())
        docs.add(self.env.docname)
        self.env.kurs_framsteg_docs = docs
        return [progress_list()]


# --- the script on every page ------------------------------------------------------------------

def add_script(app) -> None:
    if app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STATIC / SCRIPT, static / SCRIPT)  # now, so that its link gets a checksum
    app.add_js_file(SCRIPT)


# --- the list on the progress page -------------------------------------------------------------

def toc_parts(app) -> list[tuple[str, list[str]]]:
    """(caption, docnames) for each part of _toc.yml, as the start page's toctrees hold them."""
    root = app.env.get_doctree(app.config.root_doc)
    return [(toctree.get("caption") or "", [str(name) for name in toctree["includefiles"]])
            for toctree in root.findall(addnodes.toctree)]


def page_facts(app, docname: str) -> dict:
    """What the list needs to know of a page: its title, its self-test's number of questions and
    its tasks' labels."""
    doctree = app.env.get_doctree(docname)
    questions = sum(node.astext().count(QUIZ_QUESTION) for node in doctree.findall(nodes.raw))
    tasks = [node.get("label", "") for node in doctree.findall(
        lambda node: isinstance(node, (exercise_node, exercise_enumerable_node)))]
    title = app.env.titles.get(docname)
    return {"title": title.astext() if title else docname, "questions": questions, "tasks": [t for t in tasks if t]}


def item_html(app, fromdoc: str, docname: str, facts: dict) -> str:
    esc = html.escape
    attributes = f' data-kurs-sida="{esc(docname)}"'
    lines = ['<span class="kurs-framsteg-status" data-kurs-visar="sidan" hidden></span>']
    if facts["questions"]:
        attributes += f' data-kurs-fragor="{facts["questions"]}"'
        lines.append('<span class="kurs-framsteg-status" data-kurs-visar="sjalvtest" hidden></span>')
    if facts["tasks"]:
        attributes += f' data-kurs-uppgifter="{esc(" ".join(facts["tasks"]))}"'
        lines.append('<span class="kurs-framsteg-status" data-kurs-visar="ovningen" hidden></span>')
    link = app.builder.get_relative_uri(fromdoc, docname)
    return (f'<li class="kurs-framsteg-sida"{attributes}><a href="{esc(link)}">{esc(facts["title"])}</a>'
            + "".join(lines) + "</li>")


def progress_html(app, fromdoc: str) -> str:
    parts = []
    for number, (caption, docnames) in enumerate(toc_parts(app), start=1):
        facts = {name: page_facts(app, name) for name in docnames if name in app.env.all_docs}
        if not any(fact["questions"] or fact["tasks"] for fact in facts.values()):
            continue  # a part without self-tests or exercises (tools, trainers, reference)
        heading_id = f"kurs-framsteg-del-{number}"
        parts.append(f'<h2 id="{heading_id}">{html.escape(caption or "Sidor")}</h2>')
        parts.append(f'<ul class="kurs-framsteg-lista" aria-labelledby="{heading_id}">')
        parts += [item_html(app, fromdoc, name, fact) for name, fact in facts.items()]
        parts.append("</ul>")
    style = (STATIC / STYLE).read_text(encoding="utf-8")
    return "\n".join([
        f"<style>{style}</style>",
        '<div class="kurs-framsteg" data-kurs-framsteg>',
        "<noscript><p>Din webbläsare kör inte JavaScript, så sidan kan inte visa dina framsteg. "
        "Länkarna till kapitlen och övningarna fungerar ändå.</p></noscript>",
        '<p class="kurs-framsteg-ingen-lagring" hidden>Din webbläsare låter inte kursen spara något, '
        "så det finns inga framsteg att visa. Kursen fungerar ändå, men den kommer inte ihåg vad du har "
        "gjort.</p>",
        '<p class="kurs-framsteg-utskrift">Dina framsteg sparas bara i webbläsaren och syns inte i utskriften.</p>',
        *parts,
        '<div class="kurs-framsteg-rensning">',
        '<h2 id="kurs-framsteg-rensa">Rensa dina framsteg</h2>',
        "<p>Du kan ta bort allt som kursen har sparat om dig i den här webbläsaren.</p>",
        '<p><button type="button" class="kurs-framsteg-rensa" hidden>Rensa mina framsteg</button></p>',
        '<p class="kurs-framsteg-besked" role="status" aria-live="polite"></p>',
        '<dialog class="kurs-framsteg-dialog" aria-labelledby="kurs-framsteg-fraga" aria-describedby="kurs-framsteg-forklaring">',
        '<p id="kurs-framsteg-fraga" class="kurs-framsteg-dialogrubrik">Vill du rensa dina framsteg?</p>',
        '<p id="kurs-framsteg-forklaring">Allt som kursen har sparat i den här webbläsaren tas bort: vilka sidor '
        "du har öppnat, dina svar i självtesten och dina svar i övningarna. Det går inte att ångra.</p>",
        '<form method="dialog" class="kurs-framsteg-dialogknappar">',
        '<button type="submit" value="rensa" class="kurs-framsteg-rensa-ja">Ja, rensa</button>',
        '<button type="submit" value="avbryt" class="kurs-framsteg-avbryt" autofocus>Avbryt</button>',
        "</form>",
        "</dialog>",
        "</div>",
        "</div>",
    ])


def fill_in_list(app, doctree, docname) -> None:
    for node in list(doctree.findall(progress_list)):
        # In the one-page build every page is part of the start page; links are made from there.
        node.replace_self(nodes.raw("", progress_html(app, docname), format="html"))


def read_again(app, env, added, changed, removed) -> list[str]:
    """The progress page lists other pages' titles and contents: read it on every build."""
    return sorted(getattr(env, "kurs_framsteg_docs", set()) - set(removed))


def purge(app, env, docname) -> None:
    getattr(env, "kurs_framsteg_docs", set()).discard(docname)


def merge(app, env, docnames, other) -> None:
    env.kurs_framsteg_docs = getattr(env, "kurs_framsteg_docs", set()) | getattr(other, "kurs_framsteg_docs", set())


def setup(app):
    app.add_node(progress_list)
    app.add_directive("kurs-framsteg", ProgressDirective)
    app.connect("builder-inited", add_script)
    app.connect("doctree-resolved", fill_in_list)
    app.connect("env-get-outdated", read_again)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
