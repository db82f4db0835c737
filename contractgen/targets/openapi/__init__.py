"""The OpenAPI 3.1 target: `openapi.json` (and `openapi.yaml` on request), a pure function of the contract.

Components come from the JSON Schema converter (OpenAPI 3.1 schemas are JSON Schema 2020-12), so
they carry the same encoding/json truth; a component is named `<package dir>.<Type>` (`_root.` for
the root package), and an instantiation of a generic type used by an endpoint gets a stable name of
its own (`api.Page.models.User`). Every endpoint has its parameters, request body, success response
(`{"data": …}` for envelope endpoints, the value itself for bare ones) and its errors: for envelope
endpoints RFC 9457 problem+json whose `reason` enumerates what the endpoint may return (its known
reasons and the built-in ones, contractgen/wire.py), for bare ones the body the handler writes with
each status it was seen to use (IR `error_bodies`), and any body for the others.

Request bodies are what the server accepts, not what it sends: a declaration with a request view
(contractgen/ir/requests.py) is a second component `<Name>Input` (keys may be absent and values null
unless its validation rules say otherwise, the rules as keywords: checks.py), and request bodies
refer to those.
"""

from __future__ import annotations

from collections.abc import Callable

import json
from typing import Any

from contextlib import contextmanager
from collections.abc import Iterator

from contractgen import wire
from contractgen.ir.model import Contract, Endpoint, Package, TypeDecl, TypeRef
from contractgen.records import record
from contractgen.targets.jsonschema import Converter
from contractgen.targets.openapi.checks import with_checks
from contractgen.targets.patterns import ecma_pattern

REF = "#/components/schemas/"


@record(frozen=True)
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
        self.accepting = False  # writing the request side: what the decoder and validator accept
        self.input_names: dict[tuple[str, str], str] = {}

    @contextmanager
    def request_side(self) -> Iterator[None]:
        outer, self.accepting = self.accepting, True
        try:
            yield
        finally:
            self.accepting = outer

    def declaration(self, package: Package, decl: TypeDecl, args: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
        if not (self.accepting and decl.request is not None):
            return super().declaration(package, decl, args)
        bindings = args if args is not None else {p.name: {} for p in decl.params}
        if decl.kind == "object":
            return self.object(decl.request.fields, bindings)
        return self.type(decl.request.type or TypeRef("unknown"), bindings)

    def type(self, ref: TypeRef, bindings: dict[str, dict[str, Any]]) -> dict[str, Any]:
        if not ref.checks:
            return super().type(ref, bindings)
        checked = with_checks(self.value(ref, bindings), ref)  # the rules hold for a present value, not null
        return {"anyOf": [checked, {"type": "null"}]} if ref.nullable and ref.kind != "unknown" else checked

    def _name(self, package: Package, decl: TypeDecl) -> str:
        """The component of a declaration as this side sees it: `<Name>Input` on the request side."""
        name = component_name(package, decl.name, self.root, self.module)
        if not (self.accepting and decl.request is not None):
            return name
        key = (package.path, decl.name)
        if key not in self.input_names:
            taken = {component_name(p, d.name, self.root, self.module) for p in self.contract.packages for d in p.types}
            taken |= set(self.input_names.values())
            candidate, n = name + "Input", 2
            while candidate in taken:
                candidate, n = f"{name}Input{n}", n + 1
            self.input_names[key] = candidate
        return self.input_names[key]

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
            name = self._name(package, decl)
            if self.accepting and decl.request is not None and name not in self.schemas:
                self.schemas[name] = {}  # reserved first: a recursive type refers to itself
                doc = "What the server accepts for this type in a request body: keys may be absent and values null, unless its validation rules say otherwise."
                doc = f"{decl.doc}\n\n{doc}" if decl.doc else doc
                self.schemas[name] = {"description": doc, **self.component(name, lambda: self.declaration(package, decl))}
            return {"$ref": self.prefix + name}
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
            package = self.contract.package(ref.package)
            parts = [self._name(package, self.contract.decl(ref.package, ref.name))]
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
        files["openapi.yaml"] = YAML_HEADER + _yaml(document)
    return files


YAML_HEADER = "# Code generated by contractgen. DO NOT EDIT.\n"


def _yaml(document: dict[str, Any]) -> str:
    """Deterministic YAML: keys in the JSON document's order (itself sorted where order is not meaning),
    block style, no aliases (SafeDumper would write `&id001` for a repeated object), unicode as is, no
    line folding (width), LF; PyYAML is imported only here."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=2**31 - 1, line_break="\n")


def validate(text: str) -> None:
    """openapi-spec-validator's verdict on a rendered document (raises its error when invalid)."""
    from openapi_spec_validator import validate as check

    check(json.loads(text))


def validate_yaml(text: str, json_text: str) -> None:
    """The YAML document is valid and says what the JSON one says."""
    import yaml
    from openapi_spec_validator import validate as check

    loaded = yaml.safe_load(text)
    check(loaded)
    if loaded != json.loads(json_text):
        raise ValueError("openapi.yaml does not say what openapi.json says")


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
        description = p.doc
        if p.pattern and ecma_pattern(p.pattern) is not None:
            # The router answers 404 for another value. OpenAPI 3.1's schemas are JSON Schema 2020-12,
            # where `pattern` may stand beside a `$ref` (a named string type).
            param["schema"] = {**param["schema"], "pattern": p.pattern}
        elif p.pattern:
            description = (description + "\n\n" if description else "") + f"Matched by the router against the Go regular expression {p.pattern}."
        if description:
            param["description"] = description
        params.append(param)
    if params:
        op["parameters"] = params
    if endpoint.request is not None:
        with components.request_side():
            accepted = components.type(endpoint.request, {})
        op["requestBody"] = {"required": True, "content": {wire.JSON: {"schema": accepted}}}
    elif endpoint.form:
        with components.request_side():
            form = _form_schema(endpoint, components)
        op["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": form}}}
    success: dict[str, Any] = {"description": "success"}
    if endpoint.status != 204 and endpoint.media != "json":
        success["content"] = _raw_content(endpoint.media)
    elif endpoint.status != 204:
        body = components.type(endpoint.response or TypeRef("unknown"), {})
        if endpoint.wire == "envelope":
            body = {"type": "object", "properties": {wire.ENVELOPE_KEY: body}, "required": [wire.ENVELOPE_KEY]}
        success["content"] = {wire.JSON: {"schema": body}}
    op["responses"] = {str(endpoint.status): success, **_other_successes(endpoint, components), **_error_bodies(endpoint, components), "default": _errors(endpoint)}
    return op


