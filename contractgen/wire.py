"""The wire format of envelope endpoints and errors, described once (docs/wire-format.md in words).

A leaf module: the OpenAPI target derives its envelope and problem schemas from it, and the built-in
reasons here are the IR's (contractgen/ir/errorcatalog.py reads their statuses from BUILTIN_REASONS).
"""

from __future__ import annotations

ENVELOPE_KEY = "data"  # a success body of an envelope endpoint: {"data": value}
JSON = "application/json"
PROBLEM_JSON = "application/problem+json"  # RFC 9457

# The problem members: name -> (JSON type, required, meaning). reason and metadata are extension members.
PROBLEM_FIELDS: dict[str, tuple[str, bool, str]] = {
    "type": ("string", True, 'a URI reference identifying the problem type; "about:blank"'),
    "title": ("string", True, "the status text of the HTTP status"),
    "status": ("integer", True, "the HTTP status, equal to the response status"),
    "detail": ("string", True, "a message for humans; never the text of an error outside the catalog"),
    "reason": ("string", True, "the catalog's reason, or a built-in one"),
    "metadata": ("object", False, "string keys to string values"),
}

# Reasons every envelope endpoint may return, whatever the catalog declares: value -> (status, when).
BUILTIN_REASONS: dict[str, tuple[int, str]] = {
    "BAD_REQUEST": (400, "the generated adapter could not decode the request; the handler never ran"),
    "INTERNAL": (500, "the handler returned an error that is not one of the catalog's"),
}
