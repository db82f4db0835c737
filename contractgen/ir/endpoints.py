"""Endpoints: route registrations and `//contractgen:route` directives -> `Endpoint`s of the contract.

Called by the type builder (`_Builder.build`) before it builds declarations, so that every type an
endpoint uses is queued like any other. Types resolve through the builder (`resolve`), so a request
or response type follows exactly the encoding/json rules of the rest of the contract.

What an endpoint gets, in order of precedence:
- method, path: the `//contractgen:route` directives of its handler, else each registration (the
  prefixes of the groups and of the routers handed down to it applied).
- request, response, status, errors: directives on the registration statement, then on the
  handler, then what the handler shows: the `Req`/`Resp` of a typed handler
  `func(ctx context.Context, req Req) (Resp, error)`; for gin, echo and net/http handlers, what
  they bind and write (contractgen/scan/handler_body.py), following helpers they hand the writer to.
- params: the path template's parameters, and the request type's fields tagged `path`/`uri`/`param`,
  `query`/`form` and `header`.
- name: the handler's Go name; an inline func literal gets `derived_name(method, path)`.
- wire: "envelope" for a typed handler registered through a call named `Handle`, else "bare".
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from contractgen.diagnostics import Diagnostic, Position, warning
from contractgen.ir.errorcatalog import ReasonIndex, build_catalogs
from contractgen.ir.handler_types import Directives, Handler, HandlerTypes, Site
from contractgen.ir.model import Endpoint, ErrorCatalog
from contractgen.ir.router_receivers import RouterReceivers
from contractgen.scan import directives as directive_text
from contractgen.scan.endpoint_facts import FuncFact, FuncRef, HandlerFact, MountFact, RouteFact, TypeHint, VarFact
from contractgen.scan.facts import Directive, NameExpr, PointerExpr, StructExpr, TypeDeclFact, TypeExpr
from contractgen.scan.routes import derived_name, join_paths, to_template

if TYPE_CHECKING:
    from contractgen.ir.build import _Builder
    from contractgen.ir.scope import Pkg, Scope

_MOUNT_DEPTH = 8
_Decl = tuple["Pkg", TypeDeclFact, "Scope"]  # a declaration of the module, with the scope of its body
# A top router: (package path, function key, which router of that function, or the base it came in by).
RouterKey = tuple[str, str, str]


def build_endpoints(builder: _Builder, selected: list[str]) -> tuple[tuple[Endpoint, ...], tuple[ErrorCatalog, ...]]:
    catalogs = build_catalogs(builder)
    endpoints = _EndpointBuilder(builder, ReasonIndex(catalogs)).build(set(selected))
    used = {e for endpoint in endpoints for e in endpoint.errors}
    kept = tuple(c for c in catalogs if c.package in selected or any(r.value in used for r in c.reasons))
    return endpoints, kept


class _EndpointBuilder(HandlerTypes):
    def __init__(self, builder: _Builder, reasons: ReasonIndex) -> None:
        self.builder = builder
        self.reasons = reasons
        self.funcs: dict[tuple[str, str], Handler] = {}
        self.by_name: dict[str, list[Handler]] = {}
        self.routes: list[tuple[Pkg, RouteFact]] = []
        self.mounts: list[tuple[Pkg, MountFact]] = []
        self.handlers_used: set[tuple[str, str]] = set()
        self._prefix_cache: dict[tuple[str, str, str], list[tuple[str, RouterKey]]] = {}
        self.site_routers: dict[tuple[Position, str], RouterKey] = {}  # a registered site's top router
        self.file_pkgs: dict[str, Pkg] = {}
        self.vars: dict[tuple[str, str], tuple[VarFact, Pkg, str]] = {}
        for path in sorted(builder.packages):
            pkg = builder.packages[path]
            for file in pkg.facts.files:
                self.file_pkgs[file.path] = pkg
                if file.endpoints is None:
                    continue
                for fact in file.endpoints.funcs:
                    func = Handler(fact, pkg)
                    if (path, fact.key) not in self.funcs:
                        self.funcs[(path, fact.key)] = func
                        self.by_name.setdefault(fact.name, []).append(func)
                for var in file.endpoints.vars:
                    self.vars.setdefault((path, var.name), (var, pkg, file.path))
                self.routes.extend((pkg, route) for route in file.endpoints.routes)
                self.mounts.extend((pkg, mount) for mount in file.endpoints.mounts)

    def report(self, diagnostic: Diagnostic) -> None:
        self.builder._report(diagnostic)

    # --- sites ----------------------------------------------------------------------------------

    def build(self, selected: set[str]) -> tuple[Endpoint, ...]:
        sites = self._registered_sites() + self._directive_sites()
        endpoints: dict[tuple[RouterKey | None, str, str], tuple[Site, Endpoint]] = {}
        for site in sorted(sites, key=lambda s: (s.path, s.method, s.pos)):
            if site.handler is not None:
                self.handlers_used.add((site.handler.pkg.path, site.handler.fact.key))
            if self._ignored(site):
                continue
            top = self.site_routers.get((site.pos, site.path))
            # A program's endpoints are those its routers serve or its handlers implement; the others
            # are left out before duplicates are judged, so another program's routes never hide its own,
            # and before they are built, so the types only they use are not roots of the contract.
            package = site.handler.pkg.path if site.handler is not None else site.pkg.path
            if package not in selected and (top is None or top[0] not in selected):
                continue
            endpoint = self._endpoint(site)
            # Two servers (two top routers) may serve the same method and path: both are endpoints.
            key = (top, endpoint.method, endpoint.path)
            if key in endpoints:
                first = endpoints[key][0]
                self.report(
                    warning(
                        "CG308",
                        f"{endpoint.method} {endpoint.path} is registered twice (first at {first.pos}); this registration is left out",
                        site.pos,
                    )
                )
                continue
            endpoints[key] = (site, endpoint)
        self._check_handler_directives()
        # The same endpoint served by two servers of a program (a shared health check) is one endpoint of the contract.
        served: dict[Endpoint, Endpoint] = {}
        for _, endpoint in endpoints.values():
            served.setdefault(replace(endpoint, position=None), endpoint)
        return tuple(served.values())

    def _registered_sites(self) -> list[Site]:
        sites: list[Site] = []
        receivers = RouterReceivers(self.builder, self.values, self.report)
        for pkg, route in self.routes:
            if route.receiver is not None and not receivers.keep(route, pkg, self._handler_like(route, pkg)):
                continue
            if route.problem:
                self.report(
                    warning(
                        "CG303",
                        f"unsupported route registration: {route.problem}; no endpoint is recorded for it",
                        route.pos,
                        'register one method per route ("GET /path"), or put //contractgen:route METHOD /path on the handler',
                    )
                )
                continue
            handler = self._handler(route.handler, pkg, route.pos.path, pos=route.pos)
            if handler is not None and _routes_of(handler.fact):
                self.handlers_used.add((handler.pkg.path, handler.fact.key))
                continue  # the handler's own route directives decide its endpoints
            for prefix, top in self._prefixes(pkg, route.function, route.base, route.router):
                path = join_paths(prefix, route.path) if prefix else (route.path or "/")
                self.site_routers[(route.pos, path)] = top
                sites.append(
                    Site(
                        route.method,
                        path,
                        pkg,
                        route.pos,
                        handler,
                        route.handler.literal,
                        route.handler.adapter,
                        route.directives,
                        route.doc,
                        route.handler.text,
                        route.handler.status,
                        route.queries,
                        route.patterns,
                    )
                )
        return sites

    def _handler_like(self, route: RouteFact, pkg: Pkg) -> bool:
        """Whether a registration-looking call names a handler: a func literal with parameters, a
        function of the package, a handler factory's call, or a method or function of another package
        (not a variable or a parameter, as a client's request body may be)."""
        handler = route.handler
        if handler.literal is not None:
            return bool(handler.literal.params)
        if handler.factory is not None and self._handler(handler, pkg, route.pos.path, quiet=True) is not None:
            return True
        ref = handler.ref
        if ref is None:
            return False
        if ref.qualifier is None and ref.receiver is None:
            return (pkg.path, ref.name) in self.funcs
        return True

    def _directive_sites(self) -> list[Site]:
        # A handler with route directives may still be registered through the adapter somewhere.
        adapted = {
            (h.pkg.path, h.fact.key): route.handler.status
            for pkg, route in self.routes
            if route.handler.adapter and (h := self._handler(route.handler, pkg, route.pos.path, quiet=True)) is not None
        }
        sites: list[Site] = []
        for (path, key), func in sorted(self.funcs.items()):
            for directive in func.fact.directives:
                parsed = directive_text.parse_route(directive.args) if directive.name == "route" else None
                if isinstance(parsed, str):
                    self.report(warning("CG307", f"//contractgen:route: {parsed}", directive.pos))
                if not isinstance(parsed, tuple):
                    continue
                method, route_path = parsed
                adapter = (path, key) in adapted
                template = to_template(route_path, "brace")
                sites.append(
                    Site(method, template, func.pkg, directive.pos, func, None, adapter, (), "", func.fact.name, adapted.get((path, key)))
                )
        return sites

    def _ignored(self, site: Site) -> bool:
        own = site.handler.fact.directives if site.handler else ()
        return any(d.name == "ignore" for d in (*site.directives, *own))

    # --- handlers and receivers -------------------------------------------------------------------

    def _handler(self, handler: HandlerFact, pkg: Pkg, file: str, quiet: bool = False, pos: Position | None = None) -> Handler | None:
        if handler.factory is not None and handler.literal is None:
            # `auth(h.getUser)` wraps a handler function of the module; `GetUser(db)` returns one.
            wrapped = self._func(handler.ref, pkg, file, True, pos) if handler.ref is not None else None
            if wrapped is None or wrapped.fact.shape == "other":
                factory = self._func(handler.factory, pkg, file, True, pos)
                if factory is not None and factory.fact.returned is not None:
                    return Handler(factory.fact.returned, factory.pkg)
        return self._func(handler.ref, pkg, file, quiet, pos) if handler.ref is not None else None

    def _func(self, ref: FuncRef, pkg: Pkg, file: str, quiet: bool = False, pos: Position | None = None) -> Handler | None:
        from contractgen.ir.scope import Scope

        scope = Scope(pkg, file)
        if ref.qualifier is not None:
            path = self.builder._import_path(scope, ref.qualifier)
            return self.funcs.get((path, ref.name)) if path is not None else None
        if ref.receiver is None:
            return self.funcs.get((pkg.path, ref.name))
        owner = self._owner(ref.receiver, scope)
        if owner is not None:
            found = self.funcs.get((owner[0], f"{owner[1]}.{ref.name}"))
            if found is not None:
                return found
        candidates = [f for f in self.by_name.get(ref.name, []) if f.fact.receiver is not None]
        local = [f for f in candidates if f.pkg.path == pkg.path]
        choice = local or candidates
        if len(choice) == 1:
            return choice[0]
        if len(choice) > 1 and not quiet:
            owners = ", ".join(sorted({f"{f.pkg.facts.name}.{f.fact.receiver}" for f in choice}))
            self.report(
                warning(
                    "CG304",
                    f"cannot tell which {ref.name} method {ref.text or ref.name} is ({owners}): the receiver's type is not visible here",
                    pos,
                    "give the receiver a visible type (a typed variable or parameter, or &T{...}), or put //contractgen:route on the handler",
                )
            )
        return None

    def _owner(self, hint: TypeHint, scope: Scope, depth: int = 0) -> tuple[str, str] | None:
        """The (package path, type name) a receiver hint denotes, when the module declares it."""
        found = self._hint_decl(hint, scope, depth)
        return (found[0].path, found[1].name) if found is not None else None

    def _hint_decl(self, hint: TypeHint, scope: Scope, depth: int = 0) -> _Decl | None:
        located = self.values.hint(hint, scope, depth)
        return self._decl_of(*located) if located is not None else None

    def _decl_of(self, expr: TypeExpr, scope: Scope) -> _Decl | None:
        while isinstance(expr, PointerExpr):
            expr = expr.elem
        if not isinstance(expr, NameExpr):
            return None
        return self.builder._lookup(expr, scope, report=False)

    # --- prefixes -------------------------------------------------------------------------------

    def _prefixes(self, pkg: Pkg, function: str, base: str, router: int | None, depth: int = 0) -> list[tuple[str, RouterKey]]:
        """The prefixes under which a function's router (parameter or returned router) is mounted,
        each with the top router it ends up on (a server of its own: duplicates are judged per top router)."""
        here: RouterKey = (pkg.path, function, base or str(router))
        if not base or depth > _MOUNT_DEPTH:
            return [("", here)]
        key = (pkg.path, function, base)
        if key in self._prefix_cache:
            return self._prefix_cache[key]
        self._prefix_cache[key] = [("", here)]  # a cycle mounts nothing more
        found: set[tuple[str, RouterKey]] = set()
        unresolved = False
        for mount_pkg, mount in self.mounts:
            if mount.target != base:
                continue
            callee = self._func(mount.callee, mount_pkg, mount.pos.path, quiet=True)
            if callee is None or callee.pkg.path != pkg.path or callee.fact.key != function:
                continue
            if mount.unresolved:  # below a computed prefix (CG311, reported by the scanner): nowhere we know
                unresolved = True
                continue
            for outer, top in self._prefixes(mount_pkg, mount.function, mount.base, mount.router, depth + 1):
                found.add((join_paths(outer, mount.prefix) if outer or mount.prefix else "", top))
        result = sorted(found) if found or unresolved else [("", here)]
        self._prefix_cache[key] = result
        return result

    # --- one endpoint ---------------------------------------------------------------------------

    def _endpoint(self, site: Site) -> Endpoint:
        from contractgen.ir.scope import Scope

        func = site.handler.fact if site.handler is not None else site.literal
        pkg = site.handler.pkg if site.handler is not None else site.pkg
        scope = Scope(pkg, func.file if func is not None else site.pos.path)
        if site.handler is not None:
            self.handlers_used.add((pkg.path, site.handler.fact.key))
        directives = self._directives(site, func)
        name = func.name if func is not None and func.name else derived_name(site.method, site.path)
        flow = self.flow(func, scope) if func is not None and func.shape != "typed" else self.flow(None, scope)
        request, params, form = self.request(site, func, scope, directives, flow)
        response, status = self.response(site, func, scope, directives, name, flow)
        media = self.media(directives, flow) if response is not None else "json"
        typed = func is not None and func.shape == "typed"
        wire: Literal["envelope", "bare"] = "envelope" if site.adapter and typed else "bare"
        return Endpoint(
            name=name,
            group=func.receiver if func is not None and func.receiver else pkg.facts.name,
            package=pkg.path,
            method=site.method,
            path=site.path,
            params=params,
            request=request,
            form=form,
            response=response,
            status=status,
            media=media,
            other_successes=self.other_successes(name, flow, status, response, media, directives) if wire == "bare" else (),
            errors=self._errors(func, directives),
            error_bodies=self.error_bodies(name, flow) if wire == "bare" else (),
            wire=wire,
            doc=(func.doc if func is not None and func.doc else site.doc),
            position=func.pos if func is not None else site.pos,
        )

    def _directives(self, site: Site, func: FuncFact | None) -> Directives:
        """Registration directives over the handler's; each validated once."""
        merged: Directives = {}
        for source in ((func.directives if func is not None else ()), site.directives):
            per_name: Directives = {}
            for directive in source:
                if self._valid(directive):
                    per_name.setdefault(directive.name, []).append(directive)
            for key, found in per_name.items():
                merged[key] = merged.get(key, []) + found if key == "errors" else found
        return merged

    def _valid(self, directive: Directive) -> bool:
        name = directive.name
        problem = ""
        if name not in directive_text.ON_HANDLERS:
            near = directive_text.nearest(name, directive_text.ON_HANDLERS)
            known = name in directive_text.ALL
            self.report(
                warning(
                    "CG307",
                    f"//contractgen:{name} has no meaning on a handler; it is ignored" if known else f"unknown directive //contractgen:{name}",
                    directive.pos,
                    "" if known else (f"did you mean //contractgen:{near}?" if near else "directives: " + ", ".join(directive_text.ON_HANDLERS)),
                )
            )
            return False
        if name in ("request", "response") and directive.type is None:
            problem = f"{directive.args!r} is not a Go type" if directive.args else "name the Go type: //contractgen:response Page[User]"
        elif name == "status":
            parsed = directive_text.parse_status(directive.args)
            problem = parsed if isinstance(parsed, str) else ""
        elif name == "errors":
            reasons = directive_text.parse_reasons(directive.args)
            problem = reasons if isinstance(reasons, str) else ""
        if problem:
            self.report(warning("CG307", f"//contractgen:{name}: {problem}", directive.pos))
            return False
        return True

    def directive_scope(self, directive: Directive) -> Scope:
        """Types in a directive resolve in the file that holds it."""
        from contractgen.ir.scope import Scope

        return Scope(self.file_pkgs[directive.pos.path], directive.pos.path)

    def find_func(self, ref: FuncRef, pkg: Pkg, file: str) -> Handler | None:
        return self._func(ref, pkg, file, quiet=True)

    def find_var(self, path: str, name: str) -> tuple[VarFact, Scope] | None:
        from contractgen.ir.scope import Scope

        found = self.vars.get((path, name))
        return (found[0], Scope(found[1], found[2])) if found is not None else None

    # --- errors ---------------------------------------------------------------------------------

    def _errors(self, func: FuncFact | None, directives: Directives) -> tuple[str, ...]:
        found: set[str] = set()
        for directive in directives.get("errors", []):
            names = directive_text.parse_reasons(directive.args)
            for name in names if isinstance(names, tuple) else ():
                value = self.reasons.lookup(name)
                if value is None:
                    self.report(
                        warning(
                            "CG306",
                            f"{name} is not a reason of any error catalog",
                            directive.pos,
                            "name a reason's wire value or Go constant, declared in a type marked //contractgen:errors",
                        )
                    )
                else:
                    found.add(value)
        if func is not None and func.body is not None:
            found.update(self.reasons.mentioned(func.body.names, func.body.called))
        return tuple(sorted(found))

    def _check_handler_directives(self) -> None:
        """Directives on functions no route uses are mistakes worth a warning."""
        for key, func in sorted(self.funcs.items()):
            if key in self.handlers_used:
                continue
            for directive in func.fact.directives:
                if directive.name in directive_text.ON_HANDLERS and directive.name != "route":
                    self.report(
                        warning(
                            "CG307",
                            f"//contractgen:{directive.name} on {func.fact.name}, which no route registers; it is ignored",
                            directive.pos,
                            "register the handler, or give it a //contractgen:route METHOD /path directive",
                        )
                    )
                elif directive.name not in directive_text.ON_HANDLERS:
                    self._valid(directive)


def _routes_of(func: FuncFact) -> list[tuple[str, str]]:
    """The valid `//contractgen:route` directives of a handler."""
    parsed = (directive_text.parse_route(d.args) for d in func.directives if d.name == "route")
    return [p for p in parsed if isinstance(p, tuple)]


