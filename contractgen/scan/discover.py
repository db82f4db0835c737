"""Scan seam 1, discover: a source tree -> the module's path and the .go files that the build
constraints keep for one platform, each read once.

This is the only platform-dependent step: what comes after (per-file facts) depends on a file's
path and bytes alone, which is what lets those be cached by content hash.
"""

from __future__ import annotations

import errno
from pathlib import Path

from contractgen.diagnostics import Diagnostic, Position, error, warning
from contractgen.records import record
from contractgen.scan.gomod import go_line_diagnostics
from contractgen.scan.header import read_header
from contractgen.scan.modfile import parse_mod
from contractgen.scan.buildtags import Platform, file_name_matches, header_matches
from contractgen.scan.routes import generated_by_contractgen
from contractgen.scan.source import NotARegularFile, SourceTree



@record(frozen=True)
class SourceFile:
    """A .go file that the build constraints keep, read once."""

    path: str  # relative to the module root, POSIX
    source: bytes
    package: str  # the name in its package clause, "" when it has none


@record(frozen=True)
class Discovery:
    module_path: str
    files: tuple[SourceFile, ...]  # in path order
    diagnostics: tuple[Diagnostic, ...] = ()


def discover(tree: SourceTree, platform: Platform, root_name: str = "") -> Discovery:
    """`root_name`: what to call the module when go.mod has no module line (its directory's name)."""
    paths = tree.files()
    diagnostics: list[Diagnostic] = []
    module_path = root_name
    unreadable = ""
    try:
        go_mod: str | None = tree.read("go.mod").decode("utf-8", "replace")
    except OSError as exc:
        go_mod, unreadable = None, "" if isinstance(exc, FileNotFoundError) else (exc.strerror or str(exc))
    # Read as the go command reads it: `module (` + path + `)` is a module statement too.
    stated = parse_mod(go_mod, Path()).module if go_mod is not None else None
    if unreadable:
        diagnostics.append(error("CG002", f"cannot read go.mod: {unreadable}", Position("go.mod", 1, 1), "make go.mod readable"))
    elif not stated:
        diagnostics.append(
            error(
                "CG002",
                "go.mod has no module line",
                Position("go.mod", 1, 1),
                f"state the module's import path first in go.mod: module example.com/{root_name or 'service'}",
            )
        )
    else:
        module_path = stated
    if go_mod is not None:
        diagnostics.extend(go_line_diagnostics(go_mod))
    for directory, reason in tree.unlisted():
        diagnostics.append(
            warning(
                "CG005",
                f"cannot list directory {directory or '.'}: {reason}; the packages in and below it are left out",
                Position(directory or ".", 1, 1),
                "make the directory readable, or move it out of the module",
            )
        )
    files = candidate_files(tree, paths, platform, diagnostics)
    return Discovery(module_path, tuple(files), tuple(diagnostics))


def candidate_files(tree: SourceTree, paths: list[str], platform: Platform, problems: list[Diagnostic] | None = None) -> list[SourceFile]:
    """Every non-test .go file of the module that the build constraints keep, in path order. A file
    that cannot be read is a CG005 warning in `problems` (FIFOs and the like are skipped silently)."""
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
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError, NotARegularFile):
            continue  # deleted since it was listed (an editor's save, a checkout), a dangling link, a FIFO
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                continue  # a link that points at itself: no file
            if problems is not None:
                problems.append(
                    warning("CG005", f"cannot read {path}: {exc.strerror or exc}; its declarations are left out", Position(path, 1, 1))
                )
            continue
        file = kept_file(path, data, platform)
        if file is not None:
            found.append(file)
    return found


def kept_file(path: str, data: bytes, platform: Platform) -> SourceFile | None:
    """The file, when its //go:build line keeps it and contractgen did not generate it. A leading
    byte order mark is dropped, as the go tool skips it (columns on line 1 count from after it)."""
    header = read_header(data)
    # contractgen's own generated Go never feeds back into the contract.
    if not header_matches(header.text, platform) or generated_by_contractgen(header.text):
        return None
    return SourceFile(path, header.source, header.package)


def _inside(directory: str, modules: set[str]) -> bool:
    while directory:
        if directory in modules:
            return True
        directory = directory.rpartition("/")[0]
    return False
