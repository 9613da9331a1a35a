"""Every exercise runs on the smallest valid data folder (the ``minimal_data`` fixture in
conftest.py): one organisation of each type, one planned procurement and one follow-up contract.
So no exercise assumes a value the schemas do not guarantee (an industry, a municipality, a
department or a case that only the shipped data has)."""

from __future__ import annotations

import pytest

from conftest import page_source, toc_docnames
from upphandlingskurs import CourseDataError, load_table
from upphandlingskurs.datacheck import data_folder_problems
from upphandlingskurs.exercises import enterprise_mapping
from upphandlingskurs.pagecheck import execution_problems
from upphandlingskurs.schemas import ENTERPRISE_TYPES
from upphandlingskurs.tools import FindEnterprisesTool

EXERCISES = [name for name in toc_docnames() if name.startswith("exercises/")]


def test_the_minimal_folder_is_valid_and_minimal(minimal_data):
    assert data_folder_problems(minimal_data) == []
    enterprises = load_table("foretag", minimal_data / "foretag.csv")
    assert sorted(enterprises["typ"]) == sorted(ENTERPRISE_TYPES)
    assert len(load_table("upphandlingsplan", minimal_data / "upphandlingsplan.csv")) == 1
    assert load_table("uppfoljning", minimal_data / "uppfoljning.csv")["kontrakt_id"].nunique() == 1
    # The values the shipped exercises were first written around are not there.
    industries = {part for cell in enterprises["branscher"] for part in cell.split(";")}
    assert not industries & {"städning", "trädgård och grönytor"}


def test_exercise_1_takes_its_industry_and_municipality_from_the_data(minimal_data):
    enterprises = load_table("foretag", minimal_data / "foretag.csv")
    industry = enterprise_mapping.scenario_industry(enterprises)
    kommun = enterprise_mapping.scenario_municipality(enterprises)
    found = enterprise_mapping.in_scenario_municipality(enterprises)
    assert industry in enterprises["branscher"].str.split(";").explode().tolist()
    assert len(found) >= 1 and (found["kommun"] == kommun).all()
    assert industry in enterprise_mapping.scenario_purchase(enterprises)
    # The tool the page shows accepts the scenario's values; the shipped data keeps its cleaning case.
    FindEnterprisesTool(enterprises, kommun=kommun, industry=industry)
    shipped = load_table("foretag")
    assert enterprise_mapping.scenario_industry(shipped) == "städning"
    assert enterprise_mapping.scenario_purchase(shipped) == "lokalvård för en idrottshall"


def test_a_preset_the_data_does_not_have_is_a_swedish_error_not_a_trait_error(minimal_data):
    enterprises = load_table("foretag", minimal_data / "foretag.csv")
    with pytest.raises(CourseDataError, match="Bransch: 'städning' finns inte bland valen i listan"):
        FindEnterprisesTool(enterprises, industry="städning")


@pytest.mark.parametrize("docname", EXERCISES)
def test_exercise_runs_on_minimal_data(docname, minimal_data, monkeypatch):
    monkeypatch.setenv("UPPHANDLINGSKURS_DATA", str(minimal_data))
    assert execution_problems(page_source(docname)) == []
