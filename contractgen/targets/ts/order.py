"""Emission order of a module's schemas: a schema must be defined before it is used at module load.

Declarations are ordered dependencies first (strongly connected components in topological order,
a component's members depth first, see _post_order); inside a cycle the schemas not yet defined are
read lazily.

Packages whose types refer to each other in a cycle (an import cycle: invalid Go, reported by the
scanner as CG006, but generated all the same) import each other's modules; at module load one of
them is not evaluated yet, so every schema of another package on the cycle is read lazily too.
"""

from __future__ import annotations

from contractgen.ir.model import Contract, Package, TypeDecl, TypeRef

# (package path, Go name) of a declaration -> the (package, name) of every reference in it.
Targets = dict[tuple[str, str], set[tuple[str | None, str | None]]]


def reference_targets(contract: Contract) -> Targets:
    """What each declaration refers to: package_cycles, emission_components and the depth cuts
    each need it, so a render walks every declaration's types once and hands them this."""
    return {(p.path, d.name): _targets(d) for p in contract.packages for d in p.types}


def _targets(decl: TypeDecl) -> set[tuple[str | None, str | None]]:
    return {(ref.package, ref.name) for ref in _references(decl)}


def emission_order(package: Package) -> list[tuple[TypeDecl, set[str]]]:
    """Each declaration with the same-module names that are not defined yet where its schema is built."""
    return [item for component in emission_components(package) for item in component]


def emission_components(package: Package, targets: Targets | None = None) -> list[list[tuple[TypeDecl, set[str]]]]:
    """emission_order, grouped by strongly connected component: a cut between two groups leaves
    no declaration reading a later one. `targets`: reference_targets of the contract, if known."""
    if targets is None:
        targets = {(package.path, d.name): _targets(d) for d in package.types}
    by_name = {d.name: d for d in package.types}
    edges = {d.name: sorted(_dependencies(d, package.path, targets) & by_name.keys()) for d in package.types}
    result: list[list[tuple[TypeDecl, set[str]]]] = []
    for component in _components(sorted(by_name), edges):
        cycle = _is_cycle(component, edges)
        remaining = set(component) if cycle else set()
        group = []
        for name in _post_order(component, edges) if cycle else component:
            group.append((by_name[name], set(remaining)))
            remaining.discard(name)
        result.append(group)
    return result


def _post_order(component: list[str], edges: dict[str, list[str]]) -> list[str]:
    """A cycle's members, each after the members it reaches (depth first from the first name, in
    name order), so that a schema reads later ones only along the edges that close a cycle: one
    getter for a ring of N types instead of N. Each getter's annotation costs tsc a structural check
    of a Zod type against z.ZodType<X> (~3,000 instantiations), which made an all-in-one-cycle chain
    five to eight times as slow to check as a plain one (benchmarks/chain.py --shape cycle)."""
    inside = set(component)
    seen: set[str] = set()
    result: list[str] = []
    for root in sorted(component):
        if root in seen:
            continue
        seen.add(root)
        work = [(root, iter([c for c in edges[root] if c in inside]))]
        while work:
            node, children = work[-1]
            child = next((c for c in children if c not in seen), None)
            if child is None:
                work.pop()
                result.append(node)
                continue
            seen.add(child)
            work.append((child, iter([c for c in edges[child] if c in inside])))
    return result


def parts(components: list[list[tuple[TypeDecl, set[str]]]], size: int) -> list[list[tuple[TypeDecl, set[str]]]]:
    """A package's emission components (emission_components) cut into runs of at most `size`
    declarations, a cycle kept in one run when it fits in one. A larger cycle is cut into runs of its
    own: what one of them reads of a later run is read lazily (the cycle's pending names), through the
    package's module (see ModuleContext)."""
    runs: list[list[tuple[TypeDecl, set[str]]]] = [[]]
    for component in components:
        if runs[-1] and len(runs[-1]) + len(component) > size:
            runs.append([])
        for start in range(0, len(component), size):
            if start:
                runs.append([])
            runs[-1].extend(component[start : start + size])
    return runs


def package_cycles(contract: Contract, targets: Targets | None = None) -> dict[str, frozenset[str]]:
    """Each package on a cycle of references between packages -> the other packages of its cycle.
    `targets`: reference_targets of the contract, if known."""
    if targets is None:
        targets = reference_targets(contract)
    edges: dict[str, list[str]] = {}
    for package in contract.packages:
        referenced: set[str] = set()
        for decl in package.types:
            referenced |= _referenced_packages(package.path, decl, targets)
        edges[package.path] = sorted(referenced - {package.path} & {p.path for p in contract.packages})
    cycles: dict[str, frozenset[str]] = {}
    for component in _components(sorted(edges), edges):
        if len(component) > 1:
            for path in component:
                cycles[path] = frozenset(component) - {path}
    return cycles


def _referenced_packages(package: str, decl: TypeDecl, targets: Targets) -> set[str]:
    return {path for path, _ in targets[(package, decl.name)] if path}


def _is_cycle(component: list[str], edges: dict[str, list[str]]) -> bool:
    return len(component) > 1 or component[0] in edges[component[0]]


def _dependencies(decl: TypeDecl, package: str, targets: Targets) -> set[str]:
    return {name for path, name in targets[(package, decl.name)] if path == package and name}


def _references(decl: TypeDecl) -> list[TypeRef]:
    """Every reference to a declaration in `decl`'s fields and type, however deeply nested."""
    found: list[TypeRef] = []
    refs = [f.type for f in decl.fields]
    if decl.type is not None:
        refs.append(decl.type)
    while refs:
        ref = refs.pop()
        if ref.kind == "ref":
            found.append(ref)
        _push_children(ref, refs)
    return found


def _push_children(ref: TypeRef, refs: list[TypeRef]) -> None:
    """Appends the TypeRefs directly inside `ref` to `refs`. Most refs are leaves (a string, a
    reference without arguments): this walk runs for every place of every declaration, several
    times per render, so it builds no list of its own."""
    if ref.items is not None:
        refs.append(ref.items)
    if ref.key is not None:
        refs.append(ref.key)
    if ref.values is not None:
        refs.append(ref.values)
    if ref.args:
        refs.extend(ref.args)
    if ref.variants:
        refs.extend(ref.variants)
    if ref.fields:
        refs.extend(f.type for f in ref.fields)


def _components(nodes: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (deep type chains must not hit Python's recursion limit).
    Components come out dependencies first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child_at = work.pop()
            if child_at == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = edges[node]
            if child_at < len(children):
                work.append((node, child_at + 1))
                child = children[child_at]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components
