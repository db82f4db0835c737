"""Route patterns as text: which files may register routes, and how each router's pattern syntax
becomes the contract's path template (`{name}` for a segment, `{name...}` for the rest of the path).

No parsing here: these are the cheap, exact string rules that the scanner and the IR builder share.
"""

from __future__ import annotations

import re
from typing import Literal

HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE")
# net/http's MethodXxx constants, and its StatusXxx constants with their codes.
METHOD_CONSTANTS = {"Method" + m[0] + m[1:].lower(): m for m in HTTP_METHODS}
STATUS_CONSTANTS = {
    "StatusContinue": 100,
    "StatusSwitchingProtocols": 101,
    "StatusProcessing": 102,
    "StatusEarlyHints": 103,
    "StatusOK": 200,
    "StatusCreated": 201,
    "StatusAccepted": 202,
    "StatusNonAuthoritativeInfo": 203,
    "StatusNoContent": 204,
    "StatusResetContent": 205,
    "StatusPartialContent": 206,
    "StatusMultiStatus": 207,
    "StatusAlreadyReported": 208,
    "StatusIMUsed": 226,
    "StatusMultipleChoices": 300,
    "StatusMovedPermanently": 301,
    "StatusFound": 302,
    "StatusSeeOther": 303,
    "StatusNotModified": 304,
    "StatusUseProxy": 305,
    "StatusTemporaryRedirect": 307,
    "StatusPermanentRedirect": 308,
    "StatusBadRequest": 400,
    "StatusUnauthorized": 401,
    "StatusPaymentRequired": 402,
    "StatusForbidden": 403,
    "StatusNotFound": 404,
    "StatusMethodNotAllowed": 405,
    "StatusNotAcceptable": 406,
    "StatusProxyAuthRequired": 407,
    "StatusRequestTimeout": 408,
    "StatusConflict": 409,
    "StatusGone": 410,
    "StatusLengthRequired": 411,
    "StatusPreconditionFailed": 412,
    "StatusRequestEntityTooLarge": 413,
    "StatusRequestURITooLong": 414,
    "StatusUnsupportedMediaType": 415,
    "StatusRequestedRangeNotSatisfiable": 416,
    "StatusExpectationFailed": 417,
    "StatusTeapot": 418,
    "StatusMisdirectedRequest": 421,
    "StatusUnprocessableEntity": 422,
    "StatusLocked": 423,
    "StatusFailedDependency": 424,
    "StatusTooEarly": 425,
    "StatusUpgradeRequired": 426,
    "StatusPreconditionRequired": 428,
    "StatusTooManyRequests": 429,
    "StatusRequestHeaderFieldsTooLarge": 431,
    "StatusUnavailableForLegalReasons": 451,
    "StatusInternalServerError": 500,
    "StatusNotImplemented": 501,
    "StatusBadGateway": 502,
    "StatusServiceUnavailable": 503,
    "StatusGatewayTimeout": 504,
    "StatusHTTPVersionNotSupported": 505,
    "StatusVariantAlsoNegotiates": 506,
    "StatusInsufficientStorage": 507,
    "StatusLoopDetected": 508,
    "StatusNotExtended": 510,
    "StatusNetworkAuthenticationRequired": 511,
}

