"""Where one watch regeneration's time goes, stage by stage, in process (no file events, no debounce).

    python benchmarks/watch_stages.py [--case shop|sparse] [--edits 10] [--profile FILE]

A watch Session regenerates once, then each edit renames one JSON key of the same file as
benchmarks/watch.py edits (shop: models.User's displayName; sparse: a field of the 13 MB synthetic
module's largest file that declares one) and regenerates; each stage's wall time is summed per
regeneration by wrapping the stage's entry point, and the median over the edits is printed.
`--profile FILE`: also write a cProfile of the edits' regenerations (pstats format). The change
summary runs after the files are written, so benchmarks/watch.py's edit -> file latency leaves it out.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import watch as latency  # noqa: E402  (the same modules and edit targets as benchmarks/watch.py)

# (label, module, attribute): a stage's entry point, wrapped where the pipeline looks it up.
STAGES = (
    ("discover", "contractgen.scan.discover", "discover"),
    ("scan", "contractgen.scan", "scan_discovered"),
    ("dependencies", "contractgen.pipeline", "fingerprint"),
    ("ir", "contractgen.ir.build", "build_contract"),
    ("ir", "contractgen.ir.incremental", "rebuild"),
    ("render", "contractgen.targets", "render_all"),
    ("contract.json", "contractgen.pipeline", "to_json"),
    ("contract.json", "contractgen.ir.pieces", "ContractJson.encode"),
    ("write", "contractgen.watch.session", "write"),
    ("summary", "contractgen.watch.session", "describe_changes"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", choices=["shop", "sparse"], default="sparse")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()
    import importlib

    from contractgen.scan.cache import FactCache
    from contractgen.watch.session import Session

    spent: dict[str, float] = defaultdict(float)
    for label, module_name, attribute in STAGES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        *owners, name = attribute.split(".")
        for owner in owners:
            module = getattr(module, owner)
        if hasattr(module, name):
            setattr(module, name, _timed(label, getattr(module, name), spent))
    module = latency._module(args.case)
    target, key = latency._edit_target(module, args.case)
    original = target.read_text()
    with tempfile.TemporaryDirectory() as scratch:
        session = Session(module, Path(scratch) / "out", stdout=io.StringIO(), stderr=sys.stderr, cache=FactCache(None))
        session.regenerate()
        rows: dict[str, list[float]] = defaultdict(list)
        profiler = cProfile.Profile() if args.profile else None
        for index in range(args.edits + 1):  # the first warms up
            target.write_text(original.replace(f'json:"{key}"', f'json:"{key}{index}"', 1))
            spent.clear()
            if profiler is not None and index:
                profiler.enable()
            started = time.perf_counter()
            result = session.regenerate({str(target)})
            total = time.perf_counter() - started
            if profiler is not None:
                profiler.disable()
            assert result is not None and result.changes, "the edit changed nothing"
            if index:
                for label, seconds in spent.items():
                    rows[label].append(seconds)
                rows["other"].append(total - sum(spent.values()))
                rows["total"].append(total)
        target.write_text(original)
    if profiler is not None:
        profiler.dump_stats(args.profile)
    print(f"{args.case}: one field renamed in {target.relative_to(module)}, median of {args.edits} regenerations (in process)")
    print()
    print("| stage | median |")
    print("|---|---|")
    for label in [*dict.fromkeys(s[0] for s in STAGES), "other", "total"]:
        if label in rows:
            print(f"| {label} | {statistics.median(rows[label]) * 1000:.1f} ms |")
    return 0


def _timed(label, function, spent):  # type: ignore[no-untyped-def]
    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started

    timed.__wrapped__ = function  # type: ignore[attr-defined]
    return timed


if __name__ == "__main__":
    sys.exit(main())
