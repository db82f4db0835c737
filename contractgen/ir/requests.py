"""The request side: what the server accepts for the types its endpoints decode request bodies into.

encoding/json's decoding is not its encoding (measured with Go, tests/test_requests.py): a missing key
leaves the zero value, `null` is accepted for every field, element and map value (a no-op for a
non-pointer, nil for a pointer, slice or map), unknown keys are ignored, keys match case-insensitively
(the client sends the canonical key), a fixed-length array takes any number of elements; wrong kinds,
integers with a fraction or exponent, and integers out of range are rejected. Then the validator
(go-playground/validator through gin's binding, or directly) checks the decoded value: its rules
become `Check`s (contractgen/ir/validation.py), and a key is required exactly when the value left
by an absent key or a null fails them.

The response side is untouched: every declaration keeps what Go sends; a declaration an endpoint's
request body reaches gets a `RequestView` as well.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from contractgen.diagnostics import warning
from contractgen.ir import gotypes
from contractgen.ir.fields import FoundField, wire_fields
from contractgen.ir.formats import ACCEPTED
from contractgen.ir.model import Endpoint, Field, RequestView, TypeDecl, TypeRef
from contractgen.ir.validation import Rules, checks_for, parse_rules, zero_passes
from contractgen.scan.facts import ArrayExpr, MapExpr, NameExpr, PointerExpr, SliceExpr, StructExpr, TypeExpr

if TYPE_CHECKING:
    from contractgen.ir.build import _Builder
    from contractgen.ir.scope import Scope

DeclKey = tuple[str, str]

# A slice of a uint8 kind decodes from a base64 string (StdEncoding, CR and LF skipped) or from an array
# of numbers 0..255 (null: 0), whatever the element's own methods; the encoder writes the string.
_BASE64_INPUT = TypeRef("string", format="base64-input")
_BYTES_INPUT = TypeRef("union", variants=(_BASE64_INPUT, TypeRef("array", items=replace(gotypes.integer(8, False), nullable=True))))


def request_views(builder: _Builder, endpoints: tuple[Endpoint, ...]) -> dict[DeclKey, RequestView]:
    """A view for every declaration that an endpoint's request body reaches, directly or inside another."""
    return _RequestSide(builder).run(endpoints)


def accepted_body(builder: _Builder, expr: TypeExpr, scope: Scope, sent: TypeRef) -> TypeRef:
    """What the server accepts for a request body whose type has no declaration of its own (a local
    `var req struct{ Name string `binding:"required"` }`, a `[]CreateItem`): the decoder's and the
    validator's view of `sent`, as a named type gets in its RequestView. A named body stays its ref
    (its view is made with the other declarations')."""
    if sent.kind == "ref":
        return sent
    side = _RequestSide(builder)
    inner = expr
    while isinstance(inner, PointerExpr):
        inner = inner.elem
    if isinstance(inner, StructExpr) and sent.kind == "object":
        return replace(sent, fields=side._fields(inner, scope, (scope.pkg.path, repr(inner.pos))), nullable=False)
    return replace(_accepting(sent, [[]], side, "", ()), nullable=False)


