"""Exercise 1: mapping the social enterprises near a contract.

The scenario is chosen from the enterprise list in use, so it works with any valid list: the
industry is cleaning when anybody in the list cleans (the contract is then cleaning of a sports
hall), otherwise the industry most organisations have; the municipality is the one with most
organisations in that industry.

Each check is a question (``task_1_question``): the expected answer, computed from the list in use,
and the Swedish texts from ``TEXTS``. The notebook cell and the answer box on the static page
(upphandlingskurs/static_exercises.py) judge an answer from the same question.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from upphandlingskurs.feedback import NumberQuestion
from upphandlingskurs.rules.decision import say
from upphandlingskurs.rules.parameters import parameter
from upphandlingskurs.screening import find_enterprises, meets_share_requirement
from upphandlingskurs.static_exercises import checked
from upphandlingskurs.swedish import swedish_sorted

PAGE = "ovning-1"  # the {exercise} labels of the page are PAGE-uppgift-N

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


# What the checks say. A wrong answer is told what is wrong and how to get there, never the right number.
TEXTS = {
    "task_1_right": "I {kommun} finns {expected} organisationer med branschen {industry}.",
    "task_1_hint": "Välj kommunen och branschen i verktyget, eller filtrera kolumnerna kommun och branscher.",
    "too_many": "Det är för många.",
    "too_few": "Det är för få.",
    "task_2_right": "{expected} av {total} organisationer har minst {share} procent sysselsatta ur målgruppen.",
    "task_2_hint": "Räkna antal_malgrupp delat med antal_sysselsatta och jämför med {share_decimal}; "
                   "3 av 10 räknas, 7 av 24 gör det inte.",
}


def task_1_question(enterprises: pd.DataFrame) -> NumberQuestion:
    kommun, industry = scenario_municipality(enterprises), scenario_industry(enterprises)
    expected = len(in_scenario_municipality(enterprises))
    return NumberQuestion(
        expected=expected,
        right=say(TEXTS["task_1_right"], kommun=kommun, expected=expected, industry=industry),
        hint=TEXTS["task_1_hint"], too_high=TEXTS["too_many"], too_low=TEXTS["too_few"],
    )


def task_1(answer, enterprises: pd.DataFrame):
    """How many organisations in the scenario's municipality have the scenario's industry?"""
    return checked(task_1_question(enterprises), answer, f"{PAGE}-uppgift-1")


def task_2_question(enterprises: pd.DataFrame) -> NumberQuestion:
    expected = int(meets_share_requirement(enterprises).sum())
    share = parameter("andelskrav_procent")
    return NumberQuestion(
        expected=expected,
        right=say(TEXTS["task_2_right"], expected=expected, total=len(enterprises), share=f"{share:g}"),
        hint=say(TEXTS["task_2_hint"], share_decimal=f"{share / 100:.2f}".replace(".", ",")),
        too_high=TEXTS["too_many"], too_low=TEXTS["too_few"],
    )


def task_2(answer, enterprises: pd.DataFrame):
    """How many organisations in the whole file meet the 30 % share of 4 kap. 18 § LOU?"""
    return checked(task_2_question(enterprises), answer, f"{PAGE}-uppgift-2")
