"""Pointer-receiver marshalers of fields, where the value around them is addressable: encoding/json
uses `(*Money).MarshalText` for a Money field of a slice element, of a pointer's target or of a value
written as `&v`, never for one of a value passed by value or of a map value
(contractgen/ir/addressable.py: such a declaration gets a `...Addressable` variant). Found by an audit
against real Go: a gin handler writing `&item` sent `{"price":"M"}`, which the contract rejected.
Proven here on real handlers run by Go (httptest); fixtures/semantics' TicketHolders is round-tripped."""

from __future__ import annotations

import json

from contractgen.ir.model import TypeRef
from contractgen.pipeline import build
from harness.gorun import run_main
from harness.services import write_module

API = """package api

import (
\t"encoding/json"
\t"net/http"
)

type Money struct {
\tCents int64 `json:"cents"`
}

func (m *Money) MarshalText() ([]byte, error) { return []byte("M"), nil }

func (m *Money) UnmarshalText(b []byte) error { m.Cents = int64(len(b)); return nil }

type Item struct {
\tID    int   `json:"id"`
\tPrice Money `json:"price"`
}

// Pair is a named array: its elements are addressable where it is.
type Pair [2]Item

type Basket struct {
\tItems []Item          `json:"items"`
\tFirst Item            `json:"first"`
\tByID  map[string]Item `json:"byId"`
\tPairs []Pair          `json:"pairs"`
}

func find() *Item { return &Item{ID: 1} }

func ByPointer(w http.ResponseWriter, r *http.Request) {
\tit := Item{ID: 1}
\tjson.NewEncoder(w).Encode(&it)
}

func ByValue(w http.ResponseWriter, r *http.Request) {
\tit := Item{ID: 1}
\tjson.NewEncoder(w).Encode(it)
}

func Found(w http.ResponseWriter, r *http.Request) {
\tjson.NewEncoder(w).Encode(find())
}

func Deref(w http.ResponseWriter, r *http.Request) {
\tjson.NewEncoder(w).Encode(*find()) // a copy of the target: not addressable
}

func DerefVar(w http.ResponseWriter, r *http.Request) {
\tvar p *Item = find()
\tjson.NewEncoder(w).Encode(*p)
}

func Create(w http.ResponseWriter, r *http.Request) {
\tvar in []Item
\tif err := json.NewDecoder(r.Body).Decode(&in); err != nil {
\t\tw.WriteHeader(http.StatusBadRequest)
\t\treturn
\t}
\tw.WriteHeader(http.StatusNoContent)
}

func List(w http.ResponseWriter, r *http.Request) {
\tjson.NewEncoder(w).Encode([]Item{{ID: 1}})
}

func Whole(w http.ResponseWriter, r *http.Request) {
\tjson.NewEncoder(w).Encode(Basket{Items: []Item{{ID: 1}}, ByID: map[string]Item{"a": {ID: 2}}, Pairs: []Pair{{}}})
}

func Routes() *http.ServeMux {
\tmux := http.NewServeMux()
\tmux.HandleFunc("GET /pointer", ByPointer)
\tmux.HandleFunc("GET /value", ByValue)
\tmux.HandleFunc("GET /found", Found)
\tmux.HandleFunc("GET /list", List)
\tmux.HandleFunc("GET /whole", Whole)
\tmux.HandleFunc("GET /deref", Deref)
\tmux.HandleFunc("GET /derefvar", DerefVar)
\tmux.HandleFunc("POST /items", Create)
\treturn mux
}
"""

