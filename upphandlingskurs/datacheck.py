"""Check every file of the data folder at once: `python -m upphandlingskurs.datacheck [MAPP]`

`make book`, `make book-workshop` and `make pdf` run this before they build anything, and
`make workshop` runs ``check_data_folder`` before it starts. The folder is MAPP, or else the data
folder in use (UPPHANDLINGSKURS_DATA, or data/ beside the package). Every table is read and checked
against its schema and against the tables it refers to (a plan's CPV codes must be in cpv.csv), and
the problems of every file are listed together, so a trainer's own folder is put right in one round.

A problem prints only the Swedish list, to stderr, and ends with exit code 1; never a traceback.
A relative UPPHANDLINGSKURS_DATA is taken from the folder the command is started in, and is made
absolute for anything this process starts (``data.absolute_data_env``; the pages' kernels run in
the pages' folders).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from upphandlingskurs.data import DATA_DIR, DATA_ENV, absolute_data_env, load_table
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.schemas import TABLES

__all__ = ["absolute_data_env", "check_data_folder", "data_folder_problems", "main"]


def _folder(folder: str | os.PathLike | None) -> Path:
    return Path(folder).resolve() if folder is not None else DATA_DIR


def _missing_folder(folder: Path) -> str:
    return f"Mappen {folder} finns inte. Kontrollera sökvägen i {DATA_ENV}."


def data_folder_problems(folder: str | os.PathLike | None = None) -> list[str]:
    """One Swedish message per file that cannot be used (empty when every file is fine)."""
    folder = _folder(folder)
    if not folder.is_dir():
        return [_missing_folder(folder)]
    problems = []
    for name, spec in TABLES.items():
        try:
            load_table(name, folder / spec.filename)
        except CourseDataError as error:
            problems.append(str(error))
    return problems


def problems_text(folder: Path, problems: list[str]) -> str:
    files = "en fil" if len(problems) == 1 else f"{len(problems)} filer"
    heading = (f"Kursens data i mappen {folder} kan inte användas: {files} har fel. "
               "Rätta allt som står nedan och försök igen.")
    return "\n\n".join([heading, *problems])


def check_data_folder(folder: str | os.PathLike | None = None) -> None:
    """Raise CourseDataError with every problem in every file of the data folder, if there is one."""
    folder = _folder(folder)
    if not folder.is_dir():
        raise CourseDataError(_missing_folder(folder))
    problems = data_folder_problems(folder)
    if problems:
        raise CourseDataError(problems_text(folder, problems))


def main(arguments: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if arguments is None else arguments
    if len(arguments) > 1 or any(argument.startswith("-") for argument in arguments):
        print("Användning: python -m upphandlingskurs.datacheck [MAPP]", file=sys.stderr)
        return 2
    folder = _folder(arguments[0] if arguments else None)
    try:
        check_data_folder(folder)
    except CourseDataError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Kursens data i mappen {folder} är kontrollerade: alla {len(TABLES)} filer går att använda.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
