"""What gin's and echo's form binding reads into a struct, as the parts of a multipart/form-data body
or as query parameters, typed and with the validator's checks.

Read from their source (gin v1.10.0 binding/form_mapping.go, multipart_form_mapping.go; echo v4.13.3
bind.go):
- gin (`form` tag; ShouldBindQuery, binding.Form/FormPost/FormMultipart, ShouldBind on GET or with a
  form content type): every exported field, the key its tag's name or else the Go field name, `-`
  skipped; embedded and nested structs are walked into; `form:"x,default=5"` fills an absent key;
  slices take every value of the key; `*multipart.FileHeader` / `[]*multipart.FileHeader` take the
  files (multipart only); time.Time is parsed with `time_format` (RFC 3339 without one; `unix`,
  `unixnano`: an integer); numbers and booleans with strconv ("" is 0 / false). Then the validator
  checks the `binding:` rules.
- echo (`form`, `query` or `param` tag): only tagged fields (a struct without the tag is walked into);
  keys match case-insensitively (the client sends the tag's spelling); files likewise.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from contractgen.diagnostics import Position
from contractgen.ir.jsontag import lookup
from contractgen.ir.model import FormPart, Param, TypeRef
from contractgen.ir.validation import Rules, checks_for, parse_rules, zero_passes
from contractgen.records import record
from contractgen.scan.facts import ArrayExpr, NameExpr, PointerExpr, SliceExpr, StructExpr, TypeExpr

if TYPE_CHECKING:
    from contractgen.ir.build import _Builder
    from contractgen.ir.scope import Scope

Framework = Literal["gin", "echo"]
_FILE = "mime/multipart.FileHeader"
_TIME = "time.Time"
_RFC3339 = ("", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05.999999999Z07:00")
_DEPTH = 5


@record(frozen=True)
class Bound:
    """One key the binding reads: `file` a multipart file (or files), `many` every value (or file)."""

    key: str
    expr: TypeExpr  # the field's Go type
    scope: Scope
    tag: str
    file: bool
    many: bool
    default: bool  # gin's `default=`: an absent key is not missing
    doc: str
    pos: Position
    source_name: str


def bound_fields(builder: _Builder, struct: StructExpr, scope: Scope, tag: str, framework: Framework) -> list[Bound]:
    found: list[Bound] = []
    _walk(builder, struct, scope, tag, framework, "", found, 0)
    return found


def form_like(builder: _Builder, struct: StructExpr, scope: Scope) -> bool:
    """A struct meant for a form rather than JSON: it takes a file, or it has `form:` tags and no `json:`
    tags (the framework's JSON binding would ignore the form names)."""
    form = json = file = False
    for bound in bound_fields(builder, struct, scope, "form", "echo"):
        form = True
        file = file or bound.file
    for raw in _all_tags(builder, struct, scope, 0):
        json = json or lookup(raw, "json") is not None
    return file or (form and not json)


def form_part(builder: _Builder, bound: Bound) -> FormPart:
    rules = parse_rules(bound.tag)
    if bound.file:
        # The validator's required on a nil *FileHeader (or an empty slice of them) fails.
        required = any(name == "required" for name, _ in rules.at(0)) and not rules.skip
        # A list of files keeps the checks on its length (max=2); the files themselves have no type.
        counted = () if rules.skip or not bound.many else checks_for(rules.at(0), "slice", [])
        listed = TypeRef("array", items=TypeRef("unknown"), checks=counted) if counted else None
        return FormPart(bound.key, "file", many=bound.many, optional=not required, position=bound.pos, type=listed)
    value, optional = _value(builder, bound, rules)
    return FormPart(bound.key, "value", many=bound.many, optional=optional, position=bound.pos, type=value)


def query_param(builder: _Builder, bound: Bound) -> Param:
    value, optional = _value(builder, bound, parse_rules(bound.tag))
    return Param(bound.key, "query", value, optional=optional, doc=bound.doc, source_name=bound.source_name, position=bound.pos)


def _value(builder: _Builder, bound: Bound, rules: Rules) -> tuple[TypeRef, bool]:
    """The part's value as the binding parses it, with the checks of its first rule level (and of its
    elements after a dive); optional when an absent key (its zero value, or the default) passes."""
    expr, scope = bound.expr, bound.scope
    kind = builder._kind(expr, scope)
    inner = expr.elem if isinstance(expr, PointerExpr) else expr
    inner_kind = builder._kind(inner, scope)
    checks = () if rules.skip else checks_for(rules.at(0), inner_kind, [])
    zero_ok = zero_passes(checks, kind) or bound.default
    if kind == "pointer" and checks and checks[0].rule == "omitempty":
        checks = checks[1:]
    if bound.many:
        element = inner.elem if isinstance(inner, (SliceExpr, ArrayExpr)) else inner
        element_checks = () if rules.skip else checks_for(rules.at(1), builder._kind(element, scope), [])
        item = replace(_scalar(builder, element, scope, bound.tag), checks=element_checks)
        return TypeRef("array", items=item, checks=checks), zero_ok
    return replace(_scalar(builder, inner, scope, bound.tag), checks=checks), zero_ok


def _scalar(builder: _Builder, expr: TypeExpr, scope: Scope, tag: str) -> TypeRef:
    while isinstance(expr, PointerExpr):
        expr = expr.elem
    if _is(builder, expr, scope, _TIME):
        layout = lookup(tag, "time_format") or ""
        if layout.lower() in ("unix", "unixnano"):
            return TypeRef("integer")
        # Another layout is a plain string here: the contract has no format for an arbitrary layout.
        return TypeRef("string", format="date-time") if layout in _RFC3339 else TypeRef("string")
    resolved = builder.resolve_quiet(expr, scope)
    if resolved.kind in ("string", "integer", "number", "boolean"):
        return replace(resolved, nullable=False)
    return TypeRef("string")  # a value the binding parses otherwise (JSON text of a map, a custom UnmarshalParam)


def _walk(builder: _Builder, struct: StructExpr, scope: Scope, tag: str, framework: Framework, prefix: str, out: list[Bound], depth: int) -> None:
    for fact in struct.fields:
        if fact.embedded or not fact.names:
            inner = builder._underlying_struct(_strip(fact.type), scope)
            if inner is not None and depth < _DEPTH:
                _walk(builder, inner[0], inner[1], tag, framework, prefix, out, depth + 1)
            continue
        for name in fact.names:
            if not name[:1].isupper():
                continue
            raw = fact.tag or ""
            written = (lookup(raw, tag) or "").split(",")
            key = written[0]
            if key == "-":
                continue
            is_file = _file_field(builder, fact.type, scope)
            element = _element(fact.type)
            nested = None if is_file or _is(builder, _strip(fact.type), scope, _TIME) else builder._underlying_struct(_strip(fact.type), scope)
            if nested is not None and not key and depth < _DEPTH:
                _walk(builder, nested[0], nested[1], tag, framework, f"{prefix}{name}.", out, depth + 1)
                continue
            if not key:
                if framework == "echo":
                    continue  # echo binds tagged fields only
                key = name
            default = any(option.startswith("default=") for option in written[1:])
            out.append(Bound(key, fact.type, scope, raw, is_file, element is not None, default, fact.doc, fact.pos, prefix + name))


def _all_tags(builder: _Builder, struct: StructExpr, scope: Scope, depth: int) -> list[str]:
    tags: list[str] = []
    for fact in struct.fields:
        tags.append(fact.tag or "")
        if fact.embedded and depth < _DEPTH:
            inner = builder._underlying_struct(_strip(fact.type), scope)
            if inner is not None:
                tags.extend(_all_tags(builder, inner[0], inner[1], depth + 1))
    return tags


def _strip(expr: TypeExpr) -> TypeExpr:
    while isinstance(expr, PointerExpr):
        expr = expr.elem
    return expr


def _element(expr: TypeExpr) -> TypeExpr | None:
    """The element of a slice or array field: the binding takes every value of the key."""
    inner = _strip(expr)
    return inner.elem if isinstance(inner, (SliceExpr, ArrayExpr)) else None


def _file_field(builder: _Builder, expr: TypeExpr, scope: Scope) -> bool:
    element = _element(expr)
    return _is(builder, _strip(element if element is not None else expr), scope, _FILE)


def _is(builder: _Builder, expr: TypeExpr, scope: Scope, key: str) -> bool:
    return isinstance(expr, NameExpr) and builder._external_key(expr, scope) == key
