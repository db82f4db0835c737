"""mypy over the package: the code's own type hints are checked, not just present."""

from __future__ import annotations

import subprocess
import sys

from harness.paths import REPO


def test_mypy_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
