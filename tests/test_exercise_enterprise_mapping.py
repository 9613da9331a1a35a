"""Exercise 1's answer checks: right, wrong, missing and malformed answers."""

from __future__ import annotations

import pytest

from upphandlingskurs import load_table
from upphandlingskurs.exercises import enterprise_mapping as checks
from upphandlingskurs.screening import meets_share_requirement
from upphandlingskurs.synthetic import generate_enterprises


@pytest.fixture(scope="module")
def enterprises():
    return load_table("foretag")


def text(feedback) -> str:
    return feedback.data


def test_task_1(enterprises):
    right = len(checks.cleaning_in_municipality(enterprises))
    assert "Rätt." in text(checks.task_1(right, enterprises))
    assert "Inte rätt än." in text(checks.task_1(right + 1, enterprises))
    assert "Inget svar ännu." in text(checks.task_1(None, enterprises))
    assert "ska vara ett tal" in text(checks.task_1("några", enterprises))


def test_task_2(enterprises):
    right = int(meets_share_requirement(enterprises).sum())
    assert "Rätt." in text(checks.task_2(str(right), enterprises))
    assert "Inte rätt än." in text(checks.task_2(right - 1, enterprises))


def test_scenario_follows_the_data():
    generated = generate_enterprises(30, seed=3)
    kommun = checks.scenario_municipality(generated)
    assert kommun in set(generated["kommun"])
    assert (checks.cleaning_in_municipality(generated)["kommun"] == kommun).all()
