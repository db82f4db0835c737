"""Handlers as people write them (docs/endpoints.md): what the IR infers from gin, chi and echo
services written the usual way (fixtures/ginapp, chiapp, echoapp), small modules for each rule, and
the diagnostics where the inference stops. The slow tests build the fixtures with the Go toolchain
and check the inferred contract against what the running services really send."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from contractgen.ir.model import Endpoint, TypeRef
from contractgen.pipeline import build
from harness.paths import REPO, fresh_dir
from harness.tsc import compile_package

FIXTURES = REPO / "fixtures"
SERVICES = ["ginapp", "chiapp", "echoapp", "muxapp", "routegroupapp"]
GO_ENV = {"GOFLAGS": "-mod=mod", "GOWORK": "off", "GOTOOLCHAIN": "local"}


def _endpoints(module: Path) -> dict[tuple[str, str], Endpoint]:
    return {(e.method, e.path): e for e in build(module, targets=False).contract.endpoints}


def _codes(module: Path) -> list[str]:
    found = sorted(build(module, targets=False).diagnostics, key=lambda d: d.sort_key())
    return [f"{d.code}@{Path(d.position.path).name}:{d.position.line}" for d in found if d.code.startswith("CG3") and d.position is not None]


def _ref(t: TypeRef | None) -> str:
    """A short spelling of a type, for assertions: `User`, `?User` (nullable), `[User]`, `{a: string}`."""
    if t is None:
        return "-"
    nullable = "?" if t.nullable else ""
    if t.kind == "ref":
        return nullable + (t.name or "")
    if t.kind == "array":
        return nullable + f"[{_ref(t.items)}]"
    if t.kind == "map":
        return nullable + f"map[{_ref(t.values)}]"
    if t.kind == "object":
        return nullable + "{" + ", ".join(f"{f.name}: {_ref(f.type)}" for f in t.fields) + "}"
    return nullable + t.kind


def _params(e: Endpoint) -> list[tuple[str, str, str, bool]]:
    return [(p.name, p.location, _ref(p.type), p.optional) for p in e.params]


def _form(e: Endpoint) -> list[tuple[str, str, bool, bool]]:
    return [(p.name, p.kind, p.many, p.optional) for p in e.form]


def _errors(e: Endpoint) -> dict[int, str]:
    return {b.status: _ref(b.type) for b in e.error_bodies}


# --- the fixture services ------------------------------------------------------------------------------


def test_ginapp_handlers_are_typed() -> None:
    found = _endpoints(FIXTURES / "ginapp")
    register = found[("POST", "/api/users")]
    assert (register.status, _ref(register.response)) == (201, "{user: UserResponse}")
    # validator.Bind(c) -> common.Bind(c, v) -> c.ShouldBindWith(obj, b): the validator is the body
    assert _ref(register.request) == "RegisterValidator"
    assert _errors(register) == {409: "CommonError", 422: "CommonError"}
    login = found[("POST", "/api/users/login")]
    assert (login.status, _ref(login.response), _ref(login.request)) == (200, "{user: UserResponse}", "LoginValidator")
    assert _errors(login) == {403: "CommonError", 422: "CommonError"}
    listing = found[("GET", "/api/users")]
    # `var profiles []ProfileResponse` + append: an array that is null when nothing was appended
    assert _ref(listing.response) == "{count: integer, profiles: ?[ProfileResponse], query: string}"
    assert _params(listing) == [("q", "query", "string", True), ("limit", "query", "string", True)]
    assert _errors(listing) == {400: "CommonError"}
    profile = found[("GET", "/api/profiles/{username}")]
    assert _ref(profile.response) == "{profile: ProfileResponse, requestId: string}"
    assert _params(profile) == [("username", "path", "string", False), ("X-Request-Id", "header", "string", True)]
    assert _errors(profile) == {404: "CommonError"}
    remove = found[("DELETE", "/api/users/{username}")]
    assert (remove.status, remove.response, _errors(remove)) == (204, None, {404: "CommonError"})
    # a method of a package variable built by a constructor; a function's declared result; c.QueryArray
    assert _ref(found[("GET", "/api/tags")].response) == "{tags: ?[string]}"
    articles = found[("GET", "/api/articles")]
    assert _ref(articles.response) == "{articles: ?[ArticleResponse], articlesCount: integer}"
    assert _params(articles) == [("tag", "query", "[string]", True)]
    avatar = found[("POST", "/api/users/{username}/avatar")]  # c.FormFile + c.PostForm: a multipart body
    assert (avatar.request, _form(avatar)) == (None, [("avatar", "file", False, False), ("caption", "value", False, True)])
    assert _ref(avatar.response) == "{caption: string, sha256: string, size: integer, username: string}"
    assert _errors(avatar) == {400: "CommonError", 404: "CommonError"}
    attach = found[("POST", "/api/articles/attachments")]  # c.MultipartForm() then form.File["files"]: lists
    assert _form(attach) == [("files", "file", True, True), ("label", "value", True, True)]
    assert all(e.wire == "bare" for e in found.values())
    # Nothing is left untyped on the handler side (gorm.Model's own warnings belong to dependency types).
    assert _codes(FIXTURES / "ginapp") == []


def test_chiapp_handlers_are_typed() -> None:
    found = _endpoints(FIXTURES / "chiapp")
    listing = found[("GET", "/articles")]
    assert _ref(listing.response) == "{articles: ?[?Article], total: integer}"
    assert _params(listing) == [("limit", "query", "string", True), ("tag", "query", "string", True)]
    create = found[("POST", "/articles")]
    # render.Status(r, 201) then render.Render(w, r, NewArticleResponse(a)); render.Bind(r, data)
    assert (create.status, _ref(create.response), _ref(create.request)) == (201, "?ArticleResponse", "ArticleRequest")
    assert _errors(create) == {422: "Problem"}
    get = found[("GET", "/articles/{articleID}")]
    assert (get.status, _ref(get.response), _errors(get)) == (200, "?ArticleResponse", {})
    delete = found[("DELETE", "/articles/{articleID}")]
    # w.WriteHeader(s) before the writeJSON helper: the helper writes with that status
    assert (delete.status, _ref(delete.response), _errors(delete)) == (202, "{deleted: string}", {404: "Problem"})
    health = found[("GET", "/health")]
    assert _ref(health.response) == "{probe: string, status: string}"
    assert _params(health) == [("X-Probe", "header", "string", True)]
    # ErrNotFound's status is set in ErrResponse.Render from a field: said, not guessed
    assert _codes(FIXTURES / "chiapp") == ["CG323@articles.go:108"]


def test_echoapp_handlers_are_typed() -> None:
    found = _endpoints(FIXTURES / "echoapp")
    assert _ref(found[("GET", "/api/products")].response) == "?[Product]"  # a package variable
    get = found[("GET", "/api/products/{id}")]
    # `product, ok := index[id]` (a package map): its element type; a constant of the file
    assert _ref(get.response) == "{currency: string, product: Product}"
    assert _errors(get) == {404: "{message: string}"}  # echo.NewHTTPError as echo's error handler writes it
    create = found[("POST", "/api/products")]
    assert (create.status, _ref(create.response), _ref(create.request)) == (201, "Product", "ProductInput")
    assert _errors(create) == {400: "{message: string}", 422: "{message: string}"}
    search = found[("GET", "/api/products/search")]
    assert _ref(search.response) == "{count: integer, query: string, results: ?[Product]}"
    assert _params(search) == [("q", "query", "string", True)]
    assert found[("DELETE", "/api/products/{id}")].status == 204
    assert _codes(FIXTURES / "echoapp") == []


# --- rules, one small module each ------------------------------------------------------------------------

GIN_MOD = "module example.com/m\n\ngo 1.24\n\nrequire github.com/gin-gonic/gin v1.10.0\n"
CHI_MOD = "module example.com/m\n\ngo 1.24\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.2.1\n\tgithub.com/go-chi/render v1.0.3\n)\n"


def _module(tmp_path: Path, source: str, go_mod: str = GIN_MOD) -> Path:
    (tmp_path / "go.mod").write_text(go_mod)
    (tmp_path / "main.go").write_text(source)
    return tmp_path


def test_status_directives_never_hide_the_code_status_and_helpers_inherit_writeheader(tmp_path: Path) -> None:
    source = """package main

