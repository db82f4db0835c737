"""contractgen beside the generators users would pick instead, in one run on one machine.

    python benchmarks/compare.py [--repeat 7] [--guts-on shop,sparse,dense] [--cases shop,go-github]

tygo (github.com/gzuidhof/tygo) and guts (github.com/coder/guts, a library: benchmarks/tools/gutsall
runs it over every package, each with a name prefix, since guts refuses two declarations of one name)
are built from source through the Go module proxy, at the versions benchmarks/tools/go.mod pins, into
benchmarks/.work/bin. Each case is a Go module: the bundled shop example, the synthetic `sparse`
and `dense` modules of benchmarks/run.py, and two real ones that `go mod download` fetches through
the Go module proxy into the module cache (copied into benchmarks/.work/compare/modules, never
committed): kubernetes/api (k8s.io/api, its apimachinery types read from the module cache) and
go-github (github.com/google/go-github, the GitHub REST API's types). `--cases` picks some. Runs are paired: each repetition runs every tool once, in
turn, so that a change in the machine's load falls on all of them alike; the first repetition only
warms the file cache. Every tool starts as a fresh process, as it does in a build, and writes
TypeScript for every package of the module (contractgen also its Zod schemas, client and Go package:
it does more work, which the figures include). A tool that fails on a case is reported as failing,
with its exit code, not left out.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (benchmarks/ is not a package; run.py makes the synthetic modules)

WORK = HERE / ".work" / "compare"
BIN = HERE / ".work" / "bin"
TOOLS = HERE / "tools"
SHOP = HERE.parent / "fixtures" / "shop"
# Real modules, at pinned versions: (case, module path, version).
REAL_MODULES = (
    ("kubernetes-api", "k8s.io/api", "v0.37.2"),
    ("go-github", "github.com/google/go-github/v74", "v74.0.0"),
)


@dataclass
class Timing:
    walls: list[float] = field(default_factory=list)
    failure: str = ""
    skipped: bool = False  # left out on purpose (--guts-on), which is no failure

    def cell(self) -> str:
        if self.skipped:
            return "not run (`--guts-on`)"
        if self.failure:
            return f"fails ({self.failure})"
        return f"{statistics.median(self.walls):.3f} s" if self.walls else "n/a"


def build_tools() -> dict[str, Path]:
    BIN.mkdir(parents=True, exist_ok=True)
    built = {}
    for name, package in (("tygo", "github.com/gzuidhof/tygo"), ("guts", "./gutsall")):
        binary = BIN / name
        subprocess.run(["go", "build", "-o", str(binary), package], cwd=TOOLS, check=True)
        built[name] = binary
    return built


def real_module(path: str, version: str, name: str) -> Path:
    """A writable copy of a module from the module cache (downloaded through the proxy when missing),
    with its own dependencies downloaded too, since tygo loads its packages with go/packages."""
    copy = WORK / "modules" / name
    if not (copy / "go.mod").is_file():
        found = subprocess.run(
            ["go", "mod", "download", "-json", f"{path}@{version}"], capture_output=True, text=True, check=True
        ).stdout
        source = Path(json.loads(found)["Dir"])
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(source, copy)
        for item in copy.rglob("*"):
            item.chmod(item.stat().st_mode | 0o200)  # the module cache's files are read-only
        subprocess.run(["go", "mod", "download"], cwd=copy, check=True)
    return copy


def packages(module: Path) -> tuple[str, list[str]]:
    """The module path and the import paths of its packages (directories holding non-test .go files)."""
    module_path = next(
        line.split()[1] for line in (module / "go.mod").read_text().splitlines() if line.startswith("module ")
    )
    found = set()
    for path in module.rglob("*.go"):
        rel = path.parent.relative_to(module)
        if path.name.endswith("_test.go") or any(part.startswith((".", "_")) or part in ("testdata", "vendor") for part in rel.parts):
            continue
        found.add(module_path if rel.as_posix() == "." else f"{module_path}/{rel.as_posix()}")
    return module_path, sorted(found)


def tygo_config(module: Path, out: Path) -> Path:
    _, imports = packages(module)
    config = out / "tygo.yaml"
    out.mkdir(parents=True, exist_ok=True)
    lines = ["packages:"]
    for index, path in enumerate(imports):
        lines += [f'  - path: "{path}"', f'    output_path: "{out / f"p{index}.ts"}"']
    config.write_text("\n".join(lines) + "\n")
    return config


def commands(tool: str, binary: Path | None, module: Path, out: Path) -> tuple[list[str], Path]:
    """The command line and its working directory."""
    if tool == "contractgen":
        return [*run._contractgen(), "generate", str(module), "--out", str(out)], module
    if tool == "tygo":
        return [str(binary), "generate", "--config", str(tygo_config(module, out / "tygo"))], module
    return [str(binary), *packages(module)[1]], module  # guts: import paths, loaded with go/packages


# contractgen runs cold, as the others always do: its persisted caches (benchmarks/watch.py measures
# the warm runs) are off. Python may keep its bytecode, as an installed package has it (pip compiles
# at install): without it (PYTHONDONTWRITEBYTECODE=1, as in some CI images) every run compiles
# contractgen's modules first, which `run.COLD` says how to measure.
COLD = run.COLD


# The floor of contractgen's cold path: tree-sitter's parse alone of the files the scanner must parse
# (those that may contribute), in one process, fastest of 3. Two cores halve it at best.
_PARSE_FLOOR = """
import sys, time
from pathlib import Path
from contractgen.scan import candidate_files, may_contribute
from contractgen.scan.buildtags import Platform
from contractgen.scan.gosyntax import _parser
files = [f for f in candidate_files(Path(sys.argv[1]), Platform()) if may_contribute(f.source)]
parser, best = _parser(), float("inf")
for _ in range(3):
    start = time.perf_counter()
    for f in files:
        parser.parse(f.source)
    best = min(best, time.perf_counter() - start)
