"""The user's cache folder: where cardgame keeps what it can always work out again."""

from __future__ import annotations

import os
import sys
from pathlib import Path

CACHE_VARIABLE = "CARDGAME_CACHE"
"""A folder for the caches; empty: no cache on disk."""


def cache_root() -> Path | None:
    """The user's cache folder for cardgame (None: no cache on disk)."""
    explicit = os.environ.get(CACHE_VARIABLE)
    if explicit is not None:
        return Path(explicit) if explicit else None
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "cardgame" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "cardgame"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "cardgame"
