"""Exercise 6: IOP, a reservation or an ordinary procurement?

Five made-up cases from one Dalarna municipality, each a choice among five routes. The right route of
every case is the answer of the course's rule ``route_for`` (upphandlingskurs/rules/route.py) for the
facts the case text states (who took the initiative, who pays, whether there is a market, whom the
municipality wants to give a chance), so the exercise and the decision tool on the web page reason
the same way; the routes' names and the shared sentences come from the rule too.

The municipality comes from the enterprise list in use: the one with most organisations that look
after green spaces and meet both conditions of 4 kap. 18 § LOU. Case 2 (park maintenance) follows that
list: with no such supplier a reservation would get no tenders, and an ordinary procurement is the
answer. Case 3 follows cpv_reserverbara.csv and the rule parameters; its feedback quotes
``check_welfare_reservation``, as does case 5's. Case 4 sizes its employment requirement with
``size_employment_requirement``.

Each check is a question (``task_1_question`` …). The notebook cell and the answer box on the static
page (upphandlingskurs/static_exercises.py) judge an answer from the same question; a route is a
``RouteQuestion``, whose short forms the page's script (static/ovning_reservation.js) reads as this
module does. A wrong route is told why it does not fit, never which route does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from IPython.display import HTML

from upphandlingskurs.data import table_html
from upphandlingskurs.feedback import ChoiceQuestion, SetQuestion, wrong
from upphandlingskurs.rules import check_reserved_participation, check_welfare_reservation, route_for, size_employment_requirement
from upphandlingskurs.rules import route
from upphandlingskurs.rules.decision import Decision
from upphandlingskurs.rules.parameters import parameter
from upphandlingskurs.screening import find_enterprises, meets_share_requirement
from upphandlingskurs.static_exercises import checked
from upphandlingskurs.swedish import swedish_sorted

PAGE = "ovning-6"  # the {exercise} labels of the page are PAGE-uppgift-N

# The five routes, written as the participant writes them (the rule's names for its outcomes).
IOP = route.ROUTE_NAMES[route.IOP]
INTEGRATION = route.ROUTE_NAMES[route.INTEGRATION]
WELFARE = route.ROUTE_NAMES[route.WELFARE]
IDEA_BASED = route.ROUTE_NAMES[route.IDEA_BASED]
ORDINARY = route.ROUTE_NAMES[route.ORDINARY]
OPTIONS = (IOP, INTEGRATION, WELFARE, IDEA_BASED, ORDINARY)

# Shorter ways of writing the same route that the checks also accept.
ALIASES = {
    "idéburet offentligt partnerskap": IOP,
    "4 kap. 18 §": INTEGRATION,
    "4 kap. 18 § lou": INTEGRATION,
    "19 kap. 25 §": WELFARE,
    "19 kap. 25 § lou": WELFARE,
    "19 kap. 25 a §": IDEA_BASED,
    "19 kap. 25 a § lou": IDEA_BASED,
    "vanlig upphandling": ORDINARY,
}

GARDEN = "trädgård och grönytor"
CLEANING = "städning"
IDEA_BASED_KIND = "idéburen organisation"
FALLBACK_MUNICIPALITY = "Falun"  # only if the enterprise list is empty
CHECK_DATE = None  # the welfare reservations are judged on the day the page runs (today)

SPORT_CPV = "92600000-7"  # case 3: Sporttjänster
SPORT_MONTHS = 24
HOUSING_CPV = "85000000-9"  # case 5: Hälso- och sjukvård samt socialvård (an assumption in the case)
HOUSING_MONTHS = 72
CLEANING_MONTHS = 48  # case 4: four persons, twelve full-time months each, the first from month 3
CLEANING_PERSONS = 4
CLEANING_MONTHS_PER_PERSON = 12
CLEANING_FIRST_START = 3
SHOWN_NAMES = 3  # how many qualifying suppliers a feedback text names

NOT_A_PURCHASE_ROUTE = route.TEXTS["not_a_purchase_route"]

# The facts of the cases, as the rule's answers. Case 1: the association's own meeting place, which
# both parties pay for, with no market and no detailed control, and which the grants do not fit.
CASE_1 = dict(initiative_from_organisation=True, municipality_buys=False, market_exists=False, both_contribute=True,
              detailed_control=False, fits_ordinary_grants=False)
# Cases 2 to 5: the municipality's own need, which it has decided and pays for, with suppliers on a market.
PURCHASE = dict(initiative_from_organisation=False, municipality_buys=True, market_exists=True, both_contribute=False,
                detailed_control=True)


def _answer(**facts) -> str:
    """The route the course's rule gives for a case's facts, as the participant writes it."""
    return route_for(**facts).facts["route"]


# --- the answer --------------------------------------------------------------------------------

# What str.split() splits on (every white-space character is in the Basic Multilingual Plane), as a
# character class for the page's script.
SPACE = "[" + "".join(f"\\u{code:04x}" for code in range(0x10000) if chr(code).isspace()) + "]"


@dataclass(frozen=True)
class RouteQuestion(ChoiceQuestion):
    """A choice among the five routes: an option or a short form (``aliases``, in lower case),
    in any case, with any spacing (a copied no-break space too) and a full stop at the end."""

    aliases: tuple[tuple[str, str], ...] = tuple(ALIASES.items())
    assets = ("ovning_reservation.js",)  # the page's script for the kind "route" (static_exercises)

    @staticmethod
    def normalise(answer) -> str:
        return " ".join(str(answer).split()).strip(" .")

    def route(self, answer):
        """The route ``answer`` names (an option or a short form), or the answer as written."""
        if answer is None:
            return None
        text = self.normalise(answer).lower()
        for option in self.explanations:
            if text == option.lower():
                return option
        return dict(self.aliases).get(text, answer)

    def check(self, answer) -> HTML:
        return super().check(self.route(answer))

    def to_data(self) -> dict:
        return {**super().to_data(), "kind": "route", "aliases": dict(self.aliases), "space": SPACE}


def _question(correct: str, explanations: dict[str, str]) -> RouteQuestion:
    assert set(explanations) == set(OPTIONS) and correct in OPTIONS
    return RouteQuestion(correct, {option: explanations[option] for option in OPTIONS})


def _reasons(decision: Decision) -> str:
    return " ".join(decision.reasons)


def _organisations(count: int) -> str:
    return f"{count} organisation" if count == 1 else f"{count} organisationer"


def _percent(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# --- the scenario's municipality and its suppliers ----------------------------------------------

def qualifies_for_integration(enterprises: pd.DataFrame) -> pd.Series:
    """Both conditions of 4 kap. 18 § LOU, variant 1: the share requirement and the integration purpose."""
    return meets_share_requirement(enterprises) & (enterprises["syfte_integration"] == "ja")


def _offering(enterprises: pd.DataFrame, industry: str, kommun: str | None = None) -> pd.DataFrame:
    if enterprises.empty:
        return enterprises
    if kommun is None:
        return find_enterprises(enterprises, industry=industry)
    return find_enterprises(enterprises, kommun=kommun, industry=industry)


def scenario_municipality(enterprises: pd.DataFrame) -> str:
    """The municipality with most green-space organisations that meet 4 kap. 18 § LOU (alphabetical on
    a tie); if there is none, the municipality with most organisations of any kind."""
    if enterprises.empty:
        return FALLBACK_MUNICIPALITY
    garden = _offering(enterprises, GARDEN)
    qualified = garden[qualifies_for_integration(garden)]
    counts = (qualified if not qualified.empty else enterprises)["kommun"].value_counts()
    top = counts[counts == counts.max()].index
    return swedish_sorted(top)[0]


def garden_suppliers(enterprises: pd.DataFrame) -> pd.DataFrame:
    """The organisations in the scenario's municipality with the industry 'trädgård och grönytor'."""
    return _offering(enterprises, GARDEN, scenario_municipality(enterprises))


