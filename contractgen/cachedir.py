"""Where contractgen keeps what it can compute again: one directory, safe to delete at any time.

`CONTRACTGEN_CACHE_DIR` names it; otherwise `$XDG_CACHE_HOME/contractgen`, else `~/.cache/contractgen`.
`CONTRACTGEN_CACHE_DIR=off` (or empty) turns caching off. Every entry is keyed by what it was computed
from, so a stale or corrupt entry is never used, only recomputed.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "CONTRACTGEN_CACHE_DIR"


def cache_root() -> Path | None:
    """Where contractgen keeps its caches; None when turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "contractgen"


def cache_dir(section: str) -> Path | None:
    """The directory for one kind of entry (created on demand), or None when caching is off or impossible."""
    root = cache_root()
    if root is None:
        return None
    path = root / section
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home or a file in the way: run uncached rather than fail
    return path
