"""Putting a generation on disk: one transaction per run, under a lock, only inside the output directory.

The guarantees (README, "Writing files"):

- **All or nothing.** Every new or changed file is first written to `OUT/.contractgen-staging/`
  (and synced); then a journal (`OUT/.contractgen-journal.json`) listing the renames and removals is
  put in place with one atomic rename, which is the commit point; then the switch, renames only.
  A run killed before the commit point leaves OUT as it was (the staging directory is removed by
  the next run); one killed after it is completed by the next run, or by any `diff`/`write`/
  `recover` call, before anything else happens. Either way OUT holds one whole generation.
- **One run at a time.** The directory OUT is locked (flock) for the whole transaction, by
  `generate` and `watch` alike; a second run waits, then gives up with `LockTimeout`.
- **Ours only.** `OUT/.contractgen-manifest.json` lists the files the last run wrote, with their
  SHA-256: a file of ours that a new generation no longer produces (also one that cannot carry the
  generated-code header, such as `package.json` or `openapi.json`) is removed; a file in the way
  that is neither in the manifest nor carries the header was written by someone else, and the run
  is refused (`HandWritten`) rather than overwriting it. Symbolic links below OUT are never written
  through (`UnsafePath`), and OUT may not be `/`, inside a `.git` directory, or the module itself.
- **Modes**: a new file is created with the umask's mode (0666 & ~umask); a file that exists keeps
  its mode.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path

from contractgen.records import record
from contractgen.writer.errors import HandWritten, LockTimeout, UnsafePath, WriterError
from contractgen.writer.layout import GENERATED_MARKER, JOURNAL, MANIFEST, STAGING

__all__ = [
    "Changes",
    "GENERATED_MARKER",
    "HandWritten",
    "JOURNAL",
    "LockTimeout",
    "MANIFEST",
    "STAGING",
    "UnsafePath",
    "WriterError",
    "diff",
    "recover",
    "write",
]

DEFAULT_WAIT = 60.0  # seconds a run waits for another one on the same OUT


@record
class Changes:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def diff(out: Path, files: dict[str, str]) -> Changes:
    """What `write` would do; touches nothing. An OUT whose last run was interrupted is completed first
    only by `write`/`recover`: here its files are compared as they are."""
    from contractgen.writer import plan

    return _changes(plan.make_plan(out, _encoded(files), source_root=None, strict=False))


def write(
    out: Path,
    files: dict[str, str],
    *,
    source_root: Path | None = None,
    wait: float = DEFAULT_WAIT,
    on_wait: Callable[[str], None] | None = None,
    durable: bool = True,
) -> Changes:
    """Write `files` (paths relative to OUT) as one transaction; see the module doc. `source_root` is
    the scanned module's root: OUT may not be it or above it. `on_wait` is told once when another
    run holds the lock. `durable`: sync what is written before the commit point (journal.apply)."""
    from contractgen.writer import journal, plan
    from contractgen.writer.lock import held

    plan.check_out_dir(out, source_root)
    data = _encoded(files)
    with held(out, wait, on_wait):
        journal.recover_locked(out)
        the_plan = plan.make_plan(out, data, source_root=source_root, strict=True)
        journal.apply(out, the_plan, data, durable)
    return _changes(the_plan)


def recover(out: Path, wait: float = DEFAULT_WAIT) -> bool:
    """Complete an interrupted run's switch, or drop its staged files; True when there was one."""
    from contractgen.writer import journal
    from contractgen.writer.lock import held

    if not out.is_dir():
        return False
    with held(out, wait):
        return journal.recover_locked(out)


def _encoded(files: dict[str, str]) -> dict[str, bytes]:
    """Each file's bytes, encoded once: the plan compares them, the manifest hashes them, the journal
    writes them (encoding 7 MB twice more was a tenth of writing kubernetes/api's output)."""
    return {rel: text.encode("utf-8") for rel, text in files.items()}


def _changes(the_plan) -> Changes:  # type: ignore[no-untyped-def]
    return Changes(
        created=list(the_plan.created),
        updated=list(the_plan.updated),
        removed=list(the_plan.removed),
        unchanged=list(the_plan.unchanged),
    )
