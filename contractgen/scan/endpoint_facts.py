"""What the scanner found about the HTTP surface of one file: route registrations, handler
functions (signature, and what their body binds and writes), and routers handed to other functions.

Syntax-level only, like the rest of the facts: names are as written and resolved by the IR builder
(contractgen/ir/endpoints.py), which knows every package of the module.
"""

from __future__ import annotations

from typing import Literal

from contractgen.diagnostics import Position
from contractgen.records import record
from contractgen.scan.facts import Directive, TypeExpr

# The handler shapes the scanner recognises by signature.
#   typed: func(ctx context.Context, req Req) (Resp, error), also without req or without Resp
#   gin:   func(c *gin.Context)          echo: func(c echo.Context) error
#   http:  func(w http.ResponseWriter, r *http.Request)
Shape = Literal["typed", "gin", "echo", "http", "other"]
# Where a registration's path hangs: "" the root (a router created in this function, the default
# ServeMux, or a router we cannot trace); "param:N" the router passed as parameter N of the
# enclosing function; "return" the router the enclosing function creates and returns.
Base = str
# How a handler decodes the request (contractgen/ir/formbind.py says what each reads): `bind` gin's
# ShouldBind/Bind (binding.Default: the form binding on GET, else by content type), `echo` echo's Bind
# (path, the query on GET/DELETE/HEAD, the body by content type), `form` gin's binding.Form,
# FormPost or FormMultipart (the query on GET, else the posted form).
BindKind = Literal["json", "bind", "echo", "form", "query", "path", "header"]
# Where a parameter a handler reads by name comes from (`file`: a multipart file, c.FormFile; `form`:
# a value of the request body's form, c.PostForm / r.PostFormValue; `multipart`: the whole multipart
# form, c.MultipartForm() / r.ParseMultipartForm(n), whose parts are not followed).
ParamLocation = Literal["path", "query", "header", "file", "form", "multipart"]
# What a response body is: JSON, text (c.String, c.HTML, fmt.Fprintf(w, ...)) or bytes (c.Data, c.File).
Media = Literal["json", "text", "binary"]


@record(frozen=True)
class TypeHint:
    """How to learn the type of an expression once every declaration is known: written in the source
    (`type`); result number `result` of calling `call` (qualifier, function name) or of calling method
    `method` on `base`; field `field` of `base`; an element of `base` (`index`: `m[k]`, `s[i]`, a
    range value; `sliced`: `s[i:j]`); or the package variable `var` (qualifier, name)."""

    type: TypeExpr | None = None
    call: tuple[str | None, str] | None = None
    base: TypeHint | None = None
    field: str = ""
    method: str = ""
    result: int = 0
    index: bool = False
    sliced: bool = False
    type_args: tuple[TypeExpr, ...] = ()  # of `call`: `decode[CreateUser](r)`
    var: tuple[str | None, str] | None = None

    @property
    def empty(self) -> bool:
        return self == TypeHint()


@record(frozen=True)
class Value:
    """An expression a handler binds or writes: its type where the function shows it (a var
    declaration, a composite literal, a typed parameter), the parameter it is (for helpers that
    write what they are given), or the HTTP status it denotes (a literal or http.StatusXxx)."""

    type: TypeExpr | None = None
    param: int | None = None
    status: int | None = None
    text: str = ""
    literal: bool = False  # a composite literal, &T{...} or new(T): never nil
    hint: TypeHint | None = None  # how the IR learns the type when the function does not show it
    fields: tuple[KeyValue, ...] | None = None  # a gin.H / echo.Map / map[string]T literal: its keys
    default_status: bool = False  # the status a function starts with: its caller's, for a helper
    pos: Position | None = None
    # Written as `&x` (or a variable holding `&T{...}`): encoding/json is given a pointer, so the value
    # is addressable and its fields' pointer-receiver marshalers apply (contractgen/ir/addressable.py).
    addressed: bool = False
    # Written as `*p`: a copy of what the pointer points to, given to encoding/json by value (not
    # addressable, never nil).
    dereferenced: bool = False


@record(frozen=True)
class KeyValue:
    """One constant key of a map literal written as a response object, and its value."""

    key: str
    value: Value


@record(frozen=True)
class FuncRef:
    """A function named in the source: `name`, `pkg.Name` (qualifier: an import of the file), or
    `x.Method` (receiver: what x is; an empty hint when the source does not show it)."""

    name: str
    qualifier: str | None = None
    receiver: TypeHint | None = None
    text: str = ""


@record(frozen=True)
class BindFact:
    """The handler decodes the request into a value: the JSON body (`json`), body and parameters as
    the framework decides (`bind`: gin's ShouldBind, `echo`: echo's Bind), the form (`form`: gin's
    ShouldBindWith(&v, binding.Form)), or only the query, path or headers."""

    kind: BindKind
    value: Value
    pos: Position


@record(frozen=True)
class WriteFact:
    """The handler writes a response: `value` with `status` (None: a status without a body).
    `renderer`: written by chi's render.Render, which first calls the value's Render method (where
    `render.Status(r, s)` may set the status)."""

    status: Value
    value: Value | None
    pos: Position
    renderer: bool = False
    # What the body is: JSON (c.JSON, Encode), text (c.String, c.HTML, fmt.Fprint(w, ...)) or bytes
    # (c.Data, c.File, http.ServeFile); the client reads each as what it is.
    media: Media = "json"
    # w.WriteHeader(s), c.Status(s), render.Status: only the status; a body may still follow.
    status_only: bool = False


