"""Long chains of schema types are cut by declared `z.ZodType<X>` schemas, so tsc stays within its
instantiation limits; the cut schemas still compile and equal their interfaces."""

from __future__ import annotations

from pathlib import Path

from contractgen.ir.model import Contract, Field, Package, TypeDecl, TypeRef
from contractgen.targets.ts import render
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