def qualified_garden_suppliers(enterprises: pd.DataFrame) -> pd.DataFrame:
    garden = garden_suppliers(enterprises)
    return garden[qualifies_for_integration(garden)]


def qualified_cleaning_suppliers(enterprises: pd.DataFrame) -> pd.DataFrame:
    cleaning = _offering(enterprises, CLEANING, scenario_municipality(enterprises))
    return cleaning[qualifies_for_integration(cleaning)]


GARDEN_COLUMNS = {"namn": "Namn", "typ": "Typ", "antal_sysselsatta": "Sysselsatta",
                  "antal_malgrupp": "Varav i målgruppen", "syfte_integration": "Främsta syftet är integration"}


def show_garden_suppliers(enterprises: pd.DataFrame) -> HTML:
    """Case 2's table: the municipality's green-space organisations with what 4 kap. 18 § LOU asks."""
    kommun = scenario_municipality(enterprises)
    garden = garden_suppliers(enterprises)
    if garden.empty:
        return HTML(f"<p><strong>I {kommun} finns ingen organisation med branschen {GARDEN} i listan.</strong></p>")
    return HTML(table_html(garden[list(GARDEN_COLUMNS)], caption=f"Organisationer i {kommun} med branschen {GARDEN}",
                           labels=GARDEN_COLUMNS))


# --- case 1: a meeting place started by an association ------------------------------------------

def case_1_answer() -> str:
    return _answer(**CASE_1)


def task_1_question() -> RouteQuestion:
    """An association's own meeting place, co-financed, no market: IOP fits."""
    return _question(case_1_answer(), {
        IOP: "Fallet uppfyller Borlänge kommuns kriterier: initiativet och verksamheten är föreningens, "
             "partnerskapet är ett led i kommunens plan, verksamheten ryms inte i de vanliga föreningsbidragen, "
             "det finns ingen marknad, kommunen detaljstyr inte och köper ingen tjänst. Båda parter bidrar med "
             "resurser, som Region Jönköpings län kräver. " + route.TEXTS["iop_caveat"],
        INTEGRATION: "4 kap. 18 § LOU bestämmer vilka leverantörer som får delta i en upphandling. Här vill kommunen "
                     "inte köpa något, och föreningens främsta syfte är inte social och yrkesmässig integration.",
        WELFARE: "En reservation enligt 19 kap. 25 § LOU är fortfarande en upphandling: kommunen köper en tjänst, "
                 "och organisationerna konkurrerar om kontraktet. Här finns ingen tjänst att köpa och ingen marknad.",
        IDEA_BASED: "Föreningen är idéburen, men 19 kap. 25 a § LOU gäller en upphandling av en välfärdstjänst, som "
                    "annonseras och där de idéburna organisationerna konkurrerar. Här vill kommunen inte köpa något: "
                    "verksamheten är föreningens egen.",
        ORDINARY: "En upphandling passar när kommunen vill köpa något som den själv har bestämt. Här har föreningen "
                  "tagit initiativet, båda parter bidrar och det finns ingen marknad. Sociala krav enligt "
                  "17 kap. 1 § LOU hör hemma i en upphandling.",
    })


def task_1(answer):
    return checked(task_1_question(), answer, f"{PAGE}-uppgift-1")


# --- case 2: park maintenance from work-integrating enterprises ---------------------------------

def case_2_answer(enterprises: pd.DataFrame) -> str:
    """4 kap. 18 § LOU if a green-space supplier in the municipality meets both conditions; otherwise an
    ordinary procurement with an employment requirement, since a reservation would get no tenders."""
    return _answer(**PURCHASE, aim=route.WORK_INTEGRATION, qualified_suppliers=not qualified_garden_suppliers(enterprises).empty)


