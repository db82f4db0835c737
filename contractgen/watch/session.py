"""One watch session: regenerate on demand, incrementally, and say what happened in one line.

Incremental at every stage: discovery re-reads the tree, but per-file facts come from the session's
FactCache for every file whose content is unchanged, so only changed files are parsed; when the
module's facts, config and templates equal the last build's, the IR and the rendered files are
reused as they are (pipeline.build's `previous`); otherwise `Incremental` (pipeline.py) rebuilds
only the declarations an edit can reach and splices contract.json, the summary compares only what
differs (summary.py), the TypeScript target re-renders only changed packages, and the writer
touches only files whose text changed. A build with errors writes nothing: the last good output
stays on disk.
"""

from __future__ import annotations

import sys
import time
from dataclasses import field
from pathlib import Path
from typing import Callable, TextIO

from contractgen.diagnostics import Diagnostic, Severity, error, has_errors
from contractgen.ir.model import Contract
from contractgen.pipeline import Generation, Incremental, UsageError, build
from contractgen.cachedir import cache_root
from contractgen.records import record
from contractgen.scan.cache import FactCache
from contractgen.watch.summary import describe_changes
from contractgen.writer import Changes, WriterError, write

_SHOWN_CHANGES = 6


@record(frozen=True)
class Regeneration:
    """A successful regeneration, as hooks after it see it (verify's frontend check is one)."""

    generation: Generation
    previous: Contract | None  # the contract of the last good output (None: the first one)
    changes: list[str]  # the contract's changes in words
    written: Changes
    milliseconds: int


Hook = Callable[[Regeneration], None]


@record
class Session:
    src: Path
    out: Path
    config: Path | None = None
    templates: Path | None = None
    hooks: list[Hook] = field(default_factory=list)
    stdout: TextIO = sys.stdout
    stderr: TextIO = sys.stderr
    cache: FactCache = field(default_factory=lambda: FactCache(cache_root()))
    previous: Generation | None = None  # the last build, good or not
    good: Generation | None = None  # the last build written to OUT
    count: int = 0  # regenerations since the start
    incremental: Incremental = field(default_factory=Incremental)  # what each build keeps for the next

    def regenerate(self, reasons: set[str] | None = None) -> Regeneration | None:
        """Build and write; print one line. `reasons`: the paths whose events asked for it
        (only paths under OUT: OUT was touched underneath, say nothing unless something is restored)."""
        started = time.perf_counter()
        only_out = bool(reasons) and all(r.startswith("out:") for r in reasons or ())
        try:
            generation = build(
                self.src, self.config, self.templates, cache=self.cache, previous=self.previous, incremental=self.incremental
            )
        except UsageError as exc:
            self._diagnostics(exc.diagnostics, None)
            self._line(f"not regenerated: fix the problem above; the last good output in {self.out} is kept", started)
            return None
        finally:
            self.cache.retain_touched()
        self.previous = generation
        self._diagnostics(generation.diagnostics, generation.root)
        if has_errors(generation.diagnostics):
            errors = sum(1 for d in generation.diagnostics if d.severity is Severity.ERROR)
            self._line(f"{errors} error(s): the last good output in {self.out} is kept", started)
            return None
        self.cache.persist()
        try:
            # Not synced to disk: a power cut loses at most the last regeneration, which the next watch redoes.
            written = write(self.out, generation.files, source_root=generation.root, durable=False)
        except WriterError as exc:  # a refusal or a full disk: say so and keep watching
            self._diagnostics([error(exc.code, str(exc), hint=exc.hint)], None)
            self._line(f"not written: the last good output in {self.out} is kept", started)
            return None
        changed = len(written.created) + len(written.updated) + len(written.removed)
        before = self.good.contract if self.good is not None else None
        changes = describe_changes(before, generation.contract) if before is not generation.contract else []
        self.good = generation
        self.count += 1
        milliseconds = round((time.perf_counter() - started) * 1000)
        result = Regeneration(generation, before, changes, written, milliseconds)
        if only_out and not changed:
            return result  # OUT touched underneath and nothing to restore: nothing to say, nothing to re-check
        self._line(self._summary(result, changed), started)
        for hook in self.hooks:
            hook(result)
        return result

    def _summary(self, result: Regeneration, changed: int) -> str:
        files = f"{changed} file{'' if changed == 1 else 's'} written"
        if result.previous is None:
            contract = result.generation.contract
            types = sum(len(p.types) for p in contract.packages)
            return f"generated {types} types, {len(contract.endpoints)} endpoints · {files}"
        if not result.changes:
            what = "no contract change"
        else:
            what = "; ".join(result.changes[:_SHOWN_CHANGES])
            if len(result.changes) > _SHOWN_CHANGES:
                what += f"; and {len(result.changes) - _SHOWN_CHANGES} more"
        return f"{what} · {files}"

    def _line(self, text: str, started: float) -> None:
        milliseconds = round((time.perf_counter() - started) * 1000)
        self.stdout.write(f"{text} · {milliseconds} ms\n")
        self.stdout.flush()

    def _diagnostics(self, diagnostics: list[Diagnostic], root: Path | None) -> None:
        for diagnostic in diagnostics:
            self.stderr.write(diagnostic.render(root) + "\n")
        self.stderr.flush()
