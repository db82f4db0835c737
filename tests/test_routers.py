"""Routers beyond net/http, gin, echo and chi (issue 7, section 3): gorilla/mux, go-pkgz/routegroup and
julienschmidt/httprouter modelled, routers without a model reported (CG310), prefixes the source computes reported (CG311):
never a route recorded at a guessed path."""

from __future__ import annotations

from pathlib import Path

import json

import pytest

from contractgen.diagnostics import Diagnostic
from contractgen.pipeline import Generation, build
from contractgen.scan.routes import mentions_endpoints

HANDLERS = (
    "func list(w http.ResponseWriter, r *http.Request)   {}\n"
    "func get(w http.ResponseWriter, r *http.Request)    {}\n"
    "func create(w http.ResponseWriter, r *http.Request) {}\n"
)


def _build(root: Path, imports: str, body: str, extra: str = "") -> Generation:
    root.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text("module example.com/svc\n\ngo 1.24\n")
    source = f"package svc\n\nimport (\n\t\"net/http\"\n{imports}\n)\n\n{HANDLERS}{extra}\nfunc Routes() {{\n{body}\n}}\n"
    (root / "routes.go").write_text(source)
    return build(root, targets=False)


def _routes(generation: Generation) -> list[tuple[str, str]]:
    return sorted((e.method, e.path) for e in generation.contract.endpoints)


def _diagnostics(generation: Generation) -> list[Diagnostic]:
    """The diagnostics about routes: the handlers here write nothing on purpose (CG300 left out)."""
    return [d for d in generation.diagnostics if d.code != "CG300"]


def _codes(generation: Generation) -> list[tuple[str, int]]:
    return sorted((d.code, d.position.line if d.position else 0) for d in _diagnostics(generation))


MUX = '\t"github.com/gorilla/mux"'
ROUTEGROUP = '\t"github.com/go-pkgz/routegroup"'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('\tr := mux.NewRouter()\n\tr.HandleFunc("/users", list).Methods("GET")', [("GET", "/users")]),
        ('\tr := mux.NewRouter()\n\tr.HandleFunc("/users", list).Methods(http.MethodGet, http.MethodHead).Name("users")', [("GET", "/users")]),
        ('\tr := mux.NewRouter()\n\tr.HandleFunc("/users", create).Methods("POST", "PUT")', [("POST", "/users"), ("PUT", "/users")]),
        ('\tr := mux.NewRouter()\n\tr.Path("/users/{id:[0-9]+}").Methods("GET").HandlerFunc(get)', [("GET", "/users/{id}")]),
        ('\tr := mux.NewRouter()\n\tr.Methods("DELETE").Path("/users/{id}").Handler(http.HandlerFunc(get))', [("DELETE", "/users/{id}")]),
        ('\tr := mux.NewRouter().StrictSlash(true)\n\tr.Handle("/users", http.HandlerFunc(list)).Methods("GET")', [("GET", "/users")]),
        (
            '\tr := mux.NewRouter()\n\tr.Use(mux.CORSMethodMiddleware(r))\n\tapi := r.PathPrefix("/api").Subrouter()\n'
            '\tv1 := api.PathPrefix("/v1").Subrouter()\n\tv1.HandleFunc("", list).Methods("GET")\n\tv1.HandleFunc("/", create).Methods("POST")\n'
            '\tv1.HandleFunc("/users/{id}", get).Methods("GET")',
            [("GET", "/api/v1"), ("GET", "/api/v1/users/{id}"), ("POST", "/api/v1/")],
        ),
        (
            '\tr := mux.NewRouter()\n\tr.Host("api.example.com").PathPrefix("/v2").Subrouter().HandleFunc("/users", list).Methods("GET")',
            [("GET", "/v2/users")],
        ),
        ('\tr := mux.NewRouter()\n\tusers(r.PathPrefix("/api").Subrouter())\n\thttp.Handle("/", r)', [("GET", "/api/users")]),
    ],
)
def test_gorilla_mux_registrations(tmp_path: Path, body: str, expected: list[tuple[str, str]]) -> None:
    # a helper given a router hangs at the root when nothing calls it: only where a case calls it
    extra = 'func users(r *mux.Router) {\n\tr.HandleFunc("/users", list).Methods("GET")\n}\n' if "users(" in body else ""
    generation = _build(tmp_path, MUX, body, extra)
    assert _routes(generation) == expected
    assert _codes(generation) == []


def test_gorilla_route_without_methods_is_reported_not_guessed(tmp_path: Path) -> None:
    generation = _build(tmp_path, MUX, '\tr := mux.NewRouter()\n\tr.HandleFunc("/any", list)\n\tr.PathPrefix("/static/").Handler(http.FileServer(http.Dir(".")))')
    assert _routes(generation) == []
    messages = sorted(d.message for d in _diagnostics(generation))
    assert [d.code for d in _diagnostics(generation)] == ["CG303", "CG303"]
    assert "no .Methods(...), so it matches every method" in messages[1] or "no .Methods(...), so it matches every method" in messages[0]
    assert any("PathPrefix(\"/static/\") with a handler serves every path below it" in m for m in messages)


def test_gorilla_queries_are_required_query_parameters_and_vars_are_path_reads(tmp_path: Path) -> None:
    extra = (
        "func search(w http.ResponseWriter, r *http.Request) {\n"
        '\t_ = mux.Vars(r)["shop"]\n\tvars := mux.Vars(r)\n\t_ = vars["nope"]\n\t_ = r.URL.Query().Get("page")\n}\n'
    )
    generation = _build(tmp_path, MUX, '\tr := mux.NewRouter()\n\tr.HandleFunc("/shops/{shop}/search", search).Methods("GET").Queries("q", "{q}")', extra)
    (endpoint,) = generation.contract.endpoints
    assert [(p.name, p.location, p.optional) for p in endpoint.params] == [("shop", "path", False), ("page", "query", True), ("q", "query", False)]
    # the read of a variable the path does not have is reported at its line
    assert [(d.code, d.position.line if d.position else 0) for d in _diagnostics(generation)] == [("CG321", 14)]


