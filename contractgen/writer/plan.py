"""Deciding a run's changes before anything is written: what is new, changed, unchanged and stale, and
whether every path is ours to write (inside OUT, not through a symbolic link, not someone else's file)."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import field
from pathlib import Path, PurePosixPath

from contractgen.records import record
from contractgen.writer.errors import HandWritten, UnsafePath, WriterError
from contractgen.writer.layout import MANIFEST, SKIPPED_DIRS, digest, has_header, read_manifest

# What the writer of earlier versions left next to a file when it was killed: `.<name>.<random>.tmp`.
_LEGACY_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


@record
class Plan:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    modes: dict[str, int] = field(default_factory=dict)  # updated files: the mode they keep


def check_out_dir(out: Path, source_root: Path | None) -> None:
    """OUT may not be `/`, inside a `.git` directory, a file, or the module (or a directory above it)."""
    resolved = out.resolve()
    if resolved == Path(resolved.anchor):
        raise UnsafePath(f"refusing to write to {out}: it is the file system's root", "pass a directory of its own, e.g. --out web/contract")
    if ".git" in resolved.parts:
        raise UnsafePath(f"refusing to write to {out}: it is inside a .git directory", "pass a directory outside .git")
    if source_root is not None:
        root = source_root.resolve()
        if root == resolved or root.is_relative_to(resolved):
            raise UnsafePath(
                f"refusing to write to {out}: it is the Go module {root} or a directory above it",
                "pass a directory of its own, e.g. --out contract",
            )
    if out.exists() and not out.is_dir():
        raise WriterError(f"{out} exists and is not a directory", "pass a directory for --out")


def make_plan(out: Path, files: dict[str, bytes], source_root: Path | None, strict: bool) -> Plan:
    """`strict` (for write): refuse symbolic links and other people's files; else (for diff) only compare."""
    manifest = read_manifest(out) if out.is_dir() else {}
    plan = Plan()
    for rel in sorted(files):
        path = _checked_path(out, rel, strict)
        existing = _read_existing(path, rel, strict)
        if existing is None:
            plan.created.append(rel)
        elif existing == files[rel]:
            plan.unchanged.append(rel)
        else:
            if strict and not has_header(existing) and rel not in manifest:
                raise HandWritten(
                    f"{path} exists and was not written by contractgen (it has no generated-code header and is not in {out / MANIFEST})",
                    "move it away or delete it, then run again; contractgen never overwrites a file it did not write",
                )
            plan.updated.append(rel)
            try:
                plan.modes[rel] = stat.S_IMODE(path.stat().st_mode)
            except OSError:
                pass
    plan.removed = _stale(out, files, manifest)
    return plan


def _checked_path(out: Path, rel: str, strict: bool) -> Path:
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or PurePosixPath(rel).is_absolute() or any(p in ("..", ".", "") for p in parts) or "\\" in rel:
        raise UnsafePath(f"refusing to write {rel!r} outside {out}")
    if parts[0].startswith(".contractgen"):
        raise UnsafePath(f"refusing to write {rel!r}: the name is the writer's own")
    path = out
    for index, part in enumerate(parts):
        path = path / part
        last = index == len(parts) - 1
        try:
            info = path.lstat()
        except FileNotFoundError:
            return out / rel
        except OSError as exc:
            raise WriterError(f"cannot read {path}: {exc.strerror}") from None
        if stat.S_ISLNK(info.st_mode):
            if strict:
                raise UnsafePath(
                    f"refusing to write {out / rel}: {path} is a symbolic link, and contractgen never writes through one",
                    "replace the link with a directory or file of its own, or choose another --out",
                )
            return out / rel
        if not last and not stat.S_ISDIR(info.st_mode):
            raise WriterError(f"cannot write {out / rel}: {path} exists and is not a directory", "move it away, then run again")
        if last and not stat.S_ISREG(info.st_mode):
            raise WriterError(f"cannot write {path}: it exists and is not a regular file", "move it away, then run again")
    return out / rel


def _read_existing(path: Path, rel: str, strict: bool) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriterError(f"cannot read {path}: {exc.strerror}", "check its permissions") from None


def _stale(out: Path, files: dict[str, bytes], manifest: dict[str, str]) -> list[str]:
    """Ours and no longer generated: in the last run's manifest (unchanged since), or carrying the header
    under one of this generation's target directories (outputs of runs before the manifest existed)."""
    stale: set[str] = set()
    for rel, sha in manifest.items():
        if rel in files or not _plain_below(out, rel):
            continue
        try:
            data = (out / rel).read_bytes()
        except OSError:
            continue
        if digest(data) == sha or has_header(data):
            stale.add(rel)
    for target in sorted({rel.split("/", 1)[0] for rel in files if "/" in rel}):
        base = out / target
        if base.is_symlink() or not base.is_dir():
            continue
        for directory, subdirs, names in os.walk(base):
            subdirs[:] = sorted(
                d for d in subdirs if d not in SKIPPED_DIRS and not d.startswith(".") and not os.path.islink(os.path.join(directory, d))
            )
            for name in sorted(names):
                path = Path(directory) / name
                rel = path.relative_to(out).as_posix()
                if rel in files or path.is_symlink() or not path.is_file():
                    continue
                if _LEGACY_TEMP.match(name) or _starts_with_header(path):
                    stale.add(rel)
    return sorted(stale)


def _plain_below(out: Path, rel: str) -> bool:
    """`rel` names a regular file below OUT with no symbolic link on the way."""
    parts = PurePosixPath(rel).parts
    if not parts or any(p in ("..", ".", "") for p in parts):
        return False
    path = out
    for part in parts:
        path = path / part
        if path.is_symlink():
            return False
    return path.is_file()


def _starts_with_header(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return has_header(f.read(200))
    except OSError:
        return False
