"""The apps of `make workshop` without a browser: what the conversion keeps and leaves out, every
app run in a kernel (on the shipped data and on generated data), the answer forms, the Swedish
messages for a failing cell, and a start that stops with a Swedish message when something is wrong."""

from __future__ import annotations

import json
from html import escape as html_escape
import re
import shutil
import socket
import subprocess
import sys

import nbclient
import nbformat
import pytest

from conftest import ROOT
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.network import addresses
from upphandlingskurs.synthetic import generate_enterprises
from upphandlingskurs.workshop_app import kernel, server
from upphandlingskurs.workshop_app.convert import GLUE_MARK_PATTERN, convert

SOURCES = server.exercise_sources()
NAMES = {source.stem for source in SOURCES}
# Plain sentences (no Markdown markup), long enough to be a solution's own words.
PLAIN_SENTENCE = re.compile(r"^[\wåäöÅÄÖéÉ ,.;:()–-]{40,}$")


def solution_lines(text: str) -> list[str]:
    """The lines inside the exercise's {solution} directives and between {solution-start} and
    {solution-end}, read straight from the source (not with the converter's parser)."""
    lines, inside, fence = [], False, None
    gated = False
    for line in text.split("\n"):
        if re.match(r"^`{3,}\{solution-start\}", line):
            gated = True
        elif re.match(r"^`{3,}\{solution-end\}", line):
            gated = False
        elif not inside and (match := re.match(r"^(`{3,}|:{3,})\{solution\}", line)):
            inside, fence = True, match[1]
        elif inside and line.strip() == fence:
            inside = False
        elif inside or gated:
            lines.append(line.strip())
    return lines


def app_text(notebook) -> str:
    return "\n".join(cell.source for cell in notebook.cells)


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.stem)
def test_the_app_has_no_solution_and_no_myst(source):
    text = source.read_text(encoding="utf-8")
    app = convert(source, NAMES)
    shown = app_text(app.notebook)
    hidden = [line for line in solution_lines(text) if PLAIN_SENTENCE.match(line) or line.startswith("svar = ")]
    assert hidden, "övningen har lösningar att leta efter"
    for line in hidden:
        if line.startswith("svar = None"):
            continue  # the answer cells are the participant's, not a solution
        assert line not in shown, f"lösningen syns i appen: {line!r}"
    for myst in ("{exercise}", "{solution", "{glue", "{download}", "{admonition}", ":::", "```", ".md)"):
        assert myst not in shown, f"MyST som Voilà inte kan visa: {myst}"
    assert app.title == re.search(r"^# (.+)$", text, re.MULTILINE)[1]


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.stem)
def test_every_answer_cell_becomes_an_answer_form(source):
    page_cells = re.findall(r"^svar = None.*\n(kontroll\.\w+\(svar[^\n]*\))$", source.read_text(encoding="utf-8"), re.MULTILINE)
    forms = [cell.source for cell in convert(source, NAMES).notebook.cells if "_app.answer_form(" in cell.source]
    assert len(forms) == len(page_cells) > 0
    for call, form in zip(page_cells, forms, strict=True):
        assert f"lambda svar: {call}" in form
    assert not any(re.search(r"^svar = None", cell.source, re.MULTILINE) for cell in convert(source, NAMES).notebook.cells)


def test_links_point_at_other_apps_and_chapters_become_text():
    app = convert(ROOT / "exercises" / "02-avgor-reservation.md", NAMES)
    shown = app_text(app.notebook)
    assert 'href="01-kartlagg-sociala-foretag.ipynb"' in shown
    assert "Kapitlet Reserverade kontrakt." in shown and "chapters/" not in shown
    assert 'href="../files/data/foretag.csv" download' in shown
    assert app.data_files == {"foretag.csv", "upphandlingsplan.csv"}


@pytest.fixture(scope="module")
def built_apps(tmp_path_factory):
    out = tmp_path_factory.mktemp("workshop-appar")
    return out, server.build(out)


def test_build_writes_every_app_the_data_files_and_the_landing_page(built_apps):
    from upphandlingskurs.data import DATA_DIR

    out, apps = built_apps
    assert [file for file, _ in apps] == [f"{source.stem}.ipynb" for source in SOURCES]
    for data_file in (out / "appar" / "data").iterdir():
        assert data_file.read_bytes() == (DATA_DIR / data_file.name).read_bytes()
    landing = (out / "jupyter" / "voila" / "templates" / "kurs" / "kurs_ovningar.html").read_text(encoding="utf-8")
    assert all(title in landing for _, title in apps)


