"""Declared schemas of the course's CSV tables in data/ (pandera).

One entry per table: which file, what each column means, and the checks its values must pass.
Every check carries its Swedish message, which ``data.load_table`` puts in front of the reader.
data/README.md documents the same columns for people; a test keeps the two in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "4 kap. 18 § LOU", "19 kap. 25 a § LOU", "19 a kap. 3 § LOU"
PARAGRAPH_ID = r"^\d+( [a-z])? kap\. \d+( [a-z])? § [A-ZÅÄÖ]+$"


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return False
    return not pd.isna(pd.to_datetime(value, format="%Y-%m-%d", errors="coerce"))


def iso_date(**kwargs) -> pa.Column:
    """A date column written as ÅÅÅÅ-MM-DD; load_table turns it into a real date after the check."""
    return pa.Column(
        str,
        pa.Check(_is_iso_date, element_wise=True, error="är inte ett datum på formen ÅÅÅÅ-MM-DD"),
        **kwargs,
    )


def text(**kwargs) -> pa.Column:
    """A text column that may not be blank."""
    return pa.Column(str, pa.Check.str_length(min_value=1, error="är tomt"), **kwargs)


@dataclass(frozen=True)
class TableSpec:
    """What the package knows about one CSV table in data/."""

    name: str
    filename: str
    title: str  # Swedish, for messages and the data README
    schema: pa.DataFrameSchema
    date_columns: tuple[str, ...] = ()


KOMMUNER = TableSpec(
    name="kommuner",
    filename="kommuner.csv",
    title="Dalarnas kommuner med folkmängd",
    schema=pa.DataFrameSchema(
        {
            "kommun": text(unique=True, description="Kommunens namn"),
            "lan": text(description="Länet kommunen ligger i"),
            "folkmangd": pa.Column(
                "int64",
                pa.Check.ge(0, error="får inte vara negativt"),
                coerce=True,
                description="Folkmängd enligt SCB",
            ),
            "folkmangd_datum": iso_date(description="Dagen folkmängden avser"),
        },
        strict=True,
        ordered=True,
    ),
    date_columns=("folkmangd_datum",),
)

LAGRUM = TableSpec(
    name="lagrum",
    filename="lagrum.csv",
    title="Lagrumsregistret: paragraferna kursen hänvisar till",
    schema=pa.DataFrameSchema(
        {
            "beteckning": pa.Column(
                str,
                pa.Check.str_matches(
                    PARAGRAPH_ID, error="är inte en beteckning på formen '4 kap. 18 § LOU'"
                ),
                unique=True,
                description="Paragrafen som den skrivs i texten",
            ),
            "lag": text(description="Lagens förkortning, till exempel LOU"),
            "sfs": pa.Column(
                str,
                pa.Check.str_matches(r"^\d{4}:\d+$", error="är inte ett SFS-nummer som 2016:1145"),
                description="Lagens nummer i Svensk författningssamling",
            ),
            "status": pa.Column(
                str,
                pa.Check.isin(
                    ["gällande", "omnumrerad", "upphävd"],
                    error="är inte en av gällande, omnumrerad, upphävd",
                ),
                description="Om paragrafen gäller i dag",
            ),
            "ersatt_av": pa.Column(str, nullable=True, description="Den gällande paragrafen som ersatt denna"),
            "tidigare_beteckning": pa.Column(
                str, nullable=True, description="Paragrafens tidigare nummer"
            ),
            "innehall": text(description="Vad paragrafen säger, med kursens egna ord"),
            "galler_fran": iso_date(description="Dagen paragrafen (med detta nummer) började gälla"),
            "galler_till": iso_date(nullable=True, description="Sista dagen den gällde, om den inte gäller längre"),
            "kalla": text(description="Källan som paragrafens innehåll är kontrollerat mot"),
            "kalla_url": pa.Column(
                str,
                pa.Check.str_matches(r"^https?://\S+$", error="är inte en webbadress"),
                description="Källans adress",
            ),
            "kontrollerad": iso_date(description="Dagen innehållet senast kontrollerades mot källan"),
        },
        checks=[
            pa.Check(
                lambda df: (df["status"] == "gällande") | df["ersatt_av"].notna()
                | (df["status"] == "upphävd"),
                error="en omnumrerad paragraf måste ange ersatt_av",
            ),
            pa.Check(
                lambda df: (df["status"] == "gällande") | df["galler_till"].notna(),
                error="en paragraf som inte gäller måste ange galler_till",
            ),
            pa.Check(
                lambda df: df["ersatt_av"].isna() | df["ersatt_av"].isin(df["beteckning"]),
                error="ersatt_av hänvisar till en paragraf som saknas i registret",
            ),
        ],
        strict=True,
        ordered=True,
    ),
    date_columns=("galler_fran", "galler_till", "kontrollerad"),
)

TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (KOMMUNER, LAGRUM)}
