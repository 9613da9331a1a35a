"""A page of the book as a notebook that plain Jupyter shows as the book does (the downloads).

Jupyter renders CommonMark (with tables and HTML), not MyST. The executed notebook that myst-nb
writes still has MyST in its Markdown cells, so each cell is converted:

- Directives: an admonition or an exercise becomes a block quote with its title in bold. A solution
  (``{solution}``, or everything from ``{solution-start}`` to ``{solution-end}``, whose code cells
  become code blocks in it) and a trainer's answer key (class ``kurs-facit``) become a folded
  ``<details>`` block, so no solution shows under its task. The workshop build leaves them out.
- Roles: ``{glue:text}`` becomes the value the build computed, ``{term}`` a link to the glossary on
  the web and ``{download}`` a link to the file (in the download's ``data/`` folder).
- Links to other pages (``../chapters/x.md#anchor``) become links to the web pages.
- Comments (``%``), targets (``(label)=``) and block breaks (``+++``) go.

The Markdown is parsed with myst-parser's own parser (the book's), so a directive is found exactly as
the book finds it; the text around the MyST stays as the author wrote it. Any other MyST raises
ConversionError, so a download never shows MyST that Jupyter cannot render.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable

import nbformat
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

# The MyST extensions the book enables (_config.yml, parse.myst_enable_extensions).
MYST_EXTENSIONS = {"colon_fence", "deflist", "substitution"}

DIRECTIVE = re.compile(r"^\{(?P<name>[\w:-]+)\}\s*(?P<argument>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
# At each place in a block of text: a role, an inline code span (left alone) or a link.
INLINE = re.compile(
    r"\{(?P<role>[\w:+.-]+)\}(?P<role_ticks>`+)(?P<content>.+?)(?P=role_ticks)"
    r"|(?P<ticks>`+).+?(?P=ticks)"
    r"|(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?P<title>[ \t]+\"[^\"]*\")?\)",
    re.DOTALL,
)
EXPLICIT_TARGET = re.compile(r"(?s)(?P<text>.*?)\s*<(?P<target>[^<>]+)>")
SUBSTITUTION = re.compile(r"\{\{.*?\}\}")

# Admonition titles as the Swedish book shows them, for the directives that have no title argument.
ADMONITION_TITLES = {
    "note": "Obs", "tip": "Tips", "important": "Viktigt", "warning": "Varning", "attention": "Observera",
    "caution": "Var försiktig", "danger": "Fara", "error": "Fel", "hint": "Ledtråd", "seealso": "Se även",
}
ANSWER_KEY_CLASS = "kurs-facit"  # a trainer page's answer key (see _ext/kurs_workshop.py)
SOLUTION_SUMMARY = "Lösning"


class ConversionError(ValueError):
    """The page uses MyST that the download cannot show in plain Jupyter."""


@dataclass
class Resolver:
    """What the book resolved, for one page: each callable gets the text as the page wrote it."""

    link: Callable[[str], str]  # a relative link target ("../chapters/x.md#anchor") -> its address
    term: Callable[[str], str]  # a glossary term -> the address of its entry
    glue_text: Callable[[str], str]  # a {glue:text} key ("name" or "name:format") -> the text
    download: Callable[[str], str]  # a {download} target -> the link to the file


def _parser():
    return create_md_parser(MdParserConfig(enable_extensions=MYST_EXTENSIONS), RendererHTML)


def _options(body: str) -> tuple[dict[str, str], str]:
    """A directive's options (``:key: value`` lines or a YAML block) and the rest of its body."""
    lines = body.split("\n")
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        for line in lines[1:end]:
            key, _, value = line.partition(":")
            options[key.strip()] = value.strip()
        lines = lines[end + 1:]
    else:
        while lines and (option := OPTION.match(lines[0])):
            options[option["key"]] = option["value"]
            lines = lines[1:]
    return options, "\n".join(lines).strip("\n")