def run_app(path) -> nbformat.NotebookNode:
    """Run an app's notebook as Voilà does: in a new kernel, in the apps' folder."""
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return notebook


EMBEDDED_CODE = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S)
TAG = re.compile(r"<[^>]*>")


def output_problems(notebook) -> list[str]:
    problems = []
    forms = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output["output_type"] == "error" or output.get("name") == "stderr":
                problems.append(f"{output['output_type']}: {json.dumps(output)[:300]}")
            data = output.get("data", {})
            # A glue value left unfilled shows as {name} in the text; scripts, styles and attributes
            # (the data of a tool or a table) have braces of their own.
            shown = TAG.sub(" ", EMBEDDED_CODE.sub("", data.get("text/html", "")))
            if GLUE_MARK_PATTERN.search(shown) or "{" in shown.replace("{{", ""):
                problems.append(f"ett inlimmat värde saknas: {shown[:200]}")
            if "_app.answer_form(" in cell.source:
                forms += "application/vnd.jupyter.widget-view+json" in data
    expected_forms = sum("_app.answer_form(" in cell.source for cell in notebook.cells)
    if forms != expected_forms:
        problems.append(f"{forms} av {expected_forms} svarsrutor visas som widget")
    return problems


@pytest.mark.workshop
@pytest.mark.parametrize("index", range(len(SOURCES)), ids=[source.stem for source in SOURCES])
def test_every_app_runs_without_errors(built_apps, index):
    out, apps = built_apps
    notebook = run_app(out / "appar" / apps[index][0])
    assert output_problems(notebook) == []


@pytest.mark.workshop
@pytest.mark.parametrize("index", range(len(SOURCES)), ids=[source.stem for source in SOURCES])
def test_every_app_runs_on_a_trainers_own_data(built_apps, other_data, index, monkeypatch):
    out, apps = built_apps
    monkeypatch.setenv("UPPHANDLINGSKURS_DATA", str(other_data))  # the kernel inherits it, as under Voilà
    notebook = run_app(out / "appar" / apps[index][0])
    assert output_problems(notebook) == []
    if apps[index][0].startswith("02-"):  # its text names the enterprise chosen from the data in use
        shown = "\n".join(output.get("data", {}).get("text/html", "")
                          for cell in notebook.cells for output in cell.get("outputs", []))
        generated = set(generate_enterprises(40, seed=7)["namn"])
        assert any(html_escape(name) in shown for name in generated)


# --- the answer forms ---------------------------------------------------------------------------

@pytest.mark.parametrize("typed, expected", [
    ("", None), ("   ", None), ("ja", "ja"), ('"ja"', "ja"), ("”ja”", "ja"), ("24", "24"), ("24,5", "24,5"),
    ('["UP-001", "UP-002"]', ["UP-001", "UP-002"]), ("UP-001, UP-002", "UP-001, UP-002"),
    ("’nej’", "nej"), ('("a",)', ("a",)),
])
def test_parse_answer_takes_what_a_participant_types(typed, expected):
    assert kernel.parse_answer(typed) == expected


@pytest.mark.parametrize("typed", ['["UP-001", "UP-002"', '"ja', "[tjugofyra", "(1, "])
def test_parse_answer_refuses_what_it_cannot_read_in_swedish(typed):
    with pytest.raises(kernel.AnswerFormatError, match="citattecknen och hakparenteserna"):
        kernel.parse_answer(typed)


@pytest.mark.parametrize("hint, sentence", [
    ('"ja" eller "nej"', 'Svara med "ja" eller "nej".'), ("en lista med namn", "Svara med en lista med namn."),
    ("till exempel 24", "Till exempel 24."), ("", ""),
    ("skriv ett av de fem alternativen inom citattecken", "Skriv ett av de fem alternativen inom citattecken."),
])
def test_the_hint_is_a_sentence(hint, sentence):
    assert kernel.hint_sentence(hint) == sentence


def test_an_answer_form_checks_with_the_exercise_check():
    from upphandlingskurs import load_table
    from upphandlingskurs.exercises import employment_design

    plan = load_table("upphandlingsplan")
    form = kernel.answer_form(lambda svar: employment_design.task_1(svar, plan), hint="till exempel 24")
    form.text.value = str(employment_design.total_months(plan))
    assert "kurs-svar-ratt" in form.check()
    form.text.value = str(employment_design.total_months(plan) + 1)
    assert "kurs-svar-fel" in form.check()
    form.text.value = ""
    assert kernel.NO_ANSWER_IN_APP in form.check()
    assert "variabeln" not in form.check()


