"""Every Markdown table's scroll box is a named region, so that a keyboard user who tabs into a
table too wide for a phone (or for 400 % zoom) hears what it is.

pydata-sphinx-theme puts each table in <div class="pst-scrollable-table-container">, which
scrolls sideways when the table is wider than the column (_static/kurs.css keeps it that way at
320 px), and its JavaScript gives the box tabindex="0" only while it actually scrolls. The box has
no name or role, though. This adds role="region", an aria-label from the table's caption or else
from the heading of the section it stands in, and tabindex="0" for pages read without JavaScript
(the theme's script sets -1 again where nothing scrolls). The same pattern as the amounts table
in upphandlingskurs/dated.py.

It also leaves no header cell empty (axe-core: empty-table-header). An empty header cell is not a
header: pandas writes one above a frame's index (and a row of them under the column names when the
index has a name), and a Markdown table with an empty top-left cell ("| | A | B |") is a two-way
table, whose first column names the rows. Empty <th> become <td>, and in a two-way table the first
cell of every body row becomes a row header (<th scope="row">), so a screen reader names the row
("Vem får delta?") as well as the column ("4 kap. 18 § LOU") of every cell.
"""

from __future__ import annotations

import html
import re
from collections import Counter

CONTAINER = '<div class="pst-scrollable-table-container">'
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
CAPTION = re.compile(r"\A\s*<table\b[^>]*>\s*<caption\b[^>]*>(.*?)</caption>", re.S)
HEADERLINK = re.compile(r'<a class="headerlink".*?</a>', re.S)
TAG = re.compile(r"<[^>]+>")
TABLE = re.compile(r"<table\b.*?</table>", re.S)
# A header cell without content: nothing, white space or an empty paragraph (docutils' <p></p>).
EMPTY_HEADER = re.compile(r"<th\b([^>]*)>(\s*(?:<p>\s*</p>)?\s*)</th>")
THEAD_FIRST_CELL = re.compile(r"<thead>\s*<tr\b[^>]*>\s*<th\b[^>]*>(\s*(?:<p>\s*</p>)?\s*)</th>")
TBODY = re.compile(r"<tbody>.*?</tbody>", re.S)
ROW_FIRST_CELL = re.compile(r"(<tr\b[^>]*>\s*)<td\b([^>]*)>(.*?)</td>", re.S)


def text_of(fragment: str) -> str:
    """The visible text of an HTML fragment, without the permalink sign."""
    return " ".join(html.unescape(TAG.sub(" ", HEADERLINK.sub("", fragment))).split())


def table_labels(body: str) -> list[str]:
    """One Swedish name per table container in ``body``, in order."""
    parts = body.split(CONTAINER)
    found: list[tuple[str, str]] = []  # (kind, text): a caption, or the heading above the table
    before = parts[0]
    for part in parts[1:]:
        caption = CAPTION.match(part)
        if caption and text_of(caption.group(1)):
            found.append(("caption", text_of(caption.group(1))))
        else:
            headings = HEADING.findall(before)
            found.append(("heading", text_of(headings[-1][1]) if headings else ""))
        before += CONTAINER + part
    per_heading = Counter(text for kind, text in found if kind == "heading")
    seen: Counter[str] = Counter()
    labels = []
    for kind, text in found:
        if kind == "caption":
            labels.append(text if text.lower().startswith("tabell") else f"Tabell: {text}")
        elif not text:
            labels.append("Tabell")
        elif per_heading[text] > 1:
            seen[text] += 1
            labels.append(f"Tabell {seen[text]} i avsnittet ”{text}”")
        else:
            labels.append(f"Tabell i avsnittet ”{text}”")
    return labels


def name_tables(body: str) -> str:
    if CONTAINER not in body:
        return body
    parts = body.split(CONTAINER)
    named = [
        f'<div class="pst-scrollable-table-container" role="region" aria-label="{html.escape(label)}" tabindex="0">'
        for label in table_labels(body)
    ]
    return parts[0] + "".join(container + part for container, part in zip(named, parts[1:]))


def mark_headers(table: str) -> str:
    """One table's HTML with row headers in a two-way table and no empty header cell."""
    if "<table" in table[1:]:
        return table  # a table in a table: left as it is (the course has none)
    if THEAD_FIRST_CELL.search(table):
        table = TBODY.sub(lambda body: ROW_FIRST_CELL.sub(r'\1<th scope="row"\2>\3</th>', body.group(0)), table)
    return EMPTY_HEADER.sub(r"<td\1>\2</td>", table)


def mark_table_headers(body: str) -> str:
    if "<th" not in body:
        return body
    return TABLE.sub(lambda table: mark_headers(table.group(0)), body)


def on_page(app, pagename, templatename, context, doctree) -> None:
    if isinstance(context.get("body"), str):
        context["body"] = mark_table_headers(name_tables(context["body"]))


def setup(app):
    app.connect("html-page-context", on_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
