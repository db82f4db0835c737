"""A method is a marshaler only with its interface's signature: encoding/json calls MarshalJSON only
on a json.Marshaler (`MarshalJSON() ([]byte, error)`), MarshalText only on an
encoding.TextMarshaler. A receiver type may be written in parentheses. These are here rather than
in fixtures/semantics, which go vet and gofmt keep clean: vet refuses a wrong MarshalJSON signature,
gofmt removes the parentheses. (The round trip covers `MarshalText() (string, error)`:
fixtures/semantics/marshalers.go.)"""

from __future__ import annotations

import json
from pathlib import Path

from contractgen.pipeline import build
from contractgen.scan.gosyntax import parse_file
from harness.gorun import run_main

SOURCE = """package api

type NotJSON struct {
	B int `json:"b"`
}

func (NotJSON) MarshalJSON() []byte { return []byte(`"x"`) }

type NotUnmarshaler struct {
	C int `json:"c"`
}

func (*NotUnmarshaler) UnmarshalJSON(b ...byte) error { return nil }

type Paren struct{ C int }

func (p (Paren)) MarshalText() ([]byte, error) { return []byte("p"), nil }

type ParenPointer struct{ D int }

func (p *(ParenPointer)) MarshalJSON() ([]byte, error) { return []byte(`"pp"`), nil }

type Named struct{ E int }

func (Named) MarshalJSON() (data []byte, err error) { return []byte(`"named"`), nil }

type Box struct {
	NotJSON NotJSON       `json:"notJSON"`
	Paren   Paren         `json:"paren"`
	Pointer *ParenPointer `json:"pointer"`
	Named   Named         `json:"named"`
}
"""

PROGRAM = """package main

import (
	"encoding/json"
	"fmt"

	"example.com/sigs/api"
)

func main() {
	out, err := json.Marshal(api.Box{Pointer: &api.ParenPointer{}})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
}
"""


def test_only_the_interface_signatures_are_marshalers(tmp_path: Path) -> None:
    facts = parse_file("api.go", SOURCE.encode())
    assert sorted((m.receiver, m.pointer_receiver, m.name) for m in facts.methods) == [
        ("Named", False, "MarshalJSON"),
        ("Paren", False, "MarshalText"),
        ("ParenPointer", True, "MarshalJSON"),
    ]


def test_the_contract_says_what_go_sends(tmp_path: Path, go: str) -> None:
    module = tmp_path / "sigs"
    (module / "api").mkdir(parents=True)
    (module / "go.mod").write_text("module example.com/sigs\n\ngo 1.24\n", encoding="utf-8")
    (module / "api" / "api.go").write_text(SOURCE, encoding="utf-8")
    (module / "cmd").mkdir()
    (module / "cmd" / "main.go").write_text(PROGRAM, encoding="utf-8")
    printed = run_main(go, module, "./cmd")
    sent = json.loads(printed)
    assert sent == {"notJSON": {"b": 0}, "paren": "p", "pointer": "pp", "named": "named"}

    contract = build(module, targets=False).contract
    api = "example.com/sigs/api"
    not_json = contract.decl(api, "NotJSON")
    assert (not_json.kind, not_json.marshaler, [f.name for f in not_json.fields]) == ("object", None, ["b"])
    not_unmarshaler = contract.decl(api, "NotUnmarshaler")
    assert (not_unmarshaler.kind, not_unmarshaler.marshaler) == ("object", None)
    paren = contract.decl(api, "Paren")
    assert (paren.kind, paren.type and paren.type.kind, paren.marshaler) == ("named", "string", "text")
    named = contract.decl(api, "Named")
    assert (named.kind, named.marshaler) == ("named", "json")  # a MarshalJSON writes any JSON (CG102)
    box = {f.name: f.type for f in contract.decl(api, "Box").fields}
    assert box["pointer"].kind == "unknown"  # *ParenPointer: its pointer-receiver MarshalJSON is called
    assert (box["notJSON"].kind, box["notJSON"].name) == ("ref", "NotJSON")
