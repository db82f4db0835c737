"""Long chains of schema types are cut by declared `z.ZodType<X>` schemas, so tsc stays within its
instantiation limits; the cut schemas still compile and equal their interfaces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contractgen.ir.model import Contract, Field, Package, TypeDecl, TypeRef
from contractgen.targets.ts import PART_SIZE, render
from contractgen.targets.ts.depth import CUT_EVERY, cut_points
from harness.paths import fresh_dir, write_files
from harness.tsc import compile_package, equality_assertions

PACKAGE = "example.com/chain"


def chain(length: int) -> Contract:
    """T0 <- T1 <- ... : each object holds a nullable array of the one before and the one before that."""
    decls = []
    for i in range(length):
        fields = [Field("id", TypeRef("string"))]
        for back in (1, 2):
            if i - back >= 0:
                item = TypeRef("ref", nullable=True, package=PACKAGE, name=f"T{i - back}")
                fields.append(Field(f"prev{back}", TypeRef("array", nullable=True, items=item), optional=back == 2))
        decls.append(TypeDecl(f"T{i}", "object", fields=tuple(fields)))
    return Contract(PACKAGE, (Package(PACKAGE, "chain", "", tuple(decls)),))


def test_no_chain_of_schema_types_grows_longer_than_the_cut_distance() -> None:
    cuts = {int(name[1:]) for _, name in cut_points(chain(60))}
    assert min(cuts) == CUT_EVERY - 1  # T0..T11 is the first chain that reaches the limit
    uncut_runs, run = [], 0
    for i in range(60):
        run = 0 if i in cuts else run + 1
        uncut_runs.append(run)
    assert max(uncut_runs) < CUT_EVERY
    assert len(cuts) < 60 // 2  # and cuts stay a minority
    assert cut_points(chain(CUT_EVERY - 1)) == frozenset()  # shallow contracts are left alone


def test_a_deep_chain_compiles_and_schemas_equal_interfaces(tsc: Path) -> None:
    contract = chain(60)
    work = fresh_dir("depth", "chain")
    write_files(work, render(contract))
    text = (work / "src" / "_root.ts").read_text()
    assert text.count("Schema: z.ZodType<") == len(cut_points(contract)) > 0
    (work / "src" / "__assert.ts").write_text(equality_assertions(contract), encoding="utf-8")
    result = compile_package(tsc, work, "nodenext")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_file_holds_more_than_a_part_of_declarations() -> None:
    """tsc's check of one file grows with the square of its top-level schema constants (issue 10,
    item 20; benchmarks/chain.py): a large package is split into part files of at most PART_SIZE,
    each reading only earlier parts, and its module re-exports them all."""
    size = 2 * PART_SIZE + 7
    files = render(chain(size))
    modules = {path: text for path, text in files.items() if path.startswith("src/") and path.endswith(".ts")}
    counts = {path: text.count("\nexport const ") for path, text in modules.items()}
    parts = sorted((p for p in counts if p.startswith("src/_parts/_root/")), key=lambda p: int(p.rsplit("/", 1)[1][:-3]))
    assert len(parts) == 3 and max(counts.values()) <= PART_SIZE
    assert sum(counts[p] for p in parts) == size
    assert modules["src/_root.ts"].count("export * from ") == len(parts) and counts["src/_root.ts"] == 0
    for n, path in enumerate(parts):
        imported = {int(m) for m in re.findall(r'from "\./(\d+)\.js"', modules[path])}
        assert imported <= set(range(n)), f"{path} reads a later part: {imported}"
    assert not any(p.startswith("src/_parts/") for p in render(chain(PART_SIZE)))  # PART_SIZE declarations stay one module


@pytest.mark.slow
def test_a_split_package_compiles_and_schemas_equal_interfaces(tsc: Path) -> None:
    contract = chain(PART_SIZE + 40)
    work = fresh_dir("depth", "parts")
    write_files(work, render(contract))
    assert (work / "src" / "_parts" / "_root" / "1.ts").is_file()
    (work / "src" / "__assert.ts").write_text(equality_assertions(contract), encoding="utf-8")
    result = compile_package(tsc, work, "nodenext")
    assert result.returncode == 0, result.stdout[:4000] + result.stderr
