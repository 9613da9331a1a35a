"""Every page that is a notebook can be downloaded as a Jupyter notebook (.ipynb) with its outputs.

myst-nb already writes each executed page to jupyter_execute/ beside the HTML. This copies those
files into the HTML's _sources/ folder and tells sphinx-book-theme's download button about them
(the theme only does so itself when launch buttons are configured, which this course does not use).
"""

from __future__ import annotations

import shutil
from pathlib import Path


def _executed(app) -> Path:
    return Path(app.outdir).parent / "jupyter_execute"


def announce_notebook(app, pagename, templatename, context, doctree) -> None:
    # Runs before the theme builds its header buttons (priority 501).
    if doctree is not None and app.env.metadata.get(pagename, {}).get("kernelspec"):
        context["ipynb_source"] = pagename + ".ipynb"


def copy_notebooks(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    executed = _executed(app)
    for notebook in executed.rglob("*.ipynb"):
        target = Path(app.outdir) / "_sources" / notebook.relative_to(executed)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook, target)


def setup(app):
    app.connect("html-page-context", announce_notebook, priority=400)
    app.connect("build-finished", copy_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
