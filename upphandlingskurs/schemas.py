"""Declared schemas of the course's CSV tables in data/ (pandera).

One entry per table: which file, what each column means, and the checks its values must pass.
Every check carries its Swedish message, which ``data.load_table`` puts in front of the reader.
data/README.md documents the same columns for people; a test keeps the two in step.

A table's pandera schema is built when it is first used (``TableSpec.schema``), and pandera is
imported then: a page's kernel that reads only tables the build has already checked
(``table_cache``) does not import it, nor does a rule that needs only a limit from here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


class _Pandera:
    """``pandera.pandas``, imported at the first use of one of its names (in a schema's builder)."""

    def __getattr__(self, name: str):
        import pandera.pandas

        return getattr(pandera.pandas, name)


pa = _Pandera()

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "4 kap. 18 § LOU", "19 kap. 25 a § LOU", "19 a kap. 3 § LOU"
PARAGRAPH_ID = r"^\d+( [a-z])? kap\. \d+( [a-z])? § [A-ZÅÄÖ]+$"
# The legal register also holds the EU directive's articles: "artikel 77 i direktiv 2014/24/EU"
# A paragraph of a law without chapters, named by its SFS number: "2 § lagen (2022:900)".
SFS_PARAGRAPH_ID = r"^\d+( [a-z])? § lagen \(\d{4}:\d+\)$"
PROVISION_ID = PARAGRAPH_ID + "|" + SFS_PARAGRAPH_ID + r"|^artikel \d+ i direktiv \d{4}/\d+/EU$"

# The largest amount in kronor the course accepts, in a data file and in a rule (rules/procedure.py
# imports it): a thousand billion kronor. A larger amount is a typing error, so the schema refuses
# what the rules would refuse.
MAX_AMOUNT_KR = 10**12
AMOUNT_TOO_LARGE = (f"kan inte vara större än {MAX_AMOUNT_KR:,} kr".replace(",", " ")
                    + " (ett större belopp är troligen ett skrivfel)")

# The most people a supplier can occupy, in the enterprise list and in the reservation rule
# (rules/reservation.py imports it); a larger number is a typing error.
MAX_OCCUPIED = 1_000_000
OCCUPIED_TOO_LARGE = f"kan inte vara större än {MAX_OCCUPIED:,}".replace(",", " ") + " (ett större tal är troligen ett skrivfel)"


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return False
    return not pd.isna(pd.to_datetime(value, format="%Y-%m-%d", errors="coerce"))


def iso_date(*checks: pa.Check, **kwargs) -> pa.Column:
    """A date column written as ÅÅÅÅ-MM-DD; load_table turns it into a real date after the check.

    Further checks on the text (``checks``) run after the format check.
    """
    return pa.Column(
        str,
        [pa.Check(_is_iso_date, element_wise=True, error="är inte ett datum på formen ÅÅÅÅ-MM-DD"), *checks],
        **kwargs,
    )


def text(**kwargs) -> pa.Column:
    """A text column that may not be blank."""
    return pa.Column(str, pa.Check.str_length(min_value=1, error="är tomt"), **kwargs)


def yes_no(**kwargs) -> pa.Column:
    """A yes/no column, written ``ja`` or ``nej``."""
    return pa.Column(str, pa.Check.isin(["ja", "nej"], error="ska vara ja eller nej"), **kwargs)


def one_of(values: list[str], **kwargs) -> pa.Column:
    """A text column whose value must be one of ``values`` (the message lists them)."""
    listed = ", ".join(values)
    return pa.Column(str, pa.Check.isin(values, error=f"är inte ett av värdena: {listed}"), **kwargs)


def whole_number(*checks: pa.Check, **kwargs) -> pa.Column:
    """A whole number written with digits only (load_table reports '22 417' as not a number)."""
    return pa.Column("int64", list(checks), coerce=True, **kwargs)


def web_address(**kwargs) -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(r"^https?://\S+$", error="är inte en webbadress"), **kwargs)