AUTH = "func auth(next http.Handler) http.Handler { return next }\n"
ADMIN = 'func admin(b *routegroup.Bundle) *routegroup.Bundle {\n\tb.HandleFunc("DELETE /users/{id}", get)\n\treturn b\n}\n'


def _helpers(body: str) -> str:
    """The helpers a case calls (a helper given a router hangs at the root when nothing calls it)."""
    return AUTH + (ADMIN if "admin(" in body else "")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('\tr := routegroup.New(http.NewServeMux())\n\tr.HandleFunc("GET /ping", list)', [("GET", "/ping")]),
        ('\tr := routegroup.New(http.NewServeMux())\n\tapi := r.Mount("/api")\n\tapi.HandleFunc("GET /users", list)', [("GET", "/api/users")]),
        (
            '\tr := routegroup.New(http.NewServeMux())\n\tr.Mount("/api").Route(func(b *routegroup.Bundle) {\n'
            '\t\tb.HandleFunc("GET /users", list)\n\t\tb.Group().With(auth).HandleFunc("POST /users", create)\n'
            '\t\tb.Mount("/v2").Route(func(v2 *routegroup.Bundle) { v2.Handle("GET /users/{id}", http.HandlerFunc(get)) })\n\t})',
            [("GET", "/api/users"), ("GET", "/api/v2/users/{id}"), ("POST", "/api/users")],
        ),
        ('\tr := routegroup.Mount(http.NewServeMux(), "/api")\n\tr.HandleFunc("GET /", list)\n\tr.HandleRootFunc("POST", create)', [("GET", "/api/"), ("POST", "/api")]),
        ('\tr := routegroup.New(http.NewServeMux())\n\tadmin(r.Mount("/api").Mount("/admin"))', [("DELETE", "/api/admin/users/{id}")]),
    ],
)
def test_routegroup_registrations(tmp_path: Path, body: str, expected: list[tuple[str, str]]) -> None:
    generation = _build(tmp_path, ROUTEGROUP, body, _helpers(body))
    assert _routes(generation) == expected
    assert _codes(generation) == []


@pytest.mark.parametrize(
    ("imports", "body", "kept"),
    [
        (ROUTEGROUP, '\tbase := "/api"\n\tr := routegroup.New(http.NewServeMux())\n\tr.Mount(base).HandleFunc("GET /users", list)', []),
        (ROUTEGROUP, '\tr := routegroup.New(http.NewServeMux())\n\tapi := admin(r.Mount("/api"))\n\tapi.HandleFunc("GET /users", list)', [("DELETE", "/api/users/{id}")]),
        (ROUTEGROUP, '\tbase := "/api"\n\tr := routegroup.New(http.NewServeMux())\n\tadmin(r.Mount(base))', []),
        (MUX, '\tbase := "/api"\n\tr := mux.NewRouter()\n\tr.PathPrefix(base).Subrouter().HandleFunc("/users", list).Methods("GET")', []),
        ('\t"github.com/go-chi/chi/v5"', '\tbase := "/api"\n\tr := chi.NewRouter()\n\tr.Route(base, func(r chi.Router) { r.Get("/users", list) })', []),
        ('\t"github.com/go-chi/chi/v5"', '\tbase := "/api"\n\tr := chi.NewRouter()\n\tsub := chi.NewRouter()\n\tsub.Get("/users", list)\n\tr.Mount(base, sub)', []),
        ('\t"github.com/gin-gonic/gin"', '\tbase := "/api"\n\tr := gin.New()\n\tr.Group(base).GET("/users", func(c *gin.Context) {})', []),
    ],
    ids=["routegroup-mount", "routegroup-helper-result", "routegroup-handed-down", "mux-pathprefix", "chi-route", "chi-mount", "gin-group"],
)
def test_a_computed_prefix_is_reported_and_its_routes_left_out(tmp_path: Path, imports: str, body: str, kept: list[tuple[str, str]]) -> None:
    extra = _helpers(body) if imports == ROUTEGROUP else ""
    generation = _build(tmp_path, imports, body, extra)
    assert _routes(generation) == kept
    codes = _codes(generation)
    assert [c for c, _ in codes] == ["CG311"], _diagnostics(generation)
    (diagnostic,) = _diagnostics(generation)
    assert "is not a constant, so the routes registered below it are not in the contract" in diagnostic.message


@pytest.mark.parametrize(
    ("imports", "body", "module"),
    [
        ('\t"github.com/uptrace/bunrouter"', '\trouter := bunrouter.New()\n\trouter.GET("/users/:id", nil)\n\trouter.POST("/users", nil)', "github.com/uptrace/bunrouter"),
        ('\t"github.com/gofiber/fiber/v2"', '\tapp := fiber.New()\n\tapi := app.Group("/api")\n\tapi.Get("/users/:id", nil)', "github.com/gofiber/fiber"),
        ('\t"github.com/fasthttp/router"', '\tr := router.New()\n\tr.GET("/users/{id}", nil)', "github.com/fasthttp/router"),
        (
            '\t"github.com/zeromicro/go-zero/rest"',
            '\tserver := rest.MustNewServer(rest.RestConf{})\n\tserver.AddRoute(rest.Route{Method: http.MethodGet, Path: "/users", Handler: list})',
            "github.com/zeromicro/go-zero/rest",
        ),
    ],
    ids=["bunrouter", "fiber", "fasthttp-router", "go-zero"],
)
def test_a_router_without_a_model_is_reported_once_never_guessed(tmp_path: Path, imports: str, body: str, module: str) -> None:
    generation = _build(tmp_path, imports, body)
    assert _routes(generation) == []
    (diagnostic,) = _diagnostics(generation)
    assert diagnostic.code == "CG310" and diagnostic.severity.value == "warning"
    assert module in diagnostic.message and "not in the contract" in diagnostic.message
    assert diagnostic.position is not None and diagnostic.position.path == "routes.go"


