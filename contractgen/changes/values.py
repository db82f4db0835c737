"""Comparing two wire values in one direction: what an old client receives (response) or sends (request).

Refs are resolved structurally on each side (`shapes.Declarations`), so a renamed Go type or a field moved
into an embedded struct compares equal when the JSON is the same. Each (old ref, new ref, side) pair is
compared once; a recursive type reaches itself again and contributes nothing twice. A value that is
the same on both sides and reaches only declarations that are the same objects on both sides (a watch
session's contracts share every declaration an edit did not rebuild) is not walked at all.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from contractgen.changes.change import ChangeKey, Findings
from contractgen.changes.shapes import ZERO_MEMBER, Declarations, Shape
from contractgen.diagnostics import Position
from contractgen.ir.model import Field, TypeRef
from contractgen.records import record

Side = Literal["response", "request"]
_NUMERIC_TEXT = ("integer", "number", "boolean")  # kinds a `,string` option turns into string formats


@record(frozen=True)
class Place:
    """Where a value sits: `subject` (a type or an endpoint), the path inside it, and a label for roots."""

    subject: str
    path: str = ""
    label: str = ""
    key: str = ""  # the JSON key of the field the value belongs to, and the field's positions
    old: Position | None = None
    new: Position | None = None

    def child(self, suffix: str) -> Place:
        path = suffix.lstrip(".") if not self.path and not self.label else self.path + suffix
        return replace(self, path=path)

    def field(self, old: Field, new: Field) -> Place:
        return replace(self.child("." + new.name), key=new.name, old=old.position, new=new.position)

    @property
    def what(self) -> str:
        if self.label:
            return self.label + self.path
        return f"field {self.path}" if self.path else "value"

    @property
    def type_name(self) -> str:
        """The generated type's name a TypeScript error would mention ("User" of "models.User")."""
        return self.subject.rsplit(".", 1)[-1] if " " not in self.subject else ""


def describe(shape: Shape) -> str:
    if shape.kind == "string" and shape.type.format:
        text = f"string ({shape.type.format})"
    elif shape.kind == "enum":
        text = f"enum of {shape.base}"
    elif shape.kind == "unknown":
        text = "any JSON value"
    else:
        text = shape.kind
    return f"{shape.decl} ({text})" if shape.decl else text


