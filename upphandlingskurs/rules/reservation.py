"""Reserved procurement: who may take part under 4 kap. 18 § LOU, and whether a contract may be
reserved under 19 kap. 25 § LOU.

The sentences are templates in ``LABELS`` and ``TEXTS`` (see ``decision.say``); the static tools on
the web pages fill the same templates in the browser.
"""

from __future__ import annotations

import datetime as dt

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules.decision import Decision, add_months, as_bool, as_date, as_int, say
from upphandlingskurs.rules.parameters import CPV_LABEL, parameter, reservable_range_for
from upphandlingskurs.schemas import MAX_OCCUPIED  # one limit for the data and the rule

RESERVED_PARTICIPATION = "4 kap. 18 § LOU"
WELFARE_RESERVATION = "19 kap. 25 § LOU"

# The fields' names as the reader sees them, in the rules' error messages and on the static tools.
LABELS = {
    "occupied": "Antal sysselsatta",
    "target_group": "Antal i målgruppen",
    "integration_purpose": "Främsta syftet är social och yrkesmässig integration",
    "sheltered_programme": "Kontraktet utförs inom ett program för skyddad anställning",
    "cpv_code": CPV_LABEL,
    "contract_months": "Avtalstid i månader",
    "purpose_linked": "Syftet hänger ihop med tjänsten",
    "reinvests_profit": "Vinsten återinvesteras",
    "participatory": "Ledning eller ägande bygger på delaktighet",
    "on_date": "Dagens datum",
    "previous_award": "Datum för myndighetens tidigare tilldelning",
}

TEXTS = {
    # 4 kap. 18 § LOU
    "target_above_occupied": "Antal i målgruppen ({target_group}) kan inte vara större än antal sysselsatta ({occupied}).",
    "nobody_occupied": "Leverantören har ingen sysselsatt, så andelskravet kan inte vara uppfyllt.",
    "share": "{target_group} av {occupied} sysselsatta tillhör målgruppen, det vill säga {share} procent. "
             "Det {verdict} andelskravet på minst {required} procent.",
    "share_met": "uppfyller",
    "share_not_met": "uppfyller inte",
    "programme": "Reservationen gäller att kontraktet utförs inom ett program för skyddad anställning.",
    "purpose_met": "Leverantörens främsta syfte är social och yrkesmässig integration (verksamhetskravet är uppfyllt).",
    "purpose_not_met": "Leverantörens främsta syfte är inte social och yrkesmässig integration (verksamhetskravet är inte uppfyllt).",
    "when_checked": "Kraven prövas när anbudet eller anbudsansökan lämnas in, i kvalificeringen.",
    "participation_allowed": "Leverantören får delta i den reserverade upphandlingen.",
    "participation_not_allowed": "Leverantören får inte delta i den reserverade upphandlingen.",
    # 19 kap. 25 § LOU
    "condition_purpose": "Organisationens syfte hänger ihop med tjänsten",
    "condition_profit": "Vinsten återinvesteras för att nå syftet",
    "condition_participation": "Ledning eller ägande bygger på delaktighet",
    "condition": "{condition}: {answer}.",
    "yes": "ja",
    "no": "nej",
    "cpv_not_listed": "CPV-koden {cpv_code} finns inte bland de tjänster som {paragraph} räknar upp.",
    "cpv_listed": "CPV-koden {cpv_code} hör till de tjänster som får reserveras: {service}.",
    "too_long": "Avtalstiden {months} månader är längre än de högst {longest} månader (tre år) som är tillåtna.",
    "long_enough": "Avtalstiden {months} månader ryms inom högst {longest} månader.",
    "award_in_future": "Datum för myndighetens tidigare tilldelning ({previous}) kan inte ligga efter dagens datum ({on_date}).",
    "recent_award": "Myndigheten tilldelade organisationen ett kontrakt för tjänsten med stöd av paragrafen {previous}, "
                    "alltså under de senaste {years} åren (efter {cutoff}). Samma myndighet får inte göra det igen "
                    "förrän {years} år har gått.",
    "old_award": "Myndighetens tidigare tilldelning {previous} ligger minst {years} år bakåt i tiden.",
    "other_authorities": "Spärren på {years} år gäller bara den myndighet som tilldelade kontraktet; en "
                         "tilldelning från en annan myndighet hindrar inte.",
    "announce": "Reservationen ska anges i annonsen. Det finns ingen beloppsgräns för den här formen av reservation.",
    "welfare_allowed": "Upphandlingen får reserveras för organisationen enligt 19 kap. 25 § LOU.",
    "welfare_not_allowed": "Upphandlingen får inte reserveras för organisationen enligt 19 kap. 25 § LOU.",
}


def one_decimal(number: float) -> str:
    """'29,9': one decimal (rounded half to even, as Python does) with a decimal comma."""
    return f"{number:.1f}".replace(".", ",")


