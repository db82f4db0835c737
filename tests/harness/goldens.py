"""Rendering a golden case: everything a run produces, as files (IR dump, diagnostics, targets)."""

from __future__ import annotations

from pathlib import Path

from contractgen.pipeline import UsageError, build

from harness.paths import golden_input


def render_case(case: str) -> dict[str, str]:
    source = golden_input(case)
    try:
        generation = build(source)
    except UsageError as exc:
        return {"diagnostics.txt": _diagnostics_text(exc.diagnostics)}
    files = {"diagnostics.txt": _diagnostics_text(generation.diagnostics)}
    files.update(generation.files)
    return files


def _diagnostics_text(diagnostics) -> str:  # type: ignore[no-untyped-def]
    return "".join(d.render(show_source=False) + "\n" for d in diagnostics)


def read_tree(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()
    }