def test_a_field_router_of_an_unmodelled_module_is_reported(tmp_path: Path) -> None:
    extra = "type Server struct{ app *fiber.App }\n"
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.24\n")
    (tmp_path / "routes.go").write_text(
        'package svc\n\nimport "github.com/gofiber/fiber/v2"\n\n' + extra + '\nfunc (s *Server) routes() {\n\ts.app.Get("/users", nil)\n}\n'
    )
    generation = build(tmp_path, targets=False)
    assert _routes(generation) == []
    assert [(d.code, d.position.line if d.position else 0) for d in _diagnostics(generation)] == [("CG310", 8)]


HTTPROUTER = '\t"github.com/julienschmidt/httprouter"'
HTTPROUTER_HANDLERS = (
    "type User struct {\n\tID string `json:\"id\"`\n}\n"
    "func getUser(w http.ResponseWriter, r *http.Request, ps httprouter.Params) {\n"
    '\t_ = json.NewEncoder(w).Encode(User{ID: ps.ByName("id")})\n}\n'
    "func listFiles(w http.ResponseWriter, r *http.Request) {\n"
    '\t_ = httprouter.ParamsFromContext(r.Context()).ByName("filepath")\n\t_ = json.NewEncoder(w).Encode([]User{})\n}\n'
    "type Server struct{ router *httprouter.Router }\n"
    'func (s *Server) more() {\n\ts.router.DELETE("/users/:id", getUser)\n}\n'
)


def test_httprouter_registrations_handles_and_params(tmp_path: Path) -> None:
    body = (
        '\trouter := httprouter.New()\n\trouter.GET("/users/:id", getUser)\n\trouter.Handle("PUT", "/users/:id", getUser)\n'
        '\trouter.HandlerFunc(http.MethodGet, "/files/*filepath", listFiles)\n\trouter.Handler("POST", "/files", http.HandlerFunc(list))'
    )
    generation = _build(tmp_path, HTTPROUTER + '\n\t"encoding/json"', body, HTTPROUTER_HANDLERS)
    assert _routes(generation) == [
        ("DELETE", "/users/{id}"), ("GET", "/files/{filepath...}"), ("GET", "/users/{id}"), ("POST", "/files"), ("PUT", "/users/{id}"),
    ]
    by_route = {(e.method, e.path): e for e in generation.contract.endpoints}
    get = by_route[("GET", "/users/{id}")]
    assert get.name == "getUser" and get.response is not None and get.response.name == "User"
    assert [(p.name, p.location) for p in get.params] == [("id", "path")]
    assert _codes(generation) == []  # ByName reads of wildcards the routes have: no CG321


@pytest.mark.parametrize(
    "line",
    ['r.HandleFunc(usersPath, h).Methods("GET")', 'r.PathPrefix(apiPath).Subrouter()', 'b.HandleFunc("GET /users", h)', 'b.Mount("/api")'],
)
def test_files_registering_only_through_these_routers_pass_the_prefilter(line: str) -> None:
    assert mentions_endpoints(b"package server\n\nfunc routes() {\n\t" + line.encode() + b"\n}\n")


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# (method, path) -> (Go name, params as (name, location, optional), success status, response type name)
SERVICE_ROUTES = {
    "muxapp": {
        ("GET", "/healthz"): ("health", [], 200, "Health"),
        ("GET", "/api/v1/books"): ("listBooks", [("author", "query", True)], 200, "BookList"),
        ("POST", "/api/v1/books"): ("createBook", [], 201, "Book"),
        ("GET", "/api/v1/books/{id}"): ("getBook", [("id", "path", False)], 200, "Book"),
        ("DELETE", "/api/v1/books/{id}"): ("deleteBook", [("id", "path", False)], 204, None),
        ("GET", "/api/v1/books/{id}/reviews"): ("listReviews", [("id", "path", False)], 200, None),
        ("POST", "/api/v1/books/{id}/reviews"): ("addReview", [("id", "path", False)], 201, "Review"),
        ("GET", "/api/v1/search"): ("search", [("q", "query", False)], 200, "BookList"),
    },
    # remark42's shape: before routegroup was modelled, every Mount prefix was lost without a word
    "routegroupapp": {
        ("GET", "/ping"): ("ping", [], 200, None),
        ("GET", "/api/v1/config"): ("config", [], 200, "Config"),
        ("GET", "/api/v1/find"): ("find", [("url", "query", True)], 200, "Thread"),
        ("GET", "/api/v1/id/{id}"): ("comment", [("id", "path", False)], 200, "Comment"),
        ("POST", "/api/v1/comment"): ("createComment", [], 201, "Comment"),
        ("PUT", "/api/v1/vote/{id}"): ("vote", [("id", "path", False), ("up", "query", True)], 200, "Vote"),
        ("DELETE", "/api/v1/admin/comment/{id}"): ("deleteComment", [("id", "path", False)], 204, None),
        ("PUT", "/api/v1/admin/pin/{id}"): ("pin", [("id", "path", False)], 200, "Comment"),
    },
}


@pytest.mark.parametrize("service", sorted(SERVICE_ROUTES))
def test_fixture_services_have_exactly_their_routes(service: str) -> None:
    generation = build(FIXTURES / service, targets=False)
    found = {
        (e.method, e.path): (
            e.name,
            [(p.name, p.location, p.optional) for p in e.params],
            e.status,
            e.response.name if e.response is not None and e.response.kind == "ref" else None,
        )
        for e in generation.contract.endpoints
    }
    assert found == SERVICE_ROUTES[service]
    assert generation.diagnostics == []
    errors = {(e.method, e.path): sorted(b.status for b in e.error_bodies) for e in generation.contract.endpoints}
    assert errors[("GET", "/api/v1/books/{id}" if service == "muxapp" else "/api/v1/id/{id}")] == [404]


def test_httprouter_param_reads_are_checked_against_the_route(tmp_path: Path) -> None:
    extra = (
        "func get2(w http.ResponseWriter, r *http.Request, ps httprouter.Params) {\n"
        '\t_ = ps.ByName("nope")\n\t_ = httprouter.ParamsFromContext(r.Context()).ByName("gone")\n}\n'
    )
    generation = _build(tmp_path, HTTPROUTER, '\trouter := httprouter.New()\n\trouter.GET("/users/:id", get2)', extra)
    messages = sorted(d.message for d in _diagnostics(generation))
    assert len(messages) == 2 and all("which /users/{id} does not have" in m for m in messages), messages
    assert "'gone'" in messages[0] and "'nope'" in messages[1]


