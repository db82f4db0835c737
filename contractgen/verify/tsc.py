"""Running the frontend's own TypeScript compiler and reading its diagnostics.

The frontend is checked as it configures itself (`tsc --noEmit -p DIR`), through a small overlay
config that extends DIR/tsconfig.json and changes two things: the generated package's name is mapped
to the package under test (OUT/ts, or a mutated copy), with the package's own dependencies (zod)
mapped to the frontend's copies as an install would share them, and the incremental state lives in
contractgen's cache directory, so a second run re-checks only what the new contract touches.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

from contractgen.records import record

# tsc --pretty false: `path(line,col): error TS1234: message`, continuation lines indented.
_LINE = re.compile(r"^(?P<file>.+?)\((?P<line>\d+),(?P<column>\d+)\): (?P<severity>error|warning) TS(?P<code>\d+): (?P<message>.*)$")
_GLOBAL = re.compile(r"^(?P<severity>error|warning) TS(?P<code>\d+): (?P<message>.*)$")

CATEGORIES: dict[int, str] = {
    **dict.fromkeys((2339, 2551, 2353, 2561), "missing-property"),
    **dict.fromkeys((2322, 2345, 2739, 2740, 2559), "type-mismatch"),
    **dict.fromkeys((18047, 18048, 18049, 2531, 2532, 2533), "possibly-null"),
    **dict.fromkeys((2367, 2678), "enum-literal"),
    **dict.fromkeys((2554, 2741), "missing-argument"),
}
CATEGORY_ORDER = ("missing-property", "type-mismatch", "possibly-null", "enum-literal", "missing-argument", "other")


def category(code: int) -> str:
    return CATEGORIES.get(code, "other")


@record(frozen=True)
class TsDiagnostic:
    file: str  # absolute, POSIX; "" for a diagnostic without a position (a config error)
    line: int
    column: int
    code: int
    message: str  # the first line; `detail` holds the elaboration tsc indents below it

    detail: str = ""

    @property
    def category(self) -> str:
        return category(self.code)


@record(frozen=True)
class TscRun:
    returncode: int
    diagnostics: tuple[TsDiagnostic, ...]
    output: str


class TscNotFound(Exception):
    pass


def find_tsc(frontend: Path, explicit: Path | None = None) -> Path:
    """The frontend's own compiler: DIR/node_modules/.bin/tsc, else the nearest one above DIR (npm's rule)."""
    if explicit is not None:
        if not explicit.exists():
            raise TscNotFound(f"{explicit} does not exist")
        return explicit
    for directory in (frontend.resolve(), *frontend.resolve().parents):
        candidate = directory / "node_modules" / ".bin" / "tsc"
        if candidate.exists():
            return candidate
    # A checkout of contractgen carries the TypeScript its own tests use (package.json at its root).
    checkout = Path(__file__).resolve().parents[2] / "node_modules" / ".bin" / "tsc"
    if checkout.exists():
        return checkout
    raise TscNotFound(f"no node_modules/.bin/tsc in {frontend} or above it")


def cache_dir(frontend: Path) -> Path:
    """Where incremental state and mutated packages live: inside the frontend, so the packages'
    own imports (zod) resolve through the frontend's node_modules exactly as the real package's do."""
    return frontend.resolve() / "node_modules" / ".cache" / "contractgen"


@record(frozen=True)
class FrontendConfig:
    paths: dict[str, list[str]]  # the frontend's `paths`, absolute (an overlay's `paths` replaces the base's)
    fingerprint: str  # of the whole resolved config: incremental state is only reused for the same one


def frontend_config(tsc: Path, frontend: Path) -> FrontendConfig:
    shown = subprocess.run([str(tsc), "--showConfig", "-p", str(frontend.resolve())], capture_output=True, text=True, cwd=frontend)
    fingerprint = hashlib.sha256(shown.stdout.encode()).hexdigest()[:16]
    try:
        paths = json.loads(shown.stdout).get("compilerOptions", {}).get("paths", {}) if shown.returncode == 0 else {}
    except json.JSONDecodeError:
        paths = {}
    return FrontendConfig({key: [_absolute(frontend, t) for t in targets] for key, targets in paths.items()}, fingerprint)


def _absolute(base: Path, target: str) -> str:
    return target if os.path.isabs(target) else (base.resolve() / target).as_posix()


def write_overlay(frontend: Path, name: str, package_name: str, package_dir: Path, config: FrontendConfig) -> Path:
    """cache/NAME.tsconfig.json: DIR's config with `package_name` resolved to `package_dir`/src.

    TypeScript 7.0.2 keeps diagnostics in its .tsbuildinfo across a change of compiler options (a
    file checked without `lib: dom` stays "Cannot find name 'AbortSignal'" after dom is added), so
    the state file is named by the resolved config's fingerprint: another config starts afresh.
    """
    cache = cache_dir(frontend)
    cache.mkdir(parents=True, exist_ok=True)
    src = (package_dir.resolve() / "src").as_posix()
    paths = dict(config.paths)
    paths[package_name] = [f"{src}/index.ts"]
    paths[f"{package_name}/*"] = [f"{src}/*.ts"]
    for dependency, directory in _frontend_dependencies(frontend, package_dir).items():
        paths.setdefault(dependency, [directory])
        paths.setdefault(f"{dependency}/*", [f"{directory}/*"])
    state = cache / f"{name}-{config.fingerprint}.tsbuildinfo"
    for stale in cache.glob(f"{name}-*.tsbuildinfo"):
        if stale != state:
            stale.unlink()
    overlay = {
        "extends": (frontend.resolve() / "tsconfig.json").as_posix(),
        "compilerOptions": {"noEmit": True, "incremental": True, "tsBuildInfoFile": state.as_posix(), "paths": paths},
    }
    path = cache / f"{name}.tsconfig.json"
    text = json.dumps(overlay, indent=2) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def _frontend_dependencies(frontend: Path, package_dir: Path) -> dict[str, str]:
    """The package's peer/dependencies as the frontend resolves them: {name: directory}.

    The package under test is mapped, not installed, so tsc resolves its own imports (`zod`) from
    where it lies: OUT/ts/src finds no node_modules unless OUT happens to sit inside one. Installed
    from its tarball the package would share the frontend's copy, so that copy is named here
    (npm's rule: DIR/node_modules/NAME, else the nearest one above DIR).
    """
    try:
        manifest = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    names = sorted({*manifest.get("peerDependencies", {}), *manifest.get("dependencies", {})})
    found: dict[str, str] = {}
    for name in names:
        for directory in (frontend.resolve(), *frontend.resolve().parents):
            candidate = directory / "node_modules" / name
            if candidate.is_dir():
                found[name] = candidate.as_posix()
                break
    return found


def run(tsc: Path, project: Path, cwd: Path) -> TscRun:
    """`tsc --noEmit -p PROJECT`; positions in the diagnostics are made absolute."""
    completed = subprocess.run(
        [str(tsc), "--noEmit", "--pretty", "false", "-p", str(project)], capture_output=True, text=True, cwd=cwd
    )
    output = completed.stdout + completed.stderr
    return TscRun(completed.returncode, tuple(parse(output, cwd)), output)


def parse(output: str, cwd: Path) -> list[TsDiagnostic]:
    found: list[TsDiagnostic] = []
    pending: dict[str, object] | None = None
    extra: list[str] = []

    def flush() -> None:
        if pending is not None:
            found.append(TsDiagnostic(detail="\n".join(extra), **pending))  # type: ignore[arg-type]

    for raw in output.splitlines():
        match = _LINE.match(raw)
        bare = None if match else _GLOBAL.match(raw)
        if match or bare:
            flush()
            extra = []
            if match:
                file = (cwd / match["file"]).resolve().as_posix()
                pending = {"file": file, "line": int(match["line"]), "column": int(match["column"])}
            else:
                assert bare is not None
                match = bare
                pending = {"file": "", "line": 0, "column": 0}
            pending.update(code=int(match["code"]), message=match["message"])
        elif pending is not None and raw.startswith(" "):
            extra.append(raw.strip())
    flush()
    return found
