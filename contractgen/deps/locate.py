"""Where the source of an imported package is on this machine, found the way the go command would
find it, without running it and without the network.

In order: the standard library (`GOROOT/src`), the workspace's other modules (go.work `use`), the
`vendor/` directory (when vendor/modules.txt exists and no workspace is in use), `replace`
directives (a local directory, or another module version), and the module cache
(`GOMODCACHE/<module>@<version>/<rest>`, with capitals escaped as `!` + lower case).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cached_property, lru_cache
from pathlib import Path

from contractgen.deps.gomod import find_workspace, vendored_modules
from contractgen.records import record
from contractgen.scan.modfile import ModFile, Replacement, Requirement, parse_mod


@record(frozen=True)
class Located:
    """A package directory, and how its files are named in positions (stable across machines)."""

    directory: Path
    shown: str  # e.g. "gorm.io/gorm@v1.31.2" or "GOROOT/src/database/sql": the prefix of its file names
    module: str  # "std" for the standard library


@record(frozen=True)
class Missing:
    """A package whose module go.mod names but whose source is not on this machine."""

    module: str
    version: str
    requirement: Requirement | None  # where go.mod requires it; None for the standard library
    looked_in: str  # for the message: where it was looked for ("the module cache", a replacement directory)


@record(frozen=True)
class Unrequired:
    """A package that no module of the build list provides (go.mod does not require it)."""

    path: str


def escape_module_path(path: str) -> str:
    """The module cache's case encoding: `github.com/BurntSushi/toml` -> `github.com/!burnt!sushi/toml`."""
    return "".join("!" + ch.lower() if ch.isupper() else ch for ch in path)


def is_standard(path: str) -> bool:
    """Standard library import paths have no dot in their first element (as the go command decides)."""
    first = path.split("/", 1)[0]
    return "." not in first and first != ""


class GoEnvironment:
    """GOMODCACHE and GOROOT: from the environment, else from `go env` when a toolchain is on PATH
    (asked once, and only when needed), else the default GOPATH's cache."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        self.environ = dict(os.environ if environ is None else environ)

    @cached_property
    def _from_go(self) -> dict[str, str]:
        return dict(_go_env(self.settings()))

    def settings(self) -> tuple[tuple[str, str], ...]:
        """What `go env`'s answer depends on."""
        keys = ("PATH", "HOME", "GOENV", "GOPATH", "GOMODCACHE", "GOROOT")
        return tuple((k, self.environ.get(k, "")) for k in keys)

    def needs_go(self) -> bool:
        return not (self.environ.get("GOMODCACHE") and self.environ.get("GOROOT"))

    @cached_property
    def module_cache(self) -> Path:
        value = self.environ.get("GOMODCACHE") or self._from_go.get("GOMODCACHE")
        if value:
            return Path(value)
        gopath = self.environ.get("GOPATH", "").split(os.pathsep)[0]
        return (Path(gopath) if gopath else Path.home() / "go") / "pkg" / "mod"

    @cached_property
    def goroot(self) -> Path | None:
        value = self.environ.get("GOROOT") or self._from_go.get("GOROOT")
        return Path(value) if value else None


# `go env` started ahead (prefetch_go_env), by the settings it was started with.
_STARTED: dict[tuple[tuple[str, str], ...], subprocess.Popen[str]] = {}


def prefetch_go_env() -> None:
    """Start `go env` for this process's environment now, so that the tens of milliseconds the go
    command takes to start pass on another core while the module is scanned: a one-shot run asks
    for it as soon as a type comes from outside the module, which is almost always."""
    env = GoEnvironment()
    settings = env.settings()
    if not env.needs_go() or settings in _STARTED:
        return
    go = shutil.which("go", path=env.environ.get("PATH"))
    process = _start_go_env(go) if go is not None else None
    if process is not None:
        _STARTED[settings] = process


def reap_prefetched() -> None:
    """Wait for a prefetched `go env` nobody asked for (a module whose types are all its own)."""
    while _STARTED:
        _, process = _STARTED.popitem()
        process.communicate()