def _supplier_reasons(suppliers: pd.DataFrame) -> str:
    """The rule's verdict for the first few suppliers, in its own words."""
    parts = []
    for row in suppliers.head(SHOWN_NAMES).itertuples(index=False):
        decision = check_reserved_participation(row.antal_sysselsatta, row.antal_malgrupp, row.syfte_integration)
        parts.append(f"{row.namn}: {decision.reasons[0]}")
    more = len(suppliers) - SHOWN_NAMES
    return " ".join(parts) + (f" Och {more} till." if more > 0 else "")


def task_2_question(enterprises: pd.DataFrame) -> RouteQuestion:
    """Park maintenance the municipality wants work-integrating enterprises to get."""
    kommun = scenario_municipality(enterprises)
    qualified = qualified_garden_suppliers(enterprises)
    share = _percent(parameter("andelskrav_procent"))
    buying = ("Kommunen har själv bestämt vad den behöver och ska betala för det. Det är ett köp av tjänster, och "
              "enligt Borlänge kommuns kriterier passar IOP inte då. " + NOT_A_PURCHASE_ROUTE)
    not_listed = "Skötsel av grönytor finns inte bland de tjänster i bilaga 2 som 19 kap. 25 § LOU räknar upp med CPV-koder."
    if not qualified.empty:
        integration = (f"I {kommun} finns {_organisations(len(qualified))} med branschen {GARDEN} som uppfyller både "
                       f"andelskravet (minst {share} procent av de sysselsatta ur målgruppen) och verksamhetskravet. "
                       + _supplier_reasons(qualified) + " 4 kap. 18 § LOU är inte begränsad till vissa tjänster, och "
                       "uppdraget kan delas upp så att företagen orkar med det. Kraven prövas när anbudet lämnas in; "
                       "skriv i upphandlingsdokumenten vilka uppgifter företagen ska lämna.")
        ordinary = ("Det går, men i en vanlig upphandling får alla leverantörer delta, och politikerna vill att de "
                    "sociala företagen ska ha en verklig chans. Ett sysselsättningskrav enligt 17 kap. 1 § LOU kan ge "
                    "arbetstillfällen, men det gynnar inte de sociala företagen. Titta i tabellen på de företag som "
                    f"finns i {kommun}.")
    else:
        integration = (f"Ingen organisation med branschen {GARDEN}, varken i {kommun} eller i resten av listan, "
                       f"uppfyller både andelskravet (minst {share} procent av de sysselsatta ur målgruppen) och "
                       "verksamhetskravet i 4 kap. 18 § LOU. En reservation skulle troligen inte ge några anbud alls. "
                       "Kontrollera kolumnerna antal_malgrupp, antal_sysselsatta och syfte_integration i tabellen.")
        ordinary = (f"Ingen organisation med branschen {GARDEN} uppfyller villkoren i 4 kap. 18 § LOU, så en "
                    "reservation skulle troligen inte ge några anbud. " + route.TEXTS["employment_instead"]
                    + " Dela gärna upp uppdraget per område, så att mindre företag kan lämna anbud.")
    return _question(case_2_answer(enterprises), {
        IOP: buying,
        INTEGRATION: integration,
        WELFARE: not_listed + " Den reservationen går alltså inte att använda här.",
        IDEA_BASED: "19 kap. 25 a § LOU gäller bara vissa välfärdstjänster, och skötsel av grönytor är ingen "
                    "välfärdstjänst. Regeln gäller dessutom idéburna organisationer, inte arbetsintegrerande sociala "
                    "företag i allmänhet.",
        ORDINARY: ordinary,
    })


def task_2(answer, enterprises: pd.DataFrame):
    return checked(task_2_question(enterprises), answer, f"{PAGE}-uppgift-2")


# --- case 3: sports for young people for two years ----------------------------------------------

def case_3_decision() -> Decision:
    """The staff cooperative and the two-year sports contract, judged by the rule of 19 kap. 25 § LOU."""
    return check_welfare_reservation(SPORT_CPV, "ja", "ja", "ja", SPORT_MONTHS, previous_award=None, on_date=CHECK_DATE)


