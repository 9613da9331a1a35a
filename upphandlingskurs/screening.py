"""Whole-table analyses for the exercises and tools: finding social enterprises and screening a
procurement plan. They reuse the rules' decision steps so a row is judged exactly as the single
rule would judge it, but work on whole columns so 100 000 rows take milliseconds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules.parameters import amount_on, parameter, reservable_cpv_ranges
from upphandlingskurs.rules.procedure import DIRECT_AWARD, SOCIAL_SERVICES, classify_procedure

ALL = "Alla"
PROCEDURE_LABELS = {
    "direct_award": "Direktupphandling (19 a kap. LOU)",
    "below_threshold": "Under tröskelvärdet (19 kap. LOU)",
    "above_threshold": "Över tröskelvärdet",
    "annex2": "Bilaga 2-tjänst (19 kap. LOU)",
    "undetermined": "Kan inte avgöras (belopp saknas)",
}


def industries(enterprises: pd.DataFrame) -> list[str]:
    """Every industry named in the ``branscher`` column (values separated by semicolons)."""
    return sorted({part.strip() for cell in enterprises["branscher"] for part in str(cell).split(";") if part.strip()})


def find_enterprises(enterprises: pd.DataFrame, kommun: str = ALL, industry: str = ALL,
                     min_occupied: int = 0, kind: str = ALL, takes_placements: bool = False) -> pd.DataFrame:
    """The enterprises that match every filter given (``ALL`` means no filter), largest first."""
    if min_occupied < 0:
        raise CourseDataError(f"Minsta antal sysselsatta kan inte vara mindre än 0 (angivet: {min_occupied}).")
    keep = enterprises["antal_sysselsatta"] >= min_occupied
    if kommun != ALL:
        keep &= enterprises["kommun"] == kommun
    if kind != ALL:
        keep &= enterprises["typ"] == kind
    if industry != ALL:
        keep &= enterprises["branscher"].str.split(";").apply(lambda parts: industry in [p.strip() for p in parts])
    if takes_placements:
        keep &= enterprises["tar_emot_praktik"] == "ja"
    return enterprises[keep].sort_values(["antal_sysselsatta", "namn"], ascending=[False, True])


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


def reservable_cpv(codes: pd.Series) -> pd.Series:
    """Whether each CPV code lies in a range that 19 kap. 25 § LOU lists."""
    numbers = codes.str[:8].astype(int)
    mask = pd.Series(False, index=codes.index)
    for _, row in reservable_cpv_ranges().iterrows():
        mask |= numbers.between(int(row["cpv_fran"][:8]), int(row["cpv_till"][:8]))
    return mask


def _amounts_by_date(dates: pd.Series, kind_per_row: pd.Series) -> pd.Series:
    """Amount in kronor valid on each row's date for each row's kind (NaN if not verified)."""
    keys = pd.DataFrame({"date": dates, "kind": kind_per_row})
    lookup = {}
    for date, kind in keys.drop_duplicates().itertuples(index=False):
        row = amount_on(kind, date.date())
        lookup[(date, kind)] = np.nan if row is None or pd.isna(row["belopp_kr"]) else float(row["belopp_kr"])
    return pd.Series([lookup[key] for key in zip(keys["date"], keys["kind"])], index=dates.index, dtype=float)


def screen_plan(plan: pd.DataFrame) -> pd.DataFrame:
    """The plan with the rules' verdicts per procurement and a priority for social requirements.

    Columns added: ``forfarande`` (procedure), ``reserverbar_19_25`` (the service may be reserved under
    19 kap. 25 § LOU), ``arbetsrattsliga_villkor`` (value and service make labour-law conditions
    mandatory if they are needed: pröva behövligheten), ``lang_nog`` (long enough for an employment
    requirement, the course's rule of thumb) and ``prioritet`` (how many of these openings apply).
    """
    annex2 = plan["bilaga2_tjanst"] == "ja"
    dates = pd.to_datetime(plan["planerad_annonsering"])
    limits = _amounts_by_date(dates, pd.Series(np.where(annex2, SOCIAL_SERVICES, DIRECT_AWARD), index=plan.index))
    is_works = plan["cpv_kod"].str.startswith("45")  # CPV division 45: construction work
    kinds = pd.Series(np.where(is_works, "byggentreprenader", "varor och tjänster, övriga upphandlande myndigheter"), index=plan.index)
    thresholds = _amounts_by_date(dates, kinds)
    outcome = classify_procedure(
        plan["uppskattat_varde_kr"], limits, thresholds, annex2, parameter("direktupphandling_vid_exakt_gransen") == 1
    )
    result = plan.copy()
    result["forfarande"] = pd.Series(outcome, index=plan.index).map(PROCEDURE_LABELS)
    result["reserverbar_19_25"] = reservable_cpv(plan["cpv_kod"])
    result["arbetsrattsliga_villkor"] = (outcome == "above_threshold") & ~annex2
    result["lang_nog"] = plan["avtalstid_manader"] >= parameter("sysselsattningskrav_min_manader")
    result["prioritet"] = result[["reserverbar_19_25", "arbetsrattsliga_villkor", "lang_nog"]].sum(axis=1)
    return result.sort_values(["prioritet", "uppskattat_varde_kr"], ascending=[False, False])
