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


HEX_TYPES = """// Flags are written as hex literals, the C way, and OR-ed together by the code that sets them.
type Flags uint16

const (
\tFlagPinned   Flags = 0x01
\tFlagArchived Flags = 0x02
\tFlagShared   Flags = 0x04
)

// Bits are written as binary literals.
type Bits uint8

const (
\tBitA Bits = 0b001
\tBitB Bits = 0b010
)

// Code is an enum that happens to be written in hex: 0x03 is no single bit.
type Code int

const (
\tCodeOne   Code = 0x01
\tCodeTwo   Code = 0x02
\tCodeThree Code = 0x03
)

type Holder struct {
\tFlags Flags `json:"flags"`
\tBits  Bits  `json:"bits"`
\tCode  Code  `json:"code"`
}
"""


def test_flags_written_as_hex_or_binary_powers_of_two_are_a_bit_set(go: str) -> None:
    # The audit's finding: `0x01, 0x02, 0x04` made an enum of 1|2|4, and `FlagPinned | FlagShared`
    # (5), which Go sends, was rejected.
    root = types_module_marshalling(HEX_TYPES, "models.Holder{Flags: models.FlagPinned | models.FlagShared, Bits: models.BitA | models.BitB, Code: models.CodeThree}", "hexbits")
    assert json.loads(run_main(go, root, "./cmd")) == {"flags": 5, "bits": 3, "code": 3}

    contract = build(root).contract
    flags, bits, code = (contract.decl(MODELS, name) for name in ("Flags", "Bits", "Code"))
    assert flags.kind == "named" and flags.type is not None and (flags.type.minimum, flags.type.maximum) == (0, 65535)
    assert [(m.name, m.value) for m in flags.members] == [("FlagPinned", 1), ("FlagArchived", 2), ("FlagShared", 4)]
    assert bits.kind == "named" and [m.value for m in bits.members] == [1, 2]
    # Hex alone is no sign of flags: a constant that is not a single bit keeps the enum an enum.
    assert code.kind == "enum" and [m.value for m in code.members] == [1, 2, 3]
