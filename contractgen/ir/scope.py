"""Where the IR builder resolves a Go type expression: a package, a file (for its imports) and the
type parameters bound there. Shared by the type builder and the endpoint builder."""

from __future__ import annotations

from dataclasses import field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Sequence

from contractgen.ir.model import TypeRef
from contractgen.records import record
from contractgen.scan.facts import ConstFact, FileFacts, MethodFact, NameExpr, PackageFacts, TypeDeclFact

if TYPE_CHECKING:
    from contractgen.deps import DependencyPackage


@record
class Pkg:
    """A package of the module, its declarations indexed by name (contractgen/ir/build.py `_index`)."""

    facts: PackageFacts | DependencyPackage
    decls: Mapping[str, TypeDeclFact] = field(default_factory=dict)
    consts: Sequence[ConstFact] = field(default_factory=list)
    const_values: Mapping[str, object] = field(default_factory=dict)
    methods: Mapping[str, dict[str, MethodFact]] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.facts.import_path

    def file_facts(self, path: str) -> FileFacts | None:
        """One file of the package by its path (where a scope's imports are read)."""
        return next((f for f in self.facts.files if f.path == path), None)

    def methods_named(self, receiver: str, names: tuple[str, ...]) -> dict[str, MethodFact]:
        """The methods of receiver type `receiver` among `names`."""
        own = self.methods.get(receiver, {})
        return {n: own[n] for n in names if n in own}

    def consts_of(self, type_name: str) -> list[ConstFact]:
        """The package's constants of the named type declared in it (an enum's members), in source order."""
        return list(self._consts_by_type.get(type_name, ()))

    def aliases_of(self, type_name: str) -> tuple[str, ...]:
        """The package's aliases of its own type `type_name` (`type State = Status`), in name order."""
        return self._aliases.get(type_name, ())

    @cached_property
    def _aliases(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for name, decl in sorted(self.decls.items()):
            target = decl.type
            if decl.alias and isinstance(target, NameExpr) and target.qualifier is None and not target.args and not decl.params:
                found.setdefault(target.name, []).append(name)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def _consts_by_type(self) -> dict[str, list[ConstFact]]:
        """The constants by the name of their own package's type, grouped once: each enum asked the
        whole list again (a Kubernetes API group has thousands of constants)."""
        found: dict[str, list[ConstFact]] = {}
        for c in self.consts:
            if c.type is not None and c.type.qualifier is None:
                found.setdefault(c.type.name, []).append(c)
        return found


class DependencyPkg(Pkg):
    """A dependency package, read name by name: a lookup parses the files that may declare the name
    (contractgen/deps/package.py), so that the answers are those of the whole package. Iterating
    over its declarations or constants reads the whole package. A repeated declaration (files for
    platforms not told apart) is the first file's, a repeated method or constant value the last's."""

    facts: DependencyPackage

    def __init__(self, facts: DependencyPackage) -> None:
        super().__init__(facts)
        self.decls = _OnDemand(self._decl, self._all_decls)
        self.consts = _WholePackageConsts(facts)
        self.const_values = _OnDemand(self._const_value, lambda: {c.name: c.value for c in self.consts if c.value is not None})
        self.methods = _OnDemand(self._methods, self._all_methods)

    def file_facts(self, path: str) -> FileFacts | None:
        return self.facts.file(path)

    def methods_named(self, receiver: str, names: tuple[str, ...]) -> dict[str, MethodFact]:
        """Only the files that may declare methods on `receiver` and hold one of the names are read:
        crypto/x509's verify.go (42 kB of methods on Certificate) is not parsed to learn that
        Certificate has no MarshalJSON. The last file's method counts, as in `methods`."""
        found: dict[str, MethodFact] = {}
        for file in self.facts.with_methods_on(receiver, names):
            for method in file.methods:
                if method.receiver == receiver and method.name in names:
                    found[method.name] = method
        return {n: found[n] for n in names if n in found}

    def consts_of(self, type_name: str) -> list[ConstFact]:
        return [
            c
            for f in self.facts.with_consts_of(type_name)
            for c in f.consts
            if c.type is not None and c.type.qualifier is None and c.type.name == type_name
        ]

    def _all_decls(self) -> dict[str, TypeDeclFact]:
        found: dict[str, TypeDeclFact] = {}
        for file in self.facts.files:
            for decl in file.types:
                found.setdefault(decl.name, decl)
        return found

    def _all_methods(self) -> dict[str, dict[str, MethodFact]]:
        found: dict[str, dict[str, MethodFact]] = {}
        for file in self.facts.files:
            for method in file.methods:
                found.setdefault(method.receiver, {})[method.name] = method
        return found

    def _decl(self, name: str) -> object:
        for file in self.facts.declaring(name):
            for decl in file.types:
                if decl.name == name:
                    return decl
        return _ABSENT

    def _const_value(self, name: str) -> object:
        value = _ABSENT
        for file in self.facts.declaring(name):
            for const in file.consts:
                if const.name == name and const.value is not None:
                    value = const.value
        return value

    def _methods(self, receiver: str) -> object:
        found: dict[str, MethodFact] = {}
        for file in self.facts.with_methods_on(receiver):
            for method in file.methods:
                if method.receiver == receiver:
                    found[method.name] = method
        return found or _ABSENT


_ABSENT = object()


class _OnDemand(Mapping[str, Any]):
    """A mapping whose value for a key is computed when first asked (`compute` returns _ABSENT for
    none); `whole` gives every entry, for iteration."""

    def __init__(self, compute: Callable[[str], object], whole: Callable[[], dict[str, Any]]) -> None:
        self._compute = compute
        self._whole = whole
        self._known: dict[str, object] = {}

    def get(self, key: str, default: Any = None) -> Any:
        try:
            value = self._known[key]
        except KeyError:
            value = self._known[key] = self._compute(key)
        return default if value is _ABSENT else value

    def __getitem__(self, key: str) -> Any:
        value = self.get(key, _ABSENT)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, _ABSENT) is not _ABSENT

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())


