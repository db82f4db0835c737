"""The request side tells the decoder's truth: for a set of request bodies, the generated `...InputSchema`
accepts exactly the bodies that the real server (gin's binding: encoding/json, then go-playground/validator)
accepts. Fixture: fixtures/signup. The Go side runs `binding.JSON.BindBody`, as `c.ShouldBindJSON` does."""

from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from contractgen.ir.model import Check
from contractgen.ir.validation import checks_for, parse_rules, zero_passes
from contractgen.pipeline import build
from contractgen.targets.ts import declaration_names
from contractgen.targets.ts.requests import REQUEST_MARK, with_request_variants
from harness.paths import REPO, fresh_dir, write_files
from harness.tsc import compile_package

FIXTURE = REPO / "fixtures" / "signup"

_DELETE = object()

SIGNUP = {
    "email": "ann@example.com",
    "name": "Ann",
    "age": 30,
    "plan": "free",
    "terms": True,
    "address": {"street": "Main 1", "city": "Oslo", "country": "NO"},
}
# (what is changed, key path, new value or _DELETE)
SIGNUP_CASES: list[tuple[str, tuple[str, ...], Any]] = [
    ("as is", (), None),
    ("an unknown key", ("nickname",), "annie"),
    ("email without a dot", ("email",), "a@b"),
    ("email with a one-letter top-level domain", ("email",), "a@b.c"),
    ("email quoted local part", ("email",), '"ann smith"@example.com'),
    ("email empty", ("email",), ""),
    ("email null", ("email",), None),
    ("email absent", ("email",), _DELETE),
    ("email a number", ("email",), 5),
    ("name of one accented letter", ("name",), "é"),
    ("name of two accented letters", ("name",), "éé"),
    ("name of two emoji (4 UTF-16 units)", ("name",), "\U0001f600\U0001f600"),
    ("name of 20 emoji (40 UTF-16 units)", ("name",), "\U0001f600" * 20),
    ("name of 21 letters", ("name",), "a" * 21),
    ("age 12", ("age",), 12),
    ("age 13", ("age",), 13),
    ("age 130", ("age",), 130),
    ("age 131", ("age",), 131),
    ("age with a fraction", ("age",), 30.5),
    ("age as a string", ("age",), "30"),
    ("age null", ("age",), None),
    ("age absent", ("age",), _DELETE),
    ("age beyond int64", ("age",), 2**63),
    ("plan pro", ("plan",), "pro"),
    ("plan unknown", ("plan",), "gold"),
    ("plan empty", ("plan",), ""),
    ("website empty (omitempty)", ("website",), ""),
    ("website https", ("website",), "https://example.com/a?b#c"),
    ("website mailto (opaque)", ("website",), "mailto:ann@example.com"),
    ("website upper-case scheme", ("website",), "HTTPS://EXAMPLE.COM"),
    ("website scheme only", ("website",), "http://"),
    ("website without scheme", ("website",), "example.com"),
    ("website null", ("website",), None),
    ("referrer null (nil pointer, omitempty)", ("referrer",), None),
    ("referrer empty (a pointer to empty is checked)", ("referrer",), ""),
    ("referrer uuid", ("referrer",), "7f9c24e8-3b12-4fef-91e0-03fe8f9a1b2c"),
    ("referrer upper-case uuid", ("referrer",), "7F9C24E8-3B12-4FEF-91E0-03FE8F9A1B2C"),
    ("tags null", ("tags",), None),
    ("tags empty", ("tags",), []),
    ("tags two", ("tags",), ["go", "ts"]),
    ("tags with an empty tag (dive,min=1)", ("tags",), ["go", ""]),
    ("tags with a null tag (its zero value is checked)", ("tags",), ["go", None]),
    ("tags with a 13-letter tag", ("tags",), ["a" * 13]),
    ("tags six (max=5)", ("tags",), ["a", "b", "c", "d", "e", "f"]),
    ("newsletter null", ("newsletter",), None),
    ("newsletter a string", ("newsletter",), "yes"),
    ("terms false (required bool)", ("terms",), False),
    ("terms absent", ("terms",), _DELETE),
    ("address absent (its zero value fails)", ("address",), _DELETE),
    ("address null (no-op: zero value)", ("address",), None),
    ("address country of 3 letters", ("address", "country"), "NOR"),
    ("address zip of 2 (omitempty,min=3)", ("address", "zip"), "12"),
    ("address zip of 4", ("address", "zip"), "0150"),
    ("address zip null", ("address", "zip"), None),
    ("address with an unknown key", ("address", "floor"), 3),
    ("billing null", ("billing",), None),
    ("billing empty object (a non-nil pointer is validated)", ("billing",), {}),
    ("billing complete", ("billing",), {"street": "s", "city": "c", "country": "SE"}),
    ("scores of 2 ([3]int takes any length)", ("scores",), [1, 2]),
    ("scores of 4", ("scores",), [1, 2, 3, 4]),
    ("scores with null", ("scores",), [1, None]),
    ("scores with a fraction", ("scores",), [1.5]),
    ("quantity 255", ("quantity",), 255),
    ("quantity 256", ("quantity",), 256),
    ("quantity -1", ("quantity",), -1),
    ("metadata of 4 (max=3)", ("metadata",), {"a": "1", "b": "2", "c": "3", "d": "4"}),
    ("metadata with a null value", ("metadata",), {"a": None}),
    ("color empty (omitempty,oneof)", ("color",), ""),
    ("color quoted oneof value", ("color",), "dark green"),
    ("color outside oneof", ("color",), "blue"),
    ("locale xx (ne=xx)", ("locale",), "xx"),
    ("locale en", ("locale",), "en"),
    ("handle of ASCII letters and digits (alphanum)", ("handle",), "Ann2"),
    ("handle with a dash", ("handle",), "ann-2"),
    ("handle with a letter beyond ASCII", ("handle",), "Änn"),
    ("handle empty (omitempty)", ("handle",), ""),
    ("source: any string decodes into an enum", ("source",), "anything"),
    # []byte and the other slices of a byte kind: a base64 string or an array of numbers 0..255.
    ("avatar base64", ("avatar",), "QUJD"),
    ("avatar base64 with line breaks (skipped)", ("avatar",), "QU\r\nJD\n"),
    ("avatar base64 empty", ("avatar",), ""),
    ("avatar base64 unpadded", ("avatar",), "QUI"),
    ("avatar URL-safe base64", ("avatar",), "QUJD-_"),
    ("avatar base64 after padding", ("avatar",), "QUI=QUJD"),
    ("avatar numbers", ("avatar",), [1, 2, 255]),
    ("avatar empty array", ("avatar",), []),
    ("avatar numbers with null (0)", ("avatar",), [None, 1]),
    ("avatar number 256", ("avatar",), [256]),
    ("avatar number -1", ("avatar",), [-1]),
    ("avatar number 1.5", ("avatar",), [1.5]),
    ("avatar number as a string", ("avatar",), ["1"]),
    ("avatar null", ("avatar",), None),
    ("avatar an object", ("avatar",), {}),
    ("avatar a number", ("avatar",), 5),
    ("thumbnail (*[]byte) numbers", ("thumbnail",), [7, 8]),
    ("thumbnail base64", ("thumbnail",), "QUI="),
    ("pixels ([]Pixel, type Pixel byte) base64", ("pixels",), "QUJD"),
    ("pixels numbers", ("pixels",), [0, 255]),
    ("pixels number 300", ("pixels",), [300]),
    ("shades (elements with MarshalText) as words", ("shades",), ["shade1", None]),
    ("shades as base64 (decoded as bytes all the same)", ("shades",), "AQI="),
    ("shades base64 unpadded", ("shades",), "AQI"),
    ("key ([4]byte) of five numbers (extra dropped)", ("key",), [1, 2, 3, 4, 5]),
    ("key as base64 (an array takes no string)", ("key",), "AQIDBA=="),
    ("key number 256", ("key",), [256]),
    ("extra (json.RawMessage) any JSON", ("extra",), {"x": [1, "y", None]}),
    ("extra a string", ("extra",), "QUI"),
    # uuid.UUID: UnmarshalText takes 36, 38 (any first and last byte), 45 (urn:uuid:) or 32 characters.
    ("invite canonical", ("invite",), "7f9c24e8-3b12-4fef-91e0-03fe8f9a1b2c"),
    ("invite upper case", ("invite",), "7F9C24E8-3B12-4FEF-91E0-03FE8F9A1B2C"),
    ("invite in braces", ("invite",), "{7f9c24e8-3b12-4fef-91e0-03fe8f9a1b2c}"),
    ("invite between any two ASCII characters", ("invite",), "x7f9c24e8-3b12-4fef-91e0-03fe8f9a1b2cy"),
    ("invite between two non-ASCII characters", ("invite",), "é7f9c24e8-3b12-4fef-91e0-03fe8f9a1b2cé"),
    ("invite urn", ("invite",), "urn:uuid:7f9c24e8-3b12-4fef-91e0-03fe8f9a1b2c"),
    ("invite URN in upper case", ("invite",), "URN:UUID:7F9C24E8-3B12-4FEF-91E0-03FE8F9A1B2C"),
    ("invite of 32 hex digits", ("invite",), "7f9c24e83b124fef91e003fe8f9a1b2c"),
    ("invite nil", ("invite",), "00000000-0000-0000-0000-000000000000"),
    ("invite of 35", ("invite",), "7f9c24e8-3b12-4fef-91e0-03fe8f9a1b2"),
    ("invite with a misplaced dash", ("invite",), "7f9c24e8-3b124-fef-91e0-03fe8f9a1b2c"),
    ("invite not hex", ("invite",), "7f9c24e8-3b12-4fef-91e0-03fe8f9a1b2g"),
    ("invite empty", ("invite",), ""),
    ("invite null", ("invite",), None),
    ("invite a number", ("invite",), 5),
    ("coupon (*uuid.UUID) null", ("coupon",), None),
    ("coupon urn", ("coupon",), "urn:uuid:7f9c24e8-3b12-4fef-91e0-03fe8f9a1b2c"),
    # decimal.Decimal: UnmarshalJSON takes a JSON number or a string NewFromString parses.
    ("tip a number", ("tip",), 1.5),
    ("tip a string", ("tip",), "1.5"),
    ("tip with an exponent", ("tip",), "1e3"),
    ("tip .5", ("tip",), ".5"),
    ("tip 5.", ("tip",), "5."),
    ("tip with a plus sign", ("tip",), "+1"),
    ("tip with leading zeros", ("tip",), "007"),
    ("tip with a space", ("tip",), " 1"),
    ("tip empty", ("tip",), ""),
    ("tip a word", ("tip",), "abc"),
    ("tip the word null", ("tip",), "null"),
    ("tip hexadecimal", ("tip",), "0x10"),
    ("tip null", ("tip",), None),
    ("tip a boolean", ("tip",), True),
]

