"""The incremental path's proof: after a sequence of edits under watch, every build equals a full one
(contract, files, diagnostics and the one-line summary's changes), and OUT on disk equals what a fresh
`contractgen generate` of the same source writes, byte for byte.

The module has a chain of packages (base <- models <- api) and one that nothing imports (leaf), so the
edits reach some packages and not others: the declarations of unreached packages are reused
(contractgen/ir/incremental.py), contract.json is spliced from per-package pieces
(contractgen/ir/pieces.py) and only the packages that differ are compared (contractgen/watch/summary.py).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.edits import apply_edit, full_build
from harness.paths import REPO, fresh_dir, write_files


from contractgen.changes import compare
from contractgen.scan.cache import FactCache
from contractgen.watch.session import Session

MODULE = {
    "go.mod": "module example.com/eq\n\ngo 1.22\n",
    "base/base.go": (
        "package base\n\nimport \"time\"\n\n// ID names a record.\ntype ID string\n\n"
        "type Level int\n\nconst (\n\tLow Level = iota\n\tHigh\n)\n\n"
        "type Stamp struct {\n\tAt time.Time `json:\"at\"`\n\tBy *string `json:\"by,omitempty\"`\n}\n"
    ),
    "models/user.go": (
        "package models\n\nimport \"example.com/eq/base\"\n\n"
        "type User struct {\n\tID    base.ID    `json:\"id\"`\n\tName  string     `json:\"name\"`\n"
        "\tLevel base.Level `json:\"level\"`\n\tStamp base.Stamp `json:\"stamp\"`\n}\n"
    ),
    "api/api.go": (
        "package api\n\nimport \"example.com/eq/models\"\n\n"
        "type Page[T any] struct {\n\tItems []T `json:\"items\"`\n\tNext  string `json:\"next,omitempty\"`\n}\n\n"
        "type UserPage = Page[models.User]\n\ntype Envelope struct {\n\tUsers Page[models.User] `json:\"users\"`\n}\n"
    ),
    "leaf/leaf.go": "package leaf\n\ntype Note struct {\n\tText string `json:\"text\"`\n\tTags []string `json:\"tags\"`\n}\n",
}


def _replace(old: str, new: str):  # type: ignore[no-untyped-def]
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


# (path, edit of its current text, or None to delete the file)
EDITS = [
    ("base/base.go", _replace("type ID string", "type ID int64")),  # reaches models and api
    ("leaf/leaf.go", _replace('json:"text"', 'json:"body"')),  # reaches leaf only
    ("go.mod", lambda t: t + "\nrequire example.com/absent v1.0.0\n"),  # a module not on this machine
    ("leaf/leaf.go", _replace("package leaf\n", 'package leaf\n\nimport "example.com/absent"\n\ntype Uses struct {\n\tA absent.Thing `json:"a"`\n}\n')),
    ("leaf/leaf.go", _replace('\tA absent.Thing `json:"a"`\n', "")),  # used no more: its CG110 goes, though the session's Dependencies saw it
    ("base/base.go", _replace("type ID int64", "type ID *int64")),  # nullable where other packages use it
    ("base/base.go", _replace("type ID *int64", "type ID int64")),
    ("base/base.go", lambda t: "// moved\n" + t),  # positions only, in the package everything imports
    ("models/user.go", _replace('json:"name"', 'json:"name,omitempty"')),  # reaches models and api
    ("base/meta.go", lambda t: "package base\n\ntype Meta struct {\n\tVersion int `json:\"version\"`\n}\n"),  # a new file
    ("models/user.go", _replace("\tName  string", "\tbase.Meta\n\tName  string")),  # promoted fields from another package
    ("base/meta_json.go", lambda t: "package base\n\nfunc (Meta) MarshalText() ([]byte, error) { return nil, nil }\n"),  # a promoted marshaler
    ("base/meta_json.go", None),
    ("models/user.go", _replace("package models\n\nimport \"example.com/eq/base\"\n", "package models\n\nimport (\n\t\"example.com/eq/base\"\n\t\"example.com/eq/extra\"\n)\n")),
    ("models/user.go", _replace("\tName  string", "\tExtra extra.Thing `json:\"extra\"`\n\tName  string")),  # a package that is not there yet
    ("extra/thing.go", lambda t: "package extra\n\ntype Thing struct {\n\tOK bool `json:\"ok\"`\n}\n"),  # now it is
    ("extra/thing.go", _replace("OK bool", "OK *bool")),
    ("leaf/leaf.go", None),  # a package gone
    ("base/base.go", _replace("\tHigh\n", "\tHigh\n\tTop\n")),  # an enum member added
    ("base/base.go", lambda t: t + "\nfunc broken( {\n"),  # a syntax error: nothing written
    ("base/base.go", _replace("\nfunc broken( {\n", "")),
    ("contractgen.toml", lambda t: 'version = 1\n\n[packages]\nexclude = ["leaf"]\n'),  # a config: everything again
    ("api/api.go", _replace('json:"next,omitempty"', 'json:"cursor,omitempty"')),
]


def test_incremental_builds_equal_full_builds_and_a_fresh_generate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = fresh_dir("watch_equivalence")
    module, out = work / "m", work / "out"
    write_files(module, MODULE)
    session = Session(module, out, stdout=io.StringIO(), stderr=io.StringIO(), cache=FactCache(tmp_path / "cache"))
    first = session.regenerate()
    assert first is not None
    good = first.generation
    reused_somewhere = False
    for path, edit in EDITS:
        target = apply_edit(module, path, edit)
        result = session.regenerate({str(target)})
        full = full_build(module, monkeypatch)
        if result is None:
            assert any(d.severity.value == "error" for d in full.diagnostics), path
            continue
        assert result.generation.files == full.files, path
        assert result.generation.contract == full.contract, path
        assert result.generation.diagnostics == full.diagnostics, path
        assert result.changes == [c.message for c in compare(good.contract, full.contract)], path
        reused_somewhere |= any(
            p is q for p, q in zip(good.contract.packages, result.generation.contract.packages)
        )
        good = result.generation
    assert reused_somewhere, "no edit reused a package: the incremental path was not exercised"
    fresh_out = work / "fresh"
    env = {**os.environ, "PYTHONPATH": str(REPO), "CONTRACTGEN_CACHE_DIR": "off"}
    generated = subprocess.run(
        [sys.executable, "-m", "contractgen", "generate", str(module), "--out", str(fresh_out)], capture_output=True, text=True, env=env
    )
    assert generated.returncode == 0, generated.stderr
    assert _tree(out) == _tree(fresh_out)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
