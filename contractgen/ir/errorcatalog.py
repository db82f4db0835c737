"""Error catalogs: a named string type whose doc comment carries `//contractgen:errors`, and its
constants, each with `//contractgen:status NNN`, are the reasons an API may return.

    //contractgen:errors
    type Reason string

    const (
        // The user does not exist.
        //contractgen:status 404
        ReasonUserNotFound Reason = "USER_NOT_FOUND"
    )

Also here: which reasons a handler's body mentions (`ReasonIndex.mentioned`), by the names the Go
target generates for a reason (targets/go: `Reason<Stem>`, the sentinel `Err<Stem>`, the constructor
`<Stem>(...)`) and by the catalog constant's own name.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import TYPE_CHECKING

from contractgen.diagnostics import error, warning
from contractgen.ir.model import ErrorCatalog, ErrorReason
from contractgen.records import record
from contractgen.scan import directives as directive_text
from contractgen.scan.facts import ConstFact, Directive, TypeDeclFact

if TYPE_CHECKING:
    from contractgen.ir.build import _Builder
    from contractgen.ir.scope import Pkg

from contractgen import wire  # noqa: E402  (a leaf: the wire format as data)

_ALNUM = re.compile(r"[^A-Za-z0-9]+")


# The reasons of docs/wire-format.md that every envelope endpoint may send whether or not a catalog
# declares them (a catalog's own declaration wins), with their statuses. The targets generate them.
BUILTIN_REASONS: dict[str, int] = {value: status for value, (status, _when) in wire.BUILTIN_REASONS.items()}
BUILTIN_CONSTANTS = {"BAD_REQUEST": "ReasonBadRequest", "INTERNAL": "ReasonInternal"}


@record
class ReasonIndex:
    """Every catalog's reasons and the built-in ones, found by wire value or Go constant name."""

    catalogs: tuple[ErrorCatalog, ...]
    by_name: dict[str, str] = field(default_factory=dict)  # value or constant name -> value
    mentions: list[tuple[str, frozenset[str], str]] = field(default_factory=list)  # (value, names, constructor)

    def __post_init__(self) -> None:
        builtins = ErrorCatalog("", "", tuple(ErrorReason(BUILTIN_CONSTANTS[v], v, s) for v, s in BUILTIN_REASONS.items()))
        for catalog in (*self.catalogs, builtins):
            for reason in catalog.reasons:
                self.by_name.setdefault(reason.value, reason.value)
                self.by_name.setdefault(reason.name, reason.value)
                stem = reason_stem(reason.name, reason.value)
                names = frozenset({reason.name, "Reason" + stem, "Err" + stem})
                self.mentions.append((reason.value, names, stem))

    def lookup(self, name: str) -> str | None:
        return self.by_name.get(name.rpartition(".")[2]) or self.by_name.get(name)

    def mentioned(self, names: tuple[str, ...], called: tuple[str, ...]) -> list[str]:
        """Reasons whose constant or sentinel a body names, or whose constructor it calls."""
        named, calls = set(names), set(called)
        return sorted({value for value, idents, stem in self.mentions if idents & named or stem in calls})


def reason_stem(const_name: str, value: str) -> str:
    """The Xxx of the generated ReasonXxx/ErrXxx/Xxx(): the constant's own tail when it spells the
    value's letters (ReasonHTTPTimeout for HTTP_TIMEOUT: HTTPTimeout), else the value camel-cased.
    The one definition of the rule: the Go target names what it generates with it, and the
    endpoint builder recognises those names in handler bodies."""
    letters = _ALNUM.sub("", value)
    if letters and const_name.lower().endswith(letters.lower()):
        tail = const_name[len(const_name) - len(letters) :]
        if tail[0].isalpha():
            return tail[0].upper() + tail[1:]
    stem = "".join(_camel(part) for part in _ALNUM.split(value) if part)
    return stem if stem and stem[0].isalpha() else "R" + stem


def _camel(part: str) -> str:
    if part.isupper() or part.islower() or part.isdigit():
        return part[:1].upper() + part[1:].lower()
    return part[:1].upper() + part[1:]


def build_catalogs(builder: _Builder) -> tuple[ErrorCatalog, ...]:
    """Every catalog of the module, in package then name order; problems go to the builder."""
    from contractgen.ir.scope import Scope

    catalogs: list[ErrorCatalog] = []
    for path in sorted(builder.packages):
        pkg = builder.packages[path]
        marked: set[str] = set()
        for name in sorted(pkg.decls):
            decl = pkg.decls[name]
            _check_placement(builder, decl.directives, directive_text.ON_TYPES, "a type")
            if not any(d.name == "errors" for d in decl.directives):
                continue
            if decl.alias or decl.params or builder._kind(decl.type, Scope(pkg, decl.file)) != "string":
                builder._report(
                    warning(
                        "CG309",
                        f"{name} is marked //contractgen:errors but is not a named string type, so it is not an error catalog",
                        decl.pos,
                        f"declare it as `type {name} string` with one constant per reason",
                    )
                )
                continue
            marked.add(name)
            catalogs.append(_catalog(builder, pkg, decl))
        for const in pkg.consts:
            if const.directives and not (const.type is not None and const.type.qualifier is None and const.type.name in marked):
                _check_placement(builder, const.directives, (), "a constant that is not a reason of an error catalog")
    return tuple(catalogs)


def _catalog(builder: _Builder, pkg: Pkg, decl: TypeDeclFact) -> ErrorCatalog:
    reasons: list[ErrorReason] = []
    for const in pkg.consts:
        if const.type is None or const.type.qualifier is not None or const.type.name != decl.name:
            continue
        if not isinstance(const.value, str):
            continue  # not computable: the enum rules report it (CG103/CG104)
        status = _status(builder, const, decl.name)
        if status is not None:
            reasons.append(ErrorReason(const.name, const.value, status, const.doc, const.pos))
    return ErrorCatalog(pkg.path, decl.name, tuple(reasons), decl.doc, decl.pos)


def _status(builder: _Builder, const: ConstFact, catalog: str) -> int | None:
    _check_placement(builder, const.directives, directive_text.ON_CONSTS, "a reason")
    found = [d for d in const.directives if d.name == "status"]
    if not found:
        builder._report(
            error(
                "CG305",
                f"reason {const.name} of error catalog {catalog} has no HTTP status",
                const.pos,
                f"add `//contractgen:status 404` (its HTTP status) to the comment above {const.name}",
            )
        )
        return None
    status = directive_text.parse_status(found[0].args)
    if isinstance(status, str):
        builder._report(
            error(
                "CG305",
                f"reason {const.name} of error catalog {catalog} has no valid HTTP status: {status}",
                found[0].pos,
                "write its status as a number: //contractgen:status 404",
            )
        )
        return None
    return status


def _check_placement(builder: _Builder, found: tuple[Directive, ...], allowed: tuple[str, ...], where: str) -> None:
    for directive in found:
        if directive.name in allowed:
            continue
        if directive.name not in directive_text.ALL:
            near = directive_text.nearest(directive.name, directive_text.ALL)
            builder._report(
                warning(
                    "CG307",
                    f"unknown directive //contractgen:{directive.name}",
                    directive.pos,
                    f"did you mean //contractgen:{near}?" if near else "directives: " + ", ".join(directive_text.ALL),
                )
            )
        else:
            builder._report(
                warning("CG307", f"//contractgen:{directive.name} has no meaning on {where}; it is ignored", directive.pos)
            )