PROFILE_CASES: list[tuple[str, Any]] = [
    ("empty object", {}),
    ("display name null", {"displayName": None}),
    ("display name empty (a pointer to empty, min=1)", {"displayName": ""}),
    ("display name of 30", {"displayName": "x" * 30}),
    ("display name of 31", {"displayName": "x" * 31}),
    ("bio of 160", {"bio": "b" * 160}),
    ("bio of 161", {"bio": "b" * 161}),
    ("links valid", {"links": ["https://a.example", "mailto:x@y.z"]}),
    ("links invalid", {"links": ["nope"]}),
    ("links with null (zero value fails url)", {"links": [None]}),
    ("birthday RFC 3339", {"birthday": "1990-05-01T00:00:00Z"}),
    ("birthday with offset and fraction", {"birthday": "1990-05-01T10:00:00.5+02:00"}),
    ("birthday date only", {"birthday": "1990-05-01"}),
    ("birthday null", {"birthday": None}),
    ("birthday with a comma before the fraction", {"birthday": "1990-05-01T10:00:00,5Z"}),
    ("birthday with a one-digit hour", {"birthday": "1990-05-01T5:00:00Z"}),
    ("birthday offset +24:00", {"birthday": "1990-05-01T10:00:00+24:00"}),
    ("birthday offset +25:00", {"birthday": "1990-05-01T10:00:00+25:00"}),
    ("birthday February 29 of a leap year", {"birthday": "2000-02-29T00:00:00Z"}),
    ("birthday February 29 of 1900", {"birthday": "1900-02-29T00:00:00Z"}),
    ("birthday April 31", {"birthday": "1990-04-31T00:00:00Z"}),
    ("birthday with a lower-case t", {"birthday": "1990-05-01t10:00:00Z"}),
    ("ratio 0.5", {"ratio": 0.5}),
    ("ratio 1 (lt=1)", {"ratio": 1}),
    ("ratio below 0", {"ratio": -0.1}),
    ("ratio a string", {"ratio": "0.5"}),
]

