"""TypeRef -> a TypeScript type and a Zod 4 schema expression, for one generated module."""

from __future__ import annotations

from dataclasses import field

from contractgen.ir.formats import PATTERNS
from contractgen.ir.model import Contract, Field, TypeDecl, TypeRef
from contractgen.records import record
from contractgen.targets.ts import checks
from contractgen.targets.ts.names import identifier, property_key, type_param_name

SAFE_INTEGER = 2**53 - 1
TUPLE_MAX = 8  # fixed-length arrays up to this length become tuples; longer ones `T[]` with a length check
_INTEGER_TEXT = r"/^-?(?:0|[1-9]\d*)$/"
_NUMBER_TEXT = r"/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/"
# A bool field tagged `,string`: the texts Go writes, and those it decodes (formats.py).
_BOOLEAN_TEXTS = {"boolean": '"true" | "false"', "boolean-input": '"true" | "false" | "null"'}
_PATTERN_SCHEMAS = {name: f"z.string().regex(/{pattern}/)" for name, pattern in PATTERNS.items()}


@record
class ModuleContext:
    """What one module needs to spell references: its package, how other packages are imported,
    which declarations are generic, and which schemas are not yet defined where they are used."""

    contract: Contract
    package: str
    aliases: dict[str, str]  # package path -> import alias
    decl_names: dict[tuple[str, str], str]  # (package, Go name) -> TS name
    # Set while rendering one declaration: the Go names of same-module schemas not yet defined there.
    pending: set[str] = field(default_factory=set)
    # Other packages on an import cycle with this one (order.package_cycles): their schemas are read lazily.
    lazy_packages: frozenset[str] = frozenset()
    # A package split into part files (PART_SIZE): each own declaration's part, this module's part,
    # and the import alias of each part. Empty when the package is one module.
    part_of: dict[str, int] = field(default_factory=dict)
    part: int = 0
    part_aliases: dict[int, str] = field(default_factory=dict)
    used_parts: set[int] = field(default_factory=set)
    whole_alias: str = ""  # the import alias of the package's own module, for reads of later parts
    uses_whole: bool = False
    used_imports: set[str] = field(default_factory=set)
    uses_json: bool = False

    def decl(self, package: str, name: str) -> TypeDecl:
        return self.contract.decl(package, name)

    def qualified(self, ref: TypeRef, suffix: str = "") -> str:
        assert ref.package is not None and ref.name is not None
        local = self.decl_names[(ref.package, ref.name)] + suffix
        if ref.package == self.package:
            part = self.part_of.get(ref.name, self.part)
            if part == self.part:
                return local
            if part > self.part:
                # A later part of a cycle cut into parts, read lazily: through the package's module,
                # which is being evaluated already (a direct import of the later part would evaluate
                # it first, before the earlier parts it reads at load).
                self.uses_whole = True
                return f"{self.whole_alias}.{local}"
            self.used_parts.add(part)  # an earlier part of this package
            return f"{self.part_aliases[part]}.{local}"
        self.used_imports.add(ref.package)
        return f"{self.aliases[ref.package]}.{local}"


def ts_type(ref: TypeRef, ctx: ModuleContext, infer_params: bool = False) -> str:
    """`infer_params`: inside a schema factory, a type parameter T stands for a schema, so its type is z.infer<T>."""
    text = _ts_core(ref, ctx, infer_params)
    if ref.checks:  # the request side: a oneof is a union of literals, a required boolean is true
        values = checks.literal_union(ref)
        text = checks.literal_type(values) if values is not None else "true" if checks.boolean_required(ref) else text
    return f"{text} | null" if ref.nullable and ref.kind != "unknown" else text


def _parenthesize(text: str) -> str:
    """Wrap a union before `[]` or `| null` binds to it; only a `|` outside all brackets makes a union."""
    depth = 0
    for ch in text:
        if ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
        elif ch == "|" and depth == 0:
            return f"({text})"
    return text


