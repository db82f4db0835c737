"""Route registrations in one function body, with the prefixes of the groups they are made on.

Routers are followed through the function in source order: created (`gin.New()`, `gin.Default()`,
`echo.New()`, `chi.NewRouter()`, `http.NewServeMux()`), received as a parameter of a router type,
grouped (`r.Group("/api")` in gin and echo, `r.Route("/api", func(r chi.Router) {...})` and
`r.Group(func(r chi.Router) {...})` in chi, `r.With(...)`), assigned to variables, and mounted
(`r.Mount("/users", sub)`). A registration on a receiver we cannot trace (`s.router.GET(...)`,
`router.New().Get(...)`) hangs at the root with what the source shows of the receiver's type, for the
IR to judge (contractgen/ir/router_receivers.py: kept on a modelled router or a wrapper of one, else
CG310). Routers handed to other functions become MountFacts, joined up by the IR builder.
Three collaborators: MuxRoutes reads gorilla's route chains, StripPrefixes follows `http.StripPrefix`
in front of a router, UnmodelledRouters reports the routers without a model it knows by name.

Registrations recognised (path: a constant string):
  gin, echo   X.GET/POST/PUT/PATCH/DELETE/HEAD/OPTIONS/CONNECT/TRACE(path, ..., handler),
              gin X.Handle(method, path, handler), echo X.Add(method, path, handler)
  chi         X.Get/Post/Put/Patch/Delete/Head/Options/Connect/Trace(path, handler),
              X.Method/MethodFunc(method, path, handler)
  net/http    X.HandleFunc/Handle("METHOD /path", handler), http.HandleFunc/Handle (the default mux)
  routegroup  the net/http patterns on a *routegroup.Bundle, X.HandleRoot/HandleRootFunc(method, handler);
              groups: routegroup.New(mux), routegroup.Mount(mux, p), X.Mount(p), X.Group(), X.Route(func)
  gorilla/mux X.HandleFunc/Handle(path, h) or X.Path(path) chained with .Methods(...), .HandlerFunc/Handler(h),
              .Name/.Queries/.Host/...; subrouters X.PathPrefix(p).Subrouter()
  httprouter  X.GET/POST/...(path, handle), X.Handle/Handler/HandlerFunc(method, path, handler)
Reported as unsupported: a pattern without a method, Any/Match, a path that is not a constant (CG303);
a router without a model (CG310, contractgen/scan/router_models.py); a computed prefix (CG311); a
StripPrefix that cannot be followed, or a route behind one that the pattern in front does not serve (CG312).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import count

from tree_sitter import Node

from contractgen.diagnostics import Position, warning
from contractgen.records import record
from contractgen.scan.endpoint_facts import FuncFact, FuncRef, HandlerFact, MountFact, RouteFact, TypeHint
from contractgen.scan.exprs import ECHO, GIN, HTTPROUTER, NET_HTTP, ROUTEGROUP, FileScope, Locals, args_of, text
from contractgen.scan.facts import Directive, PointerExpr, TypeExpr
from contractgen.scan.router_models import CONSTRUCTORS, ROUTER_TYPES
from contractgen.scan.routes import HTTP_METHODS, METHOD_CONSTANTS, METHOD_FIRST_REGISTRARS, Style, join_paths, path_patterns, split_pattern, to_template
from contractgen.scan.mux_routes import MUX_CHAIN, MuxRoutes
from contractgen.scan.strip_prefix import StripPrefixes
from contractgen.scan.unmodelled_routers import UnmodelledRouters

_COLON_VERBS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE"})
_BRACE_VERBS = {m[0] + m[1:].lower(): m for m in _COLON_VERBS}  # chi: Get, Post, ...
# Router methods that pass the router through unchanged (middleware, gorilla's options).
_PASS_THROUGH = frozenset({"With", "Use", "StrictSlash", "SkipClean", "UseEncodedPath", "Group"})
# Calls that wrap a handler without changing it; `Handle` is the generated envelope adapter.
_CONVERSIONS = frozenset({"HandlerFunc", "WrapF", "WrapH", "WrapHandler"})
_ADAPTER = "Handle"
_REGISTRARS = frozenset({*_COLON_VERBS, *_BRACE_VERBS, "HandleFunc", *METHOD_FIRST_REGISTRARS, "Any", "Match", "HandleRoot", "HandleRootFunc"})
_COLON_ROUTERS = frozenset({GIN, HTTPROUTER, *ECHO})  # routers whose verbs are upper case, with :param paths


@record(frozen=True)
class Router:
    prefix: str
    base: str  # "" the root, "param:N" a parameter of the enclosing function
    origin: int | None  # a router created in this function, for Mount and return
    framework: str | None
    # A prefix the source computes (`r.Mount(base)`): its text and where; routes below it are reported, not recorded.
    unresolved: str = ""
    unresolved_at: Position | None = None
    # A router we cannot trace (`s.router`, `router.New()`): how the IR learns its type, to tell a
    # modelled router (or a wrapper embedding one) from a router without a model (CG310).
    doubt: TypeHint | None = None
    doubt_text: str = ""
    patterns: tuple[tuple[str, str], ...] = ()  # the regular expressions of the prefix's variables


@record(frozen=True)
class _Pending:
    route: RouteFact
    origin: int | None


class RouteReader:
    """Reads one top-level function. `literal_handler` turns an inline func literal into a FuncFact;
    `statement_doc` gives the doc and directives of the statement around a registration."""

    def __init__(
        self,
        locals_: Locals,
        function_key: str,
        literal_handler: Callable[[Node], FuncFact],
        statement_doc: Callable[[Node], tuple[str, tuple[Directive, ...]]],
    ) -> None:
        self.locals = locals_
        self.scope: FileScope = locals_.scope
        self.function = function_key
        self.literal_handler = literal_handler
        self.statement_doc = statement_doc
        self.env: dict[str, Router] = {}
        self.pending: list[_Pending] = []
        self.pending_mounts: list[tuple[MountFact, int | None]] = []
        self.local_mounts: dict[int, tuple[Router, str]] = {}
        self.returned: set[int] = set()
        self.origins = count(1)
        self.guess = self._framework_guess()
        self.mux = MuxRoutes(self)
        self.strip = StripPrefixes(self)
        self.unmodelled = UnmodelledRouters(locals_, function_key, modelled_import=self.guess is not None)
        self.doubts: dict[str, TypeHint] = {}  # variables set to what is no router we trace: how to learn their type
        self.reported: set[Position] = set()  # computed prefixes reported (CG311)
        self.dropped: dict[int, tuple[str, Position]] = {}  # local routers mounted at a computed prefix
        for name, (index, declared) in locals_.params.items():
            framework = self._router_type(declared)
            if framework is not None:
                self.env[name] = Router("", f"param:{index}", None, framework)

    def read(self, body: Node) -> tuple[list[RouteFact], list[MountFact]]:
        self._walk(body)
        routes = [r for r in (self._settle(p) for p in self.pending) if r is not None]
        mounts = [self._settle_mount(mount, origin) for mount, origin in self.pending_mounts]
        return routes, mounts

    def _mount(self, mount: MountFact, router: Router) -> None:
        if router.unresolved:  # the callee's routes are left out, not hung at the root
            self._report_unresolved(router.unresolved, router.unresolved_at)
            mount = replace(mount, unresolved=True)
        self.pending_mounts.append((mount, router.origin))

    # --- the walk -------------------------------------------------------------------------------

    def _walk(self, node: Node) -> None:
        stack = [node]
        while stack:
            current = stack.pop()
            kind = current.type
            if kind in ("short_var_declaration", "assignment_statement"):
                right = current.child_by_field_name("right")
                if right is not None:
                    self._walk(right)
                left = current.child_by_field_name("left")
                for target in left.named_children if left is not None else ():
                    if target.type != "identifier":  # echo's `e.GET("/ping", ping).Name = "ping"` registers too
                        self._walk(target)
                self._assign(left, right)
                continue
            if kind == "var_spec":
                value = current.child_by_field_name("value")
                if value is not None:
                    self._walk(value)
                    names = current.children_by_field_name("name")
                    self._bind(names, value.named_children)
                continue
            if kind == "return_statement":
                for child in current.named_children:
                    for expr in child.named_children if child.type == "expression_list" else [child]:
                        router = self.router_of(expr)
                        if router is not None and router.origin is not None:
                            self.returned.add(router.origin)
            if kind == "call_expression" and self._call(current):
                continue
            stack.extend(reversed(current.named_children))

    def _assign(self, left: Node | None, right: Node | None) -> None:
        if left is None or right is None:
            return
        self._bind(left.named_children, right.named_children)

    def _bind(self, names: list[Node], values: list[Node]) -> None:
        if len(names) != len(values):
            return
        for name, value in zip(names, values):
            if name.type != "identifier":
                continue
            router = self.router_of(value)
            if router is None:
                router = self._helper_result(value)
            if router is not None:
                self.env[text(name)] = router
                self.doubts.pop(text(name), None)
            else:
                self.env.pop(text(name), None)
                self.doubts[text(name)] = self.locals.hint(value)  # in source order: a name may be declared twice
            self.unmodelled.bind(text(name), value)

    def _helper_result(self, value: Node) -> Router | None:
        """`api := s.apiRoutes(r.Mount("/api"))`: a helper given a router answers one we cannot see
        into; registrations on it are reported rather than hung at the root."""
        if value.type != "call_expression":
            return None
        for arg in args_of(value):
            router = self.router_of(arg)
            if router is not None:
                return replace(router, unresolved=f"the result of {text(value)}", unresolved_at=self.scope.reader.pos(value))
        return None

    def _call(self, node: Node) -> bool:
        """Handle one call; True when its arguments need no further walking."""
        function = node.child_by_field_name("function")
        args = args_of(node)
        if function is None:
            return False
        if function.type == "selector_expression":
            receiver = function.child_by_field_name("operand")
            method = text(function.child_by_field_name("field"))
            if receiver is not None and method in MUX_CHAIN:
                chain = self.mux.chain(node)
                if chain is not None:
                    return self.mux.route(node, *chain)
            if receiver is not None and self.router_of(receiver) is None and self.unmodelled.call(node, receiver, method, args):
                return True
            if receiver is not None:
                handled = self._router_call(node, receiver, method, args)
                if handled is not None:
                    return handled
        self._hand_off(node, function, args)
        return False

    def _router_call(self, node: Node, receiver: Node, method: str, args: list[Node]) -> bool | None:
        if method in _REGISTRARS:
            return self._registration(node, receiver, method, args)
        if method == "Group" and args:
            first = args[0]
            if first.type == "func_literal":  # chi: an inline group, same prefix
                self._callback(first, self._router_or_root(receiver))
                return True
            if self.scope.string(first) is not None:
                return None  # gin, echo: the group is a value, followed where it is used
            return self._mount_callback(node, first, self._router_or_root(receiver))
        if method == "Route" and len(args) == 1:  # routegroup: Route(func(b *routegroup.Bundle) {...}) on the same group
            if args[0].type == "func_literal":
                self._callback(args[0], self._router_or_root(receiver))
                return True
            return self._mount_callback(node, args[0], self._router_or_root(receiver))
        if method == "Route" and len(args) == 2:
            path = self.scope.string(args[0])
            router = self._router_or_root(receiver)
            if path is None:
                sub = self._computed_prefix(router, args[0])
            else:
                sub = replace(router, prefix=join_paths(router.prefix, to_template(path, "brace")), patterns=router.patterns + path_patterns(path, router.framework))
            if args[1].type == "func_literal":
                self._callback(args[1], sub)
                return True
            return self._mount_callback(node, args[1], sub)
        if method == "Mount" and len(args) == 2 and not (receiver.type == "identifier" and self.locals.is_import(text(receiver))):
            path = self.scope.string(args[0])
            router = self._router_or_root(receiver)
            if path is None:
                self._mount_at_computed_prefix(node, args[0], args[1], router)
                return None
            prefix = join_paths(router.prefix, to_template(path, "brace"))
            local = self.router_of(args[1])
            if local is not None and local.origin is not None:
                self.local_mounts[local.origin] = (replace(router, prefix=prefix), prefix)
            elif (stripped := self.strip.unwrap(args[1])) is not None:
                self._mount_stripped(node, router, path, prefix, *stripped)
            elif args[1].type == "call_expression":
                callee = args[1].child_by_field_name("function")
                ref = self.locals.func_ref(callee) if callee is not None else None
                if ref is not None:
                    self.mount_returned(node, ref, prefix, router)
            return None
        return None

    def mount_returned(self, node: Node, ref: FuncRef, prefix: str, router: Router) -> None:
        """The router a function returns, mounted here at `prefix`."""
        self._mount(MountFact(ref, "return", prefix, router.base, self.function, self.scope.reader.pos(node)), router)

    def _mount_stripped(self, node: Node, router: Router, path: str, prefix: str, strip: Node, inner: Node) -> None:
        """chi's `r.Mount("/api", http.StripPrefix("/api", sub))`: chi routes a mounted router by the rest
        of the path whatever StripPrefix does to URL.Path, so with the same prefix it is a plain Mount;
        with another one the paths that reach `sub` cannot be told."""
        local = self.router_of(inner)
        ref = self.strip.router_call(inner) if local is None else None
        if self.scope.string(strip) != path:
            if local is not None or ref is not None:
                self.strip.cannot_follow(node, inner, f"StripPrefix({text(strip)}) in front of a router mounted at {path!r} strips another prefix than the mount's")
        elif local is not None and local.origin is not None:
            self.local_mounts[local.origin] = (replace(router, prefix=prefix), prefix)
        elif ref is not None:
            self.mount_returned(node, ref, prefix, router)

    def _mount_callback(self, node: Node, target: Node, router: Router) -> bool | None:
        """chi's `r.Route("/x", s.userRoutes)`: the named function gets the router as parameter 0."""
        ref = self.locals.func_ref(target)
        if ref is None:
            return None
        self._mount(MountFact(ref, "param:0", router.prefix, router.base, self.function, self.scope.reader.pos(node)), router)
        return True

    def _hand_off(self, node: Node, function: Node, args: list[Node]) -> None:
        """`registerUsers(api)`, `h.Register(v1)`: a router handed to another function."""
        for index, arg in enumerate(args):
            router = self.router_of(arg)
            if router is None:
                continue
            ref = self.locals.func_ref(function)
            if ref is not None:
                self._mount(MountFact(ref, f"param:{index}", router.prefix, router.base, self.function, self.scope.reader.pos(node)), router)

    def _callback(self, literal: Node, router: Router) -> None:
        """A chi Route/Group callback: its first parameter is `router` while its body is walked."""
        params = literal.child_by_field_name("parameters")
        first = params.named_children[0] if params is not None and params.named_children else None
        names = first.children_by_field_name("name") if first is not None else []
        body = literal.child_by_field_name("body")
        if body is None:
            return
        name = text(names[0]) if names else ""
        saved = self.env.get(name)
        if name:
            self.env[name] = router
        self._walk(body)
        if name:
            if saved is None:
                self.env.pop(name, None)
            else:
                self.env[name] = saved

    # --- registrations --------------------------------------------------------------------------

    def _registration(self, node: Node, receiver: Node, method: str, args: list[Node]) -> bool:
        known = self.router_of(receiver)
        router = known or self._untraced(receiver)
        framework = router.framework
        problem = ""
        http_method: str | None
        style: Style
        if method in _COLON_VERBS:
            if len(args) < 2:
                return False
            if known is None and not self.scope.imports_any(_COLON_ROUTERS) and router.doubt is None:
                return False
            http_method, path_node, style = method, args[0], "colon"
            # echo: (path, handler, middleware...); gin: (path, middleware..., handler)
            handler = args[1] if framework == "echo" or len(args) == 2 else args[-1]
        elif method in _BRACE_VERBS:
            if len(args) != 2:
                return False
            http_method, path_node, handler, style = _BRACE_VERBS[method], args[0], args[1], "brace"
        elif method in ("HandleRoot", "HandleRootFunc") and len(args) == 2 and framework == "routegroup":
            http_method = self.method_name(args[0])
            if http_method is None:
                return self.unsupported(node, known, "the method is not a constant (or is empty: every method)")
            return self.route(node, router, http_method, "", "brace", args[1], "")
        elif method in ("Handle", "HandleFunc") and len(args) == 2:
            if self.router_of(args[1]) is not None:
                return True  # a router served under a ServeMux pattern: it sees the whole path, so adds no prefix
            pattern = self.scope.string(args[0])
            if pattern is None:
                return self.unsupported(node, known, "the pattern is not a constant string")
            http_method, path = split_pattern(pattern)
            stripped = self.strip.unwrap(args[1])
            if stripped is not None and self.strip.serve(node, router, http_method.upper(), path, *stripped, subtree=_subtree(path, framework)):
                return True
            if known is None and not path.startswith("/"):
                return False
            if not http_method:
                problem = f"the pattern {pattern!r} has no method, so it matches every method"
            elif http_method not in _COLON_VERBS:
                problem = f"{http_method!r} is not an HTTP method of the contract ({', '.join(HTTP_METHODS)})"
            return self.route(node, router, http_method if not problem else "GET", path, "brace", args[1], problem)
        elif method in METHOD_FIRST_REGISTRARS and len(args) == 3:  # httprouter: Handler(Func) too
            http_method = self.method_name(args[0])
            path_node, handler = args[1], args[2]
            style = "brace" if method.startswith("Method") else "colon"
            if http_method is None:
                return self.unsupported(node, known, "the method is not a constant")
        elif method in ("Any", "Match") and len(args) >= 2:
            path_node = args[0] if method == "Any" else args[1]
            http_method, handler, style = "GET", args[-1], "colon"
            problem = f"{method} registers several methods on one path"
        else:
            return False
        path_text = self.scope.string(path_node)
        if path_text is None:
            return self.unsupported(node, known, "the path is not a constant string")
        if known is None and not (path_text.startswith("/") or (path_text == "" and framework in ("gin", "echo"))):
            return False  # not a route we are sure of
        return self.route(node, router, http_method, path_text, style, handler, problem)

    def route(
        self, node: Node, router: Router, method: str, path: str, style: Style, handler: Node, problem: str, queries: tuple[str, ...] = ()
    ) -> bool:
        if router.unresolved:
            self._report_unresolved(router.unresolved, router.unresolved_at)
            return True
        doc, directives = self.statement_doc(node)
        relative = to_template(path, style)
        if style == "brace" and relative == "/" and router.framework not in ("mux", "routegroup", "http"):
            relative = ""  # chi: "/" of a subrouter is the path it is mounted at, without a slash
        template = join_paths(router.prefix, relative) if router.prefix or relative else ""
        route = RouteFact(
            method=method,
            path=template,
            base=router.base,
            function=self.function,
            handler=self.handler_of(handler),
            directives=directives,
            doc=doc,
            pos=self.scope.reader.pos(node),
            problem=problem,
            queries=queries,
            receiver=router.doubt,
            guess=router.framework,
            receiver_text=router.doubt_text,
            patterns=router.patterns + (path_patterns(path, router.framework) if style == "brace" else ()),
        )
        self.pending.append(_Pending(route, router.origin))
        return True

    def unsupported(self, node: Node, known: Router | None, problem: str) -> bool:
        if known is None:
            return False
        if known.unresolved:
            self._report_unresolved(known.unresolved, known.unresolved_at)
            return True
        doc, directives = self.statement_doc(node)
        handler = HandlerFact(None, None, False, "")
        route = RouteFact(
            "GET", "/", known.base, self.function, handler, directives, doc, self.scope.reader.pos(node), problem, receiver=known.doubt, guess=known.framework,
            receiver_text=known.doubt_text,
        )
        self.pending.append(_Pending(route, known.origin))
        return True

    def _settle(self, pending: _Pending) -> RouteFact | None:
        """Apply the mounts of locally created routers, and mark routes of a returned router; None
        for a route of a router mounted at a computed prefix (reported there)."""
        route = pending.route
        origin = pending.origin
        seen: set[int] = set()
        path = route.path
        while origin is not None and origin not in seen:
            seen.add(origin)
            if origin in self.dropped:
                self._report_unresolved(*self.dropped[origin])
                return None
            if origin in self.local_mounts:
                path = join_paths(self.local_mounts[origin][1], path)
            if not self.strip.admitted(origin, route.method, path, route.pos):
                return None
            origin = self.local_mounts[origin][0].origin if origin in self.local_mounts else None
        path, base, origin = self._climb(route.path, route.base, pending.origin)
        return replace(route, path=path, base=base, router=origin)

    def _settle_mount(self, mount: MountFact, origin: int | None) -> MountFact:
        prefix, base, top = self._climb(mount.prefix, mount.base, origin)
        return replace(mount, prefix=prefix, base=base, router=top)

    def _climb(self, path: str, base: str, origin: int | None) -> tuple[str, str, int | None]:
        """Up through the local mounts of a router: the path below the top router, its base, and the top router."""
        seen: set[int] = set()
        while origin is not None and origin in self.local_mounts and origin not in seen:
            seen.add(origin)
            parent, prefix = self.local_mounts[origin]
            path, base, origin = join_paths(prefix, path), parent.base, parent.origin
        if origin is not None and origin in self.returned and base == "":
            base = "return"
        return path, base, origin

    def method_name(self, node: Node) -> str | None:
        value = self.scope.string(node)
        if value is not None:
            return value.upper() if value.upper() in _COLON_VERBS else None
        if node.type == "selector_expression":
            operand = node.child_by_field_name("operand")
            field = text(node.child_by_field_name("field"))
            if operand is not None and self.scope.import_path(text(operand)) == NET_HTTP:
                return METHOD_CONSTANTS.get(field)
        return None

    # --- handlers -------------------------------------------------------------------------------

    def handler_of(self, node: Node, adapter: bool = False, depth: int = 0) -> HandlerFact:
        """The handler a registration names, through adapters, conversions and middleware calls."""
        source = text(node)
        while node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        kind = node.type
        if depth > 6:
            return HandlerFact(None, None, adapter, source)
        if kind == "func_literal":
            return HandlerFact(None, self.literal_handler(node), adapter, source)
        if kind == "identifier" and text(node) in self.locals.types:
            value = self.locals.values.get(text(node))  # a handler kept in a variable first
            return self.handler_of(value, adapter, depth + 1) if value is not None else HandlerFact(None, None, adapter, source)
        if kind in ("identifier", "selector_expression"):
            return HandlerFact(self.locals.func_ref(node), None, adapter, source)
        if kind == "type_conversion_expression":  # Handle[Req, Resp](h.Get)
            name = _callee_name(node.child_by_field_name("type"))
            operand = node.child_by_field_name("operand")
            if operand is not None:
                return self.handler_of(operand, adapter or name == _ADAPTER, depth + 1)
        if kind == "call_expression":
            function = node.child_by_field_name("function")
            name = _callee_name(function)
            args = args_of(node)
            if args and (name == _ADAPTER or name in _CONVERSIONS):
                found = self.handler_of(args[0], adapter or name == _ADAPTER, depth + 1)
                status = self._with_status(args[1:]) if name == _ADAPTER else None
                return replace(found, status=status) if status is not None else found
            # A handler factory (`GetUser(db)`, `s.handleList()`) or a middleware around the handler
            # (`auth(h.getUser)`): the IR decides which, once it knows what the call and its last argument are.
            factory = self.locals.func_ref(function) if function is not None else None
            if args:
                return replace(self.handler_of(args[-1], adapter, depth + 1), factory=factory, text=source)
            return HandlerFact(None, None, adapter, source, factory=factory)
        return HandlerFact(None, None, adapter, source)

    def _with_status(self, options: list[Node]) -> int | None:
        """The status of a `WithStatus(http.StatusCreated)` option of the adapter."""
        for option in options:
            args = args_of(option) if option.type == "call_expression" else []
            if len(args) == 1 and _callee_name(option.child_by_field_name("function")) == "WithStatus":
                return self.locals.value(args[0]).status
        return None

    # --- routers --------------------------------------------------------------------------------

    def router_of(self, node: Node) -> Router | None:
        while node.type in ("parenthesized_expression", "unary_expression") and node.named_children:
            inner = node.child_by_field_name("operand") if node.type == "unary_expression" else node.named_children[0]
            if inner is None:
                break
            node = inner
        kind = node.type
        if kind == "identifier":
            return self.env.get(text(node))
        if kind == "composite_literal":
            type_node = node.child_by_field_name("type")
            if type_node is not None and self._is_servemux(self.scope.type(type_node)):
                return Router("", "", next(self.origins), "http")
            return None
        if kind != "call_expression":
            return None
        function = node.child_by_field_name("function")
        args = args_of(node)
        if function is None:
            return None
        if function.type == "identifier" and text(function) == "new" and len(args) == 1:
            if self._is_servemux(self.scope.type(args[0])):
                return Router("", "", next(self.origins), "http")
            return None
        if function.type != "selector_expression":
            return None
        operand = function.child_by_field_name("operand")
        method = text(function.child_by_field_name("field"))
        if operand is None:
            return None
        if operand.type == "identifier" and self.locals.is_import(text(operand)):
            import_path = self.scope.import_path(text(operand)) or ""
            if (import_path, method) == (ROUTEGROUP, "Mount") and len(args) == 2:  # routegroup.Mount(mux, "/api")
                root = Router("", "", next(self.origins), "routegroup")
                return self.prefixed(root, args[1], "brace")
            framework = CONSTRUCTORS.get((import_path, method))
            return Router("", "", next(self.origins), framework) if framework else None
        if method == "Subrouter" and not args:
            return self.mux.subrouter(operand)
        if method == "Mount" and len(args) == 1:  # routegroup: the same mux below a longer base path
            base = self.router_of(operand)
            return self.prefixed(base, args[0], "brace") if base is not None else None
        if method == "Group" and args:
            path = self.scope.string(args[0])
            base = self.router_of(operand)
            if base is None and self.unmodelled.module_of(operand, receiver=True) is not None:
                return None  # a group of a router without a model (fiber's app.Group): reported where it registers
            if path is None:
                return self._computed_prefix(base, args[0]) if base is not None else None
            if base is None and not (path.startswith("/") or path == ""):
                return None
            base = base or self._untraced(operand)
            return replace(base, prefix=join_paths(base.prefix, to_template(path, "colon")) if path else base.prefix)
        if method in _PASS_THROUGH and (method != "Group" or not args):
            return self.router_of(operand)
        return None

    def prefixed(self, base: Router, path_node: Node, style: Style) -> Router:
        path = self.scope.string(path_node)
        if path is None:
            return self._computed_prefix(base, path_node)
        patterns = base.patterns + (path_patterns(path, base.framework) if style == "brace" else ())
        return replace(base, prefix=join_paths(base.prefix, to_template(path, style)) if path else base.prefix, patterns=patterns)

    def _computed_prefix(self, base: Router, path_node: Node) -> Router:
        if base.unresolved:
            return base
        return replace(base, unresolved=f"the prefix {text(path_node)}", unresolved_at=self.scope.reader.pos(path_node))

    def _mount_at_computed_prefix(self, node: Node, path_node: Node, mounted: Node, router: Router) -> None:
        """chi's `r.Mount(prefix, sub)` with a prefix the source computes: the routes of `sub` are reported, not recorded."""
        local = self.router_of(mounted)
        reason = (f"the prefix {text(path_node)}", self.scope.reader.pos(path_node))
        if local is not None and local.origin is not None:
            self.dropped[local.origin] = reason
        else:
            self._report_unresolved(*reason)

    def _report_unresolved(self, what: str, at: Position | None) -> None:
        if at is None or at in self.reported:
            return
        self.reported.add(at)
        self.scope.reader.diagnostics.append(
            warning(
                "CG311",
                f"{what} is not a constant, so the routes registered below it are not in the contract",
                at,
                "use a constant prefix (a string literal or a const), or put //contractgen:route METHOD /path on each handler below it",
            )
        )

    def _router_or_root(self, receiver: Node) -> Router:
        return self.router_of(receiver) or self._untraced(receiver)

    def _untraced(self, receiver: Node) -> Router:
        """A receiver we cannot trace hangs at the root, with what the source shows of its type for
        the IR to judge (an empty hint: nothing to judge by). A package's function (`http.HandleFunc`)
        is judged by the package."""
        if receiver.type == "identifier" and self.locals.is_import(text(receiver)):
            return Router("", "", None, self.guess, doubt=TypeHint(var=(text(receiver), "")), doubt_text=text(receiver))
        hint = self.doubts.get(text(receiver)) if receiver.type == "identifier" else None
        return Router("", "", None, self.guess, doubt=hint or self.locals.hint(receiver), doubt_text=_base_text(receiver))

    def _router_type(self, declared: TypeExpr) -> str | None:
        for framework, (paths, names) in ROUTER_TYPES.items():
            if self.scope.is_type(declared, paths, *names):
                return framework
        return None

    def _is_servemux(self, declared: TypeExpr) -> bool:
        return self.scope.is_type(declared.elem if isinstance(declared, PointerExpr) else declared, NET_HTTP, "ServeMux")

    def _framework_guess(self) -> str | None:
        """For a router we cannot trace: the one router framework the file imports, if only one."""
        found = [f for f, (paths, _) in ROUTER_TYPES.items() if f != "http" and self.scope.imports_any(frozenset({paths}) if isinstance(paths, str) else paths)]
        return found[0] if len(found) == 1 else None


def _subtree(path: str, framework: str | None) -> bool:
    """Whether a Handle pattern serves the paths below it: net/http's trailing "/", chi's "/*"."""
    return path.endswith("/*") if framework == "chi" else path.endswith("/")


def _base_text(node: Node) -> str:
    """The receiver as written, cut short for a message."""
    written = " ".join(text(node).split())
    return written if len(written) <= 60 else written[:57] + "..."


def _callee_name(node: Node | None) -> str:
    """`Handle` for `Handle`, `pkg.Handle`, `Handle[T]`, `pkg.Handle[A, B]`."""
    while node is not None and node.type in ("generic_type", "index_expression") and node.named_children:
        node = node.child_by_field_name("type") or node.child_by_field_name("operand") or node.named_children[0]
    if node is None:
        return ""
    if node.type in ("selector_expression",):
        return text(node.child_by_field_name("field"))
    if node.type == "qualified_type":
        return text(node.child_by_field_name("name"))
    return text(node)
