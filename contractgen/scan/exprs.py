"""Reading Go expressions inside one function: which names are imports, parameters and local
variables, what type a value visibly has, and which function an expression names.

Flow-insensitive on purpose: a local variable's type is what its declarations say (`var u User`,
`u := User{...}`, `u := &User{...}`, `u := new(User)`); a variable declared twice with different
types has no visible type. What the function cannot show (the result of a call, a field, a package
variable, an element of a map) is left as a TypeHint for the IR builder, which knows every
declaration of the module.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterator, Mapping

from tree_sitter import Language, Node, Query, QueryCursor

from contractgen.scan import constexpr
from contractgen.scan.endpoint_facts import FuncRef, KeyValue, ParamFact, TypeHint, Value
from contractgen.scan.facts import ArrayExpr, ImportFact, InterfaceExpr, MapExpr, NameExpr, PointerExpr, SliceExpr, StructExpr, TypeExpr
from contractgen.scan.routes import STATUS_CONSTANTS

if TYPE_CHECKING:
    from contractgen.scan.gosyntax import _FileReader

GIN = "github.com/gin-gonic/gin"
ECHO = frozenset({"github.com/labstack/echo/v4", "github.com/labstack/echo/v5", "github.com/labstack/echo"})
CHI = frozenset({"github.com/go-chi/chi/v5", "github.com/go-chi/chi"})
RENDER = "github.com/go-chi/render"
MUX = "github.com/gorilla/mux"
ROUTEGROUP = "github.com/go-pkgz/routegroup"
HTTPROUTER = "github.com/julienschmidt/httprouter"
NET_HTTP = "net/http"
JSON = "encoding/json"
CONTEXT = "context"

# Comparisons and logical operators give an untyped boolean (the spec's "Comparison operators").
_BOOLEAN_OPERATORS = frozenset({"==", "!=", "<", "<=", ">", ">=", "&&", "||"})
_LITERAL_TYPES = {
    "interpreted_string_literal": "string",
    "raw_string_literal": "string",
    "true": "bool",
    "false": "bool",
    "float_literal": "float64",
}


def text(node: Node | None) -> str:
    return node.text.decode("utf-8", "replace") if node is not None and node.text is not None else ""


def args_of(call: Node) -> list[Node]:
    arguments = call.child_by_field_name("arguments")
    return [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []


def unwrap(node: Node) -> Node:
    """The expression inside parentheses and `&`/`*`: `&req` and `(*req)` are req for JSON."""
    while True:
        if node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        elif node.type == "unary_expression" and text(node.child_by_field_name("operator")) in ("&", "*"):
            operand = node.child_by_field_name("operand")
            if operand is None:
                return node
            node = operand
        else:
            return node


def _outer_operator(node: Node) -> str:
    """`&` for `&x`, `*` for `*p` (in parentheses or not), else ""."""
    while node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    operator = text(node.child_by_field_name("operator")) if node.type == "unary_expression" else ""
    return operator if operator in ("&", "*") else ""


def import_names(imports: tuple[ImportFact, ...] | list[ImportFact]) -> dict[str, str]:
    """The name each import is known by in the file -> its path (`echo` for .../echo/v4)."""
    names: dict[str, str] = {}
    for imp in imports:
        if imp.alias in ("_", "."):
            continue
        names[imp.alias or default_name(imp.path)] = imp.path
    return names


def default_name(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    last = parts[-1] if parts else path
    if len(parts) > 1 and last.startswith("v") and last[1:].isdigit():
        last = parts[-2]
    return last.removeprefix("go-").replace("-", "_").split(".")[0]


class FileScope:
    """What one file's imports and package-level variables say, shared by its functions."""

    def __init__(self, reader: _FileReader) -> None:
        self.reader = reader
        self.imports = import_names(reader.imports)
        self.package_vars: dict[str, TypeHint] = {}
        self.package_values: dict[str, Node] = {}  # what this file's package variables are set to
        self.local_types: dict[str, TypeExpr] = {}  # the types declared in the function being read

    def import_path(self, name: str) -> str | None:
        return self.imports.get(name)

    @contextmanager
    def local_types_of(self, body: Node | None) -> Iterator[None]:
        """While a function is read: the types its body declares (`type request struct{...}` inside
        a handler or a handler factory) stand for their definitions, which have no name in the package."""
        declared: dict[str, TypeExpr] = {}
        if body is not None and b"type" in (body.text or b""):
            for spec in _descendants(body, "type_spec"):
                name, type_node = spec.child_by_field_name("name"), spec.child_by_field_name("type")
                if name is not None and type_node is not None and spec.child_by_field_name("type_parameters") is None:
                    declared[text(name)] = self.reader._type(type_node)
        self.local_types = {name: _localised(expr, declared, frozenset({name})) for name, expr in declared.items()}
        try:
            yield
        finally:
            self.local_types = {}

    def imports_any(self, paths: frozenset[str] | set[str]) -> bool:
        return any(p in paths for p in self.imports.values())

    def type(self, node: Node) -> TypeExpr:
        found = self.reader._type(node)
        return _localised(found, self.local_types, frozenset()) if self.local_types else found

    def is_type(self, expr: TypeExpr, paths: str | frozenset[str], *names: str) -> bool:
        """Whether `expr` is `q.Name` (a pointer stripped) with q an import of one of `paths`."""
        inner = expr.elem if isinstance(expr, PointerExpr) else expr
        if not isinstance(inner, NameExpr) or inner.qualifier is None or inner.name not in names:
            return False
        path = self.imports.get(inner.qualifier)
        return path == paths if isinstance(paths, str) else path in paths

    def string(self, node: Node, consts: dict[str, constexpr.Value] | None = None) -> str | None:
        """A constant string expression: a literal, a concatenation, a constant of this file."""
        lookup = (consts or self.reader.const_values).get
        try:
            value = constexpr.evaluate(node, 0, lookup)
        except constexpr.NotConstant:
            return None
        except Exception:  # noqa: BLE001  (an odd expression is just not a constant to us)
            return None
        return value if isinstance(value, str) else None


