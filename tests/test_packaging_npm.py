"""The generated npm package as frontends consume it: from an `npm pack` tarball, as an npm workspace
member and as a `file:` dependency, each in a fresh consumer project outside the repository (so nothing
resolves through the repository's own node_modules). Each consumer is type-checked by `tsc --strict`
under nodenext and bundler resolution, run under Node ESM, and bundled by esbuild without flags.

npm reaches only the npm registry, and prefers its cache (`npm ci` at the root fills it with the same
zod and typescript versions).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from harness.paths import REPO

pytestmark = pytest.mark.slow

TSC = REPO / "node_modules" / ".bin" / "tsc"
ESBUILD = REPO / "node_modules" / ".bin" / "esbuild"
CONSUMER = REPO / "tests" / "npm_consumer"
ZOD = json.loads((REPO / "package.json").read_text())["devDependencies"]["zod"]
EXPECTED = {"price": {"amount": 1250, "currency": "EUR"}, "status": "paid", "rejected": True, "client": "object", "guard": False}
NPM = ["npm", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"]


def run(args: list[str], cwd: Path) -> str:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(args)} in {cwd}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def generate(out: Path) -> None:
    run([sys.executable, "-m", "contractgen", "generate", str(REPO / "fixtures/shop"), "--out", str(out)], REPO)


def check_clean(out: Path) -> None:
    """What npm left in OUT/ts (node_modules, dist, package-lock.json) is no drift."""
    run([sys.executable, "-m", "contractgen", "check", str(REPO / "fixtures/shop"), "--out", str(out)], REPO)


def consumer(app: Path, dependency: str | None) -> None:
    app.mkdir(parents=True, exist_ok=True)
    deps = {"zod": ZOD} | ({"@shop/contracts": dependency} if dependency else {})
    (app / "package.json").write_text(json.dumps({"name": "app", "private": True, "type": "module", "dependencies": deps}))
    shutil.copy(CONSUMER / "main.ts", app / "main.ts")
    shutil.copy(CONSUMER / "tsconfig.json", app / "tsconfig.json")


def prove(app: Path) -> None:
    run([str(TSC), "-p", "tsconfig.json"], app)  # nodenext, emits out/main.js
    assert json.loads(run(["node", "out/main.js"], app)) == EXPECTED
    run([str(TSC), "-p", "tsconfig.json", "--noEmit", "--module", "esnext", "--moduleResolution", "bundler"], app)
    run([str(ESBUILD), "main.ts", "--bundle", "--format=esm", "--platform=browser", "--outfile=bundle.mjs", "--log-level=warning"], app)
    bundle = (app / "bundle.mjs").read_text()
    assert not re.search(r"^\s*(import|export)\b.*\bfrom\b", bundle, re.M)  # the package and zod are inlined
    assert json.loads(run(["node", "bundle.mjs"], app)) == EXPECTED


def test_tarball_and_file_dependency(tmp_path: Path) -> None:
    out = tmp_path / "contracts"
    generate(out)
    package = out / "ts"
    before = (package / "package.json").read_bytes()
    run([*NPM, "install"], package)  # devDependencies, and `prepare` builds dist/
    assert (package / "package.json").read_bytes() == before
    check_clean(out)
    packed = json.loads(run([*NPM, "pack", "--json", "--pack-destination", str(tmp_path)], package))
    tarball = tmp_path / packed[0]["filename"]
    with tarfile.open(tarball) as archive:
        names = {n.removeprefix("package/") for n in archive.getnames()}
    assert {"package.json", "README.md", "dist/index.js", "dist/models.js", "src/index.ts", "src/models.ts"} <= names
    exported = json.loads((package / "package.json").read_text())["exports"]
    for entry in exported.values():
        for target in ([entry] if isinstance(entry, str) else entry.values()):
            assert target.removeprefix("./") in names, target  # every export is shipped

    from_tarball = tmp_path / "from-tarball"
    consumer(from_tarball, f"file:{tarball}")
    run([*NPM, "install"], from_tarball)
    assert not (from_tarball / "node_modules/@shop/contracts").is_symlink()
    prove(from_tarball)

    linked = tmp_path / "linked"
    consumer(linked, f"file:{package}")
    run([*NPM, "install"], linked)
    assert (linked / "node_modules/@shop/contracts").is_symlink()
    prove(linked)
    check_clean(out)


def test_workspace_member(tmp_path: Path) -> None:
    generate(tmp_path / "contracts")
    (tmp_path / "package.json").write_text(json.dumps({"name": "ws", "private": True, "workspaces": ["contracts/ts", "app"]}))
    app = tmp_path / "app"
    consumer(app, "*")
    run([*NPM, "install"], tmp_path)  # the workspace's install runs the member's `prepare`
    assert (tmp_path / "contracts/ts/dist/index.js").is_file()
    prove(app)
    check_clean(tmp_path / "contracts")
