"""Exercise 5 (following up employment requirements): every answer check gives the right Swedish
feedback for a right, a wrong, a missing and a malformed answer; the statuses are the ones
FollowUpTool shows; and the page runs, with solutions that agree with the checks, on other data."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import shutil

import pandas as pd
import pytest

from upphandlingskurs import load_table
from upphandlingskurs.data import DATA_DIR
from upphandlingskurs.exercises import follow_up as kontroll
from upphandlingskurs.tools import FollowUpTool
from upphandlingskurs.tools.follow_up import default_report_date

PAGE = DATA_DIR.parent / "exercises" / "05-folj-upp-kontrakt.md"
RIGHT, WRONG, MISSING = "Rätt.", "Inte rätt än.", "Inget svar ännu."
NO_CASE = "Ingen uppgift här."


@pytest.fixture(scope="module")
def followup():
    return load_table("uppfoljning")


REPORT_DATE = "2026-09-30"  # the shipped data's: the last day of its latest quarter


def tool_decision(followup, contract_id, report_date=None):
    tool = FollowUpTool(followup, contract_id=contract_id, report_date=report_date)
    tool.button.click()
    return tool.decision


def feedback(result) -> str:
    return result.data


# --- the statuses are FollowUpTool's ----------------------------------------------------------------

@pytest.mark.parametrize("report_date", [REPORT_DATE, "2025-06-30", "2026-03-31", "2028-12-31"])
def test_statuses_are_the_ones_the_tool_shows(followup, report_date):
    statuses = kontroll.contract_statuses(followup, report_date)
    assert list(statuses.index) == sorted(followup["kontrakt_id"].unique())
    for contract_id, row in statuses.iterrows():
        decision = tool_decision(followup, contract_id, report_date)
        if decision is None:  # the tool showed a Swedish error: the contract has not started
            assert pd.isna(row["status"]) and pd.Timestamp(report_date) < followup.loc[
                followup["kontrakt_id"] == contract_id, "kontraktsstart"].iloc[0]
        else:
            assert row["outcome"] == decision.outcome
            assert row["status"] == kontroll.STATUS_NAMES[decision.outcome]


def test_the_shipped_data_gives_the_cases_the_exercise_is_written_for(followup):
    contract = kontroll.scenario_contract(followup)
    assert tool_decision(followup, contract).outcome == "behind"
    expected = {c for c in followup["kontrakt_id"].unique()
                if tool_decision(followup, c).outcome in ("behind", "deviation")}
    assert kontroll.action_contracts(followup) == expected and expected
    case = kontroll.early_end_case(followup)
    rows = followup[(followup["kontrakt_id"] == case) & (followup["kvartal"] <= REPORT_DATE)]
    assert (rows["avbrutna_anstallningar"] > 0).any()
    assert rows["levererade_heltidsmanader"].sum() < rows["atagande_heltidsmanader"].iloc[0]


def test_scenario_contract_falls_back_to_the_first_when_none_is_behind(followup):
    not_behind = followup[~followup["kontrakt_id"].isin(
        [c for c in followup["kontrakt_id"].unique() if tool_decision(followup, c).outcome == "behind"])]
    assert kontroll.scenario_contract(not_behind) == sorted(not_behind["kontrakt_id"].unique())[0]


def test_swedish_date():
    assert kontroll.swedish_date("2025-12-31") == "31 december 2025"


def test_the_report_date_comes_from_the_data_or_today(followup):
    """The last day of the latest quarter reported, but never after today (a fixed clock here)."""
    assert default_report_date(followup, today=dt.date(2026, 12, 6)) == REPORT_DATE
    assert default_report_date(followup, today=dt.date(2026, 8, 15)) == "2026-08-15"
    later = followup.assign(kvartal=followup["kvartal"] + pd.DateOffset(years=2))
    assert default_report_date(later, today=dt.date(2030, 1, 1)) == "2028-09-30"


# --- task 1 ------------------------------------------------------------------------------------------

def test_task_1(followup):
    contract = kontroll.scenario_contract(followup)
    status = kontroll.STATUS_NAMES[tool_decision(followup, contract).outcome]
    right = feedback(kontroll.task_1(status.upper(), followup))
    assert RIGHT in right and contract in right
    other = next(name for name in kontroll.STATUS_NAMES.values() if name != status)
    wrong = feedback(kontroll.task_1(other, followup))
    assert WRONG in wrong and "Det stämmer inte här." in wrong
    assert MISSING in feedback(kontroll.task_1(None, followup))
    malformed = feedback(kontroll.task_1(3, followup))
    assert WRONG in malformed and "Välj ett av alternativen: uppfyllt, inte uppfyllt" in malformed


def test_task_1_when_no_contract_has_started(followup):
    later = followup.copy()
    for column in ("kontraktsstart", "kontraktsslut", "kvartal", "forsta_anstallning_start"):
        later[column] = later[column] + pd.DateOffset(years=10)
    result = feedback(kontroll.task_1("efter plan", later))
    assert NO_CASE in result and "går inte att följa upp" in result


# --- task 2 ------------------------------------------------------------------------------------------

def test_task_2(followup):
    expected = sorted(c for c in followup["kontrakt_id"].unique()
                      if tool_decision(followup, c).outcome in ("behind", "deviation"))
    assert RIGHT in feedback(kontroll.task_2(expected, followup))
    assert RIGHT in feedback(kontroll.task_2("; ".join(reversed(expected)), followup))
    assert RIGHT in feedback(kontroll.task_2(", ".join(expected).lower(), followup))  # ids read in capitals
    assert RIGHT in feedback(kontroll.task_2(str(expected), followup))  # the list as Python writes it
    wrong = feedback(kontroll.task_2([*expected[1:], "K-2024-03"], followup))
    assert WRONG in wrong and "som saknas i ditt svar: 1" in wrong and "(K-2024-03)" in wrong
    assert MISSING in feedback(kontroll.task_2(None, followup))
    malformed = feedback(kontroll.task_2(5, followup))
    assert WRONG in malformed and "Svaret ska vara en lista med kontraktens id" in malformed


def test_task_2_with_no_contract_to_act_on(followup):
    done = followup[followup["kontrakt_id"].isin(
        [c for c in followup["kontrakt_id"].unique() if tool_decision(followup, c).outcome in ("met", "not_met")])]
    assert RIGHT in feedback(kontroll.task_2([], done))
    wrong = feedback(kontroll.task_2(["K-2024-03"], done))
    # What is wrong, not the right answer: the extra contract is named, the empty list is not given.
    assert WRONG in wrong and "1 av dina kontrakt ska inte vara med (K-2024-03)" in wrong
    assert "tom lista" not in wrong and "saknas" not in wrong


# --- task 3 ------------------------------------------------------------------------------------------

def answer_from_tool(followup, contract_id):
    outcome = tool_decision(followup, contract_id).outcome
    return {"met": "ja", "not_met": "nej"}.get(outcome, "inte än")


def test_task_3(followup):
    case = kontroll.early_end_case(followup)
    correct = answer_from_tool(followup, case)
    right = feedback(kontroll.task_3(correct, followup))
    assert RIGHT in right and case in right and "75 procent" in right
    wrong = feedback(kontroll.task_3(next(a for a in ("ja", "nej", "inte än") if a != correct), followup))
    assert WRONG in wrong and "vore rätt om" in wrong
    assert "Åtagandet" not in wrong and "räknas som uppfyllt" not in wrong  # the verdict is not given
    assert MISSING in feedback(kontroll.task_3(None, followup))
    malformed = feedback(kontroll.task_3("kanske", followup))
    assert WRONG in malformed and "Välj ett av alternativen: ja, nej, inte än" in malformed


@pytest.mark.parametrize(("delivered_share", "end", "answer"), [
    (0.75, "2025-06-30", "ja"),        # exactly 75 %: met
    (0.74, "2025-06-30", "nej"),       # 74 % and the contract has ended
    (0.74, "2026-06-30", "inte än"),   # 74 % and the contract runs on
])
def test_task_3_follows_the_75_percent_rule(delivered_share, end, answer):
    quarters = pd.date_range("2024-01-01", "2025-04-01", freq="QS")
    committed = 100
    per_quarter = [round(committed * delivered_share / len(quarters), 1)] * len(quarters)
    per_quarter[-1] = round(committed * delivered_share - sum(per_quarter[:-1]), 1)
    followup = pd.DataFrame({
        "kontrakt_id": "K-2025-09", "leverantor": "Påhittad AB", "kontraktsstart": pd.Timestamp("2024-01-01"),
        "kontraktsslut": pd.Timestamp(end), "atagande_heltidsmanader": committed, "kvartal": quarters,
        "levererade_heltidsmanader": per_quarter, "forsta_anstallning_start": pd.Timestamp("2024-02-01"),
        "avbrutna_anstallningar": [0, 1, 0, 0, 0, 0],
    })
    assert kontroll.early_end_answer(followup) == answer == answer_from_tool(followup, "K-2025-09")
    assert RIGHT in feedback(kontroll.task_3(answer, followup))


def test_task_3_without_an_early_end(followup):
    none_ended = followup.assign(avbrutna_anstallningar=0)
    assert kontroll.early_end_case(none_ended) is None
    assert NO_CASE in feedback(kontroll.task_3("ja", none_ended))
    assert "har ingen anställning upphört i förtid" in kontroll.early_end_sentence(none_ended)


# --- the page on other data ------------------------------------------------------------------------

def shipped_rows() -> tuple[list[str], list[list[str]]]:
    header, *rows = list(csv.reader(io.StringIO((DATA_DIR / "uppfoljning.csv").read_text(encoding="utf-8"))))
    return header, rows


def variant(name: str) -> str:
    """uppfoljning.csv changed in one of the ways a trainer's own file might differ."""
    header, rows = shipped_rows()
    col = {column: index for index, column in enumerate(header)}
    if name == "half":  # every other contract
        keep = sorted({row[0] for row in rows})[::2]
        rows = [row for row in rows if row[0] in keep]
    elif name == "no_early_end":
        for row in rows:
            row[col["avbrutna_anstallningar"]] = "0"
    elif name == "later":  # everything a year later: some contracts have not started on the report date
        for row in rows:
            for column in ("kontraktsstart", "kontraktsslut", "kvartal", "forsta_anstallning_start"):
                if row[col[column]]:
                    row[col[column]] = str(int(row[col[column]][:4]) + 1) + row[col[column]][4:]
    elif name == "not_started":  # no contract has started on the report date
        for row in rows:
            for column in ("kontraktsstart", "kontraktsslut", "kvartal", "forsta_anstallning_start"):
                if row[col[column]]:
                    row[col[column]] = str(int(row[col[column]][:4]) + 5) + row[col[column]][4:]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue()


