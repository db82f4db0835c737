"""Handler factories as people write them (found by an audit against running servers): a factory
declared in a file with no route in it (`g.POST("/", CreateItem(store))` in routes.go, CreateItem in
items.go) was not followed (CG300 "not a function declared in this module", no request body, so the
client sent none and got 400); and the factory's parameters, which the returned handler closes over
(`s.All()`), had no type, so what they gave was unknown JSON."""

from __future__ import annotations

from pathlib import Path

from contractgen.pipeline import build

GIN_MOD = "module example.com/m\n\ngo 1.24\n\nrequire github.com/gin-gonic/gin v1.10.0\n"

ITEMS = """package api

import (
\t"net/http"

\t"github.com/gin-gonic/gin"
)

type Item struct {
\tID   int    `json:"id"`
\tName string `json:"name"`
}

type Store struct{ items []Item }

func (s *Store) All() []Item { return s.items }

func (s *Store) Find(id int) (Item, bool) { return Item{}, false }

type createItem struct {
\tName string `json:"name" binding:"required"`
}

// ListItems lists every item.
func ListItems(s *Store) gin.HandlerFunc {
\treturn func(c *gin.Context) {
\t\tc.JSON(http.StatusOK, gin.H{"items": s.All()})
\t}
}

func GetItem(s *Store) func(*gin.Context) {
\treturn func(c *gin.Context) {
\t\tit, ok := s.Find(1)
\t\tif !ok {
\t\t\tc.JSON(http.StatusNotFound, gin.H{"error": "item not found"})
\t\t\treturn
\t\t}
\t\tc.JSON(http.StatusOK, it)
\t}
}

func CreateItem(s *Store) gin.HandlerFunc {
\treturn func(c *gin.Context) {
\t\tvar in createItem
\t\tif err := c.ShouldBindJSON(&in); err != nil {
\t\t\tc.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
\t\t\treturn
\t\t}
\t\tc.JSON(http.StatusCreated, Item{Name: in.Name})
\t}
}
"""

ROUTES = """package api

import "github.com/gin-gonic/gin"

// Register mounts the item routes.
func Register(r gin.IRouter, s *Store) {
\tg := r.Group("/items")
\tg.GET("", ListItems(s))
\tg.GET("/:id", GetItem(s))
\tg.POST("", CreateItem(s))
}
"""

MAIN = """package main

import (
\t"example.com/m/api"
\t"github.com/gin-gonic/gin"
)

func main() {
\tr := gin.New()
\tapi.Register(r.Group("/v1"), &api.Store{})
\t_ = r.Run()
}
"""


def test_a_factory_in_a_file_without_routes_is_followed_and_its_parameters_typed(tmp_path: Path) -> None:
    (tmp_path / "api").mkdir()
    for path, text in {"go.mod": GIN_MOD, "main.go": MAIN, "api/items.go": ITEMS, "api/routes.go": ROUTES}.items():
        (tmp_path / path).write_text(text)
    generation = build(tmp_path, targets=False)
    assert [d.code for d in generation.diagnostics] == []  # no CG300, no CG320
    endpoints = {(e.method, e.path): e for e in generation.contract.endpoints}
    assert set(endpoints) == {("GET", "/v1/items"), ("GET", "/v1/items/{id}"), ("POST", "/v1/items")}

    listed = endpoints["GET", "/v1/items"].response
    assert listed is not None and listed.kind == "object"
    items = listed.fields[0].type
    assert (items.kind, items.nullable, items.items.kind, items.items.name) == ("array", True, "ref", "Item")  # a nil slice is null

    got = endpoints["GET", "/v1/items/{id}"]
    assert got.response is not None and (got.response.kind, got.response.name) == ("ref", "Item")
    assert 404 in {b.status for b in got.error_bodies}

    created = endpoints["POST", "/v1/items"]
    assert created.status == 201 and created.request is not None and created.request.name == "createItem"
    assert created.name == "CreateItem"