def _raw_content(media: str) -> dict[str, Any]:
    """A body that is not JSON: text of the handler's media type (unknown here), or bytes."""
    if media == "text":
        return {"text/*": {"schema": {"type": "string"}}}
    return {"*/*": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}}


def _other_successes(endpoint: Endpoint, components: Components) -> dict[str, Any]:
    """A bare endpoint's other 2xx statuses (the IR's `other_successes`): 204 without content, text, bytes or JSON."""
    responses: dict[str, Any] = {}
    for other in endpoint.other_successes:
        response: dict[str, Any] = {"description": f"success, with status {other.status}"}
        if other.type is not None and other.media != "json":
            response["content"] = _raw_content(other.media)
        elif other.type is not None:
            response["content"] = {wire.JSON: {"schema": components.type(other.type, {})}}
        if other.type is not None and other.empty:
            response["description"] += " (the handler may send no body)"
        responses[str(other.status)] = response
    return responses


def _form_schema(endpoint: Endpoint, components: Components) -> dict[str, Any]:
    """A multipart body's parts: files as binary strings (3.1's contentMediaType; `format: binary` too, which
    3.0-minded tools still look for), values as strings (or what a struct bound from the form parses them
    as, with its checks), arrays for the names read as lists."""
    properties: dict[str, Any] = {}
    for part in endpoint.form:
        if part.kind == "value" and part.type is not None:
            properties[part.name] = components.type(part.type, {})
            continue
        schema: dict[str, Any] = {"type": "string"}
        if part.kind == "file":
            schema.update({"format": "binary", "contentMediaType": "application/octet-stream"})
        properties[part.name] = {"type": "array", "items": schema} if part.many else schema
    required = [p.name for p in endpoint.form if not p.optional]
    return {"type": "object", "properties": properties, **({"required": required} if required else {})}


def _error_bodies(endpoint: Endpoint, components: Components) -> dict[str, Any]:
    """A bare endpoint's errors by status, as its handler writes them (the IR's `error_bodies`)."""
    responses: dict[str, Any] = {}
    for body in endpoint.error_bodies:
        if body.status == endpoint.status or str(body.status) in responses:
            continue
        responses[str(body.status)] = {"description": f"an error the handler writes with status {body.status}", "content": {wire.JSON: {"schema": components.type(body.type, {})}}}
    return responses


def _errors(endpoint: Endpoint) -> dict[str, Any]:
    if endpoint.wire != "envelope":
        return {"description": "an error with another status: the handler's own body (any JSON or text)", "content": {"*/*": {"schema": {}}}}
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