# A route is registered with a string literal: a path ("/users/:id", or "" in a gin group) or a
# Go 1.22 pattern ("GET /users/{id}"). Directives (`//contractgen:route`) mark handlers and catalogs.
# Matching `("` first lets the regex engine jump between occurrences of that literal, which keeps
# this check at a few milliseconds per ten megabytes, like the declaration prefilter. A registration
# names its handler after the path, so the literal is followed by a comma (or a `+` joining
# constants); a group's prefix may end the call (`r.Group("/api")`); an empty path (a gin group's
# own route) never does, which `strings.NewReader("")` and `Ptr("")` do.
_ROUTE_LITERAL = re.compile(
    rb'\("(?:(?:/|(?:' + "|".join(HTTP_METHODS).encode() + rb')[ \t]+[^"\s]*/)(?:[^"\\\n]|\\.)*"\s*[,)+]|"\s*,)'
)
# The router methods that take the method as their first argument: gin's `r.Handle("GET", "/x", h)`,
# chi's `r.Method(http.MethodGet, "/x", h)` and `r.MethodFunc(...)`, echo's `e.Add("GET", "/x", h)`.
# contractgen.scan.registrations reads exactly these, so the prefilter below can name them.
# httprouter's `router.Handler("GET", "/x", h)` and `HandlerFunc(...)` too.
METHOD_FIRST_REGISTRARS = ("Handle", "Method", "MethodFunc", "Add", "Handler", "HandlerFunc")
# A path literal after a comma covers them all, and a method literal or constant as the first
# argument of one of them covers constant paths. Only the method's name tells such a registration
# from a client's request (`client.NewRequest("GET", u, nil)`, in every file of an API client).
# Separate patterns, each led by a literal the regex engine can jump to (one alternation of them
# tried every byte and cost half of the prefilter on kubernetes/api's 13 MB): the path literals,
# asked only of a file holding `"/`, and the method calls.
_PATH_AFTER_COMMA = re.compile(
    rb',\s*"/'
    # routes written as values (go-zero's `rest.Route{Path: "/users"}`), reported as a router without a model.
    + rb'|Path:\s*"/'
)
_METHOD_FIRST = re.compile(
    rb"\.(?:"
    + "|".join(METHOD_FIRST_REGISTRARS).encode()
    + rb')\(\s*(?:"(?:'
    + "|".join(HTTP_METHODS).encode()
    + rb')"|http\.Method[A-Z][a-z]+)\s*,'
    # gorilla/mux's route methods, whose path may be a constant (`r.HandleFunc(usersPath, h).Methods("GET")`).
    + rb"|\.(?:Methods|PathPrefix|Subrouter|Mount)\("
)
_DIRECTIVE_MARK = b"contractgen:"
# The header line of the Go that contractgen generates: such files never feed back into the contract.
GENERATED_HEADER = b"// Code generated by contractgen. DO NOT EDIT."

Style = Literal["colon", "brace"]
# A parameter of a path template: `{id}` or `{rest...}`.
_TEMPLATE_PARAM = re.compile(r"\{([^{}/]+?)(\.\.\.)?\}")
REST_NAME = "rest"  # the name given to an unnamed wildcard (chi's and echo's `*`)


def mentions_endpoints(source: bytes) -> bool:
    """Whether a file may register routes or carry contractgen directives, so must be parsed for endpoints."""
    return _DIRECTIVE_MARK in source or has_route_literal(source)


def has_route_literal(source: bytes) -> bool:
    """Whether code holds a string literal that starts a route path or a Go 1.22 pattern, or a
    method argument followed by a path."""
    return (
        _ROUTE_LITERAL.search(source) is not None
        or (b'"/' in source and _PATH_AFTER_COMMA.search(source) is not None)
        or _METHOD_FIRST.search(source) is not None
    )


def generated_by_contractgen(header: bytes) -> bool:
    """`header`: the bytes above the package clause, where Go puts the generated-code line."""
    return any(line.rstrip(b"\r").rstrip() == GENERATED_HEADER for line in header.split(b"\n"))


def split_pattern(pattern: str) -> tuple[str, str]:
    """A net/http (Go 1.22) pattern `[METHOD ][HOST]/PATH` -> (METHOD as written or "", /PATH)."""
    parts = pattern.strip().split(None, 1)
    method, rest = (parts[0], parts[1].strip()) if len(parts) == 2 else ("", pattern.strip())
    if not rest.startswith("/") and "/" in rest:
        rest = rest[rest.index("/") :]  # a host part: `example.com/x`
    return method, rest


