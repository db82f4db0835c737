"""What the scans used to miss (issue 7, section 3): method-first registrations past the prefilter,
duplicates judged per program, the go line of go.mod."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractgen.pipeline import build
from contractgen.scan.routes import METHOD_FIRST_REGISTRARS, has_route_literal, mentions_endpoints


def _module(root: Path, files: dict[str, str], go: str = "1.24") -> Path:
    (root / "go.mod").write_text(f"module example.com/svc\n\ngo {go}\n")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _routes(src: Path) -> list[tuple[str, str]]:
    generation = build(src, targets=False)
    return [(e.method, e.path) for e in generation.contract.endpoints]


@pytest.mark.parametrize(
    "line",
    [
        'r.Handle("GET", "/users", h)',
        'r.Method(http.MethodGet, "/users", h)',
        'e.Add(http.MethodPost,\n\t\t"/users", h)',
        "r.Handle(\"DELETE\", usersPath, h)",
        "e.Add(http.MethodGet, usersPath, h)",
    ],
)
def test_method_first_registrations_pass_the_prefilter(line: str) -> None:
    source = b"package server\n\nfunc routes() {\n\t" + line.encode() + b"\n}\n"
    assert mentions_endpoints(source) and has_route_literal(source)


def test_method_first_prefilter_stays_selective() -> None:
    # A superset is only cost; these are the calls that every handler file makes.
    assert not mentions_endpoints(b'fmt.Println("GET it", x)\nq := r.URL.Query().Get("limit")\nw.Header().Set("Allow", "GET")\n')


@pytest.mark.parametrize("registrar", METHOD_FIRST_REGISTRARS)
def test_every_method_first_registrar_passes_with_a_constant_path(registrar: str) -> None:
    # The reader takes (method, path, handler) from exactly these names; the prefilter names them too.
    for method in ('"PATCH"', "http.MethodPatch"):
        assert has_route_literal(f"r.{registrar}({method}, usersPath, h)".encode())


@pytest.mark.parametrize(
    "line",
    [
        'req, err := s.client.NewRequest("GET", u, nil)',  # an API client (go-github: 157 of 177 files)
        'req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, body)',
        'body := io.NopCloser(strings.NewReader(""))',
        'name := Ptr("")',
        'cache.Add("GET", key, value)[0]',
    ],
)
def test_a_client_request_is_no_registration(line: str) -> None:
    # A request's method and URL look like a method-first registration; only the method name differs.
    # (The last line is a registrar's name with a method literal: a superset of registrations, so read.)
    expected = line.startswith("cache.Add")
    assert mentions_endpoints(b"package client\n\nfunc get() {\n\t" + line.encode() + b"\n}\n") is expected


def test_a_group_prefix_alone_passes() -> None:
    # `v1 := r.Group("/v1")` then `users.Register(v1)`: the file holds no route, but the group's prefix.
    assert has_route_literal(b'v1 := r.Group("/v1")\nusers.Register(v1)\n')
    assert has_route_literal(b'g.GET("", h)') and has_route_literal(b'r.GET("/a/" + "b", h)')


ROUTES_ONLY = {
    "gin": (
        'package server\n\nimport "github.com/gin-gonic/gin"\n\n'
        "func Routes(r *gin.Engine) {\n"
        '\tr.Handle("GET", "/users", listUsers)\n'
        '\tr.Handle(http.MethodDelete, "/users/:id", deleteUser)\n'
        "}\n"
    ),
    "chi": (
        'package server\n\nimport (\n\t"net/http"\n\n\t"github.com/go-chi/chi/v5"\n)\n\n'
        "func Routes(r chi.Router) {\n"
        '\tr.Method(http.MethodGet, "/users", listUsers)\n'
        '\tr.MethodFunc("DELETE", "/users/{id}", deleteUser)\n'
        "}\n"
    ),
    "echo": (
        'package server\n\nimport (\n\t"net/http"\n\n\t"github.com/labstack/echo/v4"\n)\n\n'
        "func Routes(e *echo.Echo) {\n"
        '\te.Add(http.MethodGet, "/users", listUsers)\n'
        '\te.Add("DELETE", "/users/:id", deleteUser)\n'
        "}\n"
    ),
}


@pytest.mark.parametrize("framework", sorted(ROUTES_ONLY))
def test_a_file_of_method_first_registrations_only_is_read(tmp_path: Path, framework: str) -> None:
    # The handlers live in another file, so the routes file has no declaration to be parsed for.
    handlers = "package server\n\nfunc listUsers() {}\n\nfunc deleteUser() {}\n"
    source = ROUTES_ONLY[framework]
    if framework == "gin":
        source = source.replace('import "github.com/gin-gonic/gin"', 'import (\n\t"net/http"\n\n\t"github.com/gin-gonic/gin"\n)')
    src = _module(tmp_path, {"server/routes.go": source, "server/handlers.go": handlers})
    assert _routes(src) == [("GET", "/users"), ("DELETE", "/users/{id}")]


# --- duplicates per program and per server -----------------------------------------------------------

HANDLERS = """package api

