"""The change engine: what changed between two contracts, in which direction, and whether it breaks anyone.

`compare(old, new)` walks every endpoint of both contracts (matched by method and path template), the
values each one sends (response side) and receives (request side), the error reasons, and every exported
type that no endpoint reaches (response side, by name). Positions, doc text and Go type names make no
change by themselves: values are compared by their wire shape (see `shapes`). The rules are in `rules`.
"""

from __future__ import annotations

from contractgen.changes.change import Change
from contractgen.changes.rules import LEVELS, RULES, Level, Rule
from contractgen.ir.model import Contract

__all__ = ["Change", "LEVELS", "Level", "RULES", "Rule", "compare"]


def compare(old: Contract, new: Contract) -> list[Change]:
    """Every change from OLD to NEW, sorted by level, subject and message (deterministic)."""
    from contractgen.changes.change import Findings
    from contractgen.changes.declarations import compare_declarations
    from contractgen.changes.endpoints import compare_endpoints, compare_errors
    from contractgen.changes.shapes import Declarations
    from contractgen.changes.values import ValueComparer

    findings = Findings()
    values = ValueComparer(Declarations(old), Declarations(new), findings)
    compare_endpoints(old, new, values, findings)
    compare_errors(old, new, findings)
    catalogs = {(c.package, c.name) for contract in (old, new) for c in contract.errors}
    compare_declarations(values, findings, catalogs)
    return findings.sorted()
