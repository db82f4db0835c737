"""The byte-level pattern of Go's comments and literals (contractgen/scan/gobytes.py): what it
matches decides which words are code for the prefilter and the dependency index."""

from __future__ import annotations

import re

import pytest

from contractgen.scan.gobytes import COMMENT_OR_LITERAL

_NOISE = re.compile(COMMENT_OR_LITERAL, re.DOTALL)


@pytest.mark.parametrize(
    ("source", "matches"),
    [
        (b'x := "a\\"b" + y', [b'"a\\"b"']),  # an escaped quote does not end the string
        (b'x := "a\\\\" + "b"', [b'"a\\\\"', b'"b"']),  # an escaped backslash does not escape the quote
        (b'x := "open\ny := 1', []),  # not closed on its line: no literal, the rest is code
        (b'x := "a\\\nb"', [b'"a\\\nb"']),  # a backslash escapes any byte, a newline too (invalid Go, but one token here)
        (b"r := '\\'' + 'x'", [b"'\\''", b"'x'"]),
        (b"s := `raw\n\"not a string\"\n` // c", [b'`raw\n"not a string"\n`', b"// c"]),
        (b"/* a\n// b */ c", [b"/* a\n// b */"]),
        (b'"// no comment" // but this', [b'"// no comment"', b"// but this"]),
        (b'"\xff\xfe" x', [b'"\xff\xfe"']),
        (b'"" x', [b'""']),
    ],
)
def test_comment_or_literal(source: bytes, matches: list[bytes]) -> None:
    assert [m.group(0) for m in _NOISE.finditer(source)] == matches
