"""The wheel carries the templates and schemas, and an installed copy generates without the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from contractgen.pipeline import build
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


def test_wheel_installs_into_a_fresh_venv_and_its_command_runs() -> None:
    """The wheel is the tested artefact: installed (console script and all) into a new virtual
    environment, it generates from outside the checkout. The venv sees the installed dependencies
    (--system-site-packages) so that the test needs no index; `pip check` proves they fit the wheel's ranges."""
    dist = fresh_dir("wheel-venv", "dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("contractgen-*.whl")
    venv = fresh_dir("wheel-venv", "venv")
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    installed = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    checked = subprocess.run([str(python), "-m", "pip", "check"], capture_output=True, text=True)
    assert "contractgen" not in checked.stdout, checked.stdout  # its dependencies are installed, in range
    out = fresh_dir("wheel-venv", "out")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the venv's copy, not the checkout's
    command = [str(venv / "bin" / "contractgen"), "generate", str(REPO / "tests/golden/names/input"), "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=dist.parent)
    assert result.returncode == 0, result.stderr
    where = subprocess.run([str(python), "-c", "import contractgen; print(contractgen.__file__)"], capture_output=True, text=True, env=env, cwd=dist.parent)
    assert where.stdout.startswith(str(venv)), where.stdout
    assert (out / "ts" / "src" / "accounts.ts").exists() and (out / "ts" / "README.md").exists()

    # The README's example, every target, by the installed command: the same files as the checkout's.
    shop, targets = REPO / "fixtures/shop", ("ts", "go", "openapi", "jsonschema", "python")
    example = fresh_dir("wheel-venv", "shop")
    contractgen = [str(venv / "bin" / "contractgen")]
    result = subprocess.run([*contractgen, "generate", str(shop), "--out", str(example), "--target", ",".join(targets)], capture_output=True, text=True, env=env, cwd=dist.parent)
    assert result.returncode == 0, result.stderr
    expected = build(shop, target_names=targets).files
    written = {p.relative_to(example).as_posix(): p.read_text() for p in example.rglob("*") if p.is_file() and p.name != ".contractgen-manifest.json"}
    assert set(written) == set(expected) - {".contractgen-manifest.json"}
    assert [p for p in expected if p in written and written[p] != expected[p]] == []
    checked = subprocess.run([*contractgen, "check", str(shop), "--out", str(example), "--target", ",".join(targets)], capture_output=True, text=True, env=env, cwd=dist.parent)
    assert checked.returncode == 0, checked.stdout + checked.stderr
