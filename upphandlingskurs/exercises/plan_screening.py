"""Exercise 3: screening the procurement plan for where social requirements fit.

Every expected answer comes from ``screen_plan`` (the same screening as the PlanScreeningTool) and
the amounts in troskelvarden.csv, so the checks work on any valid plan file. Where the table has no
amount in kronor for the plan's period, the reader may type it in at the top of the page; every
check takes those amounts (``own_amounts``, as ``thresholds_with_own_amounts`` takes them). Where an
expected answer still depends on a missing amount, the check decides what the amount cannot
change, says which amount is missing and what it did check, and never guesses the rest.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from upphandlingskurs.feedback import check_number, check_set, missing, note, wrong
from upphandlingskurs.rules.decision import kronor, say
from upphandlingskurs.rules.parameters import own_amount_label, own_amount_name, parameter
from upphandlingskurs.rules.procedure import DIRECT_AWARD, SOCIAL_SERVICES, typed_amount
from upphandlingskurs.screening import (
    PLAN_KINDS,
    PROCEDURE_LABELS,
    amount_on_day,
    missing_amounts,
    missing_amounts_text,
    plan_amounts,
    screen_plan,
)

TOP = 5
UNDECIDED = "Kan inte avgöras helt än."
TEXTS = {
    "type_them": "Skriv in beloppen i cellen under rubriken Beloppen som gäller för planen och kör cellerna "
                 "igen, så kontrolleras resten.",
    "own_used": "Övningen räknar med {what} som du har skrivit in: {amounts}.",
    "own_amount": "{name} är {amount}",
    "own_in_table": "Kursens tabell har redan {amounts} för planens datum, så det du skrev in används inte.",
    "own_not_needed": "Sållningen av en kommuns plan använder inte {amounts}, så det du skrev in används inte.",
    "all_there": "Kursens tabell har alla belopp i kronor som sållningen av planen behöver.",
    "complete": "Med dem finns alla belopp som sållningen av planen behöver.",
    "without": "Utan de belopp som saknas avgör övningen det som beloppen inte kan ändra, och kontrollerna säger "
               "vilka svar som beror på dem.",
}


# --- amounts per procurement ----------------------------------------------------------------------

def _annex2(plan: pd.DataFrame) -> pd.Series:
    return plan["bilaga2_tjanst"] == "ja"


def direct_award_limits(plan: pd.DataFrame, own_amounts=None) -> pd.Series:
    """The direct-award limit for each procurement on its advertising day: the fixed limit, or for an
    annex 2 service its threshold (NaN where neither the course's table nor ``own_amounts`` has it)."""
    limits, thresholds_kr = plan_amounts(plan, own_amounts)
    return pd.Series(np.where(_annex2(plan).to_numpy(), thresholds_kr, limits), index=plan.index, dtype=float)


def thresholds(plan: pd.DataFrame, own_amounts=None) -> pd.Series:
    """The threshold for each procurement on its advertising day: for works (CPV division 45) the one
    for works, for an annex 2 service the one for those services, otherwise the one for goods and
    services of a municipality (NaN where neither the table nor ``own_amounts`` has it)."""
    return pd.Series(plan_amounts(plan, own_amounts)[1], index=plan.index, dtype=float)


def _used_own_amounts(plan: pd.DataFrame, own_amounts) -> tuple[dict[str, int], list[str], list[str]]:
    """The typed amounts the screening of ``plan`` uses (kind: kronor), the kinds typed in whose
    amount the table already has, and those the screening of a municipality's plan does not use."""
    if not own_amounts:
        return {}, [], []
    filled = missing_amounts(plan, own_amounts)  # also refuses a bad amount, in Swedish
    lacking = set(missing_amounts(plan)["typ"]) - set(filled["typ"])
    used, in_table, not_needed = {}, [], []
    for kind, value in own_amounts.items():
        amount = typed_amount(value, own_amount_label(kind))
        if amount is None:
            continue
        if kind in lacking:
            used[kind] = amount
        elif kind in PLAN_KINDS:
            in_table.append(kind)
        else:
            not_needed.append(kind)
    return used, in_table, not_needed


def _named_amounts(amounts: dict[str, int]) -> str:
    return _joined([say(TEXTS["own_amount"], name=own_amount_name(kind), amount=kronor(amount))
                    for kind, amount in amounts.items()])


def own_amounts_text(plan: pd.DataFrame, own_amounts) -> str:
    """Which of the reader's amounts the checks use, and which they do not ("" if none was typed)."""
    used, in_table, not_needed = _used_own_amounts(plan, own_amounts)
    parts = []
    if used:
        parts.append(say(TEXTS["own_used"], what="det belopp" if len(used) == 1 else "de belopp",
                         amounts=_named_amounts(used)))
    if in_table:
        parts.append(say(TEXTS["own_in_table"], amounts=_joined([own_amount_name(kind) for kind in in_table])))
    if not_needed:
        parts.append(say(TEXTS["own_not_needed"], amounts=_joined([own_amount_name(kind) for kind in not_needed])))
    return " ".join(parts)


def missing_text(plan: pd.DataFrame, own_amounts=None) -> str:
    """Which amounts in kronor the plan's screening lacks, where they are published and where to
    type them in ("" if none is missing)."""
    text = missing_amounts_text(missing_amounts(plan, own_amounts))
    return f"{text} {TEXTS['type_them']}" if text else ""


def amounts_note(plan: pd.DataFrame, own_amounts=None):
    """For the page: which amounts in kronor the table lacks for the plan, and which typed-in amounts
    the exercise uses. Raises ``CourseDataError`` (in Swedish) for a bad typed amount."""
    lacking = missing_amounts_text(missing_amounts(plan))
    still_lacking = not missing_amounts(plan, own_amounts).empty
    parts = [lacking or TEXTS["all_there"], own_amounts_text(plan, own_amounts)]
    if lacking:
        parts.append(TEXTS["without"] if still_lacking else TEXTS["complete"])
    return note(" ".join(part for part in parts if part), title="Beloppen för planen:")


def _ids(rows: pd.DataFrame) -> list[str]:
    return sorted(rows["id"])


def _joined(ids: list[str]) -> str:
    if len(ids) <= 1:
        return "".join(ids)
    return ", ".join(ids[:-1]) + " och " + ids[-1]


def _answer_ids(answer):
    """The ids in an answer (also 'up-001' and ids separated by spaces), or the feedback for an
    answer that is not a list."""
    if isinstance(answer, str):
        items = re.split(r"[,;\s]+", answer)
    elif isinstance(answer, pd.DataFrame) and "id" in answer.columns:
        items = list(answer["id"])
    elif isinstance(answer, list | tuple | set | frozenset | pd.Series | pd.Index):
        items = list(answer)
    else:
        return wrong(f"Svaret ska vara en lista med id, till exempel ['UP-001', 'UP-002']. Du skrev '{answer}'.")
    return [item for item in (str(item).strip().upper() for item in items) if item]


def _check_ids(answer, expected: set[str], explanation: str):
    """check_set for a list of plan ids: also 'up-001' and ids separated by spaces are understood,
    and an answer that is not a list gets a message saying what is expected."""
    if answer is None:
        return check_set(None, expected, "upphandlingar", explanation)
    items = _answer_ids(answer)
    if not isinstance(items, list):
        return items
    return check_set(items, expected, "upphandlingar", explanation)


def _check_undecided_ids(answer, must: set[str], may: set[str], explanation: str, size: tuple[int, int] | None = None):
    """An answer whose right list depends on a missing amount: wrong if it lacks an id that is in
    the list whatever the amount (``must``), has one that is outside it whatever the amount (not in
    ``may``), or, given ``size``, has fewer or more ids than the list can have; otherwise the check
    cannot decide."""
    if answer is None:
        return missing()
    items = _answer_ids(answer)
    if not isinstance(items, list):
        return items
    given = set(items)
    parts = []
    if size is not None and not size[0] <= len(given) <= size[1]:
        count = str(size[0]) if size[0] == size[1] else f"mellan {size[0]} och {size[1]}"
        parts.append(f"Svaret ska ha {count} id, men ditt svar har {len(given)}")
    if must - given:
        parts.append(f"Antal upphandlingar som saknas i ditt svar och ska vara med oavsett beloppen: {len(must - given)}")
    if given - may:
        extra = given - may
        parts.append(f"{len(extra)} av dina upphandlingar ska inte vara med, oavsett beloppen ({', '.join(sorted(extra))})")
    if parts:
        return wrong("; ".join(parts) + ". " + explanation)
    return note(explanation, title=UNDECIDED)


def _number(answer) -> float | None:
    try:
        return float(str(answer).replace(",", ".").replace(" ", ""))
    except ValueError:
        return None


def _exact_counts_as_direct_award() -> bool:
    return parameter("direktupphandling_vid_exakt_gransen") == 1


# --- the scenario -----------------------------------------------------------------------------------

def at_direct_award_limit(plan: pd.DataFrame, own_amounts=None) -> pd.Series:
    """Whether each procurement is valued exactly at its own direct-award limit."""
    return plan["uppskattat_varde_kr"] == direct_award_limits(plan, own_amounts)


def scenario_department(plan: pd.DataFrame) -> str:
    """The department of task 1: the one with most procurements exactly at their direct-award limit
    (so the edge case is in view), then the one with most procurements, then alphabetical.

    Only the course's own amounts count here, so the scenario stays the same whatever the reader
    types in."""
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

def direct_awards(plan: pd.DataFrame, department: str, own_amounts=None) -> pd.DataFrame:
    """The department's procurements that the screening decides may be awarded directly."""
    screened = screen_plan(department_plan(plan, department), own_amounts=own_amounts)
    return screened[screened["forfarande"] == PROCEDURE_LABELS["direct_award"]]


def undecided_direct_awards(plan: pd.DataFrame, department: str, own_amounts=None) -> pd.DataFrame:
    """The department's procurements that may or may not be direct awards: the amount that decides
    it is missing (for a bilaga 2 service, the threshold for those services)."""
    screened = screen_plan(department_plan(plan, department), own_amounts=own_amounts)
    return screened[screened["forfarande"] == PROCEDURE_LABELS["needs_figure"]]


def task_1(answer, plan: pd.DataFrame, own_amounts=None):
    """How many of the scenario department's procurements may be awarded directly?"""
    department = scenario_department(plan)
    own = department_plan(plan, department)
    decided = len(direct_awards(plan, department, own_amounts))
    undecided = _ids(undecided_direct_awards(plan, department, own_amounts))
    if undecided:
        parts = [
            f"Sållningen kan avgöra att {decided} av {len(own)} upphandlingar i {department} får direktupphandlas. "
            f"För {len(undecided)} av dem ({_joined(undecided)}) beror svaret på ett belopp som saknas, så rätt "
            f"svar ligger mellan {decided} och {decided + len(undecided)}. Kontrollen kan inte säga vilket."
        ]
    else:
        parts = [f"I {department} får {decided} av {len(own)} upphandlingar direktupphandlas enligt sållningen."]
    first_day = plan["planerad_annonsering"].min() if len(plan) else None
    general = amount_on_day(DIRECT_AWARD, first_day, own_amounts) if first_day is not None else float("nan")
    annex2_limit = amount_on_day(SOCIAL_SERVICES, first_day, own_amounts) if first_day is not None else float("nan")
    if not pd.isna(general) and not pd.isna(annex2_limit):
        parts.append(
            f"Jämför värdet med direktupphandlingsgränsen: {kronor(general)} för de flesta köp, men "
            f"{kronor(annex2_limit)} för sociala och andra särskilda tjänster i bilaga 2."
        )
    elif not pd.isna(general):
        parts.append(
            f"Jämför värdet med direktupphandlingsgränsen: {kronor(general)} för de flesta köp. För sociala och "
            "andra särskilda tjänster i bilaga 2 är gränsen i stället tröskelvärdet för de tjänsterna."
        )
    exact = _ids(own[at_direct_award_limit(own, own_amounts)])
    if exact:
        verdict = "räknas som direktupphandling" if _exact_counts_as_direct_award() else \
            "räknas inte som direktupphandling (värdet ska understiga gränsen, 19 a kap. 2 § LOU)"
        parts.append(f"{_joined(exact)} ligger exakt på sin gräns och {verdict}.")
    if not pd.isna(general):
        annex2_at_general = _ids(own[_annex2(own) & (own["uppskattat_varde_kr"] == general)])
        if annex2_at_general:
            one = len(annex2_at_general) == 1
            worth, kind, them = ("är värd", "är en bilaga 2-tjänst", "den") if one else \
                ("är värda", "är bilaga 2-tjänster", "dem")
            limit = (kronor(annex2_limit) if not pd.isna(annex2_limit) else
                     "tröskelvärdet för sociala och andra särskilda tjänster, och det beloppet saknas")
            parts.append(f"{_joined(annex2_at_general)} {worth} exakt {kronor(general)}, men {kind}: "
                         f"för {them} är gränsen {limit}.")
    parts += [missing_text(plan, own_amounts), own_amounts_text(plan, own_amounts)]
    explanation = " ".join(part for part in parts if part)
    if not undecided:
        return check_number(answer, decided, explanation)
    if answer is None:
        return missing()
    value = _number(answer)
    if value is None:
        return wrong(f"Svaret ska vara ett tal, men du skrev '{answer}'.")
    if value == int(value) and decided <= value <= decided + len(undecided):
        return note(explanation, title=UNDECIDED)
    return wrong(f"Du svarade {answer}. {explanation}")


# --- task 2: where labour-law conditions must be considered -------------------------------------------

def labour_condition_ids(plan: pd.DataFrame, own_amounts=None) -> set[str]:
    """Procurements at or above the threshold that are not annex 2 services (17 kap. 2 § LOU), as far
    as the amounts decide it."""
    screened = screen_plan(plan, own_amounts=own_amounts)
    return set(screened.loc[screened["arbetsrattsliga_villkor"], "id"])


def undecided_labour_condition_ids(plan: pd.DataFrame, own_amounts=None) -> set[str]:
    """Procurements that are not annex 2 services and whose threshold in kronor is missing: whether
    they are at or above it cannot be decided."""
    screened = screen_plan(plan, own_amounts=own_amounts)
    return set(screened.loc[screened["saknat_belopp"] & (screened["bilaga2_tjanst"] != "ja"), "id"])


def at_threshold_ids(plan: pd.DataFrame, own_amounts=None) -> list[str]:
    """Procurements (not annex 2 services) valued exactly at their threshold."""
    return _ids(plan[~_annex2(plan) & (plan["uppskattat_varde_kr"] == thresholds(plan, own_amounts))])


def task_2(answer, plan: pd.DataFrame, own_amounts=None):
    """Which procurements are at or above the threshold and not annex 2 services?"""
    expected = labour_condition_ids(plan, own_amounts)
    undecided = undecided_labour_condition_ids(plan, own_amounts)
    if undecided:
        explanation = (
            (f"{_joined(sorted(expected))} ska vara med oavsett de belopp som saknas. " if expected else "")
            + f"För {len(undecided)} upphandlingar beror svaret på ett tröskelvärde som saknas: "
            f"{_joined(sorted(undecided))}. De är inte bilaga 2-tjänster, men om de är värda minst tröskelvärdet "
            "går inte att avgöra utan beloppet. Kontrollen har prövat resten: bilaga 2-tjänster och upphandlingar "
            "som är värda mindre än direktupphandlingsgränsen ska inte vara med."
        )
    elif expected:
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
    exact = at_threshold_ids(plan, own_amounts)
    if exact:
        explanation += f" {_joined(exact)} ligger exakt på tröskelvärdet och ska vara med: värdet uppgår till tröskelvärdet."
    explanation += " Byggentreprenader (CPV-koder som börjar på 45) har ett eget, högre tröskelvärde."
    explanation = " ".join(part for part in (explanation, missing_text(plan, own_amounts),
                                             own_amounts_text(plan, own_amounts)) if part)
    if not undecided:
        return _check_ids(answer, expected, explanation)
    return _check_undecided_ids(answer, expected, expected | undecided, explanation)


# --- task 3: the five with the highest priority ---------------------------------------------------------

def ranked(plan: pd.DataFrame, own_amounts=None) -> pd.DataFrame:
    """The screened plan, priority 1 or more, highest priority first; larger value, then lower id, on a tie.

    A priority counts only what the amounts decide (see ``top_five_bounds`` for what a missing
    amount leaves open)."""
    screened = screen_plan(plan, own_amounts=own_amounts)
    screened = screened[screened["prioritet"] >= 1]
    return screened.sort_values(["prioritet", "uppskattat_varde_kr", "id"], ascending=[False, False, True])


def top_five(plan: pd.DataFrame, own_amounts=None) -> list[str]:
    return list(ranked(plan, own_amounts)["id"].head(TOP))


def top_five_bounds(plan: pd.DataFrame, own_amounts=None) -> tuple[set[str], set[str], set[str]]:
    """Which procurements are among the five whatever the missing amounts are, which are outside
    them whatever the amounts are, and which depend on the amounts.

    A missing threshold can only add one to a priority (the labour-law conditions), so each
    procurement's priority lies between the decided one and one more. A procurement is surely in the
    five if fewer than five others could rank above it, and surely out if at least five rank above it
    even at its highest priority. With nothing missing the first set is ``top_five``."""
    screened = screen_plan(plan, sort=False, own_amounts=own_amounts)
    count = len(screened)
    if count == 0:
        return set(), set(), set()
    open_ = (screened["saknat_belopp"] & (screened["bilaga2_tjanst"] != "ja")).to_numpy(dtype=int)
    low = screened["prioritet"].to_numpy(dtype=int)
    high = low + open_
    # Rank within a priority: a larger value first, then a lower id. One number per (priority, row)
    # orders the rows as ``ranked`` does: a larger key ranks higher.
    order = screened.sort_values(["uppskattat_varde_kr", "id"], ascending=[False, True]).index
    tie = pd.Series(np.arange(count)[::-1], index=order).reindex(screened.index).to_numpy()
    key_low, key_high = low * count + tie, high * count + tie
    could_rank_above = count - np.searchsorted(np.sort(key_high), key_low, side="right") - open_
    surely_ranks_above = count - np.searchsorted(np.sort(key_low), key_high, side="right")
    surely_in = (low >= 1) & (could_rank_above < TOP)
    surely_out = (high < 1) | (surely_ranks_above >= TOP)
    ids = screened["id"].to_numpy()
    return set(ids[surely_in]), set(ids[surely_out]), set(ids[~surely_in & ~surely_out])


def task_3(answer, plan: pd.DataFrame, own_amounts=None):
    """Which five procurements have the highest priority (a larger value first on a tie)?"""
    surely_in, surely_out, undecided = top_five_bounds(plan, own_amounts)
    months = int(parameter("sysselsattningskrav_min_manader"))
    rule = (
        " Prioriteten räknar hur många av tre möjligheter som finns: tjänsten får reserveras enligt 19 kap. 25 § LOU, "
        f"arbetsrättsliga villkor ska prövas, och avtalet är minst {months} månader (kursens egen tumregel)."
    )
    if undecided:
        explanation = (
            (f"{_joined(sorted(surely_in))} är bland de fem oavsett de belopp som saknas. " if surely_in else "")
            + f"Om {_joined(sorted(undecided))} hör till de fem beror på om upphandlingar utan tröskelvärde i kronor "
            "ska pröva arbetsrättsliga villkor, och det går inte att avgöra utan beloppet. Kontrollen har prövat "
            "resten: övriga upphandlingar hör inte till de fem, oavsett beloppen."
            + rule
        )
        explanation = " ".join(part for part in (explanation, missing_text(plan, own_amounts),
                                                 own_amounts_text(plan, own_amounts)) if part)
        eligible = int((screen_plan(plan, sort=False, own_amounts=own_amounts)["prioritet"] >= 1).sum())
        return _check_undecided_ids(answer, surely_in, surely_in | undecided, explanation,
                                    size=(min(TOP, eligible), TOP))
    top = ranked(plan, own_amounts).head(TOP)
    if top.empty:
        explanation = "Ingen upphandling i planen har prioritet 1 eller mer, så svaret är en tom lista: svar = []."
    else:
        shown = "de fem" if len(top) == TOP else f"de {len(top)} som har prioritet 1 eller mer"
        explanation = (
            f"Svaret är {shown} översta raderna när planen är sorterad på prioritet, sedan på värde (störst först) och sist på id. "
            f"Den högsta prioriteten i planen är {int(top['prioritet'].iloc[0])}."
        )
    explanation += rule
    own = own_amounts_text(plan, own_amounts)
    return _check_ids(answer, set(top["id"]), f"{explanation} {own}" if own else explanation)
