"""The IR: valid against schemas/ir.schema.json, and it round-trips through JSON unchanged."""

from __future__ import annotations

import json

import jsonschema
import pytest

from contractgen.ir.model import Contract, Field, Package, TypeDecl, TypeRef, from_json, to_data, to_json
from contractgen.pipeline import build
from contractgen.resources import resource_dir
from harness.paths import REPO

MODULES = [
    "fixtures/shop",
    "fixtures/semantics",
    "fixtures/ginapp",  # anonymous response objects, error bodies per status
    "fixtures/chiapp",
    "fixtures/echoapp",
    "tests/golden/names/input",
    "tests/golden/external_types/input",
]


@pytest.mark.parametrize("module", MODULES)
def test_ir_validates_against_schema_and_round_trips(module: str) -> None:
    schema = json.loads((resource_dir("schemas") / "ir.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    contract = build(REPO / module, targets=False).contract
    dumped = to_json(contract)
    jsonschema.validate(json.loads(dumped), schema)
    assert from_json(dumped) == contract
    assert to_json(from_json(dumped)) == dumped


@pytest.mark.parametrize("module", MODULES)
def test_to_json_writes_what_json_dumps_writes(module: str) -> None:
    """The direct encoder is byte for byte the plain definition: json.dumps of to_data, indented."""
    contract = build(REPO / module, targets=False).contract
    assert to_json(contract) == _by_json_dumps(contract)


def test_to_json_edge_values_as_json_dumps_writes_them() -> None:
    """An object left with no keys, a version other than the default (stated once, first), a
    non-ASCII or escaped string, a boolean equal to its default, a number that is not one."""
    empty = TypeRef(kind="object")  # every field at its default: {}
    odd = TypeRef(kind="integer", minimum=-(2**70), maximum=0, nullable=True)
    decl = TypeDecl(name="Ünïcode\u2028\"q", kind="object", exported=False, fields=(Field("k\n", empty), Field("n", odd, optional=True)))
    for contract in (Contract(module="m", version=7, packages=(Package("m", "m", "", (decl,)),)), Contract(module="")):
        assert to_json(contract) == _by_json_dumps(contract)


def _by_json_dumps(contract: Contract) -> str:
    return json.dumps({"version": contract.version, **to_data(contract)}, indent=2, ensure_ascii=False) + "\n"


def test_error_bodies_are_in_the_ir() -> None:
    contract = build(REPO / "fixtures" / "ginapp", targets=False).contract
    bodies = {(e.method, e.path): [(b.status, b.type.name) for b in e.error_bodies] for e in contract.endpoints}
    assert bodies[("POST", "/api/users")] == [(409, "CommonError"), (422, "CommonError")]
    dumped = json.loads(to_json(contract))
    assert any("error_bodies" in e for e in dumped["endpoints"])


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


def test_a_field_of_an_interface_that_embeds_interfaces_is_any_json(tmp_path) -> None:
    """`interface{ Reader; Closer }` (io.ReadCloser in go-github's Response) lists types, as a
    constraint does, but is an ordinary interface: encoding/json writes the dynamic value. It made
    the TypeScript target fail with a KeyError for the declaration that was never built."""
    (tmp_path / "go.mod").write_text("module example.com/app\n\ngo 1.22\n")
    (tmp_path / "upload.go").write_text(
        "package app\n\ntype Reader interface{ Read() }\n\ntype Closer interface{ Close() }\n\n"
        "type ReadCloser interface {\n\tReader\n\tCloser\n}\n\n"
        "type Upload struct {\n\tBody ReadCloser `json:\"body\"`\n\tName string `json:\"name\"`\n}\n"
    )
    generation = build(tmp_path)
    upload = generation.contract.decl("example.com/app", "Upload")
    assert [(f.name, f.type.kind) for f in upload.fields] == [("body", "unknown"), ("name", "string")]
    assert "body: JsonValue;" in generation.files["ts/src/_root.ts"]
