"""The tsc harness: diagnostics parsed from TypeScript 7's output, categories, the overlay config."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from contractgen.verify import tsc as harness
from harness.paths import REPO, fresh_dir

FRONTEND = REPO / "fixtures" / "frontend"


def test_parse_reads_positions_codes_and_elaboration(tmp_path: Path) -> None:
    output = (
        "src/a.ts(3,7): error TS2322: Type 'string | null' is not assignable to type 'string'.\n"
        "  Type 'null' is not assignable to type 'string'.\n"
        "src/b.ts(10,1): error TS2678: Type '\"pending\"' is not comparable to type 'OrderStatus'.\n"
        "error TS5083: Cannot read file '/x/tsconfig.json'.\n"
    )
    found = harness.parse(output, tmp_path)
    assert [(Path(d.file).name, d.line, d.column, d.code) for d in found] == [
        ("a.ts", 3, 7, 2322), ("b.ts", 10, 1, 2678), ("", 0, 0, 5083)
    ]
    assert found[0].detail == "Type 'null' is not assignable to type 'string'."
    assert found[0].file == (tmp_path / "src" / "a.ts").as_posix()
    assert [d.category for d in found] == ["type-mismatch", "enum-literal", "other"]


def test_categories_follow_the_codes() -> None:
    assert [harness.category(c) for c in (2339, 2551, 2353, 2322, 2345, 18047, 18048, 2532, 2367, 2678, 2554, 2741, 7006)] == [
        "missing-property", "missing-property", "missing-property", "type-mismatch", "type-mismatch",
        "possibly-null", "possibly-null", "possibly-null", "enum-literal", "enum-literal",
        "missing-argument", "missing-argument", "other",
    ]


def test_the_example_frontend_compiles_against_the_committed_contract(tsc: Path) -> None:
    for name in ("frontend", "frontend-loose"):
        result = subprocess.run([str(tsc), "--noEmit", "-p", str(REPO / "fixtures" / name)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout


def test_overlay_maps_the_package_and_keeps_incremental_state(tsc: Path) -> None:
    """Checked twice through the overlay: the same errors, the second run from the .tsbuildinfo."""
    work = fresh_dir("verify_tsc", "overlay")
    frontend = work / "frontend"
    shutil.copytree(FRONTEND, frontend)
    package = work / "pkg"
    shutil.copytree(REPO / "fixtures" / "shop" / "contract" / "ts", package)
    models = package / "src" / "models.ts"
    models.write_text(models.read_text().replace("  displayName: string;\n  role: Role;", "  display_name: string;\n  role: Role;"))
    overlay = harness.write_overlay(frontend, "t", "@shop/contracts", package, harness.frontend_config(tsc, frontend))
    config = json.loads(overlay.read_text())
    assert config["compilerOptions"]["paths"]["@shop/contracts"] == [f"{package.resolve().as_posix()}/src/index.ts"]
    first = harness.run(tsc, overlay, frontend)
    assert len(list(harness.cache_dir(frontend).glob("t-*.tsbuildinfo"))) == 1
    second = harness.run(tsc, overlay, frontend)
    assert first.returncode == second.returncode == 1
    assert first.diagnostics == second.diagnostics
    assert {(Path(d.file).name, d.code) for d in first.diagnostics} >= {("profile.ts", 2551), ("userList.ts", 2551)}
