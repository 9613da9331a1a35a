"""Employment requirements after Upphandlingsmyndigheten's krav 11554 (a särskilt kontraktsvillkor
under 17 kap. 1 § LOU): sizing one, with a proposed text, and following one up."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.rules.decision import Decision, add_months, as_bool, as_date, as_int, as_number, say
from upphandlingskurs.rules.parameters import parameter

CONTRACT_CONDITIONS = "17 kap. 1 § LOU"
DEFAULT_TARGET_GROUP = "personer som har svårt att komma in på arbetsmarknaden"


NUMBERS_IN_WORDS = {1: "en", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta",
                    9: "nio", 10: "tio", 11: "elva", 12: "tolv"}

LABELS = {
    "contract_months": "Avtalstid i månader",
    "persons": "Antal anställningar",
    "months_per_person": "Månader på heltid per anställning",
    "first_start_month": "Månad då den första anställningen påbörjas eller erbjuds",
    "target_group": "Målgrupp",
}
MAXIMA = {"contract_months": 240, "persons": 1000}

# The sentences of ``size_employment_requirement`` (see ``decision.say``); the static tool fills the same.
TEXTS = {
    "longer_than_contract": "En anställning kan inte vara längre än avtalstiden: {months_per_person} månader på heltid "
                            "per anställning, men avtalet gäller {contract_months} månader.",
    "starts_after_contract": "Den första anställningen kan inte börja efter att avtalet har löpt ut "
                             "(månad {first_start_month} av {contract_months}).",
    "total": "{persons} anställningar × {months_per_person} månader på heltid = {total} månader på heltid under "
             "{contract_months} månaders avtalstid.",
    "fulfilled": "Om en anställning upphör i förtid är åtagandet uppfyllt vid {fulfilled_months} månader "
                 "({fulfilled_share} procent).",
    "in_time": "Den första anställningen påbörjas eller erbjuds månad {first_start_month}, inom {deadline} månader "
               "från kontraktets start.",
    "too_late": "Den första anställningen påbörjas eller erbjuds först månad {first_start_month}. Minst en anställning "
                "ska påbörjas eller erbjudas senast {deadline} månader efter kontraktets start.",
    "requirement_text": (
        "Leverantören ska under avtalstiden erbjuda anställningar till personer ur målgruppen {target_group}. "
        "Anställningarna ska gälla arbete inom kontraktet, följa lagen om anställningsskydd och tillsammans "
        "motsvara minst {total} månader på heltid. Minst en anställning ska ha påbörjats eller erbjudits senast "
        "{deadline_in_words} månader efter kontraktets start. Om en anställning upphör i förtid därför att den "
        "anställde själv slutar, eller för att det finns saklig grund för uppsägning eller grund för avsked, har "
        "leverantören uppfyllt sitt åtagande när minst {fulfilled_share} procent av den sammantagna avtalade "
        "anställningstiden har fullgjorts."
    ),
    "proposal": "Förslag: minst {total} månader på heltid.",
    "needs_change": "Förslaget behöver ändras: den första anställningen börjar för sent.",
    "text_note": "Texten är kursens förslag och bygger på Upphandlingsmyndighetens krav 11554. "
                 "Använd den aktuella versionen av kravet i kriterietjänsten.",
    "default_target_group": DEFAULT_TARGET_GROUP,
}


# The sentences of ``employment_requirement_status``; exercise 5's static tool
# (tools/follow_up.py, static/ovning_uppfoljning.js) fills the same.
STATUS_TEXTS = {
    "before_start": "Uppföljningsdatum ({report}) kan inte ligga före kontraktets start ({start}).",
    "delivered": "Levererat {delivered} av {committed} utlovade månader på heltid.",
    "no_start_late": "Ingen anställning har påbörjats eller erbjudits, fast sexmånadersgränsen ({deadline}) har passerats.",
    "no_start_yet": "Ingen anställning ännu; den första ska påbörjas eller erbjudas senast {deadline}.",
    "first_late": "Den första anställningen började {first}, efter sexmånadersgränsen {deadline}.",
    "first_in_time": "Den första anställningen började {first}, inom sexmånadersgränsen {deadline}.",
    "share_met": "En anställning upphörde i förtid och minst {share} procent av den avtalade tiden är fullgjord.",
    "share_not_met": "En anställning upphörde i förtid, men mindre än {share} procent av den avtalade tiden är fullgjord.",
    "even_pace": "Vid jämn takt borde {expected} månader vara levererade nu (kursens förenkling).",
    "met": "Åtagandet är uppfyllt.",
    "met_by_share": "Åtagandet räknas som uppfyllt.",
    "not_met": "Åtagandet är inte uppfyllt.",
    "deviation": "Avvikelse: sexmånadersgränsen är inte uppfylld.",
    "on_track": "Leveransen går enligt plan.",
    "behind": "Leveransen ligger efter plan.",
}


def _in_words(number: int) -> str:
    """Small numbers in words, as Swedish contract text writes them."""
    return NUMBERS_IN_WORDS.get(number, str(number))


def _months(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").replace(",0", "")


def sizing_parameters() -> dict[str, object]:
    """The rule parameters ``size_employment_requirement`` uses, with the text it writes for them."""
    deadline = int(parameter("forsta_anstallning_senast_manader"))
    share = parameter("fullgjord_andel_procent")
    return {"deadline": deadline, "deadline_in_words": _in_words(deadline),
            "fulfilled_share": share, "fulfilled_share_text": f"{share:g}"}


def size_employment_requirement(contract_months, persons, months_per_person, first_start_month,
                                target_group=DEFAULT_TARGET_GROUP) -> Decision:
    """Size an employment requirement and propose its text.

    ``persons`` employments of ``months_per_person`` full-time months each; the first starts
    ``first_start_month`` months after the contract starts.
    """
    contract_months = as_int(contract_months, LABELS["contract_months"], minimum=1, maximum=MAXIMA["contract_months"])
    persons = as_int(persons, LABELS["persons"], minimum=1, maximum=MAXIMA["persons"])
    months_per_person = as_int(months_per_person, LABELS["months_per_person"], minimum=1)
    first_start_month = as_int(first_start_month, LABELS["first_start_month"], minimum=0)
    target_group = str(target_group).strip() or DEFAULT_TARGET_GROUP
    if months_per_person > contract_months:
        raise CourseDataError(say(TEXTS["longer_than_contract"], months_per_person=months_per_person,
                                  contract_months=contract_months))
    if first_start_month > contract_months:
        raise CourseDataError(say(TEXTS["starts_after_contract"], first_start_month=first_start_month,
                                  contract_months=contract_months))
    total = persons * months_per_person
    numbers = sizing_parameters()
    deadline, fulfilled_share = numbers["deadline"], numbers["fulfilled_share"]
    fulfilled_months = total * fulfilled_share / 100
    reasons = [
        say(TEXTS["total"], persons=persons, months_per_person=months_per_person, total=total,
            contract_months=contract_months),
        say(TEXTS["fulfilled"], fulfilled_months=_months(fulfilled_months), fulfilled_share=numbers["fulfilled_share_text"]),
    ]
    ok = first_start_month <= deadline
    reasons.append(say(TEXTS["in_time" if ok else "too_late"], first_start_month=first_start_month, deadline=deadline))
    text = say(TEXTS["requirement_text"], target_group=target_group, total=total,
               deadline_in_words=numbers["deadline_in_words"], fulfilled_share=numbers["fulfilled_share_text"])
    return Decision(
        outcome="proposal" if ok else "needs_change",
        summary=say(TEXTS["proposal"], total=total) if ok else TEXTS["needs_change"],
        reasons=tuple(reasons),
        paragraphs=(CONTRACT_CONDITIONS,),
        facts={"total_months": total, "fulfilled_months": fulfilled_months, "requirement_text": text,
               "text_note": TEXTS["text_note"]},
    )


def employment_requirement_status(committed_months, delivered_months, contract_start, contract_end,
                                  report_date, first_employment_start=None, ended_early=False) -> Decision:
    """Follow up an employment requirement on ``report_date``.

    Expected progress is spread evenly over the contract period: a simplification the course makes to
    show whether a supplier is behind, not a rule in krav 11554.
    """
    committed = as_number(committed_months, "Utlovade månader på heltid")
    if committed <= 0:
        raise CourseDataError(f"Utlovade månader på heltid måste vara fler än 0 (angivet: {committed:g}).")
    delivered = as_number(delivered_months, "Levererade månader på heltid")
    start = as_date(contract_start, "Kontraktets start")
    end = as_date(contract_end, "Kontraktets slut")
    report = as_date(report_date, "Uppföljningsdatum")
    ended_early = as_bool(ended_early, "En anställning har upphört i förtid")
    if end <= start:
        raise CourseDataError(f"Kontraktets slut ({end}) måste ligga efter kontraktets start ({start}).")
    if report < start:
        raise CourseDataError(say(STATUS_TEXTS["before_start"], report=report, start=start))
    deadline = add_months(start, int(parameter("forsta_anstallning_senast_manader")))
    S = STATUS_TEXTS
    reasons, deviation = [say(S["delivered"], delivered=_months(delivered), committed=_months(committed))], False
    no_start = first_employment_start is None or first_employment_start == "" or (
        not isinstance(first_employment_start, str) and pd.isna(first_employment_start))
    if not no_start and as_date(first_employment_start, "Första anställningens start") > report:
        no_start = True  # a start after the report date has not happened yet on that date
    if no_start:
        if report > deadline:
            deviation = True
            reasons.append(say(S["no_start_late"], deadline=deadline))
        else:
            reasons.append(say(S["no_start_yet"], deadline=deadline))
    else:
        first = as_date(first_employment_start, "Första anställningens start")
        if first < start:
            raise CourseDataError(f"Första anställningens start ({first}) kan inte ligga före kontraktets start ({start}).")
        if first > deadline:
            deviation = True
            reasons.append(say(S["first_late"], first=first, deadline=deadline))
        else:
            reasons.append(say(S["first_in_time"], first=first, deadline=deadline))
    fulfilled_share = parameter("fullgjord_andel_procent")
    delivered = round(delivered, 6)  # sums of one-decimal quarters must not fall a hair short
    if delivered >= committed:
        return Decision("met", S["met"], tuple(reasons), (CONTRACT_CONDITIONS,))
    if ended_early and delivered * 100 >= fulfilled_share * committed:
        reasons.append(say(S["share_met"], share=f"{fulfilled_share:g}"))
        return Decision("met", S["met_by_share"], tuple(reasons), (CONTRACT_CONDITIONS,))
    if ended_early:
        reasons.append(say(S["share_not_met"], share=f"{fulfilled_share:g}"))
    if report >= end:
        return Decision("not_met", S["not_met"], tuple(reasons), (CONTRACT_CONDITIONS,))
    elapsed = (report - start).days / (end - start).days
    expected = committed * elapsed
    reasons.append(say(S["even_pace"], expected=_months(expected)))
    if deviation:
        return Decision("deviation", S["deviation"], tuple(reasons), (CONTRACT_CONDITIONS,))
    if delivered >= expected:
        return Decision("on_track", S["on_track"], tuple(reasons), (CONTRACT_CONDITIONS,))
    return Decision("behind", S["behind"], tuple(reasons), (CONTRACT_CONDITIONS,))