import (
	"encoding/json"
	"net/http"
)

type Out struct{ A int `json:"a"` }

func main() {
	http.HandleFunc("POST /a", a)
	http.HandleFunc("POST /b", b)
}

// a says 201 and writes it through a helper.
func a(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusCreated)
	send(w, Out{})
}

// b is documented wrongly.
//
//contractgen:status 200
func b(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusAccepted)
	send(w, Out{})
}

func send(w http.ResponseWriter, v any) { _ = json.NewEncoder(w).Encode(v) }
"""
    module = _module(tmp_path, source, "module example.com/m\n\ngo 1.24\n")
    found = _endpoints(module)
    assert (found[("POST", "/a")].status, _ref(found[("POST", "/a")].response)) == (201, "Out")
    assert found[("POST", "/b")].status == 200
    assert _codes(module) == ["CG322@main.go:23"]


def test_every_place_the_inference_stops_is_a_diagnostic(tmp_path: Path) -> None:
    source = """package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type Svc interface{ Find(string) any }

var svc Svc

func main() {
	r := gin.New()
	r.GET("/a/:id", a)
	r.GET("/b", b)
	r.POST("/c", c)
	r.GET("/d", d)
}

func a(c *gin.Context) {
	name := "x" + c.Param("id")
	c.JSON(http.StatusOK, gin.H{"found": svc.Find(c.Param("id")), "q": c.Query(name)})
}

func b(c *gin.Context) {
	out := gin.H{"a": 1}
	out["b"] = 2
	c.JSON(http.StatusOK, out)
}

