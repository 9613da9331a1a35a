"""The notebook tools, driven from code: set the inputs, press the button, read the result.
Bad input gives a Swedish message in the tool, never a traceback; text from data is escaped."""

from __future__ import annotations

import pandas as pd
import pytest

from upphandlingskurs import load_table
from upphandlingskurs.tools import (
    EmploymentRequirementTool,
    FindEnterprisesTool,
    FollowUpTool,
    PlanScreeningTool,
    ReservedParticipationTool,
    WelfareReservationTool,
)
from upphandlingskurs.tools.base import STATIC_NOTE


@pytest.fixture(scope="module")
def enterprises():
    return load_table("foretag")


def press(tool):
    tool.button.click()
    return tool.output.value


def test_find_enterprises_filters_by_municipality(enterprises):
    kommun = enterprises["kommun"].value_counts().index[0]
    tool = FindEnterprisesTool(enterprises)
    tool.inputs["kommun"].value = kommun
    result = press(tool)
    expected = (enterprises["kommun"] == kommun).sum()
    assert f"{expected} organisationer matchar sökningen" in result
    assert tool.error is None


def test_find_enterprises_reports_no_match_and_bad_numbers(enterprises):
    tool = FindEnterprisesTool(enterprises)
    tool.inputs["min_sysselsatta"].value = "100000"
    assert "Inga företag matchar sökningen" in press(tool)
    tool.inputs["min_sysselsatta"].value = "många"
    result = press(tool)
    assert "Kontrollera uppgifterna" in result and "ska vara ett heltal, inte &#x27;många&#x27;" in result
    assert "Traceback" not in result


def test_enterprise_names_are_escaped(enterprises):
    evil = enterprises.head(1).copy()
    evil["namn"] = "<script>alert(1)</script>"
    result = press(FindEnterprisesTool(evil))
    assert "<script>alert(1)</script>" not in result and "&lt;script&gt;" in result


def test_reserved_participation_tool_fills_from_the_list_and_decides(enterprises):
    name = enterprises["namn"].iloc[0]
    row = enterprises.iloc[0]
    tool = ReservedParticipationTool(enterprises)
    tool.inputs["foretag"].value = name
    assert tool.inputs["sysselsatta"].value == str(row["antal_sysselsatta"])
    result = press(tool)
    assert "Lagrum: 4 kap. 18 § LOU" in result


@pytest.mark.parametrize(
    ("occupied", "target", "expected"),
    [("10", "3", "får delta"), ("10", "2", "får inte delta"), ("5", "6", "kan inte vara större än antal sysselsatta")],
)
def test_reserved_participation_tool_boundaries(enterprises, occupied, target, expected):
    tool = ReservedParticipationTool(enterprises)
    tool.inputs["sysselsatta"].value, tool.inputs["malgrupp"].value = occupied, target
    assert expected in press(tool)


def test_welfare_reservation_tool_refuses_an_unknown_format_and_checks_the_period():
    tool = WelfareReservationTool()
    tool.inputs["cpv"].value = "926"
    assert "har fel form" in press(tool)
    tool.inputs["cpv"].value = "12345678-9"
    assert "finns inte i kursens CPV-tabell" in press(tool)
    tool.inputs["cpv"].value = "92600000-7"
    assert "finns inte i kursens CPV-tabell" not in press(tool)
    tool.inputs["avtalstid"].value = "37"
    assert "får inte reserveras" in press(tool)
    tool.inputs["avtalstid"].value = "36"
    assert "får reserveras" in press(tool)


def test_plan_screening_tool_filters_by_department_and_priority():
    plan = load_table("upphandlingsplan")
    department = plan["forvaltning"].iloc[0]
    tool = PlanScreeningTool(plan)
    tool.inputs["forvaltning"].value = department
    tool.inputs["min_prioritet"].value = "0"
    result = press(tool)
    assert f"{(plan['forvaltning'] == department).sum()} av {(plan['forvaltning'] == department).sum()} upphandlingar" in result
    tool.inputs["min_prioritet"].value = "4"
    assert "kan inte vara större än 3" in press(tool)


# Made-up amounts in kronor for the tests, not the real thresholds for the plan's period.
TYPED = {"troskelvarde_varor_och_tjanster": "2 000 000", "troskelvarde_byggentreprenader": "50000000",
         "troskelvarde_sociala_tjanster": "7 000 000"}
TYPED_BY_KIND = {"varor och tjänster, övriga upphandlande myndigheter": "2 000 000",
                 "byggentreprenader": "50000000", "sociala och andra särskilda tjänster": "7 000 000"}


