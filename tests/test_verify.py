"""`contractgen verify`: Go edits in a copy of the shop, the example frontend checked against the new
contract, each TypeScript error attributed to the change it comes from; exit codes and formats."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from contractgen.changes import Change
from contractgen.verify.report import AttributedError, Report, Tally
from contractgen.verify.tsc import TsDiagnostic
from harness.paths import REPO, fresh_dir

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def _verify(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "contractgen", "verify", "shop", "--out", "out", "--frontend", "frontend", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=work, env=ENV)


def _workspace(name: str) -> Path:
    """A copy of the shop (without its committed contract) and of the example frontend, inside the
    repository so that the frontend finds the repository's TypeScript and zod."""
    work = fresh_dir("verify", name)
    shutil.copytree(REPO / "fixtures" / "shop", work / "shop", ignore=shutil.ignore_patterns("contract"))
    shutil.copytree(REPO / "fixtures" / "frontend", work / "frontend")
    return work


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def edited() -> tuple[Path, subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """The first verify (the frontend compiles), then three Go edits and a verify in JSON."""
    work = _workspace("edits")
    first = _verify(work)
    models = work / "shop" / "models"
    _edit(models / "user.go", 'DisplayName string `json:"displayName"`', 'DisplayName string `json:"display_name"`')
    _edit(models / "user.go", 'Email string `json:"email"`', 'Email *string `json:"email"`')
    _edit(models / "order.go", '\t// OrderShipped has left the warehouse.\n\tOrderShipped OrderStatus = "shipped"\n', "")
    second = _verify(work, "--format", "json")
    return work, first, second


@pytest.mark.slow
def test_a_frontend_that_compiles_exits_0(edited: tuple[Path, subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]) -> None:
    work, first, _ = edited
    assert first.returncode == 0, first.stdout + first.stderr
    assert "intercepted by TypeScript: 0 error(s)" in first.stdout
    assert "frontend compiles" in first.stdout
    assert (work / "out" / "contract.json").is_file()


@pytest.mark.slow
def test_each_error_is_attributed_to_the_change_it_comes_from(
    edited: tuple[Path, subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]],
) -> None:
    _, _, second = edited
    assert second.returncode == 1, second.stdout + second.stderr
    report = json.loads(second.stdout)
    messages = {c["message"] for c in report["changes"]}
    renamed = "models.User: field displayName renamed to display_name"
    nullable = "models.User: field email may now be null"
    removed = next(m for m in messages if m.startswith("models.OrderStatus: enum member 'shipped'"))
    assert {renamed, nullable} <= messages
    found = {(e["file"], e["line"], e["column"], e["code"], e["category"], e["change"]) for e in report["errors"]}
    assert found == {
        ("src/profile.ts", 41, 20, 2551, "missing-property", renamed),  # user.displayName in the title
        ("src/profile.ts", 41, 50, 2551, "missing-property", renamed),  # and in initials(...)
        ("src/userList.ts", 24, 36, 2551, "missing-property", renamed),
        ("src/profile.ts", 42, 12, 18047, "possibly-null", nullable),  # user.email.toLowerCase()
        ("src/userList.ts", 24, 49, 2322, "type-mismatch", nullable),  # email: user.email, on the rename's line
        ("src/orderStatus.ts", 23, 10, 2678, "enum-literal", removed),  # case "shipped"
    }
    assert report["intercepted"] == 6 and report["already_broken"] == 0
    assert all(e["message"] for e in report["errors"])


@pytest.mark.slow
def test_errors_no_change_explains_are_already_broken(
    edited: tuple[Path, subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]],
) -> None:
    """Run again with no new edit: the contract did not change, so the same errors are old breakage."""
    work, _, _ = edited
    again = _verify(work)
    assert again.returncode == 1
    assert "contract changes: 0" in again.stdout
    assert "intercepted by TypeScript: 0 error(s)" in again.stdout
    assert "already broken (no contract change explains them): 6 error(s)" in again.stdout
    assert "src/orderStatus.ts:23:10" in again.stdout


