"""Exercise 5: following up the employment requirements (krav 11554) of a municipality's contracts.

Every status is the one ``FollowUpTool`` shows: both take the contract's quarters up to the report
date from ``contract_follow_up`` and its status from the rule ``employment_requirement_status``.

Each check is a question (``task_1_question`` …) computed from the data in use on the report date
(by default ``default_report_date``: from the data, or today). The notebook cell and the answer box
on the static page (upphandlingskurs/static_exercises.py) judge an answer from the same question;
the page's boxes use the report date of the day the page was built.
"""

from __future__ import annotations

import math

import pandas as pd
from IPython.display import HTML

from upphandlingskurs import swedish
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.feedback import ChoiceQuestion, SetQuestion, note, wrong
from upphandlingskurs.rules import Decision
from upphandlingskurs.rules.decision import as_date
from upphandlingskurs.rules.parameters import parameter
from upphandlingskurs.static_exercises import checked
from upphandlingskurs.tools.follow_up import contract_follow_up, default_report_date, follow_up_decision

# The rule's outcome keys and the Swedish status names the participant chooses among.
STATUS_NAMES = {
    "met": "uppfyllt",
    "not_met": "inte uppfyllt",
    "on_track": "enligt plan",
    "behind": "efter plan",
    "deviation": "avvikelse",
}
ACTION_STATUSES = ("efter plan", "avvikelse")  # the statuses task 2 asks for

# Task 3: is the commitment met in the contract where an employment ended early?
MET, NOT_MET, NOT_YET = "ja", "nej", "inte än"

PAGE = "ovning-5"  # the {exercise} labels of the page are PAGE-uppgift-N

def swedish_date(day) -> str:
    """'30 september 2026' (any date the rules accept)."""
    return swedish.swedish_date(as_date(day, "Datum"))


