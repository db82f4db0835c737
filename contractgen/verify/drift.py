"""The drift classes of the mutation score: one small change of the contract each, as a backend makes them.

A `Mutation` names what it changes; `apply` makes the changed Contract. Mutations are planned only
for what the frontend uses (`usage.py`): the fields whose keys it writes, the enum members it
mentions, the endpoints it calls, so the score speaks of drift that matters to this frontend.
"""

from __future__ import annotations

import re
from dataclasses import replace

from contractgen.ir.model import Contract, EnumMember, Field, Param, TypeDecl, TypeKind, TypeRef
from contractgen.records import record
from contractgen.targets.ts.names import enum_key, identifier
from contractgen.verify.usage import Place, Usage, client_methods, file_reach, member_owners, used_declarations, used_endpoints

CLASSES = (
    "rename-field",
    "remove-field",
    "make-nullable",
    "make-optional",
    "number-string",
    "remove-enum-member",
    "add-enum-member",
    "change-path-params",
    "change-response",
)
_PRIMITIVE: dict[str, TypeKind] = {"integer": "string", "number": "string", "string": "integer"}


@record(frozen=True)
class Mutation:
    cls: str
    target: str  # "models.User.displayName", "models.OrderStatus.pending", "GET /users/{id}"
    package: str = ""  # import path of the declaration changed ("" for an endpoint)
    decl: str = ""
    item: str = ""  # the field key or enum member value (as text)
    endpoint: tuple[str, str] = ("", "")  # (method, path)
    footprint: frozenset[Place] = frozenset()  # where the frontend writes the names this mutation touches

    @property
    def groupable(self) -> bool:
        """Its errors land on the lines that name what it changes (a field's key, an enum member)."""
        return self.cls in ("rename-field", "remove-field", "make-nullable", "make-optional", "remove-enum-member") or (
            self.cls == "number-string" and bool(self.item)
        )


def plan(contract: Contract, usage: Usage) -> list[Mutation]:
    endpoints = used_endpoints(contract, usage)
    used = used_declarations(contract, usage, endpoints)
    requests_only = _request_only(contract)
    reach = file_reach(contract, usage)
    names = {p.path: p.name for p in contract.packages}
    members = member_owners(contract, usage)
    mutations: list[Mutation] = []
    for package, name in sorted(used):
        decl = contract.decl(package, name)
        subject = f"{names[package]}.{name}"

        def where(*words: str) -> frozenset[Place]:
            """Where the words occur in files that can hold values of this declaration."""
            return frozenset(p for p in usage.where(*words) if (package, name) in reach.get(p[0], ()))

        def written(*words: str) -> frozenset[Place]:
            """Where one of the words (a field's key, an enum member's value or names) is written for
            this declaration: of those places, the lines where TypeScript resolved it to this
            declaration (its member, or for an enum's value the enum it is compared with or given
            as), or could not tell."""
            found: set[Place] = set()
            for word in words:
                owners = {p: usage.owners.get((*p, word)) for p in where(word)}
                found |= {p for p, o in owners.items() if o is None or any(members.get(m) == (package, name) for m in o)}
            return frozenset(found)

        if decl.kind == "object":
            for f in decl.fields:
                if footprint := written(f.name):
                    mutations += _field_mutations(subject, package, decl, f, footprint, (package, name) in requests_only)
        elif decl.kind == "enum" and len(decl.members) > 1:
            for m in decl.members:
                if footprint := written(str(m.value), enum_key(decl.name, m.name), m.name):
                    mutations.append(Mutation("remove-enum-member", f"{subject}.{m.value}", package, name, str(m.value), footprint=footprint))
            mutations.append(Mutation("add-enum-member", subject, package, name, footprint=usage.where(identifier(name))))
        elif decl.type is not None and decl.type.kind in _PRIMITIVE and decl.type.format is None:
            mutations.append(Mutation("number-string", subject, package, name, footprint=usage.where(identifier(name))))
    methods = client_methods(contract)
    for endpoint in endpoints:
        key = (endpoint.method, endpoint.path)
        calls = usage.where(methods[key][1])
        target = f"{endpoint.method} {endpoint.path}"
        mutations.append(Mutation("change-path-params", target, endpoint=key, footprint=calls))
        if endpoint.response is not None:
            mutations.append(Mutation("change-response", target, endpoint=key, footprint=calls))
    return mutations