# --- routers the scanner cannot trace: judged by their type once every declaration is known -----

LIST = "func list(w http.ResponseWriter, r *http.Request) {}\n"
WRAPPERS = {
    # a wrapper package of the module around a modelled router: kept as that router
    "embed-chi": 'package router\n\nimport "github.com/go-chi/chi/v5"\n\ntype Router struct{ *chi.Mux }\n\nfunc New() *Router { return &Router{chi.NewRouter()} }\n',
    "returns-chi": 'package router\n\nimport "github.com/go-chi/chi/v5"\n\nfunc New() chi.Router { return chi.NewRouter() }\n',
    "interface-chi": 'package router\n\nimport "github.com/go-chi/chi/v5"\n\ntype Router interface{ chi.Router }\n\nfunc New() Router { return chi.NewRouter() }\n',
    "alias-chi": 'package router\n\nimport "github.com/go-chi/chi/v5"\n\ntype Router = chi.Mux\n\nfunc New() *Router { return chi.NewRouter() }\n',
    # its own methods, which add a prefix the scanner cannot see: its routes are not guessed at
    "own-methods": (
        'package router\n\nimport (\n\t"net/http"\n\n\t"github.com/go-chi/chi/v5"\n)\n\n'
        "type Router struct {\n\tmux    chi.Router\n\tprefix string\n}\n\n"
        'func New() *Router { return &Router{chi.NewRouter(), "/api"} }\n\n'
        "func (r *Router) Get(path string, h http.HandlerFunc) { r.mux.Get(r.prefix+path, h) }\n"
    ),
}


def _module(root: Path, files: dict[str, str]) -> Generation:
    files = {"go.mod": "module example.com/svc\n\ngo 1.24\n", **files}
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source)
    return build(root, targets=False)


def _main(imports: str, body: str, extra: str = "") -> str:
    return f'package main\n\nimport (\n\t"net/http"\n{imports}\n)\n\n{LIST}{extra}\nfunc main() {{\n{body}\n}}\n'


@pytest.mark.parametrize(
    ("wrapper", "kept"),
    [("embed-chi", True), ("returns-chi", True), ("interface-chi", True), ("alias-chi", True), ("own-methods", False)],
)
def test_a_router_from_a_constructor_of_the_module_is_judged_by_its_type(tmp_path: Path, wrapper: str, kept: bool) -> None:
    main = _main('\t"example.com/svc/router"', '\tr := router.New()\n\tr.Get("/users", list)\n\thttp.ListenAndServe(":8080", r)')
    generation = _module(tmp_path, {"router/router.go": WRAPPERS[wrapper], "main.go": main})
    assert _routes(generation) == ([("GET", "/users")] if kept else [])
    codes = [(d.code, d.position.line if d.position else 0) for d in generation.diagnostics if d.code == "CG310"]
    assert codes == ([] if kept else [("CG310", 12)])
    if not kept:
        (diagnostic,) = (d for d in generation.diagnostics if d.code == "CG310")
        assert "r is a example.com/svc/router.Router (a struct of this module)" in diagnostic.message
        assert "//contractgen:route" in diagnostic.hint


def test_a_wrapper_embedding_a_gin_engine_keeps_its_routes_and_groups(tmp_path: Path) -> None:
    # before: the upper-case verbs on an untraced receiver in a file importing no colon router were dropped without a word
    server = (
        'package server\n\nimport "github.com/gin-gonic/gin"\n\ntype Server struct {\n\t*gin.Engine\n\tname string\n}\n\n'
        "func New() *Server { return &Server{Engine: gin.New()} }\n"
    )
    main = 'package main\n\nimport "example.com/svc/server"\n\nfunc main() {\n\ts := server.New()\n\ts.GET("/ping", nil)\n\tv1 := s.Group("/v1")\n\tv1.POST("/users/:id", nil)\n}\n'
    generation = _module(tmp_path, {"server/server.go": server, "main.go": main})
    assert _routes(generation) == [("GET", "/ping"), ("POST", "/v1/users/{id}")]
    assert [d for d in generation.diagnostics if d.code.startswith("CG31")] == []


def test_a_field_router_declared_in_another_file_is_judged_by_its_declared_type(tmp_path: Path) -> None:
    # before: gin's upper-case verbs in a file importing no colon router were dropped without a word
    app = 'package main\n\nimport "github.com/gin-gonic/gin"\n\ntype App struct{ engine *gin.Engine }\n\nfunc (a *App) Engine() *gin.Engine { return a.engine }\n'
    routes = 'package main\n\nfunc (a *App) routes() {\n\ta.engine.GET("/x", nil)\n\ta.Engine().POST("/y", nil)\n\tv1 := a.engine.Group("/v1")\n\tv1.PUT("/z", nil)\n}\n'
    generation = _module(tmp_path, {"app.go": app, "routes.go": routes})
    assert _routes(generation) == [("GET", "/x"), ("POST", "/y"), ("PUT", "/v1/z")]
    assert [d for d in generation.diagnostics if d.code.startswith("CG31")] == []


OUTSIDE_ROUTERS = [
    # a fork of chi under another path: its syntax may differ, its routes are not chi's by name alone
    ('\t"github.com/someone/chi"', '\tr := chi.NewRouter()\n\tr.Get("/x", list)\n\tr.Route("/api", func(sub chi.Router) { sub.Post("/y", list) })', "github.com/someone/chi", 12),
    # an invented router, through a handler reference, a func literal and a net/http-looking Handle
    (
        '\t"example.com/myrouter"',
        '\tr := myrouter.New()\n\tr.GET("/x", list)\n\tr.Handle("/z", http.HandlerFunc(list))\n\tr.Get("/w", func(w http.ResponseWriter, r *http.Request) {})',
        "example.com/myrouter",
        12,
    ),
    # a package-level router of an outside package
    ('\t"github.com/acme/web"', '\tweb.Get("/x", list)', "github.com/acme/web", 11),
]


