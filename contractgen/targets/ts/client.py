"""The API surface of the TypeScript target: `src/_runtime.ts` (errors, reasons, the response envelope,
the transport) and `src/_client.ts` (`createClient`, one typed method per endpoint).

When they are written: `_runtime.ts` when the contract has an endpoint or an error catalog, `_client.ts`
when it has an endpoint. A contract of types only (no HTTP surface) gets neither, so its package is
exactly what it was before endpoints existed in the IR.

Naming (deterministic, from the IR alone):

- Group (a property of the client): the handler's Go receiver type, or its Go package name for plain
  functions, without one trailing `Handler(s)`/`Controller`/`Service`/`Server`/`Router`/`Routes`/
  `Resource`/`Endpoints`/`API`/`Api`, in lower camel case: `UserHandler` -> `client.user`,
  `HTTPAPI` -> `client.http`, package `health` -> `client.health`. Groups whose short names collide
  use their whole lower-camel name (`UserHandler`, `UserService` -> `userHandler`, `userService`);
  still colliding (the same type name in two packages), the Go package name goes in front
  (`v1UserHandler`); then a number (`2`, `3`, ...) in the order of the package paths.
- Method: the handler's Go name in lower camel case (`GetUser` -> `getUser`, `GetURL` -> `getURL`,
  `HTTPStatus` -> `httpStatus`). A name taken earlier in its group (the same handler on two routes,
  or `ID`/`Id`) gets the smallest free number from 2, in contract order (path, then HTTP method).
  A handler without a name is named from its route (`GET /users/{id}` -> `getUsersId`).
- Parameters: one object `{ path, query, headers, body }` with only the sections the endpoint has (keys
  as on the wire), optional when none of its members is required; then per-call options. A GET or HEAD
  endpoint takes no body (fetch cannot send one).
- Reasons: the `Reason` const object has one key per catalog value, named like enum members (the
  constant `ReasonUserNotFound` of catalog type `Reason` -> `Reason.UserNotFound`); its type guard is
  `is` + that key (`isUserNotFound`). The built-in reasons of docs/wire-format.md, `BAD_REQUEST` and
  `INTERNAL`, are always known (`Reason.BadRequest`, `Reason.Internal`), after the catalog's. Several
  catalogs are merged: a value declared twice is one reason, declared by the first catalog in order of
  package path, then type name (the Go target's rule).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import field, replace
from typing import Any

from contractgen.ir.errorcatalog import BUILTIN_REASONS as BUILTIN_STATUS
from contractgen.records import record
from contractgen.wire import WIRE, WireFormat
from contractgen.ir.model import Contract, Endpoint, ErrorReason, FormPart, Param, Success, TypeRef
from contractgen.targets.ts import checks
from contractgen.targets.ts.expressions import ModuleContext, ts_type, zod
from contractgen.targets.ts.names import doc_lines, enum_key, identifier, property_key, string_literal, unique_identifier

RUNTIME_PATH = "src/_runtime.ts"
CLIENT_PATH = "src/_client.ts"

# What the barrel (src/index.ts) exports from the runtime besides the reason guards. These names win
# over a Go type of the same name, which stays reachable through its package's namespace.
RUNTIME_VALUES = (
    "ApiError",
    "ApiResponseSchema",
    "ContractError",
    "NetworkError",
    "Reason",
    "ReasonSchema",
    "RequestValidationError",
    "ValidationError",
    "isApiError",
    "isReason",
)
RUNTIME_TYPES = (
    "AnyReason",
    "ApiErrorInit",
    "ApiResponse",
    "CallOptions",
    "ClientOptions",
    "ErrorOf",
    "FetchInit",
    "FetchLike",
    "FetchResponse",
    "HeaderMap",
    "NetworkErrorInit",
    "NetworkErrorKind",
    "RequestValidationErrorInit",
    "ValidateMode",
    "ValidationErrorInit",
    "WithErrors",
)
# Names the runtime module declares for the client's use only (never in the barrel).
RUNTIME_INTERNALS = ("Operation", "createCaller", "errorBodies", "method", "operation", "z")
CLIENT_VALUES = ("createClient",)
CLIENT_TYPES = ("Client",)

# The reasons every envelope endpoint may send whether or not the catalog declares them (a catalog's own
# declaration wins): docs/wire-format.md, "Built-in reasons".
BUILT_IN_REASONS = (
    ErrorReason(
        name="BadRequest",
        value="BAD_REQUEST",
        status=BUILTIN_STATUS["BAD_REQUEST"],
        doc="The request could not be decoded (also 413, 415): `metadata.in` says where, `metadata.name` which parameter.",
    ),
    ErrorReason(
        name="Internal",
        value="INTERNAL",
        status=BUILTIN_STATUS["INTERNAL"],
        doc="An error outside the catalog: the server does not send its text.",
    ),
)
_GROUP_SUFFIXES = ("Handlers", "Handler", "Controller", "Service", "Server", "Router", "Routes", "Resource", "Endpoints", "API", "Api")
_WILDCARD = re.compile(r"\{([^{}]*)\}")
_CLIENT_PACKAGE = "\0client"  # the ModuleContext package of _client.ts: no Go package has this path
_USES_ZOD = re.compile(r"(?<![\w$.])z\.")


# --- view models: what runtime.ts.jinja and client.ts.jinja see -------------------------------------


@record
class ReasonView:
    key: str  # the property key in `Reason`
    value: str  # a string literal
    status: int
    guard: str  # the type guard's name
    doc: list[str]
    value_doc: str = ""  # the string literal as a doc comment may hold it (`*/` cannot end the comment)


@record
class RuntimeView:
    header: str
    reasons: list[ReasonView]
    wire: WireFormat = WIRE  # the envelope key, media types and problem members (contractgen/wire.py)


@record
class MemberView:
    """A member of a parameter object: a path/query/header parameter, or a parameter section."""

    key: str
    optional: bool
    ts: str
    doc: list[str]


@record
class SectionView:
    """`path`, `query`, `headers` (members) or `body` (just `ts`; members for a multipart body's parts)
    of a method's parameter object."""

    key: str
    optional: bool
    members: list[MemberView] = field(default_factory=list)
    ts: str = ""


@record
class ErrorBodyView:
    """A non-2xx status whose body the contract describes."""

    status: int
    ts: str
    schema: str


@record
class MethodView:
    name: str
    operation: str  # the module-level constant describing the endpoint
    doc: list[str]
    sections: list[SectionView]
    params_optional: bool  # every section optional: the argument may be left out
    result: str  # the TypeScript type the promise resolves to
    http_method: str  # a string literal
    path: str  # a string literal: the route with {name} / {name...} wildcards
    wire: str  # a string literal
    request_body: bool
    request_schema: str  # the request body's schema expression (its request view), "" when there is no body
    schema: str  # the response schema expression, "" when there is no response body
    errors: list[ErrorBodyView] = field(default_factory=list)  # typed error bodies, by status
    form: bool = False  # the body is multipart/form-data (its parts are `sections`' body members)
    media: str = ""  # a string literal where the main body is text or bytes, else ""
    successes: list[str] = field(default_factory=list)  # `204: null`: the other 2xx statuses' bodies (runtime SuccessBody)

    @property
    def tail(self) -> str:
        """The operation's arguments after the response schema, as far as any is needed."""
        args = []
        if self.errors or self.media or self.successes:
            args.append(self.error_schemas if self.errors else "{}")
        if self.media or self.successes:
            args.append(self.media or '"json"')
        if self.successes:
            args.append("{ " + ", ".join(self.successes) + " }")
        return "".join(", " + a for a in args)

    @property
    def error_type(self) -> str:
        """`{ 404: T; 422: U }`: the client method's WithErrors argument."""
        return "{ " + "; ".join(f"{e.status}: {e.ts}" for e in self.errors) + " }"

    @property
    def error_schemas(self) -> str:
        return "{ " + ", ".join(f"{e.status}: () => {e.schema}" for e in self.errors) + " }"


@record
class GroupView:
    name: str
    doc: list[str]
    methods: list[MethodView]


@record
class ImportView:
    alias: str
    path: str


@record
class ClientView:
    header: str
    runtime_path: str
    json_path: str
    uses_json: bool
    uses_zod: bool  # a request or response schema is spelled inline (`z.array(...)`), not just named
    imports: list[ImportView]
    groups: list[GroupView]


@record
class ApiIndexView:
    """What index.ts.jinja adds to the barrel (`index.api`)."""

    runtime_path: str
    runtime_values: list[str]
    runtime_types: list[str]
    client_path: str = ""
    client_values: list[str] = field(default_factory=list)
    client_types: list[str] = field(default_factory=list)


# --- entry points (called by contractgen.targets.ts.render) -----------------------------------------


def has_api(contract: Contract) -> bool:
    return bool(contract.endpoints or contract.errors)


def render_api(contract: Contract, env: Any, header: str, decl_names: dict[tuple[str, str], str]) -> dict[str, str]:
    """`_runtime.ts` and `_client.ts` (each only when the contract calls for it, see the module doc)."""
    files: dict[str, str] = {}
    if not has_api(contract):
        return files
    files[RUNTIME_PATH] = env.get_template("runtime.ts.jinja").render(runtime=runtime_view(contract, header))
    if contract.endpoints:
        view = client_view(contract, header, decl_names)
        files[CLIENT_PATH] = env.get_template("client.ts.jinja").render(client=view)
    return files


def extend_index(contract: Contract, index: dict[str, Any]) -> dict[str, Any]:
    """Adds `api` to the barrel's view. The runtime's and client's names win over flat package exports."""
    if not has_api(contract):
        return {**index, "api": None}
    runtime = runtime_view(contract, "")
    namespaces = {r.namespace for r in index["reexports"]}
    values = sorted({*RUNTIME_VALUES, *(r.guard for r in runtime.reasons)} - namespaces)
    types = sorted(set(RUNTIME_TYPES) - namespaces)
    api = ApiIndexView(_import_path("src", RUNTIME_PATH), values, types)
    if contract.endpoints:
        api.client_path = _import_path("src", CLIENT_PATH)
        api.client_values = sorted(set(CLIENT_VALUES) - namespaces)
        api.client_types = sorted(set(CLIENT_TYPES) - namespaces)
    # A Go type the API surface shadows leaves the flat exports with its schema (both stay in the namespace).
    taken = {*values, *types, *api.client_values, *api.client_types}
    taken |= {name + "Schema" for name in taken}
    reexports = [
        replace(r, types=[t for t in r.types if t not in taken], values=[v for v in r.values if v not in taken])
        for r in index["reexports"]
    ]
    return {**index, "reexports": reexports, "api": api}


# --- the runtime ------------------------------------------------------------------------------------


def known_reasons(contract: Contract) -> list[tuple[str, ErrorReason]]:
    """Every reason once, with its catalog's type name ("" for a built-in). As in the Go target, a value
    several catalogs declare belongs to the first catalog by package, then name; built-ins come last."""
    merged: dict[str, tuple[str, ErrorReason]] = {}
    for catalog in sorted(contract.errors, key=lambda c: (c.package, c.name)):
        for reason in catalog.reasons:
            merged.setdefault(reason.value, (catalog.name, reason))
    for built_in in BUILT_IN_REASONS:
        merged.setdefault(built_in.value, ("", built_in))
    return list(merged.values())


def runtime_view(contract: Contract, header: str) -> RuntimeView:
    entries = known_reasons(contract)
    keys = _unique(
        [
            [enum_key(catalog, r.name), r.name, f"{catalog}{r.name}", f"{r.name}_{_slug(r.value)}"]
            for catalog, r in entries
        ]
    )
    fixed = set(RUNTIME_VALUES) | set(RUNTIME_TYPES) | set(RUNTIME_INTERNALS)
    reasons = []
    for key, (_catalog, reason) in zip(keys, entries):
        guard = "is" + key[:1].upper() + key[1:]
        if guard in fixed:
            guard += "_"
        doc = [f"HTTP {reason.status}.", *doc_lines(reason.doc)] if reason.doc.strip() else [f"HTTP {reason.status}."]
        literal = string_literal(reason.value)
        value_doc = doc_lines(literal)[0]
        reasons.append(ReasonView(property_key(key, computed_for_proto=True), literal, reason.status, guard, doc, value_doc))
    return RuntimeView(header=header, reasons=reasons, wire=WIRE)


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_$]", "_", value)


