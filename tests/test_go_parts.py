"""The Go parts of the repository: the random-value generator's own tests, and the fixture modules
build and vet cleanly (so the round-trip test samples real, compiling Go)."""

from __future__ import annotations

import os
import subprocess

import pytest

from harness.paths import REPO

pytestmark = pytest.mark.slow

OFFLINE = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOWORK": "off"}


def _go(go: str, module: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([go, *args], cwd=REPO / module, capture_output=True, text=True, env=OFFLINE, timeout=600)


def test_randval_go_tests_pass(go: str) -> None:
    vet = _go(go, "fixtures/randval", "vet", "./...")
    assert vet.returncode == 0, vet.stderr
    result = _go(go, "fixtures/randval", "test", "-count=1", "./...")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok" in result.stdout


@pytest.mark.parametrize("module", ["fixtures/shop", "fixtures/semantics"])
def test_fixture_modules_build_and_vet(go: str, module: str) -> None:
    for args in (("build", "./..."), ("vet", "./...")):
        result = _go(go, module, *args)
        assert result.returncode == 0, f"go {' '.join(args)}: {result.stderr}"
