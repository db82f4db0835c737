"""Small pieces with exact rules: struct tags, build constraints, constant expressions, doc comments."""

from __future__ import annotations

import pytest

from contractgen.ir.jsontag import JsonTag, lookup, parse_json_tag
from contractgen.scan.buildtags import Platform, file_name_matches, header_matches
from contractgen.scan.gosyntax import parse_file
from contractgen.targets.ts.names import doc_lines, enum_key, property_key, string_literal


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ('json:"name"', JsonTag("name")),
        ('json:"name,omitempty"', JsonTag("name", omitempty=True)),
        ('json:",omitzero,string"', JsonTag("", omitzero=True, string=True)),
        ('json:"-"', JsonTag("", skip=True)),
        ('json:"-,"', JsonTag("-")),
        ('xml:"x" json:"y"', JsonTag("y")),
        ('json:"with space"', JsonTag("with space")),
        ('json:"a\\"b"', JsonTag("")),  # a quote is not a valid name: the Go field name is used
        ('json:"ünï"', JsonTag("ünï")),
        ("", JsonTag("")),
        ('jsonx:"a"', JsonTag("")),
    ],
)
def test_json_tags_as_encoding_json_reads_them(tag: str, expected: JsonTag) -> None:
    assert parse_json_tag(tag) == expected


def test_struct_tag_lookup_stops_at_malformed_tags() -> None:
    assert lookup('a:"1" b:"2"', "b") == "2"
    assert lookup('a:1 b:"2"', "b") is None  # reflect gives up at the first malformed pair


@pytest.mark.parametrize(
    ("name", "kept"),
    [("a.go", True), ("a_windows.go", False), ("a_linux.go", True), ("a_arm64.go", False), ("a_linux_amd64.go", True), ("linux.go", True), ("a_test_windows.go", False)],
)
def test_file_name_constraints(name: str, kept: bool) -> None:
    assert file_name_matches(name, Platform()) is kept


@pytest.mark.parametrize(
    ("line", "kept"),
    [("linux && amd64", True), ("!linux", False), ("windows || (linux && !cgo)", True), ("ignore", False), ("unix", True), ("go1.22", True), ("go1.99", False), ("custom", False)],
)
def test_go_build_expressions(line: str, kept: bool) -> None:
    assert header_matches(f"//go:build {line}\n\npackage p\n".encode(), Platform()) is kept


def test_an_os_implies_its_parent_as_go_build_does() -> None:
    android = Platform(goos="android", goarch="arm64")
    assert file_name_matches("a_linux.go", android) and file_name_matches("a_android.go", android)
    assert file_name_matches("a_linux_arm64.go", android) and not file_name_matches("a_linux_amd64.go", android)
    assert header_matches(b"//go:build linux\npackage p\n", android)
    assert not file_name_matches("a_android.go", Platform())  # but linux does not imply android


def test_configured_tags_and_platform() -> None:
    assert header_matches(b"//go:build custom\npackage p\n", Platform(tags=frozenset({"custom"})))
    assert file_name_matches("a_windows.go", Platform(goos="windows"))


def test_const_blocks_with_iota_skips_and_expressions() -> None:
    source = b"""package p
type Flag uint8
const (
	FlagA Flag = 1 << iota
	_
	FlagC
	FlagAll = FlagA | FlagC
)
type Kind string
const KindX Kind = "x" + "y"
const untyped = 3
const (
	Hex = Flag(0x1F)
	Octal = 0o17
	Sep = 1_000
	Rune = 'a'
	Esc = "\\u00e9\\n\\x41"
)
"""
    facts = parse_file("p.go", source)
    values = {c.name: (c.value, c.type.name if c.type else None) for c in facts.consts}
    assert values["FlagA"] == (1, "Flag")
    assert values["FlagC"] == (4, "Flag")
    assert values["FlagAll"] == (5, "Flag")  # typed by the typed constants it is made of
    assert values["KindX"] == ("xy", "Kind")
    assert values["untyped"] == (3, None)
    assert values["Hex"] == (31, "Flag")
    assert values["Octal"] == (15, None) and values["Sep"] == (1000, None) and values["Rune"] == (97, None)
    assert values["Esc"] == ("é\nA", None)


def test_const_specs_with_several_names() -> None:
    # tree-sitter-go's const_spec holds the commas in its "name" field: a name list must skip them,
    # or the second name takes the third value (or none). Values as Go gives them (go run).
    source = b"""package p
type Kind int
const (
	X, Y Kind = iota, iota + 10
	Z, W
)
const A, B = "a", "b"
"""
    facts = parse_file("p.go", source)
    values = {c.name: (c.value, c.type.name if c.type else None) for c in facts.consts}
    assert values == {"X": (0, "Kind"), "Y": (10, "Kind"), "Z": (1, "Kind"), "W": (11, "Kind"), "A": ("a", None), "B": ("b", None)}


def test_doc_comments_cannot_break_out() -> None:
    assert doc_lines("a */ b") == ["a *\\/ b"]
    assert doc_lines("Deprecated: use X") == ["@deprecated use X"]
    assert property_key("__proto__", computed_for_proto=True) == '["__proto__"]'
    assert property_key("x-id") == '"x-id"'
    assert string_literal("\u2028</script>\"") == '"\\u2028</script>\\""'


def test_enum_keys_drop_the_type_prefix_only_when_a_name_remains() -> None:
    assert enum_key("Status", "StatusActive") == "Active"
    assert enum_key("Status", "Status") == "Status"
    assert enum_key("Level", "Level2") == "Level2"
    assert enum_key("Status", "Other") == "Other"


def test_tool_directives_are_not_doc_text() -> None:
    facts = parse_file("a.go", b"package a\n\n// T is a thing.\n//go:generate stringer -type=T\n//nolint:all\ntype T int\n")
    assert facts.types[0].doc == "T is a thing."
