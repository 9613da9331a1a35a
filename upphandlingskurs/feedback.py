"""Answer checks for the exercises: Swedish feedback that says what is right or wrong and why.

Each exercise has a module in ``upphandlingskurs.exercises`` whose check functions compute the
expected answer from the data the notebook is using, so the checks work on any valid data file.
"""

from __future__ import annotations

import html

from IPython.display import HTML

NO_ANSWER = "Skriv ditt svar i variabeln och kör cellen igen."


COLOURS = {"ratt": "#1a6b2f", "fel": "#a3191f", "tomt": "#595959"}  # WCAG AA on white and dark


def _box(kind: str, title: str, message: str) -> HTML:
    # Inline style: the feedback must look the same in JupyterLab, Voilà and the book.
    return HTML(
        f'<div class="kurs-svar kurs-svar-{kind}" role="status" '
        f'style="border-left: 0.4rem solid {COLOURS[kind]}; padding: 0.2rem 0 0.2rem 0.8rem; margin: 0.5rem 0;">'
        f"<p><strong>{html.escape(title)}</strong> {html.escape(message)}</p></div>"
    )


def right(message: str) -> HTML:
    return _box("ratt", "Rätt.", message)


def wrong(message: str) -> HTML:
    return _box("fel", "Inte rätt än.", message)


def note(message: str, title: str = "Observera:") -> HTML:
    """A neutral message, for example for a task that the data in use gives no case for."""
    return _box("tomt", title, message)


def missing() -> HTML:
    return _box("tomt", "Inget svar ännu.", NO_ANSWER)


def check_number(answer, expected: float, explanation: str, tolerance: float = 0.0) -> HTML:
    """Compare a numeric answer; the explanation says how the right answer is reached."""
    if answer is None:
        return missing()
    try:
        value = float(str(answer).replace(",", ".").replace(" ", ""))
    except ValueError:
        return wrong(f"Svaret ska vara ett tal, men du skrev '{answer}'.")
    if abs(value - expected) <= tolerance + 1e-9:  # 27.05 against 27 ± 0.05 is right, despite float rounding
        return right(explanation)
    return wrong(f"Du svarade {answer}. {explanation}")


def check_choice(answer, correct: str, explanations: dict[str, str]) -> HTML:
    """Compare a choice among named options; every option has its own explanation."""
    if answer is None:
        return missing()
    key = str(answer).strip().lower()
    options = {option.lower(): option for option in explanations}
    if key not in options:
        return wrong(f"Välj ett av alternativen: {', '.join(explanations)}. Du skrev '{answer}'.")
    option = options[key]
    return (right if option == correct else wrong)(explanations[option])


def check_set(answer, expected: set[str], what: str, explanation: str) -> HTML:
    """Compare a list of identifiers (order does not matter) and say what is missing or extra.

    Accepts a list, tuple, set, pandas Series, or a string with the items separated by commas."""
    if answer is None:
        return missing()
    if isinstance(answer, str):
        answer = answer.replace(";", ",").split(",")
    elif hasattr(answer, "tolist") and not hasattr(answer, "columns"):
        answer = answer.tolist()  # a pandas Series or numpy array
    if not isinstance(answer, list | tuple | set):
        return wrong(f"Svaret ska vara en lista, till exempel ['A', 'B'], men du skrev {answer!r}.")
    given = {str(item).strip() for item in answer if str(item).strip()}
    if given == expected:
        return right(explanation)
    parts = []
    if expected - given:
        parts.append(f"Antal {what} som saknas i ditt svar: {len(expected - given)}")
    if given - expected:
        parts.append(f"{len(given - expected)} av dina {what} ska inte vara med ({', '.join(sorted(given - expected))})")
    return wrong("; ".join(parts) + ". " + explanation)