def _field_mutations(subject: str, package: str, decl: TypeDecl, f: Field, where: frozenset[Place], request_only: bool) -> list[Mutation]:
    target = f"{subject}.{f.name}"
    classes = ["rename-field", "remove-field"]
    # A request field the server starts to accept as null or absent breaks no client: no drift to catch.
    if not f.type.nullable and f.type.kind != "unknown" and not request_only:
        classes.append("make-nullable")
    if not f.optional and not request_only:
        classes.append("make-optional")
    if _primitive_kind(f.type) is not None:
        classes.append("number-string")
    return [Mutation(c, target, package, decl.name, f.name, footprint=where) for c in classes]


def _request_only(contract: Contract) -> set[tuple[str, str]]:
    """Declarations only request bodies and parameters reach: what the client sends, never reads."""
    from contractgen.verify.usage import reachable

    sent = reachable(contract, [r for e in contract.endpoints for r in (e.request, *(p.type for p in e.params)) if r is not None])
    read = reachable(contract, [r for e in contract.endpoints for r in e.success_types()])
    return sent - read


def _primitive_kind(ref: TypeRef) -> str | None:
    return ref.kind if ref.kind in _PRIMITIVE and ref.format is None else None


def renamed(key: str) -> str:
    """How a backend renames a key: camelCase to snake_case, or a suffix when there is nothing to convert."""
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()
    return snake if snake != key else key + "_v2"


def apply(contract: Contract, mutation: Mutation) -> Contract:
    if mutation.endpoint != ("", ""):
        endpoints = tuple(
            _mutate_endpoint(e, mutation.cls) if (e.method, e.path) == mutation.endpoint else e for e in contract.endpoints
        )
        return replace(contract, endpoints=endpoints)
    packages = []
    for package in contract.packages:
        if package.path == mutation.package:
            types = tuple(_mutate_decl(contract, d, mutation) if d.name == mutation.decl else d for d in package.types)
            package = replace(package, types=types)
        packages.append(package)
    return replace(contract, packages=tuple(packages))


def apply_all(contract: Contract, mutations: list[Mutation]) -> Contract:
    for mutation in mutations:
        contract = apply(contract, mutation)
    return contract


def _mutate_decl(contract: Contract, decl: TypeDecl, mutation: Mutation) -> TypeDecl:
    cls = mutation.cls
    if cls == "remove-enum-member":
        return replace(decl, members=tuple(m for m in decl.members if str(m.value) != mutation.item))
    if cls == "add-enum-member":
        value: str | int = max(int(m.value) for m in decl.members) + 1 if decl.base == "integer" else "added_by_backend"
        return replace(decl, members=decl.members + (EnumMember(decl.name + "AddedByBackend", value),))
    if decl.kind == "named" and decl.type is not None:  # number-string of a named primitive
        return replace(decl, type=TypeRef(_PRIMITIVE[decl.type.kind], nullable=decl.type.nullable))
    fields = []
    for f in decl.fields:
        if f.name == mutation.item:
            if cls == "remove-field":
                continue
            f = _mutate_field(contract, f, cls)
        fields.append(f)
    return replace(decl, fields=tuple(fields))


def _mutate_field(contract: Contract, f: Field, cls: str) -> Field:
    if cls == "rename-field":
        return replace(f, name=renamed(f.name))
    if cls == "make-nullable":
        return replace(f, type=replace(f.type, nullable=True))
    if cls == "make-optional":
        return replace(f, optional=True)
    kind = _primitive_kind(f.type)
    assert cls == "number-string" and kind is not None
    return replace(f, type=TypeRef(_PRIMITIVE[kind], nullable=f.type.nullable))


def _mutate_endpoint(endpoint, cls: str):  # type: ignore[no-untyped-def]
    if cls == "change-response":
        assert endpoint.response is not None
        return replace(endpoint, response=TypeRef("array", items=endpoint.response))
    path_params = [p for p in endpoint.params if p.location == "path"]
    if path_params:  # the first path parameter is renamed, as `{id}` becoming `{orderId}`
        old = path_params[0].name
        new = old + "Ref"
        path = endpoint.path.replace("{" + old + "}", "{" + new + "}").replace("{" + old + "...}", "{" + new + "...}")
        params = tuple(replace(p, name=new) if p is path_params[0] else p for p in endpoint.params)
        return replace(endpoint, path=path, params=params)
    tenant = Param("tenant", "path", TypeRef("string"))  # a path parameter added in front
    return replace(endpoint, path="/{tenant}" + endpoint.path, params=(tenant,) + endpoint.params)
