"""The course's own error: a Swedish message that names what is wrong, and nothing else."""

from __future__ import annotations


class CourseDataError(ValueError):
    """Bad input: a data file, a self-test file or a value a participant typed.

    The message is written for a procurer, not a programmer: in Swedish, naming the file,
    row, column and value. In a notebook IPython shows only that message, not a traceback.
    """

    def __init__(self, message: str, problems: list[str] | None = None):
        self.problems = list(problems or [])
        full = message
        if self.problems:
            full += "\n" + "\n".join(f"  • {problem}" for problem in self.problems)
        super().__init__(full)

    def _render_traceback_(self) -> list[str]:
        # IPython calls this instead of printing the traceback (see IPython's
        # InteractiveShell.showtraceback), so a participant sees only the Swedish message.
        return [f"Fel: {self}"]