def test_plan_screening_tool_has_empty_fields_for_the_amounts_the_table_lacks(plan_period_without_kronor):
    from upphandlingskurs.rules.procedure import PUBLISHED_AT

    tool = PlanScreeningTool(load_table("upphandlingsplan"))
    assert [key for key in tool.inputs if key.startswith("troskelvarde")] == list(TYPED)
    assert all(tool.inputs[key].value == "" for key in TYPED)
    assert tool.inputs["troskelvarde_byggentreprenader"].description == "Tröskelvärdet för byggentreprenader i kronor"
    assert tool.inputs["troskelvarde_varor_och_tjanster"].description == \
        "Tröskelvärdet för varor och tjänster (övriga upphandlande myndigheter) i kronor"
    assert "direktupphandlingsgrans" not in tool.inputs  # the fixed limit is in the table
    help_line = tool.amount_help.value
    assert "1 januari 2026–31 december 2027" in help_line and f'href="{PUBLISHED_AT}"' in help_line
    children = list(tool.widget().children)
    assert children.index(tool.amount_help) + 1 == children.index(tool.inputs["troskelvarde_varor_och_tjanster"])
    result = press(tool)
    assert "kan inte avgöras" in result and "Kursens tabell saknar" in result


def test_plan_screening_tool_decides_with_typed_amounts(plan_period_without_kronor):
    from upphandlingskurs.screening import screen_plan

    plan = load_table("upphandlingsplan")
    tool = PlanScreeningTool(plan, min_priority=0)
    for key, value in TYPED.items():
        tool.inputs[key].value = value
    result = press(tool)
    assert tool.error is None and "kan inte avgöras" not in result and "Kursens tabell saknar" not in result
    screened = screen_plan(plan, own_amounts=TYPED_BY_KIND)
    assert not screened["saknat_belopp"].any()
    for label in set(screened["forfarande"].astype(str)):
        assert label in result
    prefilled = PlanScreeningTool(plan, own_amounts=TYPED_BY_KIND)
    assert {key: prefilled.inputs[key].value for key in TYPED} == TYPED
    assert press(prefilled) == press(PlanScreeningTool(plan, own_amounts={
        kind: value.replace(" ", "") for kind, value in TYPED_BY_KIND.items()}))


@pytest.mark.parametrize(("value", "message"), [
    ("femtio miljoner", "Tröskelvärdet för byggentreprenader i kronor ska vara ett heltal, inte &#x27;femtio miljoner&#x27;."),
    ("0", "Tröskelvärdet för byggentreprenader i kronor kan inte vara mindre än 1 (angivet: 0)."),
    ("-5", "Tröskelvärdet för byggentreprenader i kronor kan inte vara mindre än 1 (angivet: -5)."),
])
def test_plan_screening_tool_refuses_a_bad_amount_in_swedish(plan_period_without_kronor, value, message):
    tool = PlanScreeningTool(load_table("upphandlingsplan"))
    tool.inputs["troskelvarde_byggentreprenader"].value = value
    result = press(tool)
    assert "Kontrollera uppgifterna:" in result and message in result and "Traceback" not in result
    tool.inputs["troskelvarde_byggentreprenader"].value = ""
    assert "Kontrollera uppgifterna:" not in press(tool)


def test_employment_requirement_tool_writes_the_condition():
    tool = EmploymentRequirementTool()
    tool.inputs["avtalstid"].value, tool.inputs["personer"].value, tool.inputs["manader"].value = "36", "3", "10"
    result = press(tool)
    assert "minst 30 månader på heltid" in result and "Förslag till villkorstext" in result
    tool.inputs["manader"].value = "40"
    assert "kan inte vara längre än avtalstiden" in press(tool)


def test_follow_up_tool_shows_status_chart_and_table():
    followup = load_table("uppfoljning")
    contract = sorted(followup["kontrakt_id"].unique())[0]
    tool = FollowUpTool(followup, contract_id=contract)
    result = press(tool)
    assert 'alt="Diagram: levererade månader på heltid' in result
    assert "Diagrammets data: leverans per kvartal" in result and tool.decision is not None
    tool.inputs["datum"].value = "31/12/2025"
    assert "ska vara ett datum på formen ÅÅÅÅ-MM-DD" in press(tool)


def test_the_follow_up_tool_redraws_its_chart_as_a_new_one_would():
    """The tool draws every contract on one reused figure; nothing of the last contract may stay."""
    followup = load_table("uppfoljning")
    first, *_, last = sorted(followup["kontrakt_id"].unique())
    tool = FollowUpTool(followup, contract_id=first)
    press(tool)
    tool.inputs["kontrakt"].value = last
    assert press(tool) == FollowUpTool(followup, contract_id=last).update()


