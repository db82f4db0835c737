"""Wire shapes: what a TypeRef means on the wire once named types are looked up and generics filled in.

A `Shape` forgets the Go spelling (a ref to `models.User` and an identical struct under another name have
the same shape) but keeps the name and position of the declaration it came from, for messages. What the
value is, is the IR's own `TypeRef` (refs resolved), so every fact the IR states of a value (null, formats,
ranges, `open`, the request side's `checks`) reaches the comparison without a parallel copy.
"""

from __future__ import annotations

import dataclasses

from contractgen.diagnostics import Position
from contractgen.graph import reachable
from contractgen.ir.model import Contract, EnumMember, TypeDecl, TypeRef
from contractgen.records import record

# A type parameter after substitution: its place in the parameter list, so that renaming `T` to `Item`
# is no change.
_PARAM_PREFIX = "#"
# The name a response enum's zero value (TypeDecl.zero) goes by among its members: a value the server
# may send, compared like a member, but no Go constant (so never "renamed").
ZERO_MEMBER = "the zero value"


@record(frozen=True)
class Shape:
    """A value with its refs looked up: `type` is the IR's own TypeRef of what is on the wire, never of
    kind "ref" (an object's `fields` are its declaration's, in the side's view; a type parameter is
    kind "param" with its `name`). `members`: an enum's, whose base kind `type.kind` then is."""

    type: TypeRef
    members: tuple[EnumMember, ...] | None = None
    decl: str | None = None  # "models.User" when the shape is a named declaration's
    position: Position | None = None

    @property
    def kind(self) -> str:
        """string integer number boolean unknown array map object param, or enum."""
        return "enum" if self.members is not None else self.type.kind

    @property
    def base(self) -> str | None:
        return self.type.kind if self.members is not None else None

    @property
    def nullable(self) -> bool:
        return self.type.nullable


class Declarations:
    """The named types of one contract, by (import path, name), and their qualified display names."""

    def __init__(self, contract: Contract) -> None:
        self.decls: dict[tuple[str, str], TypeDecl] = {}
        self.package_names: dict[str, str] = {}
        self._shapes: dict[tuple[int, str], tuple[TypeRef, Shape]] = {}
        self._changed: dict[int, tuple[Declarations, frozenset[tuple[str, str]] | None]] = {}
        for package in contract.packages:
            self.package_names[package.path] = package.name
            for decl in package.types:
                self.decls[(package.path, decl.name)] = decl

    def reaches_change(self, ref: TypeRef, other: Declarations) -> bool:
        """Whether `ref` reaches, directly or through the declarations it names, a declaration that is
        not the same object here and in `other`. Where it does not, `ref` means the same on both sides
        and comparing it finds nothing (a watch session's rebuilt IR keeps an unchanged declaration
        the same object; two separate builds share none, and every ref reaches a change)."""
        changed = self._changed.get(id(other))
        if changed is None or changed[0] is not other:
            changed = (other, _changed_declarations(self.decls, other.decls))
            self._changed[id(other)] = changed
        if changed[1] is None:
            return True
        found: set[tuple[str, str]] = set()
        type_refs(ref, found)
        return not found.isdisjoint(changed[1])

    def display(self, package: str, name: str) -> str:
        return f"{self.package_names.get(package, package.rsplit('/', 1)[-1])}.{name}"

    def root(self, package: str, name: str) -> TypeRef:
        """A reference to a declaration as a root of comparison: generic parameters stay parameters."""
        decl = self.decls[(package, name)]
        args = tuple(TypeRef("param", name=f"{_PARAM_PREFIX}{i}") for i in range(len(decl.params)))
        return TypeRef("ref", package=package, name=name, args=args)

    def shape(self, ref: TypeRef, side: str = "response") -> Shape:
        """`side` "request": an object is what the server accepts (its request view: keys the decoder
        may go without are optional, and may be null), not what it sends."""
        if ref.kind != "ref":
            return Shape(ref)
        # By the ref object: the comparison asks again for every place a field's type is used, and
        # hashing a TypeRef by value walks all of it. The entry keeps the ref, so its id is not reused.
        key = (id(ref), side)
        kept = self._shapes.get(key)
        if kept is not None and kept[0] is ref:
            return kept[1]
        shape = self._shape(ref, side)
        self._shapes[key] = (ref, shape)
        return shape

    def _shape(self, ref: TypeRef, side: str) -> Shape:
        assert ref.package is not None and ref.name is not None
        decl = self.decls.get((ref.package, ref.name))
        if decl is None:  # a type outside the contract: only its name is known
            return Shape(TypeRef("unknown", ref.nullable), decl=self.display(ref.package, ref.name))
        env = {p.name: arg for p, arg in zip(decl.params, ref.args)}
        named = self.display(ref.package, ref.name)
        # What the place says of the value (null, the validator's checks) rides on the ref; the rest is the declaration's.
        if decl.kind == "object":
            declared = decl.request.fields if side == "request" and decl.request is not None else decl.fields
            fields = tuple(dataclasses.replace(f, type=substitute(f.type, env)) for f in declared) if env else declared
            value = TypeRef("object", ref.nullable, fields=fields, open=decl.open, checks=ref.checks)
            return Shape(value, decl=named, position=decl.position)
        if decl.kind == "enum":
            assert decl.base is not None
            members = decl.members
            # On the request side the decoder takes the zero value anyway; an omitempty field never sends it.
            if decl.zero and side == "response" and not ref.never_zero:
                members += (EnumMember(ZERO_MEMBER, "" if decl.base == "string" else 0, position=decl.position),)
            return Shape(TypeRef(decl.base, ref.nullable, checks=ref.checks), members, named, decl.position)
        assert decl.type is not None
        body = self.shape(substitute(decl.type, env), side)
        # A named type's shape is its body's; the name of the outermost declaration is the one people know.
        value = dataclasses.replace(body.type, nullable=ref.nullable or body.nullable, checks=ref.checks or body.type.checks)
        return Shape(value, body.members, named, decl.position)


