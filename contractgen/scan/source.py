"""Where the scanner's bytes come from: a source tree (the work tree, a git revision, a directory in
the module cache). The scanner reads only through this seam, so every command can scan what it
needs without touching a disk it must not touch.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Protocol

# Directories the go tool ignores (and node_modules, which is never Go): never listed.
PRUNED_DIRS = frozenset({"vendor", "testdata", "node_modules"})


class NotARegularFile(OSError):
    """A FIFO, socket or device where a source file was listed: never read, never reported."""


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

    def unlisted(self) -> list[tuple[str, str]]:
        """Directories the last `files()` could not list, with the reason: (path, "Permission denied")."""
        ...

    def describe(self) -> str:
        """For messages: "/abs/dir" or "git:main"."""
        ...


class WorkTree:
    """The files on disk below `root` (the directory holding go.mod)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._unlisted: list[tuple[str, str]] = []

    def files(self) -> list[str]:
        found: list[str] = []
        root = str(self.root)
        self._unlisted = []

        def unlisted(exc: OSError) -> None:  # os.walk skips such a directory without a word otherwise
            rel = os.path.relpath(exc.filename or root, root).replace(os.sep, "/")
            self._unlisted.append(("" if rel == "." else rel, exc.strerror or str(exc)))

        for directory, subdirs, names in os.walk(root, onerror=unlisted):
            subdirs[:] = sorted(d for d in subdirs if not pruned(d))
            rel = os.path.relpath(directory, root).replace(os.sep, "/")
            prefix = "" if rel == "." else rel + "/"
            found.extend(prefix + name for name in names)
        return sorted(found)

    def unlisted(self) -> list[tuple[str, str]]:
        return sorted(self._unlisted)

    def read(self, path: str) -> bytes:
        # O_NONBLOCK, then a check: a FIFO named x.go would otherwise block the open (and the run) forever.
        fd = os.open(self.root / path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise NotARegularFile(errno.EINVAL, "not a regular file", str(self.root / path))
            return f.read()

    def describe(self) -> str:
        return str(self.root)
