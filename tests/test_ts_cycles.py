"""Types on one cycle (issue 10, item 20): a schema that reads one not yet defined does so through a
getter annotated z.ZodType<X>, which tsc checks structurally (~3,000 instantiations each). The
members of a cycle are emitted each after those it reaches (contractgen/targets/ts/order.py), so a
ring of N types needs one getter, not N, and tsc checks it like a plain chain (benchmarks/chain.py
--shape cycle); the depth cuts follow only the references built at module load."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from contractgen.ir.model import Contract, Field, Package, TypeDecl, TypeRef
import contractgen.targets.ts as ts_target
from contractgen.targets.ts import render
from contractgen.targets.ts.depth import CUT_EVERY, cut_points
from contractgen.targets.ts.order import emission_order
from harness.paths import fresh_dir, write_files
from harness.tsc import compile_package, equality_assertions

PACKAGE = "example.com/ring"


def _ref(name: str) -> TypeRef:
    return TypeRef("ref", nullable=True, package=PACKAGE, name=name)


def ring(size: int) -> Contract:
    """T0 -> T1 -> ... -> T(size-1) -> T0, each link a pointer (benchmarks/chain.py's `cycle` shape)."""
    decls = [
        TypeDecl(f"T{i}", "object", fields=(Field("next", _ref(f"T{(i + 1) % size}")), Field("name", TypeRef("string"))))
        for i in range(size)
    ]
    return Contract(PACKAGE, (Package(PACKAGE, "ring", "", tuple(decls)),))


def _module(contract: Contract) -> str:
    return render(contract)["src/_root.ts"]


def test_a_ring_has_one_getter_where_it_closes() -> None:
    text = _module(ring(40))
    assert text.count("\n  get ") == 1
    # Each member after the one it reads; the first name's reader comes first, reading it lazily.
    order = [decl.name for decl, _ in emission_order(ring(40).packages[0])]
    assert order == [f"T{i}" for i in range(39, -1, -1)]
    assert re.search(r"export const T39Schema = z\.object\(\{\n  get next\(\): z\.ZodType<T0 \| null>", text)


def test_every_back_reference_of_a_cycle_is_lazy_and_no_other() -> None:
    """A cycle with chords: A -> B -> C -> A and A -> C, B -> A. Depth first from A: C closes to A
    and B closes to A; A reads B and C, both defined before it."""
    fields = {"A": ("B", "C"), "B": ("C", "A"), "C": ("A",)}
    decls = tuple(TypeDecl(n, "object", fields=tuple(Field(t.lower(), _ref(t)) for t in targets)) for n, targets in fields.items())
    contract = Contract(PACKAGE, (Package(PACKAGE, "ring", "", decls),))
    assert [d.name for d, _ in emission_order(contract.packages[0])] == ["C", "B", "A"]
    text = _module(contract)
    getters = re.findall(r"export const (\w)Schema = z\.object\(\{\n((?:  .*\n)*?)\}\);", text)
    lazy = {name: re.findall(r"get (\w+)\(\)", body) for name, body in getters}
    assert lazy == {"C": ["a"], "B": ["a"], "A": []}


@pytest.mark.parametrize("entered_at", [None, 30])
def test_depth_cuts_follow_the_references_built_at_load(entered_at: int | None) -> None:
    """`entered_at`: another package (visited first) reads the ring at T30, so a walk of the reference
    graph from there closes the ring at T29 -> T30, where the module reads at load."""
    contract = ring(60)
    if entered_at is not None:
        outside = TypeDecl("X", "object", fields=(Field("t", _ref(f"T{entered_at}")),))
        contract = Contract(PACKAGE, (Package("example.com/a", "a", "a", (outside,)), *contract.packages))
    cuts = {int(name[1:]) for package, name in cut_points(contract) if package == PACKAGE}
    # Emitted T59 .. T0: T59 reads T0 through its getter (depth 1), every other Ti reads T(i+1) at load.
    run = 0
    for i in range(59, -1, -1):
        run = 0 if i in cuts else run + 1
        assert run < CUT_EVERY, i
    assert len(cuts) == 60 // CUT_EVERY
    assert cut_points(ring(CUT_EVERY - 1)) == frozenset()  # a short ring needs none: its getter is opaque


def test_a_renamed_type_on_a_cycle_is_still_read_lazily(tsc: Path) -> None:
    """Go `JsonValue` is `JsonValue_` in TypeScript (CG112): its self-reference is still pending,
    by its Go name (it was once looked up by the TypeScript one and read before it was defined)."""
    decls = (TypeDecl("JsonValue", "object", fields=(Field("next", TypeRef("ref", nullable=True, package=PACKAGE, name="JsonValue")),)),)
    contract = Contract(PACKAGE, (Package(PACKAGE, "ring", "", decls),))
    files = render(contract)
    assert "get next(): z.ZodType<JsonValue_ | null>" in files["src/_root.ts"]
    work = fresh_dir("cycles", "renamed")
    write_files(work, files)
    result = compile_package(tsc, work, "nodenext")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_ring_compiles_and_schemas_equal_interfaces(tsc: Path) -> None:
    contract = ring(60)
    work = fresh_dir("cycles", "ring")
    write_files(work, render(contract))
    (work / "src" / "__assert.ts").write_text(equality_assertions(contract), encoding="utf-8")
    result = compile_package(tsc, work, "nodenext")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_cycle_larger_than_a_part_is_cut_into_parts_that_read_later_ones_lazily(tsc: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tsc's check of one file grows with the square of its top-level schemas (see PART_SIZE), so a
    cycle larger than a part is cut too. A part reads earlier parts at load and later ones only in a
    getter, through the package's own module: importing a later part directly would make it load
    first, before the earlier parts it reads at load. Compiled, loaded by node, a value parsed."""
    monkeypatch.setattr(ts_target, "PART_SIZE", 25)
    monkeypatch.setattr(ts_target, "_MODULE_TEXTS", {})  # the module memo keys on the package, not PART_SIZE
    contract = ring(57)
    files = render(contract)
    parts = sorted(p for p in files if p.startswith("src/_parts/_root/"))
    assert parts == [f"src/_parts/_root/{n}.ts" for n in range(3)]
    for n, path in enumerate(parts):
        text = files[path]
        assert {int(m) for m in re.findall(r'from "\./(\d+)\.js"', text)} <= set(range(n)), path
        lazy = re.findall(r"whole\.(\w+)Schema", text)
        assert all(re.search(rf"return whole\.{name}Schema", text) for name in lazy)  # only inside getters
    assert 'import * as whole from "../../_root.js";' in files[parts[0]] and "whole" not in files[parts[2]]
    work = fresh_dir("cycles", "parts")
    write_files(work, files)
    (work / "src" / "__assert.ts").write_text(equality_assertions(contract), encoding="utf-8")
    result = compile_package(tsc, work, "nodenext", emit=True)
    assert result.returncode == 0, result.stdout + result.stderr
    (work / "check.mjs").write_text(
        'import * as m from "./dist/index.js";\n'
        'let v = null;\nfor (let i = 56; i >= 0; i--) v = { next: v, name: "n" + i };\n'
        'const good = m.T0Schema.safeParse(v).success, bad = m.T0Schema.safeParse({ next: { next: 5, name: "" }, name: "" }).success;\n'
        "process.exit(good && !bad ? 0 : 1);\n"
    )
    ran = subprocess.run(["node", "check.mjs"], cwd=work, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr


@pytest.mark.slow
def test_tsc_work_per_type_of_a_long_ring_is_that_of_a_plain_chain(tsc: Path) -> None:
    """tsc's own instantiation count (independent of the machine's load): a 1,000-type ring took
    3,472 per type with a getter on every member, ~690 with one getter (a pointer chain: ~680)."""
    size = 1000
    work = fresh_dir("cycles", "long")
    write_files(work, render(ring(size)))
    done = subprocess.run([str(tsc), "-p", str(work / "tsconfig.json"), "--noEmit", "--extendedDiagnostics"], capture_output=True, text=True, cwd=work)
    assert done.returncode == 0, done.stdout[:4000] + done.stderr
    instantiations = int(re.search(r"^Instantiations:\s+(\d+)", done.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert instantiations / size < 1000, instantiations
