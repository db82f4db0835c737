"""Generate once, in memory: scan -> IR -> every target. Every command (generate, check, ir) uses this."""

from __future__ import annotations

from dataclasses import field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from contractgen.config import Config, load_config
from contractgen.deps import Dependencies, fingerprint
from contractgen.diagnostics import Diagnostic, error, sorted_unique
from contractgen.ir.model import Contract, to_json
from contractgen.memo import Memo, MemoSlot, memo_key, template_bytes
from contractgen.records import record
from contractgen.scan.cache import FactCache
from contractgen.scan.facts import ModuleFacts
from contractgen.scan.source import SourceTree

if TYPE_CHECKING:
    from contractgen.ir.incremental import IrMemo
    from contractgen.ir.pieces import ContractJson

# The contract itself, beside the targets: the previous contract is always at hand for `check`, `diff` and `watch`.
CONTRACT_FILE = "contract.json"


class UsageError(Exception):
    """A problem with how contractgen was called or configured (exit code 2)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


@record
class Generation:
    root: Path
    config: Config
    contract: Contract
    files: dict[str, str] = field(default_factory=dict)  # relative to the output directory
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # What the contract was built from, for the next build to compare with (None: reused from the memo).
    facts: ModuleFacts | None = None
    templates: bytes = b""  # the template overrides' paths and bytes, as rendered
    dependencies: bytes = b""  # contractgen.deps.fingerprint: go.mod, go.work, which modules are in the cache
    # Types from required modules not on this machine (CG110 reports their module once): `init` lists them.
    missing_types: tuple[str, ...] = ()


@record
class Incremental:
    """What a watch session keeps from one build to the next, so that each redoes only what the edit
    reaches: the declarations (contractgen/ir/incremental.py), with the session's Dependencies, and
    contract.json's per-package pieces (contractgen/ir/pieces.py). The TypeScript target keeps its
    rendered modules itself."""

    ir: IrMemo = field(default_factory=lambda: _new("contractgen.ir.incremental", "IrMemo"))
    contract_json: ContractJson = field(default_factory=lambda: _new("contractgen.ir.pieces", "ContractJson"))


def _new(module: str, name: str):  # type: ignore[no-untyped-def]
    import importlib

    return getattr(importlib.import_module(module), name)()


def build(
    src: Path,
    config_path: Path | None = None,
    template_dir: Path | None = None,
    targets: bool = True,
    *,
    tree: SourceTree | None = None,
    cache: FactCache | None = None,
    previous: Generation | None = None,
    background: bool = False,
    target_names: tuple[str, ...] | None = None,
    incremental: Incremental | None = None,
    load_ahead: bool = False,
) -> Generation:
    """Scan -> IR -> targets. `tree`: where the Go files are read (default: the work tree at the
    module root); `cache`: per-file facts to reuse (default: the disk cache, and the generation memo
    for a run whose inputs are all unchanged); `previous`: the last generation of this session
    (watch): when the facts, config and templates are unchanged, its contract and files are reused.
    `background`: save the disk caches from a detached process (a one-shot command: nobody waits).
    `target_names`: --target, overriding [targets] generate. `incremental`: a watch session's state
    between builds (the result is the same as without it, only faster). `load_ahead`: a one-shot
    command's run, which loads the IR build's and the targets' modules and templates while a forked
    child scans a small module (`scan_discovered`'s `meanwhile`; no other thread may run then).
    A watch session has them loaded after its first build."""
    from contractgen.scan import ScanOptions, WorkTree, scan_discovered
    from contractgen.scan.buildtags import Platform
    from contractgen.cachedir import cache_root
    from contractgen.scan.discover import discover

    if template_dir is not None and not template_dir.is_dir():
        raise UsageError(
            [error("CG204", f"--templates {template_dir} is not a directory", hint="pass a directory of *.jinja files named like the built-in ones")]
        )
    root, config = configured(src, config_path)
    platform = Platform(config.goos, config.goarch, frozenset(config.build_tags))
    tree = tree if tree is not None else WorkTree(root)
    found = discover(tree, platform, root.name)
    templates = template_bytes(template_dir)
    slot = key = None
    if cache is None:
        directory = cache_root()
        cache = FactCache(directory)
        if directory is not None and previous is None:
            slot, key = _memo_slot(directory, root, src, config, config_path, template_dir, (targets, target_names), tree, templates, found)
            memo = slot.load(key)
            if memo is not None:
                return Generation(
                    root, config, memo.contract, dict(memo.files), list(memo.diagnostics), None, templates, missing_types=memo.missing_types
                )
    meanwhile = partial(_load_later_stages, config, template_dir, targets, target_names) if load_ahead else None
    facts = scan_discovered(tree, found, ScanOptions(platform=platform), cache, meanwhile)
    dependencies = fingerprint(root, tree=tree)
    if (
        previous is not None
        and previous.facts == facts
        and previous.config == config
        and previous.templates == templates
        and previous.dependencies == dependencies
        and (bool(previous.files) or not targets)
    ):
        return Generation(
            root, config, previous.contract, previous.files, previous.diagnostics, facts, templates, dependencies, previous.missing_types
        )
    if incremental is not None:
        inputs = repr((str(root), platform)).encode() + b"\0" + dependencies
        deps = incremental.ir.dependencies(inputs, lambda: Dependencies(root, platform, cache=cache, tree=tree))
    else:
        deps = Dependencies(root, platform, cache=cache, tree=tree)
    generation = _generate(root, src, config, facts, template_dir, targets, deps, target_names, incremental)
    generation.templates = templates
    generation.dependencies = dependencies

    def save() -> None:
        cache.persist()
        if slot is not None and key is not None:
            slot.store(Memo(key, generation.contract, generation.files, generation.diagnostics, generation.missing_types))

    if cache.directory is None and slot is None:
        pass  # caching is off: nothing to save, and no process to fork for it (a fork copies the page tables)
    elif background:
        from contractgen.background import run_detached

        run_detached(save)
    else:
        save()
    return generation


def _load_later_stages(config: Config, template_dir: Path | None, targets: bool, target_names: tuple[str, ...] | None) -> None:
    """What the stages after the scan load on first use (the IR build's and the selected targets'
    modules, jinja2, the built-in templates' compiled code), loaded ahead; the output is the same."""
    from contractgen.ir.build import prepare

    prepare()
    if targets:
        from contractgen.targets import prepare_all

        prepare_all(config, template_dir, target_names)


def configured(src: Path, config_path: Path | None) -> tuple[Path, Config]:
    """The module root holding SRC and its loaded config; a UsageError when either is missing or broken."""
    from contractgen.scan import ModuleNotFound, find_module_root

    if not src.exists():
        raise UsageError([error("CG200", f"{src} does not exist", hint="pass the directory of a Go module or package")])
    try:
        root = find_module_root(src if src.is_dir() else src.parent)
    except ModuleNotFound as exc:
        raise UsageError([error("CG200", str(exc), hint="run contractgen inside a Go module, or pass its directory")]) from None
    config, problems = load_config(root, config_path)
    if problems:
        raise UsageError(problems)
    return root, config


def _generate(
    root: Path,
    src: Path,
    config: Config,
    facts: ModuleFacts,
    template_dir: Path | None,
    targets: bool,
    dependencies: Dependencies,
    target_names: tuple[str, ...] | None = None,
    incremental: Incremental | None = None,
) -> Generation:
    from contractgen.ir.build import build_contract

    selected = _selected_packages(root, src, facts)
    excluded = frozenset(p.import_path for p in facts.packages if any(_under(p.dir, d) for d in config.exclude))
    contract, diagnostics = build_contract(facts, config, selected, excluded, dependencies, incremental.ir if incremental else None)
    generation = Generation(
        root, config, contract, diagnostics=sorted_unique(diagnostics), facts=facts, missing_types=tuple(dependencies.unknown_types())
    )
    if targets:
        import jinja2

        from contractgen.targets import render_all

        from contractgen.templating import template_position

        try:
            rendered = render_all(contract, config, template_dir, target_names)
        except jinja2.TemplateError as exc:
            # Only a user's override can be broken (the built-in templates are tested), so it is a usage error.
            if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
                where = f"{exc.filename}:{exc.lineno}: "
            else:  # raised while rendering ({{ no_such_name }}): the frame in the template says where
                at = template_position(exc)
                where = f"{at[0]}:{at[1]}: " if at else ""
            raise UsageError(
                [error("CG204", f"template error: {where}{exc.message or exc}", hint=f"check the templates in {template_dir}")]
            ) from None
        except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError, OSError) as exc:
            if template_dir is None:
                raise
            # A user's template that raises while rendering ({{ 1/0 }}, endless recursion, a file that
            # is not UTF-8): theirs to fix, so a usage error naming it rather than our traceback.
            at = template_position(exc)
            where = f"{at[0]}:{at[1]}: " if at else ""
            raise UsageError(
                [error("CG204", f"template error: {where}{type(exc).__name__}: {exc}", hint=f"check the templates in {template_dir}")]
            ) from None
        generation.files = dict(rendered.files)
        generation.files[CONTRACT_FILE] = incremental.contract_json.encode(contract) if incremental else to_json(contract)
        generation.diagnostics = sorted_unique([*generation.diagnostics, *rendered.diagnostics])
    return generation


def _memo_slot(  # type: ignore[no-untyped-def]
    directory: Path, root: Path, src: Path, config: Config, config_path, template_dir, targets: object, tree, templates: bytes, found
) -> tuple[MemoSlot, str]:
    from contractgen.scan.cache import file_digest

    below = src.resolve().relative_to(root.resolve()).as_posix()
    shape = [str(root.resolve()), below, str(config_path), str(template_dir), str(targets), tree.describe()]
    parts = [s.encode() for s in shape] + [repr(config).encode(), templates, repr(found.diagnostics).encode(), found.module_path.encode()]
    parts += [f"{f.path}\0{file_digest(f.path, f.source)}".encode() for f in found.files]
    parts.append(fingerprint(root, tree=tree))  # types read from dependencies: go.mod, go.work, the module cache
    return MemoSlot(directory, shape), memo_key(parts)


def _selected_packages(root: Path, src: Path, facts: ModuleFacts) -> list[str]:
    """SRC below the module root narrows the roots to the packages at or below it."""
    below = src.resolve().relative_to(root.resolve()).as_posix()
    return [p.import_path for p in facts.packages if _under(p.dir, below)]


def _under(directory: str, top: str) -> bool:
    return top in ("", ".") or directory == top or directory.startswith(top + "/")
