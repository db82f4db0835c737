"""Golden directories: tests/golden/<case>/{input/ or input.path, expected/}, found automatically.

Regenerate after an intended change with: pytest tests/test_goldens.py --update-goldens
"""

from __future__ import annotations

import difflib
import shutil

import pytest

from contractgen.ir.model import from_json
from harness.goldens import read_tree, render_case
from harness.paths import GOLDEN, fresh_dir, golden_cases, write_files
from harness.tsc import compile_package, equality_assertions

REGENERATE = "pytest tests/test_goldens.py --update-goldens"


@pytest.mark.parametrize("case", golden_cases())
def test_output_matches_golden(case: str, update_goldens: bool) -> None:
    actual = render_case(case)
    expected_dir = GOLDEN / case / "expected"
    if update_goldens:
        shutil.rmtree(expected_dir, ignore_errors=True)
        write_files(expected_dir, actual)
        return
    expected = read_tree(expected_dir)
    problems = []
    for rel in sorted(set(actual) | set(expected)):
        if rel not in expected:
            problems.append(f"new file {rel}")
        elif rel not in actual:
            problems.append(f"file no longer generated: {rel}")
        elif actual[rel] != expected[rel]:
            diff = difflib.unified_diff(
                expected[rel].splitlines(keepends=True), actual[rel].splitlines(keepends=True), f"expected/{rel}", f"actual/{rel}"
            )
            problems.append("".join(list(diff)[:80]))
    assert not problems, "\n".join(problems) + f"\n\nIf the change is intended, regenerate: {REGENERATE}"


def _cases_with_typescript() -> list[str]:
    return [c for c in golden_cases() if (GOLDEN / c / "expected" / "ts" / "package.json").exists()]


@pytest.mark.parametrize("resolution", ["nodenext", "bundler", "nodenext-exact"])
@pytest.mark.parametrize("case", _cases_with_typescript())
def test_golden_typescript_compiles_strict_and_schemas_equal_types(case: str, resolution: str, tsc) -> None:  # type: ignore[no-untyped-def]
    """Every golden package compiles with tsc --strict, and each X equals z.infer<typeof XSchema>."""
    work = fresh_dir("compile", case, resolution)
    expected = GOLDEN / case / "expected"
    shutil.copytree(expected / "ts", work, dirs_exist_ok=True)
    contract = from_json((expected / "contract.json").read_text(encoding="utf-8"))
    (work / "src" / "__assert.ts").write_text(equality_assertions(contract), encoding="utf-8")
    result = compile_package(tsc, work, resolution)
    assert result.returncode == 0, result.stdout + result.stderr


def test_equality_assertions_catch_a_mismatch(tsc) -> None:  # type: ignore[no-untyped-def]
    """The type-level check can fail: a schema that disagrees with its interface is a compile error."""
    case = _cases_with_typescript()[0]
    work = fresh_dir("compile", "mismatch")
    expected = GOLDEN / case / "expected"
    shutil.copytree(expected / "ts", work, dirs_exist_ok=True)
    contract = from_json((expected / "contract.json").read_text(encoding="utf-8"))
    (work / "src" / "__assert.ts").write_text(
        equality_assertions(contract)
        + 'import * as zz from "zod";\ninterface Wrong { a: string }\nconst WrongSchema = zz.object({ a: zz.string().nullable() });\n'
        + "export type _wrong = Expect<Equal<Wrong, zz.infer<typeof WrongSchema>>>;\n",
        encoding="utf-8",
    )
    result = compile_package(tsc, work, "nodenext")
    assert result.returncode != 0
    assert "__assert.ts" in result.stdout and "TS2344" in result.stdout
