"""Values produced by real encoding/json are accepted by the generated Zod schemas; values no Go
program could produce are rejected; and the keys, absences and nulls on the wire are exactly the
ones the IR declares. Fixture modules: fixtures/semantics (every rule), fixtures/shop (the example)
and fixtures/deps (models built on gorm, uuid, decimal, civil and database/sql: types from
dependencies, read from the module cache; skipped when `go mod download` has not been run there)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from contractgen.ir.model import Contract
from contractgen.pipeline import build
from harness import roundtrip
from harness.paths import REPO, fresh_dir, write_files
from harness.tsc import compile_package

pytestmark = pytest.mark.slow

SAMPLES_PER_TYPE = 300
CASES = ["semantics", "shop", "deps"]


@dataclass
class RoundTrip:
    contract: Contract
    sampled: list[roundtrip.Sampled]
    values: dict[int, list]  # type: ignore[type-arg]
    results: list[dict]  # type: ignore[type-arg]


@pytest.fixture(scope="module", params=CASES)
def trip(request: pytest.FixtureRequest, tsc: Path, go: str) -> RoundTrip:
    case = request.param
    module_dir = REPO / "fixtures" / case
    generation = build(module_dir)
    missing = [d.message for d in generation.diagnostics if d.code == "CG110"]
    if missing:
        pytest.skip(f"dependencies not in the module cache (run `go mod download` in fixtures/{case}): {missing}")
    errors = [d for d in generation.diagnostics if d.severity.value == "error"]
    assert not errors, [d.render() for d in errors]
    work = fresh_dir("roundtrip", case)
    package_dir = work / "package"
    write_files(package_dir, {k[len("ts/") :]: v for k, v in generation.files.items() if k.startswith("ts/")})
    compiled = compile_package(tsc, package_dir, "nodenext", emit=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr

    contract = generation.contract
    sampler = roundtrip.write_sampler(contract, module_dir, work, SAMPLES_PER_TYPE)
    samples_path = work / "samples.jsonl"
    roundtrip.run_sampler(go, sampler, samples_path)
    sampled = roundtrip.sampled_types(contract)
    values: dict[int, list] = {t.index: [] for t in sampled}  # type: ignore[type-arg]
    for line in samples_path.read_text(encoding="utf-8").split("\n"):  # not splitlines: U+0085 is not escaped by Go
        if not line:
            continue
        sample = json.loads(line)
        values[sample["t"]].append(sample["v"])

    job = {
        "samples": str(samples_path),
        "cases": [
            {
                "index": t.index,
                "type": t.key,
                "module": str(roundtrip.schema_module(package_dir, t.package, contract)),
                "schema": roundtrip.schema_name(t.decl, t.package, contract),
                "args": t.args,
                # A declaration's schema describes its values; null is added where the type is used.
                "nullable": bool(t.decl.type is not None and t.decl.type.nullable),
                "negatives": roundtrip.negatives(contract, t, values[t.index]),
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
    return RoundTrip(contract, sampled, values, json.loads(result_path.read_text(encoding="utf-8")))


def test_every_exported_type_was_sampled(trip: RoundTrip) -> None:
    assert trip.sampled, "the fixture has no exported types"
    short = {t.key: len(trip.values[t.index]) for t in trip.sampled if len(trip.values[t.index]) != SAMPLES_PER_TYPE}
    assert not short


def test_schemas_accept_every_value_go_marshals(trip: RoundTrip) -> None:
    failures = [r for r in trip.results if r["rejectedCount"]]
    assert sum(r["positives"] for r in trip.results) == SAMPLES_PER_TYPE * len(trip.sampled)
    assert not failures, json.dumps(failures[:5], indent=1, ensure_ascii=False)[:6000]


def test_schemas_reject_values_no_go_program_produces(trip: RoundTrip) -> None:
    assert sum(r["negatives"] for r in trip.results) > 3 * len(trip.sampled)
    accepted = [r for r in trip.results if r["acceptedCount"]]
    assert not accepted, json.dumps(accepted[:5], indent=1, ensure_ascii=False)[:6000]


def test_wire_keys_absences_and_nulls_match_the_ir(trip: RoundTrip) -> None:
    mismatches = [m for t in trip.sampled if (m := roundtrip.compare(trip.contract, t, trip.values[t.index])).problems]
    assert not mismatches, "\n".join(f"{m.type}: {p}" for m in mismatches for p in m.problems)


def _json_schema_validators(trip: RoundTrip):  # type: ignore[no-untyped-def]
    """A validator per sampled type, from the generated JSON Schema documents (generic ones instantiated
    with the sampler's type arguments, as the Zod factories are)."""
    import jsonschema
    from referencing import Registry, Resource

    from contractgen.targets.jsonschema import Converter, JsonSchemaOptions, document_path, render

    base = JsonSchemaOptions().base_uri
    documents = {path: json.loads(text) for path, text in render(trip.contract).items()}
    registry = Registry().with_resources((base + path, Resource.from_contents(doc)) for path, doc in documents.items())
    for t in trip.sampled:
        path = document_path(t.package, t.decl)
        schema = documents[path]
        if t.decl.params:
            arg = {
                "string": {"type": "string"},
                "int": {"type": "integer", "minimum": -(2**53 - 1), "maximum": 2**53 - 1},
                "byte": {"type": "integer", "minimum": 0, "maximum": 255},
            }
            here = path.rsplit("/", 1)[0]
            body = Converter(trip.contract, here).declaration(t.package, t.decl, {p.name: arg[a] for p, a in zip(t.decl.params, t.args)})
            schema = {"$schema": schema["$schema"], "$id": schema["$id"], **body}
        if t.decl.type is not None and t.decl.type.nullable:
            schema = {"$schema": schema["$schema"], "$id": schema["$id"] + "#nullable", "anyOf": [{"$ref": schema["$id"]}, {"type": "null"}]}
        yield t, jsonschema.Draft202012Validator(schema, registry=registry, format_checker=jsonschema.FormatChecker())


def test_json_schemas_accept_go_values_and_reject_the_impossible(trip: RoundTrip) -> None:
    rejected, accepted, checked, negatives = [], [], 0, 0
    for t, validator in _json_schema_validators(trip):
        for value in trip.values[t.index]:
            checked += 1
            if not validator.is_valid(value):
                rejected.append((t.key, value, next(iter(validator.iter_errors(value))).message))
        for negative in roundtrip.negatives(trip.contract, t, trip.values[t.index]):
            negatives += 1
            if validator.is_valid(negative["value"]):
                accepted.append((t.key, negative["why"]))
    assert checked == SAMPLES_PER_TYPE * len(trip.sampled) and negatives > 3 * len(trip.sampled)
    assert not rejected, rejected[:5]
    assert not accepted, accepted[:10]


def test_pydantic_models_accept_every_value_go_marshals(trip: RoundTrip, tmp_path: Path) -> None:
    """The Python target's models (datamodel-code-generator, Pydantic v2), strict JSON validation:
    every non-generic exported type's real samples validate (generic ones exist only as instantiations)."""
    import importlib
    import sys

    from pydantic import BaseModel, TypeAdapter

    from contractgen.targets.python import ROOT_MODULE, PythonOptions, python_module, render

    files = render(trip.contract, PythonOptions("rt_models"))
    write_files(tmp_path, files)
    sys.path.insert(0, str(tmp_path))
    try:
        checked, rejected = 0, []
        for t in trip.sampled:
            if t.decl.params:
                continue
            module = importlib.import_module("rt_models." + (python_module(t.package.dir) if t.package.dir else ROOT_MODULE))
            cls = getattr(module, t.decl.name)
            nullable = t.decl.type is not None and t.decl.type.nullable
            adapter = TypeAdapter(cls | None if nullable else cls)
            for value in trip.values[t.index]:
                checked += 1
                try:
                    adapter.validate_json(json.dumps(value), strict=True)
                except Exception as exc:  # pydantic.ValidationError: collected, shown below
                    rejected.append((t.key, value, str(exc)[:300]))
        assert checked > 0 and not rejected, sorted({r[0] for r in rejected})
        assert BaseModel  # the models are Pydantic v2
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "rt_models" or m.startswith("rt_models.")]:
            del sys.modules[name]


def test_the_zero_value_of_every_type_was_sampled_first(trip: RoundTrip) -> None:
    """What a handler that fills nothing sends: enum fields without omitempty are "" or 0 (issue 7),
    time.Month and time.Weekday are 0 (issue 10, item 11); the schemas accept them (above)."""
    zero_enums = [d for p in trip.contract.packages for d in p.types if d.kind == "enum" and d.zero]
    assert zero_enums, "no enum of the fixture may be its zero value"
    if trip.contract.module != "example.com/semantics":
        return
    first = {t.key: trip.values[t.index][0] for t in trip.sampled}
    assert first["example.com/semantics.Calendar"] == {"month": 0, "weekday": 0}
    assert first["example.com/semantics.Enums"] == {"status": "", "priority": 0, "perm": 0, "size": 0, "glyph": "", "statuses": None}
