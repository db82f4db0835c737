"""The request side's validation checks, compared as predicates (contractgen.changes.checks): whether the
NEW rules reject a value the OLD ones accepted (tightened), accept one they rejected (loosened), or both.
The engine's cases with Go sources are in test_diff_rules.py; these pin the implications one by one."""

from __future__ import annotations

import pytest

from contractgen.changes.checks import compare_checks, describe_checks
from contractgen.ir.model import Check


def chars(rule: str, n: int) -> Check:
    return Check(rule, "characters", n)  # type: ignore[arg-type]


def value(rule: str, v: int | float | str) -> Check:
    return Check(rule, "value", v)  # type: ignore[arg-type]


def oneof(*values: str) -> Check:
    return Check("oneof", "value", values=values)


OMIT = Check("omitempty")
REQUIRED = Check("required")

CASES = [
    ("a bound added", (), (chars("min", 3),), "string", (True, False)),
    ("a bound dropped", (chars("min", 3),), (), "string", (False, True)),
    ("a lower bound lowered", (chars("min", 3),), (chars("min", 2),), "string", (False, True)),
    ("an upper bound added beside it", (chars("min", 3),), (chars("min", 3), chars("max", 10)), "string", (True, False)),
    ("gt 3 is gte 4 for integers", (value("gt", 3),), (value("gte", 4),), "integer", (False, False)),
    ("but not for numbers: 3.5 passed", (value("gt", 3.0),), (value("gte", 4.0),), "number", (True, False)),
    ("omitempty dropped: the empty value fails now", (OMIT, chars("min", 3)), (chars("min", 3),), "string", (True, False)),
    ("omitempty added", (chars("min", 3),), (OMIT, chars("min", 3)), "string", (False, True)),
    ("oneof grew", (oneof("a", "b"),), (oneof("a", "b", "c"),), "string", (False, True)),
    ("oneof swapped a value", (oneof("a", "b"),), (oneof("b", "c"),), "string", (True, True)),
    ("every oneof value fits the new bound", (oneof("ab", "abc"),), (chars("max", 3),), "string", (False, True)),
    ("required on a string is min=1", (REQUIRED,), (chars("min", 1),), "string", (False, False)),
    ("a format rejects the empty string: required adds nothing", (Check("email"),), (Check("email"), REQUIRED), "string", (False, False)),
    ("required on an integer: 0 fails now", (), (REQUIRED,), "integer", (True, False)),
    ("a fixed count made a range", (Check("len", "entries", 2),), (Check("min", "entries", 1), Check("max", "entries", 5)), "array", (False, True)),
    ("eq x implies ne y", (value("eq", "x"),), (value("ne", "y"),), "string", (False, True)),
    ("oneof 1 2 3 is min=1,max=3 for an integer", (Check("oneof", "value", values=(1, 2, 3)),), (value("min", 1), value("max", 3)), "integer", (False, False)),
    ("gt=0,lt=3 allows 1 and 2 only", (value("gt", 0), value("lt", 3)), (Check("oneof", "value", values=(1, 2)),), "integer", (False, False)),
    ("a format is only implied by itself", (), (Check("uuid"),), "string", (True, False)),
]


@pytest.mark.parametrize(("old", "new", "kind", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_checks_compare_as_predicates(old: tuple[Check, ...], new: tuple[Check, ...], kind: str, expected: tuple[bool, bool]) -> None:
    assert compare_checks(old, new, kind) == expected
    assert compare_checks(new, old, kind) == expected[::-1]  # the same change, the other way round
    assert compare_checks(new, new, kind) == (False, False)


def test_checks_are_described_as_the_tag_spells_them() -> None:
    assert describe_checks((OMIT, chars("min", 3), oneof("a b", "c"))) == "omitempty,min=3,oneof='a b' c"
    assert describe_checks(()) == "none"
