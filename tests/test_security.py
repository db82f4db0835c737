"""Source text cannot become code: every place Go source reaches a comment, a string or an identifier
in a target, with payloads that try to break out; the generated package is compiled and imported,
and the payload must not have run. Also: user templates are sandboxed (see README, "Trust model")."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from contractgen.pipeline import build
from contractgen.targets.ts.names import line_comment_text, namespace_identifier
from harness.paths import fresh_dir, write_files
from harness.tsc import compile_package

PAYLOAD = "(globalThis as any).PWNED = 1;"
LS = "\u2028"
# Directory names Go allows that are no TS module specifier or identifier; "index" is the barrel's name.
ODD_DIRS = ("index", "2fa", "a+b", "my pkg", 'q"x', f"ev{LS}il", "Models", "models")


def _module(root: Path) -> Path:
    files = {
        "go.mod": "module example.com/inj\n\ngo 1.24\n",
        # An error reason whose value closes a JSDoc comment in _runtime.ts, then runs code.
        "errs/reasons.go": (
            "package errs\n\n//contractgen:errors\ntype Reason string\n\nconst (\n"
            "\t//contractgen:status 400\n"
            f'\tReasonEvil Reason = "x*/ {PAYLOAD} /*"\n'
            "\t// ReasonLine ends here */ " + PAYLOAD + " /* and the doc goes on.\n"
            "\t//contractgen:status 409\n"
            f'\tReasonLine Reason = "y{LS}{PAYLOAD}"\n'
            ")\n"
        ),
    }
    for index, directory in enumerate(ODD_DIRS):
        files[f"{directory}/t.go"] = (
            f"package p{index}\n\n// T{index} is a thing. */ {PAYLOAD} /*\ntype T{index} struct {{\n"
            f'\tA string `json:"a*/{PAYLOAD}/*"`\n}}\n'
        )
    write_files(root, files)
    return root


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    root = _module(fresh_dir("security", "module"))
    generation = build(root)
    assert not [d for d in generation.diagnostics if d.severity.value == "error"], generation.diagnostics
    return generation.files


def test_no_line_terminator_reaches_a_line_comment(generated: dict[str, str]) -> None:
    for rel, text in generated.items():
        for line in text.split("\n"):
            if line.lstrip().startswith("//"):
                assert LS not in line and "\u2029" not in line and "\r" not in line, (rel, line)
    header = next(t for r, t in generated.items() if r.startswith("ts/src/ev_il"))
    assert header.split("\n")[1] == "// Go package example.com/inj/ev\\u2028il"


def test_package_directories_get_safe_distinct_module_names(generated: dict[str, str]) -> None:
    modules = sorted(r for r in generated if r.startswith("ts/src/"))
    assert modules == [
        "ts/src/2fa.ts", "ts/src/Models.ts", "ts/src/_json.ts", "ts/src/_runtime.ts", "ts/src/a_b.ts",
        "ts/src/errs.ts", "ts/src/ev_il.ts", "ts/src/index.ts", "ts/src/index_2.ts", "ts/src/models_2.ts",
        "ts/src/my_pkg.ts", "ts/src/q_x.ts",
    ]
    # The barrel still is the barrel, and the package called index lives on in its own module.
    assert 'export * as index from "./index_2.js";' in generated["ts/src/index.ts"]
    assert "export interface T0 " in generated["ts/src/index_2.ts"]
    exports = json.loads(generated["ts/package.json"])["exports"]
    assert "./index_2" in exports and "./my_pkg" in exports


def test_the_package_compiles_and_importing_it_runs_no_payload(generated: dict[str, str], tsc: Path) -> None:
    work = fresh_dir("security", "package")
    write_files(work, {k[len("ts/") :]: v for k, v in generated.items() if k.startswith("ts/")})
    compiled = compile_package(tsc, work, "nodenext", emit=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    script = (
        "const m = await import('./dist/index.js');"
        "console.log(JSON.stringify({pwned: globalThis.PWNED ?? null, reasons: Object.values(m.Reason),"
        " namespaces: Object.keys(m).filter((k) => typeof m[k] === 'object' && 'T0' in m[k] === false && k.length < 8).sort(),"
        " index: Object.keys(m.index), twofa: Object.keys(m._2fa)}));"
    )
    run = subprocess.run(["node", "--input-type=module", "-e", script], cwd=work, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen["pwned"] is None
    assert f"x*/ {PAYLOAD} /*" in seen["reasons"] and f"y{LS}{PAYLOAD}" in seen["reasons"]
    assert seen["index"] == ["T0Schema"] and seen["twofa"] == ["T1Schema"]


def test_the_go_target_builds_and_vets_with_the_payloads(generated: dict[str, str], go: str) -> None:
    work = fresh_dir("security", "gopkg")
    write_files(work, {k[len("go/") :]: v for k, v in generated.items() if k.startswith("go/")})
    (work / "go.mod").write_text("module example.com/out\n\ngo 1.24\n", encoding="utf-8")
    for args in (["build", "./..."], ["vet", "./..."]):
        run = subprocess.run([go, *args], cwd=work, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr


def test_spelling_helpers() -> None:
    assert line_comment_text(f"a{LS}b\u2029c\nd\re") == "a\\u2028b\\u2029c\\u000Ad\\u000De"
    assert [namespace_identifier(t) for t in ("2fa", "my pkg", "a/b-c", "delete", "")] == ["_2fa", "my_pkg", "a_b_c", "delete_", "_"]


# --- templates from --templates render in jinja2's sandbox -------------------------------------------

NAMES = Path(__file__).resolve().parent / "golden" / "names" / "input"


def _generate_with(templates: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["python3", "-m", "contractgen", "generate", str(NAMES), "--out", str(out), "--templates", str(templates)],
        capture_output=True, text=True, timeout=120,
    )


def test_a_user_template_cannot_reach_python(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "json.ts.jinja").write_text(
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}\n", encoding="utf-8"
    )
    result = _generate_with(tmp_path, tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert "error[CG204]" in result.stderr and "unsafe" in result.stderr and "Traceback" not in result.stderr
    assert not marker.exists() and not (tmp_path / "out").exists()


def test_the_built_in_templates_render_the_same_in_the_sandbox(tmp_path: Path) -> None:
    plain = build(NAMES).files
    sandboxed = build(NAMES, template_dir=tmp_path).files  # an empty override directory: all built-ins, sandboxed
    assert sandboxed == plain


@pytest.mark.parametrize(
    "template, shown",
    [
        ("{{ 1/0 }}\n", "ZeroDivisionError"),
        ("{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}\n", "RecursionError"),
        (b"\xff\xfe{{ header }}\n", "UnicodeDecodeError"),
    ],
)
def test_a_template_that_raises_is_a_usage_error(tmp_path: Path, template: str | bytes, shown: str) -> None:
    path = tmp_path / "json.ts.jinja"
    path.write_bytes(template if isinstance(template, bytes) else template.encode())
    result = _generate_with(tmp_path, tmp_path / "out")
    assert result.returncode == 2 and "error[CG204]" in result.stderr and shown in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    if shown == "ZeroDivisionError":  # raised while rendering: the template's file and line are named
        assert f"{path}:1: ZeroDivisionError" in result.stderr


def test_templates_pointing_at_nothing_is_a_usage_error(tmp_path: Path) -> None:
    result = _generate_with(tmp_path / "missing", tmp_path / "out")
    assert result.returncode == 2 and "is not a directory" in result.stderr, result.stderr


def test_the_module_path_cannot_leave_the_go_doc_comment() -> None:
    from contractgen.ir.model import Contract
    from contractgen.targets.go import render

    files = render(Contract(module="example.com/x\npackage evil\x00\ufeff\r"))
    doc = files["apicontract/doc.go"]
    line = next(l for l in doc.split("\n") if "example.com/x" in l)
    assert line.startswith("// ") and "package evil" in line  # still inside the comment
    assert "\x00" not in doc and "\ufeff" not in doc and "\r" not in doc
