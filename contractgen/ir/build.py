"""Stage 2: ModuleFacts -> Contract, applying what encoding/json really does to each Go type.

Every exported type of the selected packages becomes a declaration, and so does every type they
reach (unexported, from other packages of the module, or from its dependencies). Types from outside
the module are mapped by [types] in contractgen.toml, by the well-known table, or read from their
source on this machine (contractgen/deps); when it is not there, they are `unknown` with a warning.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from contractgen.config import MAPPING_TYPES, Config
from contractgen.deps import Dependencies, is_standard_path
from contractgen.diagnostics import Diagnostic, Position, error, warning
from contractgen.ir import gotypes
from contractgen.ir.addressable import AddressDependence, variant_base, variant_name
from contractgen.ir.fields import EmbeddedStruct, FoundField, UnseenEmbedded, wire_fields
from contractgen.ir.kinds import KNOWN_PREFIX, UNKNOWN, GoTypeQueries, mapped_ref
from contractgen.ir.model import Contract, EnumMember, Field, Instantiation, Package, TypeDecl, TypeParam, TypeRef
from contractgen.ir.instances import find_instance, instance_doc, instance_name, writes_byte_slice
from contractgen.ir.scope import args_key, consts_of_other_packages, DependencyPkg, Pkg, Scope
from contractgen.scan.facts import (
    ArrayExpr,
    ConstFact,
    InterfaceExpr,
    MapExpr,
    MethodFact,
    ModuleFacts,
    NameExpr,
    PackageFacts,
    PointerExpr,
    SliceExpr,
    StructExpr,
    TypeDeclFact,
    TypeExpr,
)

if TYPE_CHECKING:
    from contractgen.ir.incremental import IrMemo



# Kind families, as reflect.Kind matters to omitempty and `,string`.
_EMPTYABLE = {"bool", "int", "uint", "float", "string", "pointer", "interface", "slice", "map", "array0"}
_QUOTABLE = {"bool": "boolean", "int": "integer", "uint": "integer", "float": "number", "string": "json-string"}


def prepare() -> None:
    """The modules `build_contract` loads on first use (the endpoints' and requests' builders),
    loaded ahead: a one-shot run does it while a forked child scans."""
    import contractgen.ir.endpoints  # noqa: F401
    import contractgen.ir.requests  # noqa: F401


def build_contract(
    facts: ModuleFacts,
    config: Config,
    selected: list[str] | None = None,
    no_type_roots: frozenset[str] = frozenset(),
    dependencies: Dependencies | None = None,
    memo: IrMemo | None = None,
) -> tuple[Contract, list[Diagnostic]]:
    """`selected`: import paths whose endpoints, error catalogs and exported types are the roots
    (default: every package); `no_type_roots`: those of them whose exported types are not roots;
    `dependencies`: where packages from outside the module are read (default: this machine's, for
    the module at facts.root and the configured platform); `memo`: the declarations of the last
    build of a watch session, reused where the change cannot reach them (contractgen/ir/incremental.py)."""
    if dependencies is None:
        from contractgen.scan.buildtags import Platform

        dependencies = Dependencies(Path(facts.root), Platform(config.goos, config.goarch, frozenset(config.build_tags)))
    if memo is not None:
        memo.begin(facts, config)
    contract, diagnostics = _Builder(facts, config, dependencies, memo).build(selected, no_type_roots)
    if memo is not None:
        memo.commit()
    return contract, diagnostics


class _Builder(GoTypeQueries):
    def __init__(self, facts: ModuleFacts, config: Config, dependencies: Dependencies, memo: IrMemo | None = None) -> None:
        self.memo = memo
        # What the declaration being built reaches and reads from outside the module: recorded for the memo.
        self._reached: set[tuple[str, str]] | None = None
        # (import path, imported by a standard library file) from outside the module, asked for by this build.
        self.outside: set[tuple[str, bool]] = set()
        self.facts = facts
        self.config = config
        self.deps = dependencies
        self.diagnostics: list[Diagnostic] = []
        self._quiet = 0  # > 0 while looking at types only to learn their kind: no diagnostics then
        self.packages: dict[str, Pkg] = {}
        for package in facts.packages:
            self.packages[package.import_path] = self._index(package)
        self.own_packages = frozenset(self.packages)
        self.queue: list[tuple[str, str]] = []
        self.built: dict[tuple[str, str], TypeDecl | None] = {}
        self._nullable_cache: dict[tuple[str, str], bool] = {}
        self._marshaler_cache: dict[tuple[str, str], dict[str, tuple[int, bool, str | None]]] = {}
        # Whether the value being resolved is addressable (encoding/json then also uses pointer-receiver
        # marshalers): a pointer's target or a slice element is; a map value is not; a field or an array
        # element is when its container is; None: it depends on how the declaration's value is passed
        # (json.Marshal(v): not; json.Marshal(&v): yes), and the contract assumes by value.
        self._addressable: bool | None = None
        self.decoding = False  # resolving what the decoder fills (decoding_values)
        self._address_dependence = AddressDependence(
            lambda expr, scope: self._lookup(expr, scope, report=False), self._marshalers_by_address, self._underlying_struct
        )
        # The type parameters of the declaration being built, with their constraints (for `,string`).
        self._constraints: dict[str, TypeRef | None] = {}
        self._imports_cache: dict[tuple[str, str], dict[str, str]] = {}
        self._field_context: FoundField | None = None  # the struct field being resolved, if any
        self._unavailable: set[str] = set()  # import paths whose source is not on this machine
        self._consts_elsewhere: dict[tuple[str, str], list[ConstFact]] | None = None

    # --- indexing -------------------------------------------------------------------------------

    def _report(self, diagnostic: Diagnostic) -> None:
        if not self._quiet:
            self.diagnostics.append(diagnostic)

    def _index(self, package: PackageFacts) -> Pkg:
        """A package of the module, its declarations by name (a dependency's is read by name: DependencyPkg)."""
        decls: dict[str, TypeDeclFact] = {}
        consts: list[ConstFact] = []
        const_values: dict[str, object] = {}
        methods: dict[str, dict[str, MethodFact]] = {}
        for file in package.files:
            self.diagnostics.extend(file.diagnostics)
            for decl in file.types:
                if decl.name in decls:
                    first = decls[decl.name]
                    self._report(
                        error(
                            "CG004",
                            f"{decl.name} redeclared in package {package.name} (first declared at {first.pos})",
                            decl.pos,
                            "if the files are for different platforms, set [build] goos/goarch/tags in contractgen.toml",
                        )
                    )
                    continue
                decls[decl.name] = decl
            consts.extend(file.consts)
            for const in file.consts:
                if const.value is not None:
                    const_values[const.name] = const.value
            for method in file.methods:
                methods.setdefault(method.receiver, {})[method.name] = method
        return Pkg(package, decls, consts, const_values, methods)

    def _import_path(self, scope: Scope, alias: str) -> str | None:
        imports = self._file_imports(scope.pkg, scope.file)
        found = imports.get(alias)
        if found is None:
            found = self._import_by_package_name(scope, alias)
            if found is not None:
                imports[alias] = found
        return found

    def _import_by_package_name(self, scope: Scope, alias: str) -> str | None:
        """An unaliased import whose package name is not the one its path suggests (`gopkg.in/yaml.v3`
        is package yaml, `github.com/mattn/go-isatty` isatty): read the imported packages to learn their names."""
        facts = scope.pkg.file_facts(scope.file)
        for imp in facts.imports if facts is not None else ():
            if imp.alias is None:
                pkg = self._package(imp.path, scope.pkg)
                if pkg is not None and pkg.facts.name == alias:
                    return imp.path
        return None

    def _package(self, path: str, importer: Pkg | None = None) -> Pkg | None:
        """A package of the module, or a dependency read on first use; None when it cannot be seen."""
        pkg = self.packages.get(path)
        if path in self.own_packages:
            return pkg
        from_standard = importer is not None and importer.path not in self.own_packages and is_standard_path(importer.path)
        self.outside.add((path, from_standard))
        return pkg if pkg is not None else self._outside_package(path, from_standard)

    def _outside_package(self, path: str, from_standard: bool) -> Pkg | None:
        pkg = self.packages.get(path)
        if pkg is None and path not in self._unavailable:
            facts = self.deps.package(path, from_standard)
            if facts is None:
                self._unavailable.add(path)
                return None
            pkg = self.packages[path] = DependencyPkg(facts)
        return pkg

    def _file_imports(self, pkg: Pkg, file: str) -> dict[str, str]:
        """A file's import names: explicit aliases, and unaliased imports by the imported package's
        own name. Built once per file (resolution asks for it for every qualified name)."""
        key = (pkg.path, file)
        found = self._imports_cache.get(key)
        if found is None:
            found = {}
            facts = pkg.file_facts(file)
            for imp in facts.imports if facts is not None else ():
                if imp.alias is None:
                    found.setdefault(self._package_name(imp.path), imp.path)
            found.update((imp.alias, imp.path) for imp in (facts.imports if facts is not None else ()) if imp.alias is not None)
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
                self.built[key] = replace(decl, request=view) if self.memo is None else self.memo.with_request(key, decl, view)
        packages = []
        by_package: dict[str, list[TypeDecl]] = {}
        for (path, _), decl in self.built.items():
            if decl is not None:
                by_package.setdefault(path, []).append(decl)
        for path in sorted({p for p, _ in self.built}):
            pkg = self.packages[path]
            decls = sorted(by_package.get(path, ()), key=lambda d: d.name)
            package = Package(path=path, name=pkg.facts.name, dir=pkg.facts.dir, types=tuple(decls))
            packages.append(package if self.memo is None else self.memo.package(package))
        contract = Contract(module=self.facts.module_path, packages=tuple(packages), endpoints=endpoints, errors=catalogs)
        # A watch session keeps its Dependencies between builds: only what this build asked for is missing.
        missing = self.deps.missing({path for path, _ in self.outside} if self.memo is not None else None)
        return contract, self.diagnostics + list(self.facts.diagnostics) + missing

    def _drain(self) -> None:
        while self.queue:
            path, name = self.queue.pop()
            self.built[(path, name)] = self._declaration(self.packages[path], name)

    def _declaration(self, pkg: Pkg, name: str) -> TypeDecl | None:
        """One declaration: built, or with a memo, the last build's where the change cannot reach it,
        replaying what building it did to this build (the types it reached, its diagnostics, the
        packages it read from outside the module)."""
        if self.memo is None:
            return self._build_named(pkg, name)
        kept = self.memo.reusable((pkg.path, name))
        if kept is not None:
            for path, from_standard in sorted(kept.outside):
                self._outside_package(path, from_standard)
            self.outside |= kept.outside
            for path, reached in sorted(kept.reaches):
                self._enqueue(self.packages[path], reached)
            self.diagnostics.extend(kept.diagnostics)
            return kept.decl
        first, outside_before = len(self.diagnostics), set(self.outside)
        self._reached, self.outside = set(), set()
        try:
            decl = self._build_named(pkg, name)
        finally:
            reaches, read_outside = self._reached, self.outside
            self._reached, self.outside = None, outside_before | read_outside
        return self.memo.keep((pkg.path, name), decl, reaches, read_outside, self.diagnostics[first:])

    def _enqueue(self, pkg: Pkg, name: str) -> None:
        key = (pkg.path, name)
        if self._reached is not None:
            self._reached.add(key)
        if key not in self.built:
            self.built[key] = None
            self.queue.append(key)

    @staticmethod
    def _is_constraint(decl: TypeDeclFact) -> bool:
        return isinstance(decl.type, InterfaceExpr) and bool(decl.type.terms)

    # --- declarations ---------------------------------------------------------------------------

    def declaration_source(self, key: tuple[str, str]) -> tuple[TypeDeclFact, frozenset[str]]:
        """The Go declaration a contract declaration is made from, and the parameters its instantiation
        binds to byte types (none but for a byte instance)."""
        pkg = self.packages[key[0]]
        fact = pkg.decls.get(key[1])
        if fact is not None:
            return fact, frozenset()
        base = variant_base(key[1], pkg.decls)
        if base is not None:
            return pkg.decls[base], frozenset()
        instance = find_instance(pkg.decls, key[1])
        assert instance is not None, key
        return pkg.decls[instance.base], instance.byte_params

    def _build_named(self, pkg: Pkg, name: str) -> TypeDecl | None:
        base = variant_base(name, pkg.decls)
        if base is not None:
            return self._build_addressable_variant(pkg, pkg.decls[base], name)
        fact, byte_params = self.declaration_source((pkg.path, name))
        decl = self._build_decl(pkg, fact, byte_params)
        if decl is None or not byte_params:
            return decl
        instantiates = Instantiation(fact.name, tuple(p.name for p in fact.params if p.name in byte_params))
        return replace(decl, name=name, doc=instance_doc(decl.doc, fact, byte_params), instantiates=instantiates)

    def _build_addressable_variant(self, pkg: Pkg, fact: TypeDeclFact, name: str) -> TypeDecl | None:
        """`fact` as encoding/json writes it where its value is addressable (contractgen/ir/addressable.py)."""
        outer, self._addressable = self._addressable, True
        try:
            decl = self._build_decl(pkg, fact)
        finally:
            self._addressable = outer
        if decl is None:
            return None
        note = (
            f"{fact.name} as encoding/json writes it where the value is addressable (a slice element, a pointer's "
            "target, a field of either): the pointer-receiver marshalers of its fields apply."
        )
        doc = f"{decl.doc.rstrip()}\n\n{note}" if decl.doc.strip() else note
        return replace(decl, name=name, doc=doc, addressable_of=fact.name)

    @contextmanager
    def decoding_values(self) -> Iterator[None]:
        """While the request side resolves what the decoder fills: every value is addressable there
        (reflect.New, a map value's copy too)."""
        outer, self.decoding = self.decoding, True
        try:
            yield
        finally:
            self.decoding = outer

    def _instance(self, pkg: Pkg, fact: TypeDeclFact, scope: Scope) -> str:
        """The contract name of `fact` as instantiated in `scope`: its own, or a byte instance's."""
        if not scope.byte_params or self._marshaler(pkg, fact.name, addressable=True) is not None:
            return fact.name
        if not writes_byte_slice(fact.type, scope, lambda e, s: self._lookup(e, s, report=False)):
            return fact.name
        return instance_name(fact, scope.byte_params, pkg.decls)

    def _build_decl(self, pkg: Pkg, fact: TypeDeclFact, byte_params: frozenset[str] = frozenset()) -> TypeDecl | None:
        params = {p.name: TypeRef("param", name=p.name) for p in fact.params}
        scope = Scope(pkg, fact.file, params, byte_params)
        type_params = tuple(TypeParam(p.name, self._constraint(p.constraint, scope)) for p in fact.params)
        outer, self._constraints = self._constraints, {p.name: p.constraint for p in type_params}
        try:
            decl = self._build_decl_in(pkg, fact, scope, type_params)
        finally:
            self._constraints = outer
        for directive in fact.directives:
            if directive.name == "always-set" and (decl is None or decl.kind != "enum"):
                self._report(
                    warning(
                        "CG307",
                        f"//contractgen:always-set has no meaning on {fact.name}, which is not an enum (a named string or integer type with constants); it is ignored",
                        directive.pos,
                    )
                )
        return decl

    def _build_decl_in(self, pkg: Pkg, fact: TypeDeclFact, scope: Scope, type_params: tuple[TypeParam, ...]) -> TypeDecl | None:
        common = dict(
            name=fact.name,
            exported=fact.name[:1].isupper(),
            doc=fact.doc,
            position=fact.pos,
            params=type_params,
        )
        mapping = self.config.types.get(f"{pkg.path}.{fact.name}")
        if mapping is not None:
            return TypeDecl(kind="named", type=_mapped(mapping), **common)  # type: ignore[arg-type]
        known = gotypes.WELL_KNOWN.get(f"{pkg.path}.{fact.name}")
        if known is not None:  # named from inside its own package (gorm.Model's DeletedAt)
            return TypeDecl(kind="named", type=known.json, marshaler="json" if known.marshaler else None, **common)  # type: ignore[arg-type]
        marshaler = self._marshaler(pkg, fact.name)
        if marshaler is not None and marshaler.startswith(KNOWN_PREFIX):  # promoted from an embedded uuid.UUID, metav1.Time ...
            wire = self.external_wire(marshaler[len(KNOWN_PREFIX) :])
            assert wire is not None
            return TypeDecl(kind="named", type=wire, marshaler="json", **common)  # type: ignore[arg-type]
        if marshaler == "time":  # an embedded time.Time's MarshalJSON is promoted: the struct is written as a time
            return TypeDecl(kind="named", type=TypeRef("string", format="date-time"), marshaler="json", **common)  # type: ignore[arg-type]
        if marshaler == "json":
            self._report(
                warning(
                    "CG102",
                    f"{fact.name} has a MarshalJSON method: its wire form is not visible in the source, so it is typed as unknown JSON",
                    fact.pos,
                    _marshal_json_hint(f"{pkg.path}.{fact.name}", self._kind(fact.type, scope)),
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
            fields, open_ = self._object_fields(struct_expr, struct_scope, (pkg.path, fact.name))
            if open_:
                common["doc"] = _with_open_note(fact.doc)
            return TypeDecl(kind="object", fields=fields, open=open_, **common)  # type: ignore[arg-type]
        enum = None if fact.alias or fact.params else self._enum(pkg, fact, scope)
        if enum is not None and enum[0] == "integer" and _is_bit_set(self._enum_consts(pkg, fact.name)):
            # A bit set (`PermRead Perm = 1 << iota`, `PermAll = PermRead | PermWrite`): encoding/json
            # writes whatever integer a value holds, and OR-ed flags are the point of such a type. Any
            # integer of the type, then; the constants name its flags.
            return TypeDecl(kind="named", type=self._underlying(fact.type, scope), members=enum[1], **common)  # type: ignore[arg-type]
        if enum is not None:
            base, members = enum
            zero = self._zero_is_sent(pkg, fact, base, members)
            return TypeDecl(kind="enum", base=base, members=members, zero=zero, **common)  # type: ignore[arg-type]
        body = self.resolve(fact.type, scope) if fact.alias else self._underlying(fact.type, scope)
        return TypeDecl(kind="named", type=body, **common)  # type: ignore[arg-type]

    def _underlying(self, expr: TypeExpr, scope: Scope, depth: int = 0) -> TypeRef:
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

    def _constraint(self, expr: TypeExpr | None, scope: Scope) -> TypeRef | None:
        """A constraint narrows a parameter only when all its terms are strings, or all are numbers."""
        if expr is None:
            return None
        if isinstance(expr, NameExpr) and expr.qualifier is None and expr.name in scope.pkg.decls:
            decl = scope.pkg.decls[expr.name]
            return self._constraint(decl.type, Scope(scope.pkg, decl.file)) if self._is_constraint(decl) else None
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

    def _zero_is_sent(self, pkg: Pkg, fact: TypeDeclFact, base: str, members: tuple[EnumMember, ...]) -> bool:
        """Whether a value of the enum may be its zero value, which no member has: encoding/json writes
        "" (or 0) for every field nobody set (19 of the 66 enum-typed fields that kubernetes' Pod,
        Deployment and Service reach are written without omitempty: README), so it is, unless the
        user has said the type is always set."""
        zero: str | int = "" if base == "string" else 0
        if any(m.value == zero for m in members):
            return False
        if self.config.enum_zero == "reject" or f"{pkg.path}.{fact.name}" in self.config.always_set:
            return False
        return not any(d.name == "always-set" for d in fact.directives)

    def _enum_consts(self, pkg: Pkg, name: str) -> list[ConstFact]:
        """The constants of type `name`, also those declared with an alias of it in the module's own
        package (`type State = Status; const StateClosed State = "closed"` is a Status), in source order."""
        consts = pkg.consts_of(name)
        if pkg.path not in self.own_packages:
            return consts  # a dependency's aliases would need all of its files read
        aliased = [c for alias in pkg.aliases_of(name) for c in pkg.consts_of(alias)]
        elsewhere = self._declared_elsewhere().get((pkg.path, name), [])
        if not aliased and not elsewhere:
            return consts
        return sorted(consts + aliased, key=_source_order) + elsewhere

    def _file_package_name(self, file: str) -> str:
        return next(f.package for path in sorted(self.own_packages) for f in self.packages[path].facts.files if f.path == file)

    def _declared_elsewhere(self) -> dict[tuple[str, str], list[ConstFact]]:
        """The constants of a module package's type declared in the module's other packages, by
        (import path, type name): encoding/json sends `plugins.KindPlugin` as the `api.Kind` it is."""
        if self._consts_elsewhere is None:
            own = [self.packages[path] for path in sorted(self.own_packages)]  # self.packages gains the dependencies read
            names = {pkg.path: pkg.facts.name for pkg in own}
            found: dict[tuple[str, str], list[ConstFact]] = {}
            for pkg in own:
                assert isinstance(pkg.facts, PackageFacts)
                for path, const in consts_of_other_packages(pkg.facts, names):
                    assert const.type is not None
                    found.setdefault((path, const.type.name), []).append(const)
            for (path, type_name), consts in found.items():
                # Members are named as Go names the constants; one whose name the type's package (or
                # an earlier package) already gives a constant is named with its package: `plugins.KindA`.
                target = self.packages[path]
                taken = {c.name for c in target.consts_of(type_name)} | {c.name for a in target.aliases_of(type_name) for c in target.consts_of(a)}
                for index, const in enumerate(sorted(consts, key=_source_order)):
                    if const.name in taken:
                        const = replace(const, name=f"{self._file_package_name(const.file)}.{const.name}")
                    taken.add(const.name)
                    consts[index] = const
            self._consts_elsewhere = found
        return self._consts_elsewhere

    def _enum(self, pkg: Pkg, fact: TypeDeclFact, scope: Scope, report: bool = True) -> tuple[str, tuple[EnumMember, ...]] | None:
        kind = self._kind(fact.type, scope)
        if kind not in ("string", "int", "uint"):
            return None
        consts = self._enum_consts(pkg, fact.name)
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
                    self._report(
                        error(
                            "CG104",
                            f"{const.name} = {const.value!r} is not a valid {fact.name}",
                            const.pos,
                            f"{fact.name}'s constants are {base}s: give {const.name} a {base} value, or a type other than {fact.name}",
                        )
                    )
                return None
            members.append(EnumMember(const.name, value, const.doc, const.pos))
        return base, tuple(members)

    # --- objects --------------------------------------------------------------------------------

    def _object_fields(self, struct: StructExpr, scope: Scope, identity: object) -> tuple[tuple[Field, ...], bool]:
        """The keys of a struct, and whether it is open (an embedded type it promotes from cannot be seen).
        An unseen type embedded at depth d may promote a field that hides a key found at depth d + 1 or
        deeper (by being shallower, or by clashing at the same depth), so those keys are optional."""
        unseen: list[int] = []
        found = wire_fields(struct, scope, identity, self._explore_embedded, self._is_exported_embedded, unseen)
        fields = tuple(self._field(f) for f in found if not self._always_omitted(f))
        if not unseen:
            return fields, False
        shallowest = min(unseen)
        hidden = {f.source_name for f in found if len(f.index) > shallowest}
        return tuple(replace(f, optional=True) if f.source_name in hidden else f for f in fields), True

    def _always_omitted(self, found: FoundField) -> bool:
        """`[0]T` with omitempty or omitzero is always empty: the key is never written, so it is no part of the contract."""
        return (found.tag.omitempty or found.tag.omitzero) and self._kind(found.expr, found.scope) == "array0"

    def _field(self, found: FoundField) -> Field:
        scope: Scope = found.scope
        expr = found.expr
        kind = self._kind(expr, scope)
        outer, self._field_context = self._field_context, found
        try:
            # A field promoted through an embedded pointer is a field of that pointer's target: addressable.
            value = self._resolve_at(expr, scope, True) if found.via_pointer or self.decoding else self.resolve(expr, scope)
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
        if found.tag.omitempty and kind in ("string", "int", "uint") and value.kind == "ref" and not self._has_marshaler(expr, scope):
            # isEmptyValue goes by the kind alone: "" and 0 are never written here (an enum's zero is
            # what a non-omitempty field sends; omitzero would ask an IsZero method first).
            value = replace(value, never_zero=True)
        optional = found.via_pointer
        if found.tag.omitzero or (found.tag.omitempty and (kind in _EMPTYABLE or kind == "param")):
            optional = True
            # The nil that would be written as null is left out instead.
            if found.tag.omitzero or kind in ("pointer", "slice", "map"):
                value = _with_nullable(value, self._nullable_below_top(expr, scope))
        return Field(
            name=found.name,
            type=value,
            optional=optional,
            doc=found.doc,
            position=found.pos,
            source_name=found.source_name,
        )

    def _nullable_below_top(self, expr: TypeExpr, scope: Scope) -> bool:
        """Whether a value is null even when its own nil is omitted: `**T` still holds a nil *T."""
        if isinstance(expr, PointerExpr):
            return self.resolve(expr.elem, scope).nullable
        return False

    def _quoted(self, expr: TypeExpr, scope: Scope, value: TypeRef) -> TypeRef:
        """`,string` applies to bool, numbers and strings, also behind one unnamed pointer."""
        target = expr.elem if isinstance(expr, PointerExpr) else expr
        kind = self._kind(target, scope)
        if kind == "param" and isinstance(target, NameExpr):
            # encoding/json decides per instantiation: a constraint of numbers or strings says what every
            # instantiation is; without one, T may be quoted (bool, numbers, strings) or not.
            constraint = self._constraints.get(target.name)
            if constraint is None:
                return UNKNOWN
            fmt = {"integer": "integer", "number": "number", "string": "json-string"}.get(constraint.kind)
            return TypeRef("string", nullable=value.nullable, format=fmt)  # type: ignore[arg-type]
        if kind not in _QUOTABLE or self._has_marshaler(target, scope):
            return value
        # json.Number is of a string kind but written as a number: `,string` puts that number in quotes.
        fmt = "number" if kind == "string" and value.kind == "number" else _QUOTABLE[kind]
        return TypeRef("string", nullable=value.nullable, format=fmt)  # type: ignore[arg-type]

    def _explore_embedded(self, expr: TypeExpr, scope: Scope) -> EmbeddedStruct | UnseenEmbedded | None:
        inner = expr.elem if isinstance(expr, PointerExpr) else expr
        if not isinstance(inner, NameExpr):
            return None
        target = self._lookup(inner, scope, report=False)
        if target is None:
            key = self._external_key(inner, scope)
            if inner.qualifier is None or key is None or key in gotypes.WELL_KNOWN:
                return None
            mapping = self.config.types.get(key)
            if mapping is not None and mapping.type != "object":
                return None  # mapped to a value: its marshaler is promoted, the struct is written as that value
            if mapping is None:
                self._report(
                    warning(
                        "CG105",
                        f"the source of embedded {key} is not on this machine: the keys it promotes are unknown, "
                        "so the object accepts any further keys and the keys that it could hide are optional",
                        inner.pos,
                        "make its module's source available (`go mod download`), give the embedded field a json tag, "
                        f'or say what it is in contractgen.toml: [types] "{key}" = "object"',
                    )
                )
            return UnseenEmbedded(inner.name)
        pkg, decl, decl_scope = target
        # No marshaler check: encoding/json's typeFields explores every untagged embedded struct; one
        # whose marshaler is promoted made the outer type a marshaler before its fields were asked for.
        if isinstance(decl.type, StructExpr):
            return EmbeddedStruct(decl.type, decl_scope, (pkg.path, decl.name, args_key(decl_scope)))
        underlying = self._underlying_struct(decl.type, decl_scope)
        if underlying is None:
            return None
        return EmbeddedStruct(underlying[0], underlying[1], (pkg.path, decl.name, args_key(decl_scope)))

    @staticmethod
    def _is_exported_embedded(expr: TypeExpr) -> bool:
        inner = expr.elem if isinstance(expr, PointerExpr) else expr
        return isinstance(inner, NameExpr) and (inner.qualifier is not None or inner.name[:1].isupper())

    # --- type expressions -----------------------------------------------------------------------

    def resolve(self, expr: TypeExpr, scope: Scope) -> TypeRef:
        """The JSON value that a Go value of type `expr` becomes."""
        if isinstance(expr, NameExpr):
            return self._resolve_name(expr, scope)
        if isinstance(expr, PointerExpr):
            return _with_nullable(self._resolve_at(expr.elem, scope, True), True)
        if isinstance(expr, SliceExpr):
            nullable = self.config.nullable_collections
            if self._is_byte(expr.elem, scope):
                return TypeRef("string", format="base64", nullable=nullable)
            return TypeRef("array", items=self._resolve_at(expr.elem, scope, True), nullable=nullable)
        if isinstance(expr, ArrayExpr):
            return TypeRef("array", items=self.resolve(expr.elem, scope), length=self._array_length(expr, scope))
        if isinstance(expr, MapExpr):
            key = self._map_key(expr.key, scope)
            return TypeRef("map", key=key, values=self._resolve_at(expr.value, scope, False), nullable=self.config.nullable_collections)
        if isinstance(expr, StructExpr):
            fields, open_ = self._object_fields(expr, scope, ("anonymous", expr.pos))
            return TypeRef("object", fields=fields, open=open_)
        if isinstance(expr, InterfaceExpr):
            return UNKNOWN  # encoding/json writes the dynamic value, or null
        return self._unsupported(expr.kind, expr.text, expr.pos)

    def resolve_addressable(self, expr: TypeExpr, scope: Scope) -> TypeRef:
        """The JSON of an addressable value of type `expr` (what a handler writes as `&v`)."""
        return self._resolve_at(expr, scope, True)

    def _resolve_at(self, expr: TypeExpr, scope: Scope, addressable: bool | None) -> TypeRef:
        outer, self._addressable = self._addressable, True if self.decoding else addressable
        try:
            return self.resolve(expr, scope)
        finally:
            self._addressable = outer

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

    def _resolve_name(self, expr: NameExpr, scope: Scope) -> TypeRef:
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
        if self._is_constraint(decl):
            # No value has a constraint's type, so an interface listing types here embeds interfaces
            # (`interface{ Reader; Closer }`): encoding/json writes the dynamic value. (Its declaration
            # is not built, so no ref may name it.)
            return UNKNOWN
        if self._kind(decl.type, decl_scope) == "unsupported" and self._marshaler(pkg, decl.name, True) is None:
            return self._unsupported("func, chan or complex", f"{decl.name}", expr.pos)
        by_address = self._marshaler(pkg, decl.name, addressable=True)
        if by_address != self._marshaler(pkg, decl.name) and f"{pkg.path}.{decl.name}" not in self.config.types:
            # A pointer-receiver marshaler: the declaration describes the value without it (json.Marshal(v)).
            if self._addressable:
                return _MARSHALED.get(by_address or "", UNKNOWN)
            if self._addressable is None:
                self._report_address_dependent(decl.name, expr.pos)
        # The arguments as bound by the lookup: through an alias (`type R = Result[User]`) they are the alias's.
        args = tuple(decl_scope.params.get(p.name, UNKNOWN) for p in decl.params)
        name = self._instance(pkg, decl, decl_scope)
        if self._addressable and name == decl.name and self._address_dependence.of(decl, decl_scope):
            name = variant_name(decl.name, pkg.decls)  # its fields' pointer-receiver marshalers apply here
        self._enqueue(pkg, name)
        return TypeRef("ref", package=pkg.path, name=name, args=args, nullable=self._decl_nullable(pkg, decl))

    def _marshalers_by_address(self, pkg: Pkg, name: str) -> tuple[str | None, str | None]:
        """The marshaler of a value of the type when it is not addressable, and when it is; none for a mapped type."""
        if f"{pkg.path}.{name}" in self.config.types:
            return None, None
        return self._marshaler(pkg, name), self._marshaler(pkg, name, addressable=True)

    def _report_address_dependent(self, name: str, pos: Position | None) -> None:
        found = self._field_context
        if found is None:
            return
        self._report(
            warning(
                "CG108",
                f"{name} has a pointer-receiver marshaler: encoding/json uses it only when this value is addressable "
                f"(json.Marshal(&v), an element of a slice), not for json.Marshal(v); the contract assumes the latter",
                pos,
                f"give {name}'s method a value receiver, or make the field a *{name}",
            )
        )

    def _external_key(self, expr: NameExpr, scope: Scope) -> str | None:
        if expr.qualifier is None:
            return None
        path = self._import_path(scope, expr.qualifier)
        return f"{path}.{expr.name}" if path else None

    def _lookup(self, expr: NameExpr, scope: Scope, report: bool) -> tuple[Pkg, TypeDeclFact, Scope] | None:
        """The module declaration a name refers to, with the scope its body resolves in (arguments bound)."""
        if expr.qualifier is None:
            pkg = scope.pkg
        else:
            path = self._import_path(scope, expr.qualifier)
            if path is None:
                if report:
                    self._report(
                        error(
                            "CG106",
                            f"{expr.qualifier}.{expr.name}: no import of {expr.qualifier!r} in this file",
                            expr.pos,
                            f"import the package named {expr.qualifier} in this file (the file does not compile without it), or fix the qualifier",
                        )
                    )
                return None
            key = f"{path}.{expr.name}"
            if key in self.config.types or key in gotypes.WELL_KNOWN:
                return None
            found_pkg = self._package(path, scope.pkg)
            if found_pkg is None:
                if report and self.deps.accounted_for(path):  # a missing module is reported once (CG110)
                    self.deps.note_unknown_type(path, key)
                elif report:
                    self._report(
                        warning(
                            "CG100",
                            f"{key} is from outside the module and its source was not found (no module in go.mod provides the package, or it has no Go files for this platform); it is typed as unknown JSON",
                            expr.pos,
                            f'map it in contractgen.toml: [types] "{key}" = "string" (or {_other_wire_types("string")})',
                        )
                    )
                return None
            pkg = found_pkg
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
                found = self._lookup(aliased, Scope(pkg, decl.file), report)
                if found is not None:
                    return found
        if not expr.args and not decl.params:  # most names: nothing to bind
            return pkg, decl, Scope(pkg, decl.file, {}, frozenset())
        self._quiet += 0 if report else 1
        try:
            args = tuple(self.resolve(a, scope) for a in expr.args)
        finally:
            self._quiet -= 0 if report else 1
        bound = {p.name: (args[i] if i < len(args) else UNKNOWN) for i, p in enumerate(decl.params)}
        byte_params = frozenset(p.name for p, a in zip(decl.params, expr.args) if self._is_byte(a, scope))
        return pkg, decl, Scope(pkg, decl.file, bound, byte_params)

# What a marshaler writes, where it applies only to an addressable value (see _resolve_name).
_MARSHALED = {"text": TypeRef("string"), "time": TypeRef("string", format="date-time")}


def _marshal_json_hint(key: str, kind: str) -> str:
    """A hint that fits the type: its Go kind is the best guess at what its MarshalJSON writes."""
    if kind in ("struct", "map", "slice", "array", "interface"):
        return (
            f'if it writes an object with keys of its own, say so with [types] "{key}" = "object"; otherwise keep it unknown '
            f'and silence this with [types] "{key}" = "unknown", or describe the JSON with a struct of its own'
        )
    guess = {"string": "string", "int": "integer", "uint": "integer", "float": "number", "bool": "boolean"}.get(kind, "string")
    return f'map it to what its MarshalJSON writes, e.g. [types] "{key}" = "{guess}" (or {_other_wire_types(guess)})'


def _other_wire_types(shown: str) -> str:
    """The wire types of [types] besides the one a hint suggests, as the config accepts them."""
    return ", ".join(t for t in MAPPING_TYPES if t != shown)


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


OPEN_NOTE = (
    "It embeds a type whose source was not available when this was generated: it may have further keys, "
    "of any value, that are not listed here (warning CG105)."
)


def _source_order(const: ConstFact) -> tuple[str, int, int]:
    return (const.pos.path, const.pos.line, const.pos.column)


def _is_bit_set(consts: list[ConstFact]) -> bool:
    """Constants written as bit operations (`1 << iota`, `A | B`), or at least two written as hex,
    octal or binary literals with every constant a single bit or none (`0x01, 0x02, 0x04`): flags,
    which the code combines. Hex alone is no sign: `0x01, 0x02, 0x03` is an enum."""
    if any(c.bits for c in consts):
        return True
    if sum(c.radix for c in consts) < 2:
        return False
    return all(type(c.value) is int and c.value >= 0 and c.value & (c.value - 1) == 0 for c in consts)


def _with_open_note(doc: str) -> str:
    return f"{doc.rstrip()}\n\n{OPEN_NOTE}" if doc.strip() else OPEN_NOTE


_mapped = mapped_ref


def _with_nullable(ref: TypeRef, nullable: bool) -> TypeRef:
    """`dataclasses.replace(ref, nullable=...)`, for the hottest spot of the IR build (every pointer
    and omitted field): replace() re-runs the field machinery, this copies the frozen value's fields."""
    if ref.nullable == nullable:
        return ref
    copy = object.__new__(TypeRef)
    copy.__dict__.update(ref.__dict__)
    copy.__dict__["nullable"] = nullable
    return copy
