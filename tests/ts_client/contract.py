"""The contract the TypeScript client tests render: IR objects built by hand (no Go scan), covering
path/query/header parameters, a JSON body, a generic `Page[User]` response, both wires, a 201 and a
204, other 2xx statuses, text and bytes bodies, plain-function handlers, an inline response object, and an error catalog.

tests/ts_client/client_test.mjs and typecheck.ts rely on the names and shapes below."""

from __future__ import annotations

from contractgen.ir.model import (
    Check,
    Contract,
    EnumMember,
    Endpoint,
    ErrorCatalog,
    ErrorReason,
    Field,
    FormPart,
    Package,
    Param,
    RequestView,
    Success,
    TypeDecl,
    TypeParam,
    TypeRef,
)

MODULE = "example.com/shop"
MODELS = f"{MODULE}/models"
API = f"{MODULE}/api"

STRING = TypeRef(kind="string")
INT64 = TypeRef(kind="integer")
BOOL = TypeRef(kind="boolean")


def ref(package: str, name: str, *args: TypeRef, nullable: bool = False) -> TypeRef:
    return TypeRef(kind="ref", package=package, name=name, args=args, nullable=nullable)


USER = ref(MODELS, "User")

MODELS_PACKAGE = Package(
    path=MODELS,
    name="models",
    dir="models",
    types=(
        TypeDecl(
            name="User",
            kind="object",
            doc="User is an account.",
            fields=(
                Field("id", STRING),
                Field("name", STRING),
                Field("email", STRING, optional=True),
                Field("tags", TypeRef(kind="array", items=STRING, nullable=True)),
                Field("status", ref(MODELS, "Status")),
                Field("created", TypeRef(kind="string", format="date-time")),
            ),
        ),
        TypeDecl(
            name="Page",
            kind="object",
            params=(TypeParam("T"),),
            fields=(
                Field("items", TypeRef(kind="array", items=TypeRef(kind="param", name="T"))),
                Field("total", TypeRef(kind="integer", minimum=0)),
                Field("next", TypeRef(kind="string", nullable=True), optional=True),
            ),
        ),
        TypeDecl(
            name="CreateUser",
            kind="object",
            fields=(Field("name", STRING), Field("email", STRING, optional=True)),
            # What the server accepts: `binding:"required"` on name (a non-empty string), email may be
            # absent or null (the decoder leaves the zero value).
            request=RequestView(
                fields=(
                    Field("name", TypeRef(kind="string", checks=(Check("required"),))),
                    Field("email", TypeRef(kind="string", nullable=True), optional=True),
                )
            ),
        ),
        TypeDecl(
            name="Status",
            kind="enum",
            base="string",
            members=(EnumMember("StatusActive", "active"), EnumMember("StatusBanned", "banned")),
        ),
    ),
)

# The catalog type is also an ordinary enum of its package; `ApiError` and `Client` are Go types whose
# names the runtime and client also use: the barrel must still compile (theirs stay in `api.*`).
API_PACKAGE = Package(
    path=API,
    name="api",
    dir="api",
    types=(
        TypeDecl(
            name="Reason",
            kind="enum",
            base="string",
            members=(
                EnumMember("ReasonUserNotFound", "USER_NOT_FOUND"),
                EnumMember("ReasonEmailTaken", "EMAIL_TAKEN"),
                EnumMember("ReasonInvalidInput", "INVALID_INPUT"),
                EnumMember("ReasonInternal", "INTERNAL"),
            ),
        ),
        TypeDecl(name="ApiError", kind="object", fields=(Field("message", STRING),)),
        TypeDecl(name="Client", kind="object", fields=(Field("name", STRING),)),
    ),
)

CATALOG = ErrorCatalog(
    package=API,
    name="Reason",
    doc="Reason says why a request failed.",
    reasons=(
        ErrorReason("ReasonUserNotFound", "USER_NOT_FOUND", 404, doc="No user has the given ID."),
        ErrorReason("ReasonEmailTaken", "EMAIL_TAKEN", 409, doc="Another user has this email address."),
        ErrorReason("ReasonInvalidInput", "INVALID_INPUT", 400),
        ErrorReason("ReasonInternal", "INTERNAL", 500),
    ),
)