def block_quote(title: str, body: str) -> str:
    lines = [f"**{title}**", "", *body.split("\n")] if body else [f"**{title}**"]
    return "\n".join(">" + (" " + line if line.strip() else "") for line in lines)


def fold(summary: str, body: str) -> str:
    """A folded block: Jupyter shows the summary; the Markdown inside shows when it is opened."""
    return f"<details>\n<summary>{html.escape(summary)}</summary>\n\n{body}\n\n</details>"


@dataclass
class Converter:
    """Converts the Markdown cells of one page, in order (a gated solution spans several cells)."""

    resolver: Resolver
    with_solutions: bool = True
    exercise_titles: dict[str, str] = field(default_factory=dict)
    _gated: list[str] | None = None  # the parts of an open {solution-start}
    _gated_label: str = ""

    def __post_init__(self):
        self._md = _parser()

    # --- cells ---------------------------------------------------------------------------------

    def notebook(self, executed: nbformat.NotebookNode) -> nbformat.NotebookNode:
        """The notebook to download, from the notebook myst-nb executed (its outputs are kept)."""
        for cell in executed.cells:
            if cell.cell_type == "markdown":
                self._collect_exercise_titles(cell.source)
        cells = []
        for cell in executed.cells:
            if cell.cell_type == "markdown":
                text = self.markdown(cell.source)
                if text.strip():
                    cells.append(nbformat.v4.new_markdown_cell(text))
            elif cell.cell_type == "code":
                if self._gated is not None:
                    self._gated.append(f"```python\n{cell.source.strip()}\n```")
                    continue
                cells.append(_code_cell(cell))
            else:
                cells.append(cell)
        if self._gated is not None:
            raise ConversionError(f"{{solution-start}} {self._gated_label} saknar {{solution-end}}")
        notebook = nbformat.v4.new_notebook(cells=cells)
        notebook.metadata = {key: value for key, value in executed.metadata.items()
                             if key in ("kernelspec", "language_info", "widgets")}
        return notebook

    def _collect_exercise_titles(self, text: str) -> None:
        for token in self._md.parse(text):
            directive = DIRECTIVE.match(token.info) if token.type in ("fence", "colon_fence") else None
            if directive and directive["name"] == "exercise":
                options, _ = _options(token.content)
                if "label" in options:
                    self.exercise_titles[options["label"]] = directive["argument"]

    # --- Markdown --------------------------------------------------------------------------------

    def markdown(self, text: str) -> str:
        """One Markdown cell (or a directive's body) as plain Markdown."""
        lines = text.split("\n")
        out: list[str] = []
        position = 0
        for token in self._md.parse(text):
            if token.level != 0 or token.map is None or token.nesting == -1:
                continue
            start, end = token.map
            self._emit(out, "\n".join(lines[position:start]))
            self._emit(out, self._block(token, "\n".join(lines[start:end])))
            position = end
        self._emit(out, "\n".join(lines[position:]))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(part for part in out if part is not None)).strip("\n")

    def _emit(self, out: list[str], text: str | None) -> None:
        if text is None:
            return
        (self._gated if self._gated is not None else out).append(text)

    def _block(self, token, source: str) -> str | None:
        if token.type in ("fence", "colon_fence"):
            directive = DIRECTIVE.match(token.info)
            return source if directive is None else self._directive(directive["name"], directive["argument"], token.content)
        if token.type in ("code_block", "html_block"):
            return source
        if token.type in ("myst_line_comment", "myst_target", "myst_block_break", "front_matter"):
            return None
        if token.type == "dl_open":
            return self._definition_list(source)
        return self.inline(source)

    def _definition_list(self, source: str) -> str:
        # Jupyter has no definition lists: the term in bold, the definition as a paragraph under it.
        lines = []
        for line in source.split("\n"):
            if line.startswith((": ", "~ ")):
                lines.append(line[2:])
            elif line.startswith("  ") and lines:
                lines.append(line.strip())
            elif line.strip():
                lines += ["", f"**{line.strip()}**", ""]
            else:
                lines.append("")
        return self.inline("\n".join(lines))

    def _directive(self, name: str, argument: str, body: str) -> str | None:
        options, content = _options(body)
        classes = options.get("class", "").split()
        title = self.inline(argument)
        if name == "solution-start":
            if self._gated is not None:
                raise ConversionError(f"{{solution-start}} {argument} ligger i en annan lösning")
            self._gated, self._gated_label = [], argument.strip()
            return None
        if name == "solution-end":
            if self._gated is None:
                raise ConversionError("{solution-end} utan {solution-start}")
            parts, label = self._gated, self._gated_label
            self._gated = None
            return self._solution(label, "\n\n".join(part for part in parts if part.strip()))
        if name == "solution":
            return self._solution(argument.strip(), self._nested(content))
        if name == "exercise":
            return block_quote(f"Övning ({title})" if title else "Övning", self._nested(content))
        if name == "admonition" or name in ADMONITION_TITLES:
            title = title or ADMONITION_TITLES.get(name, "")
            if ANSWER_KEY_CLASS in classes:
                return fold(title, self._nested(content)) if self.with_solutions else None
            if "dropdown" in classes:
                return fold(title, self._nested(content))
            return block_quote(title, self._nested(content))
        raise ConversionError(f"direktivet {{{name}}} kan inte visas i en nedladdad anteckningsbok")

    def _nested(self, text: str) -> str:
        inner = Converter(self.resolver, self.with_solutions, self.exercise_titles)
        return inner.markdown(text)

    def _solution(self, label: str, body: str) -> str | None:
        if not self.with_solutions:
            return None
        title = self.exercise_titles.get(label)
        summary = f"{SOLUTION_SUMMARY} till Övning ({self.inline(title)})" if title else SOLUTION_SUMMARY
        return fold(summary, body)

    def inline(self, text: str) -> str:
        """Roles and links in running text (a paragraph, a heading, a list, a table, a title)."""
        if SUBSTITUTION.search(text):
            raise ConversionError(f"ersättningen {SUBSTITUTION.search(text)[0]} kan inte visas i en nedladdad anteckningsbok")
        return INLINE.sub(self._inline_match, text)

    def _inline_match(self, match: re.Match) -> str:
        if match["role"]:
            return self._role(match["role"], match["content"])
        if match["target"] is not None:
            target = match["target"]
            if re.match(r"^[a-zA-Z][\w+.-]*:", target):  # an address (https:, mailto:)
                return match[0]
            return f"[{self.inline(match['text'])}]({self.resolver.link(target)}{match['title'] or ''})"
        return match[0]  # inline code

    def _role(self, name: str, content: str) -> str:
        explicit = EXPLICIT_TARGET.fullmatch(content)
        text, target = (explicit["text"], explicit["target"]) if explicit else (content, content)
        if name == "glue:text":
            return self.resolver.glue_text(content)
        if name == "term":
            return f"[{text}]({self.resolver.term(target)})"
        if name == "download":
            return f"[{text}]({self.resolver.download(target)})"
        raise ConversionError(f"rollen {{{name}}} kan inte visas i en nedladdad anteckningsbok")


def _code_cell(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A code cell as the page has it, with its outputs; code the page hides starts folded."""
    tags = cell.metadata.get("tags", [])
    metadata = {"tags": tags} if tags else {}
    jupyter = {}
    if {"remove-cell", "remove-input", "hide-input", "hide-cell"} & set(tags):
        jupyter["source_hidden"] = True
    if {"remove-output", "hide-output"} & set(tags):
        jupyter["outputs_hidden"] = True
    if jupyter:
        metadata["jupyter"] = jupyter
    new = nbformat.v4.new_code_cell(cell.source, metadata=metadata, execution_count=cell.get("execution_count"))
    new.outputs = cell.get("outputs", [])
    return new


def convert(executed: nbformat.NotebookNode, resolver: Resolver, with_solutions: bool = True) -> nbformat.NotebookNode:
    """The downloadable notebook for a page, from the notebook myst-nb executed for it."""
    return Converter(resolver, with_solutions).notebook(executed)
