"""The pages of the book in reading order, read from _toc.yml (the tests, the workshop apps and
the PDF all take their list of pages from here)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def toc_docnames(root: Path = ROOT) -> list[str]:
    """Every page in ``root``'s _toc.yml, in reading order, as docnames ("chapters/01-...")."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return names
