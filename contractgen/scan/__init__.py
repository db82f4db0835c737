"""Stage 1: a Go module's source tree -> `ModuleFacts`, in four seams:

    discover (scan/discover.py)   the tree -> the .go files the build constraints keep, read once
    per-file (scan/filescan.py)   (path, bytes) -> FileEntry: a pure function, cached by content hash
    link     (scan/link.py)       select the functions routes name from other files' facts
    group    (scan/group.py)      files' facts -> one PackageFacts per directory

Files that cannot contribute to the contract (no top-level `type` or `const`, no JSON method, no
route) are recognised by regular expressions over their bytes and never parsed; the rest are parsed
with tree-sitter, on all cores when there is enough to parse (scan/parallel.py); a small scan may
run in a forked child while the caller does other work (`meanwhile`). The scanner reads only through
a SourceTree (scan/source.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from contractgen.records import record
from contractgen.scan.buildtags import Platform
from contractgen.scan.cache import FactCache
from contractgen.scan.discover import Discovery, SourceFile, discover
from contractgen.scan.facts import FileFacts, ModuleFacts
from contractgen.scan.filescan import FileEntry, may_contribute
from contractgen.scan.source import SourceTree, WorkTree

__all__ = [
    "Discovery",
    "FactCache",
    "ModuleNotFound",
    "ScanOptions",
    "SourceFile",
    "SourceTree",
    "WorkTree",
    "candidate_files",
    "find_module_root",
    "may_contribute",
    "scan_discovered",
    "scan_module",
    "scan_tree",
]


class ModuleNotFound(Exception):
    """SRC is not inside a Go module (no go.mod at or above it)."""


@record(frozen=True)
class ScanOptions:
    platform: Platform = Platform()
    jobs: int = 0  # 0: one per core


def find_module_root(src: Path) -> Path:
    current = src.resolve()
    for candidate in (current, *current.parents):
        if (candidate / "go.mod").is_file():
            return candidate
    raise ModuleNotFound(f"no go.mod found in {src} or any parent directory")


def scan_module(src: Path, options: ScanOptions = ScanOptions(), cache: FactCache | None = None) -> ModuleFacts:
    """The module holding `src`, from the work tree."""
    root = find_module_root(src)
    return scan_tree(WorkTree(root), options, cache, root.name)


def scan_tree(tree: SourceTree, options: ScanOptions = ScanOptions(), cache: FactCache | None = None, root_name: str = "") -> ModuleFacts:
    return scan_discovered(tree, discover(tree, options.platform, root_name), options, cache)


def scan_discovered(
    tree: SourceTree,
    found: Discovery,
    options: ScanOptions = ScanOptions(),
    cache: FactCache | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> ModuleFacts:
    """Per-file facts (from `cache` where it has them, added to it where not), linked and grouped.
    Without a cache, a memory-only one for this call. Saving the cache is the caller's choice.

    `meanwhile`: work of the caller's that needs nothing from the scan (a one-shot run loads the
    later stages' modules and templates). When there is a little to parse, the parse and the link
    run in a forked child while this process runs it, and the changed cache entries come back
    with the facts; when there is much, this process runs it before it joins the parse workers;
    otherwise (nothing to parse, one core) it is not called."""
    from contractgen.scan.group import group_packages
    from contractgen.scan.parallel import beside, can_fork, collector_paused, is_small

    cache = cache if cache is not None else FactCache()
    files = list(found.files)
    with collector_paused():
        entries = {file.path: cache.entry(file) for file in files}
        to_parse = [file for file in files if entries[file.path].eager and not entries[file.path].parsed]
        if meanwhile is not None and to_parse and is_small(to_parse) and can_fork(options.jobs):
            linked, unsaved = beside(partial(_linked_and_unsaved, files, entries, to_parse, options.jobs), meanwhile)
            for entry in unsaved:
                cache.adopt(entry)
        else:
            linked = _parse_and_link(files, entries, to_parse, options.jobs, meanwhile)
    packages, diagnostics = group_packages(found.module_path, files, linked)
    return ModuleFacts(found.module_path, tree.describe(), packages, found.diagnostics + tuple(diagnostics))


def _parse_and_link(
    files: list[SourceFile], entries: dict[str, FileEntry], to_parse: list[SourceFile], jobs: int, meanwhile: Callable[[], object] | None = None
) -> list[FileFacts]:
    """The linked facts of every file, after parsing `to_parse` into their entries (`meanwhile`: run
    while parse workers work, if any are forked)."""
    from contractgen.scan.link import link_handlers
    from contractgen.scan.parallel import parse_all

    for facts in parse_all(to_parse, jobs, meanwhile):
        entries[facts.path].set_facts(facts)
    return link_handlers(files, entries)


def _linked_and_unsaved(
    files: list[SourceFile], entries: dict[str, FileEntry], to_parse: list[SourceFile], jobs: int
) -> tuple[list[FileFacts], list[FileEntry]]:
    """What a forked child sends back: the linked facts, and the entries not yet persisted for the
    parent's cache to adopt (a few more than it filled, which costs less than finding out which)."""
    linked = _parse_and_link(files, entries, to_parse, jobs)
    return linked, [entry for entry in entries.values() if entry.dirty]


def candidate_files(root: Path, platform: Platform) -> list[SourceFile]:
    """Every non-test .go file of the module at `root` that the build constraints keep, in path order."""
    return list(discover(WorkTree(root), platform, root.name).files)
