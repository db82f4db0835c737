"""Where the scanner's bytes come from: a source tree (the work tree, a git revision, a directory in
the module cache). The scanner reads only through this seam, so every command can scan what it
needs without touching a disk it must not touch.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

# Directories the go tool ignores (and node_modules, which is never Go): never listed.
PRUNED_DIRS = frozenset({"vendor", "testdata", "node_modules"})


def pruned(name: str) -> bool:
    """Whether a directory of this name is left out of a tree's files."""
    return name in PRUNED_DIRS or name.startswith((".", "_"))


class SourceTree(Protocol):
    def files(self) -> list[str]:
        """Every file path relative to the tree root, POSIX, sorted; pruned directories left out."""
        ...

    def read(self, path: str) -> bytes:
        """The file's bytes; raises OSError (FileNotFoundError) when it cannot."""
        ...

    def describe(self) -> str:
        """For messages: "/abs/dir" or "git:main"."""
        ...


class WorkTree:
    """The files on disk below `root` (the directory holding go.mod)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def files(self) -> list[str]:
        """Only regular files (or links to them): a FIFO named x.go would block its reader forever,
        and a dangling or looping link is no file. Directory links are not followed (no loops)."""
        found: list[str] = []
        pending = [""]
        while pending:
            rel = pending.pop()
            try:
                entries = list(os.scandir(self.root / rel if rel else self.root))
            except OSError:
                continue  # unreadable or gone: nothing of it can be scanned
            for entry in entries:
                path = rel + entry.name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if not pruned(entry.name):
                            pending.append(path + "/")
                    elif entry.is_file():
                        found.append(path)
                except OSError:
                    continue
        return sorted(found)

    def read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()

    def describe(self) -> str:
        return str(self.root)
