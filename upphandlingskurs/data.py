"""Load the course's CSV tables and check them against their declared schemas.

A trainer may swap in a file of their own (the real, current list of social enterprises, say).
Whatever is wrong with it, the reader gets one Swedish message that names the file, the row as a
spreadsheet numbers it (the header is row 1), the column and the value, and no row is ever dropped.
A value that must exist in another table (``schemas.Reference``: a plan's CPV code in cpv.csv, a
municipality in kommunkoder.csv) is checked when the file is read, in the same list.

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
import re
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from upphandlingskurs import table_cache
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.schemas import TABLES, Reference, TableSpec
from upphandlingskurs.swedish import swedish_number, swedish_sort_key

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
DATA_ENV = "UPPHANDLINGSKURS_DATA"
# The data a wheel carries as package data (pyproject.toml maps the book's data/ here). A checkout,
# editable install included, has no such folder and reads data/ beside the package instead.
INSTALLED_DATA_DIR = PACKAGE_DIR / "shipped_data"


def data_dir() -> Path:
    """The data folder in use: UPPHANDLINGSKURS_DATA's, else the data installed with the package
    (a wheel), else data/ beside the package (the course's checkout).

    A relative UPPHANDLINGSKURS_DATA is taken from the folder the process runs in. The kernels of
    the pages run in the pages' folders, so the Makefile makes it absolute for everything it starts,
    and so does this module for everything its own process starts (``absolute_data_env``).
    """
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).resolve()
    return (INSTALLED_DATA_DIR if INSTALLED_DATA_DIR.is_dir() else PACKAGE_DIR.parent / "data").resolve()


def absolute_data_env() -> None:
    """Make a relative UPPHANDLINGSKURS_DATA absolute, from the folder this process runs in, so a
    program it starts in another folder (a page's kernel, the workshop's apps) reads the same data."""
    value = os.environ.get(DATA_ENV)
    if value and not Path(value).is_absolute():
        os.environ[DATA_ENV] = str(Path(value).resolve())


absolute_data_env()  # once, on import: before this process can start a kernel
DATA_DIR = data_dir()

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
    In the book's build, a table already checked (same files, same code) is read back as it was
    kept (``table_cache``).
    """
    spec = table_spec(name)
    file = Path(path) if path is not None else DATA_DIR / spec.filename
    kept = table_cache.entry(spec.name, file, [_referenced_file(reference, file) for reference in spec.references])
    frame = table_cache.read(kept) if kept else None
    if frame is None:
        frame = _checked_table(spec, file)
        if kept:
            table_cache.write(kept, frame)
    return frame


def _checked_table(spec: TableSpec, file: Path) -> pd.DataFrame:
    import pandera.pandas as pa  # here, not at the top: a table the build has kept needs no pandera

    header, rows, row_numbers = _read_csv(file, spec)
    raw = pd.DataFrame(rows, columns=header, dtype=object)
    # Blank cells are missing values; surrounding spaces are never meaningful.
    raw = raw.apply(lambda column: column.str.strip()).replace("", None)
    problems: list[str] = []
    failed: set[tuple[int | None, str]] = set()
    frame = None
    try:
        frame = spec.schema.validate(raw, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = _describe_failures(errors.failure_cases, row_numbers)
        failed = _failed_cells(errors.failure_cases)
    # Values that must exist in another table (a plan's CPV codes in cpv.csv), in the same list.
    problems += _reference_problems(raw, spec, file, row_numbers, failed)
    if problems or frame is None:
        raise _error(file, spec, sorted(problems, key=_row_order))
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
    try:
        raw = file.read_bytes()
    except OSError:
        raise CourseDataError(f"Filen {file} ({spec.title}) går inte att läsa. "
                              "Kontrollera att du har behörighet att läsa den.") from None
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


def _failed_cells(failures: pd.DataFrame) -> set[tuple[int | None, str]]:
    """The (row index, column) of every value a column check refused; (None, column) for a column
    whose check could not run. A reference check leaves them alone: they already have a problem."""
    cells: set[tuple[int | None, str]] = set()
    for failure in failures.itertuples(index=False):
        if failure.schema_context != "Column":
            continue
        index = None if failure.index is None or pd.isna(failure.index) else int(failure.index)
        cells.add((index, failure.column))
    return cells


# The referenced tables, read once per version of their file (a plan is checked against cpv.csv
# every time it is loaded).
_REFERENCED: dict[tuple[str, str, int, int], pd.DataFrame] = {}


def _referenced_table(name: str, file: Path) -> pd.DataFrame:
    stat = file.stat()
    key = (name, str(file.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _REFERENCED:
        _REFERENCED[key] = load_table(name, file)
    return _REFERENCED[key]


def _referenced_file(reference: Reference, file: Path) -> Path:
    """The file of the table that ``reference`` points to, for a table read from ``file``: in the
    same folder, or in the data folder in use if that folder does not have it."""
    target_file = file.parent / table_spec(reference.table).filename
    return target_file if target_file.is_file() else DATA_DIR / target_file.name


def _reference_problems(raw: pd.DataFrame, spec: TableSpec, file: Path, row_numbers: list[int],
                        failed: set[tuple[int | None, str]]) -> list[str]:
    """Every value that ``spec.references`` says must exist in another table but does not.

    The other table is read from the same folder as ``file`` (the data folder in use), or from the
    data folder in use if that folder does not have it (a single file checked on its own:
    ``_referenced_file``)."""
    problems: list[str] = []
    for reference in spec.references:
        if (None, reference.column) in failed:
            continue
        target_file = _referenced_file(reference, file)
        if not target_file.is_file():
            problems.append(f"kolumn '{reference.column}' kan inte kontrolleras, eftersom {target_file} saknas")
            continue
        try:
            target = _referenced_table(reference.table, target_file)
        except CourseDataError:
            problems.append(f"kolumn '{reference.column}' kan inte kontrolleras mot {target_file}, "
                            "eftersom den filen har fel. Rätta den filen först.")
            continue
        values = raw[reference.column]
        missing = values.notna() & ~values.isin(target[reference.target])
        for index in missing[missing].index:
            if (index, reference.column) not in failed:
                problems.append(f"rad {row_numbers[index]}, kolumn '{reference.column}', "
                                f"värde '{values[index]}': {reference.error}")
        if reference.same is None:
            continue
        here, there = reference.same
        expected = values.map(dict(zip(target[reference.target], target[there])))
        differs = expected.notna() & raw[here].notna() & (raw[here] != expected)
        for index in differs[differs].index:
            if (index, here) not in failed:
                problems.append(f"rad {row_numbers[index]}, kolumn '{here}', värde '{raw[here][index]}': "
                                + reference.same_error.format(value=expected[index]))
    return problems


def _check_message(check: str) -> str:
    """Swedish wording of a pandera failure; our own checks already carry Swedish text."""
    if check.lower().startswith(("coerce_dtype('int", "dtype('int")):
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
        if _is_too_long_whole_number(failure.check, failure.failure_case):
            message = "är ett för stort tal (kontrollera att inga siffror har kommit med av misstag)"
        if failure.schema_context == "DataFrameSchema":
            problems.append(f"rad {row}: {message}")
        else:
            value = "tomt" if failure.failure_case is None else f"'{failure.failure_case}'"
            problems.append(f"rad {row}, kolumn '{column}', värde {value}: {message}")
    return sorted(problems, key=_row_order)


def _is_too_long_whole_number(check: str, value: object) -> bool:
    """A whole number written correctly but too long for the computer's integers (over 19 digits)."""
    return (check.lower().startswith(("coerce_dtype('int", "dtype('int")) and isinstance(value, str)
            and re.fullmatch(r"-?\d+", value) is not None)


def _row_order(problem: str) -> tuple[int, str]:
    if problem.startswith("rad "):
        return int(problem.split()[1].rstrip(",:")), problem
    return 0, problem


def format_value(value: object) -> str:
    """A cell as the course shows it: Swedish numbers (22 417, 27,5), ISO dates, a dash for nothing."""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if _is_number(value):
        return swedish_number(value)
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