func c(c *gin.Context) {
	f, _ := c.FormFile("upload")
	if f == nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "no file"})
		return
	}
	c.JSON(http.StatusBadRequest, gin.H{"error": 1})
	c.Status(http.StatusCreated)
}

func d(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"missing": c.Param("nope")})
}
"""
    module = _module(tmp_path, source)
    found = _endpoints(module)
    assert _ref(found[("GET", "/a/{id}")].response) == "{found: unknown, q: string}"
    assert _ref(found[("GET", "/b")].response) == "unknown"  # a map literal that gains keys later
    assert _errors(found[("POST", "/c")]) == {400: "unknown"}  # two different bodies for one status
    assert _form(found[("POST", "/c")]) == [("upload", "file", False, False)]  # a multipart body now
    assert _codes(module) == [
        "CG320@main.go:23",  # svc.Find: an interface method, its dynamic value is not in the source
        "CG321@main.go:23",  # c.Query(name): not a constant name
        "CG300@main.go:29",
        "CG323@main.go:35",
        "CG321@main.go:43",  # a path parameter the route does not have
    ]


def test_multipart_reads_make_a_form_body(tmp_path: Path) -> None:
    """c.FormFile / r.FormFile are required file parts, c.PostForm / r.PostFormValue optional text parts;
    FormValue is a part with a multipart body and a query key without one; no body on GET (CG324)."""
    source = """package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	r.POST("/avatar", avatar)
	r.PUT("/docs", docs)
	r.GET("/search", search)
	r.GET("/peek", peek)
	http.HandleFunc("POST /raw", raw)
	r.POST("/named", named)
	r.POST("/whole", whole)
	r.POST("/both", both)
	r.POST("/listed", listed)
	http.HandleFunc("POST /batch", batch)
}

func avatar(c *gin.Context) {
	f, err := c.FormFile("avatar")
	if err != nil {
		return
	}
	c.JSON(http.StatusOK, gin.H{"size": int64(f.Size), "caption": c.PostForm("caption"), "alt": c.DefaultPostForm("alt", "-")})
}

func docs(c *gin.Context) {
	tags := c.PostFormArray("tag")
	c.JSON(http.StatusOK, gin.H{"tags": tags, "q": c.Query("q")})
}

func search(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"q": c.Request.FormValue("q")})
}

func peek(c *gin.Context) {
	c.FormFile("x")
	c.Status(http.StatusNoContent)
}

func raw(w http.ResponseWriter, r *http.Request) {
	file, _, err := r.FormFile("data")
	if err != nil {
		return
	}
	defer file.Close()
	_ = r.FormValue("note") + r.PostFormValue("kind")
	w.WriteHeader(http.StatusNoContent)
}

func named(c *gin.Context) {
	name := "f" + c.Query("n")
	c.FormFile(name)
	c.Status(http.StatusNoContent)
}

func whole(c *gin.Context) {
	form, _ := c.MultipartForm()
	for name := range form.File {
		_ = name
	}
	c.Status(http.StatusNoContent)
}

func listed(c *gin.Context) {
	form, err := c.MultipartForm()
	if err != nil {
		return
	}
	c.JSON(http.StatusOK, gin.H{"files": len(form.File["docs"]), "tags": len(form.Value["tag"])})
}

func batch(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return
	}
	_ = r.MultipartForm.File["part"]
	w.WriteHeader(http.StatusNoContent)
}

func both(c *gin.Context) {
	var in struct {
		Name string `json:"name"`
	}
	_ = c.ShouldBindJSON(&in)
	c.FormFile("x")
	c.Status(http.StatusNoContent)
}
"""
    module = _module(tmp_path, source)
    found = _endpoints(module)
    avatar = found[("POST", "/avatar")]
    assert avatar.request is None
    assert _form(avatar) == [("alt", "value", False, True), ("avatar", "file", False, False), ("caption", "value", False, True)]
    assert _ref(avatar.response) == "{alt: string, caption: string, size: integer}"
    docs = found[("PUT", "/docs")]
    assert _form(docs) == [("tag", "value", True, True)]
    assert _params(docs) == [("q", "query", "string", True)]
    assert _form(found[("GET", "/search")]) == []
    assert _params(found[("GET", "/search")]) == [("q", "query", "string", True)]  # no body: FormValue reads the query
    assert _form(found[("GET", "/peek")]) == []
    assert _form(found[("POST", "/raw")]) == [("data", "file", False, False), ("kind", "value", False, True), ("note", "value", False, True)]
    assert _params(found[("POST", "/raw")]) == []
    assert _form(found[("POST", "/named")]) == []
    assert _form(found[("POST", "/whole")]) == [] and found[("POST", "/whole")].request is None
    assert _form(found[("POST", "/both")]) == [] and _ref(found[("POST", "/both")].request) == "{name: ?string}"  # what the decoder accepts
    # form.File["docs"] / form.Value["tag"] of the whole form: lists, optional (nil without a part)
    assert _form(found[("POST", "/listed")]) == [("docs", "file", True, True), ("tag", "value", True, True)]
    assert _ref(found[("POST", "/listed")].response) == "{files: integer, tags: integer}"
    assert _form(found[("POST", "/batch")]) == [("part", "file", True, True)]
    # a file on GET; a name not constant; the whole form (its parts not followed); a file beside a JSON body
    assert _codes(module) == ["CG324@main.go:41", "CG324@main.go:57", "CG324@main.go:62", "CG324@main.go:90"]


def test_echo_form_file_and_form_value_make_a_form_body(tmp_path: Path) -> None:
    source = """package main

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func main() {
	e := echo.New()
	e.POST("/import", importFile)
	e.GET("/find", find)
}

