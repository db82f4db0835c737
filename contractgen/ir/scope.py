"""Where the IR builder resolves a Go type expression: a package, a file (for its imports) and the
type parameters bound there. Shared by the type builder and the endpoint builder."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from contractgen.ir.model import TypeRef
from contractgen.scan.facts import ConstFact, MethodFact, PackageFacts, TypeDeclFact


@dataclass
class _Pkg:
    facts: PackageFacts
    decls: dict[str, TypeDeclFact] = field(default_factory=dict)
    consts: list[ConstFact] = field(default_factory=list)
    const_values: dict[str, object] = field(default_factory=dict)
    methods: dict[str, dict[str, MethodFact]] = field(default_factory=dict)
    imports: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> alias -> import path

    @property
    def path(self) -> str:
        return self.facts.import_path


@dataclass(frozen=True)
class _Scope:
    """Where a type expression is resolved: its package, its file (for imports) and bound type parameters.
    `byte_params`: the parameters bound to a type of kind uint8 without a marshaler, for which
    encoding/json writes a `[]T` as base64 (reflect decides on the instantiated type)."""

    pkg: _Pkg
    file: str
    params: Mapping[str, TypeRef] = field(default_factory=dict)
    byte_params: frozenset[str] = frozenset()

    def __hash__(self) -> int:
        return hash((self.pkg.path, self.file, tuple(sorted((k, repr(v)) for k, v in self.params.items())), self.byte_params))


def _decl_scope(pkg: _Pkg, decl: TypeDeclFact) -> _Scope:
    """The scope of a declaration's own body: its type parameters stand for themselves."""
    return _Scope(pkg, decl.file, {p.name: TypeRef("param", name=p.name) for p in decl.params})


def _args_key(scope: _Scope) -> tuple:
    return (*sorted((k, repr(v)) for k, v in scope.params.items()), tuple(sorted(scope.byte_params)))
