"""The contract: a target-neutral description of what goes over the wire, in plain frozen data.

It speaks of JSON values (string, integer, object, ...), never of TypeScript or Go spellings, and
round-trips through JSON (`to_json`/`from_json`) in the shape that `schemas/ir.schema.json` describes.
"""

from __future__ import annotations

import dataclasses
import json
from json.encoder import encode_basestring as _encode_string  # the C encoder, ensure_ascii=False
from dataclasses import field
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from contractgen.codecache import compiled
from contractgen.diagnostics import Position
from contractgen.records import record

IR_VERSION = 1
# The `dir` of a package from outside the module is `_deps/<import path>`: Go ignores directories
# that start with `_`, so no package of the module can have one of these.
DEPENDENCY_DIR = "_deps"

TypeKind = Literal["string", "integer", "number", "boolean", "unknown", "array", "map", "ref", "param", "object", "union"]
StringFormat = Literal[
    "date-time", "base64", "integer", "number", "boolean", "uuid", "uuid-input", "date-time-input", "decimal-input", "base64-input",
    "duration-input", "json-string", "json-string-input", "integer-input", "number-input", "boolean-input",
]


CheckRule = Literal["omitempty", "required", "min", "max", "len", "eq", "ne", "gt", "gte", "lt", "lte", "oneof", "email", "url", "uuid", "alphanum"]
Measure = Literal["characters", "entries", "value"]


@record(frozen=True)
class Check:
    """One check the server's validator (go-playground/validator `binding:`/`validate:` tags) makes of a
    decoded value, on the request side only. `measure` says what min/max/len/eq/ne/gt/gte/lt/lte compare:
    a string's characters (Unicode code points), an array's or map's entries, or a number's value (eq/ne on
    strings: the value). `omitempty` (first when present): an empty value (zero, "", false, no entries)
    passes without the other checks. `required`: a string, number or boolean is not its zero value
    (a required pointer, slice or map is expressed by a key that must be present and not null).
    `oneof`: the value is one of `values`. email, uuid: the validator's own patterns; url: a scheme and more;
    alphanum: ASCII letters and digits only, at least one."""

    rule: CheckRule
    measure: Measure | None = None
    value: str | int | float | None = None
    values: tuple[str | int | float, ...] = ()


@record(frozen=True)
class TypeRef:
    """The JSON value found at one place. `nullable`: that value may be `null` (the whole truth at this place).

    kind string: `format` refines it (date-time: RFC 3339 with offset; base64; integer/number/boolean: the
    decimal text of a number or `true`/`false`, as `,string` fields carry them; uuid: uuid.UUID's canonical
    lower-case text; the `-input` formats, on the request side only: what the decoder accepts where the
    encoder writes uuid, date-time or base64, and the texts decimal.Decimal and metav1.Duration parse; contractgen/ir/formats.py).
    kind integer: `minimum`/`maximum` bound it. kind unknown: any JSON value, `null` included.
    kind array: `items`, and `length` when fixed. kind map: an object whose keys are `key` (a string, maybe
    of `format` integer, or a ref to a string enum) and whose values are `values`.
    kind ref: the declared type `name` of package `package`, instantiated with `args`.
    kind param: the type parameter `name` of the enclosing generic declaration.
    kind object: an anonymous object with `fields`; `open`: it may also have keys the contract cannot
    see (promoted from an embedded type whose source is not on the machine), of any value.
    kind union: a value of one of `variants`, each of another JSON kind (apimachinery's IntOrString: an
    int32 or a string); whether null is one is `nullable`, never a variant's.
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
    open: bool = False
    variants: tuple[TypeRef, ...] = ()
    checks: tuple[Check, ...] = ()  # request side only: what the validator checks of a present value
    # Response side: the value is never its type's zero value ("" or 0), because an `omitempty` field of a
    # string or integer kind leaves that out; so an enum's `zero` does not apply at this place.
    never_zero: bool = False


@record(frozen=True)
class Field:
    """One key of an object. `optional`: the key may be absent. Whether the value may be null is `type.nullable`."""

    name: str
    type: TypeRef
    optional: bool = False
    doc: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)
    # The Go field this key comes from (dotted through embedded structs): a Go-side detail, not meaning.
    source_name: str = field(default="", compare=False)


@record(frozen=True)
class TypeParam:
    name: str
    constraint: TypeRef | None = None  # only kinds string/integer/number; None: any JSON value


@record(frozen=True)
class EnumMember:
    name: str
    value: str | int
    doc: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)


@record(frozen=True)
class RequestView:
    """What the server accepts for a value of a declaration, as encoding/json decodes it and the
    validator checks it: every key may be absent and every value null (both leave the zero value),
    unless the checks reject the zero value; refs inside refer to the request views of their types.
    An object's `fields`; for other kinds `type` (an enum accepts any value of its base type)."""

    fields: tuple[Field, ...] = ()
    type: TypeRef | None = None


