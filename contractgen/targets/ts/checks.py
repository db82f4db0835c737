"""Request-side checks (contractgen.ir.model.Check) -> Zod: the client rejects what the server's
validator (go-playground/validator v10) would reject, and nothing it accepts.

Each check is one predicate; they are joined into one `.refine` whose message names the Go rules.
Lengths of strings are counted in Unicode code points (`Array.from(v).length`), as the validator counts
runes; the `.length` of an emoji is 2. email and uuid use the validator's own regular expressions
(RE2 and JavaScript's `u` mode agree on them); url follows its isURL: a scheme, then a host, an opaque
part or a fragment (what url.Parse refuses beyond that is accepted here: a known false acceptance).
"""

from __future__ import annotations

import json

from contractgen.ir.model import Check, TypeRef

# validator v10.20 regexes.go alphaNumericRegexString.
ALPHANUM_PATTERN = "^[a-zA-Z0-9]+$"
# validator v10.20 regexes.go emailRegexString, with RE2's x{XXXX} escapes written as u{XXXX}.
EMAIL_PATTERN = "^(?:(?:(?:(?:[a-zA-Z]|\\d|[!#\\$%&'\\*\\+\\-\\/=\\?\\^_`{\\|}~]|[\\u{00A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}])+(?:\\.([a-zA-Z]|\\d|[!#\\$%&'\\*\\+\\-\\/=\\?\\^_`{\\|}~]|[\\u{00A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}])+)*)|(?:(?:\\x22)(?:(?:(?:(?:\\x20|\\x09)*(?:\\x0d\\x0a))?(?:\\x20|\\x09)+)?(?:(?:[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]|\\x21|[\\x23-\\x5b]|[\\x5d-\\x7e]|[\\u{00A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}])|(?:(?:[\\x01-\\x09\\x0b\\x0c\\x0d-\\x7f]|[\\u{00A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}]))))*(?:(?:(?:\\x20|\\x09)*(?:\\x0d\\x0a))?(\\x20|\\x09)+)?(?:\\x22))))@(?:(?:(?:[a-zA-Z]|\\d|[\\u{00A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}])|(?:(?:[a-zA-Z]|\\d|[\\u{00A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}])(?:[a-zA-Z]|\\d|-|\\.|~|[\\u{00A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}])*(?:[a-zA-Z]|\\d|[\\u{00A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}])))\\.)+(?:(?:[a-zA-Z]|[\\u{00A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}])|(?:(?:[a-zA-Z]|[\\u{00A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}])(?:[a-zA-Z]|\\d|-|\\.|~|[\\u{00A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}])*(?:[a-zA-Z]|[\\u{00A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}])))\\.?$"
UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# isURL lower-cases the text; file:/ URLs are always valid; url.Parse wants a scheme, then a host, an
# opaque part or a fragment.
URL_PATTERN = r"^(?:file:\/|[a-z][a-z0-9+.\-]*:(?:\/\/[^/?#]|[^/?#]|[^#]*#))"
_OPERATORS = {"min": ">=", "gte": ">=", "max": "<=", "lte": "<=", "len": "===", "eq": "===", "ne": "!==", "gt": ">", "lt": "<"}
# omitempty's "empty": no entries for arrays and maps, else the zero value ("", 0, false), which `!v` is.
EMPTY_ENTRIES = "Object.keys(v).length === 0"
EMPTY_VALUE = "!v"


def literal_union(ref: TypeRef) -> list[str | int | float] | None:
    """The values of a oneof on a plain string or integer, as a union of literals (also in the TS type);
    with omitempty the zero value is one of them."""
    if ref.kind not in ("string", "integer") or ref.format is not None or not ref.checks:
        return None
    rules = [c.rule for c in ref.checks]
    if rules not in (["oneof"], ["omitempty", "oneof"]):
        return None
    values = list(ref.checks[-1].values)
    if rules[0] == "omitempty":
        zero: str | int | float = "" if ref.kind == "string" else 0
        values = [zero] + [v for v in values if v != zero]
    return list(dict.fromkeys(values))


def literal_schema(values: list[str | int | float]) -> str:
    if all(isinstance(v, str) for v in values):
        return "z.enum([" + ", ".join(json.dumps(v) for v in values) + "])"
    items = [f"z.literal({json.dumps(v)})" for v in values]
    return items[0] if len(items) == 1 else "z.union([" + ", ".join(items) + "])"


def literal_type(values: list[str | int | float]) -> str:
    return " | ".join(json.dumps(v) for v in values)


def refinement(ref: TypeRef) -> str:
    """`.refine(...)` for the checks of `ref` (empty when there are none or a literal union says it all)."""
    if not ref.checks or literal_union(ref) is not None:
        return ""
    checks = list(ref.checks)
    skip_empty = checks[0].rule == "omitempty"
    if skip_empty:
        checks = checks[1:]
    if ref.kind == "boolean" and [c.rule for c in checks] == ["required"]:
        return ""  # z.literal(true), see boolean_required
    tests = [t for t in (_test(c, ref) for c in checks) if t]
    if not tests:
        return ""
    body = " && ".join(tests)
    if skip_empty:
        empty = EMPTY_ENTRIES if ref.checks[0].measure == "entries" else EMPTY_VALUE
        body = f"{empty} || ({body})"
    message = ", ".join(_describe(c) for c in ref.checks)
    return f".refine((v) => {body}, {{ message: {json.dumps('validation: ' + message)} }})"


def boolean_required(ref: TypeRef) -> bool:
    return ref.kind == "boolean" and [c.rule for c in ref.checks] == ["required"]


def _test(check: Check, ref: TypeRef) -> str:
    rule = check.rule
    if rule == "required":
        return {"string": 'v !== ""', "integer": "v !== 0", "number": "v !== 0", "boolean": "v === true"}.get(ref.kind, "")
    if rule == "email":
        return f"/{EMAIL_PATTERN}/u.test(v)"
    if rule == "alphanum":
        return f"/{ALPHANUM_PATTERN}/.test(v)"
    if rule == "uuid":
        return f"/{UUID_PATTERN}/.test(v)"
    if rule == "url":
        return f"/{URL_PATTERN}/.test(v.toLowerCase())"
    if rule == "oneof":
        return "[" + ", ".join(json.dumps(v) for v in check.values) + "].includes(v)"
    operator = _OPERATORS[rule]
    if check.measure == "characters":
        measured = "Array.from(v).length"
    elif check.measure == "entries":
        measured = "v.length" if ref.kind == "array" else "Object.keys(v).length"
    else:
        measured = "v"
    return f"{measured} {operator} {json.dumps(check.value)}"


def _describe(check: Check) -> str:
    if check.rule == "oneof":
        return "oneof=" + " ".join(str(v) for v in check.values)
    return check.rule + (f"={check.value}" if check.value is not None else "")
