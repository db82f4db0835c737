"""Small Go services for the change-engine tests: a response type `Item` sent by GET /items/{id} and a
request type `Input` decoded by POST /items, declared by each case; or a types-only package."""

from __future__ import annotations

from pathlib import Path

from contractgen.ir.model import Contract
from contractgen.pipeline import build

from harness.paths import fresh_dir, write_files

SERVICE_MAIN = """package main

import (
	"encoding/json"
	"net/http"
)

func getItem(w http.ResponseWriter, r *http.Request) {
	var out Item
	_ = json.NewEncoder(w).Encode(out)
}

func createItem(w http.ResponseWriter, r *http.Request) {
	var in Input
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", getItem)
	mux.HandleFunc("POST /items", createItem)
	_ = http.ListenAndServe(":8080", mux)
}
"""

# The same routes served by typed handlers through the generated adapter (apicontract.Handle, as the
# README shows): the envelope wire, parameters from the request struct's tags, error reasons from the
# catalog. `ItemRef` (the path parameter and any query or header ones) and the catalog with
# ITEM_NOT_FOUND are declared by each case.
TYPED_MAIN = """package main

import (
	"context"
	"net/http"

	"example.com/svc/contract/go/apicontract"
)

// ItemHandler serves the items.
type ItemHandler struct {
	items map[string]Item
}

// GetItem answers one item.
func (h *ItemHandler) GetItem(ctx context.Context, req ItemRef) (Item, error) {
	item, ok := h.items[req.ID]
	if !ok {
		return Item{}, apicontract.ItemNotFound("no item %s", req.ID)
	}
	return item, nil
}

// CreateItem stores an item.
func (h *ItemHandler) CreateItem(ctx context.Context, req Input) (Item, error) {
	item := Item{ID: req.Name}
	h.items[item.ID] = item
	return item, nil
}

func main() {
	items := &ItemHandler{items: map[string]Item{}}
	mux := http.NewServeMux()
	mux.Handle("GET /items/{id}", apicontract.Handle(items.GetItem))
	mux.Handle("POST /items", apicontract.Handle(items.CreateItem, apicontract.WithStatus(http.StatusCreated)))
	_ = http.ListenAndServe(":8080", mux)
}
"""

# A module that requires one nobody can download: embedding its `basemodel.Model` makes an open object.
UNSEEN_REQUIRE = "\n// Never in any module cache: its types stay unseen.\nrequire example.invalid/basemodel v1.2.3\n"


def service_files(types: str, main: str = SERVICE_MAIN) -> dict[str, str]:
    """A module whose package main declares `types` (Go declarations) beside the two handlers."""
    return {"go.mod": "module example.com/svc\n\ngo 1.24\n", "main.go": main, "types.go": "package main\n\n" + types}


def types_files(types: str, imports: str = "") -> dict[str, str]:
    """A module without endpoints: package models declares `types`."""
    header = f"package models\n\n{imports}\n" if imports else "package models\n\n"
    return {"go.mod": "module example.com/lib\n\ngo 1.24\n", "models/models.go": header + types}


def types_module_marshalling(types: str, value: str, *where: str) -> Path:
    """A module whose package models declares `types`, with a ./cmd that prints the JSON Go writes
    for `value` (a Go expression in which the package is `models`); written under `where`."""
    main = (
        'package main\n\nimport (\n\t"encoding/json"\n\t"fmt"\n\n\t"example.com/lib/models"\n)\n\n'
        f"func main() {{\n\tout, err := json.Marshal({value})\n\tif err != nil {{\n\t\tpanic(err)\n\t}}\n\tfmt.Println(string(out))\n}}\n"
    )
    return write_module({**types_files(types), "cmd/main.go": main}, *where)


def write_module(files: dict[str, str], *where: str) -> Path:
    root = fresh_dir("changes", *where)
    write_files(root, files)
    return root


def contract_of(files: dict[str, str], *where: str) -> Contract:
    return build(write_module(files, *where), targets=False).contract
