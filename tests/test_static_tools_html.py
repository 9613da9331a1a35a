"""The static decision tools' HTML, without a browser: every input has a label, every group of choices
a fieldset with a legend, the regions for results and errors are there, the embedded data is the data
the rules read (a trainer's data folder included), and the pages that teach a tool show it."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from upphandlingskurs import CourseDataError, data, static_tools
from upphandlingskurs.rules.parameters import clear_cache

PAGES = {
    "chapters/02-lagen-mojligheter-och-skyldigheter.md": ["procedure"],
    "chapters/03-sociala-krav-i-praktiken.md": ["employment"],
    "chapters/04-reserverade-kontrakt.md": ["reservation-18", "reservation-19-25"],
    "chapters/06-ideburet-offentligt-partnerskap.md": ["iop-route"],
    "verktyg/beslutsverktyg.md": list(static_tools.TOOLS),
}


class ToolParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs, self.labels, self.fieldsets, self.roles, self.scripts = [], set(), [], [], []
        self._stack, self._script = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input":
            self.inputs.append((attrs, [t for t in self._stack if t[0] == "fieldset"]))
        if tag == "label":
            self.labels.add(attrs.get("for"))
        if tag == "fieldset":
            self._stack.append(("fieldset", {"legend": False}))
            self.fieldsets.append(self._stack[-1][1])
        if tag == "legend" and self._stack:
            self._stack[-1][1]["legend"] = True
        if attrs.get("role"):
            self.roles.append((attrs["role"], attrs.get("aria-live")))
        if tag == "script":
            self._script = [attrs.get("type"), ""]

    def handle_endtag(self, tag):
        if tag == "fieldset":
            self._stack.pop()
        if tag == "script" and self._script:
            self.scripts.append(tuple(self._script))
            self._script = None

    def handle_data(self, text):
        if self._script is not None:
            self._script[1] += text


def parse(tool_id: str) -> ToolParser:
    parser = ToolParser()
    parser.feed(static_tools.render_tool(tool_id))
    return parser


@pytest.mark.parametrize("tool_id", list(static_tools.TOOLS))
def test_every_input_is_labelled_and_every_group_has_a_legend(tool_id):
    parser = parse(tool_id)
    assert parser.inputs
    for attrs, fieldsets in parser.inputs:
        assert attrs["id"] in parser.labels, f"{attrs['name']} har ingen <label for>"
        if attrs["type"] == "radio":
            assert fieldsets, f"{attrs['name']}: alternativen ligger inte i en fieldset"
    assert all(fieldset["legend"] for fieldset in parser.fieldsets)
    assert ("status", "polite") in parser.roles and ("alert", None) in parser.roles


@pytest.mark.parametrize("tool_id", list(static_tools.TOOLS))
def test_the_form_fields_are_the_rules_arguments(tool_id):
    """The form's names are the rule's arguments, and the defaults give an answer, not an error."""
    names = {attrs["name"] for attrs, _ in parse(tool_id).inputs}
    assert names == set(static_tools.default_values(tool_id))
    static_tools.decide(tool_id, {})


def test_ids_stay_unique_when_a_tool_is_shown_twice():
    first, second = (re.findall(r' id="([^"]+)"', static_tools.render_tool("procedure")) for _ in range(2))
    assert first and not set(first) & set(second)


def embedded(tool_id: str) -> dict:
    (text,) = [text for kind, text in parse(tool_id).scripts if kind == "application/json"]
    assert "</" not in text  # nothing in the data can end the script element early
    return json.loads(text)


def test_the_embedded_data_is_the_rules_data():
    procedure = embedded("procedure")
    assert procedure["tool"] == "procedure"
    direct = [row for row in procedure["thresholds"] if row["kind"] == "direktupphandling"]
    assert {"kind": "direktupphandling", "from": "2022-02-01", "to": None, "amount": 700000,
            "text": "700\u00a0000\u00a0kr (gäller 2022-02-01–tills vidare)", "euro": None} in direct
    unverified = [row for row in procedure["thresholds"] if row["from"] == "2026-01-01"]
    assert unverified and all(row["amount"] is None and row["text"] is None for row in unverified)
    welfare = embedded("reservation-19-25")
    assert {"from": 85000000, "to": 85323000, "name": "Hälso- och sjukvård samt socialvård (koderna 85000000-9 till 85323000-9)"} in welfare["cpv_ranges"]
    assert welfare["longest_months"] == 36 and welfare["bar_years"] == 3
    assert embedded("employment")["deadline_in_words"] == "sex"


def test_a_trainers_data_folder_is_honoured(tmp_path, monkeypatch):
    for csv in (ROOT / "data").glob("*.csv"):
        shutil.copy(csv, tmp_path / csv.name)
    parameters = (tmp_path / "regelparametrar.csv").read_text(encoding="utf-8")
    (tmp_path / "regelparametrar.csv").write_text(parameters.replace("andelskrav_procent,30,", "andelskrav_procent,40,"),
                                                  encoding="utf-8")
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    clear_cache()
    try:
        assert embedded("reservation-18")["required_text"] == "40"
        assert "minst 40 procent av dem som sysselsätts" in static_tools.render_tool("reservation-18")
        assert static_tools.decide("reservation-18", {"occupied": "10", "target_group": "3"}).outcome == "not_allowed"
    finally:
        monkeypatch.undo()
        clear_cache()


def test_an_unknown_tool_is_a_swedish_error():
    with pytest.raises(CourseDataError, match="Det finns inget verktyg som heter 'okänt'. Kända verktyg: reservation-18"):
        static_tools.static_tool("okänt")


def test_text_is_escaped():
    html = static_tools.render_tool("employment")
    assert 'value="personer som har svårt att komma in på arbetsmarknaden"' in html


@pytest.mark.parametrize(("page", "tool_ids"), list(PAGES.items()))
def test_each_tool_is_shown_where_it_is_taught(page, tool_ids):
    text = (ROOT / page).read_text(encoding="utf-8")
    shown = re.findall(r'^static_tool\("([^"]+)"\)$', text, re.MULTILINE)
    assert sorted(shown) == sorted(tool_ids)
    closing = text.index("\n## Sammanfattning\n")
    assert all(text.index(f'static_tool("{tool_id}")') < closing for tool_id in tool_ids)
