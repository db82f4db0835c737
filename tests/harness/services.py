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


def service_files(types: str, main: str = SERVICE_MAIN) -> dict[str, str]:
    """A module whose package main declares `types` (Go declarations) beside the two handlers."""
    return {"go.mod": "module example.com/svc\n\ngo 1.24\n", "main.go": main, "types.go": "package main\n\n" + types}


def types_files(types: str, imports: str = "") -> dict[str, str]:
    """A module without endpoints: package models declares `types`."""
    header = f"package models\n\n{imports}\n" if imports else "package models\n\n"
    return {"go.mod": "module example.com/lib\n\ngo 1.24\n", "models/models.go": header + types}


def write_module(files: dict[str, str], *where: str) -> Path:
    root = fresh_dir("changes", *where)
    write_files(root, files)
    return root


def contract_of(files: dict[str, str], *where: str) -> Contract:
    return build(write_module(files, *where), targets=False).contract
