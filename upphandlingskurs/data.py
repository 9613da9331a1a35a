"""Load the course's CSV tables and check them against their declared schemas.

A trainer may swap in a file of their own (the real, current list of social enterprises, say).
Whatever is wrong with it, the reader gets one Swedish message that names the file, the row as a
spreadsheet numbers it (the header is row 1), the column and the value, and no row is ever dropped.

``table_html`` and ``show_table`` show a table to the reader: accessible HTML that can be searched
and sorted on the static page (``static/table.js``).
"""

from __future__ import annotations

import csv
import html
import io
import json
import numbers
import os
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from IPython.display import HTML

from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.schemas import TABLES, TableSpec
from upphandlingskurs.swedish import swedish_sort_key

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
# The data folder beside the package; UPPHANDLINGSKURS_DATA points a whole course run elsewhere.
DATA_DIR = Path(os.environ.get("UPPHANDLINGSKURS_DATA", PACKAGE_DIR.parent / "data"))

MAX_PROBLEMS_SHOWN = 20
HEADER_ROW = 1  # spreadsheet numbering: the header is row 1, the first data row is row 2


def table_spec(name: str) -> TableSpec:
    try:
        return TABLES[name]
    except KeyError:
        known = ", ".join(sorted(TABLES))
        raise CourseDataError(f"Det finns ingen tabell som heter '{name}'. Kända tabeller: {known}.") from None