class Locals:
    """The parameters and local variables of one function (and the func literals inside it)."""

    def __init__(self, scope: FileScope, params: tuple[ParamFact, ...], receiver: ParamFact | None = None) -> None:
        self.scope = scope
        self.params = {p.name: (i, p.type) for i, p in enumerate(params) if p.name and p.name != "_"}
        self.receiver = receiver
        self.types: dict[str, TypeExpr | None] = {}
        self.values: dict[str, Node | None] = {}  # the one expression a variable was set from
        self.results: dict[str, int] = {}  # `a, b := f()`: which result of the call a variable is
        self.ranges: dict[str, Node] = {}  # `for _, v := range xs`: the ranged expression
        self.mutated: set[str] = set()  # `m["k"] = v`: a map literal that gains keys later
        # What the body reader knows a call returns (the parameter reads of a framework's context).
        self.call_type: Callable[[Node], TypeExpr | None] = lambda _call: None

    def read(self, body: Node | None) -> Locals:
        if body is None:
            return self
        for node in declarations(body):
            kind = node.type
            if kind == "var_spec":
                self._var_spec(node)
            elif kind == "short_var_declaration":
                self._pairs(node.child_by_field_name("left"), node.child_by_field_name("right"))
            elif kind == "range_clause":
                left = node.child_by_field_name("left")
                names = left.named_children if left is not None else []
                for name in names:
                    self._declare(text(name), None, None)
                ranged = node.child_by_field_name("right")
                if len(names) == 2 and ranged is not None and text(names[1]) in self.types and self.types[text(names[1])] is None:
                    self.ranges[text(names[1])] = ranged
            elif kind == "assignment_statement":
                for target in (node.child_by_field_name("left") or node).named_children:
                    if target.type == "index_expression" and target.named_children:
                        self.mutated.add(text(target.named_children[0]))
            elif kind == "func_literal":
                params = node.child_by_field_name("parameters")
                for decl in params.named_children if params is not None else []:
                    type_node = decl.child_by_field_name("type")
                    for name in decl.children_by_field_name("name"):
                        self._declare(text(name), self.scope.type(type_node) if type_node is not None else None, None)
        return self

    def var_spec(self, spec: Node) -> None:
        self._var_spec(spec)

    def _var_spec(self, spec: Node) -> None:
        names = spec.children_by_field_name("name")
        type_node = spec.child_by_field_name("type")
        value_node = spec.child_by_field_name("value")
        values = value_node.named_children if value_node is not None else []
        for index, name in enumerate(names):
            value = values[index] if len(values) == len(names) else None
            declared = self.scope.type(type_node) if type_node is not None else None
            self._declare(text(name), declared or (self.static_type(value) if value is not None else None), value)

    def _pairs(self, left: Node | None, right: Node | None) -> None:
        lhs = left.named_children if left is not None else []
        rhs = right.named_children if right is not None else []
        for index, name in enumerate(lhs):
            if name.type != "identifier":
                continue
            value = rhs[index] if len(rhs) == len(lhs) else None
            if value is None and len(rhs) == 1 and unwrap(rhs[0]).type == "index_expression" and index == 0:
                self._declare(text(name), None, rhs[0])  # `v, ok := m[k]`: v is the element
                continue
            if value is None and len(rhs) == 1 and unwrap(rhs[0]).type in ("call_expression", "type_conversion_expression"):
                # `u, err := f()`: u is the first result of f (`decode[T](r)` parses as a conversion)
                self._declare(text(name), None, rhs[0])
                if self.values.get(text(name)) is not None:
                    self.results[text(name)] = index
                continue
            self._declare(text(name), self.static_type(value) if value is not None else None, value)

    def _declare(self, name: str, declared: TypeExpr | None, value: Node | None) -> None:
        if not name or name == "_":
            return
        if name in self.types:
            before = self.types[name]
            if before is None or declared is None or _key(before) != _key(declared):
                self.types[name] = None  # declared twice, differently: not visible
            self.values[name] = None
            self.results.pop(name, None)
            return
        self.types[name] = declared
        self.values[name] = value

    def is_local(self, name: str) -> bool:
        return name in self.types or name in self.params or (self.receiver is not None and name == self.receiver.name)

    def is_import(self, name: str) -> bool:
        return not self.is_local(name) and name in self.scope.imports

    # --- values -------------------------------------------------------------------------------

    def static_type(self, node: Node) -> TypeExpr | None:
        """The type an expression visibly has: composite literals, new(T), literals, typed variables."""
        node = unwrap(node)
        kind = node.type
        if kind == "composite_literal":
            type_node = node.child_by_field_name("type")
            if type_node is None:
                return None
            declared = self.scope.type(type_node)
            if self.scope.is_type(declared, GIN, "H") or self.scope.is_type(declared, ECHO, "Map"):
                return MapExpr(NameExpr("string", declared.pos), InterfaceExpr(declared.pos), declared.pos)
            return declared
        if kind in _LITERAL_TYPES:
            return NameExpr(_LITERAL_TYPES[kind], self.scope.reader.pos(node))
        if kind == "binary_expression":
            operator = text(node.child_by_field_name("operator"))
            if operator in _BOOLEAN_OPERATORS:
                return NameExpr("bool", self.scope.reader.pos(node))  # an untyped boolean, whatever the operands
            if operator == "+":
                # `"Hello, " + name`: an operand that is visibly a string makes the sum one.
                for operand in (node.child_by_field_name("left"), node.child_by_field_name("right")):
                    found = self.static_type(operand) if operand is not None else None
                    if isinstance(found, NameExpr) and found.name == "string" and found.qualifier is None:
                        return found
            return None
        if kind == "unary_expression" and text(node.child_by_field_name("operator")) == "!":
            return NameExpr("bool", self.scope.reader.pos(node))
        if kind == "call_expression":
            function = node.child_by_field_name("function")
            args = args_of(node)
            if function is not None and text(function) in ("new", "make") and args:
                return self.scope.type(args[0])
            return None
        if kind == "identifier":
            name = text(node)
            if name in self.params:
                return self.params[name][1]
            if name in self.types:
                return self.types[name]
            constant = self.scope.reader.const_values.get(name)
            if constant is not None and not self.is_local(name):
                # A constant of this file: JSON only sees its kind (a typed enum constant is still that string).
                kind_name = {str: "string", bool: "bool", int: "int", float: "float64"}.get(type(constant))
                return NameExpr(kind_name, self.scope.reader.pos(node)) if kind_name else None
            return None
        return None

    def value(self, node: Node, depth: int = 0) -> Value:
        """What a bound or written expression is: its visible type, the parameter it is, a status, the
        keys of a map literal, or a hint for the IR builder (a call's result, a field, a variable);
        whether it is an address (`&x`) or a dereference (`*p`)."""
        found = self._value(node, depth)
        operator = _outer_operator(node)
        if operator == "&" and not found.addressed:
            return replace(found, addressed=True, dereferenced=False)
        if operator == "*":
            return replace(found, dereferenced=True, addressed=False)
        return found

    def _value(self, node: Node, depth: int) -> Value:
        inner = unwrap(node)
        source = text(node)
        pos = self.scope.reader.pos(node)
        kind = inner.type
        if kind == "int_literal":
            try:
                # A status where one is expected, an int where a value is (`gin.H{"n": 1}`).
                return Value(status=int(text(inner).replace("_", ""), 0), type=NameExpr("int", pos), text=source, pos=pos)
            except ValueError:
                return Value(text=source, pos=pos)
        if kind == "selector_expression":
            operand = inner.child_by_field_name("operand")
            field = text(inner.child_by_field_name("field"))
            if operand is not None and operand.type == "identifier" and self.is_import(text(operand)):
                if self.scope.import_path(text(operand)) == NET_HTTP and field in STATUS_CONSTANTS:
                    return Value(status=STATUS_CONSTANTS[field], text=source, pos=pos)
        if kind == "identifier":
            name = text(inner)
            if name in self.params:
                index, declared = self.params[name]
                concrete = None if _is_interface(declared) else declared
                return Value(type=concrete, param=index, text=source, pos=pos)
            if name in self.types and self.types[name] is None and name not in self.mutated and depth < 8:
                assigned = self.values.get(name)
                if assigned is not None and name not in self.results:
                    return replace(self.value(assigned, depth + 1), text=source, pos=pos, param=None)
            if name in self.mutated:
                return Value(text=source, pos=pos)  # keys added later: not what the literal shows
        if kind == "composite_literal":
            fields = self._object_literal(inner, depth)
            if fields is not None:
                return Value(fields=fields, text=source, literal=True, pos=pos)
        literal = kind == "composite_literal" or (kind == "call_expression" and text(inner.child_by_field_name("function")) in ("new", "make"))
        visible = self.static_type(inner) or (self.call_type(inner) if kind == "call_expression" else None)
        if visible is not None:
            return Value(type=visible, text=source, literal=literal, pos=pos)
        hint = self.hint(inner)
        return Value(text=source, hint=None if hint.empty else hint, pos=pos)

    def _object_literal(self, node: Node, depth: int) -> tuple[KeyValue, ...] | None:
        """The keys of `gin.H{...}`, `echo.Map{...}`, `map[string]T{...}` when every key is a constant string."""
        type_node = node.child_by_field_name("type")
        body = node.child_by_field_name("body")
        if type_node is None or body is None or depth > 8:
            return None
        declared = self.scope.type(type_node)
        generic = self.scope.is_type(declared, GIN, "H") or self.scope.is_type(declared, ECHO, "Map")
        if not generic and not (isinstance(declared, MapExpr) and isinstance(declared.key, NameExpr) and declared.key.name == "string" and declared.key.qualifier is None):
            return None
        found: list[KeyValue] = []
        for element in body.named_children:
            if element.type == "comment":
                continue
            if element.type != "keyed_element" or len(element.named_children) != 2:
                return None
            key_node, value_node = element.named_children
            key_node = key_node.named_children[0] if key_node.type == "literal_element" and key_node.named_children else key_node
            value_node = value_node.named_children[0] if value_node.type == "literal_element" and value_node.named_children else value_node
            key = self.scope.string(key_node)
            if key is None:
                return None
            if value_node.type == "literal_value":
                return None  # an untyped nested literal: only a typed map could have one
            found.append(KeyValue(key, self.value(value_node, depth + 1)))
        return tuple(found)

    def type_args(self, arguments: Node | None) -> tuple[TypeExpr, ...]:
        """The types of a `type_arguments` node (`[A, pkg.B]`)."""
        if arguments is None:
            return ()
        return tuple(self.scope.type(t.named_children[0] if t.type == "type_elem" and t.named_children else t) for t in arguments.named_children)

    # --- names of functions and receivers -------------------------------------------------------

    def func_ref(self, node: Node, depth: int = 0) -> FuncRef | None:
        """The function an expression names: `f`, `pkg.F`, `x.Method` (generic arguments dropped);
        `depth`: how deep the hint asking for it is (`v = v.Next()` must end)."""
        node = unwrap(node)
        if node.type in ("index_expression", "generic_type") and node.named_children:
            node = node.named_children[0]
        if node.type in ("identifier", "type_identifier"):  # a type_identifier: `decode` of `decode[T](r)`
            return FuncRef(text(node), text=text(node))
        if node.type == "qualified_type":  # `codec.Decode` of `codec.Decode[T](r)`
            package, name = text(node.child_by_field_name("package")), text(node.child_by_field_name("name"))
            return FuncRef(name, qualifier=package, text=text(node)) if self.is_import(package) else None
        if node.type == "selector_expression":
            operand = node.child_by_field_name("operand")
            name = text(node.child_by_field_name("field"))
            if operand is None or not name:
                return None
            if operand.type == "identifier" and self.is_import(text(operand)):
                return FuncRef(name, qualifier=text(operand), text=text(node))
            return FuncRef(name, receiver=self.hint(operand, depth + 1), text=text(node))
        return None

    def hint(self, node: Node, depth: int = 0) -> TypeHint:
        """How to learn the type of an expression (`h`, `s.users`, `NewUsers(db)`, `x.Response()`, `m[k]`)."""
        node = unwrap(node)
        if depth > 8:
            return TypeHint()
        kind = node.type
        if kind == "identifier":
            name = text(node)
            if self.receiver is not None and name == self.receiver.name:
                return TypeHint(type=self.receiver.type)
            if name in self.params:
                return TypeHint(type=self.params[name][1])
            if name in self.types:
                declared = self.types[name]
                if declared is not None:
                    return TypeHint(type=declared)
                if name in self.ranges:
                    return TypeHint(base=self.hint(self.ranges[name], depth + 1), index=True)
                value = self.values.get(name)
                if value is None:
                    return TypeHint()
                found = self.hint(value, depth + 1)
                return replace(found, result=self.results[name]) if name in self.results and (found.call or found.method) else found
            if name in self.scope.package_vars:
                return self.scope.package_vars[name]
            return TypeHint(var=(None, name)) if name[:1].isalpha() else TypeHint()
        if kind == "selector_expression":
            operand = node.child_by_field_name("operand")
            field = text(node.child_by_field_name("field"))
            if operand is None:
                return TypeHint()
            if operand.type == "identifier" and self.is_import(text(operand)):
                return TypeHint(var=(text(operand), field))
            return TypeHint(base=self.hint(operand, depth + 1), field=field)
        if kind == "index_expression" and node.named_children:
            return TypeHint(base=self.hint(node.named_children[0], depth + 1), index=True)
        if kind == "slice_expression":
            operand = node.child_by_field_name("operand")
            return TypeHint(base=self.hint(operand, depth + 1), sliced=True) if operand is not None else TypeHint()
        if kind == "call_expression":
            function = node.child_by_field_name("function")
            ref = self.func_ref(function, depth) if function is not None else None
            if ref is None:
                return TypeHint()
            if ref.receiver is None:
                return TypeHint(call=(ref.qualifier, ref.name), type_args=self.type_args(node.child_by_field_name("type_arguments")))
            return TypeHint(base=ref.receiver, method=ref.name)
        if kind == "type_conversion_expression":
            generic = generic_call(node)
            ref = self.func_ref(generic[0], depth) if generic is not None else None
            if ref is None or generic is None:
                return TypeHint()
            return TypeHint(call=(ref.qualifier, ref.name), type_args=self.type_args(generic[1]))
        declared = self.static_type(node)
        return TypeHint(type=declared) if declared is not None else TypeHint()


