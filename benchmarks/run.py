"""End-to-end benchmark of `contractgen generate` on synthetic Go modules.

    python benchmarks/run.py [--repeat 7] [--quick]

Generates (once; reused while the generator and its parameters are unchanged) into benchmarks/.work/:

  sparse   13 MB of Go in 500 files, of which only ~60 declare types and a few more hold JSON methods:
           the rest is noise that the scanner must recognise cheaply and never parse.
  dense    thousands of structs, every file declares types: the throughput of full parsing.

Each case runs `contractgen generate MODULE --out OUT` as a fresh process (output directory emptied
first, the persisted cache off: benchmarks/watch.py measures warm runs), once to warm the file cache and then --repeat times. It reports the median and the fastest
wall time, MB/s of Go source (every .go file of the module), the peak RSS of the largest process
(the CLI or one of its parsing children, from wait4), how many files were scanned and parsed, and how
many declarations the contract has. It also times the scan stage alone with one process and with all
cores, to show what parallel parsing gives. It ends with Markdown tables for the README.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (benchmarks/ is not a package)

WORK = HERE / ".work"


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    spec: synth.Spec


CASES = (
    Case(
        "sparse",
        "13 MB, 500 files, ~60 with types",
        synth.Spec(files=500, total_bytes=13_000_000, type_files=60, structs_per_file=10, packages=20),
    ),
    Case(
        "dense",
        "every file has types",
        synth.Spec(files=300, total_bytes=6_000_000, type_files=300, structs_per_file=12, packages=30),
    ),
)

# The scan stage alone, in a fresh interpreter: serial (jobs=1) against all cores (jobs=0).
_SCAN_TIMER = """
import json, sys, time
from pathlib import Path
from contractgen.scan import ScanOptions, scan_module
src, repeat = Path(sys.argv[1]), int(sys.argv[2])
times = {}
for jobs in (1, 0):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        scan_module(src, ScanOptions(jobs=jobs))
        runs.append(time.perf_counter() - start)
    times[jobs] = runs
print(json.dumps(times))
"""


@dataclass
class Result:
    case: str
    description: str
    go_files: int
    go_bytes: int
    scanned: int
    parsed: int
    parsed_bytes: int
    prefilter_ok: bool  # the scanner parses exactly the files the generator wrote declarations into
    declarations: dict[str, int]
    walls: list[float]
    peak_rss_kb: int
    scan_serial: list[float]
    scan_parallel: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def fastest(self) -> float:
        return min(self.walls)


def main() -> int:
    parser = argparse.ArgumentParser(description="End-to-end benchmark of contractgen generate.")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per case (after one warm-up run)")
    parser.add_argument("--quick", action="store_true", help="3 timed runs per case")
    parser.add_argument("--case", action="append", choices=[c.name for c in CASES], help="only this case (repeatable)")
    args = parser.parse_args()
    repeat = 3 if args.quick else args.repeat
    busy = _busy_fraction()
    if busy > 0.1:
        print(f"warning: the machine is {busy:.0%} busy with other work; the timings will be noisy", file=sys.stderr)
    results = []
    for case in CASES:
        if args.case and case.name not in args.case:
            continue
        module, summary = _module(case)
        results.append(_measure(case, module, summary, repeat))
    print()
    print(_markdown(results, repeat))
    print()
    print(_startup_markdown())
    print()
    print(_tsc_markdown([r.case for r in results]))
    failed = [r.case for r in results if not r.prefilter_ok]
    if failed:
        print(f"\nthe scanner did not parse exactly the files that declare types or JSON methods in: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _module(case: Case) -> tuple[Path, dict]:
    """The case's module, generated unless the same generator already made it with the same spec."""
    directory = WORK / case.name
    module = directory / "module"
    stamp_file = directory / "stamp.json"
    generator = hashlib.sha256(b"".join((HERE / name).read_bytes() for name in ("synth.py", "gomodel.py", "gonoise.py")))
    stamp = {"spec": asdict(case.spec), "generator": generator.hexdigest()}
    if stamp_file.is_file() and module.is_dir():
        saved = json.loads(stamp_file.read_text())
        if saved.get("stamp") == stamp:
            return module, saved["summary"]
    print(f"[{case.name}] generating {case.description} into {module.relative_to(HERE.parent)}", file=sys.stderr)
    start = time.perf_counter()
    summary = asdict(synth.generate(module, case.spec))
    print(f"[{case.name}] generated in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    stamp_file.write_text(json.dumps({"stamp": stamp, "summary": summary}, indent=1))
    return module, summary


def _contractgen() -> list[str]:
    script = Path(sys.executable).parent / "contractgen"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "contractgen"]


