"""Exported types by name: those no endpoint reaches (every type, in a module without endpoints) are
compared as the server would send them; types that disappeared and appeared are paired as renames
when their wire form is the same."""

from __future__ import annotations

from contractgen.changes.change import Findings
from contractgen.changes.values import Place, ValueComparer

DeclKey = tuple[str, str]


def compare_declarations(values: ValueComparer, findings: Findings, catalogs: set[DeclKey]) -> None:
    """`catalogs`: the error catalogs' types, whose constants `compare_errors` compares as reasons."""
    old, new = values.old, values.new
    old_keys = {k for k, d in old.decls.items() if d.exported and k not in catalogs}
    new_keys = {k for k, d in new.decls.items() if d.exported and k not in catalogs}
    for key in sorted(old_keys & new_keys):
        if key in values.old_reached or key in values.new_reached:
            continue  # compared where the endpoints use it, with the endpoint's direction
        values.compare(old.root(*key), new.root(*key), "response", Place(new.display(*key)))
    gone = sorted(k for k in old_keys - new_keys)
    came = sorted(k for k in new_keys - old_keys)
    renames = _renames(values, gone, came)
    for before, after in renames:
        o, n = old.decls[before], new.decls[after]
        text = f"{new.display(*after)}: type {old.display(*before)} renamed to {new.display(*after)} (same wire form)"
        names = (o.name, n.name, o.name + "Schema", n.name + "Schema")
        findings.add("type-renamed", new.display(*after), text, names, o.position, n.position)
    renamed_old = {b for b, _ in renames}
    renamed_new = {a for _, a in renames}
    for key in gone:
        if key not in renamed_old:
            d = old.decls[key]
            findings.add("type-removed", old.display(*key), f"{old.display(*key)}: type removed", (d.name, d.name + "Schema"), d.position)
    for key in came:
        if key not in renamed_new:
            d = new.decls[key]
            findings.add("type-added", new.display(*key), f"{new.display(*key)}: type added", (d.name,), None, d.position)


def _renames(values: ValueComparer, gone: list[DeclKey], came: list[DeclKey]) -> list[tuple[DeclKey, DeclKey]]:
    """Pairs met at the same place of an endpoint first; then, for types nothing reaches, a removed and an
    added type of the same package whose wire forms compare equal."""
    pairs: list[tuple[DeclKey, DeclKey]] = []
    free_old, free_new = set(gone), set(came)
    for before, after in sorted(values.renamed):
        if before in free_old and after in free_new:
            pairs.append((before, after))
            free_old.discard(before)
            free_new.discard(after)
    for before in sorted(free_old):
        for after in sorted(free_new):
            if before[0] == after[0] and _same_wire(values, before, after):
                pairs.append((before, after))
                free_new.discard(after)
                break
    return pairs


def _same_wire(values: ValueComparer, before: DeclKey, after: DeclKey) -> bool:
    from contractgen.changes.change import Findings

    scratch = ValueComparer(values.old, values.new, Findings())
    found = scratch.compare(values.old.root(*before), values.new.root(*after), "response", Place("scratch"))
    found |= scratch.compare(values.old.root(*before), values.new.root(*after), "request", Place("scratch"))
    return not [k for k in found if scratch.findings.changes[k].rule != "enum-member-renamed"]
