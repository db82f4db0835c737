"""A small stand-in for `contractgen.changes.compare` (INTERFACES.md §3) until the change engine lands.

Delete this module when `contractgen.changes` exists; `contractgen.verify.changes_api` prefers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from contractgen.diagnostics import Position
from contractgen.ir.model import Contract, Field, TypeDecl

Level = Literal["breaking", "warning", "info"]


@dataclass(frozen=True)
class Change:
    rule: str
    level: Level
    subject: str
    message: str
    names: tuple[str, ...]
    old: Position | None = None
    new: Position | None = None


def compare(old: Contract, new: Contract) -> list[Change]:
    found: list[Change] = []
    old_decls = {(p.name, d.name): d for p in old.packages for d in p.types}
    new_decls = {(p.name, d.name): d for p in new.packages for d in p.types}
    for key in sorted(old_decls.keys() - new_decls.keys()):
        found.append(Change("type-removed", "breaking", ".".join(key), f"{'.'.join(key)}: removed", (key[1],)))
    for key in sorted(old_decls.keys() & new_decls.keys()):
        found.extend(_decl_changes(".".join(key), old_decls[key], new_decls[key]))
    old_eps = {(e.method, e.path): e for e in old.endpoints}
    new_eps = {(e.method, e.path): e for e in new.endpoints}
    for method, path in sorted(old_eps.keys() - new_eps.keys()):
        e = old_eps[(method, path)]
        found.append(Change("endpoint-removed", "breaking", f"{method} {path}", f"{method} {path}: removed", (e.name,)))
    for key in sorted(old_eps.keys() & new_eps.keys()):
        if old_eps[key] != new_eps[key]:
            e = new_eps[key]
            found.append(Change("endpoint-changed", "breaking", f"{key[0]} {key[1]}", f"{key[0]} {key[1]}: changed", (e.name,)))
    return sorted(found, key=lambda c: (c.subject, c.rule, c.message))


def _decl_changes(subject: str, old: TypeDecl, new: TypeDecl) -> list[Change]:
    out: list[Change] = []
    name = new.name
    if old.kind == "enum" and new.kind == "enum":
        old_values = {m.value: m for m in old.members}
        new_values = {m.value: m for m in new.members}
        for value in sorted(old_values.keys() - new_values.keys(), key=str):
            out.append(Change("enum-member-removed", "breaking", subject, f"{subject}: member {value!r} removed", (name, str(value), old_values[value].name)))
        for value in sorted(new_values.keys() - old_values.keys(), key=str):
            out.append(Change("enum-member-added", "warning", subject, f"{subject}: member {value!r} added", (name, str(value), new_values[value].name)))
        return out
    old_fields = {f.name: f for f in old.fields}
    new_fields = {f.name: f for f in new.fields}
    removed = sorted(old_fields.keys() - new_fields.keys())
    added = sorted(new_fields.keys() - old_fields.keys())
    renamed = _renames(old_fields, new_fields, removed, added)
    for before, after in renamed:
        out.append(Change("field-renamed", "breaking", subject, f"{subject}: field {before} renamed to {after}", (name, before, after)))
    for key in removed:
        if key not in dict(renamed):
            out.append(Change("field-removed", "breaking", subject, f"{subject}: field {key} removed", (name, key)))
    for key in added:
        if key not in {a for _, a in renamed}:
            out.append(Change("field-added", "info", subject, f"{subject}: field {key} added", (name, key)))
    for key in sorted(old_fields.keys() & new_fields.keys()):
        a, b = old_fields[key], new_fields[key]
        if a.type.nullable != b.type.nullable:
            rule = "field-became-nullable" if b.type.nullable else "field-became-non-nullable"
            out.append(Change(rule, "breaking", subject, f"{subject}: field {key} {'may now be null' if b.type.nullable else 'is never null now'}", (name, key)))
        if a.optional != b.optional:
            rule = "field-became-optional" if b.optional else "field-became-required"
            out.append(Change(rule, "breaking", subject, f"{subject}: field {key} {'became optional' if b.optional else 'became required'}", (name, key)))
        if a.type.kind != b.type.kind or (a.type.kind == "ref" and a.type.name != b.type.name):
            out.append(Change("field-type-changed", "breaking", subject, f"{subject}: field {key} changed type", (name, key)))
    return out


def _renames(old: dict[str, Field], new: dict[str, Field], removed: list[str], added: list[str]) -> list[tuple[str, str]]:
    """A removed and an added key from the same Go field are a rename."""
    pairs = []
    for before in removed:
        for after in added:
            if old[before].source_name and old[before].source_name == new[after].source_name:
                pairs.append((before, after))
    return pairs
