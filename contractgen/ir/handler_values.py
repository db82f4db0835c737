"""The types of the values a handler writes and binds, learned from the declarations of the module:
what the scanner saw in the function (contractgen/scan/exprs.py: a visible type, the keys of a map
literal, or a TypeHint), followed to the declared result of a function or method, a struct field, an
element of a map or slice, a package variable.

Static and honest: a value whose type the declarations do not show is None here, and the caller
says so in a diagnostic. Interfaces stop the inference (the dynamic value is not in the source).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Mapping

from contractgen.diagnostics import Diagnostic, Position, warning
from contractgen.ir.model import Field, TypeRef
from contractgen.ir.scope import Scope
from contractgen.records import record
from contractgen.scan.endpoint_facts import FuncRef, TypeHint, Value, VarFact
from contractgen.scan.facts import ArrayExpr, InterfaceExpr, MapExpr, NameExpr, PointerExpr, SliceExpr, TypeExpr

if TYPE_CHECKING:
    from contractgen.ir.build import _Builder
    from contractgen.ir.scope import Pkg
    from contractgen.ir.handler_types import Handler

UNKNOWN = TypeRef("unknown")
_DEPTH = 12
# Results of standard-library functions a response often holds ((import path, name) -> Go type name).
_STDLIB_RESULTS = {
    ("fmt", "Sprintf"): "string",
    ("fmt", "Sprint"): "string",
    ("strconv", "Itoa"): "string",
    ("strconv", "FormatInt"): "string",
    ("strconv", "FormatBool"): "string",
    ("strconv", "Quote"): "string",
    ("strings", "ToLower"): "string",
    ("strings", "ToUpper"): "string",
    ("strings", "TrimSpace"): "string",
    ("strings", "Join"): "string",
    ("strings", "Repeat"): "string",
    ("net/http", "StatusText"): "string",
    ("github.com/go-chi/chi/v5", "URLParam"): "string",
    ("github.com/go-chi/chi", "URLParam"): "string",
}
# Methods of the frameworks' contexts that return a string (parameters, addresses).
_CONTEXT_STRINGS = {
    "github.com/gin-gonic/gin": frozenset({"Param", "Query", "DefaultQuery", "GetHeader", "PostForm", "DefaultPostForm", "ClientIP", "FullPath", "ContentType"}),
    "github.com/labstack/echo/v4": frozenset({"Param", "QueryParam", "FormValue", "RealIP", "Path", "Scheme"}),
    "github.com/labstack/echo/v5": frozenset({"Param", "QueryParam", "FormValue", "RealIP", "Path", "Scheme"}),
}
_BUILTIN_RESULTS = {"len": "int", "cap": "int", "copy": "int"}
_CONVERSIONS = frozenset(
    {"string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64", "byte", "rune"}
)
# Methods whose result every Go programmer knows without the declaration (the error and Stringer interfaces).
_STRING_METHODS = frozenset({"Error", "String"})

Located = tuple[TypeExpr, "Scope"]
Passed = tuple[tuple[Value, Scope], ...]  # the values a helper's caller passed, by parameter


@record(frozen=True)
class Seams:
    """What the endpoint builder lends: functions and package variables of the module, and reporting."""

    find_func: Callable[[FuncRef, Pkg, str], Handler | None]
    find_var: Callable[[str, str], tuple[VarFact, Scope] | None]
    report: Callable[[Diagnostic], None]


class ValueTypes:
    def __init__(self, builder: _Builder, seams: Seams) -> None:
        self.builder = builder
        self.seams = seams

    # --- values -----------------------------------------------------------------------------------

    def expr(self, value: Value, scope: Scope) -> Located | None:
        """The Go type of a value, where the declarations show it."""
        if value.type is not None:
            return value.type, scope
        if value.hint is not None:
            return self.hint(value.hint, scope)
        return None

    def ref(self, value: Value, scope: Scope, what: str, passed: Passed | None = None) -> TypeRef | None:
        """The JSON of a written value; the keys of a map literal become an object (sorted, as
        encoding/json sorts map keys), each key whose value cannot be seen reported (CG320). `passed`:
        what a helper writing the literal was given, for the keys whose values are its parameters
        (`respond(c, 201, view)` writing `gin.H{"data": data}`)."""
        if value.fields is not None:
            fields = []
            for item in sorted(value.fields, key=lambda kv: kv.key):
                param = item.value.param
                if passed is not None and param is not None and param < len(passed):
                    found = self.ref(passed[param][0], passed[param][1], what)
                else:
                    found = self.ref(item.value, scope, what)
                if found is None:
                    self.seams.report(
                        warning(
                            "CG320",
                            f"the type of {item.value.text or 'the value'} (key {item.key!r} of {what}) is not visible; the key is typed as unknown JSON",
                            item.value.pos,
                            "give the value a visible type (a typed variable, a function with a declared result), "
                            "or state the whole response: //contractgen:response YourType",
                        )
                    )
                    found = UNKNOWN
                fields.append(Field(name=item.key, type=found, position=item.value.pos))
            return TypeRef("object", fields=tuple(fields))
        located = self.expr(value, scope)
        if located is None:
            return None
        if value.addressed:  # `&x`: never nil, and addressable
            return replace(self.builder.resolve_addressable(*located), nullable=False)
        if value.dereferenced and isinstance(located[0], PointerExpr):  # `*p`: a copy of the target
            return replace(self.builder.resolve(located[0].elem, located[1]), nullable=False)
        resolved = self.builder.resolve(*located)
        return replace(resolved, nullable=False) if value.literal else resolved

    # --- hints ------------------------------------------------------------------------------------

    def hint(self, hint: TypeHint, scope: Scope, depth: int = 0) -> Located | None:
        if depth > _DEPTH:
            return None
        if hint.type is not None:
            return hint.type, scope
        if hint.var is not None:
            return self._var(hint.var, scope, depth)
        if hint.call is not None:
            return self._call(hint.call, hint.result, scope, hint.type_args)
        if hint.base is None:
            return None
        if hint.method:
            base = self.hint(hint.base, scope, depth + 1)
            if base is not None:
                return self._method(base, hint.method, hint.result)
            if hint.method in _STRING_METHODS and hint.result == 0:  # `err.Error()` of an error from a call
                return NameExpr("string", Position(scope.file, 0, 0)), scope
            return None
        base = self.hint(hint.base, scope, depth + 1)
        if base is None:
            return None
        if hint.field:
            return self._field(base[0], base[1], hint.field)
        if hint.index:
            return self._element(base[0], base[1])
        if hint.sliced:
            return self._sliced(base[0], base[1])
        return None

    def _var(self, var: tuple[str | None, str], scope: Scope, depth: int) -> Located | None:
        qualifier, name = var
        path = scope.pkg.path if qualifier is None else self.builder._import_path(scope, qualifier)
        found = self.seams.find_var(path, name) if path is not None else None
        if found is None:
            return None
        fact, var_scope = found
        return self.hint(fact.hint, var_scope, depth + 1)

    def _call(self, call: tuple[str | None, str], result: int, scope: Scope, type_args: tuple[TypeExpr, ...] = ()) -> Located | None:
        qualifier, name = call
        pos = Position(scope.file, 0, 0)
        if qualifier is None and name in _BUILTIN_RESULTS and name not in scope.pkg.decls:
            return NameExpr(_BUILTIN_RESULTS[name], pos), scope
        if qualifier is None and name in _CONVERSIONS and name not in scope.pkg.decls:
            return NameExpr(name, pos), scope
        if qualifier is not None:
            path = self.builder._import_path(scope, qualifier)
            known = _STDLIB_RESULTS.get((path or "", name))
            if known is not None:
                return NameExpr(known, pos), scope
            if path == "time" and name == "Now":
                return NameExpr("Time", pos, qualifier=qualifier), scope
        found = self.seams.find_func(FuncRef(name, qualifier=qualifier), scope.pkg, scope.file)
        if found is not None and found.fact.receiver is None:
            results = found.fact.results
            if result >= len(results):
                return None
            if type_args:
                # `decode[CreateUser](r)` answering a T: the type argument, spelled here.
                bound = bound_type(results[result], dict(zip(found.fact.type_params, type_args)))
                return (bound, scope) if bound is not None else None
            return results[result], found.scope
        # Not a function: a conversion to a type of the module (`UserID(s)`).
        conversion = NameExpr(name, pos, qualifier=qualifier)
        if self.builder._lookup(conversion, scope, report=False) is not None:
            return conversion, scope
        return None

    def _method(self, base: Located, method: str, result: int) -> Located | None:
        expr, scope = base
        while isinstance(expr, PointerExpr):
            expr = expr.elem
        if isinstance(expr, NameExpr):
            decl = self.builder._lookup(expr, scope, report=False)
            if decl is not None:
                pkg, fact, _decl_scope = decl
                ref = FuncRef(method, receiver=TypeHint(type=NameExpr(fact.name, fact.pos)))
                found = self.seams.find_func(ref, pkg, fact.file)
                if found is not None and found.fact.receiver == fact.name and found.pkg.path == pkg.path:
                    results = found.fact.results
                    return (results[result], found.scope) if result < len(results) else None
                declared = pkg.methods.get(fact.name, {}).get(method)
                if declared is not None and result < len(declared.results):
                    # A dependency's method (gin's c.FormFile): its declared result, in its own file.
                    return self._concrete(declared.results[result], Scope(pkg, declared.pos.path))
                if isinstance(fact.type, InterfaceExpr):  # echo.Context's FormFile
                    spec = dict(fact.type.results).get(method, ())
                    if result < len(spec):
                        return self._concrete(spec[result], Scope(pkg, fact.file))
        if isinstance(expr, NameExpr) and expr.qualifier is not None and result == 0:
            path = self.builder._import_path(scope, expr.qualifier)
            if method in _CONTEXT_STRINGS.get(path or "", ()):
                return NameExpr("string", Position(scope.file, 0, 0)), scope
        if method in _STRING_METHODS and result == 0:
            return NameExpr("string", Position(scope.file, 0, 0)), scope
        return None

    def _concrete(self, expr: TypeExpr, scope: Scope) -> Located | None:
        """A declared result, unless it is an interface (`any`, c.Get's): its dynamic value is not in the source."""
        return None if self.builder._kind(expr, scope) in ("interface", "unknown") else (expr, scope)

    def _field(self, expr: TypeExpr, scope: Scope, name: str, depth: int = 0) -> Located | None:
        while isinstance(expr, PointerExpr):
            expr = expr.elem
        struct = self.builder._underlying_struct(expr, scope)
        if struct is None or depth > 4:
            return None
        struct_expr, struct_scope = struct
        for fact in struct_expr.fields:
            if name in fact.names or (fact.embedded and _embedded_name(fact.type) == name):
                return fact.type, struct_scope  # an embedded field is named after its type (`data.Book` of `*Book`)
        for fact in struct_expr.fields:  # promoted through an embedded struct
            if fact.embedded:
                found = self._field(fact.type, struct_scope, name, depth + 1)
                if found is not None:
                    return found
        return None

    def _sliced(self, expr: TypeExpr, scope: Scope, depth: int = 0) -> Located | None:
        """`s[i:j]`: a slice or a string keeps its type (a named slice type too); an array, or a
        pointer to one, gives a slice of its elements (never nil, but of any length)."""
        while isinstance(expr, PointerExpr):
            expr = expr.elem
        if isinstance(expr, ArrayExpr):
            return SliceExpr(expr.elem, expr.pos), scope
        if isinstance(expr, SliceExpr):
            return expr, scope
        if isinstance(expr, NameExpr) and depth < 8:
            if expr.name == "string" and expr.qualifier is None:
                return expr, scope
            decl = self.builder._lookup(expr, scope, report=False)
            if decl is not None:
                _pkg, fact, decl_scope = decl
                underlying = self._sliced(fact.type, decl_scope, depth + 1)
                if underlying is not None and underlying[0] is fact.type:
                    return expr, scope  # slicing a named slice (or string) type gives that type
                return underlying  # a named array: a slice of its elements
        return None

    def _element(self, expr: TypeExpr, scope: Scope, depth: int = 0) -> Located | None:
        while isinstance(expr, PointerExpr):
            expr = expr.elem
        if isinstance(expr, MapExpr):
            return expr.value, scope
        if isinstance(expr, (SliceExpr, ArrayExpr)):
            return expr.elem, scope
        if isinstance(expr, NameExpr) and depth < 8:
            decl = self.builder._lookup(expr, scope, report=False)
            if decl is not None:
                _pkg, fact, decl_scope = decl
                return self._element(fact.type, decl_scope, depth + 1)
        return None


def _embedded_name(expr: TypeExpr) -> str | None:
    """The name of an embedded field: its type's, without the pointer, package or type arguments."""
    while isinstance(expr, PointerExpr):
        expr = expr.elem
    return expr.name if isinstance(expr, NameExpr) else None


def bound_type(expr: TypeExpr, arguments: Mapping[str, TypeExpr]) -> TypeExpr | None:
    """A generic function's `T`, `*T` or `[]T` with T bound to its argument (which the caller's scope
    spells); None for any other type (`Page[T]` mixes both scopes) or an unbound name."""
    wrappers: list[type[PointerExpr] | type[SliceExpr]] = []
    while isinstance(expr, (PointerExpr, SliceExpr)):
        wrappers.append(type(expr))
        expr = expr.elem
    if not isinstance(expr, NameExpr) or expr.qualifier is not None or expr.args or expr.name not in arguments:
        return None
    bound = arguments[expr.name]
    for wrapper in reversed(wrappers):
        bound = wrapper(bound, bound.pos)
    return bound
