"""How diagnostics reach people and tools: text (summarised, coloured on a terminal), JSON, or SARIF.

Text: every error in full; a warning repeated with the same code and message (a CG100 for the same
outside type at 300 fields) is shown once with its count and first places (`--verbose` shows each,
`--quiet` only errors); each code seen once gets a line saying how to silence it, where that is
possible. Colour only on a terminal, never when NO_COLOR is set (https://no-color.org).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

from contractgen import __version__
from contractgen.diagnostics import Diagnostic, Severity
from contractgen.records import record

FORMATS = ("text", "json", "sarif")
SHOWN_PLACES = 3  # places listed for a summarised repeat

# Per code: how to make a warning go away without changing the contract (config, or the source).
SILENCE = {
    "CG005": "make the file readable, or move it out of the module",
    "CG013": 'exclude the field with `json:"-"`, or [packages] exclude = ["dir"] for a package of non-API types',
    "CG100": 'map the type: [types] "path.Type" = "string" (or another wire type) in contractgen.toml',
    "CG101": "set [build] goos/goarch/tags in contractgen.toml to the platform that declares the type",
    "CG102": 'map the type: [types] "path.Type" = the wire type its MarshalJSON writes',
    "CG105": 'make the module\'s source available (`go mod download`), or [types] "path.Type" = "object"',
    "CG110": "run `go mod download` in the module, so that its dependencies' source is on this machine",
    "CG108": "give the method a value receiver, or use a pointer field",
    "CG112": "rename the Go type",
}
# What a code is about, for SARIF rules.
TITLES = {
    "CG001": "syntax error", "CG002": "go.mod has no module line", "CG003": "two package names in one directory",
    "CG004": "type declared twice", "CG005": "unreadable source file", "CG010": "field encoding/json cannot marshal",
    "CG011": "map key encoding/json cannot marshal", "CG013": "untagged field encoding/json cannot marshal",
    "CG100": "type from outside the module", "CG101": "undeclared type", "CG102": "type with MarshalJSON",
    "CG103": "enum constant not computable", "CG104": "enum constant of the wrong kind", "CG105": "embedded type whose source is not available",
    "CG106": "package qualifier without import", "CG107": "__proto__ key", "CG108": "pointer-receiver marshaler",
    "CG110": "dependency source not on this machine", "CG112": "Go name renamed in TypeScript",
}
_COLORS = {"error": "\033[1;31m", "warning": "\033[1;33m", "hint": "\033[36m", "dim": "\033[2m", "reset": "\033[0m"}


@record(frozen=True)
class ReportOptions:
    format: str = "text"  # text | json | sarif
    detail: str = "normal"  # quiet | normal | verbose
    color: bool = False


def use_color(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR", "") != "":
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def render(diagnostics: list[Diagnostic], root: Path | None, options: ReportOptions) -> str:
    if options.format == "json":
        return render_json(diagnostics)
    if options.format == "sarif":
        return render_sarif(diagnostics, root)
    return render_text(diagnostics, root, options)


def render_text(diagnostics: list[Diagnostic], root: Path | None, options: ReportOptions) -> str:
    """In the order given (by position): errors in full; warnings in full (verbose), not at all (quiet),
    or each repeat of a code and message shown once, at its first place (normal)."""
    paint = _painter(options.color)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    warnings = [d for d in diagnostics if d.severity is Severity.WARNING]
    groups: dict[tuple[str, str], list[Diagnostic]] = {}
    for d in warnings:
        groups.setdefault((d.code, d.message), []).append(d)
    blocks: list[str] = []
    for d in diagnostics:
        if d.severity is Severity.ERROR or options.detail == "verbose":
            blocks.append(_colored(d.render(root), paint))
        elif d.severity is Severity.WARNING and options.detail == "normal":
            group = groups[(d.code, d.message)]
            if group[0] is d:
                blocks.append(_colored(d.render(root), paint) + _repeats(group, paint))
    if options.detail == "normal":
        codes = sorted({d.code for d in warnings if d.code in SILENCE})
        for code in codes:
            count = sum(1 for d in warnings if d.code == code)
            blocks.append(paint("hint", f"silence {code} ({count}x): {SILENCE[code]}"))
    summary = f"{len(errors)} error(s), {len(warnings)} warning(s)"
    if options.detail == "quiet" and warnings:
        summary += " (warnings not shown: --quiet)"
    if diagnostics:
        blocks.append(summary)
    return "\n".join(blocks)


def _repeats(group: list[Diagnostic], paint) -> str:  # type: ignore[no-untyped-def]
    """The line under a warning shown once for a group of the same code and message: how many more, and where."""
    if len(group) == 1:
        return ""
    places = ", ".join(str(d.position) for d in group[1 : 1 + SHOWN_PLACES] if d.position)
    more = len(group) - 1 - min(SHOWN_PLACES, len(group) - 1)
    tail = f" and {more} more" if more else ""
    return "\n" + paint("dim", f"  ... {len(group) - 1} more like this{': ' + places if places else ''}{tail} (--verbose shows each)")


def render_json(diagnostics: list[Diagnostic]) -> str:
    items = [
        {
            "severity": d.severity.value,
            "code": d.code,
            "message": d.message,
            "path": d.position.path if d.position else None,
            "line": d.position.line if d.position else None,
            "column": d.position.column if d.position else None,
            "hint": d.hint,
        }
        for d in diagnostics
    ]
    return json.dumps({"version": 1, "diagnostics": items}, indent=2, ensure_ascii=False)


def render_sarif(diagnostics: list[Diagnostic], root: Path | None) -> str:
    """SARIF 2.1.0, as GitHub code scanning reads it: one run, a rule per code, a result per diagnostic
    with its file (relative to the module root, `uriBaseId` SRCROOT) and region."""
    codes = sorted({d.code for d in diagnostics})
    rules = [
        {
            "id": code,
            "name": code,
            "shortDescription": {"text": TITLES.get(code, code)},
            **({"help": {"text": SILENCE[code]}} if code in SILENCE else {}),
        }
        for code in codes
    ]
    results = []
    for d in diagnostics:
        result: dict = {  # type: ignore[type-arg]
            "ruleId": d.code,
            "ruleIndex": codes.index(d.code),
            "level": "error" if d.severity is Severity.ERROR else "warning",
            "message": {"text": d.message + (f" (hint: {d.hint})" if d.hint else "")},
        }
        if d.position is not None:
            result["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.position.path, "uriBaseId": "SRCROOT"},
                        "region": {"startLine": max(d.position.line, 1), "startColumn": max(d.position.column, 1)},
                    }
                }
            ]
        results.append(result)
    run: dict = {  # type: ignore[type-arg]
        "tool": {"driver": {"name": "contractgen", "version": __version__, "rules": rules}},
        "results": results,
    }
    if root is not None:
        run["originalUriBaseIds"] = {"SRCROOT": {"uri": root.resolve().as_uri() + "/"}}
    document = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False)


def _painter(enabled: bool):  # type: ignore[no-untyped-def]
    def paint(kind: str, text: str) -> str:
        return f"{_COLORS[kind]}{text}{_COLORS['reset']}" if enabled else text

    return paint


def _colored(text: str, paint) -> str:  # type: ignore[no-untyped-def]
    """The severity word and the hint line of one rendered diagnostic in colour."""
    lines = text.split("\n")
    for severity in ("error", "warning"):
        marker = f"{severity}["
        if marker in lines[0]:
            head, _, rest = lines[0].partition(marker)
            code, _, tail = rest.partition("]")
            lines[0] = head + paint(severity, f"{severity}[{code}]") + tail
            break
    return "\n".join(paint("hint", line) if line.startswith("  hint: ") else line for line in lines)
