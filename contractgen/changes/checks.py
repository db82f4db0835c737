"""The request side's validation checks (contractgen.ir.model.Check) of one value, before and after: does
the NEW server's validator reject a value the OLD one accepted (tightened), accept one it rejected
(loosened), or both?

Each side's checks are a predicate on the decoded value. A check of one side holds wherever the other
side's checks pass when it is one of them, or follows from them: bounds of the same measure (an interval
of characters, entries or the value), a `oneof` whose values all satisfy it, `required` from a bound or
format that excludes the zero value. `omitempty` lets the empty value through without the other checks,
so the empty value is judged on its own. What cannot be proven to follow counts as a change in that
direction: a false "tightened" is a finding to look at, a false "loosened" would hide a break.
"""

from __future__ import annotations

import math
import operator

from contractgen.ir.model import Check
from contractgen.records import record

_LOWER = {"min": False, "gte": False, "gt": True}  # rule -> the bound is open
_UPPER = {"max": False, "lte": False, "lt": True}
_FORMATS = ("email", "url", "uuid")  # each rejects the empty string
_ENUMERABLE = 64  # an integer interval this narrow is compared value by value with a oneof


def compare_checks(old: tuple[Check, ...], new: tuple[Check, ...], kind: str) -> tuple[bool, bool]:
    """(tightened, loosened) for a value of the contract's `kind` (string integer number boolean array map)."""
    if old == new:
        return False, False
    return not _accepts_all(new, old, kind), not _accepts_all(old, new, kind)


def describe_checks(checks: tuple[Check, ...]) -> str:
    """As the validator's tag spells them: `omitempty,min=3,oneof=a 'b c'`."""
    parts = []
    for check in checks:
        if check.rule == "oneof":
            parts.append("oneof=" + " ".join(f"'{v}'" if " " in str(v) else str(v) for v in check.values))
        elif check.value is not None:
            parts.append(f"{check.rule}={check.value}")
        else:
            parts.append(check.rule)
    return ",".join(parts) or "none"


def _accepts_all(wider: tuple[Check, ...], narrower: tuple[Check, ...], kind: str) -> bool:
    """Whether every value `narrower` accepts, `wider` accepts too (False where that cannot be proven)."""
    wide_empty, wide_rest = _split(wider)
    narrow_empty, narrow_rest = _split(narrower)
    if _passes_empty(narrow_empty, narrow_rest, kind) and not _passes_empty(wide_empty, wide_rest, kind):
        return False
    known = _Known.of(narrow_rest, kind)
    return all(known.implies(check) for check in wide_rest)


def _split(checks: tuple[Check, ...]) -> tuple[bool, tuple[Check, ...]]:
    if checks and checks[0].rule == "omitempty":
        return True, checks[1:]
    return False, checks


def _passes_empty(omitempty: bool, rest: tuple[Check, ...], kind: str) -> bool:
    """The empty value: "", 0, false, no entries."""
    empty = _EMPTY.get(kind, 0)
    return omitempty or all(_holds(check, empty) for check in rest)


