"""A one-shot run's small scan in a forked child while this process loads the later stages
(`scan_discovered`'s `meanwhile`, contractgen/scan/parallel.py's `beside`): the facts, the cache
entries and the generated files are those of one process, and whatever goes wrong in the child is
done, and raised, here."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

import contractgen.scan as scan
from contractgen.pipeline import build
from contractgen.scan import FactCache, ScanOptions, WorkTree, discover, scan_discovered
from contractgen.scan import parallel
from contractgen.scan.buildtags import Platform

SHOP = Path(__file__).resolve().parent.parent / "fixtures" / "shop"


def _scan(cache: FactCache, meanwhile=None, options: ScanOptions = ScanOptions()):  # type: ignore[no-untyped-def]
    tree = WorkTree(SHOP)
    return scan_discovered(tree, discover(tree, Platform(), SHOP.name), options, cache, meanwhile)


def _entries(cache: FactCache) -> dict[str, tuple[object, ...]]:
    return {
        digest: (e.path, e.eager, e.parsed, e.facts, e.base, e.functions, e.variables, e.dirty) for digest, e in cache.memory.items()
    }


@pytest.fixture
def worked_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A file naming every process that ran the parse and link, one pid per line."""
    log = tmp_path / "pids"
    real = scan._parse_and_link

    def logged(*args, **kwargs):  # type: ignore[no-untyped-def]
        with open(log, "a") as f:
            f.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(scan, "_parse_and_link", logged)
    return log


def test_the_child_gives_the_facts_and_cache_entries_of_one_process(worked_in: Path, tmp_path: Path) -> None:
    alone_cache, beside_cache = FactCache(tmp_path / "alone"), FactCache(tmp_path / "beside")
    alone = _scan(alone_cache)
    assert worked_in.read_text().split() == [str(os.getpid())]
    worked_in.unlink()
    calls: list[int] = []
    beside = _scan(beside_cache, lambda: calls.append(os.getpid()))

    assert calls == [os.getpid()]  # the other work ran here, once
    workers = worked_in.read_text().split()
    assert len(workers) == 1 and workers[0] != str(os.getpid())  # the scan ran in another process
    assert beside == alone
    assert alone.packages and any(f.endpoints for p in alone.packages for f in p.files)  # a real scan, with routes
    assert _entries(beside_cache) == _entries(alone_cache)
    alone_cache.persist()
    beside_cache.persist()
    stored = lambda root: sorted(p.relative_to(root).parts[1:] for p in root.rglob("*") if p.is_file())  # noqa: E731
    assert stored(tmp_path / "beside") == stored(tmp_path / "alone") != []


def test_a_child_that_fails_leaves_its_work_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = scan._parse_and_link

    def failing_in_the_child(*args, **kwargs):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            raise MemoryError("only in the child")
        return real(*args, **kwargs)

    expected = _scan(FactCache())
    monkeypatch.setattr(scan, "_parse_and_link", failing_in_the_child)
    cache = FactCache()
    calls: list[int] = []
    assert _scan(cache, lambda: calls.append(1)) == expected
    assert calls == [1]
    assert all(e.parsed for e in cache.memory.values() if e.eager)  # this process's entries were filled


def test_an_error_in_the_scan_is_raised_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError(f"broken in {os.getpid()}")

    monkeypatch.setattr(scan, "_parse_and_link", broken)
    with pytest.raises(ValueError, match=f"broken in {os.getpid()}$"):
        _scan(FactCache(), lambda: None)


def test_an_error_in_the_other_work_is_raised_and_the_child_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    forked: list[parallel._Child] = []
    real_fork = parallel._Child.fork

    def remembered(*args, **kwargs):  # type: ignore[no-untyped-def]
        child = real_fork(*args, **kwargs)
        forked.append(child)
        return child

    monkeypatch.setattr(parallel._Child, "fork", remembered)

    def other_work() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _scan(FactCache(), other_work)
    assert len(forked) == 1 and forked[0].reaped
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0].pid, os.WNOHANG)  # reaped: no zombie left


def test_no_child_for_one_core_another_thread_nothing_to_parse_or_much_to_parse(
    monkeypatch: pytest.MonkeyPatch, worked_in: Path
) -> None:
    here = str(os.getpid())

    def scanned_here(cache: FactCache | None = None, options: ScanOptions = ScanOptions()) -> bool:
        worked_in.unlink(missing_ok=True)
        calls: list[int] = []
        _scan(cache or FactCache(), lambda: calls.append(1), options)
        return calls == [] and worked_in.read_text().split() == [here]

    assert scanned_here(options=ScanOptions(jobs=1))
    warm = FactCache()
    _scan(warm)
    assert scanned_here(cache=warm)  # every file's facts known: nothing to parse
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert scanned_here()
    finally:
        stop.set()
        other.join()
    assert not scanned_here()  # and the same call, with nothing of the above, goes to a child
    monkeypatch.setattr(parallel, "_PARALLEL_THRESHOLD_BYTES", 1)
    worked_in.unlink()
    calls: list[int] = []
    _scan(FactCache(), lambda: calls.append(os.getpid()))
    # A large parse: the parse workers' way, this process doing the other work before it joins them.
    assert calls == [os.getpid()] and worked_in.read_text().split() == [here]


def test_a_one_shot_run_loading_ahead_generates_the_same_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONTRACTGEN_CACHE_DIR", str(tmp_path / "cache"))  # empty: the module is scanned
    used: list[int] = []
    real = parallel.beside

    def counted(work, meanwhile):  # type: ignore[no-untyped-def]
        used.append(1)
        return real(work, meanwhile)

    monkeypatch.setattr(parallel, "beside", counted)
    ahead = build(SHOP, load_ahead=True)
    assert used == [1]  # the scan did run beside the loading
    monkeypatch.setenv("CONTRACTGEN_CACHE_DIR", "off")
    assert ahead.files == build(SHOP).files
    assert ahead.files["ts/src/index.ts"]


def test_loading_templates_ahead_loads_only_templates(tmp_path: Path) -> None:
    import jinja2

    from contractgen.templating import load_templates

    (tmp_path / "a.ts.jinja").write_text("{{ 1 + 1 }}")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.cache").write_bytes(b"\x80\xff not a template")
    loaded: list[str] = []

    class Recording(jinja2.FileSystemLoader):
        def get_source(self, environment, template):  # type: ignore[no-untyped-def]
            loaded.append(template)
            return super().get_source(environment, template)

    env = jinja2.Environment(loader=Recording(str(tmp_path)))
    load_templates(env)
    assert loaded == ["a.ts.jinja"]
    assert env.get_template("a.ts.jinja").render() == "2"
    assert loaded == ["a.ts.jinja"]  # kept: not loaded again


def test_a_child_that_has_sent_its_result_is_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    real_exit = os._exit

    def slow_exit(code: int) -> None:  # what the kernel's freeing of a big child's memory looks like
        time.sleep(1.0)
        real_exit(code)

    monkeypatch.setattr(os, "_exit", slow_exit)  # the child inherits it; this process never exits through it
    before = set(parallel._EXITING)  # other tests' children, still exiting
    started = time.perf_counter()
    assert parallel.beside(lambda: "done", lambda: None) == "done"
    assert time.perf_counter() - started < 0.8
    (pid,) = set(parallel._EXITING) - before
    time.sleep(1.5)
    parallel._reap_exited()
    assert pid not in parallel._EXITING
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # collected: no zombie left
