"""What the scanner found in Go source: syntax-level facts with positions, no JSON semantics yet.

The scanner's output type is `ModuleFacts`; the IR builder (contractgen.ir) is its only consumer.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Union

from contractgen.diagnostics import Diagnostic, Position
from contractgen.records import record

if TYPE_CHECKING:
    from contractgen.scan.endpoint_facts import FileEndpoints


# --- type expressions, as written in the source ---------------------------------------------------


@record(frozen=True)
class NameExpr:
    """`T`, `pkg.T`, `T[A, B]`; `qualifier` is the import alias as written (None for a local name)."""

    name: str
    pos: Position
    qualifier: str | None = None
    args: tuple[TypeExpr, ...] = ()


@record(frozen=True)
class PointerExpr:
    elem: TypeExpr
    pos: Position


@record(frozen=True)
class SliceExpr:
    elem: TypeExpr
    pos: Position


@record(frozen=True)
class ArrayExpr:
    length: int | None  # None when the length is not a literal we can evaluate
    elem: TypeExpr
    pos: Position
    length_text: str = ""


@record(frozen=True)
class MapExpr:
    key: TypeExpr
    value: TypeExpr
    pos: Position


@record(frozen=True)
class StructExpr:
    fields: tuple[FieldFact, ...]
    pos: Position


@record(frozen=True)
class InterfaceExpr:
    """`interface{...}`; `terms` are the union terms of a constraint (`~int | ~float64`), `methods` its method count;
    `results`: the declared results of its exported methods that have some (echo.Context's FormFile), by name."""

    pos: Position
    terms: tuple[TypeExpr, ...] = ()
    methods: int = 0
    results: tuple[tuple[str, tuple[TypeExpr, ...]], ...] = ()


@record(frozen=True)
class UnsupportedExpr:
    """Channels, funcs and anything else encoding/json cannot marshal; `kind` says which."""

    kind: str
    text: str
    pos: Position


TypeExpr = Union[NameExpr, PointerExpr, SliceExpr, ArrayExpr, MapExpr, StructExpr, InterfaceExpr, UnsupportedExpr]


# --- declarations ----------------------------------------------------------------------------------


@record(frozen=True)
class Directive:
    """A `//contractgen:NAME ARGS` comment line (contractgen/scan/directives.py); never part of a doc.
    `type`: ARGS read as a Go type expression, for the directives that name one (request, response)."""

    name: str
    args: str
    pos: Position
    type: TypeExpr | None = None


@record(frozen=True)
class FieldFact:
    names: tuple[str, ...]  # empty for an embedded field
    type: TypeExpr
    tag: str | None
    embedded: bool
    doc: str
    pos: Position


@record(frozen=True)
class TypeParamFact:
    name: str
    constraint: TypeExpr | None


@record(frozen=True)
class TypeDeclFact:
    name: str
    params: tuple[TypeParamFact, ...]
    type: TypeExpr
    alias: bool  # `type A = B`
    doc: str
    pos: Position
    file: str  # path of the declaring file, to find its imports
    directives: tuple[Directive, ...] = ()


@record(frozen=True)
class ConstFact:
    """One constant of a const block, after iota and implicit repetition are applied."""

    name: str
    type: NameExpr | None  # explicit or inherited type, or the T of `T(value)`
    value: int | float | str | bool | None  # None when the expression is beyond our evaluator
    doc: str
    pos: Position
    file: str
    directives: tuple[Directive, ...] = ()
    # Written as a bit operation (`1 << iota`, `Read | Write`): the type's values are combinations of
    # its constants, not only the constants (contractgen/ir/build.py: a bit set).
    bits: bool = False
    # Written as a hex, octal or binary literal (`0x04`, `0b10`): with every constant of its type a
    # single bit, the C way of writing flags (contractgen/ir/build.py: a bit set).
    radix: bool = False


@record(frozen=True)
class MethodFact:
    """A method the IR asks about: a JSON method (MarshalJSON, ...), or an exported one with results
    (`results`: their declared types, resolved in the method's file)."""

    receiver: str
    pointer_receiver: bool
    name: str
    pos: Position
    results: tuple[TypeExpr, ...] = ()


@record(frozen=True)
class ImportFact:
    alias: str | None  # None: the imported package's own name
    path: str


@record(frozen=True)
class FileFacts:
    path: str  # relative to the module root, POSIX
    package: str
    imports: tuple[ImportFact, ...]
    types: tuple[TypeDeclFact, ...]
    consts: tuple[ConstFact, ...]
    methods: tuple[MethodFact, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    endpoints: FileEndpoints | None = None  # routes, handlers and router hand-offs (files that mention them)


@record(frozen=True)
class PackageFacts:
    import_path: str
    dir: str  # relative to the module root, POSIX ("" for the root package)
    name: str
    files: tuple[FileFacts, ...]


@record(frozen=True)
class ModuleFacts:
    module_path: str
    root: str  # absolute path of the directory holding go.mod
    packages: tuple[PackageFacts, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())
