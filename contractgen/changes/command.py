"""`contractgen diff OLD [NEW]`: load both sides, compare, apply the project's policy, print, decide the exit."""

from __future__ import annotations

from pathlib import Path

from contractgen.changes.policy import accept, apply_levels, load_acceptances
from contractgen.changes.report import Format, Report, render
from contractgen.changes.rules import Level
from contractgen.config import Config
from contractgen.diagnostics import Diagnostic
from contractgen.ir.model import Contract
from contractgen.records import record


@record
class Outcome:
    text: str
    failed: bool
    diagnostics: list[Diagnostic]


def policy_report(old: Contract, new: Contract, old_label: str, new_label: str, root: Path, config: Config) -> tuple[Report, list[Diagnostic]]:
    """The comparison with `[diff] rules` and the accepted findings applied: what diff and check print."""
    from contractgen.changes import compare

    changes = apply_levels(compare(old, new), config.diff_rules)
    path = root / config.diff_accepted
    acceptances, problems = load_acceptances(path, config.diff_accepted)
    findings, stale = accept(changes, acceptances)
    return Report(old_label, new_label, findings, stale), problems


def run_diff(old_spec: str, new_spec: str, module: Path, config_path: Path | None, format: Format, fail_on: Level) -> Outcome:
    """Raises pipeline.UsageError for a bad revision, an unreadable contract or a source that does not scan."""
    from contractgen.changes.sources import load
    from contractgen.pipeline import configured

    root, config = configured(module, config_path)
    old = load(old_spec, module, config_path)
    new = load(new_spec, module, config_path)
    report, problems = policy_report(old.contract, new.contract, old.label, new.label, root, config)
    report.old_prefix, report.new_prefix = old.prefix, new.prefix
    return Outcome(render(report, format), report.fails(fail_on), problems)
