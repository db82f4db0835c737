"""The compiled code of what contractgen generates for itself (record methods, contract.json
encoders) is kept between runs beside the package's bytecode (contractgen/codecache.py)."""

from __future__ import annotations

import builtins
import subprocess
import sys
from pathlib import Path

import pytest

from contractgen import codecache

SOURCE = "def add(a, b):\n    return a + b\n"


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The module's state as in a new process, its file in tmp_path (not the repository's)."""
    where = tmp_path / "__pycache__" / "generated.test.marshal"
    monkeypatch.setattr(codecache, "_FILE", where)
    monkeypatch.setattr(codecache, "_known", None)
    monkeypatch.setattr(codecache, "_used", set())
    monkeypatch.setattr(codecache, "_added", False)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return where


def _run(code: object) -> int:
    scope: dict = {}
    exec(code, scope)  # noqa: S102
    return scope["add"](2, 3)


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codecache, "_known", None)
    monkeypatch.setattr(codecache, "_used", set())
    monkeypatch.setattr(codecache, "_added", False)


def test_compiled_once_then_loaded_in_the_next_run(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(codecache.compiled(SOURCE, "<test>")) == 5
    codecache._save()  # at exit
    assert fresh.is_file()
    _new_process(monkeypatch)
    monkeypatch.setattr(builtins, "compile", lambda *a, **k: pytest.fail("compiled again"))
    code = codecache.compiled(SOURCE, "<test>")
    assert _run(code) == 5 and code.co_filename == "<test>"


def test_another_source_or_name_is_another_entry(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    codecache.compiled(SOURCE, "<test>")
    codecache._save()
    _new_process(monkeypatch)
    other = codecache.compiled(SOURCE.replace("+", "*"), "<test>")
    assert _run(other) == 6
    assert codecache.compiled(SOURCE, "<elsewhere>").co_filename == "<elsewhere>"


def test_nothing_written_when_python_writes_no_bytecode(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    codecache.compiled(SOURCE, "<test>")
    codecache._save()
    assert not fresh.parent.exists()


def test_a_damaged_file_counts_as_empty(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh.parent.mkdir()
    for damage in (b"", b"\x00garbage", b"\xe9" * 40):
        fresh.write_bytes(damage)
        _new_process(monkeypatch)
        assert _run(codecache.compiled(SOURCE, "<test>")) == 5


def test_a_read_only_place_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: Path) -> None:
    (tmp_path / "file").write_text("in the way")
    monkeypatch.setattr(codecache, "_FILE", tmp_path / "file" / "__pycache__" / "generated.test.marshal")
    codecache.compiled(SOURCE, "<test>")
    codecache._save()  # compiled, not kept, no exception
    assert (tmp_path / "file").read_text() == "in the way"


def test_old_entries_go_when_the_file_grows_too_large(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codecache, "_KEPT_AT_MOST", 3)
    for n in range(5):
        codecache.compiled(SOURCE.replace("b\n", f"b + {n}\n"), "<old>")
    codecache._save()
    _new_process(monkeypatch)
    codecache.compiled(SOURCE, "<new>")
    codecache._save()
    _new_process(monkeypatch)
    assert list(codecache._load()) == ["<new>\0" + SOURCE]


def test_the_cli_runs_atexit_functions_although_it_skips_the_teardown() -> None:
    """main() ends the process with os._exit (contractgen/cli.py); what is registered with atexit,
    such as saving this cache, still runs, after the command's own output."""
    probe = (
        "import atexit, sys\n"
        "from contractgen import cli\n"
        "atexit.register(lambda: print('atexit ran'))\n"
        "sys.argv = ['contractgen', '--version']\n"
        "cli.main()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    from contractgen import __version__

    assert done.returncode == 0
    assert done.stdout.splitlines() == [f"contractgen {__version__}", "atexit ran"]
