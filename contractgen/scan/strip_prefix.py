"""`http.StripPrefix` in front of a router, within one function: `mux.Handle("/api/", http.StripPrefix("/api", api))`
serves the routes of `api` at "/api" + their path, and only those the outer pattern admits.

What net/http does (checked against a Go 1.26 server): StripPrefix cuts the prefix from the *whole*
URL.Path, the router behind it matches the rest; the outer pattern still decides which requests get
there ("GET /api/" answers a POST below it with 405, "/api/users" only that path, "/api/" the subtree).
A prefix ending in "/" leaves a path without its leading slash, which a ServeMux redirects to the
stripped path: the routes are not served where the source seems to say, so they are reported.

The registration reader (contractgen/scan/registrations.py) holds one of these.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tree_sitter import Node

from contractgen.diagnostics import Position, warning
from contractgen.records import record
from contractgen.scan.endpoint_facts import FuncRef
from contractgen.scan.exprs import NET_HTTP, args_of, text
from contractgen.scan.routes import to_template

if TYPE_CHECKING:
    from contractgen.scan.registrations import Router, RouteReader


@record(frozen=True)
class Gate:
    """The outer pattern in front of a stripped router: its method ("" every method), its path
    template, whether it is a subtree (a trailing "/", chi's "/*"), and where it is registered."""

    method: str
    path: str
    subtree: bool
    pos: Position

    def admits(self, method: str, path: str) -> bool:
        if self.method and method != self.method and not (self.method == "GET" and method == "HEAD"):
            return False
        if not self.subtree:
            return path == self.path
        return path.startswith(self.path) or path + "/" == self.path


class StripPrefixes:
    def __init__(self, reader: RouteReader) -> None:
        self.reader = reader
        self.gates: dict[int, Gate] = {}  # a local router behind StripPrefix: the pattern in front of it
        self.blocked: dict[int, tuple[str, Position]] = {}  # a local router behind a StripPrefix we cannot follow
        self.reported: set[tuple[Position, str]] = set()

    def unwrap(self, node: Node) -> tuple[Node, Node] | None:
        """`http.StripPrefix(prefix, h)`: (prefix, h); None for anything else."""
        function = node.child_by_field_name("function") if node.type == "call_expression" else None
        if function is None or function.type != "selector_expression":
            return None
        operand = function.child_by_field_name("operand")
        args = args_of(node)
        if operand is None or operand.type != "identifier" or text(function.child_by_field_name("field")) != "StripPrefix" or len(args) != 2:
            return None
        if not self.reader.locals.is_import(text(operand)) or self.reader.scope.import_path(text(operand)) != NET_HTTP:
            return None
        return args[0], args[1]

    def serve(self, node: Node, outer: Router, method: str, pattern: str, strip: Node, inner: Node, subtree: bool | None = None) -> bool:
        """`Handle(pattern, http.StripPrefix(prefix, inner))` on `outer`: True when `inner` is a router
        (its routes follow, at prefix + their path), False for a plain handler (a route as any other)."""
        reader = self.reader
        local = reader.router_of(inner)
        callee = self.router_call(inner) if local is None else None
        if local is None and callee is None:
            return False
        prefix = reader.scope.string(strip)
        pos = reader.scope.reader.pos(node)
        problem = ""
        if prefix is None:
            problem = f"the prefix {text(strip)} is not a constant"
        elif prefix.endswith("/") and prefix != "/":
            problem = f"StripPrefix({prefix!r}) leaves paths without their leading slash, which the router behind it redirects (to the path without the prefix)"
        elif "{" in pattern:
            problem = f"the pattern {pattern!r} in front of StripPrefix has wildcards, so the stripped paths cannot be told"
        elif outer.framework != "http" and (outer.base or outer.prefix):
            # StripPrefix cuts URL.Path, which a group or sub-router of chi, gin or echo does not route by
            problem = f"StripPrefix below the prefix of a {outer.framework or 'router'} group cuts the whole path, so the stripped paths cannot be told"
        if problem:
            self.cannot_follow(node, inner, problem)
            return True
        assert prefix is not None
        stripped = to_template(prefix, "brace")
        template = to_template(pattern, "brace")
        is_subtree = template.endswith("/") if subtree is None else subtree
        gate = Gate(method, template.removesuffix("{rest...}") if template.endswith("/{rest...}") else template, is_subtree, pos)
        if local is not None and local.origin is not None:
            reader.local_mounts[local.origin] = (replace(outer, prefix=stripped), stripped)
            self.gates[local.origin] = gate
        elif callee is not None:
            reader.mount_returned(node, callee, stripped, outer)
        return True

    def router_call(self, inner: Node) -> FuncRef | None:
        """`apiRoutes()`: a function of the module (or an outside one) whose result may be a router;
        not the standard library's (`http.HandlerFunc(h)`, `http.FileServer(dir)`: a plain handler)."""
        function = inner.child_by_field_name("function") if inner.type == "call_expression" else None
        ref = self.reader.locals.func_ref(function) if function is not None else None
        if ref is None or ref.qualifier is not None and "." not in (self.reader.scope.import_path(ref.qualifier) or "").split("/", 1)[0]:
            return None
        return ref

    def cannot_follow(self, node: Node, inner: Node, problem: str) -> None:
        """The routes of `inner` are left out: reported where they are registered (a local router) or here."""
        local = self.reader.router_of(inner)
        pos = self.reader.scope.reader.pos(node)
        if local is not None and local.origin is not None:
            self.blocked[local.origin] = (problem, pos)
        else:
            self.report(problem, pos)

    def admitted(self, origin: int, method: str, path: str, route_pos: Position) -> bool:
        """Whether the gate in front of a local router lets a route of it through; reported when not."""
        if origin in self.blocked:
            self.report(*self.blocked[origin])
            return False
        gate = self.gates.get(origin)
        if gate is None or gate.admits(method, path):
            return True
        self.report(
            f"{method} {path} (registered at line {route_pos.line}) is behind StripPrefix, and the pattern in front of it "
            f"({(gate.method + ' ') if gate.method else ''}{gate.path}) does not serve it",
            gate.pos,
        )
        return False

    def report(self, problem: str, pos: Position) -> None:
        if (pos, problem) in self.reported:
            return
        self.reported.add((pos, problem))
        self.reader.scope.reader.diagnostics.append(
            warning(
                "CG312",
                f"{problem}; left out of the contract",
                pos,
                'serve the router under a pattern that covers it ("/api/" with http.StripPrefix("/api", api)), '
                "or put //contractgen:route METHOD /path on its handlers",
            )
        )

