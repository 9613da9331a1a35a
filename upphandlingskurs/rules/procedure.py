"""Which procedure applies to a contract value, and whether labour-law conditions must be set.

The amounts come from data/troskelvarden.csv for the date given, so a rule never uses an amount
outside the period it is valid for. Where the table has no amount in kronor for that date, the
rule still decides every case the missing amount cannot change (a value below the fixed
direct-award limit is a direct award whatever the threshold), and otherwise names the missing
amount, says where it is published and takes it as typed by the reader (``threshold_kr``).

Direct award (19 a kap. 2 § LOU) needs a value *below* the limit: the fixed 700 000 kr for every
contract, or for a service in bilaga 2 the threshold for those services ("beräknas understiga" in
the law text); the course's parameter ``direktupphandling_vid_exakt_gransen`` records it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules.decision import Decision, as_bool, as_date, as_int, kronor, say
from upphandlingskurs.rules.parameters import amount_on, parameter
from upphandlingskurs.schemas import MAX_AMOUNT_KR

DIRECT_AWARD = "direktupphandling"
SOCIAL_SERVICES = "sociala och andra särskilda tjänster"
WORKS = "byggentreprenader"
STATE_GOODS_AND_SERVICES = "varor och tjänster, statliga myndigheter"
OTHER_GOODS_AND_SERVICES = "varor och tjänster, övriga upphandlande myndigheter"
CONTRACT_TYPES = ("varor och tjänster", "byggentreprenad")
LABOUR_CONDITIONS = "17 kap. 2–5 §§ LOU"  # the duty (2 §) and its conditions and consultation (3–5 §§)
# Where the amounts in kronor are published (named in the request for a missing amount).
PUBLISHED_AT = "https://www.upphandlingsmyndigheten.se/regler-och-lagstiftning/troskelvarden-och-direktupphandlingsgranser"
MAX_VALUE_KR = MAX_AMOUNT_KR  # the schema's limit, so a data file cannot hold an amount the rules refuse

LABELS = {
    "value_kr": "Uppskattat värde i kronor",
    "on_date": "Datum",
    "contract_type": "Typ av kontrakt",
    "annex2": "Tjänst i bilaga 2",
    "state_authority": "Statlig myndighet",
    "threshold_kr": "Tröskelvärde i kronor",
}

# The sentences of ``procedure_for`` (see ``decision.say``); the static tool fills the same templates.
TEXTS = {
    "bad_contract_type": "{label} ska vara en av {types}, inte '{value}'.",
    "amount": "{amount} (gäller {start}–{end})",
    "typed_amount": "{amount} (inskrivet av dig)",
    "open_ended": "tills vidare",
    "missing": "Kursens tabell har inget belopp i kronor för {kind} som gäller {on_date}.",
    "missing_euro": "Kursens tabell har inget belopp i kronor för {kind} som gäller {on_date}. "
                    "EU:s belopp för perioden är {euro} euro.",
    "where": "Upphandlingsmyndigheten publicerar beloppen i kronor på sin sida om tröskelvärden och "
             "direktupphandlingsgränser ({url}). Skriv in beloppet i fältet '{label}', så avgör verktyget.",
    "needs_figure": "Kan avgöras först när du skriver in det belopp som saknas.",
    "needs_threshold": "Direktupphandling är inte tillåten. Om upphandlingen ligger över eller under tröskelvärdet "
                       "avgörs när du skriver in tröskelvärdet i kronor.",
    "value": "Uppskattat värde: {value}.",
    "value_and_limit": "Uppskattat värde: {value}. Direktupphandlingsgräns: {limit}.",
    "below_limit": "Värdet understiger gränsen, så kontraktet får direktupphandlas.",
    "direct_award": "Direktupphandling är tillåten.",
    "at_limit": "Värdet ligger exakt på gränsen. Direktupphandling kräver att värdet understiger gränsen.",
    "annex2_limit": "För sociala och andra särskilda tjänster i bilaga 2 är tröskelvärdet också "
                    "direktupphandlingsgräns: {threshold}.",
    "annex2_below": "Värdet understiger tröskelvärdet för tjänsterna i bilaga 2, så kontraktet får direktupphandlas.",
    "annex2_reason": "Tjänsten finns i bilaga 2, och värdet uppgår till minst tröskelvärdet för de tjänsterna.",
    "annex2": "Annonspliktig upphandling av sociala och andra särskilda tjänster (19 kap. LOU).",
    "threshold": "Tröskelvärde för {kind}: {threshold}.",
    "at_or_above": "Värdet uppgår till minst tröskelvärdet: de direktivstyrda reglerna i LOU gäller.",
    "above_threshold": "Upphandlingen ligger över tröskelvärdet.",
    "between": "Värdet är under tröskelvärdet men inte under direktupphandlingsgränsen.",
    "below_threshold": "Annonspliktig upphandling under tröskelvärdet (19 kap. LOU).",
    "labour_below_limit": "Värdet {value} understiger direktupphandlingsgränsen {limit} och ligger därmed under "
                          "tröskelvärdet, vilket belopp det än har: skyldigheten gäller inte.",
}
PARAGRAPHS = {"direct_award": ("19 a kap. LOU",), "annex2": ("19 kap. LOU",), "above_threshold": ("5 kap. LOU",),
              "below_threshold": ("19 kap. LOU",), "needs_figure": (), "needs_threshold": ("19 a kap. LOU",)}


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
    """'2 389 585 kr (gäller 2024-01-01–2025-12-31)': a row of troskelvarden.csv with an amount in kronor."""
    end = row["galler_till"].date() if not pd.isna(row["galler_till"]) else TEXTS["open_ended"]
    return say(TEXTS["amount"], amount=kronor(row["belopp_kr"]), start=row["galler_fran"].date(), end=end)


def euro_text(amount: float) -> str:
    return f"{amount:,.0f}".replace(",", "\u00a0")


def missing_amount_text(kind: str, on_date: dt.date) -> str:
    """Which amount is missing, with the euro amount of the period where the table has it."""
    row = amount_on(kind, on_date)
    if row is not None and not pd.isna(row["belopp_eur"]):
        return say(TEXTS["missing_euro"], kind=kind, on_date=on_date, euro=euro_text(row["belopp_eur"]))
    return say(TEXTS["missing"], kind=kind, on_date=on_date)


def where_published() -> str:
    return say(TEXTS["where"], url=PUBLISHED_AT, label=LABELS["threshold_kr"])


def amount_kr(kind: str, on_date: dt.date) -> tuple[int | None, str]:
    """The amount in kronor for ``kind`` on ``on_date`` and how to show it, or None and what is missing."""
    row = amount_on(kind, on_date)
    if row is None or pd.isna(row["belopp_kr"]):
        return None, missing_amount_text(kind, on_date)
    return int(row["belopp_kr"]), amount_text(row)


def threshold_for(kind: str, on_date: dt.date, typed: int | None) -> tuple[int | None, str]:
    """The threshold in kronor from the table, else the one the reader typed, else None and what is missing."""
    threshold, text = amount_kr(kind, on_date)
    if threshold is None and typed is not None:
        return typed, say(TEXTS["typed_amount"], amount=kronor(typed))
    return threshold, text


def classify_procedure(values, limits, thresholds, annex2, at_limit_allowed: bool) -> np.ndarray:
    """The decision step of ``procedure_for`` for many contracts at once (the plan screening uses it).

    ``limits`` are the fixed direct-award limits and ``thresholds`` the thresholds in kronor that
    apply to each contract (for a bilaga 2 service the threshold for those services), NaN where the
    amount is missing. Returns outcome keys; "needs_figure" only where the missing amount could
    change the answer.
    """
    values, limits, thresholds = (np.asarray(a, dtype=float) for a in (values, limits, thresholds))
    annex2 = np.asarray(annex2, dtype=bool)
    no_limit, no_threshold = np.isnan(limits), np.isnan(thresholds)
    below_limit = (values < limits) | (at_limit_allowed & (values == limits))
    below_annex2_limit = (values < thresholds) | (at_limit_allowed & (values == thresholds))
    return np.select(
        [~no_limit & below_limit,
         no_threshold & (no_limit | annex2),
         no_threshold,
         annex2 & below_annex2_limit,
         annex2,
         values >= thresholds,
         no_limit],
        ["direct_award", "needs_figure", "needs_threshold", "direct_award", "annex2", "above_threshold",
         "needs_figure"],
        default="below_threshold",
    )


def typed_amount(value, label: str) -> int | None:
    """An amount the reader typed in (None when the field is empty)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return as_int(value, label, minimum=1, maximum=MAX_VALUE_KR)


