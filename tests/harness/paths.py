from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden"
# Inside the repository, so that generated TypeScript and Node find the repo's node_modules (zod).
WORK = REPO / "tests" / ".work"


def fresh_dir(*parts: str) -> Path:
    path = WORK.joinpath(*parts)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def write_files(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")


def golden_cases() -> list[str]:
    return sorted(p.name for p in GOLDEN.iterdir() if (p / "input").exists() or (p / "input.path").exists())


def golden_input(case: str) -> Path:
    """A case's Go module: its own `input/`, or a repository path named in `input.path` (the fixtures)."""
    base = GOLDEN / case
    if (base / "input").is_dir():
        return base / "input"
    return (REPO / (base / "input.path").read_text().strip()).resolve()
