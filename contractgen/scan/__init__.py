"""Stage 1: find the Go module's packages and read their files into `ModuleFacts`.

Files that cannot contribute to the contract (no top-level `type` or `const`, no JSON method) are
recognised with one regular expression over their bytes and never parsed; the rest are parsed with
tree-sitter, on all cores when there is enough to parse.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from contractgen.diagnostics import Diagnostic, Position, error
from contractgen.scan.buildtags import Platform, file_name_matches, header_matches
from contractgen.scan.facts import FileFacts, ModuleFacts, PackageFacts

# A file contributes only through top-level declarations, which gofmt puts at the start of a line.
_DECLARATION = rb"(?:type|const)\b|func\s*\([^)]*\)\s*(?:MarshalJSON|MarshalText|UnmarshalJSON|UnmarshalText)\s*\("
# Anchored on a literal newline rather than `^` with MULTILINE, so that the regex engine jumps from
# newline to newline instead of trying every byte: five times faster on a large module.
_DECLARATION_AFTER_NEWLINE = re.compile(rb"\n(?:" + _DECLARATION + rb")")
_DECLARATION_AT_START = re.compile(_DECLARATION)
_PACKAGE = re.compile(rb"^package\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
_MODULE = re.compile(r"^module\s+(\S+)", re.MULTILINE)
_SKIPPED_DIRS = frozenset({"vendor", "testdata", "node_modules"})
# Below this many bytes to parse, forking a second parser costs more than it saves. Parsing runs at
# about 7 MB/s per core; a child costs a fork (~10 ms) and the pickling of what it found (see
# _CHILD_COST). Measured with benchmarks/run.py.
_PARALLEL_THRESHOLD_BYTES = 500_000
# A byte parsed in a child costs this much more than one parsed in the parent: the child pickles its
# facts and the parent unpickles them. The shares are balanced with it so that all finish together.
_CHILD_COST = 1.3


@dataclass(frozen=True)
class SourceFile:
    """A .go file that the build constraints keep, read once."""

    path: str  # relative to the module root, POSIX
    source: bytes
    package: str  # the name in its package clause, "" when it has none


class ModuleNotFound(Exception):
    """SRC is not inside a Go module (no go.mod at or above it)."""


@dataclass(frozen=True)
class ScanOptions:
    platform: Platform = Platform()
    jobs: int = 0  # 0: one per core


def find_module_root(src: Path) -> Path:
    current = src.resolve()
    for candidate in (current, *current.parents):
        if (candidate / "go.mod").is_file():
            return candidate
    raise ModuleNotFound(f"no go.mod found in {src} or any parent directory")


def scan_module(src: Path, options: ScanOptions = ScanOptions()) -> ModuleFacts:
    root = find_module_root(src)
    go_mod = (root / "go.mod").read_text(encoding="utf-8", errors="replace")
    match = _MODULE.search(go_mod)
    diagnostics: list[Diagnostic] = []
    if match is None:
        diagnostics.append(error("CG002", "go.mod has no module line", Position("go.mod", 1, 1)))
        module_path = root.name
    else:
        module_path = match.group(1).strip('"')

    candidates = _candidate_files(root, options.platform)
    parsed = _parse_all([(rel, data) for rel, data in candidates if _CONTRIBUTES.search(data)], options.jobs)

    by_dir: dict[str, list[FileFacts]] = {}
    names: dict[str, str] = {}
    for rel, data in candidates:
        directory = rel.rpartition("/")[0]
        by_dir.setdefault(directory, [])
        package = _PACKAGE.search(data)
        if package is not None and directory not in names and not package.group(1).endswith(b"_test"):
            names[directory] = package.group(1).decode()
    for facts in parsed:
        by_dir.setdefault(facts.path.rpartition("/")[0], []).append(facts)

    packages = []
    for directory in sorted(by_dir):
        files = tuple(sorted((f for f in by_dir[directory] if not f.package.endswith("_test")), key=lambda f: f.path))
        name = names.get(directory, "")
        if not name:
            continue  # only external test packages or unreadable files here
        for facts in files:
            if facts.package and facts.package != name:
                diagnostics.append(
                    error(
                        "CG003",
                        f"package {facts.package} in a directory of package {name}",
                        Position(facts.path, 1, 1),
                        "one directory holds one Go package; move the file or fix its package clause",
                    )
                )
        import_path = module_path + ("/" + directory if directory else "")
        packages.append(PackageFacts(import_path, directory, name, files))
    return ModuleFacts(module_path, str(root), tuple(packages), tuple(diagnostics))


def _candidate_files(root: Path, platform: Platform) -> list[tuple[str, bytes]]:
    """Every non-test .go file of the module that the build constraints keep, with its bytes."""
    found: list[tuple[str, bytes]] = []
    for directory, subdirs, files in os.walk(root):
        here = Path(directory)
        if here != root and (here / "go.mod").exists():
            subdirs[:] = []  # a nested module is not part of this one
            continue
        subdirs[:] = sorted(d for d in subdirs if d not in _SKIPPED_DIRS and not d.startswith((".", "_")))
        for name in sorted(files):
            if not name.endswith(".go") or name.endswith("_test.go") or name.startswith((".", "_")):
                continue
            if not file_name_matches(name, platform):
                continue
            path = here / name
            data = path.read_bytes()
            if header_matches(data, platform):
                found.append((path.relative_to(root).as_posix(), data))
    return found


def _parse_one(item: tuple[str, bytes]) -> FileFacts:
    from contractgen.scan.gosyntax import parse_file

    return parse_file(item[0], item[1])


def _parse_all(items: list[tuple[str, bytes]], jobs: int) -> list[FileFacts]:
    workers = jobs or os.cpu_count() or 1
    total = sum(len(data) for _, data in items)
    if workers <= 1 or total < _PARALLEL_THRESHOLD_BYTES or len(items) < 2:
        return [_parse_one(item) for item in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers inherit the loaded parser modules instead of importing them again.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    # Largest first, so one big file does not finish last on its own.
    ordered = sorted(items, key=lambda item: -len(item[1]))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = list(pool.map(_parse_one, ordered, chunksize=max(1, len(ordered) // (workers * 4))))
    return sorted(results, key=lambda f: f.path)
