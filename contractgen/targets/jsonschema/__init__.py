"""The JSON Schema target: one JSON Schema 2020-12 document per named type, `<package dir>/<Name>.json`.

A pure function of the contract with the encoding/json truth of the Zod schemas: null only where Go
writes null, optional keys not `required`, unknown keys allowed (the Zod objects strip them), integers
bounded by their Go range (and by ±(2^53−1) where Zod's `z.int()` is: beyond it JSON.parse loses
digits), and the string formats checked by `pattern` (a `format` alone is only an annotation in 2020-12).
Generic types have no parameterised form in JSON Schema: a generic declaration's file accepts any JSON
for its parameters, and every use of an instantiation (`Page[User]`) inlines the instantiated schema.
Documents refer to each other by relative `$ref`, and each has an `$id` under `base_uri`.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import replace
from typing import Any

from contractgen.ir.formats import PATTERNS
from contractgen.ir.model import Contract, Field, Package, TypeDecl, TypeRef
from contractgen.records import record

SAFE_INTEGER = 2**53 - 1
DIALECT = "https://json-schema.org/draft/2020-12/schema"
# What the Zod schemas accept for each string format (targets/ts/expressions.py), as patterns.
FORMAT_PATTERNS = {
    "date-time": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
    "base64": r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$",
    "integer": r"^-?(?:0|[1-9]\d*)$",
    "number": r"^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$",
    **PATTERNS,
}


@record(frozen=True)
class JsonSchemaOptions:
    base_uri: str = "https://contractgen.invalid/jsonschema/"


def document_path(package: Package, decl: TypeDecl) -> str:
    return f"{package.dir or '_root'}/{decl.name}.json"


def render(contract: Contract, options: JsonSchemaOptions = JsonSchemaOptions()) -> dict[str, str]:
    files: dict[str, str] = {}
    for package in contract.packages:
        for decl in package.types:
            path = document_path(package, decl)
            schema = {"$schema": DIALECT, "$id": options.base_uri + path, "title": decl.name}
            if decl.doc:
                schema["description"] = decl.doc
            schema |= Converter(contract, posixpath.dirname(path)).declaration(package, decl)
            files[path] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return dict(sorted(files.items()))


class Converter:
    """IR types -> JSON Schema, seen from the document in directory `here` (for relative `$ref`s)."""

    def __init__(self, contract: Contract, here: str, refs: bool = True) -> None:
        self.contract = contract
        self.here = here
        self.refs = refs  # False: inline every reference (for tools without a document registry)
        self.inlining: set[tuple[str, str]] = set()  # instantiations being inlined, to stop at a recursive one

    def declaration(self, package: Package, decl: TypeDecl, args: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
        bindings = args if args is not None else {p.name: {} for p in decl.params}
        if decl.kind == "object":
            return self.object(decl.fields, bindings)
        if decl.kind == "enum":
            values: list[str | int] = [m.value for m in decl.members]
            if decl.zero:  # the zero value of a field nobody set (TypeDecl.zero)
                values.append("" if decl.base == "string" else 0)
            return {"type": "string" if decl.base == "string" else "integer", "enum": values}
        assert decl.type is not None
        body = replace(decl.type, nullable=False) if decl.type.kind != "unknown" else decl.type
        return self.type(body, bindings)

    def object(self, fields: tuple[Field, ...], bindings: dict[str, dict[str, Any]]) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        for f in fields:
            if f.name == "__proto__":
                continue  # as in the TypeScript contract (CG107)
            schema = self.field(f, bindings)
            properties[f.name] = {"description": f.doc, **schema} if f.doc and "$ref" not in schema else schema
        required = sorted(f.name for f in fields if not f.optional and f.name != "__proto__")
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            out["required"] = required
        return out

    def field(self, f: Field, bindings: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """A field's schema: a seam for converters that name what a field holds (the Python target)."""
        return self.type(f.type, bindings)

    def type(self, ref: TypeRef, bindings: dict[str, dict[str, Any]]) -> dict[str, Any]:
        schema = self.value(ref, bindings)
        if not ref.nullable or ref.kind == "unknown":
            return schema
        if isinstance(schema.get("type"), str) and "enum" not in schema:
            return {**schema, "type": [schema["type"], "null"]}
        return {"anyOf": [schema, {"type": "null"}]}

    def value(self, ref: TypeRef, bindings: dict[str, dict[str, Any]]) -> dict[str, Any]:
        kind = ref.kind
        if kind == "string":
            out: dict[str, Any] = {"type": "string"}
            if ref.format == "boolean":
                return {"type": "string", "enum": ["true", "false"]}
            if ref.format == "boolean-input":
                return {"type": "string", "enum": ["true", "false", "null"]}
            if ref.format == "date-time":
                out["format"] = "date-time"
            if ref.format in ("base64", "base64-input"):
                out["contentEncoding"] = "base64"
            if ref.format == "uuid":
                out["format"] = "uuid"
            if ref.format in FORMAT_PATTERNS:
                out["pattern"] = FORMAT_PATTERNS[ref.format]
            return out
        if kind == "integer":
            return {
                "type": "integer",
                "minimum": max(ref.minimum, -SAFE_INTEGER) if ref.minimum is not None else -SAFE_INTEGER,
                "maximum": min(ref.maximum, SAFE_INTEGER) if ref.maximum is not None else SAFE_INTEGER,
            }
        if kind in ("number", "boolean"):
            return {"type": kind}
        if kind == "unknown":
            return {}
        if kind == "array":
            assert ref.items is not None
            out = {"type": "array", "items": self.type(ref.items, bindings)}
            if ref.length is not None:
                out["minItems"] = out["maxItems"] = ref.length
            return out
        if kind == "map":
            assert ref.values is not None and ref.key is not None
            out = {"type": "object", "additionalProperties": self.type(ref.values, bindings)}
            key = self.value(ref.key, bindings)
            key.pop("type", None) if ref.key.kind == "string" and not ref.key.format else None
            if key and key != {"type": "string"}:
                out["propertyNames"] = key
            return out
        if kind == "object":
            return self.object(ref.fields, bindings)
        if kind == "union":
            return {"anyOf": [self.value(v, bindings) for v in ref.variants]}
        if kind == "param":
            return bindings.get(ref.name or "", {})
        assert ref.package is not None and ref.name is not None
        package = self.contract.package(ref.package)
        decl = self.contract.decl(ref.package, ref.name)
        schema = self.reference(package, decl, ref, bindings)
        if ref.never_zero and decl.kind == "enum" and decl.zero:  # an omitempty field never sends the zero value
            schema = {**schema, "not": {"const": "" if decl.base == "string" else 0}}
        return schema

    def reference(self, package: Package, decl: TypeDecl, ref: TypeRef, bindings: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """A use of a named type: a relative `$ref`, or the instantiated body of a generic one."""
        assert ref.package is not None and ref.name is not None
        if (ref.args or not self.refs) and (ref.package, ref.name) not in self.inlining:
            # A recursive instantiation refers back to the generic document (its parameters: any JSON).
            args = {p.name: self.type(a, bindings) for p, a in zip(decl.params, ref.args)}
            self.inlining.add((ref.package, ref.name))
            try:
                return self.declaration(package, decl, args)
            finally:
                self.inlining.discard((ref.package, ref.name))
        return {"$ref": posixpath.relpath(document_path(package, decl), self.here or ".")}