@lru_cache(maxsize=8)
def _go_env(settings: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """`go env GOMODCACHE GOROOT` (10-40 ms), asked once per process and environment (watch asks at
    every build); collected from prefetch_go_env when it was started already."""
    process = _STARTED.pop(settings, None)
    if process is None:
        environ = dict(settings)
        go = shutil.which("go", path=environ.get("PATH"))
        if go is None:
            return ()
        process = _start_go_env(go, {**os.environ, **environ})
        if process is None:
            return ()
    try:
        stdout, _ = process.communicate(timeout=30)
    except subprocess.SubprocessError:
        process.kill()
        process.wait()
        return ()
    lines = stdout.splitlines() if process.returncode == 0 else []
    return tuple((k, v.strip()) for k, v in zip(("GOMODCACHE", "GOROOT"), lines) if v.strip())


def _start_go_env(go: str, environ: dict[str, str] | None = None) -> subprocess.Popen[str] | None:
    try:
        return subprocess.Popen(
            [go, "env", "GOMODCACHE", "GOROOT"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, env=environ,
        )
    except OSError:
        return None


class Locator:
    def __init__(self, module_root: Path, env: GoEnvironment, go_mod: str | None = None) -> None:
        """`go_mod`: the main module's go.mod text when it is not the one on disk (a git revision's)."""
        self.root = module_root.resolve()
        self.env = env
        self.main = parse_mod(_read(self.root / "go.mod") if go_mod is None else go_mod, self.root)
        workspace = find_workspace(self.root)
        self.work = parse_mod(_read(workspace), workspace.parent.resolve()) if workspace is not None else None
        # Every main module of the workspace: module path -> directory.
        self.mains: dict[str, Path] = {self.main.module: self.root}
        requires = list(self.main.requires)
        replaces: list[Replacement] = list(self.main.replaces)
        if self.work is not None:
            for directory in self.work.uses:
                mod = parse_mod(_read(directory / "go.mod"), directory)
                if mod.module:
                    self.mains.setdefault(mod.module, directory)
                    requires.extend(mod.requires)
                    replaces.extend(mod.replaces)
            replaces = list(self.work.replaces) + replaces  # go.work's replacements win
        self.requires: dict[str, Requirement] = {}
        for req in requires:
            self.requires.setdefault(req.module, req)
        self.replaces = replaces
        modules_txt = self.root / "vendor" / "modules.txt"
        self.vendored = vendored_modules(_read(modules_txt)) if self.work is None and modules_txt.is_file() else None

    def locate(self, path: str, from_standard: bool = False) -> Located | Missing | Unrequired:
        if is_standard(path) or from_standard:
            return self._standard(path, vendored=not is_standard(path))
        for main, directory in sorted(self.mains.items(), key=lambda m: -len(m[0])):
            if _within(path, main):
                return Located(directory / _rest(path, main), _shown_local(self.root, directory, main, path), main)
        module = self._providing_module(path)
        if module is None:
            return Unrequired(path)
        rest = _rest(path, module)
        if self.vendored is not None and (self.root / "vendor" / path).is_dir():
            return Located(self.root / "vendor" / path, f"vendor/{path}", module)
        req = self.requires.get(module)
        version = req.version if req is not None else ""
        replacement = self._replacement(module, version)
        if replacement is not None and replacement.local:
            directory = (replacement.base / replacement.new).resolve()
            located = Located(directory / rest, _shown_local(self.root, directory, module, path), module)
            return located if located.directory.is_dir() else Missing(module, version, req, f"its replacement directory {replacement.new}")
        target, target_version = (replacement.new, replacement.new_version) if replacement is not None else (module, version)
        directory = self.env.module_cache / f"{escape_module_path(target)}@{escape_module_path(target_version)}"
        shown = f"{target}@{target_version}"
        if not directory.is_dir():
            where = "the module cache" if replacement is None else f"the module cache (as its replacement {target} {target_version})"
            return Missing(module, version, req, where)
        return Located(directory / rest, shown + (f"/{rest}" if rest else ""), module)

    def _standard(self, path: str, vendored: bool) -> Located | Missing:
        goroot = self.env.goroot
        sub = f"vendor/{path}" if vendored else path
        if goroot is None or not (goroot / "src").is_dir():
            return Missing("std", "", None, "GOROOT/src")
        return Located(goroot / "src" / sub, f"GOROOT/src/{sub}", "std")

    def _providing_module(self, path: str) -> str | None:
        """The longest required (or replaced) module path that the import path lies in."""
        candidates = set(self.requires) | {r.old for r in self.replaces}
        if self.vendored is not None:
            candidates |= set(self.vendored)
        found = [m for m in candidates if _within(path, m)]
        return max(found, key=len) if found else None

    def _replacement(self, module: str, version: str) -> Replacement | None:
        exact = next((r for r in self.replaces if r.old == module and r.old_version == version), None)
        return exact or next((r for r in self.replaces if r.old == module and not r.old_version), None)


def _within(path: str, module: str) -> bool:
    return path == module or path.startswith(module + "/")


def _rest(path: str, module: str) -> str:
    return path[len(module) + 1 :] if path != module else ""


def _shown_local(root: Path, directory: Path, module: str, path: str) -> str:
    """A local module's files are named relative to this module's root when they are below it."""
    target = directory / _rest(path, module)
    try:
        return target.resolve().relative_to(root).as_posix()
    except ValueError:
        return path


def _read(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
