"""Scan seam 3, link handlers: a route may name a handler declared in a file that was not read for
endpoints. This step selects, by name, the functions that registrations, router hand-offs and
helper calls refer to, from the other files' per-file function facts (read and kept by
FileEntry.read_functions), in rounds: handlers, then the helpers they call, then theirs.

It only selects: what a file declares never depends on what other files mention, so a file's facts
stay a function of its own bytes, and an edit elsewhere never invalidates them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from contractgen.scan.discover import SourceFile
from contractgen.scan.endpoint_facts import FileEndpoints, FuncFact
from contractgen.scan.endpoints import referenced_names
from contractgen.scan.facts import FileFacts
from contractgen.scan.filescan import FileEntry

ROUNDS = 3


def link_handlers(files: list[SourceFile], entries: dict[str, FileEntry]) -> list[FileFacts]:
    """Every file's facts for the contract, in path order: the eager facts, with the functions
    that routes elsewhere name added to the files that were not read for endpoints."""
    facts = {path: entry.facts for path, entry in entries.items() if entry.facts is not None}
    read_in_full = {path for path, f in facts.items() if f.endpoints is not None}
    wanted: set[str] = set()
    for found in facts.values():
        if found.endpoints is not None:
            wanted |= referenced_names(found.endpoints)
    added: dict[str, list[FuncFact]] = {}
    searched: set[str] = set()
    for _ in range(ROUNDS):
        names = frozenset(n for n in wanted - searched if n.isidentifier())
        if not names:
            break
        searched |= names
        declares = re.compile(
            rb"\nfunc[ \t]*(?:\([^)\n]*\)[ \t]*)?(?:" + b"|".join(re.escape(n.encode()) for n in sorted(names)) + rb")[ \t]*[\[(]"
        )
        for file in files:
            if file.path in read_in_full or declares.search(file.source) is None:
                continue
            entry = entries[file.path]
            entry.read_functions(file.source, names)
            funcs = entry.functions_named(names)
            if not funcs:
                continue
            wanted |= referenced_names(FileEndpoints(funcs=funcs))
            added.setdefault(file.path, []).extend(funcs)
    for path, found_funcs in added.items():
        base = facts.get(path) or entries[path].base
        assert base is not None  # read_functions parsed the file
        facts[path] = replace(base, endpoints=FileEndpoints(funcs=tuple(found_funcs)))
    return [facts[path] for path in sorted(facts)]
