"""Where a cold `contractgen generate` spends its time, stage by stage, in fresh processes.

    python3 benchmarks/stages.py [--repeat 5] MODULE [MODULE ...]

Each repetition is a new interpreter (bytecode kept, caches off, the cycle collector off as in the
CLI) that runs the CLI's own path with the pipeline's stage functions wrapped in timers: imports,
config, discovery, scan (read, prefilter, parse, link), IR build (dependency types included),
targets, contract.json and the write. Both CPU time (`time.process_time`, this process only: the
parse workers and `go env` run beside it) and wall time are shown, fastest of the repetitions;
`interpreter` is `python3 -c pass` in the same environment (its .pth hooks included), and `whole
process` the command's wall time from outside."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Runs in the child: times each stage by wrapping the functions the pipeline calls by name.
_PROBE = r"""
import sys, time, json
clock = {"cpu": time.process_time, "wall": time.perf_counter}
start = {k: f() for k, f in clock.items()}
spent = {}
def timed(module, name, stage):
    real = getattr(module, name)
    def wrapper(*a, **k):
        t = {k2: f() for k2, f in clock.items()}
        try:
            return real(*a, **k)
        finally:
            for k2, f in clock.items():
                spent.setdefault(stage, {"cpu": 0.0, "wall": 0.0})[k2] += f() - t[k2]
    setattr(module, name, wrapper)
import importlib
import contractgen.cli
pipeline, scan, discover, irbuild, targets = map(importlib.import_module, [
    "contractgen.pipeline", "contractgen.scan", "contractgen.scan.discover", "contractgen.ir.build", "contractgen.targets"])
spent["imports"] = {k: f() - start[k] for k, f in clock.items()}
timed(pipeline, "configured", "config")
timed(discover, "discover", "discover")
timed(scan, "scan_discovered", "scan")
timed(irbuild, "build_contract", "IR build")
timed(targets, "render_all", "targets")
timed(pipeline, "to_json", "contract.json")
timed(contractgen.cli, "_write_or_exit", "write")
sys.argv = ["contractgen", "generate", sys.argv[1], "--out", sys.argv[2]]
try:
    contractgen.cli.app()  # not main(): it ends the process at once
except SystemExit:
    pass
spent["total in the process"] = {k: f() - start[k] for k, f in clock.items()}
print(json.dumps(spent), file=sys.__stderr__)
"""

STAGES = ["imports", "config", "discover", "scan", "IR build", "targets", "contract.json", "write", "total in the process"]


def _env() -> dict[str, str]:
    env = dict(os.environ, CONTRACTGEN_CACHE_DIR="off")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(REPO)
    return env


def _one(module: Path) -> tuple[dict, float]:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _PROBE, str(module), str(Path(out) / "o")], env=_env(), capture_output=True, text=True)
        wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{module}: exit {done.returncode}\n{done.stderr}")
    return json.loads(done.stderr.strip().splitlines()[-1]), wall


def _interpreter(repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=_env(), check=True)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for module in args.modules:
        _one(module)  # warm-up: bytecode and the page cache
    rows: dict[str, dict[str, dict[str, float]]] = {}
    wall: dict[str, float] = {}
    for _ in range(args.repeat):
        for module in args.modules:  # interleaved, so that a change of load falls on all alike
            spent, whole = _one(module)
            name = module.resolve().name
            wall[name] = min(wall.get(name, whole), whole)
            for stage, times in spent.items():
                best = rows.setdefault(name, {}).setdefault(stage, {"cpu": float("inf"), "wall": float("inf")})
                for k in ("cpu", "wall"):
                    best[k] = min(best[k], times[k])
    names = list(rows)
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}; fastest of {args.repeat}.")
    print()
    print("| stage | " + " | ".join(f"{n} CPU | {n} wall" for n in names) + " |")
    print("|---|" + "---|---|" * len(names))
    for stage in STAGES:
        cells = []
        for n in names:
            t = rows[n].get(stage)
            cells += [f"{t['cpu'] * 1000:.0f} ms", f"{t['wall'] * 1000:.0f} ms"] if t else ["-", "-"]
        print(f"| {stage} | " + " | ".join(cells) + " |")
    interpreter = _interpreter(args.repeat)
    print(f"| interpreter (`-c pass`) | " + " | ".join(f"- | {interpreter * 1000:.0f} ms" for _ in names) + " |")
    print(f"| whole process | " + " | ".join(f"- | {wall[n] * 1000:.0f} ms" for n in names) + " |")


if __name__ == "__main__":
    main()
