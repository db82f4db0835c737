"""Run a small Go program against a fixture module and its dependencies, offline, and check the JSON
it prints with a generated package's Zod schemas (tests/harness/validate.mjs).

The program prints one line per value: `{"t": <index of the type in roundtrip.sampled_types>, "v": <json>}`.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Callable

from contractgen.ir.model import Contract

from harness import roundtrip
from harness.paths import REPO


def run_program(go: str, module: str, module_dir: Path, work: Path, source: str) -> Path:
    """`source` is a main package that may import the fixture's packages; returns the printed lines' file."""
    program = work / "program"
    program.mkdir(parents=True, exist_ok=True)
    (program / "main.go").write_text(source, encoding="utf-8")
    (program / "go.mod").write_text(
        f"module contractgen.test/program\n\ngo 1.24\n\nrequire {module} v0.0.0\n\nreplace {module} => {module_dir}\n",
        encoding="utf-8",
    )
    (program / "go.sum").write_bytes((module_dir / "go.sum").read_bytes())
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOWORK": "off"}
    result = subprocess.run([go, "run", "."], cwd=program, capture_output=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr.decode()
    out = work / "values.jsonl"
    out.write_bytes(result.stdout)
    return out


def run_main(go: str, module_dir: Path, package: str = "./cmd") -> str:
    """What the main package `package` of the module at `module_dir` prints (offline, no workspace)."""
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOWORK": "off"}
    result = subprocess.run([go, "run", package], cwd=module_dir, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


Mutations = Callable[[str, list[Any]], list[dict[str, Any]]]


def validate(contract: Contract, package_dir: Path, samples: Path, work: Path, extra: Mutations | None = None) -> list[dict]:  # type: ignore[type-arg]
    """Every sampled type's schema against the printed values; negatives are mutations of them
    (roundtrip.negatives, plus `extra(type key, values)`: deeper ones a test knows to be impossible)."""
    values: dict[int, list] = {}  # type: ignore[type-arg]
    for line in samples.read_text(encoding="utf-8").split("\n"):
        if line:
            sample = json.loads(line)
            values.setdefault(sample["t"], []).append(sample["v"])
    sampled = [t for t in roundtrip.sampled_types(contract) if t.index in values]
    job = {
        "samples": str(samples),
        "cases": [
            {
                "index": t.index,
                "type": t.key,
                "module": str(roundtrip.schema_module(package_dir, t.package, contract)),
                "schema": roundtrip.schema_name(t.decl, t.package, contract),
                "args": t.args,
                "nullable": bool(t.decl.type is not None and t.decl.type.nullable),
                "negatives": roundtrip.negatives(contract, t, values[t.index]) + (extra(t.key, values[t.index]) if extra else []),
            }
            for t in sampled
        ],
    }
    job_path, result_path = work / "job.json", work / "results.json"
    job_path.write_text(json.dumps(job), encoding="utf-8")
    run = subprocess.run(
        ["node", str(REPO / "tests" / "harness" / "validate.mjs"), str(job_path), str(result_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    results: list[dict] = json.loads(result_path.read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return results


def type_index(contract: Contract) -> dict[str, int]:
    """`import/path.Name` -> the index the program prints for it."""
    return {t.key: t.index for t in roundtrip.sampled_types(contract)}