def _changed_declarations(
    old: dict[tuple[str, str], TypeDecl], new: dict[tuple[str, str], TypeDecl]
) -> frozenset[tuple[str, str]] | None:
    """The declarations that differ between the two sides (not the same object, or on one side only)
    and those that name one of them, directly or not; None when no declaration is shared."""
    keys = old.keys() | new.keys()
    changed = {key for key in keys if old.get(key) is not new.get(key)}
    if len(changed) == len(keys):
        return None
    # A shared declaration names the same refs on both sides: one side's edges are both sides'.
    referrers: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key, decl in new.items():
        if key not in changed:
            for target in declaration_refs(decl):
                referrers.setdefault(target, []).append(key)
    return frozenset(reachable(changed, lambda key: referrers.get(key, ())))


# By declaration object, kept so that its id is not reused: a watch session asks again each regeneration.
_DECLARATION_REFS: dict[int, tuple[TypeDecl, frozenset[tuple[str, str]]]] = {}


def declaration_refs(decl: TypeDecl) -> frozenset[tuple[str, str]]:
    """The (package, name) of every declaration `decl` names: its fields' (both views), its body's, its constraints'."""
    kept = _DECLARATION_REFS.get(id(decl))
    if kept is not None and kept[0] is decl:
        return kept[1]
    found: set[tuple[str, str]] = set()
    for f in decl.fields:
        type_refs(f.type, found)
    for p in decl.params:
        type_refs(p.constraint, found)
    type_refs(decl.type, found)
    if decl.request is not None:
        for f in decl.request.fields:
            type_refs(f.type, found)
        type_refs(decl.request.type, found)
    refs = frozenset(found)
    if len(_DECLARATION_REFS) > 200_000:  # a long session over a changing module: start again
        _DECLARATION_REFS.clear()
    _DECLARATION_REFS[id(decl)] = (decl, refs)
    return refs


def type_refs(ref: TypeRef | None, found: set[tuple[str, str]]) -> None:
    """Adds the (package, name) of every declaration `ref` names, at any depth of the value itself."""
    if ref is None:
        return
    if ref.kind == "ref":
        found.add((ref.package or "", ref.name or ""))
    for child in (ref.items, ref.key, ref.values, *ref.args, *ref.variants):
        type_refs(child, found)
    for f in ref.fields:
        type_refs(f.type, found)


def substitute(ref: TypeRef, env: dict[str, TypeRef]) -> TypeRef:
    """`ref` with the type parameters of `env` replaced by their arguments (a nullable parameter stays nullable)."""
    if not env:
        return ref
    if ref.kind == "param" and ref.name in env:
        arg = env[ref.name]
        return dataclasses.replace(arg, nullable=arg.nullable or ref.nullable) if ref.nullable else arg
    changes: dict[str, object] = {}
    for name in ("items", "key", "values"):
        child = getattr(ref, name)
        if child is not None:
            changes[name] = substitute(child, env)
    if ref.args:
        changes["args"] = tuple(substitute(a, env) for a in ref.args)
    if ref.variants:
        changes["variants"] = tuple(substitute(v, env) for v in ref.variants)
    if ref.fields:
        changes["fields"] = tuple(dataclasses.replace(f, type=substitute(f.type, env)) for f in ref.fields)
    return dataclasses.replace(ref, **changes) if changes else ref  # type: ignore[arg-type]
