"""The response-side oracle: real encoding/json output of the NEW types, validated with the OLD generated Zod
schemas. A change the engine calls safe must pass every value; a breaking one must fail for some value.

All cases live in one module (types Case01, Case02, ...; their helpers are prefixed the same), so one tsc
compile and one Go sampler run cover them.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from contractgen.changes import compare
from contractgen.pipeline import build
from harness import roundtrip
from harness.paths import REPO, fresh_dir, write_files
from harness.services import types_files
from harness.tsc import compile_package

pytestmark = pytest.mark.slow
SAMPLES = 200

# name -> (old declarations, new declarations, the engine's expected verdict); "{C}" is the case's type name.
CASES: dict[str, tuple[str, str, bool]] = {
    "nil slice loses omitempty": (
        "type {C} struct {\n\tTags []string `json:\"tags,omitempty\"`\n}\n",
        "type {C} struct {\n\tTags []string `json:\"tags\"`\n}\n",
        True,
    ),
    "field moved into an embedded struct": (
        "type {C} struct {\n\tID string `json:\"id\"`\n\tName string `json:\"name\"`\n}\n",
        "type {C}base struct {\n\tID string `json:\"id\"`\n}\n\ntype {C} struct {\n\t{C}base\n\tName string `json:\"name\"`\n}\n",
        False,
    ),
    "Go type renamed": (
        "type {C}Owner struct {\n\tName string `json:\"name\"`\n}\n\ntype {C} struct {\n\tOwner {C}Owner `json:\"owner\"`\n}\n",
        "type {C}Person struct {\n\tName string `json:\"name\"`\n}\n\ntype {C} struct {\n\tOwner {C}Person `json:\"owner\"`\n}\n",
        False,
    ),
    "integer widened": ("type {C} struct {\n\tN int32 `json:\"n\"`\n}\n", "type {C} struct {\n\tN int64 `json:\"n\"`\n}\n", True),
    "integer narrowed": ("type {C} struct {\n\tN int64 `json:\"n\"`\n}\n", "type {C} struct {\n\tN int16 `json:\"n\"`\n}\n", False),
    "key added": ("type {C} struct {\n\tA string `json:\"a\"`\n}\n", "type {C} struct {\n\tA string `json:\"a\"`\n\tB int `json:\"b\"`\n}\n", False),
    "key removed": ("type {C} struct {\n\tA string `json:\"a\"`\n\tB int `json:\"b\"`\n}\n", "type {C} struct {\n\tA string `json:\"a\"`\n}\n", True),
    "optional key removed": (
        "type {C} struct {\n\tA string `json:\"a\"`\n\tB *int `json:\"b,omitempty\"`\n}\n",
        "type {C} struct {\n\tA string `json:\"a\"`\n}\n",
        False,
    ),
    "key renamed": ("type {C} struct {\n\tName string `json:\"displayName\"`\n}\n", "type {C} struct {\n\tName string `json:\"display_name\"`\n}\n", True),
    "omitempty added": ("type {C} struct {\n\tN int `json:\"n\"`\n}\n", "type {C} struct {\n\tN int `json:\"n,omitempty\"`\n}\n", True),
    "pointer: null now possible": ("type {C} struct {\n\tS string `json:\"s\"`\n}\n", "type {C} struct {\n\tS *string `json:\"s\"`\n}\n", True),
    "pointer removed": ("type {C} struct {\n\tS *string `json:\"s\"`\n}\n", "type {C} struct {\n\tS string `json:\"s\"`\n}\n", False),
    "enum member added": (
        'type {C}State string\n\nconst (\n\t{C}Open {C}State = "open"\n)\n\ntype {C} struct {\n\tS {C}State `json:"s"`\n}\n',
        'type {C}State string\n\nconst (\n\t{C}Open {C}State = "open"\n\t{C}Done {C}State = "done"\n)\n\ntype {C} struct {\n\tS {C}State `json:"s"`\n}\n',
        True,
    ),
    "float became an integer": ("type {C} struct {\n\tP float64 `json:\"p\"`\n}\n", "type {C} struct {\n\tP int32 `json:\"p\"`\n}\n", False),
    ",string added": ("type {C} struct {\n\tN int32 `json:\"n\"`\n}\n", "type {C} struct {\n\tN int32 `json:\"n,string\"`\n}\n", True),
}


def _module(side: int) -> dict[str, str]:
    decls = "\n".join(text[side].replace("{C}", f"Case{i:02d}") for i, text in enumerate(CASES.values()))
    return types_files(decls)


def test_the_engines_verdicts_agree_with_old_schemas_on_new_values(tsc: Path, go: str) -> None:
    work = fresh_dir("diff_oracle")
    old_dir, new_dir = work / "old", work / "new"
    write_files(old_dir, _module(0))
    write_files(new_dir, _module(1))
    old, new = build(old_dir), build(new_dir)
    package_dir = work / "old-package"
    write_files(package_dir, {k[len("ts/") :]: v for k, v in old.files.items() if k.startswith("ts/")})
    compiled = compile_package(tsc, package_dir, "nodenext", emit=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr

    sampler = roundtrip.write_sampler(new.contract, new_dir, work, SAMPLES)
    samples = work / "samples.jsonl"
    roundtrip.run_sampler(go, sampler, samples)
    old_package = old.contract.packages[0]
    sampled = {t.decl.name: t for t in roundtrip.sampled_types(new.contract)}
    job = {
        "samples": str(samples),
        "cases": [
            {
                "index": sampled[f"Case{i:02d}"].index,
                "type": name,
                "module": str(roundtrip.schema_module(package_dir, old_package, old.contract)),
                "schema": f"Case{i:02d}Schema",
                "args": [],
                "negatives": [],
            }
            for i, name in enumerate(CASES)
        ],
    }
    (work / "job.json").write_text(json.dumps(job), encoding="utf-8")
    run = subprocess.run(["node", str(REPO / "tests" / "harness" / "validate.mjs"), str(work / "job.json"), str(work / "results.json")], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    results = {r["type"]: r for r in json.loads((work / "results.json").read_text(encoding="utf-8"))}

    changes = compare(old.contract, new.contract)
    disagreements = []
    for i, (name, (_, _, expected)) in enumerate(CASES.items()):
        prefix = f"models.Case{i:02d}"
        breaking = any(c.level == "breaking" and c.subject.startswith(prefix) for c in changes)
        result = results[name]
        assert result["positives"] == SAMPLES
        rejected = result["rejectedCount"] > 0
        if not (breaking == rejected == expected):
            disagreements.append(f"{name}: engine breaking={breaking}, old schema rejected {result['rejectedCount']}/{SAMPLES}, expected breaking={expected}")
    assert not disagreements, "\n".join(disagreements)
