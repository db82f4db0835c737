"""The per-file fact cache and the generation memo never change what is generated: cold, warm,
half-warm (facts only) and corrupt caches give byte-identical output and equal scan facts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.paths import REPO, fresh_dir, golden_cases, golden_input

from contractgen.scan import FactCache, scan_module
from contractgen.scan.cache import CACHE_ENV, cache_root

CLI = [sys.executable, "-m", "contractgen"]


def generate(src: Path, out: Path, cache: Path | str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, CACHE_ENV: str(cache)}
    return subprocess.run([*CLI, "generate", str(src), "--out", str(out)], capture_output=True, text=True, env=env)


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def wait_for_cache(cache: Path, kind: str) -> list[Path]:
    """The one-shot command saves its caches from a detached process: wait until that one is done."""
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [p for p in cache.glob(f"{kind}-*/**/*") if p.is_file()]
        if found and not [p for p in found if p.name.endswith(".tmp")]:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no {kind} cache appeared in {cache}")


def test_cold_and_warm_generate_write_identical_bytes() -> None:
    work = fresh_dir("watch_cache", "identical")
    cache = work / "cache"
    src = REPO / "fixtures" / "shop"
    runs = {}
    for name in ("cold", "warm"):
        result = generate(src, work / name, cache)
        assert result.returncode == 0, result.stderr
        runs[name] = (tree_bytes(work / name), result.stderr)
        wait_for_cache(cache, "generations")
    # Facts only: the memo gone, every file's facts come from the per-file cache.
    for memo in cache.glob("generations-*"):
        for path in memo.iterdir():
            path.unlink()
    result = generate(src, work / "facts", cache)
    runs["facts"] = (tree_bytes(work / "facts"), result.stderr)
    # Corrupt: every entry truncated or garbled is a miss, not a failure.
    for path in wait_for_cache(cache, "facts") + wait_for_cache(cache, "generations"):
        path.write_bytes(path.read_bytes()[:7] + b"garbage")
    result = generate(src, work / "corrupt", cache)
    assert result.returncode == 0, result.stderr
    runs["corrupt"] = (tree_bytes(work / "corrupt"), result.stderr)
    off = generate(src, work / "off", "off")
    runs["off"] = (tree_bytes(work / "off"), off.stderr)
    assert runs["cold"][0], "nothing generated"
    for name, (files, stderr) in runs.items():
        assert files == runs["off"][0], f"{name} output differs from a run without cache"
        assert stderr == runs["off"][1], f"{name} diagnostics differ"


@pytest.mark.parametrize("case", golden_cases())
def test_facts_from_disk_equal_facts_parsed(case: str, tmp_path: Path) -> None:
    """Handlers found in other files (the link step), syntax errors, build tags: a second scan from
    the disk cache has the same facts as a fresh parse, and parses nothing."""
    src = golden_input(case)
    cold = FactCache(tmp_path)
    parsed = scan_module(src, cache=cold)
    cold.persist()
    warm = FactCache(tmp_path)
    reused = scan_module(src, cache=warm)
    assert reused == parsed
    assert all(not entry.dirty for entry in warm.memory.values() if entry.worth_keeping), "something was parsed again"
    assert scan_module(src) == parsed  # and without any cache


def test_cache_location_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "here"))
    assert cache_root() == tmp_path / "here"
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cache_root() is None
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "contractgen"
