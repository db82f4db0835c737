"""Coalescing file events into regenerations.

A save is several events (an editor writes a temporary file, renames it over, touches a backup),
and a `git checkout` is hundreds: each burst is one regeneration. A regeneration runs once events
have been quiet for `quiet` seconds, or `longest` seconds after the first event of a burst that
never pauses; never two at once; an event that arrives during one schedules exactly one more.
When the burst so far is one file and its latest event ends a save (the file closed after writing,
or renamed into place), a quarter of `quiet` is enough: an editor's save is then complete, and what
might follow would be one more regeneration, never a lost one. Bursts of several paths (a checkout,
`rm -r`, a directory moved) always wait the whole `quiet`.
Where the observer reports closes (inotify), a file written but not yet closed holds the burst back
until it is closed, or `longest`: a save in place truncates the file before it writes it, and a
regeneration between the two, when the writer is preempted for longer than `quiet`, read an empty
file and wrote its contract.
Events come from watchdog's thread (`poke`); regenerations run on the thread that calls `run`.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

QUIET = 0.02  # editors' events for one save arrive within a few milliseconds of each other
LONGEST = 1.0


class Debouncer:
    def __init__(self, action: Callable[[set[str]], None], quiet: float = QUIET, longest: float = LONGEST) -> None:
        self.action = action  # called with the reasons (paths) gathered since the last run
        self.quiet = quiet
        self.longest = longest
        self._lock = threading.Condition()
        self._reasons: set[str] = set()
        self._first = 0.0  # monotonic time of the first pending event, 0 when none
        self._last = 0.0
        self._settled = False  # the latest event ended a save
        self._writing: set[str] = set()  # paths of the burst written and not yet closed
        self._stopped = False

    def poke(self, reason: str, settled: bool = False, writing: bool = False) -> None:
        """`settled`: the event ends a save (closed after writing, moved into place, deleted).
        `writing`: the file was written and its close will be reported."""
        with self._lock:
            now = time.monotonic()
            if not self._reasons:
                self._first = now
            self._reasons.add(reason)
            self._last = now
            self._settled = settled and len(self._reasons) == 1
            if writing:
                self._writing.add(reason)
            else:
                self._writing.discard(reason)
            self._lock.notify()

    def stop(self) -> None:
        """Safe from another thread; from a signal handler use `request_stop` (it takes no lock)."""
        with self._lock:
            self._stopped = True
            self._lock.notify()

    def request_stop(self) -> None:
        self._stopped = True  # seen by `run` within its polling interval

    @property
    def stopped(self) -> bool:
        return self._stopped

    def run(self, poll: float = 0.1) -> None:
        """Until stopped: wait for a burst to settle, then run the action once with its reasons."""
        while not self._stopped:
            reasons = self._next(poll)
            if reasons:
                self.action(reasons)

    def _next(self, poll: float) -> set[str]:
        with self._lock:
            while not self._stopped:
                if self._reasons:
                    now = time.monotonic()
                    quiet = self.quiet / 4 if self._settled else self.quiet
                    due = self._first + self.longest
                    if not self._writing:
                        due = min(self._last + quiet, due)
                    if now >= due:
                        reasons, self._reasons = self._reasons, set()
                        self._writing.clear()  # a close that never comes (a hard link) holds back one burst, no more
                        return reasons
                    self._lock.wait(min(due - now, poll))
                else:
                    self._lock.wait(poll)
            return set()
