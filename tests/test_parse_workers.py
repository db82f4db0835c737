"""The parse workers (contractgen/scan/parallel.py's `parse_all`): forked processes and this one take
the files one at a time from a shared queue, so each file is parsed once, by whoever is free; the
facts are those of one process; a worker that dies leaves its files to this process; an error is
raised here as in one process; and a worker never waits for ever on a busy parent."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from contractgen.scan import WorkTree, discover, parallel
from contractgen.scan.buildtags import Platform
from contractgen.scan.discover import SourceFile
from contractgen.scan.facts import FileFacts

SHOP = Path(__file__).resolve().parent.parent / "fixtures" / "shop"


def _files() -> list[SourceFile]:
    tree = WorkTree(SHOP)
    return list(discover(tree, Platform(), SHOP.name).files)


@pytest.fixture
def parsed_by(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every file's parse goes to the workers' way (the threshold at one byte); a log names, per
    parse, the process and the file."""
    monkeypatch.setattr(parallel, "_PARALLEL_THRESHOLD_BYTES", 1)
    log = tmp_path / "parsed"
    real = parallel._parse_one

    def logged(file: SourceFile) -> FileFacts:
        with open(log, "a") as f:
            f.write(f"{os.getpid()} {file.path}\n")
        return real(file)

    monkeypatch.setattr(parallel, "_parse_one", logged)
    return log


def _log(path: Path) -> list[tuple[str, str]]:
    return [tuple(line.split(" ", 1)) for line in path.read_text().splitlines()]  # type: ignore[misc]


def _one_process(files: list[SourceFile]) -> list[FileFacts]:
    return sorted((parallel._parse_one(f) for f in files), key=lambda facts: facts.path)


@pytest.mark.parametrize("jobs", [2, 3])
def test_each_file_is_parsed_once_by_whoever_is_free_and_the_facts_are_one_process_s(parsed_by: Path, jobs: int) -> None:
    files = _files()
    expected = _one_process(files)
    parsed_by.unlink()
    assert parallel.parse_all(files, jobs) == expected
    log = _log(parsed_by)
    assert sorted(path for _, path in log) == sorted(f.path for f in files)  # each once
    assert len({pid for pid, _ in log}) == jobs  # every process took some
    assert len(expected) > 10 and any(f.types for f in expected) and any(f.endpoints for f in expected)


def test_this_process_does_its_other_work_first_and_workers_do_not_wait_for_it(parsed_by: Path) -> None:
    # Four copies of the module: their facts pickled (220 KB) are more than a default pipe holds (64 KB).
    files = [SourceFile(f"copy{n}/{f.path}", f.source, f.package) for n in range(4) for f in _files()]
    expected = _one_process(files)
    parsed_by.unlink()
    seen: list[int] = []

    def slow_other_work() -> None:
        seen.append(os.getpid())
        time.sleep(1.0)  # the workers parse everything meanwhile, more than a default pipe holds

    started = time.perf_counter()
    assert parallel.parse_all(files, 2, slow_other_work) == expected
    assert seen == [os.getpid()]
    log = _log(parsed_by)
    assert log and all(pid != str(os.getpid()) for pid, _ in log)  # all by the worker
    assert time.perf_counter() - started < 10


def test_no_other_work_is_done_when_no_worker_is_forked() -> None:
    files = _files()
    seen: list[int] = []
    assert parallel.parse_all(files, 2, lambda: seen.append(1)) == _one_process(files)  # small: one process
    assert seen == []


def test_a_worker_that_dies_leaves_its_files_to_this_process(parsed_by: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files()
    expected = _one_process(files)
    parsed_by.unlink()
    parent = os.getpid()
    real = parallel._parse_one

    def dying_in_the_worker(file: SourceFile) -> FileFacts:
        facts = real(file)
        if os.getpid() != parent and len(_log(parsed_by)) >= 3:
            os._exit(9)  # killed after taking a file, before sending it
        return facts

    monkeypatch.setattr(parallel, "_parse_one", dying_in_the_worker)
    assert parallel.parse_all(files, 2, lambda: time.sleep(0.2)) == expected
    by_worker = [path for pid, path in _log(parsed_by) if pid != str(parent)]
    assert by_worker  # it did take files before it died


def test_an_error_in_a_parse_is_raised_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_PARALLEL_THRESHOLD_BYTES", 1)

    def broken(file: SourceFile) -> FileFacts:
        raise ValueError(f"cannot parse in {os.getpid()}")

    monkeypatch.setattr(parallel, "_parse_one", broken)
    with pytest.raises(ValueError, match=f"cannot parse in {os.getpid()}$"):
        parallel.parse_all(_files(), 2)


def test_the_queue_hands_out_every_file_once_largest_first_beyond_a_default_pipe() -> None:
    files = [SourceFile(f"f{i:05}.go", b"x" * (i % 7), "p") for i in range(20_000)]  # 80 KB of indices
    queue = parallel._FileQueue(files)
    try:
        taken = []
        while (file := queue.take()) is not None:
            taken.append(file)
    finally:
        queue.close()
    assert taken == sorted(files, key=lambda f: (-len(f.source), f.path))
    with pytest.raises(OSError):
        parallel._FileQueue([SourceFile(f"{i}.go", b"", "p") for i in range(300_000)])  # more than a pipe may hold
