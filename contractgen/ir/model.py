"""The contract: a target-neutral description of what goes over the wire, in plain frozen data.

It speaks of JSON values (string, integer, object, ...), never of TypeScript or Go spellings, and
round-trips through JSON (`to_json`/`from_json`) in the shape that `schemas/ir.schema.json` describes.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin, get_type_hints

from contractgen.diagnostics import Position

IR_VERSION = 1

TypeKind = Literal["string", "integer", "number", "boolean", "unknown", "array", "map", "ref", "param", "object"]
StringFormat = Literal["date-time", "base64", "integer", "number", "boolean"]


@dataclass(frozen=True)
class TypeRef:
    """The JSON value found at one place. `nullable`: that value may be `null` (the whole truth at this place).

    kind string: `format` refines it (date-time: RFC 3339 with offset; base64; integer/number/boolean: the
    decimal text of a number or `true`/`false`, as `,string` fields carry them).
    kind integer: `minimum`/`maximum` bound it. kind unknown: any JSON value, `null` included.
    kind array: `items`, and `length` when fixed. kind map: an object whose keys are `key` (a string, maybe
    of `format` integer, or a ref to a string enum) and whose values are `values`.
    kind ref: the declared type `name` of package `package`, instantiated with `args`.
    kind param: the type parameter `name` of the enclosing generic declaration.
    kind object: an anonymous object with `fields`.
    """

    kind: TypeKind
    nullable: bool = False
    format: StringFormat | None = None
    minimum: int | None = None
    maximum: int | None = None
    items: TypeRef | None = None
    length: int | None = None
    key: TypeRef | None = None
    values: TypeRef | None = None
    package: str | None = None
    name: str | None = None
    args: tuple[TypeRef, ...] = ()
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Field:
    """One key of an object. `optional`: the key may be absent. Whether the value may be null is `type.nullable`."""

    name: str
    type: TypeRef
    optional: bool = False
    doc: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)
    # The Go field this key comes from (dotted through embedded structs): a Go-side detail, not meaning.
    source_name: str = field(default="", compare=False)


@dataclass(frozen=True)
class TypeParam:
    name: str
    constraint: TypeRef | None = None  # only kinds string/integer/number; None: any JSON value


@dataclass(frozen=True)
class EnumMember:
    name: str
    value: str | int
    doc: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)


@dataclass(frozen=True)
class TypeDecl:
    """A named type. kind object: `fields`; kind enum: `members` over `base` (string or integer);
    kind named: any other value, described by `type` (which also says whether a value may be null)."""

    name: str
    kind: Literal["object", "enum", "named"]
    exported: bool = True
    doc: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)
    params: tuple[TypeParam, ...] = ()
    fields: tuple[Field, ...] = ()
    base: Literal["string", "integer"] | None = None
    members: tuple[EnumMember, ...] = ()
    type: TypeRef | None = None
    marshaler: Literal["json", "text"] | None = None  # a MarshalJSON/MarshalText method decides the wire form


@dataclass(frozen=True)
class Package:
    path: str  # import path
    name: str  # Go package name
    dir: str  # relative to the module root ("" for the root package)
    types: tuple[TypeDecl, ...] = ()


@dataclass(frozen=True)
class ErrorReason:
    """One reason of an error catalog: `value` is what goes over the wire, `status` its HTTP status."""

    name: str  # the Go constant, e.g. ReasonUserNotFound
    value: str  # e.g. USER_NOT_FOUND
    status: int
    doc: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ErrorCatalog:
    """A named string type marked `//contractgen:errors`, whose constants are the reasons."""

    package: str
    name: str
    reasons: tuple[ErrorReason, ...] = ()
    doc: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Param:
    """A path, query or header parameter of an endpoint."""

    name: str  # as on the wire: the path wildcard, query key or header name
    location: Literal["path", "query", "header"]
    type: TypeRef
    optional: bool = False
    doc: str = field(default="", compare=False)
    source_name: str = field(default="", compare=False)  # the Go field of the request struct it is decoded into
    position: Position | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Endpoint:
    """One HTTP operation. `path` uses `{name}` for a segment and `{name...}` for the rest of the path.
    `request`: the JSON body the handler decodes (None: no body). `response`: the success body
    (kind unknown where it cannot be seen). `wire`: "envelope" when the generated adapter writes
    `{"data": ...}` and problem+json errors, "bare" when the handler writes the value itself."""

    name: str  # the handler's Go name (method or function)
    group: str  # the receiver type for methods, else the Go package name
    package: str  # import path of the handler's package
    method: str
    path: str
    params: tuple[Param, ...] = ()
    request: TypeRef | None = None
    response: TypeRef | None = None
    status: int = 200
    errors: tuple[str, ...] = ()  # reason values the handler may return, where known
    wire: Literal["envelope", "bare"] = "bare"
    doc: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Contract:
    module: str
    packages: tuple[Package, ...] = ()
    endpoints: tuple[Endpoint, ...] = ()  # sorted by path, then method
    errors: tuple[ErrorCatalog, ...] = ()
    version: int = IR_VERSION

    def package(self, path: str) -> Package:
        for package in self.packages:
            if package.path == path:
                return package
        raise KeyError(path)

    def decl(self, package: str, name: str) -> TypeDecl:
        for decl in self.package(package).types:
            if decl.name == name:
                return decl
        raise KeyError(f"{package}.{name}")


# --- JSON ------------------------------------------------------------------------------------------


def to_data(value: Any) -> Any:
    """Plain JSON data; fields equal to their default are left out, so dumps stay small and stable."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            default = f.default if f.default is not dataclasses.MISSING else None
            if f.default is not dataclasses.MISSING and item == default:
                continue
            out[f.name] = to_data(item)
        return out
    if isinstance(value, tuple):
        return [to_data(v) for v in value]
    return value


def to_json(contract: Contract) -> str:
    data = {"version": contract.version, **to_data(contract)}  # the version is always stated, first
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def from_data(cls: type, data: Any) -> Any:
    hints = get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        kwargs[name] = _convert(hints[name], value)
    return cls(**kwargs)


def from_json(text: str) -> Contract:
    return from_data(Contract, json.loads(text))


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin is tuple:
        (item_hint, _ellipsis) = get_args(hint)
        return tuple(_convert(item_hint, v) for v in value)
    if origin is not None and origin is not Literal:  # Optional[X] / X | None
        candidates = [a for a in get_args(hint) if a is not type(None)]
        if len(candidates) == 1:
            return _convert(candidates[0], value)
        return value
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_data(hint, value)
    return value
