"""`contractgen watch`: regenerate the contract on every save, incrementally, until Ctrl-C.

    events (watchdog thread) -> Relevance (watch/events.py) -> Debouncer (watch/debounce.py)
    -> Session.regenerate (watch/session.py, on the main thread) -> writer

inotify where it works, watchdog's polling observer where no native observer can be started.
SIGINT and SIGTERM finish the regeneration under way (so no temporary file is left) and exit 0.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any, Iterable

from contractgen.watch.debounce import QUIET
from contractgen.watch.session import Hook, Regeneration, Session

__all__ = ["Hook", "Regeneration", "Session", "watch"]


def watch(
    src: Path,
    out: Path,
    config: Path | None = None,
    templates: Path | None = None,
    hooks: Iterable[Hook] = (),
    quiet: float = QUIET,
) -> int:
    """Exit code: 0 when stopped by a signal; 2 when SRC is not in a Go module. `hooks` run after
    each successful regeneration; `quiet`: seconds without events that end a burst."""
    from contractgen.pipeline import UsageError, configured
    from contractgen.watch.debounce import Debouncer
    from contractgen.watch.events import Relevance

    try:
        root, _ = configured(src, config)
    except UsageError as exc:
        if any(d.code == "CG200" for d in exc.diagnostics):
            for diagnostic in exc.diagnostics:
                sys.stderr.write(diagnostic.render(None) + "\n")
            return 2
        root = _root_of(src)  # a broken config: reported by the first regeneration, and watched
    out = out.resolve()
    relevance = Relevance(
        root.resolve(), out, config.resolve() if config else None, templates.resolve() if templates else None
    )
    session = Session(src, out, config, templates, list(hooks))

    def regenerate(reasons: set[str]) -> None:
        session.regenerate(reasons)
        observer.watch_out()  # OUT may have been created anew

    debouncer = Debouncer(regenerate, quiet=quiet)
    observer = _Observer(relevance, debouncer)
    previous_handlers = {sig: signal.signal(sig, lambda *_: debouncer.request_stop()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        observer.start()
        session.regenerate()
        observer.watch_out()
        sys.stdout.write(f"watching {root} ({observer.kind}); Ctrl-C to stop\n")
        sys.stdout.flush()
        debouncer.run()
    finally:
        observer.stop()
        for sig, handler in previous_handlers.items():
            signal.signal(sig, handler)
    sys.stdout.write(f"stopped after {session.count} regeneration(s)\n")
    sys.stdout.flush()
    return 0


def _root_of(src: Path) -> Path:
    from contractgen.scan import find_module_root

    return find_module_root(src if src.is_dir() else src.parent)


class _Observer:
    """watchdog's observer over the module root, and what lies outside it: OUT (to notice it
    deleted underneath), an explicit config file and the templates directory."""

    def __init__(self, relevance: Any, debouncer: Any) -> None:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                kind = event.event_type
                if kind in ("opened", "closed_no_write") or (kind == "modified" and event.is_directory):
                    return  # a directory's own change comes with its entries' events, which say what changed
                paths = [(_text(event.src_path), kind == "deleted" or kind == "moved")]
                if kind == "moved":
                    dest = _text(event.dest_path)
                    if relevance.in_out(paths[0][0]) and relevance.in_out(dest):
                        return  # our own write: a temporary file renamed into place
                    paths.append((dest, False))
                settled = kind in ("closed", "moved")  # a save is complete (debounce.py)
                # Open for writing until closed, where closes are reported: hold the burst back (debounce.py).
                writing = kind in ("created", "modified") and not event.is_directory and observer.kind == "inotify"
                for path, gone in paths:
                    if relevance.matters(path, gone, event.is_directory):
                        debouncer.poke(("out:" if relevance.in_out(path) else "") + path, settled, writing)

        observer = self
        self.relevance = relevance
        self.handler = Handler()
        self.kind = "inotify"
        self.observer = self._native()
        self.out_watches: dict[Path, tuple[Any, int]] = {}  # a directory of OUT -> (its watch, its inode)

    def _native(self) -> Any:
        from watchdog.observers import Observer

        return Observer()

    def start(self) -> None:
        try:
            self._schedule_all()
            self.observer.start()
        except OSError:  # no native observer here (inotify limits, an exotic file system): poll
            from watchdog.observers.polling import PollingObserver

            self.observer = PollingObserver()
            self.kind = "polling"
            self._schedule_all()
            self.observer.start()
        self.kind = type(self.observer).__name__.removesuffix("Observer").lower() or self.kind

    def _schedule_all(self) -> None:
        root = self.relevance.root
        self.observer.schedule(self.handler, str(root), recursive=True)
        outside = [p for p in (self.relevance.templates,) if p is not None and root not in p.parents and p.is_dir()]
        for path in outside:
            self.observer.schedule(self.handler, str(path), recursive=True)
        parents = {p.parent for p in (self.relevance.config, self.relevance.out) if p is not None and root not in p.parents}
        for parent in sorted(parents):
            if parent.is_dir():
                self.observer.schedule(self.handler, str(parent), recursive=False)

    def watch_out(self) -> None:
        """OUT outside the module: watch the directories that hold its files, each on its own (not
        recursively), again whenever one was created anew. Never the staging directory: each write
        creates and removes it, and a recursive watch then races watchdog's bookkeeping of the
        directory's watch (the same path watched anew before the old watch is gone), after which
        events went missing."""
        out = self.relevance.out
        if self.relevance.root in out.parents:
            return
        found = _generated_dirs(out)
        for directory, (watch, inode) in list(self.out_watches.items()):
            if found.get(directory) != inode:
                try:
                    self.observer.unschedule(watch)
                except Exception:  # already gone with the directory
                    pass
                del self.out_watches[directory]
        for directory, inode in found.items():
            if directory not in self.out_watches:
                try:
                    self.out_watches[directory] = (self.observer.schedule(self.handler, str(directory), recursive=False), inode)
                except OSError:  # removed since it was listed: the next regeneration lists OUT again
                    pass

    def stop(self) -> None:
        try:
            self.observer.stop()
            self.observer.join(timeout=5)
        except RuntimeError:  # never started
            pass


def _generated_dirs(out: Path) -> dict[Path, int]:
    """OUT and its directories (with their inodes), but the staging directory and those never looked
    into (node_modules, dist); a directory removed while they are listed (OUT deleted underneath) is
    left out: the deletion is an event, and the next regeneration lists them again."""
    from contractgen.writer.layout import SKIPPED_DIRS, STAGING

    found: dict[Path, int] = {}
    todo = [out]
    while todo:
        directory = todo.pop()
        try:
            found[directory] = directory.stat().st_ino
            children = sorted(c for c in directory.iterdir() if c.is_dir() and not c.is_symlink())
        except OSError:
            continue
        todo.extend(c for c in children if c.name != STAGING and c.name not in SKIPPED_DIRS)
    return found


def _text(path: str | bytes) -> str:
    return path.decode() if isinstance(path, bytes) else path
