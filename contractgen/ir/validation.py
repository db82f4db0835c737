"""go-playground/validator tags (`binding:"..."` as gin reads them, `validate:"..."` as the validator
does by default) -> the `Check`s of the contract's request side.

Syntax, as the validator parses it: rules separated by commas, `name=param`; `dive` moves the rules
after it to the elements of a slice, array or map; `|` is an or of rules; `-` skips the field. A
rule we cannot express (cross-field rules, `keys`, or-groups, custom validators) is reported, and
the client then accepts what the server may reject (never the reverse).
"""

from __future__ import annotations

import re
from dataclasses import field

from contractgen.ir.model import Check
from contractgen.records import record

_TAG = re.compile(r'(\w+):"((?:[^"\\]|\\.)*)"')
_LIMITS = frozenset({"min", "max", "len", "eq", "ne", "gt", "gte", "lt", "lte"})
_FORMATS = frozenset({"email", "url", "uuid", "alphanum"})
_ONEOF_VALUE = re.compile(r"'([^']*)'|(\S+)")
# The kind families of contractgen.ir.kinds, and what a limit measures on each.
_MEASURES = {"string": "characters", "slice": "entries", "array": "entries", "array0": "entries", "map": "entries",
             "int": "value", "uint": "value", "float": "value", "bool": "value"}


@record
class Rules:
    """The rules of one field: `levels[0]` for the field's value, `levels[1]` for its elements (after
    one `dive`), and so on; `unsupported`: rule texts not expressed; `skip`: the `-` tag."""

    levels: list[list[tuple[str, str]]] = field(default_factory=lambda: [[]])
    unsupported: list[str] = field(default_factory=list)
    skip: bool = False
    tag: str = ""  # the tag key that was read: binding or validate

    def at(self, depth: int) -> list[tuple[str, str]]:
        return self.levels[depth] if depth < len(self.levels) else []


def validation_tag(raw: str) -> tuple[str, str] | None:
    """(key, value) of the struct tag's `binding`, else its `validate`: gin checks the first, the
    validator by default the second; a service uses one of them."""
    found = {m.group(1): m.group(2) for m in _TAG.finditer(raw or "")}
    for key in ("binding", "validate"):
        if key in found:
            return key, found[key]
    return None


def parse_rules(raw_tag: str) -> Rules:
    found = validation_tag(raw_tag)
    rules = Rules()
    if found is None:
        return rules
    rules.tag, text = found
    if text.strip() == "-":
        rules.skip = True
        return rules
    for part in _split(text):
        name, _, param = part.partition("=")
        name = name.strip()
        if not name:
            continue
        if name == "dive":
            rules.levels.append([])
        elif "|" in part or name not in _LIMITS | _FORMATS | {"required", "omitempty", "oneof"}:
            rules.unsupported.append(part)
        else:
            rules.levels[-1].append((name, param))
    return rules


def _split(text: str) -> list[str]:
    """Commas separate rules, except inside a oneof's quoted value (`oneof='a,b' c`)."""
    parts, current, quoted = [], "", False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p for p in (p.strip() for p in parts) if p]


def checks_for(rules: list[tuple[str, str]], kind: str, problems: list[str]) -> tuple[Check, ...]:
    """The checks of one level on a value of kind family `kind` (pointers stripped); rules that do not
    apply to that kind (a limit on a struct, a time compared with now) go to `problems`."""
    measure = _MEASURES.get(kind)
    out: list[Check] = []
    for name, param in rules:
        if name == "omitempty":
            out.insert(0, Check("omitempty", "entries" if measure == "entries" else None))
        elif name == "required":
            if kind in ("string", "int", "uint", "float", "bool"):
                out.append(Check("required"))
            # pointers, slices, maps: the key must be present and not null; structs: no check at all
        elif name in _FORMATS:
            if kind != "string":
                problems.append(name)
            else:
                out.append(Check(name))  # type: ignore[arg-type]
        elif name == "oneof":
            values = [a or b for a, b in _ONEOF_VALUE.findall(param)]
            parsed = [_number(v, kind) for v in values] if kind in ("int", "uint", "float") else values
            if measure is None or measure == "entries" or any(v is None for v in parsed):
                problems.append(f"oneof={param}")
            else:
                out.append(Check("oneof", "value", values=tuple(v for v in parsed if v is not None)))
        else:
            if measure is None:
                problems.append(f"{name}={param}")
                continue
            value_measure = "value" if measure == "characters" and name in ("eq", "ne") else measure
            value: str | int | float | None = param if value_measure == "value" and kind == "string" else _number(param, kind if value_measure == "value" else "int")
            if value is None:
                problems.append(f"{name}={param}")
                continue
            out.append(Check(name, value_measure, value))  # type: ignore[arg-type]
    return tuple(out)


def _number(text: str, kind: str) -> int | float | None:
    """A rule's parameter as the validator reads it: strconv.ParseInt(param, 0, 64) for integers,
    counts and lengths; strconv.ParseFloat for floats."""
    try:
        return float(text) if kind == "float" else int(text, 0)
    except ValueError:
        return None


def zero_passes(checks: tuple[Check, ...], kind: str) -> bool:
    """Whether the value left by an absent key or a null (the zero value; nil for pointers) passes."""
    if not checks:
        return True
    if checks[0].rule == "omitempty":
        return True
    if kind in ("pointer", "interface"):
        return False  # the validator fails every rule but omitempty on a nil pointer
    zero: str | int | bool = "" if kind == "string" else False if kind == "bool" else 0
    for check in checks:
        if not _passes(check, zero, kind):
            return False
    return True


def _passes(check: Check, zero: str | int | bool, kind: str) -> bool:
    rule = check.rule
    if rule in ("required", "email", "url", "uuid", "alphanum"):
        return False
    if rule == "oneof":
        return zero in check.values
    if check.measure == "value" and kind == "string":
        text = "" if check.value is None else str(check.value)
        return {"eq": text == "", "ne": text != ""}.get(rule, True)
    measured = 0.0  # the zero value's length, number of entries or value
    limit = float(check.value) if isinstance(check.value, (int, float)) else 0.0
    return {
        "min": measured >= limit,
        "gte": measured >= limit,
        "max": measured <= limit,
        "lte": measured <= limit,
        "len": measured == limit,
        "eq": measured == limit,
        "ne": measured != limit,
        "gt": measured > limit,
        "lt": measured < limit,
    }[rule]