func importFile(c echo.Context) error {
	file, err := c.FormFile("file")
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"name": file.Filename, "format": c.FormValue("format")})
}

func find(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"q": c.FormValue("q")})
}
"""
    module = _module(tmp_path, source, "module example.com/m\n\ngo 1.24\n\nrequire github.com/labstack/echo/v4 v4.13.3\n")
    found = _endpoints(module)
    assert _form(found[("POST", "/import")]) == [("file", "file", False, False), ("format", "value", False, True)]
    assert _params(found[("POST", "/import")]) == []
    assert _params(found[("GET", "/find")]) == [("q", "query", "string", True)]
    # file.Filename: FormFile's declared result in echo.Context (*multipart.FileHeader), read from echo's source
    assert _ref(found[("POST", "/import")].response) == "{format: string, name: string}"
    assert _codes(module) == []


def test_results_of_calls_methods_and_fields_across_packages(tmp_path: Path) -> None:
    (tmp_path / "serial").mkdir()
    (tmp_path / "serial" / "serial.go").write_text(
        """package serial

// Card is what a user looks like to others.
type Card struct {
	Name string `json:"name"`
}

// Serializer writes cards.
type Serializer struct{ Names map[string]Card }

// New answers a serializer.
func New() *Serializer { return &Serializer{} }

// Card answers one card and whether it exists.
func (s *Serializer) Card(name string) (Card, bool) {
	c, ok := s.Names[name]
	return c, ok
}
"""
    )
    source = """package main

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"example.com/m/serial"
)

type holder struct{ cards []serial.Card }

var h = holder{}

func main() {
	r := gin.New()
	r.GET("/x", x)
}

func x(c *gin.Context) {
	card, ok := serial.New().Card(c.Query("name"))
	byName := serial.New().Names
	c.JSON(http.StatusOK, gin.H{"card": card, "ok": ok, "first": h.cards[0], "named": byName["a"], "n": len(h.cards)})
}
"""
    module = _module(tmp_path, source)
    response = _endpoints(module)[("GET", "/x")].response
    assert _ref(response) == "{card: Card, first: Card, n: integer, named: Card, ok: boolean}"  # ok: the call's second result
    assert _codes(module) == []


def test_a_response_helper_writes_the_values_its_caller_passes_inside_a_map_literal(tmp_path: Path) -> None:
    # respond(c, 201, view) writing gin.H{"data": data}: the key's value is the caller's, error bodies too;
    # comparisons and logical operators are booleans, a sum with a string is a string.
    source = """package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type View struct{ ID int `json:"id"` }

type Problem struct{ Reason string `json:"reason"` }

func main() {
	r := gin.New()
	r.POST("/x", x)
}

func respond(c *gin.Context, status int, data any) {
	c.JSON(status, gin.H{"data": data, "ok": status < 400 && !c.IsAborted(), "via": "respond " + c.FullPath()})
}

func x(c *gin.Context) {
	if c.Query("fail") != "" {
		respond(c, http.StatusConflict, Problem{Reason: "taken"})
		return
	}
	respond(c, http.StatusCreated, View{ID: 1})
}
"""
    module = _module(tmp_path, source)
    endpoint = _endpoints(module)[("POST", "/x")]
    assert (endpoint.status, _ref(endpoint.response)) == (201, "{data: View, ok: boolean, via: string}")
    assert _errors(endpoint) == {409: "{data: Problem, ok: boolean, via: string}"}
    assert _codes(module) == []


def test_chi_render_through_an_interface_and_an_embedded_field(tmp_path: Path) -> None:
    # render.Render(w, r, ErrNotFound()) answering a render.Renderer: its status is the concrete value's
    # Render method's, not visible, so it is not taken for the 200 (CG323); `data.Book` is the field
    # embedded as *Book.
    source = """package main

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/render"
)

type Book struct{ Title string `json:"title"` }

type BookRequest struct{ *Book }

func (b *BookRequest) Bind(r *http.Request) error { return nil }

type ErrResponse struct {
	Code int    `json:"-"`
	Text string `json:"status"`
}

func (e *ErrResponse) Render(w http.ResponseWriter, r *http.Request) error {
	render.Status(r, e.Code)
	return nil
}

func ErrNotFound() render.Renderer { return &ErrResponse{Code: 404, Text: "not found"} }

var books = map[string]*Book{}

func main() {
	r := chi.NewRouter()
	r.Get("/books/{id}", get)
	r.Post("/books", create)
}

