"""`contractgen diff` as CI runs it: git revisions of a temporary repository, saved contracts, policy, formats,
exit codes, determinism, and a work tree that is never touched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.paths import REPO, fresh_dir, write_files
from harness.services import service_files

CLI = [sys.executable, "-m", "contractgen"]
ITEM_V1 = "type Item struct {\n\tID string `json:\"id\"`\n\tTags []string `json:\"tags,omitempty\"`\n}\n\ntype Input struct {\n\tName string `json:\"name\"`\n}\n"
ITEM_V2 = ITEM_V1.replace("`json:\"tags,omitempty\"`", "`json:\"tags\"`")
ITEM_V3 = ITEM_V2.replace("`json:\"name\"`", "`json:\"fullName\"`")


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, env=environ)


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.email=ci@example.com", "-c", "user.name=CI"]
    return subprocess.run(["git", *identity, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def repo() -> Path:
    """Three commits: v1; tags loses omitempty (response: null now possible); Input.name renamed (request)."""
    root = fresh_dir("diff_cli", "repo")
    git(root, "init", "-q", "-b", "main")
    for version, types in (("v1", ITEM_V1), ("v2", ITEM_V2), ("v3", ITEM_V3)):
        write_files(root / "svc", service_files(types))
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", version)
        git(root, "tag", version)
    return root


def findings(result: subprocess.CompletedProcess[str]) -> set[tuple[str, str]]:
    return {(c["rule"], c["level"]) for c in json.loads(result.stdout)["changes"]}


def test_diff_between_revisions_reads_the_object_store(repo: Path) -> None:
    svc = repo / "svc"
    (svc / "types.go").write_text("package main\n\nthis does not parse\n")  # an uncommitted mess in the work tree
    try:
        one = run("diff", "git:v1", "git:v2", "--format", "json", cwd=svc)
        assert one.returncode == 1, one.stderr
        assert findings(one) == {("response-value-now-nullable", "breaking"), ("response-property-now-required", "info")}
        two = run("diff", "git:v2", "git:v3", "--format", "json", cwd=svc)
        assert findings(two) == {("request-property-renamed", "breaking")}
        assert json.loads(two.stdout)["semver"] == "major"
        assert run("diff", "git:v3", "git:main", cwd=svc).stdout == "no changes between git:v3 and git:main; semver: patch\n"
        assert git(repo, "status", "--porcelain") == " M svc/types.go\n"  # only our own edit: diff wrote nothing
    finally:
        git(repo, "checkout", "-q", "--", "svc/types.go")


def test_new_defaults_to_the_work_tree_and_the_output_is_deterministic(repo: Path) -> None:
    svc = repo / "svc"
    outputs = {run("diff", "git:v1", "--format", fmt, cwd=svc, env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2") for fmt in ("json",)}
    assert len(outputs) == 1
    data = json.loads(outputs.pop())
    assert data["new"] == "." and {c["rule"] for c in data["changes"]} == {"response-value-now-nullable", "response-property-now-required", "request-property-renamed"}
    renamed = next(c for c in data["changes"] if c["rule"] == "request-property-renamed")
    assert renamed["message"] == "main.Input: field name renamed to fullName"
    assert renamed["new"] == {"path": "svc/types.go", "line": 9, "column": 2}  # relative to the repository, for CI
    assert renamed["endpoints"] == ["POST /items"]


def test_formats_text_markdown_github(repo: Path) -> None:
    svc = repo / "svc"
    text = run("diff", "git:v2", "git:v3", cwd=svc).stdout
    assert "POST /items\n  breaking  main.Input: field name renamed to fullName  [request-property-renamed]" in text
    assert text.rstrip().endswith("1 breaking, 0 warning, 0 info; semver: major")
    markdown = run("diff", "git:v2", "git:v3", "--format", "markdown", cwd=svc).stdout
    assert "| 🔴 breaking | main.Input: field name renamed to fullName | `request-property-renamed` |" in markdown
    github = run("diff", "git:v1", "git:v2", "--format", "github", cwd=svc).stdout.splitlines()
    assert "::error file=svc/types.go,line=5,col=2,title=contractgen response-value-now-nullable::main.Item: field tags may now be null" in github
    assert github[-1].startswith("::notice title=contractgen::1 breaking")


def test_fail_on_and_exit_codes(repo: Path) -> None:
    svc = repo / "svc"
    assert run("diff", "git:v1", "git:v1", cwd=svc).returncode == 0
    assert run("diff", "git:v1", "git:v2", cwd=svc).returncode == 1
    bad = run("diff", "git:no-such-tag", cwd=svc)
    assert bad.returncode == 2 and "error[CG221]: 'no-such-tag' is not a revision" in bad.stderr
    assert run("diff", "git:v1", "--format", "yaml", cwd=svc).returncode == 2
    assert run("diff", "git:v1", "--fail-on", "fatal", cwd=svc).returncode == 2


def test_a_module_directory_missing_at_a_valid_revision_points_at_src(repo: Path) -> None:
    """v1 is a revision; svc2 (not committed) is not in it: the hint is about --src, not the revision."""
    import shutil

    shutil.copytree(repo / "svc", repo / "svc2")
    try:
        result = run("diff", "git:v1", "git:v2", "--src", "svc2", cwd=repo)
    finally:
        shutil.rmtree(repo / "svc2")
    assert result.returncode == 2
    assert "error[CG221]: svc2 does not exist at v1" in result.stderr
    assert "--src" in result.stderr and "rev-parse" not in result.stderr, result.stderr


def test_a_source_that_does_not_scan_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    broken = fresh_dir("diff_cli", "broken")
    write_files(broken, service_files(ITEM_V1))
    (broken / "types.go").write_text("package main\n\ntype Item struct {\n")
    result = run("diff", str(repo / "svc"), str(broken), cwd=repo)
    assert result.returncode == 2 and "does not scan cleanly" in result.stderr


def test_saved_contracts_and_the_policy(repo: Path) -> None:
    svc = repo / "svc"
    out = fresh_dir("diff_cli", "out")
    git(repo, "checkout", "-q", "v1")
    try:
        assert run("generate", ".", "--out", str(out), cwd=svc).returncode == 0
    finally:
        git(repo, "checkout", "-q", "main")
    saved = out / "contract.json"
    assert findings(run("diff", str(saved), "git:v2", "--format", "json", cwd=svc)) == findings(run("diff", "git:v1", "git:v2", "--format", "json", cwd=svc))
    assert findings(run("diff", str(out), "git:v1", "--format", "json", cwd=svc)) == set()  # OUT holding contract.json
    # A saved contract's positions are read as the --src module's: both sides relative to the repository.
    nullable = next(c for c in json.loads(run("diff", str(saved), "git:v2", "--format", "json", cwd=svc).stdout)["changes"] if c["old"])
    assert nullable["old"]["path"] == nullable["new"]["path"] == "svc/types.go"
    config = svc / "contractgen.toml"
    accepted = svc / "contractgen-accepted.toml"
    try:
        config.write_text('version = 1\n\n[diff]\nrules = { "response-value-now-nullable" = "warning", "response-property-now-required" = "ignore" }\n')
        result = run("diff", "git:v1", "git:v2", "--format", "json", cwd=svc)
        assert findings(result) == {("response-value-now-nullable", "warning")} and result.returncode == 0
        assert run("diff", "git:v1", "git:v2", "--fail-on", "warning", cwd=svc).returncode == 1
        accepted.write_text('[[accepted]]\nrule = "request-property-renamed"\nsubject = "main.Input"\nreason = "no client sends name yet"\n\n[[accepted]]\nrule = "endpoint-removed"\nreason = "stale"\n')
        result = run("diff", "git:v2", "git:v3", cwd=svc)
        assert result.returncode == 0, result.stdout
        assert "accepted: no client sends name yet" in result.stdout and "an accepted finding no longer occurs (endpoint-removed)" in result.stdout
        config.write_text('version = 1\n\n[diff]\nrules = { "response-value-nullable" = "ignore" }\n')
        wrong = run("diff", "git:v1", cwd=svc)
        assert wrong.returncode == 2 and "did you mean 'response-value-now-nullable'?" in wrong.stderr
        accepted.write_text('[[accepted]]\nrule = "request-property-renamed"\n')
        config.unlink()
        unexplained = run("diff", "git:v2", "git:v3", cwd=svc)
        assert unexplained.returncode == 2 and "accepted entry 1 has no reason" in unexplained.stderr
    finally:
        config.unlink(missing_ok=True)
        accepted.unlink(missing_ok=True)
