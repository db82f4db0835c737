"""Where contractgen keeps what it can compute again: one directory, safe to delete at any time.

`CONTRACTGEN_CACHE_DIR` names it; otherwise `$XDG_CACHE_HOME/contractgen`, else `~/.cache/contractgen`.
`CONTRACTGEN_CACHE_DIR=` (empty) turns caching off. Every entry is keyed by what it was computed from,
so a stale or corrupt entry is never used, only recomputed.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(section: str) -> Path | None:
    """The directory for one kind of entry (created on demand), or None when caching is off or impossible."""
    configured = os.environ.get("CONTRACTGEN_CACHE_DIR")
    if configured is not None:
        if not configured:
            return None
        base = Path(configured)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = Path(xdg) / "contractgen" if xdg else Path.home() / ".cache" / "contractgen"
    path = base / section
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home or a file in the way: run uncached rather than fail
    return path
