"""The HTTP surface of a file: its functions (with handler shapes and body facts), its route
registrations and the routers it hands to other functions -> FileEndpoints.

Only files that mention routes or directives (contractgen.scan.routes.mentions_endpoints) are read
in full. A handler may live elsewhere: the linking step (contractgen/scan/link.py) then reads, in
the other files, just the functions that registrations name (their declarations found with one
byte regex), so a handler file without routes is parsed only when a route uses it.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from tree_sitter import Node

from contractgen.scan.endpoint_facts import (
    BodyFacts,
    FileEndpoints,
    FuncFact,
    FuncRef,
    ParamFact,
    RouteFact,
    Shape,
    TypeHint,
    Value,
    VarFact,
)
from contractgen.diagnostics import Position
from contractgen.scan.exprs import CONTEXT, ECHO, GIN, HTTPROUTER, NET_HTTP, FileScope, Locals, args_of, text, unwrap
from contractgen.scan.facts import Directive, NameExpr, PointerExpr, SliceExpr, TypeExpr, UnsupportedExpr
from contractgen.scan.handler_body import BodyReader
from contractgen.scan.registrations import RouteReader
from contractgen.scan.routes import has_route_literal

if TYPE_CHECKING:
    from contractgen.scan.gosyntax import _FileReader

_TYPED_DIRECTIVES = ("request", "response")


def read_endpoints(root: Node, reader: _FileReader, only: frozenset[str] | None = None) -> FileEndpoints:
    """Every top-level function of the file and its registrations; with `only`, just those functions."""
    scope = FileScope(reader)
    scope.package_vars, package_vars = _package_vars(root, scope)
    funcs: list[FuncFact] = []
    routes: list[RouteFact] = []
    mounts = []
    for node in root.named_children:
        if node.has_error or node.type not in ("function_declaration", "method_declaration"):
            continue
        if only is not None and text(node.child_by_field_name("name")) not in only:
            continue
        body = node.child_by_field_name("body")
        # Only a body with a route literal can register (or group, or mount) anything.
        registers = only is None and body is not None and has_route_literal(body.text or b"")
        with scope.local_types_of(body):
            fact, locals_ = _function(node, scope, registers)
            funcs.append(fact)
            if registers and body is not None and locals_ is not None:
                found_routes, found_mounts = RouteReader(
                    locals_, fact.key, partial(_literal, scope=scope, outer=locals_), partial(_statement_doc, scope=scope)
                ).read(body)
                routes.extend(found_routes)
                mounts.extend(found_mounts)
    return FileEndpoints(tuple(funcs), tuple(routes), tuple(mounts), package_vars)


# --- functions ---------------------------------------------------------------------------------------


def _function(node: Node, scope: FileScope, registers: bool) -> tuple[FuncFact, Locals | None]:
    reader = scope.reader
    receiver: ParamFact | None = None
    receiver_name: str | None = None
    if node.type == "method_declaration":
        receivers = _params(node.child_by_field_name("receiver"), scope)
        if receivers:
            receiver = receivers[0]
            receiver_name = _type_name(receiver.type)
    params = tuple(_params(node.child_by_field_name("parameters"), scope))
    results = _results(node.child_by_field_name("result"), scope)
    shape = _shape(params, results, scope)
    body = node.child_by_field_name("body")
    factory = _may_return_handler(results)
    needed = registers or factory or shape != "other" or any(_is_writer(p.type, scope) or _is_request(p.type, scope) for p in params)
    locals_ = Locals(scope, params, receiver).read(body) if body is not None and needed else None
    doc, directives = reader.doc_and_directives(node)
    directives = typed_directives(directives, scope)
    name = text(node.child_by_field_name("name"))
    returned = _returned_handler(body, scope, locals_) if factory and body is not None and locals_ is not None else None
    if returned is not None:  # named as the factory, with its doc and directives, so the endpoint is too
        returned = replace(returned, name=name, receiver=receiver_name, doc=doc, directives=directives)
    fact = FuncFact(
        name=name,
        receiver=receiver_name,
        params=params,
        results=results,
        shape=shape,
        doc=doc,
        directives=directives,
        pos=reader.pos(node),
        file=reader.path,
        body=_body(body, locals_, shape),
        type_params=_type_params(node),
        returned=returned,
    )
    return fact, locals_


def _may_return_handler(results: tuple[TypeExpr, ...]) -> bool:
    """One result that can be a handler: gin/echo/net/http `HandlerFunc`, `http.Handler`, a func type."""
    if len(results) != 1:
        return False
    result = results[0]
    return isinstance(result, UnsupportedExpr) or (isinstance(result, NameExpr) and result.name in ("HandlerFunc", "Handler"))


def _returned_handler(body: Node, scope: FileScope, outer: Locals) -> FuncFact | None:
    """The func literal a handler factory returns (`return func(c *gin.Context) {...}`, also through
    `http.HandlerFunc(func(w, r) {...})`): the first of a handler's shape, outside nested literals."""
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type == "func_literal":
            continue
        if node.type == "return_statement":
            for value in node.named_children[0].named_children if node.named_children else ():
                value = unwrap(value)
                if value.type in ("call_expression", "type_conversion_expression"):
                    inner = args_of(value) if value.type == "call_expression" else [value.child_by_field_name("operand")]
                    value = unwrap(inner[0]) if len(inner) == 1 and inner[0] is not None else value
                if value.type == "func_literal":
                    literal = _literal(value, scope, outer)
                    if literal.shape != "other":
                        return literal
        stack.extend(reversed(node.named_children))
    return None