@pytest.mark.parametrize(("imports", "body", "module", "line"), OUTSIDE_ROUTERS, ids=["chi-fork", "invented", "package-router"])
def test_a_router_of_an_outside_module_without_a_model_is_reported_never_guessed(tmp_path: Path, imports: str, body: str, module: str, line: int) -> None:
    generation = _module(tmp_path, {"main.go": _main(imports, body)})
    assert _routes(generation) == []
    (diagnostic,) = _diagnostics(generation)
    assert (diagnostic.code, diagnostic.position.line if diagnostic.position else 0) == ("CG310", line)
    assert module in diagnostic.message and "a router contractgen has no model for" in diagnostic.message


def test_an_outside_router_in_vendor_with_its_source_is_reported(tmp_path: Path) -> None:
    router = (
        'package myrouter\n\nimport "net/http"\n\ntype Router struct{}\n\nfunc New() *Router { return &Router{} }\n\n'
        "func (r *Router) GET(p string, h http.HandlerFunc)                    {}\n"
        "func (r *Router) ServeHTTP(w http.ResponseWriter, q *http.Request) {}\n"
    )
    files = {
        "vendor/modules.txt": "# example.com/myrouter v1.0.0\n## explicit\nexample.com/myrouter\n",
        "vendor/example.com/myrouter/router.go": router,
        "main.go": _main('\t"example.com/myrouter"', '\tr := myrouter.New()\n\tr.GET("/users/:id", list)'),
    }
    files["go.mod"] = "module example.com/svc\n\ngo 1.24\n\nrequire example.com/myrouter v1.0.0\n"
    generation = _module(tmp_path, files)
    assert _routes(generation) == []
    assert [(d.code, d.position.line if d.position else 0) for d in _diagnostics(generation)] == [("CG310", 12)]
    assert "example.com/myrouter" in _diagnostics(generation)[0].message


def test_a_handler_factory_on_an_outside_router_is_evidence_of_a_route(tmp_path: Path) -> None:
    # `r.Get("/x", listUsers(db))`: the handler is what the factory returns, so the call registers a route
    # on a router without a model (CG310), not a client's request to be passed over without a word.
    factory = "func listUsers(db *string) http.HandlerFunc {\n\treturn func(w http.ResponseWriter, r *http.Request) {}\n}\n"
    generation = _module(tmp_path, {"main.go": _main('\t"github.com/acme/web"', '\tr := web.New()\n\tr.Get("/x", listUsers(nil))', factory)})
    assert _routes(generation) == []
    assert [d.code for d in _diagnostics(generation)] == ["CG310"]


def test_a_field_router_of_an_outside_module_is_reported(tmp_path: Path) -> None:
    extra = "type Server struct{ r *web.Router }\n\nfunc (s *Server) routes() {\n\ts.r.Get(\"/x\", list)\n\ts.r.HandleFunc(\"/y\", list)\n}\n"
    generation = _module(tmp_path, {"main.go": _main('\t"github.com/acme/web"', "", extra)})
    assert _routes(generation) == []
    (diagnostic,) = _diagnostics(generation)
    assert diagnostic.code == "CG310" and "s.r is a web.Router of github.com/acme/web" in diagnostic.message


def test_http_clients_are_not_routers(tmp_path: Path) -> None:
    body = (
        '\tmux := http.NewServeMux()\n\tmux.HandleFunc("GET /ok", list)\n\tclient := resty.New()\n\tpayload := map[string]string{}\n'
        '\t_, _ = client.R().Get("/x")\n\t_, _ = client.R().SetBody(payload).Post("/y")\n\t_, _ = client.R().Execute("GET", "/z")\n'
        '\tc := sling.New()\n\t_, _ = c.Post("/users", payload)\n\t_, _ = c.Get("/users/1", &payload)\n'
        '\t_, _ = http.NewRequest("GET", "/v", nil)'
    )
    imports = '\t"github.com/go-resty/resty/v2"\n\t"example.com/sling"'
    generation = _module(tmp_path, {"main.go": _main(imports, body)})
    assert _routes(generation) == [("GET", "/ok")]
    assert _diagnostics(generation) == []


@pytest.mark.parametrize(
    ("imports", "body", "extra"),
    [
        ("", '\thttp.DefaultServeMux.HandleFunc("GET /x", list)', ""),
        ("", '\thttp.HandleFunc("GET /x", list)', ""),
        # a field of a file that imports exactly one modelled router: that router
        ('\t"github.com/go-chi/chi/v5"', "", 'type S struct{ r chi.Router }\n\nfunc (s *S) routes() { s.r.Get("/x", list) }\n'),
    ],
    ids=["default-servemux", "package-function", "chi-field"],
)
def test_routers_of_the_standard_library_and_modelled_fields_are_kept(tmp_path: Path, imports: str, body: str, extra: str) -> None:
    generation = _module(tmp_path, {"main.go": _main(imports, body, extra)})
    assert _routes(generation) == [("GET", "/x")]
    assert _diagnostics(generation) == []


def test_an_untraceable_router_in_a_file_importing_no_router_is_reported(tmp_path: Path) -> None:
    extra = "func router() interface{ Get(string, http.HandlerFunc) } { return nil }\n"
    generation = _module(tmp_path, {"main.go": _main("", "\trouter().Get(\"/x\", list)", extra)})
    assert _routes(generation) == []
    (diagnostic,) = _diagnostics(generation)
    assert diagnostic.code == "CG310" and "cannot tell what router router() is" in diagnostic.message


# --- http.StripPrefix: the routes of the router behind it, at the prefix + their path ---------------