class _WholePackageConsts(Sequence[ConstFact]):
    """Every constant of a dependency package, in source order (reading the whole package)."""

    def __init__(self, facts: DependencyPackage) -> None:
        self._facts = facts

    def _all(self) -> list[ConstFact]:
        return [c for f in self._facts.files for c in f.consts]

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[ConstFact]:
        return iter(self._all())



def consts_of_other_packages(package: PackageFacts, names: Mapping[str, str]) -> Iterator[tuple[str, ConstFact]]:
    """The constants `package` declares of a type of another of the module's packages
    (`const KindPlugin api.Kind = "plugin"`), each with that package's import path. `names`: the
    module's packages' names by import path (an unaliased import is known by its package's name)."""
    for file in package.files:
        qualifiers: dict[str, str] | None = None
        for const in file.consts:
            if const.type is None or const.type.qualifier is None:
                continue
            if qualifiers is None:
                qualifiers = {
                    imp.alias or names[imp.path]: imp.path
                    for imp in file.imports
                    if imp.path in names and imp.path != package.import_path and imp.alias not in ("_", ".")
                }
            path = qualifiers.get(const.type.qualifier)
            if path is not None:
                yield path, const


@record(frozen=True)
class Scope:
    """Where a type expression is resolved: its package, its file (for imports) and bound type parameters.
    `byte_params`: the parameters bound to a type of kind uint8 without a marshaler, for which
    encoding/json writes a `[]T` as base64 (reflect decides on the instantiated type)."""

    pkg: Pkg
    file: str
    params: Mapping[str, TypeRef] = field(default_factory=dict)
    byte_params: frozenset[str] = frozenset()

    def __hash__(self) -> int:
        return hash((self.pkg.path, self.file, tuple(sorted((k, repr(v)) for k, v in self.params.items())), self.byte_params))


def _decl_scope(pkg: Pkg, decl: TypeDeclFact) -> Scope:
    """The scope of a declaration's own body: its type parameters stand for themselves."""
    return Scope(pkg, decl.file, {p.name: TypeRef("param", name=p.name) for p in decl.params})


def args_key(scope: Scope) -> tuple:
    return (*sorted((k, repr(v)) for k, v in scope.params.items()), tuple(sorted(scope.byte_params)))
