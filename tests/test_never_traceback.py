"""Inputs that once gave a traceback or a hang (issue 10, items 7-9): each is now a diagnostic.
Failing inputs about diagnostics are goldens too: tests/golden/{duplicate_type,plus_build,config_invalid,config_not_utf8}."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from contractgen.config import load_config
from contractgen.pipeline import build
from harness.paths import write_files

GO_MOD = "module example.com/svc\n\ngo 1.24\n"
TYPE = 'package svc\n\n// T is sent.\ntype T struct {\n\tA int `json:"a"`\n}\n'


def _module(root: Path) -> Path:
    write_files(root, {"go.mod": GO_MOD, "t.go": TYPE})
    return root


def _cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "contractgen", *map(str, args)], capture_output=True, text=True, timeout=60)


def test_a_fifo_named_like_a_go_file_is_skipped_not_read(tmp_path: Path) -> None:
    root = _module(tmp_path / "m")
    os.mkfifo(root / "x.go")
    result = _cli("ir", root)  # reading the FIFO would block until the timeout
    assert result.returncode == 0, result.stderr
    assert '"name": "T"' in result.stdout


def test_a_local_named_after_what_it_is_made_from_ends(tmp_path: Path) -> None:
    # `hash := hash.Sum32(...)` (Go's own cmd/objdump test): the local's hint asked for itself through
    # the method's receiver without end, a RecursionError in the scan of any function registering routes.
    root = _module(tmp_path / "m")
    (root / "serve.go").write_text(
        'package svc\n\nimport "net/http"\n\nfunc Serve(mux *http.ServeMux) {\n\thash := hash.Sum32()\n'
        '\tmux.HandleFunc("GET /x", func(w http.ResponseWriter, r *http.Request) { _ = hash })\n}\n'
    )
    result = _cli("ir", root)
    assert result.returncode == 0, result.stderr
    assert '"path": "/x"' in result.stdout


def test_dangling_and_looping_links_are_skipped(tmp_path: Path) -> None:
    root = _module(tmp_path / "m")
    (root / "gone.go").symlink_to(root / "nowhere.go")
    (root / "loop.go").symlink_to(root / "loop.go")
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to(root / "sub")  # a directory loop: os.walk does not follow links
    result = _cli("ir", root)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def _unreadable(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """As root, chmod 000 would not stop us reading: the source tree refuses instead."""
    from contractgen.scan.source import WorkTree

    real = WorkTree.read

    def read(self: WorkTree, path: str) -> bytes:
        if path.rsplit("/", 1)[-1] == name:
            raise PermissionError(13, "Permission denied", path)
        return real(self, path)

    monkeypatch.setattr(WorkTree, "read", read)


def test_an_unreadable_go_file_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _module(tmp_path / "m")
    (root / "secret.go").write_text("package svc\n\ntype Secret struct{}\n")
    _unreadable(monkeypatch, "secret.go")
    generation = build(root, targets=False)
    found = [d for d in generation.diagnostics if d.code == "CG005"]
    assert len(found) == 1 and "cannot read secret.go: Permission denied" in found[0].message
    assert [d.name for d in generation.contract.packages[0].types] == ["T"]


def test_an_unreadable_go_mod_is_a_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _module(tmp_path / "m")
    _unreadable(monkeypatch, "go.mod")
    generation = build(root, targets=False)
    assert [d.message for d in generation.diagnostics if d.code == "CG002"] == ["cannot read go.mod: Permission denied"]


def test_a_deeply_nested_config_is_a_diagnostic(tmp_path: Path) -> None:
    root = _module(tmp_path / "m")
    (root / "contractgen.toml").write_text("version = 1\nx = " + "[" * 2000 + "]" * 2000 + "\n")
    result = _cli("ir", root)
    assert result.returncode == 2 and "error[CG202]" in result.stderr and "nested too deeply" in result.stderr
    assert "Traceback" not in result.stderr


def test_thousands_of_unknown_keys_each_get_their_line(tmp_path: Path) -> None:
    lines = ["version = 1", "[build]"] + [f"key{i} = {i}" for i in range(8000)]
    (tmp_path / "contractgen.toml").write_text("\n".join(lines) + "\n")
    _config, problems = load_config(tmp_path)
    assert len(problems) == 8000
    assert all(p.position is not None and p.position.line == i + 3 for i, p in enumerate(problems))
    assert problems[0].message == "unknown key 'key0' in [build]"


def test_an_unknown_rule_id_in_an_inline_table_is_reported_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "contractgen.toml").write_text('version = 1\n[diff]\nrules = { type-added = "info", "no-such-rule" = "ignore" }\n')
    _config, problems = load_config(tmp_path)
    assert [(p.code, p.message) for p in problems] == [("CG203", "unknown key 'no-such-rule' in [diff] rules (change rule ids)")]
    assert problems[0].position is not None
    assert (problems[0].position.line, problems[0].position.column) == (3, 33)


@pytest.mark.parametrize(
    "body, message",
    [
        ('version = 1\n[typescript]\npackage_version = "1.2"\n', "'1.2' is not a semantic version"),
        ('version = 1\n[build]\ngoos = "../../etc"\n', "unknown GOOS '../../etc'"),
        ("version = true\n", "version must be a whole number, not true"),
    ],
)
def test_config_values_are_validated(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "contractgen.toml").write_text(body)
    _config, problems = load_config(tmp_path)
    assert [p.message for p in problems] == [message]


def test_valid_semantic_versions_pass(tmp_path: Path) -> None:
    for version in ("0.0.0", "1.4.0", "2.0.0-beta.1", "1.0.0+build.7"):
        (tmp_path / "contractgen.toml").write_text(f'version = 1\n[typescript]\npackage_version = "{version}"\n')
        assert load_config(tmp_path)[1] == [], version