def procedure_for(value_kr, on_date=None, contract_type="varor och tjänster", annex2=False, state_authority=False,
                  threshold_kr=None) -> Decision:
    """Direct award, a procurement below the threshold, one above it, or the rules for annex 2 services.

    ``on_date`` empty means today. ``threshold_kr`` is the threshold in kronor as the reader typed
    it; it is used only when the course's table has no amount for the date.
    """
    value = as_int(value_kr, LABELS["value_kr"], maximum=MAX_VALUE_KR)
    on_date = as_date(on_date or dt.date.today(), LABELS["on_date"])
    annex2 = as_bool(annex2, LABELS["annex2"])
    state_authority = as_bool(state_authority, LABELS["state_authority"])
    typed = typed_amount(threshold_kr, LABELS["threshold_kr"])
    kind = threshold_kind(contract_type, annex2, state_authority)
    limit, limit_text = amount_kr(DIRECT_AWARD, on_date)
    threshold, threshold_text = threshold_for(kind, on_date, typed)
    at_limit_allowed = parameter("direktupphandling_vid_exakt_gransen") == 1
    outcome = classify_procedure(
        [value], [np.nan if limit is None else limit], [np.nan if threshold is None else threshold], [annex2],
        at_limit_allowed,
    )[0]
    if limit is None:
        reasons = [say(TEXTS["value"], value=kronor(value)), limit_text]
    else:
        reasons = [say(TEXTS["value_and_limit"], value=kronor(value), limit=limit_text)]
    if limit is not None and value == limit and not annex2:
        reasons.append(TEXTS["at_limit"])
    if outcome in ("needs_figure", "needs_threshold"):
        reasons += ([] if threshold is not None else [threshold_text]) + [where_published()]
        return Decision(outcome, TEXTS[outcome], tuple(reasons), PARAGRAPHS[outcome])
    if outcome == "direct_award" and limit is not None and (value < limit or (at_limit_allowed and value == limit)):
        reasons.append(TEXTS["below_limit"])
        return Decision("direct_award", TEXTS["direct_award"], tuple(reasons), PARAGRAPHS["direct_award"])
    if annex2:
        reasons.append(say(TEXTS["annex2_limit"], threshold=threshold_text))
        if outcome == "direct_award":
            reasons.append(TEXTS["annex2_below"])
            return Decision("direct_award", TEXTS["direct_award"], tuple(reasons), PARAGRAPHS["direct_award"])
        if value == threshold:
            reasons.append(TEXTS["at_limit"])
        reasons.append(TEXTS["annex2_reason"])
        return Decision("annex2", TEXTS["annex2"], tuple(reasons), PARAGRAPHS["annex2"])
    reasons.append(say(TEXTS["threshold"], kind=kind, threshold=threshold_text))
    if outcome == "above_threshold":
        reasons.append(TEXTS["at_or_above"])
        return Decision("above_threshold", TEXTS["above_threshold"], tuple(reasons), PARAGRAPHS["above_threshold"])
    reasons.append(TEXTS["between"])
    return Decision("below_threshold", TEXTS["below_threshold"], tuple(reasons), PARAGRAPHS["below_threshold"])


