"""Generated data for tests and benchmarks: enterprise lists and procurement plans of any size
that pass the same schemas as the shipped files, but differ from them in every other way.

The tests use them to show that no exercise is tuned to the shipped data; the benchmark uses
100 000 rows. Everything is reproducible from the seed. Nothing here is shown to participants.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from upphandlingskurs.data import load_table
from upphandlingskurs.schemas import DALARNAS_KOMMUNER, ENTERPRISE_TYPES, INDUSTRIES, LEGAL_FORMS


def generate_enterprises(count: int, seed: int = 1) -> pd.DataFrame:
    """``count`` made-up organisations with the columns of data/foretag.csv."""
    rng = np.random.default_rng(seed)
    kinds = rng.choice(ENTERPRISE_TYPES, size=count, p=[0.5, 0.3, 0.2])
    occupied = rng.integers(0, 60, size=count)
    target = (occupied * rng.uniform(0, 1, size=count)).astype(int)
    yes_no = np.array(["ja", "nej"])
    industries = [";".join(sorted(rng.choice(INDUSTRIES, size=rng.integers(1, 3), replace=False))) for _ in range(count)]
    return pd.DataFrame({
        "namn": [f"Provorganisation {i + 1}" for i in range(count)],
        "kommun": rng.choice(DALARNAS_KOMMUNER, size=count),
        "typ": kinds,
        "registrerad_ideburen": np.where((kinds == "idéburen organisation") & (rng.uniform(size=count) < 0.5), "ja", "nej"),
        "juridisk_form": rng.choice(LEGAL_FORMS, size=count),
        "branscher": industries,
        "antal_sysselsatta": occupied,
        "antal_malgrupp": target,
        "syfte_integration": rng.choice(yes_no, size=count),
        "aterinvesterar_vinst": rng.choice(yes_no, size=count),
        "delaktighet": rng.choice(yes_no, size=count),
        "erbjuder": "Tjänster för provändamål",
        "tar_emot_praktik": rng.choice(yes_no, size=count),
        "kontakt": [f"info{i + 1}@prov.example" for i in range(count)],
    })


def generate_plan(count: int, seed: int = 1) -> pd.DataFrame:
    """``count`` made-up planned procurements with the columns of data/upphandlingsplan.csv, using
    the CPV codes of data/cpv.csv.

    The advertising days fall in the calendar year of the plan in use (its first advertising day),
    so a generated plan lies in the same period of amounts as the plan the exercises use and moves
    with it when the plan file is updated."""
    rng = np.random.default_rng(seed)
    shipped = load_table("upphandlingsplan")
    codes = load_table("cpv")["cpv_kod"].to_numpy()
    values = np.round(10 ** rng.uniform(4.5, 8, size=count)).astype(int)
    year = pd.Timestamp(shipped["planerad_annonsering"].min()).year
    first_day = pd.Timestamp(year=year, month=1, day=1)
    days_in_year = (pd.Timestamp(year=year + 1, month=1, day=1) - first_day).days
    dates = first_day + pd.to_timedelta(rng.integers(0, days_in_year, size=count), unit="D")
    return pd.DataFrame({
        "id": [f"UP-{i + 1:03d}" for i in range(count)],
        "beskrivning": "Upphandling för provändamål",
        "cpv_kod": rng.choice(codes, size=count),
        "uppskattat_varde_kr": values,
        "avtalstid_manader": rng.integers(1, 97, size=count),
        "forvaltning": rng.choice(shipped["forvaltning"].unique(), size=count),
        "anvands_av_allmanheten": rng.choice(["ja", "nej"], size=count),
        "bilaga2_tjanst": rng.choice(["ja", "nej"], size=count, p=[0.2, 0.8]),
        "planerad_annonsering": dates,  # as load_table returns it: a datetime column
    })
