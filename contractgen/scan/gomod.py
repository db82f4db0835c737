"""What the module's go.mod says about the Go it may be built with, as far as the generated Go package cares.

The generated package (contractgen/targets/go) uses type parameters, which the compiler allows only
from language version go1.18 (it says "type parameter requires go1.18 or later (-lang was set to
go1.17; check go.mod)"), and calls http.Request.PathValue and maps.Clone, which exist from the Go
1.22 and 1.21 standard libraries. The go line sets the language version, and from go 1.21 on it is
also the oldest toolchain that builds the module; below that a toolchain older than 1.22 may be used.
A missing go line means go 1.16 to the go command.
"""

from __future__ import annotations

import re

from contractgen.diagnostics import Diagnostic, Position, warning

# The language version the generated code needs, and the toolchain whose standard library it calls.
LANGUAGE_MINIMUM = (1, 18)
TOOLCHAIN_MINIMUM = (1, 22)
_ASSUMED_WITHOUT_LINE = (1, 16)
_GO_LINE = re.compile(r"^go[ \t]+(\d+)\.(\d+)", re.MULTILINE)


def go_line_diagnostics(go_mod: str, path: str = "go.mod") -> list[Diagnostic]:
    """A warning (CG320) when the module's go line is too old for the generated Go package."""
    match = _GO_LINE.search(go_mod)
    version = (int(match.group(1)), int(match.group(2))) if match else _ASSUMED_WITHOUT_LINE
    if version >= TOOLCHAIN_MINIMUM:
        return []
    line = go_mod.count("\n", 0, match.start()) + 1 if match else 1
    stated = f"go {version[0]}.{version[1]}" if match else "no go line (the go command assumes go 1.16)"
    hint = "raise the go line: `go mod edit -go=1.22` (the TypeScript output does not depend on it)"
    if version < LANGUAGE_MINIMUM:
        message = f"go.mod has {stated}: the generated Go package uses type parameters, which need go 1.18, so it does not compile in this module"
    else:
        message = (
            f"go.mod has go {version[0]}.{version[1]}: the generated Go package calls http.Request.PathValue (Go 1.22), "
            "so it compiles only with a Go 1.22 or newer toolchain, which this go line does not require"
        )
    return [warning("CG330", message, Position(path, line, 1), hint)]
