"""Struct tags as reflect.StructTag and encoding/json read them: Lookup's scan, strconv.Unquote's
escapes, isValidTag's unicode.IsLetter/IsDigit (not Python's str.isalpha/isdigit: "²" is a digit to
Python and none to Go)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from contractgen.records import record


@record(frozen=True)
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
            return go_unquote(quoted)  # None, like Lookup, when strconv.Unquote fails
    return None


# A pure function of the tag's text, and a module repeats a few tags (`json:"id"`) thousands of times.
@lru_cache(maxsize=4096)
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


# An ASCII name: its letters and digits are those of unicode.IsLetter/IsDigit.
_VALID_ASCII_NAME = re.compile(r"[A-Za-z0-9!#$%&()*+\-./:;<=>?@\[\]^_{|}~ ]+")


def is_valid_name(name: str) -> bool:
    """encoding/json's isValidTag: letters, digits and some punctuation; anything else falls back to the Go name."""
    if not name:
        return False
    if name.isascii():  # nearly every name, checked at C speed
        return _VALID_ASCII_NAME.fullmatch(name) is not None
    return all(ch in _ALLOWED_PUNCTUATION or _is_letter_or_digit(ch) for ch in name)


def _is_letter_or_digit(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] == "L" or category == "Nd"  # unicode.IsLetter, unicode.IsDigit


_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"'}


def go_unquote(quoted: str) -> str | None:
    """strconv.Unquote of a double-quoted Go string literal; None where Go returns an error. Byte
    escapes (\\x, octal) that do not form UTF-8 give U+FFFD, which is what ranging over the Go
    string yields, so isValidTag judges the same runes."""
    if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"':
        return None
    body = quoted[1:-1]
    if body.isascii() and "\\" not in body and '"' not in body and "\n" not in body:
        return body  # nothing to unescape: the loop below would give the same text
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == '"' or ch == "\n":
            return None
        if ch != "\\":
            out += ch.encode("utf-8", "surrogatepass")
            i += 1
            continue
        if i + 1 >= len(body):
            return None
        esc = body[i + 1]
        i += 2
        if esc in _SIMPLE_ESCAPES:
            out += _SIMPLE_ESCAPES[esc].encode()
        elif esc in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[esc]
            digits = body[i : i + width]
            if len(digits) != width or any(c not in "0123456789abcdefABCDEF" for c in digits):
                return None
            value = int(digits, 16)
            i += width
            if esc == "x":
                out.append(value)
            elif value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
                return None
            else:
                out += chr(value).encode("utf-8")
        elif esc in "01234567":
            digits = body[i - 1 : i + 2]
            if len(digits) != 3 or any(c not in "01234567" for c in digits) or int(digits, 8) > 255:
                return None
            out.append(int(digits, 8))
            i += 2
        else:
            return None  # \' and anything else: invalid in a double-quoted literal
    return out.decode("utf-8", "replace")