# Bodies the server accepts that the schemas reject, by decision (README, "Request bodies"): the client
# sends canonical keys (encoding/json also matches keys case-insensitively) and never a bare null body.
DECIDED = [
    ("SignupRequest", "keys in another case", json.dumps({k.upper(): v for k, v in SIGNUP.items()})),
    ("Profile", "a null body (the zero Profile passes)", "null"),
]


def _signup_body(path: tuple[str, ...], value: Any) -> str:
    body = copy.deepcopy(SIGNUP)
    if path:
        target = body
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            target.pop(path[-1], None)
        else:
            target[path[-1]] = value
    return json.dumps(body, ensure_ascii=False)


def _cases() -> list[dict[str, str]]:
    cases = [{"type": "SignupRequest", "what": what, "body": _signup_body(path, value)} for what, path, value in SIGNUP_CASES]
    cases += [{"type": "Profile", "what": what, "body": json.dumps(body)} for what, body in PROFILE_CASES]
    cases += [{"type": t, "what": what, "body": body, "decided": "1"} for t, what, body in DECIDED]
    return cases


PROBE = """package main

import (
	"encoding/json"
	"os"

	"github.com/gin-gonic/gin/binding"

	"example.com/signup/api"
)

type result struct {
	Accepted bool   `json:"accepted"`
	Error    string `json:"error,omitempty"`
}

func main() {
	var cases []struct{ Type, Body string }
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := []result{}
	for _, c := range cases {
		var target any
		switch c.Type {
		case "SignupRequest":
			target = new(api.SignupRequest)
		case "Profile":
			target = new(api.Profile)
		default:
			panic(c.Type)
		}
		err := binding.JSON.BindBody([]byte(c.Body), target)
		r := result{Accepted: err == nil}
		if err != nil {
			r.Error = err.Error()
		}
		out = append(out, r)
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
"""

