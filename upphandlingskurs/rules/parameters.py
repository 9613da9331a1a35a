"""The rules' numbers and reference tables, read from data/ (and cached: they never change while
a notebook runs; call ``clear_cache()`` after swapping a file)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import pandas as pd

from upphandlingskurs.data import load_table
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules.decision import say

CPV_FORMAT = re.compile(r"[0-9]{8}-[0-9]")
CPV_LABEL = "CPV-koden"
CPV_TEXTS = {
    "bad_cpv": "{label} '{code}' har fel form. En CPV-kod skrivs som åtta siffror, bindestreck och en siffra, "
               "till exempel 92600000-7.",
}


@cache
def rule_parameters() -> dict[str, float]:
    table = load_table("regelparametrar")
    return dict(zip(table["namn"], table["varde"]))


def parameter(name: str) -> float:
    return rule_parameters()[name]


@cache
def thresholds() -> pd.DataFrame:
    return load_table("troskelvarden")


@cache
def reservable_cpv_ranges() -> pd.DataFrame:
    return load_table("cpv_reserverbara")


def clear_cache() -> None:
    for loader in (rule_parameters, thresholds, reservable_cpv_ranges):
        loader.cache_clear()


def amount_on(kind: str, on_date: dt.date) -> pd.Series | None:
    """The row of troskelvarden.csv for ``kind`` that is valid on ``on_date`` (None if none is)."""
    table = thresholds()
    day = pd.Timestamp(on_date)
    valid = table[
        (table["typ"] == kind)
        & (table["galler_fran"] <= day)
        & (table["galler_till"].isna() | (table["galler_till"] >= day))
    ]
    return None if valid.empty else valid.iloc[0]


def check_cpv_format(code: str, label: str = CPV_LABEL) -> str:
    code = str(code).strip()
    if not CPV_FORMAT.fullmatch(code):
        raise CourseDataError(say(CPV_TEXTS["bad_cpv"], label=label, code=code))
    return code


def reservable_range_for(code: str) -> pd.Series | None:
    """The row of cpv_reserverbara.csv whose range contains ``code`` (None if no row does)."""
    number = int(check_cpv_format(code)[:8])
    for _, row in reservable_cpv_ranges().iterrows():
        if int(row["cpv_fran"][:8]) <= number <= int(row["cpv_till"][:8]):
            return row
    return None
