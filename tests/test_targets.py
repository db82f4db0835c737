"""The target registry: --target and [targets] generate select targets; unknown names are usage errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from harness.paths import REPO

NAMES = REPO / "tests/golden/names/input"


def contractgen(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "contractgen", *args], capture_output=True, text=True, cwd=cwd)


def test_target_option_selects_and_check_compares_only_those(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert contractgen("generate", str(NAMES), "--out", str(out), "--target", "go").returncode == 0
    # contract.json (the IR) and the writer's manifest come with every target selection
    assert sorted(p.name for p in out.iterdir()) == [".contractgen-manifest.json", "contract.json", "go"]
    assert contractgen("check", str(NAMES), "--out", str(out), "--target", "go").returncode == 0
    drift = contractgen("check", str(NAMES), "--out", str(out), "--target", "ts,go")
    assert drift.returncode == 1 and "missing:" in drift.stdout


def test_unknown_target_is_a_usage_error(tmp_path: Path) -> None:
    result = contractgen("generate", str(NAMES), "--out", str(tmp_path), "--target", "ts,cobol")
    assert result.returncode == 2
    assert "error[CG205]: unknown target(s): cobol" in result.stderr and "hint: targets: ts, go" in result.stderr


def test_config_targets_section(tmp_path: Path) -> None:
    config = tmp_path / "contractgen.toml"
    config.write_text('version = 1\n[targets]\ngenerate = ["ts"]\n')
    out = tmp_path / "out"
    assert contractgen("generate", str(NAMES), "--out", str(out), "--config", str(config)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == [".contractgen-manifest.json", "contract.json", "ts"]
    config.write_text('version = 1\n[targets]\ngenerate = ["ts", "tsx"]\n')
    bad = contractgen("generate", str(NAMES), "--out", str(out), "--config", str(config))
    assert bad.returncode == 2 and "error[CG203]: unknown target(s) in [targets] generate: 'tsx'" in bad.stderr


def test_config_schema_lists_every_registered_target() -> None:
    from contractgen.targets import DEFAULT_TARGETS, TARGETS

    schema = json.loads((REPO / "schemas/config.schema.json").read_text())
    assert schema["$defs"]["target"]["enum"] == list(TARGETS)
    assert schema["properties"]["targets"]["properties"]["generate"]["default"] == list(DEFAULT_TARGETS)
    jsonschema.validate({"version": 1, "targets": {"generate": list(TARGETS)}}, schema)


def test_targets_return_their_own_diagnostics() -> None:
    """The TypeScript target's renames (CG112) come with its files, and only when it is selected."""
    from contractgen.pipeline import build

    clashes = REPO / "tests/golden/ts_name_clashes/input"
    with_ts = build(clashes, target_names=("ts", "go"))
    renames = [d for d in with_ts.diagnostics if d.code == "CG112"]
    assert len(renames) == 5 and all(d.position is not None for d in renames)
    go_only = build(clashes, target_names=("go",))
    assert not [d for d in go_only.diagnostics if d.code == "CG112"]
    assert {d for d in with_ts.diagnostics if d.code != "CG112"} == set(go_only.diagnostics)


def test_package_json_is_written_in_the_layout_yarn_writes_back() -> None:
    """yarn 4 rewrites a workspace member's package.json as JSON.stringify(manifest, null, 2) on every
    install; in any other layout the next `contractgen check` would report drift (tests/test_packaging_npm.py)."""
    manifests = sorted((REPO / "tests/golden").glob("*/expected/ts/package.json"))
    assert manifests
    for manifest in manifests:
        text = manifest.read_text()
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", manifest


def test_config_schema_describes_every_target_option() -> None:
    from contractgen.targets import TARGETS

    schema = json.loads((REPO / "schemas/config.schema.json").read_text())["properties"]["targets"]["properties"]
    kinds = {bool: "boolean", str: "string", int: "integer"}
    for name, target in TARGETS.items():
        if not target.options:
            assert name not in schema
            continue
        table = schema[name]
        assert table["additionalProperties"] is False
        assert {k: (v["type"], v["default"]) for k, v in table["properties"].items()} == {
            k: (kinds[o.type], o.default) for k, o in target.options.items()
        }


def test_openapi_yaml_option_is_strict_and_writes_the_same_document(tmp_path: Path) -> None:
    config = tmp_path / "contractgen.toml"
    out = tmp_path / "out"
    config.write_text('version = 1\n[targets]\ngenerate = ["openapi"]\n[targets.openapi]\nyml = true\n')
    bad = contractgen("generate", str(NAMES), "--out", str(out), "--config", str(config))
    assert bad.returncode == 2 and "error[CG203]: unknown key 'yml' in [targets.openapi]" in bad.stderr and "did you mean 'yaml'?" in bad.stderr
    config.write_text('version = 1\n[targets]\ngenerate = ["openapi"]\n[targets.openapi]\nyaml = "yes"\n')
    bad = contractgen("generate", str(NAMES), "--out", str(out), "--config", str(config))
    assert bad.returncode == 2 and "targets.openapi.yaml must be a boolean, not str" in bad.stderr
    schema = json.loads((REPO / "schemas/config.schema.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": 1, "targets": {"openapi": {"yml": True}}}, schema)

    config.write_text('version = 1\n[targets]\ngenerate = ["openapi"]\n[targets.openapi]\nyaml = true\n')
    jsonschema.validate({"version": 1, "targets": {"generate": ["openapi"], "openapi": {"yaml": True}}}, schema)
    written = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-m", "contractgen", "generate", str(NAMES), "--out", str(out), "--config", str(config)], capture_output=True, text=True, cwd=REPO, env=env)
        assert result.returncode == 0, result.stderr
        written.append((out / "openapi/openapi.yaml").read_bytes())
    assert written[0] == written[1] and written[0].startswith(b"# Code generated by contractgen. DO NOT EDIT.\n")
    assert b"&id" not in written[0] and b"\r" not in written[0]
    assert yaml.safe_load(written[0]) == json.loads((out / "openapi/openapi.json").read_text())
    assert contractgen("check", str(NAMES), "--out", str(out), "--config", str(config)).returncode == 0
    config.write_text('version = 1\n[targets]\ngenerate = ["openapi"]\n')
    stale = contractgen("check", str(NAMES), "--out", str(out), "--config", str(config))
    assert stale.returncode == 1 and "openapi/openapi.yaml" in stale.stdout  # the option off: the YAML is stale
