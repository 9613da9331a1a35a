"""Whole-table analyses for the exercises and tools: finding social enterprises and screening a
procurement plan. They reuse the rules' decision steps so a row is judged exactly as the single
rule would judge it, but work on whole columns so 100 000 rows take milliseconds.

The plan is screened against the amounts in troskelvarden.csv valid on each advertising day. Where
the table has no amount in kronor, the reader's own amounts (``own_amounts``, see
``thresholds_with_own_amounts``) fill the gap; without them the screening decides what the missing
amount cannot change and marks the rest (``saknat_belopp``). ``plan_amounts`` is the one lookup of
those amounts, for the screening, its tool and exercise 3.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules.decision import say
from upphandlingskurs.swedish import swedish_date, swedish_sorted
from upphandlingskurs.rules.parameters import (
    missing_kronor,
    own_amount_name,
    parameter,
    reservable_cpv_ranges,
    thresholds_with_own_amounts,
)
from upphandlingskurs.rules.procedure import (
    DIRECT_AWARD,
    OTHER_GOODS_AND_SERVICES,
    PUBLISHED_AT,
    SOCIAL_SERVICES,
    WORKS,
    classify_procedure,
)

ALL = "Alla"
PROCEDURE_LABELS = {
    "direct_award": "Direktupphandling (19 a kap. LOU)",
    "below_threshold": "Under tröskelvärdet (19 kap. LOU)",
    "above_threshold": "Över tröskelvärdet",
    "annex2": "Bilaga 2-tjänst (19 kap. LOU)",
    "needs_threshold": "Ingen direktupphandling; tröskelvärde i kronor saknas",
    "needs_figure": "Kan inte avgöras (belopp i kronor saknas)",
}
# The amounts a municipality's plan is screened against (a municipality is not a state authority).
PLAN_KINDS = (DIRECT_AWARD, OTHER_GOODS_AND_SERVICES, WORKS, SOCIAL_SERVICES)
MISSING_TEXTS = {
    "missing": "Kursens tabell saknar {amounts} i kronor för perioden {period}.",
    "period": "{start}–{end}",
    "open_ended": "från {start}",
    "where": "Upphandlingsmyndigheten publicerar beloppen i kronor på sin sida om tröskelvärden och "
             "direktupphandlingsgränser ({url}).",
}


def industries(enterprises: pd.DataFrame) -> list[str]:
    """Every industry named in the ``branscher`` column (values separated by semicolons)."""
    return swedish_sorted({part.strip() for cell in enterprises["branscher"] for part in str(cell).split(";") if part.strip()})


def matching_enterprises(enterprises: pd.DataFrame, kommun: str = ALL, industry: str = ALL,
                         min_occupied: int = 0, kind: str = ALL, takes_placements: bool = False) -> pd.Series:
    """Which rows match every filter given (``ALL`` means no filter), as a boolean column."""
    if min_occupied < 0:
        raise CourseDataError(f"Minsta antal sysselsatta kan inte vara mindre än 0 (angivet: {min_occupied}).")
    keep = enterprises["antal_sysselsatta"] >= min_occupied
    if kommun != ALL:
        keep &= enterprises["kommun"] == kommun
    if kind != ALL:
        keep &= enterprises["typ"] == kind
    if industry != ALL:
        # Whole entries of the semicolon-separated list only ("tvätt" must not match "biltvätt").
        entry = re.compile(rf"(?:^|;)\s*{re.escape(industry)}\s*(?:;|$)")
        keep &= _per_distinct(enterprises["branscher"], lambda cell: bool(entry.search(str(cell))))
    if takes_placements:
        keep &= enterprises["tar_emot_praktik"] == "ja"
    return keep


def largest_first(found: pd.DataFrame, count: int | None = None) -> pd.DataFrame:
    """Most people occupied first, then by name; only the first ``count`` rows if given.

    The first ``count`` are picked with ``nlargest(keep="all")``, which keeps every row tied with the
    last one, so the tie-break on the name gives exactly the rows a full sort would, without sorting
    100 000 rows to show 50."""
    if count is not None:
        found = found.nlargest(count, "antal_sysselsatta", keep="all")
    ordered = found.sort_values(["antal_sysselsatta", "namn"], ascending=[False, True])
    return ordered if count is None else ordered.head(count)


def find_enterprises(enterprises: pd.DataFrame, kommun: str = ALL, industry: str = ALL,
                     min_occupied: int = 0, kind: str = ALL, takes_placements: bool = False) -> pd.DataFrame:
    """The enterprises that match every filter given (``ALL`` means no filter), largest first."""
    keep = matching_enterprises(enterprises, kommun, industry, min_occupied, kind, takes_placements)
    return largest_first(enterprises[keep])


def target_group_share(enterprises: pd.DataFrame) -> pd.Series:
    """Percentage of those occupied who belong to the target group (NaN where nobody is occupied)."""
    occupied = enterprises["antal_sysselsatta"].astype(float).replace(0, np.nan)
    return 100 * enterprises["antal_malgrupp"] / occupied


def meets_share_requirement(enterprises: pd.DataFrame) -> pd.Series:
    """The andelskrav of 4 kap. 18 § LOU, per row, in whole-number arithmetic (as the single rule)."""
    required = parameter("andelskrav_procent")
    return (enterprises["antal_sysselsatta"] > 0) & (
        enterprises["antal_malgrupp"] * 100 >= required * enterprises["antal_sysselsatta"]
    )


def _per_distinct(values: pd.Series, judge) -> np.ndarray:
    """Apply ``judge`` once per distinct value, not once per row (a plan repeats few CPV codes, a
    register few lists of industries)."""
    index, distinct = pd.factorize(values)
    # factorize numbers a missing value -1, which picks the extra False at the end.
    return np.array([judge(value) for value in distinct] + [False], dtype=bool)[index]


def reservable_cpv(codes: pd.Series) -> pd.Series:
    """Whether each CPV code lies in a range that 19 kap. 25 § LOU lists."""
    ranges = [(int(row.cpv_fran[:8]), int(row.cpv_till[:8])) for row in reservable_cpv_ranges().itertuples(index=False)]

    def reservable(code: str) -> bool:
        number = int(code[:8])
        return any(first <= number <= last for first, last in ranges)

    return pd.Series(_per_distinct(codes, reservable), index=codes.index)


def _days(plan: pd.DataFrame) -> np.ndarray:
    return pd.to_datetime(plan["planerad_annonsering"]).to_numpy(dtype="datetime64[D]")


def _amounts_table(days: np.ndarray, own_amounts) -> pd.DataFrame:
    """The thresholds table with ``own_amounts`` filled in for the period of ``days``."""
    if len(days) == 0:
        return thresholds_with_own_amounts(own_amounts)
    return thresholds_with_own_amounts(own_amounts, days.min(), days.max())


def _amounts_by_date(days: np.ndarray, kind_masks: dict[str, np.ndarray], table: pd.DataFrame) -> np.ndarray:
    """Amount in kronor in ``table`` valid on each row's date for the row's kind (NaN if none).

    ``kind_masks`` says which rows have which kind of amount. One pass per row of troskelvarden.csv
    (a dozen), not per procurement, on plain numpy arrays, so 100 000 rows take milliseconds."""
    amounts = np.full(len(days), np.nan)
    for row in table.itertuples(index=False):
        if pd.isna(row.belopp_kr) or row.typ not in kind_masks:
            continue
        valid = kind_masks[row.typ] & (days >= np.datetime64(row.galler_fran.date()))
        if not pd.isna(row.galler_till):
            valid &= days <= np.datetime64(row.galler_till.date())
        amounts[valid] = float(row.belopp_kr)
    return amounts


def annex2_services(plan: pd.DataFrame) -> np.ndarray:
    """Whether each procurement is a service in bilaga 2 (the plan's own assessment)."""
    return plan["bilaga2_tjanst"].to_numpy(dtype=object) == "ja"


def plan_amounts(plan: pd.DataFrame, own_amounts=None) -> tuple[np.ndarray, np.ndarray]:
    """The amounts in kronor each procurement is judged against on its advertising day.

    Returns the fixed direct-award limit and the threshold that applies: for a bilaga 2 service the
    threshold for those services (also its direct-award limit), for works (CPV division 45) the
    threshold for works, otherwise the one for goods and services of a municipality. NaN where the
    course's table has no amount in kronor and ``own_amounts`` gives none."""
    return _plan_amounts(plan, annex2_services(plan), own_amounts)


def _plan_amounts(plan: pd.DataFrame, annex2: np.ndarray, own_amounts) -> tuple[np.ndarray, np.ndarray]:
    days = _days(plan)
    table = _amounts_table(days, own_amounts)
    is_works = _per_distinct(plan["cpv_kod"], lambda code: code.startswith("45"))  # CPV division 45: construction work
    limits = _amounts_by_date(days, {DIRECT_AWARD: np.ones(len(plan), dtype=bool)}, table)
    thresholds_kr = _amounts_by_date(days, {SOCIAL_SERVICES: annex2, WORKS: is_works & ~annex2,
                                            OTHER_GOODS_AND_SERVICES: ~is_works & ~annex2}, table)
    return limits, thresholds_kr


def amount_on_day(kind: str, day, own_amounts=None) -> float:
    """The amount in kronor for ``kind`` valid on ``day`` (NaN if none), looked up as ``plan_amounts`` does."""
    days = np.array([pd.Timestamp(day).date()], dtype="datetime64[D]")
    return float(_amounts_by_date(days, {kind: np.ones(1, dtype=bool)}, _amounts_table(days, own_amounts))[0])


def missing_amounts(plan: pd.DataFrame, own_amounts=None) -> pd.DataFrame:
    """The rows of the thresholds table that the plan's screening needs (``PLAN_KINDS``) but that
    have no amount in kronor, neither in the table nor in ``own_amounts``, for a period that
    overlaps the plan's advertising days."""
    days = _days(plan)
    if len(days) == 0:
        return thresholds_with_own_amounts().iloc[0:0]
    table = _amounts_table(days, own_amounts)
    missing = missing_kronor(days.min(), days.max(), table)
    return missing[missing["typ"].isin(PLAN_KINDS)]


def missing_amounts_text(missing: pd.DataFrame, where: bool = True) -> str:
    """'Kursens tabell saknar tröskelvärdet för byggentreprenader i kronor för perioden 1 januari
    2026–31 december 2027.' for the rows of ``missing_amounts``, a sentence per period, and where the
    amounts are published ("" if nothing is missing)."""
    if missing.empty:
        return ""
    sentences = []
    for (start, end), rows in missing.groupby(["galler_fran", "galler_till"], dropna=False, sort=True):
        period = (say(MISSING_TEXTS["open_ended"], start=swedish_date(start.date())) if pd.isna(end) else
                  say(MISSING_TEXTS["period"], start=swedish_date(start.date()), end=swedish_date(end.date())))
        names = [own_amount_name(kind) for kind in PLAN_KINDS if kind in set(rows["typ"])]
        amounts = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]
        sentences.append(say(MISSING_TEXTS["missing"], amounts=amounts, period=period))
    if where:
        sentences.append(say(MISSING_TEXTS["where"], url=PUBLISHED_AT))
    return " ".join(sentences)


