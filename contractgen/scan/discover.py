"""Scan seam 1, discover: a source tree -> the module's path and the .go files that the build
constraints keep for one platform, each read once.

This is the only platform-dependent step: what comes after (per-file facts) depends on a file's
path and bytes alone, which is what lets those be cached by content hash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contractgen.diagnostics import Diagnostic, Position, error
from contractgen.scan.buildtags import Platform, file_name_matches, header_matches
from contractgen.scan.routes import generated_by_contractgen
from contractgen.scan.source import SourceTree

_PACKAGE = re.compile(rb"^package\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
_MODULE = re.compile(r"^module\s+(\S+)", re.MULTILINE)


@dataclass(frozen=True)
class SourceFile:
    """A .go file that the build constraints keep, read once."""

    path: str  # relative to the module root, POSIX
    source: bytes
    package: str  # the name in its package clause, "" when it has none


@dataclass(frozen=True)
class Discovery:
    module_path: str
    files: tuple[SourceFile, ...]  # in path order
    diagnostics: tuple[Diagnostic, ...] = ()


def discover(tree: SourceTree, platform: Platform, root_name: str = "") -> Discovery:
    """`root_name`: what to call the module when go.mod has no module line (its directory's name)."""
    paths = tree.files()
    diagnostics: list[Diagnostic] = []
    module_path = root_name
    try:
        go_mod = tree.read("go.mod").decode("utf-8", "replace")
    except OSError:
        go_mod = None
    match = _MODULE.search(go_mod) if go_mod is not None else None
    if match is None:
        diagnostics.append(error("CG002", "go.mod has no module line", Position("go.mod", 1, 1)))
    else:
        module_path = match.group(1).strip('"')
    return Discovery(module_path, tuple(candidate_files(tree, paths, platform)), tuple(diagnostics))


def candidate_files(tree: SourceTree, paths: list[str], platform: Platform) -> list[SourceFile]:
    """Every non-test .go file of the module that the build constraints keep, in path order."""
    nested = {p.rpartition("/")[0] for p in paths if p.endswith("/go.mod")}  # nested modules are not part of this one
    found: list[SourceFile] = []
    for path in paths:
        directory, _, name = path.rpartition("/")
        if not name.endswith(".go") or name.endswith("_test.go") or name.startswith((".", "_")):
            continue
        if nested and _inside(directory, nested):
            continue
        if not file_name_matches(name, platform):
            continue
        try:
            data = tree.read(path)
        except OSError:
            continue  # deleted since it was listed (an editor's save, a checkout): it is not there
        file = kept_file(path, data, platform)
        if file is not None:
            found.append(file)
    return found


def kept_file(path: str, data: bytes, platform: Platform) -> SourceFile | None:
    """The file, when its //go:build line keeps it and contractgen did not generate it."""
    package = _PACKAGE.search(data)
    # The //go:build line stands above the package clause: only that part is searched for it.
    header = data if package is None else data[: package.end()]
    # contractgen's own generated Go never feeds back into the contract.
    if not header_matches(header, platform) or generated_by_contractgen(header):
        return None
    return SourceFile(path, data, package.group(1).decode() if package else "")


def _inside(directory: str, modules: set[str]) -> bool:
    while directory:
        if directory in modules:
            return True
        directory = directory.rpartition("/")[0]
    return False
