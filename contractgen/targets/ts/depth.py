"""Where to cut long chains of schema types, so that tsc stays within its instantiation limits.

An unannotated schema's type contains the types of every schema it uses, and theirs, down the
whole reference graph; past some depth tsc gives up (TS2589, "Type instantiation is excessively deep").
A schema declared `z.ZodType<X>` is opaque: what uses it sees only the interface X. Declaring one
costs tsc a structural check, so only every CUT_EVERY-th level of a chain is declared.
"""

from __future__ import annotations

from contractgen.ir.model import Contract, TypeDecl
from contractgen.targets.ts.order import Targets, emission_components, package_cycles, reference_targets

CUT_EVERY = 12


def cut_points(
    contract: Contract,
    cycles: dict[str, frozenset[str]] | None = None,
    components: dict[str, list[list[tuple[TypeDecl, set[str]]]]] | None = None,
    targets: Targets | None = None,
) -> frozenset[tuple[str, str]]:
    """The declarations whose schemas are declared `z.ZodType<X>`. `cycles` (order.package_cycles),
    `components` (each package's order.emission_components) and `targets` (order.reference_targets)
    are computed here when not given: the render passes those it computed already."""
    decls = {(p.path, d.name): d for p in contract.packages for d in p.types}
    if targets is None:
        targets = reference_targets(contract)
    if cycles is None:
        cycles = package_cycles(contract, targets)
    edges: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for package in contract.packages:
        # A schema read lazily (a getter's or z.lazy's, annotated z.ZodType<X>) is opaque already:
        # only the references built at module load make a chain, so only they are followed.
        lazy_packages = cycles.get(package.path, frozenset())
        groups = components[package.path] if components is not None else emission_components(package, targets)
        for decl, pending in (item for group in groups for item in group):
            found = {k for k in targets[(package.path, decl.name)] if k[0] and k[1]}
            key = (package.path, decl.name)
            edges[key] = {
                k for k in found
                if k in decls and k != key and k[0] not in lazy_packages and not (k[0] == package.path and k[1] in pending)
            }
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