def test_an_answer_form_never_shows_a_traceback(capfd):
    def broken(svar):
        raise ZeroDivisionError("division by zero")

    def bad_data(svar):
        raise CourseDataError("Filen foretag.csv saknar kolumnen namn.")

    form = kernel.answer_form(broken)
    form.text.value = "ja"
    shown = form.check()
    assert "Något gick fel." in shown and "ZeroDivisionError" not in shown and "Traceback" not in shown
    assert "ZeroDivisionError" in capfd.readouterr().err, "the trainer's terminal gets the traceback"
    form = kernel.answer_form(bad_data)
    form.text.value = "ja"
    assert "Filen foretag.csv saknar kolumnen namn." in form.check()


def test_glued_values_are_filled_in_escaped():
    kernel.start()
    kernel.glue("namn", "Företag <AB> & Co", display=False)
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shown = []
    shell.display_pub.publish = lambda data, **kwargs: shown.append(data)
    kernel.show_html("<p>{namn} deltar.</p>")
    assert shown[-1]["text/html"] == "<p>Företag &lt;AB&gt; &amp; Co deltar.</p>"
    with pytest.raises(KeyError, match="saknas|räknats"):
        kernel.show_html("<p>{okänd}</p>")


# --- Voilà's messages, and the start --------------------------------------------------------------

def test_a_failing_cell_shows_a_swedish_message_instead_of_voilas():
    executor = server._course_executor()
    cell = nbformat.v4.new_code_cell("1/0")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="varning"),
        nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=["Traceback …"]),
    ]
    executor.strip_code_cell_errors(executor.__new__(executor), cell)
    shown = json.dumps(cell.outputs, ensure_ascii=False)
    assert server.CELL_FAILED in shown
    assert "Traceback" not in shown and "ZeroDivisionError" not in shown and "varning" not in shown
    data_cell = nbformat.v4.new_code_cell("load_table('foretag')")
    data_cell.outputs = [nbformat.v4.new_output("error", ename="CourseDataError", evalue="Filen foretag.csv finns inte.", traceback=[])]
    executor.strip_code_cell_errors(executor.__new__(executor), data_cell)
    assert "Filen foretag.csv finns inte." in json.dumps(data_cell.outputs, ensure_ascii=False)
    executor.show_code_cell_timeout(executor.__new__(executor), cell)
    assert server.CELL_TIMED_OUT in json.dumps(cell.outputs, ensure_ascii=False)


def test_the_start_message_is_swedish_and_names_every_address():
    message = server.started_message("0.0.0.0", 8866)
    assert "http://localhost:8866/" in message and "Stoppa servern med Ctrl+C" in message
    assert all(url in message for url in addresses("0.0.0.0", 8866))
    assert "bara nås från den här datorn" in server.started_message("127.0.0.1", 8866)


def run_main(args, tmp_path, env_extra=None):
    import os

    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "upphandlingskurs.workshop_app", "--out", str(tmp_path / "ut"), *args],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def test_a_broken_data_folder_stops_the_start_with_a_swedish_message(tmp_path):
    folder = tmp_path / "mina-data"
    shutil.copytree(ROOT / "data", folder)
    (folder / "foretag.csv").write_text("namn;kommun\nEtt företag;Falun\n", encoding="utf-8")
    result = run_main(["--port", "0"], tmp_path, {"UPPHANDLINGSKURS_DATA": "mina-data"})  # relative, as a trainer may write it
    assert result.returncode == 1
    assert "Workshopläget kan inte starta." in result.stderr and "foretag.csv" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_port_in_use_stops_the_start_with_a_swedish_message(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_main(["--host", "127.0.0.1", "--port", str(port)], tmp_path)
    assert result.returncode == 1
    assert f"Porten {port} används redan" in result.stderr and f"PORT={port + 1}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("body, message", [
    ("```{note}\nEn ruta som appen inte känner.\n```\n", "kan inte visas i appen"),
    ("```{code-cell} ipython3\nsvar = 3\nkontroll.task_1(svar)\n```\n", "svarscellen"),
    ("```{solution-start} x\n```\n\nText.\n", "saknar {solution-end}"),
])
def test_myst_the_app_cannot_show_stops_the_conversion_with_a_swedish_message(tmp_path, body, message):
    from upphandlingskurs.workshop_app.convert import ConversionError

    page = tmp_path / "07-prov.md"
    header = (ROOT / "exercises" / "02-avgor-reservation.md").read_text(encoding="utf-8").split("# Övning", 1)[0]
    page.write_text(header + "# Övning 7: Prov\n\n" + body, encoding="utf-8")
    with pytest.raises(ConversionError, match=re.escape(message)):
        convert(page, {"07-prov"})
