"""The wheel carries the templates and schemas, and an installed copy generates without the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from harness.paths import REPO, fresh_dir

pytestmark = pytest.mark.slow


def test_wheel_ships_templates_and_schemas_and_runs_from_them() -> None:
    dist = fresh_dir("wheel", "dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("contractgen-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(dist / "site")
    for required in ("contractgen/templates/ts/module.ts.jinja", "contractgen/templates/go/handler.go.jinja", "contractgen/schemas/ir.schema.json"):
        assert required in names, required

    # Run the unpacked wheel from somewhere else: it must find its own templates, not the checkout's.
    out = fresh_dir("wheel", "out")
    env = {**os.environ, "PYTHONPATH": str(dist / "site")}
    code = "import contractgen.resources as r, sys; print(r.resource_dir('templates')); sys.argv=['contractgen','generate',sys.argv[1],'--out',sys.argv[2]]; import contractgen.cli as c; c.main()"
    result = subprocess.run([sys.executable, "-c", code, str(REPO / "tests/golden/names/input"), str(out)], capture_output=True, text=True, env=env, cwd=out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(dist / "site" / "contractgen" / "templates")
    assert (out / "ts" / "src" / "accounts.ts").exists()
