"""Emission order of a module's schemas: a schema must be defined before it is used at module load.

Declarations are ordered dependencies first (strongly connected components in topological order,
names within a component alphabetical); inside a cycle the schemas not yet defined are read lazily.
"""

from __future__ import annotations

from contractgen.ir.model import Package, TypeDecl, TypeRef


def emission_order(package: Package) -> list[tuple[TypeDecl, set[str]]]:
    """Each declaration with the same-module names that are not defined yet where its schema is built."""
    by_name = {d.name: d for d in package.types}
    edges = {d.name: sorted(_dependencies(d, package.path) & by_name.keys()) for d in package.types}
    result: list[tuple[TypeDecl, set[str]]] = []
    for component in _components(sorted(by_name), edges):
        remaining = set(component) if _is_cycle(component, edges) else set()
        for name in sorted(component):
            result.append((by_name[name], set(remaining)))
            remaining.discard(name)
    return result


def _is_cycle(component: list[str], edges: dict[str, list[str]]) -> bool:
    return len(component) > 1 or component[0] in edges[component[0]]


def _dependencies(decl: TypeDecl, package: str) -> set[str]:
    found: set[str] = set()
    refs = [f.type for f in decl.fields] + ([decl.type] if decl.type is not None else [])
    while refs:
        ref = refs.pop()
        if ref.kind == "ref" and ref.package == package and ref.name:
            found.add(ref.name)
        refs.extend(child for child in _children(ref) if child is not None)
    return found


def _children(ref: TypeRef) -> list[TypeRef | None]:
    return [ref.items, ref.key, ref.values, *ref.args, *ref.variants, *(f.type for f in ref.fields)]


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
