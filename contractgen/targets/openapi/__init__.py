"""The OpenAPI 3.1 target: `openapi.json` (and `openapi.yaml` on request), a pure function of the contract.

Components come from the JSON Schema converter (OpenAPI 3.1 schemas are JSON Schema 2020-12), so
they carry the same encoding/json truth; a component is named `<package dir>.<Type>` (`_root.` for
the root package), and an instantiation of a generic type used by an endpoint gets a stable name of
its own (`api.Page.models.User`). Every endpoint has its parameters, request body, success response
(`{"data": …}` for envelope endpoints, the value itself for bare ones) and its errors: for envelope
endpoints RFC 9457 problem+json whose `reason` enumerates what the endpoint may return (its known
reasons and the built-in ones, contractgen/wire.py), for bare ones any body.
"""

from __future__ import annotations

from collections.abc import Callable

import json
from dataclasses import dataclass
from typing import Any

from contractgen import wire
from contractgen.ir.model import Contract, Endpoint, Package, TypeDecl, TypeRef
from contractgen.targets.jsonschema import Converter

REF = "#/components/schemas/"


@dataclass(frozen=True)
class OpenApiOptions:
    title: str = ""  # default: the Go module path
    version: str = "0.0.0"
    yaml: bool = False  # also write openapi.yaml


def component_name(package: Package, name: str, root: str = "_root", module: Callable[[str], str] | None = None) -> str:
    """`module`: how a package directory is spelled (the Python target needs importable module names)."""
    spelled = module(package.dir) if module is not None and package.dir else (package.dir or root).replace("/", ".")
    return f"{spelled}.{name}"


