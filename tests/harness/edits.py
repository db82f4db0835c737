"""Edits of a module under watch, and the full regeneration that an incremental one must equal."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

Edit = Callable[[str], str] | None  # the file's new text from its current text ("" when new); None deletes it


def apply_edit(module: Path, path: str, edit: Edit) -> Path:
    target = module / path
    if edit is None:
        target.unlink()
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(edit(target.read_text() if target.exists() else ""))
    return target


def full_build(module: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A generation with nothing reused: no facts, no memo, no rendered module text."""
    import contractgen.targets.ts as ts_target
    from contractgen.pipeline import build
    from contractgen.scan.cache import FactCache

    with monkeypatch.context() as fresh:
        fresh.setattr(ts_target, "_MODULE_TEXTS", {})
        return build(module, cache=FactCache(None))
