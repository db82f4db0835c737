"""The request side in TypeScript: a declaration with a request view (what the server accepts) gets a
second type and schema, `<Name>Input` and `<Name>InputSchema`, next to the response-side `<Name>` and
`<Name>Schema` (what the server sends). The client types request bodies with the Input types.

The views become declarations of their own, so that ordering, cycles, depth cuts, generics and the
barrel treat them like any other: their Go name is the declaration's with `REQUEST_MARK` appended
(no Go identifier holds it), and the refs inside them, and in the endpoints' request bodies, are
renamed to those declarations.
"""

from __future__ import annotations

from dataclasses import replace

from contractgen.ir.model import Contract, Endpoint, Field, Package, TypeDecl, TypeRef
from contractgen.targets.ts.names import unique_identifier

REQUEST_MARK = "\0input"
SUFFIX = "Input"


def with_request_variants(
    contract: Contract, base_names: dict[tuple[str, str], str]
) -> tuple[Contract, dict[tuple[str, str], str]]:
    """The contract with a request-side declaration per request view, and every declaration's TS name
    (`base_names`: those of the declarations the contract has, as the TS target spells them)."""
    viewed = {(p.path, d.name) for p in contract.packages for d in p.types if d.request is not None}
    names: dict[tuple[str, str], str] = {}
    packages = []
    for package in contract.packages:
        taken = {base_names[(package.path, d.name)] for d in package.types}
        taken |= {n + "Schema" for n in taken}
        extra: list[TypeDecl] = []
        for decl in package.types:
            names[(package.path, decl.name)] = base_names[(package.path, decl.name)]
            if decl.request is None:
                continue
            name = unique_identifier(base_names[(package.path, decl.name)] + SUFFIX, taken)
            taken |= {name, name + "Schema"}
            names[(package.path, decl.name + REQUEST_MARK)] = name
            extra.append(_variant(decl, viewed))
        packages.append(replace(package, types=package.types + tuple(extra)) if extra else package)
    endpoints = tuple(_endpoint(e, viewed) for e in contract.endpoints)
    return replace(contract, packages=tuple(packages), endpoints=endpoints), names


def is_request_variant(decl: TypeDecl) -> bool:
    return decl.name.endswith(REQUEST_MARK)


def _variant(decl: TypeDecl, viewed: set[tuple[str, str]]) -> TypeDecl:
    assert decl.request is not None
    view = decl.request
    if decl.kind == "object":
        doc = f"What the server accepts for {decl.name} in a request body: keys may be absent and values null, unless its validation rules say otherwise."
    elif decl.kind == "enum":
        doc = f"What the server accepts for {decl.name} in a request body: encoding/json decodes any {decl.base} into it; its constants are not checked."
    else:
        doc = f"What the server accepts for {decl.name} in a request body."
    doc = decl.doc + "\n\n" + doc if decl.doc else doc
    common = dict(name=decl.name + REQUEST_MARK, exported=decl.exported, doc=doc, position=decl.position, params=decl.params)
    if decl.kind == "object":
        return TypeDecl(kind="object", fields=tuple(_field(f, viewed) for f in view.fields), **common)  # type: ignore[arg-type]
    body = view.type if view.type is not None else TypeRef("unknown")
    return TypeDecl(kind="named", type=_renamed(body, viewed), **common)  # type: ignore[arg-type]


def _endpoint(endpoint: Endpoint, viewed: set[tuple[str, str]]) -> Endpoint:
    if endpoint.request is None:
        return endpoint
    return replace(endpoint, request=_renamed(endpoint.request, viewed))


def _field(f: Field, viewed: set[tuple[str, str]]) -> Field:
    return replace(f, type=_renamed(f.type, viewed))


def _renamed(ref: TypeRef, viewed: set[tuple[str, str]]) -> TypeRef:
    changes: dict[str, object] = {}
    if ref.kind == "ref" and (ref.package, ref.name) in viewed:
        changes["name"] = f"{ref.name}{REQUEST_MARK}"
    for attr in ("items", "key", "values"):
        child = getattr(ref, attr)
        if child is not None and attr != "key":
            changes[attr] = _renamed(child, viewed)
    if ref.args:
        changes["args"] = tuple(_renamed(a, viewed) for a in ref.args)
    if ref.variants:
        changes["variants"] = tuple(_renamed(v, viewed) for v in ref.variants)
    if ref.fields:
        changes["fields"] = tuple(_field(f, viewed) for f in ref.fields)
    return replace(ref, **changes) if changes else ref  # type: ignore[arg-type]
