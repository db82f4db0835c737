"""`contractgen check`: what drifted between OUT and what generation now gives, in words.

Three stories, told apart: the source changed and nobody regenerated (the committed OUT/contract.json
and the new contract differ: the semantic changes say how); generated files were edited by hand (they
differ while the contract did not change at all); only layout moved (positions or doc text).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import field
from pathlib import Path

from contractgen.changes.report import Report, as_data
from contractgen.ir.model import Contract, from_json
from contractgen.pipeline import CONTRACT_FILE
from contractgen.records import record

DIFF_LINES_WHEN_PIPED = 200  # a unified diff longer than this is only shown with --diff


@record
class Drift:
    out: Path
    fix: str  # the command that regenerates OUT
    missing: list[str] = field(default_factory=list)
    differs: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)  # differs, though the contract is the same: a hand edit
    report: Report | None = None  # the semantic changes from the committed contract to the new one
    committed: bool = False  # OUT held a readable contract.json
    diff: str = ""

    @property
    def clean(self) -> bool:
        return not (self.missing or self.differs or self.stale)


def committed_contract(out: Path) -> Contract | None:
    try:
        return from_json((out / CONTRACT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def hand_edited(differs: list[str], out: Path, files: dict[str, str]) -> list[str]:
    """The differing files when the committed contract.json is exactly what generation gives: the source
    did not change, so the files were edited after generation."""
    try:
        same_contract = (out / CONTRACT_FILE).read_bytes() == files[CONTRACT_FILE].encode("utf-8")
    except (OSError, KeyError):
        return []
    return [rel for rel in differs if rel != CONTRACT_FILE] if same_contract else []


def unified(out: Path, files: dict[str, str], paths: list[str]) -> str:
    chunks: list[str] = []
    for rel in paths:
        try:
            actual = (out / rel).read_text(encoding="utf-8", errors="replace")
        except OSError:
            actual = ""
        expected = files[rel]
        label = (out / rel).as_posix().lstrip("/")  # as git writes an absolute path: a/tmp/out/..., never a//tmp
        chunks.extend(difflib.unified_diff(actual.splitlines(keepends=True), expected.splitlines(keepends=True), f"a/{label}", f"b/{label}"))
    text = "".join(chunks)
    return text if text.endswith("\n") or not text else text + "\n"


def render_text(drift: Drift, show_diff: bool) -> str:
    if drift.clean:
        return ""
    lines = []
    for label, paths in (("missing", drift.missing), ("differs", drift.differs), ("stale", drift.stale)):
        for rel in paths:
            edited = " (edited by hand: the contract did not change)" if rel in drift.edited else ""
            lines.append(f"{label}: {drift.out / rel}{edited}")
    if drift.report is not None and drift.report.findings:
        lines.append("")
        lines.append(f"the source changed the contract since {drift.out / CONTRACT_FILE} was generated:")
        for finding in drift.report.findings:
            lines.append(f"  {finding.change.level:<9} {finding.change.message}  [{finding.change.rule}]")
        lines.append(f"  ({drift.report.summary()})")
    elif drift.report is not None and not drift.edited:
        lines.append("")
        lines.append("the contract's meaning did not change (positions or doc text moved)")
    elif not drift.committed:
        lines.append("")
        lines.append(f"{drift.out / CONTRACT_FILE} is missing or unreadable: the semantic changes cannot be told")
    if show_diff and drift.diff:
        lines.append("")
        lines.append(drift.diff.rstrip("\n"))
    return "\n".join(lines) + "\n"


def render_json(drift: Drift) -> str:
    data = {
        "clean": drift.clean,
        "out": str(drift.out),
        "files": {"missing": drift.missing, "differs": drift.differs, "stale": drift.stale, "edited": drift.edited},
        "changes": as_data(drift.report)["changes"] if drift.report is not None else None,
        "fix": None if drift.clean else drift.fix,
        "diff": drift.diff or None,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_github(drift: Drift) -> str:
    from contractgen.changes.report import render

    lines = []
    for label, paths in (("missing", drift.missing), ("differs", drift.differs), ("stale", drift.stale)):
        for rel in paths:
            how = "edited by hand" if rel in drift.edited else label
            lines.append(f"::error file={_property((drift.out / rel).as_posix())},title=contractgen check::{how}: regenerate with `{drift.fix}`")
    if drift.report is not None and drift.report.findings:
        # The semantic changes annotate the Go lines that made them, as `diff --format github` does.
        body = render(drift.report, "github")
        lines.extend(line for line in body.splitlines() if not line.startswith("::notice title=contractgen::"))
    lines.append(f"::notice title=contractgen check::{'up to date' if drift.clean else 'contract drift: run ' + drift.fix}")
    return "\n".join(lines) + "\n"


def _property(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def examine(out: Path, files: dict[str, str], contract: Contract, root: Path, config, fix: str) -> Drift:  # type: ignore[no-untyped-def]
    """Compare OUT with the generated `files` (and the committed contract with `contract`)."""
    from contractgen.changes.command import policy_report
    from contractgen.writer import diff

    changes = diff(out, files)
    drift = Drift(out, fix, list(changes.created), list(changes.updated), list(changes.removed))
    if drift.clean:
        return drift
    committed = committed_contract(out)
    drift.committed = committed is not None
    if committed is not None:
        drift.report, _ = policy_report(committed, contract, str(out / CONTRACT_FILE), "the source", root, config)
    drift.edited = hand_edited(drift.differs, out, files)
    drift.diff = unified(out, files, drift.missing + drift.differs)
    return drift
