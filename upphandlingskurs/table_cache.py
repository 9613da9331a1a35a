"""A build's memory of the tables it has checked, so that each page's kernel does not check them again.

`make book` runs every page in a kernel of its own, and most pages read the same tables (the rule
parameters, the thresholds, the dated figures). Checking a table costs each kernel the import of
pandera (about 0.15 s of processor time) and every check again. When UPPHANDLINGSKURS_TABELLCACHE
names a folder, as the build sets it (_ext/kurs_karnor.py), the first kernel that reads a table
keeps the checked table there, and the next kernels read it back.

A kept table is used only for exactly the same input: the same file (path and content), the same
files its values are checked against (``schemas.Reference``), the same code of this package and the
same pandas. A table with problems is never kept, so its Swedish message comes every time. Outside
the build (JupyterLab, the workshop, a downloaded notebook) the variable is not set and nothing is
kept.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

import pandas as pd

CACHE_ENV = "UPPHANDLINGSKURS_TABELLCACHE"
PACKAGE_DIR = Path(__file__).resolve().parent


@functools.cache
def _package_fingerprint() -> bytes:
    """This package's code and the pandas it runs on: what a checked table depends on besides its files."""
    digest = hashlib.sha256(pd.__version__.encode())
    for source in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(source.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.digest()


def entry(name: str, file: Path, referenced: list[Path]) -> Path | None:
    """Where table ``name`` read from ``file`` (checked against the files ``referenced``) is kept;
    None when nothing is kept (no cache folder set, or a file missing: its message comes from the check)."""
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        return None
    digest = hashlib.sha256(_package_fingerprint())
    digest.update(name.encode())
    for path in (file, *referenced):
        try:
            content = path.read_bytes()
        except OSError:
            return None
        digest.update(str(path.resolve()).encode() + b"\0" + hashlib.sha256(content).digest())
    return Path(folder) / f"{name}-{digest.hexdigest()[:40]}.pkl"


def read(path: Path) -> pd.DataFrame | None:
    """The table kept at ``path``, or None if there is none (or it cannot be read back)."""
    try:
        with path.open("rb") as kept:
            return pickle.load(kept)
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None  # a damaged or foreign file: check the table again, and keep it anew


def write(path: Path, frame: pd.DataFrame) -> None:
    """Keep a checked table. Several kernels may write the same one at once: each writes a file
    of its own and moves it into place, so a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with partial.open("wb") as kept:
            pickle.dump(frame, kept, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except OSError:
        pass  # a full or read-only disk costs only the time the cache would have saved

