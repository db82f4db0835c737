"""The incremental IR layer: a watch session's declarations, reused from one build to the next
wherever the edit cannot reach them.

What a declaration of package P becomes depends only on the facts of P and of the packages P
imports, transitively (a name resolves through the file's imports; kinds, marshalers, nullability
and promoted fields follow the same edges), on the config and on the dependencies' source. So when
the facts of some packages change, only those packages and their importers (the reverse
dependencies, transitively) are rebuilt; every other declaration is the last build's value,
unchanged and the same object; a rebuilt declaration identical in every field to the last one is
replaced by it too. A reused declaration replays what building it did to the build:
the types it reached (so reachability is decided exactly as by a full build), its diagnostics, and
the packages it read from outside the module (so `Dependencies.missing` names the same modules).
Endpoints, error catalogs and request views are rebuilt every time: they are few and read across
packages. A changed config, platform or dependency set starts over (`IrMemo.reset`).

The same objects make the later stages cheap: a `Package` whose declarations are all the last
build's is itself the last build's object, so contract.json (contractgen/ir/pieces.py), the change
summary and the TypeScript render can tell an unchanged package by identity.

The proof is the equivalence test (tests/test_watch_incremental.py): after every kind of edit the
incremental contract, files and diagnostics equal a cold generation's, byte for byte.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from operator import attrgetter
from typing import Callable

from contractgen.config import Config
from contractgen.deps import Dependencies
from contractgen.diagnostics import Diagnostic
from contractgen.graph import reachable
from contractgen.ir.model import Package, RequestView, TypeDecl, to_data
from contractgen.ir.scope import consts_of_other_packages
from contractgen.records import record
from contractgen.scan.facts import ModuleFacts, PackageFacts

DeclKey = tuple[str, str]


@record(frozen=True)
class DeclRecord:
    """One declaration as the last build made it, and what making it did."""

    decl: TypeDecl | None
    reaches: frozenset[DeclKey]  # the declarations it queued
    outside: frozenset[tuple[str, bool]]  # the packages from outside the module it read (path, from a std file)
    diagnostics: tuple[Diagnostic, ...]


class IrMemo:
    """The declarations of a session's last build, by (import path, name). One build at a time:
    `begin` (build_contract calls it) decides what the new facts make stale, `keep` and `package`
    gather this build's values, `commit` makes them the last build's. A build that raises before
    `commit` leaves the memo as it was."""

    def __init__(self) -> None:
        self._records: dict[DeclKey, DeclRecord] = {}
        self._packages: dict[str, Package] = {}
        self._requests: dict[DeclKey, tuple[TypeDecl, object, TypeDecl]] = {}  # before, view data, after
        self._facts: dict[str, PackageFacts] = {}
        self._config: Config | None = None
        self._stale: frozenset[str] | None = None  # None: nothing is reused
        self._pending: tuple[dict, dict, dict, dict] | None = None  # this build's records, packages, requests, facts
        self._pending_config: Config | None = None
        self._dependencies: tuple[bytes, Dependencies] | None = None
        self.rebuilt: frozenset[str] = frozenset()  # the module packages the last build could not reuse

    # --- the session's Dependencies --------------------------------------------------------------

    def dependencies(self, fingerprint: bytes, make: Callable[[], Dependencies]) -> Dependencies:
        """The session's Dependencies while `fingerprint` (go.mod, go.work, the module cache, the
        platform) is unchanged, so that dependency packages are read once; a new one, and nothing
        reused, when it changed."""
        if self._dependencies is None or self._dependencies[0] != fingerprint:
            self.reset()
            self._dependencies = (fingerprint, make())
        return self._dependencies[1]

    def reset(self) -> None:
        self._records, self._packages, self._requests, self._facts = {}, {}, {}, {}
        self._config = None

    # --- one build -------------------------------------------------------------------------------

    def begin(self, facts: ModuleFacts, config: Config) -> None:
        packages = {p.import_path: p for p in facts.packages}
        if config != self._config or not self._facts:
            self._stale = None
            self.rebuilt = frozenset(packages)
        else:
            changed = {path for path in packages.keys() | self._facts.keys() if packages.get(path) != self._facts.get(path)}
            changed |= _enums_extended_by(changed, (packages, self._facts))
            self._stale = frozenset(_importers_closure(changed, facts.packages))
            self.rebuilt = self._stale & packages.keys()
        self._pending = ({}, {}, {}, packages)
        self._pending_config = config

    def reusable(self, key: DeclKey) -> DeclRecord | None:
        """The last build's record of the declaration, when the change cannot reach it (kept for the next build too)."""
        if self._stale is None or key[0] in self._stale:
            return None
        record = self._records.get(key)
        if record is not None:
            assert self._pending is not None
            self._pending[0][key] = record
        return record

    def keep(
        self, key: DeclKey, decl: TypeDecl | None, reaches: set[DeclKey], outside: set[tuple[str, bool]], diagnostics: list[Diagnostic]
    ) -> TypeDecl | None:
        """A declaration built anew; returned as the last build's object when it is identical to it in
        every field (doc and positions too), so that the package holding it can stay the same object."""
        assert self._pending is not None
        last = self._records.get(key)
        if last is not None and last.decl is not None and decl is not None and identical(decl, last.decl):
            decl = last.decl
        self._pending[0][key] = DeclRecord(decl, frozenset(reaches), frozenset(outside), tuple(diagnostics))
        return decl

    def with_request(self, key: DeclKey, decl: TypeDecl, view: RequestView) -> TypeDecl:
        """`decl` with its request view: the last build's object when both are the same."""
        assert self._pending is not None
        data = to_data(view)
        last = self._requests.get(key)
        result = last[2] if last is not None and last[0] is decl and last[1] == data else replace(decl, request=view)
        self._pending[2][key] = (decl, data, result)
        return result

    def package(self, package: Package) -> Package:
        """`package`, or the last build's object when it holds the very same declarations."""
        assert self._pending is not None
        last = self._packages.get(package.path)
        if (
            last is not None
            and (last.name, last.dir) == (package.name, package.dir)
            and len(last.types) == len(package.types)
            and all(a is b for a, b in zip(last.types, package.types))
        ):
            package = last
        self._pending[1][package.path] = package
        return package

    def commit(self) -> None:
        assert self._pending is not None
        self._records, self._packages, self._requests, self._facts = self._pending
        self._config = self._pending_config
        self._pending = None


