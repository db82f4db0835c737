"""The generation memo: a one-shot run whose inputs are all unchanged since the last run of the same
command reuses that run's contract, files and diagnostics instead of scanning and rendering again.

Sound because a generation is a pure function of what the key holds: contractgen's own code and
templates (scan.cache.code_fingerprint), the module root and SRC, the loaded config, the template
overrides' bytes, the platform, go.mod's module line, and the path and content hash of every file
that discovery kept. One slot per command shape (root, SRC, --config, --templates, targets), so the
memo does not grow with edits; a corrupt or foreign slot is a miss; the directory is safe to delete.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from contractgen.diagnostics import Diagnostic
from contractgen.ir.model import Contract
from contractgen.records import record

MEMO_FORMAT = 1


@record(frozen=True)
class Memo:
    key: str
    contract: Contract
    files: dict[str, str]
    diagnostics: list[Diagnostic]
    missing_types: tuple[str, ...] = ()  # Generation.missing_types


def memo_key(parts: list[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def template_bytes(template_dir: Path | None) -> bytes:
    """Every override file's path and content: an edited override is a different generation."""
    if template_dir is None or not template_dir.is_dir():
        return b""
    parts = []
    for path in sorted(template_dir.rglob("*")):
        if path.is_file():
            parts.append(path.relative_to(template_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return b"\0\0".join(parts)


class MemoSlot:
    def __init__(self, directory: Path, shape: list[str]) -> None:
        from contractgen.scan.cache import code_fingerprint

        name = hashlib.sha256("\0".join(shape).encode()).hexdigest()[:32]
        self.path = directory / f"generations-v{MEMO_FORMAT}-{code_fingerprint()[:16]}" / f"{name}.pickle"

    def load(self, key: str) -> Memo | None:
        try:
            with open(self.path, "rb") as f:
                memo = pickle.load(f)
        except Exception:  # missing, unreadable or corrupt: a miss
            return None
        return memo if isinstance(memo, Memo) and memo.key == key else None

    def store(self, memo: Memo) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".", suffix=".tmp")
        except OSError:
            return  # a read-only or full disk: the memo only saves time
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(memo, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
