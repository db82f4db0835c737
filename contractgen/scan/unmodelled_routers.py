"""Routers contractgen has no model of, within one function: which variables hold one, and the
registration-looking calls on them, each reported (CG310) once per router module and function.

A route of their syntax recorded at a guessed path would be a wrong contract, so their routes are left
out, and said so where the source registers them. The modules are listed in router_models.UNMODELLED.
"""

from __future__ import annotations

from tree_sitter import Node

from contractgen.diagnostics import warning
from contractgen.scan.exprs import Locals, text
from contractgen.scan.facts import NameExpr, PointerExpr, TypeExpr
from contractgen.scan.router_models import unmodelled
from contractgen.scan.routes import HTTP_METHODS

# Calls that look like registrations (or prefixes) on a router of any framework.
_REGISTRATION_LIKE = frozenset(
    {*HTTP_METHODS, *(m[0] + m[1:].lower() for m in HTTP_METHODS)}
    | {"Handle", "HandleFunc", "Handler", "HandlerFunc", "Add", "Route", "Mount", "Group", "Any", "Match", "Method",
       "MethodFunc", "All", "Static", "AddRoute", "AddRoutes", "ServeFiles", "Subrouter", "Party", "Router"}
)
# Calls that make a group of such a router: followed, reported where the group registers.
_PREFIXES = frozenset({"Group", "Route", "Mount", "Party", "Subrouter"})
# go-zero registers routes as values (`server.AddRoute(rest.Route{Path: "/users", ...})`), without a path argument.
_ROUTE_VALUES = frozenset({"AddRoute", "AddRoutes"})


class UnmodelledRouters:
    """`modelled_import`: whether the file imports one of the routers contractgen models (then an
    untraced field receiver is taken to be one of those, not reported)."""

    def __init__(self, locals_: Locals, function: str, modelled_import: bool) -> None:
        self.locals = locals_
        self.scope = locals_.scope
        self.function = function
        self.modelled_import = modelled_import
        self.holders: dict[str, str] = {}  # variable -> the unmodelled module of the router it holds
        self.reported: set[str] = set()
        for name, (_, declared) in locals_.params.items():
            module = self.module_of_type(declared)
            if module is not None:
                self.holders[name] = module

    def bind(self, name: str, value: Node) -> None:
        module = self.module_of(value, receiver=False)
        if module is not None:
            self.holders[name] = module
        else:
            self.holders.pop(name, None)

    def call(self, node: Node, receiver: Node, method: str, args: list[Node]) -> bool:
        """A registration-looking call with a path on such a router (the receiver is no modelled
        router): reported, and True, so the caller records nothing for it."""
        if method not in _REGISTRATION_LIKE:
            return False
        with_path = any((value := self.scope.string(arg)) is not None and (value.startswith("/") or " /" in value) for arg in args[:2])
        if not with_path and method not in _ROUTE_VALUES:
            return False
        module = self.module_of(receiver, receiver=True)
        if module is None:
            return False
        if method in _PREFIXES or module in self.reported:
            return True
        self.reported.add(module)
        self.scope.reader.diagnostics.append(
            warning(
                "CG310",
                f"{text(receiver)}.{method}(...) registers a route on a router of {module}, which contractgen has no model for: "
                f"the routes registered on {_base_name(receiver)} (and its groups) in {self.function} are not in the contract",
                self.scope.reader.pos(node),
                "put //contractgen:route METHOD /path on each handler to describe its endpoints, or serve them through "
                "net/http, gin, echo, chi, gorilla/mux, go-pkgz/routegroup or julienschmidt/httprouter",
            )
        )
        return True

    def module_of(self, node: Node, receiver: bool) -> str | None:
        """The unmodelled router module whose router `node` is: a variable set from its constructor or
        typed with its types, a call on such a router (`app.Group("/api")`); as a receiver, also a
        field (`s.router`) in a file that imports such a router and none of the modelled ones."""
        while node.type == "call_expression":
            function = node.child_by_field_name("function")
            if function is None or function.type != "selector_expression":
                return None
            operand = function.child_by_field_name("operand")
            if operand is None:
                return None
            if operand.type == "identifier" and self.locals.is_import(text(operand)):
                return unmodelled(self.scope.import_path(text(operand)))
            node = operand
        if node.type == "identifier":
            if text(node) in self.holders:
                return self.holders[text(node)]
            declared = self.locals.types.get(text(node))
            return self.module_of_type(declared) if declared is not None else None
        if receiver and node.type == "selector_expression" and not self.modelled_import:
            found = sorted({m for p in self.scope.imports.values() if (m := unmodelled(p)) is not None})
            return found[0] if len(found) == 1 else None
        return None

    def module_of_type(self, declared: TypeExpr) -> str | None:
        inner = declared.elem if isinstance(declared, PointerExpr) else declared
        if isinstance(inner, NameExpr) and inner.qualifier is not None:
            return unmodelled(self.scope.import_path(inner.qualifier))
        return None


def _base_name(node: Node) -> str:
    """`app` for `app`, `app.Group("/api")` and `s.router`: the router a chain of calls starts from."""
    while node.type == "call_expression":
        function = node.child_by_field_name("function")
        operand = function.child_by_field_name("operand") if function is not None else None
        if operand is None:
            break
        node = operand
    return text(node)
