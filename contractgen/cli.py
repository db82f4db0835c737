"""The command line. Only typer is imported at start; each command imports its stages when it runs.

Exit codes: 0 success; 1 findings (error diagnostics) or drift; 2 usage or configuration error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from contractgen import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="contractgen",
    help="Generate the TypeScript/Zod contract of a Go service's JSON from its source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

SRC = typer.Argument(Path("."), help="The Go module directory (holding go.mod) or a package directory inside one.")
CONFIG = typer.Option(None, "--config", help="Config file (default: contractgen.toml at the module root).")
TEMPLATES = typer.Option(None, "--templates", help="Directory of templates that override the built-in ones by file name.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"contractgen {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Generate the TypeScript/Zod contract of a Go service's JSON from its source."""


def _generate(src: Path, config: Optional[Path], templates: Optional[Path], targets: bool = True):  # type: ignore[no-untyped-def]
    import gc

    from contractgen.pipeline import UsageError, build

    # One run, then the process exits: the cycle collector would only re-walk the million facts and
    # IR objects (a third of the time on large modules, see benchmarks/), never freeing anything.
    gc.disable()
    try:
        return build(src, config, templates, targets=targets, background=True)
    except UsageError as exc:
        _print_diagnostics(exc.diagnostics, None)
        raise typer.Exit(EXIT_USAGE) from None


def _print_diagnostics(diagnostics, root: Optional[Path]) -> None:  # type: ignore[no-untyped-def]
    for diagnostic in diagnostics:
        typer.echo(diagnostic.render(root), err=True)
    if diagnostics:
        from contractgen.diagnostics import Severity

        errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
        typer.echo(f"{errors} error(s), {len(diagnostics) - errors} warning(s)", err=True)


