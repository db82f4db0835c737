"""One finding of the change engine, and the collection that dedupes findings reached along many paths."""

from __future__ import annotations

from dataclasses import replace

from contractgen.changes.rules import LEVELS, RULES, Level
from contractgen.diagnostics import Position
from contractgen.records import record


@record(frozen=True)
class Change:
    rule: str  # stable id, e.g. "response-property-removed" (contractgen.changes.rules.RULES)
    level: Level
    subject: str  # "models.User" or "GET /users/{id}"
    message: str  # in words: "models.User: field displayName renamed to display_name"
    names: tuple[str, ...]  # identifiers a TypeScript error could mention
    old: Position | None = None  # where the changed thing was on the OLD side (for removals)
    new: Position | None = None  # where it is on the NEW side
    endpoints: tuple[str, ...] = ()  # "GET /users/{id}" of every endpoint that reaches it (empty: by type name)


ChangeKey = tuple[str, str, str]  # rule, subject, message


class Findings:
    """Changes keyed by (rule, subject, message): the same field change reached from three endpoints is one
    change that names all three."""

    def __init__(self) -> None:
        self.changes: dict[ChangeKey, Change] = {}
        self.endpoints: dict[ChangeKey, set[str]] = {}

    def add(
        self,
        rule: str,
        subject: str,
        message: str,
        names: tuple[str, ...] = (),
        old: Position | None = None,
        new: Position | None = None,
    ) -> ChangeKey:
        key = (rule, subject, message)
        if key not in self.changes:
            unique = tuple(dict.fromkeys(n for n in names if n))
            self.changes[key] = Change(rule, RULES[rule].level, subject, message, unique, old, new)
            self.endpoints[key] = set()
        return key

    def reached_from(self, keys: set[ChangeKey] | frozenset[ChangeKey], endpoint: str) -> None:
        for key in keys:
            self.endpoints[key].add(endpoint)

    def sorted(self) -> list[Change]:
        out = [replace(c, endpoints=tuple(sorted(self.endpoints[k]))) for k, c in self.changes.items()]
        return sorted(out, key=sort_key)


def sort_key(change: Change) -> tuple[int, str, str, str]:
    return (LEVELS.index(change.level), change.subject, change.message, change.rule)
