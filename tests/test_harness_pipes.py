"""The watcher harness sees a process's diagnostics no later than the line that reports them.

A reproduction of a CI failure: with one reader thread per stream, a test read the line
"not regenerated: fix the problem above", found no diagnostic in stderr yet, and waited 60 s for a
regeneration that never came."""

from __future__ import annotations

import queue
import subprocess
import sys

from harness.watcher import start_pump

PAIRS = 2000
# Written as the watcher writes: the diagnostics, flushed, then the line that reports them, flushed.
CHILD = f"""
import sys
for i in range({PAIRS}):
    sys.stderr.write(f"diagnostic {{i}}\\n" * (1 + i % 3)); sys.stderr.flush()
    sys.stdout.write(f"line {{i}}\\n"); sys.stdout.flush()
sys.stdout.write("no newline at the end")
"""


def test_a_line_never_overtakes_the_diagnostics_written_before_it() -> None:
    process = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stderr: list[str] = []
    lines: queue.Queue[str] = queue.Queue()
    start_pump(process, stderr.append, lines.put)
    overtaken = []
    written = 0  # diagnostics written before line i
    for i in range(PAIRS):
        written += 1 + i % 3
        line = lines.get(timeout=60)
        assert line == f"line {i}"
        if len(stderr) < written:
            overtaken.append(i)
    assert lines.get(timeout=60) == "no newline at the end"
    assert process.wait(timeout=60) == 0
    assert overtaken == []
    assert len(stderr) == sum(1 + i % 3 for i in range(PAIRS))
