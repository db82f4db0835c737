"""watch's incremental regeneration equals a full regeneration after every edit, and its debouncer
runs one regeneration per burst, never two at once, and exactly one more for events during one."""

from __future__ import annotations

import io
import shutil
import threading
import time
from pathlib import Path

import pytest

from harness.edits import apply_edit, full_build
from harness.paths import REPO, fresh_dir


from contractgen.changes import compare
from contractgen.scan.cache import FactCache
from contractgen.watch.debounce import Debouncer
from contractgen.watch.session import Session
from contractgen.writer import MANIFEST

USER = "models/user.go"

# Each step: (file, new text or None to delete, as a function of the file's current text).
EDITS = [
    (USER, lambda t: t.replace('json:"displayName"', 'json:"display_name"', 1)),  # a field renamed
    (USER, lambda t: "// a comment that moves every line\n" + t),  # positions only
    (USER, lambda t: t.replace("type User struct {", "// User, as the API shows it: a doc edit only.\ntype User struct {", 1)),
    ("models/extra.go", lambda t: 'package models\n\ntype Extra struct {\n\tUser User `json:"user"`\n}\n'),  # new file
    (USER, lambda t: t + "\nfunc broken( {\n"),  # a syntax error: nothing written
    (USER, lambda t: t.replace("\nfunc broken( {\n", "")),  # fixed
    ("server/handlers_extra.go", lambda t: "package server\n\nfunc unused() {}\n"),  # no type, no route
    ("models/extra.go", None),  # deleted
    ("contractgen.toml", lambda t: t.replace('exclude = ["server", "cmd"]', 'exclude = ["cmd"]')),
    ("billing/invoice.go", lambda t: 'package billing\n\ntype Invoice struct {\n\tTotal int `json:"total"`\n}\n'),  # new package
    # A generic instantiated with a byte type: an instance declaration (Chunk_Bytes), reused and rebuilt.
    ("models/chunk.go", lambda t: "package models\n\ntype Chunk[T any] struct {\n\tData []T `json:\"data\"`\n}\n"),
    ("billing/invoice.go", lambda t: t.replace("package billing\n", 'package billing\n\nimport "example.com/shop/models"\n').replace("}\n", "\tScan models.Chunk[byte] `json:\"scan\"`\n}\n")),
    ("billing/invoice.go", lambda t: t.replace('json:"total"', 'json:"amount"')),  # billing only: Chunk_Bytes reused
    (USER, lambda t: t.replace('json:"display_name"', 'json:"displayName"', 1)),  # models: Chunk_Bytes rebuilt
]


def test_incremental_equals_full_regeneration_after_every_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = fresh_dir("watch_incremental", "shop") / "m"
    shutil.copytree(REPO / "fixtures" / "shop", module, ignore=shutil.ignore_patterns("contract"))
    out = module.parent / "out"
    session = Session(module, out, stdout=io.StringIO(), stderr=io.StringIO(), cache=FactCache(tmp_path / "cache"))
    first = session.regenerate()
    assert first is not None
    good = first.generation.contract
    for path, edit in EDITS:
        target = apply_edit(module, path, edit)
        result = session.regenerate({str(target)})
        full = full_build(module, monkeypatch)
        if result is None:  # errors: the last good output stays
            assert any(d.severity.value == "error" for d in full.diagnostics), path
            continue
        assert result.generation.files == full.files, path
        assert result.generation.contract == full.contract, path
        assert result.generation.diagnostics == full.diagnostics, path
        assert result.changes == [c.message for c in compare(good, full.contract)], path  # the summary compares less
        good = result.generation.contract
        on_disk = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file() and p.name != MANIFEST}
        assert on_disk == full.files, path


def test_unchanged_facts_reuse_the_contract_and_files(tmp_path: Path) -> None:
    module = fresh_dir("watch_incremental", "reuse") / "m"
    shutil.copytree(REPO / "fixtures" / "shop", module, ignore=shutil.ignore_patterns("contract"))
    session = Session(module, module.parent / "out", stdout=io.StringIO(), stderr=io.StringIO(), cache=FactCache(None))
    first = session.regenerate()
    # A file that cannot contribute (no type, const, JSON method or route): same facts.
    (module / "models" / "helpers.go").write_text("package models\n\nfunc helper() int { return 1 }\n")
    second = session.regenerate()
    assert first is not None and second is not None
    assert second.generation.contract is first.generation.contract
    assert second.written.created == second.written.updated == second.written.removed == []
    assert second.changes == []