ENDPOINTS = (
    Endpoint(
        name="GetFile",
        group="FileHandler",
        package=API,
        method="GET",
        path="/files/{path...}",
        params=(Param("path", "path", STRING, doc="The file's path; slashes are kept."),),
        response=STRING,
        wire="bare",
    ),
    Endpoint(
        name="Debug",
        group="api",
        package=API,
        method="GET",
        path="/debug",
        response=TypeRef(kind="unknown"),
        wire="bare",
    ),
    Endpoint(
        name="Health",
        group="api",
        package=API,
        method="GET",
        path="/health",
        response=TypeRef(kind="object", fields=(Field("ok", BOOL), Field("version", STRING))),
        wire="bare",
        doc="Health reports whether the service is up.",
    ),
    Endpoint(
        name="ListUsers",
        group="UserHandler",
        package=API,
        method="GET",
        path="/users",
        params=(
            Param("limit", "query", TypeRef(kind="integer", minimum=1, maximum=100), optional=True, doc="At most this many."),
            Param("tag", "query", TypeRef(kind="array", items=STRING), optional=True),
            Param("status", "query", ref(MODELS, "Status"), optional=True),
            Param("active", "query", BOOL, optional=True),
            Param("X-Request-Id", "header", STRING, optional=True),
        ),
        response=ref(MODELS, "Page", USER),
        wire="envelope",
    ),
    Endpoint(
        name="CreateUser",
        group="UserHandler",
        package=API,
        method="POST",
        path="/users",
        params=(Param("Idempotency-Key", "header", STRING),),
        request=ref(MODELS, "CreateUser"),
        response=USER,
        status=201,
        errors=("EMAIL_TAKEN", "INVALID_INPUT"),
        wire="envelope",
        doc="CreateUser adds a user.",
    ),
    Endpoint(
        name="SearchUsers",
        group="UserHandler",
        package=API,
        method="GET",
        path="/users/search",
        params=(Param("q", "query", STRING),),
        response=TypeRef(kind="array", items=USER, nullable=True),
        wire="bare",
    ),
    Endpoint(
        name="DeleteUser",
        group="UserHandler",
        package=API,
        method="DELETE",
        path="/users/{id}",
        params=(Param("id", "path", INT64),),
        status=204,
        errors=("USER_NOT_FOUND",),
        wire="envelope",
    ),
    Endpoint(
        name="GetUser",
        group="UserHandler",
        package=API,
        method="GET",
        path="/users/{id}",
        params=(Param("id", "path", STRING, doc="The user's ID."),),
        response=USER,
        errors=("USER_NOT_FOUND",),
        wire="envelope",
        doc="GetUser returns one user.",
    ),
    Endpoint(
        name="Upload",
        group="FileHandler",
        package=API,
        method="POST",
        path="/files",
        # A struct bound from the form (c.ShouldBind): a required file, typed values with checks, lists.
        form=(
            FormPart("doc", "file"),
            FormPart("extra", "file", many=True, optional=True),
            FormPart("note", "value", optional=True),
            FormPart("rating", "value", optional=True, type=TypeRef("integer", checks=(Check("gte", "value", 1), Check("lte", "value", 5)))),
            FormPart("tag", "value", many=True, optional=True, type=TypeRef("array", items=STRING, checks=(Check("max", "entries", 2),))),
            FormPart("title", "value", type=TypeRef("string", checks=(Check("required"), Check("min", "characters", 2)))),
        ),
        response=TypeRef(kind="object", fields=(Field("size", INT64),)),
        wire="bare",
    ),
    # A poller's feed: 200 with users, 204 when nothing is new, 202 where only the status is set.
    Endpoint(
        name="Feed",
        group="UserHandler",
        package=API,
        method="GET",
        path="/users/feed",
        response=TypeRef(kind="array", items=USER),
        other_successes=(Success(202, USER, empty=True), Success(204)),
        wire="bare",
    ),
    Endpoint(name="Export", group="FileHandler", package=API, method="GET", path="/export.csv", response=STRING, media="text", wire="bare"),
    Endpoint(name="Logo", group="FileHandler", package=API, method="GET", path="/logo.png", response=STRING, media="binary", wire="bare"),
)


def api_contract() -> Contract:
    return Contract(module=MODULE, packages=(API_PACKAGE, MODELS_PACKAGE), endpoints=ENDPOINTS, errors=(CATALOG,))


def types_only_contract() -> Contract:
    return Contract(module=MODULE, packages=(API_PACKAGE, MODELS_PACKAGE))


def catalog_only_contract() -> Contract:
    return Contract(module=MODULE, packages=(API_PACKAGE, MODELS_PACKAGE), errors=(CATALOG,))
