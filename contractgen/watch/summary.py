"""What changed in the contract, in words, for watch's one line per regeneration: the change
engine's messages (contractgen.changes.compare), which compare meaning, never layout.

Only what an edit can have changed is compared. In a watch session a package whose IR value is
the same object as last time (contractgen/ir/incremental.py) holds the same declarations; when it
refers to no package that differs, comparing it finds nothing and marks nothing that differs as
used. The contracts handed to `compare` keep the packages that differ and those that refer to them
(compared), the packages those refer to (so that refs still resolve and are named as before; their
declarations marked unexported, so that they are not compared as types of their own), and the endpoints that are new, gone, different, or reach a package that differs
(with what they refer to); an endpoint equal on both sides that reaches none of them is left out.
That gives the same messages as comparing everything (tests/test_watch_incremental.py).
"""

from __future__ import annotations

from dataclasses import replace

from contractgen.changes import compare
from contractgen.changes.shapes import declaration_refs, type_refs
from contractgen.graph import reachable
from contractgen.ir.model import Contract, Endpoint, Package


def describe_changes(old: Contract | None, new: Contract) -> list[str]:
    if old is None or old is new:
        return []
    old, new = _what_can_differ(old, new)
    return [change.message for change in compare(old, new)]


def _what_can_differ(old: Contract, new: Contract) -> tuple[Contract, Contract]:
    before = {p.path: p for p in old.packages}
    after = {p.path: p for p in new.packages}
    changed = {path for path in before.keys() | after.keys() if before.get(path) is not after.get(path)}
    if len(changed) == len(before.keys() | after.keys()):
        return old, new  # nothing in common (contracts of two builds without a memo): all of it
    old_refs, new_refs = _Refs(before), _Refs(after)
    # Left out on both sides or on neither: an endpoint equal on both sides that reaches no changed package on either.
    unchanged = {
        e for e in set(old.endpoints) & set(new.endpoints)
        if not (old_refs.reach(_endpoint_refs(e)) & changed or new_refs.reach(_endpoint_refs(e)) & changed)
    }
    kept_old = [e for e in old.endpoints if e not in unchanged]
    kept_new = [e for e in new.endpoints if e not in unchanged]
    roots = set(changed)
    for endpoint in (*kept_old, *kept_new):
        roots |= _endpoint_refs(endpoint)
    # Compared: what changed and every package that refers to it, directly or not (comparing one of
    # those marks what it reaches as used, which decides where a change is reported). Context: what they refer to.
    compared = changed | old_refs.referring(changed) | new_refs.referring(changed)
    paths = old_refs.reach(roots | compared) | new_refs.reach(roots | compared)

    def kept(packages: tuple[Package, ...]) -> tuple[Package, ...]:
        return tuple(p if p.path in compared else _as_context(p) for p in packages if p.path in paths)

    return replace(old, packages=kept(old.packages), endpoints=tuple(kept_old)), replace(new, packages=kept(new.packages), endpoints=tuple(kept_new))


_CONTEXT: dict[str, tuple[Package, Package]] = {}


def _as_context(package: Package) -> Package:
    """A package that is the same on both sides, there so that refs resolve: its declarations marked
    unexported, so that the engine does not compare them as types of their own (which finds nothing)."""
    kept = _CONTEXT.get(package.path)
    if kept is None or kept[0] is not package:
        kept = (package, replace(package, types=tuple(replace(d, exported=False) for d in package.types)))
        _CONTEXT[package.path] = kept
    return kept[1]


class _Refs:
    """The packages each package's declarations refer to, and what a set of packages reaches."""

    def __init__(self, packages: dict[str, Package]) -> None:
        self.packages = packages

    def referring(self, targets: set[str]) -> set[str]:
        """The packages whose declarations refer to one of `targets`, directly or through others."""
        referrers: dict[str, list[str]] = {}
        for path, package in self.packages.items():
            for target in _package_refs(package):
                referrers.setdefault(target, []).append(path)
        direct = {path for target in targets for path in referrers.get(target, ())}
        return reachable(direct, lambda path: referrers.get(path, ()))

    def reach(self, roots: set[str]) -> set[str]:
        """`roots` and every package (or outside path) their declarations refer to, directly or not."""
        return reachable(roots, lambda path: _package_refs(self.packages[path]) if path in self.packages else ())


# By package object: a watch session asks again for every package the edit did not change.
_PACKAGE_REFS: dict[str, tuple[Package, frozenset[str]]] = {}


def _package_refs(package: Package) -> frozenset[str]:
    kept = _PACKAGE_REFS.get(package.path)
    if kept is not None and kept[0] is package:
        return kept[1]
    result = frozenset(path for decl in package.types for path, _ in declaration_refs(decl) if path)
    _PACKAGE_REFS[package.path] = (package, result)
    return result


def _endpoint_refs(endpoint: Endpoint) -> set[str]:
    found: set[tuple[str, str]] = set()
    for ref in (endpoint.request, *endpoint.success_types(), *(p.type for p in endpoint.params), *(b.type for b in endpoint.error_bodies)):
        type_refs(ref, found)
    return {path for path, _ in found if path}