@record(frozen=True)
class Instantiation:
    """A declaration made for the instantiations of the generic declaration `generic` (same package)
    that bind `byte_params` to byte types: values of kind uint8 without a marshaler, whose slices
    encoding/json writes as base64 strings, so such an instantiation has a wire form of its own. It
    keeps the generic's type parameters (the byte-bound ones are still used by other fields)."""

    generic: str
    byte_params: tuple[str, ...]


@record(frozen=True)
class TypeDecl:
    """A named type. kind object: `fields`; kind enum: `members` over `base` (string or integer);
    kind named: any other value, described by `type` (which also says whether a value may be null);
    with `members` too, a bit set: an integer type whose constants are written as bit operations
    (`1 << iota`, `A | B`), any integer of `type`, the members naming its flags.
    `open` (kind object): the object may also have keys the contract cannot see, of any value.
    `zero` (kind enum): a value may also be the base's zero value ("" or 0), which no member has: what
    encoding/json writes for a field nobody set. False when a member is the zero value, or the user
    said the type is always set ([enums] in contractgen.toml, `//contractgen:always-set`)."""

    name: str
    kind: Literal["object", "enum", "named"]
    exported: bool = True
    doc: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)
    params: tuple[TypeParam, ...] = ()
    fields: tuple[Field, ...] = ()
    base: Literal["string", "integer"] | None = None
    members: tuple[EnumMember, ...] = ()
    zero: bool = False
    type: TypeRef | None = None
    marshaler: Literal["json", "text"] | None = None  # a MarshalJSON/MarshalText method decides the wire form
    open: bool = False
    request: RequestView | None = None  # set when an endpoint's request body reaches the type
    instantiates: Instantiation | None = None  # an instantiation of a generic with byte-type arguments
    # This is the Go declaration of that name as written where its value is addressable (contractgen/ir/addressable.py).
    addressable_of: str | None = None


@record(frozen=True)
class Package:
    path: str  # import path
    name: str  # Go package name
    dir: str  # relative to the module root ("" for the root package); DEPENDENCY_DIR/<path> for a dependency's
    types: tuple[TypeDecl, ...] = ()


@record(frozen=True)
class ErrorReason:
    """One reason of an error catalog: `value` is what goes over the wire, `status` its HTTP status."""

    name: str  # the Go constant, e.g. ReasonUserNotFound
    value: str  # e.g. USER_NOT_FOUND
    status: int
    doc: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)


@record(frozen=True)
class ErrorCatalog:
    """A named string type marked `//contractgen:errors`, whose constants are the reasons."""

    package: str
    name: str
    reasons: tuple[ErrorReason, ...] = ()
    doc: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)


@record(frozen=True)
class Param:
    """A path, query or header parameter of an endpoint."""

    name: str  # as on the wire: the path wildcard, query key or header name
    location: Literal["path", "query", "header"]
    type: TypeRef
    optional: bool = False
    doc: str = field(default="", compare=False)
    source_name: str = field(default="", compare=False)  # the Go field of the request struct it is decoded into
    # A path variable's regular expression (Go RE2 syntax, gorilla/mux and chi `{id:[0-9]+}`),
    # anchored as the router anchors it: the router answers 404 for a value it does not match.
    pattern: str = ""
    position: Position | None = field(default=None, compare=False)


@record(frozen=True)
class FormPart:
    """One part of a multipart/form-data request body, as the handler reads it: a file
    (`c.FormFile("avatar")`, `r.FormFile`; `many`: every file of the name) or a text value
    (`c.PostForm("caption")`, `r.FormValue`; `many`: every value, c.PostFormArray). `type`: what a value
    part's text is parsed as, with the validator's checks, for a part bound into a struct field
    (`c.ShouldBind(&form)`: an integer, a date-time, an array of them for `many`); None: any string. For a
    list of files, an array (of unknown items) whose checks are those of its length (`binding:"max=2"`)."""

    name: str
    kind: Literal["file", "value"]
    many: bool = False
    optional: bool = False
    position: Position | None = field(default=None, compare=False)
    type: TypeRef | None = None


@record(frozen=True)
class ErrorBody:
    """A JSON body a bare handler writes with a non-2xx `status` (`c.JSON(404, NewError(...))`).
    `type` is kind unknown where the code shows the status but not what it writes there."""

    status: int
    type: TypeRef
    position: Position | None = None


# What a response body is: JSON, text (c.String, c.HTML: the client returns the string) or bytes
# (c.Data, c.File: a Blob).
Media = Literal["json", "text", "binary"]


@record(frozen=True)
class Success:
    """A 2xx response a bare handler writes besides the endpoint's main one (`c.Status(204)` in one
    branch, `c.JSON(200, v)` in another). `type` None: no body (204, or c.NoContent); `empty`: the code
    shows only the status being set (w.WriteHeader(s)), so the body that follows, if any, is `type`."""

    status: int
    type: TypeRef | None = None
    media: Media = "json"
    empty: bool = False
    position: Position | None = None


@record(frozen=True)
class Endpoint:
    """One HTTP operation. `path` uses `{name}` for a segment and `{name...}` for the rest of the path.
    `request`: the JSON body the handler decodes (None: no body). `response`: the success body
    (kind unknown where it cannot be seen). `wire`: "envelope" when the generated adapter writes
    `{"data": ...}` and problem+json errors, "bare" when the handler writes the value itself.
    `error_bodies`: the bodies a bare handler writes with non-2xx statuses, sorted by status.
    `form`: the parts of a multipart/form-data request body (then `request` is None), sorted by name.
    `media`: what the main response body is; `other_successes`: a bare handler's other 2xx statuses
    and their bodies, sorted by status."""

    name: str  # the handler's Go name (method or function)
    group: str  # the receiver type for methods, else the Go package name
    package: str  # import path of the handler's package
    method: str
    path: str
    params: tuple[Param, ...] = ()
    request: TypeRef | None = None
    form: tuple[FormPart, ...] = ()
    response: TypeRef | None = None
    status: int = 200
    media: Media = "json"
    other_successes: tuple[Success, ...] = ()
    errors: tuple[str, ...] = ()  # reason values the handler may return, where known
    error_bodies: tuple[ErrorBody, ...] = ()  # bare endpoints: what each non-2xx status carries, by status
    wire: Literal["envelope", "bare"] = "bare"
    doc: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)

    def success_types(self) -> list[TypeRef]:
        """The types of the success bodies: the main response's and the other 2xx statuses'."""
        found = [self.response] if self.response is not None else []
        return found + [s.type for s in self.other_successes if s.type is not None]


@record(frozen=True)
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
        for name, default in _serialised_fields(type(value)):
            item = getattr(value, name)
            if default is not _NO_DEFAULT and item == default:
                continue
            out[name] = to_data(item)
        return out
    if isinstance(value, tuple):
        return [to_data(v) for v in value]
    return value


_NO_DEFAULT = object()
_FIELDS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _serialised_fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's fields and defaults, looked up once per class: `dataclasses.fields` on each of
    half a million IR values was a third of writing a large contract.json."""
    found = _FIELDS.get(cls)
    if found is None:
        found = tuple(
            (f.name, f.default if f.default is not dataclasses.MISSING else _NO_DEFAULT) for f in dataclasses.fields(cls)
        )
        _FIELDS[cls] = found
    return found


def to_json(contract: Contract) -> str:
    """`json.dumps({"version": ..., **to_data(contract)}, indent=2, ensure_ascii=False)` + a newline, byte
    for byte, written straight from the dataclasses: with an indent, json.dumps leaves its C encoder
    for a generator per value, and building the plain data first cost as much again (4,237 types:
    3.4 s of 7). Each IR class gets an encoder of its own, compiled once (see _class_encoder);
    strings still go through the C encoder."""
    parts: list[str] = ["{\n  \"version\": ", _scalar(contract.version)]  # always stated, first
    for name, default in _serialised_fields(Contract):
        item = getattr(contract, name)
        if name == "version" or (default is not _NO_DEFAULT and item == default):
            continue
        parts.append(",\n  " + _encode_string(name) + ": ")
        _dump(item, "\n  ", parts)
    parts.append("\n}\n")
    return "".join(parts)


def _dump(value: Any, newline: str, parts: list[str]) -> None:
    """One value of the IR at an indent (`newline` is a newline and the indent of its line)."""
    _writer(type(value))(value, newline, parts)


def _writer(kind: type) -> Any:
    """The function that writes a value of type `kind`. Looked up by exact type: chained type tests
    and `dataclasses.is_dataclass` for each of the ~40,000 values of a large contract were a third
    of writing it."""
    found = _WRITERS.get(kind)
    if found is not None:
        return found
    if kind is type:  # a class itself, never an IR value: written as json.dumps would (it refuses it)
        return _write_scalar
    found = _class_encoder(kind) if dataclasses.is_dataclass(kind) else _write_scalar
    _WRITERS[kind] = found
    return found


def _write_string(value: str, newline: str, parts: list[str]) -> None:
    parts.append(_encode_string(value))


def _write_array(value: tuple[Any, ...] | list[Any], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("[]")
        return
    inner = newline + "  "
    separator = "," + inner
    parts.append("[" + inner)
    first = True
    for item in value:
        if not first:
            parts.append(separator)
        first = False
        kind = type(item)
        if kind is str:
            parts.append(_encode_string(item))
        else:
            (_WRITERS.get(kind) or _dump)(item, inner, parts)
    parts.append(newline + "]")


def _write_object(value: dict[str, Any], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("{}")
        return
    inner = newline + "  "
    first = True
    for key, item in value.items():
        parts.append(("{" if first else ",") + inner + _encode_string(key) + ": ")
        first = False
        _dump(item, inner, parts)
    parts.append(newline + "}")


def _write_scalar(value: Any, newline: str, parts: list[str]) -> None:
    parts.append(_scalar(value))


def _scalar(value: Any) -> str:
    """A number, boolean or null, as json.dumps spells it (which is int.__repr__ for an int)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return int.__repr__(value) if type(value) is int else json.dumps(value)


