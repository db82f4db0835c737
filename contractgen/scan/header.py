"""A .go file's header as the go tool reads it: an optional byte order mark, then white space and
comments (where the build constraints stand), then the package clause as the first token."""

from __future__ import annotations

import re

from contractgen.records import record

# go/scanner skips a byte order mark at the very start of a file: such a file is ordinary Go.
BOM = b"\xef\xbb\xbf"
# Only white space and comments may stand before the package clause; a block comment may well
# mention "package x" at the start of one of its lines. One character of white space per repetition,
# so that a file without a clause fails in linear time.
_CLAUSE = re.compile(rb"(?:\s|//[^\n]*|/\*.*?\*/)*package\s+([A-Za-z_][A-Za-z0-9_]*)", re.DOTALL)


@record(frozen=True)
class Header:
    source: bytes  # the file's bytes without a leading byte order mark
    package: str  # the package clause's name, "" when the file has none
    end: int  # where the header (up to the end of the package clause) ends in `source`

    @property
    def text(self) -> bytes:
        """What stands above and in the package clause: where //go:build lines count."""
        return self.source[: self.end]


def read_header(data: bytes) -> Header:
    source = data.removeprefix(BOM)
    clause = _CLAUSE.match(source)
    if clause is None:
        return Header(source, "", len(source))
    return Header(source, clause.group(1).decode(), clause.end())
