"""The per-file fact cache: FileEntry by content hash, in memory (watch) and on disk (one-shot runs).

Key: sha256 of the file's path and bytes (facts carry positions, so the path is part of what they
are). The platform is not: it only decides which files are scanned (discover), never what a file
yields. On disk, entries live under a directory named for the cache format and a fingerprint of
contractgen's own code, so another version (or an edited checkout) never reads them. Writes are
atomic (temp file + rename); an unreadable or corrupt entry is a miss; the directory is safe to delete.

Location: contractgen.cachedir (CONTRACTGEN_CACHE_DIR, XDG_CACHE_HOME, ~/.cache/contractgen);
CONTRACTGEN_CACHE_DIR=off turns the disk cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from contractgen.scan.discover import SourceFile
from contractgen.scan.filescan import FileEntry, may_contribute

CACHE_FORMAT = 1
@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of contractgen's version, its code and its built-in templates: what the output depends on
    besides the input."""
    import contractgen
    from contractgen.resources import resource_dir

    digest = hashlib.sha256(contractgen.__version__.encode())
    package = Path(contractgen.__file__).parent
    for top in (package, resource_dir("templates")):
        for path in sorted(top.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".jinja", ".json"):
                digest.update(path.relative_to(top).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def file_digest(path: str, source: bytes) -> str:
    digest = hashlib.sha256(path.encode())
    digest.update(b"\0")
    digest.update(source)
    return digest.hexdigest()


class FactCache:
    """FileEntry by digest. `directory`: the disk cache root (None: memory only)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.memory: dict[str, FileEntry] = {}
        self.touched: set[str] = set()  # digests asked for since the last retain_touched
        self.directory = directory / f"facts-v{CACHE_FORMAT}-{code_fingerprint()[:16]}" if directory is not None else None

    def entry(self, file: SourceFile) -> FileEntry:
        digest = file_digest(file.path, file.source)
        self.touched.add(digest)
        found = self.memory.get(digest)
        if found is None:
            found = self._load(digest, file.path) or FileEntry(file.path, digest, eager=may_contribute(file.source))
            self.memory[digest] = found
        return found

    def adopt(self, entry: FileEntry) -> None:
        """An entry filled elsewhere (by a forked child, from its copy of this cache), in place of ours."""
        self.memory[entry.digest] = entry

    def retain_touched(self) -> None:
        """Forget the entries not asked for since the last call: contents no longer in the tree
        (watch: the file was edited or removed), so that a long session's memory stays bounded.
        Nothing asked for (the build stopped before scanning): nothing is forgotten."""
        if not self.touched:
            return
        for digest in [d for d in self.memory if d not in self.touched]:
            del self.memory[digest]
        self.touched = set()

    def persist(self) -> None:
        if self.directory is None:
            return
        for entry in self.memory.values():
            if entry.dirty and entry.worth_keeping:
                try:
                    self._store(entry)
                except OSError:
                    return  # a read-only or full disk: the cache only saves time
                entry.dirty = False

    def _path(self, digest: str) -> Path:
        assert self.directory is not None
        return self.directory / digest[:2] / digest

    def _load(self, digest: str, path: str) -> FileEntry | None:
        if self.directory is None:
            return None
        try:
            with open(self._path(digest), "rb") as f:
                entry = pickle.load(f)
        except Exception:  # missing, unreadable, truncated or from an incompatible pickle: a miss
            return None
        if not isinstance(entry, FileEntry) or entry.digest != digest or entry.path != path:
            return None
        entry.dirty = False
        return entry

    def _store(self, entry: FileEntry) -> None:
        target = self._path(entry.digest)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(entry, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
