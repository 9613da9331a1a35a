"""Benchmark: each tool's computation on 100 000 generated enterprises and procurements.

Run with `make benchmark`. Prints the median time per update of each tool and compares it with
the target (under 100 ms on the project's 2-core machines); exits with 1 if a tool misses it.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
import pandas as pd

from upphandlingskurs.synthetic import generate_enterprises, generate_plan
from upphandlingskurs.tools import (
    EmploymentRequirementTool,
    FindEnterprisesTool,
    FollowUpTool,
    PlanScreeningTool,
    ReservedParticipationTool,
    WelfareReservationTool,
)

ROWS = 100_000
TARGET_MS = 100.0
REPEATS = 5


def generate_followup(contracts: int, quarters: int = 16, seed: int = 1) -> pd.DataFrame:
    """``contracts`` × ``quarters`` rows with the columns of data/uppfoljning.csv."""
    rng = np.random.default_rng(seed)
    starts = pd.Timestamp("2023-01-01")
    ids = np.repeat([f"K-{i:06d}" for i in range(contracts)], quarters)
    quarter = np.tile(pd.date_range(starts, periods=quarters, freq="QS"), contracts)
    return pd.DataFrame({
        "kontrakt_id": ids,
        "leverantor": "Provleverantör AB",
        "kontraktsstart": starts,
        "kontraktsslut": pd.Timestamp("2026-12-31"),
        "atagande_heltidsmanader": 24,
        "kvartal": quarter,
        "levererade_heltidsmanader": rng.uniform(0, 3, size=contracts * quarters).round(1),
        "forsta_anstallning_start": pd.Timestamp("2023-03-01"),
        "avbrutna_anstallningar": rng.integers(0, 2, size=contracts * quarters),
    })


def median_ms(tool, change=None) -> float:
    """Median time of ``tool.update()``; ``change(tool, i)`` sets new inputs before update ``i``."""
    times = []
    for i in range(REPEATS):
        if change:
            change(tool, i)
        start = time.perf_counter()
        tool.update()
        times.append((time.perf_counter() - start) * 1000)
        assert tool.error is None, tool.error
    return statistics.median(times)


def main() -> int:
    enterprises = generate_enterprises(ROWS)
    plan = generate_plan(ROWS)
    followup = generate_followup(ROWS // 16)
    tools = {
        "Hitta sociala företag": FindEnterprisesTool(enterprises, industry="städning", min_occupied=10),
        "Får leverantören delta (4 kap. 18 §)": ReservedParticipationTool(enterprises),
        "Får upphandlingen reserveras (19 kap. 25 §)": WelfareReservationTool(),
        "Sålla upphandlingsplanen": PlanScreeningTool(plan, min_priority=2),
        "Utforma ett sysselsättningskrav": EmploymentRequirementTool(),
        "Följa upp ett sysselsättningskrav": FollowUpTool(followup),
    }
    # The follow-up tool reuses one figure; a new contract each time, so nothing is drawn from a cache.
    contracts = sorted(followup["kontrakt_id"].unique())
    changes = {"Följa upp ett sysselsättningskrav":
               lambda tool, i: setattr(tool.inputs["kontrakt"], "value", contracts[(i + 1) * 97])}
    width = max(map(len, tools))
    print(f"{ROWS:,} genererade rader per tabell; median av {REPEATS} uppdateringar".replace(",", " "))
    print(f"{'Verktyg':<{width}}  {'ms':>7}  Mål < {TARGET_MS:.0f} ms")
    failed = False
    for name, tool in tools.items():
        ms = median_ms(tool, changes.get(name))
        ok = ms < TARGET_MS
        failed |= not ok
        print(f"{name:<{width}}  {ms:7.1f}  {'ja' if ok else 'NEJ'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
