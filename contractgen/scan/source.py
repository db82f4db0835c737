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
        found: list[str] = []
        root = str(self.root)
        for directory, subdirs, names in os.walk(root):
            subdirs[:] = sorted(d for d in subdirs if not pruned(d))
            rel = os.path.relpath(directory, root).replace(os.sep, "/")
            prefix = "" if rel == "." else rel + "/"
            found.extend(prefix + name for name in names)
        return sorted(found)

    def read(self, path: str) -> bytes:
        with open(self.root / path, "rb") as f:
            return f.read()

    def describe(self) -> str:
        return str(self.root)
