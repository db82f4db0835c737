"""The API surface: route patterns, group prefixes, directives, the prefilter, and the endpoint
goldens (their IR is valid, and their Go input modules really compile)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from contractgen.ir.errorcatalog import reason_stem
from contractgen.ir.model import from_json, to_json
from contractgen.pipeline import build
from contractgen.resources import resource_dir
from contractgen.scan import ScanOptions, scan_module
from contractgen.scan.directives import parse_reasons, parse_route, parse_status, split_directive, strip_directives
from contractgen.scan.gosyntax import parse_file
from contractgen.scan.routes import (
    derived_name,
    generated_by_contractgen,
    join_paths,
    mentions_endpoints,
    split_pattern,
    template_params,
    to_template,
)
from harness.paths import GOLDEN, golden_input

ENDPOINT_GOLDENS = sorted(p.name for p in GOLDEN.iterdir() if p.name.startswith(("endpoints_", "errors_")))
FRAMEWORK_GOLDENS = ["endpoints_gin", "endpoints_echo", "endpoints_chi"]


# --- path templates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "style", "template"),
    [
        ("/users/:id", "colon", "/users/{id}"),
        ("/users/:id/orders/:orderID", "colon", "/users/{id}/orders/{orderID}"),
        ("/files/*filepath", "colon", "/files/{filepath...}"),
        ("/static/*", "colon", "/static/{rest...}"),
        ("/a:b/c", "colon", "/a:b/c"),  # a colon inside a segment is not a parameter
        ("/users/{id}", "brace", "/users/{id}"),
        ("/users/{id:[0-9]+}", "brace", "/users/{id}"),
        ("/dates/{day:\\d{4}-\\d{2}}/x", "brace", "/dates/{day}/x"),  # braces inside chi's regex
        ("/paths/{p:[a-z/]+}", "brace", "/paths/{p}"),
        ("/files/{path...}", "brace", "/files/{path...}"),
        ("/{$}", "brace", "/"),
        ("/users/{$}", "brace", "/users/"),
        ("/files/*", "brace", "/files/{rest...}"),
        ("/users/:id", "brace", "/users/:id"),  # net/http: a literal colon
    ],
)
def test_router_patterns_become_templates(pattern: str, style: str, template: str) -> None:
    assert to_template(pattern, style) == template  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("prefix", "path", "joined"),
    [
        ("/api", "/users", "/api/users"),
        ("/api/", "/users", "/api/users"),
        ("/api", "users", "/api/users"),
        ("/api", "", "/api"),
        ("/api", "/", "/api/"),  # gin keeps a trailing slash
        ("", "/users/", "/users/"),
        ("", "", "/"),
        ("/api/v1", "/files/{rest...}", "/api/v1/files/{rest...}"),
        ("//api//", "//x", "/api/x"),
    ],
)
def test_group_prefixes_join_like_gin(prefix: str, path: str, joined: str) -> None:
    assert join_paths(prefix, path) == joined


@pytest.mark.parametrize(
    ("pattern", "split"),
    [
        ("GET /users/{id}", ("GET", "/users/{id}")),
        ("POST example.com/users", ("POST", "/users")),
        ("/legacy", ("", "/legacy")),
        ("get /x", ("get", "/x")),  # methods are case-sensitive: no GET (reported as unsupported)
        ("GET\t/tab", ("GET", "/tab")),
    ],
)
def test_net_http_patterns(pattern: str, split: tuple[str, str]) -> None:
    assert split_pattern(pattern) == split


def test_template_params_and_derived_names() -> None:
    assert template_params("/users/{id}/files/{path...}") == [("id", False), ("path", True)]
    assert derived_name("GET", "/users/{id}/orders") == "getUsersIdOrders"
    assert derived_name("POST", "/api/v1/user-groups") == "postApiV1UserGroups"
    assert derived_name("GET", "/") == "getRoot"
    assert derived_name("DELETE", "/files/{rest...}") == "deleteFilesRest"


# --- directives -----------------------------------------------------------------------------------


def test_directive_lines() -> None:
    assert split_directive("contractgen:route GET /users/{id}") == ("route", "GET /users/{id}")
    assert split_directive("contractgen:errors\tA B") == ("errors", "A B")
    assert split_directive("contractgen:ignore") == ("ignore", "")
    assert strip_directives("Doc line.\ncontractgen:status 404\n\nMore.") == "Doc line.\n\nMore."
    assert parse_route("GET /users/{id}") == ("GET", "/users/{id}")
    assert parse_route("get /x") == ("GET", "/x")
    assert isinstance(parse_route("FETCH /x"), str) and isinstance(parse_route("GET users"), str)
    assert isinstance(parse_route("GET"), str)
    assert parse_status("201") == 201
    assert all(isinstance(parse_status(s), str) for s in ("99", "600", "ok", ""))
    assert parse_reasons("USER_NOT_FOUND, errs.ReasonEmailTaken") == ("USER_NOT_FOUND", "errs.ReasonEmailTaken")
    assert isinstance(parse_reasons(""), str) and isinstance(parse_reasons("A-B"), str)


def test_directives_are_not_doc_text() -> None:
    source = b"""package p