func get(w http.ResponseWriter, r *http.Request) {
	b, ok := books[chi.URLParam(r, "id")]
	if !ok {
		render.Render(w, r, ErrNotFound())
		return
	}
	_ = json.NewEncoder(w).Encode(b)
}

func create(w http.ResponseWriter, r *http.Request) {
	data := &BookRequest{}
	if err := render.Bind(r, data); err != nil {
		return
	}
	render.Status(r, http.StatusCreated)
	render.JSON(w, r, data.Book)
}
"""
    module = _module(tmp_path, source, CHI_MOD)
    found = _endpoints(module)
    get = found[("GET", "/books/{id}")]
    assert (get.status, _ref(get.response)) == (200, "?Book")
    create = found[("POST", "/books")]
    assert (create.status, _ref(create.response), _ref(create.request)) == (201, "?Book", "BookRequest")
    assert _codes(module) == ["CG323@main.go:40"]


def test_a_sliced_value_has_its_operands_type(tmp_path: Path) -> None:
    # s[i:j] of a slice, a named slice type, a string, an array and a pointer to one (Go's spec:
    # slicing an array gives a slice of its elements, a string a string, a named slice keeps its type).
    source = """package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type Item struct{ N int `json:"n"` }

type Items []Item

var (
	all    = []Item{}
	named  = Items{}
	fixed  [4]Item
	name   = "contractgen"
	window = &fixed
)

func main() {
	r := gin.New()
	r.GET("/x", x)
}

func x(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"all": all[1:], "named": named[:2], "fixed": fixed[1:3], "name": name[:4], "window": window[:]})
}
"""
    module = _module(tmp_path, source)
    response = _endpoints(module)[("GET", "/x")].response
    assert _ref(response) == "{all: ?[Item], fixed: ?[Item], name: string, named: ?Items, window: ?[Item]}"
    assert _codes(module) == []


def test_generic_decode_helpers_bind_their_type_arguments(tmp_path: Path) -> None:
    # `req, err := decode[CreateUser](r)` parses as a conversion to a generic type; with two arguments it
    # is a call of an index expression; across packages a qualified generic type. Each binds the helper's
    # `var v T` to the type argument, spelled in the handler's file (before, the body was silently lost).
    (tmp_path / "httpx").mkdir()
    (tmp_path / "httpx" / "httpx.go").write_text(
        """package httpx

import (
	"encoding/json"
	"net/http"
)

// Decode reads the body into a T.
func Decode[T any](r *http.Request) (*T, error) {
	v := new(T)
	return v, json.NewDecoder(r.Body).Decode(v)
}
"""
    )
    source = """package main

import (
	"encoding/json"
	"net/http"

	"example.com/m/httpx"
)

type CreateUser struct{ Name string `json:"name"` }

type Rename struct{ To string `json:"to"` }

type Tag struct{ Label string `json:"label"` }

func decode[T any](r *http.Request) (T, error) {
	var v T
	err := json.NewDecoder(r.Body).Decode(&v)
	return v, err
}

func decodeLimited[T any, L ~int](r *http.Request, limit L) ([]T, error) {
	var v []T
	err := json.NewDecoder(r.Body).Decode(&v)
	return v, err
}

func main() {
	http.HandleFunc("POST /users", create)
	http.HandleFunc("POST /rename", rename)
	http.HandleFunc("POST /tags", tags)
}

func create(w http.ResponseWriter, r *http.Request) {
	req, _ := decode[CreateUser](r)
	_ = json.NewEncoder(w).Encode(req)
}

func rename(w http.ResponseWriter, r *http.Request) {
	_, _ = httpx.Decode[Rename](r)
	w.WriteHeader(http.StatusNoContent)
}

func tags(w http.ResponseWriter, r *http.Request) {
	_, _ = decodeLimited[Tag, int](r, 10)
	w.WriteHeader(http.StatusNoContent)
}
"""
    module = _module(tmp_path, source, "module example.com/m\n\ngo 1.24\n")
    found = _endpoints(module)
    assert _ref(found[("POST", "/users")].request) == "CreateUser"
    assert _ref(found[("POST", "/users")].response) == "CreateUser"  # what decode[CreateUser] answers: its T
    assert _ref(found[("POST", "/rename")].request) == "Rename"
    assert _ref(found[("POST", "/tags")].request) == "[?Tag]"  # a null element decodes to the zero Tag
    assert _codes(module) == []


def test_handler_factories_are_followed_to_the_handler_they_return(tmp_path: Path) -> None:
    # `api.GET("/users/:id", GetUser(db))`, `s.listUsers()`, net/http's `http.HandlerFunc(func...)`:
    # the returned func literal is the handler, named as its factory (before: the argument `db` was
    # taken for a handler, CG300); a middleware around a handler of the module stays the handler.
    source = """package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type User struct{ Email string `json:"email"` }

type Store struct{}

type Server struct{ store *Store }

// GetUser answers one user.
//
//contractgen:status 200
func GetUser(store *Store) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Param("id") == "" {
			c.JSON(http.StatusNotFound, gin.H{"error": "not found"})
			return
		}
		c.JSON(http.StatusOK, User{})
	}
}

