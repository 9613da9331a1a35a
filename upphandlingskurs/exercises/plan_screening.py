"""Exercise 3: screening the procurement plan for where social requirements fit.

Every expected answer comes from ``screen_plan`` (the same screening as the PlanScreeningTool) and
the amounts in troskelvarden.csv, so the checks work on any valid plan file.
"""

from __future__ import annotations

import re

import pandas as pd

from upphandlingskurs.feedback import check_number, check_set, wrong
from upphandlingskurs.rules.decision import kronor
from upphandlingskurs.rules.parameters import amount_on, parameter
from upphandlingskurs.rules.procedure import DIRECT_AWARD, SOCIAL_SERVICES, WORKS
from upphandlingskurs.screening import PROCEDURE_LABELS, screen_plan

GOODS_AND_SERVICES = "varor och tjänster, övriga upphandlande myndigheter"  # a municipality's threshold
TOP = 5


# --- amounts per procurement ----------------------------------------------------------------------

def _amount(kind: str, day: pd.Timestamp) -> float:
    row = amount_on(kind, day.date())
    return float("nan") if row is None or pd.isna(row["belopp_kr"]) else float(row["belopp_kr"])


def _amounts(plan: pd.DataFrame, kinds: pd.Series) -> pd.Series:
    cache: dict[tuple[str, pd.Timestamp], float] = {}
    values = []
    for kind, day in zip(kinds, plan["planerad_annonsering"]):
        if (kind, day) not in cache:
            cache[(kind, day)] = _amount(kind, day)
        values.append(cache[(kind, day)])
    return pd.Series(values, index=plan.index, dtype=float)


def _annex2(plan: pd.DataFrame) -> pd.Series:
    return plan["bilaga2_tjanst"] == "ja"


def direct_award_limits(plan: pd.DataFrame) -> pd.Series:
    """The direct-award limit for each procurement on its advertising day: the fixed limit, or for an
    annex 2 service its threshold (NaN where the course has no verified amount)."""
    kinds = _annex2(plan).map({True: SOCIAL_SERVICES, False: DIRECT_AWARD})
    return _amounts(plan, kinds)


def thresholds(plan: pd.DataFrame) -> pd.Series:
    """The threshold for each procurement that is not an annex 2 service (works: CPV division 45)."""
    kinds = plan["cpv_kod"].str.startswith("45").map({True: WORKS, False: GOODS_AND_SERVICES})
    return _amounts(plan, kinds)


def _ids(rows: pd.DataFrame) -> list[str]:
    return sorted(rows["id"])


def _joined(ids: list[str]) -> str:
    if len(ids) <= 1:
        return "".join(ids)
    return ", ".join(ids[:-1]) + " och " + ids[-1]


def _check_ids(answer, expected: set[str], explanation: str):
    """check_set for a list of plan ids: also 'up-001' and ids separated by spaces are understood,
    and an answer that is not a list gets a message saying what is expected."""
    if answer is None:
        return check_set(None, expected, "upphandlingar", explanation)
    if isinstance(answer, str):
        items = re.split(r"[,;\s]+", answer)
    elif isinstance(answer, pd.DataFrame) and "id" in answer.columns:
        items = list(answer["id"])
    elif isinstance(answer, list | tuple | set | frozenset | pd.Series | pd.Index):
        items = list(answer)
    else:
        return wrong(f"Svaret ska vara en lista med id, till exempel ['UP-001', 'UP-002']. Du skrev '{answer}'.")
    return check_set([str(item).strip().upper() for item in items], expected, "upphandlingar", explanation)


def _exact_counts_as_direct_award() -> bool:
    return parameter("direktupphandling_vid_exakt_gransen") == 1


# --- the scenario -----------------------------------------------------------------------------------

def at_direct_award_limit(plan: pd.DataFrame) -> pd.Series:
    """Whether each procurement is valued exactly at its own direct-award limit."""
    return plan["uppskattat_varde_kr"] == direct_award_limits(plan)


def scenario_department(plan: pd.DataFrame) -> str:
    """The department of task 1: the one with most procurements exactly at their direct-award limit
    (so the edge case is in view), then the one with most procurements, then alphabetical."""
    counts = pd.DataFrame({
        "exact": at_direct_award_limit(plan).groupby(plan["forvaltning"]).sum(),
        "all": plan["forvaltning"].value_counts(),
    })
    counts["name"] = counts.index
    ranked = counts.sort_values(["exact", "all", "name"], ascending=[False, False, True])
    return ranked.index[0]


def department_plan(plan: pd.DataFrame, department: str) -> pd.DataFrame:
    return plan[plan["forvaltning"] == department]


# --- task 1: direct awards in one department ----------------------------------------------------------

def direct_awards(plan: pd.DataFrame, department: str) -> pd.DataFrame:
    screened = screen_plan(department_plan(plan, department))
    return screened[screened["forfarande"] == PROCEDURE_LABELS["direct_award"]]


