"""The zero value of an enum (issue 7): encoding/json writes "" (or 0) for a field nobody set, so a
value of an enum whose constants do not include it may also be it, unless the user says the type is
always set (`//contractgen:always-set`, `[enums]` in contractgen.toml). What real Go sends is proven
by the round trips (tests/test_roundtrip.py: the zero value of every type; tests/test_deps.py:
half-filled kubernetes objects); these tests pin the decision, its configuration and each target's
rendering of it."""

from __future__ import annotations

import json

import pytest

from contractgen.config import load_config
from contractgen.ir.model import TypeDecl
from contractgen.pipeline import build
from harness.services import types_files, write_module

MODELS = "example.com/lib/models"
STATUS = """type Status string

const (
\tStatusOpen   Status = "open"
\tStatusClosed Status = "closed"
)
"""
LEVEL = """type Level int

const (
\tLevelLow Level = iota + 1
\tLevelHigh
)
"""
TYPES = STATUS + "\n%s\n" + LEVEL + """
// Role has a constant for the zero value: nothing to add.
type Role string

const (
\tRoleNone  Role = ""
\tRoleAdmin Role = "admin"
)

type Ticket struct {
\tStatus Status `json:"status"`
\tLevel  Level  `json:"level"`
\tRole   Role   `json:"role"`
}
"""


def _generation(name: str, directive: str = "", config: str = ""):  # type: ignore[no-untyped-def]
    files = types_files(TYPES % directive)
    if config:
        files["contractgen.toml"] = "version = 1\n\n" + config
    return build(write_module(files, "enumzero", name))


def _decl(generation, name: str) -> TypeDecl:  # type: ignore[no-untyped-def]
    return generation.contract.decl(MODELS, name)


def test_by_default_an_enum_may_be_its_zero_value_in_every_target() -> None:
    generation = _generation("default")
    assert not [d.render() for d in generation.diagnostics]
    assert _decl(generation, "Status").zero and _decl(generation, "Level").zero
    assert not _decl(generation, "Role").zero  # RoleNone is the zero value
    ts = generation.files["ts/src/models.ts"]
    assert 'export type Status = (typeof Status)[keyof typeof Status] | "";' in ts
    assert 'export const StatusSchema = z.union([z.enum(Status), z.literal("")]);' in ts
    assert "export type Level = (typeof Level)[keyof typeof Level] | 0;" in ts
    assert "export const RoleSchema = z.enum(Role);" in ts
    from contractgen.targets import jsonschema, openapi

    documents = {path: json.loads(text) for path, text in jsonschema.render(generation.contract).items()}
    assert documents["models/Status.json"]["enum"] == ["open", "closed", ""]
    assert documents["models/Level.json"]["enum"] == [1, 2, 0]
    assert documents["models/Role.json"]["enum"] == ["", "admin"]
    (document,) = openapi.render(generation.contract).values()
    components = json.loads(document)["components"]["schemas"]
    assert components["models.Status"]["enum"] == ["open", "closed", ""] and components["models.Level"]["enum"] == [1, 2, 0]
    assert '"zero": true' in generation.files["contract.json"]


def test_a_directive_says_a_type_is_always_set() -> None:
    generation = _generation("directive", "//contractgen:always-set\ntype Kind string\n\nconst KindA Kind = \"a\"\n")
    assert not [d.render() for d in generation.diagnostics]
    assert not _decl(generation, "Kind").zero and _decl(generation, "Status").zero
    assert "export const KindSchema = z.enum(Kind);" in generation.files["ts/src/models.ts"]


def test_the_directive_on_a_type_that_is_no_enum_is_a_warning() -> None:
    generation = _generation("not-an-enum", "//contractgen:always-set\ntype Note string\n")
    assert [(d.code, d.message, d.position.line if d.position else 0) for d in generation.diagnostics] == [
        ("CG307", "//contractgen:always-set has no meaning on Note, which is not an enum (a named string or integer type with constants); it is ignored", 10)
    ]


