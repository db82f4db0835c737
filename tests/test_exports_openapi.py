"""The OpenAPI 3.1 export of the shop service: valid (openapi-spec-validator), true to the IR, and
useful: openapi-typescript (from npm, pinned in package-lock.json) turns it into types that tsc
compiles strictly, and a program using them type-checks."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

from contractgen.pipeline import build
from contractgen.targets.openapi import OpenApiOptions, render
from harness.paths import REPO


@pytest.fixture(scope="module")
def document() -> dict:  # type: ignore[type-arg]
    generation = build(REPO / "fixtures/shop", target_names=("openapi",))
    return json.loads(generation.files["openapi/openapi.json"])


def test_valid_and_the_yaml_says_the_same(document: dict) -> None:  # type: ignore[type-arg]
    validate(document)
    files = render(build(REPO / "fixtures/shop", targets=False).contract, OpenApiOptions(version="1.0.0", yaml=True))
    assert yaml.safe_load(files["openapi.yaml"]) == json.loads(files["openapi.json"])


def test_components_tell_the_encoding_json_truth(document: dict) -> None:  # type: ignore[type-arg]
    schemas = document["components"]["schemas"]
    money = schemas["models.Money"]
    assert money["required"] == ["amount", "currency"] and money["properties"]["currency"] == {"$ref": "#/components/schemas/models.Currency"}
    assert set(schemas["models.Currency"]["enum"]) >= {"EUR", "GBP"}
    nullable = [(n, k) for n, s in schemas.items() for k, p in s.get("properties", {}).items() if isinstance(p.get("type"), list)]
    assert nullable and all("null" in schemas[n]["properties"][k]["type"] for n, k in nullable)
    assert "api.Page.models.User" in schemas and "api.Page" not in schemas  # instantiations, stably named
    ints = [p for s in schemas.values() for p in s.get("properties", {}).values() if p.get("type") == "integer"]
    assert ints and all("minimum" in p and "maximum" in p for p in ints)


def test_every_endpoint_with_its_errors(document: dict) -> None:  # type: ignore[type-arg]
    contract = build(REPO / "fixtures/shop", targets=False).contract
    operations = [(path, method) for path, ops in document["paths"].items() for method in ops]
    assert len(operations) == len(contract.endpoints)
    for endpoint in contract.endpoints:
        op = document["paths"][endpoint.path.replace("...}", "}")][endpoint.method.lower()]
        success = op["responses"][str(endpoint.status)]
        if endpoint.wire == "envelope":
            problem = op["responses"]["default"]["content"]["application/problem+json"]["schema"]
            assert set(problem["properties"]["reason"]["enum"]) == set(endpoint.errors) | {"BAD_REQUEST", "INTERNAL"}
            if endpoint.status != 204:
                assert success["content"]["application/json"]["schema"]["required"] == ["data"]
        assert {p["name"] for p in op.get("parameters", [])} == {p.name for p in endpoint.params}


def test_openapi_typescript_output_compiles(document: dict, tmp_path: Path, tsc: Path) -> None:  # type: ignore[type-arg]
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document))
    generated = subprocess.run([str(REPO / "node_modules/.bin/openapi-typescript"), str(spec), "-o", str(tmp_path / "api.ts")], capture_output=True, text=True)
    assert generated.returncode == 0, generated.stderr
    (tmp_path / "use.ts").write_text(
        'import type { components, paths } from "./api.js";\n'
        'type Money = components["schemas"]["models.Money"];\n'
        'const m: Money = { amount: 5, currency: "EUR" };\n'
        'type Orders = paths["/orders"];\n'
        "export const used: [Money, keyof Orders] = [m, \"post\"];\n"
        # a request body as the server accepts it: keys the rules do not require may be left out
        'type NewUser = paths["/users"]["post"]["requestBody"]["content"]["application/json"];\n'
        'export const minimal: NewUser = { email: "a@b.c", tags: null };\n'
        '// @ts-expect-error: the response type requires every key Go always sends\n'
        'export const sent: components["schemas"]["api.CreateUserRequest"] = { email: "a@b.c" };\n'
    )
    compiled = subprocess.run(
        [str(tsc), "--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", str(tmp_path / "api.ts"), str(tmp_path / "use.ts")],
        capture_output=True, text=True,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


def test_request_bodies_are_what_the_server_accepts(document: dict) -> None:  # type: ignore[type-arg]
    """Request bodies refer to the request views (`<Name>Input`): keys may be absent unless the rules
    reject the zero value, values may be null (fixtures/shop); tests/test_requests.py judges real bodies."""
    schemas = document["components"]["schemas"]
    body = document["paths"]["/users"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/api.CreateUserRequestInput"}
    accepted, sent = schemas["api.CreateUserRequestInput"], schemas["api.CreateUserRequest"]
    assert set(accepted.get("required", [])) < set(sent["required"])
    refs = json.dumps(accepted)
    assert '"#/components/schemas/models.RoleInput"' in refs and '"#/components/schemas/models.Role"' not in refs
    assert "enum" not in schemas["models.RoleInput"]  # the decoder does not check an enum's constants


def test_bare_endpoints_have_their_error_bodies_per_status() -> None:
    generation = build(REPO / "fixtures/ginapp", target_names=("openapi",))
    document = json.loads(generation.files["openapi/openapi.json"])
    validate(document)
    seen = 0
    for endpoint in generation.contract.endpoints:
        responses = document["paths"][endpoint.path.replace("...}", "}")][endpoint.method.lower()]["responses"]
        for body in endpoint.error_bodies:
            seen += 1
            schema = responses[str(body.status)]["content"]["application/json"]["schema"]
            assert schema == {"$ref": f"#/components/schemas/{body.type.package and generation.contract.package(body.type.package).dir.replace('/', '.') or '_root'}.{body.type.name}"}
        assert "default" in responses
    assert seen >= 5


def test_a_multipart_upload_is_a_form_data_request_body() -> None:
    """fixtures/ginapp's avatar upload (c.FormFile("avatar"), c.PostForm("caption")): a multipart/form-data
    body whose file part is a required binary string; the document stays valid."""
    generation = build(REPO / "fixtures/ginapp", target_names=("openapi",))
    document = json.loads(generation.files["openapi/openapi.json"])
    validate(document)
    body = document["paths"]["/api/users/{username}/avatar"]["post"]["requestBody"]
    assert body == {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "avatar": {"type": "string", "format": "binary", "contentMediaType": "application/octet-stream"},
                        "caption": {"type": "string"},
                    },
                    "required": ["avatar"],
                }
            }
        },
    }


def test_other_success_statuses_and_bodies_that_are_not_json() -> None:
    """fixtures/ginapp's feed answers 200 with JSON or 204 without content (c.Status), export text
    (c.String), cover bytes (c.Data): each response as written, and the document stays valid."""
    generation = build(REPO / "fixtures/ginapp", target_names=("openapi",))
    document = json.loads(generation.files["openapi/openapi.json"])
    validate(document)
    paths = document["paths"]
    feed = paths["/api/articles/feed"]["get"]["responses"]
    assert sorted(feed) == ["200", "204", "400", "default"]
    assert "content" not in feed["204"]
    assert list(feed["200"]["content"]) == ["application/json"]
    export = paths["/api/articles/export"]["get"]["responses"]["200"]
    assert export["content"] == {"text/*": {"schema": {"type": "string"}}}
    cover = paths["/api/articles/{slug}/cover"]["get"]["responses"]
    assert cover["200"]["content"] == {"*/*": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}}
    assert list(cover["404"]["content"]) == ["application/json"]


def test_a_status_only_set_is_described_as_maybe_without_a_body(tmp_path: Path) -> None:
    """`w.WriteHeader(202)` in a branch, text written after it: the 202 is text, or no body."""
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.24\n")
    (tmp_path / "main.go").write_text(
        'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() { http.HandleFunc("GET /job", job) }\n\n'
        'func job(w http.ResponseWriter, r *http.Request) {\n\tif r.URL.Query().Get("later") != "" {\n\t\tw.WriteHeader(http.StatusAccepted)\n\t}\n'
        '\tfmt.Fprint(w, "done")\n}\n'
    )
    generation = build(tmp_path, target_names=("openapi",))
    document = json.loads(generation.files["openapi/openapi.json"])
    validate(document)
    accepted = document["paths"]["/job"]["get"]["responses"]["202"]
    assert accepted == {"description": "success, with status 202 (the handler may send no body)", "content": {"text/*": {"schema": {"type": "string"}}}}
