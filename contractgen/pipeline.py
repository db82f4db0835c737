"""Generate once, in memory: scan -> IR -> every target. Every command (generate, check, ir) uses this."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from contractgen.config import Config, load_config
from contractgen.diagnostics import Diagnostic, error, sorted_unique
from contractgen.ir.model import Contract


class UsageError(Exception):
    """A problem with how contractgen was called or configured (exit code 2)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass
class Generation:
    root: Path
    config: Config
    contract: Contract
    files: dict[str, str] = field(default_factory=dict)  # relative to the output directory
    diagnostics: list[Diagnostic] = field(default_factory=list)


def build(
    src: Path,
    config_path: Path | None = None,
    template_dir: Path | None = None,
    targets: bool = True,
    target_names: tuple[str, ...] | None = None,  # --target: overrides [targets] generate
) -> Generation:
    from contractgen.ir.build import build_contract
    from contractgen.scan import ModuleNotFound, ScanOptions, find_module_root, scan_module
    from contractgen.scan.buildtags import Platform

    if not src.exists():
        raise UsageError([error("CG200", f"{src} does not exist", hint="pass the directory of a Go module or package")])
    try:
        root = find_module_root(src if src.is_dir() else src.parent)
    except ModuleNotFound as exc:
        raise UsageError([error("CG200", str(exc), hint="run contractgen inside a Go module, or pass its directory")]) from None
    config, problems = load_config(root, config_path)
    if problems:
        raise UsageError(problems)
    platform = Platform(config.goos, config.goarch, frozenset(config.build_tags))
    facts = scan_module(src, ScanOptions(platform=platform))
    selected = _selected_packages(root, src, facts)
    excluded = frozenset(p.import_path for p in facts.packages if any(_under(p.dir, d) for d in config.exclude))
    contract, diagnostics = build_contract(facts, config, selected, excluded)
    generation = Generation(root, config, contract, diagnostics=sorted_unique(diagnostics))
    if targets:
        import jinja2

        from contractgen.targets import render_all

        try:
            generation.files = render_all(contract, config, template_dir, target_names)
        except jinja2.TemplateError as exc:
            # Only a user's override can be broken (the built-in templates are tested), so it is a usage error.
            where = f"{exc.filename}:{exc.lineno}: " if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename else ""
            raise UsageError(
                [error("CG204", f"template error: {where}{exc.message or exc}", hint=f"check the templates in {template_dir}")]
            ) from None
    return generation


def _selected_packages(root: Path, src: Path, facts) -> list[str]:  # type: ignore[no-untyped-def]
    """SRC below the module root narrows the roots to the packages at or below it."""
    below = src.resolve().relative_to(root.resolve()).as_posix()
    return [p.import_path for p in facts.packages if _under(p.dir, below)]


def _under(directory: str, top: str) -> bool:
    return top in ("", ".") or directory == top or directory.startswith(top + "/")
