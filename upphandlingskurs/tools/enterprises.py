"""Find social enterprises near a contract: municipality, industry, capacity.

``search`` is the tool's whole answer as data (the count, the note and the rows as shown); the
notebook tool turns it into HTML, and the static copy of the tool on the web page
(upphandlingskurs/static_exercises.py) embeds ``TEXTS`` and gives the same answer in the browser.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from upphandlingskurs.data import format_value, load_table, table_html
from upphandlingskurs.rules.decision import as_int, say
from upphandlingskurs.screening import ALL, industries, largest_first, matching_enterprises
from upphandlingskurs.swedish import swedish_sorted
from upphandlingskurs.tools.base import Tool, dropdown, labelled

MIN_LABEL = "Minst antal sysselsatta"
MAX_ROWS = 50  # a longer table helps nobody read, and would slow the tool down
COLUMNS = {"namn": "Namn", "kommun": "Kommun", "typ": "Typ", "branscher": "Branscher",
           "antal_sysselsatta": "Sysselsatta", "tar_emot_praktik": "Tar emot praktik", "kontakt": "Kontakt"}
TEXTS = {
    "none": "Inga företag matchar sökningen.",
    "none_note": "Pröva att ta bort ett av villkoren.",
    "count": "{count} organisationer matchar sökningen.",
    "more": "Tabellen visar de {shown} största; gör sökningen snävare för att se fler.",
    "caption": "Organisationer som matchar sökningen",
}


def search(enterprises: pd.DataFrame, kommun: str = ALL, industry: str = ALL, min_occupied="0",
           kind: str = ALL, takes_placements: bool = False) -> dict:
    """What the tool answers: ``summary`` and ``note`` (sentences) and ``rows`` (the cells of the
    table as shown, largest first, at most MAX_ROWS; ``table`` holds the same rows as a frame).
    ``min_occupied`` is read as typed; bad input raises CourseDataError with the Swedish message."""
    keep = matching_enterprises(enterprises, kommun=kommun, industry=industry,
                                min_occupied=as_int(min_occupied, MIN_LABEL), kind=kind,
                                takes_placements=takes_placements)
    matches = int(keep.sum())
    if not matches:
        return {"summary": TEXTS["none"], "note": TEXTS["none_note"], "rows": [], "table": enterprises.iloc[0:0]}
    shown = largest_first(enterprises[keep], MAX_ROWS)[list(COLUMNS)]
    return {"summary": say(TEXTS["count"], count=matches),
            "note": say(TEXTS["more"], shown=MAX_ROWS) if matches > MAX_ROWS else "",
            "rows": [[format_value(value) for value in row] for row in shown.itertuples(index=False)],
            "table": shown}


class FindEnterprisesTool(Tool):
    title = "Hitta sociala företag"
    button_label = "Sök företag"

    def __init__(self, enterprises: pd.DataFrame | None = None, kommun: str = ALL, industry: str = ALL,
                 min_occupied: int = 0, kind: str = ALL, takes_placements: bool = False):
        self.enterprises = load_table("foretag") if enterprises is None else enterprises
        self.inputs = {
            # The choices are the values in the data in use; a preset must be one of them.
            "kommun": dropdown([ALL, *swedish_sorted(self.enterprises["kommun"].unique())], kommun, "Kommun"),
            "bransch": dropdown([ALL, *industries(self.enterprises)], industry, "Bransch"),
            "typ": dropdown([ALL, *swedish_sorted(self.enterprises["typ"].unique())], kind, "Typ av organisation"),
            "min_sysselsatta": labelled(widgets.Text(value=str(min_occupied)), MIN_LABEL),
            "praktik": labelled(widgets.Checkbox(value=takes_placements, indent=False), "Bara de som tar emot praktik"),
        }
        super().__init__()

    def compute(self) -> str:
        found = search(
            self.enterprises,
            kommun=self.inputs["kommun"].value,
            industry=self.inputs["bransch"].value,
            min_occupied=self.inputs["min_sysselsatta"].value,
            kind=self.inputs["typ"].value,
            takes_placements=self.inputs["praktik"].value,
        )
        summary = f"<p><strong>{html.escape(found['summary'])}</strong>"
        note = f" {html.escape(found['note'])}" if found["note"] else ""
        if not found["rows"]:
            return f"{summary}{note}</p>"
        return f"{summary}{note}</p>" + table_html(found["table"], caption=TEXTS["caption"], labels=COLUMNS)