import "net/http"

func Health(w http.ResponseWriter, r *http.Request) {}

func ListUsers(w http.ResponseWriter, r *http.Request) {}

func AdminUsers(w http.ResponseWriter, r *http.Request) {}

func Metrics(w http.ResponseWriter, r *http.Request) {}
"""

PUBLIC = """package main

import (
	"net/http"

	"example.com/svc/api"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", api.Health)
	mux.HandleFunc("GET /users", api.ListUsers)
	http.ListenAndServe(":8080", mux)
}
"""

# Another program of the module serves GET /users with its own handler, and runs two servers:
# the admin one and a metrics one, both with the same health check.
ADMIN = """package main

import (
	"net/http"

	"example.com/svc/api"
)

func main() {
	admin := http.NewServeMux()
	admin.HandleFunc("GET /users", api.AdminUsers)
	admin.HandleFunc("GET /health", api.Health)
	metrics := http.NewServeMux()
	metrics.HandleFunc("GET /users", api.Metrics)
	metrics.HandleFunc("GET /health", api.Health)
	metrics.HandleFunc("GET /health", api.Metrics)
	go http.ListenAndServe(":9090", metrics)
	http.ListenAndServe(":8081", admin)
}
"""


def _programs(tmp_path: Path) -> Path:
    return _module(tmp_path, {"api/handlers.go": HANDLERS, "cmd/public/main.go": PUBLIC, "cmd/admin/main.go": ADMIN})


def _named(src: Path) -> tuple[list[tuple[str, str, str]], list[str]]:
    generation = build(src, targets=False)
    endpoints = sorted((e.method, e.path, e.name) for e in generation.contract.endpoints)
    return endpoints, [d.message for d in generation.diagnostics if d.code == "CG308"]


def test_a_program_keeps_its_endpoints_when_another_registers_the_same_paths(tmp_path: Path) -> None:
    root = _programs(tmp_path)
    public, duplicates = _named(root / "cmd" / "public")
    assert public == [("GET", "/health", "Health"), ("GET", "/users", "ListUsers")]
    assert duplicates == []


def test_two_servers_of_one_program_do_not_collapse(tmp_path: Path) -> None:
    root = _programs(tmp_path)
    admin, duplicates = _named(root / "cmd" / "admin")
    # The health check both servers serve is one endpoint; the two GET /users are two.
    assert admin == [("GET", "/health", "Health"), ("GET", "/users", "AdminUsers"), ("GET", "/users", "Metrics")]
    # The one true duplicate: GET /health twice on the metrics server.
    assert len(duplicates) == 1 and "GET /health is registered twice" in duplicates[0]


def test_the_whole_module_is_every_program(tmp_path: Path) -> None:
    everything, duplicates = _named(_programs(tmp_path))
    assert ("GET", "/users", "ListUsers") in everything and ("GET", "/users", "AdminUsers") in everything
    assert len(duplicates) == 1


def test_routers_handed_down_keep_their_server(tmp_path: Path) -> None:
    main = """package main

