"""Which declaration each key the frontend writes belongs to, asked of the frontend's own TypeScript.

The words of the sources (usage.py) say a key is written, not whose: `id` read from a Product also
names every other type's `id`. TypeScript 7 ships an API (`typescript/unstable/sync`: tsgo over a
pipe) whose checker resolves each name to its symbol; keysites.mjs asks it for every identifier,
object-literal or binding-pattern key and string literal of the frontend's files (a literal is owned
by the enum type it is compared with or given as), in one tsgo process (well under a second for the
example). Where that API is missing (an older TypeScript, no node), there is no
attribution and usage stays the word-based superset.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

# (absolute POSIX file, line, word) -> for each occurrence, the "DECLFILE#Parent" members it resolves
# to ("" for a symbol that is no member), or None when TypeScript cannot tell.
Sites = dict[tuple[str, int, str], list[list[str] | None]]

_SCRIPT = Path(__file__).with_name("keysites.mjs")


def api_module(compiler: Path) -> Path | None:
    """The TypeScript API beside the frontend's compiler (node_modules/.bin/tsc -> typescript/bin/tsc)."""
    module = compiler.resolve().parents[1] / "dist" / "api" / "sync" / "api.js"
    return module if module.is_file() else None


def resolve_sites(compiler: Path, tsconfig: Path, files: list[Path]) -> Sites | None:
    node = shutil.which("node")
    module = api_module(compiler)
    if node is None or module is None:
        return None
    payload = json.dumps([f.resolve().as_posix() for f in files])
    try:
        done = subprocess.run(
            [node, str(_SCRIPT), str(module), str(tsconfig.resolve())],
            input=payload, capture_output=True, text=True, cwd=tsconfig.parent, timeout=120,
        )
        rows = json.loads(done.stdout) if done.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        rows = None
    if not isinstance(rows, list):
        return None
    sites: Sites = {}
    for file, line, word, owners in rows:
        sites.setdefault((file, line, word), []).append(owners)
    return sites
