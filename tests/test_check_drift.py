"""`contractgen check` says what drifted: the semantic changes since OUT/contract.json, hand edits told
apart from source changes, a unified diff, the fixing command, json and github formats, one line when clean."""

from __future__ import annotations

import json
from pathlib import Path

from harness.paths import fresh_dir, write_files
from contractgen.writer import MANIFEST
from harness.services import service_files
from test_diff_cli import ITEM_V1, run


def generated(case: str) -> tuple[Path, Path]:
    root = fresh_dir("check_drift", case)
    write_files(root, service_files(ITEM_V1))
    out = root / "contract"
    assert run("generate", ".", "--out", "contract", cwd=root).returncode == 0
    return root, out


def test_clean_is_one_line() -> None:
    root, _ = generated("clean")
    result = run("check", ".", "--out", "contract", cwd=root)
    assert result.returncode == 0 and result.stdout.splitlines() == [f"up to date: contract ({len([p for p in (root / 'contract').rglob('*.*') if p.name != MANIFEST])} files)"]


def test_a_source_change_is_told_in_words_with_a_diff_and_the_fix() -> None:
    root, _ = generated("source")
    (root / "types.go").write_text((root / "types.go").read_text().replace("`json:\"name\"`", "`json:\"fullName\"`"))
    result = run("check", ".", "--out", "contract", cwd=root)
    assert result.returncode == 1
    assert "differs: contract/contract.json" in result.stdout
    assert "  breaking  main.Input: field name renamed to fullName  [request-property-renamed]" in result.stdout
    assert "+  fullName: string;" in result.stdout  # piped and short: the unified diff is shown
    assert "--- a/contract/ts/src/_root.ts\n+++ b/contract/ts/src/_root.ts\n" in result.stdout
    absolute = run("check", ".", "--out", str(root / "contract"), cwd=root)
    shown = (root / "contract" / "ts" / "src" / "_root.ts").as_posix().lstrip("/")
    assert f"--- a/{shown}\n+++ b/{shown}\n" in absolute.stdout and "a//" not in absolute.stdout  # as git shows an absolute path
    assert "contract drift: run `contractgen generate . --out contract`" in result.stderr
    data = json.loads(run("check", ".", "--out", "contract", "--format", "json", cwd=root).stdout)
    assert data["clean"] is False and data["fix"] == "contractgen generate . --out contract"
    assert [c["rule"] for c in data["changes"]] == ["request-property-renamed"] and data["files"]["edited"] == []
    github = run("check", ".", "--out", "contract", "--format", "github", cwd=root).stdout.splitlines()
    assert "::error file=contract/contract.json,title=contractgen check::differs: regenerate with `contractgen generate . --out contract`" in github
    assert any(line.startswith("::error file=types.go,line=") and "renamed to fullName" in line for line in github)


def test_a_hand_edit_is_reported_as_such() -> None:
    root, out = generated("hand")
    models = next((out / "ts" / "src").glob("_root.ts"))
    models.write_text(models.read_text().replace("tags?: ", "tagz?: "))
    result = run("check", ".", "--out", "contract", cwd=root)
    assert result.returncode == 1
    assert f"differs: contract/ts/src/{models.name} (edited by hand: the contract did not change)" in result.stdout
    assert "the source changed" not in result.stdout
    assert json.loads(run("check", ".", "--out", "contract", "--format", "json", cwd=root).stdout)["files"]["edited"] == [f"ts/src/{models.name}"]


def test_layout_only_and_missing_files() -> None:
    root, out = generated("layout")
    (root / "types.go").write_text((root / "types.go").read_text().replace("package main\n", "package main\n\n// Types of the service.\n"))
    result = run("check", ".", "--out", "contract", cwd=root)
    assert result.returncode == 1 and "the contract's meaning did not change (positions or doc text moved)" in result.stdout
    (out / "contract.json").unlink()
    missing = run("check", ".", "--out", "contract", "--diff", cwd=root)
    assert "missing: contract/contract.json" in missing.stdout and "semantic changes cannot be told" in missing.stdout