import "net/http"

func routes(mux *http.ServeMux, h http.HandlerFunc) {
	mux.HandleFunc("GET /status", h)
}

func public(w http.ResponseWriter, r *http.Request) {}

func internal(w http.ResponseWriter, r *http.Request) {}

func main() {
	a := http.NewServeMux()
	routes(a, public)
	b := http.NewServeMux()
	b.HandleFunc("GET /status", internal)
	http.ListenAndServe(":1", a)
}
"""
    endpoints, duplicates = _named(_module(tmp_path, {"main.go": main}))
    assert [(m, p) for m, p, _ in endpoints] == [("GET", "/status"), ("GET", "/status")] and duplicates == []


# --- the go line ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("go_mod", "expected"),
    [
        ("module m\n\ngo 1.24\n", None),
        ("module m\n\ngo 1.22.3\n\ntoolchain go1.23.0\n", None),
        ("module m\n\ngo 1.21\n", "PathValue"),
        ("module m\n\ngo 1.17\n", "type parameters"),
        ("module m\n", "no go line"),
    ],
)
def test_the_go_line_is_checked_for_the_generated_package(go_mod: str, expected: str | None) -> None:
    from contractgen.scan.gomod import go_line_diagnostics

    found = go_line_diagnostics(go_mod)
    if expected is None:
        assert found == []
    else:
        assert [d.code for d in found] == ["CG330"] and expected in found[0].message
        assert found[0].position is not None and found[0].position.line == (3 if "go 1" in go_mod else 1)


def test_generation_reports_an_old_go_line(tmp_path: Path) -> None:
    src = _module(tmp_path, {"m.go": "package svc\n\ntype A struct{ B int }\n"}, go="1.17")
    generation = build(src, targets=False)
    assert [d.code for d in generation.diagnostics] == ["CG330"]


@pytest.mark.slow
def test_the_go_line_rule_is_what_the_compiler_says(tmp_path: Path, go: str) -> None:
    """Below go 1.18 the generated package really does not compile; from 1.18 (with this toolchain) it does."""
    import os
    import subprocess

    from contractgen.scan.gomod import LANGUAGE_MINIMUM

    (tmp_path / "svc").mkdir()
    src = _module(tmp_path / "svc", {"m.go": "package svc\n\ntype A struct{ B int }\n"})
    files = build(src).files
    out = tmp_path / "gen"
    for name, text in files.items():
        if name.startswith("go/"):
            target = out / name.removeprefix("go/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod"}
    results = {}
    for minor in (LANGUAGE_MINIMUM[1] - 1, LANGUAGE_MINIMUM[1]):
        (out / "go.mod").write_text(f"module example.com/gen\n\ngo 1.{minor}\n")
        run = subprocess.run([go, "build", "./..."], cwd=out, env=env, capture_output=True, text=True)
        results[minor] = (run.returncode, run.stderr)
    assert results[17][0] != 0 and "requires go1.18" in results[17][1]
    assert results[18][0] == 0, results[18][1]


@pytest.mark.parametrize(
    "line",
    ['a(x, "/users")', 'f(x,\n\t"/users/{id}")', 'rest.Route{Path:  "/users", Handler: h}', "r.HandleFunc(usersPath, h).Methods(http.MethodGet)",
     'r.PathPrefix(prefix)', 'r.Mount(prefix, sub)', 'api.Subrouter()'],
)
def test_path_literals_and_route_methods_pass_the_prefilter_each_through_its_own_pattern(line: str) -> None:
    # (Each kind has a pattern of its own, led by a literal, and the path literals are asked only of a file holding `"/`.)
    assert has_route_literal(b"package server\n\nfunc routes() {\n\t" + line.encode() + b"\n}\n")