class _RequestSide:
    def __init__(self, builder: _Builder) -> None:
        self.builder = builder
        self.views: dict[DeclKey, RequestView] = {}
        self.queue: list[DeclKey] = []
        self.zero_cache: dict[DeclKey, bool] = {}

    def run(self, endpoints: tuple[Endpoint, ...]) -> dict[DeclKey, RequestView]:
        for endpoint in endpoints:
            if endpoint.request is not None:
                self._reach(endpoint.request)
        while self.queue:
            key = self.queue.pop()
            decl = self.builder.built.get(key)
            if decl is not None:
                self.views[key] = self._view(key, decl)
        return self.views

    def _reach(self, ref: TypeRef) -> None:
        if ref.kind == "ref" and ref.package is not None and ref.name is not None:
            key = (ref.package, ref.name)
            if key not in self.views and key not in self.queue and key in self.builder.built:
                self.views[key] = RequestView()  # a placeholder: each declaration is viewed once
                self.queue.append(key)
        for child in (ref.items, ref.key, ref.values, *ref.args, *ref.variants, *(f.type for f in ref.fields)):
            if child is not None:
                self._reach(child)

    # --- one declaration ----------------------------------------------------------------------------

    def _view(self, key: DeclKey, decl: TypeDecl) -> RequestView:
        from contractgen.ir.scope import Scope

        pkg = self.builder.packages[key[0]]
        fact, byte_params = self.builder.declaration_source(key)
        scope = Scope(pkg, fact.file, {p.name: TypeRef("param", name=p.name) for p in fact.params}, byte_params)
        if decl.kind == "object":
            struct = self.builder._underlying_struct(fact.type, scope)
            if struct is not None:
                return RequestView(fields=self._fields(struct[0], struct[1], key))
        if decl.kind == "enum":
            # The decoder accepts any value of the base type; only a oneof rule narrows it.
            base = self.builder._underlying(fact.type, scope)
            return RequestView(type=replace(base, nullable=False))
        body = decl.type if decl.type is not None else TypeRef("unknown")
        accepted = _accepting(body, [[]], self, "", ())
        return RequestView(type=replace(accepted, nullable=False) if accepted.kind != "unknown" else accepted)

    def _fields(self, struct: StructExpr, scope: Scope, identity: object) -> tuple[Field, ...]:
        builder = self.builder
        found = wire_fields(struct, scope, identity, builder._explore_embedded, builder._is_exported_embedded)
        return tuple(self._field(f) for f in found if not builder._always_omitted(f))

    def _field(self, found: FoundField) -> Field:
        builder = self.builder
        builder._quiet += 1  # the response side has reported this field's problems already
        try:
            # The field's type as where it is addressable (contractgen/ir/addressable.py): the decoder's values are.
            with builder.decoding_values():
                sent = builder._field(found)
        finally:
            builder._quiet -= 1
        rules = parse_rules(found.raw_tag)
        for text in rules.unsupported:
            self._unsupported(found, rules, text)
        expr = found.expr
        kind = builder._kind(expr, found.scope)
        inner_kind = builder._kind(expr.elem, found.scope) if isinstance(expr, PointerExpr) else kind
        problems: list[str] = []
        checks = () if rules.skip else checks_for(rules.at(0), inner_kind, problems)
        for text in problems:
            self._unsupported(found, rules, text, "it does not apply to this field's type")
        # The checks of the elements, one level per dive, on the Go element types.
        levels = [list(rules.levels[0])] + ([] if rules.skip else rules.levels[1:])
        zero_ok = zero_passes(checks, kind) and (rules.skip or kind != "struct" or self._zero_struct_passes(expr, found.scope))
        if kind in ("pointer", "interface") and checks and checks[0].rule == "omitempty":
            checks = checks[1:]  # only nil skips the rules: a pointer to an empty value is checked
        accepted = _accepting(sent.type, levels, self, found.source_name, checks, expr, found)
        if not zero_ok:
            accepted = replace(accepted, nullable=False)
        return Field(
            name=found.name,
            type=accepted,
            optional=zero_ok,
            doc=found.doc,
            position=found.pos,
            source_name=found.source_name,
        )

    def _unsupported(self, found: FoundField, rules: Rules, text: str, why: str = "the client cannot check it") -> None:
        self.builder._report(
            warning(
                "CG331",
                f"validation rule {text!r} of {found.source_name} ({rules.tag} tag): {why}, so the client accepts values the server may reject",
                found.pos,
                "the rules checked on the request side are required, omitempty, min, max, len, eq, ne, gt, gte, lt, lte, oneof, email, url, uuid, alphanum and dive",
            )
        )

    def element_checks(self, rules: list[tuple[str, str]], expr: TypeExpr | None, found: FoundField | None) -> tuple:
        if expr is None or found is None or not rules:
            return ()
        kind = self.builder._kind(expr.elem if isinstance(expr, PointerExpr) else expr, found.scope)
        problems: list[str] = []
        checks = checks_for(rules, kind, problems)
        for text in problems:
            self._unsupported(found, parse_rules(found.raw_tag), text, "it does not apply to the elements' type")
        return checks

    def null_element(self, accepted: TypeRef, checks: tuple, expr: TypeExpr | None, found: FoundField | None) -> TypeRef:
        """A null element leaves the element's zero value (nil for a pointer), which `dive` rules then check."""
        if expr is None or found is None or not checks or accepted.kind == "unknown":
            return accepted
        if zero_passes(checks, self.builder._kind(expr, found.scope)):
            return accepted
        return replace(accepted, nullable=False)

    def decoded(self, ref: TypeRef, expr: TypeExpr | None, found: FoundField | None) -> TypeRef | None:
        """What the decoder accepts where the encoder writes the leaf `ref`, when the two differ (a
        well-known type's UnmarshalJSON, a []byte, the `-input` formats); None: derive it from `ref`."""
        inner = expr.elem if isinstance(expr, PointerExpr) else expr
        quoted = found is not None and found.tag.string and ref.kind == "string" and expr is found.expr
        if isinstance(inner, NameExpr) and found is not None and not quoted:  # `,string`: the quoting decides
            key = self.builder._external_key(inner, found.scope) or ""
            if key in self.builder.config.types:
                return replace(ref, nullable=True)  # the user's mapping says what the value is, on both sides
            known = gotypes.WELL_KNOWN.get(key)
            if known is not None:
                accepted = self.decoded(known.accepts or ref, None, None) or known.accepts or ref
                # null into a pointer leaves nil without asking the type; into the value, its UnmarshalJSON.
                return replace(accepted, nullable=known.takes_null or isinstance(expr, PointerExpr))
        if ref.kind == "string" and ref.format == "base64":
            return replace(_BYTES_INPUT, nullable=True)
        if ref.kind == "string" and ref.format in ACCEPTED:
            return replace(ref, format=ACCEPTED[ref.format], nullable=True)
        return None

    def takes_base64(self, expr: TypeExpr | None, found: FoundField | None) -> bool:
        """A slice whose element, of a uint8 kind, has its own marshaler: written as an array of the
        element's JSON, but decoded from a base64 string too (literalStore asks only the element's kind)."""
        if not isinstance(expr, SliceExpr) or found is None:
            return False
        return self.builder._kind(expr.elem, found.scope) == "uint" and self.builder._uint_bits(expr.elem, found.scope) == 8

    def _zero_struct_passes(self, expr: TypeExpr, scope: Scope) -> bool:
        """A non-pointer struct field is validated even when its key is absent: does its zero value pass?"""
        from contractgen.ir.scope import Scope

        struct = self.builder._underlying_struct(expr, scope)
        if struct is None:
            return True
        key: DeclKey = (scope.pkg.path, getattr(expr, "name", "") or repr(struct[0].pos))
        if key in self.zero_cache:
            return self.zero_cache[key]
        self.zero_cache[key] = True  # a cycle through non-pointer structs cannot be; guard anyway
        result = True
        found = wire_fields(struct[0], struct[1], key, self.builder._explore_embedded, self.builder._is_exported_embedded)
        for f in found:
            rules = parse_rules(f.raw_tag)
            if rules.skip:
                continue
            kind = self.builder._kind(f.expr, f.scope)
            inner = self.builder._kind(f.expr.elem, f.scope) if isinstance(f.expr, PointerExpr) else kind
            if not zero_passes(checks_for(rules.at(0), inner, []), kind) or (
                kind == "struct" and isinstance(f.scope, Scope) and not self._zero_struct_passes(f.expr, f.scope)
            ):
                result = False
                break
        self.zero_cache[key] = result
        return result


