"""The transaction: stage every new file, commit with one rename of the journal, then switch.

Before the journal is in place nothing in OUT has changed (a killed run leaves only the staging
directory, which the next run removes). Once it is in place the switch is renames and removals only,
each idempotent, so whoever finds the journal (the next run, `recover`) can finish it.

The staging directory is flat: the journal's `replace` list names the files, and the file staged for
its entry i is `staging/i` (journal version 2). Version 1 mirrored OUT's tree there, which cost a
directory made and removed for each of OUT's (94 mkdirs and 37 rmdirs for kubernetes/api, a third of
writing its output); a version-1 journal left by an earlier contractgen is still completed.
"""

from __future__ import annotations

import errno
import json
import os
import queue
import shutil
import threading
from pathlib import Path

from contractgen.writer.errors import WriterError
from contractgen.writer.layout import JOURNAL, MANIFEST, STAGING, manifest_text
from contractgen.writer.plan import Plan

JOURNAL_VERSION = 2
_MIRRORED = 1  # the journal version whose staging directory mirrors OUT's tree


def apply(out: Path, plan: Plan, files: dict[str, bytes], durable: bool = True) -> None:
    """`durable`: sync every staged file and the directories, so that a power cut cannot leave a
    committed journal pointing at empty files (`watch` passes False: it rewrites OUT when it starts,
    and the renames keep each switch atomic for readers either way)."""
    manifest = manifest_text(files)
    if not (plan.created or plan.updated or plan.removed) and _read(out / MANIFEST) == manifest:
        return
    staging = out / STAGING
    replace = [*plan.created, *plan.updated]
    try:
        _remove_tree(staging)
        staging.mkdir()
        new_mode = 0o666 & ~current_umask()
        contents = [*((files[rel], plan.modes.get(rel, new_mode)) for rel in replace), (manifest.encode("utf-8"), new_mode)]
        with _Syncs(durable) as syncs:
            for index, (data, mode) in enumerate(contents):
                syncs.add(_write_open(staging / str(index), data, mode))
        made = _Directories()
        for rel in plan.created:
            made.ensure((out / rel).parent)
        entry = {"version": JOURNAL_VERSION, "replace": [*replace, MANIFEST], "remove": plan.removed}
        _write_synced(staging / (JOURNAL + ".new"), (json.dumps(entry, indent=1) + "\n").encode("utf-8"), new_mode, durable)
        if durable:
            _sync_dir(staging)
        os.replace(staging / (JOURNAL + ".new"), out / JOURNAL)  # the commit point
        if durable:
            _sync_dir(out)
    except OSError as exc:
        _remove_tree(staging, quiet=True)
        raise WriterError(f"nothing was written to {out}: {_describe(exc)}", _hint(exc)) from None
    try:
        _switch(out, entry, durable)
    except OSError as exc:
        raise WriterError(
            f"{out} is between two generations: {_describe(exc)}",
            "fix the cause and run again: the next run (or `recover`) completes this one before anything else",
        ) from None


def recover_locked(out: Path) -> bool:
    """Finish a committed switch, or drop an uncommitted staging directory. The caller holds the lock."""
    journal = out / JOURNAL
    if journal.exists():
        try:
            entry = json.loads(journal.read_text(encoding="utf-8"))
            _switch(out, entry)
        except (OSError, ValueError) as exc:
            raise WriterError(f"cannot complete the interrupted run in {out}: {exc}", f"remove {journal} and {out / STAGING} and run again") from None
        return True
    if (out / STAGING).exists():
        _remove_tree(out / STAGING)
        return True
    return False


def _switch(out: Path, entry: dict, durable: bool = True) -> None:  # type: ignore[type-arg]
    staging = out / STAGING
    version = entry.get("version")
    if version not in (_MIRRORED, JOURNAL_VERSION):
        raise ValueError(f"a journal of version {version!r}, written by a newer contractgen")
    for index, rel in enumerate(entry["replace"]):
        staged = staging / (rel if version == _MIRRORED else str(index))
        if os.path.lexists(staged):  # else moved already, by the run that was interrupted
            os.replace(staged, out / rel)
    for rel in entry["remove"]:
        try:
            (out / rel).unlink()
        except FileNotFoundError:
            pass
        _prune_empty_parents(out, out / rel)
    if durable:
        _sync_dir(out)
    (out / JOURNAL).unlink()
    _remove_tree(staging)


class _Directories:
    """Directories made (or found) so far in one run: a hundred files in a dozen directories ask for
    each directory once, not once per file (a mkdir that fails with EEXIST is a system call too)."""

    def __init__(self) -> None:
        self.known: set[Path] = set()

    def ensure(self, directory: Path) -> None:
        if directory not in self.known:
            directory.mkdir(parents=True, exist_ok=True)
            self.known.add(directory)


def _write_synced(path: Path, data: bytes, mode: int, durable: bool = True) -> None:
    """`path`'s directory exists already."""
    fd = _write_open(path, data, mode)
    try:
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)


def _write_open(path: Path, data: bytes, mode: int) -> int:
    """A new file at `path` holding `data`, with `mode`; its descriptor, still open."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fchmod(fd, mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


# Staged files are synced this many at a time: the file system commits syncs that wait together in
# one go (ext4 here: 79 files of kubernetes/api took 280 ms synced one after another, 10 ms from 8
# threads). All are synced before the journal is written, as when each was synced on its own.
_SYNC_THREADS = 8


class _Syncs:
    """Descriptors of files just written, each synced (when `durable`) and closed by a few threads
    while the next files are written; leaving the block waits for all of them, and raises the first
    failure. The descriptor written to is the one synced (opening each file again to sync it was a
    fifth of writing kubernetes/api's output); at most 64 wait at a time."""

    def __init__(self, durable: bool) -> None:
        self.durable = durable
        self.failures: list[OSError] = []
        self.threads: list[threading.Thread] = []
        self.waiting: queue.Queue[int | None] = queue.Queue(maxsize=64)

    def __enter__(self) -> _Syncs:
        return self

    def add(self, fd: int) -> None:
        if not self.durable:
            os.close(fd)
            return
        if len(self.threads) < _SYNC_THREADS and self.waiting.qsize() >= len(self.threads):
            thread = threading.Thread(target=self._sync_waiting)
            thread.start()
            self.threads.append(thread)
        self.waiting.put(fd)

    def _sync_waiting(self) -> None:
        while (fd := self.waiting.get()) is not None:
            try:
                try:
                    if not self.failures:
                        os.fsync(fd)
                finally:
                    os.close(fd)  # its error counts too: a failed close may be the write's error
            except OSError as exc:
                self.failures.append(exc)

    def __exit__(self, *exc: object) -> None:
        for _ in self.threads:
            self.waiting.put(None)
        for thread in self.threads:
            thread.join()
        if self.failures and exc[0] is None:
            raise self.failures[0]


def _prune_empty_parents(out: Path, path: Path) -> None:
    parent = path.parent
    while parent != out and parent.is_relative_to(out):
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def _sync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory; the rename is still atomic
    finally:
        os.close(fd)


def _remove_tree(path: Path, quiet: bool = False) -> None:
    if quiet:
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        shutil.rmtree(path)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def current_umask() -> int:
    """The process's umask, without changing it (Linux says it in /proc; elsewhere set and restore)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _describe(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def _hint(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full: free some space and run again; the last generation is intact"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "check the permissions of the output directory; the last generation is intact"
    return "the last generation is intact"