def test_usage_errors_exit_2() -> None:
    work = _workspace("usage")
    bad_format = _verify(work, "--format", "xml")
    assert bad_format.returncode == 2 and "--format must be text or json" in bad_format.stderr
    (work / "frontend" / "tsconfig.json").unlink()
    no_project = _verify(work)
    assert no_project.returncode == 2 and "tsconfig.json does not exist" in no_project.stderr


def test_a_missing_compiler_is_a_usage_error() -> None:
    work = _workspace("no-tsc")
    result = _verify(work, "--tsc", str(work / "no-such-tsc"))
    assert result.returncode == 2
    assert "no-such-tsc does not exist" in result.stderr


def test_tally_counts_intercepted_errors_across_regenerations() -> None:
    change = Change("response-property-removed", "breaking", "models.User", "models.User: field email removed", ("User", "email"))
    hit = AttributedError(TsDiagnostic("/f/src/a.ts", 1, 1, 2339, "Property 'email' does not exist"), "src/a.ts", change)
    old = AttributedError(TsDiagnostic("/f/src/b.ts", 2, 1, 7006, "implicit any"), "src/b.ts", None)
    tally = Tally()
    tally.add(Report([change], [hit, old], compiled=False))
    tally.add(Report([], [], compiled=True))
    assert (tally.regenerations, tally.intercepted) == (2, 1)
    assert tally.summary() == "intercepted since start: 1 error(s) in 2 regeneration(s) (1 missing-property)"


@pytest.mark.slow
def test_the_watch_hook_reports_each_edit_and_the_running_tally() -> None:
    """FrontendCheck as `watch --frontend` calls it after a regeneration (here driven directly: the
    test of a Go edit under a running watch belongs with the wiring of `watch --frontend`)."""
    import io
    from types import SimpleNamespace

    from contractgen.pipeline import build
    from contractgen.verify.watching import FrontendCheck
    from contractgen.writer import write

    work = _workspace("hook")
    out = work / "out"
    before = build(work / "shop")
    write(out, before.files)
    _edit(work / "shop" / "models" / "user.go", 'Email string `json:"email"`', 'Email *string `json:"email"`')
    after = build(work / "shop")
    write(out, after.files)
    stream = io.StringIO()
    hook = FrontendCheck(work / "frontend", out, stdout=stream)
    hook(SimpleNamespace(generation=after, previous=before.contract))
    hook(SimpleNamespace(generation=after, previous=after.contract))  # a save that changed nothing
    text = stream.getvalue()
    assert "frontend: does not compile; 2 error(s) intercepted" in text
    assert "src/profile.ts:42:12  TS18047  'user.email' is possibly 'null'.  <- models.User: field email may now be null" in text
    assert "frontend: does not compile; 0 error(s) intercepted, 2 already broken" in text
    assert text.rstrip().endswith("intercepted since start: 2 error(s) in 2 regeneration(s) (1 type-mismatch, 1 possibly-null)")


@pytest.mark.slow
def test_out_outside_any_node_modules_resolves_zod_from_the_frontend(tmp_path: Path) -> None:
    """OUT in /tmp finds no zod above it; an install would share the frontend's, so verify does too
    (the reproduction: five TS2307 "Cannot find module 'zod'" in OUT/ts/src, exit 1)."""
    frontend = tmp_path / "frontend"
    shutil.copytree(REPO / "fixtures" / "frontend", frontend)
    (frontend / "node_modules").mkdir()
    (frontend / "node_modules" / "zod").symlink_to(REPO / "node_modules" / "zod", target_is_directory=True)
    out = tmp_path / "out"
    tsc = REPO / "node_modules" / ".bin" / "tsc"
    command = [sys.executable, "-m", "contractgen", "verify", str(REPO / "fixtures" / "shop"), "--out", str(out),
               "--frontend", str(frontend), "--tsc", str(tsc)]
    result = subprocess.run(command, capture_output=True, text=True, env=ENV)
    assert "TS2307" not in result.stdout, result.stdout
    assert result.returncode == 0, result.stdout + result.stderr
    overlay = json.loads((frontend / "node_modules" / ".cache" / "contractgen" / "verify.tsconfig.json").read_text())
    assert overlay["compilerOptions"]["paths"]["zod"] == [(frontend / "node_modules" / "zod").as_posix()]
