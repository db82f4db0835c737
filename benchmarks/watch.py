"""Latency of `contractgen watch`, and cold against warm one-shot `generate` with the persisted cache.

    python benchmarks/watch.py [--edits 40] [--runs 5] [--case shop|sparse]

Edit latency: `contractgen watch` runs as a subprocess on a copy of the module; each edit renames
one JSON key (alternately saved in place and by a temporary file renamed over, as editors do), and
the latency is from just before the save until the regenerated file on disk holds the new key
(polled every 0.5 ms). shop: fixtures/shop, models.User's displayName. sparse: the 13 MB synthetic
module of benchmarks/run.py, one field of its largest file that declares one.

Cold/warm: `contractgen generate MODULE --out OUT` in a fresh process, output directory emptied
first. cold: an empty cache directory (the run's detached cache save is waited for before the
next run starts); warm: the cache the previous run left; facts: warm, with the generation memo
removed, so that only the per-file fact cache is reused.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import run as end_to_end  # noqa: E402  (the synthetic module, generated once, shared with run.py)

WORK = HERE / ".work" / "watch"
_KEY = re.compile(r'json:"([A-Za-z][A-Za-z0-9_]*)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=40, help="edits per save style")
    parser.add_argument("--runs", type=int, default=5, help="one-shot runs per cold/warm/facts row")
    parser.add_argument("--case", action="append", choices=["shop", "sparse"])
    args = parser.parse_args()
    cases = args.case or ["shop", "sparse"]
    latencies: list[tuple[str, str, list[float]]] = []
    oneshot: list[tuple[str, dict[str, list[float]]]] = []
    for case in cases:
        module = _module(case)
        target, key = _edit_target(module, case)
        for style in ("in-place", "rename-over"):
            latencies.append((case, style, _edit_latencies(case, module, target, key, style, args.edits)))
        oneshot.append((case, _one_shot(case, module, args.runs)))
    print()
    print(_machine())
    print()
    print("| case | save | edits | p50 | p95 | max |")
    print("|---|---|---|---|---|---|")
    for case, style, values in latencies:
        print(f"| {case} | {style} | {len(values)} | {_ms(_pct(values, 50))} | {_ms(_pct(values, 95))} | {_ms(max(values))} |")
    print()
    print("| case | cold, median | warm, median (% of cold) | facts only, median (% of cold) |")
    print("|---|---|---|---|")
    for case, rows in oneshot:
        cold = statistics.median(rows["cold"])
        cells = [f"{_ms(statistics.median(rows[k]))} ({statistics.median(rows[k]) / cold:.0%})" for k in ("warm", "facts")]
        print(f"| {case} | {_ms(cold)} | {cells[0]} | {cells[1]} |")
    return 0


def _module(case: str) -> Path:
    copy = WORK / case / "module"
    if copy.exists():
        shutil.rmtree(copy)
    if case == "shop":
        shutil.copytree(REPO / "fixtures" / "shop", copy, ignore=shutil.ignore_patterns("contract"))
    else:
        source, _ = end_to_end._module(next(c for c in end_to_end.CASES if c.name == "sparse"))
        shutil.copytree(source, copy)
    return copy


def _edit_target(module: Path, case: str) -> tuple[Path, str]:
    if case == "shop":
        return module / "models" / "user.go", "displayName"
    files = sorted(module.rglob("*.go"), key=lambda p: (-p.stat().st_size, p))
    for path in files:
        text = path.read_text()
        if "_test" not in path.name and re.search(r"^type \w+ struct", text, re.MULTILINE):
            match = _KEY.search(text[text.index("struct {") :])
            if match:
                return path, match.group(1)
    raise SystemExit("no struct with a json tag in the synthetic module")


def _output_file(module: Path, target: Path, out: Path) -> Path:
    package_dir = target.parent.relative_to(module).as_posix()
    return out / "ts" / "src" / (f"{package_dir}.ts" if package_dir != "." else "_root.ts")


def _edit_latencies(case: str, module: Path, target: Path, key: str, style: str, edits: int) -> list[float]:
    out = WORK / case / "out"
    shutil.rmtree(out, ignore_errors=True)
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=WORK))
    env = {**os.environ, "PYTHONPATH": str(REPO), "CONTRACTGEN_CACHE_DIR": str(cache)}
    process = subprocess.Popen(
        [sys.executable, "-m", "contractgen", "watch", str(module), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("watching "):
                break
        produced = _output_file(module, target, out)
        original = target.read_text()
        values = []
        for index in range(edits + 2):  # the first two warm up
            new = f"{key}{index}"
            text = original.replace(f'json:"{key}"', f'json:"{new}"', 1)
            start = time.perf_counter()
            _save(target, text, style)
            deadline = start + 30
            while f'"{new}"' not in _read(produced) and f" {new}" not in _read(produced):
                if time.perf_counter() > deadline:
                    raise SystemExit(f"[{case}] {new} never appeared in {produced}")
                time.sleep(0.0005)
            elapsed = time.perf_counter() - start
            if index >= 2:
                values.append(elapsed)
            print(f"[{case} {style}] edit {index}: {elapsed * 1000:.0f} ms", file=sys.stderr)
            time.sleep(0.2)  # let the regeneration's line go out before the next save
        target.write_text(original)
        return values
    finally:
        process.send_signal(2)
        process.wait(timeout=60)
        shutil.rmtree(cache, ignore_errors=True)


def _save(path: Path, text: str, style: str) -> None:
    if style == "in-place":
        with open(path, "w") as f:
            f.write(text)
    else:
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text)
        os.replace(temporary, path)


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _one_shot(case: str, module: Path, runs: int) -> dict[str, list[float]]:
    out = WORK / case / "oneshot"
    rows: dict[str, list[float]] = {"cold": [], "warm": [], "facts": []}
    command = [sys.executable, "-m", "contractgen", "generate", str(module), "--out", str(out)]
    for attempt in range(runs + 1):  # the first warms the file cache
        for kind in ("cold", "warm", "facts"):
            cache = WORK / case / "cache"
            if kind == "cold":
                shutil.rmtree(cache, ignore_errors=True)
            if kind == "facts":
                for memo in cache.glob("generations-*/*"):
                    memo.unlink()
            shutil.rmtree(out, ignore_errors=True)
            env = {**os.environ, "PYTHONPATH": str(REPO), "CONTRACTGEN_CACHE_DIR": str(cache)}
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True, env=env)
            elapsed = time.perf_counter() - start
            if result.returncode != 0:
                raise SystemExit(result.stderr.decode()[-2000:])
            _wait_for_saved(cache)
            if attempt:
                rows[kind].append(elapsed)
            print(f"[{case}] {kind}: {elapsed * 1000:.0f} ms", file=sys.stderr)
    return rows


def _wait_for_saved(cache: Path) -> None:
    """The detached save of a run that wrote its caches: done when the memo is there and no temporary file."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        memos = list(cache.glob("generations-*/*.pickle"))
        if memos and not list(cache.rglob("*.tmp")):
            return
        time.sleep(0.01)


def _pct(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _machine() -> str:
    import tree_sitter
    import watchdog.version

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"tree-sitter {getattr(tree_sitter, '__version__', '?')}, watchdog {watchdog.version.VERSION_STRING}; load average {load:.1f} at the end."
    )


if __name__ == "__main__":
    sys.exit(main())