class ValueComparer:
    def __init__(self, old: Declarations, new: Declarations, findings: Findings) -> None:
        self.old, self.new, self.findings = old, new, findings
        self.memo: dict[tuple[TypeRef, TypeRef, Side], frozenset[ChangeKey]] = {}
        self.old_reached: set[tuple[str, str]] = set()
        self.new_reached: set[tuple[str, str]] = set()
        self.renamed: set[tuple[tuple[str, str], tuple[str, str]]] = set()  # (old decl, new decl) met at one place

    def add(
        self, rule: str, place: Place, text: str, names: tuple[str, ...] = (), old: Position | None = None, new: Position | None = None
    ) -> ChangeKey:
        old, new = old or place.old, new or place.new
        return self.findings.add(rule, place.subject, f"{place.subject}: {text}", (place.type_name, place.key, *names), old, new)

    def compare(self, o: TypeRef, n: TypeRef, side: Side, place: Place, presence_reported: bool = False) -> frozenset[ChangeKey]:
        """`presence_reported`: the key's optionality changed and was reported, which a `required` check
        added or removed already says."""
        if (o is n or o == n) and not self.old.reaches_change(o, self.new):
            return frozenset()  # the same value on both sides, made of the same declarations: nothing to find
        if o.kind == "ref" or n.kind == "ref":
            self._note_refs(o, n)
        os, ns = self.old.shape(o, side), self.new.shape(n, side)
        found: set[ChangeKey] = set()
        # Nullability and the validator's checks belong to the place, not the declaration.
        self._nullable(os, ns, side, place, found)
        self._checks(os, ns, side, place, found, presence_reported)
        if not (os.decl and ns.decl):
            self._body(os, ns, side, place, found)
            return frozenset(found)
        # Two declarations: what differs inside them is said once, of the declaration, however many places use it.
        memo_key = (_plain(o), _plain(n), side)
        if memo_key not in self.memo:
            self.memo[memo_key] = frozenset()  # in progress: a cycle back here adds nothing
            inside: set[ChangeKey] = set()
            self._body(os, ns, side, Place(ns.decl), inside)
            self.memo[memo_key] = frozenset(inside)
        return frozenset(found | self.memo[memo_key])

    def _note_refs(self, o: TypeRef, n: TypeRef) -> None:
        old_key = (o.package or "", o.name or "") if o.kind == "ref" else None
        new_key = (n.package or "", n.name or "") if n.kind == "ref" else None
        if old_key:
            self.old_reached.add(old_key)
        if new_key:
            self.new_reached.add(new_key)
        if old_key and new_key and old_key != new_key:
            self.renamed.add((old_key, new_key))

    def _nullable(self, os: Shape, ns: Shape, side: Side, place: Place, found: set[ChangeKey]) -> None:
        if os.nullable == ns.nullable or "unknown" in (os.kind, ns.kind):
            return
        if ns.nullable:
            found.add(self.add(f"{side}-value-now-nullable", place, f"{place.what} may now be null"))
        else:
            found.add(self.add(f"{side}-value-no-longer-nullable", place, f"{place.what} can no longer be null"))

    def _checks(self, os: Shape, ns: Shape, side: Side, place: Place, found: set[ChangeKey], presence_reported: bool) -> None:
        from contractgen.changes.checks import compare_checks, describe_checks

        if side == "response":
            return  # the validator checks what the server decodes; nothing it sends carries checks
        old, new = os.type.checks, ns.type.checks
        if presence_reported:
            old, new = (tuple(c for c in checks if c.rule != "required") for checks in (old, new))
        if old == new or os.type.kind != ns.type.kind:
            return  # the same checks, or a changed type (reported as such)
        tightened, loosened = compare_checks(old, new, os.type.kind)
        if not (tightened or loosened):
            return
        rule = f"{side}-check-tightened" if tightened else f"{side}-check-loosened"
        found.add(self.add(rule, place, f"{place.what}: validation {describe_checks(old)} → {describe_checks(new)}"))

    def _open(self, os: Shape, ns: Shape, side: Side, place: Place, found: set[ChangeKey]) -> None:
        if os.type.open == ns.type.open:
            return
        what = place.what if place.path or place.label else "the object"
        if ns.type.open:
            text = f"{what} may now have keys the contract cannot see (an embedded type's source is not on this machine)"
            found.add(self.add(f"{side}-object-now-open", place, text, old=os.position, new=ns.position))
        else:
            found.add(self.add(f"{side}-object-now-closed", place, f"{what}: every key is known now", old=os.position, new=ns.position))

    def _body(self, os: Shape, ns: Shape, side: Side, place: Place, found: set[ChangeKey]) -> None:
        ok, nk = os.kind, ns.kind
        response = side == "response"
        changed = f"{place.what} changed from {describe(os)} to {describe(ns)}"
        names = tuple(n.rsplit(".", 1)[-1] for n in (os.decl, ns.decl) if n)
        if ok == "unknown" or nk == "unknown":
            if ok == nk:
                return
            # Any JSON value is the widest type: towards it a response widens, away from it a request narrows.
            wider = nk == "unknown"
            rule = ("response-type-changed" if wider else "response-type-narrowed") if response else ("request-type-widened" if wider else "request-type-changed")
            found.add(self.add(rule, place, changed, names))
            return
        if (ok in _NUMERIC_TEXT and nk == "string" and _quoted_kind(ns) == ok) or (nk in _NUMERIC_TEXT and ok == "string" and _quoted_kind(os) == nk):
            what = "`,string` added" if nk == "string" else "`,string` removed"
            found.add(self.add(f"{side}-string-option-changed", place, f"{place.what}: {what} ({describe(os)} → {describe(ns)})", names))
            return
        widening = _widening(os, ns)
        if widening is not None:
            rule = ("response-type-changed" if widening else "response-type-narrowed") if response else ("request-type-widened" if widening else "request-type-changed")
            found.add(self.add(rule, place, changed, names))
            return
        if ok != nk or (ok == "param" and os.type.name != ns.type.name) or (ok == "enum" and os.base != ns.base):
            found.add(self.add(f"{side}-type-changed", place, changed, names))
            return
        if ok == "string":
            self._format(os, ns, side, place, found)
        elif ok == "integer":
            self._range(os, ns, side, place, found)
        elif ok == "array":
            self._array(os, ns, side, place, found)
        elif ok == "map":
            assert os.type.key and ns.type.key and os.type.values and ns.type.values
            found |= self.compare(os.type.key, ns.type.key, side, place.child("{key}"))
            found |= self.compare(os.type.values, ns.type.values, side, place.child("{}"))
        elif ok == "object":
            self._open(os, ns, side, place, found)
            self._fields(os, ns, side, place, found)
        elif ok == "enum":
            self._members(os, ns, side, place, found)
        elif ok == "union":
            new_variants = {v.kind: v for v in ns.type.variants}
            if _kinds(os) != _kinds(ns):  # neither holds the other's kinds (_widening): another type
                found.add(self.add(f"{side}-type-changed", place, changed, names))
                return
            for variant in os.type.variants:
                found |= self.compare(variant, new_variants[variant.kind], side, place)

    def _format(self, os: Shape, ns: Shape, side: Side, place: Place, found: set[ChangeKey]) -> None:
        if os.type.format == ns.type.format:
            return
        text = f"{place.what} changed from {describe(os)} to {describe(ns)}"
        if os.type.format is None:  # a format added: the values are a subset of the strings sent before
            rule = "response-format-added" if side == "response" else "request-format-added"
        else:
            rule = "response-format-changed" if side == "response" else "request-format-changed"
        found.add(self.add(rule, place, text))

    def _range(self, os: Shape, ns: Shape, side: Side, place: Place, found: set[ChangeKey]) -> None:
        low = lambda s: float("-inf") if s.type.minimum is None else s.type.minimum  # noqa: E731
        high = lambda s: float("inf") if s.type.maximum is None else s.type.maximum  # noqa: E731
        text = f"{place.what}: integer range {_range_text(os)} → {_range_text(ns)}"
        if low(ns) < low(os) or high(ns) > high(os):
            found.add(self.add(f"{side}-integer-widened", place, text))
        if low(ns) > low(os) or high(ns) < high(os):
            found.add(self.add(f"{side}-integer-narrowed", place, text))

    def _array(self, os: Shape, ns: Shape, side: Side, place: Place, found: set[ChangeKey]) -> None:
        # The request side compares what the decoder accepts: any number of elements (extras dropped, the
        # rest zero), so a fixed length is a response-side fact only.
        if os.type.length != ns.type.length and os.type.length is not None and side == "response":
            before = f"[{os.type.length}]" if os.type.length is not None else "[]"
            after = f"[{ns.type.length}]" if ns.type.length is not None else "[]"
            found.add(self.add(f"{side}-array-length-changed", place, f"{place.what}: array {before} → {after}"))
        assert os.type.items is not None and ns.type.items is not None
        found |= self.compare(os.type.items, ns.type.items, side, place.child("[]"))

    def _fields(self, os: Shape, ns: Shape, side: Side, place: Place, found: set[ChangeKey]) -> None:
        old = {f.name: f for f in os.type.fields}
        new = {f.name: f for f in ns.type.fields}
        removed = [k for k in old if k not in new]
        added = [k for k in new if k not in old]
        pairs = _renames(removed, added, old, new)
        for before, after in pairs:
            of, nf = old[before], new[after]
            text = f"field {place.child('.' + before).path} renamed to {place.child('.' + after).path}"
            found.add(self.add(f"{side}-property-renamed", place, text, (before, after), of.position, nf.position))
            self._field(of, nf, side, place.field(of, nf), found)
        paired_old = {b for b, _ in pairs}
        paired_new = {a for _, a in pairs}
        for key in sorted(set(old) & set(new)):
            self._field(old[key], new[key], side, place.field(old[key], new[key]), found)
        for key in sorted(set(removed) - paired_old):
            f = old[key]
            at = place.child("." + key)
            if side == "request":
                rule = "request-property-removed"
            else:
                rule = "response-optional-property-removed" if f.optional else "response-property-removed"
            found.add(self.add(rule, place, f"field {at.path} removed", (key,), f.position, None))
        for key in sorted(set(added) - paired_new):
            f = new[key]
            at = place.child("." + key)
            if side == "response":
                rule = "response-property-added"
            else:
                rule = "request-property-added" if f.optional else "request-property-added-required"
            what = "required field" if side == "request" and not f.optional else "field"
            found.add(self.add(rule, place, f"{what} {at.path} added", (key,), None, f.position))

    def _field(self, of: Field, nf: Field, side: Side, place: Place, found: set[ChangeKey]) -> None:
        if of.optional != nf.optional:
            if nf.optional:
                rule = "response-property-now-optional" if side == "response" else "request-property-now-optional"
                text = f"{place.what} may now be absent"
            else:
                rule = "response-property-now-required" if side == "response" else "request-property-now-required"
                text = f"{place.what} is now always present" if side == "response" else f"{place.what} is now required"
            found.add(self.add(rule, place, text, (nf.name,), of.position, nf.position))
        found |= self.compare(of.type, nf.type, side, place, presence_reported=of.optional != nf.optional)

    def _members(self, os: Shape, ns: Shape, side: Side, place: Place, found: set[ChangeKey]) -> None:
        old = {m.value: m for m in os.members or ()}
        new = {m.value: m for m in ns.members or ()}
        for value in sorted(set(old) - set(new), key=str):
            rule = "response-enum-member-removed" if side == "response" else "request-enum-member-removed"
            m = old[value]
            found.add(self.add(rule, place, f"enum member {value!r} ({m.name}) removed", (str(value), m.name), m.position, None))
        for value in sorted(set(new) - set(old), key=str):
            rule = "response-enum-member-added" if side == "response" else "request-enum-member-added"
            m = new[value]
            found.add(self.add(rule, place, f"enum member {value!r} ({m.name}) added", (str(value), m.name), None, m.position))
        for value in sorted(set(old) & set(new), key=str):
            if old[value].name != new[value].name and ZERO_MEMBER not in (old[value].name, new[value].name):
                text = f"enum member {value!r} renamed from {old[value].name} to {new[value].name}"
                names = (str(value), old[value].name, new[value].name)
                found.add(self.add("enum-member-renamed", place, text, names, old[value].position, new[value].position))


