"""A dependency's file is read without parsing most function bodies (gosyntax.parse_declarations):
its facts must be those of a parse of the whole file, on the layouts that fool a byte-level guess at
where a body ends, and on real Go: the standard library's packages that contracts reach."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from contractgen.scan import gosyntax
from contractgen.scan.facts import FileFacts


def _whole(source: bytes, path: str = "x.go") -> FileFacts:
    return gosyntax._FileReader(path, source).read(gosyntax._parser().parse(source).root_node)


def _bodies_left_out_of_the_tree_read(source: bytes) -> int:
    """How many bodies the tree parse_declarations reads leaves out (0: it parses the whole file)."""
    skipped = gosyntax._outside_bodies(source)
    if skipped is None:
        return 0
    ranges, bodies = skipped
    parser = gosyntax._parser("declarations")
    parser.included_ranges = ranges
    root = parser.parse(source).root_node
    return len(bodies) if not root.has_error and bodies <= gosyntax._function_bodies(root) else 0


PLAIN = b'''package p

type A struct {
	ID int `json:"id"`
}

func (a A) MarshalText() ([]byte, error) {
	x := struct{ B int }{1}
	_ = x
	return nil, nil
}

// B is documented.
type B string

const (
	One B = "one"
)

func (b *B) UnmarshalJSON(data []byte) error {
	return nil
}

func (a A) Name() string {
	return ""
}
'''

TRICKY = {
    # a `func` line inside a top-level raw string, followed by a line starting with `}` in it
    "func in a raw string": b'''package p

const pre = `
func Generated() {
	x := 1
}
`

const post = "kept"

type T struct{ A int }
''',
    # the `{` ending the first line opens a result type, not the body
    "result struct in parentheses": b'''package p

type V struct{}

func (v V) Index(i int) (out struct {
	A int
	B string
}) {
	return
}
''',
    "result struct without parentheses": b'''package p

type V struct{}

func (v V) Pair() struct {
	A int
} {
	return struct{ A int }{}
}

type After struct{ Z int }
''',
    # lines starting with `}` inside a body's raw string and block comment
    "raw string and block comment in a body": b'''package p

func f() string {
	/*
}
	*/
	return `
}
type Fake struct{}
`
}

type Real struct{ A int }

func (r Real) MarshalJSON() ([]byte, error) {
	return []byte(`{"a":
}`), nil
}
''',
    "a rune and a string holding backquotes": b'''package p

func f() (rune, string) {
	return '`', "`/*"
}

type Real struct{ A int }
''',
    # no line ends the body: the whole file is parsed, and its syntax error reported as before
    "truncated body": b'''package p

type Real struct{ A int }

func f() {
	if true {
''',
    "multi-line signature": b'''package p

func f(
	a int,
) error {
	return nil
}

type Real struct{ A int }
''',
}


def test_a_plain_file_skips_its_bodies_and_keeps_its_facts() -> None:
    assert _bodies_left_out_of_the_tree_read(PLAIN) == 3
    facts = gosyntax.parse_declarations("x.go", PLAIN)
    assert facts == _whole(PLAIN)
    assert [t.name for t in facts.types] == ["A", "B"] and facts.types[1].doc == "B is documented."
    assert {(m.receiver, m.name) for m in facts.methods} == {("A", "MarshalText"), ("B", "UnmarshalJSON"), ("A", "Name")}


@pytest.mark.parametrize("case", sorted(TRICKY))
def test_layouts_that_fool_the_byte_level_guess_give_the_whole_parse(case: str) -> None:
    source = TRICKY[case]
    assert gosyntax.parse_declarations("x.go", source) == _whole(source)


def _goroot() -> Path | None:
    go = shutil.which("go")
    if go is None:
        return None
    return Path(subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip())


# What go-github's and kubernetes/api's contracts reach, and large files of other layouts.
STD_PACKAGES = ("net/http", "net/url", "crypto/tls", "crypto/x509", "encoding/asn1", "math/big", "time", "go/ast", "image/internal/imageutil")


@pytest.mark.slow
def test_the_standard_librarys_files_give_the_facts_of_a_whole_parse() -> None:
    goroot = _goroot()
    if goroot is None:
        pytest.skip("no Go toolchain")
    checked = skipped = 0
    for package in STD_PACKAGES:
        for path in sorted((goroot / "src" / package).glob("*.go")):
            source = path.read_bytes()
            assert gosyntax.parse_declarations(str(path), source) == _whole(source, str(path)), path
            checked += 1
            skipped += _bodies_left_out_of_the_tree_read(source) > 0
    assert checked > 150 and skipped > checked // 2


def test_bodies_holding_lines_that_start_with_a_brace_in_literals_are_still_skipped() -> None:
    """Not only correct (the tests above) but fast: a body's raw strings and comments do not end
    the skipping, so both bodies of this file are left out of the tree that is read."""
    assert _bodies_left_out_of_the_tree_read(TRICKY["raw string and block comment in a body"]) == 2