API_MUX = (
    '\tapi := http.NewServeMux()\n\tapi.HandleFunc("GET /users", list)\n\tapi.HandleFunc("POST /users/{id}", list)\n'
    '\tapi.HandleFunc("GET /{$}", list)\n\tapi.HandleFunc("GET /files/{path...}", list)\n\tmux := http.NewServeMux()\n'
)
ALL_API = [("GET", "/api/"), ("GET", "/api/files/{path...}"), ("GET", "/api/users"), ("POST", "/api/users/{id}")]


@pytest.mark.parametrize(
    ("outer", "kept", "left_out"),
    [
        ('mux.Handle("/api/", http.StripPrefix("/api", api))', ALL_API, 0),
        # the outer pattern's method gates: a POST below "GET /api/" is answered 405
        ('mux.Handle("GET /api/", http.StripPrefix("/api", api))', [r for r in ALL_API if r[0] == "GET"], 1),
        # an exact outer pattern serves that one path
        ('mux.Handle("/api/users", http.StripPrefix("/api", api))', [("GET", "/api/users")], 3),
        # "/api/users" after stripping "/api" is "/users", which "/api/v1/" never lets through
        ('mux.Handle("/api/v1/", http.StripPrefix("/api", api))', [], 4),
    ],
    ids=["subtree", "method", "exact", "outside"],
)
def test_strip_prefix_serves_the_sub_mux_below_the_prefix(tmp_path: Path, outer: str, kept: list[tuple[str, str]], left_out: int) -> None:
    generation = _build(tmp_path, "", API_MUX + "\t" + outer)
    assert _routes(generation) == kept
    codes = [d.code for d in _diagnostics(generation)]
    assert codes == ["CG312"] * left_out
    assert all("does not serve it" in d.message for d in _diagnostics(generation))


@pytest.mark.parametrize(
    ("outer", "why"),
    [
        ('mux.Handle("/api/", http.StripPrefix("/api/", api))', "leaves paths without their leading slash"),
        ('mux.Handle("/v1/{tenant}/", http.StripPrefix("/v1", api))', "has wildcards"),
        ('prefix := strings.ToLower("/API")\n\tmux.Handle("/api/", http.StripPrefix(prefix, api))', "is not a constant"),
    ],
    ids=["trailing-slash", "wildcard", "computed"],
)
def test_a_strip_prefix_that_cannot_be_followed_is_reported_once(tmp_path: Path, outer: str, why: str) -> None:
    generation = _build(tmp_path, '\t"strings"', API_MUX + "\t" + outer)
    assert _routes(generation) == []
    (diagnostic,) = _diagnostics(generation)
    assert diagnostic.code == "CG312" and why in diagnostic.message


def test_strip_prefix_follows_a_router_a_function_returns_and_leaves_plain_handlers_alone(tmp_path: Path) -> None:
    extra = 'func apiRoutes() *http.ServeMux {\n\tapi := http.NewServeMux()\n\tapi.HandleFunc("GET /users", list)\n\treturn api\n}\n'
    body = (
        '\tmux := http.NewServeMux()\n\tmux.Handle("/api/", http.StripPrefix("/api", apiRoutes()))\n'
        '\tmux.Handle("GET /static/logo", http.StripPrefix("/static", http.HandlerFunc(get)))'
    )
    generation = _build(tmp_path, "", body, extra)
    assert _routes(generation) == [("GET", "/api/users"), ("GET", "/static/logo")]
    assert _diagnostics(generation) == []


@pytest.mark.parametrize(
    ("imports", "body", "kept"),
    [
        # chi routes a mounted router by the rest of the path, whatever StripPrefix makes of URL.Path
        (
            '\t"github.com/go-chi/chi/v5"',
            '\tr := chi.NewRouter()\n\tapi := chi.NewRouter()\n\tapi.Get("/users", list)\n\tr.Mount("/api", http.StripPrefix("/api", api))',
            [("GET", "/api/users")],
        ),
        (
            '\t"github.com/go-chi/chi/v5"',
            '\tr := chi.NewRouter()\n\tapi := http.NewServeMux()\n\tapi.HandleFunc("GET /users", list)\n\tr.Mount("/api", http.StripPrefix("/api", api))',
            [("GET", "/api/users")],
        ),
        (
            '\t"github.com/gorilla/mux"',
            '\tr := mux.NewRouter()\n\tapi := http.NewServeMux()\n\tapi.HandleFunc("GET /users", list)\n'
            '\tr.PathPrefix("/api/").Handler(http.StripPrefix("/api", api))',
            [("GET", "/api/users")],
        ),
    ],
    ids=["chi-mount-chi", "chi-mount-servemux", "gorilla-pathprefix"],
)
def test_strip_prefix_behind_chi_mount_and_gorilla_path_prefix(tmp_path: Path, imports: str, body: str, kept: list[tuple[str, str]]) -> None:
    generation = _build(tmp_path, imports, body)
    assert _routes(generation) == kept
    assert _diagnostics(generation) == []


def test_strip_prefix_of_another_prefix_than_chi_mounts_at_is_reported(tmp_path: Path) -> None:
    body = '\tr := chi.NewRouter()\n\tapi := http.NewServeMux()\n\tapi.HandleFunc("GET /users", list)\n\tr.Mount("/api", http.StripPrefix("/v2", api))'
    generation = _build(tmp_path, '\t"github.com/go-chi/chi/v5"', body)
    assert _routes(generation) == []
    assert [d.code for d in _diagnostics(generation)] == ["CG312"]


STRIP_SERVER = """package main

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
)

func ok(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }

func sub() *http.ServeMux {
	api := http.NewServeMux()
	api.HandleFunc("GET /users", ok)
	api.HandleFunc("POST /users/{id}", ok)
	api.HandleFunc("GET /{$}", ok)
	api.HandleFunc("GET /files/{path...}", ok)
	return api
}

func routes() http.Handler {
	a := http.NewServeMux()
	a.HandleFunc("GET /users", ok)
	a.HandleFunc("POST /users/{id}", ok)
	b := http.NewServeMux()
	b.HandleFunc("GET /users", ok)
	b.HandleFunc("POST /users/{id}", ok)
	c := http.NewServeMux()
	c.HandleFunc("GET /users", ok)
	c.HandleFunc("DELETE /users/{id}", ok)
	mux := http.NewServeMux()
	mux.Handle("/a/", http.StripPrefix("/a", a))
	mux.Handle("GET /b/", http.StripPrefix("/b", b))
	mux.Handle("/c/users", http.StripPrefix("/c", c))
	mux.Handle("/d/", http.StripPrefix("/d", sub()))
	return mux
}

// Reads "METHOD PATH" lines, answers each with the status the server gives.
func main() {
	h := routes()
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		method, path, _ := strings.Cut(in.Text(), " ")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
		fmt.Println(rec.Code)
	}
}
"""