def test_one_regeneration_per_burst_and_exactly_one_more_for_events_during_one() -> None:
    runs: list[set[str]] = []
    running = threading.Event()
    release = threading.Event()
    second_done = threading.Event()
    concurrent: list[int] = []
    active = [0]

    def action(reasons: set[str]) -> None:
        active[0] += 1
        concurrent.append(active[0])
        runs.append(reasons)
        if len(runs) == 1:
            running.set()
            release.wait(10)
        else:
            second_done.set()
        active[0] -= 1

    debouncer = Debouncer(action, quiet=0.3, longest=5)  # a preempted test thread must not split the burst
    thread = threading.Thread(target=debouncer.run, kwargs={"poll": 0.01})
    thread.start()
    try:
        for index in range(100):
            debouncer.poke(f"a{index}")  # one burst
        assert running.wait(10)
        for index in range(50):
            debouncer.poke(f"b{index}")  # during the regeneration
        release.set()
        assert second_done.wait(10)
    finally:
        debouncer.stop()
        thread.join(10)
    assert not thread.is_alive()
    assert runs == [{f"a{i}" for i in range(100)}, {f"b{i}" for i in range(50)}]
    assert max(concurrent) == 1


def _debouncer_running(quiet: float, longest: float) -> tuple[Debouncer, list[tuple[float, set[str]]], threading.Thread]:
    runs: list[tuple[float, set[str]]] = []
    debouncer = Debouncer(lambda reasons: runs.append((time.monotonic(), reasons)), quiet=quiet, longest=longest)
    thread = threading.Thread(target=debouncer.run, kwargs={"poll": 0.01})
    thread.start()
    return debouncer, runs, thread


def _wait_for(runs: list, count: int, timeout: float = 10) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    while len(runs) < count and time.monotonic() < deadline:
        time.sleep(0.005)
    assert len(runs) >= count, runs


def test_a_file_written_and_not_yet_closed_holds_the_burst_until_it_is_closed() -> None:
    """A save in place truncates, then writes, then closes: a writer preempted for longer than the
    quiet period between the two must not get a regeneration of the empty file."""
    debouncer, runs, thread = _debouncer_running(quiet=0.02, longest=5)
    try:
        debouncer.poke("user.go", writing=True)  # truncated (opened for writing)
        time.sleep(0.3)  # 15 quiet periods: the writer is preempted
        assert runs == []
        closed = time.monotonic()
        debouncer.poke("user.go", settled=True)  # written and closed
        _wait_for(runs, 1)
        assert runs[0][1] == {"user.go"}
        assert runs[0][0] - closed < 1  # soon after the close, not at `longest`
        # The next burst is not held by the last one's writes.
        poked = time.monotonic()
        debouncer.poke("order.go")
        _wait_for(runs, 2)
        assert runs[1][1] == {"order.go"} and runs[1][0] - poked < 1
    finally:
        debouncer.stop()
        thread.join(10)


def test_a_close_that_never_comes_holds_the_burst_only_until_longest() -> None:
    debouncer, runs, thread = _debouncer_running(quiet=0.02, longest=0.4)
    try:
        poked = time.monotonic()
        debouncer.poke("linked.go", writing=True)  # a hard link: created, never closed
        _wait_for(runs, 1)
        assert runs[0][1] == {"linked.go"}
        assert runs[0][0] - poked >= 0.4
        poked = time.monotonic()
        debouncer.poke("user.go", settled=True)
        _wait_for(runs, 2)
        assert runs[1][0] - poked < 0.3  # not held: the unclosed write went with its burst
    finally:
        debouncer.stop()
        thread.join(10)


def test_the_writers_own_staging_is_no_event_but_a_deleted_output_file_is(tmp_path: Path) -> None:
    """The writer removes OUT/.contractgen-staging/ (and the directories in it) after every switch: those
    deletions once scheduled one more regeneration (and frontend check) after each regeneration."""
    from contractgen.watch.events import Relevance

    root, out = tmp_path / "m", tmp_path / "out"
    relevance = Relevance(root, out, None, None)
    assert not relevance.matters(str(out / ".contractgen-staging" / "ts" / "src"), True, True)
    assert not relevance.matters(str(out / ".contractgen-staging" / "ts" / "src" / "models.ts"), True, False)
    assert not relevance.matters(str(out / "ts" / "src" / ".models.ts.tmp"), True, False)
    assert relevance.matters(str(out / "ts" / "src" / "models.ts"), True, False)
    assert relevance.matters(str(out), True, True)
    assert not relevance.matters(str(out / "ts" / "src" / "models.ts"), False, False)  # our own write


def test_identical_sees_what_equality_leaves_out_at_any_depth() -> None:
    from contractgen.diagnostics import Position
    from contractgen.ir.incremental import identical
    from contractgen.ir.model import Field, TypeDecl, TypeRef

    def decl(doc: str = "", line: int = 3, kind: str = "string") -> TypeDecl:
        inner = TypeRef("object", fields=(Field("x", TypeRef(kind), doc=doc, position=Position("m/a.go", line, 2)),))
        return TypeDecl("T", "object", fields=(Field("items", TypeRef("array", items=inner)),))

    assert identical(decl(), decl()) and decl() is not decl()
    assert decl(doc="x") == decl() and not identical(decl(doc="x"), decl())  # a doc two levels down
    assert decl(line=4) == decl() and not identical(decl(line=4), decl())  # a position two levels down
    assert not identical(decl(kind="integer"), decl())
    assert not identical(TypeRef("integer", minimum=0), TypeRef("integer", minimum=False))  # 0 is not False on the wire
