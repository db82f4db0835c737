"""Wire shapes: what a TypeRef means on the wire once named types are looked up and generics filled in.

A `Shape` forgets the Go spelling (a ref to `models.User` and an identical struct under another name have
the same shape) but keeps the name and position of the declaration it came from, for messages. What the
value is, is the IR's own `TypeRef` (refs resolved), so every fact the IR states of a value (null, formats,
ranges, `open`, the request side's `checks`) reaches the comparison without a parallel copy.
"""

from __future__ import annotations

import dataclasses

from contractgen.diagnostics import Position
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
        for package in contract.packages:
            self.package_names[package.path] = package.name
            for decl in package.types:
                self.decls[(package.path, decl.name)] = decl

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
        assert ref.package is not None and ref.name is not None
        decl = self.decls.get((ref.package, ref.name))
        if decl is None:  # a type outside the contract: only its name is known
            return Shape(TypeRef("unknown", ref.nullable), decl=self.display(ref.package, ref.name))
        env = {p.name: arg for p, arg in zip(decl.params, ref.args)}
        named = self.display(ref.package, ref.name)
        # What the place says of the value (null, the validator's checks) rides on the ref; the rest is the declaration's.
        if decl.kind == "object":
            declared = decl.request.fields if side == "request" and decl.request is not None else decl.fields
            fields = tuple(dataclasses.replace(f, type=substitute(f.type, env)) for f in declared)
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
