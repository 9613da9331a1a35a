"""The course's source list, collected from the "## Källor" section of every chapter.

The reference page "Källor och vidare läsning" renders this list, so a source is written once,
in the chapter that uses it, and the collected list can never drift from the chapters.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
BOOK_DIR = PACKAGE_DIR.parent
SOURCES_HEADING = "## Källor"


def chapter_pages(book_dir: Path = BOOK_DIR) -> list[Path]:
    """The chapters in _toc.yml, in reading order."""
    toc = yaml.safe_load((book_dir / "_toc.yml").read_text(encoding="utf-8"))
    files = [entry["file"] for part in toc.get("parts", []) for entry in part.get("chapters", [])]
    return [book_dir / f"{name}.md" for name in files if name.startswith("chapters/")]


def page_title(text: str) -> str:
    match = re.search(r"^# (.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else "(utan rubrik)"


def sources_in(text: str) -> list[str]:
    """The list items (Markdown) under the page's "## Källor" heading."""
    start = text.find(f"\n{SOURCES_HEADING}\n")
    if start < 0:
        return []
    section = text[start + len(SOURCES_HEADING) + 2:]
    section = re.split(r"^## ", section, maxsplit=1, flags=re.MULTILINE)[0]
    items, current = [], None
    for line in section.splitlines():
        if line.startswith("- "):
            current = line[2:].strip()
            items.append(current)
        elif current is not None and line.startswith("  ") and line.strip():
            items[-1] = f"{items[-1]} {line.strip()}"
    return items


def sources_by_chapter(book_dir: Path = BOOK_DIR) -> list[tuple[str, list[str]]]:
    result = []
    for page in chapter_pages(book_dir):
        text = page.read_text(encoding="utf-8")
        result.append((page_title(text), sources_in(text)))
    return result


def sources_markdown(book_dir: Path = BOOK_DIR) -> str:
    """All chapters' sources as Markdown: the chapter title in bold, its sources as a list."""
    parts = []
    for title, items in sources_by_chapter(book_dir):
        parts.append(f"**{title}**\n")
        parts.extend(f"- {item}" for item in items)
        parts.append("")
    return "\n".join(parts)


SWEDISH_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                  "september", "oktober", "november", "december")


def swedish_date(day) -> str:
    """'25 november 2026', as dates are written in Swedish running text."""
    return f"{day.day} {SWEDISH_MONTHS[day.month - 1]} {day.year}"


def legal_status_date() -> str:
    """The date the course's legal content holds as of: the oldest check date in the register,
    so the page can never claim more than every entry supports."""
    from upphandlingskurs.data import load_table

    return swedish_date(load_table("lagrum")["kontrollerad"].min())
