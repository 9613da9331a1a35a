"""Turn an exercise (a MyST Markdown notebook in exercises/) into a notebook for the Voilà app.

Voilà shows a notebook's outputs and rendered Markdown, never its code, and it knows no MyST: a
directive such as ``{exercise}`` would show as a code block. So the app's notebook differs from
the page in what Voilà cannot do and in what a room without code needs:

- Solutions are left out: ``{solution}`` directives, and everything between ``{solution-start}``
  and ``{solution-end}`` (Markdown and code cells alike), as `make book-workshop` leaves them out.
- Markdown is rendered to HTML here, with markdown-it-py: admonitions and exercises become boxes,
  ``{download}`` links point at the data files that the app serves, links to other exercises point
  at their apps, and links to chapters (which the app does not have) become plain text.
- ``{glue:text}`` values are computed by the notebook from the data in use, so a Markdown cell that
  has them becomes a code cell that fills them in when it runs (see ``kernel.show_html``).
- An answer cell (``svar = None  # ...`` then ``kontroll.task_N(svar, ...)``) becomes an answer form:
  a text field and a button that run the same check in the kernel.
- The first cell starts the app's kernel helpers; glue is imported from them instead of ``upphandlingskurs.glue``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
from markdown_it import MarkdownIt

KERNEL_MODULE = "upphandlingskurs.workshop_app.kernel"
SETUP_SOURCE = f"import {KERNEL_MODULE} as _app\n_app.start()"
GLUE_IMPORT = "from upphandlingskurs.glue import glue"
GLUE_IMPORT_IN_APP = f"from {KERNEL_MODULE} import glue"

# A directive's opening fence: ```{name} argument  or  :::{name} argument
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<argument>.*?)\s*$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*?)\s*$")
GLUE_ROLE = re.compile(r"\{glue:text\}`(?P<name>\w+)`")
DOWNLOAD_ROLE = re.compile(r"\{download\}`(?P<text>[^<`]*?)\s*<(?P<target>[^>`]+)>`")
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")
# A glued value's place in the rendered HTML (private-use characters, which Markdown leaves alone).
GLUE_MARK = "\ue000{}\ue001"
GLUE_MARK_PATTERN = re.compile("\ue000(\\w+)\ue001")
ANSWER_CELL = re.compile(
    r"^svar = None[ \t]*(?:#[ \t]*(?P<hint>[^\n]*))?\n(?P<call>kontroll\.\w+\(svar\b[^\n]*\))\s*$"
)

# Shown under the overview: what is different from the page that the exercise text describes.
HOW_THE_APP_WORKS = """<div class="kurs-ruta kurs-appinfo">
<p class="kurs-ruta-titel">Så fungerar appen</p>
<p>Ändra värdena i verktygen och tryck på knappen under dem, så räknas resultatet om. Där uppgiften
säger att du ska skriva svaret i variabeln <code>svar</code> och köra cellen skriver du i stället svaret i
rutan <strong>Ditt svar</strong> och trycker på <strong>Kontrollera svaret</strong>. Skriv ja, nej, en
bokstav eller ett tal som det är. Flera namn skriver du med kommatecken emellan.</p>
<p>Uppgifter som ska lösas med pandas löser du här med verktygen, med tabellerna på sidan eller med
datafilerna under <strong>Ladda ner data</strong>, som du kan öppna i ett kalkylprogram. Lösningarna
går ni igenom tillsammans.</p>
</div>"""

BOX_CLASSES = {"admonition": "kurs-ruta", "exercise": "kurs-ruta kurs-uppgift"}


class ConversionError(ValueError):
    """An exercise uses MyST that the app does not know how to show."""


@dataclass
class AppNotebook:
    notebook: nbformat.NotebookNode
    title: str
    data_files: set[str] = field(default_factory=set)


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _link(match: re.Match, exercise_names: set[str]) -> str:
    text, target = match["text"], match["target"]
    if re.match(r"^[a-z]+:", target) or target.startswith("#"):
        return match[0]  # an address on the web, or on the same page
    path, _, anchor = target.partition("#")
    name = Path(path).name
    if "/" not in path and name.endswith(".md") and name[:-3] in exercise_names:
        return f"[{text}]({name[:-3]}.ipynb)"
    return text  # a chapter or page of the book: the app has only the exercises


def _inline(text: str, exercise_names: set[str], data_files: set[str]) -> str:
    def download(match: re.Match) -> str:
        name = Path(match["target"]).name
        data_files.add(name)
        # The page is /voila/render/<app>.ipynb and Voilà serves the app folder at /voila/files/.
        return f'<a href="../files/data/{html.escape(name)}" download>{html.escape(match["text"])}</a>'

    text = DOWNLOAD_ROLE.sub(download, text)
    text = GLUE_ROLE.sub(lambda match: GLUE_MARK.format(match["name"]), text)
    text = LINK.sub(lambda match: _link(match, exercise_names), text)
    if re.search(r"\{[\w:-]+\}`", text):
        raise ConversionError(f"Okänd roll i övningen: {re.search(r'{[^}]+}`[^`]*`', text)[0]}")
    return text


@dataclass
class _Renderer:
    exercise_names: set[str]
    data_files: set[str]
    in_gated_solution: bool = False

    def render(self, text: str) -> str:
        """MyST Markdown (one cell) to HTML, without the solutions."""
        lines = text.split("\n")
        out: list[str] = []
        plain: list[str] = []

        def flush():
            if plain and not self.in_gated_solution:
                source = _inline("\n".join(plain), self.exercise_names, self.data_files)
                out.append(_markdown().render(source))
            plain.clear()

        index = 0
        while index < len(lines):
            match = FENCE.match(lines[index])
            if not match:
                plain.append(lines[index])
                index += 1
                continue
            flush()
            fence, name, argument = match["fence"], match["name"], match["argument"]
            index += 1
            options: dict[str, str] = {}
            while index < len(lines) and OPTION.match(lines[index]):
                option = OPTION.match(lines[index])
                options[option["key"]] = option["value"]
                index += 1
            body: list[str] = []
            depth = 0
            while index < len(lines):
                line = lines[index]
                inner = FENCE.match(line)
                if inner and inner["fence"][0] == fence[0] and len(inner["fence"]) == len(fence):
                    depth += 1
                elif line.strip() == fence and depth == 0:
                    break
                elif line.strip() == fence:
                    depth -= 1
                body.append(line)
                index += 1
            else:
                raise ConversionError(f"Direktivet {{{name}}} avslutas inte i övningen.")
            index += 1  # the closing fence
            out.append(self.directive(name, argument, options, "\n".join(body)))
        flush()
        return "".join(out)

    def directive(self, name: str, argument: str, options: dict[str, str], body: str) -> str:
        if name == "solution-start":
            self.in_gated_solution = True
            return ""
        if name == "solution-end":
            self.in_gated_solution = False
            return ""
        if name == "solution" or self.in_gated_solution:
            return ""
        if name not in BOX_CLASSES:
            raise ConversionError(f"Direktivet {{{name}}} kan inte visas i appen.")
        classes = " ".join([BOX_CLASSES[name], *options.get("class", "").split()])
        title = _markdown().renderInline(_inline(argument, self.exercise_names, self.data_files)) if argument else ""
        label = "Uppgift: " if name == "exercise" else ""
        inner = _Renderer(self.exercise_names, self.data_files).render(body)
        return (f'<div class="{html.escape(classes)}">\n<p class="kurs-ruta-titel">{label}{title}</p>\n'
                f"{inner}</div>\n")


def _without_blank_lines(rendered: str) -> str:
    # Voilà renders a Markdown cell again (nbconvert's Markdown): one HTML block with no blank line
    # in it passes through untouched.
    return "\n".join(line for line in rendered.split("\n") if line.strip())


def _answer_cell(match: re.Match) -> str:
    hint = (match["hint"] or "").strip()
    hint = re.sub(r"^skriv ditt svar här[,:]?\s*", "", hint, flags=re.IGNORECASE)
    hint = hint.replace("svar = ", "")
    return f"_app.answer_form(lambda svar: {match['call']}, hint={hint!r})"


def convert(source: Path, exercise_names: set[str]) -> AppNotebook:
    """The app notebook for the exercise ``source`` (a MyST Markdown notebook)."""
    page = jupytext.read(source)
    renderer = _Renderer(exercise_names, set())
    cells = [nbformat.v4.new_code_cell(SETUP_SOURCE, metadata={"tags": ["remove-cell"]})]
    title = ""
    intro_added = False
    for cell in page.cells:
        if cell.cell_type == "markdown":
            if not title and (heading := re.search(r"^# (.+)$", cell.source, re.MULTILINE)):
                title = heading[1].strip()
            rendered = _without_blank_lines(renderer.render(cell.source))
            if not rendered:
                continue
            rendered = f'<div class="kurs-text">\n{rendered}\n</div>'
            if title and not intro_added:
                rendered += "\n" + HOW_THE_APP_WORKS
                intro_added = True
            if GLUE_MARK_PATTERN.search(rendered):
                code = GLUE_MARK_PATTERN.sub(lambda match: "{" + match[1] + "}", rendered.replace("{", "{{").replace("}", "}}"))
                cells.append(nbformat.v4.new_code_cell(f"_app.show_html({code!r})"))
            else:
                cells.append(nbformat.v4.new_markdown_cell(rendered))
        elif cell.cell_type == "code":
            if renderer.in_gated_solution:
                continue
            code = cell.source.replace(GLUE_IMPORT, GLUE_IMPORT_IN_APP)
            if answer := ANSWER_CELL.match(code):
                code = _answer_cell(answer)
            elif re.search(r"^svar\s*=", code, re.MULTILINE):
                raise ConversionError(f"{source.name}: svarscellen {code!r} har en form som appen inte känner igen. "
                                      "Skriv den som svar = None  # tips och sedan kontroll.task_N(svar, ...).")
            cells.append(nbformat.v4.new_code_cell(code, metadata={"tags": cell.metadata.get("tags", [])}))
    if renderer.in_gated_solution:
        raise ConversionError(f"{source.name}: {{solution-start}} saknar {{solution-end}}.")
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.metadata["title"] = title or source.stem
    return AppNotebook(notebook, notebook.metadata["title"], renderer.data_files)