def _ts_core(ref: TypeRef, ctx: ModuleContext, infer: bool) -> str:
    kind = ref.kind
    if kind == "string":
        return _BOOLEAN_TEXTS.get(ref.format or "", "string")
    if kind in ("integer", "number"):
        return "number"
    if kind == "boolean":
        return "boolean"
    if kind == "unknown":
        ctx.uses_json = True
        return "JsonValue"
    if kind == "array":
        assert ref.items is not None
        item = ts_type(ref.items, ctx, infer)
        if ref.length is not None and ref.length <= TUPLE_MAX:
            return "[" + ", ".join([item] * ref.length) + "]"
        return f"{_parenthesize(item)}[]"
    if kind == "map":
        assert ref.key is not None and ref.values is not None
        value = ts_type(ref.values, ctx, infer)
        if ref.key.kind == "ref":
            return f"{{ [K in {ts_type(ref.key, ctx, infer)}]?: {value} }}"
        return f"{{ [key: string]: {value} }}"
    if kind == "ref":
        zero = _zero_left_out(ref, ctx)
        if zero is not None:
            return f"Exclude<{ctx.qualified(ref)}, {zero}>"
        args = ", ".join(ts_type(a, ctx, infer) for a in ref.args)
        return ctx.qualified(ref) + (f"<{args}>" if args else "")
    if kind == "param":
        assert ref.name is not None
        return f"z.infer<{type_param_name(ref.name)}>" if infer else type_param_name(ref.name)
    if kind == "object":
        return object_type(ref.fields, ctx, infer, ref.open)
    if kind == "union":
        return " | ".join(_parenthesize(ts_type(v, ctx, infer)) for v in ref.variants)
    raise ValueError(f"unknown TypeRef kind {kind}")


def _zero_left_out(ref: TypeRef, ctx: ModuleContext) -> str | None:
    """The literal of an enum's zero value (TypeDecl.zero) where this place never holds it
    (TypeRef.never_zero: an omitempty field), else None."""
    if not ref.never_zero or ref.package is None or ref.name is None:
        return None
    decl = ctx.decl(ref.package, ref.name)
    if decl.kind != "enum" or not decl.zero:
        return None
    return '""' if decl.base == "string" else "0"


def representable(fields: tuple[Field, ...]) -> list[Field]:
    """A `__proto__` key cannot be read or validated as an own property of a JavaScript object (Zod
    skips it, property access yields the prototype), so the TypeScript contract leaves it out (warning CG107)."""
    return [f for f in fields if f.name != "__proto__"]


# An optional key is written `key?: T | undefined`, as z.infer writes it: then the interface and the
# schema's type are the same also under a consumer's exactOptionalPropertyTypes.
OPTIONAL_SUFFIX = " | undefined"

EMPTY_OBJECT = "{ [key: string]: never }"  # what z.object({}) infers; `{}` would mean any non-null value


def object_type(fields: tuple[Field, ...], ctx: ModuleContext, infer: bool = False, open_: bool = False) -> str:
    """`open_`: further keys of any value are allowed (as z.looseObject infers them)."""
    if not representable(fields) and not open_:
        return EMPTY_OBJECT
    members = [
        f"{property_key(f.name)}{'?' if f.optional else ''}: {ts_type(f.type, ctx, infer)}{OPTIONAL_SUFFIX if f.optional else ''}"
        for f in representable(fields)
    ] + (["[key: string]: unknown"] if open_ else [])
    return "{ " + "; ".join(members) + " }"


def zod(ref: TypeRef, ctx: ModuleContext) -> str:
    text = _zod_core(ref, ctx)
    if ref.checks:  # the request side: what the server's validator checks
        values = checks.literal_union(ref)
        if values is not None:
            text = checks.literal_schema(values)
        elif checks.boolean_required(ref):
            text = "z.literal(true)"
        else:
            text += checks.refinement(ref)
    return f"{text}.nullable()" if ref.nullable and ref.kind != "unknown" else text


