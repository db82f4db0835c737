"""Types from the module's dependencies: the standard library, required modules, replacements,
workspaces and vendored copies, read from their source on this machine (never the network, never
the go command for anything but the location of its module cache).

The IR builder asks for a package by import path when the contract reaches a type in it;
`Dependencies.package` finds its directory (contractgen/deps/locate.py) and reads the files the build
constraints keep; the IR build then parses, with the module's own per-file parser, only the files
that may declare the names it reaches (contractgen/deps/package.py). Nothing is read before it is
asked for, and nothing twice. When a module is required but not on the machine, `missing()`
says so once per module, with the command that fetches it.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from contractgen.deps.locate import GoEnvironment, Located, Locator, Missing, Unrequired, is_standard
from contractgen.deps.package import DependencyPackage, PackageFile
from contractgen.deps.reader import PackageDirectory, kept_files
from contractgen.diagnostics import Diagnostic, Position, warning
from contractgen.ir.model import DEPENDENCY_DIR
from contractgen.records import record
from contractgen.scan.buildtags import Platform
from contractgen.scan.cache import FactCache
from contractgen.scan.source import SourceTree

__all__ = ["Dependencies", "DependencyPackage", "GoEnvironment", "dependency_dir", "fingerprint", "is_standard_path"]

is_standard_path = is_standard  # for the IR builder: whether an import path is the standard library's


def dependency_dir(import_path: str) -> str:
    """The contract's `dir` of a dependency package (see contractgen.ir.model.DEPENDENCY_DIR)."""
    return f"{DEPENDENCY_DIR}/{import_path}"


@record
class _MissingModule:
    missing: Missing
    packages: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)  # "import/path.Name" the contract uses from it


class Dependencies:
    """`cache`: the scanner's per-file fact cache, so that a dependency's files are parsed once per
    content (and kept on disk with the module's own when the cache is persisted)."""

    def __init__(
        self,
        module_root: Path,
        platform: Platform,
        env: GoEnvironment | None = None,
        cache: FactCache | None = None,
        tree: SourceTree | None = None,
    ) -> None:
        """`tree`: where the module's own files are read (a git revision): its go.mod decides the
        versions. go.work and vendor/ are read from disk (a tree lists no vendor directory)."""
        self.tree = tree
        self.root = module_root
        self.platform = platform
        self.env = env or GoEnvironment()
        self.cache = cache if cache is not None else FactCache()
        self._locator: Locator | None = None
        self._loaded: dict[str, DependencyPackage | None] = {}
        self._missing: dict[str, _MissingModule] = {}

    @property
    def locator(self) -> Locator:
        if self._locator is None:  # go.mod and go.work are read on the first outside lookup only
            self._locator = Locator(self.root, self.env, tree_go_mod(self.tree))
        return self._locator

    def package(self, import_path: str, from_standard: bool = False) -> DependencyPackage | None:
        """A dependency package (its files parsed as names are asked for), or None when its source is not on this machine (see
        `accounted_for`) or it holds no Go package for this platform. `from_standard`: the import is
        written in a standard library file, where non-standard paths are GOROOT/src/vendor's."""
        key = ("std:" if from_standard and not is_standard(import_path) else "") + import_path
        if key not in self._loaded:
            self._loaded[key] = self._load(import_path, from_standard)
        return self._loaded[key]

    def accounted_for(self, import_path: str) -> bool:
        """Whether the package's absence is already reported by `missing()`."""
        return any(import_path in m.packages for m in self._missing.values())

    def note_unknown_type(self, import_path: str, key: str) -> None:
        """Record that the contract uses type KEY of a package `accounted_for` (typed as unknown JSON)."""
        for entry in self._missing.values():
            if import_path in entry.packages:
                entry.types.add(key)

    def unknown_types(self) -> list[str]:
        """The types noted from missing modules since this Dependencies was made, sorted: what CG110
        reports once per module, type by type (`contractgen init` lists them for [types])."""
        return sorted({key for entry in self._missing.values() for key in entry.types})

    def missing(self, asked: set[str] | None = None) -> list[Diagnostic]:
        """One warning per module whose source was needed but not found. `asked`: only for these
        import paths (a watch session keeps its Dependencies across builds; each build says what it asked for)."""
        out = []
        for module in sorted(self._missing):
            entry = self._missing[module]
            needed = entry.packages if asked is None else entry.packages & asked
            if not needed:
                continue
            packages = ", ".join(sorted(needed)[:3]) + (", ..." if len(needed) > 3 else "")
            req = entry.missing.requirement
            if module == "std":
                out.append(
                    warning(
                        "CG110",
                        f"the Go standard library's source is not on this machine (needed for {packages}); its types are unknown JSON",
                        None,
                        "install a Go toolchain, or set GOROOT to one",
                    )
                )
                continue
            out.append(
                warning(
                    "CG110",
                    f"module {module} {entry.missing.version} is not in {entry.missing.looked_in}; "
                    f"the types the contract uses from it ({packages}) are unknown JSON",
                    Position("go.mod", req.line, 1) if req is not None else None,
                    f"for the full contract, run `go mod download {module}` (or `go mod download`) in the module, "
                    "or `go mod vendor`; or set GOMODCACHE to the cache that holds it",
                )
            )
        return out

    def _load(self, import_path: str, from_standard: bool) -> DependencyPackage | None:
        from contractgen.scan.discover import SourceFile

        where = self.locator.locate(import_path, from_standard)
        if isinstance(where, Unrequired):
            return None
        if isinstance(where, Missing):
            self._missing.setdefault(where.module, _MissingModule(where)).packages.add(import_path)
            return None
        assert isinstance(where, Located)
        kept = [f for f in kept_files(PackageDirectory(where.directory), self.platform) if not f.package.endswith("_test")]
        names = [f.package for f in kept if f.package != "documentation"]
        if not names:
            return None
        name = names[0]
        files: list[PackageFile] = []
        for file in kept:
            if file.package != name:
                continue
            shown = f"{where.shown}/{file.name}"
            entry = self.cache.entry(SourceFile(shown, file.source, file.package))
            if entry.eager:  # else no type, const or JSON method: nothing for the contract
                files.append(PackageFile(shown, file.source, entry))
        return DependencyPackage(import_path, dependency_dir(import_path), name, files)


def tree_go_mod(tree: SourceTree | None) -> str | None:
    """The go.mod text of a source tree (None: read the one on disk)."""
    if tree is None:
        return None
    try:
        return tree.read("go.mod").decode("utf-8", "replace")
    except OSError:
        return None


def fingerprint(module_root: Path, env: GoEnvironment | None = None, tree: SourceTree | None = None) -> bytes:
    """What the types read from dependencies depend on besides the module's own .go files: go.mod,
    go.work, vendor/modules.txt, where the module cache and GOROOT are, and which required module
    versions are in the cache (a version's files never change there). For caches of whole generations:
    after `go get` or `go mod download` the key changes."""
    go_mod = tree_go_mod(tree)
    locator = Locator(module_root, env or GoEnvironment(), go_mod)
    parts = [str(locator.env.module_cache), str(locator.env.goroot), go_mod or ""]
    for name in ("go.mod", "go.sum", "vendor/modules.txt"):
        parts.append(_digest(module_root / name))
    if locator.work is not None:
        parts.append(repr(sorted(locator.mains.items())))
        parts.extend(_digest(directory / "go.mod") for directory in locator.work.uses)
    for module in sorted(locator.requires):
        where = locator.locate(module)
        parts.append(f"{module} {type(where).__name__} {getattr(where, 'directory', '')}")
    return "\n".join(parts).encode()


def _digest(path: Path) -> str:
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"