// Reason is the catalog.
//
//contractgen:errors
type Reason string

const (
	// ReasonX is a reason.
	//contractgen:status 404
	ReasonX Reason = "X"
	ReasonY Reason = "Y" //contractgen:status 409
)

// ReasonZ stands alone.
//contractgen:status 410
const ReasonZ Reason = "Z"

// Handler answers.
//contractgen:route GET /x
// contractgen:response Page[User]
func Handler(w http.ResponseWriter, r *http.Request) {}
"""
    facts = parse_file("p.go", source)
    (reason,) = facts.types
    assert reason.doc == "Reason is the catalog."
    assert [(d.name, d.args, d.pos.line) for d in reason.directives] == [("errors", "", 5)]
    x, y, z = facts.consts
    assert (x.doc, [d.args for d in x.directives]) == ("ReasonX is a reason.", ["404"])
    assert (y.doc, [d.args for d in y.directives]) == ("", ["409"])
    assert (z.doc, [d.args for d in z.directives]) == ("ReasonZ stands alone.", ["410"])
    assert facts.endpoints is not None
    (handler,) = facts.endpoints.funcs
    assert handler.doc == "Handler answers."
    assert [d.name for d in handler.directives] == ["route", "response"]
    response = handler.directives[1].type
    assert response is not None and getattr(response, "name", "") == "Page"


def test_reason_stems_agree_with_the_go_target() -> None:
    pytest.importorskip("contractgen.targets.go.names")
    from contractgen.targets.go.names import reason_stem as go_stem

    for const, value in [
        ("ReasonUserNotFound", "USER_NOT_FOUND"),
        ("ReasonHTTPTimeout", "HTTP_TIMEOUT"),
        ("ErrGone", "gone"),
        ("Reason2FA", "2FA_REQUIRED"),
        ("ReasonX", "some.value-x"),
    ]:
        assert reason_stem(const, value) == go_stem(const, value), const


def _routes(source: str) -> list[tuple[str, str, str, str, bool, int | None]]:
    facts = parse_file("main.go", source.encode())
    assert facts.endpoints is not None
    return [
        (r.method, r.path, r.base, r.handler.ref.text if r.handler.ref else "", r.handler.adapter, r.handler.status)
        for r in facts.endpoints.routes
    ]


def test_group_prefixes_follow_variables_groups_of_groups_and_callbacks() -> None:
    gin = """package main
import "github.com/gin-gonic/gin"
func main() {
	r := gin.New()
	api := r.Group("/api")
	v1 := api.Group("v1")
	users := v1.Group("/users")
	users.GET("", h.List)
	users.GET("/:id", auth(), h.Get)
	v1.Group("/files").GET("/*path", h.File)
	register(v1.Group("/admin"))
}
func register(g *gin.RouterGroup) { g.DELETE("/cache", h.Flush) }
"""
    assert _routes(gin) == [
        ("GET", "/api/v1/users", "", "h.List", False, None),
        ("GET", "/api/v1/users/{id}", "", "h.Get", False, None),
        ("GET", "/api/v1/files/{path...}", "", "h.File", False, None),
        ("DELETE", "/cache", "param:0", "h.Flush", False, None),  # the IR adds /api/v1/admin
    ]
    chi = """package main
import (
	"net/http"
	"github.com/go-chi/chi/v5"
)
func routes() chi.Router {
	r := chi.NewRouter()
	r.Route("/api", func(r chi.Router) {
		r.Get("/", list)
		r.With(auth).Get("/{id:[0-9]+}", get)
		r.Group(func(r chi.Router) { r.Post("/x", post) })
	})
	r.Method(http.MethodPut, "/s", http.HandlerFunc(put))
	return r
}
"""
    assert _routes(chi) == [
        ("GET", "/api", "return", "list", False, None),  # the router is returned: the IR adds where it is mounted
        ("GET", "/api/{id}", "return", "get", False, None),
        ("POST", "/api/x", "return", "post", False, None),
        ("PUT", "/s", "return", "put", False, None),
    ]
    nethttp = """package main
