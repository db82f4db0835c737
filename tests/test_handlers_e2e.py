"""End to end for inferred handlers: fixtures/ginapp (gin, gin.H responses, helper binds, c.Query
parameters, common.NewError error bodies) is built and started on 127.0.0.1, and
tests/e2e/ginapp_e2e.ts, compiled with tsc --strict against the client contractgen generates from
the service's source, calls every endpoint with validate "throw", its error responses included
(typed ApiErrors narrowed with isApiError)."""

from __future__ import annotations

import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.paths import REPO, WORK, fresh_dir
from harness.tsc import compile_package

GINAPP = REPO / "fixtures" / "ginapp"
PROGRAM = REPO / "tests" / "e2e"
GO_ENV = {"GOFLAGS": "-mod=mod", "GOWORK": "off", "GOTOOLCHAIN": "local"}
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$")
# Every route of the service (the handler's Go name, as the client names its methods).
ROUTES = {
    ("POST", "/api/users"): "Registration",
    ("POST", "/api/users/login"): "Login",
    ("GET", "/api/users"): "List",
    ("GET", "/api/profiles/{username}"): "Profile",
    ("DELETE", "/api/users/{username}"): "Remove",
    ("POST", "/api/users/{username}/avatar"): "Avatar",
    ("POST", "/api/users/{username}/photos"): "Photo",
    ("GET", "/api/tags"): "Tags",
    ("GET", "/api/articles"): "Articles",
    ("POST", "/api/articles/attachments"): "Attach",
    ("GET", "/api/articles/feed"): "Feed",
    ("GET", "/api/articles/export"): "Export",
    ("GET", "/api/articles/{slug}/cover"): "Cover",
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ginappd(go: str) -> Path:
    import os

    out = fresh_dir("e2e-ginapp", "bin") / "ginappd"
    env = {**os.environ, **GO_ENV}
    result = subprocess.run([go, "build", "-o", str(out), "./cmd/ginappd"], cwd=GINAPP, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


def _start(binary: Path, name: str) -> tuple[str, subprocess.Popen[str], Path]:
    logs = WORK / "e2e-ginapp" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    with log.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen([str(binary), "-addr", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=stderr, text=True)
    assert process.stdout is not None
    stdout = process.stdout
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        first = lines.get(timeout=30)
    except queue.Empty:
        _stop(process)
        pytest.fail(f"ginappd printed no address; log:\n{log.read_text()}")
    match = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)\n", first)
    if match is None:
        _stop(process)
        pytest.fail(f"unexpected first line {first!r}; log:\n{log.read_text()}")
    return match.group(1), process, log


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


@pytest.fixture(scope="module")
def server(ginappd: Path) -> Iterator[str]:
    url, process, _log = _start(ginappd, "e2e")
    try:
        yield url
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def program(tsc: Path) -> Path:
    work = fresh_dir("e2e-ginapp", "program")
    out = work / "contract"
    result = subprocess.run(
        [sys.executable, "-m", "contractgen", "generate", str(GINAPP), "--out", str(out)], capture_output=True, text=True, cwd=REPO, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    package = work / "node_modules" / "contracts"
    shutil.copytree(out / "ts", package)
    built = compile_package(tsc, package, "nodenext", emit=True)
    assert built.returncode == 0, built.stdout + built.stderr
    (work / "package.json").write_text('{ "private": true, "type": "module" }\n', encoding="utf-8")
    shutil.copyfile(PROGRAM / "tsconfig.json", work / "tsconfig.json")
    (work / "src").mkdir()
    shutil.copyfile(PROGRAM / "ginapp_e2e.ts", work / "src" / "ginapp_e2e.ts")
    compiled = compile_package(tsc, work, "nodenext", emit=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return work / "dist" / "ginapp_e2e.js"


def test_ir_lists_every_route_of_the_service() -> None:
    import json

    result = subprocess.run([sys.executable, "-m", "contractgen", "ir", str(GINAPP)], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    endpoints = {(e["method"], e["path"]): e["name"] for e in json.loads(result.stdout)["endpoints"]}
    assert endpoints == ROUTES
    source = (GINAPP / "users" / "routers.go").read_text() + (GINAPP / "articles" / "routers.go").read_text()
    registered = re.findall(r'router\.(GET|POST|DELETE)\("([^"]+)"', source)
    assert len(registered) == len(ROUTES)


def test_client_calls_every_endpoint_of_the_running_service(program: Path, server: str) -> None:
    result = subprocess.run(["node", str(program), server], capture_output=True, text=True, cwd=program.parent, timeout=300)
    lines = result.stdout.splitlines()
    match = SUMMARY.fullmatch(lines[-1]) if lines else None
    assert match is not None, result.stdout + result.stderr
    assert result.returncode == 0 and match.group(2) == "0", result.stdout + result.stderr
    assert int(match.group(1)) >= 15, result.stdout
    for name in ROUTES.values():  # every method is called
        method = name[:1].lower() + name[1:]
        assert f".{method}(" in (PROGRAM / "ginapp_e2e.ts").read_text(), method


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_ginappd_stops_cleanly_when_signalled_at_once(ginappd: Path, signum: signal.Signals) -> None:
    """The address is printed after the signal handlers are installed: a signal sent the moment the
    line is read stops the server cleanly (exit 0, "stopped"), never kills it."""
    _url, process, log = _start(ginappd, f"stop-{signum.name}")
    try:
        process.send_signal(signum)
        assert process.wait(timeout=10) == 0
        assert log.read_text(encoding="utf-8").rstrip().endswith("stopped")
    finally:
        _stop(process)