def _numbers(column: pd.Series) -> pd.Series:
    """A column as numbers, NaN where the text is not one (its own column check reports that)."""
    return pd.to_numeric(column, errors="coerce")


def _dates(column: pd.Series) -> pd.Series:
    """A column of ÅÅÅÅ-MM-DD text as dates, NaT where it is not one (the column check reports that)."""
    return pd.to_datetime(column, format="%Y-%m-%d", errors="coerce")


@dataclass(frozen=True)
class Reference:
    """A column whose every value must exist in a column of another table of the same data folder.

    ``error`` is the Swedish problem after "rad N, kolumn 'x', värde 'v': ". With ``same`` =
    (column here, column there), the row found must also have the same value in that column (a
    municipality's county, say); ``same_error`` then says what the other table has, with {value}.
    """

    column: str
    table: str
    target: str
    error: str
    same: tuple[str, str] | None = None
    same_error: str = ""


@dataclass(frozen=True)
class TableSpec:
    """What the package knows about one CSV table in data/."""

    name: str
    filename: str
    title: str  # Swedish, for messages and the data README
    make_schema: Callable[[], pa.DataFrameSchema]  # builds the schema; see ``schema``
    date_columns: tuple[str, ...] = ()
    # Values that must exist in another table, checked by data.load_table after the schema.
    references: tuple[Reference, ...] = ()

    @property
    def schema(self) -> pa.DataFrameSchema:
        """The table's pandera schema, built (and pandera imported) the first time it is asked for."""
        return _built_schema(self)


@functools.cache
def _built_schema(spec: TableSpec) -> pa.DataFrameSchema:
    return spec.make_schema()


# Sweden's 290 municipalities with their counties as SCB lists them (data/kommunkoder.csv): the
# municipalities that foretag.csv and kommuner.csv may name, spelt as SCB spells them.
KOMMUNKODER = TableSpec(
    name="kommunkoder",
    filename="kommunkoder.csv",
    title="Sveriges kommuner och län enligt SCB",
    make_schema=lambda: pa.DataFrameSchema(
        {
            "kommunkod": pa.Column(str, pa.Check.str_matches(r"^\d{4}$", error="är inte en kommunkod med fyra siffror"),
                                   unique=True, description="Kommunkoden enligt SCB"),
            "kommun": text(unique=True, description="Kommunens namn, så som SCB skriver det"),
            "lanskod": pa.Column(str, pa.Check.str_matches(r"^\d{2}$", error="är inte en länskod med två siffror"),
                                 description="Länskoden enligt SCB"),
            "lan": text(description="Länets namn, så som SCB skriver det"),
        },
        checks=[
            pa.Check(lambda df: df["kommunkod"].str[:2] == df["lanskod"],
                     error="kommunkoden ska börja med länskoden"),
        ],
        strict=True,
        ordered=True,
    ),
)

# What foretag.csv and kommuner.csv say when a municipality is not among SCB's.
UNKNOWN_MUNICIPALITY = ("finns inte bland Sveriges kommuner i kommunkoder.csv; "
                        "skriv kommunens namn så som SCB skriver det, till exempel Falun eller Malung-Sälen")