def case_3_answer() -> str:
    """The municipality wants organisations like the staff cooperative to get the contract."""
    return _answer(**PURCHASE, aim=route.PARTICIPATION, cpv_code=SPORT_CPV, contract_months=SPORT_MONTHS)


def task_3_question() -> RouteQuestion:
    """Sports activities for young people, two years, offered by a staff cooperative."""
    decision = case_3_decision()
    allowed = case_3_answer() == WELFARE
    rule = f"Regeln ger: {decision.summary} {_reasons(decision)}"
    return _question(case_3_answer(), {
        IOP: "Kommunen har tagit initiativet och vill köpa en tjänst som den själv har bestämt. Det är en upphandling. "
             "Enligt Borlänge kommuns kriterier ska ett IOP ske på den idéburna organisationens initiativ och inte vara "
             "ett köp av tjänster, och kooperativet är inte ens idéburet. " + NOT_A_PURCHASE_ROUTE,
        INTEGRATION: "4 kap. 18 § LOU gäller leverantörer vars främsta syfte är social och yrkesmässig integration av "
                     "personer med funktionsnedsättning eller som har svårt att komma in på arbetsmarknaden, med minst "
                     f"{_percent(parameter('andelskrav_procent'))} procent av de sysselsatta ur målgruppen. "
                     "Kooperativets syfte är att ordna idrott för unga, inte integration.",
        WELFARE: rule + ("" if allowed else " Den reservationen går alltså inte att använda här."),
        IDEA_BASED: "19 kap. 25 a § LOU gäller bara idéburna organisationer, alltså sådana som uteslutande har ett "
                    "allmännyttigt syfte. Kooperativet finns också till för att ge medlemmarna arbete, så det är inte "
                    "idéburet. Sporttjänster (92600000-7) finns dessutom inte bland de CPV-koder som "
                    "19 kap. 25 a § LOU räknar upp.",
        ORDINARY: ("Det går, men i en vanlig upphandling får alla leverantörer delta, och kommunen vill att "
                   "organisationer som kooperativet ska kunna få uppdraget utan att konkurrera med alla andra "
                   "leverantörer.")
        if allowed else
        (f"{rule} Då är en vanlig upphandling vägen, gärna med sociala krav: "
         "4 kap. 3 § LOU säger att kommunen bör ta sociala hänsyn när upphandlingens art motiverar det."),
    })


def task_3(answer):
    return checked(task_3_question(), answer, f"{PAGE}-uppgift-3")


# --- case 4: a long cleaning contract with jobs for the unemployed ------------------------------

def case_4_requirement() -> Decision:
    """The employment requirement the municipality proposes, sized with the course's rule."""
    return size_employment_requirement(CLEANING_MONTHS, CLEANING_PERSONS, CLEANING_MONTHS_PER_PERSON, CLEANING_FIRST_START)


def case_4_answer() -> str:
    """The municipality wants every cleaning company to be able to tender."""
    return _answer(**PURCHASE, aim=route.EVERYONE)


