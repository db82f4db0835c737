"""Diagnostics are data: every stage collects them instead of raising, so one run reports all problems."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from contractgen.records import record


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@record(frozen=True, order=True)
class Position:
    """A place in a source file: path relative to the scanned module root (POSIX), 1-based line and byte column."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@record(frozen=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    position: Position | None = None
    hint: str = ""

    def sort_key(self) -> tuple:
        pos = self.position or Position("", 0, 0)
        return (pos.path, pos.line, pos.column, self.code, self.message)

    def render(self, root: Path | None = None, show_source: bool = True) -> str:
        """`path:line:col: severity[CODE]: message`, the offending source line, then the hint."""
        where = f"{self.position}: " if self.position else ""
        lines = [f"{where}{self.severity.value}[{self.code}]: {self.message}"]
        if show_source and self.position and root is not None:
            raw = _source_line(root / self.position.path, self.position.line)
            if raw is not None:
                prefix = raw[: max(self.position.column - 1, 0)].decode("utf-8", "replace")
                lines.append("    " + raw.decode("utf-8", "replace").expandtabs(4))
                lines.append("    " + " " * len(prefix.expandtabs(4)) + "^")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


def error(code: str, message: str, position: Position | None = None, hint: str = "") -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, position, hint)


def warning(code: str, message: str, position: Position | None = None, hint: str = "") -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, position, hint)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sorted_unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def _source_line(path: Path, line: int) -> bytes | None:
    # Columns are byte offsets (as in Go's own tools), so the line is kept as bytes until the caret is placed.
    try:
        with path.open("rb") as f:
            for number, raw in enumerate(f, start=1):
                if number == line:
                    return raw.rstrip(b"\r\n")
    except OSError:
        return None
    return None
