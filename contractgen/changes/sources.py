"""What `diff` compares: a source directory, a git revision (`git:REV`) or a saved contract, as a Contract.

A git revision is scanned through a GitTree (the object store, never the work tree) with the
contractgen.toml of that revision, so old and new are each generated as they were configured.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from contractgen.config import CONFIG_FILE
from contractgen.diagnostics import Diagnostic, error, has_errors
from contractgen.ir.model import IR_VERSION, Contract, from_json
from contractgen.pipeline import CONTRACT_FILE, UsageError, build, configured
from contractgen.records import record

GIT_PREFIX = "git:"


@record
class Loaded:
    contract: Contract
    label: str  # "git:main", "/abs/dir", "out/contract.json"
    # The module root's path relative to the repository top (or the current directory): positions are
    # relative to the module root, CI annotations want them relative to the repository. A saved
    # contract does not say where its module is: `load` reads it as the --src module's.
    prefix: str = ""


def load(spec: str, module: Path, config_path: Path | None = None) -> Loaded:
    """`module`: the directory (module root or a package in it) whose history `git:REV` means."""
    if spec.startswith(GIT_PREFIX):
        return _from_git(spec[len(GIT_PREFIX) :], module)
    path = Path(spec)
    if path.is_file() or (path.is_dir() and (path / CONTRACT_FILE).is_file() and not (path / "go.mod").exists()):
        saved = _from_file(path / CONTRACT_FILE if path.is_dir() else path)
        # Its positions are relative to a module root it does not name: the --src module's (whose
        # config applies), so that both sides' positions are shown from the same place.
        saved.prefix = _prefix(configured(module, config_path)[0])
        return saved
    generation = build(path, config_path, targets=False)
    _fail_on_errors(generation.diagnostics, str(path))
    return Loaded(generation.contract, str(path), _prefix(generation.root))


def _from_file(path: Path) -> Loaded:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("version") != IR_VERSION:
            raise ValueError(f"not a contract of version {IR_VERSION}")
        contract = from_json(json.dumps(data))
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise UsageError([error("CG220", f"{path}: cannot read a saved contract: {exc}", hint="pass a contract.json that `contractgen generate` wrote")]) from None
    return Loaded(contract, str(path))


def _from_git(rev: str, module: Path) -> Loaded:
    from contractgen.scan.gittree import GitError, GitTree, MissingDirectory, repository_root

    root, _ = configured(module, None)
    try:
        top = repository_root(root)
        subdir = root.resolve().relative_to(top.resolve()).as_posix()
        tree = GitTree(top, rev, "" if subdir == "." else subdir)
    except MissingDirectory as exc:  # the revision is fine: the module was elsewhere (or not yet) then
        hint = f"git:{rev} is a revision, but without this module's directory: point --src at where the module is in that revision, or name a revision that has it"
        raise UsageError([error("CG221", str(exc), hint=hint)]) from None
    except GitError as exc:
        raise UsageError([error("CG221", str(exc), hint="name a branch, tag or commit that `git rev-parse` knows, e.g. git:main or git:HEAD~1")]) from None
    try:
        with tempfile.TemporaryDirectory(prefix="contractgen-config-") as scratch:
            config = Path(scratch) / CONFIG_FILE
            try:
                config.write_bytes(tree.read(CONFIG_FILE))
            except FileNotFoundError:
                config.write_text("version = 1\n", encoding="utf-8")  # that revision had no config: the defaults
            generation = build(module, config, targets=False, tree=tree)
    finally:
        tree.close()
    _fail_on_errors(generation.diagnostics, f"git:{rev}")
    return Loaded(generation.contract, f"git:{rev}", "" if subdir == "." else subdir)


def _fail_on_errors(diagnostics: list[Diagnostic], label: str) -> None:
    # A contract built from source with errors is a guess; comparing guesses would report invented changes.
    if has_errors(diagnostics):
        errors = [d for d in diagnostics if d.severity.value == "error"]
        hint = f"fix the errors in {label}, or compare with a saved contract.json"
        raise UsageError([*errors, error("CG222", f"{label} does not scan cleanly: not compared", hint=hint)])


def _prefix(root: Path) -> str:
    from contractgen.scan.gittree import GitError, repository_root

    try:
        top = repository_root(root)
    except GitError:
        top = Path.cwd()
    try:
        rel = root.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel
