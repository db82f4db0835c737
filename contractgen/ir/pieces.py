"""contract.json for a watch session: each package encoded once, while its IR value is the same
object (contractgen/ir/incremental.py keeps unchanged packages identical), and spliced into the
rest of the document, which is encoded anew (endpoints and error catalogs are small).

Every piece is `to_json` of a contract holding that package alone, cut out at the places the
encoder's layout fixes (two-space indent, one package per item), so the text equals `to_json(contract)`
byte for byte whatever the encoder does inside a package; where the layout is not the expected one
the whole contract is encoded instead. The equivalence test checks it against a cold generation;
tests/test_contract_pieces.py that an edit re-encodes only what it reached, and the fall-back.
"""

from __future__ import annotations

from dataclasses import replace

from contractgen.ir.model import Contract, Package, to_json

_END = "\n}\n"
_OPEN = ',\n  "packages": [\n    '
_BETWEEN = ",\n    "
_CLOSE = "\n  ]"


class ContractJson:
    """`last` says how the last `encode` went: which packages were encoded afresh, or None when the
    whole contract was (the layout was not the expected one), so a session (and its tests) can see
    that an edit re-encodes only what it reached."""

    def __init__(self) -> None:
        self._pieces: dict[str, tuple[Package, str]] = {}
        self.last: tuple[str, ...] | None = None

    def encode(self, contract: Contract) -> str:
        self.last = None
        head = to_json(Contract(module=contract.module, version=contract.version))
        rest = to_json(replace(contract, packages=()))
        if not (head.endswith(_END) and rest.startswith(head[: -len(_END)])):
            return to_json(contract)
        head = head[: -len(_END)]
        pieces: dict[str, tuple[Package, str]] = {}
        fresh: list[str] = []
        for package in contract.packages:
            kept = self._pieces.get(package.path)
            if kept is None or kept[0] is not package:
                text = self._piece(package)
                if text is None:
                    return to_json(contract)
                kept = (package, text)
                fresh.append(package.path)
            pieces[package.path] = kept
        self._pieces = pieces
        self.last = tuple(fresh)
        if not contract.packages:
            return rest
        body = _BETWEEN.join(pieces[p.path][1] for p in contract.packages)
        return head + _OPEN + body + _CLOSE + rest[len(head) :]

    @staticmethod
    def _piece(package: Package) -> str | None:
        alone = to_json(Contract(module="", packages=(package,)))
        start = to_json(Contract(module=""))[: -len(_END)] + _OPEN
        end = _CLOSE + _END
        if not (alone.startswith(start) and alone.endswith(end)):
            return None
        return alone[len(start) : -len(end)]