def _accepting(
    ref: TypeRef,
    levels: list[list[tuple[str, str]]],
    side: _RequestSide,
    where: str,
    checks: tuple,
    expr: TypeExpr | None = None,
    found: FoundField | None = None,
) -> TypeRef:
    """The values the decoder accepts where Go sends `ref`: null everywhere, arrays of any length,
    refs to the request views; `checks` on this value, the next levels' rules on its elements."""
    if ref.kind == "ref":
        side._reach(ref)
    inner = expr.elem if isinstance(expr, PointerExpr) else expr
    element = inner.elem if isinstance(inner, (SliceExpr, ArrayExpr)) else inner.value if isinstance(inner, MapExpr) else None
    below = levels[1:]
    decoded = side.decoded(ref, expr, found)
    if decoded is not None:
        return replace(decoded, checks=checks)
    if ref.kind == "array" and ref.items is not None:
        item_checks = side.element_checks(below[0], element, found) if below else ()
        items = _accepting(ref.items, below or [[]], side, where, item_checks, element, found)
        items = side.null_element(items, item_checks, element, found)
        array = replace(ref, items=items, length=None, nullable=False)
        if side.takes_base64(inner, found):
            return TypeRef("union", variants=(_BASE64_INPUT, array), nullable=True, checks=checks)
        return replace(array, nullable=True, checks=checks)
    if ref.kind == "map" and ref.values is not None and ref.key is not None and ref.key.kind == "ref":
        # An enum key: the decoder takes any key of the base kind (decimal text for integers).
        decl = side.builder.built.get((ref.key.package or "", ref.key.name or ""))
        key = TypeRef("string", format="integer") if decl is not None and decl.base == "integer" else TypeRef("string")
        ref = replace(ref, key=key)
    if ref.kind == "map" and ref.values is not None:
        value_checks = side.element_checks(below[0], element, found) if below else ()
        values = _accepting(ref.values, below or [[]], side, where, value_checks, element, found)
        values = side.null_element(values, value_checks, element, found)
        return replace(ref, values=values, nullable=True, checks=checks)
    if ref.kind == "object" and isinstance(inner, StructExpr) and found is not None:
        # An anonymous struct (`User struct{ Name string `binding:"required"` } `json:"user"``): the
        # validator checks its fields' tags as it does a named struct's.
        fields = side._fields(inner, found.scope, (found.scope.pkg.path, repr(inner.pos)))
        return replace(ref, fields=fields, nullable=True, checks=checks)
    if ref.kind == "object":
        fields = tuple(replace(f, optional=True, type=_accepting(f.type, [[]], side, where, ())) for f in ref.fields)
        return replace(ref, fields=fields, nullable=True, checks=checks)
    if ref.kind == "ref":
        for arg in ref.args:
            side._reach(arg)
        # The arguments' own Go types, where the use spells them (`Page[decimal.Decimal]`).
        exprs = inner.args if isinstance(inner, NameExpr) and len(inner.args) == len(ref.args) else (None,) * len(ref.args)
        args = tuple(_accepting(a, [[]], side, where, (), e, found) for a, e in zip(ref.args, exprs))
        return replace(ref, args=args, nullable=True, checks=checks, never_zero=False)  # the decoder takes the zero value
    if ref.kind == "union":
        variants = tuple(replace(_accepting(v, [[]], side, where, ()), nullable=False) for v in ref.variants)
        return replace(ref, variants=variants, nullable=True, checks=checks)
    if ref.kind == "unknown":
        return ref
    return replace(ref, nullable=True, checks=checks)