def check_reserved_participation(
    occupied, target_group, integration_purpose, sheltered_programme=False
) -> Decision:
    """May this supplier take part in a procurement reserved under 4 kap. 18 § LOU?

    ``occupied`` is everyone the supplier occupies (employees and people in praktik), ``target_group``
    how many of them have a disability or have difficulty entering the labour market.
    ``integration_purpose`` is the verksamhetskrav of the first variant; ``sheltered_programme`` says the
    reservation uses the second variant (the contract is performed within a programme for sheltered
    employment), where the programme takes the place of the purpose requirement.
    """
    occupied = as_int(occupied, LABELS["occupied"], maximum=MAX_OCCUPIED)
    target_group = as_int(target_group, LABELS["target_group"])
    integration_purpose = as_bool(integration_purpose, LABELS["integration_purpose"])
    sheltered_programme = as_bool(sheltered_programme, LABELS["sheltered_programme"])
    if target_group > occupied:
        raise CourseDataError(say(TEXTS["target_above_occupied"], target_group=target_group, occupied=occupied))
    required = parameter("andelskrav_procent")
    reasons = []
    share_ok = occupied > 0 and target_group * 100 >= required * occupied
    if occupied == 0:
        reasons.append(TEXTS["nobody_occupied"])
    else:
        reasons.append(say(
            TEXTS["share"], target_group=target_group, occupied=occupied,
            share=one_decimal(100 * target_group / occupied),
            verdict=TEXTS["share_met" if share_ok else "share_not_met"], required=f"{required:g}",
        ))
    if sheltered_programme:
        purpose_ok = True
        reasons.append(TEXTS["programme"])
    else:
        purpose_ok = integration_purpose
        reasons.append(TEXTS["purpose_met" if integration_purpose else "purpose_not_met"])
    reasons.append(TEXTS["when_checked"])
    allowed = share_ok and purpose_ok
    return Decision(
        outcome="allowed" if allowed else "not_allowed",
        summary=TEXTS["participation_allowed" if allowed else "participation_not_allowed"],
        reasons=tuple(reasons),
        paragraphs=(RESERVED_PARTICIPATION,),
        facts={"share_ok": share_ok, "purpose_ok": purpose_ok},
    )


def reservable_service_reason(cpv_code) -> tuple[bool, str]:
    """Is the service one that 19 kap. 25 § LOU lists (cpv_reserverbara.csv), and the reason in Swedish."""
    service = reservable_range_for(cpv_code)
    if service is None:
        return False, say(TEXTS["cpv_not_listed"], cpv_code=cpv_code, paragraph=WELFARE_RESERVATION)
    return True, say(TEXTS["cpv_listed"], cpv_code=cpv_code, service=service["benamning"])


def contract_length_reason(months: int) -> tuple[bool, str]:
    """Does a contract of ``months`` months fit the three-year limit of 19 kap. 25 § LOU, and why."""
    longest = int(parameter("reserverat_kontrakt_max_manader"))
    if months > longest:
        return False, say(TEXTS["too_long"], months=months, longest=longest)
    return True, say(TEXTS["long_enough"], months=months, longest=longest)


def check_welfare_reservation(
    cpv_code,
    purpose_linked,
    reinvests_profit,
    participatory,
    contract_months,
    previous_award=None,
    on_date=None,
) -> Decision:
    """May this contract be reserved under 19 kap. 25 § LOU for this organisation?

    The service (``cpv_code``) must be one the paragraph lists; the organisation's purpose must be
    linked to the service, its profit reinvested and its management or ownership participatory; the
    contract may last at most three years; and the same contracting authority may not have awarded the
    organisation a contract for the service under the paragraph in the past three years
    (``previous_award``, the date of that award; an award by another authority does not count).
    """
    contract_months = as_int(contract_months, LABELS["contract_months"], minimum=1)
    conditions = {
        TEXTS["condition_purpose"]: as_bool(purpose_linked, LABELS["purpose_linked"]),
        TEXTS["condition_profit"]: as_bool(reinvests_profit, LABELS["reinvests_profit"]),
        TEXTS["condition_participation"]: as_bool(participatory, LABELS["participatory"]),
    }
    on_date = as_date(on_date or dt.date.today(), LABELS["on_date"])
    reasons = []

    allowed, reason = reservable_service_reason(cpv_code)
    reasons.append(reason)

    for condition, met in conditions.items():
        reasons.append(say(TEXTS["condition"], condition=condition, answer=TEXTS["yes" if met else "no"]))
        allowed = allowed and met

    fits, reason = contract_length_reason(contract_months)
    allowed = allowed and fits
    reasons.append(reason)

    if previous_award is not None and previous_award != "":
        previous = as_date(previous_award, LABELS["previous_award"])
        if previous > on_date:
            raise CourseDataError(say(TEXTS["award_in_future"], previous=previous, on_date=on_date))
        years = int(parameter("reserverat_karens_ar"))
        cutoff = add_months(on_date, -12 * years)
        if previous > cutoff:
            allowed = False
            reasons.append(say(TEXTS["recent_award"], previous=previous, years=years, cutoff=cutoff))
            reasons.append(say(TEXTS["other_authorities"], years=years))
        else:
            reasons.append(say(TEXTS["old_award"], previous=previous, years=years))

    if allowed:
        reasons.append(TEXTS["announce"])
    return Decision(
        outcome="allowed" if allowed else "not_allowed",
        summary=TEXTS["welfare_allowed" if allowed else "welfare_not_allowed"],
        reasons=tuple(reasons),
        paragraphs=(WELFARE_RESERVATION,),
    )
