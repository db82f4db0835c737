"""What a handler reads and writes, as types of the contract: its request body, its path, query and
header parameters, its success response and status.

Sources, in order: directives (`//contractgen:request`, `response`, `status`), then the handler's
shape: the `Req` and `Resp` of a typed handler `func(ctx context.Context, req Req) (Resp, error)`;
for gin, echo and net/http handlers, the values they bind and write (contractgen/scan/handler_body.py),
through the helpers they hand their writer, context or request to (`writeJSON(w, v)`,
`validator.Bind(c)`, four calls deep), typed from the module's declarations
(contractgen/ir/handler_values.py). Bare handlers also get their error bodies, per non-2xx status.

Parameters come from the path template, from fields of the request type tagged `path`/`uri`/
`param`, `query`/`form` or `header`, and from the parameters the handler reads by name (`c.Query`). The request body is the request type when it has fields that
are not parameters (and not `json:"-"`), for the methods that carry one (POST, PUT, PATCH: what the
generated adapter reads, docs/wire-format.md).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from contractgen.diagnostics import Diagnostic, Position, warning
from contractgen.ir import formbind
from contractgen.ir.fields import wire_fields
from contractgen.ir.jsontag import lookup
from contractgen.ir.handler_values import Passed, Seams, ValueTypes, bound_type
from contractgen.ir.model import ErrorBody, FormPart, Media, Param, Success, TypeRef
from contractgen.records import record
from contractgen.scan import directives as directive_text
from contractgen.scan.endpoint_facts import BindFact, CallFact, FuncFact, FuncRef, ParamRead, TypeHint, Value, VarFact, WriteFact
from contractgen.scan.facts import Directive, FieldFact, InterfaceExpr, NameExpr, PointerExpr, SliceExpr, StructExpr, TypeExpr
from contractgen.scan.routes import template_params

if TYPE_CHECKING:
    from contractgen.ir.build import _Builder
    from contractgen.ir.scope import Pkg, Scope

# The generated adapter reads a body for these methods only (docs/wire-format.md).
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_PARAM_TAGS: tuple[tuple[Literal["path", "query", "header"], tuple[str, ...]], ...] = (
    ("path", ("path", "uri", "param")),
    ("query", ("query", "form")),
    ("header", ("header",)),
)
_HELPER_DEPTH = 4
UNKNOWN = TypeRef("unknown")
# net/http never sends a body with these (bodyAllowedForStatus); gin and echo write only the header.
NO_BODY_STATUSES = frozenset({204, 304})


@record(frozen=True)
class Handler:
    """A function of the module that a route names, with its package."""

    fact: FuncFact
    pkg: Pkg

    @property
    def scope(self) -> Scope:
        from contractgen.ir.scope import Scope

        return Scope(self.pkg, self.fact.file)


@record(frozen=True)
class Site:
    """Where an endpoint comes from: a registration (or a route directive) and its handler."""

    method: str
    path: str
    pkg: Pkg  # the package of the registration
    pos: Position
    handler: Handler | None
    literal: FuncFact | None
    adapter: bool
    directives: tuple[Directive, ...]
    doc: str
    handler_text: str
    adapter_status: int | None = None  # the adapter's WithStatus option
    queries: tuple[str, ...] = ()  # query keys the registration requires (gorilla's .Queries): required parameters
    patterns: tuple[tuple[str, str], ...] = ()  # the path variables' regular expressions (RouteFact.patterns)


@record(frozen=True)
class _Write:
    status: int | None
    value: Value | None  # None: a status without a body
    scope: Scope
    text: str
    pos: Position
    passed: Passed | None = None  # what the helper writing a map literal was given: its keys' values may be its parameters
    media: Media = "json"
    status_only: bool = False  # w.WriteHeader(s), c.Status(s): a body may follow

    @property
    def body(self) -> bool:
        return self.value is not None and self.status not in NO_BODY_STATUSES


@record(frozen=True)
class _Bind:
    kind: str
    value: Value
    scope: Scope
    pos: Position


@record
class _Flow:
    """What a handler does, with what the helpers it hands its writer, context or request to do, in order."""

    binds: list[_Bind]
    writes: list[_Write]
    reads: list[ParamRead]



Directives = dict[str, list[Directive]]


class HandlerTypes:
    """Request, parameters, response, status and error bodies of one endpoint; the endpoint builder
    provides `builder`, `report`, `find_func`, `find_var` and `directive_scope`."""

    builder: _Builder

    def report(self, diagnostic: Diagnostic) -> None:
        raise NotImplementedError

    def find_func(self, ref: FuncRef, pkg: Pkg, file: str) -> Handler | None:
        raise NotImplementedError

    def find_var(self, path: str, name: str) -> tuple[VarFact, Scope] | None:
        raise NotImplementedError

    def directive_scope(self, directive: Directive) -> Scope:
        raise NotImplementedError

    def _resolve(self, expr: TypeExpr, scope: Scope) -> TypeRef:
        return self.builder.resolve(expr, scope)

    @property
    def values(self) -> ValueTypes:
        found: ValueTypes | None = getattr(self, "_values", None)
        if found is None:
            found = ValueTypes(self.builder, Seams(self.find_func, self.find_var, self.report))
            self._values = found
        return found

    def flow(self, func: FuncFact | None, scope: Scope) -> _Flow:
        flow = _Flow([], [], [])
        if func is not None:
            self._follow(func, scope, None, None, 0, flow, None)
        return flow

    def _follow(
        self,
        func: FuncFact,
        scope: Scope,
        args: Passed | None,
        status: tuple[Value, Scope] | None,
        depth: int,
        flow: _Flow,
        at: Position | None,
        generics: Generics | None = None,
    ) -> None:
        """Adds what `func` binds, writes and reads to `flow`; `at`: where the handler calls the helper
        (what a helper does is reported there); `generics`: the helper's type parameters bound by the
        call's explicit type arguments."""
        generics = generics or {}
        if func.body is None:
            return
        events: list[WriteFact | CallFact | BindFact] = sorted((*func.body.writes, *func.body.calls, *func.body.binds), key=lambda e: e.pos)
        for event in events:
            if isinstance(event, WriteFact):
                written = self._write(event, scope, args, status, at)
                if written.value is not None and generics:
                    value, value_scope = _instantiated(written.value, written.scope, generics)
                    written = replace(written, value=value, scope=value_scope)
                flow.writes.append(written)
            elif isinstance(event, BindFact):
                value, value_scope = _instantiated(*_through(event.value, scope, args), generics)
                flow.binds.append(_Bind(event.kind, value, value_scope, at or event.pos))
            else:
                helper = self.find_func(event.callee, scope.pkg, scope.file) if depth < _HELPER_DEPTH else None
                if helper is None:
                    continue
                passed = tuple(_through(value, scope, args) for value in event.args)
                here = _through(event.status, scope, args) if event.status is not None else None
                if here is not None and here[0].default_status and status is not None:
                    here = status
                # `decode[CreateUser](r)`: the helper's `var v T` is a CreateUser, spelled in this scope.
                bound = {name: _instantiated_type(arg, scope, generics) for name, arg in zip(helper.fact.type_params, event.type_args)}
                self._follow(helper.fact, helper.scope, passed, here, depth + 1, flow, at or event.pos, bound)
        flow.reads.extend(replace(read, pos=at) if at is not None else read for read in func.body.params)

    def _write(
        self, write: WriteFact, scope: Scope, args: Passed | None, status: tuple[Value, Scope] | None, at: Position | None
    ) -> _Write:
        status_value, _ = _through(write.status, scope, args)
        if status_value.default_status and status is not None:
            status_value = status[0]
        if write.value is None:
            return _Write(status_value.status, None, scope, "", at or write.pos, status_only=write.status_only)
        value, value_scope = _through(write.value, scope, args)
        if write.renderer:
            status_value = self._renderer_status(value, value_scope) or status_value
        passed = args if value is write.value else None
        return _Write(status_value.status, value, value_scope, value.text or write.value.text, at or write.pos, passed, write.media)

    def _renderer_status(self, value: Value, scope: Scope) -> Value | None:
        """render.Render calls the value's Render method first: the status it sets there, if any
        (a status that is not a constant there, `render.Status(r, e.HTTPStatusCode)`, is not visible)."""
        located = self.values.expr(value, scope)
        expr = located[0] if located is not None else None
        while isinstance(expr, PointerExpr):
            expr = expr.elem
        if located is None or not isinstance(expr, NameExpr):
            return None
        decl = self.builder._lookup(expr, located[1], report=False)
        if decl is None:
            return None
        pkg, fact, _decl_scope = decl
        if isinstance(fact.type, InterfaceExpr):
            # `render.Render(w, r, ErrNotFound())` answering a render.Renderer: the status is what the
            # Render method of the value behind it sets, which this type does not show.
            return Value(text=f"the status the Render method of the {fact.name} value sets")
        method = self.find_func(FuncRef("Render", receiver=TypeHint(type=NameExpr(fact.name, fact.pos))), pkg, fact.file)
        if method is None or method.fact.receiver != fact.name or method.fact.body is None or not method.fact.body.statuses:
            return None
        statuses = {s.status for s in method.fact.body.statuses}
        if len(statuses) == 1 and None not in statuses:
            return method.fact.body.statuses[0]
        return Value(text=f"the status {fact.name}.Render sets")

    # --- request and parameters -----------------------------------------------------------------

    def request(
        self, site: Site, func: FuncFact | None, scope: Scope, directives: Directives, flow: _Flow
    ) -> tuple[TypeRef | None, tuple[Param, ...], tuple[FormPart, ...]]:
        decoded: tuple[TypeExpr, Scope] | None = None  # what the body (and parameters) decode into
        param_sources: list[tuple[TypeExpr, Scope]] = []
        typed = False
        bound_parts: dict[str, FormPart] = {}  # from a struct the form binding fills
        bound_query: dict[str, Param] = {}
        path_sources: list[tuple[TypeExpr, Scope]] = []
        stated = directives["request"][-1] if "request" in directives else None
        if stated is not None and stated.type is not None:
            decoded = (stated.type, self.directive_scope(stated))
        elif func is not None and func.shape == "typed" and len(func.params) == 2:
            decoded, typed = (func.params[1].type, scope), True
        else:
            for bind in flow.binds:
                located = self.values.expr(bind.value, bind.scope)
                if located is None:
                    self.report(
                        warning(
                            "CG301",
                            f"the type of {bind.value.text or 'the value'} that the handler decodes the request into is not visible here",
                            bind.pos,
                            "declare the variable with its type (var req CreateUser), or add //contractgen:request CreateUser to the handler",
                        )
                    )
                    continue
                if self._form_bind(site, bind.kind, located, bound_parts, bound_query):
                    if bind.kind == "echo":
                        path_sources.append(located)  # echo's Bind reads the path (param: tags) first
                    continue
                if bind.kind in ("json", "bind", "echo"):
                    decoded = decoded or located
                else:
                    param_sources.append(located)
        if decoded is not None:
            param_sources.insert(0, decoded)
        body = self._body(site.method, decoded) if decoded is not None else None
        if body is not None and bound_parts:
            for part in bound_parts.values():
                self._no_form_part(part, "the handler decodes a JSON body too, so the client cannot send it")
            bound_parts = {}
        form = self._form(site, flow.reads, body is not None, bound_parts)
        # With a multipart body, FormValue reads the form's part (net/http and echo read the body first).
        reads = [r for r in flow.reads if r.location not in ("file", "form", "multipart") and not (form and r.body_too)]
        params = self._params(site, param_sources, typed and self._struct(*decoded) is not None if decoded else False, reads, bound_query, path_sources)
        return body, params, form

    def _form_bind(
        self, site: Site, kind: str, located: tuple[TypeExpr, Scope], parts: dict[str, FormPart], query: dict[str, Param]
    ) -> bool:
        """A bind that reads a form (contractgen/ir/formbind.py): gin's ShouldBind on a route without a
        body (binding.Default is the form binding, reading the query) or into a form-like struct (a
        file, or form: tags and no json: tags; the client sends multipart/form-data, which gin's
        binding.Default and echo's Bind read as the form); binding.Form and friends; ShouldBindQuery and
        binding.Query (the query, by form: tags); echo's Bind on GET/DELETE/HEAD (the query: tags). Adds
        its parts or query parameters; False: not a form."""
        if kind not in ("bind", "echo", "form", "query"):
            return False
        struct = self._struct(*located)
        if struct is None:
            return False
        struct_expr, struct_scope = struct
        framework: formbind.Framework = "echo" if kind == "echo" else "gin"
        body = site.method in BODY_METHODS and kind != "query"  # ShouldBindQuery: gin's form mapping of the query
        if kind == "echo" and not body:
            for bound in formbind.bound_fields(self.builder, struct_expr, struct_scope, "query", "echo"):
                query.setdefault(bound.key, formbind.query_param(self.builder, bound))
            return True
        if kind in ("bind", "echo") and body and not formbind.form_like(self.builder, struct_expr, struct_scope):
            return False  # the JSON body
        for bound in formbind.bound_fields(self.builder, struct_expr, struct_scope, "form", framework):
            if body:
                parts.setdefault(bound.key, formbind.form_part(self.builder, bound))
            elif not bound.file:
                query.setdefault(bound.key, formbind.query_param(self.builder, bound))
        return True

    def _form(self, site: Site, reads: list[ParamRead], json_body: bool, bound: dict[str, FormPart]) -> tuple[FormPart, ...]:
        """The multipart/form-data body of a handler that reads a file or a posted form value, or binds
        a struct from the form (`bound`, which come first: their types are known): a part per name; a
        file is required (FormFile fails with http.ErrMissingFile without it), a value or a list is not
        (PostForm answers "", form.File["docs"] nil)."""
        for read in reads:
            if read.location == "multipart":
                self._no_form(read, "the parts taken from the whole form are not followed, so they are not in the contract")
        if not any(r.location in ("file", "form") for r in reads):
            return tuple(bound[name] for name in sorted(bound)) if site.method in BODY_METHODS and not json_body else ()
        if site.method not in BODY_METHODS or json_body:
            why = "the handler decodes a JSON body too" if json_body else f"{site.method} carries no request body"
            for read in reads:
                if read.location in ("file", "form"):
                    self._no_form(read, f"{why}, so the client cannot send it")
            return ()
        parts: dict[str, FormPart] = dict(bound)
        for read in reads:
            if read.location not in ("file", "form") and not read.body_too:
                continue
            if read.name is None:
                self._no_form(read, "its name is not a constant, so it is not in the contract")
                continue
            kind: Literal["file", "value"] = "file" if read.location == "file" else "value"
            known = parts.get(read.name)
            if known is None or (known.kind == "value" and kind == "file"):
                # form.File["docs"] is nil when no part has the name: a list of files is optional too.
                parts[read.name] = FormPart(read.name, kind, many=read.many, optional=kind == "value" or read.many, position=read.pos)
        return tuple(parts[name] for name in sorted(parts))

    def _no_form(self, read: ParamRead, why: str) -> None:
        self.report(
            warning(
                "CG324",
                f"{read.text} reads a part of a multipart/form-data body: {why}",
                read.pos,
                'read each part by a constant name (c.FormFile("avatar"), c.PostForm("caption")) on a POST, PUT or PATCH route; or call this endpoint with your own fetch and FormData',
            )
        )

    def _no_form_part(self, part: FormPart, why: str) -> None:
        self.report(
            warning(
                "CG324",
                f"the form part {part.name!r} of the struct the handler binds: {why}",
                part.position,
                "bind the form and the JSON body in different handlers, or call this endpoint with your own fetch and FormData",
            )
        )

    def _body(self, method: str, decoded: tuple[TypeExpr, Scope]) -> TypeRef | None:
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
        from contractgen.ir.requests import accepted_body

        return accepted_body(self.builder, expr, scope, replace(self._resolve(expr, scope), nullable=False))

    def _struct(self, expr: TypeExpr, scope: Scope) -> tuple[StructExpr, Scope] | None:
        while isinstance(expr, PointerExpr):
            expr = expr.elem
        return self.builder._underlying_struct(expr, scope)

    def _param_fields(self, struct: StructExpr, scope: Scope, depth: int = 0) -> list[FieldFact]:
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

    def _params(
        self,
        site: Site,
        sources: list[tuple[TypeExpr, Scope]],
        report_missing: bool,
        reads: list[ParamRead],
        bound_query: dict[str, Param] | None = None,
        path_sources: list[tuple[TypeExpr, Scope]] | None = None,
    ) -> tuple[Param, ...]:
        """`sources`: structs whose tagged fields are parameters; `path_sources`: structs of which only the
        path fields are (echo's Bind); `bound_query`: query parameters of a form binding."""
        by_location: dict[Literal["path", "query", "header"], dict[str, Param]] = {"path": {}, "query": dict(bound_query or {}), "header": {}}
        path_only = len(sources)
        for index, (expr, scope) in enumerate([*sources, *(path_sources or [])]):
            struct = self._struct(expr, scope)
            if struct is None:
                continue
            struct_expr, struct_scope = struct
            for fact in self._param_fields(struct_expr, struct_scope):
                tag = _param_tag(fact.tag)
                if tag is None:
                    continue
                location, wire_name, required = tag
                if wire_name in by_location[location] or (index >= path_only and location != "path"):
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
        wildcards = {name for name, _rest in template_params(site.path)}
        if any(rest for _name, rest in template_params(site.path)):
            wildcards.add("*")  # chi's and echo's name for the rest of the path
        for read in reads:
            self._read(site, read, by_location, wildcards)
        for key in site.queries:  # the route matches only when the key is there
            known = by_location["query"].get(key)
            by_location["query"][key] = replace(known, optional=False) if known else Param(name=key, location="query", type=TypeRef("string"))
        path_params = []
        patterns = dict(site.patterns)  # a name given twice: the last, as the router's own lookup by name
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
            if name in patterns:
                found = replace(found, pattern=patterns[name])
            path_params.append(found)
        return tuple(path_params) + tuple(by_location["query"].values()) + tuple(by_location["header"].values())

    def _read(
        self,
        site: Site,
        read: ParamRead,
        by_location: dict[Literal["path", "query", "header"], dict[str, Param]],
        wildcards: set[str],
    ) -> None:
        """A parameter read by name becomes a string parameter (an array of strings for QueryArray),
        optional outside the path: the handler reads "" (or nothing) when it is missing."""
        if read.name is None:
            self.report(
                warning(
                    "CG321",
                    f"{read.text} reads a {read.location} parameter whose name is not a constant; it is not in the contract",
                    read.pos,
                    "use a constant name, or bind the parameters into a struct with form:/header: tags (c.ShouldBindQuery(&q))",
                )
            )
            return
        location: Literal["path", "query", "header"] = read.location  # type: ignore[assignment]
        if location == "path":
            if read.name not in wildcards:
                self.report(
                    warning(
                        "CG321",
                        f"{read.text} reads the path parameter {read.name!r}, which {site.path} does not have",
                        read.pos,
                        "use the wildcard's name as registered",
                    )
                )
            return  # every wildcard of the template is a parameter already
        if read.name in by_location[location]:
            return
        value = TypeRef("array", items=TypeRef("string")) if read.many else TypeRef("string")
        by_location[location][read.name] = Param(name=read.name, location=location, type=value, optional=True, position=read.pos)

    # --- response and status --------------------------------------------------------------------

    def response(
        self, site: Site, func: FuncFact | None, scope: Scope, directives: Directives, name: str, flow: _Flow
    ) -> tuple[TypeRef | None, int]:
        status: int | None = None
        status_directive = directives["status"][-1] if "status" in directives else None
        if status_directive is not None:
            parsed = directive_text.parse_status(status_directive.args)
            status = parsed if isinstance(parsed, int) else None
        stated = directives["response"][-1] if "response" in directives else None
        if func is not None and func.shape == "typed":
            status = status or site.adapter_status
            if stated is not None and stated.type is not None:
                return self._resolve(stated.type, self.directive_scope(stated)), status or 200
            if len(func.results) == 2:
                return self._resolve(func.results[0], scope), status or 200
            return None, status or 204
        chosen = _choose(flow.writes)
        if status is not None and status_directive is not None:
            self._check_status(status, status_directive, flow.writes)
        shown = chosen.status if chosen is not None else None
        if stated is not None and stated.type is not None:
            return self._resolve(stated.type, self.directive_scope(stated)), status or shown or 200
        if chosen is None:
            what = (
                f"the handler {site.handler_text} is not a function declared in this module"
                if func is None
                else f"no JSON response of {name} was found"
            )
            self._unknown_response(site, func, f"{what}; its response is typed as unknown JSON", site.pos if func is None else func.pos)
            return UNKNOWN, status or 200
        if not chosen.body or chosen.value is None:
            return None, status or shown or 200
        response = self.values.ref(chosen.value, chosen.scope, f"the response of {name}", chosen.passed)
        if response is None:
            self._unknown_response(
                site, func, f"the type of {chosen.text or 'the response'} is not visible in {name}; its response is typed as unknown JSON", chosen.pos
            )
            return UNKNOWN, status or shown or 200
        return response, status or shown or 200

    def media(self, directives: Directives, flow: _Flow) -> Media:
        """What the main response body is: JSON unless the code writes it as text or bytes."""
        chosen = _choose(flow.writes)
        return chosen.media if chosen is not None and chosen.body and "response" not in directives else "json"

    def other_successes(self, name: str, flow: _Flow, status: int, response: TypeRef | None, media: Media, directives: Directives) -> tuple[Success, ...]:
        """The 2xx statuses a bare handler writes besides the main one, each with the first body it is
        written with (none for 204, c.NoContent or c.AbortWithStatus; the main body or none after only
        w.WriteHeader(s) or c.Status(s), as what follows is not known). A status directive states the
        one success status: then there are no others."""
        if "status" in directives:
            return ()
        by_status: dict[int, list[_Write]] = {}
        for write in flow.writes:
            if write.status is not None and 200 <= write.status < 300 and write.status != status:
                by_status.setdefault(write.status, []).append(write)
        successes = []
        for code, writes in sorted(by_status.items()):
            bodies = [w for w in writes if w.body]
            if bodies:
                first = bodies[0]
                assert first.value is not None
                ref = self.values.ref(first.value, first.scope, f"the {code} response of {name}", first.passed)
                if ref is None:
                    self.report(
                        warning(
                            "CG323",
                            f"the type of {first.text or 'the body'} that {name} writes with status {code} is not visible; that body is typed as unknown JSON",
                            first.pos,
                            "declare the value with its type, or state it with //contractgen:response",
                        )
                    )
                successes.append(Success(code, ref or UNKNOWN, first.media, position=first.pos))
            elif code not in NO_BODY_STATUSES and all(w.status_only for w in writes) and response is not None:
                successes.append(Success(code, response, media, empty=True, position=writes[0].pos))
            else:
                successes.append(Success(code, position=writes[0].pos))
        return tuple(successes)

    def _check_status(self, status: int, directive: Directive, writes: list[_Write]) -> None:
        """A status directive never silently hides a success status the code shows."""
        shown = sorted({w.status for w in writes if w.status is not None and 200 <= w.status < 300 and w.status != status})
        if shown:
            self.report(
                warning(
                    "CG322",
                    f"//contractgen:status {status}, but the handler also writes {', '.join(map(str, shown))}; the contract says {status}",
                    directive.pos,
                    "remove the directive if the code is right, or change the code; the client accepts any 2xx",
                )
            )

    def error_bodies(self, name: str, flow: _Flow) -> tuple[ErrorBody, ...]:
        """What a bare handler writes with each non-2xx status: one type per status, unknown (with
        CG323) where the code shows the status but not its body, or different bodies for it."""
        by_status: dict[int, list[_Write]] = {}
        chosen = _choose(flow.writes)
        for write in flow.writes:
            if write.media != "json":
                continue  # text or bytes: the ApiError keeps the text, as for a status the contract does not describe
            if write.status is not None and write.status >= 300 and write.body:
                by_status.setdefault(write.status, []).append(write)
            elif write.status is None and write.value is not None and write is not chosen:
                self.report(
                    warning(
                        "CG323",
                        f"the status {name} writes {write.text or 'a body'} with is not visible; that body is not in the contract",
                        write.pos,
                        "write the status as a constant (http.StatusNotFound) where the body is written",
                    )
                )
        bodies = []
        for status, writes in sorted(by_status.items()):
            refs = [(w, self.values.ref(w.value, w.scope, f"the {status} response of {name}", w.passed)) for w in writes if w.value is not None]
            known = {r for _w, r in refs if r is not None}
            unseen = [w for w, r in refs if r is None]
            body = known.pop() if len(known) == 1 and not unseen else UNKNOWN
            if unseen:
                self.report(
                    warning(
                        "CG323",
                        f"the type of {unseen[0].text or 'the body'} that {name} writes with status {status} is not visible; that error body is typed as unknown JSON",
                        unseen[0].pos,
                        "give the value a visible type (a typed variable, a function with a declared result)",
                    )
                )
            elif len({r for _w, r in refs}) > 1:
                lines = ", ".join(f"line {w.pos.line}" for w, _r in refs)
                self.report(
                    warning(
                        "CG323",
                        f"{name} writes different bodies with status {status} ({lines}); that error body is typed as unknown JSON",
                        writes[0].pos,
                        "write one type per status (an error struct of your own)",
                    )
                )
            bodies.append(ErrorBody(status, body, writes[0].pos))
        return tuple(bodies)

    def _unknown_response(self, site: Site, func: FuncFact | None, message: str, pos: Position) -> None:
        where = f"to the doc comment of {func.name}" if func is not None and func.name else "above the registration"
        self.report(
            warning("CG300", message, pos, f"state the type it writes: add `//contractgen:response Page[User]` (your type) {where}")
        )


