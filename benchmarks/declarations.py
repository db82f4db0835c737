"""What shipping .d.ts files would cost: tsc time and peak memory on the generated benchmark packages.

`python3 benchmarks/declarations.py [sparse|dense]` generates the benchmark module (benchmarks/synth.py,
the same specs as run.py), runs contractgen on it, and compiles the TypeScript package three ways with
the repository's TypeScript: type-check only, JavaScript emit (what the package's `prepack` does), and
JavaScript plus declaration emit. Prints a Markdown table (wall seconds, peak RSS) for the README.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (the benchmark cases and their cached modules)

MODES = {
    "type-check (`--noEmit`)": ["--noEmit"],
    "JavaScript (`prepack`)": [],
    "JavaScript + `.d.ts`": ["--declaration"],
}


_PEAK = "import resource, subprocess, sys; c = subprocess.run(sys.argv[1:], capture_output=True).returncode; print(c, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"


def measure(command: list[str]) -> tuple[float, int, int]:
    """Wall time, exit code and peak RSS in MB of one process, run under a fresh interpreter so the peak is its own."""
    start = time.perf_counter()
    code, peak_kb = subprocess.run([sys.executable, "-c", _PEAK, *command], capture_output=True, text=True).stdout.split()
    return time.perf_counter() - start, int(code), int(peak_kb) // 1024


def main() -> int:
    names = sys.argv[1:] or ["sparse"]
    tsc = HERE.parent / "node_modules" / ".bin" / "tsc"
    print("| case | types | tsc | seconds | peak RSS (MB) | exit |")
    print("|---|---|---|---|---|---|")
    for case in run.CASES:
        if case.name not in names:
            continue
        module, _summary = run._module(case)
        out = run.WORK / case.name / "decl-out"
        subprocess.run([*run._contractgen(), "generate", str(module), "--out", str(out)], check=True, capture_output=True)
        package = out / "ts"
        types = sum(text.count("export const ") for text in (p.read_text() for p in (package / "src").glob("**/*.ts")))
        for label, flags in MODES.items():
            seconds, code, peak = measure([str(tsc), "-p", str(package / "tsconfig.json"), "--outDir", str(out / "dist"), *flags])
            print(f"| {case.name} | {types} | {label} | {seconds:.1f} | {peak} | {code} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