def test_the_config_names_types_that_are_always_set_or_rejects_every_zero_value() -> None:
    named = _generation("named", config=f'[enums]\nalways_set = ["{MODELS}.Status"]\n')
    assert not [d.render() for d in named.diagnostics]
    assert not _decl(named, "Status").zero and _decl(named, "Level").zero
    everywhere = _generation("reject", config='[enums]\nzero_value = "reject"\n')
    assert not _decl(everywhere, "Status").zero and not _decl(everywhere, "Level").zero
    assert "export const StatusSchema = z.enum(Status);" in everywhere.files["ts/src/models.ts"]


@pytest.mark.parametrize(
    ("table", "message", "hint"),
    [
        ('zero_value = "rejekt"', "enums.zero_value must be one of 'accept', 'reject', not 'rejekt'", "did you mean 'reject'?"),
        ('always_set = ["Status"]', "enums.always_set: 'Status' is not a qualified Go type", "import path and name"),
        ("always_sets = []", "unknown key 'always_sets' in [enums]", "did you mean 'always_set'?"),
        ("zero_value = true", "enums.zero_value must be a string, not bool", ""),
    ],
)
def test_bad_enums_config_is_a_positioned_error(tmp_path, table: str, message: str, hint: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "contractgen.toml").write_text(f"version = 1\n\n[enums]\n{table}\n", encoding="utf-8")
    _config, diagnostics = load_config(tmp_path)
    assert [(d.code, d.message, d.position.line if d.position else None) for d in diagnostics] == [("CG203", message, 4)]
    assert hint in diagnostics[0].hint


def test_the_request_side_takes_any_value_of_the_base_kind() -> None:
    """encoding/json decodes any string into a string enum (and a missing key leaves the zero value):
    a request body's enum is its base kind, whatever the zero-value setting; `oneof` is the server's rule."""
    files = types_files(TYPES % "")
    files["models/handler.go"] = (
        "package models\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n)\n\n"
        "func Create(w http.ResponseWriter, r *http.Request) {\n\tvar t Ticket\n\t_ = json.NewDecoder(r.Body).Decode(&t)\n}\n\n"
        "func Routes(mux *http.ServeMux) {\n\tmux.HandleFunc(\"POST /tickets\", Create)\n}\n"
    )
    files["contractgen.toml"] = 'version = 1\n\n[enums]\nzero_value = "reject"\n'
    generation = build(write_module(files, "enumzero", "request"))
    ticket = _decl(generation, "Ticket")
    assert ticket.request is not None
    status = _decl(generation, "Status")
    assert status.request is not None and status.request.type is not None and status.request.type.kind == "string"


# Per field: an omitempty field of a string or integer kind never writes "" or 0 (isEmptyValue goes by
# the kind), so there the enum is its members only; a pointer, an element or a field without omitempty
# keeps the zero value.
FIELDS = STATUS + "\n" + LEVEL + """
type Ticket struct {
\tStatus Status   `json:"status"`
\tMaybe  Status   `json:"maybe,omitempty"`
\tPtr    *Status  `json:"ptr,omitempty"`
\tLevel  Level    `json:"level,omitempty"`
\tList   []Status `json:"list,omitempty"`
\tQuoted Level    `json:"quoted,omitempty,string"`
}
"""


def _ticket_generation(name: str, fields: str = FIELDS):  # type: ignore[no-untyped-def]
    files = types_files(fields)
    files["models/handler.go"] = (
        "package models\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n)\n\n"
        "func Create(w http.ResponseWriter, r *http.Request) {\n\tvar t Ticket\n\t_ = json.NewDecoder(r.Body).Decode(&t)\n"
        "\t_ = json.NewEncoder(w).Encode(t)\n}\n\n"
        "func Routes(mux *http.ServeMux) {\n\tmux.HandleFunc(\"POST /tickets\", Create)\n}\n"
    )
    return build(write_module(files, "enumzero", name))


