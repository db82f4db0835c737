"""verify after every regeneration of `watch --frontend DIR`: a hook the watch session calls.

The session passes a regeneration carrying `generation` (its `contract`) and `previous` (the contract
of the last good output); the hook type-checks the frontend against OUT/ts, prints the errors the
edit caused with their changes, and the running tally since watch started.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from contractgen.verify import after_regeneration
from contractgen.verify.report import Report, Tally, render_brief
from contractgen.verify.tsc import TscNotFound


class FrontendCheck:
    def __init__(self, frontend: Path, out: Path, tsc: Path | None = None, stdout: TextIO | None = None) -> None:
        self.frontend = frontend
        self.out = out
        self.tsc = tsc
        self.stdout = stdout
        self.tally = Tally()
        self.last: Report | None = None

    def __call__(self, regeneration: Any) -> None:
        stream = self.stdout or sys.stdout
        try:
            report = after_regeneration(self.frontend, regeneration.previous, regeneration.generation.contract, self.out, self.tsc)
        except TscNotFound as exc:  # watching goes on; the next regeneration tries again
            stream.write(f"frontend: not checked: {exc}\n")
            return
        self.last = report
        self.tally.add(report)
        stream.write(render_brief(report) + self.tally.summary() + "\n")
        stream.flush()
