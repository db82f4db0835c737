"""Doc comments as the scanner reads them: a comment group of `//` lines is read as one slice of the
source (contractgen/scan/gosyntax.py, `_doc_text`), everything else comment by comment; both must
give the same text."""

from __future__ import annotations

import pytest

from contractgen.scan.gosyntax import parse_file


def _field_doc(body: str) -> str:
    source = f"package p\n\ntype T struct {{\n{body}\tF int\n}}\n"
    facts = parse_file("p.go", source.encode())
    (decl,) = facts.types
    return decl.type.fields[0].doc  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize(
    ("comments", "expected"),
    [
        ("\t// One line.\n", "One line."),
        ("\t//No space.\n\t//  Two spaces.\n", "No space.\n Two spaces."),
        ("\t// First.\n\t//go:generate x\n\t// Last.\n", "First.\nLast."),  # a tool directive is no doc text
        ("\t//nolint:errcheck\n\t// Kept.\n", "Kept."),
        ("\t// Kept.\n\t//lint:ignore U1000 x\n", "Kept."),
        ("\t//go:embed x\n", ""),
        ("\t// Doc.\n\t//contractgen:always-set\n\t// More.\n", "Doc.\nMore."),  # nor a contractgen directive
        ("\t// contractgen:always-set\n", ""),
        ("\t// a: b, c:d\n", "a: b, c:d"),  # a colon in prose
        ("\t//\n\t// After a blank line.\n\t//\n", "After a blank line."),
        ("  \t  // Odd indentation.\n \t// Again.\n", "Odd indentation.\nAgain."),
        ("\t/* A block. */\n\t// Then a line.\n", "A block.\nThen a line."),
        ("\t// A line.\n\t/*\n\t * Then a block.\n\t */\n", "A line.\nThen a block."),
        ("\t// Grüße, 日本.\n", "Grüße, 日本."),
    ],
)
def test_doc_comment_text(comments: str, expected: str) -> None:
    assert _field_doc(comments) == expected


def test_crlf_and_invalid_utf8_lines() -> None:
    source = b"package p\r\n\r\ntype T struct {\r\n\t// One.\r\n\t// Two \xff.\r\n\tF int\r\n}\r\n"
    (decl,) = parse_file("p.go", source).types
    doc = decl.type.fields[0].doc  # type: ignore[attr-defined]
    assert doc.replace("\r", "") == "One.\nTwo \ufffd."


def test_type_doc_and_a_trailing_comment() -> None:
    source = b"package p\n\n// T is a thing.\n//go:generate stringer\n// It has a field.\ntype T struct {\n\tF int // the field\n}\n"
    (decl,) = parse_file("p.go", source).types
    assert decl.doc == "T is a thing.\nIt has a field."
    assert decl.type.fields[0].doc == "the field"  # type: ignore[attr-defined]
