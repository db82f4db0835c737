"""Where to cut long chains of schema types, so that tsc stays within its instantiation limits.

An unannotated schema's type contains the types of every schema it uses, and theirs, down the
whole reference graph; past some depth tsc gives up (TS2589, "Type instantiation is excessively deep").
A schema declared `z.ZodType<X>` is opaque: what uses it sees only the interface X. Declaring one
costs tsc a structural check, so only every CUT_EVERY-th level of a chain is declared.
"""

from __future__ import annotations

from contractgen.ir.model import Contract, TypeRef

CUT_EVERY = 12


def cut_points(contract: Contract) -> frozenset[tuple[str, str]]:
    decls = {(p.path, d.name): d for p in contract.packages for d in p.types}
    edges: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for key, decl in decls.items():
        found: set[tuple[str, str]] = set()
        for ref in [f.type for f in decl.fields] + ([decl.type] if decl.type is not None else []):
            _refs(ref, found)
        edges[key] = {k for k in found if k in decls and k != key}
    depth: dict[tuple[str, str], int] = {}
    cuts: set[tuple[str, str]] = set()
    for root in sorted(decls):
        _visit(root, edges, depth, cuts, set())
    return frozenset(cuts)


def _visit(
    key: tuple[str, str],
    edges: dict[tuple[str, str], set[tuple[str, str]]],
    depth: dict[tuple[str, str], int],
    cuts: set[tuple[str, str]],
    active: set[tuple[str, str]],
) -> int:
    """The depth of the type chain below `key` as tsc sees it (a cut counts as 1), iteratively."""
    stack: list[tuple[tuple[str, str], list[tuple[str, str]]]] = [(key, sorted(edges[key]))]
    if key in depth:
        return depth[key]
    active.add(key)
    while stack:
        node, pending = stack[-1]
        while pending and (pending[-1] in depth or pending[-1] in active):
            pending.pop()
        if pending:
            child = pending.pop()
            active.add(child)
            stack.append((child, sorted(edges[child])))
            continue
        stack.pop()
        active.discard(node)
        below = max((depth[c] for c in edges[node] if c in depth), default=0)
        level = below + 1
        if level >= CUT_EVERY:
            cuts.add(node)
            level = 1
        depth[node] = level
    return depth[key]


def _refs(ref: TypeRef, found: set[tuple[str, str]]) -> None:
    if ref.kind == "ref" and ref.package and ref.name:
        found.add((ref.package, ref.name))
    for child in (ref.items, ref.key, ref.values, *ref.args, *ref.variants, *(f.type for f in ref.fields)):
        if child is not None:
            _refs(child, found)
