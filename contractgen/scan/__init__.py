"""Stage 1: find the Go module's packages and read their files into `ModuleFacts`.

Files that cannot contribute to the contract (no top-level `type` or `const`, no JSON method) are
recognised with one regular expression over their bytes and never parsed; the rest are parsed with
tree-sitter, on all cores when there is enough to parse.
"""

from __future__ import annotations

import gc
import os
import pickle
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from contractgen.diagnostics import Diagnostic, Position, error
from contractgen.scan.buildtags import Platform, file_name_matches, header_matches
from contractgen.scan.facts import FileFacts, ModuleFacts, PackageFacts
from contractgen.scan.gomod import go_line_diagnostics
from contractgen.scan.routes import generated_by_contractgen, mentions_endpoints

# A file contributes only through top-level declarations, which gofmt puts at the start of a line.
_DECLARATION = rb"(?:type|const)\b|func\s*\([^)]*\)\s*(?:MarshalJSON|MarshalText|UnmarshalJSON|UnmarshalText)\s*\("
# Anchored on a literal newline rather than `^` with MULTILINE, so that the regex engine jumps from
# newline to newline instead of trying every byte: five times faster on a large module.
_DECLARATION_AFTER_NEWLINE = re.compile(rb"\n(?:" + _DECLARATION + rb")")
_DECLARATION_AT_START = re.compile(_DECLARATION)
_PACKAGE = re.compile(rb"^package\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
_MODULE = re.compile(r"^module\s+(\S+)", re.MULTILINE)
_SKIPPED_DIRS = frozenset({"vendor", "testdata", "node_modules"})
# Below this many bytes to parse, a second process saves less than it costs. Parsing runs at about
# 8 MB/s per core; a child costs ~3 ms to fork and start, and its pickled facts must be unpickled
# here. On 2 cores the two break even near 120 KB; at 2 MB two processes take 0.6 of the time of one.
_PARALLEL_THRESHOLD_BYTES = 200_000
# A byte parsed in a child costs this much more than one parsed here, because the child pickles what
# it found (measured: 13-24 % of its parse time). Shares are balanced with it to finish together.
_CHILD_COST = 1.2


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
    diagnostics.extend(go_line_diagnostics(go_mod))

    candidates = candidate_files(root, options.platform)
    with _collector_paused():
        parsed = _parse_all([file for file in candidates if may_contribute(file.source)], options.jobs)
        parsed = _find_handlers(candidates, parsed)

    by_dir: dict[str, list[FileFacts]] = {}
    names: dict[str, str] = {}
    for file in candidates:
        directory = file.path.rpartition("/")[0]
        by_dir.setdefault(directory, [])
        if file.package and directory not in names and not file.package.endswith("_test"):
            names[directory] = file.package
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


def may_contribute(source: bytes) -> bool:
    """Whether a file has a top-level `type` or `const` declaration, a JSON method, a route
    registration or a `//contractgen:` directive; when it has none, parsing it would find nothing
    for the contract."""
    return (
        _DECLARATION_AT_START.match(source) is not None
        or _DECLARATION_AFTER_NEWLINE.search(source) is not None
        or mentions_endpoints(source)  # route registrations and //contractgen: directives
    )


def _find_handlers(candidates: list[SourceFile], parsed: list[FileFacts]) -> list[FileFacts]:
    """Handlers that routes name in files the prefilter skipped: read just those functions."""
    from contractgen.scan.endpoints import find_handlers

    return find_handlers(candidates, parsed)


def candidate_files(root: Path, platform: Platform) -> list[SourceFile]:
    """Every non-test .go file of the module that the build constraints keep, in path order."""
    found: list[SourceFile] = []
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
            package = _PACKAGE.search(data)
            # The //go:build line stands above the package clause: only that part is searched for it,
            # not the whole file.
            header = data if package is None else data[: package.end()]
            # contractgen's own generated Go never feeds back into the contract.
            if header_matches(header, platform) and not generated_by_contractgen(header):
                found.append(
                    SourceFile(path.relative_to(root).as_posix(), data, package.group(1).decode() if package else "")
                )
    return found


def _parse_one(file: SourceFile) -> FileFacts:
    from contractgen.scan.gosyntax import parse_file

    return parse_file(file.path, file.source)


def _parse_all(files: list[SourceFile], jobs: int) -> list[FileFacts]:
    """Parse in this process and in forked children, each given a share of the files up front.

    tree-sitter holds the GIL while it parses, so threads would not help. Forked children inherit the
    loaded parser and the file contents, so nothing is sent to them; they pickle back what they
    found. This process parses a share too, instead of waiting. Without fork (Windows), one process.
    """
    import contractgen.scan.gosyntax  # noqa: F401  (loaded before forking: the children import nothing)

    processes = min(jobs or _usable_cores(), len(files))
    total = sum(len(file.source) for file in files)
    if processes <= 1 or total < _PARALLEL_THRESHOLD_BYTES or not hasattr(os, "fork"):
        return [_parse_one(file) for file in files]
    own, *others = _shares(files, processes)
    children: list[_Child] = []
    try:
        for share in others:
            children.append(_Child.fork(share, children))
        results = [_parse_one(file) for file in own]
        for child in children:
            results.extend(child.results())
    finally:
        for child in children:
            child.abandon()  # when this process failed before collecting all results
    return sorted(results, key=lambda facts: facts.path)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing a large module creates hundreds of thousands of fact objects, and each few hundred
    allocations the cyclic garbage collector examines the young ones and, ever more often, all of
    them: that doubled the parse time and made pickling and unpickling them ten times slower. Facts
    hold no reference cycles, so nothing is lost by collecting only once the scan is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on, not all the machine's
    except AttributeError:
        return os.cpu_count() or 1


def _shares(files: list[SourceFile], count: int) -> list[list[SourceFile]]:
    """Largest file first to the least loaded share; share 0 is this process's, cheaper per byte."""
    shares: list[list[SourceFile]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for file in sorted(files, key=lambda f: (-len(f.source), f.path)):
        index = min(range(count), key=loads.__getitem__)
        shares[index].append(file)
        loads[index] += len(file.source) * (1.0 if index == 0 else _CHILD_COST)
    return shares


@dataclass
class _Child:
    """A forked process that parses its share of the files and writes the pickled facts to a pipe."""

    pid: int
    pipe: BinaryIO  # the read end
    share: list[SourceFile]
    reaped: bool = False

    @classmethod
    def fork(cls, share: list[SourceFile], siblings: list[_Child]) -> _Child:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                os.close(read_end)
                for sibling in siblings:  # inherited: holding them open would keep a sibling's pipe alive
                    sibling.pipe.close()
                payload = pickle.dumps([_parse_one(file) for file in share], protocol=pickle.HIGHEST_PROTOCOL)
                with open(write_end, "wb") as pipe:
                    pipe.write(payload)
                status = 0
            finally:
                os._exit(status)  # never return into the parent's code, nor run its exit handlers
        os.close(write_end)
        return cls(pid, open(read_end, "rb"), share)

    def results(self) -> list[FileFacts]:
        with self.pipe:
            payload = self.pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.reaped = True
        if status == 0:
            facts: list[FileFacts] = pickle.loads(payload)
            return facts
        # The child failed: parse its share here, so that whatever went wrong is raised as in one process.
        return [_parse_one(file) for file in self.share]

    def abandon(self) -> None:
        self.pipe.close()
        if not self.reaped:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.reaped = True