@lru_cache(maxsize=1)
def _declarations_query() -> Query:
    import tree_sitter_go

    return Query(
        Language(tree_sitter_go.language()),
        "[(short_var_declaration) (var_spec) (range_clause) (func_literal) (assignment_statement)] @d",
    )


def declarations(node: Node) -> list[Node]:
    """The nodes below `node` that declare variables, in source order (found by tree-sitter in C,
    much faster than walking every node of a function body from Python)."""
    found = QueryCursor(_declarations_query()).captures(node).get("d", [])
    return sorted(found, key=lambda n: n.start_byte)


def _is_interface(expr: TypeExpr) -> bool:
    return isinstance(expr, InterfaceExpr) or (isinstance(expr, NameExpr) and expr.qualifier is None and expr.name == "any")


def _key(expr: TypeExpr) -> str:
    """A comparable spelling of a type expression, positions left out."""
    if isinstance(expr, NameExpr):
        args = ",".join(_key(a) for a in expr.args)
        return f"{expr.qualifier or ''}.{expr.name}[{args}]"
    if isinstance(expr, PointerExpr):
        return "*" + _key(expr.elem)
    if isinstance(expr, SliceExpr):
        return "[]" + _key(expr.elem)
    if isinstance(expr, MapExpr):
        return f"map[{_key(expr.key)}]{_key(expr.value)}"
    return type(expr).__name__ + repr(getattr(expr, "text", ""))


