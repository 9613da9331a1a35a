"""What every tool shares: labelled inputs, a button, a result area, Swedish errors, and a static
snapshot for the web book.

In JupyterLab and Voilà a tool is an interactive ipywidgets form. The built web book cannot run
Python, so there the same object shows ``snapshot_html()``: the result for the example values, with
a note. Both come from one ``_repr_mimebundle_``; _config.yml tells myst-nb to prefer the HTML.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.quiz import STATIC_DIR

STATIC_NOTE = (
    "Du läser webbversionen av kursen. Här visas verktygets resultat för exemplets värden. "
    "Öppna sidan som anteckningsbok i JupyterLab för att ändra värdena."
)
STYLE = {"description_width": "initial"}
LAYOUT = widgets.Layout(width="32rem", max_width="100%")


def labelled(widget: widgets.Widget, label: str) -> widgets.Widget:
    """Give a control a visible label that is also its accessible name."""
    widget.description = label
    widget.style = STYLE
    widget.layout = LAYOUT
    return widget


def dropdown(options: list, value, label: str) -> widgets.Dropdown:
    """A labelled drop-down list preset to ``value``. A preset that is not among the options (a value
    the data in use does not have) is a Swedish error that names it, not ipywidgets' TraitError."""
    if value not in options:
        shown = ", ".join(f"'{option}'" for option in options[:12]) + (" …" if len(options) > 12 else "")
        raise CourseDataError(f"{label}: '{value}' finns inte bland valen i listan. Välj en av dem: {shown}.")
    return labelled(widgets.Dropdown(options=options, value=value), label)


class Tool:
    """Base class: subclasses set ``title``, build ``self.inputs`` and implement ``compute()``."""

    title = ""
    button_label = "Visa resultat"

    def __init__(self):
        self.result_html = ""
        self.error: str | None = None
        self.output = widgets.HTML()
        self.button = widgets.Button(description=self.button_label, button_style="primary",
                                     tooltip=self.button_label)
        self.button.on_click(lambda _: self.update())

    # -- subclasses ---------------------------------------------------------------------------
    inputs: dict[str, widgets.Widget]

    def compute(self) -> str:
        """Read the inputs, apply the rules and return the result as HTML (escaped)."""
        raise NotImplementedError

    # -- shared -------------------------------------------------------------------------------
    def update(self) -> str:
        """Recompute; bad input shows a Swedish message instead of a traceback."""
        try:
            self.result_html = self.compute()
            self.error = None
        except CourseDataError as error:
            self.error = str(error)
            self.result_html = f'<p class="kurs-fel" role="alert"><strong>Kontrollera uppgifterna:</strong> {html.escape(self.error)}</p>'
        self.output.value = self.result_html
        return self.result_html

    def widget(self) -> widgets.Widget:
        if not self.result_html:
            self.update()
        return widgets.VBox([widgets.HTML(f"<h4>{html.escape(self.title)}</h4>"), *self.inputs.values(),
                             self.button, self.output])

    def snapshot_html(self) -> str:
        if not self.result_html:
            self.update()
        css = (STATIC_DIR / "tool.css").read_text(encoding="utf-8")
        return (f'<style>{css}</style><div class="kurs-verktyg"><p class="kurs-verktyg-titel">{html.escape(self.title)}</p>'
                f'<p class="kurs-verktyg-not">{STATIC_NOTE}</p>{self.result_html}</div>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/html"] = self.snapshot_html()
        return bundle
