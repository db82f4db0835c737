"""gorilla/mux routes in one function: a *mux.Route is built by a chain of calls
(`r.HandleFunc("/x", h).Methods("GET").Name("x")`, `r.Path("/x").Methods("GET").HandlerFunc(h)`),
read as a whole from its outermost call; `r.PathPrefix("/api").Subrouter()` is a router below the prefix.

The registration reader (contractgen/scan/registrations.py) holds one of these and records what it reads.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tree_sitter import Node

from contractgen.scan.exprs import args_of, text
from contractgen.scan.routes import to_template

if TYPE_CHECKING:
    from contractgen.scan.registrations import Router, RouteReader

# gorilla/mux: the methods of a *mux.Route, chained after a registration or before its handler.
MUX_CHAIN = frozenset(
    {"Methods", "Name", "Queries", "Schemes", "Headers", "HeadersRegexp", "Host", "HandlerFunc", "Handler", "Path",
     "PathPrefix", "HandleFunc", "Handle", "MatcherFunc", "BuildVarsFunc", "Subrouter"}
)


class MuxRoutes:
    def __init__(self, reader: RouteReader) -> None:
        self.reader = reader

    def chain(self, node: Node) -> tuple[Router, list[tuple[str, list[Node]]]] | None:
        """`r.HandleFunc("/x", h).Methods("GET").Name("x")` on a gorilla router: the router and the
        chain's calls from the first to the last; None when the chain is not on one."""
        calls: list[tuple[str, list[Node]]] = []
        current = node
        while current.type == "call_expression":
            function = current.child_by_field_name("function")
            if function is None or function.type != "selector_expression":
                break
            method = text(function.child_by_field_name("field"))
            operand = function.child_by_field_name("operand")
            if method not in MUX_CHAIN or operand is None or (method == "Subrouter" and calls):
                break
            calls.append((method, args_of(current)))
            current = operand
        router = self.reader.router_of(current)
        if not calls or router is None or router.framework != "mux":
            return None
        return router, calls[::-1]

    def subrouter(self, operand: Node) -> Router | None:
        """`r.PathPrefix("/api").Subrouter()`: the router below the route's path; its host, scheme
        and header matchers do not change paths."""
        chain = self.chain(operand) if operand.type == "call_expression" else None
        if chain is None:
            return None
        router, calls = chain
        for method, args in calls:
            if method in ("PathPrefix", "Path") and args:
                router = self.reader.prefixed(router, args[0], "brace")
            elif method == "Methods" and not router.unresolved:
                return replace(router, unresolved=f"the methods of the subrouter {text(operand)}", unresolved_at=self.reader.scope.reader.pos(operand))
        return router

    def route(self, node: Node, router: Router, calls: list[tuple[str, list[Node]]]) -> bool:
        """One gorilla route: its path (HandleFunc, Handle, Path), its methods (one endpoint each;
        HEAD beside GET is GET's, as net/http's "GET /x" serves HEAD too), the query keys it requires."""
        path_node: Node | None = None
        handler: Node | None = None
        methods: list[str] = []
        queries: list[str] = []
        problem = ""
        for method, args in calls:
            if method == "Subrouter":
                return True  # a router value, followed where it is used
            if method in ("HandleFunc", "Handle") and len(args) == 2:
                path_node, handler = args
            elif method in ("Path", "PathPrefix") and args:
                path_node = args[0]
                if method == "PathPrefix":
                    problem = f"PathPrefix({text(args[0])}) with a handler serves every path below it"
            elif method in ("HandlerFunc", "Handler") and args:
                handler = args[0]
            elif method == "Methods":
                for arg in args:
                    name = self.reader.method_name(arg)
                    if name is None:
                        problem = problem or f"the method {text(arg)} is not a constant"
                    elif name not in methods:
                        methods.append(name)
            elif method == "Queries":
                keys = [self.reader.scope.string(arg) for arg in args[0::2]]
                queries.extend(k for k in keys if k)
        if handler is None:
            return True  # a route without a handler serves nothing
        stripped = self.reader.strip.unwrap(handler)
        path = self.reader.scope.string(path_node) if path_node is not None else None
        if stripped is not None and path is not None:  # r.PathPrefix("/api/").Handler(http.StripPrefix("/api", sub))
            subtree = any(method == "PathPrefix" for method, _ in calls)
            gate_method = methods[0] if len(methods) == 1 else ""
            if self.reader.strip.serve(node, router, gate_method, to_template(path, "brace"), *stripped, subtree=subtree):
                return True
        if path_node is None:
            return self.reader.unsupported(node, router, "the route has no path") or True
        path = self.reader.scope.string(path_node)
        if path is None:
            return self.reader.unsupported(node, router, "the path is not a constant string") or True
        if not methods and not problem:
            problem = "the route has no .Methods(...), so it matches every method"
        if problem:
            return self.reader.route(node, router, "GET", path, "brace", handler, problem)
        if "GET" in methods and "HEAD" in methods:
            methods.remove("HEAD")
        for name in methods:
            self.reader.route(node, router, name, path, "brace", handler, "", tuple(dict.fromkeys(queries)))
        return True
