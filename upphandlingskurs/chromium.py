"""Debian's Chromium, as the browser tests and `make pdf` start it.

The flags keep a headless Chromium from reaching out to the network (this project's machines
have none) and let it run as root; see ../shared/reference/plattform.md.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package 'chromium'; never a downloaded browser
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
