"""What a handler reads and writes, as types of the contract: its request body, its path, query and
header parameters, its success response and status.

Sources, in order: directives (`//contractgen:request`, `response`, `status`), then the handler's
shape: the `Req` and `Resp` of a typed handler `func(ctx context.Context, req Req) (Resp, error)`;
for gin, echo and net/http handlers, the values they bind and write (contractgen/scan/handler_body.py),
through the helpers they hand their writer to (`writeJSON(w, status, v)`, three calls deep).

Parameters come from the path template and from fields of the request type tagged `path`/`uri`/
`param`, `query`/`form` or `header`. The request body is the request type when it has fields that
are not parameters (and not `json:"-"`), for the methods that carry one (POST, PUT, PATCH: what the
generated adapter reads, docs/wire-format.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from contractgen.diagnostics import Diagnostic, Position, warning
from contractgen.ir.fields import wire_fields
from contractgen.ir.jsontag import lookup
from contractgen.ir.model import Param, TypeRef
from contractgen.scan import directives as directive_text
from contractgen.scan.endpoint_facts import CallFact, FuncFact, FuncRef, Value, WriteFact
from contractgen.scan.facts import Directive, FieldFact, NameExpr, PointerExpr, StructExpr, TypeExpr
from contractgen.scan.routes import template_params

if TYPE_CHECKING:
    from contractgen.ir.build import _Builder, _Pkg, _Scope

# The generated adapter reads a body for these methods only (docs/wire-format.md).
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_PARAM_TAGS: tuple[tuple[Literal["path", "query", "header"], tuple[str, ...]], ...] = (
    ("path", ("path", "uri", "param")),
    ("query", ("query", "form")),
    ("header", ("header",)),
)
_HELPER_DEPTH = 3
UNKNOWN = TypeRef("unknown")


@dataclass(frozen=True)
class Handler:
    """A function of the module that a route names, with its package."""

    fact: FuncFact
    pkg: _Pkg

    @property
    def scope(self) -> _Scope:
        from contractgen.ir.build import _Scope

        return _Scope(self.pkg, self.fact.file)


@dataclass(frozen=True)
class Site:
    """Where an endpoint comes from: a registration (or a route directive) and its handler."""

    method: str
    path: str
    pkg: _Pkg  # the package of the registration
    pos: Position
    handler: Handler | None
    literal: FuncFact | None
    adapter: bool
    directives: tuple[Directive, ...]
    doc: str
    handler_text: str
    adapter_status: int | None = None  # the adapter's WithStatus option


@dataclass(frozen=True)
class _Write:
    status: int | None
    value: tuple[TypeExpr, _Scope] | None  # None: not visible
    body: bool
    text: str
    pos: Position
    literal: bool = False  # written as a literal: never null


Directives = dict[str, list[Directive]]


class HandlerTypes:
    """Request, parameters, response and status of one endpoint; the endpoint builder provides
    `builder`, `report`, `find_func` and `directive_scope`."""

    builder: _Builder

    def report(self, diagnostic: Diagnostic) -> None:
        raise NotImplementedError

    def find_func(self, ref: FuncRef, pkg: _Pkg, file: str) -> Handler | None:
        raise NotImplementedError

    def directive_scope(self, directive: Directive) -> _Scope:
        raise NotImplementedError

    def _resolve(self, expr: TypeExpr, scope: _Scope) -> TypeRef:
        return self.builder.resolve(expr, scope)

    # --- request and parameters -----------------------------------------------------------------

    def request(
        self, site: Site, func: FuncFact | None, scope: _Scope, directives: Directives
    ) -> tuple[TypeRef | None, tuple[Param, ...]]:
        decoded: tuple[TypeExpr, _Scope] | None = None  # what the body (and parameters) decode into
        param_sources: list[tuple[TypeExpr, _Scope]] = []
        typed = False
        stated = directives["request"][-1] if "request" in directives else None
        if stated is not None and stated.type is not None:
            decoded = (stated.type, self.directive_scope(stated))
        elif func is not None and func.shape == "typed" and len(func.params) == 2:
            decoded, typed = (func.params[1].type, scope), True
        elif func is not None and func.body is not None:
            for bind in func.body.binds:
                if bind.value.type is None:
                    self.report(
                        warning(
                            "CG301",
                            f"the type of {bind.value.text or 'the value'} that the handler decodes the request into is not visible here",
                            bind.pos,
                            "declare the variable with its type (var req CreateUser), or add //contractgen:request CreateUser to the handler",
                        )
                    )
                    continue
                if bind.kind in ("json", "bind"):
                    decoded = decoded or (bind.value.type, scope)
                else:
                    param_sources.append((bind.value.type, scope))
        if decoded is not None:
            param_sources.insert(0, decoded)
        params = self._params(site, param_sources, typed and self._struct(*decoded) is not None if decoded else False)
        body = self._body(site.method, decoded) if decoded is not None else None
        return body, params

    def _body(self, method: str, decoded: tuple[TypeExpr, _Scope]) -> TypeRef | None:
        if method not in BODY_METHODS:
            return None
        expr, scope = decoded
        struct = self._struct(expr, scope)
        if struct is not None:
            struct_expr, struct_scope = struct
            parameters = {f.pos for f in self._param_fields(struct_expr, struct_scope)}
            found = wire_fields(struct_expr, struct_scope, ("request", expr.pos), self.builder._explore_embedded, self.builder._is_exported_embedded)
            if not any(f.pos not in parameters for f in found):
                return None
        return replace(self._resolve(expr, scope), nullable=False)

    def _struct(self, expr: TypeExpr, scope: _Scope) -> tuple[StructExpr, _Scope] | None:
        while isinstance(expr, PointerExpr):
            expr = expr.elem
        return self.builder._underlying_struct(expr, scope)

    def _param_fields(self, struct: StructExpr, scope: _Scope, depth: int = 0) -> list[FieldFact]:
        """Fields with a parameter tag, through embedded structs (whose fields are promoted)."""
        found: list[FieldFact] = []
        for fact in struct.fields:
            if fact.embedded and fact.tag is None and depth < 5:
                inner = self._struct(fact.type, scope)
                if inner is not None:
                    found.extend(self._param_fields(inner[0], inner[1], depth + 1))
                continue
            if fact.names and _param_tag(fact.tag) is not None:
                found.append(fact)
        return found

    def _params(self, site: Site, sources: list[tuple[TypeExpr, _Scope]], report_missing: bool) -> tuple[Param, ...]:
        by_location: dict[Literal["path", "query", "header"], dict[str, Param]] = {"path": {}, "query": {}, "header": {}}
        for expr, scope in sources:
            struct = self._struct(expr, scope)
            if struct is None:
                continue
            struct_expr, struct_scope = struct
            for fact in self._param_fields(struct_expr, struct_scope):
                tag = _param_tag(fact.tag)
                if tag is None:
                    continue
                location, wire_name, required = tag
                if wire_name in by_location[location]:
                    continue
                value = self._resolve(fact.type, struct_scope)
                optional = location != "path" and (isinstance(fact.type, PointerExpr) or not required)
                by_location[location][wire_name] = Param(
                    name=wire_name,
                    location=location,
                    type=replace(value, nullable=False),
                    optional=optional,
                    doc=fact.doc,
                    source_name=fact.names[0],
                    position=fact.pos,
                )
        path_params = []
        for name, _rest in template_params(site.path):
            found = by_location["path"].get(name)
            if found is None:
                if report_missing:
                    self.report(
                        warning(
                            "CG302",
                            f"path parameter {{{name}}} of {site.method} {site.path} has no field in the request type; it is typed as a string",
                            site.pos,
                            f'add a field tagged path:"{name}" to the request type',
                        )
                    )
                found = Param(name=name, location="path", type=TypeRef("string"))
            path_params.append(found)
        return tuple(path_params) + tuple(by_location["query"].values()) + tuple(by_location["header"].values())

    # --- response and status --------------------------------------------------------------------

    def response(
        self, site: Site, func: FuncFact | None, scope: _Scope, directives: Directives, name: str
    ) -> tuple[TypeRef | None, int]:
        status: int | None = None
        if "status" in directives:
            parsed = directive_text.parse_status(directives["status"][-1].args)
            status = parsed if isinstance(parsed, int) else None
        stated = directives["response"][-1] if "response" in directives else None
        if stated is not None and stated.type is not None:
            return self._resolve(stated.type, self.directive_scope(stated)), status or 200
        if func is not None and func.shape == "typed":
            status = status or site.adapter_status
            if len(func.results) == 2:
                return self._resolve(func.results[0], scope), status or 200
            return None, status or 204
        writes = self._writes(func, scope, None, 0) if func is not None else []
        chosen = _choose(writes)
        if chosen is None:
            what = (
                f"the handler {site.handler_text} is not a function declared in this module"
                if func is None
                else f"no JSON response of {name} was found"
            )
            self._unknown_response(site, func, f"{what}; its response is typed as unknown JSON", site.pos if func is None else func.pos)
            return UNKNOWN, status or 200
        if not chosen.body:
            return None, status or chosen.status or 200
        if chosen.value is None:
            self._unknown_response(
                site, func, f"the type of {chosen.text or 'the response'} is not visible in {name}; its response is typed as unknown JSON", chosen.pos
            )
            return UNKNOWN, status or chosen.status or 200
        expr, value_scope = chosen.value
        response = self._resolve(expr, value_scope)
        return (replace(response, nullable=False) if chosen.literal else response), status or chosen.status or 200

    def _unknown_response(self, site: Site, func: FuncFact | None, message: str, pos: Position) -> None:
        where = f"to the doc comment of {func.name}" if func is not None and func.name else "above the registration"
        self.report(
            warning("CG300", message, pos, f"state the type it writes: add `//contractgen:response Page[User]` (your type) {where}")
        )

    def _writes(
        self, func: FuncFact, scope: _Scope, args: tuple[tuple[Value, _Scope], ...] | None, depth: int
    ) -> list[_Write]:
        """What a handler writes, with the writes of the helpers it hands its writer to, in order."""
        if func.body is None:
            return []
        found: list[_Write] = []
        events: list[WriteFact | CallFact] = sorted((*func.body.writes, *func.body.calls), key=lambda e: e.pos)
        for event in events:
            if isinstance(event, WriteFact):
                found.append(self._write(event, scope, args))
                continue
            helper = self.find_func(event.callee, scope.pkg, scope.file) if depth < _HELPER_DEPTH else None
            if helper is None:
                continue
            passed = tuple(_through(value, scope, args) for value in event.args)
            # What a helper writes is reported where the handler calls it.
            found.extend(replace(w, pos=event.pos) for w in self._writes(helper.fact, helper.scope, passed, depth + 1))
        return found

    def _write(self, write: WriteFact, scope: _Scope, args: tuple[tuple[Value, _Scope], ...] | None) -> _Write:
        status_value, _ = _through(write.status, scope, args)
        status = status_value.status
        if write.value is None:
            return _Write(status, None, False, "", write.pos)
        value, value_scope = _through(write.value, scope, args)
        visible = (value.type, value_scope) if value.type is not None else None
        return _Write(status, visible, True, value.text or write.value.text, write.pos, value.literal)


def _through(value: Value, scope: _Scope, args: tuple[tuple[Value, _Scope], ...] | None) -> tuple[Value, _Scope]:
    """A helper's parameter stands for what its caller passed."""
    if value.param is not None and args is not None and value.param < len(args):
        passed, passed_scope = args[value.param]
        if passed.type is not None or passed.status is not None or value.type is None:
            return passed, passed_scope
    return value, scope


def _choose(writes: list[_Write]) -> _Write | None:
    """The success response: the first 2xx write with a body, else one of unknown status with a
    body, else a 2xx write without one (204)."""
    success = [w for w in writes if w.status is not None and 200 <= w.status < 300]
    for candidates in ([w for w in success if w.body], [w for w in writes if w.status is None and w.body], success):
        if candidates:
            return candidates[0]
    return None


def _param_tag(tag: str | None) -> tuple[Literal["path", "query", "header"], str, bool] | None:
    """(location, wire name, required) of a field with a path/uri/param, query/form or header tag."""
    if not tag:
        return None
    for location, keys in _PARAM_TAGS:
        for key in keys:
            value = lookup(tag, key)
            if value is None:
                continue
            name = value.split(",")[0]
            if name and name != "-":
                rules = ",".join(filter(None, (lookup(tag, "binding"), lookup(tag, "validate"))))
                return location, name, "required" in rules.split(",")
    return None
