"""Work that only saves time later (writing caches) done by a detached process, so that a one-shot
command does not wait for it: pickling the facts and the generation of a large module costs about
a tenth of a cold run, and the user is waiting for the output, not for the cache.
"""

from __future__ import annotations

import os
from typing import Callable


def run_detached(work: Callable[[], None]) -> None:
    """Run `work` in a grandchild that nobody waits for (init reaps it); inline without fork.

    The grandchild's standard streams go to /dev/null, so a caller reading this process's output
    to its end (a test, a pipe) never waits for it; what it writes must be atomic and optional."""
    if not hasattr(os, "fork"):
        work()
        return
    child = os.fork()
    if child == 0:
        try:
            if os.fork() == 0:
                status = 1
                try:
                    devnull = os.open(os.devnull, os.O_RDWR)
                    for fd in (0, 1, 2):
                        os.dup2(devnull, fd)
                    work()
                    status = 0
                finally:
                    os._exit(status)
        finally:
            os._exit(0)  # the intermediate child leaves at once: the grandchild is orphaned, not a zombie
    os.waitpid(child, 0)
