"""IOP, a reservation or an ordinary procurement: which route fits (chapter 6, "Välj rätt väg").

The steps follow the questions in chapter 6. First Borlänge kommun's criteria for an IOP, read
backwards as warning signs, and Region Jönköpings län's test of co-financing: who took the
initiative, whether the municipality buys a service, whether there is a market, whether both parties
contribute and whether the municipality wants to control the details. With no warning sign an IOP
may fit (or an ordinary grant, if the activity fits the grants). With one or more it is, as the
course teaches, safest to treat the collaboration as a purchase: then the municipality's aim and the
service decide between 4 kap. 18 § LOU, 19 kap. 25 § LOU, 19 kap. 25 a § LOU and an ordinary
procurement with social requirements. Exercise 6 takes its answers from this rule.

IOP is regulated by no law, so an IOP decision cites no paragraph. The course has not checked the
list of services for 19 kap. 25 a § LOU; the user answers whether the service is on it.
"""

from __future__ import annotations

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules.decision import Decision, as_bool, as_int, say
from upphandlingskurs.rules.parameters import parameter
from upphandlingskurs.rules.reservation import (
    RESERVED_PARTICIPATION,
    WELFARE_RESERVATION,
    contract_length_reason,
    reservable_service_reason,
)
from upphandlingskurs.rules.reservation import LABELS as RESERVATION_LABELS
from upphandlingskurs.rules.reservation import TEXTS as RESERVATION_TEXTS

IOP, GRANT, INTEGRATION, WELFARE, IDEA_BASED, ORDINARY = (
    "iop", "grant", "integration", "welfare", "idea_based", "ordinary")
IDEA_BASED_RESERVATION = "19 kap. 25 a § LOU"
SOCIAL_CONSIDERATIONS = "4 kap. 3 § LOU"
CONTRACT_CONDITIONS = "17 kap. 1 § LOU"

# The routes as exercise 6 names them.
ROUTE_NAMES = {
    IOP: "IOP",
    INTEGRATION: "reservation enligt 4 kap. 18 § LOU",
    WELFARE: "reservation enligt 19 kap. 25 § LOU",
    IDEA_BASED: "reservation enligt 19 kap. 25 a § LOU",
    ORDINARY: "vanlig upphandling med sociala krav",
    GRANT: "föreningsbidrag",
}
PARAGRAPHS = {
    IOP: (),
    GRANT: (),
    INTEGRATION: (RESERVED_PARTICIPATION,),
    WELFARE: (WELFARE_RESERVATION,),
    IDEA_BASED: (IDEA_BASED_RESERVATION,),
    ORDINARY: (SOCIAL_CONSIDERATIONS, CONTRACT_CONDITIONS),
}

# Whom the municipality most wants to give a chance at the contract, if it is a purchase.
EVERYONE, WORK_INTEGRATION, PARTICIPATION, IDEA_BASED_ORGANISATIONS = "alla", "arbetsintegrering", "delaktighet", "ideburna"
AIMS = (EVERYONE, WORK_INTEGRATION, PARTICIPATION, IDEA_BASED_ORGANISATIONS)

LABELS = {
    "initiative_from_organisation": "Initiativet och verksamheten är den idéburna organisationens",
    "municipality_buys": "Kommunen betalar för en prestation som den själv har bestämt",
    "market_exists": "Det finns en marknad",
    "both_contribute": "Båda parter bidrar med egna resurser",
    "detailed_control": "Kommunen vill styra detaljerna",
    "fits_ordinary_grants": "Verksamheten ryms i de vanliga föreningsbidragen",
    "aim": "Vilka kommunen vill ge en chans",
    "qualified_suppliers": "Det finns leverantörer som uppfyller villkoren i 4 kap. 18 § LOU",
    "listed_25a": "Tjänsten finns i listan för 19 kap. 25 a § LOU",
    "cpv_code": RESERVATION_LABELS["cpv_code"],
    "contract_months": RESERVATION_LABELS["contract_months"],
}

