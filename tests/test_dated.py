"""Dated amounts on the pages: each with its period, and a Swedish notice when a period shown has
ended, decided from data/troskelvarden.csv on the build day (a fixed clock here)."""

from __future__ import annotations

import datetime as dt
import re

from upphandlingskurs.dated import threshold_table_html


def rows(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", " | ", row).replace("\u00a0", " ") for row in re.findall(r"<tr.*?</tr>", html)]


def test_on_the_day_of_writing_the_2024_2025_amounts_are_marked_as_ended():
    html = threshold_table_html(dt.date(2026, 12, 6))
    assert "De är markerade och gäller inte längre" in html and "senast 31 december 2025" in html
    kommun_2024 = next(r for r in rows(html) if "2 389 585" in r)
    assert "Gällde till 31 december 2025. Perioden är slut." in kommun_2024
    limit = next(r for r in rows(html) if "700 000" in r)
    assert "Gäller i dag." in limit and "tills vidare" in limit


def test_a_missing_amount_in_kronor_is_named_with_where_it_is_published():
    html = threshold_table_html(dt.date(2026, 12, 6))
    if "Beloppet i kronor saknas" in html:  # until the 2026-2027 amounts in kronor are in data/
        assert "saknar beloppen i kronor för perioden 1 januari 2026–31 december 2027" in html
        assert "upphandlingsmyndigheten.se/regler-och-lagstiftning/troskelvarden" in html
        assert any("216 000 euro" in r and "Gäller i dag." in r for r in rows(html))


def test_before_the_period_ended_nothing_is_marked_for_it():
    html = threshold_table_html(dt.date(2025, 6, 1))
    kommun_2024 = next(r for r in rows(html) if "2 389 585" in r)
    assert "Gäller i dag." in kommun_2024
    assert "senast 31 december 2023" in html  # the 2022-2023 amounts had ended by then
    assert any("Gäller från 1 januari 2026." in r for r in rows(html))


def test_a_later_build_marks_the_2026_2027_period_as_ended_without_editing_a_page():
    html = threshold_table_html(dt.date(2028, 1, 2))
    assert "senast 31 december 2027" in html
    assert all("Gällde till 31 december 2027" in r for r in rows(html) if "1 januari 2026" in r)
    assert "saknar beloppen i kronor" not in html  # an ended period is history, not a request


def test_the_table_is_accessible_markup():
    html = threshold_table_html(dt.date(2026, 12, 6))
    assert "<caption>" in html and html.count('scope="col"') == 5
    assert 'role="region"' in html and 'tabindex="0"' in html and "aria-label=" in html