@pytest.mark.slow
def test_strip_prefix_routes_are_exactly_those_a_real_server_serves(go: str, tmp_path: Path) -> None:
    """Every endpoint of the contract answers 200 on a real net/http server; every route behind a
    StripPrefix the contract leaves out (CG312) does not."""
    import os
    import re
    import subprocess

    (tmp_path / "go.mod").write_text("module example.com/strip\n\ngo 1.24\n")
    (tmp_path / "main.go").write_text(STRIP_SERVER)
    generation = build(tmp_path, targets=False)
    found = _routes(generation)
    assert found == [
        ("GET", "/a/users"), ("GET", "/b/users"), ("GET", "/c/users"), ("GET", "/d/"), ("GET", "/d/files/{path...}"),
        ("GET", "/d/users"), ("POST", "/a/users/{id}"), ("POST", "/d/users/{id}"),
    ]
    left_out = [("POST", "/b/users/7"), ("DELETE", "/c/users/7")]
    assert [d.code for d in _diagnostics(generation)] == ["CG312", "CG312"]
    requests = [(m, re.sub(r"\{[^}]+\}", "7", p)) for m, p in found] + left_out
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOWORK": "off", "GOTOOLCHAIN": "local"}
    result = subprocess.run(
        [go, "run", "."], cwd=tmp_path, input="".join(f"{m} {p}\n" for m, p in requests), capture_output=True, text=True, env=env, timeout=600
    )
    assert result.returncode == 0, result.stderr
    statuses = [int(line) for line in result.stdout.split()]
    assert statuses[: len(found)] == [200] * len(found), list(zip(requests, statuses))
    assert all(s in (404, 405) for s in statuses[len(found) :]), list(zip(requests, statuses))


# --- path-variable regular expressions (gorilla/mux and chi) -------------------------------------

# What a real server answered (go 1.26, chi v5, gorilla/mux v1.8: test_path_patterns_match_what_real_routers_serve)
# for GET /x/{k:a|b} and /n/{id:[0-9]+}: chi anchors `^a|b$` (so "ab" and "zb" pass), gorilla wraps the
# expression in a group between the template's literals (`^(?:a|b)$`).
SERVED = {
    "chi": {"a": True, "ab": True, "zb": True, "zz": False, "12": True, "1a": False, "a1": False},
    "mux": {"a": True, "ab": False, "zb": False, "zz": False, "12": True, "1a": False, "a1": False},
}
PATTERN_ROUTES = {
    "chi": ('\t"github.com/go-chi/chi/v5"', '\tr := chi.NewRouter()\n\tr.Get("/x/{k:a|b}", list)\n\tr.Get("/n/{id:[0-9]+}", list)'),
    "mux": ('\t"github.com/gorilla/mux"', '\tr := mux.NewRouter()\n\tr.HandleFunc("/x/{k:a|b}", list).Methods("GET")\n\tr.HandleFunc("/n/{id:[0-9]+}", list).Methods("GET")'),
}


def _patterns(generation: Generation) -> dict[str, str]:
    return {p.name: p.pattern for e in generation.contract.endpoints for p in e.params if p.location == "path"}


@pytest.mark.parametrize("router", sorted(PATTERN_ROUTES))
def test_path_patterns_are_kept_anchored_as_the_router_anchors_them(tmp_path: Path, router: str) -> None:
    import re

    generation = _build(tmp_path, *PATTERN_ROUTES[router])
    patterns = _patterns(generation)
    assert patterns == ({"k": "^a|b$", "id": "^[0-9]+$"} if router == "chi" else {"k": "^(?:a|b)$", "id": "^(?:[0-9]+)$"})
    for value, served in SERVED[router].items():
        name = "id" if value in ("12", "1a", "a1") else "k"
        assert (re.search(patterns[name], value) is not None) == served, (router, value)


def test_path_patterns_of_prefixes_and_subrouters_are_kept(tmp_path: Path) -> None:
    mux = '\tr := mux.NewRouter()\n\ts := r.PathPrefix("/shops/{shop:[a-z]+}").Subrouter()\n\ts.HandleFunc("/items/{id:[0-9]{1,3}}", list).Methods("GET")'
    assert _patterns(_build(tmp_path / "mux", MUX, mux)) == {"shop": "^(?:[a-z]+)$", "id": "^(?:[0-9]{1,3})$"}
    chi = '\tr := chi.NewRouter()\n\tr.Route("/shops/{shop:[a-z]+}", func(sub chi.Router) { sub.Get("/items/{id:^[0-9]+$}", list) })'
    assert _patterns(_build(tmp_path / "chi", '\t"github.com/go-chi/chi/v5"', chi)) == {"shop": "^[a-z]+$", "id": "^[0-9]+$"}
    # net/http has no such syntax, and a plain variable has no pattern
    plain = '\tr := chi.NewRouter()\n\tr.Get("/users/{id}", list)'
    assert _patterns(_build(tmp_path / "plain", '\t"github.com/go-chi/chi/v5"', plain)) == {"id": ""}