def to_template(pattern: str, style: Style) -> str:
    """A router's path pattern -> the contract's template.

    colon (gin, echo): `:id` -> `{id}`, `*path` -> `{path...}`, `*` -> `{rest...}`.
    brace (net/http, chi): `{id}` and `{path...}` stay, `{id:[0-9]+}` (chi's regex) -> `{id}`,
    `{$}` (net/http: end of path) is dropped, a final `*` (chi) -> `{rest...}`.
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        at_segment_start = i == 0 or pattern[i - 1] == "/"
        if style == "brace" and ch == "{":
            end = _closing_brace(pattern, i)
            if end < 0:
                out.append(pattern[i:])
                break
            inner = pattern[i + 1 : end].strip()
            if inner != "$":
                rest = inner.endswith("...")
                name = (inner[:-3] if rest else inner).split(":", 1)[0].strip()
                out.append("{" + name + ("..." if rest else "") + "}")
            i = end + 1
        elif style == "colon" and at_segment_start and ch in ":*":
            end = pattern.find("/", i)
            end = len(pattern) if end < 0 else end
            name = pattern[i + 1 : end]
            if ch == ":":
                out.append("{" + name + "}" if name else ":")
            else:
                out.append("{" + (name or REST_NAME) + "...}")
            i = end
        elif style == "brace" and ch == "*" and at_segment_start and i == len(pattern) - 1:
            out.append("{" + REST_NAME + "...}")
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def path_patterns(pattern: str, framework: str | None) -> tuple[tuple[str, str], ...]:
    """The regular expressions of a path's variables (`{id:[0-9]+}`), each anchored as its router
    anchors it: gorilla/mux puts the expression in a group between the template's literals, so it
    must match the whole value (`^(?:[0-9]+)$`); chi adds `^` and `$` where the expression lacks them
    (`^[0-9]+$`; so `a|b` is chi's `^a|b$`). Other routers have none (net/http refuses the syntax)."""
    if framework not in ("mux", "chi"):
        return ()
    found: list[tuple[str, str]] = []
    i = pattern.find("{")
    while i >= 0:
        end = _closing_brace(pattern, i)
        if end < 0:
            break
        name, colon, regex = pattern[i + 1 : end].partition(":")
        if colon and regex and not name.endswith("..."):
            if framework == "mux":
                anchored = f"^(?:{regex})$"
            else:
                anchored = ("" if regex.startswith("^") else "^") + regex + ("" if regex.endswith("$") else "$")
            found.append((name.strip(), anchored))
        i = pattern.find("{", end + 1)
    return tuple(found)


def _closing_brace(text: str, start: int) -> int:
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def join_paths(prefix: str, path: str) -> str:
    """A group's prefix joined with a path below it, as gin's joinPaths does: duplicate slashes go,
    a trailing slash of `path` stays (`/api` + `/` is `/api/`), an empty `path` is the prefix itself."""
    if not path:
        return prefix or "/"
    joined = "/" + "/".join(s for s in (prefix + "/" + path).split("/") if s and s != ".")
    if path.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return joined


def template_params(template: str) -> list[tuple[str, bool]]:
    """The parameters of a template in order: (name, is the rest of the path)."""
    return [(m.group(1), m.group(2) is not None) for m in _TEMPLATE_PARAM.finditer(template)]


def derived_name(method: str, template: str) -> str:
    """A stable name for a handler that has none (an inline func literal): the method in lower case,
    then every word of the path (parameters without their braces) capitalised, as the TypeScript
    client names such an endpoint: `GET /users/{id}/orders` -> `getUsersIdOrders`, `GET /` -> `getRoot`."""
    words: list[str] = []
    for segment in template.split("/"):
        text = re.sub(r"[^A-Za-z0-9_]", "_", segment.replace("{", "").replace("}", "").replace("...", ""))
        words.extend(w[:1].upper() + w[1:] for w in text.split("_") if w)
    return method.lower() + ("".join(words) or "Root")
