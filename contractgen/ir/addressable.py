"""Declarations that encoding/json writes differently where their value is addressable.

A pointer-receiver marshaler is used only for an addressable value (newTypeEncoder's
condAddrEncoder): a pointer's target, a slice element, and a field (or array element) of one of
those. So a struct holding a by-value field of such a type, `Line{Price Money}` with
`func (*Money) MarshalText`, is written two ways: `{"price":{"cents":5}}` where the Line is not
addressable (json.Marshal(line), a map value), `{"price":"5.00"}` where it is (an element of
`[]Line`, the target of a `*Line`). The declaration itself describes the first, as json.Marshal(v)
sees it (CG108 says so); a reference from an addressable place names a second declaration,
`LineAddressable`, built with its fields addressable. Which declarations need one is decided from
their by-value fields alone, recursively (`address_dependent`); the rest keep one declaration.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping

from contractgen.ir.jsontag import parse_json_tag
from contractgen.ir.scope import Pkg, Scope
from contractgen.scan.facts import ArrayExpr, NameExpr, StructExpr, TypeDeclFact, TypeExpr

SUFFIX = "Addressable"

Lookup = Callable[[NameExpr, Scope], "tuple[Pkg, TypeDeclFact, Scope] | None"]
# (package, type name) -> the marshaler encoding/json writes a value of it with ("json", "text", ...;
# None: none), (when the value is not addressable, when it is); (None, None) for a type mapped in config.
Marshalers = Callable[[Pkg, str], "tuple[str | None, str | None]"]


def variant_name(name: str, taken: Container[str]) -> str:
    """`LineAddressable`; underscores added while the package declares the name itself."""
    found = name + SUFFIX
    while found in taken:
        found += "_"
    return found


def variant_base(name: str, decls: Mapping[str, object]) -> str | None:
    """The declaration that `variant_name` named `name`, found again from the name alone (as
    contractgen/ir/instances.py does for byte instances); None for any other name."""
    if name in decls:
        return None
    stem = name.rstrip("_")
    if not stem.endswith(SUFFIX):
        return None
    base = stem[: -len(SUFFIX)]
    return base if base in decls and variant_name(base, decls) == name else None


class AddressDependence:
    """Which declarations are written differently when their value is addressable, found once each.
    `lookup`, `marshalers` and `underlying_struct` are the IR builder's queries."""

    def __init__(
        self,
        lookup: Lookup,
        marshalers: Marshalers,
        underlying_struct: Callable[[TypeExpr, Scope], "tuple[StructExpr, Scope] | None"],
    ) -> None:
        self.lookup = lookup
        self.marshalers = marshalers
        self.underlying_struct = underlying_struct
        self.memo: dict[tuple[str, str], bool] = {}

    def of(self, fact: TypeDeclFact, scope: Scope) -> bool:
        """Whether a value of this declaration is written differently when it is addressable: it is a
        struct (or an array of such values), and one of its by-value fields (an embedded one too, or an array's element) is of a
        type with only a pointer-receiver marshaler, or of such a struct in turn. A field behind a
        pointer or in a slice is addressable anyway, one in a map never is."""
        key = (scope.pkg.path, fact.name)
        found = self.memo.get(key)
        if found is None:
            self.memo[key] = False  # a by-value cycle is no Go type; this only stops the walk
            struct = self.underlying_struct(fact.type, scope)
            if struct is not None:
                found = self._any_field(struct[0], struct[1])
            else:  # a named array (`type Lines [2]Line`): its elements are addressable when it is
                found = isinstance(fact.type, ArrayExpr) and self._field(fact.type, scope)
            self.memo[key] = found
        return found

    def _any_field(self, struct: StructExpr, scope: Scope) -> bool:
        return any(self._field(f.type, scope) for f in struct.fields if not parse_json_tag(f.tag).skip)

    def _field(self, expr: TypeExpr, scope: Scope) -> bool:
        while isinstance(expr, ArrayExpr):  # an array element is addressable when the array is
            expr = expr.elem
        if isinstance(expr, StructExpr):  # an anonymous struct's fields are the outer value's
            return self._any_field(expr, scope)
        if not isinstance(expr, NameExpr) or (expr.qualifier is None and expr.name in scope.params):
            return False  # a pointer, slice or map; a type parameter (bound by each use)
        target = self.lookup(expr, scope)
        if target is None:
            return False
        pkg, decl, decl_scope = target
        by_value, by_address = self.marshalers(pkg, decl.name)
        if by_address != by_value:
            return True
        if by_value:
            return False  # its own marshaler writes it, wherever it is
        return self.of(decl, decl_scope)
