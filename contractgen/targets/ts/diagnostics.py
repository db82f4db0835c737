"""What the TypeScript target says about its own output: the Go names it spells differently (CG112).
Returned with its files (contractgen.targets.TargetResult), so the pipeline needs no knowledge of them."""

from __future__ import annotations

from contractgen.diagnostics import Diagnostic, warning
from contractgen.ir.model import Contract


def rename_warnings(contract: Contract) -> tuple[Diagnostic, ...]:
    """The TypeScript target renames a few Go names so that the package compiles: say so (CG112)."""
    from contractgen.targets.ts import renames

    return tuple(
        warning(
            "CG112",
            f"{'type parameter ' + r.go_name + ' of ' + r.decl if r.decl else r.go_name} is {r.ts_name} in TypeScript: {r.reason}",
            contract.decl(r.package, r.decl or r.go_name).position,
            "rename the Go type to choose the name yourself",
        )
        for r in renames(contract)
    )
