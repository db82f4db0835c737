"""Built-in mappings of dependency types and [types] overrides of them, including the `object` wire type."""

from __future__ import annotations

from pathlib import Path

from contractgen.config import load_config
from contractgen.deps import Dependencies, GoEnvironment
from contractgen.ir.build import build_contract
from contractgen.ir.model import TypeRef
from contractgen.scan import scan_module
from contractgen.scan.buildtags import Platform

SOURCE = """package shop

import (
\t"github.com/shopspring/decimal"
\t"example.com/legacy/base"
)

type Item struct {
\tbase.Row
\tPrice decimal.Decimal `json:"price"`
\tExtra base.Blob        `json:"extra"`
}
"""


def _fields(tmp_path: Path, toml: str) -> tuple[dict[str, TypeRef], bool, list[str]]:
    (tmp_path / "go.mod").write_text("module example.com/shop\n\ngo 1.24\n", encoding="utf-8")
    (tmp_path / "shop.go").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "contractgen.toml").write_text("version = 1\n\n" + toml, encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert not problems, problems
    deps = Dependencies(tmp_path, Platform(), GoEnvironment({"GOMODCACHE": str(tmp_path / "none"), "PATH": ""}))
    contract, diagnostics = build_contract(scan_module(tmp_path), config, dependencies=deps)
    item = contract.decl("example.com/shop", "Item")
    return {f.name: f.type for f in item.fields}, item.open, sorted(d.code for d in diagnostics)


def test_builtin_decimal_is_a_decimal_string_without_the_source(tmp_path: Path) -> None:
    fields, open_, codes = _fields(tmp_path, "")
    assert fields["price"] == TypeRef("string", format="number")
    assert open_ and "Row" not in fields  # base.Row cannot be seen: promoted keys unknown
    assert codes == ["CG100", "CG105"]  # example.com/legacy is not required in go.mod: nothing to download


def test_types_override_builtins_and_object_opens_an_embedded_type(tmp_path: Path) -> None:
    toml = '[types]\n"github.com/shopspring/decimal.Decimal" = "number"\n"example.com/legacy/base.Row" = "object"\n"example.com/legacy/base.Blob" = { type = "object", nullable = true }\n'
    fields, open_, codes = _fields(tmp_path, toml)
    assert fields["price"] == TypeRef("number")
    assert fields["extra"] == TypeRef("map", nullable=True, key=TypeRef("string"), values=TypeRef("unknown"))
    assert open_ and codes == []  # said in [types]: no warning


def test_an_embedded_marshaler_from_a_dependency_is_promoted(tmp_path: Path) -> None:
    """An embedded uuid.UUID's MarshalText (and a mapped type's marshaler) is the struct's: it is written as that value."""
    (tmp_path / "go.mod").write_text("module example.com/ids\n\ngo 1.24\n", encoding="utf-8")
    (tmp_path / "ids.go").write_text(
        'package ids\n\nimport (\n\t"github.com/google/uuid"\n\t"gorm.io/gorm"\n)\n\n'
        "type UserID struct {\n\tuuid.UUID\n\tNote string\n}\n\ntype Gone struct{ gorm.DeletedAt }\n",
        encoding="utf-8",
    )
    deps = Dependencies(tmp_path, Platform(), GoEnvironment({"GOMODCACHE": str(tmp_path / "none"), "PATH": ""}))
    contract, diagnostics = build_contract(scan_module(tmp_path), load_config(tmp_path)[0], dependencies=deps)
    user_id = contract.decl("example.com/ids", "UserID")
    assert user_id.kind == "named" and user_id.type == TypeRef("string", format="uuid")
    gone = contract.decl("example.com/ids", "Gone")
    assert gone.type == TypeRef("string", format="date-time", nullable=True)
    assert not diagnostics
