"""`contractgen verify`: type-check a frontend against the contract just generated, explain each error
by the contract change it comes from, and (`--mutations`) measure how much drift the frontend catches.

The seam for `watch --frontend`: after each regeneration call `after_regeneration(frontend, old, new,
out_dir)` and print `render_text(report)`; keep a `Tally` and `add` each report to it.
"""

from __future__ import annotations

import json
from pathlib import Path

from contractgen.ir.model import Contract
from contractgen.verify import tsc as harness
from contractgen.verify.attribute import SourceLines, best_change, evidence
from contractgen.changes import Change, compare
from contractgen.verify.report import AttributedError, Report, Tally, relative, render_text

__all__ = ["Report", "Tally", "after_regeneration", "check_frontend", "package_name", "render_text"]


def package_name(ts_dir: Path) -> str:
    """The npm name the frontend imports the generated package by: OUT/ts/package.json's `name`."""
    try:
        return str(json.loads((ts_dir / "package.json").read_text(encoding="utf-8"))["name"])
    except (OSError, ValueError, KeyError) as exc:
        raise harness.TscNotFound(f"{ts_dir / 'package.json'}: no package name ({exc})") from None


def check_frontend(
    frontend: Path, ts_dir: Path, changes: list[Change], type_names: frozenset[str], tsc: Path | None = None
) -> Report:
    """Type-check FRONTEND against the package in TS_DIR and attribute each error to one of CHANGES."""
    compiler = harness.find_tsc(frontend, tsc)
    overlay = harness.write_overlay(frontend, "verify", package_name(ts_dir), ts_dir, harness.frontend_config(compiler, frontend))
    run = harness.run(compiler, overlay, frontend)
    lines = SourceLines()
    base = str(frontend.resolve())
    errors = [
        AttributedError(d, relative(d.file, base), best_change(changes, evidence(d, lines(d.file)), type_names))
        for d in run.diagnostics
    ]
    return Report(changes, errors, compiled=run.returncode == 0, output=run.output)


def after_regeneration(
    frontend: Path, old: Contract | None, new: Contract, out_dir: Path, tsc: Path | None = None
) -> Report:
    """The frontend checked against OUT_DIR/ts just written from NEW; errors explained by NEW vs OLD."""
    changes = compare(old, new) if old is not None else []
    return check_frontend(frontend, out_dir / "ts", changes, type_names(old) | type_names(new), tsc)


def type_names(contract: Contract | None) -> frozenset[str]:
    if contract is None:
        return frozenset()
    return frozenset(d.name for p in contract.packages for d in p.types)