def task_4_question(enterprises: pd.DataFrame) -> RouteQuestion:
    """Cleaning of all the municipality's premises for four years, open to every supplier, with jobs."""
    kommun = scenario_municipality(enterprises)
    requirement = case_4_requirement()
    rule_of_thumb = int(parameter("sysselsattningskrav_min_manader"))
    longest_reserved = int(parameter("reserverat_kontrakt_max_manader"))
    length = (f"Avtalet gäller {CLEANING_MONTHS} månader, och kursens tumregel (ingen regel i lag) är att ett "
              f"sysselsättningskrav behöver minst {rule_of_thumb} månader."
              if CLEANING_MONTHS >= rule_of_thumb else
              f"Avtalet är kortare än kursens tumregel på {rule_of_thumb} månader; se till att det finns tid att anställa.")
    cleaning = qualified_cleaning_suppliers(enterprises)
    too_long = (f" Avtalet på {CLEANING_MONTHS} månader är dessutom längre än de högst {longest_reserved} månader som "
                "regeln tillåter." if CLEANING_MONTHS > longest_reserved else "")
    return _question(case_4_answer(), {
        IOP: "Kommunen köper en tjänst som den själv har bestämt, och det finns en marknad med många företag. Det är en "
             "upphandling. " + NOT_A_PURCHASE_ROUTE,
        INTEGRATION: "En reservation enligt 4 kap. 18 § LOU skulle stänga ute alla lokalvårdsföretag som inte uppfyller "
                     "villkoren, men kommunen vill att alla ska kunna lämna anbud. "
                     f"I {kommun} finns {_organisations(len(cleaning))} med branschen {CLEANING} som uppfyller båda "
                     "villkoren. Andelskravet gäller dessutom leverantören som den redan är när anbudet lämnas; det "
                     "skapar inga nya jobb av sig självt.",
        WELFARE: "Lokalvård finns inte bland de tjänster som 19 kap. 25 § LOU räknar upp." + too_long,
        IDEA_BASED: "19 kap. 25 a § LOU gäller vissa välfärdstjänster och bara idéburna organisationer. Lokalvård är "
                    "ingen välfärdstjänst, och kommunen vill att alla ska kunna lämna anbud.",
        ORDINARY: "Det finns en marknad, och kommunen vill att alla ska kunna lämna anbud. Ett sysselsättningskrav är "
                  "ett särskilt kontraktsvillkor enligt 17 kap. 1 § LOU: det ska vara uppfyllt när kontraktet utförs "
                  "och stänger inte ute någon leverantör. Så här blir kommunens krav med kursens regel. "
                  f"{requirement.summary} {_reasons(requirement)} {length}",
    })


def task_4(answer, enterprises: pd.DataFrame):
    return checked(task_4_question(enterprises), answer, f"{PAGE}-uppgift-4")


# --- case 5: a housing service at a fixed price, called "IOP" -----------------------------------

def case_5_decision() -> Decision:
    """The six-year housing contract judged by 19 kap. 25 § LOU, as if the foundation met its three
    conditions on the organisation."""
    return check_welfare_reservation(HOUSING_CPV, "ja", "ja", "ja", HOUSING_MONTHS, previous_award=None, on_date=CHECK_DATE)


def case_5_answer() -> str:
    """Only idéburna organisationer, and the case assumes the service is on the list of 19 kap. 25 a § LOU."""
    return _answer(**PURCHASE, aim=route.IDEA_BASED_ORGANISATIONS, listed_25a=True, cpv_code=HOUSING_CPV,
                   contract_months=HOUSING_MONTHS)