def load_table(name: str, path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read table ``name`` (from data/ unless ``path`` is given), check it and return it.

    Raises CourseDataError, with every problem found listed, if anything in the file is wrong.
    """
    spec = table_spec(name)
    file = Path(path) if path is not None else DATA_DIR / spec.filename
    header, rows, row_numbers = _read_csv(file, spec)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    # Blank cells are missing values; surrounding spaces are never meaningful.
    frame = frame.apply(lambda column: column.str.strip()).replace("", None)
    try:
        frame = spec.schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = _describe_failures(errors.failure_cases, row_numbers)
        raise _error(file, spec, problems) from None
    for column in spec.date_columns:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    frame.attrs["source"] = str(file)
    return frame


def _error(file: Path, spec: TableSpec, problems: list[str]) -> CourseDataError:
    shown = problems[:MAX_PROBLEMS_SHOWN]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        shown.append(f"… och {len(problems) - MAX_PROBLEMS_SHOWN} fel till.")
    return CourseDataError(
        f"Filen {file} ({spec.title}) kan inte användas. Rätta följande och försök igen:", shown
    )


def _read_csv(file: Path, spec: TableSpec) -> tuple[list[str], list[list[str]], list[int]]:
    """Return header, rows and each row's spreadsheet row number; refuse any malformed row."""
    if not file.is_file():
        raise CourseDataError(f"Filen {file} ({spec.title}) finns inte.")
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # Excel writes a byte-order mark; it is not data
    except UnicodeDecodeError as problem:
        row = raw[: problem.start].count(b"\n") + 1
        raise CourseDataError(
            f"Filen {file} är inte sparad som UTF-8 (fel tecken på rad {row}). "
            "Spara den som 'CSV UTF-8' och försök igen."
        ) from None
    if not text.strip():
        raise CourseDataError(f"Filen {file} ({spec.title}) är tom.")

    first_line = text.splitlines()[0]
    # Swedish Excel saves CSV with semicolons; accept both.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        _check_header(file, spec, header)
        rows, row_numbers, problems = [], [], []
        previous_line = reader.line_num
        for row in reader:
            row_number = previous_line + 1
            previous_line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # a blank line holds no data
            if len(row) != len(header):
                problems.append(
                    f"rad {row_number}: har {len(row)} värden, men rubrikraden har {len(header)} kolumner"
                )
                continue
            rows.append(row)
            row_numbers.append(row_number)
    except csv.Error as problem:
        raise CourseDataError(
            f"Filen {file} går inte att läsa som CSV på rad {reader.line_num}: "
            "kontrollera citattecknen på den raden."
        ) from problem
    if problems:
        raise _error(file, spec, problems)
    if not rows:
        raise CourseDataError(f"Filen {file} ({spec.title}) har bara rubrikraden och inga rader med data.")
    return header, rows, row_numbers


def _check_header(file: Path, spec: TableSpec, header: list[str]) -> None:
    expected = list(spec.schema.columns)
    if header == expected:
        return
    problems = []
    missing = [column for column in expected if column not in header]
    unknown = [column for column in header if column not in expected]
    if missing:
        problems.append("kolumner som saknas: " + ", ".join(f"'{c}'" for c in missing))
    if unknown:
        problems.append("okända kolumner: " + ", ".join(f"'{c}'" for c in unknown))
    if not problems:
        problems.append("kolumnerna står i fel ordning; de ska vara " + ", ".join(expected))
    raise CourseDataError(
        f"Rubrikraden i {file} stämmer inte med tabellen {spec.name} ({spec.title}):", problems
    )


def _check_message(check: str) -> str:
    """Swedish wording of a pandera failure; our own checks already carry Swedish text."""
    if check.startswith(("coerce_dtype('int", "dtype('int")):
        return "är inte ett heltal (skriv bara siffror, utan mellanslag)"
    if check.startswith(("coerce_dtype('float", "dtype('float")):
        return "är inte ett tal (använd punkt som decimaltecken)"
    if check.startswith(("coerce_dtype", "dtype(")):
        return "har fel typ av värde"
    if check == "field_uniqueness":
        return "finns redan på en annan rad (värdet måste vara unikt)"
    if check == "not_nullable":
        return "saknas (fältet får inte vara tomt)"
    return check


def _describe_failures(failures: pd.DataFrame, row_numbers: list[int]) -> list[str]:
    problems: list[str] = []
    seen: set[tuple[object, ...]] = set()
    columns_with_bad_type = set(
        failures.loc[failures["check"].str.contains("dtype", regex=False), "column"]
    )
    for failure in failures.itertuples(index=False):
        index, column = failure.index, failure.column
        if index is None or pd.isna(index):
            # A check that could not run at all; a type error in the same column already says why.
            if column in columns_with_bad_type:
                continue
            problems.append(f"kolumn '{column}': {_check_message(failure.check)}")
            continue
        # pandera reports a failed whole-row check once per column; the reader needs it once per row.
        whole_row = failure.schema_context == "DataFrameSchema"
        key = ("row check", index, failure.check) if whole_row else (index, column)
        if key in seen:
            continue
        seen.add(key)
        row = row_numbers[int(index)]
        message = _check_message(failure.check)
        if failure.schema_context == "DataFrameSchema":
            problems.append(f"rad {row}: {message}")
        else:
            value = "tomt" if failure.failure_case is None else f"'{failure.failure_case}'"
            problems.append(f"rad {row}, kolumn '{column}', värde {value}: {message}")
    return sorted(problems, key=_row_order)


def _row_order(problem: str) -> tuple[int, str]:
    if problem.startswith("rad "):
        return int(problem.split()[1].rstrip(",:")), problem
    return 0, problem


def format_value(value: object) -> str:
    """A cell as the course shows it: Swedish numbers (22 417, 27,5), ISO dates, a dash for nothing."""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if _is_number(value):
        # Swedish style: a no-break space between thousands (22 417) and a decimal comma (27,5).
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
        return text.replace(",", "\u00a0").replace(".", ",")
    return "–" if _is_missing(value) else str(value)


def _is_missing(value: object) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _is_number(value: object) -> bool:
    return (isinstance(value, numbers.Real) and not pd.api.types.is_bool(value)
            and not _is_missing(value))


# What the reader sees around an interactive table, in Swedish. upphandlingskurs/static/table.js
# builds the search box, the sort buttons and the live region from these texts.
TABLE_TEXT = {
    "search": "Sök i tabellen",
    "hint": "Välj en kolumnrubrik för att sortera.",
    "count": "Visar {shown} av {total} rader.",
    "none": "Inga rader matchar sökningen.",
    "sorted": "Sorterad efter {column}, {direction}.",
    "ascending": "stigande",
    "descending": "fallande",
}


def _sort_ranks(column: pd.Series) -> list[str]:
    """Each cell's place in the column's order, as the data-sort attribute the page's script sorts by.

    Numbers sort by value, dates by date and text in Swedish order (Å, Ä, Ö after Z); the rank is
    computed here, once, so the page sorts exactly as the package does. A missing value has no rank
    (an empty string) and stays last in either direction.
    """
    present = [value for value in column if not _is_missing(value)]
    if present and all(_is_number(value) for value in present):
        key = float
    elif present and all(isinstance(value, pd.Timestamp) for value in present):
        key = pd.Timestamp.timestamp
    else:  # text, or a mix: the text as shown
        def key(value):
            return swedish_sort_key(format_value(value))
    order = {value: rank for rank, value in enumerate(sorted({key(value) for value in present}))}
    return ["" if _is_missing(value) else str(order[key(value)]) for value in column]


def table_html(frame: pd.DataFrame, caption: str, labels: dict[str, str] | None = None,
               interactive: bool = True) -> str:
    """An accessible HTML table: a caption, real column headers, no unnamed index column.

    Text from the data is escaped, so a name like ``<script>`` shows as text. An ``interactive``
    table gets, on the static page and in JupyterLab alike, a search box that hides the rows without
    the text, column headers that sort the rows, and a live region that says how many rows show;
    without JavaScript it is the same table, unsorted and complete. Turn it off for a table whose
    row order carries meaning (a total row last, a running total).
    """
    esc = html.escape
    shown = frame.rename(columns=labels or {})
    columns = [shown.iloc[:, i] for i in range(shown.shape[1])]
    numeric = [any(_is_number(v) for v in column) and all(_is_number(v) or _is_missing(v) for v in column)
               for column in columns]
    parts = ['<table class="kurs-tabell">', f"<caption>{esc(caption)}</caption>", "<thead><tr>"]
    number_class = ' class="kurs-tal"'
    parts += [f'<th scope="col"{number_class if numeric[i] else ""}>{esc(str(name))}</th>'
              for i, name in enumerate(shown.columns)]
    parts.append("</tr></thead><tbody>")
    ranks = [_sort_ranks(column) for column in columns] if interactive else None
    for row_number, row in enumerate(shown.itertuples(index=False)):
        cells = []
        for i, value in enumerate(row):
            attributes = number_class if numeric[i] else ""
            if ranks is not None:
                attributes += f' data-sort="{ranks[i][row_number]}"'
            cells.append(f"<td{attributes}>{esc(format_value(value))}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    table = "".join(parts)
    css = (STATIC_DIR / "table.css").read_text(encoding="utf-8")
    if not interactive:
        return f"<style>{css}</style>{table}"
    script = (STATIC_DIR / "table.js").read_text(encoding="utf-8")
    text = esc(json.dumps(TABLE_TEXT, ensure_ascii=False))
    return (f'<style>{css}</style><div class="kurs-tabell-ruta" data-kurs-tabell="{text}">{table}</div>'
            f"<script>{script}</script>")


def show_table(frame: pd.DataFrame, caption: str, labels: dict[str, str] | None = None,
               interactive: bool = True) -> HTML:
    """Display ``table_html`` in a notebook or on a built page."""
    return HTML(table_html(frame, caption, labels, interactive))
