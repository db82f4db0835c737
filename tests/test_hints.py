"""Every diagnostic says how to fix it: the hints of the codes that once had none, and hints that list
the wire types of [types] as the config accepts them."""

from __future__ import annotations

from pathlib import Path

from contractgen.config import MAPPING_TYPES
from contractgen.diagnostics import Diagnostic
from contractgen.pipeline import build
from contractgen.scan.cache import FactCache
from harness.paths import write_files

GO_MOD = "module example.com/hints\n\ngo 1.24\n"


def _diagnostics(root: Path, files: dict[str, str]) -> dict[str, Diagnostic]:
    write_files(root, files)
    generation = build(root, targets=False, cache=FactCache(None))
    return {d.code: d for d in generation.diagnostics}


def test_a_go_mod_without_a_module_line_says_what_to_write(tmp_path: Path) -> None:
    found = _diagnostics(tmp_path / "svc", {"go.mod": "go 1.24\n", "t.go": "package svc\n\ntype T struct{ A int }\n"})
    assert "module example.com/svc" in found["CG002"].hint


def test_an_enum_constant_of_the_wrong_kind_says_which_kind(tmp_path: Path) -> None:
    source = 'package hints\n\ntype Level int\n\nconst (\n\tLow Level = 1\n\tHigh Level = "high"\n)\n\ntype T struct {\n\tL Level `json:"l"`\n}\n'
    found = _diagnostics(tmp_path / "m", {"go.mod": GO_MOD, "t.go": source})
    assert "integer" in found["CG104"].hint and "High" in found["CG104"].hint


def test_a_qualifier_without_its_import_says_to_import_it(tmp_path: Path) -> None:
    source = 'package hints\n\ntype T struct {\n\tAt money.Amount `json:"at"`\n}\n'
    found = _diagnostics(tmp_path / "m", {"go.mod": GO_MOD, "t.go": source})
    assert "import the package named money" in found["CG106"].hint


def test_a_marshal_json_hint_lists_each_other_wire_type_once(tmp_path: Path) -> None:
    source = (
        'package hints\n\ntype Cents int64\n\nfunc (c Cents) MarshalJSON() ([]byte, error) { return nil, nil }\n\n'
        'type T struct {\n\tC Cents `json:"c"`\n}\n'
    )
    hint = _diagnostics(tmp_path / "m", {"go.mod": GO_MOD, "t.go": source})["CG102"].hint
    assert '= "integer" (or ' in hint
    listed = hint.split("(or ", 1)[1].rstrip(")").split(", ")
    assert sorted(listed) == sorted(t for t in MAPPING_TYPES if t != "integer")