PROBE = """package main

import (
\t"encoding/json"
\t"fmt"
\t"net/http/httptest"
\t"strings"

\t"example.com/addr/api"
)

func main() {
\tbodies := map[string]json.RawMessage{}
\tfor _, path := range []string{"/pointer", "/value", "/found", "/list", "/whole", "/deref", "/derefvar"} {
\t\trecorder := httptest.NewRecorder()
\t\tapi.Routes().ServeHTTP(recorder, httptest.NewRequest("GET", path, nil))
\t\tbodies[path] = recorder.Body.Bytes()
\t}
\t// What the decoder takes for a request body's Item: the pointer-receiver UnmarshalText.
\tfor _, body := range []string{`[{"price":"abc"}]`, `[{"price":{"cents":5}}]`} {
\t\trecorder := httptest.NewRecorder()
\t\tapi.Routes().ServeHTTP(recorder, httptest.NewRequest("POST", "/items", strings.NewReader(body)))
\t\tbodies[body] = json.RawMessage(fmt.Sprint(recorder.Code))
\t}
\tout, _ := json.Marshal(bodies)
\tfmt.Println(string(out))
}
"""


def test_a_field_marshaler_applies_where_the_value_is_addressable(go: str) -> None:
    root = write_module({"go.mod": "module example.com/addr\n\ngo 1.24\n", "api/api.go": API, "cmd/probe/main.go": PROBE}, "addressable")
    printed = run_main(go, root, "./cmd/probe")
    sent = json.loads(printed)
    assert sent == {
        "/pointer": {"id": 1, "price": "M"},
        "/value": {"id": 1, "price": {"cents": 0}},
        "/found": {"id": 1, "price": "M"},
        "/list": [{"id": 1, "price": "M"}],
        "/whole": {
            "items": [{"id": 1, "price": "M"}],
            "first": {"id": 0, "price": {"cents": 0}},
            "byId": {"a": {"id": 2, "price": {"cents": 0}}},
            "pairs": [[{"id": 0, "price": "M"}, {"id": 0, "price": "M"}]],
        },
        "/deref": {"id": 1, "price": {"cents": 0}},
        "/derefvar": {"id": 1, "price": {"cents": 0}},
        '[{"price":"abc"}]': 204,
        '[{"price":{"cents":5}}]': 400,
    }

    contract = build(root, targets=False).contract
    api = "example.com/addr/api"

    def price(name: str) -> str:
        (field,) = [f for f in contract.decl(api, name).fields if f.name == "price"]
        return "string" if field.type.kind == "string" else "object"

    def item(ref: TypeRef) -> str:
        assert ref.kind == "ref" and ref.name is not None
        return ref.name

    responses = {e.path: e.response for e in contract.endpoints}
    assert responses["/pointer"] is not None and price(item(responses["/pointer"])) == "string"
    assert responses["/value"] is not None and price(item(responses["/value"])) == "object"
    assert responses["/found"] is not None and price(item(responses["/found"])) == "string"
    listed = responses["/list"]
    assert listed is not None and listed.items is not None and price(item(listed.items)) == "string"
    basket = {f.name: f.type for f in contract.decl(api, "Basket").fields}
    assert basket["items"].items is not None and price(item(basket["items"].items)) == "string"
    assert price(item(basket["first"])) == "object"
    assert basket["byId"].values is not None and price(item(basket["byId"].values)) == "object"
    assert contract.decl(api, "ItemAddressable").addressable_of == "Item"
    for path in ("/deref", "/derefvar"):  # `*p` is a copy: by value, never null
        deref = responses[path]
        assert deref is not None and not deref.nullable and price(item(deref)) == "object", path
    pairs = basket["pairs"].items
    assert pairs is not None and pairs.name == "PairAddressable"
    pair = contract.decl(api, "PairAddressable").type
    assert pair is not None and pair.items is not None and price(item(pair.items)) == "string"

    # The request side: the decoder fills addressable values, so Item's price (and a map's Money) is
    # read by (*Money).UnmarshalText: a string.
    (create,) = [e for e in contract.endpoints if e.path == "/items"]
    assert create.request is not None and create.request.items is not None
    view = contract.decl(api, item(create.request.items)).request
    assert view is not None
    accepted = {f.name: f.type for f in view.fields}
    assert accepted["price"].kind == "string"
