"""Stage 2: ModuleFacts -> Contract, applying what encoding/json really does to each Go type.

Every exported type of the selected packages becomes a declaration, and so does every type they
reach (unexported or from other packages of the module). Types from outside the module are mapped
by the well-known table, by [types] in contractgen.toml, or to `unknown` with a warning.
"""

from __future__ import annotations

from dataclasses import replace

from contractgen.config import Config, TypeMapping
from contractgen.diagnostics import Diagnostic, Position, error, warning
from contractgen.ir import gotypes
from contractgen.ir.fields import EmbeddedStruct, FoundField, wire_fields
from contractgen.ir.kinds import UNKNOWN, GoTypeQueries
from contractgen.ir.model import Contract, EnumMember, Field, Package, TypeDecl, TypeParam, TypeRef
from contractgen.ir.scope import _args_key, _Pkg, _Scope
from contractgen.scan.facts import (
    ArrayExpr,
    InterfaceExpr,
    MapExpr,
    ModuleFacts,
    NameExpr,
    PackageFacts,
    PointerExpr,
    SliceExpr,
    StructExpr,
    TypeDeclFact,
    TypeExpr,
)

_MAPPING_REFS = {
    "string": TypeRef("string"),
    "number": TypeRef("number"),
    "integer": TypeRef("integer"),
    "boolean": TypeRef("boolean"),
    "unknown": UNKNOWN,
    "date-time": TypeRef("string", format="date-time"),
    "base64": TypeRef("string", format="base64"),
}


# Kind families, as reflect.Kind matters to omitempty and `,string`.
_EMPTYABLE = {"bool", "int", "uint", "float", "string", "pointer", "interface", "slice", "map", "array0"}
_QUOTABLE = {"bool": "boolean", "int": "integer", "uint": "integer", "float": "number", "string": None}


def build_contract(
    facts: ModuleFacts, config: Config, selected: list[str] | None = None, no_type_roots: frozenset[str] = frozenset()
) -> tuple[Contract, list[Diagnostic]]:
    """`selected`: import paths whose endpoints, error catalogs and exported types are the roots
    (default: every package); `no_type_roots`: those of them whose exported types are not roots."""
    return _Builder(facts, config).build(selected, no_type_roots)