def _type_params(node: Node) -> tuple[str, ...]:
    """`func decode[T any, U ~string](...)`: ("T", "U")."""
    params = node.child_by_field_name("type_parameters")
    if params is None:
        return ()
    return tuple(
        text(name) for decl in params.named_children if decl.type == "type_parameter_declaration" for name in decl.children_by_field_name("name")
    )


def _literal(node: Node, scope: FileScope, outer: Locals) -> FuncFact:
    """An inline handler: its own parameters, and the variables of the function around it."""
    params = tuple(_params(node.child_by_field_name("parameters"), scope))
    results = _results(node.child_by_field_name("result"), scope)
    shape = _shape(params, results, scope)
    body = node.child_by_field_name("body")
    locals_ = Locals(scope, params, outer.receiver).read(body)
    for name, declared in outer.types.items():
        if name not in locals_.types and name not in locals_.params:
            locals_.types[name] = declared
            locals_.values[name] = outer.values.get(name)
    for name, (_, declared) in outer.params.items():
        # A factory's parameters, which the handler it returns closes over: `func List(s *Store) gin.HandlerFunc`.
        if name not in locals_.types and name not in locals_.params:
            locals_.types[name] = declared
    return FuncFact("", None, params, results, shape, "", (), scope.reader.pos(node), scope.reader.path, _body(body, locals_, shape))


def _body(body: Node | None, locals_: Locals | None, shape: Shape) -> BodyFacts | None:
    if body is None or locals_ is None:
        return None
    writers = {name for name, (_, declared) in locals_.params.items() if _is_writer(declared, locals_.scope)}
    requests = {name for name, (_, declared) in locals_.params.items() if _is_request(declared, locals_.scope)}
    if shape == "other" and not writers and not requests:
        return None
    return BodyReader(locals_, writers, requests).read(body)


def _params(node: Node | None, scope: FileScope) -> list[ParamFact]:
    params: list[ParamFact] = []
    if node is None:
        return params
    for decl in node.named_children:
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        type_node = decl.child_by_field_name("type")
        if type_node is None:
            continue
        declared = scope.type(type_node)
        if decl.type == "variadic_parameter_declaration":
            declared = SliceExpr(declared, declared.pos)
        names = decl.children_by_field_name("name")
        params.extend(ParamFact(text(n), declared) for n in names) if names else params.append(ParamFact("", declared))
    return params


def _results(node: Node | None, scope: FileScope) -> tuple[TypeExpr, ...]:
    if node is None:
        return ()
    if node.type == "parameter_list":
        return tuple(p.type for p in _params(node, scope))
    return (scope.type(node),)


def _shape(params: tuple[ParamFact, ...], results: tuple[TypeExpr, ...], scope: FileScope) -> Shape:
    types = [p.type for p in params]
    returns_error = bool(results) and _is_error(results[-1])
    if len(types) == 1 and scope.is_type(types[0], GIN, "Context") and not results:
        return "gin"
    if len(types) == 1 and scope.is_type(types[0], ECHO, "Context") and len(results) == 1 and returns_error:
        return "echo"
    if len(types) == 2 and scope.is_type(types[0], NET_HTTP, "ResponseWriter") and scope.is_type(types[1], NET_HTTP, "Request"):
        return "http"
    if (  # httprouter.Handle: func(w http.ResponseWriter, r *http.Request, ps httprouter.Params)
        len(types) == 3
        and scope.is_type(types[0], NET_HTTP, "ResponseWriter")
        and scope.is_type(types[1], NET_HTTP, "Request")
        and scope.is_type(types[2], HTTPROUTER, "Params")
    ):
        return "http"
    if 1 <= len(types) <= 2 and scope.is_type(types[0], CONTEXT, "Context") and 1 <= len(results) <= 2 and returns_error:
        return "typed"
    return "other"


def _is_writer(declared: TypeExpr, scope: FileScope) -> bool:
    return (
        scope.is_type(declared, NET_HTTP, "ResponseWriter")
        or scope.is_type(declared, GIN, "Context")
        or scope.is_type(declared, ECHO, "Context")
    )


def _is_request(declared: TypeExpr, scope: FileScope) -> bool:
    return scope.is_type(declared, NET_HTTP, "Request")


def _is_error(expr: TypeExpr) -> bool:
    return isinstance(expr, NameExpr) and expr.qualifier is None and expr.name == "error"


def _type_name(expr: TypeExpr) -> str | None:
    inner = expr.elem if isinstance(expr, PointerExpr) else expr
    return inner.name if isinstance(inner, NameExpr) else None