def _unique(candidates: list[list[str]]) -> list[str]:
    """For each item the first candidate no other item could take at the same level; then numbered.

    Level by level: an item keeps candidate i when no other item still unassigned or already assigned
    has it; the rest move to the next level. Order-independent except for the final numbering."""
    chosen: list[str | None] = [None] * len(candidates)
    levels = max(len(c) for c in candidates) if candidates else 0
    for level in range(levels):
        pending = [i for i, c in enumerate(chosen) if c is None]
        counts: dict[str, int] = {}
        for i in pending:
            name = candidates[i][min(level, len(candidates[i]) - 1)]
            counts[name] = counts.get(name, 0) + 1
        taken = {c for c in chosen if c is not None}
        for i in pending:
            name = candidates[i][min(level, len(candidates[i]) - 1)]
            if counts[name] == 1 and name not in taken:
                chosen[i] = name
    taken = {c for c in chosen if c is not None}
    result = []
    for i, picked in enumerate(chosen):
        if picked is None:
            base, n = candidates[i][-1], 2
            while f"{base}{n}" in taken:
                n += 1
            picked = f"{base}{n}"
            taken.add(picked)
        result.append(picked)
    return result


# --- naming -----------------------------------------------------------------------------------------


def lower_camel(name: str) -> str:
    """`GetUser` -> `getUser`, `HTTPStatus` -> `httpStatus`, `URL` -> `url`, `V2` -> `v2`."""
    run = len(name) - len(name.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    if run == 0:
        return name
    if run == len(name) or not name[run].islower():
        return name[:run].lower() + name[run:]
    if run == 1:
        return name[0].lower() + name[1:]
    return name[: run - 1].lower() + name[run - 1 :]


def _safe_member(name: str) -> str:
    # A plain-object property named __proto__ would set the prototype instead.
    return name + "_" if name == "__proto__" else name


def _strip_group_suffix(group: str) -> str:
    for suffix in _GROUP_SUFFIXES:
        if group.endswith(suffix) and len(group) > len(suffix):
            return group[: -len(suffix)]
    return group


def group_names(contract: Contract) -> dict[tuple[str, str], str]:
    """(handler package path, IR group) -> the client property; see the module doc."""
    keys = sorted({(e.package, e.group) for e in contract.endpoints})
    package_names = {p.path: p.name for p in contract.packages}
    candidates = []
    for package, group in keys:
        go_package = package_names.get(package) or package.rsplit("/", 1)[-1]
        full = lower_camel(group) or "api"
        candidates.append(
            [
                lower_camel(_strip_group_suffix(group)) or full,
                full,
                lower_camel(_identifier_part(go_package)) + full[:1].upper() + full[1:],
            ]
        )
    return {key: _safe_member(name) for key, name in zip(keys, _unique(candidates))}


def _identifier_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def method_base_name(endpoint: Endpoint) -> str:
    if endpoint.name:
        return lower_camel(endpoint.name)
    words = [endpoint.method.lower()]
    for segment in endpoint.path.split("/"):
        text = _identifier_part(segment.replace("{", "").replace("}", "").replace("...", "").replace("$", ""))
        words.extend(w[:1].upper() + w[1:] for w in text.split("_") if w)
    return "".join(words)


def method_names(endpoints: list[Endpoint]) -> list[str]:
    """One group's methods in contract order: a name taken earlier gets the smallest free number >= 2."""
    taken: set[str] = set()
    names = []
    for endpoint in endpoints:
        base = method_base_name(endpoint)
        name, n = base, 2
        while _safe_member(name) in taken:
            name = f"{base}{n}"
            n += 1
        taken.add(_safe_member(name))
        names.append(_safe_member(name))
    return names


# --- the client -------------------------------------------------------------------------------------


def client_view(contract: Contract, header: str, decl_names: dict[tuple[str, str], str]) -> ClientView:
    taken = {"z", "JsonValue", "$runtime", "Client", "createClient", "options"}
    aliases: dict[str, str] = {}
    for package in contract.packages:
        aliases[package.path] = unique_identifier(package.name, taken)
    ctx = ModuleContext(contract, _CLIENT_PACKAGE, aliases, decl_names)
    groups_by_key = group_names(contract)
    statuses = {r.value: r.status for _catalog, r in known_reasons(contract)}
    members: dict[tuple[str, str], list[Endpoint]] = {}
    for endpoint in contract.endpoints:
        members.setdefault((endpoint.package, endpoint.group), []).append(endpoint)
    package_names = {p.path: p.name for p in contract.packages}
    groups = []
    for key in sorted(members, key=lambda k: groups_by_key[k]):
        handler_package, group = key
        name = groups_by_key[key]
        endpoints = members[key]
        methods = [_method_view(e, m, name, ctx, statuses) for e, m in zip(endpoints, method_names(endpoints))]
        go_package = package_names.get(handler_package) or handler_package.rsplit("/", 1)[-1]
        if group == go_package:
            doc = f"Handlers of package {handler_package}."
        else:
            doc = f"Handlers of `{go_package}.{group}` ({handler_package})."
        groups.append(GroupView(name, doc_lines(doc), methods))
    here = posixpath.dirname(CLIENT_PATH)
    paths = _module_paths(contract)
    imports = [
        ImportView(aliases[path], _import_path(here, paths[path]))
        for path in sorted(ctx.used_imports, key=lambda p: aliases[p])
    ]
    return ClientView(
        header=header,
        runtime_path=_import_path(here, RUNTIME_PATH),
        json_path=_import_path(here, "src/_json.ts"),
        uses_json=ctx.uses_json,
        uses_zod=any(_USES_ZOD.search(op.schema + op.request_schema + op.error_schemas + " ".join(op.successes)) for g in groups for op in g.methods),
        imports=imports,
        groups=groups,
    )


def _module_paths(contract: Contract) -> dict[str, str]:
    from contractgen.targets.ts import module_paths

    return module_paths(contract)


def _import_path(from_dir: str, target: str) -> str:
    rel = posixpath.relpath(target, from_dir)
    rel = rel if rel.startswith(".") else "./" + rel
    return rel[: -len(".ts")] + ".js"


def _method_view(endpoint: Endpoint, name: str, group: str, ctx: ModuleContext, statuses: dict[str, int]) -> MethodView:
    sections = []
    path_params = _path_params(endpoint)
    for location, key in (("path", "path"), ("query", "query"), ("header", "headers")):
        params = path_params if location == "path" else [p for p in endpoint.params if p.location == location]
        if not params:
            continue
        optional_member = [p.optional and location != "path" for p in params]
        # An optional parameter also takes an explicit undefined (left out on the wire), so that
        # `{ limit: options.limit }` compiles under exactOptionalPropertyTypes too.
        view_members = [
            MemberView(property_key(p.name), opt, ts_type(p.type, ctx) + (" | undefined" if opt else ""), doc_lines(_param_doc(p)))
            for p, opt in zip(params, optional_member)
        ]
        sections.append(SectionView(key, all(optional_member), members=view_members))
    # fetch cannot send a body with GET or HEAD (it throws), so such an endpoint takes none.
    request_body = (endpoint.request is not None or bool(endpoint.form)) and endpoint.method not in ("GET", "HEAD")
    if endpoint.request is not None and request_body:
        sections.append(SectionView("body", False, ts=ts_type(endpoint.request, ctx)))
    elif request_body:
        sections.append(SectionView("body", all(p.optional for p in endpoint.form), members=_form_members(endpoint.form, ctx)))
    returns_nothing = endpoint.response is None or endpoint.status == 204 or endpoint.method == "HEAD"
    response = endpoint.response
    raw = _RAW_TS.get(endpoint.media)
    result = "void" if returns_nothing or response is None else raw or ts_type(response, ctx)
    schema = "" if returns_nothing or response is None or raw else zod(response, ctx)
    successes = []
    if endpoint.method != "HEAD" and endpoint.other_successes:
        results = ["undefined" if result == "void" else result]
        for success in endpoint.other_successes:
            ts, body = _success(success, ctx)
            results.append(ts)
            successes.append(f"{success.status}: {body}")
        result = " | ".join(dict.fromkeys(results))
    # A status whose body is unknown JSON gets no schema: its ApiError keeps the text, as for any other status.
    errors = [ErrorBodyView(b.status, ts_type(b.type, ctx), zod(b.type, ctx)) for b in endpoint.error_bodies if b.type.kind != "unknown"]
    return MethodView(
        name=name,
        operation=f"${group}${name}",
        doc=_method_doc(endpoint, statuses),
        sections=sections,
        params_optional=all(s.optional for s in sections),
        result=result,
        http_method=string_literal(endpoint.method),
        path=string_literal(endpoint.path),
        wire=string_literal(endpoint.wire),
        request_body=request_body,
        request_schema=zod(endpoint.request, ctx) if endpoint.request is not None and request_body else _form_schema(endpoint.form, ctx) if request_body else "",
        form=bool(endpoint.form) and request_body,
        schema=schema,
        errors=errors,
        media=string_literal(endpoint.media) if raw and not returns_nothing else "",
        successes=successes,
    )


_MEDIA_DOC = {"text": "text (resolves to the string)", "binary": "bytes (resolves to a Blob)"}
# What the client resolves to for a body that is not JSON.
_RAW_TS = {"text": "string", "binary": "Blob"}


def _success(success: Success, ctx: ModuleContext) -> tuple[str, str]:
    """(TypeScript type, runtime SuccessBody) of another 2xx status."""
    if success.type is None:
        return "undefined", "null"
    raw = _RAW_TS.get(success.media)
    if raw is not None:
        return raw, string_literal(success.media)
    ts, schema = ts_type(success.type, ctx), zod(success.type, ctx)
    if success.empty:
        return f"{ts} | undefined", f"{{ orEmpty: () => {schema} }}"
    return ts, f"() => {schema}"


def _path_params(endpoint: Endpoint) -> list[Param]:
    """The path's wildcards, typed by the IR's path params; a wildcard the IR does not describe is a string."""
    declared = {p.name: p for p in endpoint.params if p.location == "path"}
    params = []
    for match in _WILDCARD.finditer(endpoint.path):
        name = match.group(1).removesuffix("...")
        if name in ("", "$"):
            continue
        params.append(declared.get(name) or Param(name=name, location="path", type=TypeRef(kind="string")))
    return params


def _param_doc(param: Param) -> str:
    """A parameter's Go doc, and for a path variable with a regular expression what the router checks."""
    if not param.pattern:
        return param.doc
    note = f"The router matches this against the Go regular expression `{param.pattern}`: another value is answered 404."
    return f"{param.doc.rstrip()}\n\n{note}" if param.doc.strip() else note


def _form_members(parts: tuple[FormPart, ...], ctx: ModuleContext) -> list[MemberView]:
    """A multipart body's parts: a file is a Blob (a File is one, and keeps its name), a value a string
    (or what the form binding parses it as: a number, a boolean; sent as its text); a list for the
    names the handler reads every part of."""
    members = []
    for part in parts:
        if part.kind == "value" and part.type is not None:
            ts = ts_type(part.type, ctx)  # a file list's type only carries checks
        else:
            ts = ("Blob" if part.kind == "file" else "string") + ("[]" if part.many else "")
        what = ("Files" if part.many else "A file") if part.kind == "file" else ("Form values" if part.many else "A form value")
        doc = what + (", each sent as a multipart/form-data part of this name." if part.many else " (a multipart/form-data part).")
        members.append(MemberView(property_key(part.name), part.optional, ts + (" | undefined" if part.optional else ""), [doc]))
    return members


def _form_schema(parts: tuple[FormPart, ...], ctx: ModuleContext) -> str:
    """What the server accepts as the multipart body: every required part present, a file a Blob, a
    value of its parsed type with the validator's checks (the client checks it before sending)."""
    shape = []
    for part in parts:
        if part.kind == "file":
            text = "z.array(z.instanceof(Blob))" if part.many else "z.instanceof(Blob)"
            if part.many and part.type is not None:
                text += checks.refinement(part.type)  # the list's length (binding:"max=2")
        elif part.type is not None:
            text = zod(part.type, ctx)
        else:
            text = "z.array(z.string())" if part.many else "z.string()"
        shape.append(f"{property_key(part.name)}: {text}{'.optional()' if part.optional else ''}")
    return "z.object({ " + ", ".join(shape) + " })" if shape else "z.object({})"


def _method_doc(endpoint: Endpoint, statuses: dict[str, int]) -> list[str]:
    lines = [f"`{endpoint.method} {endpoint.path}` (Go: {endpoint.group}.{endpoint.name or '(anonymous)'})"]
    if endpoint.doc.strip():
        lines += ["", endpoint.doc.strip()]
    success = "no body" if endpoint.status == 204 or endpoint.response is None else _MEDIA_DOC.get(endpoint.media, f"wire {endpoint.wire}")
    lines += ["", f"Success: HTTP {endpoint.status}, {success}."]
    for other in endpoint.other_successes:
        what = "no body" if other.type is None else _MEDIA_DOC.get(other.media, "JSON" + (", or no body" if other.empty else ""))
        lines.append(f"Also HTTP {other.status}, {what}.")
    for reason in endpoint.errors:
        status = f" (HTTP {statuses[reason]})" if reason in statuses else ""
        lines.append(f"@throws {{ApiError}} reason `{reason}`{status}")
    for body in endpoint.error_bodies:
        typed = "its body typed (isApiError)" if body.type.kind != "unknown" else "a body the contract cannot see"
        lines.append(f"@throws {{ApiError}} HTTP {body.status}, {typed}")
    lines.append("@throws {NetworkError} when the request fails, times out or is aborted")
    if (endpoint.request is not None or endpoint.form) and endpoint.method not in ("GET", "HEAD"):
        lines.append("@throws {RequestValidationError} when the body does not match what the server accepts (nothing is sent)")
    lines.append("@throws {ValidationError} when the response does not match the contract")
    return doc_lines("\n".join(lines))
