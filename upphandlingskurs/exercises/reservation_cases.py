"""Exercise 2: deciding whether a procurement can be reserved (4 kap. 18 § and 19 kap. 25 § LOU).

The scenario's cases are chosen from the data in use: the enterprise whose target-group share is
closest to the andelskrav, and the planned procurement with a reservable service and the longest
contract. Every expected answer comes from the rules and screening functions, so the checks work on
any valid enterprise list and procurement plan.

Each check is a question (``task_1_question`` …): the expected answer and the Swedish texts, filled
in from the scenario. The notebook cell and the answer box on the static page
(upphandlingskurs/static_exercises.py) judge an answer from the same question. A wrong answer is
told what is wrong with it, never the right answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from upphandlingskurs.feedback import ChoiceQuestion, SetQuestion, wrong
from upphandlingskurs.rules import check_reserved_participation, check_welfare_reservation
from upphandlingskurs.rules.decision import Decision, say
from upphandlingskurs.rules.parameters import parameter, reservable_range_for
from upphandlingskurs.screening import meets_share_requirement, reservable_cpv
from upphandlingskurs.static_exercises import checked
from upphandlingskurs.swedish import swedish_sort_key

PAGE = "ovning-2"  # the {exercise} labels of the page are PAGE-uppgift-N
RESERVED_PARTICIPATION = "4 kap. 18 § LOU"
WELFARE_RESERVATION = "19 kap. 25 § LOU"

# Task 3's options, as the page lists them.
ALLOWED_AS_PLANNED, SHORTEN_CONTRACT, SERVICE_NOT_LISTED, VALUE_TOO_HIGH = "a", "b", "c", "d"

# Answers a participant may give as a list of names.
NAME_LIST_TYPES = (str, list, tuple, set, pd.Series, np.ndarray)

# What the checks say besides the rules' own sentences.
TEXTS = {
    "task_1_both": "Båda kraven är uppfyllda, så {name} får delta.",
    "task_1_share_only": "Andelskravet räcker inte ensamt: i variant 1 av {paragraph} måste också verksamhetskravet "
                         "vara uppfyllt. {name} får därför inte delta.",
    "task_1_purpose_only": "Verksamhetskravet räcker inte ensamt: andelskravet måste också vara uppfyllt. "
                           "{name} får därför inte delta.",
    "task_1_neither": "Inget av kraven är uppfyllt, så {name} får inte delta.",
    "task_1_right": "{name}: {share_reason} {purpose_reason} {conclusion}",
    "task_1_wrong": "Pröva för {name} både andelskravet och verksamhetskravet. Andelskravet gäller andelen av de "
                    "sysselsatta som tillhör målgruppen (antal_malgrupp delat med antal_sysselsatta), som ska vara "
                    "minst {required} procent. Verksamhetskravet gäller om det främsta syftet är social och "
                    "yrkesmässig integration (kolumnen syfte_integration). I variant 1 av {paragraph} måste båda "
                    "kraven vara uppfyllda. Verktyget visar hur det blir för företaget.",
    "task_2_table": 'Du gav en hel tabell. Svara med kolumnen namn, till exempel list(tabellen["namn"]).',
    "task_2_not_a_list": "Svaret ska vara en lista med namn, till exempel [\"Namn 1\", \"Namn 2\"]. Du skrev '{answer}'.",
    "task_2_rule": "minst {required} procent av de sysselsatta tillhör målgruppen (andelskravet) och kolumnen "
                   "syfte_integration är ja (verksamhetskravet)",
    "task_2_count": "{count} av {total} organisationer uppfyller båda kraven: {rule}.",
    "task_2_none": "Ingen av de {total} organisationerna uppfyller båda kraven: {rule}. Svara med en tom lista, [].",
    "task_2_hint": "Exakt {required} procent räcker, och en organisation utan sysselsatta kan inte uppfylla andelskravet.",
    "task_3_not_listed": "CPV-koden {code} finns inte bland de tjänster som {paragraph} räknar upp.",
    "task_3_listed": "CPV-koden {code} hör till de tjänster som {paragraph} räknar upp: {service}.",
    "task_3_too_long": "Avtalstiden är {months} månader, men ett reserverat kontrakt får gälla högst {longest} månader.",
    "task_3_fits": "Avtalstiden är {months} månader och ryms inom högst {longest} månader.",
    "task_3_right_a": "{ident} kan reserveras så som den är planerad. {service} {months} Skriv reservationen i annonsen.",
    "task_3_right_b": "{ident} kan inte reserveras så som den är planerad, men tjänsten får reserveras. {service} "
                      "{months} Om avtalstiden, med förlängningar, kortas till högst {longest} månader kan "
                      "upphandlingen reserveras.",
    "task_3_right_c": "{ident} kan inte reserveras enligt {paragraph}, hur avtalet än utformas. {service}",
    "task_3_check_order": "Pröva i tur och ordning om tjänsten finns bland dem som {paragraph} räknar upp och om avtalstiden "
                  "ryms inom tidsgränsen.",
    "task_3_wrong_a": "{ident} kan inte reserveras så som den är planerad. {check_order}",
    "task_3_wrong_b_fits": "Avtalstiden behöver inte kortas. {months}",
    "task_3_wrong_b_not_listed": "Att korta avtalstiden hjälper inte. {check_order}",
    "task_3_wrong_c": "Tjänsten finns i listan. {service}",
    "task_3_wrong_d": "Värdet spelar ingen roll, eftersom det inte finns någon beloppsgräns för reservation enligt "
                      "{paragraph}. {check_order}",
}


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


def task_1_question(enterprises: pd.DataFrame) -> ChoiceQuestion:
    name = scenario_enterprise(enterprises)["namn"]
    decision = participation_decision(enterprises)
    share_ok, purpose_ok = decision.facts["share_ok"], decision.facts["purpose_ok"]
    key = ("task_1_both" if share_ok and purpose_ok else "task_1_share_only" if share_ok
           else "task_1_purpose_only" if purpose_ok else "task_1_neither")
    right = say(TEXTS["task_1_right"], name=name, share_reason=decision.reasons[0], purpose_reason=decision.reasons[1],
                conclusion=say(TEXTS[key], name=name, paragraph=RESERVED_PARTICIPATION))
    hint = say(TEXTS["task_1_wrong"], name=name, required=f"{parameter('andelskrav_procent'):g}",
               paragraph=RESERVED_PARTICIPATION)
    correct = "ja" if decision.outcome == "allowed" else "nej"
    return ChoiceQuestion(correct, {option: right if option == correct else hint for option in ("ja", "nej")})


def task_1(answer, enterprises: pd.DataFrame):
    """May the enterprise closest to 30 % take part in a procurement reserved under 4 kap. 18 § LOU
    (variant 1)? Answer ja or nej."""
    return checked(task_1_question(enterprises), answer, f"{PAGE}-uppgift-1")


# --- Task 2: which enterprises meet both requirements? ---------------------------------------------

@dataclass(frozen=True)
class NameListQuestion(SetQuestion):
    """A list of enterprise names. In a notebook the answer may also be a whole table (which is
    explained) or something that is no list of names at all; on the page it is always a text."""

    def check(self, answer):
        if isinstance(answer, pd.DataFrame):
            return wrong(TEXTS["task_2_table"])
        if answer is not None and not isinstance(answer, NAME_LIST_TYPES):
            return wrong(say(TEXTS["task_2_not_a_list"], answer=answer))
        if isinstance(answer, NAME_LIST_TYPES) and not isinstance(answer, str):
            answer = list(answer)
        return super().check(answer)


def qualifying_enterprises(enterprises: pd.DataFrame) -> set[str]:
    """Names of the enterprises that meet both the verksamhetskrav and the andelskrav."""
    both = meets_share_requirement(enterprises) & (enterprises["syfte_integration"] == "ja")
    return set(enterprises.loc[both, "namn"])


def task_2_question(enterprises: pd.DataFrame) -> NameListQuestion:
    expected = qualifying_enterprises(enterprises)
    required = f"{parameter('andelskrav_procent'):g}"
    rule = say(TEXTS["task_2_rule"], required=required)
    if expected:
        count = say(TEXTS["task_2_count"], count=len(expected), total=len(enterprises), rule=rule)
    else:
        count = say(TEXTS["task_2_none"], total=len(enterprises), rule=rule)
    hint = say(TEXTS["task_2_hint"], required=required)
    return NameListQuestion(frozenset(expected), "företag", f"{count} {hint}")


def task_2(answer, enterprises: pd.DataFrame):
    """Which enterprises meet both the verksamhetskrav (syfte_integration) and the andelskrav?
    Answer with a list of names."""
    return checked(task_2_question(enterprises), answer, f"{PAGE}-uppgift-2")


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


def task_3_question(plan: pd.DataFrame) -> ChoiceQuestion:
    row = scenario_procurement(plan)
    ident, code, months = row["id"], row["cpv_kod"], int(row["avtalstid_manader"])
    longest = int(parameter("reserverat_kontrakt_max_manader"))
    service = reservable_range_for(code)
    correct = task_3_answer(plan)
    values = {"ident": ident, "paragraph": WELFARE_RESERVATION, "longest": longest}
    values["service"] = (say(TEXTS["task_3_not_listed"], code=code, **values) if service is None
                         else say(TEXTS["task_3_listed"], code=code, service=service["benamning"], **values))
    values["months"] = say(TEXTS["task_3_too_long" if months > longest else "task_3_fits"], months=months, longest=longest)
    values["check_order"] = say(TEXTS["task_3_check_order"], **values)
    wrong_b = "task_3_wrong_b_fits" if correct == ALLOWED_AS_PLANNED else "task_3_wrong_b_not_listed"
    explanations = {
        ALLOWED_AS_PLANNED: "task_3_right_a" if correct == ALLOWED_AS_PLANNED else "task_3_wrong_a",
        SHORTEN_CONTRACT: "task_3_right_b" if correct == SHORTEN_CONTRACT else wrong_b,
        SERVICE_NOT_LISTED: "task_3_right_c" if correct == SERVICE_NOT_LISTED else "task_3_wrong_c",
        VALUE_TOO_HIGH: "task_3_wrong_d",
    }
    return ChoiceQuestion(correct, {option: say(TEXTS[key], **values) for option, key in explanations.items()})


def task_3(answer, plan: pd.DataFrame):
    """May the scenario's procurement be reserved under 19 kap. 25 § LOU as planned, and what must
    change? Answer a, b, c or d."""
    return checked(task_3_question(plan), answer, f"{PAGE}-uppgift-3")
