"""The Go target: the generated package is gofmt-clean, vets, and behaves as docs/wire-format.md says.

The behaviour is proven by Go tests (tests/go_target/contract_test.go) run against a package rendered
from the catalog below: errors.Is/As through wrapping, copies from the With methods, the problem+json
wire form both ways, and the net/http adapter end to end.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from contractgen.config import Config, load_config
from contractgen.ir.model import Contract, ErrorCatalog, ErrorReason
from contractgen.targets import render_all
from contractgen.targets.go import HEADER, GoOptions, render
from contractgen.targets.go.names import doc_lines, go_string, reason_stem

from harness.paths import REPO, fresh_dir, write_files

OFFLINE = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOWORK": "off"}
GO_TESTS = REPO / "tests" / "go_target"
MODULE = "contractgen.test/gotarget"  # the module path contract_test.go imports the package from

CATALOG = ErrorCatalog(
    package="example.com/shop/api",
    name="Reason",
    doc="Reason is why a request failed.",
    reasons=(
        ErrorReason("ReasonUserNotFound", "USER_NOT_FOUND", 404, "ReasonUserNotFound means no user has the id."),
        ErrorReason("ReasonEmailTaken", "EMAIL_TAKEN", 409, "ReasonEmailTaken means another account has the email.\nEmails are unique."),
    ),
)
SHOP = Contract(module="example.com/shop", errors=(CATALOG,))


def _gofmt(go: str) -> str:
    found = shutil.which("gofmt") or str(Path(go).parent / "gofmt")
    assert Path(found).exists(), "gofmt is needed by the tests (it ships with Go)"
    return found


def _module(name: str, files: dict[str, str], package: str = "apicontract") -> Path:
    """A fresh Go module under tests/.work holding the rendered package at <module>/<package>/."""
    root = fresh_dir("go_target", name)
    write_files(root, files)
    (root / "go.mod").write_text(f"module {MODULE}\n\ngo 1.24\n", encoding="utf-8")
    assert (root / package).is_dir()
    return root


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, env=OFFLINE, timeout=600)


def _assert_gofmt_and_vet(go: str, root: Path) -> None:
    fmt = _run(root, _gofmt(go), "-l", ".")
    assert fmt.returncode == 0 and fmt.stdout == "", f"not gofmt-clean:\n{fmt.stdout}{fmt.stderr}"
    vet = _run(root, go, "vet", "./...")
    assert vet.returncode == 0, vet.stderr


def _imports(text: str) -> list[str]:
    block = text.split("import (", 1)[1].split(")", 1)[0] if "import (" in text else ""
    single = [line.split('"')[1] for line in text.splitlines() if line.startswith('import "')]
    return single + [line.strip().strip('"') for line in block.splitlines() if line.strip()]


# --- the generated package, compiled and tested by Go ------------------------------------------------


def test_generated_package_passes_gofmt_vet_and_its_go_tests(go: str) -> None:
    root = _module("shop", render(SHOP))
    shutil.copy(GO_TESTS / "contract_test.go", root / "apicontract" / "contract_test.go")
    _assert_gofmt_and_vet(go, root)
    result = _run(root, go, "test", "-count=1", "./...")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok" in result.stdout


def test_without_a_catalog_the_builtins_envelope_and_adapter_are_generated(go: str) -> None:
    files = render(Contract(module="example.com/bare"))
    root = _module("bare", files)
    _assert_gofmt_and_vet(go, root)
    reasons = files["apicontract/reasons.go"]
    assert 'ReasonInternal Reason = "INTERNAL"' in reasons and 'ReasonBadRequest Reason = "BAD_REQUEST"' in reasons
    assert reasons.count(' Reason = "') == 2
    assert "func Handle[Req, Resp any](" in files["apicontract/handler.go"]
    assert "type ApiResponse[T any] struct" in files["apicontract/handler.go"]


def test_awkward_catalogs_still_give_valid_go(go: str) -> None:
    """Names that collide with the package's own, odd wire values, doc text gofmt would rewrite or Go would reject."""
    reasons = (
        ErrorReason("ErrOf", "OF", 418, "ErrOf collides: ReasonOf is a function of the package."),
        ErrorReason("ReasonError", "ERROR", 500, "  indented\n- a list item\n\t\ttabbed  \r\n\n\nDeprecated: use X.\x00\ufeff"),
        ErrorReason("CodeHTTPTimeout", "HTTP_TIMEOUT", 504),
        ErrorReason("ReasonQuote", 'quote"back\\slash é 😀\u2028', 400),
        ErrorReason("Reason404", "404_GONE", 410),
        ErrorReason("ReasonDup", "user.not_found", 404),
        ErrorReason("ReasonInternal", "INTERNAL", 500, "ReasonInternal is our own doc of INTERNAL."),
    )
    other = ErrorCatalog("example.com/shop/zz", "Code", reasons=(ErrorReason("CodeUserNotFound", "USER_NOT_FOUND", 499),))
    contract = Contract(module="example.com/odd", errors=(other, CATALOG, ErrorCatalog("example.com/shop/b", "Reason", reasons=reasons)))
    files = render(contract, GoOptions(package="errs"))
    assert sorted(files) == [f"errs/{name}" for name in ("doc.go", "errors.go", "handler.go", "params.go", "problem.go", "reasons.go")]
    root = _module("odd", files, "errs")
    _assert_gofmt_and_vet(go, root)
    text = files["errs/reasons.go"]
    for name in ("func OfError(", "func ErrorError(", "func HTTPTimeout(", "func R404Gone(", "func UserNotFoundError(", "func IsUserNotFound("):
        assert name in text, name
    assert text.count('Reason = "INTERNAL"') == 1 and "our own doc of INTERNAL" in text
    # The first catalog (by package) wins a wire value both declare: USER_NOT_FOUND stays 404.
    assert text.count('Reason = "USER_NOT_FOUND"') == 1 and "case ReasonUserNotFound:\n\t\treturn 404" in text
    assert "package errs" in files["errs/doc.go"] and "errs.Handle(" in files["errs/doc.go"]


