"""The rules' numbers and reference tables, read from data/ (and cached: they never change while
a notebook runs; call ``clear_cache()`` after swapping a file).

Where troskelvarden.csv has no amount in kronor (an amount no public source was found for), the
reader may type it in: ``thresholds_with_own_amounts`` is the one place such amounts enter the
table, for the plan screening, its tool and exercise 3 alike. A typed amount only fills a gap; it
never replaces an amount the table has.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cache

import pandas as pd

from upphandlingskurs.data import load_table
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules.decision import say

# How each row type ('typ') of troskelvarden.csv is named where the reader types its amount in kronor.
OWN_AMOUNT_NAMES = {
    "direktupphandling": "direktupphandlingsgränsen",
    "varor och tjänster, statliga myndigheter": "tröskelvärdet för varor och tjänster (statliga myndigheter)",
    "varor och tjänster, övriga upphandlande myndigheter":
        "tröskelvärdet för varor och tjänster (övriga upphandlande myndigheter)",
    "byggentreprenader": "tröskelvärdet för byggentreprenader",
    "sociala och andra särskilda tjänster": "tröskelvärdet för sociala och andra särskilda tjänster",
}
OWN_AMOUNT_TEXTS = {
    "label": "{name} i kronor",
    "not_a_mapping": "De egna beloppen ska vara en ordlista med ett belopp per typ, till exempel "
                     "{\"byggentreprenader\": None}, inte '{value}'.",
    "unknown_kind": "'{kind}' är ingen typ av belopp i kursens tabell över tröskelvärden. Skriv en av de här: {kinds}.",
    "two_periods": "Kursens tabell saknar {name} i kronor för mer än en period ({periods}). Ett belopp som du "
                   "skriver in kan bara gälla en period. Pröva en period i taget.",
    "source": "Beloppet i kronor är inskrivet av dig. Källa för beloppet i euro: {source}",
}

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


def own_amount_name(kind: str) -> str:
    """'tröskelvärdet för byggentreprenader': how a row type of troskelvarden.csv is named in a text."""
    return OWN_AMOUNT_NAMES.get(kind, kind)


def own_amount_label(kind: str) -> str:
    """The name of the field (and of the value in an error message) where the reader types the
    amount in kronor for ``kind``: 'Tröskelvärdet för byggentreprenader i kronor'."""
    name = own_amount_name(kind)
    return say(OWN_AMOUNT_TEXTS["label"], name=name[:1].upper() + name[1:])


def missing_kronor(first=None, last=None, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of ``table`` (the thresholds table) that have no amount in kronor and whose period
    overlaps ``first``..``last``; every such row when no dates are given."""
    table = thresholds() if table is None else table
    missing = table["belopp_kr"].isna()
    if last is not None:
        missing &= table["galler_fran"] <= pd.Timestamp(last)
    if first is not None:
        missing &= table["galler_till"].isna() | (table["galler_till"] >= pd.Timestamp(first))
    return table[missing]


def thresholds_with_own_amounts(own_amounts: Mapping | None = None, first=None, last=None) -> pd.DataFrame:
    """The thresholds table with the reader's own amounts in kronor filled in where it has none.

    ``own_amounts`` maps a row type ('typ') of troskelvarden.csv to an amount in kronor as the reader
    typed it: a whole number, or text such as "2 000 000"; None or empty text means not given. An
    amount fills only the rows of its type that lack an amount in kronor and whose period overlaps
    ``first``..``last`` (for a plan: its first and last advertising day). It never replaces an amount
    the table has. A bad value, or a type the table does not have, gives a Swedish error that names
    it. The filled rows' ``kalla`` says that the amount in kronor is the reader's.
    """
    table = thresholds()
    if own_amounts is None:
        return table
    if not isinstance(own_amounts, Mapping):
        raise CourseDataError(say(OWN_AMOUNT_TEXTS["not_a_mapping"], value=own_amounts))
    # Imported here: procedure.py imports this module. typed_amount is the check every typed amount gets.
    from upphandlingskurs.rules.procedure import typed_amount

    kinds = list(dict.fromkeys(table["typ"]))
    missing = missing_kronor(first, last, table)
    filled = table
    for kind, value in own_amounts.items():
        if kind not in kinds:
            raise CourseDataError(say(OWN_AMOUNT_TEXTS["unknown_kind"], kind=kind,
                                      kinds=", ".join(f"'{name}'" for name in kinds)))
        amount = typed_amount(value, own_amount_label(kind))
        rows = missing[missing["typ"] == kind]
        if amount is None or rows.empty:
            continue
        if len(rows) > 1:
            periods = ", ".join(f"{row.galler_fran.date()}–{'' if pd.isna(row.galler_till) else row.galler_till.date()}"
                                for row in rows.itertuples(index=False))
            raise CourseDataError(say(OWN_AMOUNT_TEXTS["two_periods"], name=own_amount_name(kind), periods=periods))
        filled = filled.copy() if filled is table else filled
        filled.loc[rows.index, "belopp_kr"] = amount
        filled.loc[rows.index, "kalla"] = say(OWN_AMOUNT_TEXTS["source"], source=rows["kalla"].iloc[0])
    return filled


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
