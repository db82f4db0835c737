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
TARGET = typer.Option(None, "--target", help="Comma-separated targets to generate: ts, go, openapi, jsonschema, python (default: [targets] generate in the config, else ts,go).")


def _target_names(option: Optional[str]) -> Optional[tuple[str, ...]]:
    """`--target ts,go` as a tuple; an unknown name is a usage error (CG205) naming the known ones."""
    if option is None:
        return None
    from contractgen.targets import TARGETS, unknown_targets

    names = tuple(dict.fromkeys(n.strip() for n in option.split(",") if n.strip()))
    wrong = unknown_targets(names)
    if wrong or not names:
        from contractgen.diagnostics import error

        what = f"unknown target(s): {', '.join(wrong)}" if wrong else "--target names no target"
        _print_diagnostics([error("CG205", what, hint=f"targets: {', '.join(TARGETS)}")], None)
        raise typer.Exit(EXIT_USAGE)
    return names


def _version(value: bool) -> None:
    if value:
        typer.echo(f"contractgen {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Generate the TypeScript/Zod contract of a Go service's JSON from its source."""


def _generate(src: Path, config: Optional[Path], templates: Optional[Path], targets: bool = True, target_names: Optional[tuple[str, ...]] = None):  # type: ignore[no-untyped-def]
    import gc

    from contractgen.pipeline import UsageError, build

    # One run, then the process exits: the cycle collector would only re-walk the million facts and
    # IR objects (a third of the time on large modules, see benchmarks/), never freeing anything.
    gc.disable()
    try:
        return build(src, config, templates, targets=targets, target_names=target_names)
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
    target: Optional[str] = TARGET,
) -> None:
    """Scan the Go module and write the generated contract to OUT."""
    from contractgen.diagnostics import has_errors
    from contractgen.writer import write

    generation = _generate(src, config, templates, target_names=_target_names(target))
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
    target: Optional[str] = TARGET,
) -> None:
    """Fail (exit 1) when OUT differs from what generate would write: for CI."""
    from contractgen.diagnostics import has_errors
    from contractgen.writer import diff

    generation = _generate(src, config, templates, target_names=_target_names(target))
    _print_diagnostics(generation.diagnostics, generation.root)
    changes = diff(out, generation.files)
    for label, paths in (("missing", changes.created), ("differs", changes.updated), ("stale", changes.removed)):
        for path in paths:
            typer.echo(f"{label}: {out / path}")
    if changes.any:
        typer.echo(f"contract drift: run `contractgen generate {src} --out {out}`", err=True)
    raise typer.Exit(EXIT_FINDINGS if changes.any or has_errors(generation.diagnostics) else EXIT_OK)


@app.command()
def ir(src: Path = SRC, config: Optional[Path] = CONFIG) -> None:
    """Print the contract (the neutral IR) as JSON."""
    from contractgen.diagnostics import has_errors
    from contractgen.ir.model import to_json

    generation = _generate(src, config, None, targets=False)
    _print_diagnostics(generation.diagnostics, generation.root)
    sys.stdout.write(to_json(generation.contract))
    raise typer.Exit(EXIT_FINDINGS if has_errors(generation.diagnostics) else EXIT_OK)


def main() -> None:
    app()