Generics = dict[str, tuple[TypeExpr, "Scope"]]  # a generic helper's type parameter -> its argument, where spelled


def _instantiated(value: Value, scope: Scope, generics: Generics) -> tuple[Value, Scope]:
    """A value whose type is (a pointer to, a slice of) one of the helper's bound type parameters
    (`var v T`, `&v`): the same value of the type argument, in the scope that spells it."""
    if value.type is None or not generics:
        return value, scope
    expr, expr_scope = _instantiated_type(value.type, scope, generics)
    return (replace(value, type=expr), expr_scope) if expr is not value.type else (value, scope)


def _instantiated_type(expr: TypeExpr, scope: Scope, generics: Generics) -> tuple[TypeExpr, Scope]:
    for name, (argument, argument_scope) in generics.items():
        bound = bound_type(expr, {name: argument})
        if bound is not None:
            return bound, argument_scope
    return expr, scope


def _through(value: Value, scope: Scope, args: Passed | None) -> tuple[Value, Scope]:
    """A helper's parameter stands for what its caller passed."""
    if value.param is not None and args is not None and value.param < len(args):
        passed, passed_scope = args[value.param]
        if passed.type is not None or passed.status is not None or passed.hint is not None or passed.fields is not None or value.type is None:
            return passed, passed_scope
    return value, scope


def _choose(writes: list[_Write]) -> _Write | None:
    """The main success response: of the 2xx writes with a body, the first of the lowest status (200
    before 201 whichever branch comes first, so that reordering code does not change the contract),
    else a 2xx write without one (204), else one of unknown status with a body (beside a known 2xx
    status, a write whose status is not seen is more likely an error: CG323 says it is left out).
    The other 2xx statuses are the endpoint's other_successes."""
    success = [w for w in writes if w.status is not None and 200 <= w.status < 300]
    bodies = [w for w in success if w.body]
    if bodies:
        return min(bodies, key=lambda w: w.status or 0)
    for candidates in (success, [w for w in writes if w.status is None and w.body]):
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
