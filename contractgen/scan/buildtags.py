"""Build constraints, decided the way `go build` would for one target platform (config: [build]).

A file is skipped when its name ends in `_GOOS.go`, `_GOARCH.go` or `_GOOS_GOARCH.go` for another
platform, or when its `//go:build` expression is false for the configured GOOS, GOARCH and tags.
A file without `//go:build` is judged by its `// +build` lines, as go/build still does.
"""

from __future__ import annotations

import re

from contractgen.records import record

KNOWN_OS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos".split()
)
UNIX_OS = frozenset("aix android darwin dragonfly freebsd hurd illumos ios linux netbsd openbsd solaris".split())
KNOWN_ARCH = frozenset(
    "386 amd64 amd64p32 arm arm64 arm64be armbe loong64 mips mips64 mips64le mips64p32 mips64p32le mipsle "
    "ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm".split()
)
LATEST_GO_MINOR = 26
_IMPLIED_OS = {"android": "linux", "ios": "darwin", "illumos": "solaris"}

_BUILD_LINE = re.compile(rb"^//go:build\s+(.+?)\s*$", re.MULTILINE)
_PLUS_BUILD_LINE = re.compile(rb"^//\s*\+build(?:\s+(.*?))?\s*$", re.MULTILINE)
_TOKEN = re.compile(r"\s*(\(|\)|!|&&|\|\||[A-Za-z0-9_.]+)")


@record(frozen=True)
class Platform:
    goos: str = "linux"
    goarch: str = "amd64"
    tags: frozenset[str] = frozenset()

    def satisfies(self, tag: str) -> bool:
        if tag in (self.goos, self.goarch, "gc") or tag in self.tags:
            return True
        if _IMPLIED_OS.get(self.goos) == tag:  # as go/build: android files also build linux ones, ios darwin, illumos solaris
            return True
        if tag == "unix":
            return self.goos in UNIX_OS
        match = re.fullmatch(r"go1\.(\d+)", tag)
        return match is not None and int(match.group(1)) <= LATEST_GO_MINOR


def file_name_matches(name: str, platform: Platform) -> bool:
    stem = name[: -len(".go")]
    parts = stem.split("_")[1:]  # the first element is never a constraint, even when it is "linux"
    if len(parts) >= 2 and parts[-2] in KNOWN_OS and parts[-1] in KNOWN_ARCH:
        return platform.satisfies(parts[-2]) and parts[-1] == platform.goarch
    if parts and parts[-1] in KNOWN_OS:
        return platform.satisfies(parts[-1])
    if parts and parts[-1] in KNOWN_ARCH:
        return parts[-1] == platform.goarch
    return True


def header_matches(source: bytes, platform: Platform) -> bool:
    """Evaluate the `//go:build` line, which must stand before the package clause."""
    package_at = source.find(b"\npackage ")
    header = source if package_at < 0 else source[:package_at]
    match = _BUILD_LINE.search(header)
    if match is None:
        return _plus_build_matches(header, platform)
    try:
        return _Expression(match.group(1).decode("utf-8", "replace"), platform).value()
    except ValueError:
        return True  # a malformed line: go vet reports it; we would rather scan than drop types silently


def _plus_build_matches(header: bytes, platform: Platform) -> bool:
    """`// +build a,b !c` lines: a line is true when any space-separated option is, an option when all
    its comma-separated terms are; all lines must be true. Like go/build, only lines in the comment
    block before the package clause count (a blank line must follow them: gofmt keeps it there)."""
    for match in _PLUS_BUILD_LINE.finditer(header):
        options = (match.group(1) or b"").decode("utf-8", "replace").split()
        if not any(all(_plus_build_term(term, platform) for term in option.split(",")) for option in options):
            return False
    return True


def _plus_build_term(term: str, platform: Platform) -> bool:
    negated = term.startswith("!")
    name = term[1:] if negated else term
    if not name or not re.fullmatch(r"[A-Za-z0-9_.]+", name) or name.startswith("!"):
        return False  # as go/build: a malformed term is false
    return platform.satisfies(name) != negated


class _Expression:
    def __init__(self, text: str, platform: Platform) -> None:
        self.tokens = [t for t in _TOKEN.findall(text)]
        self.platform = platform
        self.index = 0

    def value(self) -> bool:
        result = self._or()
        if self.index != len(self.tokens):
            raise ValueError("trailing tokens")
        return result

    def _peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _take(self) -> str:
        if self.index >= len(self.tokens):
            raise ValueError("unexpected end")
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _or(self) -> bool:
        result = self._and()
        while self._peek() == "||":
            self._take()
            right = self._and()
            result = result or right
        return result

    def _and(self) -> bool:
        result = self._not()
        while self._peek() == "&&":
            self._take()
            right = self._not()
            result = result and right
        return result

    def _not(self) -> bool:
        token = self._take()
        if token == "!":
            return not self._not()
        if token == "(":
            result = self._or()
            if self._take() != ")":
                raise ValueError("unbalanced")
            return result
        if token in (")", "&&", "||"):
            raise ValueError("unexpected operator")
        return self.platform.satisfies(token)
