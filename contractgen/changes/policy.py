"""A project's policy over the findings: levels moved or rules ignored in `[diff] rules`, and single findings
accepted with a reason in a committed file (default `contractgen-accepted.toml` at the module root):

    [[accepted]]
    rule = "response-property-removed"
    subject = "models.User"              # optional: the finding's subject, exactly
    match = "legacyId"                   # optional: text the message contains
    reason = "no client has read legacyId since app 3.2"
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from contractgen.changes.change import Change
from contractgen.changes.rules import LEVELS, RULES
from contractgen.diagnostics import Diagnostic, Position, error
from contractgen.records import record


@record(frozen=True)
class Acceptance:
    rule: str
    reason: str
    subject: str = ""
    match: str = ""

    def covers(self, change: Change) -> bool:
        return change.rule == self.rule and self.subject in ("", change.subject) and self.match in change.message


@record(frozen=True)
class Finding:
    """A change as the project sees it: its level after `[diff] rules`, and the reason when accepted."""

    change: Change
    accepted: str = ""


def apply_levels(changes: list[Change], rules: dict[str, str]) -> list[Change]:
    out = []
    for change in changes:
        level = rules.get(change.rule, change.level)
        if level == "ignore":
            continue
        out.append(change if level == change.level else replace(change, level=level))  # type: ignore[arg-type]
    return sorted(out, key=lambda c: (LEVELS.index(c.level), c.subject, c.message, c.rule))


def accept(changes: list[Change], acceptances: list[Acceptance]) -> tuple[list[Finding], list[Acceptance]]:
    """The findings, and the acceptances that matched nothing (stale: the change they excused is gone)."""
    used: set[Acceptance] = set()
    findings = []
    for change in changes:
        match = next((a for a in acceptances if a.covers(change)), None)
        if match is not None:
            used.add(match)
        findings.append(Finding(change, match.reason if match else ""))
    return findings, [a for a in acceptances if a not in used]


def load_acceptances(path: Path, shown: str) -> tuple[list[Acceptance], list[Diagnostic]]:
    import tomllib

    if not path.is_file():
        return [], []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return [], [error("CG223", f"cannot read the accepted findings: {exc}", Position(shown, 1, 1))]
    problems: list[Diagnostic] = []
    unknown = sorted(set(data) - {"accepted"})
    if unknown:
        problems.append(error("CG223", f"unknown key {unknown[0]!r} in the accepted findings", Position(shown, 1, 1), "write [[accepted]] tables"))
    acceptances = []
    for number, entry in enumerate(data.get("accepted", []), start=1):
        where = Position(shown, _line_of(path, number), 1)
        if not isinstance(entry, dict):
            problems.append(error("CG223", f"accepted entry {number} must be a table", where))
            continue
        extra = sorted(set(entry) - {"rule", "reason", "subject", "match"})
        rule, reason = entry.get("rule"), entry.get("reason")
        if extra:
            problems.append(error("CG223", f"accepted entry {number}: unknown key {extra[0]!r}", where, "keys: rule, reason, subject, match"))
        elif rule not in RULES:
            problems.append(error("CG223", f"accepted entry {number}: unknown rule {rule!r}", where, "use a rule id from the README's rules table"))
        elif not isinstance(reason, str) or not reason.strip():
            problems.append(error("CG223", f"accepted entry {number} has no reason", where, 'say why: reason = "..."'))
        elif not all(isinstance(entry.get(k, ""), str) for k in ("subject", "match")):
            problems.append(error("CG223", f"accepted entry {number}: subject and match must be strings", where))
        else:
            acceptances.append(Acceptance(rule, reason.strip(), entry.get("subject", ""), entry.get("match", "")))
    return acceptances, problems


def _line_of(path: Path, number: int) -> int:
    """The line of the number-th [[accepted]] header (TOML parsers give no positions)."""
    seen = 0
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().startswith("[[accepted]]"):
            seen += 1
            if seen == number:
                return line_number
    return 1