CHECKER = """import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [casesPath, modulePath] = process.argv.slice(2);
const api = await import(pathToFileURL(modulePath).href);
const out = [];
for (const c of JSON.parse(readFileSync(casesPath, "utf8"))) {
  const result = api[c.type + "InputSchema"].safeParse(JSON.parse(c.body));
  out.push({ accepted: result.success, issues: result.success ? "" : result.error.issues.map((i) => i.path.join(".") + ": " + i.message).join("; ") });
}
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def verdicts(tsc: Path, go: str) -> list[dict[str, Any]]:
    generation = build(FIXTURE, target_names=("ts", "openapi"))
    errors = [d for d in generation.diagnostics if d.severity.value == "error"]
    assert not errors, [d.render() for d in errors]
    work = fresh_dir("requests")
    package_dir = work / "package"
    files = {k[len("ts/") :]: v for k, v in generation.files.items() if k.startswith("ts/")}
    files["src/__assert.ts"] = _equality_assertions(generation.contract)
    write_files(package_dir, files)
    compiled = compile_package(tsc, package_dir, "nodenext", emit=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr

    cases = _cases()
    (work / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    probe = work / "probe"
    probe.mkdir()
    go_mod = (FIXTURE / "go.mod").read_text().replace("module example.com/signup", "module probe")
    go_mod += f"\nrequire example.com/signup v0.0.0\n\nreplace example.com/signup => {FIXTURE}\n"
    (probe / "go.mod").write_text(go_mod)
    (probe / "go.sum").write_text((FIXTURE / "go.sum").read_text())
    (probe / "main.go").write_text(PROBE)
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    with (work / "cases.json").open("rb") as stdin:
        server = subprocess.run([go, "run", "."], cwd=probe, env=env, stdin=stdin, capture_output=True, timeout=600)
    assert server.returncode == 0, server.stderr.decode()
    (work / "check.mjs").write_text(CHECKER)
    client = subprocess.run(
        ["node", str(work / "check.mjs"), str(work / "cases.json"), str(package_dir / "dist" / "api.js")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert client.returncode == 0, client.stderr
    openapi = _openapi_verdicts(json.loads(generation.files["openapi/openapi.json"]), cases)
    return [
        {**case, "server": s, "client": c, "openapi": o}
        for case, s, c, o in zip(cases, json.loads(server.stdout), json.loads(client.stdout), openapi, strict=True)
    ]


def _openapi_verdicts(document: dict[str, Any], cases: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Each body judged by the OpenAPI document's request component (`api.<Type>Input`), python-jsonschema."""
    from jsonschema import Draft202012Validator

    out = []
    for case in cases:
        validator = Draft202012Validator({**document, "$ref": f"#/components/schemas/api.{case['type']}Input"})
        errors = [e.message for e in validator.iter_errors(json.loads(case["body"]))]
        out.append({"accepted": not errors, "issues": "; ".join(errors)[:300]})
    return out


