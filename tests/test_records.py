"""`record` behaves as `dataclasses.dataclass` does for every feature contractgen's classes use: each
case builds the same class both ways and compares what they do."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys
from dataclasses import field
from pathlib import Path
from typing import ClassVar

import pytest

import contractgen.records as record_module
from contractgen.records import record

REPO = Path(__file__).resolve().parent.parent


def _both(body: str, params: str = "") -> tuple[type, type]:
    """The class `C` declared by `body`, once with `@dataclass(params)` and once with `@record(params)`."""
    made = []
    for decorator in (f"dataclasses.dataclass({params})", f"record({params})"):
        scope: dict = {"dataclasses": dataclasses, "record": record, "field": field}
        exec(f"@{decorator}\nclass C:\n" + body, scope)
        made.append(scope["C"])
    return made[0], made[1]


@record(frozen=True)
class Pickled:
    a: int
    b: tuple = ()


FIELDS = """
    a: int
    b: str = "x"
    c: list = field(default_factory=list)
    d: float = field(default=0.5, compare=False)
    e: object = field(default=None, repr=False)
"""


@pytest.mark.parametrize("params", ["", "frozen=True", "frozen=True, order=True"])
def test_construction_repr_equality_and_hash_match_dataclass(params: str) -> None:
    std, rec = _both(FIELDS, params)
    for args, kwargs in [((1,), {}), ((1, "y", [2]), {"d": 1.5}), ((), {"a": 3, "e": "z"})]:
        s, r = std(*args, **kwargs), rec(*args, **kwargs)
        assert repr(s) == repr(r)
        assert dataclasses.asdict(s) == dataclasses.asdict(r)
        assert dataclasses.astuple(s) == dataclasses.astuple(r)
        assert r == rec(*args, **kwargs) and not (r != rec(*args, **kwargs))
        if "frozen" in params:  # with a hashable value in place of the list
            assert hash(dataclasses.replace(s, c=tuple(s.c))) == hash(dataclasses.replace(r, c=tuple(r.c)))
    assert rec(1).c is not rec(1).c  # a fresh default per instance
    assert rec(1, d=1.0) == rec(1, d=2.0)  # compare=False
    assert rec(1) != rec(2) and rec(1) != std(1)  # other values; another class
    assert [f.name for f in dataclasses.fields(rec)] == ["a", "b", "c", "d", "e"]
    assert rec.__match_args__ == std.__match_args__
    assert dataclasses.is_dataclass(rec)
    for bad in [((), {}), ((1, "y", [], 1.0, None, "extra"), {}), ((1,), {"nope": 1}), ((1,), {"a": 2})]:
        with pytest.raises(TypeError) as from_std:
            std(*bad[0], **bad[1])
        with pytest.raises(TypeError) as from_rec:
            rec(*bad[0], **bad[1])
        assert str(from_rec.value).split("(")[-1] == str(from_std.value).split("(")[-1]


def test_frozen_guards_replace_and_pickle() -> None:
    std, rec = _both(FIELDS, "frozen=True")
    r = rec(1)
    for attempt in (lambda: setattr(r, "a", 2), lambda: delattr(r, "b"), lambda: setattr(r, "new", 1)):
        with pytest.raises(dataclasses.FrozenInstanceError):
            attempt()
    changed = dataclasses.replace(r, b="changed")
    assert (changed.a, changed.b) == (1, "changed") and r.b == "x"
    assert pickle.loads(pickle.dumps(Pickled(1, ("x",)))) == Pickled(1, ("x",))  # as the facts cache stores them
    assert {rec(1, c=()), rec(1, c=()), rec(2, c=())} == {rec(1, c=()), rec(2, c=())}


def test_mutable_records_are_unhashable_and_assignable() -> None:
    std, rec = _both(FIELDS)
    r = rec(1)
    r.a = 5
    assert r == rec(5)
    with pytest.raises(TypeError):
        hash(r)
    with pytest.raises(TypeError):
        hash(std(1))


def test_ordering_matches_dataclass() -> None:
    std, rec = _both("    a: int\n    b: str\n", "frozen=True, order=True")
    pairs = [(1, "a"), (1, "b"), (0, "z"), (2, "a")]
    assert [(x.a, x.b) for x in sorted(rec(*p) for p in pairs)] == [(x.a, x.b) for x in sorted(std(*p) for p in pairs)]
    assert rec(1, "a") <= rec(1, "a") < rec(1, "b") and rec(2, "a") > rec(1, "z") >= rec(1, "z")
    with pytest.raises(TypeError):
        rec(1, "a") < std(1, "a")  # noqa: B015: only the same class is ordered


def test_post_init_own_methods_and_inherited_fields() -> None:
    std, rec = _both(
        """
    a: int
    b: int = 0

    def __post_init__(self):
        object.__setattr__(self, "b", self.a * 2)

    def __repr__(self):
        return "own repr"

    def __hash__(self):
        return 7
