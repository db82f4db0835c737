"""`//contractgen:` directive lines: what they say, as text. Which directive is allowed where, and
what it means there, is decided by the IR builder (contractgen/ir/endpoints.py).

A directive is a comment line `//contractgen:NAME ARGS` (Go's directive form: no space after `//`;
`// contractgen:NAME` is accepted too). Directive lines are never part of a doc comment's text.
"""

from __future__ import annotations

import difflib
import re

from contractgen.scan.routes import HTTP_METHODS

PREFIX = "contractgen:"
# Where each directive may stand; see the README's "Endpoints" section.
ON_HANDLERS = ("route", "request", "response", "status", "errors", "ignore")
ON_TYPES = ("errors", "always-set")
ON_CONSTS = ("status",)
ALL = tuple(sorted(set(ON_HANDLERS) | set(ON_TYPES) | set(ON_CONSTS)))
_REASON = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def is_directive(line: str) -> bool:
    """`line`: one comment line with its `//` (and one space) already removed."""
    return line.lstrip().startswith(PREFIX)


def split_directive(line: str) -> tuple[str, str]:
    """`contractgen:route GET /x` -> ("route", "GET /x")."""
    body = line.strip()[len(PREFIX) :]
    name, _, args = body.partition(" ")
    if "\t" in name:
        name, _, more = name.partition("\t")
        args = (more + " " + args).strip()
    return name.strip(), args.strip()


def strip_directives(doc: str) -> str:
    """A doc comment's text without its directive lines."""
    return "\n".join(line for line in doc.split("\n") if not is_directive(line)).strip()


def nearest(name: str, allowed: tuple[str, ...]) -> str | None:
    found = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return found[0] if found else None


def parse_route(args: str) -> tuple[str, str] | str:
    """`GET /users/{id}` -> ("GET", "/users/{id}"); a message when malformed."""
    parts = args.split()
    if len(parts) != 2:
        return "expected a method and a path: //contractgen:route GET /users/{id}"
    method, path = parts[0].upper(), parts[1]
    if method not in HTTP_METHODS:
        return f"{parts[0]!r} is not an HTTP method ({', '.join(HTTP_METHODS)})"
    if not path.startswith("/"):
        return f"the path {path!r} must start with /"
    return method, path


def parse_status(args: str) -> int | str:
    """`201` -> 201; a message when it is not an HTTP status code."""
    text = args.split()[0] if args.split() else ""
    if not text.isdigit() or not 100 <= int(text) <= 599:
        return f"expected an HTTP status code from 100 to 599, not {args!r}"
    return int(text)


def parse_reasons(args: str) -> tuple[str, ...] | str:
    """`USER_NOT_FOUND EMAIL_TAKEN` (wire values or Go constant names, spaces or commas between)."""
    reasons = tuple(r for r in re.split(r"[\s,]+", args) if r)
    bad = [r for r in reasons if not _REASON.match(r)]
    if not reasons:
        return "name at least one reason: //contractgen:errors USER_NOT_FOUND"
    if bad:
        return f"{bad[0]!r} is not a reason name"
    return reasons
