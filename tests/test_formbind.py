"""Form binding (contractgen/ir/formbind.py): what gin's c.ShouldBind / ShouldBindWith(&v, binding.X)
and echo's c.Bind read into a struct, per method and content type, as the IR's typed form parts or
query parameters with the validator's checks; and the declared results of a dependency's methods
(c.FormFile answers *multipart.FileHeader), which type what a handler writes back."""

from __future__ import annotations

from pathlib import Path

from contractgen.ir.model import Check, Endpoint, FormPart, TypeRef
from contractgen.pipeline import build

GIN_MOD = "module example.com/m\n\ngo 1.24\n\nrequire github.com/gin-gonic/gin v1.10.0\n"
ECHO_MOD = "module example.com/m\n\ngo 1.24\n\nrequire github.com/labstack/echo/v4 v4.13.3\n"
INT64 = {"minimum": -(2**63), "maximum": 2**63 - 1}


def _build(tmp_path: Path, source: str, go_mod: str = GIN_MOD):  # type: ignore[no-untyped-def]
    (tmp_path / "go.mod").write_text(go_mod)
    (tmp_path / "main.go").write_text(source)
    return build(tmp_path, targets=False)


def _endpoints(tmp_path: Path, source: str, go_mod: str = GIN_MOD) -> dict[tuple[str, str], Endpoint]:
    return {(e.method, e.path): e for e in _build(tmp_path, source, go_mod).contract.endpoints}


def _parts(e: Endpoint) -> dict[str, FormPart]:
    return {p.name: p for p in e.form}


GIN_FORM = """package main

import (
	"mime/multipart"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
)

type Meta struct {
	Source string `form:"source"`
}

type Upload struct {
	Meta
	Name    string                  `form:"name" binding:"required,min=2"`
	Age     int                     `form:"age" binding:"gte=0,lte=130"`
	Tags    []string                `form:"tag" binding:"max=3,dive,min=1"`
	Born    time.Time               `form:"born" time_format:"2006-01-02"`
	Seen    time.Time               `form:"seen"`
	Stamp   time.Time               `form:"stamp" time_format:"unix"`
	Avatar  *multipart.FileHeader   `form:"avatar" binding:"required"`
	Docs    []*multipart.FileHeader `form:"docs" binding:"max=2"`
	Limit   int                     `form:"limit,default=5" binding:"required"`
	Public  bool                    `form:"public"`
	Skipped string                  `form:"-"`
	Plain   string
	hidden  string
}

func main() {
	r := gin.New()
	r.POST("/up", up)
	r.GET("/find", up)
	r.PUT("/with", with)
	r.GET("/query", query)
}

func up(c *gin.Context) {
	var u Upload
	if err := c.ShouldBind(&u); err != nil {
		return
	}
	c.Status(http.StatusNoContent)
}

func with(c *gin.Context) {
	var u Upload
	_ = c.ShouldBindWith(&u, binding.FormMultipart)
	c.Status(http.StatusNoContent)
}

func query(c *gin.Context) {
	var u Upload
	_ = c.ShouldBindWith(&u, binding.Query)
	c.Status(http.StatusNoContent)
}
"""


def test_gin_should_bind_on_post_reads_a_form_struct_as_typed_parts(tmp_path: Path) -> None:
    """A struct with files (or form: tags and no json: tags) bound on POST is the multipart form gin's
    binding.Default picks for that content type: each field a part, typed as the form mapping parses it."""
    found = _endpoints(tmp_path, GIN_FORM)
    up = found[("POST", "/up")]
    parts = _parts(up)
    assert up.request is None
    # the key is the tag's name, or the Go name without one; `-` and unexported fields are not read;
    # an embedded struct's fields are promoted
    assert sorted(parts) == ["Plain", "age", "avatar", "born", "docs", "limit", "name", "public", "seen", "source", "stamp", "tag"]
    assert (parts["avatar"].kind, parts["avatar"].many, parts["avatar"].optional) == ("file", False, False)  # binding:"required"
    assert (parts["docs"].kind, parts["docs"].many, parts["docs"].optional) == ("file", True, True)
    # a list of files keeps the checks on its length; a single file has no type
    assert parts["docs"].type == TypeRef("array", items=TypeRef("unknown"), checks=(Check("max", "entries", 2),))
    assert parts["avatar"].type is None
    assert parts["name"].type == TypeRef("string", checks=(Check("required"), Check("min", "characters", 2)))
    assert not parts["name"].optional  # "" fails required
    assert parts["age"].type == TypeRef("integer", **INT64, checks=(Check("gte", "value", 0), Check("lte", "value", 130)))
    assert parts["age"].optional  # an absent age is 0, which passes gte=0
    assert parts["tag"].many and parts["tag"].type == TypeRef(
        "array", items=TypeRef("string", checks=(Check("min", "characters", 1),)), checks=(Check("max", "entries", 3),)
    )
    # time_format: a date layout is a plain string, none is RFC 3339, unix an integer
    assert (parts["born"].type, parts["seen"].type, parts["stamp"].type) == (
        TypeRef("string"),
        TypeRef("string", format="date-time"),
        TypeRef("integer"),
    )
    assert parts["limit"].optional  # default=5 fills an absent key, so required passes
    assert parts["public"].type == TypeRef("boolean")


