"""The generated npm package as frontends consume it: from an `npm pack` tarball, as a `file:`
dependency, and as a workspace member of an npm, a pnpm and a yarn (4, node-modules linker) workspace,
each in a fresh consumer project outside the repository (so nothing resolves through the repository's
own node_modules). Each consumer is type-checked by `tsc --strict` under nodenext and bundler
resolution, run under Node ESM, and bundled by esbuild without flags and by a Vite app build (each
bundle is run by Node too).

pnpm, yarn, vite and esbuild are the repository's devDependencies, pinned in its package-lock.json
(`npm ci` installs them; nothing is installed globally). Every package manager reaches only the npm
registry (yarn is told so: its default is its own mirror) and prefers its cache.
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
VITE = REPO / "node_modules" / ".bin" / "vite"
PNPM = [str(REPO / "node_modules" / ".bin" / "pnpm"), "--prefer-offline", "--reporter=silent"]
YARN = ["node", str(REPO / "node_modules" / "@yarnpkg" / "cli-dist" / "bin" / "yarn.js")]
# yarn 4's project settings: node_modules (tsc and Node cannot resolve through Plug'n'Play without
# yarn's own patched tools), the npm registry, no telemetry.
YARNRC = 'nodeLinker: node-modules\nnpmRegistryServer: "https://registry.npmjs.org"\nenableTelemetry: false\n'
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
    for name in ("main.ts", "tsconfig.json", "index.html", "vite.config.mjs"):
        shutil.copy(CONSUMER / name, app / name)


def prove(app: Path) -> None:
    run([str(TSC), "-p", "tsconfig.json"], app)  # nodenext, emits out/main.js
    assert json.loads(run(["node", "out/main.js"], app)) == EXPECTED
    run([str(TSC), "-p", "tsconfig.json", "--noEmit", "--module", "esnext", "--moduleResolution", "bundler"], app)
    run([str(ESBUILD), "main.ts", "--bundle", "--format=esm", "--platform=browser", "--outfile=bundle.mjs", "--log-level=warning"], app)
    bundle = (app / "bundle.mjs").read_text()
    assert not re.search(r"^\s*(import|export)\b.*\bfrom\b", bundle, re.M)  # the package and zod are inlined
    assert json.loads(run(["node", "bundle.mjs"], app)) == EXPECTED
    run([str(VITE), "build"], app)  # an app build of index.html (vite.config.mjs: outDir vite-dist)
    (chunk,) = (app / "vite-dist/assets").glob("index-*.js")
    assert json.loads(run(["node", str(chunk)], app)) == EXPECTED


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


def workspace(root: Path, member_version: str) -> Path:
    """A workspace root with the generated package (contracts/ts) and an app that depends on it."""
    generate(root / "contracts")
    (root / "package.json").write_text(json.dumps({"name": "ws", "private": True, "workspaces": ["contracts/ts", "app"]}))
    consumer(root / "app", member_version)
    return root / "app"


def test_workspace_member(tmp_path: Path) -> None:
    app = workspace(tmp_path, "*")
    run([*NPM, "install"], tmp_path)  # the workspace's install runs the member's `prepare`
    assert (tmp_path / "contracts/ts/dist/index.js").is_file()
    prove(app)
    check_clean(tmp_path / "contracts")


def test_pnpm_workspace_member(tmp_path: Path) -> None:
    app = workspace(tmp_path, "workspace:*")
    (tmp_path / "pnpm-workspace.yaml").write_text("packages:\n  - contracts/ts\n  - app\n")
    run([*PNPM, "install", "--no-frozen-lockfile"], tmp_path)  # runs the member's `prepare` too
    assert (tmp_path / "contracts/ts/dist/index.js").is_file()
    assert (app / "node_modules/@shop/contracts").resolve() == (tmp_path / "contracts/ts").resolve()
    prove(app)
    check_clean(tmp_path / "contracts")


def test_yarn_workspace_member(tmp_path: Path) -> None:
    app = workspace(tmp_path, "workspace:*")
    (tmp_path / ".yarnrc.yml").write_text(YARNRC)
    (tmp_path / "yarn.lock").write_text("")  # marks the project root
    run([*YARN, "install", "--no-immutable"], tmp_path)  # rewrites each member's package.json in its own layout
    # yarn 4 runs no `prepare` for workspace members: the build is the one command the README names.
    assert not (tmp_path / "contracts/ts/dist").exists()
    run([*YARN, "workspace", "@shop/contracts", "build"], tmp_path)
    prove(app)
    check_clean(tmp_path / "contracts")
