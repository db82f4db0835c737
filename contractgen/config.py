"""`contractgen.toml`: strict, versioned configuration (schema: schemas/config.schema.json).

Unknown keys are errors that name the nearest valid key; every problem is reported, not just the first.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import field
from pathlib import Path
from typing import Any

from contractgen.diagnostics import Diagnostic, Position, error
from contractgen.records import record
from contractgen.scan.buildtags import KNOWN_ARCH, KNOWN_OS

CONFIG_FILE = "contractgen.toml"
CONFIG_VERSION = 1
# The wire types a Go type can be mapped to in [types].
MAPPING_TYPES = ("string", "number", "integer", "boolean", "unknown", "date-time", "base64", "object")


@record(frozen=True)
class TypeMapping:
    type: str
    nullable: bool = False


@record(frozen=True)
class Config:
    goos: str = "linux"
    goarch: str = "amd64"
    build_tags: tuple[str, ...] = ()
    nullable_collections: bool = True
    package_name: str = "contracts"
    package_version: str = "0.0.0"
    go_package: str = "apicontract"  # [go] package: the generated Go package's name and directory
    # [packages] exclude: package directories (with their subdirectories) whose exported types are not
    # roots of the contract; their endpoints, and the types the contract uses from them, still are.
    exclude: tuple[str, ...] = ()
    types: dict[str, TypeMapping] = field(default_factory=dict)
    # [diff] rules: a change rule's id -> the level `diff`/`check` give it, or "ignore"
    diff_rules: dict[str, str] = field(default_factory=dict)
    diff_accepted: str = "contractgen-accepted.toml"  # [diff] accepted: findings accepted with a reason
    # [enums] zero_value: "accept" (an enum value may also be its zero value, "" or 0, which encoding/json
    # writes for a field nobody set) or "reject" (the user says every enum field is always set);
    # always_set: qualified enum types that are always set whatever zero_value says.
    enum_zero: str = "accept"
    always_set: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()  # [targets] generate: which targets run (empty: the registry's defaults)
    # [targets.<name>] tables: a target's own options (the registry's Target.options), validated
    target_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: Path | None = None  # the file it came from, if any


_SECTIONS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "build": {"goos": str, "goarch": str, "tags": list},
    "options": {"nullable_collections": bool},
    "typescript": {"package": str, "package_version": str},
    "go": {"package": str},
    "packages": {"exclude": list},
    "diff": {"rules": dict, "accepted": str},
    "targets": {"generate": list},
    "enums": {"zero_value": str, "always_set": list},
}
ENUM_ZERO_CHOICES = ("accept", "reject")
_TOP_LEVEL = ("version", *_SECTIONS, "types")


def _target_option_tables() -> dict[str, type]:
    """The [targets.<name>] tables: one per registered target that declares options."""
    from contractgen.targets import TARGETS  # a light module: the targets' renderers import lazily

    return {name: dict for name, target in TARGETS.items() if target.options}
_NPM_NAME = re.compile(r"^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$")
_GO_PACKAGE = re.compile(r"^[a-z][a-z0-9_]*$")
_GO_KEYWORDS = frozenset(
    "break case chan const continue default defer else fallthrough for func go goto if import interface map "
    "package range return select struct switch type var".split()
)
# semver.org's grammar, which npm's package.json "version" follows.
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
_BUILD_TAG = re.compile(r"^[A-Za-z0-9_.]+$")
_GO_TYPE = re.compile(r"^[^\s\"]+\.[A-Za-z_][A-Za-z0-9_]*$")  # import path, a dot, a type name


def load_config(module_root: Path, explicit: Path | None = None) -> tuple[Config, list[Diagnostic]]:
    import tomllib

    path = explicit or module_root / CONFIG_FILE
    if path.is_dir():
        inside = path / CONFIG_FILE
        hint = f"pass the file itself: --config {inside}" if explicit is not None else "contractgen.toml must be a file"
        return Config(), [error("CG201", f"config file {path} is a directory, not a file", hint=hint)]
    if not path.is_file():
        if explicit is not None:
            return Config(), [error("CG201", f"config file {explicit} does not exist", hint="check the --config path")]
        return Config(), []
    shown = _shown_path(path, module_root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Config(), [error("CG201", f"cannot read {path}: {exc.strerror}", hint="check the file's permissions")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return Config(path=path), [error("CG202", "invalid TOML: the file is not UTF-8", Position(shown, line, column), "TOML files are UTF-8 text")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = _toml_error_position(str(exc))
        return Config(path=path), [error("CG202", f"invalid TOML: {exc}", Position(shown, line, column))]
    except RecursionError:
        return Config(path=path), [error("CG202", "invalid TOML: arrays or tables nested too deeply", Position(shown, 1, 1))]
    return _Reader(text, shown, path).read(data)


def _shown_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _toml_error_position(message: str) -> tuple[int, int]:
    match = re.search(r"line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (1, 1)


# A key at the start of a line: `key =`, `"key" =`, `[key]`, `[a.key]` (the last dotted part is the key).
_KEY_AT_LINE_START = re.compile(r'^(\s*(?:\[\s*)?)((?:"[^"]*"|[A-Za-z0-9_.\-"]+?))"?\s*(?:=|\])')


class _Reader:
    def __init__(self, text: str, shown: str, path: Path) -> None:
        self.shown = shown
        self.path = path
        self.text = text
        self.diagnostics: list[Diagnostic] = []
        # TOML parsers give no positions, so keys are found in the text: once, in one pass (a
        # lookup per key was quadratic: 8,000 unknown keys took 35 s).
        self.positions: dict[str, Position] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            match = _KEY_AT_LINE_START.match(line)
            if match is None:
                continue
            written = match.group(2).strip('"')
            last = written.rsplit(".", 1)[-1]
            position = Position(self.shown, number, line.index(last) + 1 if last else 1)
            self.positions.setdefault(written, position)
            self.positions.setdefault(last, position)

    def at(self, key: str) -> Position:
        return self.positions.get(key) or self.positions.get(key.split(".")[-1]) or self._inline(key) or Position(self.shown, 1, 1)

    def _inline(self, key: str) -> Position | None:
        """A key that does not start its line: one of an inline table (`rules = { key = "ignore" }`)."""
        last = key.split(".")[-1]
        match = re.search(rf'(?<![\w"-])"?{re.escape(last)}"?\s*=', self.text)
        if match is None:
            return None
        line = self.text.count("\n", 0, match.start()) + 1
        column = match.start() - (self.text.rfind("\n", 0, match.start()) + 1) + 1 + (match.group().startswith('"'))
        return Position(self.shown, line, column)

    def fail(self, key: str, message: str, hint: str = "") -> None:
        self.diagnostics.append(error("CG203", message, self.at(key), hint))

    @staticmethod
    def _nearest(value: str, valid: list[str], lead: str) -> str:
        close = difflib.get_close_matches(value, valid, n=1, cutoff=0.6)
        return f"did you mean {close[0]!r}?" if close else f"{lead}: {', '.join(valid)}"

    def unknown(self, key: str, valid: tuple[str, ...] | list[str], where: str) -> None:
        close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}?" if close else f"valid keys {where}: {', '.join(valid)}"
        self.fail(key, f"unknown key {key!r} {where}", hint)

    def read(self, data: dict[str, Any]) -> tuple[Config, list[Diagnostic]]:
        for key in data:
            if key not in _TOP_LEVEL:
                self.unknown(key, _TOP_LEVEL, "at the top level")
        version = data.get("version")
        if version is None:
            self.fail("version", "missing `version`", f"add `version = {CONFIG_VERSION}` at the top of the file")
        elif type(version) is not int:  # not `true`, which equals 1 in Python
            shown = json.dumps(version) if isinstance(version, (bool, str, int, float)) else type(version).__name__
            self.fail("version", f"version must be a whole number, not {shown}", f"write `version = {CONFIG_VERSION}`")
        elif version != CONFIG_VERSION:
            self.fail("version", f"unsupported config version {version!r}", f"this contractgen reads version {CONFIG_VERSION}")
        values: dict[str, Any] = {}
        for section, keys in _SECTIONS.items():
            if section == "targets":
                keys = {**keys, **_target_option_tables()}
            table = data.get(section, {})
            if not isinstance(table, dict):
                self.fail(section, f"[{section}] must be a table")
                continue
            for key, value in table.items():
                if key not in keys:
                    self.unknown(key, tuple(keys), f"in [{section}]")
                elif not isinstance(value, keys[key]):
                    self.fail(key, f"{section}.{key} must be a {_type_name(keys[key])}, not {type(value).__name__}")
                else:
                    values[f"{section}.{key}"] = value
        tags = values.get("build.tags", [])
        if not all(isinstance(t, str) for t in tags):
            self.fail("tags", "build.tags must be a list of strings")
            tags = []
        package = values.get("typescript.package", Config.package_name)
        if not _NPM_NAME.match(package):
            self.fail("package", f"{package!r} is not a valid npm package name", "use lowercase, e.g. \"@acme/contracts\"")
        version_text = values.get("typescript.package_version", Config.package_version)
        if not _SEMVER.match(version_text):
            self.fail("package_version", f"{version_text!r} is not a semantic version", 'npm needs one such as "1.4.0" or "2.0.0-beta.1"')
        goos = values.get("build.goos", Config.goos)
        if goos not in KNOWN_OS:
            self.fail("goos", f"unknown GOOS {goos!r}", self._nearest(goos, sorted(KNOWN_OS), "one of"))
        goarch = values.get("build.goarch", Config.goarch)
        if goarch not in KNOWN_ARCH:
            self.fail("goarch", f"unknown GOARCH {goarch!r}", self._nearest(goarch, sorted(KNOWN_ARCH), "one of"))
        bad_tags = [t for t in tags if not _BUILD_TAG.match(t)]
        if bad_tags:
            self.fail("tags", f"invalid build tag {bad_tags[0]!r}", "a build tag is letters, digits, `_` and `.`")
        go_package = values.get("go.package", Config.go_package)
        if not _GO_PACKAGE.match(go_package) or go_package in _GO_KEYWORDS or go_package == "main":
            self.fail("package", f"{go_package!r} is not a valid Go package name for [go]", 'use a lowercase identifier, e.g. "apicontract"')
        exclude = values.get("packages.exclude", [])
        if not all(isinstance(d, str) and d and not d.startswith("/") for d in exclude):
            self.fail("exclude", "packages.exclude must be a list of package directories relative to the module root")
            exclude = []
        targets = values.get("targets.generate", [])
        from contractgen.targets import TARGETS  # a light module: the targets' renderers import lazily

        wrong = [t for t in targets if not isinstance(t, str) or t not in TARGETS]
        if wrong:
            self.fail("generate", f"unknown target(s) in [targets] generate: {', '.join(map(repr, wrong))}", f"targets: {', '.join(TARGETS)}")
            targets = []
        enum_zero = values.get("enums.zero_value", Config.enum_zero)
        if enum_zero not in ENUM_ZERO_CHOICES:
            self.fail("zero_value", f"enums.zero_value must be one of {', '.join(map(repr, ENUM_ZERO_CHOICES))}, not {enum_zero!r}", self._nearest(enum_zero, list(ENUM_ZERO_CHOICES), "one of"))
            enum_zero = Config.enum_zero
        always_set = values.get("enums.always_set", [])
        wrong_types = [t for t in always_set if not isinstance(t, str) or not _GO_TYPE.match(t)]
        if wrong_types:
            self.fail("always_set", f"enums.always_set: {wrong_types[0]!r} is not a qualified Go type", 'write the import path and name: "k8s.io/api/core/v1.ConditionStatus"')
            always_set = []
        config = Config(
            enum_zero=enum_zero,
            always_set=tuple(sorted(set(always_set))),
            targets=tuple(dict.fromkeys(targets)),
            target_options=self._target_options(values),
            exclude=tuple(d.strip("/").removeprefix("./") for d in exclude),
            goos=goos if goos in KNOWN_OS else Config.goos,
            goarch=goarch if goarch in KNOWN_ARCH else Config.goarch,
            build_tags=tuple(tags),
            nullable_collections=values.get("options.nullable_collections", True),
            package_name=package,
            package_version=values.get("typescript.package_version", Config.package_version),
            go_package=go_package,
            types=self._types(data.get("types", {})),
            diff_rules=self._diff_rules(values.get("diff.rules", {})),
            diff_accepted=values.get("diff.accepted", Config.diff_accepted),
            path=self.path,
        )
        return config, self.diagnostics

    def _target_options(self, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """[targets.<name>] tables, each key checked against what the target declares (strictly)."""
        from contractgen.targets import TARGETS

        out: dict[str, dict[str, Any]] = {}
        for name in _target_option_tables():
            options = TARGETS[name].options
            for key, value in values.get(f"targets.{name}", {}).items():
                option = options.get(key)
                if option is None:
                    self.unknown(key, tuple(options), f"in [targets.{name}]")
                elif not isinstance(value, option.type) or (option.type is int and isinstance(value, bool)):
                    self.fail(key, f"targets.{name}.{key} must be a {_type_name(option.type)}, not {type(value).__name__}")
                else:
                    out.setdefault(name, {})[key] = value
        return out

    def _diff_rules(self, table: dict[str, Any]) -> dict[str, str]:
        if table == {}:
            return {}  # without importing the change engine's rules: most configs have none
        from contractgen.changes.rules import LEVELS, RULES

        choices = (*LEVELS, "ignore")
        rules: dict[str, str] = {}
        for rule, level in table.items():
            if rule not in RULES:
                self.unknown(rule, sorted(RULES), "in [diff] rules (change rule ids)")
            elif level not in choices:
                self.fail(rule, f"diff.rules.{rule} must be one of {', '.join(choices)}, not {level!r}")
            else:
                rules[rule] = level
        return rules

    def _types(self, table: Any) -> dict[str, TypeMapping]:
        if not isinstance(table, dict):
            self.fail("types", "[types] must be a table")
            return {}
        mappings: dict[str, TypeMapping] = {}
        for go_type, spec in table.items():
            if not _GO_TYPE.match(go_type):
                self.fail(go_type, f"{go_type!r} is not a qualified Go type", 'write the import path and name: "github.com/google/uuid.UUID"')
                continue
            if isinstance(spec, str):
                spec = {"type": spec}
            if not isinstance(spec, dict):
                self.fail(go_type, f"the mapping of {go_type} must be a string or a table")
                continue
            for key in spec:
                if key not in ("type", "nullable"):
                    self.unknown(key, ("type", "nullable"), f"in the mapping of {go_type}")
            wire = spec.get("type")
            if wire not in MAPPING_TYPES:
                close = difflib.get_close_matches(str(wire), MAPPING_TYPES, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"one of: {', '.join(MAPPING_TYPES)}"
                self.fail(go_type, f"{go_type} maps to unknown wire type {wire!r}", hint)
                continue
            nullable = spec.get("nullable", False)
            if not isinstance(nullable, bool):
                self.fail(go_type, f"nullable of {go_type} must be true or false")
                continue
            mappings[go_type] = TypeMapping(wire, nullable)
        return mappings


def _type_name(kind: type | tuple[type, ...]) -> str:
    return {str: "string", bool: "boolean", list: "list", dict: "table"}.get(kind, str(kind))  # type: ignore[arg-type]
