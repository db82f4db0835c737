"""The ready-made CI: the composite action's `run:` steps, executed as GitHub runs them (bash -eo pipefail,
inputs and contexts through `env:`), on a temporary repository with two commits; and the pre-commit hook."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.paths import REPO, fresh_dir, write_files
from harness.services import service_files
from test_diff_cli import ITEM_V1, ITEM_V2, git

pytestmark = pytest.mark.slow

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def lookup(name: str, context: dict[str, Any]) -> Any:
    value: Any = context
    for part in name.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    """The slice of GitHub's expression language the action uses: a || b, a && b, x == 'v', x != '', always()."""
    if "||" in expression:
        return next((v for v in (evaluate(t, context) for t in expression.split("||")) if v), "")
    if "&&" in expression:
        return all(evaluate(t, context) for t in expression.split("&&"))
    expression = expression.strip()
    if expression == "always()":
        return True
    match = re.fullmatch(r"(\S+)\s*(==|!=)\s*'([^']*)'", expression)
    if match:
        equal = str(lookup(match.group(1), context)) == match.group(3)
        return equal if match.group(2) == "==" else not equal
    return lookup(expression, context)


def substitute(text: str, context: dict[str, Any]) -> str:
    return EXPRESSION.sub(lambda m: str(evaluate(m.group(1), context)), text)


def shims(directory: Path) -> Path:
    """`contractgen` (this checkout, never installed) and a `gh` that records the comment it was asked to post."""
    directory.mkdir(parents=True, exist_ok=True)
    scripts = {
        "contractgen": f'#!/usr/bin/env bash\nPYTHONPATH="{REPO}" exec python3 -m contractgen "$@"\n',
        "gh": '#!/usr/bin/env bash\necho "$@" >> "$GH_LOG"\nwhile [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cat "$2" >> "$GH_LOG"; fi; shift; done\n',
    }
    for name, text in scripts.items():
        path = directory / name
        path.write_text(text)
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return directory


def run_action(repo: Path, inputs: dict[str, str], event: dict[str, Any]) -> dict[str, tuple[int, str]]:
    """Each step's exit code and output, steps skipped as their `if:` says; later steps see earlier outputs."""
    action = yaml.safe_load((REPO / "action.yml").read_text())
    defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    work = fresh_dir("ci", "runner")
    output_file, summary = work / "output", work / "summary.md"
    context: dict[str, Any] = {
        "inputs": {**defaults, **inputs},
        "github": {"token": "t0ken", "event_name": event["name"], "event": event["payload"]},
        "steps": {},
    }
    results: dict[str, tuple[int, str]] = {}
    failed = False
    for step in action["runs"]["steps"]:
        assert step["shell"] == "bash" and "run" in step
        condition = step.get("if")
        if (condition is None and failed) or (condition is not None and not evaluate(condition, context)):
            continue
        env = {k: substitute(str(v), context) for k, v in step.get("env", {}).items()}
        output_file.write_text("")
        environ = {
            **os.environ,
            "PATH": f"{shims(work / 'bin')}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_STEP_SUMMARY": str(summary),
            "RUNNER_TEMP": str(work),
            "GH_LOG": str(work / "gh.log"),
            **env,
        }
        script = work / "step.sh"
        script.write_text(substitute(step["run"], context))
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=repo, env=environ, capture_output=True, text=True)
        results[step["name"]] = (done.returncode, done.stdout + done.stderr)
        outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
        if "id" in step:
            context["steps"][step["id"]] = {"outputs": outputs}
        failed = failed or done.returncode != 0
    results["summary"] = (0, summary.read_text() if summary.exists() else "")
    results["gh"] = (0, (work / "gh.log").read_text() if (work / "gh.log").exists() else "")
    return results


@pytest.fixture(scope="module")
def repo() -> Path:
    """Two commits, each with its contract regenerated: the second makes Item.tags nullable (breaking)."""
    root = fresh_dir("ci", "repo")
    git(root, "init", "-q", "-b", "main")
    for version, types in (("v1", ITEM_V1), ("v2", ITEM_V2)):
        write_files(root / "svc", service_files(types))
        contractgen = shims(root.parent / "bin") / "contractgen"
        subprocess.run([str(contractgen), "generate", "svc", "--out", "svc/contract"], cwd=root, check=True, capture_output=True)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", version)
    return root


def pull_request(base: str) -> dict[str, Any]:
    return {"name": "pull_request", "payload": {"pull_request": {"number": 7, "base": {"sha": base}}}}


def test_the_action_reports_a_breaking_change_annotates_it_and_comments(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD~1").strip()
    results = run_action(repo, {"src": "svc", "out": "svc/contract", "install": ""}, pull_request(base))
    assert results["Install contractgen"][0] == 0
    code, text = results["Check the contract is up to date"]
    assert code == 0 and "::notice title=contractgen check::up to date" in text
    code, text = results["Compare with the base revision"]
    assert code == 1
    assert "::error file=svc/types.go,line=5,col=2,title=contractgen response-value-now-nullable::main.Item: field tags may now be null" in text
    assert "| 🔴 breaking | main.Item: field tags may now be null |" in results["summary"][1]
    assert results["gh"][1].startswith("pr comment 7 --body-file ") and "semver: major" in results["gh"][1]


def test_the_action_passes_when_nothing_breaks_and_fails_on_drift(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    results = run_action(repo, {"src": "svc", "out": "svc/contract", "install": "", "comment": "false"}, pull_request(head))
    assert results["Compare with the base revision"][0] == 0 and results["gh"][1] == ""
    assert "No changes to the contract." in results["summary"][1]
    types = repo / "svc" / "types.go"
    original = types.read_text()
    types.write_text(original.replace("`json:\"name\"`", "`json:\"fullName\"`"))  # edited, not regenerated
    try:
        results = run_action(repo, {"src": "svc", "out": "svc/contract", "install": ""}, {"name": "push", "payload": {}})
        code, text = results["Check the contract is up to date"]
        assert code == 1 and "::error file=svc/contract/contract.json,title=contractgen check::differs: regenerate with `contractgen generate svc --out svc/contract`" in text
        code, text = results["Compare with the base revision"]  # base: HEAD~1 on a push
        assert code == 1 and "request-property-renamed" in text
    finally:
        types.write_text(original)


def test_the_pre_commit_hook_runs_check(repo: Path) -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "contractgen-check" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "svc/models/user.go") and not re.search(hook["files"], "README.md")
    command = [str(shims(repo.parent / "bin") / hook["entry"].split()[0]), *hook["entry"].split()[1:], "svc", "--out", "svc/contract"]
    assert subprocess.run(command, cwd=repo, capture_output=True, text=True).returncode == 0
    types = repo / "svc" / "types.go"
    original = types.read_text()
    types.write_text(original.replace("`json:\"id\"`", "`json:\"ident\"`"))
    try:
        result = subprocess.run(command, cwd=repo, capture_output=True, text=True)
        assert result.returncode == 1 and "main.Item: field id renamed to ident" in result.stdout
    finally:
        types.write_text(original)
