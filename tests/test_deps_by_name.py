"""A dependency package is parsed name by name (contractgen/deps/names.py, contractgen/deps/package.py):
only the files that may declare a reached name, its methods or its constants. The answers must be
the whole package's: a type's methods and its enum constants may live in other files than the type,
a repeated declaration is the first file's. Each byte-level set must be a superset of what the parse
finds, checked here against tree-sitter on the standard library's own files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from contractgen.config import Config
from contractgen.deps import Dependencies, DependencyPackage, GoEnvironment
from contractgen.deps.names import declared_names
from contractgen.ir.build import build_contract
from contractgen.scan import scan_module
from contractgen.scan.buildtags import Platform
from contractgen.scan.facts import FileFacts
from contractgen.scan.filescan import parse_eager

# --- the byte-level index ----------------------------------------------------------------------


def test_a_single_type_spec_declares_its_name_and_not_its_fields() -> None:
    names = declared_names(b"package x\n\ntype Response struct {\n\tHeader Header\n\tRequest *Request\n}\n")
    assert names.declared == {"Response"}


def test_grouped_specs_are_found_at_depth_zero_only() -> None:
    source = b"package x\n\ntype (\n\tA int; B = C\n\t/* c */ D struct {\n\t\tField int\n\t}\n\tE[T any, U any] struct{}\n)\n\ntype F int\n"
    assert declared_names(source).declared == {"A", "B", "D", "E", "F"}


def test_a_one_line_group_and_specs_after_semicolons() -> None:
    assert declared_names(b"package x\ntype ( A int; B string )\nconst C = 1; const D = 2\n").declared >= {"A", "B", "C", "D"}


def test_constants_names_and_the_words_of_their_declarations() -> None:
    source = b"package x\n\nconst (\n\tLow Level = iota // the first\n\tMid, High\n\tMask = f(Hidden, 3)\n)\nconst One, Two = 1, 2\n"
    names = declared_names(source)
    assert {"Low", "Mid", "High", "Mask", "One", "Two"} <= names.declared
    assert "Hidden" not in names.declared  # inside a call
    assert {"Level", "iota"} <= names.in_consts
    assert "first" not in names.in_consts  # a comment


def test_comments_and_literals_declare_nothing() -> None:
    source = b'package x\n\n// type InComment int\n/*\ntype InBlock int\n*/\nvar s = `\ntype InRaw int\n`\nconst S = "type InString int; (\\"\"\n\ntype Real int\n'
    names = declared_names(source)
    assert names.declared == {"S", "Real"}


def test_method_receivers_generic_and_unnamed() -> None:
    source = b"package x\n\nfunc (r *Recv[K, V]) Get() {}\nfunc (Plain) MarshalJSON() ([]byte, error) { return nil, nil }\nfunc Free() {}\n"
    assert declared_names(source).receivers == {"r", "Recv", "K", "V", "Plain"}


def test_unicode_identifiers_are_kept_whole() -> None:
    names = declared_names("package x\n\ntype Größe int\nconst (\n\tKlein Größe = iota\n)\n".encode())
    assert "Größe" in names.declared and "Größe" in names.in_consts


# The index against the parse: every declared type and constant, method receiver and constant type
# that tree-sitter finds is in the corresponding set.
def _superset_problems(files: list[Path]) -> list[str]:
    problems = []
    for path in files:
        source = path.read_bytes()
        names = declared_names(source)
        facts = parse_eager(str(path), source)
        for name in [t.name for t in facts.types] + [c.name for c in facts.consts]:
            # (The scanner names the comma of `a, b = x, y` a constant too, in a few files: no name asked for.)
            if name.isidentifier() and name not in names.declared:
                problems.append(f"{path}: declares {name}")
        for method in facts.methods:
            if method.receiver not in names.receivers:
                problems.append(f"{path}: method on {method.receiver}")
        for const in facts.consts:
            if const.type is not None and const.type.qualifier is None and const.type.name not in names.in_consts:
                problems.append(f"{path}: constant {const.name} of {const.type.name}")
    return problems


def _goroot() -> Path:
    try:
        found = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no Go toolchain")
    return Path(found) / "src"


def test_the_index_covers_what_the_parse_finds_in_the_packages_go_github_reaches() -> None:
    src = _goroot()
    files = [p for pkg in ("net/http", "crypto/tls", "math/big", "time", "syscall") for p in sorted((src / pkg).glob("*.go"))]
    assert _superset_problems([p for p in files if not p.name.endswith("_test.go")]) == []


@pytest.mark.slow
def test_the_index_covers_what_the_parse_finds_in_the_whole_standard_library() -> None:
    files = sorted(p for p in _goroot().rglob("*.go") if "testdata" not in p.parts)
    assert _superset_problems(files) == []


# --- the IR build reads a dependency name by name -------------------------------------------------

BASE = {
    "types.go": "package base\n\ntype Level int\n\ntype Name string\n\ntype Box struct {\n\tLevel Level `json:\"level\"`\n\tName  Name  `json:\"name\"`\n\tCells [Size]int `json:\"cells\"`\n}\n",
    "methods.go": "package base\n\nfunc (n Name) MarshalJSON() ([]byte, error) { return []byte(`1`), nil }\n",
    "levels.go": "package base\n\nconst (\n\tLow Level = iota\n\tMid\n\tHigh\n)\n",
    "size.go": "package base\n\nconst Size = 3\n",
    # A repeated declaration (platforms the build does not tell apart): the first file's counts,
    # even when a later file is read first for another name.
    "a_first.go": "package base\n\ntype Twice struct {\n\tFirst int `json:\"first\"`\n}\n",
    "b_second.go": "package base\n\ntype Holder struct {\n\tTwice Twice `json:\"twice\"`\n}\n\ntype Twice struct {\n\tSecond int `json:\"second\"`\n}\n",
    "unrelated.go": "package base\n\ntype Unrelated struct{ X int }\n\nconst Other = 5\n",
}
APP = 'package app\n\nimport "example.com/Base/base"\n\ntype Doc struct {\n\tBox    base.Box    `json:"box"`\n\tHolder base.Holder `json:"holder"`\n}\n'
REQUIRE = "module example.com/app\n\ngo 1.24\n\nrequire example.com/Base v1.2.0\n"


class _WholePackage(DependencyPackage):
    """The old reading, as the oracle: every file is a candidate for every name."""

    def declaring(self, name: str) -> tuple[FileFacts, ...]:
        return self.files

    def with_methods_on(self, name: str, named: tuple[str, ...] = ()) -> tuple[FileFacts, ...]:
        return self.files

    def with_consts_of(self, name: str) -> tuple[FileFacts, ...]:
        return self.files


class _WholeDependencies(Dependencies):
    def package(self, import_path: str, from_standard: bool = False) -> DependencyPackage | None:
        found = super().package(import_path, from_standard)
        if found is None:
            return None
        return _WholePackage(found.import_path, found.dir, found.name, found._files)  # noqa: SLF001  (test oracle)


def _module(root: Path) -> Path:
    for name, text in {"app/go.mod": REQUIRE, "app/doc.go": APP}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    base = root / "cache" / "example.com" / "!base@v1.2.0" / "base"
    base.mkdir(parents=True)
    for name, text in BASE.items():
        (base / name).write_text(text, encoding="utf-8")
    return root / "app"


def test_a_dependency_is_parsed_only_where_reached_names_are_declared_and_the_contract_is_the_whole_packages(tmp_path: Path) -> None:
    app = _module(tmp_path)
    env = GoEnvironment({"GOMODCACHE": str(tmp_path / "cache"), "GOROOT": "", "PATH": ""})
    facts = scan_module(app)
    deps = Dependencies(app, Platform(), env)
    contract, diagnostics = build_contract(facts, Config(), dependencies=deps)
    whole, whole_diagnostics = build_contract(facts, Config(), dependencies=_WholeDependencies(app, Platform(), env))
    assert contract == whole and diagnostics == whole_diagnostics

    box = contract.decl("example.com/Base/base", "Box")
    level = contract.decl("example.com/Base/base", "Level")
    assert [m.name for m in level.members] == ["Low", "Mid", "High"]  # the iota block in another file
    assert contract.decl("example.com/Base/base", "Name").marshaler == "json"  # MarshalJSON from methods.go
    assert [f.type.length for f in box.fields if f.name == "cells"] == [3]  # Size from size.go
    twice = contract.decl("example.com/Base/base", "Twice")
    assert [f.name for f in twice.fields] == ["first"]

    parsed = {entry.path.rsplit("/", 1)[-1] for entry in deps.cache.memory.values() if entry.base is not None}
    assert "unrelated.go" not in parsed
    assert {"types.go", "methods.go", "levels.go", "size.go", "a_first.go", "b_second.go"} <= parsed