def test_an_omitempty_field_of_an_enum_never_holds_its_zero_value() -> None:
    generation = _ticket_generation("per-field")
    assert not [d.render() for d in generation.diagnostics]
    fields = {f.name: f.type for f in _decl(generation, "Ticket").fields}
    assert [name for name, ref in fields.items() if ref.never_zero] == ["maybe", "level"]
    assert fields["ptr"].kind == "ref" and fields["list"].items is not None and not fields["list"].items.never_zero
    ts = generation.files["ts/src/models.ts"]
    assert 'maybe?: Exclude<Status, ""> | undefined;' in ts and "level?: Exclude<Level, 0> | undefined;" in ts
    assert "status: Status;" in ts and "ptr?: Status | undefined;" in ts and "list?: Status[] | undefined;" in ts
    assert "maybe: z.enum(Status).optional()," in ts and "level: z.enum(Level).optional()," in ts
    assert "status: StatusSchema," in ts and "ptr: StatusSchema.optional()," in ts
    # The request side takes any value of the base kind, "" included (the decoder checks no constant).
    request = _decl(generation, "Ticket").request
    assert request is not None and not any(f.type.never_zero for f in request.fields)


def test_json_schema_and_openapi_leave_the_zero_value_out_of_an_omitempty_field() -> None:
    from jsonschema import Draft202012Validator

    from contractgen.targets import openapi

    generation = _ticket_generation("per-field-openapi")
    (document,) = openapi.render(generation.contract).values()
    spec = json.loads(document)
    properties = spec["components"]["schemas"]["models.Ticket"]["properties"]
    assert properties["maybe"] == {"$ref": "#/components/schemas/models.Status", "not": {"const": ""}}
    assert properties["status"] == {"$ref": "#/components/schemas/models.Status"}
    validator = Draft202012Validator({**spec, "$ref": "#/components/schemas/models.Ticket"})
    assert validator.is_valid({"status": "", "maybe": "open", "level": 2})
    assert not validator.is_valid({"status": "", "maybe": ""}) and not validator.is_valid({"status": "", "level": 0})
    request = Draft202012Validator({**spec, "$ref": "#/components/schemas/models.TicketInput"})
    assert request.is_valid({"maybe": "", "level": 0})


def test_diff_calls_a_field_losing_omitempty_a_new_member_of_its_response() -> None:
    from contractgen.changes import compare

    old = _ticket_generation("diff-old").contract
    new = _ticket_generation("diff-new", FIELDS.replace('`json:"maybe,omitempty"`', '`json:"maybe"`')).contract
    changes = compare(old, new)
    assert [c.message for c in changes if c.rule == "response-enum-member-added"], [(c.rule, c.message) for c in changes]
    assert not compare(old, old)


@pytest.mark.slow
def test_what_go_sends_for_each_field_is_accepted_and_the_zero_left_out_is_rejected(go: str) -> None:
    """Round-trip evidence: real Go marshals Tickets in every state of their enum fields; each is
    accepted by the response schema, and the same value with the omitted zero written in is not."""
    from jsonschema import Draft202012Validator

    from contractgen.targets import openapi
    from harness.paths import fresh_dir

    generation = _ticket_generation("per-field-go")
    work = fresh_dir("enumzero-go")
    (work / "go.mod").write_text("module probe\n\ngo 1.24\n", encoding="utf-8")
    program = FIELDS + """
func main() {
\tempty := Status("")
\topen := StatusOpen
\tfor _, t := range []Ticket{{}, {Status: StatusOpen, Maybe: StatusClosed, Level: LevelHigh, Quoted: LevelLow},
\t\t{Ptr: &empty, List: []Status{"", StatusOpen}}, {Ptr: &open, Maybe: ""}} {
\t\tout, err := json.Marshal(t)
\t\tif err != nil {
\t\t\tpanic(err)
\t\t}
\t\tfmt.Println(string(out))
\t}
}
"""
    (work / "main.go").write_text('package main\n\nimport (\n\t"encoding/json"\n\t"fmt"\n)\n\n' + program, encoding="utf-8")
    import os
    import subprocess

    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOWORK": "off", "GOTOOLCHAIN": "local"}
    result = subprocess.run([go, "run", "."], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    sent = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"status": ""} in sent  # the zero value where there is no omitempty
    (document,) = openapi.render(generation.contract).values()
    validator = Draft202012Validator({**json.loads(document), "$ref": "#/components/schemas/models.Ticket"})
    assert [validator.is_valid(v) for v in sent] == [True] * len(sent)
    assert not any("maybe" in v and v["maybe"] == "" for v in sent) and not any(v.get("level") == 0 for v in sent)
    assert not validator.is_valid({**sent[0], "maybe": ""}) and not validator.is_valid({**sent[0], "level": 0})
