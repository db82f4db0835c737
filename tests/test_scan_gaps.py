"""What the scans used to miss (issue 7, section 3): method-first registrations past the prefilter,
duplicates judged per program, the go line of go.mod."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractgen.pipeline import build
from contractgen.scan.routes import has_route_literal, mentions_endpoints


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
