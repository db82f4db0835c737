"""Printing findings: text (grouped by the endpoints that reach them), json, markdown (a PR comment) and
github (workflow commands that annotate the changed lines), with a semver hint for the npm package."""

from __future__ import annotations

import json
from dataclasses import field
from typing import Literal

from contractgen.changes.change import Change
from contractgen.changes.policy import Acceptance, Finding
from contractgen.changes.rules import LEVELS, Level
from contractgen.diagnostics import Position
from contractgen.records import record

Format = Literal["text", "json", "markdown", "github"]
FORMATS: tuple[Format, ...] = ("text", "json", "markdown", "github")


@record
class Report:
    old: str  # what was compared: "git:main", "contract.json", a directory
    new: str
    findings: list[Finding]
    stale: list[Acceptance] = field(default_factory=list)  # accepted findings that no longer occur
    old_prefix: str = ""  # the module root relative to the repository, for file paths in annotations
    new_prefix: str = ""

    def counted(self) -> list[Change]:
        return [f.change for f in self.findings if not f.accepted]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {level: 0 for level in LEVELS}
        for change in self.counted():
            out[change.level] += 1
        return out

    def semver(self) -> str:
        """major: something breaks; minor: the code changes shape or grows; patch: nothing a client sees."""
        counts = self.counts()
        if counts["breaking"]:
            return "major"
        return "minor" if counts["warning"] or counts["info"] else "patch"

    def fails(self, fail_on: Level) -> bool:
        threshold = LEVELS.index(fail_on)
        return any(LEVELS.index(c.level) <= threshold for c in self.counted())

    def summary(self) -> str:
        counts = self.counts()
        accepted = sum(1 for f in self.findings if f.accepted)
        parts = [f"{counts[level]} {level}" for level in LEVELS]
        tail = f", {accepted} accepted" if accepted else ""
        return f"{', '.join(parts)}{tail}; semver: {self.semver()}"


def render(report: Report, format: Format) -> str:
    return {"text": _text, "json": _json, "markdown": _markdown, "github": _github}[format](report)


def _where(change: Change, report: Report) -> str:
    if change.new is not None:
        return f"at {_path(change.new, report.new_prefix)}"
    if change.old is not None:
        return f"was at {_path(change.old, report.old_prefix)} ({report.old})"
    return ""


def _path(position: Position, prefix: str) -> str:
    return f"{prefix}/{position}" if prefix else str(position)


def _groups(report: Report) -> list[tuple[str, list[Finding]]]:
    groups: dict[tuple[str, ...], list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.change.endpoints, []).append(finding)
    ordered = sorted(groups.items(), key=lambda item: (not item[0], item[0]))
    return [(", ".join(key) if key else "types (not reached from an endpoint)", items) for key, items in ordered]


def _text(report: Report) -> str:
    if not report.findings and not report.stale:
        return f"no changes between {report.old} and {report.new}; semver: {report.semver()}\n"
    lines = [f"changes from {report.old} to {report.new}:"]
    for heading, findings in _groups(report):
        lines.append("")
        lines.append(heading)
        for finding in findings:
            change = finding.change
            level = "accepted" if finding.accepted else change.level
            lines.append(f"  {level:<9} {change.message}  [{change.rule}]")
            where = _where(change, report)
            if where:
                lines.append(f"            {where}")
            if finding.accepted:
                lines.append(f"            accepted: {finding.accepted}")
    for stale in report.stale:
        lines.append(f"note: an accepted finding no longer occurs ({stale.rule}{' ' + stale.subject if stale.subject else ''}): remove it")
    lines.append("")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def _position(position: Position | None, prefix: str) -> dict[str, object] | None:
    if position is None:
        return None
    return {"path": f"{prefix}/{position.path}" if prefix else position.path, "line": position.line, "column": position.column}


def as_data(report: Report) -> dict[str, object]:
    return {
        "old": report.old,
        "new": report.new,
        "changes": [
            {
                "rule": f.change.rule,
                "level": f.change.level,
                "subject": f.change.subject,
                "message": f.change.message,
                "names": list(f.change.names),
                "endpoints": list(f.change.endpoints),
                "old": _position(f.change.old, report.old_prefix),
                "new": _position(f.change.new, report.new_prefix),
                "accepted": f.accepted or None,
            }
            for f in report.findings
        ],
        "stale_accepted": [{"rule": a.rule, "subject": a.subject, "match": a.match, "reason": a.reason} for a in report.stale],
        "summary": report.counts(),
        "semver": report.semver(),
    }


def _json(report: Report) -> str:
    return json.dumps(as_data(report), indent=2, ensure_ascii=False) + "\n"


_ICONS = {"breaking": "🔴 breaking", "warning": "🟡 warning", "info": "⚪ info"}


def _markdown(report: Report) -> str:
    lines = [f"### contractgen: API changes from `{report.old}` to `{report.new}`", ""]
    if not report.findings:
        lines.append("No changes to the contract.")
    for heading, findings in _groups(report):
        lines += [f"**{_md(heading)}**", "", "| level | change | rule | where |", "|---|---|---|---|"]
        for finding in findings:
            change = finding.change
            level = f"✅ accepted: {_md(finding.accepted)}" if finding.accepted else _ICONS[change.level]
            lines.append(f"| {level} | {_md(change.message)} | `{change.rule}` | {_md(_where(change, report))} |")
        lines.append("")
    for stale in report.stale:
        lines.append(f"> an accepted finding no longer occurs: `{stale.rule}` {_md(stale.subject)}")
    lines += ["", f"**{report.summary()}** (the npm package's next version: a {report.semver()} bump)"]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_COMMANDS = {"breaking": "error", "warning": "warning", "info": "notice"}


def _github(report: Report) -> str:
    """GitHub Actions workflow commands: one annotation per finding, at the NEW position (OLD's for a removal)."""
    lines = []
    for finding in report.findings:
        change = finding.change
        command = "notice" if finding.accepted else _COMMANDS[change.level]
        position, prefix = (change.new, report.new_prefix) if change.new is not None else (change.old, report.old_prefix)
        props = [f"title={_property('contractgen ' + change.rule)}"]
        if position is not None and (change.new is not None or report.old_prefix == report.new_prefix):
            path = f"{prefix}/{position.path}" if prefix else position.path
            props = [f"file={_property(path)}", f"line={position.line}", f"col={position.column}", *props]
        message = change.message + (f" (accepted: {finding.accepted})" if finding.accepted else "")
        lines.append(f"::{command} {','.join(props)}::{_data(message)}")
    lines.append(f"::notice title=contractgen::{_data(report.summary())}")
    return "\n".join(lines) + "\n"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
