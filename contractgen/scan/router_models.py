"""Which routers contractgen models, by import path: their constructors and router types, and the
routers it knows of but does not model (whose registrations must be reported, never guessed at).

A leaf of facts shared by the registration reader; no parsing here.
"""

from __future__ import annotations

from contractgen.scan.exprs import CHI, ECHO, GIN, HTTPROUTER, MUX, NET_HTTP, ROUTEGROUP

# (import path, function) -> the framework of the router it returns.
CONSTRUCTORS = {
    (GIN, "New"): "gin",
    (GIN, "Default"): "gin",
    (NET_HTTP, "NewServeMux"): "http",
    (MUX, "NewRouter"): "mux",
    (ROUTEGROUP, "New"): "routegroup",
    (HTTPROUTER, "New"): "httprouter",
    **{(p, "New"): "echo" for p in ECHO},
    **{(p, n): "chi" for p in CHI for n in ("NewRouter", "NewMux")},
}
# framework -> (import paths, the type names of its routers), for parameters and fields.
ROUTER_TYPES: dict[str, tuple[str | frozenset[str], tuple[str, ...]]] = {
    "gin": (GIN, ("Engine", "RouterGroup", "IRouter", "IRoutes")),
    "echo": (ECHO, ("Echo", "Group")),
    "chi": (CHI, ("Router", "Mux")),
    "http": (NET_HTTP, ("ServeMux",)),
    "mux": (MUX, ("Router",)),
    "routegroup": (ROUTEGROUP, ("Bundle",)),
    "httprouter": (HTTPROUTER, ("Router",)),
}
# Routers people use that contractgen has no model for (their path syntax, grouping and handler
# shapes differ): a registration on one is reported, so that a contract never holds a guessed path.
# Matched by import path prefix (major versions and subpackages included).
UNMODELLED = (
    "github.com/gofiber/fiber",
    "github.com/fasthttp/router",
    "github.com/valyala/fasthttp",
    "github.com/zeromicro/go-zero/rest",
    "github.com/beego/beego",
    "github.com/astaxie/beego",
    "github.com/kataras/iris",
    "github.com/cloudwego/hertz",
    "github.com/uptrace/bunrouter",
    "github.com/dimfeld/httptreemux",
    "github.com/gorilla/pat",
    "github.com/bmizerany/pat",
    "github.com/go-martini/martini",
    "gopkg.in/macaron.v1",
    "github.com/go-macaron/macaron",
    "github.com/gobuffalo/buffalo",
    "github.com/gogf/gf",
    "goji.io",
    "github.com/gocraft/web",
    "github.com/emicklei/go-restful",
    "github.com/revel/revel",
    "github.com/go-zoo/bone",
    "github.com/husobee/vestigo",
    "github.com/naoina/denco",
    "github.com/savsgio/atreugo",
)


def unmodelled(import_path: str | None) -> str | None:
    """The unmodelled router module an import path belongs to, if any."""
    if import_path is None:
        return None
    for module in UNMODELLED:
        if import_path == module or import_path.startswith(module + "/") or import_path.startswith(module + "."):
            return module
    return None