def quarters(deliveries: list[float], start: str = "2024-01-01") -> pd.DataFrame:
    """A follow-up table for one contract, as follow_up_table makes it."""
    table = pd.DataFrame({"kvartal": pd.date_range(start, periods=len(deliveries), freq="QS"),
                          "levererade_heltidsmanader": deliveries, "avbrutna_anstallningar": 0})
    table["levererat_totalt"] = table["levererade_heltidsmanader"].cumsum().round(1)
    return table


@pytest.mark.parametrize(("deliveries", "outcome"), [
    ([2, 3, 3], "Linjen når inte upp till 75 procent av åtagandet."),
    ([3, 3, 2, 1.5], "Linjen når 75 procent av åtagandet fjärde kvartalet 2024 men inte hela åtagandet."),
    ([6, 6, 0.5], "Linjen når hela åtagandet andra kvartalet 2024."),
])
def test_the_chart_is_described_from_its_data(deliveries, outcome):
    from upphandlingskurs.tools.follow_up import follow_up_chart_description

    text = follow_up_chart_description(quarters(deliveries), committed=12, contract_id="K-1")
    total = f"{sum(deliveries):g}".replace(".", ",")
    assert text.startswith("Diagram: levererade månader på heltid totalt per kvartal för kontrakt K-1, "
                           "från första kvartalet 2024 till ")
    assert f"Efter {len(deliveries)} kvartal är {total} av 12 utlovade månader levererade." in text
    assert "En streckad linje visar åtagandet, 12 månader, och en prickad linje 75 procent av åtagandet, 9 månader." in text
    assert outcome in text and text.endswith("Samma siffror står i tabellen under diagrammet.")


def test_the_chart_comes_with_its_data_table_and_escaped_text():
    from upphandlingskurs.tools.follow_up import follow_up_chart_html

    result = follow_up_chart_html(quarters([1.5, 2]), committed=12, contract_id="<K&1>")
    assert '<div class="kurs-diagram"><img src="data:image/svg+xml;base64,' in result
    assert "<K&1>" not in result and "kontrakt &lt;K&amp;1&gt;" in result
    assert result.index("<img") < result.index("<caption>Diagrammets data: leverans per kvartal, kontrakt &lt;K&amp;1&gt;")
    assert "<td>2024-04-01</td><td class=\"kurs-tal\">2</td><td class=\"kurs-tal\">0</td><td class=\"kurs-tal\">3,5</td>" in result


def test_tools_show_a_static_snapshot_for_the_web_book(enterprises):
    tool = ReservedParticipationTool(enterprises)
    bundle = tool._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert STATIC_NOTE in bundle["text/html"] and "Lagrum: 4 kap. 18 § LOU" in bundle["text/html"]


@pytest.mark.parametrize("count", [1, 7, 50])
def test_top_by_priority_gives_the_rows_a_full_sort_gives(count):
    from upphandlingskurs.screening import screen_plan, sort_by_priority, top_by_priority
    from upphandlingskurs.synthetic import generate_plan

    screened = screen_plan(generate_plan(5_000), sort=False)
    screened = pd.concat([screened, screened.head(200).assign(id=lambda f: f["id"] + "-kopia")])  # ties on value
    expected = sort_by_priority(screened).head(count)
    assert top_by_priority(screened, count)["id"].tolist() == expected["id"].tolist()


@pytest.mark.parametrize("count", [1, 7, 50])
def test_largest_first_gives_the_rows_a_full_sort_gives(count):
    from upphandlingskurs.screening import largest_first
    from upphandlingskurs.synthetic import generate_enterprises

    found = generate_enterprises(5_000)  # many ties on the number occupied, broken by the name
    expected = found.sort_values(["antal_sysselsatta", "namn"], ascending=[False, True]).head(count)
    assert largest_first(found, count)["namn"].tolist() == expected["namn"].tolist()


def test_the_industry_filter_matches_whole_entries_of_the_list():
    from upphandlingskurs.screening import matching_enterprises

    enterprises = pd.DataFrame({
        "namn": ["A", "B", "C", "D", "E"],
        "branscher": ["tvätt", "biltvätt", "städning; tvätt ", "tvättstuga;café", None],
        "antal_sysselsatta": 5, "kommun": "Falun", "typ": "ASF", "tar_emot_praktik": "ja",
    })
    keep = matching_enterprises(enterprises, industry="tvätt")
    assert enterprises.loc[keep, "namn"].tolist() == ["A", "C"]