def _months(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").replace(",0", "")


def _percent_floor(delivered: float, committed: float) -> str:
    """The delivered share in percent, rounded down to one decimal (74,96 shows as 74,9, not 75)."""
    share = math.floor(delivered * 100 / committed * 10 + 1e-9) / 10
    return _months(share)


def _fulfilled_share() -> float:
    return parameter("fullgjord_andel_procent")


def _deadline_months() -> int:
    return int(parameter("forsta_anstallning_senast_manader"))


# --- the follow-up, as FollowUpTool computes it ------------------------------------------------------

def contract_decision(followup: pd.DataFrame, contract_id: str, report_date=None) -> Decision:
    """The status of one contract on ``report_date``, exactly as ``FollowUpTool`` computes it.

    Raises ``CourseDataError`` (in Swedish) when the rule cannot judge the contract, for example
    when the contract starts after the report date.
    """
    return follow_up_decision(followup, contract_id, report_date or default_report_date(followup))


def contract_statuses(followup: pd.DataFrame, report_date=None) -> pd.DataFrame:
    """One row per contract (index ``kontrakt_id``, sorted): what was delivered up to ``report_date``
    and the status. ``status`` is None for a contract the rule cannot judge on that date (one that
    has not started yet), with the rule's Swedish message in ``summary``.
    """
    report_date = report_date or default_report_date(followup)
    records = []
    for contract_id in sorted(followup["kontrakt_id"].unique()):
        result = contract_follow_up(followup, contract_id, report_date)
        record = {
            "kontrakt_id": contract_id,
            "leverantor": result.supplier,
            "kontraktsslut": result.rows["kontraktsslut"].iloc[0],
            "atagande": result.committed,
            "levererat": result.delivered,
            "avbrutet_i_fortid": result.ended_early,
        }
        try:
            decision = result.decision()
        except CourseDataError as error:
            record.update(outcome=None, status=None, summary=str(error), reasons=())
        else:
            record.update(outcome=decision.outcome, status=STATUS_NAMES[decision.outcome],
                          summary=decision.summary, reasons=decision.reasons)
        records.append(record)
    return pd.DataFrame.from_records(records).set_index("kontrakt_id")


# --- the scenario's cases, chosen from the data ---------------------------------------------------------

def scenario_contract(followup: pd.DataFrame, report_date=None) -> str:
    """Task 1's contract: the first (by id) whose status is 'efter plan', else the first the rule can
    judge, else the first contract of all."""
    statuses = contract_statuses(followup, report_date)
    for candidates in (statuses[statuses["status"] == "efter plan"], statuses[statuses["status"].notna()], statuses):
        if not candidates.empty:
            return candidates.index[0]
    raise CourseDataError("Uppföljningen har inga kontrakt.")  # the schema does not allow an empty file


def action_contracts(followup: pd.DataFrame, report_date=None) -> set[str]:
    """Task 2: the contracts whose status is 'efter plan' or 'avvikelse'."""
    statuses = contract_statuses(followup, report_date)
    return set(statuses.index[statuses["status"].isin(ACTION_STATUSES)])


def early_end_case(followup: pd.DataFrame, report_date=None) -> str | None:
    """Task 3's contract: one where an employment ended early before the report date, or None.

    Preferred: a contract where the 75 % rule decides (less than everything delivered), the one
    closest to the 75 % line (then by id).
    """
    statuses = contract_statuses(followup, report_date)
    cases = statuses[statuses["avbrutet_i_fortid"] & statuses["status"].notna()]
    if cases.empty:
        return None
    deciding = cases[cases["levererat"] < cases["atagande"]]
    cases = deciding if not deciding.empty else cases
    distance = (cases["levererat"] * 100 / cases["atagande"] - _fulfilled_share()).abs()
    return sorted(cases.index, key=lambda contract_id: (distance[contract_id], contract_id))[0]


def early_end_answer(followup: pd.DataFrame, report_date=None) -> str | None:
    """'ja', 'nej' or 'inte än' for task 3's contract (None if there is no such contract)."""
    case = early_end_case(followup, report_date)
    if case is None:
        return None
    outcome = contract_statuses(followup, report_date).loc[case, "outcome"]
    return MET if outcome == "met" else NOT_MET if outcome == "not_met" else NOT_YET


def early_end_sentence(followup: pd.DataFrame, report_date=None) -> str:
    """The sentence that introduces task 3 on the page (glued), for a case or for no case."""
    case = early_end_case(followup, report_date)
    if case is None:
        return ("I den här uppföljningen har ingen anställning upphört i förtid före uppföljningsdatumet, "
                "så det finns inget fall att pröva. Läs uppgiften och lösningen ändå: de förklarar hur regeln fungerar.")
    return (f"I kontraktet {case} har en anställning upphört i förtid före uppföljningsdatumet. "
            "Kontraktet är redan valt i verktyget nedan. Tryck på Visa status.")


# --- the answer checks ---------------------------------------------------------------------------

def _note(message: str) -> HTML:
    """A neutral message when the data has no case for a task."""
    return note(message, "Ingen uppgift här.")


def _meanings() -> dict[str, str]:
    share, months = _fulfilled_share(), _deadline_months()
    return {
        "uppfyllt": (f"Uppfyllt betyder att leverantören har levererat alla utlovade månader på heltid, eller att en "
                     f"anställning har upphört i förtid och minst {share:g} procent av den avtalade tiden är fullgjord."),
        "inte uppfyllt": ("Inte uppfyllt betyder att avtalet har löpt ut (uppföljningsdatumet är kontraktets sista dag "
                          "eller senare) utan att åtagandet är uppfyllt."),
        "enligt plan": ("Enligt plan betyder att avtalet pågår och att leverantören har levererat minst så mycket som "
                        "jämn takt ger, kursens förenkling."),
        "efter plan": ("Efter plan betyder att avtalet pågår och att leverantören har levererat mindre än jämn takt "
                       "ger, kursens förenkling."),
        "avvikelse": (f"Avvikelse betyder att avtalet pågår, att åtagandet inte är uppfyllt och att ingen anställning "
                      f"har påbörjats eller erbjudits inom {months} månader från kontraktets start."),
    }


def _task_1_case(followup: pd.DataFrame, report_date) -> tuple[str, pd.Series]:
    contract_id = scenario_contract(followup, report_date)
    return contract_id, contract_statuses(followup, report_date).loc[contract_id]


def task_1_question(followup: pd.DataFrame, report_date=None) -> ChoiceQuestion | None:
    """Task 1 as a question: the scenario contract's status; None when the rule cannot judge it."""
    report_date = report_date or default_report_date(followup)
    contract_id, row = _task_1_case(followup, report_date)
    if pd.isna(row["status"]):
        return None
    facts = f"Kontrakt {contract_id}: {' '.join(row['reasons'])}"
    explanations = {
        name: f"{meaning} {'Det stämmer här.' if name == row['status'] else 'Det stämmer inte här.'} {facts}"
        for name, meaning in _meanings().items()
    }
    return ChoiceQuestion(row["status"], explanations)


def task_1(answer, followup: pd.DataFrame, report_date=None):
    """What is the status of the scenario's contract on the report date?"""
    report_date = report_date or default_report_date(followup)
    question = task_1_question(followup, report_date)
    if question is None:
        contract_id, row = _task_1_case(followup, report_date)
        return _note(f"Kontraktet {contract_id} går inte att följa upp på {swedish_date(report_date)}: "
                     f"{row['summary']}")
    return checked(question, answer, f"{PAGE}-uppgift-1")


def task_2_question(followup: pd.DataFrame, report_date=None) -> SetQuestion:
    """Task 2 as a question: the contracts whose status is 'efter plan' or 'avvikelse'. The
    explanation gives the rule, never the contracts (nor, when there are none, that)."""
    report_date = report_date or default_report_date(followup)
    months = _deadline_months()
    rule = ("Ett kontrakt är med när avtalet pågår, åtagandet inte är uppfyllt och antingen ingen anställning har "
            f"påbörjats eller erbjudits inom {months} månader från starten (avvikelse) eller leveransen är lägre än "
            "jämn takt (efter plan). Ett kontrakt vars avtal har löpt ut har statusen uppfyllt eller inte uppfyllt.")
    # upper: the ids are written in capitals (the schema), so 'k-2024-01' is K-2024-01.
    return SetQuestion(frozenset(action_contracts(followup, report_date)), "kontrakt", rule, upper=True)


def task_2(answer, followup: pd.DataFrame, report_date=None):
    """Which contracts are behind plan or have a deviation on the report date?"""
    if answer is not None and not isinstance(answer, str | list | tuple | set | frozenset | pd.Series | pd.Index):
        return wrong(f"Svaret ska vara en lista med kontraktens id, till exempel ['K-2024-01', 'K-2025-02'], "
                     f"men du skrev '{answer}'.")
    return checked(task_2_question(followup, report_date), answer, f"{PAGE}-uppgift-2")


NO_EARLY_END = ("I den här uppföljningen har ingen anställning upphört i förtid före uppföljningsdatumet, "
                "så uppgiften har inget fall att pröva. Läs lösningen för att se hur 75-procentsregeln fungerar.")


def task_3_question(followup: pd.DataFrame, report_date=None) -> ChoiceQuestion | None:
    """Task 3 as a question: is the commitment met in the case where an employment ended early?
    None when no employment ended early. A wrong option is told when it would be right and the
    contract's numbers, not the verdict."""
    case = early_end_case(followup, report_date)
    if case is None:
        return None
    row = contract_statuses(followup, report_date).loc[case]
    correct = early_end_answer(followup, report_date)
    share = _fulfilled_share()
    facts = (f"I kontrakt {case} upphörde en anställning i förtid. Fram till uppföljningsdatumet är "
             f"{_months(row['levererat'])} av {_months(row['atagande'])} utlovade månader på heltid fullgjorda, "
             f"det vill säga {_percent_floor(row['levererat'], row['atagande'])} procent.")
    if correct == MET:
        verdict = (f"Det är minst {share:g} procent av den sammantagna avtalade tiden, så åtagandet räknas som uppfyllt."
                   if row["levererat"] < row["atagande"] else "Allt är levererat, så åtagandet är uppfyllt ändå.")
    elif correct == NOT_MET:
        verdict = (f"Det är mindre än {share:g} procent, och avtalet löpte ut {swedish_date(row['kontraktsslut'])}. "
                   "Åtagandet är inte uppfyllt.")
    else:
        verdict = (f"Det är mindre än {share:g} procent, men avtalet pågår till {swedish_date(row['kontraktsslut'])}. "
                   "Åtagandet är inte uppfyllt än, och leverantören kan fortfarande fullgöra mer.")
    leads = {
        MET: f"Ja vore rätt om minst {share:g} procent var fullgjord, eller allt levererat.",
        NOT_MET: f"Nej vore rätt om mindre än {share:g} procent var fullgjord och avtalet hade löpt ut.",
        NOT_YET: f"Inte än vore rätt om mindre än {share:g} procent var fullgjord men avtalet fortfarande pågick.",
    }
    hint = (f"Jämför andelen med {share:g} procent, och se efter om avtalet har löpt ut på uppföljningsdatumet "
            "(verktyget visar kontraktet).")
    explanations = {option: f"{lead} {facts} {hint}" for option, lead in leads.items()}
    explanations[correct] = f"{facts} {verdict}"
    return ChoiceQuestion(correct, explanations)


def task_3(answer, followup: pd.DataFrame, report_date=None):
    """Is the commitment met in the contract where an employment ended early?"""
    question = task_3_question(followup, report_date)
    if question is None:
        return _note(NO_EARLY_END)
    return checked(question, answer, f"{PAGE}-uppgift-3")
