"""Go spellings for the Go target: reason names, string literals and doc comment lines."""

from __future__ import annotations

import re

from contractgen.ir.errorcatalog import reason_stem as catalog_stem

# Exported names the generated package declares besides the per-reason ones: no reason may take them.
FIXED_NAMES = frozenset(
    """ApiResponse Error FromResponse Handle OnError Option ParseProblem Problem ProblemOf ReadResponse
    Reason ReasonOf WithStatus WriteError""".split()
)
# The built-in reasons: the generated code itself uses their Go names (Internal, BadRequest).
BUILTIN_STEMS = {"INTERNAL": "Internal", "BAD_REQUEST": "BadRequest"}

_WORD_CHARS = re.compile(r"^[A-Za-z0-9_.\-]+$")
# Characters Go rejects in source even inside a comment (NUL, a BOM) or that would end it early.
_UNSAFE_IN_COMMENT = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufeff]")


def reason_stem(const_name: str, value: str) -> str:
    """The Xxx of ReasonXxx, ErrXxx, Xxx() and IsXxx() for one reason.

    The Go constant's own spelling is kept when it ends with the wire value's letters
    (ReasonHTTPTimeout for HTTP_TIMEOUT gives HTTPTimeout), so that the user's acronyms survive;
    otherwise the wire value is camel-cased (not_found gives NotFound).
    """
    if value in BUILTIN_STEMS:
        return BUILTIN_STEMS[value]
    return catalog_stem(const_name, value)


def go_string(value: str) -> str:
    """A Go interpreted string literal of `value`, whatever it holds."""
    out = ['"']
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable() and ch not in "\ufeff" and not 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(ch)
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("\\uFFFD")  # a lone surrogate is no code point: Go could not compile it
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def wire_in_prose(value: str) -> str:
    """How a doc comment names a wire value: as it is when it is a plain word, else quoted."""
    return value if _WORD_CHARS.match(value) else go_string(value)


def comment_text(text: str) -> str:
    """`text` for the inside of one `//` comment line: nothing that ends it or that Go rejects in source."""
    return _UNSAFE_IN_COMMENT.sub("", text.replace("\r", " ").replace("\n", " "))


def doc_lines(text: str) -> list[str]:
    """Doc text as comment lines: no trailing blanks (gofmt strips them), no runs of blank lines, none at the ends."""
    text = _UNSAFE_IN_COMMENT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    lines = [line for i, line in enumerate(lines) if line or (i > 0 and lines[i - 1])]  # one blank at a time
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines
