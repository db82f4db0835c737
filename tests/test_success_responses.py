"""Every success a handler writes, as it writes it: the other 2xx statuses beside the main one (a
204 branch, a 202 that only sets the status) and bodies that are not JSON (c.String is text, c.Data
bytes). The contract said only the first 2xx body, as JSON: a client then failed on the 204 ("not
the schema") and on every text endpoint ("the body is not JSON"). tests/test_handlers_e2e.py runs
the generated client against fixtures/ginapp's feed, export and cover; here each rule on a small module,
and the one claim that rests on net/http (no body with 204) against real Go."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractgen.ir.model import Endpoint, Success
from contractgen.pipeline import build

GIN_MOD = "module example.com/m\n\ngo 1.24\n\nrequire github.com/gin-gonic/gin v1.10.0\n"
ECHO_MOD = "module example.com/m\n\ngo 1.24\n\nrequire github.com/labstack/echo/v4 v4.13.3\n"
PLAIN_MOD = "module example.com/m\n\ngo 1.24\n"


def _endpoints(tmp_path: Path, source: str, go_mod: str) -> dict[str, Endpoint]:
    (tmp_path / "go.mod").write_text(go_mod)
    (tmp_path / "main.go").write_text(source)
    return {e.path: e for e in build(tmp_path, targets=False).contract.endpoints}


def _main(e: Endpoint) -> tuple[int, str | None, str]:
    return (e.status, e.response.kind if e.response is not None else None, e.media)


def _others(e: Endpoint) -> list[tuple[int, str | None, str, bool]]:
    return [(s.status, s.type.kind if s.type is not None else None, s.media, s.empty) for s in e.other_successes]


GIN = """package main

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
)

type Item struct {
	ID int `json:"id"`
}

func main() {
	r := gin.New()
	r.GET("/feed", feed)
	r.GET("/upsert", upsert)
	r.GET("/text", asText)
	r.GET("/html", asHTML)
	r.GET("/bytes", asBytes)
	r.GET("/file", asFile)
	r.GET("/gone", gone)
	r.GET("/later", later)
	r.GET("/nothing", nothing)
	r.GET("/stream", stream)
}

func feed(c *gin.Context) {
	if c.Query("empty") != "" {
		c.Status(http.StatusNoContent)
		return
	}
	c.JSON(http.StatusOK, Item{})
}

// upsert: the 201 branch comes first; the main response is still the 200 one.
func upsert(c *gin.Context) {
	if c.Query("new") != "" {
		c.JSON(http.StatusCreated, gin.H{"created": true})
		return
	}
	c.JSON(http.StatusOK, Item{})
}

func asText(c *gin.Context)  { c.String(http.StatusOK, "pong %d", 1) }
func asHTML(c *gin.Context)  { c.HTML(http.StatusOK, "index.tmpl", gin.H{}) }
func asBytes(c *gin.Context) { c.Data(http.StatusOK, "image/png", []byte{0x89}) }
func asFile(c *gin.Context)  { c.FileAttachment("report.pdf", "report.pdf") }

// gone: gin writes no body with 204 whatever c.JSON is given.
func gone(c *gin.Context) { c.JSON(http.StatusNoContent, Item{}) }

func later(c *gin.Context) {
	if c.Query("queued") != "" {
		c.AbortWithStatus(http.StatusAccepted)
		return
	}
	c.JSON(http.StatusOK, Item{})
}

func nothing(c *gin.Context) { c.Status(http.StatusOK) }

// stream: gin's c.Stream(step) sends events, not echo's c.Stream(code, type, reader).
func stream(c *gin.Context) {
	c.Stream(func(w io.Writer) bool { return false })
	c.JSON(http.StatusOK, Item{})
}
"""


def test_gin_successes_and_media(tmp_path: Path) -> None:
    found = _endpoints(tmp_path, GIN, GIN_MOD)
    assert (_main(found["/feed"]), _others(found["/feed"])) == ((200, "ref", "json"), [(204, None, "json", False)])
    assert (_main(found["/upsert"]), _others(found["/upsert"])) == ((200, "ref", "json"), [(201, "object", "json", False)])
    assert _main(found["/text"]) == (200, "string", "text")
    assert _main(found["/html"]) == (200, "string", "text")
    assert _main(found["/bytes"]) == (200, "string", "binary")
    assert _main(found["/file"]) == (200, "string", "binary")
    assert (_main(found["/gone"]), _others(found["/gone"])) == ((204, None, "json"), [])
    assert _others(found["/later"]) == [(202, None, "json", False)]  # c.AbortWithStatus ends the response
    assert (_main(found["/nothing"]), _others(found["/nothing"])) == ((200, None, "json"), [])
    assert (_main(found["/stream"]), _others(found["/stream"])) == ((200, "ref", "json"), [])
    assert all(not e.other_successes for path, e in found.items() if path not in ("/feed", "/upsert", "/later"))


ECHO = """package main

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

type Item struct {
	ID int `json:"id"`
}

func main() {
	e := echo.New()
	e.GET("/item", item)
	e.GET("/csv", csv)
	e.GET("/blob", blob)
	e.GET("/raw", raw)
}

func item(c echo.Context) error {
	if c.QueryParam("none") != "" {
		return c.NoContent(http.StatusNoContent)
	}
	return c.JSON(http.StatusOK, Item{})
}

func csv(c echo.Context) error  { return c.String(http.StatusOK, "a,b\\n") }
func blob(c echo.Context) error { return c.Blob(http.StatusOK, "application/pdf", nil) }

// raw: JSON bytes made elsewhere: JSON of a type the code does not show.
func raw(c echo.Context) error { return c.JSONBlob(http.StatusOK, []byte(`{}`)) }
"""


def test_echo_successes_and_media(tmp_path: Path) -> None:
    found = _endpoints(tmp_path, ECHO, ECHO_MOD)
    assert (_main(found["/item"]), _others(found["/item"])) == ((200, "ref", "json"), [(204, None, "json", False)])
    assert _main(found["/csv"]) == (200, "string", "text")
    assert _main(found["/blob"]) == (200, "string", "binary")
    assert _main(found["/raw"]) == (200, "unknown", "json")


NET_HTTP = """package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

type Item struct {
	ID int `json:"id"`
}

func main() {
	http.HandleFunc("GET /health", health)
	http.HandleFunc("GET /hello", hello)
	http.HandleFunc("GET /ok", ok)
	http.HandleFunc("GET /download", download)
	http.HandleFunc("GET /built", built)
	http.HandleFunc("POST /jobs", jobs)
}

func health(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") }
func hello(w http.ResponseWriter, r *http.Request)  { _, _ = io.WriteString(w, "hello") }
func ok(w http.ResponseWriter, r *http.Request)     { _, _ = w.Write([]byte("ok")) }

func download(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, "report.pdf") }

// built: Fprintf into a builder, then JSON: the builder is not the response.
func built(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	fmt.Fprintf(&b, "%d", 1)
	_ = json.NewEncoder(w).Encode(Item{})
}

// jobs: 202 when queued, with only the status set in the branch (the body that follows is the
// item, or none); 200 with the item otherwise.
func jobs(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("queue") != "" {
		w.WriteHeader(http.StatusAccepted)
	}
	_ = json.NewEncoder(w).Encode(Item{})
}
"""


def test_net_http_successes_and_media(tmp_path: Path) -> None:
    found = _endpoints(tmp_path, NET_HTTP, PLAIN_MOD)
    for path in ("/health", "/hello", "/ok"):
        assert _main(found[path]) == (200, "string", "text"), path
    assert _main(found["/download"]) == (200, "string", "binary")
    assert _main(found["/built"]) == (200, "ref", "json")
    assert (_main(found["/jobs"]), _others(found["/jobs"])) == ((200, "ref", "json"), [(202, "ref", "json", True)])
    assert found["/jobs"].other_successes[0] == Success(202, found["/jobs"].response, "json", empty=True, position=found["/jobs"].other_successes[0].position)


@pytest.mark.slow
def test_net_http_sends_no_body_with_204(go: str, tmp_path: Path) -> None:
    """Why a 204 write has no body in the contract: net/http refuses it (http.ErrBodyNotAllowed)."""
    from harness.gorun import run_main

    (tmp_path / "go.mod").write_text(PLAIN_MOD)
    (tmp_path / "main.go").write_text(
        'package main\n\nimport (\n\t"encoding/json"\n\t"fmt"\n\t"net/http"\n\t"net/http/httptest"\n)\n\n'
        "func main() {\n\tserver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\tw.WriteHeader(http.StatusNoContent)\n\t\tfmt.Println(json.NewEncoder(w).Encode(map[string]int{\"a\": 1}))\n\t}))\n"
        "\tdefer server.Close()\n\tresponse, err := http.Get(server.URL)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n"
        "\tfmt.Println(response.StatusCode, response.ContentLength)\n}\n"
    )
    printed = run_main(go, tmp_path, ".")
    assert printed.split("\n")[:2] == ["http: request method or response status code does not allow body", "204 0"]


REVIEW = """package main

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	r.DELETE("/thing", remove)
	r.POST("/made", made)
	r.GET("/health", health)
	r.GET("/cached", cached)
	r.GET("/plain", plain)
}

// remove: an error with a status the code does not show, else 204: never a 200 with the error.
func remove(c *gin.Context) {
	if err := drop(); err != nil {
		c.JSON(statusOf(err), gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusNoContent, nil)
}

// made: gin's c.Status sets the status of what is written after it.
func made(c *gin.Context) {
	c.Status(http.StatusCreated)
	_, _ = io.WriteString(c.Writer, "made")
}

// health: text written with a JSON content type is JSON.
func health(c *gin.Context) {
	c.Header("Content-Type", "application/json")
	_, _ = c.Writer.Write([]byte(`{"status":"ok"}`))
}

func cached(c *gin.Context) { c.Data(http.StatusOK, "application/json; charset=utf-8", page) }
func plain(c *gin.Context)  { c.Data(http.StatusOK, "text/plain; charset=utf-8", page) }

var page = []byte(`{}`)

func drop() error            { return nil }
func statusOf(err error) int { return 500 }
"""


def test_what_a_review_against_running_servers_found(tmp_path: Path) -> None:
    """Each seen by a reviewer with curl against gin v1.10.0: the status and body the server sends."""
    found = _endpoints(tmp_path, REVIEW, GIN_MOD)
    assert (_main(found["/thing"]), _others(found["/thing"])) == ((204, None, "json"), [])
    assert (_main(found["/made"]), _others(found["/made"])) == ((201, "string", "text"), [])
    assert _main(found["/health"]) == (200, "unknown", "json")
    assert _main(found["/cached"]) == (200, "unknown", "json")
    assert _main(found["/plain"]) == (200, "string", "text")


def test_echo_jsonp_is_javascript_text(tmp_path: Path) -> None:
    source = ECHO.replace('\te.GET("/raw", raw)\n', '\te.GET("/raw", raw)\n\te.GET("/jsonp", jsonp)\n') + (
        '\nfunc jsonp(c echo.Context) error { return c.JSONP(http.StatusOK, c.QueryParam("cb"), Item{}) }\n'
    )
    assert _main(_endpoints(tmp_path, source, ECHO_MOD)["/jsonp"]) == (200, "string", "text")
