"""Work on all cores: parsing many files at once, in this process and in forked workers that take
the files one by one from a shared queue (`parse_all`); or a small scan in one forked child while
this process loads what the later stages need (`beside`).

tree-sitter holds the GIL while it parses, so threads would not help. Forked children inherit the
loaded parser and the file contents, so only the queue's file indices are sent to them; they send
back what they found, pickled, in length-prefixed frames.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO, TypeVar

from contractgen.records import record
from contractgen.scan.discover import SourceFile
from contractgen.scan.facts import FileFacts

# Below this many bytes to parse, a second process saves less than it costs. Parsing runs at about
# 8 MB/s per core; a child costs ~3 ms to fork and start, and its pickled facts must be unpickled
# here. On 2 cores the two break even near 120 KB; at 2 MB two processes take 0.6 of the time of one.
_PARALLEL_THRESHOLD_BYTES = 200_000

T = TypeVar("T")


def _parse_one(file: SourceFile) -> FileFacts:
    from contractgen.scan.filescan import parse_eager

    return parse_eager(file.path, file.source)


def parse_all(files: list[SourceFile], jobs: int, meanwhile: Callable[[], Any] | None = None) -> list[FileFacts]:
    """The eager facts of each file, in path order. Forked parse workers and this process take the
    files one at a time from a shared queue, largest first, so that all finish together whatever
    each file costs (bytes are a poor guess: go-github's files parse at 4 to 7 MB/s); the workers
    send each file's facts as soon as it is parsed, and this process takes them in between its own
    files. `meanwhile`: work of this process's to do before it joins in (called only when workers
    are forked). Without fork (Windows), one process."""
    import contractgen.scan.gosyntax  # noqa: F401  (loaded before forking: the children import nothing)

    processes = min(jobs or _usable_cores(), len(files))
    if processes <= 1 or is_small(files) or not hasattr(os, "fork"):
        return _parse_each(files)
    try:
        queue = _FileQueue(files)
    except OSError:  # more files than a pipe can hold the indices of (over 262,144)
        return _parse_each(files)
    workers: list[_Worker] = []
    _reap_exited()
    try:
        for _ in range(processes - 1):
            workers.append(_Worker.fork(queue, workers))
        if meanwhile is not None:
            meanwhile()
        results: list[FileFacts] = []
        while (file := queue.take()) is not None:
            results.append(_parse_one(file))
            for worker in workers:
                results.extend(worker.received(wait=False))
        for worker in workers:
            results.extend(worker.received(wait=True))
        done = {facts.path for facts in results}
        # A worker that failed: the files it took and did not send are parsed here, so that whatever
        # went wrong is raised as in one process.
        results.extend(_parse_each([file for file in files if file.path not in done]))
    finally:
        queue.close()
        for worker in workers:
            worker.abandon()  # when this process failed before collecting all results
    return sorted(results, key=lambda facts: facts.path)


def is_small(files: list[SourceFile]) -> bool:
    """Too little to parse for a second parsing process to pay for itself."""
    return sum(len(file.source) for file in files) < _PARALLEL_THRESHOLD_BYTES


def can_fork(jobs: int = 0) -> bool:
    """Whether work may go to a forked child: fork exists, more than one core may be used, and no
    other thread runs here (a fork copies only the calling thread: a lock another one held would
    stay held in the child)."""
    return hasattr(os, "fork") and (jobs or _usable_cores()) > 1 and threading.active_count() == 1


# Children that have sent all they will send, whose exit has not been collected yet.
_EXITING: list[int] = []


def _reap_later(pid: int) -> None:
    """Collect a child that has sent everything, now if it has exited, else later: its exit (the
    kernel freeing a copy of this process's memory) takes milliseconds nobody needs to wait for.
    The rest are collected at the next fork, or by init once this process ends."""
    _EXITING.append(pid)
    _reap_exited()


def _reap_exited() -> None:
    for pid in list(_EXITING):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid  # collected by someone else (a caller's own waitpid)
        if done:
            _EXITING.remove(pid)


def beside(work: Callable[[], T], meanwhile: Callable[[], Any]) -> T:
    """`work`'s result, computed in a forked child while this process runs `meanwhile` (work of its
    own that needs nothing from `work`); pickled back. When the child fails, `work` runs here, so
    that what went wrong is raised as in one process. Only for work whose result is small: its
    pickling and unpickling are the price (see `can_fork` for when a fork is safe)."""
    _reap_exited()
    child = _Child.fork(work)
    try:
        meanwhile()
        return child.result()
    finally:
        child.abandon()


def _parse_each(files: list[SourceFile]) -> list[FileFacts]:
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


@record
class _Child:
    """A forked process that does `work` (a small module's scan, say) and writes its pickled result
    to a pipe."""

    pid: int
    pipe: BinaryIO  # the read end
    work: Callable[[], Any]
    reaped: bool = False

    @classmethod
    def fork(cls, work: Callable[[], Any]) -> _Child:
        pid, read_end = _fork_writing(lambda pipe: _write_frame(pipe, work()))
        return cls(pid, open(read_end, "rb"), work)

    def result(self) -> Any:
        with self.pipe:
            data = bytearray(self.pipe.read())
        _reap_later(self.pid)
        self.reaped = True
        found = _take_frames(data)
        if len(found) == 1 and not data:  # one whole frame: the result proves itself, whatever the exit
            return found[0]
        # The child failed: do its work here, so that whatever went wrong is raised as in one process.
        return self.work()

    def abandon(self) -> None:
        self.reaped = _abandon(self.pid, self.pipe, self.reaped)


class _FileQueue:
    """The files to parse, as their indices written into a pipe, largest file first. Each process
    takes the next with one 4-byte read: a pipe hands a read's bytes to one reader only, and every
    index was written before anyone reads, so each read gets one whole index (or nothing: empty)."""

    _INDEX = 4
    _CAPACITY = 1 << 20  # bytes the pipe may hold (F_SETPIPE_SZ; Linux allows 1 MiB unprivileged)

    def __init__(self, files: list[SourceFile]) -> None:
        self.files = files
        order = sorted(range(len(files)), key=lambda i: (-len(files[i].source), files[i].path))
        data = b"".join(i.to_bytes(self._INDEX, "little") for i in order)
        self.read_end, write_end = os.pipe()
        try:
            _grow_pipe(write_end, len(data))
            view = memoryview(data)
            while view:  # never blocks: the pipe holds it all (else _grow_pipe raised)
                view = view[os.write(write_end, view) :]
        finally:
            os.close(write_end)

    def take(self) -> SourceFile | None:
        index = os.read(self.read_end, self._INDEX)
        return self.files[int.from_bytes(index, "little")] if index else None

    def close(self) -> None:
        os.close(self.read_end)


def _grow_pipe(fd: int, size: int) -> None:
    """Make the pipe hold `size` bytes (64 KiB, 16,384 files, by default), or raise OSError."""
    if size <= 1 << 16:
        return
    import fcntl

    grow = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if grow is None or size > _FileQueue._CAPACITY or fcntl.fcntl(fd, grow, size) < size:
        raise OSError(f"a pipe cannot hold {size} bytes")


@record
class _Worker:
    """A forked parse worker: takes files from the queue until it is empty, and writes each file's
    pickled facts to its pipe as a frame (length, then pickle) as soon as it has them."""

    pid: int
    pipe: BinaryIO  # the read end
    pending: bytearray  # received bytes not yet a whole frame
    finished: bool = False  # its pipe reached its end
    reaped: bool = False

    @classmethod
    def fork(cls, queue: _FileQueue, siblings: list[_Worker]) -> _Worker:
        def parse_from_queue(pipe: BinaryIO) -> None:
            while (file := queue.take()) is not None:
                _write_frame(pipe, _parse_one(file))

        # Siblings' pipes are closed in the child: holding them open would keep a sibling's pipe
        # alive. Room for what it parses while this process is busy (its own file, `meanwhile`).
        pid, read_end = _fork_writing(parse_from_queue, [sibling.pipe for sibling in siblings], _FileQueue._CAPACITY)
        os.set_blocking(read_end, False)
        return cls(pid, open(read_end, "rb", buffering=0), bytearray())

    def received(self, wait: bool) -> list[FileFacts]:
        """The facts whose frames have arrived whole; with `wait`, all until the worker's end."""
        if wait:
            os.set_blocking(self.pipe.fileno(), True)
        while not self.finished:
            try:
                chunk = self.pipe.read(1 << 20)
            except BlockingIOError:
                chunk = None
            if chunk is None:  # nothing more for now (never when waiting: the read blocks)
                break
            if not chunk:
                self.finished = True
                _reap_later(self.pid)  # its status does not matter: the files it did not send are parsed by the caller
                self.reaped = True
            self.pending += chunk
        return _take_frames(self.pending)

    def abandon(self) -> None:
        self.reaped = _abandon(self.pid, self.pipe, self.reaped)


def _abandon(pid: int, pipe: BinaryIO, reaped: bool) -> bool:
    """Our end of a child's pipe closed and, unless it was reaped already, the child killed and
    reaped (when this process stops before collecting all it sends): it is reaped now."""
    pipe.close()
    if not reaped:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return True


def _fork_writing(write: Callable[[BinaryIO], None], close_in_child: list[BinaryIO] | None = None, pipe_size: int = 0) -> tuple[int, int]:
    """Fork a child that runs `write` on a new pipe's (buffered) write end and exits, 0 when `write`
    returned; the child's pid and the pipe's read end. `close_in_child`: inherited files to close
    there first; `pipe_size`: how much the pipe should hold when possible (else the child waits for
    this process to read, as with any pipe)."""
    read_end, write_end = os.pipe()
    if pipe_size:
        try:
            _grow_pipe(write_end, pipe_size)
        except OSError:
            pass
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(read_end)
            for inherited in close_in_child or ():
                inherited.close()
            with open(write_end, "wb") as pipe:
                write(pipe)
            status = 0
        finally:
            os._exit(status)  # never return into the parent's code, nor run its exit handlers
    os.close(write_end)
    return pid, read_end


def _write_frame(pipe: BinaryIO, value: object) -> None:
    """`value` pickled, after its length: a reader knows a whole frame from a cut one."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(len(payload).to_bytes(8, "little"))
    pipe.write(payload)
    pipe.flush()  # buffered: each write is whole, however the pipe takes it; flushed per frame


def _take_frames(data: bytearray) -> list[Any]:
    """The values of the whole frames at the start of `data`, which keeps only what follows them."""
    found: list[Any] = []
    at = 0
    while len(data) - at >= 8:
        size = int.from_bytes(data[at : at + 8], "little")
        if len(data) - at - 8 < size:
            break
        found.append(pickle.loads(data[at + 8 : at + 8 + size]))
        at += 8 + size
    del data[:at]
    return found
