"""Fault injection: a run killed (SIGKILL) at random points, a full disk (ENOSPC) and a refused
write (EACCES), each in a child process, between two real generations of a synthetic module, with
the writer durable (generate: synced before the commit point) and not (watch: `durable=False`, no
fsync; a killed process loses nothing the kernel was given, only a power cut could). Afterwards (the next run's recovery done) OUT always holds exactly one whole generation, the old
or the new, never a mix; both generations compile (tsc --strict, go vet), so OUT always does."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from contractgen.pipeline import build
from contractgen.writer import MANIFEST, recover, write
from contractgen.writer.layout import manifest_text
from harness.paths import REPO, fresh_dir, write_files
from harness.tsc import compile_package

pytestmark = pytest.mark.slow
SEED = 20261201

# The child: write generation B over A with one fault injected at the k-th call of the patched functions.
CHILD = r"""
import errno, json, os, signal, sys
from pathlib import Path
from contractgen.writer import write, WriterError
out, files_path, fault, at, durable = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "durable"
files = json.loads(Path(files_path).read_text())
calls = [0]
def patched(name, real):
    def call(*args, **kwargs):
        calls[0] += 1
        if calls[0] == at:
            if fault == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            if fault == "enospc" and name == "write":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            if fault == "eacces":
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(args[0]) if args else None)
        return real(*args, **kwargs)
    return call
names = {"kill": ("write", "replace", "unlink", "fsync", "mkdir", "rmdir", "fchmod"), "enospc": ("write",),
         "eacces": ("replace", "unlink", "mkdir", "open")}[fault]
for name in names:
    setattr(os, name, patched(name, getattr(os, name)))
try:
    write(out, files, durable=durable)
except WriterError as exc:
    print("WriterError:", exc)
    sys.exit(3)
print("calls", calls[0])
"""


@pytest.fixture(scope="module")
def generations(tsc: Path, go: str) -> tuple[dict[str, str], dict[str, str]]:
    work = fresh_dir("faults", "modules")
    result = []
    for name, seed, packages in (("a", 1, 14), ("b", 2, 10)):
        subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "synth.py"), str(work / name), "--files", "60", "--size-mb", "0.4",
             "--type-files", "24", "--packages", str(packages), "--seed", str(seed)],
            check=True, capture_output=True,
        )
        if name == "b":  # a package only the new generation has
            write_files(work / name, {"extra/extra.go": "package extra\n\n// Note is new.\ntype Note struct {\n\tText string `json:\"text\"`\n}\n"})
        files = build(work / name).files
        result.append(files)
        # Each generation compiles on its own: then OUT, being one of them, does.
        package = fresh_dir("faults", "compile", name)
        write_files(package, {k[3:]: v for k, v in files.items() if k.startswith("ts/")})
        compiled = compile_package(tsc, package, "nodenext")
        assert compiled.returncode == 0, compiled.stdout + compiled.stderr
        gopkg = fresh_dir("faults", "go", name)
        write_files(gopkg, {k[3:]: v for k, v in files.items() if k.startswith("go/")})
        (gopkg / "go.mod").write_text("module example.com/out\n\ngo 1.24\n")
        vet = subprocess.run([go, "vet", "./..."], cwd=gopkg, capture_output=True, text=True, timeout=300)
        assert vet.returncode == 0, vet.stderr
    a, b = result
    assert set(a) - set(b) and set(b) - set(a) and any(a[k] != b[k] for k in set(a) & set(b))
    return a, b


def _tree(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*")) if p.is_file()}


def _assert_one_generation(out: Path, a: dict[str, str], b: dict[str, str]) -> str:
    recover(out, wait=10)
    tree = _tree(out)
    manifest = tree.pop(MANIFEST, None)
    which = "a" if tree == a else "b" if tree == b else ""
    if not which:
        mixed = sorted(k for k in set(tree) | set(a) | set(b) if tree.get(k) not in (a.get(k), b.get(k)) or (k in tree) != (k in a))
        raise AssertionError(f"OUT is neither generation: {mixed[:10]}")
    assert manifest == manifest_text({rel: text.encode() for rel, text in (a if which == "a" else b).items()})
    return which


def _child(out: Path, files_path: Path, fault: str, at: int, durable: bool) -> subprocess.CompletedProcess[str]:
    mode = "durable" if durable else "not-durable"
    return subprocess.run([sys.executable, "-c", CHILD, str(out), str(files_path), fault, str(at), mode], capture_output=True, text=True, timeout=120)


def _calls(work: Path, a: dict[str, str], files_path: Path, durable: bool) -> int:
    out = work / "count"
    write(out, a)
    done = _child(out, files_path, "kill", 10**9, durable)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


DURABLE = pytest.mark.parametrize("durable", [True, False], ids=["durable", "watch-not-durable"])


@DURABLE
def test_kill_at_every_kind_of_point_leaves_one_generation(generations: tuple[dict[str, str], dict[str, str]], durable: bool) -> None:
    a, b = generations
    work = fresh_dir("faults", "kill", str(durable))
    files_path = work / "b.json"
    files_path.write_text(json.dumps(b))
    total = _calls(work, a, files_path, durable)
    if not durable:
        assert total < _calls(work, a, files_path, True)  # no fsync calls: the other path indeed
    rng = random.Random(SEED)
    points = sorted({1, 2, total - 1, total, *rng.sample(range(1, total + 1), min(40, total))})
    seen = {"a": 0, "b": 0}
    for at in points:
        out = work / f"out{at}"
        write(out, a)
        child = _child(out, files_path, "kill", at, durable)
        assert child.returncode == -signal.SIGKILL, (at, child.returncode, child.stderr)
        seen[_assert_one_generation(out, a, b)] += 1
    assert seen["a"] and seen["b"], seen  # both sides of the commit point were hit


def test_sigkill_from_outside_at_random_times_leaves_one_generation(generations: tuple[dict[str, str], dict[str, str]]) -> None:
    a, b = generations
    work = fresh_dir("faults", "timer")
    module_b = REPO / "tests" / ".work" / "faults" / "modules" / "b"
    rng = random.Random(SEED + 1)
    for trial in range(12):
        out = work / f"out{trial}"
        write(out, a)
        child = subprocess.Popen([sys.executable, "-m", "contractgen", "generate", str(module_b), "--out", str(out)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        _assert_one_generation(out, a, b)


@DURABLE
@pytest.mark.parametrize("fault", ["enospc", "eacces"])
def test_a_full_disk_or_a_refused_write_leaves_one_generation_and_a_message(
    generations: tuple[dict[str, str], dict[str, str]], fault: str, durable: bool
) -> None:
    a, b = generations
    work = fresh_dir("faults", fault, str(durable))
    files_path = work / "b.json"
    files_path.write_text(json.dumps(b))
    rng = random.Random(SEED + 2)
    for at in sorted({1, *rng.sample(range(1, 60), 15)}):
        out = work / f"out{at}"
        write(out, a)
        child = _child(out, files_path, fault, at, durable)
        assert child.returncode in (0, 3), child.stderr  # 3: a WriterError, never a traceback
        assert "Traceback" not in child.stderr
        if child.returncode == 3:
            assert "WriterError" in child.stdout
        _assert_one_generation(out, a, b)
