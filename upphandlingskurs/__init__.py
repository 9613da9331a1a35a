"""Helper package for the course "Socialt ansvarsfull upphandling".

The pages import from here so that every rule, table and widget lives in one place:

- ``data``: loads the CSV tables in ``data/`` and checks them against ``schemas``.
- ``quiz``: renders the self-tests (YAML beside each chapter) as accessible HTML.
- ``static_tools``: the decision tools that work on the static web page (``static_tool``).
- ``lagrum``: finds law references ("4 kap. 18 § LOU") in text and looks them up in the register.
- ``errors``: the one exception type whose message, in Swedish, is all a participant sees.
- ``kernel_forks``: on Linux, the build's and the workshop's kernels as copies of a process that
  has already imported what the pages need.

The names below are imported when a page first uses one (PEP 562), not when the package is
imported: ``data`` brings pandas and pandera (about half a second in each page's kernel), which a
page that only shows its self-test does not need. ``from upphandlingskurs import show_quiz`` works
as before.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Each public name and the module it comes from.
_SOURCES = {
    "CourseDataError": "upphandlingskurs.errors",
    "load_table": "upphandlingskurs.data",
    "show_quiz": "upphandlingskurs.quiz",
    "show_table": "upphandlingskurs.data",
    "static_tool": "upphandlingskurs.static_tools",
}

__all__ = sorted(_SOURCES)

if TYPE_CHECKING:  # for type checkers and editors; at run time __getattr__ imports them
    from upphandlingskurs.data import load_table, show_table
    from upphandlingskurs.errors import CourseDataError
    from upphandlingskurs.quiz import show_quiz
    from upphandlingskurs.static_tools import static_tool


def __getattr__(name: str):
    if name not in _SOURCES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_SOURCES[name]), name)
    globals()[name] = value  # once: later look-ups find it without calling __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SOURCES))