print(best)
"""


def parse_floor(module: Path) -> float:
    done = subprocess.run([sys.executable, "-c", _PARSE_FLOOR, str(module)], capture_output=True, text=True, check=True)
    return float(done.stdout)


def time_once(command: list[str], cwd: Path, log: Path) -> tuple[float, int]:
    with open(log, "wb") as sink:
        start = time.perf_counter()
        code = subprocess.run(command, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT, env=COLD).returncode
        return time.perf_counter() - start, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--guts-on", default="shop",
        help="cases to run guts on (comma-separated; default shop: on the synthetic modules one guts run takes 3 to 4 minutes)",
    )
    parser.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    args = parser.parse_args()
    guts_cases = set(args.guts_on.split(","))
    wanted = set(filter(None, args.cases.split(",")))
    binaries = build_tools()
    load_before = os.getloadavg()[0]
    cases = [("shop", SHOP)] + [(case.name, run._module(case)[0]) for case in run.CASES if not wanted or case.name in wanted]
    cases = [c for c in cases if not wanted or c[0] in wanted]
    cases += [(name, real_module(path, version, name)) for name, path, version in REAL_MODULES if not wanted or name in wanted]
    tools = ["contractgen", "tygo", "guts"]
    results: dict[tuple[str, str], Timing] = {}
    for name, module in cases:
        for attempt in range(args.repeat + 1):
            for tool in tools:
                timing = results.setdefault((name, tool), Timing())
                if tool == "guts" and name not in guts_cases:
                    timing.skipped = True
                if timing.skipped or timing.failure:
                    continue
                out = WORK / name / tool
                shutil.rmtree(out, ignore_errors=True)
                out.mkdir(parents=True)
                command, cwd = commands(tool, binaries.get(tool), module, out)
                wall, code = time_once(command, cwd, WORK / name / f"{tool}.log")
                if code != 0:
                    timing.failure = f"exit {code}, see {(WORK / name / f'{tool}.log').relative_to(HERE.parent)}"
                elif attempt > 0:
                    timing.walls.append(wall)
                print(f"[{name}] {tool} run {attempt}: {wall:.3f} s (exit {code})", file=sys.stderr)
    load = f"load average (1 min) {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    print(f"Machine: {run._machine()}; {load}. Median of {args.repeat} paired runs after a warm-up, fresh processes.\n")
    print("| case | contractgen | tygo | guts | contractgen ÷ tygo | tree-sitter parse alone, 1 core |")
    print("|---|---|---|---|---|---|")
    for name, module in cases:
        ours, tygo, guts = (results[(name, tool)] for tool in tools)
        ratio = (
            f"{statistics.median(ours.walls) / statistics.median(tygo.walls):.2f}"
            if ours.walls and tygo.walls and not (ours.failure or tygo.failure)
            else "n/a"
        )
        print(f"| {name} | {ours.cell()} | {tygo.cell()} | {guts.cell()} | {ratio} | {parse_floor(module):.3f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
