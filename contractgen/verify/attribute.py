"""Which contract change a TypeScript error comes from, by the names it mentions.

tsc does not know about the contract; its errors name properties, types, literals and expressions.
Each change carries the identifiers a TypeScript error could mention (`Change.names`: type names, old
and new keys, enum values, client methods). An error is scored against every change by where those
names appear: in tsc's message (quoted names and the identifiers of quoted expressions), and in the
source line the error points at. A specific name (a key, a value, a method) outweighs a type name,
which many errors about unrelated fields mention too; the word at the error's column outweighs the
rest of its line (`{ name: user.displayName, email: user.email }` holds two fields). No match: the error is not the change's doing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Sequence

from contractgen.changes import Change
from contractgen.records import record
from contractgen.verify.tsc import TsDiagnostic

_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_STRING = re.compile(r"""'([^'\\]*)'|"([^"\\]*)"|`([^`\\]*)`""")


@record(frozen=True)
class Evidence:
    message: frozenset[str]  # identifiers and quoted strings of the message and its elaboration
    source: frozenset[str]  # identifiers and string-literal contents of the line the error points at
    at: str = ""  # the identifier (or literal) the error's column points at: where tsc says the problem is


def tokens(text: str) -> frozenset[str]:
    found = set(_IDENT.findall(text))
    for match in _STRING.finditer(text):
        inner = next(g for g in match.groups() if g is not None)
        found.add(inner)
        found.update(_IDENT.findall(inner))
    return frozenset(found)


def evidence(diagnostic: TsDiagnostic, lines: Sequence[str]) -> Evidence:
    line = lines[diagnostic.line - 1] if 0 < diagnostic.line <= len(lines) else ""
    rest = line[max(diagnostic.column - 1, 0) :]
    match = _IDENT.match(rest) or _STRING.match(rest)
    at = ""
    if match:
        at = match.group(0) if match.re is _IDENT else next(g for g in match.groups() if g is not None)
    return Evidence(tokens(diagnostic.message + "\n" + diagnostic.detail), tokens(line), at)


def score(change: Change, seen: Evidence, type_names: frozenset[str]) -> float:
    total = 0.0
    for name in set(change.names):
        specific = name not in type_names
        if name in seen.message:
            total += 3 if specific else 1
        if name in seen.source:
            total += 2 if specific else 0.5
        if name == seen.at:
            total += 4
    return total


def best_change(changes: Iterable[Change], seen: Evidence, type_names: frozenset[str]) -> Change | None:
    """The change with the strongest evidence; ties go to the first (changes come sorted)."""
    best: tuple[float, Change] | None = None
    for change in changes:
        value = score(change, seen, type_names)
        if value >= 2 and (best is None or value > best[0]):
            best = (value, change)
    return best[1] if best else None


class SourceLines:
    """Lines of the files errors point into, read once."""

    def __init__(self) -> None:
        self._cache: dict[str, list[str]] = {}

    def __call__(self, file: str) -> list[str]:
        if file not in self._cache:
            try:
                self._cache[file] = Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                self._cache[file] = []
        return self._cache[file]
