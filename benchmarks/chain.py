"""tsc on the generated package of one long pointer chain (issue 10, item 20).

    python3 benchmarks/chain.py [--sizes 100,300,1000,3000] [--shape pointer|value|cycle|flat]

Each module is one package of N types, T0 { Next *T1; Name string } ... T(N-1) { Name string }
(`value`: Next T(i+1), no pointer; `cycle`: the last points back at T0; `flat`: no Next at all). contractgen generates it,
and `tsc --noEmit --extendedDiagnostics` checks the TypeScript package with the repository's
TypeScript. Printed per size: wall seconds, peak RSS, and tsc's own counts of types and
instantiations, which do not depend on the machine's load: linear growth is what to look for.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
_PEAK = "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(r.stdout)"


def chain_source(size: int, shape: str) -> str:
    lines = ["package chain", ""]
    for i in range(size):
        lines.append(f"// T{i} is link {i} of the chain.")
        lines.append(f"type T{i} struct {{")
        if shape != "flat" and (i + 1 < size or shape == "cycle"):
            target = (i + 1) % size
            star = "" if shape == "value" else "*"
            lines.append(f'\tNext {star}T{target} `json:"next"`')
        lines.append('\tName string `json:"name"`')
        lines.append("}")
        lines.append("")
    return "\n".join(lines)


def measure(size: int, shape: str, work: Path) -> dict[str, object]:
    module = work / f"{shape}-{size}"
    module.mkdir(parents=True, exist_ok=True)
    (module / "go.mod").write_text("module example.com/chain\n\ngo 1.24\n")
    (module / "chain.go").write_text(chain_source(size, shape))
    out = work / f"{shape}-{size}-out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "contractgen", "generate", str(module), "--out", str(out)], check=True, capture_output=True, env=env)
    package = out / "ts"
    link = package / "node_modules"
    if not link.exists():
        link.symlink_to(REPO / "node_modules")
    tsc = REPO / "node_modules" / ".bin" / "tsc"
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", _PEAK, str(tsc), "-p", str(package / "tsconfig.json"), "--noEmit", "--extendedDiagnostics"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    first, _, report = run.stdout.partition("\n")
    code, peak_kb = first.split()
    counts = {k: int(v) for k, v in re.findall(r"^(Types|Instantiations):\s+(\d+)", report, re.MULTILINE)}
    counts["check"] = float(re.search(r"^Check time:\s+([\d.]+)s", report, re.MULTILINE).group(1))  # type: ignore[union-attr]
    cuts = sum(p.read_text().count("Schema: z.ZodType<") for p in (package / "src").rglob("*.ts"))
    return {"size": size, "seconds": seconds, "rss_mb": int(peak_kb) // 1024, "exit": int(code), "cuts": cuts, **counts}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,300,1000,3000")
    parser.add_argument("--shape", default="pointer", choices=["pointer", "value", "cycle", "flat"])
    args = parser.parse_args()
    print(f"| {args.shape} chain: types | declared z.ZodType<X> | tsc types | instantiations | instantiations per type | tsc check s | wall s | peak RSS (MB) | exit |")
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="cg-chain-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            r = measure(size, args.shape, Path(tmp))
            per = r.get("Instantiations", 0) / size  # type: ignore[operator]
            print(f"| {size} | {r['cuts']} | {r.get('Types')} | {r.get('Instantiations')} | {per:.0f} | {r['check']:.1f} | {r['seconds']:.1f} | {r['rss_mb']} | {r['exit']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
