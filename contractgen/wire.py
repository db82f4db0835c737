"""The wire format of envelope endpoints and errors, described once (docs/wire-format.md in words).

A leaf module: the OpenAPI target derives its envelope and problem schemas from it, the TS runtime's
and the Go package's templates spell the envelope, the media types and the problem members from
WIRE (their contexts' `wire`), and the built-in reasons here are the IR's
(contractgen/ir/errorcatalog.py reads their statuses from BUILTIN_REASONS).
"""

from __future__ import annotations

from contractgen.records import record


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

PROBLEM_TYPE = "about:blank"  # the `type` member of every problem: the status and the reason say what happened


@record(frozen=True)
class ProblemMember:
    """One member of a problem body, as PROBLEM_FIELDS lists it."""

    name: str  # the JSON key
    type: str  # its JSON type
    required: bool
    meaning: str


@record(frozen=True)
class BuiltinReason:
    """A reason every envelope endpoint may return (BUILTIN_REASONS): its wire value, status and when."""

    value: str
    status: int
    when: str


@record(frozen=True)
class WireFormat:
    """The wire format as templates see it (the `wire` of the TS runtime's and the Go package's
    contexts): the templates spell keys, media types and members from it, never by hand."""

    envelope_key: str
    json: str
    problem_json: str
    problem_type: str
    problem: dict[str, ProblemMember]  # by name, in PROBLEM_FIELDS' order
    builtin_reasons: tuple[BuiltinReason, ...]


WIRE = WireFormat(
    envelope_key=ENVELOPE_KEY,
    json=JSON,
    problem_json=PROBLEM_JSON,
    problem_type=PROBLEM_TYPE,
    problem={name: ProblemMember(name, kind, required, meaning) for name, (kind, required, meaning) in PROBLEM_FIELDS.items()},
    builtin_reasons=tuple(BuiltinReason(value, status, when) for value, (status, when) in BUILTIN_REASONS.items()),
)
