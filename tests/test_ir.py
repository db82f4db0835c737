"""The IR: valid against schemas/ir.schema.json, and it round-trips through JSON unchanged."""

from __future__ import annotations

import json

import jsonschema
import pytest

from contractgen.ir.model import from_json, to_json
from contractgen.pipeline import build
from contractgen.resources import resource_dir
from harness.paths import REPO

MODULES = ["fixtures/shop", "fixtures/semantics", "tests/golden/names/input", "tests/golden/external_types/input"]


@pytest.mark.parametrize("module", MODULES)
def test_ir_validates_against_schema_and_round_trips(module: str) -> None:
    schema = json.loads((resource_dir("schemas") / "ir.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    contract = build(REPO / module, targets=False).contract
    dumped = to_json(contract)
    jsonschema.validate(json.loads(dumped), schema)
    assert from_json(dumped) == contract
    assert to_json(from_json(dumped)) == dumped


def test_schema_rejects_a_malformed_ir() -> None:
    schema = json.loads((resource_dir("schemas") / "ir.schema.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": 1, "module": "m", "packages": [{"path": "m", "name": "m", "dir": "", "types": [{"name": "X", "kind": "enum"}]}]}, schema)


def test_ir_has_no_target_spelling() -> None:
    """Target-neutral: no TypeScript or Zod spelling leaks into the contract."""
    def without_docs(value: object) -> object:  # Go comments may mention anything
        if isinstance(value, dict):
            return {k: without_docs(v) for k, v in value.items() if k != "doc"}
        if isinstance(value, list):
            return [without_docs(v) for v in value]
        return value

    dumped = json.dumps(without_docs(json.loads(to_json(build(REPO / "fixtures" / "semantics", targets=False).contract))))
    for spelling in ("z.", ".nullable(", "number[]", "| null", "Record<", "interface "):
        assert spelling not in dumped, spelling


def test_config_schema_accepts_the_documented_example() -> None:
    import tomllib

    schema = json.loads((resource_dir("schemas") / "config.schema.json").read_text())
    for path in [REPO / "tests/golden/external_types/input/contractgen.toml", REPO / "tests/golden/nonnil_collections/input/contractgen.toml"]:
        jsonschema.validate(tomllib.loads(path.read_text()), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tomllib.loads((REPO / "tests/golden/config_error/input/contractgen.toml").read_text()), schema)


def test_generation_writes_the_contract_and_equality_ignores_layout() -> None:
    """OUT/contract.json is the IR; positions, doc text and Go field names ride along but do not make a change."""
    import dataclasses

    from contractgen.diagnostics import Position
    from contractgen.ir.model import Field, TypeRef

    generation = build(REPO / "fixtures/shop")
    assert generation.files["contract.json"] == to_json(generation.contract)
    assert '"position"' in generation.files["contract.json"] and '"doc"' in generation.files["contract.json"]
    text = Field("id", TypeRef("string"), doc="the id", position=Position("a.go", 3, 2), source_name="ID")
    moved = dataclasses.replace(text, doc="", position=Position("b.go", 9, 1), source_name="Base.ID")
    assert text == moved and hash(text) == hash(moved)
    assert text != dataclasses.replace(text, optional=True)
    assert text != dataclasses.replace(text, type=TypeRef("string", nullable=True))
