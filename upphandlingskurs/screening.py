"""Whole-table analyses for the exercises and tools: finding social enterprises and screening a
procurement plan. They reuse the rules' decision steps so a row is judged exactly as the single
rule would judge it, but work on whole columns so 100 000 rows take milliseconds."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.swedish import swedish_sorted
from upphandlingskurs.rules.parameters import parameter, reservable_cpv_ranges, thresholds
from upphandlingskurs.rules.procedure import DIRECT_AWARD, SOCIAL_SERVICES, classify_procedure

ALL = "Alla"
PROCEDURE_LABELS = {
    "direct_award": "Direktupphandling (19 a kap. LOU)",
    "below_threshold": "Under tröskelvärdet (19 kap. LOU)",
    "above_threshold": "Över tröskelvärdet",
    "annex2": "Bilaga 2-tjänst (19 kap. LOU)",
    "needs_threshold": "Ingen direktupphandling; tröskelvärde i kronor saknas",
    "needs_figure": "Kan inte avgöras (belopp i kronor saknas)",
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


def _amounts_by_date(days: np.ndarray, kind_masks: dict[str, np.ndarray]) -> np.ndarray:
    """Amount in kronor valid on each row's date for the row's kind (NaN if not verified).

    ``kind_masks`` says which rows have which kind of amount. One pass per row of troskelvarden.csv
    (a dozen), not per procurement, on plain numpy arrays, so 100 000 rows take milliseconds."""
    amounts = np.full(len(days), np.nan)
    for row in thresholds().itertuples(index=False):
        if pd.isna(row.belopp_kr) or row.typ not in kind_masks:
            continue
        valid = kind_masks[row.typ] & (days >= np.datetime64(row.galler_fran.date()))
        if not pd.isna(row.galler_till):
            valid &= days <= np.datetime64(row.galler_till.date())
        amounts[valid] = float(row.belopp_kr)
    return amounts


def screen_plan(plan: pd.DataFrame, sort: bool = True) -> pd.DataFrame:
    """The plan with the rules' verdicts per procurement and a priority for social requirements.

    Columns added: ``forfarande`` (procedure), ``reserverbar_19_25`` (the service is one that
    19 kap. 25 § LOU lets be reserved; the contract must then also last at most three years), ``arbetsrattsliga_villkor`` (value and service make labour-law conditions
    mandatory if they are needed: pröva behövligheten), ``lang_nog`` (long enough for an employment
    requirement, the course's rule of thumb) and ``prioritet`` (how many of these openings apply).
    """
    annex2 = plan["bilaga2_tjanst"].to_numpy(dtype=object) == "ja"
    days = pd.to_datetime(plan["planerad_annonsering"]).to_numpy(dtype="datetime64[D]")
    is_works = _per_distinct(plan["cpv_kod"], lambda code: code.startswith("45"))  # CPV division 45: construction work
    everyone = np.ones(len(plan), dtype=bool)
    limits = _amounts_by_date(days, {DIRECT_AWARD: everyone})
    thresholds_kr = _amounts_by_date(days, {SOCIAL_SERVICES: annex2, "byggentreprenader": is_works & ~annex2,
                                            "varor och tjänster, övriga upphandlande myndigheter": ~is_works & ~annex2})
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
