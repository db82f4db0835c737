"""Request-side checks (contractgen.ir.model.Check) as JSON Schema keywords: a request body schema
rejects what the server's validator (go-playground/validator) would reject, as the Zod request schemas
do (contractgen/targets/ts/checks.py has the same rules in TypeScript).

JSON Schema's `minLength`/`maxLength` count Unicode code points, as the validator counts runes. The
email and uuid patterns are the validator's own (the TS target's), with `\\u{XXXX}` written `\\uXXXX`
(every one is in the Basic Multilingual Plane), so that they read the same without ECMA-262's `u` flag
and in Python's `re` (python-jsonschema). url: isURL lower-cases the text first; a pattern cannot, so
the scheme is matched in either case instead.
"""

from __future__ import annotations

import re
from typing import Any

from contractgen.ir.model import Check, TypeRef
from contractgen.targets.ts.checks import ALPHANUM_PATTERN, EMAIL_PATTERN, UUID_PATTERN

URL_PATTERN = r"^(?:[fF][iI][lL][eE]:/|[a-zA-Z][a-zA-Z0-9+.\-]*:(?://[^/?#]|[^/?#]|[^#]*#))"
PATTERNS = {
    "email": re.sub(r"\\u\{([0-9A-Fa-f]{4})\}", r"\\u\1", EMAIL_PATTERN),
    "uuid": UUID_PATTERN,
    "url": URL_PATTERN,
    "alphanum": ALPHANUM_PATTERN,
}
# What omitempty calls empty: the zero value, or no entries.
_EMPTY = {"string": {"const": ""}, "integer": {"const": 0}, "number": {"const": 0}, "boolean": {"const": False}, "array": {"maxItems": 0}, "map": {"maxProperties": 0}}
_LIMITS = {"array": ("minItems", "maxItems"), "map": ("minProperties", "maxProperties"), "string": ("minLength", "maxLength")}


def with_checks(schema: dict[str, Any], ref: TypeRef) -> dict[str, Any]:
    """`schema` (the value's own) constrained by the checks of `ref`; unchanged when it has none."""
    if not ref.checks:
        return schema
    checks = list(ref.checks)
    skip_empty = checks[0].rule == "omitempty"
    parts = [p for p in (_keywords(c, ref) for c in (checks[1:] if skip_empty else checks)) if p]
    if not parts:
        return schema
    constrained = _merged(parts)
    if skip_empty:
        empty = _EMPTY.get(ref.kind, {})
        constrained = {"anyOf": [empty, constrained]} if empty else {}
    return _merged([schema, constrained]) if constrained else schema


def _merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    extra: list[dict[str, Any]] = []
    for part in parts:
        if any(k in out for k in part):
            extra.append(part)  # two rules on one keyword (say two patterns): both must hold
        else:
            out |= part
    return out | {"allOf": extra} if extra else out


def _keywords(check: Check, ref: TypeRef) -> dict[str, Any]:
    rule, value = check.rule, check.value
    if rule == "required":
        non_zero: dict[str, dict[str, Any]] = {"string": {"minLength": 1}, "integer": {"not": {"const": 0}}, "number": {"not": {"const": 0}}, "boolean": {"const": True}}
        return non_zero.get(ref.kind, {})
    if rule in PATTERNS:
        return {"pattern": PATTERNS[rule]}
    if rule == "oneof":
        return {"enum": list(check.values)}
    if check.measure == "value":
        if rule in ("eq", "len"):
            return {"const": value}
        if rule == "ne":
            return {"not": {"const": value}}
        keyword = {"min": "minimum", "gte": "minimum", "max": "maximum", "lte": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}[rule]
        return {keyword: value}
    low, high = _LIMITS["string" if check.measure == "characters" else ref.kind if ref.kind in _LIMITS else "array"]
    assert isinstance(value, int)
    if rule in ("len", "eq"):
        return {low: value, high: value}
    if rule == "ne":
        return {"not": {low: value, high: value}}
    if rule == "lt" and value == 0:
        return {"not": {}}  # fewer than none: no value passes
    return {"min": {low: value}, "gte": {low: value}, "gt": {low: value + 1}, "max": {high: value}, "lte": {high: value}, "lt": {high: value - 1}}[rule]
