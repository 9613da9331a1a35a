"""Checks a course page the way the test suite does, for writers: `python -m upphandlingskurs.pagecheck FIL …`

For each page (a MyST Markdown notebook) it reports, in Swedish:
- a chapter's, an exercise's or a tool page's departures from its template (CONTRIBUTING.md),
- problems in its self-test file (``<page>.sjalvtest.yml``),
- law references that are missing from the legal register or outdated,
- and, unless --utan-korning is given, errors when the page is executed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.lagrum import check_text
from upphandlingskurs.quiz import load_quiz

# The page template: an overview box with these three parts, then the content, then these
# closing sections in this order.
OVERVIEW_PARTS = ("**Lärandemål.**", "**Förkunskaper.**", "**Tidsåtgång.**")
CLOSING_SECTIONS = ("## Sammanfattning", "## Självtest", "## Källor")
MIN_QUESTIONS = 5


def quiz_path(page: Path) -> Path:
    return page.with_suffix(".sjalvtest.yml")


def overview_problems(text: str) -> tuple[list[str], str]:
    """Problems with the overview box that chapters and exercises share, and the box's text."""
    overview = re.search(r":::\{admonition\} Översikt\n:class: kurs-oversikt\n(.*?)\n:::", text, re.DOTALL)
    if not overview:
        return ["översiktsrutan (':::{admonition} Översikt' med ':class: kurs-oversikt') saknas"], ""
    problems = [f"översikten saknar {part}" for part in OVERVIEW_PARTS if part not in overview.group(1)]
    if not re.search(r"Cirka \d+ minuter", overview.group(1)):
        problems.append("översikten anger inte tidsåtgången som 'Cirka N minuter'")
    return problems, overview.group(1)


def _closing_sections(text: str, closing: tuple[str, ...]) -> tuple[list[str], list[int] | None]:
    """The title, the overview box and the closing sections in order, which chapters and tool
    pages share: the problems, and where each closing section starts (None when one is missing
    or they are out of order)."""
    problems = []
    if not re.search(r"^# \S", text, re.MULTILINE):
        problems.append("huvudrubriken (# Titel) saknas")
    problems += overview_problems(text)[0]
    positions = [text.find(f"\n{section}\n") for section in closing]
    missing = [section for section, position in zip(closing, positions) if position < 0]
    if missing:
        return problems + [f"avsnittet '{section}' saknas" for section in missing], None
    if positions != sorted(positions):
        order = ", ".join(section.removeprefix("## ") for section in closing)
        return problems + [f"avsluten ska stå i ordningen {order}"], None
    return problems, positions


def template_problems(text: str) -> list[str]:
    """How a chapter's text departs from the page template (empty when it follows it)."""
    problems, positions = _closing_sections(text, CLOSING_SECTIONS)
    if positions is None:
        return problems
    if text.count("\n## ") < len(CLOSING_SECTIONS) + 2:
        problems.append("kapitlet behöver minst två innehållsavsnitt (## …) före Sammanfattning")
    if "show_quiz(" not in text[positions[1]:positions[2]]:
        problems.append("självtestet visas inte under Självtest (show_quiz)")
    if not re.search(r"https?://", text[positions[2]:]):
        problems.append("källorna saknar webbadresser")
    return problems


EXERCISE_CLOSING = "## Sammanfattning"


def exercise_problems(text: str) -> list[str]:
    """How an exercise departs from the exercise template (CONTRIBUTING.md)."""
    problems = []
    if not re.search(r"^# Övning \d+: \S", text, re.MULTILINE):
        problems.append("huvudrubriken ska vara '# Övning N: …'")
    overview_issues, overview = overview_problems(text)
    problems += overview_issues
    if overview and "../chapters/" not in overview:
        problems.append("förkunskaperna länkar inte till kapitlet som övningen övar")
    if not re.search(r":::\{admonition\} Påhittat", text):
        problems.append("scenariot står inte i en ruta märkt 'Påhittat …'")
    exercises = len(re.findall(r"```\{exercise\}", text))
    solutions = len(re.findall(r"```\{solution(-start)?\}", text))
    if exercises < 2:
        problems.append("övningen behöver minst två uppgifter ({exercise})")
    if solutions < exercises:
        problems.append(f"{exercises} uppgifter men bara {solutions} lösningar")
    if "kontroll." not in text:
        problems.append("övningen har ingen svarskontroll (kontroll.…)")
    if f"\n{EXERCISE_CLOSING}\n" not in text:
        problems.append("avsnittet '## Sammanfattning' saknas")
    return problems


TOOL_PAGE_CLOSING = ("## Sammanfattning", "## Källor")


def tool_page_problems(text: str) -> list[str]:
    """How a tool page (verktyg/) departs from the page template as far as it fits a tool page: the
    overview box, content sections with the tools, then Sammanfattning and Källor (no self-test)."""
    problems, positions = _closing_sections(text, TOOL_PAGE_CLOSING)
    if positions is None:
        return problems
    content = text[: positions[0]]
    if content.count("\n## ") < 1:
        problems.append("sidan behöver minst ett innehållsavsnitt (## …) före Sammanfattning")
    if "static_tool(" not in content:
        problems.append("sidan visar inget verktyg (static_tool) före Sammanfattning")
    if not re.search(r"https?://", text[positions[1]:]):
        problems.append("källorna saknar webbadresser")
    return problems


def execution_problems(page: Path) -> list[str]:
    import jupytext
    import nbclient

    notebook = jupytext.read(page)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(page.parent)}}
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as error:
        return [f"en kodcell gick inte att köra: {error.ename}: {error.evalue}"]
    problems = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                problems.append(f"en kodcell skriver till stderr: {output['text'][:200]}")
    return problems


def check_page(page: Path, execute: bool = True) -> list[str]:
    """Every problem with ``page`` and its self-test, as Swedish sentences."""
    text = page.read_text(encoding="utf-8")
    problems = []
    is_chapter = page.parent.name == "chapters"
    if is_chapter:
        problems += template_problems(text)
    if page.parent.name == "exercises":
        problems += exercise_problems(text)
    if page.parent.name == "verktyg":
        problems += tool_page_problems(text)
    quiz = quiz_path(page)
    quiz_text = ""
    if quiz.exists():
        quiz_text = quiz.read_text(encoding="utf-8")
        try:
            questions = load_quiz(quiz)["questions"]
            if is_chapter and len(questions) < MIN_QUESTIONS:
                problems.append(f"självtestet har {len(questions)} frågor; minst {MIN_QUESTIONS} behövs")
        except CourseDataError as error:
            problems.append(str(error))
    elif is_chapter:
        problems.append(f"självtestet {quiz.name} saknas")
    problems += [f"lagrum: {problem}" for problem in check_text(text)]
    problems += [f"lagrum i självtestet: {problem}" for problem in check_text(quiz_text)]
    if execute:
        problems += execution_problems(page)
    return problems


def main(arguments: list[str]) -> int:
    execute = "--utan-korning" not in arguments
    pages = [Path(argument) for argument in arguments if not argument.startswith("--")]
    if not pages:
        print("Användning: python -m upphandlingskurs.pagecheck [--utan-korning] SIDA.md …")
        return 2
    failed = False
    for page in pages:
        try:
            problems = check_page(page, execute=execute) if page.exists() else [f"filen {page} finns inte"]
        except CourseDataError as error:  # the legal register or another table it reads is broken
            problems = [str(error)]
        if problems:
            failed = True
            print(f"{page}: {len(problems)} problem")
            for problem in problems:
                print(f"  • {problem}")
        else:
            print(f"{page}: inga problem")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
