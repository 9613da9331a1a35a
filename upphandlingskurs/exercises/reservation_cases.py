"""Exercise 2: deciding whether a procurement can be reserved (4 kap. 18 § and 19 kap. 25 § LOU).

The scenario's cases are chosen from the data in use: the enterprise whose target-group share is
closest to the andelskrav, and the planned procurement with a reservable service and the longest
contract. Every expected answer comes from the rules and screening functions, so the checks work on
any valid enterprise list and procurement plan.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from upphandlingskurs.feedback import check_choice, check_set, wrong
from upphandlingskurs.rules import check_reserved_participation, check_welfare_reservation
from upphandlingskurs.rules.decision import Decision
from upphandlingskurs.rules.parameters import parameter, reservable_range_for
from upphandlingskurs.screening import meets_share_requirement, reservable_cpv
from upphandlingskurs.swedish import swedish_sort_key

RESERVED_PARTICIPATION = "4 kap. 18 § LOU"
WELFARE_RESERVATION = "19 kap. 25 § LOU"

# Task 3's options, as the page lists them.
ALLOWED_AS_PLANNED, SHORTEN_CONTRACT, SERVICE_NOT_LISTED, VALUE_TOO_HIGH = "a", "b", "c", "d"

# Answers a participant may give as a list of names.
NAME_LIST_TYPES = (str, list, tuple, set, pd.Series, np.ndarray)

# --- Task 1: may the enterprise closest to 30 % take part? ----------------------------------------

def scenario_enterprise(enterprises: pd.DataFrame) -> pd.Series:
    """The enterprise whose target-group share is closest to the andelskrav (first in Swedish
    alphabetical order on a tie). Organisations with nobody occupied have no share and are chosen
    only if no organisation has anyone occupied."""
    required = Fraction(float(parameter("andelskrav_procent")))
    with_share = enterprises[enterprises["antal_sysselsatta"] > 0]
    pool = with_share if not with_share.empty else enterprises

    def distance(row) -> Fraction:
        if row["antal_sysselsatta"] == 0:
            return Fraction(0)
        return abs(Fraction(100 * int(row["antal_malgrupp"]), int(row["antal_sysselsatta"])) - required)

    distances = pool.apply(distance, axis=1)
    closest = pool[distances == distances.min()]
    first = min(closest["namn"], key=swedish_sort_key)
    return closest[closest["namn"] == first].iloc[0]


def participation_decision(enterprises: pd.DataFrame) -> Decision:
    """The rule's verdict for the scenario's enterprise under variant 1 (no sheltered programme)."""
    row = scenario_enterprise(enterprises)
    return check_reserved_participation(
        int(row["antal_sysselsatta"]), int(row["antal_malgrupp"]), row["syfte_integration"], False
    )


def task_1(answer, enterprises: pd.DataFrame):
    """May the enterprise closest to 30 % take part in a procurement reserved under 4 kap. 18 § LOU
    (variant 1)? Answer ja or nej."""
    name = scenario_enterprise(enterprises)["namn"]
    decision = participation_decision(enterprises)
    share_reason, purpose_reason = decision.reasons[0], decision.reasons[1]
    share_ok, purpose_ok = decision.facts["share_ok"], decision.facts["purpose_ok"]
    if share_ok and purpose_ok:
        conclusion = f"Båda kraven är uppfyllda, så {name} får delta."
    elif share_ok:
        conclusion = (f"Andelskravet räcker inte ensamt: i variant 1 av {RESERVED_PARTICIPATION} måste också "
                      f"verksamhetskravet vara uppfyllt. {name} får därför inte delta.")
    elif purpose_ok:
        conclusion = (f"Verksamhetskravet räcker inte ensamt: andelskravet måste också vara uppfyllt. "
                      f"{name} får därför inte delta.")
    else:
        conclusion = f"Inget av kraven är uppfyllt, så {name} får inte delta."
    explanation = f"{name}: {share_reason} {purpose_reason} {conclusion}"
    correct = "ja" if decision.outcome == "allowed" else "nej"
    return check_choice(answer, correct, {"ja": explanation, "nej": explanation})


# --- Task 2: which enterprises meet both requirements? ---------------------------------------------

def qualifying_enterprises(enterprises: pd.DataFrame) -> set[str]:
    """Names of the enterprises that meet both the verksamhetskrav and the andelskrav."""
    both = meets_share_requirement(enterprises) & (enterprises["syfte_integration"] == "ja")
    return set(enterprises.loc[both, "namn"])


def task_2(answer, enterprises: pd.DataFrame):
    """Which enterprises meet both the verksamhetskrav (syfte_integration) and the andelskrav?
    Answer with a list of names."""
    if isinstance(answer, pd.DataFrame):
        return wrong('Du gav en hel tabell. Svara med kolumnen namn, till exempel list(tabellen["namn"]).')
    if answer is not None and not isinstance(answer, NAME_LIST_TYPES):
        return wrong(f'Svaret ska vara en lista med namn, till exempel ["Namn 1", "Namn 2"]. Du skrev \'{answer}\'.')
    if isinstance(answer, NAME_LIST_TYPES) and not isinstance(answer, str):
        answer = list(answer)
    expected = qualifying_enterprises(enterprises)
    required = parameter("andelskrav_procent")
    rule = (f"minst {required:g} procent av de sysselsatta tillhör målgruppen (andelskravet) och kolumnen "
            "syfte_integration är ja (verksamhetskravet)")
    if expected:
        count = f"{len(expected)} av {len(enterprises)} organisationer uppfyller båda kraven: {rule}."
    else:
        count = (f"Ingen av de {len(enterprises)} organisationerna uppfyller båda kraven: {rule}. "
                 "Svara med en tom lista, [].")
    hint = f"Exakt {required:g} procent räcker, och en organisation utan sysselsatta kan inte uppfylla andelskravet."
    return check_set(answer, expected, "företag", f"{count} {hint}")


# --- Task 3: may the planned procurement be reserved under 19 kap. 25 § LOU? ------------------------

def scenario_procurement(plan: pd.DataFrame) -> pd.Series:
    """The planned procurement of the scenario: among the services that 19 kap. 25 § LOU lists, the
    one with the longest contract (the first id on a tie). If the plan has no such service, the
    longest contract of all."""
    listed = reservable_cpv(plan["cpv_kod"])
    pool = plan[listed] if listed.any() else plan
    longest = pool[pool["avtalstid_manader"] == pool["avtalstid_manader"].max()]
    return longest.sort_values("id").iloc[0]


def welfare_decision(plan: pd.DataFrame) -> Decision:
    """The rule's verdict for the scenario's procurement, for an organisation that meets the three
    conditions and has had no such contract before, on the planned date of the notice."""
    row = scenario_procurement(plan)
    return check_welfare_reservation(
        row["cpv_kod"], True, True, True, int(row["avtalstid_manader"]),
        on_date=pd.Timestamp(row["planerad_annonsering"]).date(),
    )


def task_3_answer(plan: pd.DataFrame) -> str:
    row = scenario_procurement(plan)
    if reservable_range_for(row["cpv_kod"]) is None:
        return SERVICE_NOT_LISTED
    if int(row["avtalstid_manader"]) > int(parameter("reserverat_kontrakt_max_manader")):
        return SHORTEN_CONTRACT
    return ALLOWED_AS_PLANNED


def task_3(answer, plan: pd.DataFrame):
    """May the scenario's procurement be reserved under 19 kap. 25 § LOU as planned, and what must
    change? Answer a, b, c or d."""
    row = scenario_procurement(plan)
    ident, code, months = row["id"], row["cpv_kod"], int(row["avtalstid_manader"])
    longest = int(parameter("reserverat_kontrakt_max_manader"))
    service = reservable_range_for(code)
    correct = task_3_answer(plan)
    if service is None:
        service_text = f"CPV-koden {code} finns inte bland de tjänster som {WELFARE_RESERVATION} räknar upp."
    else:
        service_text = (f"CPV-koden {code} hör till de tjänster som {WELFARE_RESERVATION} räknar upp: "
                        f"{service['benamning']}.")
    if months > longest:
        months_text = (f"Avtalstiden är {months} månader, men ett reserverat kontrakt får gälla "
                       f"högst {longest} månader.")
    else:
        months_text = f"Avtalstiden är {months} månader och ryms inom högst {longest} månader."
    facts = f"{service_text} {months_text}"
    verdict = {
        ALLOWED_AS_PLANNED: f"{ident} kan reserveras så som den är planerad. {facts} Skriv reservationen i annonsen.",
        SHORTEN_CONTRACT: (f"{ident} kan inte reserveras så som den är planerad, men tjänsten får reserveras. "
                           f"{facts} Om avtalstiden, med förlängningar, kortas till högst {longest} månader "
                           "kan upphandlingen reserveras."),
        SERVICE_NOT_LISTED: (f"{ident} kan inte reserveras enligt {WELFARE_RESERVATION}, hur avtalet än utformas. "
                             f"{service_text}"),
    }[correct]
    explanations = {
        ALLOWED_AS_PLANNED: verdict,
        SHORTEN_CONTRACT: verdict if correct == SHORTEN_CONTRACT else (
            f"Avtalstiden behöver inte kortas. {verdict}" if correct == ALLOWED_AS_PLANNED
            else f"Att korta avtalstiden hjälper inte. {verdict}"
        ),
        SERVICE_NOT_LISTED: verdict if correct == SERVICE_NOT_LISTED else f"Tjänsten finns i listan. {verdict}",
        VALUE_TOO_HIGH: (f"Värdet spelar ingen roll, eftersom det inte finns någon beloppsgräns för reservation "
                         f"enligt {WELFARE_RESERVATION}. {verdict}"),
    }
    return check_choice(answer, correct, explanations)