func (s *Server) listUsers() gin.HandlerFunc {
	return func(c *gin.Context) {
		var users []User
		c.JSON(http.StatusOK, gin.H{"users": users})
	}
}

func health() http.HandlerFunc {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
}

func auth(next gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetHeader("Authorization") == "" {
			c.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		next(c)
	}
}

func me(c *gin.Context) { c.JSON(http.StatusOK, User{}) }

func main() {
	store := &Store{}
	s := &Server{store: store}
	r := gin.New()
	r.GET("/users/:id", GetUser(store))
	r.GET("/users", s.listUsers())
	r.GET("/me", auth(me))
	r.GET("/health", gin.WrapF(health()))
}
"""
    module = _module(tmp_path, source)
    found = _endpoints(module)
    one = found[("GET", "/users/{id}")]
    assert (one.name, one.status, _ref(one.response), _errors(one)) == ("GetUser", 200, "User", {404: "{error: string}"})
    assert "answers one user" in one.doc
    many = found[("GET", "/users")]
    assert (many.name, many.group, _ref(many.response)) == ("listUsers", "Server", "{users: ?[User]}")
    assert (found[("GET", "/me")].name, _ref(found[("GET", "/me")].response)) == ("me", "User")
    health = found[("GET", "/health")]  # gin.WrapF(health()): a conversion around a factory
    assert (health.name, health.status, health.response) == ("health", 204, None)
    assert _codes(module) == []


def test_types_declared_inside_a_handler_or_its_factory(tmp_path: Path) -> None:
    # The `handleGreet() http.HandlerFunc { type request struct{...}; return func(w, r) {...} }` style:
    # local types have no name in the package, so they stand for their definitions (before: CG101,
    # unknown JSON); two handlers may each declare their own `response`.
    source = """package main

import (
	"encoding/json"
	"net/http"
)

type server struct{ router *http.ServeMux }

func (s *server) routes() {
	s.router.HandleFunc("POST /greet", s.handleGreet())
	s.router.HandleFunc("GET /count", s.handleCount)
}

