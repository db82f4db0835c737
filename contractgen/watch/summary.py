"""What changed in the contract, in words, for watch's one line per regeneration: the change
engine's messages (contractgen.changes.compare), which compare meaning, never layout."""

from __future__ import annotations

from contractgen.changes import compare
from contractgen.ir.model import Contract


def describe_changes(old: Contract | None, new: Contract) -> list[str]:
    if old is None or old is new:
        return []
    return [change.message for change in compare(old, new)]
