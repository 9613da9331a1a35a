"""Glue: a value computed on a page, shown in the page's text with MyST-NB's ``{glue:text}`` role.

This is MyST-NB's ``glue`` function (``from myst_nb import glue``), written out so a page does
not have to import ``myst_nb.ext.glue``. That module imports nbformat, nbformat imports jsonschema,
and jsonschema builds the grammars of rfc3987_syntax (python-jsonschema/jsonschema#1428): about
1.4 s in each page's kernel, longer than the rest of a chapter's run. The output is the one MyST-NB
writes and reads (the scrapbook format); tests/test_glue.py checks that it stays identical.
"""

from __future__ import annotations

from typing import Any

from IPython.core.formatters import format_display_data
from IPython.display import display as ipython_display

# MyST-NB's GLUE_PREFIX: a bundle under this prefix is stored for the text, not shown in place.
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, variable: Any, display: bool = True) -> None:
    """Store how ``variable`` displays under ``name``; ``display=False`` stores it without showing it."""
    bundle, metadata = format_display_data(variable)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    ipython_display({prefix + mime: data for mime, data in bundle.items()}, raw=True, metadata=metadata)
