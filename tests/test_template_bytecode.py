"""With caching off, the built-in templates' compiled code is kept beside them, as Python keeps a
module's bytecode (contractgen/templating.py): a cold run does not compile them again."""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest

from contractgen import templating
from contractgen.resources import resource_dir


def _beside(directory: Path, monkeypatch: pytest.MonkeyPatch) -> templating._BesideTheTemplates:
    monkeypatch.setenv("CONTRACTGEN_CACHE_DIR", "off")
    cache = templating._bytecode_cache(sandboxed=False)
    assert isinstance(cache, templating._BesideTheTemplates)
    assert cache.directory.parent == resource_dir("templates") / "__pycache__"
    cache.directory, cache.inner = directory, jinja2.FileSystemBytecodeCache(str(directory))  # not the repository's
    return cache


def _environment(cache: jinja2.BytecodeCache) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(resource_dir("templates") / "ts")), bytecode_cache=cache)


def test_compiled_once_then_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    cache = _beside(tmp_path / "jinja", monkeypatch)
    first = _environment(cache).get_template("module.ts.jinja")
    assert len(list((tmp_path / "jinja").glob("*.cache"))) == 1
    again = _environment(cache)
    monkeypatch.setattr(again, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert again.get_template("module.ts.jinja").filename == first.filename  # loaded without compiling


def test_nothing_written_when_python_writes_no_bytecode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cache = _beside(tmp_path / "jinja", monkeypatch)
    _environment(cache).get_template("module.ts.jinja")
    assert not (tmp_path / "jinja").exists()


def test_a_read_only_place_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    (tmp_path / "file").write_text("in the way")
    cache = _beside(tmp_path / "file" / "jinja", monkeypatch)
    _environment(cache).get_template("module.ts.jinja")  # compiled, not kept


def test_users_templates_never_use_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACTGEN_CACHE_DIR", "off")
    assert templating._bytecode_cache(sandboxed=True) is None
