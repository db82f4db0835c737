"""Which names a dependency's file may declare, from its bytes alone (no parse).

A dependency package is read for the few names the contract reaches (go-github's `Response` embeds
`*http.Response`, and net/http has 34 files), so the IR build parses only the files that may
declare a reached name, its methods or its constants. Each set is a superset: a name in it may not
be declared there (a struct field at the start of a line, a word of a constant's value), but a name
the file declares is never missing, so reading the files a name selects gives the same facts as
reading the whole package. Like the scanner's prefilter (contractgen/scan/filescan.py) it relies on
top-level declarations starting a line, as gofmt writes them.

Per file: `declared` the names a `type` or `const` declaration may introduce, `receivers` the words
of method receivers (`func (r *T[K]) M()`: r, T, K), `in_consts` every word of its `const`
declarations (an iota block's type is written once, on its first line). A pure function of the
bytes, kept in the per-file fact cache (FileEntry.names).
"""

from __future__ import annotations

import re

from contractgen.records import record
from contractgen.scan.gobytes import COMMENT_OR_LITERAL

# Comments and literals are blanked first, so that a word in them is never taken for a declaration
# (and a `(` or `{` in them counts no depth). A block comment or raw string spanning lines becomes
# a newline, where Go would insert a semicolon as well.
_NOISE = re.compile(COMMENT_OR_LITERAL, re.DOTALL)
_TOP = re.compile(rb"(?:\n|;[ \t]*)(type|const|func)\b")
_WORD = re.compile(rb"[\w\x80-\xff]+")  # bytes >= 0x80: an identifier may have any Unicode letter
_FIRST_WORD = re.compile(rb"\s*([\w\x80-\xff]+)")
_RECEIVER = re.compile(rb"\s*\(([^)]*)\)")
_GROUP = re.compile(rb"\s*\(")
# Inside a declaration: brackets, and a word after a separator (`;`, or the newline where Go inserts
# one, or `,` as in `A, B = 1, 2`): a spec's name when no bracket is open.
_TOKEN = re.compile(rb"[({\[]|[)}\]]|[\n;,]\s*([\w\x80-\xff]+)")
# A single spec ends where the next top-level line starts (a value may continue on further lines).
_NEXT_TOP_LINE = re.compile(rb"\n\S")


@record(frozen=True)
class DeclaredNames:
    declared: frozenset[str]
    receivers: frozenset[str]
    in_consts: frozenset[str]


def declared_names(source: bytes) -> DeclaredNames:
    text = _blanked(b"\n" + source)
    declared: set[bytes] = set()
    receivers: set[bytes] = set()
    in_consts: set[bytes] = set()
    for match in _TOP.finditer(text):
        keyword, start = match.group(1), match.end()
        if keyword == b"func":
            receiver = _RECEIVER.match(text, start)
            if receiver is not None:
                receivers.update(_WORD.findall(receiver.group(1)))
            continue
        group = _GROUP.match(text, start)
        if group is not None:
            end = _names_at_depth_zero(text, group.end(), len(text), declared)
        else:
            following = _NEXT_TOP_LINE.search(text, start)
            end = following.start() if following is not None else len(text)
            if keyword == b"type":  # one spec, one name
                first = _FIRST_WORD.match(text, start)
                if first is not None:
                    declared.add(first.group(1))
            else:
                _names_at_depth_zero(text, start, end, declared)
        if keyword == b"const":
            in_consts.update(_WORD.findall(text, start, end))
    return DeclaredNames(_decoded(declared), _decoded(receivers), _decoded(in_consts))


def _names_at_depth_zero(text: bytes, start: int, end: int, into: set[bytes]) -> int:
    """Add the names that start specs between `start` and `end` (or the `)` closing the group that
    starts at `start`); return where the declaration ends."""
    first = _FIRST_WORD.match(text, start, end)
    if first is not None:
        into.add(first.group(1))
    depth = 0
    for token in _TOKEN.finditer(text, start, end):
        name = token.group(1)
        if name is not None:
            if depth == 0:
                into.add(name)
        elif token.group(0) in b"({[":
            depth += 1
        elif depth == 0:
            return token.start()  # the group's own `)`
        else:
            depth -= 1
    return end


def _blanked(text: bytes) -> bytes:
    """`text` with its comments and literals blanked. A literal replacement runs at C speed (calling
    _blank for each of a file's hundreds of comments and strings was half of indexing it), and is
    the answer where no piece spans lines: without a block comment or raw string none can."""
    if b"/*" not in text and b"`" not in text:
        return _NOISE.sub(b" ", text)
    return _NOISE.sub(_blank, text)


def _blank(match: re.Match[bytes]) -> bytes:
    return b"\n" if b"\n" in match.group(0) else b" "


def _decoded(words: set[bytes]) -> frozenset[str]:
    return frozenset(w.decode("utf-8", "replace") for w in words)