def execute_page(data_dir, monkeypatch):
    import jupytext
    import nbclient

    monkeypatch.setenv("UPPHANDLINGSKURS_DATA", str(data_dir))
    notebook = jupytext.read(PAGE)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(PAGE.parent)}}).execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def output_text(cell, mime="text/plain") -> str:
    return "".join(output.get("data", {}).get(mime, "") for output in cell.get("outputs", []))


@pytest.mark.parametrize("name", ["shipped", "half", "no_early_end", "later", "not_started"])
def test_the_page_runs_and_its_solution_agrees_with_the_check(name, tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    if name != "shipped":
        (data_dir / "uppfoljning.csv").write_text(variant(name), encoding="utf-8")
    followup = load_table("uppfoljning", data_dir / "uppfoljning.csv")
    cells = execute_page(data_dir, monkeypatch)
    for cell in cells:
        assert not any(output.get("output_type") == "error" or output.get("name") == "stderr"
                       for output in cell.get("outputs", [])), cell.source
    solution = next(cell for cell in cells if "sorted(per_kontrakt[" in cell.source)
    assert set(ast.literal_eval(output_text(solution))) == kontroll.action_contracts(followup)
    tools = [cell for cell in cells if "FollowUpTool(uppfoljning" in cell.source]
    # The chart keeps its text alternative, and the table under it has the same numbers.
    first_tool_html = output_text(tools[0], "text/html")
    if name == "not_started":  # the tool says so in Swedish instead of showing a chart
        assert "Kontrollera uppgifterna" in first_tool_html and "kan inte ligga före kontraktets start" in first_tool_html
    else:
        assert 'alt="Diagram: levererade månader på heltid' in first_tool_html
        assert "Diagrammets data: leverans per kvartal" in first_tool_html
    case_tool_html = output_text(tools[1], "text/html")
    if kontroll.early_end_case(followup) is None:
        assert case_tool_html == ""
    else:
        assert 'alt="Diagram: levererade månader på heltid' in case_tool_html
    checks = [cell for cell in cells if "kontroll.task_" in cell.source]
    assert len(checks) == 3
    assert all(MISSING in output_text(cell, "text/html") or NO_CASE in output_text(cell, "text/html")
               for cell in checks)
