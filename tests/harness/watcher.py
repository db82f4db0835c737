"""`contractgen watch` as a subprocess, and saves as editors make them.

Tests wait for the watcher's own output lines (one per regeneration, ending in `· N ms`), with a
timeout; they never sleep and hope.
"""

from __future__ import annotations

import codecs
import os
import queue
import re
import selectors
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from contractgen.writer import JOURNAL, STAGING

from harness.paths import REPO, fresh_dir

REGENERATION = re.compile(r" · \d+ ms$")
TIMEOUT = 60.0  # seconds; generous for a loaded machine, never reached when things work


def save_in_place(path: Path, text: str) -> None:
    """As most editors with `backupcopy=yes` and IDEs do: truncate and write the same inode."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def save_by_rename(path: Path, text: str) -> None:
    """As vim (default), VS Code's atomic save and gofmt -w do: write a temporary file, rename it over."""
    temporary = path.with_name(f".{path.name}.swp~")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)


def start_pump(process: subprocess.Popen[bytes], on_stderr: Callable[[str], None], on_stdout: Callable[[str], None]) -> None:
    """Read `process`'s stderr and stdout line by line in one thread, so that a stdout line never
    overtakes a stderr line written before it.

    The watcher flushes a regeneration's diagnostics before it prints the line that reports them. With
    a reader thread per stream a test could see the line before those diagnostics and wait for a
    regeneration that never came. Here every chunk read from stdout is held back until stderr has been
    read to its end: whatever stderr had before that chunk was written is then delivered first."""
    assert process.stdout is not None and process.stderr is not None
    stderr = _Stream(process.stderr.fileno(), on_stderr)
    stdout = _Stream(process.stdout.fileno(), on_stdout)
    threading.Thread(target=_pump, args=(stderr, stdout), daemon=True).start()


class _Stream:
    def __init__(self, fd: int, sink: Callable[[str], None]) -> None:
        self.fd, self.sink, self.open = fd, sink, True
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.partial = ""
        os.set_blocking(fd, False)

    def read(self) -> bytes | None:
        """One chunk; b"" at the end; None when nothing is there now."""
        try:
            return os.read(self.fd, 65536)
        except BlockingIOError:
            return None

    def deliver(self, chunk: bytes) -> None:
        *lines, self.partial = (self.partial + self.decoder.decode(chunk, final=not chunk)).split("\n")
        for line in lines:
            self.sink(line)
        if not chunk:
            if self.partial:
                self.sink(self.partial)
            self.open = False

    def drain(self) -> None:
        while self.open and (chunk := self.read()) is not None:
            self.deliver(chunk)


def _pump(stderr: _Stream, stdout: _Stream) -> None:
    selector = selectors.DefaultSelector()
    for stream in (stderr, stdout):
        selector.register(stream.fd, selectors.EVENT_READ, stream)
    while selector.get_map():
        ready = {key.data for key, _ in selector.select()}
        chunk = stdout.read() if stdout in ready else None
        stderr.drain()  # everything written to stderr before `chunk` was
        if chunk is not None:
            stdout.deliver(chunk)
        for stream in (stderr, stdout):
            if not stream.open and stream.fd in selector.get_map():
                selector.unregister(stream.fd)


class Watcher:
    def __init__(self, module: Path, out: Path, *extra: str, cache: Path | None = None) -> None:
        self.module, self.out = module, out
        env = {**os.environ, "PYTHONPATH": str(REPO), "CONTRACTGEN_CACHE_DIR": str(cache or module.parent / "cache")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "contractgen", "watch", str(module), "--out", str(out), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.stderr: list[str] = []
        start_pump(self.process, self.stderr.append, self.lines.put)

    def next_line(self, timeout: float = TIMEOUT) -> str:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output within {timeout} s; so far: {self.seen}; stderr: {self.stderr[-20:]}") from None
        self.seen.append(line)
        return line

    def regeneration(self) -> str:
        """The next regeneration's line."""
        while True:
            line = self.next_line()
            if REGENERATION.search(line):
                return line

    def started(self) -> str:
        first = self.regeneration()
        while not self.next_line().startswith("watching "):
            pass
        return first

    @contextmanager
    def frozen(self) -> Iterator[None]:
        """The watcher stopped (SIGSTOP) while the block edits, continued after: the kernel queues the
        block's file events, and the watcher reads them all at once. For a test about what one burst
        becomes, so that this process being preempted halfway cannot split it into two."""
        self.process.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.process.send_signal(signal.SIGCONT)

    def regenerations_until_stopped(self) -> tuple[int, int]:
        """After `stop`: the regeneration lines still to come, and the count the watcher says it made."""
        lines = 0
        while True:
            line = self.next_line()
            if REGENERATION.search(line):
                lines += 1
            elif (said := re.fullmatch(r"stopped after (\d+) regeneration\(s\)", line)) is not None:
                return lines, int(said.group(1))

    def stop(self, sig: int = signal.SIGINT) -> int:
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=TIMEOUT)
        finally:
            if self.process.poll() is None:
                self.process.kill()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def shop_copy(name: str) -> tuple[Path, Path]:
    """A fresh copy of fixtures/shop (without its committed contract) and an output directory."""
    base = fresh_dir("watch", name)
    module = base / "shop"
    shutil.copytree(REPO / "fixtures" / "shop", module, ignore=shutil.ignore_patterns("contract"))
    return module, base / "out"


def temporary_files(*roots: Path) -> list[Path]:
    """The writer's and the caches' temporary files (`.*.tmp`, the writer's staging directory and
    journal), and the editor saves' (`.*.swp~`)."""
    return [
        p
        for root in roots
        if root.exists()
        for p in root.rglob(".*")
        if p.name.endswith((".tmp", ".swp~")) or p.name in (STAGING, JOURNAL)
    ]
