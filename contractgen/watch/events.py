"""Which file events can change the output: the scanner's inputs, the config, the templates, and
OUT disappearing underneath. Everything else (OUT's own writes, .git, node_modules, editors'
backup and swap files, directories the scanner skips) is ignored.
"""

from __future__ import annotations

import os
from pathlib import Path

from contractgen.records import record
from contractgen.scan.source import pruned

_MODULE_FILES = frozenset({"go.mod", "go.work", "contractgen.toml"})


@record(frozen=True)
class Relevance:
    root: Path  # the module root (resolved)
    out: Path  # resolved
    config: Path | None = None  # an explicit --config file
    templates: Path | None = None  # the --templates directory

    def in_out(self, path: str) -> bool:
        where = Path(os.path.abspath(path))
        return where == self.out or self.out in where.parents

    def matters(self, path: str, deleted: bool, is_dir: bool) -> bool:
        """`deleted`: the path is gone (deleted, or moved away to outside OUT)."""
        where = Path(os.path.abspath(path))
        if self.in_out(path):
            # Our own writes (temporary files renamed into place, the writer's staging directory and
            # everything in it, removed after each switch) are not news; OUT or a file of it gone is.
            inside = where.relative_to(self.out).parts
            return deleted and not any(part.startswith(".") for part in inside)
        if self.templates is not None and (where == self.templates or self.templates in where.parents):
            return True
        if self.config is not None and where == self.config:
            return True
        try:
            rel = where.relative_to(self.root)
        except ValueError:
            return False
        parts = rel.parts
        if not parts or any(pruned(part) for part in parts[:-1]):
            return False
        name = parts[-1]
        if is_dir:
            return not pruned(name)  # a package moved in, out or away
        if len(parts) == 1 and name in _MODULE_FILES:
            return True
        return name.endswith(".go") and not name.endswith("_test.go") and not name.startswith((".", "_"))