def test_gin_binds_the_query_on_get_and_by_the_named_binding(tmp_path: Path) -> None:
    found = _endpoints(tmp_path, GIN_FORM)
    for key in (("GET", "/find"), ("GET", "/query")):  # ShouldBind on GET, ShouldBindWith(binding.Query)
        endpoint = found[key]
        assert endpoint.form == () and endpoint.request is None
        params = {p.name: p for p in endpoint.params}
        assert "avatar" not in params and "docs" not in params  # files come only in a multipart body
        assert params["age"].type.kind == "integer" and params["age"].location == "query" and params["age"].optional
        assert params["tag"].type.kind == "array"
        assert not params["name"].optional and params["name"].type.checks == (Check("required"), Check("min", "characters", 2))
    assert sorted(_parts(found[("PUT", "/with")])) == sorted(_parts(found[("POST", "/up")]))  # binding.FormMultipart


def test_a_json_struct_bound_on_post_stays_a_json_body(tmp_path: Path) -> None:
    source = """package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type In struct {
	Name string `json:"name" binding:"required"`
	Note string `json:"note"`
}

func main() {
	r := gin.New()
	r.POST("/in", in)
}

func in(c *gin.Context) {
	var v In
	_ = c.ShouldBind(&v)
	c.Status(http.StatusNoContent)
}
"""
    endpoint = _endpoints(tmp_path, source)[("POST", "/in")]
    assert endpoint.form == () and endpoint.request is not None and endpoint.request.name == "In"


def test_echo_bind_reads_query_tags_on_get_and_a_form_struct_on_post(tmp_path: Path) -> None:
    """echo's Bind: path params, then the query (query: tags) only on GET/DELETE/HEAD, then the body by
    content type (form: tags, files too); echo binds tagged fields only."""
    source = """package main

import (
	"mime/multipart"
	"net/http"

	"github.com/labstack/echo/v4"
)

type Filter struct {
	Q     string `query:"q"`
	Page  int    `query:"page"`
	Other string
}

type Import struct {
	File   *multipart.FileHeader `form:"file"`
	Format string                `form:"format" validate:"oneof=csv json"`
	Loose  string
}

func main() {
	e := echo.New()
	e.GET("/find", find)
	e.POST("/import", upload)
}

func find(c echo.Context) error {
	var f Filter
	if err := c.Bind(&f); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func upload(c echo.Context) error {
	var in Import
	if err := c.Bind(&in); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
"""
    found = _endpoints(tmp_path, source, ECHO_MOD)
    params = {p.name: p.type.kind for p in found[("GET", "/find")].params}
    assert params == {"q": "string", "page": "integer"}
    parts = _parts(found[("POST", "/import")])
    assert sorted(parts) == ["file", "format"]
    assert parts["file"].kind == "file" and parts["file"].optional
    assert parts["format"].type == TypeRef("string", checks=(Check("oneof", "value", values=("csv", "json")),))


def test_a_bound_form_beside_a_json_body_is_reported(tmp_path: Path) -> None:
    source = """package main

import (
	"mime/multipart"
	"net/http"

	"github.com/gin-gonic/gin"
)

type Doc struct {
	File *multipart.FileHeader `form:"file"`
}

type Meta struct {
	Title string `json:"title"`
}

func main() {
	r := gin.New()
	r.POST("/both", both)
}

func both(c *gin.Context) {
	var m Meta
	var d Doc
	_ = c.ShouldBindJSON(&m)
	_ = c.ShouldBind(&d)
	c.Status(http.StatusNoContent)
}
"""
    result = _build(tmp_path, source)
    endpoint = result.contract.endpoints[0]
    assert endpoint.form == () and endpoint.request is not None
    assert [d.code for d in result.diagnostics if d.code == "CG324"] == ["CG324"]


def test_a_dependency_methods_declared_result_types_what_a_handler_writes(tmp_path: Path) -> None:
    """c.FormFile's declared result, read from gin's source: *multipart.FileHeader, which encoding/json
    writes as {Filename, Header (null when nil), Size} (checked with Go: the test of the e2e service)."""
    source = """package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	r.POST("/up", up)
}

func up(c *gin.Context) {
	file, err := c.FormFile("avatar")
	if err != nil {
		return
	}
	c.JSON(http.StatusOK, gin.H{"file": file, "name": file.Filename})
}
"""
    result = _build(tmp_path, source)
    response = result.contract.endpoints[0].response
    assert response is not None
    fields = {f.name: f.type for f in response.fields}
    assert fields["file"] == TypeRef("ref", nullable=True, package="mime/multipart", name="FileHeader")
    assert fields["name"] == TypeRef("string")
    header = result.contract.decl("mime/multipart", "FileHeader")
    assert header is not None and [f.name for f in header.fields] == ["Filename", "Header", "Size"]
    assert header.fields[1].type.nullable
    assert not [d for d in result.diagnostics if d.code == "CG320"]
