"""Work on both cores: parsing many files at once, in this process and in forked children, each
given a share up front; or a small scan in one forked child while this process loads what the later
stages need (`beside`).

tree-sitter holds the GIL while it parses, so threads would not help. Forked children inherit the
loaded parser and the file contents, so nothing is sent to them; they pickle back what they found.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, BinaryIO, TypeVar

from contractgen.records import record
from contractgen.scan.discover import SourceFile
from contractgen.scan.facts import FileFacts

# Below this many bytes to parse, a second process saves less than it costs. Parsing runs at about
# 8 MB/s per core; a child costs ~3 ms to fork and start, and its pickled facts must be unpickled
# here. On 2 cores the two break even near 120 KB; at 2 MB two processes take 0.6 of the time of one.
_PARALLEL_THRESHOLD_BYTES = 200_000
# A byte parsed in a child costs this much more than one parsed here, because the child pickles what
# it found (measured: 13-24 % of its parse time). Shares are balanced with it to finish together.
_CHILD_COST = 1.2

T = TypeVar("T")


def _parse_one(file: SourceFile) -> FileFacts:
    from contractgen.scan.filescan import parse_eager

    return parse_eager(file.path, file.source)


def parse_all(files: list[SourceFile], jobs: int) -> list[FileFacts]:
    """The eager facts of each file, in path order. This process parses a share too, instead of
    waiting. Without fork (Windows), one process."""
    import contractgen.scan.gosyntax  # noqa: F401  (loaded before forking: the children import nothing)

    processes = min(jobs or _usable_cores(), len(files))
    if processes <= 1 or is_small(files) or not hasattr(os, "fork"):
        return _parse_share(files)
    own, *others = _shares(files, processes)
    children: list[_Child] = []
    try:
        for share in others:
            children.append(_Child.fork(partial(_parse_share, share), children))
        results = _parse_share(own)
        for child in children:
            results.extend(child.result())
    finally:
        for child in children:
            child.abandon()  # when this process failed before collecting all results
    return sorted(results, key=lambda facts: facts.path)


def is_small(files: list[SourceFile]) -> bool:
    """Too little to parse for a second parsing process to pay for itself."""
    return sum(len(file.source) for file in files) < _PARALLEL_THRESHOLD_BYTES


def can_fork(jobs: int = 0) -> bool:
    """Whether work may go to a forked child: fork exists, more than one core may be used, and no
    other thread runs here (a fork copies only the calling thread: a lock another one held would
    stay held in the child)."""
    return hasattr(os, "fork") and (jobs or _usable_cores()) > 1 and threading.active_count() == 1


def beside(work: Callable[[], T], meanwhile: Callable[[], Any]) -> T:
    """`work`'s result, computed in a forked child while this process runs `meanwhile` (work of its
    own that needs nothing from `work`); pickled back. When the child fails, `work` runs here, so
    that what went wrong is raised as in one process. Only for work whose result is small: its
    pickling and unpickling are the price (see `can_fork` for when a fork is safe)."""
    child = _Child.fork(work, [])
    try:
        meanwhile()
        return child.result()
    finally:
        child.abandon()


def _parse_share(files: list[SourceFile]) -> list[FileFacts]:
    return [_parse_one(file) for file in files]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Parsing a large module creates hundreds of thousands of fact objects, and each few hundred
    allocations the cyclic garbage collector examines the young ones and, ever more often, all of
    them: that doubled the parse time and made pickling and unpickling them ten times slower. Facts
    hold no reference cycles, so nothing is lost by collecting only once the scan is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on, not all the machine's
    except AttributeError:
        return os.cpu_count() or 1


def _shares(files: list[SourceFile], count: int) -> list[list[SourceFile]]:
    """Largest file first to the least loaded share; share 0 is this process's, cheaper per byte."""
    shares: list[list[SourceFile]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for file in sorted(files, key=lambda f: (-len(f.source), f.path)):
        index = min(range(count), key=loads.__getitem__)
        shares[index].append(file)
        loads[index] += len(file.source) * (1.0 if index == 0 else _CHILD_COST)
    return shares


@record
class _Child:
    """A forked process that does `work` (a share of the files to parse, say) and writes its pickled
    result to a pipe."""

    pid: int
    pipe: BinaryIO  # the read end
    work: Callable[[], Any]
    reaped: bool = False

    @classmethod
    def fork(cls, work: Callable[[], Any], siblings: list[_Child]) -> _Child:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                os.close(read_end)
                for sibling in siblings:  # inherited: holding them open would keep a sibling's pipe alive
                    sibling.pipe.close()
                payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with open(write_end, "wb") as pipe:
                    pipe.write(payload)
                status = 0
            finally:
                os._exit(status)  # never return into the parent's code, nor run its exit handlers
        os.close(write_end)
        return cls(pid, open(read_end, "rb"), work)

    def result(self) -> Any:
        with self.pipe:
            payload = self.pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.reaped = True
        if status == 0:
            return pickle.loads(payload)
        # The child failed: do its work here, so that whatever went wrong is raised as in one process.
        return self.work()

    def abandon(self) -> None:
        self.pipe.close()
        if not self.reaped:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.reaped = True
