"""Reading one dependency package's directory: its .go files that the build constraints keep.

PackageDirectory is a SourceTree (contractgen/scan/source.py) over one directory and not its
subdirectories: a Go package is one directory, and a module in the cache can be large (a WorkTree
over it would list every package). The files it keeps are parsed through the scanner's per-file
fact cache (contractgen/deps/__init__.py).
"""

from __future__ import annotations

from pathlib import Path

from contractgen.records import record
from contractgen.scan.buildtags import Platform, file_name_matches, header_matches
from contractgen.scan.header import read_header
from contractgen.scan.source import SourceTree


class PackageDirectory:
    """A SourceTree over the .go files directly in `directory` (test files and `.`/`_` files left out, as go/build does)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def files(self) -> list[str]:
        try:
            names = [entry.name for entry in self.directory.iterdir() if entry.is_file()]
        except OSError:
            return []
        return sorted(n for n in names if n.endswith(".go") and not n.endswith("_test.go") and not n.startswith((".", "_")))

    def read(self, path: str) -> bytes:
        return (self.directory / path).read_bytes()

    def unlisted(self) -> list[tuple[str, str]]:
        return []  # a dependency's package that cannot be listed has no files; its types are reported unresolved

    def describe(self) -> str:
        return str(self.directory)


@record(frozen=True)
class KeptFile:
    name: str
    source: bytes
    package: str


def kept_files(tree: SourceTree, platform: Platform) -> list[KeptFile]:
    """The files `go build` would compile for `platform`, with their package clause's name."""
    kept: list[KeptFile] = []
    for name in tree.files():
        if "/" in name or not name.endswith(".go") or name.endswith("_test.go") or not file_name_matches(name, platform):
            continue
        try:
            data = tree.read(name)
        except OSError:
            continue
        header = read_header(data)
        if header.package and header_matches(header.text, platform):
            kept.append(KeptFile(name, header.source, header.package))
    return kept
