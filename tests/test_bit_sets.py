"""Bit sets: an integer type whose constants are written as bit operations (`1 << iota`, `A | B`)
is sent as whatever integer a value holds, OR-ed flags included, so its contract is any integer of
the type, its constants kept as named flags. (The enum schema rejected `PermRead | PermWrite`, 3:
found by an audit against real Go. The semantics round trip marshals random Perm values.)"""

from __future__ import annotations

import json

from contractgen.pipeline import build
from harness.gorun import run_main
from harness.services import types_module_marshalling

MODELS = "example.com/lib/models"
TYPES = """type Perm uint8

const (
\tPermRead Perm = 1 << iota
\tPermWrite
\tPermExec
\tPermAll = PermRead | PermWrite | PermExec
)

// Mode is a plain enum but for one constant that combines two.
type Mode int

const (
\tModeA    Mode = 1
\tModeB    Mode = 2
\tModeBoth      = ModeA | ModeB
)

// Level is an ordinary enum: its constants are its values.
type Level int

const (
\tLevelLow Level = iota + 1
\tLevelMid
\tLevelHigh
)

type Holder struct {
\tPerm  Perm  `json:"perm"`
\tMode  Mode  `json:"mode"`
\tLevel Level `json:"level"`
}
"""


def test_a_bit_set_is_any_integer_of_its_type_with_its_flags_named(go: str) -> None:
    root = types_module_marshalling(TYPES, "models.Holder{Perm: models.PermRead | models.PermExec, Mode: models.ModeBoth, Level: models.LevelMid}", "bitsets")
    printed = run_main(go, root, "./cmd")
    assert json.loads(printed) == {"perm": 5, "mode": 3, "level": 2}  # 5 and 3 are no constant

    generation = build(root)
    perm = generation.contract.decl(MODELS, "Perm")
    assert perm.kind == "named" and perm.type is not None
    assert (perm.type.kind, perm.type.minimum, perm.type.maximum) == ("integer", 0, 255)
    assert [(m.name, m.value) for m in perm.members] == [("PermRead", 1), ("PermWrite", 2), ("PermExec", 4), ("PermAll", 7)]
    assert generation.contract.decl(MODELS, "Mode").kind == "named"
    level = generation.contract.decl(MODELS, "Level")
    assert level.kind == "enum" and [m.value for m in level.members] == [1, 2, 3]

    ts = generation.files["ts/src/models.ts"]
    assert "export const Perm = {\n  Read: 1,\n  Write: 2,\n  Exec: 4,\n  All: 7,\n} as const;" in ts
    assert "export type Perm = number;" in ts and "export const PermSchema = z.int().min(0).max(255);" in ts
    assert "export type Mode = number;" in ts  # a Go int: the schema is the int's range
    assert "export type Level = (typeof Level)[keyof typeof Level] | 0;" in ts
    index = generation.files["ts/src/index.ts"]
    values = index[index.index("export {") :]
    assert " Perm," in values and " Mode," in values  # the flags object is a value, as an enum's is

    from contractgen.targets import jsonschema

    documents = {path: json.loads(text) for path, text in jsonschema.render(generation.contract).items()}
    perm_schema = documents["models/Perm.json"]
    assert perm_schema["type"] == "integer" and (perm_schema["minimum"], perm_schema["maximum"]) == (0, 255)
    assert "enum" not in perm_schema
