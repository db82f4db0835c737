"""The `verify` command after generation: write OUT, check the frontend, print the report."""

from __future__ import annotations

import sys
from pathlib import Path

from contractgen.ir.model import Contract, from_json
from contractgen.pipeline import Generation

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def previous_contract(out: Path) -> Contract | None:
    """OUT/contract.json as the last generation wrote it; None when there is none (or it is unreadable)."""
    path = out / "contract.json"
    try:
        return from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError) as exc:
        print(f"warning: {path} is not a contract ({exc}); no changes can be named", file=sys.stderr)
        return None


def run_verify(
    generation: Generation,
    out: Path,
    frontend: Path,
    mutations: bool,
    output_format: str,
    tsc: Path | None,
    template_dir: Path | None = None,
) -> int:
    from contractgen.diagnostics import has_errors
    from contractgen.verify import after_regeneration
    from contractgen.verify.report import render_text, to_data
    from contractgen.verify.report import to_json as report_json
    from contractgen.verify.tsc import TscNotFound
    from contractgen.writer import write

    if has_errors(generation.diagnostics):
        print(f"not verified: errors above; the last good output in {out} is left as it was", file=sys.stderr)
        return EXIT_FINDINGS
    old = previous_contract(out)
    files = generation.files  # contract.json among them: the next run's previous contract
    changed = write(out, files)
    count = len(changed.created) + len(changed.updated) + len(changed.removed)
    print(f"generated {out}: {len(files)} files, {count} changed", file=sys.stderr)
    try:
        report = after_regeneration(frontend, old, generation.contract, out, tsc)
        data = to_data(report)
        text = render_text(report)
        if mutations:
            from contractgen.verify.mutations import mutation_score, render_score, score_data

            score = mutation_score(generation.contract, generation.config, frontend, tsc, template_dir)
            data.update(score_data(score))
            text += render_score(score)
    except TscNotFound as exc:
        print(f"error: {exc}; install TypeScript in the frontend (npm install -D typescript) or pass --tsc", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(report_json(data) if output_format == "json" else text)
    return EXIT_OK if report.compiled else EXIT_FINDINGS
