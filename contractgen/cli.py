"""The command line. Only typer is imported at start; each command imports its stages when it runs.

Exit codes: 0 success; 1 findings (error diagnostics) or drift; 2 usage or configuration error.
"""

# No `from __future__ import annotations` here: typer reads every command's annotations at each
# start, and would evaluate each string one by one (about 1 % of the shop example's run).
import sys
from pathlib import Path
from typing import Optional

import typer

from contractgen import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

EXIT_CODES_HELP = (
    "\b\nExit codes:\n"
    "  0  success\n"
    "  1  findings: an error diagnostic (nothing written), or drift for check\n"
    "  2  usage, configuration or output-directory error (bad arguments, no go.mod,\n"
    "     a contractgen.toml that is not valid, a refused or failed write)"
)

app = typer.Typer(
    name="contractgen",
    help="Generate the TypeScript/Zod contract of a Go service's JSON from its source.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    # -h as well as --help; a fixed width, so that command descriptions are not cut to the terminal's.
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100, "terminal_width": 100},
)

SRC = typer.Argument(Path("."), help="The Go module directory (holding go.mod) or a package directory inside one.")
CONFIG = typer.Option(None, "--config", help="Config file (default: contractgen.toml at the module root).")
TEMPLATES = typer.Option(
    None, "--templates", help="Directory of templates that override the built-in ones by file name (rendered in a sandbox)."
)
FORMAT = typer.Option("text", "--format", help="How diagnostics are printed: text (stderr), json or sarif (stdout).")
QUIET = typer.Option(False, "--quiet", "-q", help="Print only errors (and the count line).")
VERBOSE = typer.Option(False, "--verbose", "-v", help="Print every warning in full instead of summarising repeats.")
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

    # One run, then the process exits: the cycle collector would only re-walk the million facts and
    # IR objects (a third of the time on large modules, see benchmarks/), never freeing anything.
    gc.disable()
    from contractgen.pipeline import UsageError, build

    from contractgen.deps.locate import prefetch_go_env, reap_prefetched

    prefetch_go_env()
    try:
        return build(src, config, templates, targets=targets, background=True, target_names=target_names, load_ahead=True)
    except UsageError as exc:
        _print_diagnostics(exc.diagnostics, None)
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        reap_prefetched()


_report_options = None  # set by a command's --format/--quiet/--verbose (see _configure_report)