# --- pure-function properties ------------------------------------------------------------------------


def test_render_is_deterministic_with_header_and_lf_only() -> None:
    first, second = render(SHOP), render(SHOP)
    assert first == second
    assert list(first) == sorted(first)
    assert HEADER == "// Code generated by contractgen. DO NOT EDIT."  # Go's marker of generated code
    for rel, text in first.items():
        assert text.startswith(HEADER + "\n"), rel
        assert "\r" not in text and text.endswith("\n") and not text.endswith("\n\n"), rel
    # Catalog order and reason order do not matter: output is sorted.
    shuffled = Contract(module=SHOP.module, errors=(ErrorCatalog(CATALOG.package, CATALOG.name, tuple(reversed(CATALOG.reasons))),))
    assert render(shuffled) == first


def test_render_is_identical_across_hash_seeds() -> None:
    code = (
        "import json, sys; sys.path.insert(0, 'tests'); from test_go_target import SHOP; "
        "from contractgen.targets.go import render; print(json.dumps(render(SHOP)))"
    )
    outputs = [
        subprocess.run([sys.executable, "-c", code], cwd=REPO, env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True).stdout
        for seed in ("1", "4242")
    ]
    assert outputs[0] == outputs[1] and json.loads(outputs[0]) == render(SHOP)


def test_generated_go_imports_only_the_standard_library() -> None:
    for rel, text in render(SHOP).items():
        for path in _imports(text):
            assert "." not in path.split("/")[0], f"{rel} imports {path}"


def test_registered_target_writes_under_go_package_dir() -> None:
    files = render_all(SHOP, Config()).files
    assert "go/apicontract/reasons.go" in files and "ts/package.json" in files
    files = render_all(SHOP, Config(go_package="shopapi")).files
    assert {rel for rel in files if rel.startswith("go/")} == {f"go/shopapi/{n}" for n in ("doc.go", "errors.go", "handler.go", "params.go", "problem.go", "reasons.go")}