def _zod_core(ref: TypeRef, ctx: ModuleContext) -> str:
    kind = ref.kind
    if kind == "string":
        return {
            "date-time": "z.iso.datetime({ offset: true })",
            "base64": "z.base64()",
            "integer": f"z.string().regex({_INTEGER_TEXT})",
            "number": f"z.string().regex({_NUMBER_TEXT})",
            **_PATTERN_SCHEMAS,
            "boolean": 'z.enum(["true", "false"])',
            "boolean-input": 'z.enum(["true", "false", "null"])',
        }.get(ref.format or "", "z.string()")
    if kind == "integer":
        return integer_schema(ref.minimum, ref.maximum)
    if kind == "number":
        return "z.number()"
    if kind == "boolean":
        return "z.boolean()"
    if kind == "unknown":
        return "z.json()"
    if kind == "array":
        assert ref.items is not None
        item = zod(ref.items, ctx)
        if ref.length is not None and ref.length <= TUPLE_MAX:
            return "z.tuple([" + ", ".join([item] * ref.length) + "])"
        return f"z.array({item})" + (f".length({ref.length})" if ref.length is not None else "")
    if kind == "map":
        assert ref.key is not None and ref.values is not None
        if ref.key.kind == "ref":
            return f"z.partialRecord({zod(ref.key, ctx)}, {zod(ref.values, ctx)})"
        return f"z.record({zod(ref.key, ctx)}, {zod(ref.values, ctx)})"
    if kind == "ref":
        if _zero_left_out(ref, ctx) is not None:
            return f"z.enum({ctx.qualified(ref)})"  # the members only, from the enum's const object
        name = ctx.qualified(ref, "Schema")
        if ref.args:
            return f"{name}({', '.join(zod(a, ctx) for a in ref.args)})"
        return name
    if kind == "param":
        assert ref.name is not None
        return f"${ref.name}"
    if kind == "object":
        shape = ", ".join(f"{property_key(f.name)}: {field_schema(f, ctx)}" for f in representable(ref.fields))
        maker = "z.looseObject" if ref.open else "z.object"
        return f"{maker}({{ {shape} }})" if shape else f"{maker}({{}})"
    if kind == "union":
        return "z.union([" + ", ".join(zod(v, ctx) for v in ref.variants) + "])"
    raise ValueError(f"unknown TypeRef kind {kind}")


def field_schema(f: Field, ctx: ModuleContext) -> str:
    text = zod(f.type, ctx)
    return f"{text}.optional()" if f.optional else text


def integer_schema(minimum: int | None, maximum: int | None) -> str:
    """z.int() only accepts safe integers, so 64-bit bounds are left to it: larger values are rejected, not rounded."""
    text = "z.int()"
    if minimum is not None and minimum > -SAFE_INTEGER:
        text += f".min({minimum})"
    if maximum is not None and maximum < SAFE_INTEGER:
        text += f".max({maximum})"
    return text


def references_pending(ref: TypeRef, ctx: ModuleContext) -> bool:
    """Whether a schema expression names a schema that is not defined yet (a cycle): a same-module
    one later in the module, or any of a package on an import cycle with this one."""
    if not ctx.pending and not ctx.lazy_packages:  # most declarations: nothing is pending, no walk
        return False
    return _names_pending(ref, ctx)


def _names_pending(ref: TypeRef, ctx: ModuleContext) -> bool:
    if ref.kind == "ref" and ref.package == ctx.package and ref.name in ctx.pending:  # Go names (order.py), not renamed ones
        return True
    if ref.kind == "ref" and ref.package in ctx.lazy_packages:
        return True
    children = [ref.items, ref.key, ref.values, *ref.args, *ref.variants, *(f.type for f in ref.fields)]
    return any(child is not None and _names_pending(child, ctx) for child in children)