def task_1(answer, plan: pd.DataFrame):
    """How many of the scenario department's procurements may be awarded directly?"""
    department = scenario_department(plan)
    own = department_plan(plan, department)
    expected = len(direct_awards(plan, department))
    parts = [f"I {department} får {expected} av {len(own)} upphandlingar direktupphandlas enligt sållningen."]
    first_day = plan["planerad_annonsering"].min() if len(plan) else None
    general = _amount(DIRECT_AWARD, first_day) if first_day is not None else float("nan")
    annex2_limit = _amount(SOCIAL_SERVICES, first_day) if first_day is not None else float("nan")
    if not pd.isna(general) and not pd.isna(annex2_limit):
        parts.append(
            f"Jämför värdet med direktupphandlingsgränsen: {kronor(general)} för de flesta köp, men "
            f"{kronor(annex2_limit)} för sociala och andra särskilda tjänster i bilaga 2."
        )
    exact = _ids(own[at_direct_award_limit(own)])
    if exact:
        verdict = "räknas som direktupphandling" if _exact_counts_as_direct_award() else \
            "räknas inte som direktupphandling (värdet ska understiga gränsen, 19 a kap. 2 § LOU)"
        parts.append(f"{_joined(exact)} ligger exakt på sin gräns och {verdict}.")
    if not pd.isna(general):
        annex2_at_general = _ids(own[_annex2(own) & (own["uppskattat_varde_kr"] == general)])
        if annex2_at_general:
            parts.append(
                f"{_joined(annex2_at_general)} är värda exakt {kronor(general)}, men är bilaga 2-tjänster: "
                "för dem gäller den högre gränsen."
            )
    verdicts = screen_plan(own)["forfarande"]
    undetermined = verdicts.isin([PROCEDURE_LABELS["needs_threshold"], PROCEDURE_LABELS["needs_figure"]]).sum()
    if undetermined:
        parts.append(f"För {undetermined} upphandlingar saknar kursens tabell tröskelvärdet i kronor för dagen. "
                     "Under direktupphandlingsgränsen avgörs de ändå; de andra räknas inte som direktupphandling här.")
    return check_number(answer, expected, " ".join(parts))


# --- task 2: where labour-law conditions must be considered -------------------------------------------

def labour_condition_ids(plan: pd.DataFrame) -> set[str]:
    """Procurements at or above the threshold that are not annex 2 services (17 kap. 2 § LOU)."""
    screened = screen_plan(plan)
    return set(screened.loc[screened["arbetsrattsliga_villkor"], "id"])


def at_threshold_ids(plan: pd.DataFrame) -> list[str]:
    """Procurements (not annex 2 services) valued exactly at their threshold."""
    return _ids(plan[~_annex2(plan) & (plan["uppskattat_varde_kr"] == thresholds(plan))])


def task_2(answer, plan: pd.DataFrame):
    """Which procurements are at or above the threshold and not annex 2 services?"""
    expected = labour_condition_ids(plan)
    if expected:
        explanation = (
            f"{len(expected)} upphandlingar är värda minst tröskelvärdet och är inte bilaga 2-tjänster. För dem ska "
            "villkor om lön, semester och arbetstid ställas om behövlighetsbedömningen visar en risk för oskäliga "
            "arbetsvillkor och villkoren går att fastställa (17 kap. 2 § LOU)."
        )
    else:
        explanation = (
            "Ingen upphandling i planen är både värd minst tröskelvärdet och utan bilaga 2-tjänst, så svaret är en "
            "tom lista: svar = []. Skyldigheten i 17 kap. 2 § LOU gäller alltså ingen av dem."
        )
    exact = at_threshold_ids(plan)
    if exact:
        explanation += f" {_joined(exact)} ligger exakt på tröskelvärdet och ska vara med: värdet uppgår till tröskelvärdet."
    explanation += " Byggentreprenader (CPV-koder som börjar på 45) har ett eget, högre tröskelvärde."
    return _check_ids(answer, expected, explanation)


# --- task 3: the five with the highest priority ---------------------------------------------------------

def ranked(plan: pd.DataFrame) -> pd.DataFrame:
    """The screened plan, priority 1 or more, highest priority first; larger value, then lower id, on a tie."""
    screened = screen_plan(plan)
    screened = screened[screened["prioritet"] >= 1]
    return screened.sort_values(["prioritet", "uppskattat_varde_kr", "id"], ascending=[False, False, True])


def top_five(plan: pd.DataFrame) -> list[str]:
    return list(ranked(plan)["id"].head(TOP))


def task_3(answer, plan: pd.DataFrame):
    """Which five procurements have the highest priority (a larger value first on a tie)?"""
    top = ranked(plan).head(TOP)
    months = int(parameter("sysselsattningskrav_min_manader"))
    if top.empty:
        explanation = "Ingen upphandling i planen har prioritet 1 eller mer, så svaret är en tom lista: svar = []."
    else:
        shown = "de fem" if len(top) == TOP else f"de {len(top)} som har prioritet 1 eller mer"
        explanation = (
            f"Svaret är {shown} översta raderna när planen är sorterad på prioritet, sedan på värde (störst först) och sist på id. "
            f"Den högsta prioriteten i planen är {int(top['prioritet'].iloc[0])}."
        )
    explanation += (
        " Prioriteten räknar hur många av tre möjligheter som finns: tjänsten får reserveras enligt 19 kap. 25 § LOU, "
        f"arbetsrättsliga villkor ska prövas, och avtalet är minst {months} månader (kursens egen tumregel)."
    )
    return _check_ids(answer, set(top["id"]), explanation)
