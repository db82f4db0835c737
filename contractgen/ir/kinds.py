"""What the IR builder asks about Go types, as reflect sees them: kind families (for omitempty and
`,string`), the struct underneath a named type, marshaler methods (own or promoted), whether a
value can be null, array lengths and map keys. A mixin of the builder (contractgen/ir/build.py),
which provides lookup, resolution and reporting."""

from __future__ import annotations

from dataclasses import replace

from contractgen.config import Config, TypeMapping
from contractgen.diagnostics import Position
from contractgen.ir import gotypes
from contractgen.ir.model import EnumMember, TypeRef
from contractgen.ir.scope import _decl_scope, Pkg, Scope
from contractgen.scan.facts import (
    ArrayExpr,
    InterfaceExpr,
    MapExpr,
    NameExpr,
    PointerExpr,
    SliceExpr,
    StructExpr,
    TypeDeclFact,
    TypeExpr,
    UnsupportedExpr,
)

UNKNOWN = TypeRef("unknown")
_MARSHAL_METHODS = ("MarshalJSON", "MarshalText")  # what decides a wire form, MarshalJSON first
KNOWN_PREFIX = "known:"  # a promoted marshaler of a type from outside the module: "known:<import path>.<Name>"
_MAPPING_REFS = {
    "string": TypeRef("string"),
    "number": TypeRef("number"),
    "integer": TypeRef("integer"),
    "boolean": TypeRef("boolean"),
    "unknown": UNKNOWN,
    "date-time": TypeRef("string", format="date-time"),
    "base64": TypeRef("string", format="base64"),
    "object": TypeRef("map", key=TypeRef("string"), values=UNKNOWN),
}


def mapped_ref(mapping: TypeMapping) -> TypeRef:
    """The JSON value a [types] mapping names."""
    return replace(_MAPPING_REFS[mapping.type], nullable=mapping.nullable)