def _package_vars(root: Node, scope: FileScope) -> tuple[dict[str, TypeHint], tuple[VarFact, ...]]:
    """`var users = &UserHandler{}` at the top of the file: what a handler's receiver may be, and
    what a handler writing the variable writes."""
    found = Locals(scope, ())
    positions: dict[str, Position] = {}
    for node in root.named_children:
        if node.type == "var_declaration" and not node.has_error:
            specs = [c for child in node.named_children for c in (child.named_children if child.type == "var_spec_list" else [child])]
            for spec in specs:
                if spec.type == "var_spec":
                    found.var_spec(spec)
                    for name_node in spec.children_by_field_name("name"):
                        positions.setdefault(text(name_node), scope.reader.pos(name_node))
    hints: dict[str, TypeHint] = {}
    scope.package_values = {name: value for name, value in found.values.items() if value is not None}
    for name, declared in found.types.items():
        value = found.values.get(name)
        if declared is not None:
            hints[name] = TypeHint(type=declared)
        elif value is not None:
            hint = found.hint(value)
            if not hint.empty and hint.var != (None, name):
                hints[name] = hint
    exported = tuple(VarFact(name, hint, positions[name]) for name, hint in sorted(hints.items()) if name in positions)
    return hints, exported


# --- doc comments and directives ----------------------------------------------------------------------


def _statement_doc(node: Node, scope: FileScope) -> tuple[str, tuple[Directive, ...]]:
    """The doc comment and directives written above the statement that holds a registration."""
    statement = node
    while statement.parent is not None and statement.parent.type not in ("statement_list", "block", "source_file"):
        statement = statement.parent
    if statement.prev_sibling is None and statement.parent is not None and statement.parent.type == "statement_list":
        statement = statement.parent  # the first statement of a block: its comment precedes the list
    doc, directives = scope.reader.doc_and_directives(statement)
    return doc, typed_directives(directives, scope)


def typed_directives(directives: tuple[Directive, ...], scope: FileScope) -> tuple[Directive, ...]:
    """request and response directives get their argument read as a Go type expression."""
    return tuple(replace(d, type=parse_type(d.args, scope, d)) if d.name in _TYPED_DIRECTIVES else d for d in directives)


def parse_type(source: str, scope: FileScope, directive: Directive) -> TypeExpr | None:
    from contractgen.scan.gosyntax import _FileReader, _parser

    if not source.strip():
        return None
    code = b"package p\ntype _ " + source.strip().encode() + b"\n"
    tree = _parser().parse(code)
    spec = next((n for n in _walk(tree.root_node) if n.type == "type_spec"), None)
    type_node = spec.child_by_field_name("type") if spec is not None else None
    if tree.root_node.has_error or type_node is None or type_node.end_byte != len(code) - 1:
        return None

    class _AtDirective(_FileReader):
        def pos(self, node: Node) -> Position:
            return directive.pos  # every name in the type is reported at the directive

    return _AtDirective(scope.reader.path, code)._type(type_node)


def _walk(node: Node) -> list[Node]:
    out, stack = [], [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(current.named_children))
    return out


# --- the second pass ------------------------------------------------------------------------------------


def referenced_names(found: FileEndpoints) -> set[str]:
    """Names of the functions that registrations, router hand-offs and helper calls refer to."""
    names: set[str] = set()

    def hint(h: TypeHint | None) -> None:
        while h is not None:
            if h.call is not None:
                names.add(h.call[1])
            if h.method:
                names.add(h.method)
            h = h.base

    def ref(r: FuncRef) -> None:
        names.add(r.name)
        hint(r.receiver)

    def value(v: Value | None, depth: int = 0) -> None:
        if v is None or depth > 8:
            return
        names.update(_hint_names(v.hint))
        for item in v.fields or ():
            value(item.value, depth + 1)

    def body_calls(fact: FuncFact | None) -> None:
        if fact is not None and fact.body is not None:
            for call in fact.body.calls:
                ref(call.callee)
                for arg in call.args:
                    value(arg)
            for write in fact.body.writes:
                value(write.value)
                if write.renderer:
                    names.add("Render")  # render.Render calls the value's Render method
            for bind in fact.body.binds:
                value(bind.value)

    for route in found.routes:
        hint(route.receiver)
        if route.handler.ref is not None:
            ref(route.handler.ref)
        if route.handler.factory is not None:  # `CreateItem(store)`: the function returning the handler
            ref(route.handler.factory)
        body_calls(route.handler.literal)
    for mount in found.mounts:
        ref(mount.callee)
    for fact in found.funcs:
        body_calls(fact)
        body_calls(fact.returned)  # a factory's handler: the helpers it calls
    for var in found.vars:
        names.update(_hint_names(var.hint))
    return names


def _hint_names(hint: TypeHint | None) -> set[str]:
    names: set[str] = set()
    while hint is not None:
        if hint.call is not None:
            names.add(hint.call[1])
        if hint.method:
            names.add(hint.method)
        if hint.var is not None:
            names.add(hint.var[1])
        hint = hint.base
    return names
