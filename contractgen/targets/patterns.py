"""Path-variable patterns (Go RE2 syntax, from gorilla/mux and chi) for targets whose regular
expressions are ECMAScript's: today OpenAPI's `pattern` (the TypeScript client only documents the
pattern in TSDoc: the router answers 404 to a value that does not match).

A leaf beside the targets; no IR building here.
"""

from __future__ import annotations

import re

# RE2 syntax that ECMAScript reads otherwise or refuses: flag groups `(?i)`, named groups `(?P<x>`,
# `\A \z \Q..\E \C`, POSIX classes `[[:alpha:]]`, Unicode classes `\pL` / `\p{Greek}` (ECMAScript only
# with the u flag, which changes other escapes). Such a pattern is said in the documentation only.
_RE2_ONLY = re.compile(r"\(\?[a-zA-Z]|\(\?P<|\\[AzQEC]|\[\[:|\\[pP]")


def ecma_pattern(pattern: str) -> str | None:
    """The pattern when ECMAScript reads it as RE2 does, else None."""
    return None if _RE2_ONLY.search(pattern) else pattern
