"""The data check that `make book`, `make book-workshop`, `make pdf` and `make workshop` run first
(upphandlingskurs.datacheck): every problem in every file of a data folder in one Swedish list,
never a traceback, and a relative UPPHANDLINGSKURS_DATA read from the folder the command starts in."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from upphandlingskurs.datacheck import check_data_folder, data_folder_problems
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.schemas import TABLES

ENV = "UPPHANDLINGSKURS_DATA"

# What is broken in the bad folder, file by file, and the line the list must have for it.
BREAKAGES = {
    "foretag.csv": (",Falun,", ",Falu,",
                    "kolumn 'kommun', värde 'Falu': finns inte bland Sveriges kommuner i kommunkoder.csv"),
    "upphandlingsplan.csv": ("80110000-8", "12345678-9",
                             "kolumn 'cpv_kod', värde '12345678-9': finns inte i cpv.csv"),
    "kommuner.csv": ("Mora,Dalarnas län", "Mora,Värmlands län",
                     "kolumn 'lan', värde 'Värmlands län': kommunen ligger i Dalarnas län enligt kommunkoder.csv"),
    "regelparametrar.csv": ("andelskrav_procent,30,", "andelskrav_procent,trettio,",
                            "kolumn 'varde', värde 'trettio': är inte ett tal"),
}


def bad_folder(base: Path) -> Path:
    """A copy of data/ with one problem in each file of BREAKAGES, a second one in the plan, and a
    file that is missing."""
    folder = base / "mina-data"
    shutil.copytree(ROOT / "data", folder)
    for name, (old, new, _) in BREAKAGES.items():
        text = (folder / name).read_text(encoding="utf-8")
        assert old in text, f"{old} saknas i {name}"
        (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    plan = (folder / "upphandlingsplan.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    cells = plan[2].split(",")
    cells[3] = "1000000000000000000"  # 10^18 kr in the second data row (row 3)
    plan[2] = ",".join(cells)
    (folder / "upphandlingsplan.csv").write_text("".join(plan), encoding="utf-8")
    (folder / "lagrum.csv").unlink()
    return folder


def run_check(cwd: Path, data: str | None, *arguments: str) -> subprocess.CompletedProcess:
    """`python -m upphandlingskurs.datacheck` as the Makefile runs it."""
    env = {key: value for key, value in os.environ.items() if key != ENV}
    if data is not None:
        env[ENV] = data
    return subprocess.run([sys.executable, "-m", "upphandlingskurs.datacheck", *arguments],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_every_problem_in_every_file_in_one_swedish_list(tmp_path):
    folder = bad_folder(tmp_path)
    result = run_check(tmp_path, "mina-data")  # relative, as a trainer may write it
    assert result.returncode == 1
    assert result.stdout == ""
    message = result.stderr
    assert "Traceback" not in message and "Error" not in message
    assert message.startswith(f"Kursens data i mappen {folder} kan inte användas: 5 filer har fel.")
    for name, (_, _, problem) in BREAKAGES.items():
        assert f"Filen {folder / name} (" in message
        assert problem in message, problem
    assert "rad 3, kolumn 'uppskattat_varde_kr', värde '1000000000000000000': kan inte vara större än" in message
    assert f"Filen {folder / 'lagrum.csv'} (Lagrumsregistret: paragraferna kursen hänvisar till) finns inte." in message
    # Each problem names its row: the spreadsheet row of the line that was changed.
    foretag = (folder / "foretag.csv").read_text(encoding="utf-8").splitlines()
    row = 1 + next(i for i, line in enumerate(foretag) if ",Falu," in line)
    assert f"rad {row}, kolumn 'kommun', värde 'Falu'" in message


def test_the_same_list_from_the_function_the_workshop_uses(tmp_path):
    folder = bad_folder(tmp_path)
    problems = data_folder_problems(folder)
    assert len(problems) == 5
    with pytest.raises(CourseDataError) as raised:
        check_data_folder(folder)
    assert all(problem in str(raised.value) for problem in problems)


def test_a_relative_folder_is_read_from_where_the_command_starts(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "mina-data")
    result = run_check(tmp_path, "mina-data")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (f"Kursens data i mappen {tmp_path / 'mina-data'} är kontrollerade: "
                                     f"alla {len(TABLES)} filer går att använda.")
    # The same folder given as an argument, from another folder.
    (tmp_path / "annan").mkdir()
    assert run_check(tmp_path / "annan", None, "../mina-data").returncode == 0


def test_a_relative_folder_means_the_same_folder_in_a_pages_kernel(tmp_path):
    """A page's kernel runs in the page's folder (exercises/); the relative folder must still be the
    one beside the command, here for the page check that writers run."""
    folder = tmp_path / "mina-data"
    shutil.copytree(ROOT / "data", folder)
    old, new, _ = BREAKAGES["foretag.csv"]
    (folder / "foretag.csv").write_text((ROOT / "data" / "foretag.csv").read_text(encoding="utf-8").replace(old, new, 1),
                                        encoding="utf-8")
    env = {**os.environ, ENV: "mina-data"}
    page = ROOT / "exercises" / "01-kartlagg-sociala-foretag.md"
    result = subprocess.run([sys.executable, "-m", "upphandlingskurs.pagecheck", str(page)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert f"Filen {folder / 'foretag.csv'} (" in result.stdout
    assert "kolumn 'kommun', värde 'Falu'" in result.stdout
    assert str(ROOT / "exercises" / "mina-data") not in result.stdout


def test_a_folder_that_does_not_exist_is_named(tmp_path):
    result = run_check(tmp_path, "finns-inte")
    assert result.returncode == 1
    assert result.stderr.strip().endswith(f"Mappen {tmp_path / 'finns-inte'} finns inte. Kontrollera sökvägen i {ENV}.")
    assert "Traceback" not in result.stderr


def test_the_makefile_checks_the_data_first_with_a_relative_folder(tmp_path):
    """`make book` runs the check before it builds: here the Makefile's own datacheck target, in an
    empty folder with a stand-in for the virtual environment's stamp, so nothing is installed."""
    if shutil.which("make") is None:
        pytest.skip("make saknas")
    bad_folder(tmp_path)
    for name in ("requirements.txt", "pyproject.toml"):
        (tmp_path / name).write_text("", encoding="utf-8")
        os.utime(tmp_path / name, (1, 1))
    (tmp_path / "stamp").write_text("", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != ENV}
    result = subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "datacheck", "STAMP=stamp",
         f"BIN={Path(sys.executable).parent}", f"{ENV}=mina-data"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"Kursens data i mappen {tmp_path / 'mina-data'} kan inte användas: 5 filer har fel.")
    assert "Traceback" not in result.stderr
    # Besides the Swedish list, only make's own last line that the command stopped.
    assert [line for line in lines if line.startswith("make")] == [lines[-1]]
    # The same folder, made absolute, is what the build's commands (and the pages' kernels) get.
    shown = subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "--eval", "visa-data: ; @echo \"$$" + ENV + "\"",
         "visa-data", f"{ENV}=mina-data"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert shown.stdout.strip() == str(tmp_path / "mina-data")
