"""The route prefilter (contractgen.scan.routes.has_route_literal) against an earlier revision's, on
the Go files of a directory: median wall time of paired, alternating runs, and how many files each
lets through to the parser.

`python3 benchmarks/prefilter.py [DIR] [--base REV] [--runs N]` (DIR: default the Go module cache,
`go env GOMODCACHE`; REV: default main). Run it on an idle machine; on a loaded one the ratio of the
paired medians is what to read.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from contractgen.scan.routes import has_route_literal  # noqa: E402


def _at_revision(rev: str) -> Callable[[bytes], bool]:
    source = subprocess.run(["git", "show", f"{rev}:contractgen/scan/routes.py"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    module = types.ModuleType("routes_at_" + rev.replace("/", "_"))
    exec(compile(source, f"{rev}:routes.py", "exec"), module.__dict__)  # noqa: S102  (our own file at a revision)
    return module.has_route_literal  # type: ignore[no-any-return]


def _timed(check: Callable[[bytes], bool], files: list[bytes]) -> tuple[float, int]:
    start = time.perf_counter()
    hits = sum(1 for source in files if check(source))
    return time.perf_counter() - start, hits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", nargs="?")
    parser.add_argument("--base", default="main")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = Path(args.dir or subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True, check=True).stdout.strip())
    files = [p.read_bytes() for p in sorted(root.rglob("*.go")) if p.is_file()]
    base = _at_revision(args.base)
    pairs = []
    hits = (0, 0)
    for run in range(args.runs):  # the order alternates, so that neither side always runs first
        if run % 2:
            (new, new_hits), (old, old_hits) = _timed(has_route_literal, files), _timed(base, files)
        else:
            (old, old_hits), (new, new_hits) = _timed(base, files), _timed(has_route_literal, files)
        pairs.append((old, new))
        hits = (old_hits, new_hits)
    size = sum(map(len, files)) / 1e6
    print(f"{len(files)} files, {size:.1f} MB under {root}")
    print(f"| | {args.base} | this tree |\n|---|---|---|")
    print(f"| median ms | {1000 * statistics.median(p[0] for p in pairs):.0f} | {1000 * statistics.median(p[1] for p in pairs):.0f} |")
    print(f"| files let through | {hits[0]} | {hits[1]} |")
    print(f"median paired ratio (this tree / {args.base}): {statistics.median(p[1] / p[0] for p in pairs):.2f}")


if __name__ == "__main__":
    main()
