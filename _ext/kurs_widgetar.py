"""The pages carry no widget state.

Running a page whose tool is an ipywidget (the exercises) leaves the widgets' state in the
notebook's metadata, and myst-nb writes it into the page as a script of type
``application/vnd.jupyter.widget-state+json``: 35–85 KB per exercise page. The web book never uses
it: it loads no widget scripts (``nb_ipywidgets_js: {}`` in _config.yml; they would come from a CDN
and fail offline) and shows each tool's copy that works in the page (upphandlingskurs/static_tools.py).
This drops the state as soon as a page is read, so that it is neither kept in the build's
environment nor written.

The notebooks to download keep it (_ext/kurs_notebook.py): JupyterLab draws a tool from it until
the learner runs the notebook, instead of "Error displaying widget: model not found".
"""

from __future__ import annotations

# The key under which myst-nb (core/render.py, version in _ext/kurs_karnor.py) registers the state.
WIDGET_STATE = "ipywidgets_state"


def drop_widget_state(app, doctree) -> None:
    # myst-nb's per-page record (sphinx_.py NbMetadataCollector.add_js_file), where the page has one
    page = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})
    page.get("js_files", {}).pop(WIDGET_STATE, None)


def setup(app):
    app.connect("doctree-read", drop_widget_state)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
