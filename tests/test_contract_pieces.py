"""contract.json under watch is spliced from per-package pieces (contractgen/ir/pieces.py): an edit
re-encodes only the packages it reached, and an encoder whose layout is not the expected one makes
the whole contract be encoded instead; either way the text is to_json's, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from contractgen.ir import pieces
from contractgen.ir.model import Contract, to_json
from contractgen.pipeline import CONTRACT_FILE, Incremental, build
from contractgen.scan.cache import FactCache
from harness.paths import write_files

MODULE = {
    "go.mod": "module example.com/pieces\n\ngo 1.22\n",
    "base/base.go": "package base\n\n// ID names a record.\ntype ID string\n",
    "models/user.go": (
        "package models\n\nimport \"example.com/pieces/base\"\n\n"
        "type User struct {\n\tID   base.ID `json:\"id\"`\n\tName string  `json:\"name\"`\n}\n"
    ),
    "leaf/leaf.go": "package leaf\n\ntype Note struct {\n\tText string `json:\"text\"`\n}\n",
}


def _edit(module: Path, path: str, old: str, new: str) -> None:
    text = (module / path).read_text()
    assert old in text, old
    (module / path).write_text(text.replace(old, new, 1))


def test_an_edit_re_encodes_only_the_packages_it_reaches(tmp_path: Path) -> None:
    write_files(tmp_path, MODULE)
    session = Incremental()
    first = build(tmp_path, cache=FactCache(None), incremental=session)
    assert first.files[CONTRACT_FILE] == to_json(first.contract)
    assert session.contract_json.last == ("example.com/pieces/base", "example.com/pieces/leaf", "example.com/pieces/models")
    for path, old, new, reached in [
        ("leaf/leaf.go", 'json:"text"', 'json:"body"', ("example.com/pieces/leaf",)),
        ("base/base.go", "type ID string", "type ID int64", ("example.com/pieces/base",)),  # models refers to it by name
        ("base/base.go", "type ID int64", "type ID *int64", ("example.com/pieces/base", "example.com/pieces/models")),  # nullable there too
        ("models/user.go", 'json:"name"', 'json:"name,omitempty"', ("example.com/pieces/models",)),
    ]:
        _edit(tmp_path, path, old, new)
        generation = build(tmp_path, cache=FactCache(None), incremental=session)
        assert session.contract_json.last == reached, path  # spliced, not encoded whole
        assert generation.files[CONTRACT_FILE] == to_json(generation.contract)


def _no_final_newline(real: Callable[[Contract], str]) -> Callable[[Contract], str]:
    return lambda c: real(c).rstrip("\n")


def _sorted_keys(real: Callable[[Contract], str]) -> Callable[[Contract], str]:
    return lambda c: json.dumps(json.loads(real(c)), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _indent_four(real: Callable[[Contract], str]) -> Callable[[Contract], str]:
    return lambda c: json.dumps(json.loads(real(c)), indent=4, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    "layout", [_no_final_newline, _sorted_keys, _indent_four], ids=["other-end", "packages-not-after-version", "other-indent"]
)
def test_an_unexpected_layout_falls_back_to_the_whole_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: Callable[[Callable[[Contract], str]], Callable[[Contract], str]]
) -> None:
    write_files(tmp_path, MODULE)
    contract = build(tmp_path, cache=FactCache(None), targets=False).contract
    assert len(contract.packages) == 3
    encoder = layout(to_json)
    monkeypatch.setattr(pieces, "to_json", encoder)
    splicer = pieces.ContractJson()
    assert splicer.encode(contract) == encoder(contract)
    assert splicer.last is None
    assert splicer.encode(contract) == encoder(contract)  # and again, with nothing kept from the first
    assert splicer.last is None
