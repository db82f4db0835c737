"""The change engine on contracts that share declaration objects, as a watch session's do (an unchanged
declaration stays the same object): it skips what is the same on both sides and finds exactly what a
comparison of two separate builds finds, including a change reached only through shared declarations."""

from __future__ import annotations

from contractgen.changes import compare
from contractgen.ir.model import Contract, Endpoint, Field, Package, TypeDecl, TypeRef


def _ref(package: str, name: str) -> TypeRef:
    return TypeRef("ref", package=package, name=name)


def _leaf(kind: str) -> TypeDecl:
    return TypeDecl("Leaf", "object", fields=(Field("x", TypeRef(kind)),))


def _shared(leaf: TypeDecl) -> tuple[Package, ...]:
    """Top -> []Middle (another package) -> Leaf, with an unrelated Other beside Top."""
    top = TypeDecl("Top", "object", fields=(Field("middles", TypeRef("array", items=_ref("m/b", "Middle"))),))
    other = TypeDecl("Other", "object", fields=(Field("n", TypeRef("integer")),))
    middle = TypeDecl("Middle", "object", fields=(Field("leaf", _ref("m/b", "Leaf")), Field("again", _ref("m/b", "Leaf"))))
    return Package("m/a", "a", "a", (other, top)), Package("m/b", "b", "b", (leaf, middle))


def _contract(packages: tuple[Package, ...]) -> Contract:
    endpoint = Endpoint("GetTop", "server", "m/server", "GET", "/top", response=_ref("m/a", "Top"))
    return Contract("m", packages, (endpoint,))


def _messages(old: Contract, new: Contract) -> list[tuple[str, str, tuple[str, ...]]]:
    """Each change's rule, message and the endpoints that reach it (which shared declarations decide)."""
    return [(change.rule, change.message, change.endpoints) for change in compare(old, new)]


def test_a_change_reached_only_through_shared_declarations_is_found_as_in_separate_builds() -> None:
    a, b = _shared(_leaf("integer"))
    old = _contract((a, b))
    # The new side keeps Top, Other and Middle as the same objects; only Leaf is new.
    leaf = _leaf("string")
    new = _contract((a, Package("m/b", "b", "b", (leaf, b.types[1]))))
    assert new.packages[0].types[1] is old.packages[0].types[1]

    separate_old = _contract(_shared(_leaf("integer")))
    separate_new = _contract(_shared(_leaf("string")))
    expected = _messages(separate_old, separate_new)
    assert any("integer" in m and "string" in m and reach == ("GET /top",) for _, m, reach in expected), expected
    assert _messages(old, new) == expected


def test_only_what_changed_is_reported_and_nothing_when_every_declaration_is_shared() -> None:
    a, b = _shared(_leaf("integer"))
    old = _contract((a, b))
    other = TypeDecl("Other", "object", fields=(Field("n", TypeRef("string")),))  # only Other changes
    new = _contract((Package("m/a", "a", "a", (other, a.types[1])), b))
    assert _messages(old, new) == _messages(_contract(_shared(_leaf("integer"))), _contract((new.packages[0], b)))
    assert all("Other" in m for _, m, _ in _messages(old, new)) and _messages(old, new)
    assert _messages(old, _contract((a, b))) == []