class _Builder(GoTypeQueries):
    def __init__(self, facts: ModuleFacts, config: Config) -> None:
        self.facts = facts
        self.config = config
        self.diagnostics: list[Diagnostic] = []
        self.packages: dict[str, _Pkg] = {}
        for package in facts.packages:
            self.packages[package.import_path] = self._index(package)
        self.queue: list[tuple[str, str]] = []
        self.built: dict[tuple[str, str], TypeDecl | None] = {}
        self._nullable_cache: dict[tuple[str, str], bool] = {}
        self._marshaler_cache: dict[tuple[str, str], str | None] = {}
        self._imports_cache: dict[tuple[str, str], dict[str, str]] = {}
        self._field_context: FoundField | None = None  # the struct field being resolved, if any
        self._quiet = 0  # > 0 while looking at types only to learn their kind: no diagnostics then

    # --- indexing -------------------------------------------------------------------------------

    def _report(self, diagnostic: Diagnostic) -> None:
        if not self._quiet:
            self.diagnostics.append(diagnostic)

    def _index(self, package: PackageFacts) -> _Pkg:
        pkg = _Pkg(package)
        for file in package.files:
            self.diagnostics.extend(file.diagnostics)
            pkg.imports[file.path] = {}
            for imp in file.imports:
                if imp.alias is not None:
                    pkg.imports[file.path][imp.alias] = imp.path
            for decl in file.types:
                if decl.name in pkg.decls:
                    first = pkg.decls[decl.name]
                    self._report(
                        error(
                            "CG004",
                            f"{decl.name} redeclared in package {package.name} (first declared at {first.pos})",
                            decl.pos,
                            "if the files are for different platforms, set [build] goos/goarch/tags in contractgen.toml",
                        )
                    )
                    continue
                pkg.decls[decl.name] = decl
            pkg.consts.extend(file.consts)
            for const in file.consts:
                if const.value is not None:
                    pkg.const_values[const.name] = const.value
            for method in file.methods:
                pkg.methods.setdefault(method.receiver, {})[method.name] = method
        return pkg

    def _import_path(self, scope: _Scope, alias: str) -> str | None:
        return self._file_imports(scope.pkg, scope.file).get(alias)

    def _file_imports(self, pkg: _Pkg, file: str) -> dict[str, str]:
        """A file's import names: explicit aliases, and unaliased imports by the imported package's
        own name. Built once per file (resolution asks for it for every qualified name)."""
        key = (pkg.path, file)
        found = self._imports_cache.get(key)
        if found is None:
            found = {}
            facts = next((f for f in pkg.facts.files if f.path == file), None)
            for imp in facts.imports if facts is not None else ():
                if imp.alias is None:
                    found.setdefault(self._package_name(imp.path), imp.path)
            found.update(pkg.imports.get(file, {}))
            self._imports_cache[key] = found
        return found

    def _package_name(self, path: str) -> str:
        if path in self.packages:
            return self.packages[path].facts.name
        # Outside the module, guess as goimports does: the last element, without a major version or "go-".
        parts = [p for p in path.split("/") if p]
        last = parts[-1] if parts else path
        if len(parts) > 1 and last.startswith("v") and last[1:].isdigit():
            last = parts[-2]
        last = last.split(".")[0] if "." in last and path.startswith("gopkg.in/") else last
        for prefix in ("go-",):
            last = last.removeprefix(prefix)
        return last.replace("-", "_").replace(".", "_")

    # --- the run --------------------------------------------------------------------------------

    def build(self, selected: list[str] | None, no_type_roots: frozenset[str] = frozenset()) -> tuple[Contract, list[Diagnostic]]:
        roots = selected if selected is not None else list(self.packages)
        for path in sorted(set(roots) - no_type_roots):
            pkg = self.packages[path]
            for name in sorted(pkg.decls):
                if name[:1].isupper() and not self._is_constraint(pkg.decls[name]):
                    self._enqueue(pkg, name)
        from contractgen.ir.endpoints import build_endpoints  # before the queue runs: it queues the types endpoints use

        endpoints, catalogs = build_endpoints(self, sorted(roots))
        self._drain()
        from contractgen.ir.requests import request_views

        views = request_views(self, endpoints)
        self._drain()  # nothing new is reached from a request body, but a declaration must never be missing
        for key, view in views.items():
            decl = self.built.get(key)
            if decl is not None:
                self.built[key] = replace(decl, request=view)
        packages = []
        for path in sorted({p for p, _ in self.built}):
            pkg = self.packages[path]
            decls = sorted((d for (p, _), d in self.built.items() if p == path and d is not None), key=lambda d: d.name)
            packages.append(Package(path=path, name=pkg.facts.name, dir=pkg.facts.dir, types=tuple(decls)))
        contract = Contract(module=self.facts.module_path, packages=tuple(packages), endpoints=endpoints, errors=catalogs)
        return contract, self.diagnostics + list(self.facts.diagnostics)

    def _drain(self) -> None:
        while self.queue:
            path, name = self.queue.pop()
            pkg = self.packages[path]
            self.built[(path, name)] = self._build_decl(pkg, pkg.decls[name])

    def _enqueue(self, pkg: _Pkg, name: str) -> None:
        key = (pkg.path, name)
        if key not in self.built:
            self.built[key] = None
            self.queue.append(key)

    @staticmethod
    def _is_constraint(decl: TypeDeclFact) -> bool:
        return isinstance(decl.type, InterfaceExpr) and bool(decl.type.terms)

    # --- declarations ---------------------------------------------------------------------------

    def _build_decl(self, pkg: _Pkg, fact: TypeDeclFact) -> TypeDecl | None:
        params = {p.name: TypeRef("param", name=p.name) for p in fact.params}
        scope = _Scope(pkg, fact.file, params)
        common = dict(
            name=fact.name,
            exported=fact.name[:1].isupper(),
            doc=fact.doc,
            position=fact.pos,
            params=tuple(TypeParam(p.name, self._constraint(p.constraint, scope)) for p in fact.params),
        )
        mapping = self.config.types.get(f"{pkg.path}.{fact.name}")
        if mapping is not None:
            return TypeDecl(kind="named", type=_mapped(mapping), **common)  # type: ignore[arg-type]
        marshaler = self._marshaler(pkg, fact.name)
        if marshaler == "time":  # an embedded time.Time's MarshalJSON is promoted: the struct is written as a time
            return TypeDecl(kind="named", type=TypeRef("string", format="date-time"), marshaler="json", **common)  # type: ignore[arg-type]
        if marshaler == "json":
            self._report(
                warning(
                    "CG102",
                    f"{fact.name} has a MarshalJSON method: its wire form is not visible in the source, so it is typed as unknown JSON",
                    fact.pos,
                    f'map it in contractgen.toml: [types] "{pkg.path}.{fact.name}" = "string" (or number, integer, boolean, date-time)',
                )
            )
            return TypeDecl(kind="named", type=UNKNOWN, marshaler="json", **common)  # type: ignore[arg-type]
        if marshaler == "text":
            return TypeDecl(kind="named", type=TypeRef("string"), marshaler="text", **common)  # type: ignore[arg-type]
        if self._is_constraint(fact) or self._kind(fact.type, scope) == "unsupported":
            return None  # a constraint, or `type HandlerFunc func(...)`: no JSON value has this type
        struct = self._underlying_struct(fact.type, scope) if not fact.alias else None
        if isinstance(fact.type, StructExpr) or struct is not None:
            struct_expr, struct_scope = (fact.type, scope) if isinstance(fact.type, StructExpr) else struct  # type: ignore[misc]
            fields = self._object_fields(struct_expr, struct_scope, (pkg.path, fact.name))
            return TypeDecl(kind="object", fields=fields, **common)  # type: ignore[arg-type]
        enum = None if fact.alias or fact.params else self._enum(pkg, fact, scope)
        if enum is not None:
            base, members = enum
            return TypeDecl(kind="enum", base=base, members=members, **common)  # type: ignore[arg-type]
        body = self.resolve(fact.type, scope) if fact.alias else self._underlying(fact.type, scope)
        return TypeDecl(kind="named", type=body, **common)  # type: ignore[arg-type]

    def _underlying(self, expr: TypeExpr, scope: _Scope, depth: int = 0) -> TypeRef:
        """The JSON of a type defined as `type X Y`: X has none of Y's methods, so it is written as
        Y's underlying type, not as Y (whose MarshalJSON, or enum constants, do not apply to X)."""
        if not isinstance(expr, NameExpr) or depth > 50:
            return self.resolve(expr, scope)
        if expr.qualifier is None and (expr.name in scope.params or expr.name not in scope.pkg.decls):
            return self.resolve(expr, scope)
        target = self._lookup(expr, scope, report=False)
        if target is None:
            key = self._external_key(expr, scope)
            if key is not None and key not in self.config.types and key in gotypes.WELL_KNOWN:
                return gotypes.WELL_KNOWN[key].defined
            return self.resolve(expr, scope)
        pkg, decl, decl_scope = target
        if isinstance(decl.type, (StructExpr, InterfaceExpr)):
            return self.resolve(decl.type, decl_scope)
        return self._underlying(decl.type, decl_scope, depth + 1)

    def _constraint(self, expr: TypeExpr | None, scope: _Scope) -> TypeRef | None:
        """A constraint narrows a parameter only when all its terms are strings, or all are numbers."""
        if expr is None:
            return None
        if isinstance(expr, NameExpr) and expr.qualifier is None and expr.name in scope.pkg.decls:
            decl = scope.pkg.decls[expr.name]
            return self._constraint(decl.type, _Scope(scope.pkg, decl.file)) if self._is_constraint(decl) else None
        terms = expr.terms if isinstance(expr, InterfaceExpr) else (expr,)
        if not terms:
            return None
        kinds = {self._kind(t, scope) for t in terms}
        if kinds <= {"string"}:
            return TypeRef("string")
        if kinds <= {"int", "uint"}:
            return TypeRef("integer")
        if kinds <= {"int", "uint", "float"}:
            return TypeRef("number")
        return None

    def _enum(self, pkg: _Pkg, fact: TypeDeclFact, scope: _Scope, report: bool = True) -> tuple[str, tuple[EnumMember, ...]] | None:
        kind = self._kind(fact.type, scope)
        if kind not in ("string", "int", "uint"):
            return None
        consts = [c for c in pkg.consts if c.type is not None and c.type.qualifier is None and c.type.name == fact.name]
        if not consts:
            return None
        unknown = [c for c in consts if c.value is None]
        if unknown and not report:
            return None
        if unknown:
            self._report(
                warning(
                    "CG103",
                    f"the value of {unknown[0].name} cannot be computed from the source, so {fact.name} is not typed as an enum",
                    unknown[0].pos,
                    "write the constant as a literal, iota expression or reference to another constant",
                )
            )
            return None
        base = "string" if kind == "string" else "integer"
        members = []
        for const in consts:
            value = _member_value(const.value, base)
            if value is None:
                if report:
                    self._report(error("CG104", f"{const.name} = {const.value!r} is not a valid {fact.name}", const.pos))
                return None
            members.append(EnumMember(const.name, value, const.doc, const.pos))
        return base, tuple(members)

    # --- objects --------------------------------------------------------------------------------

    def _object_fields(self, struct: StructExpr, scope: _Scope, identity: object) -> tuple[Field, ...]:
        found = wire_fields(struct, scope, identity, self._explore_embedded, self._is_exported_embedded)
        return tuple(self._field(f) for f in found if not self._always_omitted(f))

    def _always_omitted(self, found: FoundField) -> bool:
        """`[0]T` with omitempty or omitzero is always empty: the key is never written, so it is no part of the contract."""
        return (found.tag.omitempty or found.tag.omitzero) and self._kind(found.expr, found.scope) == "array0"

    def _field(self, found: FoundField) -> Field:
        scope: _Scope = found.scope
        expr = found.expr
        kind = self._kind(expr, scope)
        outer, self._field_context = self._field_context, found
        try:
            value = self.resolve(expr, scope)
        finally:
            self._field_context = outer
        if found.tag.string:
            value = self._quoted(expr, scope, value)
        if found.name == "__proto__":
            self._report(
                warning(
                    "CG107",
                    "the key __proto__ cannot be read as a property of a JavaScript object; the TypeScript contract leaves it out",
                    found.pos,
                    "rename the JSON key",
                )
            )
        optional = found.via_pointer
        if found.tag.omitzero or (found.tag.omitempty and (kind in _EMPTYABLE or kind == "param")):
            optional = True
            # The nil that would be written as null is left out instead.
            if found.tag.omitzero or kind in ("pointer", "slice", "map"):
                value = replace(value, nullable=self._nullable_below_top(expr, scope))
        return Field(
            name=found.name,
            type=value,
            optional=optional,
            doc=found.doc,
            position=found.pos,
            source_name=found.source_name,
        )

    def _nullable_below_top(self, expr: TypeExpr, scope: _Scope) -> bool:
        """Whether a value is null even when its own nil is omitted: `**T` still holds a nil *T."""
        if isinstance(expr, PointerExpr):
            return self.resolve(expr.elem, scope).nullable
        return False

    def _quoted(self, expr: TypeExpr, scope: _Scope, value: TypeRef) -> TypeRef:
        """`,string` applies to bool, numbers and strings, also behind one unnamed pointer."""
        target = expr.elem if isinstance(expr, PointerExpr) else expr
        kind = self._kind(target, scope)
        if kind not in _QUOTABLE or self._has_marshaler(target, scope):
            return value
        fmt = _QUOTABLE[kind]
        return TypeRef("string", nullable=value.nullable, format=fmt)  # type: ignore[arg-type]

    def _explore_embedded(self, expr: TypeExpr, scope: _Scope) -> EmbeddedStruct | None:
        inner = expr.elem if isinstance(expr, PointerExpr) else expr
        if not isinstance(inner, NameExpr):
            return None
        target = self._lookup(inner, scope, report=False)
        if target is None:
            if inner.qualifier is not None and self._external_key(inner, scope) not in gotypes.WELL_KNOWN:
                self._report(
                    warning(
                        "CG105",
                        f"embedded {inner.qualifier}.{inner.name} is from outside the module: its promoted fields cannot be seen",
                        inner.pos,
                        "declare the fields you need in the struct itself, or give the embedded field a json tag",
                    )
                )
            return None
        pkg, decl, decl_scope = target
        if self._marshaler(pkg, decl.name) is not None:
            return None
        if isinstance(decl.type, StructExpr):
            return EmbeddedStruct(decl.type, decl_scope, (pkg.path, decl.name, _args_key(decl_scope)))
        underlying = self._underlying_struct(decl.type, decl_scope)
        if underlying is None:
            return None
        return EmbeddedStruct(underlying[0], underlying[1], (pkg.path, decl.name, _args_key(decl_scope)))

    @staticmethod
    def _is_exported_embedded(expr: TypeExpr) -> bool:
        inner = expr.elem if isinstance(expr, PointerExpr) else expr
        return isinstance(inner, NameExpr) and (inner.qualifier is not None or inner.name[:1].isupper())

    # --- type expressions -----------------------------------------------------------------------

    def resolve(self, expr: TypeExpr, scope: _Scope) -> TypeRef:
        """The JSON value that a Go value of type `expr` becomes."""
        if isinstance(expr, NameExpr):
            return self._resolve_name(expr, scope)
        if isinstance(expr, PointerExpr):
            return replace(self.resolve(expr.elem, scope), nullable=True)
        if isinstance(expr, SliceExpr):
            nullable = self.config.nullable_collections
            if self._is_byte(expr.elem, scope):
                return TypeRef("string", format="base64", nullable=nullable)
            return TypeRef("array", items=self.resolve(expr.elem, scope), nullable=nullable)
        if isinstance(expr, ArrayExpr):
            return TypeRef("array", items=self.resolve(expr.elem, scope), length=self._array_length(expr, scope))
        if isinstance(expr, MapExpr):
            key = self._map_key(expr.key, scope)
            return TypeRef("map", key=key, values=self.resolve(expr.value, scope), nullable=self.config.nullable_collections)
        if isinstance(expr, StructExpr):
            return TypeRef("object", fields=self._object_fields(expr, scope, ("anonymous", expr.pos)))
        if isinstance(expr, InterfaceExpr):
            return UNKNOWN  # encoding/json writes the dynamic value, or null
        return self._unsupported(expr.kind, expr.text, expr.pos)

    def _unsupported(
        self, kind: str, text: str, pos: Position | None, code: str = "CG010", hint: str = 'exclude the field with `json:"-"`, or change its type'
    ) -> TypeRef:
        """A value encoding/json refuses (json.Marshal of its struct fails). An error in a field that a
        json tag declares serialised; a warning (CG013) in an untagged field, which is as likely a
        struct never sent as JSON (a server's config, a handler type); nothing for a declaration
        such as `type HandlerFunc func(*Context)`, which is simply no part of the contract."""
        found = self._field_context
        if found is None:
            return UNKNOWN
        message = f"encoding/json cannot marshal {text}{f' ({kind})' if kind else ''}: json.Marshal fails at run time on this field"
        if found.tagged or found.tag.string or found.tag.omitempty or found.tag.omitzero:
            self._report(error(code, message, pos, hint))
        else:
            self._report(warning("CG013", message + " (untagged: the struct may never be sent as JSON)", pos, hint))
        return UNKNOWN

    def _resolve_name(self, expr: NameExpr, scope: _Scope) -> TypeRef:
        if expr.qualifier is None:
            if expr.name in scope.params:
                return scope.params[expr.name]
            if expr.name not in scope.pkg.decls:
                basic = gotypes.basic(expr.name, self.config.goarch)
                if basic is not None:
                    return basic
                if expr.name in ("complex64", "complex128"):
                    return self._unsupported("complex", expr.name, expr.pos)
                if expr.name == "error":
                    return UNKNOWN
        target = self._lookup(expr, scope, report=True)
        if target is None:
            key = self._external_key(expr, scope)
            if key is not None and key in self.config.types:
                return _mapped(self.config.types[key])
            if key is not None and key in gotypes.WELL_KNOWN:
                return gotypes.WELL_KNOWN[key].json
            return UNKNOWN
        pkg, decl, decl_scope = target
        if self._kind(decl.type, decl_scope) == "unsupported" and self._marshaler(pkg, decl.name) is None:
            return self._unsupported("func, chan or complex", f"{decl.name}", expr.pos)
        # The arguments as bound by the lookup: through an alias (`type R = Result[User]`) they are the alias's.
        args = tuple(decl_scope.params.get(p.name, UNKNOWN) for p in decl.params)
        self._enqueue(pkg, decl.name)
        return TypeRef("ref", package=pkg.path, name=decl.name, args=args, nullable=self._decl_nullable(pkg, decl))

    def _external_key(self, expr: NameExpr, scope: _Scope) -> str | None:
        if expr.qualifier is None:
            return None
        path = self._import_path(scope, expr.qualifier)
        return f"{path}.{expr.name}" if path else None

    def _lookup(self, expr: NameExpr, scope: _Scope, report: bool) -> tuple[_Pkg, TypeDeclFact, _Scope] | None:
        """The module declaration a name refers to, with the scope its body resolves in (arguments bound)."""
        if expr.qualifier is None:
            pkg = scope.pkg
        else:
            path = self._import_path(scope, expr.qualifier)
            if path is None:
                if report:
                    self._report(
                        error("CG106", f"{expr.qualifier}.{expr.name}: no import of {expr.qualifier!r} in this file", expr.pos)
                    )
                return None
            key = f"{path}.{expr.name}"
            if key in self.config.types or key in gotypes.WELL_KNOWN or path not in self.packages:
                if report and key not in self.config.types and key not in gotypes.WELL_KNOWN:
                    self._report(
                        warning(
                            "CG100",
                            f"{key} is from outside the module; it is typed as unknown JSON",
                            expr.pos,
                            f'map it in contractgen.toml: [types] "{key}" = "string" (or number, integer, boolean, date-time, base64, unknown)',
                        )
                    )
                return None
            pkg = self.packages[path]
        decl = pkg.decls.get(expr.name)
        if decl is None:
            if report:
                self._report(
                    warning(
                        "CG101",
                        f"type {expr.name} is not declared in package {pkg.facts.name} (for this platform); typed as unknown JSON",
                        expr.pos,
                        "check the name, or the [build] goos/goarch/tags in contractgen.toml",
                    )
                )
            return None
        if decl.alias and not decl.params:
            # An alias is the aliased type itself: resolve through it, in the alias's own file.
            aliased = decl.type
            if isinstance(aliased, NameExpr):
                found = self._lookup(aliased, _Scope(pkg, decl.file), report)
                if found is not None:
                    return found
        self._quiet += 0 if report else 1
        try:
            args = tuple(self.resolve(a, scope) for a in expr.args)
        finally:
            self._quiet -= 0 if report else 1
        bound = {p.name: (args[i] if i < len(args) else UNKNOWN) for i, p in enumerate(decl.params)}
        return pkg, decl, _Scope(pkg, decl.file, bound)

def _member_value(value: object, base: str) -> str | int | None:
    """A constant's value as an enum member of `base`, or None when it is of another kind
    (a float constant with an integral value, such as `1e3`, is a valid integer)."""
    if base == "string":
        return value if isinstance(value, str) else None
    if isinstance(value, bool) or isinstance(value, str):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    return value if isinstance(value, int) else None


def _mapped(mapping: TypeMapping) -> TypeRef:
    return replace(_MAPPING_REFS[mapping.type], nullable=mapping.nullable)
