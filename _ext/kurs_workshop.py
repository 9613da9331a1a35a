"""The workshop build: the same book without any solution or answer key, for a room where
participants work through the exercises themselves. `make book-workshop` turns it on with KURS_WORKSHOP=1, so
both builds go through the same `jupyter-book build` and the same configuration.

sphinx-exercise's own `hide_solutions` (1.2.1) fails on gated solutions (solution-start/-end),
so this removes the solutions after sphinx-exercise has merged gated ones into solution nodes.
The trainer pages' answer keys are admonitions with the class ``kurs-facit``; they go too.
"""

from __future__ import annotations

import os

from docutils import nodes
from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

ANSWER_KEY_CLASS = "kurs-facit"  # `:class: note kurs-facit` on a trainer page's answer key


def workshop_build() -> bool:
    return os.environ.get("KURS_WORKSHOP") == "1"


def remove_solutions(app, doctree, docname) -> None:
    if not workshop_build():
        return
    for node_type in (solution_node, solution_start_node, solution_end_node):
        for node in list(doctree.findall(node_type)):
            node.parent.remove(node)
    for node in list(doctree.findall(nodes.admonition)):
        if ANSWER_KEY_CLASS in node.get("classes", []):
            node.parent.remove(node)


def setup(app):
    app.connect("doctree-resolved", remove_solutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
