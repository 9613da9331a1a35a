"""The package's glue writes exactly what MyST-NB's glue writes (MyST-NB reads it back at build)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from myst_nb import glue as myst_nb_glue

import upphandlingskurs
from upphandlingskurs.glue import glue

PACKAGE = Path(upphandlingskurs.__file__).parent


def published(function, *arguments, **options) -> list[tuple[dict, dict]]:
    """What ``function`` sends to the notebook: each display's data and metadata."""
    shell = InteractiveShell.instance()
    sent = []
    original = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **_: sent.append((data, metadata))
    try:
        function(*arguments, **options)
    finally:
        shell.display_pub.publish = original
    return sent


@pytest.mark.parametrize("value", ["22 417", 42, 3.5, pd.DataFrame({"kommun": ["Falun"], "invanare": [1]})])
@pytest.mark.parametrize("display", [True, False])
def test_glue_publishes_what_myst_nb_glue_publishes(value, display):
    ours = published(glue, "namn", value, display=display)
    theirs = published(myst_nb_glue, "namn", value, display=display)
    assert ours == theirs and len(ours) == 1
    data, metadata = ours[0]
    assert metadata["scrapbook"] == {"name": "namn", "mime_prefix": "" if display else "application/papermill.record/"}
    assert all(key.startswith(metadata["scrapbook"]["mime_prefix"]) for key in data)


def test_what_the_pages_import_leaves_out_nbformat_and_jsonschema():
    """Each costs a page's kernel about 1.4 s (see upphandlingskurs/glue.py)."""
    import subprocess
    import sys

    modules = ["upphandlingskurs", "upphandlingskurs.glue", "upphandlingskurs.tools", "upphandlingskurs.sources",
               *(f"upphandlingskurs.exercises.{path.stem}" for path in (PACKAGE / "exercises").glob("[!_]*.py"))]
    code = f"import sys, {', '.join(modules)}; print('nbformat' in sys.modules, 'jsonschema' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