def generic_call(node: Node) -> tuple[Node, Node] | None:
    """(function, type_arguments) of `decode[CreateUser](r)`, which tree-sitter parses as a conversion
    to a generic type (it cannot tell a generic function's call with one argument from one)."""
    generic = node.child_by_field_name("type")
    if generic is None or generic.type != "generic_type":
        return None
    function, arguments = generic.child_by_field_name("type"), generic.child_by_field_name("type_arguments")
    return (function, arguments) if function is not None and arguments is not None else None


def _descendants(node: Node, kind: str) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == kind:
            yield current
        stack.extend(current.named_children)


def _localised(expr: TypeExpr, local: Mapping[str, TypeExpr], seen: frozenset[str]) -> TypeExpr:
    """`expr` with the names of function-local types replaced by their definitions (a local type
    that refers to itself keeps its name there: it is no package type, so it stays unknown)."""
    if isinstance(expr, NameExpr):
        if expr.qualifier is None and not expr.args and expr.name in local and expr.name not in seen:
            return _localised(local[expr.name], local, seen | {expr.name})
        return expr
    if isinstance(expr, (PointerExpr, SliceExpr, ArrayExpr)):
        return replace(expr, elem=_localised(expr.elem, local, seen))
    if isinstance(expr, MapExpr):
        return replace(expr, key=_localised(expr.key, local, seen), value=_localised(expr.value, local, seen))
    if isinstance(expr, StructExpr):
        return replace(expr, fields=tuple(replace(f, type=_localised(f.type, local, seen)) for f in expr.fields))
    return expr