class GoTypeQueries:
    # Provided by the builder.
    config: Config
    packages: dict[str, Pkg]
    _nullable_cache: dict[tuple[str, str], bool]
    _marshaler_cache: dict[tuple[str, str], dict[str, tuple[int, bool, str | None]]]

    def _lookup(self, expr: NameExpr, scope: Scope, report: bool) -> tuple[Pkg, TypeDeclFact, Scope] | None:
        raise NotImplementedError

    def _external_key(self, expr: NameExpr, scope: Scope) -> str | None:
        raise NotImplementedError

    def resolve(self, expr: TypeExpr, scope: Scope) -> TypeRef:
        raise NotImplementedError

    def _unsupported(self, kind: str, text: str, pos: Position | None, code: str = "CG010", hint: str = "") -> TypeRef:
        raise NotImplementedError

    def _enum(self, pkg: Pkg, fact: TypeDeclFact, scope: Scope, report: bool = True) -> tuple[str, tuple[EnumMember, ...]] | None:
        raise NotImplementedError

    def _kind(self, expr: TypeExpr, scope: Scope, depth: int = 0) -> str:
        """reflect.Kind family of a type: string, int, uint, float, bool, pointer, slice, map, array, array0,
        struct, interface, param, unsupported or unknown (a type we cannot see)."""
        if depth > 50:
            return "unknown"
        if not isinstance(expr, NameExpr):  # asked first: most expressions are names
            return self._literal_kind(expr, scope)
        if expr.qualifier is None and expr.name in scope.params:
            return "param"
        if expr.qualifier is None and expr.name not in scope.pkg.decls:
            family = gotypes.basic_kind(expr.name) or "unknown"
            return "unsupported" if family == "complex" else family
        target = self._lookup(expr, scope, report=False)
        if target is None:
            key = self._external_key(expr, scope)
            if key in gotypes.WELL_KNOWN:
                return gotypes.WELL_KNOWN[key].kind
            return "unknown"
        pkg, decl, decl_scope = target
        return self._kind(decl.type, decl_scope, depth + 1)

    def _literal_kind(self, expr: TypeExpr, scope: Scope) -> str:
        """_kind of a type written out (pointer, slice, struct, ...), not named."""
        if isinstance(expr, PointerExpr):
            return "pointer"
        if isinstance(expr, SliceExpr):
            return "slice"
        if isinstance(expr, MapExpr):
            return "map"
        if isinstance(expr, ArrayExpr):
            return "array0" if self._array_length(expr, scope) == 0 else "array"
        if isinstance(expr, StructExpr):
            return "struct"
        if isinstance(expr, InterfaceExpr):
            return "interface"
        if isinstance(expr, UnsupportedExpr):
            return "unsupported"
        raise TypeError(f"not a type expression: {expr!r}")

    def _underlying_struct(self, expr: TypeExpr, scope: Scope, depth: int = 0) -> tuple[StructExpr, Scope] | None:
        if isinstance(expr, StructExpr):
            return expr, scope
        if not isinstance(expr, NameExpr) or depth > 50:
            return None
        target = self._lookup(expr, scope, report=False)
        if target is None:
            return None
        _pkg, decl, decl_scope = target
        return self._underlying_struct(decl.type, decl_scope, depth + 1)

    def _is_byte(self, expr: TypeExpr, scope: Scope) -> bool:
        """encoding/json writes base64 for slices of a uint8 kind without its own marshaler (its pointer
        type's counts too: newSliceEncoder asks reflect.PointerTo(elem)), also where the element is a
        type parameter that the instantiation binds to such a type."""
        if isinstance(expr, NameExpr) and expr.qualifier is None and expr.name in scope.params:
            return expr.name in scope.byte_params
        return self._kind(expr, scope) == "uint" and self._uint_bits(expr, scope) == 8 and not self._has_marshaler(expr, scope)

    def _uint_bits(self, expr: TypeExpr, scope: Scope) -> int | None:
        ref = self.resolve_quiet(expr, scope)
        if ref.kind == "integer" and ref.minimum == 0 and ref.maximum == 255:
            return 8
        return None

    def resolve_quiet(self, expr: TypeExpr, scope: Scope) -> TypeRef:
        """resolve() without diagnostics or queueing; follows refs to their bodies."""
        if isinstance(expr, NameExpr):
            if expr.qualifier is None and expr.name not in scope.pkg.decls:
                return gotypes.basic(expr.name, self.config.goarch) or UNKNOWN
            target = self._lookup(expr, scope, report=False)
            if target is None:
                return UNKNOWN
            _pkg, decl, decl_scope = target
            return self.resolve_quiet(decl.type, decl_scope) if not isinstance(decl.type, StructExpr) else UNKNOWN
        return UNKNOWN

    def _has_marshaler(self, expr: TypeExpr, scope: Scope) -> bool:
        if not isinstance(expr, NameExpr):
            return False
        target = self._lookup(expr, scope, report=False)
        if target is None:
            return self._well_known_marshaler(expr, scope)
        pkg, decl, _ = target
        return self._marshaler(pkg, decl.name, addressable=True) is not None

    def _well_known_marshaler(self, expr: NameExpr, scope: Scope) -> bool:
        """A type whose source is not read: whether the built-in table knows it has a marshaler."""
        key = self._external_key(expr, scope)
        return key is not None and key in gotypes.WELL_KNOWN and gotypes.WELL_KNOWN[key].marshaler

    def external_wire(self, key: str) -> TypeRef | None:
        """What a type from outside the module that has its own marshaler is written as, when [types]
        or the built-in table says so (an `object` mapping describes fields, not a marshaler)."""
        mapping = self.config.types.get(key)
        if mapping is not None:
            return None if mapping.type == "object" else mapped_ref(mapping)
        known = gotypes.WELL_KNOWN.get(key)
        return known.json if known is not None and known.marshaler else None

    def _key_text_marshaler(self, expr: TypeExpr, scope: Scope) -> bool:
        """Map keys: encoding/json asks the key value (never addressable) for MarshalText; MarshalJSON is not used."""
        if not isinstance(expr, NameExpr):
            return False
        target = self._lookup(expr, scope, report=False)
        if target is None:
            return self._well_known_marshaler(expr, scope)
        found = self._marshal_methods(target[0], target[1].name).get("MarshalText")
        return found is not None and not found[1]

    def _marshaler(self, pkg: Pkg, name: str, addressable: bool = False) -> str | None:
        """'json' or 'text' when a value of the type is written by its own or a promoted MarshalJSON /
        MarshalText, 'time' when that is an embedded time.Time's, KNOWN_PREFIX + key when it is that of a
        mapped or well-known type from outside the module (an embedded uuid.UUID makes the struct a
        string); None when encoding/json writes the
        value itself. As encoding/json's newTypeEncoder decides it: an addressable value (a pointer's
        target, a slice element, a field of either) also has the methods of its pointer type, tried
        first; MarshalJSON wins over MarshalText."""
        methods = self._marshal_methods(pkg, name)
        if not methods:  # most types: nothing to look for
            return None
        for method, kind in (("MarshalJSON", "json"), ("MarshalText", "text")):
            found = methods.get(method)
            if found is not None and (addressable or not found[1]):
                return found[2] or kind
        return None

    def _marshal_methods(self, pkg: Pkg, name: str, depth: int = 0) -> dict[str, tuple[int, bool, str | None]]:
        """MarshalJSON/MarshalText in the type's method set, Go's selector rules: method -> (depth,
        needs an addressable value, whose it is: None for the module's own, "time", or KNOWN_PREFIX + key). A method comes from the shallowest depth at which
        its name is declared, own methods first; two at that depth are ambiguous and promote nothing."""
        key = (pkg.path, name)
        cached = self._marshaler_cache.get(key)
        if cached is not None:
            return cached  # type: ignore[return-value]
        self._marshaler_cache[key] = {}  # type: ignore[assignment]  # cycles: an embedding loop promotes nothing
        own = pkg.methods_named(name, _MARSHAL_METHODS)
        found: dict[str, tuple[int, bool, str | None]] = {
            m: (0, own[m].pointer_receiver, None) for m in _MARSHAL_METHODS if m in own
        }
        decl = pkg.decls.get(name)
        if decl is not None and isinstance(decl.type, StructExpr) and depth < 20:
            candidates: dict[str, list[tuple[int, bool, str | None]]] = {}
            scope = _decl_scope(pkg, decl)
            for fact in decl.type.fields:
                if not fact.embedded:
                    continue
                through_pointer = isinstance(fact.type, PointerExpr)
                inner = fact.type.elem if isinstance(fact.type, PointerExpr) else fact.type
                if not isinstance(inner, NameExpr):
                    continue
                target = self._lookup(inner, scope, report=False)
                if target is not None:
                    promoted = self._marshal_methods(target[0], target[1].name, depth + 1)
                elif self._external_key(inner, scope) == "time.Time":
                    promoted = {"MarshalJSON": (0, False, "time"), "MarshalText": (0, False, "time")}
                else:
                    external = self._external_key(inner, scope)
                    known = external is not None and self.external_wire(external) is not None
                    promoted = {"MarshalJSON": (0, False, KNOWN_PREFIX + external)} if known and external else {}
                for method, (d, needs_address, origin) in promoted.items():
                    # Through an embedded pointer the target is addressable whatever the outer value is.
                    candidates.setdefault(method, []).append((d + 1, needs_address and not through_pointer, origin))
            for method, entries in candidates.items():
                if method in found:
                    continue  # declared at depth 0: shadows every promoted one
                shallowest = min(e[0] for e in entries)
                at_depth = [e for e in entries if e[0] == shallowest]
                if len(at_depth) == 1:
                    found[method] = at_depth[0]
        self._marshaler_cache[key] = found  # type: ignore[assignment]
        return found

    def _decl_nullable(self, pkg: Pkg, decl: TypeDeclFact) -> bool:
        """Whether any value of the declared type may be written as null (nil slice, map or pointer)."""
        key = (pkg.path, decl.name)
        if key in self._nullable_cache:
            return self._nullable_cache[key]
        self._nullable_cache[key] = False
        mapping = self.config.types.get(f"{pkg.path}.{decl.name}")
        known = gotypes.WELL_KNOWN.get(f"{pkg.path}.{decl.name}")
        if mapping is not None:
            result = mapping.nullable
        elif known is not None:
            result = known.json.nullable
        elif (self._marshaler(pkg, decl.name) or "").startswith(KNOWN_PREFIX):
            result = self.external_wire((self._marshaler(pkg, decl.name) or "")[len(KNOWN_PREFIX) :]).nullable  # type: ignore[union-attr]
        elif self._marshaler(pkg, decl.name) is not None:
            result = False
        else:
            kind = self._kind(decl.type, _decl_scope(pkg, decl))
            if kind == "pointer":
                result = True
            elif kind in ("slice", "map"):
                result = self.config.nullable_collections
            else:
                result = False
        self._nullable_cache[key] = result
        return result

    def _array_length(self, expr: ArrayExpr, scope: Scope) -> int | None:
        if expr.length is not None:
            return expr.length
        value = scope.pkg.const_values.get(expr.length_text)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def _map_key(self, expr: TypeExpr, scope: Scope) -> TypeRef:
        kind = self._kind(expr, scope)
        if kind == "string":
            resolved = self.resolve(expr, scope)
            if resolved.kind == "ref":
                pkg = self.packages[resolved.package]  # type: ignore[index]
                decl = pkg.decls[resolved.name]  # type: ignore[index]
                if self._enum(pkg, decl, _decl_scope(pkg, decl), report=False) is not None:
                    return replace(resolved, nullable=False)
            return TypeRef("string")
        if self._key_text_marshaler(expr, scope):
            return TypeRef("string")
        if kind in ("int", "uint"):
            return TypeRef("string", format="integer")
        if kind in ("param", "unknown"):
            return TypeRef("string")
        self._unsupported(
            "",
            f"a map with {kind} keys",
            getattr(expr, "pos", None),
            code="CG011",
            hint="use string or integer keys, or a key type with a MarshalText method",
        )
        return TypeRef("string")