def screen_plan(plan: pd.DataFrame, sort: bool = True, own_amounts=None) -> pd.DataFrame:
    """The plan with the rules' verdicts per procurement and a priority for social requirements.

    Columns added: ``forfarande`` (procedure), ``reserverbar_19_25`` (the service is one that
    19 kap. 25 § LOU lets be reserved; the contract must then also last at most three years), ``arbetsrattsliga_villkor`` (value and service make labour-law conditions
    mandatory if they are needed: pröva behövligheten), ``lang_nog`` (long enough for an employment
    requirement, the course's rule of thumb), ``prioritet`` (how many of these openings apply) and
    ``saknat_belopp`` (the procedure depends on an amount in kronor that neither the course's table
    nor ``own_amounts`` has). For such a row ``arbetsrattsliga_villkor`` is False and not counted in
    the priority; unless the row is a bilaga 2 service, the missing amount may make it True.

    ``own_amounts`` are the reader's amounts in kronor for the amounts the table lacks, as
    ``thresholds_with_own_amounts`` takes them.
    """
    annex2 = annex2_services(plan)
    limits, thresholds_kr = _plan_amounts(plan, annex2, own_amounts)
    outcome = classify_procedure(
        plan["uppskattat_varde_kr"], limits, thresholds_kr, annex2, parameter("direktupphandling_vid_exakt_gransen") == 1
    )
    result = plan.copy()
    keys = list(PROCEDURE_LABELS)
    codes = np.select([outcome == key for key in keys], list(range(len(keys))), default=-1)
    result["forfarande"] = pd.Categorical.from_codes(codes, categories=list(PROCEDURE_LABELS.values()))
    result["reserverbar_19_25"] = reservable_cpv(plan["cpv_kod"])
    result["arbetsrattsliga_villkor"] = (outcome == "above_threshold") & ~annex2
    result["lang_nog"] = plan["avtalstid_manader"] >= parameter("sysselsattningskrav_min_manader")
    result["prioritet"] = result[["reserverbar_19_25", "arbetsrattsliga_villkor", "lang_nog"]].sum(axis=1)
    result["saknat_belopp"] = np.isin(codes, [keys.index("needs_threshold"), keys.index("needs_figure")])
    return sort_by_priority(result) if sort else result


def sort_by_priority(screened: pd.DataFrame) -> pd.DataFrame:
    """Highest priority first; within a priority, the largest value first, then by id."""
    return screened.sort_values(["prioritet", "uppskattat_varde_kr", "id"], ascending=[False, False, True])


def top_by_priority(screened: pd.DataFrame, count: int) -> pd.DataFrame:
    """The first ``count`` rows in ``sort_by_priority`` order, without sorting the whole table.

    ``nlargest(..., keep="all")`` keeps every row tied with the last one, so the tie-break on the id
    gives exactly the rows a full sort would (a tool shows 50 of 100 000 rows in a few milliseconds)."""
    candidates = screened.nlargest(count, ["prioritet", "uppskattat_varde_kr"], keep="all")
    return sort_by_priority(candidates).head(count)