def _equality_assertions(contract: Any) -> str:
    """Each Input interface is exactly what its schema infers (also under exactOptionalPropertyTypes)."""
    augmented, names = with_request_variants(contract, declaration_names(contract))
    lines = [
        'import * as z from "zod";',
        'import * as api from "./api.js";',
        "type Equal<X, Y> = (<G>() => G extends X ? 1 : 2) extends (<G>() => G extends Y ? 1 : 2) ? true : false;",
        "type Expect<T extends true> = T;",
    ]
    for (package, name), ts_name in sorted(names.items()):
        if name.endswith(REQUEST_MARK) and package.endswith("/api"):
            lines.append(f"export type _{ts_name} = Expect<Equal<api.{ts_name}, z.infer<typeof api.{ts_name}Schema>>>;")
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_no_body_the_server_accepts_is_rejected(verdicts: list[dict[str, Any]]) -> None:
    wrong = [v for v in verdicts if v["server"]["accepted"] and not v["client"]["accepted"] and not v.get("decided")]
    assert sum(v["server"]["accepted"] for v in verdicts) >= 40
    assert not wrong, json.dumps(wrong, indent=1, ensure_ascii=False)


@pytest.mark.slow
def test_every_body_the_server_rejects_is_rejected(verdicts: list[dict[str, Any]]) -> None:
    # No remaining false acceptances among these cases; README lists the rules where they remain.
    lax = [v for v in verdicts if not v["server"]["accepted"] and v["client"]["accepted"]]
    assert sum(not v["server"]["accepted"] for v in verdicts) >= 30
    assert not lax, json.dumps(lax, indent=1, ensure_ascii=False)


@pytest.mark.slow
def test_the_openapi_request_bodies_judge_like_the_server(verdicts: list[dict[str, Any]]) -> None:
    """The OpenAPI target's request components (request views and validation rules as keywords)."""
    wrong = [v for v in verdicts if v["server"]["accepted"] != v["openapi"]["accepted"] and not v.get("decided")]
    assert not wrong, json.dumps(wrong, indent=1, ensure_ascii=False)
    decided = [v for v in verdicts if v.get("decided")]
    assert [(v["server"]["accepted"], v["openapi"]["accepted"]) for v in decided] == [(True, False)] * len(DECIDED)


