"""Exercise 1: mapping the social enterprises near a contract.

The scenario is chosen from the enterprise list in use, so it works with any valid list: the
industry is cleaning when anybody in the list cleans (the contract is then cleaning of a sports
hall), otherwise the industry most organisations have; the municipality is the one with most
organisations in that industry.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from upphandlingskurs.feedback import check_number
from upphandlingskurs.screening import find_enterprises, meets_share_requirement
from upphandlingskurs.swedish import swedish_sorted

PREFERRED_INDUSTRY = "städning"
# What the municipality buys in the scenario, for an industry; any other industry gets OTHER_PURCHASE.
PURCHASES = {"städning": "lokalvård för en idrottshall"}
OTHER_PURCHASE = "tjänster inom branschen {industry}"


def _industry_counts(enterprises: pd.DataFrame) -> Counter:
    """How many organisations have each industry (``branscher`` lists them, separated by ';')."""
    return Counter(part.strip() for cell in enterprises["branscher"].dropna()
                   for part in set(str(cell).split(";")) if part.strip())


def scenario_industry(enterprises: pd.DataFrame) -> str:
    """Cleaning if any organisation in the list cleans; otherwise the industry most organisations
    have (first in Swedish alphabetical order on a tie). The schema gives every organisation at
    least one industry, so a valid list always has one."""
    counts = _industry_counts(enterprises)
    if PREFERRED_INDUSTRY in counts or not counts:
        return PREFERRED_INDUSTRY
    most = max(counts.values())
    return swedish_sorted(industry for industry, count in counts.items() if count == most)[0]


def scenario_purchase(enterprises: pd.DataFrame) -> str:
    """What the municipality is about to buy: 'lokalvård för en idrottshall' for cleaning."""
    industry = scenario_industry(enterprises)
    return PURCHASES.get(industry, OTHER_PURCHASE.format(industry=industry))


def scenario_municipality(enterprises: pd.DataFrame) -> str:
    """The municipality with most organisations in the scenario's industry (first in Swedish
    alphabetical order on a tie)."""
    found = find_enterprises(enterprises, industry=scenario_industry(enterprises))
    counts = (found if not found.empty else enterprises)["kommun"].value_counts()
    return swedish_sorted(counts[counts == counts.max()].index)[0]


def in_scenario_municipality(enterprises: pd.DataFrame) -> pd.DataFrame:
    """The organisations in the scenario's municipality and industry, largest first (task 1's answer)."""
    return find_enterprises(enterprises, kommun=scenario_municipality(enterprises),
                            industry=scenario_industry(enterprises))


# The name from when the scenario was always cleaning (tests/test_exercise_enterprise_mapping.py).
cleaning_in_municipality = in_scenario_municipality


def task_1(answer, enterprises: pd.DataFrame):
    """How many organisations in the scenario's municipality have the scenario's industry?"""
    kommun, industry = scenario_municipality(enterprises), scenario_industry(enterprises)
    expected = len(in_scenario_municipality(enterprises))
    return check_number(
        answer, expected,
        f"I {kommun} finns {expected} organisationer med branschen {industry}. Välj kommunen och branschen i "
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