""",
        "frozen=True",
    )
    assert rec(3).b == std(3).b == 6
    assert repr(rec(3)) == "own repr" and hash(rec(3)) == 7

    @record(frozen=True)
    class Base:
        x: int

    @record(frozen=True)
    class Derived(Base):
        y: str = "y"

    d = Derived(1)
    assert (d.x, d.y) == (1, "y") and repr(d) == "test_post_init_own_methods_and_inherited_fields.<locals>.Derived(x=1, y='y')"
    assert d != Base(1) and Base(1) == Base(1)


def test_recursive_repr_does_not_loop() -> None:
    @record
    class Node:
        children: list = field(default_factory=list)

    n = Node()
    n.children.append(n)
    assert repr(n).endswith("Node(children=[...])")


def test_unsupported_features_are_refused() -> None:
    with pytest.raises(TypeError, match="kw_only"):

        @record
        class KwOnly:
            a: int = field(kw_only=True)

    with pytest.raises(TypeError, match="InitVar"):

        @record
        class WithInitVar:
            a: dataclasses.InitVar[int]

    with pytest.raises(TypeError, match="frozen"):

        @record(frozen=True)
        class OwnSetattr:
            a: int

            def __setattr__(self, name, value):
                pass


def test_no_module_of_contractgen_uses_dataclass_directly() -> None:
    """One `dataclass` left in the package would bring back its compiling cost at import, and a
    record inheriting from a frozen dataclass is refused by `dataclass`'s own checks."""
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / "contractgen").rglob("*.py")
        if p.name != "records.py" and ("@dataclass" in (text := p.read_text()) or "dataclasses.dataclass(" in text)
    ]
    assert offenders == []


def test_importing_the_cli_compiles_only_the_methods_of_module_constants() -> None:
    """Creating the classes compiles nothing (dataclass compiled six methods per class); only a
    class's first instance or repr does, which at import is that of the few module constants."""
    probe = (
        "import dataclasses\n"
        "import contractgen.records as record_module\n"
        "compiled = []\n"
        "real = record_module._compile\n"
        "record_module._compile = lambda name, *a: (compiled.append(name), real(name, *a))[1]\n"
        "by_dataclass = []\n"
        "real_create = dataclasses._create_fn\n"
        "dataclasses._create_fn = lambda *a, **k: (by_dataclass.append(a[0]), real_create(*a, **k))[1]\n"
        "import contractgen.cli, contractgen.pipeline, contractgen.targets.ts, contractgen.targets.go\n"
        "records = [c for m in list(__import__('sys').modules.values()) if (m.__name__ or '').startswith('contractgen')"
        " for c in vars(m).values() if isinstance(c, type) and c.__module__ == m.__name__ and dataclasses.is_dataclass(c)]\n"
        "print(len(by_dataclass), len(compiled), len(records))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True).stdout
    by_dataclass, by_record, records = map(int, out.split())
    assert by_dataclass == 0
    assert records > 80 and by_record < records / 5, out


FIELD_ATTRIBUTES = ("name", "type", "default", "default_factory", "init", "repr", "hash", "compare", "metadata", "kw_only", "_field_type")


@pytest.mark.parametrize("params", ["", "frozen=True"])
def test_fields_are_those_dataclass_makes(params: str) -> None:
    """record collects the fields itself (contractgen/records.py, _collect_fields): each attribute of
    each field, the defaults left on the class and __match_args__ are dataclass's."""
    body = FIELDS + '    f: dict = field(default_factory=dict, metadata={"k": 1}, hash=False)\n'
    std, rec = _both(body, params)
    assert rec.__dataclass_params__ is record_module._PARAMS  # collected by record, not by dataclass
    for s, r in zip(dataclasses.fields(std), dataclasses.fields(rec), strict=True):
        assert [getattr(r, a) for a in FIELD_ATTRIBUTES] == [getattr(s, a) for a in FIELD_ATTRIBUTES], s.name
    for name in "abcdef":
        assert (name in rec.__dict__, rec.__dict__.get(name)) == (name in std.__dict__, std.__dict__.get(name)), name
    assert rec.__match_args__ == std.__match_args__ == ("a", "b", "c", "d", "e", "f")

    @record(frozen=True)
    class Base:
        x: int
        y: str = "y"

    @record(frozen=True)
    class Derived(Base):
        y: str = "z"  # a base's field redeclared keeps its place, with the new default
        w: int = 0

    assert [(f.name, f.default) for f in dataclasses.fields(Derived)] == [("x", dataclasses.MISSING), ("y", "z"), ("w", 0)]
    assert Derived(1).y == "z" and dataclasses.replace(Derived(1), w=2).w == 2


def test_what_dataclass_refuses_record_refuses() -> None:
    with pytest.raises(ValueError, match="mutable default"):

        @record
        class MutableDefault:
            a: list = []  # noqa: RUF012

    with pytest.raises(TypeError, match="no type annotation"):

        @record
        class Unannotated:
            a = field(default=1)

    with pytest.raises(TypeError, match="ClassVar"):  # left to dataclass, whose field list then differs

        @record
        class WithClassVar:
            a: ClassVar[int] = 1


def test_every_record_of_contractgen_has_its_fields_collected_by_record() -> None:
    import importlib
    import pkgutil

    import contractgen

    records = []
    for info in pkgutil.walk_packages(contractgen.__path__, "contractgen."):
        if info.name == "contractgen.__main__":  # runs the CLI
            continue
        module = importlib.import_module(info.name)
        records += [c for c in vars(module).values() if isinstance(c, type) and c.__module__ == module.__name__ and dataclasses.is_dataclass(c)]
    assert len(records) > 100
    assert [c.__qualname__ for c in records if c.__dataclass_params__ is not record_module._PARAMS] == []