@pytest.mark.slow
def test_the_decided_differences_are_what_the_readme_says(verdicts: list[dict[str, Any]]) -> None:
    decided = [v for v in verdicts if v.get("decided")]
    assert [(v["server"]["accepted"], v["client"]["accepted"]) for v in decided] == [(True, False)] * len(DECIDED)


def test_request_views_are_only_for_request_bodies() -> None:
    contract = build(FIXTURE, targets=False).contract
    api = contract.package("example.com/signup/api")
    viewed = sorted(d.name for d in api.types if d.request is not None)
    # Account is only sent; Profile is both sent and accepted; Plan, Address and Shade are reached from the bodies.
    assert viewed == ["Address", "Plan", "Profile", "Shade", "SignupRequest"]
    assert contract.decl("example.com/signup/api", "Account").request is None
    plan = contract.decl("example.com/signup/api", "Plan")
    assert plan.kind == "enum" and plan.request is not None and plan.request.type is not None
    assert plan.request.type.kind == "string"  # the decoder takes any string into a string enum


def test_both_sides_of_a_shared_type_are_generated() -> None:
    files = build(FIXTURE).files
    api = files["ts/src/api.ts"]
    assert "export interface Profile {" in api and "export interface ProfileInput {" in api
    client = files["ts/src/_client.ts"]
    assert "body: api.ProfileInput;" in client and "body: api.SignupRequestInput;" in client


@pytest.mark.parametrize(
    ("tag", "kind", "zero_ok"),
    [
        ('binding:"required"', "int", False),
        ('binding:"required"', "pointer", False),
        ('binding:"omitempty,min=3"', "string", True),
        ('binding:"min=3"', "string", False),
        ('binding:"max=3"', "string", True),
        ('binding:"min=2"', "pointer", False),
        ('binding:"omitempty,min=2"', "pointer", True),
        ('binding:"oneof=a b"', "string", False),
        ("binding:\"oneof='' b\"", "string", True),
        ('binding:"len=2"', "slice", False),
        ('binding:"max=2"', "slice", True),
        ('binding:"gte=0,lt=1"', "float", True),
        ('binding:"gt=0"', "int", False),
        ('validate:"ne=0"', "int", False),
        ('json:"x"', "string", True),
    ],
)
def test_the_zero_value_left_by_an_absent_key_is_judged_like_the_validator(tag: str, kind: str, zero_ok: bool) -> None:
    rules = parse_rules(tag)
    inner = "string" if kind == "pointer" else kind
    checks = checks_for(rules.at(0), inner, [])
    assert zero_passes(checks, kind) is zero_ok


def test_validation_tags_parse_like_the_validator() -> None:
    rules = parse_rules('json:"tags" binding:"required,max=5,dive,oneof=\'a b\' c,gte=1" validate:"min=9"')
    assert rules.tag == "binding" and len(rules.levels) == 2  # binding wins: gin reads it
    assert checks_for(rules.at(1), "string", []) == (
        Check("oneof", "value", values=("a b", "c")),
        Check("gte", "characters", 1),
    )
    unsupported = parse_rules('validate:"required_if=Kind a,eqfield=Other,min=1|max=3"')
    assert unsupported.unsupported == ["required_if=Kind a", "eqfield=Other", "min=1|max=3"]
    assert parse_rules('binding:"-"').skip


def test_unsupported_rules_are_reported(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.24\n")
    (tmp_path / "main.go").write_text(
        'package main\n\nimport (\n\t"encoding/json"\n\t"net/http"\n)\n\n'
        "type In struct {\n"
        '\tA string `json:"a" validate:"required_with=B"`\n'
        '\tB []int  `json:"b" validate:"email"`\n'
        "}\n\n"
        "func create(w http.ResponseWriter, r *http.Request) {\n"
        "\tvar in In\n\tjson.NewDecoder(r.Body).Decode(&in)\n}\n\n"
        'func main() {\n\thttp.HandleFunc("POST /in", create)\n}\n'
    )
    generation = build(tmp_path, targets=False)
    found = sorted(d.message for d in generation.diagnostics if d.code == "CG331")
    assert len(found) == 2 and "required_with=B" in found[1] and "'email'" in found[0]
