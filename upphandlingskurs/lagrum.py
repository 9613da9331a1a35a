"""Law references in course text ("4 kap. 18 § LOU", "artikel 77 i direktiv 2014/24/EU") and the
legal register that backs them.

Every paragraph and directive article the course cites must be in data/lagrum.csv. An article
counts as cited when the text says which directive ("i direktiv 2014/24/EU", or "i direktivet",
which in this course is 2014/24/EU); a bare "artikel 70" beside a table of articles is not read. A paragraph the register marks as
no longer in force (renumbered or repealed) may be named only beside the paragraph that
replaced it, so that the text never teaches an old number as the law of today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from upphandlingskurs.data import load_table

DEFAULT_LAW = "LOU"  # a reference without a law name is to LOU, the course's main law
_NUMBER = r"\d+(?: [a-z](?![a-zåäö]))?"  # "25" or "25 a", but not "25 av"
REFERENCE = re.compile(
    rf"(?P<chapter>{_NUMBER}) kap\. (?P<first>{_NUMBER})"
    rf"(?:[–-](?P<last>\d+))? §§?(?: (?P<law>LOU|LUF|LUK|LOV)\b)?"
)

# A paragraph of a law that has no chapters, named by its SFS number: "2 § lagen (2022:900)".
SFS_PARAGRAPH = re.compile(r"\b(?P<number>\d+(?: [a-z](?![a-zåäö]))?) § lagen \((?P<sfs>\d{4}:\d+)\)")

DEFAULT_DIRECTIVE = "2014/24/EU"  # "i direktivet": the procurement directive that LOU implements
ARTICLES = re.compile(
    r"\b[Aa]rtik(?:el|larna) (?P<numbers>\d+(?:(?:, | och |[–-])\d+)*) i (?:direktiv (?P<directive>\d{4}/\d+/EU)|direktivet)\b"
)


@dataclass(frozen=True)
class Reference:
    designation: str  # as in the register: "19 kap. 25 a § LOU"
    text: str  # as written


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def _article_numbers(numbers: str) -> list[int]:
    """"20, 70, 74–77" -> 20, 70, 74, 75, 76, 77."""
    found = []
    for part in re.split(r", | och ", numbers):
        first, _, last = part.replace("–", "-").partition("-")
        found += range(int(first), int(last or first) + 1)
    return found


def find_references(text: str) -> list[Reference]:
    """All paragraph and directive-article references in ``text``, in that order; a range such as
    "2–5 §§" or "artiklarna 74–76" gives one per paragraph or article."""
    text = _normalise(text)
    found = []
    for match in REFERENCE.finditer(text):
        law = match["law"] or DEFAULT_LAW
        if match["last"]:
            numbers = [str(n) for n in range(int(match["first"]), int(match["last"]) + 1)]
        else:
            numbers = [match["first"]]
        for number in numbers:
            found.append(Reference(f"{match['chapter']} kap. {number} § {law}", match.group(0)))
    for match in SFS_PARAGRAPH.finditer(text):
        found.append(Reference(f"{match['number']} § lagen ({match['sfs']})", match.group(0)))
    for match in ARTICLES.finditer(text):
        directive = match["directive"] or DEFAULT_DIRECTIVE
        for number in _article_numbers(match["numbers"]):
            found.append(Reference(f"artikel {number} i direktiv {directive}", match.group(0)))
    return found


def check_text(text: str, register: pd.DataFrame | None = None) -> list[str]:
    """Swedish problems with the law references in ``text`` (empty when all is well).

    The text is read block by block (blocks are separated by blank lines): an outdated
    paragraph is accepted only in a block that also names the paragraph that replaced it.
    """
    register = load_table("lagrum") if register is None else register
    by_designation = register.set_index("beteckning")
    problems = []
    for block in re.split(r"\n\s*\n", text):
        references = find_references(block)
        named = {reference.designation for reference in references}
        for reference in references:
            if reference.designation not in by_designation.index:
                problems.append(
                    f"'{reference.text}' ({reference.designation}) finns inte i lagrumsregistret data/lagrum.csv"
                )
                continue
            entry = by_designation.loc[reference.designation]
            if entry["status"] != "gällande" and entry["ersatt_av"] not in named:
                replacement = entry["ersatt_av"] if isinstance(entry["ersatt_av"], str) else "ingen"
                problems.append(
                    f"'{reference.text}' är {entry['status']} (gäller inte i dag); nämn den gällande "
                    f"paragrafen ({replacement}) i samma stycke"
                )
    return problems
