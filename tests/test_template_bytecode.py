"""With caching off, the built-in templates' compiled code is kept beside them, as Python keeps a
module's bytecode (contractgen/templating.py): a cold run does not compile them again."""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest

from contractgen import templating
from contractgen.resources import resource_dir


def _environment(cache: jinja2.BytecodeCache) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(resource_dir("templates") / "ts")), bytecode_cache=cache)


def test_caching_off_keeps_built_in_templates_beside_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACTGEN_CACHE_DIR", "off")
    cache = templating.bytecode_cache(sandboxed=False)
    assert isinstance(cache, templating.BesideTheTemplates)
    assert cache.directory.parent == resource_dir("templates") / "__pycache__"


def test_compiled_once_then_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    cache = templating.BesideTheTemplates(tmp_path / "jinja")  # not the repository's
    first = _environment(cache).get_template("module.ts.jinja")
    assert len(list((tmp_path / "jinja").glob("*.cache"))) == 1
    again = _environment(cache)
    monkeypatch.setattr(again, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert again.get_template("module.ts.jinja").filename == first.filename  # loaded without compiling


def test_nothing_written_when_python_writes_no_bytecode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _environment(templating.BesideTheTemplates(tmp_path / "jinja")).get_template("module.ts.jinja")
    assert not (tmp_path / "jinja").exists()


def test_a_read_only_place_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    (tmp_path / "file").write_text("in the way")
    _environment(templating.BesideTheTemplates(tmp_path / "file" / "jinja")).get_template("module.ts.jinja")  # compiled, not kept


def test_users_templates_never_use_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACTGEN_CACHE_DIR", "off")
    assert templating.bytecode_cache(sandboxed=True) is None
