"""Generics instantiated with byte types (contractgen/ir/instances.py): encoding/json decides base64
on the instantiated type, so `Frame[uint8]` is a declaration of its own whose `[]T` is a base64
string, on both sides. What Go really writes for these types is checked by the round trip
(fixtures/semantics/genericbytes.go) and the fuzz test; here, the IR's shape."""

from __future__ import annotations

from pathlib import Path

from contractgen.ir.model import Contract, Instantiation, TypeRef
from contractgen.pipeline import build
from harness.paths import write_files

MODULE = {
    "go.mod": "module example.com/upload\n\ngo 1.24\n",
    "types.go": """package main

// Chunk is a generic chunk of an upload.
type Chunk[T any] struct {
	Data    []T            `json:"data"`
	Digest  [4]T           `json:"digest"`
	Refs    []*T           `json:"refs"`
	Parts   map[string][]T `json:"parts"`
}

// Keyed has two parameters; only K's slice is there.
type Keyed[K any, V any] struct {
	Keys  []K `json:"keys"`
	Value V   `json:"value"`
}

// Wrapped instantiates Chunk with its own parameter.
type Wrapped[T any] struct {
	Inner Chunk[T] `json:"inner"`
}

// Octet is a defined byte type.
type Octet uint8

// Marked is a byte with its own MarshalText: no byte type for encoding/json.
type Marked uint8

// MarshalText writes the byte as a letter.
func (m *Marked) MarshalText() ([]byte, error) { return []byte{'a' + byte(*m)}, nil }

// Chunk_Bytes is a name of the package's own: the instance must not take it.
type Chunk_Bytes struct {
	N int `json:"n"`
}

// Upload is the request body.
type Upload struct {
	Raw     Chunk[byte]        `json:"raw"`
	Octets  Chunk[Octet]       `json:"octets"`
	Marked  Chunk[Marked]      `json:"marked"`
	Numbers Chunk[int]         `json:"numbers"`
	Keyed   Keyed[uint8, string] `json:"keyed"`
	Wrapped Wrapped[uint8]     `json:"wrapped"`
	Own     Chunk_Bytes        `json:"own"`
}
""",
    "main.go": """package main

import (
	"encoding/json"
	"net/http"
)

func upload(w http.ResponseWriter, r *http.Request) {
	var in Upload
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /upload", upload)
	_ = http.ListenAndServe(":8080", mux)
}
""",
}

PKG = "example.com/upload"
BASE64 = TypeRef("string", format="base64", nullable=True)


def _contract(tmp_path: Path) -> Contract:
    write_files(tmp_path, MODULE)
    generation = build(tmp_path, targets=False)
    assert not [d for d in generation.diagnostics if d.severity.value == "error"]
    return generation.contract


def _field(contract: Contract, decl: str, key: str) -> TypeRef:
    return next(f.type for f in contract.decl(PKG, decl).fields if f.name == key)


def test_a_byte_argument_makes_an_instance_whose_slices_are_base64(tmp_path: Path) -> None:
    contract = _contract(tmp_path)
    upload = {f.name: f.type for f in contract.decl(PKG, "Upload").fields}
    # The package declares Chunk_Bytes itself: the instance takes the next free name.
    assert [upload[k].name for k in ("raw", "octets", "marked", "numbers", "own")] == ["Chunk_Bytes_", "Chunk_Bytes_", "Chunk", "Chunk", "Chunk_Bytes"]
    instance = contract.decl(PKG, "Chunk_Bytes_")
    assert instance.instantiates == Instantiation("Chunk", ("T",))
    assert [p.name for p in instance.params] == ["T"]
    fields = {f.name: f.type for f in instance.fields}
    assert fields["data"] == BASE64
    assert fields["parts"].values == BASE64  # a map value is a slice too
    assert fields["digest"].kind == "array" and fields["digest"].items == TypeRef("param", name="T")  # [N]T: never base64
    assert fields["refs"].kind == "array"  # []*T: the element is a pointer
    # The generic itself is unchanged.
    assert _field(contract, "Chunk", "data").kind == "array"


def test_only_the_byte_bound_parameters_and_nested_generics_are_specialised(tmp_path: Path) -> None:
    contract = _contract(tmp_path)
    assert _field(contract, "Upload", "keyed").name == "Keyed_Bytes_K"
    keyed = contract.decl(PKG, "Keyed_Bytes_K")
    assert keyed.instantiates == Instantiation("Keyed", ("K",))
    assert _field(contract, "Keyed_Bytes_K", "keys") == BASE64
    # Wrapped[uint8] passes its byte-bound T on to Chunk[T]: both are instances.
    assert _field(contract, "Upload", "wrapped").name == "Wrapped_Bytes"
    assert _field(contract, "Wrapped_Bytes", "inner").name == "Chunk_Bytes_"


def test_the_request_side_takes_base64_too(tmp_path: Path) -> None:
    contract = _contract(tmp_path)
    view = contract.decl(PKG, "Chunk_Bytes_").request
    assert view is not None
    data = next(f.type for f in view.fields if f.name == "data")
    # Like any []byte: a base64 string or an array of numbers 0..255 (tests/test_requests.py asks Go).
    assert (data.kind, data.nullable) == ("union", True)
    assert [(v.kind, v.format) for v in data.variants] == [("string", "base64-input"), ("array", None)]
    numbers = contract.decl(PKG, "Chunk").request
    assert numbers is not None and next(f.type for f in numbers.fields if f.name == "data").kind == "array"
