"""Instructions a cold `contractgen generate` executes, counted by valgrind: a measure that does not
move with the machine's load, for changes too small for wall time to show.

    python3 benchmarks/instructions.py [--tree DIR] [--entry MODULE] MODULE [MODULE ...]

Each module is generated once to warm up (bytecode written, as an installed package has it), then
once under `valgrind --tool=callgrind`, caches off and a fixed hash seed, with the CLI's own entry
point. The figures are this process's instructions and those of the children it forks (the parse
workers, or the child that scans a small module while this process loads the later stages); valgrind
follows a fork, and `go env` is another program, which it does not follow. A forked child's counters
start as a copy of its parent's, so the parent's are dumped and zeroed just before each fork
(`--dump-before=PyOS_BeforeFork`) and every dump is summed: before 2026-12-03, 15:00 UTC this
script summed what each process reported as collected, which counted the parent's instructions
before a fork once more for each child. `--tree` runs another checkout of
contractgen (a `git worktree` of the revision to compare with), `--entry` names its entry module
(before 2026-12-03: `contractgen.cli`). Valgrind runs code about fifty times slower: a minute for
kubernetes/api. On this machine wall time moves by ±15 % between runs; the count by under 0.1 %."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_SUMMARY = re.compile(rb"^summary: (\d+)$", re.MULTILINE)
_FIRST_PID = re.compile(r"^==(\d+)==", re.MULTILINE)


def count(tree: Path, entry: str, module: Path) -> tuple[int, int]:
    """(instructions in this process, in the children it forked)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(CONTRACTGEN_CACHE_DIR="off", PYTHONHASHSEED="0", PYTHONPATH=str(tree))
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "out"
        code = f"import sys; sys.argv = ['contractgen', 'generate', {str(module)!r}, '--out', {str(out)!r}]; from {entry} import main; main()"
        subprocess.run([sys.executable, "-c", code], env=env, cwd=tree, capture_output=True, check=False)  # warm-up
        shutil.rmtree(out, ignore_errors=True)
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--dump-before=PyOS_BeforeFork", f"--callgrind-out-file={work}/cg.%p", sys.executable, "-c", code],
            env=env,
            cwd=tree,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode not in (0, 1):  # 1: findings, still a whole run; anything else did not finish
            raise SystemExit(f"{module}: exit {done.returncode}\n{done.stderr[-2000:]}")
        first = _FIRST_PID.search(done.stderr)
        dumps = {path.name: sum(int(n) for n in _SUMMARY.findall(path.read_bytes())) for path in Path(work).glob("cg.*")}
    if first is None or not dumps:
        raise SystemExit(f"{module}: valgrind counted nothing\n{done.stderr[-2000:]}")
    own = sum(n for name, n in dumps.items() if name.split(".")[1] == first.group(1))  # cg.PID and its parts cg.PID.N
    return own, sum(dumps.values()) - own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="+", type=Path)
    parser.add_argument("--tree", type=Path, default=REPO, help="the contractgen checkout to run (default: this one)")
    parser.add_argument("--entry", default="contractgen.launch", help="its entry module, holding main()")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    print(f"Python {sys.version.split()[0]}, {args.tree.resolve()} ({args.entry})")
    print()
    print("| module | instructions | in this process | in forked children |")
    print("|---|---|---|---|")
    for module in args.modules:
        own, children = count(args.tree.resolve(), args.entry, module.resolve())
        print(f"| {module.resolve().name} | {(own + children) / 1e6:,.0f} M | {own / 1e6:,.0f} M | {children / 1e6:,.0f} M |")


if __name__ == "__main__":
    main()