@app.command()
def generate(
    src: Path = SRC,
    out: Path = typer.Option(..., "--out", "-o", help="Output directory; the TypeScript package goes to OUT/ts."),
    config: Optional[Path] = CONFIG,
    templates: Optional[Path] = TEMPLATES,
    partial: bool = typer.Option(False, "--partial", help="Write the output even when there are errors (default: keep the last good output)."),
) -> None:
    """Scan the Go module and write the generated contract to OUT."""
    from contractgen.diagnostics import has_errors
    from contractgen.writer import write

    generation = _generate(src, config, templates)
    _print_diagnostics(generation.diagnostics, generation.root)
    failed = has_errors(generation.diagnostics)
    if failed and not partial:
        typer.echo(f"not written: errors above; the last good output in {out} is left as it was", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    changes = write(out, generation.files)
    for label, paths in (("created", changes.created), ("updated", changes.updated), ("removed", changes.removed)):
        for path in paths:
            typer.echo(f"{label} {out / path}")
    typer.echo(f"{len(generation.files)} files, {len(changes.created) + len(changes.updated) + len(changes.removed)} changed")
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@app.command()
def check(
    src: Path = SRC,
    out: Path = typer.Option(..., "--out", "-o", help="The output directory to compare with."),
    config: Optional[Path] = CONFIG,
    templates: Optional[Path] = TEMPLATES,
    show_diff: bool = typer.Option(False, "--diff", help="Print a unified diff of the differing files (default: when not a terminal and short)."),
    format: str = typer.Option("text", "--format", help="text, json or github (workflow annotations)."),
) -> None:
    """Fail (exit 1) when OUT differs from what generate would write, and say what drifted: for CI."""
    from contractgen.changes.drift import DIFF_LINES_WHEN_PIPED, examine, render_github, render_json, render_text
    from contractgen.diagnostics import has_errors

    if format not in ("text", "json", "github"):
        typer.echo(f"error: --format {format!r}: use text, json or github", err=True)
        raise typer.Exit(EXIT_USAGE)
    generation = _generate(src, config, templates)
    _print_diagnostics(generation.diagnostics, generation.root)
    flags = "".join(f" {flag} {value}" for flag, value in (("--config", config), ("--templates", templates)) if value is not None)
    fix = f"contractgen generate {src} --out {out}{flags}"
    drift = examine(out, generation.files, generation.contract, generation.root, generation.config, fix)
    if format == "json":
        sys.stdout.write(render_json(drift))
    elif format == "github":
        sys.stdout.write(render_github(drift))
    elif drift.clean:
        typer.echo(f"up to date: {out} ({len(generation.files)} files)")
    else:
        short = drift.diff.count("\n") <= DIFF_LINES_WHEN_PIPED and not sys.stdout.isatty()
        sys.stdout.write(render_text(drift, show_diff or short))
        typer.echo(f"contract drift: run `{fix}`", err=True)
    raise typer.Exit(EXIT_FINDINGS if not drift.clean or has_errors(generation.diagnostics) else EXIT_OK)


@app.command()
def ir(src: Path = SRC, config: Optional[Path] = CONFIG) -> None:
    """Print the contract (the neutral IR) as JSON."""
    from contractgen.diagnostics import has_errors
    from contractgen.ir.model import to_json

    generation = _generate(src, config, None, targets=False)
    _print_diagnostics(generation.diagnostics, generation.root)
    sys.stdout.write(to_json(generation.contract))
    raise typer.Exit(EXIT_FINDINGS if has_errors(generation.diagnostics) else EXIT_OK)


@app.command()
def diff(
    old: str = typer.Argument(..., help="OLD: a source directory, git:REV (git:main, git:HEAD~1, git:v1.4.0) or a saved contract.json."),
    new: str = typer.Argument(".", help="NEW: the same kinds; default the working tree (.)."),
    src: Optional[Path] = typer.Option(None, "--src", help="The module whose git history git:REV names and whose contractgen.toml applies (default: NEW if it is a directory, else .)."),
    config: Optional[Path] = CONFIG,
    format: str = typer.Option("text", "--format", help="text, json, markdown (a PR comment) or github (workflow annotations)."),
    fail_on: str = typer.Option("breaking", "--fail-on", help="Exit 1 when a finding is at this level or above: breaking, warning or info."),
) -> None:
    """Compare two contracts: what changed, in which direction, and whether it breaks deployed clients."""
    from contractgen.changes.command import run_diff
    from contractgen.changes.report import FORMATS
    from contractgen.changes.rules import LEVELS
    from contractgen.pipeline import UsageError

    if format not in FORMATS or fail_on not in LEVELS:
        bad = f"--format {format!r}: use {', '.join(FORMATS)}" if format not in FORMATS else f"--fail-on {fail_on!r}: use {', '.join(LEVELS)}"
        typer.echo(f"error: {bad}", err=True)
        raise typer.Exit(EXIT_USAGE)
    module = src if src is not None else (Path(new) if Path(new).is_dir() and not new.startswith("git:") else Path("."))
    try:
        outcome = run_diff(old, new, module, config, format, fail_on)  # type: ignore[arg-type]
    except UsageError as exc:
        _print_diagnostics(exc.diagnostics, None)
        raise typer.Exit(EXIT_USAGE) from None
    if outcome.diagnostics:
        _print_diagnostics(outcome.diagnostics, None)
        raise typer.Exit(EXIT_USAGE)
    sys.stdout.write(outcome.text)
    raise typer.Exit(EXIT_FINDINGS if outcome.failed else EXIT_OK)


@app.command()
def verify(
    src: Path = SRC,
    out: Path = typer.Option(..., "--out", "-o", help="Output directory; its contract.json is the previous contract."),
    frontend: Path = typer.Option(..., "--frontend", help="The frontend's directory (holding its tsconfig.json)."),
    mutations: bool = typer.Option(False, "--mutations", help="Also measure how much contract drift the frontend's type-check catches."),
    output_format: str = typer.Option("text", "--format", help="text (a table) or json."),
    tsc: Optional[Path] = typer.Option(None, "--tsc", help="The TypeScript compiler (default: the frontend's node_modules/.bin/tsc)."),
    config: Optional[Path] = CONFIG,
    templates: Optional[Path] = TEMPLATES,
) -> None:
    """Regenerate, then type-check FRONTEND against OUT/ts and explain each error by the contract change it comes from."""
    from contractgen.verify.command import run_verify

    if output_format not in ("text", "json"):
        typer.echo(f"error: --format must be text or json, not {output_format!r}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if not (frontend / "tsconfig.json").is_file():
        typer.echo(f"error: {frontend / 'tsconfig.json'} does not exist: --frontend names the frontend's project directory", err=True)
        raise typer.Exit(EXIT_USAGE)
    generation = _generate(src, config, templates)
    _print_diagnostics(generation.diagnostics, generation.root)
    raise typer.Exit(run_verify(generation, out, frontend, mutations, output_format, tsc, templates))


def main() -> None:
    app()
