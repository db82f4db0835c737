"""Struct tags as reflect.StructTag and encoding/json read them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JsonTag:
    name: str  # "" when the tag gives no (valid) name
    skip: bool = False  # `json:"-"`
    omitempty: bool = False
    omitzero: bool = False
    string: bool = False


def lookup(tag: str | None, key: str) -> str | None:
    """reflect.StructTag.Lookup: the conventional `key:"value" key2:"value2"` format."""
    if not tag:
        return None
    i = 0
    n = len(tag)
    while i < n:
        while i < n and tag[i] == " ":
            i += 1
        start = i
        while i < n and tag[i] > " " and tag[i] != ":" and tag[i] != '"' and tag[i] != "\x7f":
            i += 1
        if i == start or i + 1 >= n or tag[i] != ":" or tag[i + 1] != '"':
            return None
        name = tag[start:i]
        i += 1
        value_start = i
        i += 1
        while i < n and tag[i] != '"':
            if tag[i] == "\\":
                i += 1
            i += 1
        if i >= n:
            return None
        quoted = tag[value_start : i + 1]
        i += 1
        if name == key:
            return _unquote(quoted)
    return None


def parse_json_tag(tag: str | None) -> JsonTag:
    value = lookup(tag, "json")
    if value is None:
        return JsonTag("")
    if value == "-":
        return JsonTag("", skip=True)
    name, _, rest = value.partition(",")
    options = rest.split(",") if rest else []
    return JsonTag(
        name=name if is_valid_name(name) else "",
        omitempty="omitempty" in options,
        omitzero="omitzero" in options,
        string="string" in options,
    )


_ALLOWED_PUNCTUATION = set("!#$%&()*+-./:;<=>?@[]^_{|}~ ")


def is_valid_name(name: str) -> bool:
    """encoding/json's isValidTag: letters, digits and some punctuation; anything else falls back to the Go name."""
    if not name:
        return False
    return all(ch in _ALLOWED_PUNCTUATION or ch.isalpha() or ch.isdigit() for ch in name)


def _unquote(quoted: str) -> str:
    import json

    try:
        return str(json.loads(quoted))
    except ValueError:
        return quoted[1:-1]
