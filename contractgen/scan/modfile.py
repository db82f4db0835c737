"""go.mod and go.work as text, read the way golang.org/x/mod/modfile reads them: every verb may
take the block form `verb (` ... `)`, `//` comments are dropped, paths may be quoted.

A leaf module: discovery reads the module path with it, and the dependency locator reads the
directives that decide where a package's source is: `module`, `go`, `require`, `replace` and `use`.
Comments, `exclude`, `retract`, `toolchain` and `godebug` do not move any source, so they are skipped.
"""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path

from contractgen.records import record

# As modfile's lexer: quoted strings, the punctuation `(` and `)` (so `module(` opens a block), words.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|[()]|[^\s()"`]+')


@record(frozen=True)
class Requirement:
    module: str
    version: str
    line: int  # in go.mod, for diagnostics


@record(frozen=True)
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


@record
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
    if len(token) >= 2 and token[0] == token[-1] == "`":
        return token[1:-1]
    if len(token) >= 2 and token[0] == token[-1] == '"':
        # strconv.Unquote's escapes (\x41, \u00e9, \n, ...) are Python's unicode_escape ones.
        return token[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape", "replace")
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