def test_path_patterns_reach_openapi_and_the_client_docs(tmp_path: Path) -> None:
    from contractgen.targets.openapi import render

    body = PATTERN_ROUTES["mux"][1] + '\n\tr.HandleFunc("/u/{name:(?i)[a-z]+}", list).Methods("GET")'
    generation = _build(tmp_path / "m", PATTERN_ROUTES["mux"][0], body)
    document = json.loads(render(generation.contract)["openapi.json"])
    params = {p["name"]: p for path in document["paths"].values() for op in path.values() for p in op.get("parameters", [])}
    assert params["id"]["schema"] == {"type": "string", "pattern": "^(?:[0-9]+)$"}
    # RE2's flag groups are not ECMAScript's: said in the description, no `pattern` a validator would misread
    assert "pattern" not in params["name"]["schema"] and "(?i)" in params["name"]["description"]
    client = build(tmp_path / "m").files
    text = next(v for k, v in client.items() if k.endswith("_client.ts"))
    assert "The router matches this against the Go regular expression `^(?:[0-9]+)$`" in text


@pytest.mark.slow
def test_path_patterns_match_what_real_routers_serve(go: str, tmp_path: Path) -> None:
    """The SERVED table above, asked of real chi and gorilla/mux servers (modules from the proxy or the cache)."""
    import os
    import subprocess

    program = """package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
)

func ok(w http.ResponseWriter, r *http.Request) {}

func main() {
	c := chi.NewRouter()
	c.Get("/x/{k:a|b}", ok)
	c.Get("/n/{id:[0-9]+}", ok)
	g := mux.NewRouter()
	g.HandleFunc("/x/{k:a|b}", ok).Methods("GET")
	g.HandleFunc("/n/{id:[0-9]+}", ok).Methods("GET")
	for _, p := range []string{"a", "ab", "zb", "zz", "12", "1a", "a1"} {
		prefix := "/x/"
		if p == "12" || p == "1a" || p == "a1" {
			prefix = "/n/"
		}
		for _, name := range []string{"chi", "mux"} {
			h := http.Handler(c)
			if name == "mux" {
				h = g
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", prefix+p, nil))
			fmt.Println(name, p, rec.Code == 200)
		}
	}
}
"""
    (tmp_path / "go.mod").write_text(
        "module example.com/anchor\n\ngo 1.24\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.2.1\n\tgithub.com/gorilla/mux v1.8.1\n)\n"
    )
    (tmp_path / "main.go").write_text(program)
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOWORK": "off", "GOTOOLCHAIN": "local"}
    result = subprocess.run([go, "run", "."], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    answered = {(name, value): served == "true" for name, value, served in (line.split() for line in result.stdout.splitlines())}
    assert answered == {(name, value): served for name, table in SERVED.items() for value, served in table.items()}


def test_an_outside_type_serving_http_is_a_router_even_without_a_handler_argument(tmp_path: Path) -> None:
    """With the dependency's source on the machine (vendor/ here), ServeHTTP on the receiver's type is
    evidence of a router: `r.GET("/x", h)` with `h` a variable of unknown origin is reported too."""
    router = (
        'package myrouter\n\nimport "net/http"\n\ntype Router struct{}\n\n'
        "func (r *Router) GET(p string, h http.Handler)                      {}\n"
        "func (r *Router) ServeHTTP(w http.ResponseWriter, q *http.Request) {}\n"
    )
    client = 'package myclient\n\ntype Client struct{}\n\nfunc (c *Client) GET(p string, body any) {}\n'
    extra = (
        "var h = http.HandlerFunc(list)\n\n"
        "type S struct {\n\tr *myrouter.Router\n\tc *myclient.Client\n}\n\n"
        'func (s *S) routes(payload any) {\n\ts.r.GET("/x", h)\n\ts.c.GET("/y", payload)\n}\n'
    )
    files = {
        "go.mod": "module example.com/svc\n\ngo 1.24\n\nrequire example.com/myrouter v1.0.0\n\nrequire example.com/myclient v1.0.0\n",
        "vendor/modules.txt": "# example.com/myrouter v1.0.0\n## explicit\nexample.com/myrouter\n# example.com/myclient v1.0.0\n## explicit\nexample.com/myclient\n",
        "vendor/example.com/myrouter/router.go": router,
        "vendor/example.com/myclient/client.go": client,
        "main.go": _main('\t"example.com/myrouter"\n\t"example.com/myclient"', "", extra),
    }
    generation = _module(tmp_path, files)
    assert _routes(generation) == []
    assert [(d.code, d.position.line if d.position else 0) for d in _diagnostics(generation)] == [("CG310", 18)]  # the router, not the client


def test_echo_v3_by_its_import_path_without_a_major_version_is_modelled(tmp_path: Path) -> None:
    main = (
        'package main\n\nimport "github.com/labstack/echo"\n\nfunc h(c echo.Context) error { return nil }\n\n'
        'func main() {\n\te := echo.New()\n\te.GET("/x/:id", h)\n\tg := e.Group("/api")\n\tg.POST("/y", h)\n}\n'
    )
    generation = _module(tmp_path, {"main.go": main})
    assert _routes(generation) == [("GET", "/x/{id}"), ("POST", "/api/y")]
    assert [d for d in generation.diagnostics if d.code.startswith("CG31")] == []


ECHO_NAMED = """package main

import (
\t"net/http"

\t"github.com/labstack/echo/v4"
)

type Pong struct {
\tOK bool `json:"ok"`
}

func ping(c echo.Context) error { return c.JSON(http.StatusOK, Pong{OK: true}) }

func main() {
\te := echo.New()
\te.GET("/ping", ping).Name = "ping"
\tg := e.Group("/v1")
\tg.POST("/pings", ping).Name, _ = "create-ping", 0
\te.GET("/pong", ping)
\t_ = e.Start(":8080")
}
"""


def test_an_echo_route_whose_name_is_set_is_registered(tmp_path: Path) -> None:
    # Found by an audit against a running server: `e.GET(...).Name = "ping"` (echo's way of naming a
    # route for e.Reverse) was an assignment, whose left side was not read: the route was missing.
    from contractgen.pipeline import build

    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.24\n\nrequire github.com/labstack/echo/v4 v4.13.3\n")
    (tmp_path / "main.go").write_text(ECHO_NAMED)
    endpoints = {(e.method, e.path) for e in build(tmp_path, targets=False).contract.endpoints}
    assert endpoints == {("GET", "/ping"), ("POST", "/v1/pings"), ("GET", "/pong")}
