"""Source-tree details (issue 10, item 16) that a golden cannot hold: a directory that cannot be
listed, and the go.mod and package-clause forms, each checked against what the go tool does.
The rest are goldens: tests/golden/{source_tree,truncated_file,import_cycle}."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from contractgen.pipeline import build
from contractgen.scan.header import read_header
from contractgen.scan.modfile import parse_mod
from harness.paths import write_files

TYPE = 'package {name}\n\n// T is sent.\ntype T struct {{\n\tA int `json:"a"`\n}}\n'


def test_a_directory_that_cannot_be_listed_is_a_warning_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "m"
    write_files(root, {"go.mod": "module example.com/m\n\ngo 1.24\n", "api/t.go": TYPE.format(name="api"), "secret/s.go": TYPE.format(name="secret")})
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        # As root, chmod 000 would not stop os.walk: the listing is refused here instead.
        if os.path.basename(os.fspath(path)) == "secret":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    generation = build(root, targets=False)
    found = [d for d in generation.diagnostics if d.code == "CG005"]
    assert [(d.position.path if d.position else "", d.message) for d in found] == [
        ("secret", "cannot list directory secret: Permission denied; the packages in and below it are left out")
    ]
    assert [p.path for p in generation.contract.packages] == ["example.com/m/api"]


GO_MODS = {
    "module example.com/a\n": "example.com/a",
    'module "example.com/quoted"\n': "example.com/quoted",
    "module (\n\texample.com/block\n)\n": "example.com/block",
    "// a comment\nmodule example.com/c // trailing\n": "example.com/c",
    "module(\n\texample.com/tight\n)\n": "example.com/tight",
    'module "example.com/q\\x41"\n': "example.com/qA",
}


@pytest.mark.parametrize("go_mod", sorted(GO_MODS))
def test_the_module_statement_is_read_in_every_form(go_mod: str) -> None:
    assert parse_mod(go_mod + "\ngo 1.24\n", Path()).module == GO_MODS[go_mod]


@pytest.mark.slow
@pytest.mark.parametrize("go_mod", sorted(GO_MODS))
def test_the_go_command_reads_the_same_module_path(go_mod: str, tmp_path: Path, go: str) -> None:
    write_files(tmp_path, {"go.mod": go_mod + "\ngo 1.24\n"})
    listed = subprocess.run([go, "list", "-m"], cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"})
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.strip() == GO_MODS[go_mod]


@pytest.mark.parametrize(
    ("source", "package"),
    [
        (b"\xef\xbb\xbfpackage a\n", "a"),
        (b"/*\npackage x\n*/\npackage a\n", "a"),
        (b"// package x\n//go:build linux\n\npackage a\n", "a"),
        (b"package\na\n", "a"),
        (b"/* unterminated\npackage x\n", ""),
        (b"x := 1\npackage a\n", ""),
    ],
)
def test_the_package_clause_is_the_first_token(source: bytes, package: str) -> None:
    header = read_header(source)
    assert header.package == package
    assert not header.source.startswith(b"\xef\xbb\xbf")


def test_a_file_without_a_clause_is_refused_in_linear_time() -> None:
    assert read_header(b" \n\t" * 200_000 + b"x").package == ""
