"""Compiled code of the Python that contractgen generates for itself at run time, kept between runs
as Python keeps a module's bytecode.

Two things are generated and compiled per class: the records' `__init__` and `__repr__`
(contractgen/records.py) and the contract.json encoders (contractgen/ir/model.py). Their source
depends only on contractgen's own classes, so the code is part of the installed program, not a
cache of anything the user's input decides: ~100 compiles were 20 ms of the shop example's run.
It is kept in one file beside the package's bytecode (`contractgen/__pycache__/generated.<tag>.marshal`,
`<tag>` naming the Python version, whose marshal format and code objects it holds), keyed by the
exact source, so an entry can never be stale. Read once, at the first compile of a process; written
at exit when something was added, atomically, and only when Python writes bytecode itself (not under
PYTHONDONTWRITEBYTECODE) and the directory is writable; a damaged file counts as empty."""

from __future__ import annotations

import atexit
import marshal
import os
import sys
from pathlib import Path
from types import CodeType

_FILE = Path(__file__).parent / "__pycache__" / f"generated.{sys.implementation.cache_tag}.marshal"

_KEPT_AT_MOST = 2000  # entries; beyond, only this process's are kept (old versions' code goes)

_known: dict[str, CodeType] | None = None  # loaded at the first compile
_used: set[str] = set()
_added = False


def compiled(source: str, filename: str) -> CodeType:
    """`compile(source, filename, "exec")`, from the kept code when this exact source was compiled before."""
    global _added
    known = _load()
    key = f"{filename}\0{source}"
    _used.add(key)
    code = known.get(key)
    if code is None:
        code = known[key] = compile(source, filename, "exec")
        if not _added:
            _added = True
            atexit.register(_save)
    return code


def _load() -> dict[str, CodeType]:
    global _known
    if _known is None:
        try:
            loaded = marshal.loads(_FILE.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            loaded = None
        _known = loaded if isinstance(loaded, dict) else {}
    return _known


def _save() -> None:
    if sys.dont_write_bytecode or not _known:
        return
    kept = _known if len(_known) <= _KEPT_AT_MOST else {k: v for k, v in _known.items() if k in _used}
    staged = _FILE.with_name(f"{_FILE.name}.{os.getpid()}.tmp")
    try:
        _FILE.parent.mkdir(exist_ok=True)
        staged.write_bytes(marshal.dumps(dict(sorted(kept.items()))))
        os.replace(staged, _FILE)  # two runs saving at once: one of them wins whole
    except OSError:  # a read-only installation: compiled on each run, as before
        try:
            staged.unlink(missing_ok=True)
        except OSError:
            pass
