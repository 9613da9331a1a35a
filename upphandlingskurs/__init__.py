"""Helper package for the course "Socialt ansvarsfull upphandling".

The pages import from here so that every rule, table and widget lives in one place:

- ``data``: loads the CSV tables in ``data/`` and checks them against ``schemas``.
- ``quiz``: renders the self-tests (YAML beside each chapter) as accessible HTML.
- ``static_tools``: the decision tools that work on the static web page (``static_tool``).
- ``lagrum``: finds law references ("4 kap. 18 § LOU") in text and looks them up in the register.
- ``errors``: the one exception type whose message, in Swedish, is all a participant sees.
"""

from upphandlingskurs.data import load_table, show_table
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.quiz import show_quiz
from upphandlingskurs.static_tools import static_tool

__all__ = ["CourseDataError", "load_table", "show_quiz", "show_table", "static_tool"]
