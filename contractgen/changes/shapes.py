"""Wire shapes: what a TypeRef means on the wire once named types are looked up and generics filled in.

A `Shape` forgets the Go spelling (a ref to `models.User` and an identical struct under another name have
the same shape) but keeps the name and position of the declaration it came from, for messages.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from contractgen.diagnostics import Position
from contractgen.ir.model import Contract, EnumMember, Field, TypeDecl, TypeRef

# A type parameter after substitution: its place in the parameter list, so that renaming `T` to `Item`
# is no change.
_PARAM_PREFIX = "#"
# The name a response enum's zero value (TypeDecl.zero) goes by among its members: a value the server
# may send, compared like a member, but no Go constant (so never "renamed").
ZERO_MEMBER = "the zero value"


@dataclass(frozen=True)
class Shape:
    kind: str  # string integer number boolean unknown array map object enum param
    nullable: bool = False
    format: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    items: TypeRef | None = None
    length: int | None = None
    key: TypeRef | None = None
    values: TypeRef | None = None
    fields: tuple[Field, ...] = ()
    base: str | None = None
    members: tuple[EnumMember, ...] = ()
    param: str | None = None
    decl: str | None = None  # "models.User" when the shape is a named declaration's
    position: Position | None = None
    variants: tuple[TypeRef, ...] = ()  # kind union


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
        if ref.kind == "param":
            return Shape("param", ref.nullable, param=ref.name)
        if ref.kind != "ref":
            return Shape(
                ref.kind,
                ref.nullable,
                ref.format,
                ref.minimum,
                ref.maximum,
                ref.items,
                ref.length,
                ref.key,
                ref.values,
                ref.fields,
                variants=ref.variants,
            )
        assert ref.package is not None and ref.name is not None
        decl = self.decls.get((ref.package, ref.name))
        if decl is None:  # a type outside the contract: only its name is known
            return Shape("unknown", ref.nullable, decl=self.display(ref.package, ref.name))
        env = {p.name: arg for p, arg in zip(decl.params, ref.args)}
        common = dict(decl=self.display(ref.package, ref.name), position=decl.position)
        if decl.kind == "object":
            declared = decl.request.fields if side == "request" and decl.request is not None else decl.fields
            fields = tuple(dataclasses.replace(f, type=substitute(f.type, env)) for f in declared)
            return Shape("object", ref.nullable, fields=fields, **common)  # type: ignore[arg-type]
        if decl.kind == "enum":
            members = decl.members
            if decl.zero and side == "response":  # on the request side the decoder takes the zero value anyway
                members += (EnumMember(ZERO_MEMBER, "" if decl.base == "string" else 0, position=decl.position),)
            return Shape("enum", ref.nullable, base=decl.base, members=members, **common)  # type: ignore[arg-type]
        assert decl.type is not None
        body = self.shape(substitute(decl.type, env), side)
        # A named type's shape is its body's; the name of the outermost declaration is the one people know.
        return dataclasses.replace(body, nullable=ref.nullable or body.nullable, **common)  # type: ignore[arg-type]


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
