"""One run at a time per output directory: an flock on the directory OUT itself, released when the process dies.

Locking the directory (not a lock file in it) leaves nothing behind in an OUT that is committed to git.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from contractgen.writer.errors import LockTimeout, WriterError

POLL = 0.05


@contextmanager
def held(out: Path, wait: float, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    import fcntl

    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except FileExistsError:
        raise WriterError(f"{out} exists and is not a directory", "pass a directory for --out") from None
    except OSError as exc:
        raise WriterError(f"cannot use {out} as the output directory: {exc.strerror}", "check its permissions") from None
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and on_wait is not None:
                    on_wait(f"waiting for another contractgen run on {out} to finish")
                    told = True
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"another contractgen run is writing {out}; gave up after {wait:g} s",
                        "wait for it to finish (a `watch` holds the lock only while it writes), then run again",
                    ) from None
                time.sleep(POLL)
        yield
    finally:
        os.close(fd)  # also releases the lock
