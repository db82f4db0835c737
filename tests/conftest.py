from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # The tests (and the CLI processes they start, which inherit the environment) never touch the
    # user's cache: one fresh cache directory per test session.
    if "CONTRACTGEN_CACHE_DIR" not in os.environ:
        os.environ["CONTRACTGEN_CACHE_DIR"] = str(REPO / "tests" / ".work" / "cache")
        shutil.rmtree(os.environ["CONTRACTGEN_CACHE_DIR"], ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/golden/*/expected from the current output")


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def tsc() -> Path:
    path = REPO / "node_modules" / ".bin" / "tsc"
    if not path.exists():
        pytest.fail("node_modules/.bin/tsc is missing: run `npm ci` at the repository root (see README)")
    return path


@pytest.fixture(scope="session")
def go() -> str:
    found = shutil.which("go")
    if found is None:
        pytest.fail("the Go toolchain is needed by the tests (go on PATH)")
    return found