def test_cli_generate_writes_the_go_package(go: str) -> None:
    src = fresh_dir("go_target", "cli_src")
    (src / "go.mod").write_text("module example.com/svc\n\ngo 1.24\n", encoding="utf-8")
    (src / "models.go").write_text("package svc\n\n// User is a user.\ntype User struct {\n\tName string `json:\"name\"`\n}\n", encoding="utf-8")
    (src / "contractgen.toml").write_text('version = 1\n\n[go]\npackage = "svcapi"\n', encoding="utf-8")
    out = fresh_dir("go_target", "cli_out")
    result = subprocess.run([sys.executable, "-m", "contractgen", "generate", str(src), "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (out / "go" / "svcapi").iterdir())
    assert written == ["doc.go", "errors.go", "handler.go", "params.go", "problem.go", "reasons.go"]
    fmt = _run(out, _gofmt(go), "-l", "go")
    assert fmt.stdout == "", fmt.stdout


def test_template_override_replaces_one_template(tmp_path: Path) -> None:
    (tmp_path / "doc.go.jinja").write_text("{{ view.header }}\n\n// Package {{ view.package }} is ours.\npackage {{ view.package }}\n", encoding="utf-8")
    files = render(SHOP, GoOptions(template_dir=tmp_path))
    assert files["apicontract/doc.go"] == HEADER + "\n\n// Package apicontract is ours.\npackage apicontract\n"
    assert files["apicontract/errors.go"] == render(SHOP)["apicontract/errors.go"]


# --- configuration -----------------------------------------------------------------------------------


def _config(tmp_path: Path, text: str) -> tuple[Config, list[str]]:
    (tmp_path / "contractgen.toml").write_text(text, encoding="utf-8")
    config, problems = load_config(tmp_path)
    return config, [p.message + " " + p.hint for p in problems]


def test_config_go_package(tmp_path: Path) -> None:
    assert Config().go_package == "apicontract"
    config, problems = _config(tmp_path, 'version = 1\n[go]\npackage = "shopapi"\n')
    assert problems == [] and config.go_package == "shopapi"
    for bad in ("ShopAPI", "shop-api", "type", "main", ""):
        _, problems = _config(tmp_path, f'version = 1\n[go]\npackage = "{bad}"\n')
        assert len(problems) == 1 and "not a valid Go package name" in problems[0], bad
    _, problems = _config(tmp_path, 'version = 1\n[go]\npackge = "x"\n')
    assert len(problems) == 1 and "did you mean 'package'?" in problems[0]


def test_config_schema_knows_the_go_section() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate({"version": 1, "go": {"package": "shopapi"}}, schema)
    for bad in ({"version": 1, "go": {"package": "Shop"}}, {"version": 1, "go": {"pkg": "x"}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


# --- names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("const", "value", "stem"),
    [
        ("ReasonUserNotFound", "USER_NOT_FOUND", "UserNotFound"),
        ("ReasonHTTPTimeout", "HTTP_TIMEOUT", "HTTPTimeout"),  # the user's acronym survives
        ("ErrNotFound", "not_found", "NotFound"),
        ("CodeX", "user.not-found", "UserNotFound"),  # from the wire value
        ("ReasonWeird", "camelCase_value", "CamelCaseValue"),
        ("Reason404", "404", "R404"),
        ("AnyName", "INTERNAL", "Internal"),  # built-ins keep the names the generated code uses
        ("AnyName", "BAD_REQUEST", "BadRequest"),
    ],
)
def test_reason_stem(const: str, value: str, stem: str) -> None:
    assert reason_stem(const, value) == stem


def test_go_string_and_doc_lines() -> None:
    assert go_string('a"b\\c\n\x00é😀\ufeff\u2028') == '"a\\"b\\\\c\\x0a\\x00é😀\\ufeff\\u2028"'
    assert doc_lines("\n\nfirst  \r\n\tsecond\x00\n\n") == ["first", "\tsecond"]
