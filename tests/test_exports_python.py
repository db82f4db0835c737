"""The Python target's names: a declared type's class is its Go name, and an anonymous struct is a
class named after its owner and field path, so the two never take each other's name."""

from __future__ import annotations

import re

import pytest

from contractgen.pipeline import build
from contractgen.targets.python import PythonOptions, render, schema_document
from harness.paths import REPO


@pytest.fixture(scope="module")
def semantics():  # type: ignore[no-untyped-def]
    return build(REPO / "fixtures/semantics", targets=False).contract


def test_anonymous_structs_are_named_after_their_owner_and_path(semantics) -> None:  # type: ignore[no-untyped-def]
    defs = schema_document(semantics)["$defs"]
    # fixtures/semantics declares Inner{N int} and Anonymous{Meta struct{Inner struct{Flag, Deeper}}}
    assert set(defs["root_package.Inner"]["properties"]) == {"n"}
    assert set(defs["root_package.AnonymousMetaInner"]["properties"]) == {"flag", "deeper"}
    assert defs["root_package.AnonymousMeta"]["properties"]["inner"] == {"$ref": "#/$defs/root_package.AnonymousMetaInner"}
    assert "root_package.AnonymousMetaInnerDeeper" in defs and "root_package.AnonymousRows" in defs


def test_no_declared_class_is_renamed(semantics) -> None:  # type: ignore[no-untyped-def]
    files = render(semantics, PythonOptions("m"))
    classes = {name for text in files.values() for name in re.findall(r"^class (\w+)\(", text, re.M)}
    # its classes are capitalised (the unexported `config` is `Config`)
    declared = {d.name[:1].upper() + d.name[1:] for package in semantics.packages for d in package.types if not d.params}
    assert declared <= classes
    assert not {c for c in classes if c.endswith("Model") and c.removesuffix("Model") in classes}
