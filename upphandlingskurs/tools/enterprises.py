"""Find social enterprises near a contract: municipality, industry, capacity."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from upphandlingskurs.data import load_table, table_html
from upphandlingskurs.rules.decision import as_int
from upphandlingskurs.screening import ALL, industries, largest_first, matching_enterprises
from upphandlingskurs.swedish import swedish_sorted
from upphandlingskurs.tools.base import Tool, dropdown, labelled

MAX_ROWS = 50  # a longer table helps nobody read, and would slow the tool down
COLUMNS = {"namn": "Namn", "kommun": "Kommun", "typ": "Typ", "branscher": "Branscher",
           "antal_sysselsatta": "Sysselsatta", "tar_emot_praktik": "Tar emot praktik", "kontakt": "Kontakt"}


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
            "min_sysselsatta": labelled(widgets.Text(value=str(min_occupied)), "Minst antal sysselsatta"),
            "praktik": labelled(widgets.Checkbox(value=takes_placements, indent=False), "Bara de som tar emot praktik"),
        }
        super().__init__()

    def compute(self) -> str:
        keep = matching_enterprises(
            self.enterprises,
            kommun=self.inputs["kommun"].value,
            industry=self.inputs["bransch"].value,
            min_occupied=as_int(self.inputs["min_sysselsatta"].value, "Minst antal sysselsatta"),
            kind=self.inputs["typ"].value,
            takes_placements=self.inputs["praktik"].value,
        )
        matches = int(keep.sum())
        if not matches:
            return "<p><strong>Inga företag matchar sökningen.</strong> Pröva att ta bort ett av villkoren.</p>"
        count = f"<p><strong>{matches} organisationer matchar sökningen.</strong>"
        if matches > MAX_ROWS:
            count += f" Tabellen visar de {MAX_ROWS} största; gör sökningen snävare för att se fler."
        shown = largest_first(self.enterprises[keep], MAX_ROWS)[list(COLUMNS)]
        return count + "</p>" + table_html(shown, caption="Organisationer som matchar sökningen", labels=COLUMNS)
