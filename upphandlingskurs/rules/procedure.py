"""Which procedure applies to a contract value, and whether labour-law conditions must be set.

The amounts come from data/troskelvarden.csv for the date given, so a rule never uses an amount
outside the period it is valid for. Where the table has no verified amount in kronor for that
date, the rule says so instead of guessing.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules.decision import Decision, as_bool, as_date, as_int, kronor, say
from upphandlingskurs.rules.parameters import amount_on, parameter

DIRECT_AWARD = "direktupphandling"
SOCIAL_SERVICES = "sociala och andra särskilda tjänster"
WORKS = "byggentreprenader"
STATE_GOODS_AND_SERVICES = "varor och tjänster, statliga myndigheter"
OTHER_GOODS_AND_SERVICES = "varor och tjänster, övriga upphandlande myndigheter"
CONTRACT_TYPES = ("varor och tjänster", "byggentreprenad")
LABOUR_CONDITIONS = "17 kap. 2 § LOU"
MAX_VALUE_KR = 10**12  # a thousand billion kronor; a larger value is a typing error

LABELS = {
    "value_kr": "Uppskattat värde i kronor",
    "on_date": "Datum",
    "contract_type": "Typ av kontrakt",
    "annex2": "Tjänst i bilaga 2",
    "state_authority": "Statlig myndighet",
}

# The sentences of ``procedure_for`` (see ``decision.say``); the static tool fills the same templates.
TEXTS = {
    "bad_contract_type": "{label} ska vara en av {types}, inte '{value}'.",
    "no_amount": "Kursens tabell har inget kontrollerat belopp i kronor för {kind} som gäller {on_date}. "
                 "Kontrollera beloppet hos Upphandlingsmyndigheten.",
    "amount": "{amount} (gäller {start}–{end})",
    "open_ended": "tills vidare",
    "undetermined": "Det går inte att avgöra med kursens tabell.",
    "value_and_limit": "Uppskattat värde: {value}. Direktupphandlingsgräns: {limit}.",
    "below_limit": "Värdet ligger under gränsen, så kontraktet får direktupphandlas.",
    "direct_award": "Direktupphandling är tillåten.",
    "at_limit": "Värdet ligger exakt på gränsen. Kursen räknar det försiktigt som över gränsen.",
    "annex2_reason": "Tjänsten finns i bilaga 2, och värdet ligger över direktupphandlingsgränsen.",
    "annex2": "Annonspliktig upphandling av sociala och andra särskilda tjänster (19 kap. LOU).",
    "threshold": "Tröskelvärde för {kind}: {threshold}.",
    "at_or_above": "Värdet uppgår till minst tröskelvärdet: de direktivstyrda reglerna i LOU gäller.",
    "above_threshold": "Upphandlingen ligger över tröskelvärdet.",
    "between": "Värdet är under tröskelvärdet men över direktupphandlingsgränsen.",
    "below_threshold": "Annonspliktig upphandling under tröskelvärdet (19 kap. LOU).",
}
PARAGRAPHS = {"direct_award": ("19 a kap. LOU",), "annex2": ("19 kap. LOU",), "above_threshold": ("5 kap. LOU",),
              "below_threshold": ("19 kap. LOU",), "undetermined": ()}


def threshold_kind(contract_type: str, annex2: bool, state_authority: bool) -> str:
    """The row type in troskelvarden.csv ('typ') that applies to this contract."""
    if contract_type not in CONTRACT_TYPES:
        raise CourseDataError(say(TEXTS["bad_contract_type"], label=LABELS["contract_type"],
                                  types=", ".join(CONTRACT_TYPES), value=contract_type))
    if annex2:
        return SOCIAL_SERVICES
    if contract_type == "byggentreprenad":
        return WORKS
    if state_authority:
        return STATE_GOODS_AND_SERVICES
    return OTHER_GOODS_AND_SERVICES


def amount_text(row: pd.Series) -> str:
    """'2 389 585 kr (gäller 2024-01-01–2025-12-31)': a row of troskelvarden.csv with a verified amount."""
    end = row["galler_till"].date() if not pd.isna(row["galler_till"]) else TEXTS["open_ended"]
    return say(TEXTS["amount"], amount=kronor(row["belopp_kr"]), start=row["galler_fran"].date(), end=end)


def _amount_kr(kind: str, on_date: dt.date) -> tuple[int | None, str]:
    row = amount_on(kind, on_date)
    if row is None or pd.isna(row["belopp_kr"]):
        return None, say(TEXTS["no_amount"], kind=kind, on_date=on_date)
    return int(row["belopp_kr"]), amount_text(row)


def classify_procedure(values, limits, thresholds, annex2, at_limit_allowed: bool) -> np.ndarray:
    """The decision step of ``procedure_for`` for many contracts at once (the plan screening uses it).

    ``limits`` are the direct-award limits and ``thresholds`` the thresholds in kronor, per contract
    (NaN where the course has no verified amount). Returns outcome keys.
    """
    values, limits, thresholds = (np.asarray(a, dtype=float) for a in (values, limits, thresholds))
    annex2 = np.asarray(annex2, dtype=bool)
    below_limit = (values < limits) | (at_limit_allowed & (values == limits))
    return np.select(
        [np.isnan(limits), below_limit, annex2, np.isnan(thresholds), values >= thresholds],
        ["undetermined", "direct_award", "annex2", "undetermined", "above_threshold"],
        default="below_threshold",
    )


def procedure_for(value_kr, on_date, contract_type="varor och tjänster", annex2=False, state_authority=False) -> Decision:
    """Direct award, a procurement below the threshold, one above it, or the rules for annex 2 services."""
    value = as_int(value_kr, LABELS["value_kr"], maximum=MAX_VALUE_KR)
    on_date = as_date(on_date, LABELS["on_date"])
    annex2 = as_bool(annex2, LABELS["annex2"])
    state_authority = as_bool(state_authority, LABELS["state_authority"])
    kind = threshold_kind(contract_type, annex2, state_authority)
    # Direct award: the fixed limit, except for annex 2 services, where the limit is their threshold.
    limit, limit_text = _amount_kr(SOCIAL_SERVICES if annex2 else DIRECT_AWARD, on_date)
    if limit is None:
        return Decision("undetermined", TEXTS["undetermined"], (limit_text,), PARAGRAPHS["undetermined"])
    at_limit_allowed = parameter("direktupphandling_vid_exakt_gransen") == 1
    threshold, threshold_text = (None, "") if annex2 else _amount_kr(kind, on_date)
    outcome = classify_procedure(
        [value], [limit], [np.nan if threshold is None else threshold], [annex2], at_limit_allowed
    )[0]
    reasons = [say(TEXTS["value_and_limit"], value=kronor(value), limit=limit_text)]
    if outcome == "direct_award":
        reasons.append(TEXTS["below_limit"])
        return Decision("direct_award", TEXTS["direct_award"], tuple(reasons), PARAGRAPHS["direct_award"])
    if value == limit:
        reasons.append(TEXTS["at_limit"])
    if outcome == "annex2":
        reasons.append(TEXTS["annex2_reason"])
        return Decision("annex2", TEXTS["annex2"], tuple(reasons), PARAGRAPHS["annex2"])
    if outcome == "undetermined":
        reasons.append(threshold_text)
        return Decision("undetermined", TEXTS["undetermined"], tuple(reasons), PARAGRAPHS["undetermined"])
    reasons.append(say(TEXTS["threshold"], kind=kind, threshold=threshold_text))
    if outcome == "above_threshold":
        reasons.append(TEXTS["at_or_above"])
        return Decision("above_threshold", TEXTS["above_threshold"], tuple(reasons), PARAGRAPHS["above_threshold"])
    reasons.append(TEXTS["between"])
    return Decision("below_threshold", TEXTS["below_threshold"], tuple(reasons), PARAGRAPHS["below_threshold"])


def labour_conditions_required(
    value_kr, on_date, annex2, risk_of_unreasonable_conditions, conditions_determinable,
    contract_type="varor och tjänster", state_authority=False,
) -> Decision:
    """Must conditions on pay, holiday and working hours be set under 17 kap. 2 § LOU?"""
    value = as_int(value_kr, LABELS["value_kr"], maximum=MAX_VALUE_KR)
    on_date = as_date(on_date, LABELS["on_date"])
    annex2 = as_bool(annex2, LABELS["annex2"])
    risk = as_bool(risk_of_unreasonable_conditions, "Risk för oskäliga arbetsvillkor")
    determinable = as_bool(conditions_determinable, "Villkoren går att fastställa")
    state_authority = as_bool(state_authority, LABELS["state_authority"])
    kind = threshold_kind(contract_type, False, state_authority)
    reasons, required = [], True
    if annex2:
        required = False
        reasons.append("Upphandlingen gäller sociala tjänster och andra särskilda tjänster: skyldigheten gäller inte.")
    if not risk:
        required = False
        reasons.append("Behövlighetsbedömningen visar ingen risk för oskäliga arbetsvillkor: villkoren är inte behövliga.")
    if not determinable:
        required = False
        reasons.append("Villkoren går inte att fastställa.")
    threshold, threshold_text = _amount_kr(kind, on_date)
    if threshold is None:
        if required:
            return Decision("undetermined", "Det går inte att avgöra med kursens tabell.", (threshold_text,), (LABOUR_CONDITIONS,))
    elif value < threshold:
        required = False
        reasons.append(f"Värdet {kronor(value)} är under tröskelvärdet {threshold_text}.")
    else:
        reasons.append(f"Värdet {kronor(value)} uppgår till minst tröskelvärdet {threshold_text}.")
    if required:
        reasons.append("Alla fyra förutsättningarna är uppfyllda: villkor om lön, semester och arbetstid ska ställas, alla tre.")
        return Decision("required", "Arbetsrättsliga villkor ska ställas.", tuple(reasons), (LABOUR_CONDITIONS,))
    reasons.append("Villkoren får ändå ställas frivilligt.")
    return Decision("voluntary", "Det finns ingen skyldighet att ställa arbetsrättsliga villkor.", tuple(reasons), (LABOUR_CONDITIONS,))