# Every run is cold: the persisted cache (see benchmarks/watch.py for warm runs) is off. Python's own
# bytecode is kept, as an installed package has it (pip compiles it at install; an editable install
# writes __pycache__ on first import, here the warm-up run): PYTHONDONTWRITEBYTECODE=1 in the
# environment would make every run compile contractgen's modules first (about 0.1 s more, see the
# README); CONTRACTGEN_BENCH_NO_BYTECODE=1 measures that case.
COLD = {**os.environ, "CONTRACTGEN_CACHE_DIR": "off"}
if not os.environ.get("CONTRACTGEN_BENCH_NO_BYTECODE"):
    COLD.pop("PYTHONDONTWRITEBYTECODE", None)


def _run(command: list[str], log: Path) -> tuple[float, int, int]:
    """Wall time, exit code and peak RSS (KB) of one process, its waited-for children included."""
    with open(log.with_suffix(".out"), "wb") as out, open(log.with_suffix(".err"), "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=COLD)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, process.returncode, usage.ru_maxrss


def _measure(case: Case, module: Path, summary: dict, repeat: int) -> Result:
    from contractgen.scan import candidate_files, may_contribute
    from contractgen.scan.buildtags import Platform

    go_files = sorted(module.rglob("*.go"))
    go_bytes = sum(p.stat().st_size for p in go_files)
    candidates = candidate_files(module, Platform())
    contributing = [f for f in candidates if may_contribute(f.source)]
    parsed = [f.path for f in contributing]
    prefilter_ok = sorted(parsed) == sorted(summary["contributing"])
    if not prefilter_ok:
        missing = sorted(set(summary["contributing"]) - set(parsed))
        extra = sorted(set(parsed) - set(summary["contributing"]))
        print(f"[{case.name}] prefilter mismatch: not parsed {missing[:5]}, parsed needlessly {extra[:5]}", file=sys.stderr)

    out = WORK / case.name / "out"
    log = WORK / case.name / "generate"
    command = [*_contractgen(), "generate", str(module), "--out", str(out)]
    walls, peak = [], 0
    for attempt in range(repeat + 1):
        shutil.rmtree(out, ignore_errors=True)
        wall, code, rss = _run(command, log)
        if code != 0:
            sys.exit(f"[{case.name}] {' '.join(command)} exited {code}:\n{log.with_suffix('.err').read_text()[-3000:]}")
        if attempt > 0:  # the first run only warms the file cache
            walls.append(wall)
            peak = max(peak, rss)
        print(f"[{case.name}] run {attempt}: {wall:.3f} s, {rss / 1024:.0f} MB{' (warm-up)' if attempt == 0 else ''}", file=sys.stderr)

    ir_file = WORK / case.name / "ir"
    _, code, _ = _run([*_contractgen(), "ir", str(module)], ir_file)
    contract = json.loads(ir_file.with_suffix(".out").read_text())
    declarations: dict[str, int] = {}
    for package in contract["packages"]:
        for decl in package["types"]:
            declarations[decl["kind"]] = declarations.get(decl["kind"], 0) + 1

    timer = subprocess.run(
        [sys.executable, "-c", _SCAN_TIMER, str(module), str(max(3, repeat // 2))],
        capture_output=True, text=True, check=True,
    )
    scan = json.loads(timer.stdout)
    return Result(
        case.name, case.description, len(go_files), go_bytes, len(candidates), len(parsed),
        sum(len(f.source) for f in contributing), prefilter_ok,
        declarations, walls, peak, scan["1"], scan["0"],
    )


def _tsc_markdown(cases: list[str], runs: int = 3) -> str:
    """What the generated package costs a frontend: `tsc --noEmit` (TypeScript 7, the repo's
    node_modules) over the whole generated package, client included."""
    tsc = HERE.parent / "node_modules" / ".bin" / "tsc"
    if not tsc.exists():
        return "(tsc not installed: run `npm ci` for the TypeScript check timing)"
    rows = [f"| case | schemas (declared `z.ZodType<X>` to cut long chains) | `tsc --noEmit`, median of {runs} |", "|---|---|---|"]
    for name in cases:
        package = WORK / name / "out" / "ts"
        sources = [p.read_text() for p in package.rglob("*.ts")]
        schemas = sum(len(re.findall(r"^export const \w+Schema\b", text, re.M)) for text in sources)
        declared = sum(len(re.findall(r"^export const \w+Schema: z\.ZodType<", text, re.M)) for text in sources)
        walls, errors = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            result = subprocess.run([str(tsc), "-p", str(package / "tsconfig.json"), "--noEmit"], capture_output=True, text=True)
            walls.append(time.perf_counter() - start)
            errors = result.stdout.count("error TS")
        verdict = f"{statistics.median(walls):.2f} s" + (f", {errors} errors" if errors else "")
        rows.append(f"| {name} | {schemas} ({declared}) | {verdict} |")
    return "\n".join(rows)


def _startup_markdown(runs: int = 10) -> str:
    """`--version` and `--help` must answer fast: the CLI imports no stage until a command runs."""
    rows = ["| command | wall, median of %d (fastest) |" % runs, "|---|---|"]
    for flag in ("--version", "--help"):
        walls = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([*_contractgen(), flag], capture_output=True, check=True)
            walls.append(time.perf_counter() - start)
        rows.append(f"| `contractgen {flag}` | {statistics.median(walls) * 1000:.0f} ms ({min(walls) * 1000:.0f} ms) |")
    return "\n".join(rows)


def _busy_fraction(seconds: float = 1.0) -> float:
    """How busy all cores were over `seconds` (0 when /proc/stat is not there)."""

    def sample() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(values), values[3] + values[4]  # total, idle + iowait

    try:
        total_before, idle_before = sample()
        time.sleep(seconds)
        total_after, idle_after = sample()
    except (OSError, ValueError, IndexError):
        return 0.0
    total = total_after - total_before
    return 1 - (idle_after - idle_before) / total if total else 0.0


def _machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    from importlib.metadata import version

    return (
        f"{cores} cores (nproc), {model}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, tree-sitter {version('tree-sitter')}, tree-sitter-go {version('tree-sitter-go')}"
    )


def _markdown(results: list[Result], repeat: int) -> str:
    lines = [
        f"Machine: {_machine()}.",
        f"`contractgen generate` end to end in a fresh process, empty output directory; median and fastest of {repeat} runs after a warm-up.",
        "",
        "| case | Go files (scanned / parsed) | Go source | declarations in the contract | wall, median (fastest) | MB/s | peak RSS |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        mb = r.go_bytes / 1e6
        decls = ", ".join(f"{n} {kind}" for kind, n in sorted(r.declarations.items(), key=lambda kv: -kv[1]))
        lines.append(
            f"| {r.case}: {r.description} | {r.go_files} ({r.scanned} / {r.parsed}) | {mb:.1f} MB | {decls} "
            f"| {r.median:.2f} s ({r.fastest:.2f} s) | {mb / r.median:.1f} | {r.peak_rss_kb / 1024:.0f} MB |"
        )
    lines += [
        "",
        "Scan stage alone (read, prefilter, parse), fastest run: one process against all cores.",
        "",
        "| case | parsed | jobs=1 | all cores | speed-up |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        serial, parallel = min(r.scan_serial), min(r.scan_parallel)
        lines.append(f"| {r.case} | {r.parsed} files, {r.parsed_bytes / 1e6:.1f} MB | {serial:.3f} s | {parallel:.3f} s | {serial / parallel:.2f}x |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