def _configure_report(format: str = "text", quiet: bool = False, verbose: bool = False) -> None:
    """The shared output options: every command that prints diagnostics may call this first."""
    from contractgen.reporting import FORMATS, ReportOptions, use_color

    global _report_options
    if format not in FORMATS:
        typer.echo(f"error: --format must be one of {', '.join(FORMATS)}, not {format!r}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if quiet and verbose:
        typer.echo("error: --quiet and --verbose exclude each other", err=True)
        raise typer.Exit(EXIT_USAGE)
    detail = "quiet" if quiet else "verbose" if verbose else "normal"
    _report_options = ReportOptions(format, detail, format == "text" and use_color(sys.stderr))


def _machine_output() -> bool:
    return _report_options is not None and _report_options.format != "text"


def _say(text: str) -> None:
    """A line for people: stdout, unless stdout carries a json/sarif document."""
    typer.echo(text, err=_machine_output())


def _print_diagnostics(diagnostics, root: Optional[Path]) -> None:  # type: ignore[no-untyped-def]
    from contractgen.reporting import ReportOptions, render

    options = _report_options or ReportOptions()
    if options.format != "text":
        typer.echo(render(diagnostics, root, options))
        return
    if diagnostics:
        # color=True: click would strip the codes from a stream it thinks is no terminal (FORCE_COLOR).
        typer.echo(render(diagnostics, root, options), err=True, color=options.color or None)


def _tell(message: str) -> None:
    typer.echo(message, err=True)


def _write_or_exit(action):  # type: ignore[no-untyped-def]
    """Runs a writer call; a refusal or an OS error is one diagnostic and exit code 2, never a traceback."""
    from contractgen.diagnostics import error
    from contractgen.writer import WriterError

    try:
        return action()
    except WriterError as exc:
        _print_diagnostics([error(exc.code, str(exc), hint=exc.hint)], None)
        raise typer.Exit(EXIT_USAGE) from None


@app.command(short_help="Scan the Go module and write the contract to OUT/ts (npm) and OUT/go (Go).")
def generate(
    src: Path = SRC,
    out: Path = typer.Option(
        ..., "--out", "-o", help="Output directory: the TypeScript package goes to OUT/ts, the Go package to OUT/go/<package>."
    ),
    config: Optional[Path] = CONFIG,
    templates: Optional[Path] = TEMPLATES,
    partial: bool = typer.Option(False, "--partial", help="Write the output even when there are errors (default: keep the last good output)."),
    format: str = FORMAT,
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
    target: Optional[str] = TARGET,
) -> None:
    """Scan the Go module and write the contract to OUT (OUT/ts: npm package; OUT/go: Go package).

    The write is one transaction under a lock: OUT holds the old or the new generation, never a mix.
    Files contractgen did not write are never overwritten (see README, "Writing files")."""
    from contractgen.diagnostics import has_errors
    from contractgen.writer import write

    _configure_report(format, quiet, verbose)
    generation = _generate(src, config, templates, target_names=_target_names(target))
    _print_diagnostics(generation.diagnostics, generation.root)
    failed = has_errors(generation.diagnostics)
    if failed and not partial:
        typer.echo(f"not written: errors above; the last good output in {out} is left as it was", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    changes = _write_or_exit(lambda: write(out, generation.files, source_root=generation.root, on_wait=_tell))
    for label, paths in (("created", changes.created), ("updated", changes.updated), ("removed", changes.removed)):
        for path in paths if not quiet else ():  # -q: the count lines only
            _say(f"{label} {out / path}")
    _say(f"{len(generation.files)} files, {len(changes.created) + len(changes.updated) + len(changes.removed)} changed")
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@app.command(short_help="Fail (exit 1) when OUT differs from what generate would write, and say what drifted.")
def check(
    src: Path = SRC,
    out: Path = typer.Option(..., "--out", "-o", help="The output directory to compare with."),
    config: Optional[Path] = CONFIG,
    templates: Optional[Path] = TEMPLATES,
    show_diff: bool = typer.Option(False, "--diff", help="Print a unified diff of the differing files (default: when not a terminal and short)."),
    format: str = typer.Option("text", "--format", help="text; json or github (the drift, on stdout, for CI); sarif (the diagnostics, on stdout)."),
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
    target: Optional[str] = TARGET,
) -> None:
    """Fail (exit 1) when OUT differs from what generate would write, and say what drifted: for CI."""
    from contractgen.changes.drift import DIFF_LINES_WHEN_PIPED, examine, render_github, render_json, render_text
    from contractgen.diagnostics import has_errors

    if format not in ("text", "json", "github", "sarif"):
        typer.echo(f"error: --format {format!r}: use text, json, github or sarif", err=True)
        raise typer.Exit(EXIT_USAGE)
    _configure_report("sarif" if format == "sarif" else "text", quiet, verbose)
    generation = _generate(src, config, templates, target_names=_target_names(target))
    _print_diagnostics(generation.diagnostics, generation.root)
    flags = "".join(f" {flag} {value}" for flag, value in (("--config", config), ("--templates", templates)) if value is not None)
    fix = f"contractgen generate {src} --out {out}{flags}"
    drift = _write_or_exit(lambda: examine(out, generation.files, generation.contract, generation.root, generation.config, fix))
    if format == "json":
        sys.stdout.write(render_json(drift))
    elif format == "github":
        sys.stdout.write(render_github(drift))
    elif drift.clean:
        _say(f"up to date: {out} ({len(generation.files)} files)")
    else:
        short = drift.diff.count("\n") <= DIFF_LINES_WHEN_PIPED and not sys.stdout.isatty()
        report = render_text(drift, show_diff or short)
        if format == "sarif":
            typer.echo(report, err=True, nl=False)  # stdout carries the SARIF document
        else:
            sys.stdout.write(report)
        typer.echo(f"contract drift: run `{fix}`", err=True)
    raise typer.Exit(EXIT_FINDINGS if not drift.clean or has_errors(generation.diagnostics) else EXIT_OK)


@app.command()
def ir(src: Path = SRC, config: Optional[Path] = CONFIG, quiet: bool = QUIET, verbose: bool = VERBOSE) -> None:
    """Print the contract (the neutral IR) as JSON on stdout; diagnostics go to stderr."""
    from contractgen.diagnostics import has_errors
    from contractgen.ir.model import to_json

    _configure_report("text", quiet, verbose)
    generation = _generate(src, config, None, targets=False)
    _print_diagnostics(generation.diagnostics, generation.root)
    sys.stdout.write(to_json(generation.contract))
    raise typer.Exit(EXIT_FINDINGS if has_errors(generation.diagnostics) else EXIT_OK)


@app.command(name="init", short_help="Write a commented contractgen.toml for the module (never overwrites one).")
def init_config(src: Path = SRC) -> None:
    """Write a commented contractgen.toml at the root of the module found from SRC (never overwrites)."""
    from contractgen.initconfig import config_text, outside_types, target_path
    from contractgen.scan import ModuleNotFound, find_module_root

    try:
        path = target_path(find_module_root(src if src.is_dir() else src.parent))
    except ModuleNotFound as exc:
        typer.echo(f"error[CG200]: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if path.exists():
        typer.echo(f"error: {path} exists; contractgen init never overwrites it", err=True)
        raise typer.Exit(EXIT_USAGE)
    generation = _generate(src, None, None, targets=False)
    found = outside_types([d.message for d in generation.diagnostics if d.code == "CG100"])
    text = config_text(generation.contract.module, sorted({*found, *generation.missing_types}))
    try:
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except OSError as exc:
        typer.echo(f"error: cannot write {path}: {exc.strerror}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"wrote {path}")


@app.command(short_help="What changed between two contracts, and whether it breaks deployed clients.")
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


@app.command(short_help="Type-check a frontend and explain each error by the contract change behind it.")
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
    _require_frontend(frontend)
    generation = _generate(src, config, templates)
    _print_diagnostics(generation.diagnostics, generation.root)
    raise typer.Exit(run_verify(generation, out, frontend, mutations, output_format, tsc, templates))


def _require_frontend(frontend: Path) -> None:
    """--frontend names a TypeScript project: a usage error (exit 2) when it has no tsconfig.json."""
    if not (frontend / "tsconfig.json").is_file():
        typer.echo(f"error: {frontend / 'tsconfig.json'} does not exist: --frontend names the frontend's project directory", err=True)
        raise typer.Exit(EXIT_USAGE)


@app.command(short_help="Regenerate OUT on every save of the Go source, config or templates.")
def watch(
    src: Path = SRC,
    out: Path = typer.Option(..., "--out", "-o", help="Output directory, rewritten (only changed files, atomically) on every save."),
    config: Optional[Path] = CONFIG,
    templates: Optional[Path] = TEMPLATES,
    debounce: int = typer.Option(20, "--debounce", min=1, help="Milliseconds without file events before a burst of them regenerates."),
    frontend: Optional[Path] = typer.Option(None, "--frontend", help="After each regeneration, type-check this frontend (holding its tsconfig.json) and explain its errors."),
) -> None:
    """Regenerate OUT whenever the Go source, go.mod, go.work, the config or the templates change; Ctrl-C stops."""
    from contractgen.watch import watch as run_watch

    if frontend is not None:
        _require_frontend(frontend)
    hooks = []
    if frontend is not None:
        from contractgen.verify.watching import FrontendCheck

        hooks.append(FrontendCheck(frontend.resolve(), out.resolve()))
    raise typer.Exit(run_watch(src, out, config, templates, hooks, quiet=debounce / 1000))


def main() -> None:
    try:
        app()
    except SystemExit as exc:
        if isinstance(exc.code, int | None) and _no_other_threads():
            _exit_now(exc.code or 0)
        raise


def _no_other_threads() -> bool:
    """No other thread is running that the interpreter's shutdown would wait for."""
    import threading

    return threading.active_count() == 1


def _exit_now(code: int) -> None:
    """Ends a finished command without the interpreter's teardown: freeing every module and object
    one by one, and the final cycle collection (which runs although the CLI turns the collector off)
    took 50 to 90 ms after the shop example's 280 ms run, for nothing, since the process is ending.
    Everything the command writes is already synced and closed (see contractgen.writer); only the
    standard streams' buffers are left, flushed here (a closed pipe: 120, as Python exits then),
    and the functions registered with atexit (contractgen.codecache saves there), run here."""
    import atexit
    import os

    atexit._run_exitfuncs()  # what os._exit alone would skip of a normal exit
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        code = code or 120
    os._exit(code)