# By exact type: a subclass of str, tuple or dict goes the way json.dumps takes it (_writer's default).
_WRITERS: dict[type, Any] = {
    str: _write_string,
    tuple: _write_array,
    list: _write_array,
    dict: _write_object,
    bool: _write_scalar,
    int: _write_scalar,
    type(None): _write_scalar,
}


def _class_encoder(cls: type) -> Any:
    """A function writing a value of dataclass `cls` as to_data and json.dumps would: its fields in
    order, each left out when it equals its default, an object without keys as `{}`. Generated, so
    that each field costs one attribute read, one comparison and one append, not a loop step; a
    field declared a string, boolean or integer has its value written in place when it is one,
    anything else goes to its type's writer. (Compiling is part of every cold run: the code is kept
    small.)"""
    lines = ["def encode(value, newline, parts):", "    inner = newline + '  '", "    opening = '{' + inner", "    separator = ',' + inner", "    first = True"]
    defaults: dict[str, Any] = {}
    hints = get_type_hints(cls)
    for index, (name, default) in enumerate(_serialised_fields(cls)):
        key = repr(_encode_string(name) + ": ")
        lines.append(f"    item = value.{name}")
        indent = "    "
        if default is None:  # no IR value equals None but None itself: `is` says the same, faster
            lines.append("    if item is not None:")
            indent = "        "
        elif default is not _NO_DEFAULT:
            defaults[f"default_{index}"] = default
            lines.append(f"    if not (item == default_{index}):")
            indent = "        "
        lines += [f"{indent}start = (opening if first else separator) + {key}", f"{indent}first = False"]
        inline = _INLINE.get(_declared_scalar(hints[name]))
        if inline is None:
            lines += [f"{indent}parts.append(start)", f"{indent}(writers.get(type(item)) or dump)(item, inner, parts)"]
        else:
            lines += [
                f"{indent}if type(item) is {inline[0]}:",
                f"{indent}    parts.append(start + {inline[1]})",
                f"{indent}else:",
                f"{indent}    parts.append(start)",
                f"{indent}    dump(item, inner, parts)",
            ]
    lines += ["    parts.append('{}' if first else newline + '}')"]
    namespace: dict[str, Any] = {"encode_string": _encode_string, "int_repr": int.__repr__, "dump": _dump, "writers": _WRITERS, **defaults}
    exec(compiled("\n".join(lines), "<contract.json encoder>"), namespace)  # noqa: S102  (our own field names, checked identifiers)
    return namespace["encode"]


# A value of these types is written in place: the type's name in the generated code, and the text.
_INLINE: dict[type | None, tuple[str, str]] = {
    str: ("str", "encode_string(item)"),
    bool: ("bool", "('true' if item else 'false')"),
    int: ("int", "int_repr(item)"),
}


def _declared_scalar(hint: Any) -> type | None:
    """The one type a field declared `hint` holds besides None (a Literal's values' type), or None
    when it may hold several or is no plain type."""
    found: set[Any] = set()
    for part in get_args(hint) if get_origin(hint) in (Union, UnionType) else (hint,):
        if part is type(None):
            continue
        if get_origin(part) is Literal:
            found.update(type(v) for v in get_args(part))
        else:
            found.add(part)
    return found.pop() if len(found) == 1 else None


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
