"""Exercise 1: mapping the social enterprises near a contract."""

from __future__ import annotations

import pandas as pd

from upphandlingskurs.feedback import check_number
from upphandlingskurs.screening import find_enterprises, meets_share_requirement
from upphandlingskurs.swedish import swedish_sorted

INDUSTRY = "städning"


def scenario_municipality(enterprises: pd.DataFrame) -> str:
    """The municipality of the scenario: the one with most cleaning enterprises (alphabetical on a tie),
    or the one with most enterprises of any kind if nobody cleans."""
    cleaning = find_enterprises(enterprises, industry=INDUSTRY) if INDUSTRY in _industries(enterprises) else enterprises.iloc[0:0]
    counts = (cleaning if not cleaning.empty else enterprises)["kommun"].value_counts()
    top = counts[counts == counts.max()].index
    return swedish_sorted(top)[0]


def _industries(enterprises: pd.DataFrame) -> set[str]:
    return {part.strip() for cell in enterprises["branscher"] for part in str(cell).split(";")}


def cleaning_in_municipality(enterprises: pd.DataFrame) -> pd.DataFrame:
    return find_enterprises(enterprises, kommun=scenario_municipality(enterprises), industry=INDUSTRY) \
        if INDUSTRY in _industries(enterprises) else enterprises.iloc[0:0]


def task_1(answer, enterprises: pd.DataFrame):
    """How many organisations in the scenario's municipality offer cleaning?"""
    kommun = scenario_municipality(enterprises)
    expected = len(cleaning_in_municipality(enterprises))
    return check_number(
        answer, expected,
        f"I {kommun} finns {expected} organisationer med branschen {INDUSTRY}. Välj kommunen och branschen i "
        "verktyget, eller filtrera kolumnerna kommun och branscher.",
    )


def task_2(answer, enterprises: pd.DataFrame):
    """How many organisations in the whole file meet the 30 % share of 4 kap. 18 § LOU?"""
    expected = int(meets_share_requirement(enterprises).sum())
    return check_number(
        answer, expected,
        f"{expected} av {len(enterprises)} organisationer har minst 30 procent sysselsatta ur målgruppen. "
        "Räkna antal_malgrupp delat med antal_sysselsatta och jämför med 0,30; 3 av 10 räknas, 7 av 24 gör det inte.",
    )
