"""Which keys a Go struct has on the wire: encoding/json's typeFields, embedded-field rules included.

Fields are found breadth-first through embedded structs; a name found at a shallower depth wins, at
equal depth a tagged field wins, and otherwise every field of that name vanishes (no error, no key).
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Callable, Iterable

from contractgen.diagnostics import Position
from contractgen.ir.jsontag import JsonTag, parse_json_tag
from contractgen.records import record
from contractgen.scan.facts import FieldFact, PointerExpr, StructExpr, TypeExpr


@record(frozen=True)
class FoundField:
    """A candidate key: one Go field reached through `index` (the path of field numbers)."""

    name: str
    tagged: bool
    index: tuple[int, ...]
    expr: TypeExpr
    scope: Any  # the builder's scope to resolve `expr` in
    tag: JsonTag
    via_pointer: bool  # reached through an embedded pointer: absent when that pointer is nil
    doc: str
    pos: Position
    source_name: str
    raw_tag: str = ""  # the whole struct tag, for the request side's validation rules


@record(frozen=True)
class EmbeddedStruct:
    """What the builder says an embedded field's type is, when it is a struct to explore."""

    struct: StructExpr
    scope: Any
    identity: Any  # equal for the same (instantiated) type, to visit each type once


@record(frozen=True)
class UnseenEmbedded:
    """What the builder says of an embedded type whose declaration it cannot see (a dependency not
    on the machine): it may be a struct whose fields are promoted, so no key is named after it."""

    name: str


@record
class _Level:
    struct: StructExpr
    scope: Any
    index: tuple[int, ...]
    via_pointer: bool
    prefix: str
    identity: Any


@record
class _Counts:
    counts: dict[Any, int] = field(default_factory=dict)

    def add(self, key: Any) -> int:
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key]

    def get(self, key: Any) -> int:
        return self.counts.get(key, 0)


def wire_fields(
    struct: StructExpr,
    scope: Any,
    identity: Any,
    explore: Callable[[TypeExpr, Any], EmbeddedStruct | UnseenEmbedded | None],
    is_exported_type: Callable[[TypeExpr], bool],
    unseen: list[int] | None = None,
) -> list[FoundField]:
    """The dominant fields of `struct` in index order.

    `explore(expr, scope)` returns the struct behind an embedded field's type (pointer stripped) when
    encoding/json would look into it, UnseenEmbedded when it cannot be seen, else None;
    `is_exported_type` tells whether an embedded type's name is exported. The depth (index length) of
    each untagged unseen embedded field is appended to `unseen`: keys found at or below that depth
    may be hidden by fields nobody can see.
    """
    found: list[FoundField] = []
    current: list[_Level] = []
    following = [_Level(struct, scope, (), False, "", identity)]
    count = _Counts()
    next_count = _Counts()
    visited: set[Any] = set()
    while following:
        current, following = following, []
        count, next_count = next_count, _Counts()
        for level in current:
            if level.identity in visited:
                continue
            visited.add(level.identity)
            for number, fact in _numbered(level.struct.fields):
                index = level.index + (number,)
                for candidate in _candidates(fact, level, index, explore, is_exported_type):
                    if isinstance(candidate, int):
                        if unseen is not None:
                            unseen.append(candidate)
                    elif isinstance(candidate, FoundField):
                        found.append(candidate)
                        if count.get(level.identity) > 1:
                            # The same struct type embedded twice at this depth: its fields annihilate.
                            found.append(candidate)
                    else:
                        embedded, via_pointer, prefix = candidate
                        if next_count.add(embedded.identity) == 1:
                            following.append(
                                _Level(embedded.struct, embedded.scope, index, level.via_pointer or via_pointer, prefix, embedded.identity)
                            )
    return _dominant(found)


def _numbered(facts: Iterable[FieldFact]) -> Iterable[tuple[int, tuple[FieldFact, str | None]]]:
    """Field numbers as reflect counts them: `A, B int` is two fields."""
    number = 0
    for fact in facts:
        for name in fact.names or (None,):
            yield number, (fact, name)
            number += 1


def _candidates(
    item: tuple[FieldFact, str | None],
    level: _Level,
    index: tuple[int, ...],
    explore: Callable[[TypeExpr, Any], EmbeddedStruct | UnseenEmbedded | None],
    is_exported_type: Callable[[TypeExpr], bool],
) -> list[Any]:
    fact, name = item
    tag = parse_json_tag(fact.tag)
    if fact.embedded:
        if tag.skip:
            return []  # before exploring: a skipped embedded type is not looked at (nor reported when unseen)
        exported = is_exported_type(fact.type)
        inner = fact.type.elem if isinstance(fact.type, PointerExpr) else fact.type
        embedded = explore(fact.type, level.scope)
        if not exported and embedded is None:
            return []  # unexported embedded non-struct types are ignored
        go_name = _type_name(inner)
        if isinstance(embedded, UnseenEmbedded):
            return [_found(tag, go_name, index, fact, level)] if tag.name else [len(index)]
        if tag.name or embedded is None:
            return [_found(tag, go_name, index, fact, level)]
        return [(embedded, isinstance(fact.type, PointerExpr), level.prefix + go_name + ".")]
    assert name is not None
    if not name[:1].isupper():
        return []  # unexported
    if tag.skip:
        return []
    return [_found(tag, name, index, fact, level)]


def _found(tag: JsonTag, go_name: str, index: tuple[int, ...], fact: FieldFact, level: _Level) -> FoundField:
    return FoundField(
        name=tag.name or go_name,
        tagged=bool(tag.name),
        index=index,
        expr=fact.type,
        scope=level.scope,
        tag=tag,
        via_pointer=level.via_pointer,
        doc=fact.doc,
        pos=fact.pos,
        source_name=level.prefix + go_name,
        raw_tag=fact.tag or "",
    )


def _type_name(expr: TypeExpr) -> str:
    return getattr(expr, "name", "")


def _dominant(found: list[FoundField]) -> list[FoundField]:
    by_name: dict[str, list[FoundField]] = {}
    for f in found:
        by_name.setdefault(f.name, []).append(f)
    kept: list[FoundField] = []
    for group in by_name.values():
        group.sort(key=lambda f: (len(f.index), not f.tagged, f.index))
        if len(group) > 1 and len(group[0].index) == len(group[1].index) and group[0].tagged == group[1].tagged:
            continue
        kept.append(group[0])
    kept.sort(key=lambda f: f.index)
    return kept
