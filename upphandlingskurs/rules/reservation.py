"""Reserved procurement: who may take part under 4 kap. 18 § LOU, and whether a contract may be
reserved under 19 kap. 25 § LOU."""

from __future__ import annotations

import datetime as dt

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules.decision import Decision, add_months, as_bool, as_date, as_int
from upphandlingskurs.rules.parameters import parameter, reservable_range_for

RESERVED_PARTICIPATION = "4 kap. 18 § LOU"
WELFARE_RESERVATION = "19 kap. 25 § LOU"


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
    occupied = as_int(occupied, "Antal sysselsatta")
    target_group = as_int(target_group, "Antal i målgruppen")
    integration_purpose = as_bool(integration_purpose, "Främsta syftet är social och yrkesmässig integration")
    sheltered_programme = as_bool(sheltered_programme, "Kontraktet utförs inom ett program för skyddad anställning")
    if target_group > occupied:
        raise CourseDataError(
            f"Antal i målgruppen ({target_group}) kan inte vara större än antal sysselsatta ({occupied})."
        )
    required = parameter("andelskrav_procent")
    reasons = []
    share_ok = occupied > 0 and target_group * 100 >= required * occupied
    if occupied == 0:
        reasons.append("Leverantören har ingen sysselsatt, så andelskravet kan inte vara uppfyllt.")
    else:
        share = 100 * target_group / occupied
        verdict = "uppfyller" if share_ok else "uppfyller inte"
        reasons.append(
            f"{target_group} av {occupied} sysselsatta tillhör målgruppen, det vill säga "
            f"{share:.1f}".replace(".", ",") + f" procent. Det {verdict} andelskravet på minst {required:g} procent."
        )
    if sheltered_programme:
        purpose_ok = True
        reasons.append("Reservationen gäller att kontraktet utförs inom ett program för skyddad anställning.")
    else:
        purpose_ok = integration_purpose
        reasons.append(
            "Leverantörens främsta syfte är social och yrkesmässig integration (verksamhetskravet är uppfyllt)."
            if integration_purpose
            else "Leverantörens främsta syfte är inte social och yrkesmässig integration (verksamhetskravet är inte uppfyllt)."
        )
    reasons.append("Kraven prövas när anbudet eller anbudsansökan lämnas in, i kvalificeringen.")
    allowed = share_ok and purpose_ok
    return Decision(
        outcome="allowed" if allowed else "not_allowed",
        summary="Leverantören får delta i den reserverade upphandlingen."
        if allowed
        else "Leverantören får inte delta i den reserverade upphandlingen.",
        reasons=tuple(reasons),
        paragraphs=(RESERVED_PARTICIPATION,),
        facts={"share_ok": share_ok, "purpose_ok": purpose_ok},
    )


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
    contract may last at most three years; and the organisation may not have been awarded such a
    contract for the service in the past three years (``previous_award``, the date of that award).
    """
    contract_months = as_int(contract_months, "Avtalstid i månader", minimum=1)
    conditions = {
        "Organisationens syfte hänger ihop med tjänsten": as_bool(purpose_linked, "Syftet hänger ihop med tjänsten"),
        "Vinsten återinvesteras för att nå syftet": as_bool(reinvests_profit, "Vinsten återinvesteras"),
        "Ledning eller ägande bygger på delaktighet": as_bool(participatory, "Ledning eller ägande bygger på delaktighet"),
    }
    on_date = as_date(on_date or dt.date.today(), "Dagens datum")
    reasons, allowed = [], True

    service = reservable_range_for(cpv_code)
    if service is None:
        allowed = False
        reasons.append(f"CPV-koden {cpv_code} finns inte bland de tjänster som {WELFARE_RESERVATION} räknar upp.")
    else:
        reasons.append(f"CPV-koden {cpv_code} hör till de tjänster som får reserveras: {service['benamning']}.")

    for condition, met in conditions.items():
        reasons.append(f"{condition}: {'ja' if met else 'nej'}.")
        allowed = allowed and met

    longest = int(parameter("reserverat_kontrakt_max_manader"))
    if contract_months > longest:
        allowed = False
        reasons.append(f"Avtalstiden {contract_months} månader är längre än de högst {longest} månader (tre år) som är tillåtna.")
    else:
        reasons.append(f"Avtalstiden {contract_months} månader ryms inom högst {longest} månader.")

    if previous_award is not None and previous_award != "":
        previous = as_date(previous_award, "Datum för tidigare tilldelning")
        if previous > on_date:
            raise CourseDataError(
                f"Datum för tidigare tilldelning ({previous}) kan inte ligga efter dagens datum ({on_date})."
            )
        years = int(parameter("reserverat_karens_ar"))
        cutoff = add_months(on_date, -12 * years)
        if previous > cutoff:
            allowed = False
            reasons.append(
                f"Organisationen tilldelades ett sådant kontrakt för tjänsten {previous}, alltså under de senaste {years} åren (efter {cutoff})."
            )
        else:
            reasons.append(f"Den tidigare tilldelningen {previous} ligger minst {years} år bakåt i tiden.")

    if allowed:
        reasons.append("Reservationen ska anges i annonsen. Det finns ingen beloppsgräns för den här formen av reservation.")
    return Decision(
        outcome="allowed" if allowed else "not_allowed",
        summary="Upphandlingen får reserveras för organisationen enligt 19 kap. 25 § LOU."
        if allowed
        else "Upphandlingen får inte reserveras för organisationen enligt 19 kap. 25 § LOU.",
        reasons=tuple(reasons),
        paragraphs=(WELFARE_RESERVATION,),
    )