def identical(a: object, b: object) -> bool:
    """Equal in every field, including those equality leaves out (doc text, positions)."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind in _SCALARS:
        return a == b
    if kind is tuple:
        assert isinstance(a, tuple) and isinstance(b, tuple)
        if len(a) != len(b):
            return False
        pairs = zip(a, b)
    else:
        getter = _FIELDS.get(kind)
        if getter is None:
            if not is_dataclass(a):
                return a == b
            getter = _FIELDS[kind] = _field_getter(tuple(f.name for f in fields(a)))  # type: ignore[arg-type]
        pairs = zip(getter(a), getter(b))
    # Inline for the leaves (most fields are strings, numbers and None): a call per nested record only.
    for x, y in pairs:
        if x is y:
            continue
        if type(x) is not type(y):
            return False
        if type(x) in _SCALARS:
            if x != y:
                return False
        elif not identical(x, y):
            return False
    return True


_SCALARS = frozenset({str, int, bool, float, type(None)})


def _field_getter(names: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    """A function from a record to the tuple of its fields' values (attrgetter gives a bare value for one name)."""
    if len(names) > 1:
        return attrgetter(*names)
    return lambda value: tuple(getattr(value, name) for name in names)


_FIELDS: dict[type, Callable[[object], tuple[object, ...]]] = {}


def _enums_extended_by(changed: set[str], builds: tuple[dict[str, PackageFacts], ...]) -> set[str]:
    """The packages whose types the changed packages declare constants of, before or after the edit
    (`const KindPlugin api.Kind = "plugin"` is a member of api's enum: the IR builder's
    `_declared_elsewhere`), so that an edit of those constants rebuilds the enum."""
    extended: set[str] = set()
    for packages in builds:
        names = {path: p.name for path, p in packages.items()}
        for path in changed:
            if path in packages:
                extended.update(target for target, _ in consts_of_other_packages(packages[path], names))
    return extended


def _importers_closure(changed: set[str], packages: tuple[PackageFacts, ...]) -> set[str]:
    """`changed` and every package that imports one of them, directly or through others."""
    importers: dict[str, set[str]] = {}
    for package in packages:
        for file in package.files:
            for imp in file.imports:
                importers.setdefault(imp.path, set()).add(package.import_path)
    return reachable(changed, lambda path: importers.get(path, ()))
