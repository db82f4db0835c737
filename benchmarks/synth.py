"""A deterministic synthetic Go module, for benchmarking contractgen on realistic input.

    python benchmarks/synth.py OUT [--files 500] [--size-mb 13] [--type-files 60]
                                   [--structs-per-file 10] [--packages 20] [--seed N] [--vet]

The module has several packages under one go.mod. A few files declare the contract (structs with
json tags, string and int enums, generic types, interfaces, MarshalJSON/MarshalText methods,
references across packages; a few packages keep MarshalJSON/UnmarshalJSON in a marshal.go without
types). The rest is noise that cannot contribute: hand-written-looking functions and methods (some
with local `type` and `const` declarations in their bodies), per-GOOS files, tests, and generated
code marked `// Code generated ... DO NOT EDIT.` (controller-gen deep copies, protobuf vtproto
marshalling). Noise, spread over the files, fills the module up to the requested size. The same
arguments always give the same bytes; `Summary.contributing` lists the files a scanner must parse.

`--vet` copies the module to a temporary directory and runs `gofmt -l` and `go vet ./...` on it,
with the network and any toolchain download switched off (the module needs only the standard library).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from gomodel import (
    DOMAINS,
    ENUM_SUFFIXES,
    ENUM_VALUES,
    FIELD_QUALIFIERS,
    FIELD_WORDS,
    GO_VERSION,
    MODULE,
    NOISE_WORDS,
    NOUNS,
    STRUCT_SUFFIXES,
    VERBS,
    FieldInfo,
    GoFile,
    Pkg,
    StructInfo,
    aligned,
    import_path_of,
    snake,
)
from gonoise import METHODS, TEMPLATES, VT_HELPERS, deepcopy, vtproto


@dataclass(frozen=True)
class Spec:
    files: int = 500
    total_bytes: int = 13_000_000
    type_files: int = 60
    structs_per_file: int = 10
    packages: int = 20
    seed: int = 1


@dataclass
class Summary:
    """What was written, as the generator knows it (the benchmark checks the scanner against it)."""

    files: int = 0
    bytes: int = 0
    packages: int = 0
    type_files: int = 0
    json_method_files: int = 0  # no type declarations, but MarshalJSON/UnmarshalJSON methods
    generated_files: int = 0
    structs: int = 0
    enums: int = 0
    generics: int = 0
    interfaces: int = 0
    functions: int = 0
    contributing: list[str] = field(default_factory=list)  # files the scanner must parse (build-kept only)


# --- the generator ---------------------------------------------------------------------------------


class Generator:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.summary = Summary()
        count = max(1, min(spec.packages, spec.files))
        self.pkgs = [self._package(i) for i in range(count)]

    def _package(self, index: int) -> Pkg:
        base = DOMAINS[index % len(DOMAINS)]
        name = base if index < len(DOMAINS) else f"{base}{index // len(DOMAINS) + 1}"
        return Pkg(index, name, "internal/" + name if index == 0 else ("api/" if index % 3 == 0 else "internal/") + name)

    # --- planning: which file goes where ------------------------------------------------------------

    def _plan(self) -> None:
        spec = self.spec
        type_files = min(spec.type_files, spec.files)
        for i in range(type_files):
            self.pkgs[i % len(self.pkgs)].slots.append("types")
        # Packages without types get noise only; the extras come before plain noise while files last.
        extras = ("deepcopy", "vtproto", "test", "noise", "sys_linux", "sys_windows", "sys_darwin", "marshal")
        queues = []
        for pkg in self.pkgs:
            typed = "types" in pkg.slots
            wanted = [
                e for e in extras
                if (typed or e not in ("deepcopy", "vtproto", "marshal")) and (e != "marshal" or pkg.index % 5 == 1)
            ]
            queues.append(wanted)
        remaining = spec.files - type_files
        turn = 0
        while remaining > 0:
            pkg = self.pkgs[turn % len(self.pkgs)]
            queue = queues[turn % len(self.pkgs)]
            pkg.slots.append(queue.pop(0) if queue else "noise")
            remaining -= 1
            turn += 1

    # --- the run ------------------------------------------------------------------------------------

    def generate(self, out: Path) -> Summary:
        self._plan()
        files: list[GoFile] = []
        for pkg in self.pkgs:
            names = iter(_file_names(pkg, self.rng))
            for number, slot in enumerate(pkg.slots):
                if slot == "types":
                    files.append(self._type_file(pkg, next(names), number))
        by_pkg: dict[str, list[GoFile]] = {}
        for pkg in self.pkgs:
            noise_names = iter(_noise_names(self.rng))
            for slot in pkg.slots:
                file = self._other_file(pkg, slot, noise_names)
                if file is not None:
                    files.append(file)
                    by_pkg.setdefault(pkg.name, []).append(file)
        self._fill(files)
        out.mkdir(parents=True, exist_ok=True)
        (out / "go.mod").write_text(f"module {MODULE}\n\ngo {GO_VERSION}\n")
        self.summary.packages = len(self.pkgs)
        for file in sorted(files, key=lambda f: f.path):
            text = file.render()
            target = out / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
            self.summary.files += 1
            self.summary.bytes += len(text.encode())
            if file.kind in ("types", "marshal"):
                self.summary.contributing.append(file.path)
        return self.summary

    def _fill(self, files: list[GoFile]) -> None:
        """Grow the files with noise until the module has the requested size."""
        weights = {"types": 1, "noise": 1, "marshal": 1, "deepcopy": 3, "vtproto": 6}
        growable = [f for f in files if f.kind in weights]
        budget = self.spec.total_bytes - sum(f.size() for f in files)
        if budget <= 0 or not growable:
            return
        total_weight = sum(weights[f.kind] for f in growable)
        pkgs = {p.name: p for p in self.pkgs}
        # Generated files cover each type once; what they cannot take goes to the other files.
        for file in (f for f in growable if f.kind in ("deepcopy", "vtproto")):
            self._grow_generated(pkgs[file.package], file, file.size() + budget * weights[file.kind] // total_weight)
        plain = [f for f in growable if f.kind not in ("deepcopy", "vtproto")]
        budget = self.spec.total_bytes - sum(f.size() for f in files)
        plain_weight = sum(weights[f.kind] for f in plain)
        for file in plain:
            target = file.size() + budget * weights[file.kind] // max(1, plain_weight)
            while file.size() < target:
                self._add_function(pkgs[file.package], file)

    # --- type files ---------------------------------------------------------------------------------

    def _type_file(self, pkg: Pkg, name: str, number: int) -> GoFile:
        rng = self.rng
        file = GoFile(f"{pkg.dir}/{name}.go", pkg.name, kind="types")
        self.summary.type_files += 1
        if not pkg.type_names:
            file.header = f"// Package {pkg.name} holds the {pkg.name} models and their helpers.\n"
            self._generics(pkg, file)
            if pkg.index == 0:
                self._common_types(pkg, file)
        for _ in range(rng.choice((1, 1, 2))):
            self._enum(pkg, file)
        for _ in range(self.spec.structs_per_file):
            self._struct(pkg, file)
        if rng.random() < 0.5 and pkg.structs:
            self._interface(pkg, file)
        return file

    def _generics(self, pkg: Pkg, file: GoFile) -> None:
        file.decls.append(
            "// Number is what a Range can hold.\n"
            "type Number interface {\n\t~int | ~int32 | ~int64 | ~float64\n}\n"
        )
        self._emit_struct(file, "Page", [
            FieldInfo("Items", "[]T", 'json:"items"'),
            FieldInfo("NextCursor", "*string", 'json:"next_cursor,omitempty"'),
            FieldInfo("Total", "int", 'json:"total"'),
        ], params="[T any]", doc="Page is one page of a listing.")
        self._emit_struct(file, "Range", [
            FieldInfo("Min", "T", 'json:"min"'),
            FieldInfo("Max", "T", 'json:"max"'),
        ], params="[T Number]", doc="Range is a closed interval.")
        self._emit_struct(file, "Envelope", [
            FieldInfo("Version", "int", 'json:"version"'),
            FieldInfo("Data", "map[K]V", 'json:"data"'),
        ], params="[K comparable, V any]", doc="Envelope carries versioned keyed data.")
        pkg.type_names.update(("Number", "Page", "Range", "Envelope"))
        self.summary.generics += 3

    def _common_types(self, pkg: Pkg, file: GoFile) -> None:
        file.imports.add('"time"')
        for name, fields, doc in (
            ("Base", [FieldInfo("ID", "string", 'json:"id"'), FieldInfo("CreatedAt", "time.Time", 'json:"created_at"'),
                      FieldInfo("UpdatedAt", "time.Time", 'json:"updated_at"')], "Base is embedded by every stored record."),
            ("Audit", [FieldInfo("CreatedBy", "string", 'json:"created_by,omitempty"'),
                       FieldInfo("UpdatedBy", "string", 'json:"updated_by,omitempty"')], "Audit says who touched a record."),
            ("Money", [FieldInfo("Units", "int64", 'json:"units"'), FieldInfo("Currency", "string", 'json:"currency"')],
             "Money is an amount in the currency's smallest unit."),
            ("PostalAddress", [FieldInfo(n, "string", f'json:"{snake(n)}{o}"') for n, o in
                               (("Line1", ""), ("Line2", ",omitempty"), ("City", ""), ("PostalCode", ""), ("Country", ""))],
             "PostalAddress is a postal address."),
        ):
            self._emit_struct(file, name, fields, doc=doc)
            pkg.structs.append(StructInfo(name, fields))
            pkg.type_names.add(name)
            self.summary.structs += 1

    def _enum(self, pkg: Pkg, file: GoFile) -> None:
        rng = self.rng
        name = self._fresh(pkg, lambda: rng.choice(NOUNS) + rng.choice(ENUM_SUFFIXES))
        values = rng.sample(ENUM_VALUES, rng.randint(3, 7))
        self.summary.enums += 1
        if rng.random() < 0.55:
            pkg.string_enums.append(name)
            rows = [[f"{name}{v.title()}", name, f'= "{v}"'] for v in values]
            body = "\n".join(aligned(rows))
            file.decls.append(f"// {name} is written as its lower-case name.\ntype {name} string\n")
            file.decls.append(f"// The values of {name}.\nconst (\n{body}\n)\n")
            return
        pkg.int_enums.append(name)
        consts = [f"\t{name}{values[0].title()} {name} = iota"] + [f"\t{name}{v.title()}" for v in values[1:]]
        file.decls.append(f"// {name} is ordered: later values rank higher.\ntype {name} int\n")
        file.decls.append(f"const (\n" + "\n".join(consts) + "\n)\n")
        cases = "".join(f"\tcase {name}{v.title()}:\n\t\treturn \"{v}\"\n" for v in values)
        receiver = name[0].lower()
        file.imports.add('"strconv"')
        file.decls.append(
            f"// String returns the name of the {name}.\n"
            f"func ({receiver} {name}) String() string {{\n\tswitch {receiver} {{\n{cases}\t}}\n"
            f'\treturn "{name}(" + strconv.Itoa(int({receiver})) + ")"\n}}\n'
        )
        if rng.random() < 0.4:
            file.decls.append(
                f"// MarshalText writes the {name} as its name.\n"
                f"func ({receiver} {name}) MarshalText() ([]byte, error) {{\n\treturn []byte({receiver}.String()), nil\n}}\n"
            )
            pkg.methods.add((name, "MarshalText"))

    def _fresh(self, pkg: Pkg, make: Callable[[], str]) -> str:
        for _ in range(50):
            name = make()
            if name not in pkg.type_names:
                pkg.type_names.add(name)
                return name
        name = f"{make()}{len(pkg.type_names)}"
        pkg.type_names.add(name)
        return name

    def _struct(self, pkg: Pkg, file: GoFile) -> None:
        rng = self.rng
        name = self._fresh(pkg, lambda: rng.choice(NOUNS) + rng.choice(STRUCT_SUFFIXES))
        fields: list[FieldInfo] = []
        common = self.pkgs[0] if self.pkgs[0] is not pkg and self.pkgs[0].structs else None
        if common is not None and rng.random() < 0.45:
            fields.append(FieldInfo("Base", self._qualified(file, common, "Base"), None, embedded=True))
        elif rng.random() < 0.8:
            fields.append(FieldInfo("ID", "string", 'json:"id"'))
        if common is not None and rng.random() < 0.12:
            fields.append(FieldInfo("Audit", "*" + self._qualified(file, common, "Audit"), None, embedded=True, copy="pointer"))
        used = {n for f in fields for n in _json_names(f, pkg)}
        if pkg.structs and rng.random() < 0.05:
            # go vet rejects two fields with one JSON name at the same depth, promoted ones included.
            inner = rng.choice(pkg.structs)
            promoted = {n for f in inner.fields for n in _json_names(f, pkg)}
            if inner.name not in used and not promoted & used:
                fields.append(FieldInfo(inner.name, inner.name, None, embedded=True))
                used |= promoted | {inner.name}
        for _ in range(rng.randint(5, 16)):
            field_name = rng.choice(FIELD_WORDS)
            if field_name in used:
                field_name = rng.choice(FIELD_QUALIFIERS) + field_name
            if field_name in used:
                continue
            used.add(field_name)
            type_text, copy = self._field_type(pkg, file)
            fields.append(FieldInfo(field_name, type_text, self._tag(field_name, type_text), copy=copy))
        info = StructInfo(name, fields)
        doc = rng.choice(("is stored per tenant", "is returned by the API", "is what clients send",
                          "is kept for reporting", "describes one change", "is cached for a minute"))
        self._emit_struct(file, name, fields, doc=f"{name} {doc}.")
        pkg.structs.append(info)
        self.summary.structs += 1
        if rng.random() < 0.3:
            file.decls.append(f"// New{name} returns an empty {name}.\nfunc New{name}() *{name} {{\n\treturn &{name}{{}}\n}}\n")
            pkg.func_names.add(f"New{name}")

    def _emit_struct(self, file: GoFile, name: str, fields: list[FieldInfo], params: str = "", doc: str = "") -> None:
        embedded = [f for f in fields if f.embedded]
        plain = [f for f in fields if not f.embedded]
        lines = [("\t*" if f.copy == "pointer" else "\t") + f.type.lstrip("*") for f in embedded]
        rows = [[f.name, f.type] + ([f"`{f.tag}`"] if f.tag else []) for f in plain]
        if lines and rows:
            lines.append("")
        lines.extend(aligned(rows))
        body = "\n".join(lines)
        file.decls.append((f"// {doc}\n" if doc else "") + f"type {name}{params} struct {{\n{body}\n}}\n")

    def _qualified(self, file: GoFile, target: Pkg, name: str) -> str:
        alias = target.name
        if not any(import_path_of(i) == target.import_path for i in file.imports):
            if len(file.path) % 3 == 0 and target.index != 0:
                alias = target.name + "pb"
                file.imports.add(f'{alias} "{target.import_path}"')
            else:
                file.imports.add(f'"{target.import_path}"')
        for line in file.imports:
            if import_path_of(line) == target.import_path and not line.startswith('"'):
                alias = line.split()[0]
        return f"{alias}.{name}"

    def _field_type(self, pkg: Pkg, file: GoFile) -> tuple[str, str]:
        """A field type and how a deep copy treats it."""
        rng = self.rng
        local = [s for s in pkg.structs]
        other = [p for p in self.pkgs[max(0, pkg.index - 3):pkg.index] if p.structs] + ([self.pkgs[0]] if pkg.index > 3 and self.pkgs[0].structs else [])
        roll = rng.random()
        if roll < 0.34:
            return rng.choice(("string", "string", "string", "int", "int64", "int32", "uint16", "float64", "bool")), "value"
        if roll < 0.42:
            return rng.choice(("*string", "*int64", "*bool", "*float64")), "pointer"
        if roll < 0.52:
            file.imports.add('"time"')
            return rng.choice((("time.Time", "value"), ("time.Time", "value"), ("*time.Time", "pointer"), ("time.Duration", "value")))
        if roll < 0.60:
            return rng.choice((("[]string", "slice"), ("[]int64", "slice"), ("[]byte", "slice"), ("[4]int", "value"), ("[16]byte", "value")))
        if roll < 0.66:
            return rng.choice((("map[string]string", "map"), ("map[string]int64", "map"), ("map[string]any", "map")))
        if roll < 0.74 and (pkg.string_enums or pkg.int_enums):
            enum = rng.choice(pkg.string_enums + pkg.int_enums)
            if pkg.string_enums and rng.random() < 0.15:
                return f"map[{rng.choice(pkg.string_enums)}]int", "map"
            return (enum, "value") if rng.random() < 0.8 else ("[]" + enum, "slice")
        if roll < 0.86 and local:
            target = rng.choice(local).name
            return rng.choice((
                (target, "value"), ("*" + target, "pointer"), ("*" + target, "pointer"), ("[]" + target, "slice"),
                ("[]*" + target, "slice"), ("map[string]" + target, "map"), ("map[int64]*" + target, "map"),
            ))
        if roll < 0.93 and other:
            source = rng.choice(other)
            target = self._qualified(file, source, rng.choice(source.structs).name)
            return rng.choice(((target, "value"), ("*" + target, "pointer"), ("[]" + target, "slice")))
        if roll < 0.97 and local:
            target = rng.choice(local).name
            return rng.choice((
                (f"Page[{target}]", "value"), ("Range[int64]", "value"), ("*Range[float64]", "pointer"),
                (f"Envelope[string, {target}]", "value"),
            ))
        if roll < 0.985:
            file.imports.add('"encoding/json"')
            return "json.RawMessage", "slice"
        return "any", "value"

    def _tag(self, name: str, type_text: str) -> str | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            return None
        if roll < 0.05:
            return 'json:"-"'
        options = ""
        if type_text in ("int64", "*int64") and rng.random() < 0.1:
            options = ",string"
        elif rng.random() < 0.3:
            options = ",omitempty"
        tag = f'json:"{snake(name)}{options}"'
        if rng.random() < 0.2:
            tag += f' db:"{snake(name)}"'
        if rng.random() < 0.1:
            tag += ' validate:"required"'
        return tag

    def _interface(self, pkg: Pkg, file: GoFile) -> None:
        target = self.rng.choice(pkg.structs).name
        name = self._fresh(pkg, lambda: target + "Store")
        file.imports.add('"context"')
        self.summary.interfaces += 1
        file.decls.append(
            f"// {name} persists {target} values.\ntype {name} interface {{\n"
            f"\tGet(ctx context.Context, id string) (*{target}, error)\n"
            f"\tList(ctx context.Context, limit int, cursor string) (Page[{target}], error)\n"
            f"\tPut(ctx context.Context, value *{target}) error\n}}\n"
        )

    # --- the other files ----------------------------------------------------------------------------

    def _other_file(self, pkg: Pkg, slot: str, noise_names: Iterator[str]) -> GoFile | None:
        if slot == "types":
            return None
        if slot == "deepcopy":
            self.summary.generated_files += 1
            return GoFile(
                f"{pkg.dir}/zz_generated.deepcopy.go", pkg.name, kind="deepcopy",
                header="//go:build !ignore_autogenerated\n\n// Code generated by controller-gen. DO NOT EDIT.\n\n",
            )
        if slot == "vtproto":
            self.summary.generated_files += 1
            file = GoFile(
                f"{pkg.dir}/{pkg.name}_vtproto.pb.go", pkg.name, kind="vtproto",
                header=f"// Code generated by protoc-gen-go-vtproto. DO NOT EDIT.\n// protoc-gen-go-vtproto version: v0.6.0\n// source: {pkg.name}/v1/{pkg.name}.proto\n\n",
            )
            file.imports.update(('fmt "fmt"', 'io "io"', 'bits "math/bits"'))
            file.decls.append(VT_HELPERS)
            return file
        if slot == "test":
            file = GoFile(f"{pkg.dir}/{pkg.name}_test.go", pkg.name, kind="test")
            file.imports.add('"testing"')
            file.decls.append(f"func Test{pkg.name.title()}Smoke(t *testing.T) {{\n\tt.Parallel()\n}}\n")
            return file
        if slot.startswith("sys_"):
            goos = slot[4:]
            file = GoFile(f"{pkg.dir}/platform_{goos}.go", pkg.name, kind="sys")
            file.decls.append(f'// platformName is the GOOS this file is built for.\nfunc platformName() string {{\n\treturn "{goos}"\n}}\n')
            return file
        if slot == "marshal":
            return self._marshal_file(pkg)
        file = GoFile(f"{pkg.dir}/{next(noise_names)}.go", pkg.name, kind="noise")
        self._add_function(pkg, file)
        return file

    def _marshal_file(self, pkg: Pkg) -> GoFile:
        """JSON methods away from their types: the scanner must parse this file although it declares no type."""
        file = GoFile(f"{pkg.dir}/marshal.go", pkg.name, kind="marshal")
        self.summary.json_method_files += 1
        file.imports.add('"encoding/json"')
        candidates = [s for s in pkg.structs if not s.json_methods and s.name not in ("Base", "Audit")]
        for info in self.rng.sample(candidates, min(2, len(candidates))):
            info.json_methods = True
            file.decls.append(
                f"// MarshalJSON writes the {info.name} without its empty fields.\n"
                f"func (x {info.name}) MarshalJSON() ([]byte, error) {{\n"
                f"\ttype plain {info.name}\n\treturn json.Marshal(plain(x))\n}}\n"
            )
            file.decls.append(
                f"// UnmarshalJSON reads a {info.name}.\n"
                f"func (x *{info.name}) UnmarshalJSON(data []byte) error {{\n"
                f"\ttype plain {info.name}\n\tvar p plain\n\tif err := json.Unmarshal(data, &p); err != nil {{\n"
                f"\t\treturn err\n\t}}\n\t*x = {info.name}(p)\n\treturn nil\n}}\n"
            )
        return file

    def _grow_generated(self, pkg: Pkg, file: GoFile, target: int) -> None:
        structs = [s for s in pkg.structs if not s.json_methods]
        for info in structs:
            if file.size() >= target:
                return
            if file.kind == "deepcopy":
                file.decls.append(deepcopy(info, file))
            else:
                file.decls.append(vtproto(info))
            self.summary.functions += 2

    def _add_function(self, pkg: Pkg, file: GoFile) -> None:
        rng = self.rng
        methods = [
            (s, m) for s in pkg.structs for m in ("Validate", "Describe", "Reset")
            if (s.name, m) not in pkg.methods and not any(f.name == m for f in s.fields)
        ] if file.kind == "noise" else []
        if methods and rng.random() < 0.15:
            info, method = rng.choice(methods)
            pkg.methods.add((info.name, method))
            code, imports = METHODS[method](info, pkg)
        else:
            template = rng.choice(TEMPLATES)
            verb, noun = rng.choice(VERBS), rng.choice(NOUNS)
            name = f"{verb}{noun}"
            if rng.random() < 0.2:
                name = name[0].upper() + name[1:]
            number = 2
            base = name
            while name in pkg.func_names or name in pkg.type_names:
                name = f"{base}{number}"
                number += 1
            pkg.func_names.add(name)
            code, imports = template(rng, name, pkg)
        if rng.random() < 0.04:
            var = f"err{rng.choice(NOUNS)}{rng.choice(('NotFound', 'Conflict', 'Expired', 'Invalid'))}"
            if var not in pkg.func_names:
                pkg.func_names.add(var)
                code = f'var {var} = errors.New("{pkg.name}: {snake(var[3:]).replace("_", " ")}")\n\n' + code
                imports = imports | {'"errors"'}
        file.decls.append(code)
        file.imports.update(imports)
        self.summary.functions += 1


_PROMOTED = {"Base": ("ID", "CreatedAt", "UpdatedAt"), "Audit": ("CreatedBy", "UpdatedBy")}


def _json_names(f: FieldInfo, pkg: Pkg) -> set[str]:
    """The Go names a field brings into its struct: its own, or those promoted from an embedded struct."""
    if not f.embedded:
        return {f.name}
    if f.name in _PROMOTED:
        return set(_PROMOTED[f.name])
    inner = next((s for s in pkg.structs if s.name == f.name), None)
    return {n for g in inner.fields for n in _json_names(g, pkg)} if inner is not None else set()


def _file_names(pkg: Pkg, rng: random.Random) -> list[str]:
    names = ["models", "types", "entities", "requests", "responses", "resources", "records", "schema"]
    out = names[:]
    for i in range(len(pkg.slots)):
        out.append(f"{rng.choice(NOUNS).lower()}_types_{i}")
    return out


def _noise_names(rng: random.Random) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < 2000:
        name = f"{rng.choice(NOUNS).lower()}_{rng.choice(NOISE_WORDS)}"
        if name in seen:
            name = f"{name}_{len(out)}"
        seen.add(name)
        out.append(name)
    return out


# --- entry points -----------------------------------------------------------------------------------


def generate(out: Path, spec: Spec) -> Summary:
    """Write the module into `out` (which should be empty or absent) and say what it holds."""
    if out.exists():
        shutil.rmtree(out)
    return Generator(spec).generate(out)


def vet(module: Path) -> None:
    """gofmt -l and go vet ./... on a temporary copy; raises CalledProcessError with the output on failure."""
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local", "GOWORK": "off"}
    with tempfile.TemporaryDirectory(prefix="synth-vet-") as tmp:
        copy = Path(tmp) / "module"
        shutil.copytree(module, copy)
        unformatted = subprocess.run(["gofmt", "-l", "."], cwd=copy, env=env, capture_output=True, text=True, check=True).stdout
        if unformatted.strip():
            raise subprocess.CalledProcessError(1, ["gofmt", "-l", "."], output=unformatted, stderr="files not gofmt-formatted")
        subprocess.run(["go", "vet", "./..."], cwd=copy, env=env, capture_output=True, text=True, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="directory to write the module into (replaced if it exists)")
    defaults = Spec()
    parser.add_argument("--files", type=int, default=defaults.files, help="number of .go files")
    parser.add_argument("--size-mb", type=float, default=defaults.total_bytes / 1e6, help="total size of the Go source, in MB (1e6 bytes)")
    parser.add_argument("--type-files", type=int, default=defaults.type_files, help="files that declare types")
    parser.add_argument("--structs-per-file", type=int, default=defaults.structs_per_file)
    parser.add_argument("--packages", type=int, default=defaults.packages)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--vet", action="store_true", help="check the module with gofmt -l and go vet ./... in a temporary copy")
    args = parser.parse_args(argv)
    spec = Spec(args.files, int(args.size_mb * 1e6), args.type_files, args.structs_per_file, args.packages, args.seed)
    summary = generate(args.out, spec)
    report = {k: v for k, v in asdict(summary).items() if k != "contributing"}
    report["contributing_files"] = len(summary.contributing)
    print(json.dumps(report, indent=2))
    if args.vet:
        try:
            vet(args.out)
        except subprocess.CalledProcessError as exc:
            print(f"vet failed: {' '.join(exc.cmd)}\n{exc.stdout or exc.output}{exc.stderr}", file=sys.stderr)
            return 1
        print("gofmt -l and go vet ./...: clean", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