def labour_conditions_required(
    value_kr, on_date, annex2, risk_of_unreasonable_conditions, conditions_determinable,
    contract_type="varor och tjänster", state_authority=False, threshold_kr=None,
) -> Decision:
    """Must conditions on pay, holiday and working hours be set under 17 kap. 2–5 §§ LOU?

    ``on_date`` empty means today; ``threshold_kr`` is used only when the table lacks the amount."""
    value = as_int(value_kr, LABELS["value_kr"], maximum=MAX_VALUE_KR)
    on_date = as_date(on_date or dt.date.today(), LABELS["on_date"])
    annex2 = as_bool(annex2, LABELS["annex2"])
    risk = as_bool(risk_of_unreasonable_conditions, "Risk för oskäliga arbetsvillkor")
    determinable = as_bool(conditions_determinable, "Villkoren går att fastställa")
    state_authority = as_bool(state_authority, LABELS["state_authority"])
    typed = typed_amount(threshold_kr, LABELS["threshold_kr"])
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
    threshold, threshold_text = threshold_for(kind, on_date, typed)
    limit, limit_text = amount_kr(DIRECT_AWARD, on_date)
    if threshold is None and limit is not None and value < limit:
        # As in procedure_for: a value that may be directly awarded lies below the threshold, so the
        # missing threshold cannot change the answer.
        required = False
        reasons.append(say(TEXTS["labour_below_limit"], value=kronor(value), limit=limit_text))
    elif threshold is None:
        if required:  # only the threshold can still decide
            return Decision("needs_figure", TEXTS["needs_figure"], (threshold_text, where_published()),
                            (LABOUR_CONDITIONS,))
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
