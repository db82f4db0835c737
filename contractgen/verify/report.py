"""What verify found: the contract's changes and the frontend's TypeScript errors, each with its change."""

from __future__ import annotations

import json
import os
from dataclasses import field
from typing import Any

from contractgen.changes import Change
from contractgen.records import record
from contractgen.verify.tsc import CATEGORY_ORDER, TsDiagnostic


@record(frozen=True)
class AttributedError:
    diagnostic: TsDiagnostic
    file: str  # relative to the frontend directory when inside it
    change: Change | None  # None: no contract change explains it ("already broken")


@record
class Report:
    changes: list[Change]
    errors: list[AttributedError]
    compiled: bool  # tsc's exit status was 0
    output: str = ""  # tsc's own output, for errors it printed without a position

    @property
    def intercepted(self) -> list[AttributedError]:
        return [e for e in self.errors if e.change is not None]

    @property
    def already_broken(self) -> list[AttributedError]:
        return [e for e in self.errors if e.change is None]


def relative(file: str, base: str) -> str:
    if not file:
        return ""
    rel = os.path.relpath(file, base)
    return file if rel.startswith("..") else rel.replace(os.sep, "/")


def change_data(change: Change) -> dict[str, Any]:
    return {"rule": change.rule, "level": change.level, "subject": change.subject, "message": change.message, "names": list(change.names)}


def to_data(report: Report) -> dict[str, Any]:
    return {
        "compiled": report.compiled,
        "changes": [change_data(c) for c in report.changes],
        "errors": [
            {
                "file": e.file,
                "line": e.diagnostic.line,
                "column": e.diagnostic.column,
                "code": e.diagnostic.code,
                "category": e.diagnostic.category,
                "message": e.diagnostic.message,
                "change": e.change.message if e.change is not None else None,
            }
            for e in report.errors
        ],
        "intercepted": len(report.intercepted),
        "already_broken": len(report.already_broken),
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _where(error: AttributedError) -> str:
    d = error.diagnostic
    return f"{error.file}:{d.line}:{d.column}" if error.file else "(no position)"


def _table(errors: list[AttributedError], with_change: bool) -> list[str]:
    rows = sorted(errors, key=lambda e: (CATEGORY_ORDER.index(e.diagnostic.category), e.file, e.diagnostic.line, e.diagnostic.column))
    width = max((len(_where(e)) for e in rows), default=0)
    lines: list[str] = []
    current = ""
    for error in rows:
        if error.diagnostic.category != current:
            current = error.diagnostic.category
            lines.append(f"  {current}")
        lines.append(f"    {_where(error).ljust(width)}  TS{error.diagnostic.code}  {error.diagnostic.message}")
        if with_change and error.change is not None:
            lines.append(f"    {''.ljust(width)}  <- {error.change.message}")
    return lines


def render_text(report: Report) -> str:
    lines = [f"contract changes: {len(report.changes)}"]
    lines += [f"  {c.level:<8}  {c.message}" for c in report.changes]
    intercepted = report.intercepted
    lines.append(f"intercepted by TypeScript: {len(intercepted)} error(s)")
    lines += _table(intercepted, with_change=True)
    broken = report.already_broken
    if broken:
        lines.append(f"already broken (no contract change explains them): {len(broken)} error(s)")
        lines += _table(broken, with_change=False)
    lines.append("frontend compiles" if report.compiled else "frontend does not compile")
    return "\n".join(lines) + "\n"


@record
class Tally:
    """A running count over a watch session: every regeneration's intercepted errors."""

    regenerations: int = 0
    intercepted: int = 0
    by_category: dict[str, int] = field(default_factory=dict)

    def add(self, report: Report) -> None:
        self.regenerations += 1
        for error in report.intercepted:
            self.intercepted += 1
            category = error.diagnostic.category
            self.by_category[category] = self.by_category.get(category, 0) + 1

    def summary(self) -> str:
        parts = ", ".join(f"{self.by_category[c]} {c}" for c in CATEGORY_ORDER if c in self.by_category)
        return f"intercepted since start: {self.intercepted} error(s) in {self.regenerations} regeneration(s)" + (f" ({parts})" if parts else "")


def render_brief(report: Report) -> str:
    """A few lines per regeneration for `watch --frontend`: each intercepted error with its change."""
    intercepted = report.intercepted
    head = f"frontend: {'compiles' if report.compiled else 'does not compile'}; {len(intercepted)} error(s) intercepted"
    if report.already_broken:
        head += f", {len(report.already_broken)} already broken"
    lines = [head]
    for error in intercepted:
        d = error.diagnostic
        assert error.change is not None
        lines.append(f"  {_where(error)}  TS{d.code}  {d.message}  <- {error.change.message}")
    return "\n".join(lines) + "\n"