TEXTS = {
    "bad_aim": "{label} ska vara en av {aims}, inte '{value}'.",
    # The warning signs: Borlänge kommun's criteria read backwards, and Region Jönköpings län's test.
    "initiative_yes": "Initiativet och verksamheten är den idéburna organisationens, som Borlänge kommuns kriterier "
                      "kräver för ett IOP.",
    "initiative_no": "Kommunen har tagit initiativet. Enligt Borlänge kommuns kriterier ska ett IOP ske på den "
                     "idéburna organisationens initiativ.",
    "buys_yes": "Kommunen betalar för en prestation som den själv har bestämt och har direkt nytta av. Enligt "
                "Borlänge kommuns kriterier är ett IOP inte ett köp av tjänster.",
    "buys_no": "Kommunen köper ingen bestämd tjänst.",
    "market_yes": "Det finns en marknad: företag eller andra kan utföra samma sak. Enligt Borlänge kommuns kriterier "
                  "ska det inte finnas någon marknad eller konkurrenssituation att värna.",
    "market_no": "Det finns ingen marknad eller konkurrenssituation att värna.",
    "contribute_yes": "Båda parter bidrar med egna resurser, som Region Jönköpings län kräver (samfinansiering).",
    "contribute_no": "Kommunen betalar allt. Region Jönköpings län kräver att parterna samfinansierar verksamheten, "
                     "och betalar kommunen allt liknar det ett köp.",
    "control_yes": "Kommunen vill bestämma vad, hur och hur mycket. Enligt Borlänge kommuns kriterier detaljstyr "
                   "kommunen inte ett IOP, och styrningen liknar ett köp.",
    "control_no": "Kommunen detaljstyr inte verksamheten.",
    # No warning sign.
    "grants": "Verksamheten ryms i de vanliga förenings- eller verksamhetsbidragen. Enligt Borlänge kommuns "
              "kriterier är IOP ett alternativ när bidragen inte fyller sitt syfte; här är bidrag enklare.",
    "grant": "Föreningsbidrag är enklare än ett IOP.",
    "no_grants": "Verksamheten ryms inte i de vanliga föreningsbidragen.",
    "iop_caveat": "IOP regleras inte i någon lag och är tänkt som ett partnerskap, men partnerskapet måste ändå hålla "
                  "mot upphandlingsreglerna, statsstödsreglerna och kommunallagen. Kommunen bedömer därför det "
                  "enskilda fallet, låter en jurist granska och skriver ner bedömningen.",
    "iop": "Ett IOP kan passa.",
    # One or more warning signs: a purchase.
    "not_iop": "Minst en varningssignal finns, så IOP är fel väg.",
    "not_a_purchase_route": "IOP regleras inte i någon lag och är tänkt som ett partnerskap, inte ett köp. Det är inget "
                            "sätt att köpa en tjänst: betalar kommunen för en tjänst som den själv har bestämt är det "
                            "som utgångspunkt en upphandling.",
    "treated_as_purchase": "Kursens förenkling: verktyget behandlar samarbetet som en upphandling. Så länge rättsläget "
                           "inte är avgjort är det säkrast att behandla ett partnerskap som liknar ett köp som ett köp.",
    "everyone": "Kommunen vill att alla leverantörer ska kunna lämna anbud. En reservation skulle stänga ute dem som "
                "inte uppfyller villkoren.",
    "social_requirements": "I en vanlig upphandling kan kommunen ställa sociala krav, till exempel ett "
                           "sysselsättningskrav. Det är ett särskilt kontraktsvillkor enligt 17 kap. 1 § LOU: det ska "
                           "vara uppfyllt när kontraktet utförs och stänger inte ute någon leverantör. 4 kap. 3 § LOU "
                           "säger att kommunen bör ta sociala hänsyn när upphandlingens art motiverar det.",
    "qualified": "Det finns leverantörer som uppfyller både andelskravet (minst {required} procent av de sysselsatta "
                 "ur målgruppen) och verksamhetskravet. 4 kap. 18 § LOU är inte begränsad till vissa tjänster, och "
                 "uppdraget kan delas upp så att företagen orkar med det.",
    "qualified_checked": "Kraven prövas när anbudet lämnas in; skriv i upphandlingsdokumenten vilka uppgifter "
                         "leverantörerna ska lämna.",
    "not_qualified": "Ingen leverantör uppfyller både andelskravet (minst {required} procent av de sysselsatta ur "
                     "målgruppen) och verksamhetskravet i 4 kap. 18 § LOU. En reservation skulle troligen inte ge "
                     "några anbud alls.",
    "employment_instead": "Ett sysselsättningskrav enligt 17 kap. 1 § LOU kan ändå ge arbete åt personer som står "
                          "långt från arbetsmarknaden, utan att begränsa vilka som får delta.",
    "welfare_conditions": "Reservationen gäller organisationer vars syfte hänger ihop med tjänsten, som återinvesterar "
                          "vinsten och bygger på delaktighet. En organisation som de senaste tre åren har fått ett "
                          "sådant kontrakt för tjänsten kan inte få ett nytt på samma sätt.",
    "welfare_not_usable": "Den reservationen går alltså inte att använda här.",
    "listed_25a": "Tjänsten finns bland de CPV-koder som 19 kap. 25 a § LOU räknar upp (enligt ditt svar; "
                  "verktyget prövar inte koden mot listan).",
    "idea_based": "Kommunen kan reservera upphandlingen för idéburna organisationer vars allmännyttiga syfte bidrar "
                  "till tjänstens ändamål. Upphandlingen annonseras, och de idéburna organisationerna lämnar anbud i "
                  "konkurrens med varandra. Regeln saknar tidsgränserna i 19 kap. 25 § LOU.",
    "idea_based_caveat": "Ställ inte krav på registrering innan du har läst paragrafen och propositionen, och tänk på "
                         "att regelns förenlighet med EU-rätten inte är prövad.",
    "not_listed_25a": "Tjänsten finns inte i listan för 19 kap. 25 a § LOU. Då prövar kommunen 19 kap. 25 § LOU, eller "
                      "gör en vanlig upphandling med sociala krav.",
    "integration_summary": "Upphandlingen kan reserveras enligt 4 kap. 18 § LOU.",
    "welfare_summary": "Upphandlingen kan reserveras enligt 19 kap. 25 § LOU.",
    "idea_based_summary": "Upphandlingen kan reserveras för idéburna organisationer enligt 19 kap. 25 a § LOU.",
    "ordinary_summary": "En vanlig upphandling med sociala krav passar.",
}