class Components(Converter):
    """The converter with `$ref`s into one document's schemas (`prefix` + name), registering generic
    instantiations as it meets them. The Python target uses it with `#/$defs/`."""

    def __init__(
        self,
        contract: Contract,
        prefix: str = REF,
        flat_args: bool = False,
        root: str = "_root",
        module: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(contract, "")
        self.module = module
        self.prefix = prefix
        # flat_args: an instantiation's arguments joined by "_" (a dot would make a module of them in Python)
        self.flat_args = flat_args
        self.root = root
        self.schemas: dict[str, Any] = {}
        self.type_args: dict[str, TypeRef] = {}  # the instantiation being written: its parameters' arguments

    def add_declarations(self) -> None:
        for package in self.contract.packages:
            for decl in package.types:
                if decl.params:
                    continue  # only instantiations are schemas: neither OpenAPI nor Pydantic has generic ones
                name = component_name(package, decl.name, self.root, self.module)
                schema = self.component(name, lambda: self.declaration(package, decl))
                self.schemas[name] = {"description": decl.doc, **schema} if decl.doc else schema

    def component(self, name: str, body: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The schema of component `name` (a seam: the Python target names anonymous structs after it)."""
        return body()

    def reference(self, package: Package, decl: TypeDecl, ref: TypeRef, bindings: dict[str, dict[str, Any]]) -> dict[str, Any]:
        if not ref.args:
            return {"$ref": self.prefix + component_name(package, decl.name, self.root, self.module)}
        named = self._instance_name(ref)
        if named is None:  # an argument is a type parameter: only inside a generic body, inline it
            return super().reference(package, decl, ref, bindings)
        if named not in self.schemas:
            self.schemas[named] = {}  # reserved first: a recursive instantiation refers to itself
            args = {p.name: self.type(a, bindings) for p, a in zip(decl.params, ref.args)}
            outer = self.type_args
            self.type_args = {p.name: self._bound(a) for p, a in zip(decl.params, ref.args)}
            try:
                self.schemas[named] = self.component(named, lambda: self.declaration(package, decl, args))
            finally:
                self.type_args = outer
        return {"$ref": self.prefix + named}

    def _bound(self, ref: TypeRef) -> TypeRef:
        return self.type_args.get(ref.name or "", ref) if ref.kind == "param" else ref

    def _instance_name(self, ref: TypeRef) -> str | None:
        ref = self._bound(ref)
        if ref.kind == "ref" and ref.package is not None and ref.name is not None:
            parts = [component_name(self.contract.package(ref.package), ref.name, self.root, self.module)]
            for arg in ref.args:
                inner = self._instance_name(arg)
                if inner is None:
                    return None
                parts.append(inner.replace(".", "_") if self.flat_args else inner)
            return ("_" if self.flat_args else ".").join(parts)
        if ref.kind in ("string", "integer", "number", "boolean") and not ref.format:
            return ref.kind
        if ref.kind == "array" and ref.items is not None:
            inner = self._instance_name(ref.items)
            return None if inner is None else ("ListOf_" if self.flat_args else "ListOf.") + inner
        return None


def render(contract: Contract, options: OpenApiOptions = OpenApiOptions()) -> dict[str, str]:
    components = Components(contract)
    components.add_declarations()
    paths: dict[str, dict[str, Any]] = {}
    operation_ids: set[str] = set()
    for endpoint in contract.endpoints:
        path = endpoint.path.replace("...}", "}")
        operation = _operation(endpoint, components, operation_ids)
        paths.setdefault(path, {})[endpoint.method.lower()] = operation
    document = {
        "openapi": "3.1.0",
        "info": {"title": options.title or contract.module, "version": options.version, "description": "Code generated by contractgen. DO NOT EDIT."},
        "paths": paths,
        "components": {"schemas": dict(sorted(components.schemas.items()))},
    }
    files = {"openapi.json": json.dumps(document, indent=2, ensure_ascii=False) + "\n"}
    if options.yaml:
        import yaml

        files["openapi.yaml"] = "# Code generated by contractgen. DO NOT EDIT.\n" + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    return files


def validate(text: str) -> None:
    """openapi-spec-validator's verdict on a rendered document (raises its error when invalid)."""
    from openapi_spec_validator import validate as check

    check(json.loads(text))


def _operation(endpoint: Endpoint, components: Components, taken: set[str]) -> dict[str, Any]:
    base = f"{endpoint.group}.{endpoint.name}"
    operation_id, n = base, 2
    while operation_id in taken:
        operation_id, n = f"{base}{n}", n + 1
    taken.add(operation_id)
    op: dict[str, Any] = {"operationId": operation_id, "tags": [endpoint.group]}
    if endpoint.doc:
        op["description"] = endpoint.doc
    params = []
    for p in endpoint.params:
        param: dict[str, Any] = {"name": p.name, "in": p.location, "required": p.location == "path" or not p.optional, "schema": components.type(p.type, {})}
        if p.doc:
            param["description"] = p.doc
        params.append(param)
    if params:
        op["parameters"] = params
    if endpoint.request is not None:
        op["requestBody"] = {"required": True, "content": {wire.JSON: {"schema": components.type(endpoint.request, {})}}}
    success: dict[str, Any] = {"description": "success"}
    if endpoint.status != 204:
        body = components.type(endpoint.response or TypeRef("unknown"), {})
        if endpoint.wire == "envelope":
            body = {"type": "object", "properties": {wire.ENVELOPE_KEY: body}, "required": [wire.ENVELOPE_KEY]}
        success["content"] = {wire.JSON: {"schema": body}}
    op["responses"] = {str(endpoint.status): success, "default": _errors(endpoint)}
    return op


def _errors(endpoint: Endpoint) -> dict[str, Any]:
    if endpoint.wire != "envelope":
        return {"description": "an error: the handler's own body (any JSON or text)", "content": {"*/*": {"schema": {}}}}
    reasons = sorted(set(endpoint.errors) | set(wire.BUILTIN_REASONS))
    properties: dict[str, Any] = {}
    for name, (kind, _required, meaning) in wire.PROBLEM_FIELDS.items():
        schema: dict[str, Any] = {"type": kind, "description": meaning}
        if name == "reason":
            schema["enum"] = reasons
        if name == "metadata":
            schema["additionalProperties"] = {"type": "string"}
        properties[name] = schema
    required = [name for name, (_k, req, _m) in wire.PROBLEM_FIELDS.items() if req]
    problem = {"type": "object", "properties": properties, "required": required}
    return {"description": "RFC 9457 problem details", "content": {wire.PROBLEM_JSON: {"schema": problem}}}
