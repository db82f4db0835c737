"""What go.mod, go.work and vendor/modules.txt say about a module's dependencies, read as text.

Only the directives that decide where a package's source is: `module`, `go`, `require`, `replace`
(go.mod and go.work) and `use` (go.work). Comments, `exclude`, `retract`, `toolchain` and `godebug`
do not move any source, so they are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|\S+')


@dataclass(frozen=True)
class Requirement:
    module: str
    version: str
    line: int  # in go.mod, for diagnostics


@dataclass(frozen=True)
class Replacement:
    """`old [version] => new [version]`: `new` is a local directory when it starts with ./, ../ or /."""

    old: str
    old_version: str  # "" replaces every version
    new: str
    new_version: str  # "" for a directory
    base: Path  # the directory holding the file that says so (a relative `new` is relative to it)

    @property
    def local(self) -> bool:
        return self.new.startswith(("./", "../", "/")) or self.new in (".", "..") or re.match(r"^[A-Za-z]:[\\/]", self.new) is not None


@dataclass
class ModFile:
    module: str = ""
    go: str = ""
    requires: list[Requirement] = field(default_factory=list)
    replaces: list[Replacement] = field(default_factory=list)
    uses: list[Path] = field(default_factory=list)  # go.work only: the workspace's module directories


def parse_mod(text: str, base: Path) -> ModFile:
    """go.mod or go.work text; `base` is its directory."""
    parsed = ModFile()
    block: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        tokens = _tokens(raw)
        if not tokens:
            continue
        if block is not None:
            if tokens == [")"]:
                block = None
                continue
            _directive(parsed, block, tokens, number, base)
            continue
        verb, rest = tokens[0], tokens[1:]
        if rest == ["("]:
            block = verb
            continue
        _directive(parsed, verb, rest, number, base)
    return parsed


def _tokens(line: str) -> list[str]:
    without_comment = line.split("//", 1)[0] if '"' not in line and "`" not in line else _strip_comment(line)
    return [_unquote(t) for t in _TOKEN.findall(without_comment)]


def _strip_comment(line: str) -> str:
    out, quote = [], ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"`":
            quote = ch
        elif line.startswith("//", i):
            break
        out.append(ch)
    return "".join(out)


def _unquote(token: str) -> str:
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "\"`":
        return token[1:-1]
    return token


def _directive(parsed: ModFile, verb: str, args: list[str], line: int, base: Path) -> None:
    if verb == "module" and args:
        parsed.module = args[0]
    elif verb == "go" and args:
        parsed.go = args[0]
    elif verb == "require" and len(args) >= 2:
        parsed.requires.append(Requirement(args[0], args[1], line))
    elif verb == "use" and args:
        parsed.uses.append((base / args[0]).resolve())
    elif verb == "replace" and "=>" in args:
        arrow = args.index("=>")
        old, new = args[:arrow], args[arrow + 1 :]
        if old and new:
            parsed.replaces.append(
                Replacement(old[0], old[1] if len(old) > 1 else "", new[0], new[1] if len(new) > 1 else "", base)
            )


def vendored_modules(text: str) -> dict[str, str]:
    """vendor/modules.txt: module path -> version, from its `# module version` lines."""
    modules: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("# "):
            parts = line[2:].split()
            if len(parts) >= 2 and not parts[1] == "=>":
                modules[parts[0]] = parts[1]
            elif parts:
                modules.setdefault(parts[0], "")
    return modules


def find_workspace(module_root: Path) -> Path | None:
    """The go.work at or above the module, as `go` finds it (GOWORK=off and GOWORK=path are honoured)."""
    import os

    setting = os.environ.get("GOWORK", "")
    if setting == "off":
        return None
    if setting:
        path = Path(setting)
        return path if path.is_file() else None
    for directory in (module_root, *module_root.parents):
        candidate = directory / "go.work"
        if candidate.is_file():
            return candidate
    return None
