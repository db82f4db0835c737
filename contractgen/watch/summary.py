"""What changed in the contract, in words, for watch's one line per regeneration.

contractgen.changes.compare (the change engine) is used when it is installed; until then, this
minimal stand-in names declarations added, removed and changed, fields and enum members added,
removed and renamed, and endpoints added, removed and changed. Positions and doc text are layout,
not meaning: they never count as a change.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from contractgen.ir.model import Contract, TypeDecl

_LAYOUT = ("doc", "position")


def describe_changes(old: Contract | None, new: Contract) -> list[str]:
    if old is None:
        return []
    try:
        from contractgen.changes import compare  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return _stand_in(old, new)
    return [change.message for change in compare(old, new)]


def _stand_in(old: Contract, new: Contract) -> list[str]:
    messages: list[str] = []
    unchanged = {p.path for p in new.packages} & {p.path for p in old.packages if p in new.packages}  # == is fast; it counts layout too
    before = {(p.path, d.name): (p.name, d) for p in old.packages if p.path not in unchanged for d in p.types}
    after = {(p.path, d.name): (p.name, d) for p in new.packages if p.path not in unchanged for d in p.types}
    for key in sorted(before.keys() | after.keys()):
        if key not in after:
            messages.append(f"{before[key][0]}.{key[1]}: removed")
        elif key not in before:
            messages.append(f"{after[key][0]}.{key[1]}: added")
        else:
            messages.extend(_decl_changes(f"{after[key][0]}.{key[1]}", before[key][1], after[key][1]))
    old_endpoints = {(e.method, e.path): e for e in old.endpoints}
    new_endpoints = {(e.method, e.path): e for e in new.endpoints}
    for key in sorted(old_endpoints.keys() | new_endpoints.keys()):
        subject = f"{key[0]} {key[1]}"
        if key not in new_endpoints:
            messages.append(f"{subject}: removed")
        elif key not in old_endpoints:
            messages.append(f"{subject}: added")
        elif old_endpoints[key] != new_endpoints[key] and _meaning(old_endpoints[key]) != _meaning(new_endpoints[key]):
            messages.append(f"{subject}: changed")
    if old.errors != new.errors and _meaning(old.errors) != _meaning(new.errors):
        messages.append("error catalogs: changed")
    return messages


def _decl_changes(subject: str, old: TypeDecl, new: TypeDecl) -> list[str]:
    if old == new or _meaning(old) == _meaning(new):
        return []
    if old.kind == new.kind == "object":
        return _members(subject, "field", {f.name: _meaning(f) for f in old.fields}, {f.name: _meaning(f) for f in new.fields})
    if old.kind == new.kind == "enum":
        return _members(subject, "member", {m.name: _meaning(m) for m in old.members}, {m.name: _meaning(m) for m in new.members})
    return [f"{subject}: changed"]


def _members(subject: str, what: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    removed = [n for n in old if n not in new]
    added = [n for n in new if n not in old]
    changed = [n for n in new if n in old and old[n] != new[n]]
    if len(removed) == 1 and len(added) == 1 and _renamed(old[removed[0]], new[added[0]]):
        return [f"{subject}: {what} {removed[0]} renamed to {added[0]}"] + [f"{subject}: {what} {n} changed" for n in changed]
    return (
        [f"{subject}: {what} {n} removed" for n in removed]
        + [f"{subject}: {what} {n} added" for n in added]
        + [f"{subject}: {what} {n} changed" for n in changed]
        or [f"{subject}: changed"]
    )


def _renamed(old: Any, new: Any) -> bool:
    """The same member under another name: equal once the names are set aside."""
    return isinstance(old, tuple) and isinstance(new, tuple) and old[1:] == new[1:]


def _meaning(value: Any) -> Any:
    """A value with its layout (doc text, positions) left out, comparable with ==; for a member,
    its name first and then the rest."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(
            _meaning(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in _LAYOUT and f.name != "source_name"
        )
    if isinstance(value, tuple):
        return tuple(_meaning(v) for v in value)
    return value