@record
class _Known:
    """What a value is known to satisfy once `checks` passed: per measure an interval, the oneof values,
    the checks themselves."""

    checks: tuple[Check, ...]
    integral: bool  # counts, lengths and integer values: `gt 3` is `gte 4`
    intervals: dict[str, tuple[float, bool, float, bool]]  # measure -> (low, low open, high, high open)
    oneof: tuple[str | int | float, ...] | None

    @classmethod
    def of(cls, checks: tuple[Check, ...], kind: str) -> _Known:
        intervals: dict[str, tuple[float, bool, float, bool]] = {}
        oneof: tuple[str | int | float, ...] | None = None
        for check in checks:
            values = check.values if check.rule == "oneof" else (check.value,) if check.rule == "eq" and isinstance(check.value, str) else None
            if values is not None:
                oneof = values if oneof is None else tuple(v for v in oneof if v in values)
            if kind == "string" and (check.rule == "required" or check.rule in _FORMATS):
                check = Check("min", "characters", 1)  # none of them passes ""
            bound = _number(check)
            if bound is None or check.measure is None:
                continue
            low, low_open, high, high_open = intervals.get(check.measure, (-math.inf, False, math.inf, False))
            if check.rule in _LOWER or check.rule in ("len", "eq"):
                low, low_open = _tighter_low((low, low_open), (bound, _LOWER.get(check.rule, False)))
            if check.rule in _UPPER or check.rule in ("len", "eq"):
                high, high_open = _tighter_high((high, high_open), (bound, _UPPER.get(check.rule, False)))
            intervals[check.measure] = (low, low_open, high, high_open)
        return cls(checks, kind != "number", intervals, oneof)

    def implies(self, check: Check) -> bool:
        if check in self.checks:
            return True
        if self.oneof is not None and all(_holds(check, v) for v in self.oneof):
            return True
        if check.rule == "oneof":
            allowed = self.oneof if self.oneof is not None else self._whole_numbers(check.measure)
            return allowed is not None and set(allowed) <= set(check.values)
        if check.rule == "required":
            return self._excludes_zero()
        bound = _number(check)
        if bound is None or check.measure is None:
            return False  # a format, or a string compared by value: only the same check implies it
        low, low_open, high, high_open = self._interval(check.measure)
        if check.rule in _LOWER:
            return _at_least((low, low_open), (bound, _LOWER[check.rule]), self.integral)
        if check.rule in _UPPER:
            return _at_most((high, high_open), (bound, _UPPER[check.rule]), self.integral)
        if check.rule in ("len", "eq"):
            return _at_least((low, low_open), (bound, False), self.integral) and _at_most((high, high_open), (bound, False), self.integral)
        if check.rule == "ne":
            return not _inside(bound, (low, low_open, high, high_open))
        return False

    def _whole_numbers(self, measure: str | None) -> tuple[int, ...] | None:
        """The few integers a bounded integral value can be (`min=1,max=3` is `oneof=1 2 3`)."""
        if not self.integral or measure != "value" or measure not in self.intervals:
            return None
        low, low_open, high, high_open = self.intervals[measure]
        if math.isinf(low) or math.isinf(high) or high - low > _ENUMERABLE:
            return None
        first = math.floor(low) + 1 if low_open else math.ceil(low)
        last = math.ceil(high) - 1 if high_open else math.floor(high)
        return tuple(range(first, last + 1))

    def _interval(self, measure: str) -> tuple[float, bool, float, bool]:
        return self.intervals.get(measure, (-math.inf, False, math.inf, False))

    def _excludes_zero(self) -> bool:
        """`required`: not "", 0 or false."""
        if any(c.rule in _FORMATS or c.rule == "required" for c in self.checks):
            return True
        if self.oneof is not None and all(v not in ("", 0) for v in self.oneof):
            return True
        return any(not _inside(0, interval) for interval in self.intervals.values())


_EMPTY: dict[str, str | int | float] = {"string": "", "boolean": 0}  # what an empty value measures as; 0 otherwise


def _holds(check: Check, value: str | int | float) -> bool:
    """Whether `value` satisfies one check: a string or number itself, or (for the empty value of an
    array or map) its count of entries."""
    rule = check.rule
    if rule == "oneof":
        return value in check.values
    if rule == "required":
        return value not in ("", 0)
    if rule in _FORMATS:
        return False  # "" fails each; another value is not tested here, so it is not known to pass
    limit = _number(check)
    if check.measure == "characters" and isinstance(value, str):
        value = len(value)
    if isinstance(value, str) or limit is None:
        if rule in ("eq", "ne") and isinstance(check.value, str):  # a string compared by value
            return (value == check.value) == (rule == "eq")
        return False
    return _COMPARE[rule](float(value), limit) if rule in _COMPARE else False


_COMPARE = {"min": operator.ge, "gte": operator.ge, "gt": operator.gt, "max": operator.le, "lte": operator.le,
            "lt": operator.lt, "len": operator.eq, "eq": operator.eq, "ne": operator.ne}


def _number(check: Check) -> float | None:
    if check.rule in ("oneof", "required") or isinstance(check.value, str) or check.value is None:
        return None
    return float(check.value)


def _tighter_low(a: tuple[float, bool], b: tuple[float, bool]) -> tuple[float, bool]:
    return a if (a[0], a[1]) > (b[0], b[1]) else b


def _tighter_high(a: tuple[float, bool], b: tuple[float, bool]) -> tuple[float, bool]:
    return a if (a[0], not a[1]) < (b[0], not b[1]) else b


def _at_least(known: tuple[float, bool], wanted: tuple[float, bool], integral: bool) -> bool:
    """A value above the known lower bound is above the wanted one (`gt 3` is `gte 4` for whole numbers)."""
    low, low_open = (known[0] + 1, False) if integral and known[1] else known
    bound, bound_open = (wanted[0] + 1, False) if integral and wanted[1] else wanted
    return low > bound or (low == bound and (low_open or not bound_open))


def _at_most(known: tuple[float, bool], wanted: tuple[float, bool], integral: bool) -> bool:
    high, high_open = (known[0] - 1, False) if integral and known[1] else known
    bound, bound_open = (wanted[0] - 1, False) if integral and wanted[1] else wanted
    return high < bound or (high == bound and (high_open or not bound_open))


def _inside(value: float, interval: tuple[float, bool, float, bool]) -> bool:
    low, low_open, high, high_open = interval
    return (value > low or (value == low and not low_open)) and (value < high or (value == high and not high_open))