func (s *server) handleGreet() http.HandlerFunc {
	type request struct {
		Name string `json:"name"`
	}
	type item struct{ Word string `json:"word"` }
	type response struct {
		Greeting string `json:"greeting"`
		Words    []item `json:"words"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var req request
		_ = json.NewDecoder(r.Body).Decode(&req)
		_ = json.NewEncoder(w).Encode(response{Greeting: "Hello " + req.Name})
	}
}

func (s *server) handleCount(w http.ResponseWriter, r *http.Request) {
	type response struct {
		N int `json:"n"`
	}
	_ = json.NewEncoder(w).Encode(response{N: 1})
}

func main() {}
"""
    module = _module(tmp_path, source, "module example.com/m\n\ngo 1.24\n")
    found = _endpoints(module)
    greet = found[("POST", "/greet")]
    assert _ref(greet.request) == "{name: ?string}"
    assert _ref(greet.response) == "{greeting: string, words: ?[{word: string}]}"
    assert _ref(found[("GET", "/count")].response) == "{n: integer}"
    assert _codes(module) == []
    assert not [d for d in build(module, targets=False).diagnostics if d.code == "CG101"]


def test_an_echo_handler_returning_a_package_error_variable(tmp_path: Path) -> None:
    # `return ErrGone` with `var ErrGone = echo.NewHTTPError(http.StatusGone, "gone")`: echo's error
    # handler writes {"message": "gone"} with 410, as for the call itself; a local of that name is not it.
    source = """package main

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

var ErrGone = echo.NewHTTPError(http.StatusGone, "gone")

var errPlain = http.ErrAbortHandler

func main() {
	e := echo.New()
	e.DELETE("/x/:id", del)
	e.GET("/y", other)
}

func del(c echo.Context) error {
	if c.Param("id") == "0" {
		return ErrGone
	}
	return c.NoContent(http.StatusNoContent)
}

func other(c echo.Context) error {
	ErrGone := errPlain
	if c.QueryParam("q") == "" {
		return ErrGone
	}
	return c.NoContent(http.StatusNoContent)
}
"""
    module = _module(tmp_path, source, "module example.com/m\n\ngo 1.24\n\nrequire github.com/labstack/echo/v4 v4.13.3\n")
    found = _endpoints(module)
    assert _errors(found[("DELETE", "/x/{id}")]) == {410: "{message: string}"}
    assert _errors(found[("GET", "/y")]) == {}


def test_an_anonymous_request_struct_tells_the_decoders_truth(tmp_path: Path) -> None:
    # `var req struct{...}` has no declaration to carry a request view: the body itself is the
    # accepted form (absent keys and null allowed unless the rules fail the zero value; rules kept).
    source = """package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.New()
	r.POST("/x", x)
}

func x(c *gin.Context) {
	var req struct {
		Name string   `json:"name" binding:"required,min=2"`
		Tags []string `json:"tags" binding:"max=5"`
		Note *string  `json:"note"`
	}
	if err := c.ShouldBindJSON(&req); err != nil {
		return
	}
	c.Status(204)
}
"""
    module = _module(tmp_path, source)
    request = _endpoints(module)[("POST", "/x")].request
    assert request is not None and request.kind == "object"
    fields = {f.name: f for f in request.fields}
    assert (fields["name"].optional, fields["name"].type.nullable) == (False, False)
    assert [(c.rule, c.value) for c in fields["name"].type.checks] == [("required", None), ("min", 2)]
    assert (fields["tags"].optional, fields["tags"].type.nullable) == (True, True)
    assert [(c.rule, c.value) for c in fields["tags"].type.checks] == [("max", 5)]
    assert (fields["note"].optional, fields["note"].type.nullable) == (True, True)


# --- against the real services -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("service", SERVICES)
def test_fixture_service_compiles(go: str, service: str, tmp_path: Path) -> None:
    env = {**os.environ, **GO_ENV}
    module = tmp_path / service  # a copy: -mod=mod may touch go.mod
    shutil.copytree(FIXTURES / service, module)
    for args in (("build", "./..."), ("vet", "./...")):
        result = subprocess.run([go, *args], cwd=module, capture_output=True, text=True, env=env, timeout=600)
        assert result.returncode == 0, f"go {' '.join(args)} in {service}: {result.stderr}"
    assert "require" in (FIXTURES / service / "go.mod").read_text() and (FIXTURES / service / "go.sum").is_file()


def _serve(go: str, service: str) -> tuple[str, subprocess.Popen[str]]:
    env = {**os.environ, **GO_ENV}
    binary = fresh_dir("handlers", service, "bin") / f"{service}d"
    built = subprocess.run([go, "build", "-o", str(binary), f"./cmd/{service}d"], cwd=FIXTURES / service, capture_output=True, text=True, env=env, timeout=600)
    assert built.returncode == 0, built.stderr
    process = subprocess.Popen([str(binary), "-addr", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    stdout = process.stdout
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    match = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)\n", lines.get(timeout=30))
    assert match is not None
    return match.group(1), process


def _client(tsc: Path, service: str) -> Path:
    work = fresh_dir("handlers", service, "client")
    result = subprocess.run([sys.executable, "-m", "contractgen", "generate", str(FIXTURES / service), "--out", str(work / "out")], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    package = work / "package"
    shutil.copytree(work / "out" / "ts", package)
    compiled = compile_package(tsc, package, "nodenext", emit=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return package


CALLS: dict[str, list[tuple[dict[str, Any], str]]] = {
    # (call, expectation): "ok", "typed <status>" (an ApiError whose body its status's schema parsed),
    # or "refused" (a RequestValidationError: the client did not send a body the server would reject)
    "chiapp": [
        ({"group": "chiapp", "method": "health", "params": {"headers": {"X-Probe": "p"}}}, "ok"),
        ({"group": "server", "method": "listArticles", "params": {}}, "ok"),
        ({"group": "server", "method": "createArticle", "params": {"body": {"title": "Hello", "tags": ["go"]}}}, "ok"),
        ({"group": "server", "method": "createArticle", "params": {"body": {"title": " "}}}, "typed 422"),
        ({"group": "server", "method": "listArticles", "params": {"query": {"tag": "go", "limit": "5"}}}, "ok"),
        ({"group": "server", "method": "getArticle", "params": {"path": {"articleID": "1"}}}, "ok"),
        ({"group": "server", "method": "getArticle", "params": {"path": {"articleID": "9"}}}, "untyped 404"),
        ({"group": "server", "method": "deleteArticle", "params": {"path": {"articleID": "1"}}}, "ok"),
        ({"group": "server", "method": "deleteArticle", "params": {"path": {"articleID": "1"}}}, "typed 404"),
    ],
    "echoapp": [
        ({"group": "echoapp", "method": "listProducts", "params": {}}, "ok"),
        ({"group": "echoapp", "method": "getProduct", "params": {"path": {"id": "p1"}}}, "ok"),
        ({"group": "echoapp", "method": "getProduct", "params": {"path": {"id": "p9"}}}, "typed 404"),
        ({"group": "echoapp", "method": "createProduct", "params": {"body": {"name": "Pad", "price": 9.5}}}, "ok"),
        # `validate:"required"` on name: the client refuses the body itself; sent anyway, the server's 422
        ({"group": "echoapp", "method": "createProduct", "params": {"body": {"name": "", "price": 0}}}, "refused"),
        ({"group": "echoapp", "method": "createProduct", "params": {"body": {"name": "", "price": 0}}, "options": {"validate": "off"}}, "typed 422"),
        ({"group": "echoapp", "method": "searchProducts", "params": {"query": {"q": "zzz"}}}, "ok"),
        ({"group": "echoapp", "method": "searchProducts", "params": {"query": {"q": "o"}}}, "ok"),
        ({"group": "echoapp", "method": "deleteProduct", "params": {"path": {"id": "p2"}}}, "ok"),
        ({"group": "echoapp", "method": "deleteProduct", "params": {"path": {"id": "p2"}}}, "typed 404"),
    ],
    "muxapp": [  # gorilla/mux: subrouters, a helper given the books router, {id:[0-9]+}, .Queries
        ({"group": "server", "method": "health", "params": {}}, "ok"),
        ({"group": "server", "method": "listBooks", "params": {}}, "ok"),
        ({"group": "server", "method": "listBooks", "params": {"query": {"author": "Donovan"}}}, "ok"),
        ({"group": "server", "method": "createBook", "params": {"body": {"title": "Gophers", "author": "Pike"}}}, "ok"),
        ({"group": "server", "method": "createBook", "params": {"body": {"title": " ", "author": "Pike"}}}, "typed 422"),
        ({"group": "server", "method": "getBook", "params": {"path": {"id": "2"}}}, "ok"),
        ({"group": "server", "method": "getBook", "params": {"path": {"id": "99"}}}, "typed 404"),
        ({"group": "server", "method": "search", "params": {"query": {"q": "go"}}}, "ok"),
        ({"group": "muxapp", "method": "addReview", "params": {"path": {"id": "1"}, "body": {"stars": 5, "text": "clear"}}}, "ok"),
        ({"group": "muxapp", "method": "addReview", "params": {"path": {"id": "1"}, "body": {"stars": 9, "text": "!"}}}, "typed 422"),
        ({"group": "muxapp", "method": "listReviews", "params": {"path": {"id": "1"}}}, "ok"),
        ({"group": "server", "method": "deleteBook", "params": {"path": {"id": "2"}}}, "ok"),
        ({"group": "server", "method": "deleteBook", "params": {"path": {"id": "2"}}}, "typed 404"),
    ],
    "routegroupapp": [  # go-pkgz/routegroup: Mount, Group, Route, With, a helper given a mounted group
        ({"group": "rest", "method": "ping", "params": {}}, "ok"),
        ({"group": "rest", "method": "config", "params": {}}, "ok"),
        ({"group": "rest", "method": "find", "params": {"query": {"url": "https://example.com/post"}}}, "ok"),
        ({"group": "rest", "method": "find", "params": {}}, "typed 400"),
        ({"group": "rest", "method": "createComment", "params": {"body": {"post_url": "https://example.com/post", "text": "hi", "user_name": "bo"}}}, "ok"),
        ({"group": "rest", "method": "createComment", "params": {"body": {"post_url": "https://example.com/post", "text": " ", "user_name": "bo"}}}, "typed 422"),
        ({"group": "rest", "method": "comment", "params": {"path": {"id": "2"}}}, "ok"),
        ({"group": "rest", "method": "comment", "params": {"path": {"id": "99"}}}, "typed 404"),
        ({"group": "rest", "method": "vote", "params": {"path": {"id": "2"}, "query": {"up": "false"}}}, "ok"),
        ({"group": "rest", "method": "vote", "params": {"path": {"id": "99"}}}, "typed 404"),
        ({"group": "admin", "method": "pin", "params": {"path": {"id": "2"}}}, "ok"),
        ({"group": "admin", "method": "pin", "params": {"path": {"id": "99"}}}, "typed 404"),
        ({"group": "admin", "method": "deleteComment", "params": {"path": {"id": "2"}}}, "ok"),
        ({"group": "admin", "method": "deleteComment", "params": {"path": {"id": "2"}}}, "typed 404"),
    ],
}


@pytest.mark.slow
@pytest.mark.parametrize("service", ["chiapp", "echoapp", "muxapp", "routegroupapp"])
def test_the_running_service_sends_what_the_contract_says(go: str, tsc: Path, service: str, tmp_path: Path) -> None:
    """Every endpoint called through the generated client with validate "throw": successes pass their
    schemas, error bodies pass the schema of their status (or stay text where the status is not seen)."""
    package = _client(tsc, service)
    url, process = _serve(go, service)
    try:
        calls = tmp_path / "calls.json"
        calls.write_text(json.dumps([c for c, _ in CALLS[service]]))
        ran = subprocess.run(["node", str(REPO / "tests" / "e2e" / "calls.mjs"), str(package), url, str(calls)], capture_output=True, text=True, timeout=120)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
    assert ran.returncode == 0, ran.stderr
    results = json.loads(ran.stdout)
    for (call, expected), result in zip(CALLS[service], results):
        if expected == "ok":
            assert "value" in result, (call, result)
        elif expected == "refused":
            assert result.get("error") == "RequestValidationError", (call, result)
        else:
            kind, status = expected.split()
            assert (result.get("error"), result.get("status"), result.get("typed")) == ("ApiError", int(status), kind == "typed"), (call, result)
    endpoints = {(e.group, e.name) for e in build(FIXTURES / service, targets=False).contract.endpoints}
    called = {(c["group"], c["method"]) for c, _ in CALLS[service]}
    assert len(called) == len(endpoints)  # every endpoint
