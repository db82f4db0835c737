"""Instantiations of a generic declaration that encoding/json writes differently from the generic.

reflect decides on the instantiated type: in `Box[T any] struct { More []T }`, `Box[uint8]`'s `More`
is a `[]uint8`, which encoding/json writes as a base64 string (newSliceEncoder: a slice whose element
is of kind Uint8 and neither it nor its pointer implements Marshaler or TextMarshaler), while
`Box[int]`'s is an array. A factory of the generic (`BoxSchema(z.number())`) cannot say which, so
such an instantiation becomes a declaration of its own (`Box_Bytes`): the same type parameters, its
`[]T` base64 where T is bound to a byte type. `[N]T` stays an array (encoding/json writes arrays of
bytes as arrays), and so does `[]*T`.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from itertools import combinations

from contractgen.ir.scope import Pkg, Scope
from contractgen.records import record
from contractgen.scan.facts import ArrayExpr, MapExpr, NameExpr, PointerExpr, SliceExpr, StructExpr, TypeDeclFact, TypeExpr

Lookup = Callable[[NameExpr, Scope], "tuple[Pkg, TypeDeclFact, Scope] | None"]


@record(frozen=True)
class ByteInstance:
    """A declaration made for the instantiations of generic `base` that bind `byte_params` to byte types."""

    base: str
    byte_params: frozenset[str]


def instance_name(fact: TypeDeclFact, byte_params: frozenset[str], taken: Container[str]) -> str:
    """`Box_Bytes` (one parameter) or `Pair_Bytes_K` (the byte-bound ones, in declaration order);
    underscores added while the package declares the name itself."""
    names = [p.name for p in fact.params if p.name in byte_params]
    name = f"{fact.name}_Bytes" if len(fact.params) == 1 else f"{fact.name}_Bytes_{'_'.join(names)}"
    while name in taken:
        name += "_"
    return name


def find_instance(decls: Mapping[str, TypeDeclFact], name: str) -> ByteInstance | None:
    """The generic and byte-bound parameters that `instance_name` named `name`: found again from the
    name alone, so that a declaration an incremental build reused, or the request side, needs no record."""
    for base in sorted(decls):
        fact = decls[base]
        if not name.startswith(f"{base}_Bytes") or not fact.params:
            continue
        names = [p.name for p in fact.params]
        for size in range(1, len(names) + 1):
            for chosen in combinations(names, size):
                if instance_name(fact, frozenset(chosen), decls) == name:
                    return ByteInstance(base, frozenset(chosen))
    return None


def instance_doc(doc: str, fact: TypeDeclFact, byte_params: frozenset[str]) -> str:
    names = ", ".join(p.name for p in fact.params if p.name in byte_params)
    note = f"{fact.name} instantiated with a byte type (kind uint8) for {names}: encoding/json writes a slice of it as a base64 string."
    return f"{doc.rstrip()}\n\n{note}" if doc.strip() else note


def writes_byte_slice(expr: TypeExpr, scope: Scope, lookup: Lookup, seen: set[tuple[str, str, frozenset[str]]] | None = None) -> bool:
    """Whether a `[]P` with P one of `scope.byte_params` is reached from `expr`, directly or in the
    body of a generic instantiated with such a P (whose own instantiation then differs too)."""
    seen = set() if seen is None else seen
    if isinstance(expr, SliceExpr):
        elem = expr.elem
        if isinstance(elem, NameExpr) and elem.qualifier is None and elem.name in scope.byte_params:
            return True
        return writes_byte_slice(elem, scope, lookup, seen)
    if isinstance(expr, (PointerExpr, ArrayExpr)):
        return writes_byte_slice(expr.elem, scope, lookup, seen)
    if isinstance(expr, MapExpr):
        return writes_byte_slice(expr.value, scope, lookup, seen)
    if isinstance(expr, StructExpr):
        return any(writes_byte_slice(f.type, scope, lookup, seen) for f in expr.fields)
    if isinstance(expr, NameExpr) and expr.args:
        target = lookup(expr, scope)
        if target is None or not target[2].byte_params:
            return False
        pkg, fact, inner = target
        key = (pkg.path, fact.name, inner.byte_params)
        if key in seen:
            return False
        seen.add(key)
        return writes_byte_slice(fact.type, inner, lookup, seen)
    return False
