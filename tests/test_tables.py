"""The course's data tables as HTML (upphandlingskurs.data.table_html): a caption and real column
headers, text from the data escaped, Swedish labels for the search box and the live region, and the
sort rank of every cell (Swedish order for text, numeric order for numbers) that the page's script
sorts by. The behaviour in a browser is tested in test_browser.py."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pandas as pd
import pytest

from test_book_html import english_strings_in
from upphandlingskurs.data import TABLE_TEXT, table_html


class TableParser(HTMLParser):
    """The parts of one table_html output that a reader or the script uses."""

    def __init__(self):
        super().__init__()
        self.box: dict | None = None
        self.caption = ""
        self.headers: list[dict] = []
        self.rows: list[list[dict]] = []
        self.scripts = 0
        self._cell: dict | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "data-kurs-tabell" in attrs:
            self.box = attrs
        elif tag == "script":
            self.scripts += 1
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self.headers:
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = {"tag": tag, "attrs": attrs, "text": ""}

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            (self.headers if tag == "th" else self.rows[-1]).append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self.caption += data
        elif self._cell is not None:
            self._cell["text"] += data


def parsed(html: str) -> TableParser:
    parser = TableParser()
    parser.feed(html)
    return parser


def column(parser: TableParser, index: int) -> list[dict]:
    return [row[index] for row in parser.rows]


def order_by_rank(cells: list[dict]) -> list[str]:
    """The cells' texts in the order the page's script puts them when sorting ascending."""
    ranked = [cell for cell in cells if cell["attrs"]["data-sort"] != ""]
    missing = [cell for cell in cells if cell["attrs"]["data-sort"] == ""]
    return [cell["text"] for cell in sorted(ranked, key=lambda cell: int(cell["attrs"]["data-sort"]))] + \
           [cell["text"] for cell in missing]


@pytest.fixture
def enterprises() -> pd.DataFrame:
    return pd.DataFrame({
        "namn": ["Örnens Café", "<script>alert(1)</script>", "Zetas Städ", "Åkerns Tvätt", "Ängens Bygg", "alfa AB"],
        "antal": [9, 120, 10, 2, None, 1000],
        "start": pd.to_datetime(["2024-03-01", "2023-12-31", "2024-01-15", "2022-06-01", "2025-01-01", "2021-01-01"]),
    })


def test_text_from_the_data_is_escaped_everywhere(enterprises):
    frame = enterprises.rename(columns={"antal": "<b>antal</b>"})
    html = table_html(frame, caption="Företag <i>påhittade</i> & fler")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>antal</b>" not in html and "&lt;b&gt;antal&lt;/b&gt;" in html
    table = parsed(html)
    assert table.caption == "Företag <i>påhittade</i> & fler"  # shown as text, not as markup
    assert table.rows[1][0]["text"] == "<script>alert(1)</script>"
    assert table.scripts == 1, "the only script is the course's own"


def test_the_table_has_a_caption_and_column_headers_and_no_index(enterprises):
    table = parsed(table_html(enterprises, caption="Påhittade företag", labels={"namn": "Namn", "antal": "Sysselsatta"}))
    assert table.caption == "Påhittade företag"
    assert [header["text"] for header in table.headers] == ["Namn", "Sysselsatta", "start"]
    assert all(header["attrs"].get("scope") == "col" for header in table.headers)
    assert len(table.rows) == len(enterprises) and all(len(row) == 3 for row in table.rows)
    assert [cell["text"] for cell in column(table, 1)] == ["9", "120", "10", "2", "–", "1\u00a0000"]


def test_the_search_box_and_the_count_are_labelled_in_swedish(enterprises):
    table = parsed(table_html(enterprises, caption="Påhittade företag"))
    text = json.loads(table.box["data-kurs-tabell"])
    assert text == TABLE_TEXT
    assert text["search"] == "Sök i tabellen"
    assert text["count"].format(shown=2, total=6) == "Visar 2 av 6 rader."
    assert text["sorted"].format(column="Namn", direction=text["ascending"]) == "Sorterad efter Namn, stigande."
    assert not english_strings_in(list(text.values()))


def test_text_sorts_in_swedish_order_numbers_by_value_and_dates_by_date(enterprises):
    table = parsed(table_html(enterprises, caption="Påhittade företag"))
    # Å, Ä and Ö come after Z, case does not matter, and "<" sorts before letters.
    assert order_by_rank(column(table, 0)) == [
        "<script>alert(1)</script>", "alfa AB", "Zetas Städ", "Åkerns Tvätt", "Ängens Bygg", "Örnens Café"]
    # 10 before 120 before 1 000 (text order would put "1 000" first); the missing value last.
    assert order_by_rank(column(table, 1)) == ["2", "9", "10", "120", "1\u00a0000", "–"]
    assert order_by_rank(column(table, 2)) == [
        "2021-01-01", "2022-06-01", "2023-12-31", "2024-01-15", "2024-03-01", "2025-01-01"]


def test_equal_values_share_a_rank():
    table = parsed(table_html(pd.DataFrame({"kommun": ["Falun", "Mora", "Falun"]}), caption="Kommuner"))
    ranks = [cell["attrs"]["data-sort"] for cell in column(table, 0)]
    assert ranks[0] == ranks[2] != ranks[1]


def test_numbers_are_right_aligned(enterprises):
    table = parsed(table_html(enterprises, caption="Påhittade företag"))
    assert "kurs-tal" in table.headers[1]["attrs"].get("class", "")
    assert all("kurs-tal" in cell["attrs"].get("class", "") for cell in column(table, 1))
    assert "kurs-tal" not in table.headers[0]["attrs"].get("class", "")


def test_a_table_whose_order_matters_can_stay_plain(enterprises):
    html = table_html(enterprises, caption="Påhittade företag", interactive=False)
    table = parsed(html)
    assert table.box is None and table.scripts == 0 and "data-sort" not in html
    assert table.caption == "Påhittade företag" and len(table.rows) == len(enterprises)