def _plain(ref: TypeRef) -> TypeRef:
    return replace(ref, nullable=False) if ref.nullable else ref


def _widening(os: Shape, ns: Shape) -> bool | None:
    """True when NEW's values are a superset of OLD's of another kind, False for a subset, None otherwise:
    integer ⊂ number, and an enum ⊂ its base."""
    if os.kind == "integer" and ns.kind == "number":
        return True
    if os.kind == "number" and ns.kind == "integer":
        return False
    if os.kind == "enum" and ns.kind == os.base:
        return True
    if ns.kind == "enum" and os.kind == ns.base:
        return False
    old_kinds, new_kinds = _kinds(os), _kinds(ns)
    if (os.kind == "union" or ns.kind == "union") and old_kinds != new_kinds:
        if old_kinds < new_kinds:
            return True
        if new_kinds < old_kinds:
            return False
    return None


def _kinds(shape: Shape) -> frozenset[str]:
    """The JSON kinds a value may be of: a union's variants', else the shape's own."""
    return frozenset(v.kind for v in shape.type.variants) if shape.kind == "union" else frozenset({shape.kind})


def _range_text(shape: Shape) -> str:
    return f"[{'-∞' if shape.type.minimum is None else shape.type.minimum}, {'∞' if shape.type.maximum is None else shape.type.maximum}]"


def _renames(removed: list[str], added: list[str], old: dict[str, Field], new: dict[str, Field]) -> list[tuple[str, str]]:
    """A key removed and one added that come from the same Go field: the json name changed. The full
    dotted Go path decides first; its last part (the field moved into an embedded struct as well) next."""
    pairs: list[tuple[str, str]] = []
    free = set(added)
    for part in (lambda s: s, lambda s: s.rsplit(".", 1)[-1]):
        for key in sorted(removed):
            if any(key == b for b, _ in pairs) or not old[key].source_name:
                continue
            source = part(old[key].source_name)
            candidates = [a for a in sorted(free) if new[a].source_name and part(new[a].source_name) == source]
            if len(candidates) == 1:
                pairs.append((key, candidates[0]))
                free.discard(candidates[0])
    return pairs


def _quoted_kind(shape: Shape) -> str | None:
    """The kind a `,string` string stands for: its format, the request side's (`integer-input`) too."""
    fmt = shape.type.format
    return fmt.removesuffix("-input") if fmt else None
