"""The TypeScript client (src/_client.ts) and its runtime (src/_runtime.ts), from hand-built IR
(tests/ts_client/contract.py): compiled with tsc --strict under both module resolutions, type-level
checks (tests/ts_client/typecheck.ts), and a Node program (tests/ts_client/client_test.mjs) that runs
the compiled client against a fake fetch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from contractgen.ir.model import Contract, Endpoint, ErrorCatalog, ErrorReason, Package, TypeRef
from contractgen.targets.ts import HEADER, render
from contractgen.targets.ts.client import group_names, lower_camel, method_names, runtime_view
from harness.paths import REPO, fresh_dir, write_files
from harness.tsc import RESOLUTIONS, compile_package
from ts_client.contract import API, MODULE, api_contract, catalog_only_contract, types_only_contract

DATA = REPO / "tests" / "ts_client"
# Flags a frontend may compile src/ with; the API surface must hold up under them too.
STRICTER = [
    "--exactOptionalPropertyTypes",
    "--noUncheckedIndexedAccess",
    "--noImplicitOverride",
    "--noPropertyAccessFromIndexSignature",
    "--noUnusedLocals",
    "--noUnusedParameters",
    "--noImplicitReturns",
]


def _package(contract: Contract, *parts: str, typecheck: bool = False) -> Path:
    work = fresh_dir("ts_client", *parts)
    write_files(work, render(contract))
    if typecheck:
        shutil.copyfile(DATA / "typecheck.ts", work / "src" / "__typecheck.ts")
    return work


@pytest.fixture(scope="module")
def emitted(tsc: Path) -> Path:
    """The test contract's package with the type-level checks, compiled to dist/ (nodenext)."""
    work = _package(api_contract(), "emitted", typecheck=True)
    result = compile_package(tsc, work, "nodenext", emit=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return work


# --- compiling ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("resolution", sorted(RESOLUTIONS))
def test_client_and_type_checks_compile_strict(resolution: str, tsc: Path) -> None:
    """Right usage compiles; every `@ts-expect-error` in typecheck.ts meets an error (else TS2578)."""
    work = _package(api_contract(), "compile", resolution, typecheck=True)
    result = compile_package(tsc, work, resolution)
    assert result.returncode == 0, result.stdout + result.stderr


def test_client_compiles_under_stricter_consumer_flags(tsc: Path) -> None:
    work = _package(api_contract(), "stricter")
    args = [str(tsc), "-p", str(work / "tsconfig.json"), "--strict", "--noEmit", *RESOLUTIONS["bundler"], *STRICTER]
    result = subprocess.run(args, capture_output=True, text=True, cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr


EXACT_OPTIONAL_CONSUMER = """\
import { createClient } from "./index.js";

type ListParams = NonNullable<Parameters<ReturnType<typeof createClient>["user"]["listUsers"]>[0]>;

// A consumer forwarding parameter groups it may not have: under exactOptionalPropertyTypes this needs
// the groups written `query?: {...} | undefined` (else TS2379), as every optional key is.
export async function forward(query: ListParams["query"], headers: ListParams["headers"]): Promise<void> {
  const client = createClient({ baseUrl: "https://api.test" });
  const maybeQuery: { limit?: number | undefined } | undefined = query;
  await client.user.listUsers({ query: maybeQuery, headers });
}
"""


def test_optional_parameter_groups_accept_undefined_under_exact_optional_property_types(tsc: Path) -> None:
    work = _package(api_contract(), "exact-optional")
    (work / "src" / "__consumer.ts").write_text(EXACT_OPTIONAL_CONSUMER, encoding="utf-8")
    args = [str(tsc), "-p", str(work / "tsconfig.json"), "--strict", "--noEmit", *RESOLUTIONS["bundler"], *STRICTER]
    result = subprocess.run(args, capture_output=True, text=True, cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr


def test_type_checks_can_fail(tsc: Path) -> None:
    """A wrong call without its `@ts-expect-error` is reported: typecheck.ts proves something."""
    work = _package(api_contract(), "compile", "negative", typecheck=True)
    path = work / "src" / "__typecheck.ts"
    text = path.read_text(encoding="utf-8")
    directive = "  // @ts-expect-error the path parameter id is a string\n"
    assert directive in text
    path.write_text(text.replace(directive, ""), encoding="utf-8")
    result = compile_package(tsc, work, "nodenext")
    assert result.returncode != 0
    assert "__typecheck.ts" in result.stdout and "TS2322" in result.stdout


# --- running -----------------------------------------------------------------------------------------


def _run_node(dist: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["node", str(DATA / "client_test.mjs"), str(dist)], capture_output=True, text=True, cwd=REPO, timeout=120
    )


def test_client_runs_against_a_fake_fetch(emitted: Path) -> None:
    result = _run_node(emitted / "dist")
    summary = [line for line in result.stdout.splitlines() if line.startswith("ts client:")]
    assert result.returncode == 0 and summary and summary[-1].endswith(" 0 failed"), result.stdout + result.stderr
    print(summary[-1])


def test_node_checks_can_fail(emitted: Path) -> None:
    """The Node program reports a broken runtime: the cross-copy brand check replaced by the prototype's."""
    broken = fresh_dir("ts_client", "broken")
    shutil.copytree(emitted / "dist", broken / "dist")
    shutil.copyfile(emitted / "package.json", broken / "package.json")
    runtime = broken / "dist" / "_runtime.js"
    text = runtime.read_text(encoding="utf-8")
    assert "if (cls !== own)" in text
    runtime.write_text(text.replace("if (cls !== own)", "if (true)"), encoding="utf-8")
    result = _run_node(broken / "dist")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL instanceof holds across two separately loaded copies of the runtime" in result.stdout


# --- what is generated when -------------------------------------------------------------------------


def test_types_only_contract_has_no_api_surface() -> None:
    files = render(types_only_contract())
    assert "src/_runtime.ts" not in files and "src/_client.ts" not in files
    assert "_runtime" not in files["src/index.ts"] and "createClient" not in files["src/index.ts"]
    # the Go types the API surface would shadow are exported flat as before
    assert "export type { ApiError, Client } from" in files["src/index.ts"]


@pytest.mark.parametrize("resolution", sorted(RESOLUTIONS))
def test_catalog_without_endpoints_gets_the_runtime_only(resolution: str, tsc: Path) -> None:
    work = _package(catalog_only_contract(), "catalog_only", resolution)
    assert (work / "src" / "_runtime.ts").exists() and not (work / "src" / "_client.ts").exists()
    index = (work / "src" / "index.ts").read_text(encoding="utf-8")
    assert "isUserNotFound" in index and "createClient" not in index
    result = compile_package(tsc, work, resolution)
    assert result.returncode == 0, result.stdout + result.stderr


def test_api_files_carry_the_header_and_are_deterministic() -> None:
    first, second = render(api_contract()), render(api_contract())
    assert first == second
    for path in ("src/_runtime.ts", "src/_client.ts", "src/index.ts"):
        assert first[path].startswith(HEADER + "\n"), path
        assert "\r" not in first[path] and first[path].endswith("\n")


def test_api_files_do_not_depend_on_the_hash_seed() -> None:
    script = (
        "import hashlib, json; from ts_client.contract import api_contract; from contractgen.targets.ts import render; "
        "print(hashlib.sha256(json.dumps(render(api_contract()), sort_keys=True).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO / "tests",
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_barrel_prefers_the_api_names_and_keeps_go_types_in_their_namespace() -> None:
    index = render(api_contract())["src/index.ts"]
    assert 'export { createClient } from "./_client.js";' in index
    assert 'export * as api from "./api.js";' in index
    # api.ApiError, api.Client and api.Reason (and their schemas) are not flat: the runtime's are
    assert "ApiErrorSchema" not in index and "ClientSchema" not in index
    assert index.count("ReasonSchema") == 1


# --- naming ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("go", "ts"),
    [
        ("GetUser", "getUser"),
        ("GetURL", "getURL"),
        ("HTTPStatus", "httpStatus"),
        ("URL", "url"),
        ("ID", "id"),
        ("V2Users", "v2Users"),
        ("API2", "api2"),
        ("listUsers", "listUsers"),
        ("X", "x"),
        ("", ""),
    ],
)
def test_lower_camel(go: str, ts: str) -> None:
    assert lower_camel(go) == ts


def _endpoint(name: str, group: str, package: str = API, path: str = "/x", method: str = "GET") -> Endpoint:
    return Endpoint(name=name, group=group, package=package, method=method, path=path)


def test_group_names_strip_a_suffix_and_resolve_collisions() -> None:
    other = f"{MODULE}/v2"
    contract = Contract(
        module=MODULE,
        packages=(Package(API, "api", "api"), Package(other, "v2", "v2")),
        endpoints=(
            _endpoint("A", "UserHandler"),
            _endpoint("B", "UserService"),  # `user` too: both keep their whole names
            _endpoint("C", "OrderHandler", other),
            _endpoint("D", "OrderHandler"),  # same type name in two packages: package name in front
            _endpoint("E", "HTTPAPI"),
            _endpoint("F", "api"),  # plain functions of package api
            _endpoint("G", "Handler"),  # nothing left after the suffix
            _endpoint("H", "__proto__"),
        ),
    )
    assert group_names(contract) == {
        (API, "UserHandler"): "userHandler",
        (API, "UserService"): "userService",
        (other, "OrderHandler"): "v2OrderHandler",
        (API, "OrderHandler"): "apiOrderHandler",
        (API, "HTTPAPI"): "http",
        (API, "api"): "api",
        (API, "Handler"): "handler",
        (API, "__proto__"): "__proto___",
    }


def test_method_names_number_repeats_in_contract_order() -> None:
    endpoints = [
        _endpoint("GetUser", "U", path="/users/{id}"),
        _endpoint("GetUser", "U", path="/v1/users/{id}"),  # one handler on two routes
        _endpoint("ID", "U"),
        _endpoint("Id", "U"),
        _endpoint("", "U", path="/users/{id}/avatar", method="PUT"),
        _endpoint("GetUser2", "U"),
    ]
    assert method_names(endpoints) == ["getUser", "getUser2", "id", "id2", "putUsersIdAvatar", "getUser22"]


def test_reasons_merge_catalogs_and_keep_keys_unique() -> None:
    one = ErrorCatalog(API, "Reason", (ErrorReason("ReasonNotFound", "NOT_FOUND", 404), ErrorReason("ReasonGone", "GONE", 410)))
    two = ErrorCatalog(
        f"{MODULE}/billing",
        "Code",
        (
            ErrorReason("CodeNotFound", "PAYMENT_NOT_FOUND", 404),  # key NotFound taken by another value
            ErrorReason("CodeGone", "GONE", 410),  # the same value: one reason
            ErrorReason("CodeReason", "REASON", 400),  # guard `isReason` is the runtime's generic guard
        ),
    )
    view = runtime_view(Contract(module=MODULE, errors=(two, one)), HEADER)  # catalogs sorted by package
    assert [(r.key, r.value, r.guard) for r in view.reasons] == [
        ("ReasonNotFound", '"NOT_FOUND"', "isReasonNotFound"),
        ("Gone", '"GONE"', "isGone"),
        ("CodeNotFound", '"PAYMENT_NOT_FOUND"', "isCodeNotFound"),
        ("Reason", '"REASON"', "isReason_"),
        ("BadRequest", '"BAD_REQUEST"', "isBadRequest"),
        ("Internal", '"INTERNAL"', "isInternal"),
    ]
    assert [r.status for r in view.reasons] == [404, 410, 404, 400, 400, 500]


def test_undeclared_path_params_are_typed_and_get_takes_no_body() -> None:
    endpoint = Endpoint(
        name="Get",
        group="H",
        package=API,
        method="GET",
        path="/a/{id}/{$}",
        request=TypeRef(kind="string"),
        response=TypeRef(kind="string"),
    )
    client = render(Contract(module=MODULE, packages=(Package(API, "api", "api"),), endpoints=(endpoint,)))["src/_client.ts"]
    assert "id: string;" in client and "body:" not in client
    assert '$runtime.operation("GET", "/a/{id}/{$}", "bare", undefined, () => z.string());' in client


def test_error_bodies_type_the_method_and_give_the_operation_their_schemas() -> None:
    from contractgen.ir.model import ErrorBody, Field

    problem = TypeRef(kind="object", fields=(Field("error", TypeRef(kind="string")),))
    endpoint = Endpoint(
        name="Get",
        group="H",
        package=API,
        method="GET",
        path="/a",
        response=TypeRef(kind="string"),
        error_bodies=(ErrorBody(404, problem), ErrorBody(500, TypeRef(kind="unknown"))),
    )
    client = render(Contract(module=MODULE, packages=(Package(API, "api", "api"),), endpoints=(endpoint,)))["src/_client.ts"]
    assert '$runtime.operation("GET", "/a", "bare", undefined, () => z.string(), { 404: () => z.object({ error: z.string() }) });' in client
    assert "$runtime.WithErrors<{ 404: { error: string } }>" in client  # 500 is unknown JSON: its body stays text
    assert "@throws {ApiError} HTTP 500, a body the contract cannot see" in client
