"""Every exercise runs on a different valid enterprise list and procurement plan too (the
``other_data`` fixture in conftest.py), so nothing in the exercises is tuned to the shipped data."""

from __future__ import annotations

import pytest

from conftest import page_source, toc_docnames
from upphandlingskurs import load_table
from upphandlingskurs.pagecheck import execution_problems

EXERCISES = [name for name in toc_docnames() if name.startswith("exercises/")]


def test_the_generated_files_are_valid_and_different(other_data):
    generated = load_table("foretag", other_data / "foretag.csv")
    assert len(generated) == 40
    assert not set(generated["namn"]) & set(load_table("foretag")["namn"])
    plan = load_table("upphandlingsplan", other_data / "upphandlingsplan.csv")
    assert len(plan) == 45 and set(plan["beskrivning"]) == {"Upphandling för provändamål"}


def test_there_are_at_least_six_exercises():
    assert len(EXERCISES) >= 6


@pytest.mark.parametrize("docname", EXERCISES)
def test_exercise_runs_on_other_data(docname, other_data, monkeypatch):
    monkeypatch.setenv("UPPHANDLINGSKURS_DATA", str(other_data))
    assert execution_problems(page_source(docname)) == []