def task_5_question() -> RouteQuestion:
    """A fixed-price housing service the foundation wants to call IOP: a purchase (the Alingsås warning)."""
    decision = case_5_decision()
    welfare = (f"Pröva med regeln, även om stiftelsen skulle uppfylla villkoren om syfte, vinst och delaktighet: "
               f"{decision.summary} {_reasons(decision)}")
    if decision.outcome == "allowed":
        welfare += (" Men 19 kap. 25 § LOU är inte skriven för just idéburna organisationer, och det är dem "
                    "politikerna vill ha.")
    return _question(case_5_answer(), {
        IOP: "Det här är ett köp: kommunen har bestämt innehållet, betalar hela kostnaden till ett fast pris, och det "
             "finns en marknad. Att avtalet kallas IOP ändrar ingenting. I Alingsås bedömde Förvaltningsrätten i Göteborg att ett avtal "
             "som kallades IOP, och som bland annat gällde drift av ett vård- och omsorgsboende, var en upphandling "
             "av tjänster. Konkurrensverket ansökte om upphandlingsskadeavgift, och det är kommunen som riskerar den. "
             + NOT_A_PURCHASE_ROUTE,
        INTEGRATION: "4 kap. 18 § LOU gäller leverantörer vars främsta syfte är social och yrkesmässig integration. "
                     "Här är målet ett boende för unga vuxna, inte arbete åt personer som står långt från "
                     "arbetsmarknaden, och stiftelsens syfte är att stödja de unga.",
        WELFARE: welfare,
        IDEA_BASED: "Det här är ett köp av en tjänst, alltså en upphandling, även om stiftelsen vill kalla det IOP. "
                    "Politikerna vill att bara idéburna organisationer ska få delta, och i fallet antar vi att "
                    "tjänsten finns i listan för 19 kap. 25 a § LOU. Då kan kommunen reservera upphandlingen för "
                    "idéburna organisationer vars allmännyttiga syfte bidrar till tjänstens ändamål. Upphandlingen "
                    "annonseras, och stiftelsen lämnar anbud i konkurrens med andra idéburna organisationer. Regeln "
                    "saknar tidsgränserna i 19 kap. 25 § LOU, så sex år går. Kontrollera listan i lagtexten, ställ inte "
                    "krav på registrering innan du har läst paragrafen och propositionen, och tänk på att regelns "
                    "förenlighet med EU-rätten inte är prövad.",
        ORDINARY: "Det går, men i en vanlig upphandling får alla leverantörer delta, också de företag som driver "
                  "liknande boenden. Politikerna vill att bara idéburna organisationer ska få uppdraget.",
    })


def task_5(answer):
    return checked(task_5_question(), answer, f"{PAGE}-uppgift-5")


# --- task 6: the registered idéburna organisations (pandas) -------------------------------------

def registered_idea_based(enterprises: pd.DataFrame) -> set[str]:
    """Names of the idéburna organisations registered under lag (2022:900)."""
    registered = (enterprises["typ"] == IDEA_BASED_KIND) & (enterprises["registrerad_ideburen"] == "ja")
    return set(enterprises.loc[registered, "namn"])


@dataclass(frozen=True)
class OrganisationListQuestion(SetQuestion):
    """A list of organisation names. In a notebook the answer may also be a table with the column
    namn, or something that is no list at all; on the page it is always a text."""

    def check(self, answer) -> HTML:
        if isinstance(answer, pd.DataFrame):
            if "namn" not in answer.columns:
                return wrong("Tabellen du svarade med har ingen kolumn namn. Svara med namnen, till exempel "
                             "foretag.loc[villkor, \"namn\"].")
            answer = answer["namn"]
        if answer is not None and not isinstance(answer, str | Iterable):
            return wrong(f"Svaret ska vara en lista med organisationernas namn, men du skrev '{answer}'.")
        return super().check(answer)


def task_6_question(enterprises: pd.DataFrame) -> OrganisationListQuestion:
    expected = registered_idea_based(enterprises)
    idea_based = int((enterprises["typ"] == IDEA_BASED_KIND).sum())
    if idea_based == 0:
        count = "Listan har inga idéburna organisationer, så svaret är en tom lista: svar = []."
    elif not expected:
        count = (f"Ingen av de {idea_based} idéburna organisationerna i listan är registrerad, så svaret är en tom "
                 "lista: svar = [].")
    else:
        count = (f"{len(expected)} av de {idea_based} idéburna organisationerna i listan är registrerade enligt "
                 "lag (2022:900) om registrering av idéburna organisationer.")
    explanation = (count + " Filtrera på att kolumnen registrerad_ideburen är ja. Registreringen hos Kammarkollegiet "
                   "är frivillig, så en organisation som inte är registrerad kan ändå vara idéburen. Registreringen "
                   "säger vem organisationen är, inte om en viss överenskommelse är tillåten.")
    return OrganisationListQuestion(frozenset(expected), "organisationer", explanation)


def task_6(answer, enterprises: pd.DataFrame):
    """Which organisations in the list are registered under lag (2022:900)?"""
    return checked(task_6_question(enterprises), answer, f"{PAGE}-uppgift-6")