@record(frozen=True)
class CallFact:
    """A call that hands the handler's writer, context or request to another function (a `writeJSON`
    helper, `validator.Bind(c)`), with the status in effect where it is called."""

    callee: FuncRef
    args: tuple[Value, ...]
    pos: Position
    status: Value | None = None
    type_args: tuple[TypeExpr, ...] = ()  # `decode[CreateUser](r)`: the generic helper's type arguments


@record(frozen=True)
class ParamRead:
    """The handler reads one request parameter by name: `c.Query("tag")`, `chi.URLParam(r, "id")`,
    `r.Header.Get("X-Token")`; `name` None when it is not a constant. `many`: all values (QueryArray)."""

    location: ParamLocation
    name: str | None
    many: bool
    text: str
    pos: Position
    # FormValue reads the body's form too (a query key otherwise): a form part of a multipart body.
    body_too: bool = False


@record(frozen=True)
class BodyFacts:
    binds: tuple[BindFact, ...] = ()
    writes: tuple[WriteFact, ...] = ()
    calls: tuple[CallFact, ...] = ()
    names: tuple[str, ...] = ()  # exported identifiers the body mentions (error sentinels, reasons)
    called: tuple[str, ...] = ()  # names of the functions it calls (error constructors)
    params: tuple[ParamRead, ...] = ()
    statuses: tuple[Value, ...] = ()  # render.Status(r, s) calls (what a Render method sets)


@record(frozen=True)
class ParamFact:
    name: str
    type: TypeExpr


@record(frozen=True)
class FuncFact:
    """A function, method or func literal. `receiver`: the receiver's type name for methods."""

    name: str
    receiver: str | None
    params: tuple[ParamFact, ...]
    results: tuple[TypeExpr, ...]
    shape: Shape
    doc: str
    directives: tuple[Directive, ...]
    pos: Position
    file: str
    body: BodyFacts | None = None  # only for handler shapes and functions taking a writer or context
    type_params: tuple[str, ...] = ()  # a generic function's type parameters, in order
    returned: FuncFact | None = None  # the handler a handler factory returns: `return func(c *gin.Context) {...}`

    @property
    def key(self) -> str:
        return f"{self.receiver}.{self.name}" if self.receiver else self.name


@record(frozen=True)
class HandlerFact:
    """The handler argument of a registration, with adapters and conversions unwrapped: a named
    function (`ref`), an inline func literal (`literal`), or neither (a value we cannot follow).
    `adapter`: it was wrapped in a call named Handle, the generated envelope adapter; `status`: the
    adapter's `WithStatus(...)` option."""

    ref: FuncRef | None
    literal: FuncFact | None
    adapter: bool
    text: str
    status: int | None = None
    factory: FuncRef | None = None  # `GetUser(db)`, `s.handleList()`: a call that may return the handler


@record(frozen=True)
class RouteFact:
    """One registration. `path` is the template relative to `base`, with the prefixes of groups in
    this function applied ("" for the router's own path, so that a prefix joins without a trailing
    slash); `function` is the enclosing top-level function's key (`Name`, `Recv.Name`).
    `problem`: a shape we do not support (no method, every method), reported instead of an endpoint."""

    method: str
    path: str
    base: Base
    function: str
    handler: HandlerFact
    directives: tuple[Directive, ...]
    doc: str
    pos: Position
    problem: str = ""
    router: int | None = None  # which router of `function` (numbered in source order) it hangs on at the top
    queries: tuple[str, ...] = ()  # query keys the route requires to match (gorilla's .Queries("q", "{q}"))
    # A receiver the scanner could not trace to a router: how to learn its type, judged by the IR
    # (a modelled router or a wrapper of one: kept; a router without a model: CG310); `guess`: the
    # framework taken for it (the one router the file imports), None when the file imports none.
    receiver: TypeHint | None = None
    guess: str | None = None
    receiver_text: str = ""
    # The regular expressions of the path's variables (`{id:[0-9]+}` in gorilla/mux and chi), as
    # (name, expression anchored as the router anchors it), prefixes' included.
    patterns: tuple[tuple[str, str], ...] = ()


@record(frozen=True)
class MountFact:
    """A router handed to other code, which registers routes below `prefix`: passed as an argument
    (`registerUsers(api)`: target "param:N"), or the router a function returns mounted here
    (`r.Mount("/users", users.Routes())`: target "return")."""

    callee: FuncRef
    target: Base
    prefix: str
    base: Base
    function: str
    pos: Position
    router: int | None = None  # as RouteFact.router: the router of `function` that is handed down
    unresolved: bool = False  # handed down below a prefix the source computes (reported): mounts nothing


@record(frozen=True)
class VarFact:
    """A package-level variable and how to learn its type (`var users = []User{...}`)."""

    name: str
    hint: TypeHint
    pos: Position


@record(frozen=True)
class FileEndpoints:
    funcs: tuple[FuncFact, ...] = ()
    routes: tuple[RouteFact, ...] = ()
    mounts: tuple[MountFact, ...] = ()
    vars: tuple[VarFact, ...] = ()