KOMMUNER = TableSpec(
    name="kommuner",
    filename="kommuner.csv",
    title="Dalarnas kommuner med folkmängd",
    make_schema=lambda: pa.DataFrameSchema(
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
    references=(
        Reference("kommun", "kommunkoder", "kommun", UNKNOWN_MUNICIPALITY, same=("lan", "lan"),
                  same_error="kommunen ligger i {value} enligt kommunkoder.csv"),
    ),
)

LAGRUM = TableSpec(
    name="lagrum",
    filename="lagrum.csv",
    title="Lagrumsregistret: paragraferna kursen hänvisar till",
    make_schema=lambda: pa.DataFrameSchema(
        {
            "beteckning": pa.Column(
                str,
                pa.Check.str_matches(
                    PROVISION_ID,
                    error="är inte en beteckning på formen '4 kap. 18 § LOU' eller 'artikel 20 i direktiv 2014/24/EU'",
                ),
                unique=True,
                description="Paragrafen eller artikeln som den skrivs i texten",
            ),
            "lag": text(description="Lagens förkortning, till exempel LOU, eller direktivet"),
            "sfs": pa.Column(
                str,
                pa.Check.str_matches(r"^\d{4}:\d+$|^\d{4}/\d+/EU$",
                                     error="är inte ett SFS-nummer som 2016:1145 eller ett direktivnummer som 2014/24/EU"),
                description="Lagens nummer i Svensk författningssamling, eller direktivets nummer",
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

# --- the exercises' practice data (all fictional; see data/README.md) ---------------------------

# Dalarnas län's 15 kommuner, as in data/kommuner.csv and data/kommunkoder.csv (tests keep them the
# same). The generated test data uses them; foretag.csv itself may name any of SCB's municipalities.
DALARNAS_KOMMUNER = [
    "Avesta", "Borlänge", "Falun", "Gagnef", "Hedemora", "Leksand", "Ludvika", "Malung-Sälen",
    "Mora", "Orsa", "Rättvik", "Smedjebacken", "Säter", "Vansbro", "Älvdalen",
]
ENTERPRISE_TYPES = ["ASF", "idéburen organisation", "annat socialt företag"]
LEGAL_FORMS = ["ekonomisk förening", "ideell förening", "aktiebolag", "stiftelse", "annan"]
# The industries the exercises filter on; branscher holds one or more, separated by ";".
INDUSTRIES = [
    "städning", "fastighetsservice", "trädgård och grönytor", "café och catering",
    "second hand och återbruk", "transport", "snickeri", "tvätt", "skogsarbete",
    "kontorsservice", "hunddagis",
]
CPV_CODE = r"^\d{8}-\d$"  # "92600000-7": eight digits, a hyphen and the check digit
QUARTER_STARTS = ("01-01", "04-01", "07-01", "10-01")


def _industries_known(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = [part.strip() for part in value.split(";")]
    return all(part in INDUSTRIES for part in parts)


def _is_quarter_start(value: object) -> bool:
    return isinstance(value, str) and value[5:] in QUARTER_STARTS


def _one_decimal_at_most(value: float) -> bool:
    return abs(value * 10 - round(value * 10)) < 1e-9


def _same_within_contract(column: str, numeric: bool = False):
    """A frame check: ``column`` has one value (blank counts as a value) on every row of a contract.

    For a ``numeric`` column a value that is not a number is left to the column's own check.
    """

    def check(df: pd.DataFrame) -> pd.Series:
        values = _numbers(df[column]) if numeric else df[column]
        distinct = values.groupby(df["kontrakt_id"], dropna=False).transform(lambda s: s.nunique(dropna=numeric))
        return distinct <= 1

    return check


def _quarter_in_contract(df: pd.DataFrame) -> pd.Series:
    quarter, start, end = _dates(df["kvartal"]), _dates(df["kontraktsstart"]), _dates(df["kontraktsslut"])
    first_quarter = start.dt.to_period("Q").dt.start_time
    inside = (quarter >= first_quarter) & (quarter <= end)
    return inside | quarter.isna() | start.isna() | end.isna()


FORETAG = TableSpec(
    name="foretag",
    filename="foretag.csv",
    title="Påhittade sociala företag i Dalarna",
    make_schema=lambda: pa.DataFrameSchema(
        {
            "namn": text(unique=True, description="Organisationens namn (påhittat)"),
            "kommun": text(description="Kommunen där organisationen finns (en av Sveriges kommuner)"),
            "typ": one_of(ENTERPRISE_TYPES, description="Slag av organisation"),
            "registrerad_ideburen": yes_no(description="Registrerad enligt lag (2022:900)"),
            "juridisk_form": one_of(LEGAL_FORMS, description="Juridisk form"),
            "branscher": pa.Column(
                str,
                pa.Check(
                    _industries_known,
                    element_wise=True,
                    error="har en bransch som inte finns i listan; skriv en eller flera av "
                    + ", ".join(INDUSTRIES) + ", åtskilda med semikolon",
                ),
                description="En eller flera branscher, åtskilda med semikolon",
            ),
            "antal_sysselsatta": whole_number(
                pa.Check.ge(0, error="får inte vara negativt"),
                pa.Check.le(MAX_OCCUPIED, error=OCCUPIED_TOO_LARGE),
                description="Alla sysselsatta: anställda och personer i praktik eller arbetsträning",
            ),
            "antal_malgrupp": whole_number(
                pa.Check.ge(0, error="får inte vara negativt"),
                pa.Check.le(MAX_OCCUPIED, error=OCCUPIED_TOO_LARGE),
                description="Sysselsatta med funktionsnedsättning eller svårt att komma in på arbetsmarknaden",
            ),
            "syfte_integration": yes_no(description="Huvudsyftet är social och yrkesmässig integrering"),
            "aterinvesterar_vinst": yes_no(description="Vinsten återinvesteras i verksamheten"),
            "delaktighet": yes_no(description="Ledning eller ägande bygger på de anställdas eller andras delaktighet"),
            "erbjuder": text(description="Vad organisationen säljer"),
            "tar_emot_praktik": yes_no(description="Tar emot personer i praktik"),
            "kontakt": pa.Column(
                str,
                pa.Check.str_matches(
                    r"^[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.example$",
                    error="ska vara en e-postadress till organisationen på den reserverade domänen .example",
                ),
                description="Organisationens e-postadress (påhittad, domänen .example)",
            ),
        },
        checks=[
            pa.Check(
                lambda df: (df["registrerad_ideburen"] != "ja") | (df["typ"] == "idéburen organisation"),
                error="bara en idéburen organisation kan vara registrerad enligt lag (2022:900)",
            ),
            pa.Check(
                lambda df: ~(_numbers(df["antal_malgrupp"]) > _numbers(df["antal_sysselsatta"])),
                error="antal_malgrupp kan inte vara större än antal_sysselsatta",
            ),
        ],
        strict=True,
        ordered=True,
    ),
    references=(Reference("kommun", "kommunkoder", "kommun", UNKNOWN_MUNICIPALITY),),
)

UPPHANDLINGSPLAN = TableSpec(
    name="upphandlingsplan",
    filename="upphandlingsplan.csv",
    title="En påhittad kommuns upphandlingsplan",
    make_schema=lambda: pa.DataFrameSchema(
        {
            "id": pa.Column(
                str,
                pa.Check.str_matches(r"^UP-\d{3,}$", error="är inte ett id på formen UP-001"),
                unique=True,
                description="Upphandlingens id i planen",
            ),
            "beskrivning": text(description="Vad som ska upphandlas"),
            "cpv_kod": pa.Column(
                str,
                pa.Check.str_matches(CPV_CODE, error="är inte en CPV-kod på formen 12345678-9"),
                description="CPV-kod (finns i cpv.csv)",
            ),
            "uppskattat_varde_kr": whole_number(
                pa.Check.ge(0, error="får inte vara negativt"),
                pa.Check.le(MAX_AMOUNT_KR, error=AMOUNT_TOO_LARGE),
                description="Kontraktets uppskattade värde i kronor utan moms, hela avtalstiden",
            ),
            "avtalstid_manader": whole_number(
                pa.Check.in_range(1, 96, error="ska vara mellan 1 och 96 månader"),
                description="Avtalstid i månader, med förlängningar",
            ),
            "forvaltning": text(description="Förvaltningen som köper (vilket namn som helst)"),
            "anvands_av_allmanheten": yes_no(description="Kommunens invånare använder det som köps"),
            "bilaga2_tjanst": yes_no(description="Planens bedömning: en social eller annan särskild tjänst i bilaga 2"),
            "planerad_annonsering": iso_date(description="Dagen upphandlingen planeras att annonseras"),
        },
        strict=True,
        ordered=True,
    ),
    date_columns=("planerad_annonsering",),
    references=(
        Reference("cpv_kod", "cpv", "cpv_kod",
                  "finns inte i cpv.csv; lägg till koden där, med benämning och källa"),
    ),
)

UPPFOLJNING = TableSpec(
    name="uppfoljning",
    filename="uppfoljning.csv",
    title="Påhittad uppföljning av sysselsättningskrav",
    make_schema=lambda: pa.DataFrameSchema(
        {
            "kontrakt_id": pa.Column(
                str,
                pa.Check.str_matches(r"^K-\d{4}-\d{2}$", error="är inte ett id på formen K-2023-01"),
                description="Kontraktets id",
            ),
            "leverantor": text(description="Leverantören (påhittad)"),
            "kontraktsstart": iso_date(description="Kontraktets första dag"),
            "kontraktsslut": iso_date(description="Kontraktets sista dag"),
            "atagande_heltidsmanader": whole_number(
                pa.Check.gt(0, error="ska vara större än 0"),
                description="Åtagandet: anställningar som tillsammans motsvarar så många månader på heltid",
            ),
            "kvartal": iso_date(
                pa.Check(
                    _is_quarter_start,
                    element_wise=True,
                    error="är inte första dagen i ett kvartal (ÅÅÅÅ-01-01, -04-01, -07-01 eller -10-01)",
                ),
                description="Kvartalet raden gäller, som kvartalets första dag",
            ),
            "levererade_heltidsmanader": pa.Column(
                "float64",
                [
                    pa.Check.ge(0, error="får inte vara negativt"),
                    pa.Check(_one_decimal_at_most, element_wise=True, error="får ha högst en decimal"),
                ],
                coerce=True,
                description="Heltidsmånader som leverantören har fullgjort under kvartalet",
            ),
            "forsta_anstallning_start": iso_date(
                nullable=True,
                description="Dagen den första anställningen började eller erbjöds (tom om ingen ännu)",
            ),
            "avbrutna_anstallningar": whole_number(
                pa.Check.ge(0, error="får inte vara negativt"),
                description="Anställningar som avslutades i förtid under kvartalet",
            ),
        },
        checks=[
            pa.Check(
                lambda df: df["forsta_anstallning_start"].isna()
                | (_dates(df["forsta_anstallning_start"]) >= _dates(df["kontraktsstart"])),
                error="forsta_anstallning_start ligger före kontraktsstart",
            ),
            pa.Check(
                lambda df: ~(_dates(df["kontraktsslut"]) <= _dates(df["kontraktsstart"])),
                error="kontraktsslut måste vara efter kontraktsstart",
            ),
            pa.Check(_quarter_in_contract, error="kvartalet ligger utanför kontraktets tid"),
            pa.Check(
                lambda df: ~df.duplicated(["kontrakt_id", "kvartal"], keep="first"),
                error="samma kvartal finns redan för kontraktet",
            ),
            pa.Check(
                _same_within_contract("atagande_heltidsmanader", numeric=True),
                error="atagande_heltidsmanader ska vara samma på alla rader för ett kontrakt",
            ),
            pa.Check(
                _same_within_contract("forsta_anstallning_start"),
                error="forsta_anstallning_start ska vara samma på alla rader för ett kontrakt",
            ),
            pa.Check(
                _same_within_contract("leverantor"),
                error="leverantor ska vara samma på alla rader för ett kontrakt",
            ),
            pa.Check(
                _same_within_contract("kontraktsstart"),
                error="kontraktsstart ska vara samma på alla rader för ett kontrakt",
            ),
            pa.Check(
                _same_within_contract("kontraktsslut"),
                error="kontraktsslut ska vara samma på alla rader för ett kontrakt",
            ),
        ],
        strict=True,
        ordered=True,
    ),
    date_columns=("kontraktsstart", "kontraktsslut", "kvartal", "forsta_anstallning_start"),
)

CPV = TableSpec(
    name="cpv",
    filename="cpv.csv",
    title="CPV-koderna i övningarnas data",
    make_schema=lambda: pa.DataFrameSchema(
        {
            "cpv_kod": pa.Column(
                str,
                pa.Check.str_matches(CPV_CODE, error="är inte en CPV-kod på formen 12345678-9"),
                unique=True,
                description="CPV-koden med kontrollsiffra",
            ),
            "benamning": text(description="Kodens benämning på svenska, så som källan anger den"),
            "kalla_url": web_address(description="Källan som koden och benämningen är kontrollerade mot"),
        },
        strict=True,
        ordered=True,
    ),
)

# --- The rules' reference tables (read by upphandlingskurs.rules.parameters) ---
THRESHOLD_KINDS = [
    "direktupphandling",
    "varor och tjänster, statliga myndigheter",
    "varor och tjänster, övriga upphandlande myndigheter",
    "byggentreprenader",
    "sociala och andra särskilda tjänster",
]

TROSKELVARDEN = TableSpec(
    name="troskelvarden",
    filename="troskelvarden.csv",
    title="Tröskelvärden och direktupphandlingsgränser med giltighetstid",
    make_schema=lambda: pa.DataFrameSchema(
        {
            "typ": pa.Column(str, pa.Check.isin(THRESHOLD_KINDS, error="är inte en känd typ av belopp"),
                             description="Vilket belopp raden gäller"),
            "belopp_kr": pa.Column("Int64", [pa.Check.ge(0, error="får inte vara negativt"),
                                             pa.Check.le(MAX_AMOUNT_KR, error=AMOUNT_TOO_LARGE)],
                                   nullable=True, coerce=True,
                                   description="Beloppet i kronor (tomt om det inte är kontrollerat)"),
            "belopp_eur": pa.Column("Int64", pa.Check.ge(0, error="får inte vara negativt"), nullable=True, coerce=True,
                                    description="Beloppet i euro enligt EU, om det finns"),
            "galler_fran": iso_date(description="Första dagen beloppet gäller"),
            "galler_till": iso_date(nullable=True, description="Sista dagen beloppet gäller (tomt: tills vidare)"),
            "kalla": text(description="Källan beloppet är kontrollerat mot"),
            "kalla_url": web_address(description="Källans adress"),
        },
        checks=[
            pa.Check(lambda df: df["belopp_kr"].notna() | df["belopp_eur"].notna(),
                     error="raden saknar både belopp i kronor och i euro"),
            pa.Check(lambda df: df["galler_till"].isna() | (df["galler_till"] >= df["galler_fran"]),
                     error="galler_till ligger före galler_fran"),
        ],
        strict=True,
        ordered=True,
    ),
    date_columns=("galler_fran", "galler_till"),
)

CPV_RESERVERBARA = TableSpec(
    name="cpv_reserverbara",
    filename="cpv_reserverbara.csv",
    title="CPV-koder för tjänster som får reserveras enligt 19 kap. 25 § LOU",
    make_schema=lambda: pa.DataFrameSchema(
        {
            "cpv_fran": pa.Column(str, pa.Check.str_matches(CPV_CODE, error="är inte en CPV-kod på formen 12345678-9"), description="Första koden i intervallet"),
            "cpv_till": pa.Column(str, pa.Check.str_matches(CPV_CODE, error="är inte en CPV-kod på formen 12345678-9"), description="Sista koden i intervallet (samma som cpv_fran för en enda kod)"),
            "benamning": text(description="Tjänstens benämning"),
            "lagrum": pa.Column(str, pa.Check.str_matches(PARAGRAPH_ID, error="är inte en beteckning på formen '19 kap. 25 § LOU'"),
                                description="Paragrafen som räknar upp tjänsten"),
            "kalla_url": web_address(description="Källans adress"),
        },
        checks=[pa.Check(lambda df: df["cpv_fran"].str[:8].astype(int) <= df["cpv_till"].str[:8].astype(int),
                         error="cpv_till är lägre än cpv_fran")],
        strict=True,
        ordered=True,
    ),
)

# Every parameter the rules read with rules.parameters.parameter(): a file without one of them is
# refused when it is read, not halfway through a page.
RULE_PARAMETERS = ("andelskrav_procent", "reserverat_kontrakt_max_manader", "reserverat_karens_ar",
                   "forsta_anstallning_senast_manader", "fullgjord_andel_procent",
                   "direktupphandling_vid_exakt_gransen", "sysselsattningskrav_min_manader")

REGELPARAMETRAR = TableSpec(
    name="regelparametrar",
    filename="regelparametrar.csv",
    title="Reglernas tal: andelar, tidsgränser och tolkningar",
    make_schema=lambda: pa.DataFrameSchema(
        {
            "namn": pa.Column(str, [
                pa.Check.str_matches(r"^[a-z0-9_]+$", error="får bara innehålla a–z, siffror och _"),
                pa.Check(lambda names: set(RULE_PARAMETERS) <= set(names), element_wise=False,
                         error="saknar någon av de parametrar som reglerna använder; filen ska ha en rad för var och en av "
                               + ", ".join(RULE_PARAMETERS)),
            ], unique=True, description="Parameterns namn i koden"),
            "varde": pa.Column("float64", coerce=True, description="Värdet"),
            "enhet": text(description="Enheten"),
            "lagrum": pa.Column(str, pa.Check.str_matches(PARAGRAPH_ID, error="är inte en beteckning på formen '4 kap. 18 § LOU'"),
                                nullable=True, description="Paragrafen som talet kommer från, om det kommer ur lagen"),
            "beskrivning": text(description="Vad talet betyder i regeln"),
            "kalla_url": web_address(description="Källans adress"),
        },
        strict=True,
        ordered=True,
    ),
)

# --- Dated figures the pages present as current (read by upphandlingskurs.dated) ---
# The words a source puts before a figure that is not exact ("cirka 400 ASF").
APPROXIMATION_WORDS = ["cirka", "omkring", "ungefär", "över", "mer än", "nästan", "drygt", "knappt"]

DATERADE_UPPGIFTER = TableSpec(
    name="daterade_uppgifter",
    filename="daterade_uppgifter.csv",
    title="Daterade uppgifter som sidorna visar som de senaste",
    make_schema=lambda: pa.DataFrameSchema(
        {
            "id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_]+$", error="får bara innehålla a–z, siffror och _"),
                            unique=True, description="Uppgiftens namn i sidornas kod"),
            "uppgift": text(description="Vad uppgiften gäller, så att det passar i 'Uppgiften om …'"),
            "ungefar": one_of(APPROXIMATION_WORDS, nullable=True,
                              description="Ordet som källan sätter före talet (tomt om talet är exakt)"),
            "varde": pa.Column("float64", pa.Check.ge(0, error="får inte vara negativt"), coerce=True,
                               description="Talet"),
            "enhet": text(description="Enheten, som den skrivs efter talet"),
            "avser": iso_date(description="Dagen uppgiften avser, eller sista dagen i perioden den avser"),
            "avser_text": pa.Column(str, pa.Check.str_length(min_value=1, error="är tomt"), nullable=True,
                                    description="Perioden i ord när källan inte anger en dag, till exempel '2018–2020'"),
            "publicerad": iso_date(nullable=True, description="Dagen källan publicerades, om den är känd"),
            "aktuell_till": iso_date(description="Sista dagen kursen visar uppgiften som den senaste"),
            "kalla": pa.Column(str, pa.Check.str_matches(r"^[^:]+: \S",
                                                         error="ska skrivas 'Utgivare: dokument', till exempel "
                                                               "'SCB: folkmängd den 31 december 2024'"),
                               description="Källan, som 'Utgivare: dokument'"),
            "kalla_url": web_address(nullable=True, description="Källans adress (tomt om kapitlet saknar en)"),
        },
        checks=[
            pa.Check(lambda df: ~(_dates(df["aktuell_till"]) < _dates(df["avser"])),
                     error="aktuell_till ligger före avser"),
        ],
        strict=True,
        ordered=True,
    ),
    date_columns=("avser", "publicerad", "aktuell_till"),
)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (KOMMUNER, KOMMUNKODER, LAGRUM, FORETAG, UPPHANDLINGSPLAN, UPPFOLJNING, CPV,
                 TROSKELVARDEN, CPV_RESERVERBARA, REGELPARAMETRAR, DATERADE_UPPGIFTER)
}
