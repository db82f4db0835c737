"""Scan seam 2, per-file facts: everything the scanner learns from one file is a pure function of
its path and bytes, so it is cached by content hash (contractgen/scan/cache.py) and reused by watch.

Two parts, each computed at most once per content:
- the eager facts (`FileEntry.facts`): files that may contribute (a top-level type or const, a JSON
  method, a route or directive) are parsed in full when first seen; the others are recognised by
  byte-level regular expressions and never parsed for this;
- the functions a route names (`FileEntry.functions`, by function name): a handler may live in a file
  that was not read for endpoints; the linking step asks for it by name, and the answer is kept.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import TYPE_CHECKING

from contractgen.records import record
from contractgen.scan.endpoint_facts import FuncFact, VarFact
from contractgen.scan.facts import FileFacts
from contractgen.scan.routes import mentions_endpoints

if TYPE_CHECKING:
    from contractgen.deps.names import DeclaredNames

# A file contributes only through top-level declarations, which gofmt puts at the start of a line.
_DECLARATION = rb"(?:type|const)\b|func\s*\([^)]*\)\s*(?:MarshalJSON|MarshalText|UnmarshalJSON|UnmarshalText)\s*\("
# Anchored on a literal newline rather than `^` with MULTILINE, so that the regex engine jumps from
# newline to newline instead of trying every byte: five times faster on a large module.
_DECLARATION_AFTER_NEWLINE = re.compile(rb"\n(?:" + _DECLARATION + rb")")
_DECLARATION_AT_START = re.compile(_DECLARATION)


def may_contribute(source: bytes) -> bool:
    """Whether a file has a top-level `type` or `const` declaration, a JSON method, a route
    registration or a `//contractgen:` directive; when it has none, parsing it would find nothing
    for the contract."""
    return (
        _DECLARATION_AT_START.match(source) is not None
        or _DECLARATION_AFTER_NEWLINE.search(source) is not None
        or mentions_endpoints(source)  # route registrations and //contractgen: directives
    )


@record
class FileEntry:
    """What one file's content yields. `parsed`: the eager facts are known (None when the file
    cannot contribute); `base`: the file's facts without endpoints, once any parse has produced them
    (what a handler's imports resolve against); `functions`: top-level functions and methods read
    by name, without registrations (an empty tuple: the file declares none of that name)."""

    path: str
    digest: str
    eager: bool
    facts: FileFacts | None = None
    parsed: bool = False
    base: FileFacts | None = None
    functions: dict[str, tuple[FuncFact, ...]] = field(default_factory=dict)
    dirty: bool = True  # holds something not yet persisted
    # The package-level variables of the file (what a handler writing one writes), once parsed for functions.
    variables: tuple[VarFact, ...] = ()
    # A dependency's file: the names it may declare, from its bytes (contractgen/deps/names.py).
    names: DeclaredNames | None = None

    def set_facts(self, facts: FileFacts) -> None:
        self.facts, self.parsed, self.dirty = facts, True, True
        if self.base is None:
            self.base = facts if facts.endpoints is None else _without_endpoints(facts)

    def set_base(self, facts: FileFacts) -> None:
        """The facts of a parse without endpoints; the eager facts stay unknown (a module's file asks
        for them with its endpoints)."""
        assert facts.endpoints is None
        self.base, self.dirty = facts, True

    def functions_named(self, names: frozenset[str]) -> tuple[FuncFact, ...]:
        """The known functions of these names, in the file's order."""
        found = [f for name in names for f in self.functions.get(name, ())]
        return tuple(sorted(found, key=lambda f: (f.pos.line, f.pos.column)))

    def read_functions(self, source: bytes, names: frozenset[str]) -> None:
        """Parse the file for the functions `names` not asked for yet; remember what it declares."""
        from contractgen.scan.gosyntax import parse_functions

        missing = frozenset(n for n in names if n not in self.functions)
        if not missing:
            return
        found = parse_functions(self.path, source, missing)
        if self.base is None:
            self.base = _without_endpoints(found)
        by_name: dict[str, list[FuncFact]] = {n: [] for n in missing}
        if found.endpoints is not None:
            self.variables = found.endpoints.vars
        for fact in found.endpoints.funcs if found.endpoints is not None else ():
            by_name.setdefault(fact.name, []).append(fact)
        self.functions.update((n, tuple(fs)) for n, fs in by_name.items())
        self.dirty = True

    @property
    def worth_keeping(self) -> bool:
        """Whether persisting saves work: a file that cannot contribute costs one regex to recognise."""
        return self.eager or bool(self.functions)


def parse_eager(path: str, source: bytes) -> FileFacts:
    from contractgen.scan.gosyntax import parse_file

    return parse_file(path, source)


def _without_endpoints(facts: FileFacts) -> FileFacts:
    from dataclasses import replace

    return replace(facts, endpoints=None) if facts.endpoints is not None else facts
