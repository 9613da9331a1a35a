"""upphandlingskurs/table_cache.py: in the build, a table is checked once and read back by the other
pages' kernels, without pandera; the same table as checked, and never one with problems."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT
from upphandlingskurs import data, table_cache
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.schemas import TABLES

# A kernel that reads two tables (foretag is checked against kommunkoder.csv) and says whether it
# imported pandera, and what it read.
KERNEL = """
import sys
from upphandlingskurs import load_table
foretag = load_table("foretag")
parametrar = load_table("regelparametrar")
print("pandera" in sys.modules, len(foretag), foretag.attrs["source"])
"""


def run_kernel(env: dict[str, str]) -> list[str]:
    result = subprocess.run([sys.executable, "-c", KERNEL], capture_output=True, text=True, env=env,
                            cwd=ROOT / "chapters", timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.fixture
def data_folder(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


@pytest.fixture
def cache_env(tmp_path, data_folder):
    """The environment of a page's kernel in the build, on a copy of the data."""
    env = {key: value for key, value in os.environ.items() if key != table_cache.CACHE_ENV}
    env.update({table_cache.CACHE_ENV: str(tmp_path / "tabellcache"), data.DATA_ENV: str(data_folder)})
    return env


def test_the_second_kernel_reads_the_checked_tables_back_without_pandera(cache_env, data_folder, tmp_path):
    first = run_kernel(cache_env)
    assert first[0] == "True", "den första kärnan kontrollerar tabellerna med pandera"
    kept = sorted(path.name.split("-")[0] for path in (tmp_path / "tabellcache").glob("*.pkl"))
    assert kept == ["foretag", "kommunkoder", "regelparametrar"]
    second = run_kernel(cache_env)
    assert second == ["False", *first[1:]], "den andra läser tillbaka samma tabeller utan pandera"
    assert second[2] == str(data_folder / "foretag.csv")


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_kept_table_is_the_table_as_checked(name, tmp_path, monkeypatch):
    checked = data.load_table(name)
    monkeypatch.setenv(table_cache.CACHE_ENV, str(tmp_path))
    first = data.load_table(name)  # checked and kept
    assert list(tmp_path.glob(f"{name}-*.pkl"))
    again = data.load_table(name)  # read back
    for frame in (first, again):
        pd.testing.assert_frame_equal(frame, checked, check_exact=True)
        assert frame.attrs == checked.attrs
    assert again is not first


def test_a_changed_file_or_a_changed_referenced_file_is_checked_again(data_folder, monkeypatch, tmp_path):
    monkeypatch.setenv(table_cache.CACHE_ENV, str(tmp_path / "cache"))
    file = data_folder / "foretag.csv"
    before = data.load_table("foretag", file)
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    file.write_text("".join(lines[:-1]), encoding="utf-8")  # one enterprise fewer
    assert len(data.load_table("foretag", file)) == len(before) - 1
    # foretag.csv is checked against kommunkoder.csv in the same folder: without the enterprise's
    # municipality there, the kept table must not be used.
    codes = data_folder / "kommunkoder.csv"
    municipality = str(before["kommun"].iloc[0])
    codes.write_text("".join(line for line in codes.read_text(encoding="utf-8").splitlines(keepends=True)
                             if f",{municipality}," not in line), encoding="utf-8")
    with pytest.raises(CourseDataError) as problem:
        data.load_table("foretag", file)
    assert municipality in str(problem.value)


def test_a_table_with_problems_is_never_kept(data_folder, monkeypatch, tmp_path):
    monkeypatch.setenv(table_cache.CACHE_ENV, str(tmp_path / "cache"))
    file = data_folder / "upphandlingsplan.csv"
    text = file.read_text(encoding="utf-8")
    columns = text.splitlines()[0].count(",") + 1
    file.write_text(text + ",".join(["x"] * columns) + "\n", encoding="utf-8")  # a row of nonsense
    for _ in range(2):  # the same message, every time
        with pytest.raises(CourseDataError, match="upphandlingsplan.csv"):
            data.load_table("upphandlingsplan", file)
    assert not list((tmp_path / "cache").glob("upphandlingsplan-*"))


def test_a_damaged_kept_file_is_checked_again(monkeypatch, tmp_path):
    monkeypatch.setenv(table_cache.CACHE_ENV, str(tmp_path))
    checked = data.load_table("regelparametrar")
    [kept] = tmp_path.glob("regelparametrar-*.pkl")
    kept.write_bytes(b"inte en tabell")
    pd.testing.assert_frame_equal(data.load_table("regelparametrar"), checked)


def test_outside_the_build_nothing_is_kept(monkeypatch, tmp_path):
    monkeypatch.delenv(table_cache.CACHE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    data.load_table("regelparametrar")
    assert table_cache.entry("regelparametrar", ROOT / "data" / "regelparametrar.csv", []) is None
    assert not list(tmp_path.rglob("*.pkl"))

