"""The change engine verify uses: `contractgen.changes` (INTERFACES.md §3), or the stand-in until it lands."""

from __future__ import annotations

try:
    from contractgen.changes import Change, compare  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - removed with the stand-in
    from contractgen.verify.changes_standin import Change, compare

__all__ = ["Change", "compare"]