import "net/http"
func main() {
	mux := http.NewServeMux()
	mux.Handle("POST /users", apicontract.Handle(svc.Create, apicontract.WithStatus(http.StatusCreated)))
	mux.Handle("GET /users/{id}", apicontract.Handle[Req, Resp](svc.Get))
	http.HandleFunc("GET /{$}", index)
}
"""
    assert _routes(nethttp) == [
        ("POST", "/users", "", "svc.Create", True, 201),
        ("GET", "/users/{id}", "", "svc.Get", True, None),
        ("GET", "", "", "index", False, None),  # the router's own path: "/" in the IR
    ]


# --- the prefilter and the second pass ------------------------------------------------------------


def test_prefilter_finds_routes_and_directives_cheaply() -> None:
    assert mentions_endpoints(b'mux.HandleFunc("GET /users", h)')
    assert mentions_endpoints(b'r.GET("/users/:id", h)')
    assert mentions_endpoints(b'g.GET("", h)')
    assert mentions_endpoints(b"//contractgen:route GET /x\n")
    assert mentions_endpoints(b'mux.Handle("DELETE example.com/users/{id}", h)')
    assert not mentions_endpoints(b'q := r.URL.Query().Get("limit")\nfmt.Println("GET it")')
    assert generated_by_contractgen(b"// Code generated by contractgen. DO NOT EDIT.\n\npackage x")
    assert not generated_by_contractgen(b"// Code generated by protoc-gen-go. DO NOT EDIT.\n\npackage x")


def test_handler_files_are_parsed_only_when_a_route_names_them(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.24\n")
    (tmp_path / "main.go").write_text(
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.HandleFunc("GET /a", handleA)\n}\n'
    )
    handlers = "package main\n\nimport \"net/http\"\n\nfunc handleA(w http.ResponseWriter, r *http.Request) {}\n\nfunc other() {}\n"
    (tmp_path / "handlers.go").write_text(handlers)
    (tmp_path / "unrelated.go").write_text("package main\n\nfunc handleB() {}\n")
    facts = scan_module(tmp_path, ScanOptions(jobs=1))
    files = {f.path: f for p in facts.packages for f in p.files}
    assert set(files) == {"main.go", "handlers.go"}  # unrelated.go is never parsed
    handler_file = files["handlers.go"].endpoints
    assert handler_file is not None and [f.name for f in handler_file.funcs] == ["handleA"]  # just what is named


def test_contractgen_generated_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.24\n")
    (tmp_path / "gen.go").write_text("// Code generated by contractgen. DO NOT EDIT.\n\npackage m\n\ntype Echo struct{ A int }\n")
    (tmp_path / "own.go").write_text("package m\n\ntype Own struct{ A int }\n")
    contract = build(tmp_path, targets=False).contract
    assert [t.name for p in contract.packages for t in p.types] == ["Own"]


# --- the goldens ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ENDPOINT_GOLDENS)
def test_endpoint_ir_validates_round_trips_and_is_sorted(case: str) -> None:
    schema = json.loads((resource_dir("schemas") / "ir.schema.json").read_text())
    contract = build(golden_input(case), targets=False).contract
    dumped = to_json(contract)
    jsonschema.validate(json.loads(dumped), schema)
    assert from_json(dumped) == contract
    keys = [(e.path, e.method) for e in contract.endpoints]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


@pytest.mark.parametrize("case", ENDPOINT_GOLDENS)
def test_endpoint_golden_inputs_are_real_go(go: str, case: str, tmp_path: Path) -> None:
    """The inputs compile, so each golden describes code that exists. gin, echo and chi come from the
    module proxy (or the module cache) on the first run."""
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOWORK": "off", "GOTOOLCHAIN": "local"}
    module = tmp_path / case  # a copy: go build writes executables, and -mod=mod may touch go.mod
    shutil.copytree(golden_input(case), module)
    for args in (("build", "./..."), ("vet", "./...")):
        result = subprocess.run([go, *args], cwd=module, capture_output=True, text=True, env=env, timeout=600)
        assert result.returncode == 0, f"go {' '.join(args)} in {case}: {result.stderr}"


def test_framework_goldens_require_their_router() -> None:
    required = {
        "endpoints_gin": "github.com/gin-gonic/gin",
        "endpoints_echo": "github.com/labstack/echo/v4",
        "endpoints_chi": "github.com/go-chi/chi/v5",
    }
    for case in FRAMEWORK_GOLDENS:
        go_mod = (GOLDEN / case / "input" / "go.mod").read_text()
        assert f"require {required[case]} v" in go_mod
        assert (GOLDEN / case / "input" / "go.sum").is_file()


def test_builtin_reasons_are_known_to_directives_and_body_detection() -> None:
    from contractgen.ir.errorcatalog import ReasonIndex

    index = ReasonIndex(())
    assert index.lookup("BAD_REQUEST") == "BAD_REQUEST"
    assert index.lookup("apicontract.ReasonInternal") == "INTERNAL"
    assert index.mentioned((), ("BadRequest",)) == ["BAD_REQUEST"]
