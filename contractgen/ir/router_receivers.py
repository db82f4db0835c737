"""Routers the scanner could not trace (`s.router.Get(...)`, `r := router.New(); r.Get(...)`): what
their type is, once every declaration of the module is known, and so whether their routes are real.

A route is kept on a router contractgen models, on a wrapper of the module that embeds one (its
methods are the router's, promoted: `struct{ *chi.Mux }`), on a function's result of such a type,
and on the standard library's (http.DefaultServeMux). A router of an outside module without a model,
or a type of the module that is no such wrapper, has its routes left out with CG310, never recorded
at a path guessed from the call: its path syntax, prefixes and methods are its own. A call with no
handler-like argument (an HTTP client's `c.Post("/x", body)`) is no registration and is passed over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from contractgen.diagnostics import Diagnostic, warning
from contractgen.ir.handler_values import ValueTypes
from contractgen.records import record
from contractgen.scan.endpoint_facts import RouteFact, TypeHint
from contractgen.scan.facts import InterfaceExpr, NameExpr, PointerExpr, StructExpr, TypeExpr
from contractgen.scan.router_models import ROUTER_TYPES, unmodelled

if TYPE_CHECKING:
    from contractgen.ir.build import _Builder
    from contractgen.ir.scope import Pkg, Scope

_DEPTH = 6
_MODELLED_PATHS = frozenset(p for paths, _ in ROUTER_TYPES.values() for p in ((paths,) if isinstance(paths, str) else paths))


@record(frozen=True)
class _Verdict:
    """`keep`; else why the routes are left out: `what` names the receiver's type (or says it is not
    known), `module` the outside module of a router without a model."""

    keep: bool
    what: str = ""
    module: str = ""
    serves_http: bool = False  # the outside type's source is on the machine and has ServeHTTP: a router


_KEEP = _Verdict(True)


class RouterReceivers:
    def __init__(self, builder: _Builder, values: ValueTypes, report: Callable[[Diagnostic], None]) -> None:
        self.builder = builder
        self.values = values
        self.report = report
        self.module = builder.facts.module_path
        self.reported: set[tuple[str, str, str]] = set()

    def keep(self, route: RouteFact, pkg: Pkg, evidence: bool) -> bool:
        """Whether the route on an untraced receiver is a route of a router contractgen models;
        when it is not and the call has a handler (`evidence`), CG310 once per function and router type."""
        from contractgen.ir.scope import Scope

        if route.receiver is None:
            return True
        verdict = self._judge(route.receiver, Scope(pkg, route.pos.path))
        if verdict.keep:
            return True
        if not verdict.what and route.guess is not None:
            return True  # nothing to judge by, and the file imports exactly one modelled router: that one
        if not evidence and not verdict.serves_http:
            return False  # no handler among the arguments: a client's request or the like, not a route
        key = (pkg.path, route.function, verdict.module or verdict.what)
        if key not in self.reported:
            self.reported.add(key)
            self.report(self._diagnostic(route, verdict))
        return False

    def _diagnostic(self, route: RouteFact, verdict: _Verdict) -> Diagnostic:
        receiver = route.receiver_text or "the receiver"
        if verdict.module:
            why = f"{receiver} is a {verdict.what} of {verdict.module}, a router contractgen has no model for"
        elif verdict.what:
            why = f"{receiver} is a {verdict.what}, which is not a router contractgen models and embeds none"
        else:
            why = f"contractgen cannot tell what router {receiver} is (its type is not visible here, and the file imports no modelled router)"
        return warning(
            "CG310",
            f"{why}: the routes registered on {receiver} in {route.function} are not in the contract",
            route.pos,
            "put //contractgen:route METHOD /path on each handler to describe its endpoints, or serve them through "
            "net/http, gin, echo, chi, gorilla/mux, go-pkgz/routegroup or julienschmidt/httprouter "
            "(a wrapper type that embeds one of their routers, or a function returning one, is followed)",
        )

    # --- judging a type ---------------------------------------------------------------------------

    def _judge(self, hint: TypeHint, scope: Scope) -> _Verdict:
        located = self.values.hint(hint, scope)
        if located is not None:
            return self._type(*located, depth=0)
        # The declarations do not show it: a constructor or variable of an outside package still tells.
        root = hint
        while root.base is not None and root.call is None and root.var is None:
            root = root.base
        qualifier = (root.call or root.var or (None, ""))[0]
        if qualifier is None and isinstance(root.type, NameExpr):
            qualifier = root.type.qualifier
        path = self.builder._import_path(scope, qualifier) if qualifier is not None else None
        if path is not None and (path in _MODELLED_PATHS or _stdlib(path)):
            return _KEEP  # a modelled router's constructor, http.DefaultServeMux
        if path is None or self._inside(path):
            return _Verdict(False)
        name = (root.call or root.var or (None, ""))[1]
        what = f"result of {qualifier}.{name}" if root.call else f"{qualifier}.{name}" if name else f"package {path}"
        return _Verdict(False, what, unmodelled(path) or _module_of(path))

    def _type(self, expr: TypeExpr, scope: Scope, depth: int) -> _Verdict:
        while isinstance(expr, PointerExpr):
            expr = expr.elem
        if not isinstance(expr, NameExpr) or depth > _DEPTH:
            return _Verdict(False)
        if expr.qualifier is not None:
            path = self.builder._import_path(scope, expr.qualifier)
            if path is None:
                return _Verdict(False)
            if path in _MODELLED_PATHS or _stdlib(path):
                return _KEEP
            if not self._inside(path):
                return _Verdict(False, f"{expr.qualifier}.{expr.name}", unmodelled(path) or _module_of(path), self._serves_http(path, expr.name))
        found = self.builder._lookup(expr, scope, report=False)
        if found is None:
            return _Verdict(False)
        _, decl, decl_scope = found
        if decl.alias:
            return self._type(decl.type, decl_scope, depth + 1)
        name = f"{found[0].path}.{decl.name}"
        if isinstance(decl.type, StructExpr):
            for field in decl.type.fields:
                if field.embedded and self._type(field.type, decl_scope, depth + 1).keep:
                    return _KEEP  # a wrapper: the embedded router's methods are promoted
            return _Verdict(False, f"{name} (a struct of this module)")
        if isinstance(decl.type, InterfaceExpr) and any(self._type(term, decl_scope, depth + 1).keep for term in decl.type.terms):
            return _KEEP  # an interface embedding a modelled router's (`interface{ chi.Router }`)
        return _Verdict(False, f"{name} (a type of this module)")

    def _serves_http(self, path: str, name: str) -> bool:
        """Whether an outside type implements http.Handler, where its source is on the machine (the
        module cache, vendor/); not counted among the packages the contract reaches (no CG110 for it)."""
        pkg = self.builder._outside_package(path, False)
        return pkg is not None and "ServeHTTP" in pkg.methods.get(name, {})

    def _inside(self, path: str) -> bool:
        return path == self.module or path.startswith(self.module + "/")


def _stdlib(path: str) -> bool:
    """The standard library's import paths have no dot in their first element."""
    return "." not in path.split("/", 1)[0]


def _module_of(path: str) -> str:
    """The module an import path most likely belongs to, for the message (`github.com/a/b/c` -> `github.com/a/b`)."""
    parts = path.split("/")
    return "/".join(parts[:3]) if parts[0] in ("github.com", "gitlab.com", "bitbucket.org") and len(parts) > 3 else path
