"""Benchmark of types from dependencies: `contractgen generate` on modules whose contract reaches
into the module cache, and (with --download) what `go mod download` costs for the test fixtures.

    python benchmarks/deps.py [--repeat 5] [--download]

Cases: fixtures/deps (gorm, uuid, decimal, civil, database/sql), fixtures/deps-k8s (Pod, Deployment,
Service) and, when k8s.io/api v0.37.2 is in the module cache, a copy of the whole kubernetes/api
module (its apimachinery types read from the cache). Each generate runs as a fresh process with the
persisted cache off (every dependency file parsed), median and fastest of --repeat runs.
--download measures `go mod download` in each fixture into an empty GOMODCACHE: seconds, MB
downloaded (cache/download) and MB on disk. It uses the network (the Go module proxy).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KUBERNETES_API = "k8s.io/api@v0.37.2"


def _seconds(command: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def _module_cache() -> Path:
    found = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True, check=True).stdout.strip()
    return Path(found)


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--download", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO), "CONTRACTGEN_CACHE_DIR": "off"}
    with tempfile.TemporaryDirectory() as work:
        cases = {"fixtures/deps": REPO / "fixtures" / "deps", "fixtures/deps-k8s": REPO / "fixtures" / "deps-k8s"}
        source = _module_cache() / KUBERNETES_API
        if source.is_dir():
            copy = Path(work) / "kubernetes-api"
            shutil.copytree(source, copy)
            cases["kubernetes/api (whole module)"] = copy
        print("| module | generate, median | fastest |\n|---|---|---|")
        for name, module in cases.items():
            command = [sys.executable, "-m", "contractgen", "generate", str(module), "--out", str(Path(work) / "out")]
            times = [_seconds(command, env) for _ in range(args.repeat)]
            print(f"| {name} | {statistics.median(times):.2f} s | {min(times):.2f} s |")
        if args.download:
            print("\n| fixture | go mod download | downloaded | on disk |\n|---|---|---|---|")
            for name in ("deps", "deps-k8s"):
                cache = Path(work) / f"cache-{name}"
                seconds = _seconds(
                    ["go", "mod", "download"], {**os.environ, "GOMODCACHE": str(cache), "GOFLAGS": "-modcacherw"}, REPO / "fixtures" / name
                )
                print(f"| fixtures/{name} | {seconds:.1f} s | {_size_mb(cache / 'cache' / 'download'):.1f} MB | {_size_mb(cache):.0f} MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
