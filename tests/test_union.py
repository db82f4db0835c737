"""The IR's kind `union` (a value of one of several JSON kinds: apimachinery's IntOrString, an int32 or
a string, as its MarshalJSON writes them): it round-trips through contract.json and its schema, every
target renders it, and `contractgen diff` classifies a change to or from it. Real Go values of it are
accepted and impossible ones rejected in tests/test_deps.py (the kubernetes objects' ports)."""

from __future__ import annotations

import json

import jsonschema

from contractgen.changes import compare
from contractgen.ir.gotypes import WELL_KNOWN, integer
from contractgen.ir.model import Contract, Field, Package, TypeDecl, TypeRef, from_json, to_json
from contractgen.resources import resource_dir

INT_OR_STRING = WELL_KNOWN["k8s.io/apimachinery/pkg/util/intstr.IntOrString"].json
PKG = "example.com/svc/models"


def _contract(port: TypeRef) -> Contract:
    decl = TypeDecl(name="Probe", kind="object", fields=(Field("port", port), Field("target", TypeRef("array", items=port))))
    return Contract(module="example.com/svc", packages=(Package(path=PKG, name="models", dir="models", types=(decl,)),))


def test_int_or_string_is_an_int32_or_a_string() -> None:
    assert INT_OR_STRING == TypeRef("union", variants=(integer(32, True), TypeRef("string")))


def test_a_union_round_trips_through_contract_json_and_its_schema() -> None:
    contract = _contract(INT_OR_STRING)
    text = to_json(contract)
    assert from_json(text) == contract
    schema = json.loads((resource_dir("schemas") / "ir.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(text), schema)


def test_every_target_renders_the_union() -> None:
    from contractgen.targets import jsonschema as jsonschema_target
    from contractgen.targets.ts import render

    contract = _contract(TypeRef("union", variants=INT_OR_STRING.variants, nullable=True))
    ts = render(contract)["src/models.ts"]
    assert "port: number | string | null;" in ts and "target: (number | string | null)[];" in ts
    assert "port: z.union([z.int().min(-2147483648).max(2147483647), z.string()]).nullable()," in ts
    document = json.loads(jsonschema_target.render(contract)["models/Probe.json"])
    variants = [{"type": "integer", "minimum": -(2**31), "maximum": 2**31 - 1}, {"type": "string"}]
    assert document["properties"]["port"] == {"anyOf": [{"anyOf": variants}, {"type": "null"}]}
    validator = jsonschema.Draft202012Validator(document)
    good = [{"port": 8080, "target": ["http", 9090]}, {"port": "http", "target": []}, {"port": None, "target": [None]}]
    bad = [{"port": True, "target": []}, {"port": 2**31, "target": []}, {"port": 1.5, "target": []}, {"port": {}, "target": []}]
    assert [validator.is_valid(v) for v in good + bad] == [True] * len(good) + [False] * len(bad)


def _rules(old: TypeRef, new: TypeRef) -> set[tuple[str, str]]:
    return {(c.rule, c.level) for c in compare(_contract(old), _contract(new))}


def test_diff_classifies_changes_to_and_from_a_union() -> None:
    int32 = integer(32, True)
    assert _rules(int32, INT_OR_STRING) == {("response-type-changed", "breaking")}  # a string may come now
    assert _rules(INT_OR_STRING, int32) == {("response-type-narrowed", "info")}
    assert _rules(TypeRef("unknown"), INT_OR_STRING) == {("response-type-narrowed", "info")}
    assert _rules(INT_OR_STRING, TypeRef("union", variants=(integer(64, True), TypeRef("string")))) == {("response-integer-widened", "breaking")}
    assert _rules(INT_OR_STRING, TypeRef("union", variants=(integer(32, True), TypeRef("boolean")))) == {("response-type-changed", "breaking")}
    assert _rules(INT_OR_STRING, INT_OR_STRING) == set()