def _welfare_route(cpv_code, contract_months, reasons: list[str]) -> str:
    """19 kap. 25 § LOU if the service is listed and the contract short enough, else an ordinary procurement."""
    months = as_int(contract_months, LABELS["contract_months"], minimum=1)
    listed, reason = reservable_service_reason(cpv_code)
    reasons.append(reason)
    fits, reason = contract_length_reason(months)
    reasons.append(reason)
    if listed and fits:
        reasons += [TEXTS["welfare_conditions"], RESERVATION_TEXTS["announce"]]
        return WELFARE
    reasons += [TEXTS["welfare_not_usable"], TEXTS["social_requirements"]]
    return ORDINARY


def route_for(initiative_from_organisation, municipality_buys, market_exists, both_contribute, detailed_control,
              fits_ordinary_grants=False, aim=EVERYONE, qualified_suppliers=False, listed_25a=False,
              cpv_code="", contract_months="") -> Decision:
    """IOP, a grant, one of the three reservations or an ordinary procurement with social requirements.

    The first six answers (ja/nej) are the questions of chapter 6. ``aim`` says whom the municipality most
    wants to give a chance if it is a purchase: ``alla`` (every supplier), ``arbetsintegrering``
    (suppliers that give work to people far from the labour market; ``qualified_suppliers`` says whether
    any meets both conditions of 4 kap. 18 § LOU), ``delaktighet`` (organisations 19 kap. 25 § LOU
    describes; ``cpv_code`` and ``contract_months`` are checked) or ``ideburna`` (idéburna
    organisationer; ``listed_25a`` says whether the service is on the list of 19 kap. 25 a § LOU, and if
    not, 19 kap. 25 § LOU is tried). The CPV code and the contract length are read only when needed.
    """
    initiative = as_bool(initiative_from_organisation, LABELS["initiative_from_organisation"])
    buys = as_bool(municipality_buys, LABELS["municipality_buys"])
    market = as_bool(market_exists, LABELS["market_exists"])
    contribute = as_bool(both_contribute, LABELS["both_contribute"])
    control = as_bool(detailed_control, LABELS["detailed_control"])
    grants = as_bool(fits_ordinary_grants, LABELS["fits_ordinary_grants"])
    if aim not in AIMS:
        raise CourseDataError(say(TEXTS["bad_aim"], label=LABELS["aim"], aims=", ".join(AIMS), value=aim))
    qualified = as_bool(qualified_suppliers, LABELS["qualified_suppliers"])
    listed = as_bool(listed_25a, LABELS["listed_25a"])

    reasons = [
        TEXTS["initiative_yes" if initiative else "initiative_no"],
        TEXTS["buys_yes" if buys else "buys_no"],
        TEXTS["market_yes" if market else "market_no"],
        TEXTS["contribute_yes" if contribute else "contribute_no"],
        TEXTS["control_yes" if control else "control_no"],
    ]
    if initiative and not buys and not market and contribute and not control:
        if grants:
            reasons.append(TEXTS["grants"])
            return _decision(GRANT, TEXTS["grant"], reasons)
        reasons += [TEXTS["no_grants"], TEXTS["iop_caveat"]]
        return _decision(IOP, TEXTS["iop"], reasons)

    reasons.append(TEXTS["not_iop"])
    reasons.append(TEXTS["not_a_purchase_route" if buys else "treated_as_purchase"])
    required = f"{parameter('andelskrav_procent'):g}"
    if aim == EVERYONE:
        reasons += [TEXTS["everyone"], TEXTS["social_requirements"]]
        route = ORDINARY
    elif aim == WORK_INTEGRATION:
        if qualified:
            reasons += [say(TEXTS["qualified"], required=required), TEXTS["qualified_checked"]]
            route = INTEGRATION
        else:
            reasons += [say(TEXTS["not_qualified"], required=required), TEXTS["employment_instead"]]
            route = ORDINARY
    elif aim == IDEA_BASED_ORGANISATIONS and listed:
        reasons += [TEXTS["listed_25a"], TEXTS["idea_based"], TEXTS["idea_based_caveat"]]
        route = IDEA_BASED
    else:
        if aim == IDEA_BASED_ORGANISATIONS:
            reasons.append(TEXTS["not_listed_25a"])
        route = _welfare_route(cpv_code, contract_months, reasons)
    return _decision(route, TEXTS[f"{route}_summary"], reasons)


def _decision(route: str, summary: str, reasons: list[str]) -> Decision:
    return Decision(route, summary, tuple(reasons), PARAGRAPHS[route], facts={"route": ROUTE_NAMES[route]})
