"""The round-trip property test's machinery.

A generated Go program fills values of every exported type of a fixture module with random data
(fixtures/randval; enums take their constants, and their zero value where the contract says a value
may be that), marshals them with the real encoding/json and prints them, the zero value of each type
first; the generated Zod schemas must accept every one. Mutations of those values that no Go program could produce (a missing
always-present key, null where Go never writes null, a wrong kind, an out-of-range integer) must be
rejected. An oracle compares, per object type, the keys, absences and nulls seen on the wire with
what the IR claims.
"""

from __future__ import annotations

import copy
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from contractgen.ir.model import Contract, Field, Package, TypeDecl, TypeParam, TypeRef
from contractgen.targets.ts import declaration_names, module_path
from contractgen.targets.ts.names import identifier

from harness.paths import REPO

SEED = 20261128
SAFE = 2**53 - 1


@dataclass
class Sampled:
    """One exported Go type to sample: its IR declaration, its Go spelling and its type arguments."""

    index: int
    package: Package
    decl: TypeDecl
    go_type: str
    args: list[str]  # "string" | "int" | "byte" per type parameter

    @property
    def key(self) -> str:
        return f"{self.package.path}.{self.decl.name}"


@dataclass
class Observation:
    present: int = 0
    absent: int = 0
    null: int = 0


@dataclass
class Mismatch:
    type: str
    problems: list[str] = field(default_factory=list)


def sampled_types(contract: Contract, alias: str = "p", start: int = 0) -> list[Sampled]:
    """`alias`: the sampler's import alias prefix for the contract's packages; `start`: the first index."""
    out: list[Sampled] = []
    for p_index, package in enumerate(contract.packages):
        for decl in package.types:
            if not decl.exported:
                continue
            args = [_sample_argument(decl, p) for p in decl.params]
            go_args = f"[{', '.join(_GO_ARGUMENTS[a] for a in args)}]" if args else ""
            # A byte instance (Box_Bytes) is no Go declaration: its values are the generic's, instantiated with uint8.
            go_name = decl.instantiates.generic if decl.instantiates is not None else decl.addressable_of or decl.name
            out.append(Sampled(start + len(out), package, decl, f"{alias}{p_index}.{go_name}{go_args}", args))
    return out


_GO_ARGUMENTS = {"string": "string", "int": "int", "byte": "uint8"}


def _sample_argument(decl: TypeDecl, param: TypeParam) -> str:
    """The type argument a generic is sampled with: uint8 where a byte instance binds it to a byte type."""
    if decl.instantiates is not None and param.name in decl.instantiates.byte_params:
        return "byte"
    numeric = param.constraint is not None and param.constraint.kind in ("integer", "number")
    return "int" if numeric else "string"


def write_sampler(contract: Contract, module_dir: Path, work: Path, count: int) -> Path:
    return write_batch_sampler([(contract, module_dir)], work, count)[0]


def batch_aliases(index: int, batch_size: int) -> str:
    """The import alias prefix of the index-th contract of a batch ("p" alone for a batch of one)."""
    return "p" if batch_size == 1 else f"m{index}p"


def write_batch_sampler(batch: list[tuple[Contract, Path]], work: Path, count: int) -> tuple[Path, list[Sampled]]:
    """One Go program that marshals `count` random values of every exported type of every module of
    the batch (one `go run` for all of them); the sampled types, indexed across the batch."""
    types: list[Sampled] = []
    imports: list[str] = []
    chooses: list[str] = []
    for c_index, (contract, _module_dir) in enumerate(batch):
        alias = batch_aliases(c_index, len(batch))
        sampled = sampled_types(contract, alias, len(types))
        types += sampled
        used = {t.package.path for t in sampled} | {
            p.path for p in contract.packages for d in p.types if d.kind == "enum" and d.exported
        }
        for p_index, package in enumerate(contract.packages):
            if package.path in used:
                imports.append(f'\t{alias}{p_index} "{package.path}"')
            for decl in package.types:
                if decl.kind == "enum" and decl.exported:
                    go_name = f"{alias}{p_index}.{decl.name}"
                    choices = [m.value for m in decl.members]
                    if decl.zero:  # the zero value Go writes for a field nobody set, which no member has
                        choices.append("" if decl.base == "string" else 0)
                    values = ", ".join(f"{go_name}({_go_literal(v)})" for v in choices)
                    chooses.append(f"\tg.Choose(reflect.TypeFor[{go_name}](), {values})")
    lines = [
        "package main",
        "",
        "import (",
        '\t"bufio"',
        '\t"encoding/json"',
        '\t"fmt"',
        '\t"os"',
        '\t"reflect"',
        "",
        '\t"contractgen.dev/randval"',
        *imports,
        ")",
        "",
        "func main() {",
        f"\tg := randval.New(randval.Options{{Seed: {SEED}, SafeIntegers: true}})",
        *chooses,
    ]
    lines.append("\ttypes := []reflect.Type{")
    lines += [f"\t\treflect.TypeFor[{t.go_type}](), // {t.index}" for t in types]
    # An addressable variant (TypeDecl.addressable_of) is its Go type marshalled through a pointer.
    addressed = ", ".join(f"{position}: true" for position, t in enumerate(types) if t.decl.addressable_of)
    lines += [
        "\t}",
        f"\taddressed := map[int]bool{{{addressed}}}",
        "\tw := bufio.NewWriter(os.Stdout)",
        "\tdefer w.Flush()",
        "\tfor i, t := range types {",
        f"\t\tfor n := 0; n < {count}; n++ {{",
        # The first sample of each type is its zero value, as a handler that fills nothing sends it
        # (save the enums the contract says are always set: randval.Zero).
        "\t\t\tv := g.Value(t)",
        "\t\t\tif n == 0 {",
        "\t\t\t\tv = g.Zero(t)",
        "\t\t\t}",
        "\t\t\tvalue := v.Interface()",
        "\t\t\tif addressed[i] {",
        "\t\t\t\tp := reflect.New(t)",
        "\t\t\t\tp.Elem().Set(v)",
        "\t\t\t\tvalue = p.Interface()",
        "\t\t\t}",
        "\t\t\tb, err := json.Marshal(value)",
        "\t\t\tif err != nil {",
        '\t\t\t\tfmt.Fprintf(os.Stderr, "%v: %v\\n", t, err)',
        "\t\t\t\tos.Exit(1)",
        "\t\t\t}",
        '\t\t\tfmt.Fprintf(w, "{\\"t\\":%d,\\"v\\":%s}\\n", i, b)',
        "\t\t}",
        "\t}",
        "}",
    ]
    sampler = work / "sampler"
    sampler.mkdir(parents=True, exist_ok=True)
    (sampler / "main.go").write_text("\n".join(lines) + "\n", encoding="utf-8")
    requires = "".join(f"\t{contract.module} v0.0.0\n" for contract, _ in batch)
    replaces = "".join(f"replace {contract.module} => {module_dir}\n\n" for contract, module_dir in batch)
    (sampler / "go.mod").write_text(
        "module contractgen.test/sampler\n\ngo 1.24\n\n"
        f"require (\n{requires}\tcontractgen.dev/randval v0.0.0\n)\n\n"
        f"{replaces}replace contractgen.dev/randval => {REPO / 'fixtures' / 'randval'}\n",
        encoding="utf-8",
    )
    # The fixtures' checksums of their dependencies, so that go can use them from the module cache offline.
    sums = sorted({line for _, module_dir in batch if (module_dir / "go.sum").is_file() for line in (module_dir / "go.sum").read_text().splitlines()})
    if sums:
        (sampler / "go.sum").write_text("\n".join(sums) + "\n", encoding="utf-8")
    return sampler, types


def run_sampler(go: str, sampler: Path, out: Path) -> None:
    env_flags = {"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOWORK": "off"}
    import os

    result = subprocess.run(
        [go, "run", "."], cwd=sampler, capture_output=True, env={**os.environ, **env_flags}, timeout=600
    )
    assert result.returncode == 0, result.stderr.decode()
    out.write_bytes(result.stdout)


def _go_literal(value: str | int) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


# --- values no Go program could produce -------------------------------------------------------------


def negatives(contract: Contract, sampled: Sampled, values: list) -> list[dict]:  # type: ignore[type-arg]
    """Mutations of real samples, each of which the schema must reject."""
    out: list[dict] = []  # type: ignore[type-arg]
    decl = sampled.decl
    if decl.kind == "object":
        out.append({"why": "null instead of the object", "value": None})
        out.append({"why": "an array instead of the object", "value": []})
        objects = [v for v in values if isinstance(v, dict)]
        for f in decl.fields:
            if f.name == "__proto__":
                continue  # left out of the TypeScript contract (CG107)
            with_key = next((v for v in objects if f.name in v), None)
            if with_key is None:
                continue
            if not f.optional:
                mutated = copy.deepcopy(with_key)
                del mutated[f.name]
                out.append({"why": f"always-present key {f.name!r} missing", "value": mutated})
            for why, bad in wrong_values(contract, f.type, sampled):
                mutated = copy.deepcopy(with_key)
                mutated[f.name] = bad
                out.append({"why": f"{f.name}: {why}", "value": mutated})
    elif decl.kind == "enum":
        out.append({"why": "not a member", "value": "__not_a_member__" if decl.base == "string" else 987654321})
    elif decl.type is not None:
        for why, bad in wrong_values(contract, decl.type, sampled):
            out.append({"why": why, "value": bad})
    return out


def wrong_values(contract: Contract, ref: TypeRef, sampled: Sampled) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    if not ref.nullable and not _any_json(contract, ref):
        out.append(("null where Go never writes null", None))
    kind = ref.kind
    if kind == "param":
        arg = sampled.args[[p.name for p in sampled.decl.params].index(ref.name)]
        kind = "string" if arg == "string" else "integer"
        ref = TypeRef(kind, minimum=0, maximum=255) if arg == "byte" else TypeRef(kind)  # type: ignore[arg-type]
    if kind == "string":
        out.append(("a number instead of a string", 12345))
        bad_format = {"date-time": "yesterday", "base64": "not base64!", "integer": "12a", "number": "1.5.3", "boolean": "yes"}
        if ref.format in bad_format:
            out.append((f"not {ref.format}", bad_format[ref.format]))
    elif kind == "integer":
        out.append(("a string instead of an integer", "1"))
        out.append(("a fraction instead of an integer", 1.5))
        if ref.maximum is not None and ref.maximum < SAFE:
            out.append(("above the maximum", ref.maximum + 1))
        else:
            out.append(("beyond 2^53, where JSON.parse loses precision", 2**53 + 2))
        if ref.minimum is not None and ref.minimum > -SAFE:
            out.append(("below the minimum", ref.minimum - 1))
    elif kind == "number":
        out.append(("a string instead of a number", "1.5"))
    elif kind == "boolean":
        out.append(("a string instead of a boolean", "true"))
    elif kind == "array":
        out.append(("an object instead of an array", {"0": 1}))
        if ref.length is not None:
            out.append(("a shorter array than the fixed length", [] if ref.length else [1]))
    elif kind == "map":
        out.append(("an array instead of an object", [1]))
    elif kind == "object":
        out.append(("a string instead of an object", "x"))
    elif kind == "union":
        out.append(("an object instead of any variant", {"x": 1}))
    elif kind == "ref":
        target = contract.decl(ref.package, ref.name)  # type: ignore[arg-type]
        if target.kind == "object":
            out.append(("a string instead of an object", "x"))
        elif target.kind == "enum":
            out.append(("not a member of the enum", "__not_a_member__" if target.base == "string" else 987654321))
    return out


# --- the oracle ------------------------------------------------------------------------------------


def observe(values: list) -> dict[str, Observation]:  # type: ignore[type-arg]
    seen: dict[str, Observation] = {}
    for value in values:
        for key in value:
            seen.setdefault(key, Observation())
    for value in values:
        for key, obs in seen.items():
            if key not in value:
                obs.absent += 1
            else:
                obs.present += 1
                if value[key] is None:
                    obs.null += 1
    return seen


# Keys the sampler cannot make Go write, with the reason; the oracle does not expect to see them.
UNOBSERVABLE = {
    ("example.com/semantics.Special", "shape"): "randval leaves non-empty interfaces nil, and omitempty omits nil",
    ("example.com/semantics.UnexportedPtrEmbed", "Through"): "code outside the package cannot set an unexported embedded pointer",
}


def compare(contract: Contract, sampled: Sampled, values: list) -> Mismatch:  # type: ignore[type-arg]
    """What Go wrote versus what the IR says, for one object type."""
    mismatch = Mismatch(sampled.key)
    objects = [v for v in values if isinstance(v, dict)]
    if sampled.decl.kind != "object" or not objects:
        return mismatch
    seen = observe(objects)
    fields: dict[str, Field] = {f.name: f for f in sampled.decl.fields}
    for key in sorted(set(seen) - set(fields)):
        mismatch.problems.append(f"Go wrote key {key!r} that the contract does not declare")
    for name, f in fields.items():
        obs = seen.get(name)
        if obs is None and (sampled.key, name) in UNOBSERVABLE:
            continue
        if obs is None:
            mismatch.problems.append(f"the contract declares key {name!r} that Go never wrote")
            continue
        if obs.absent and not f.optional:
            mismatch.problems.append(f"{name!r} was absent {obs.absent} times but the contract says always present")
        if f.optional and not obs.absent and not _always_set_enum(contract, f.type):
            mismatch.problems.append(f"{name!r} is optional in the contract but was present in all {obs.present} samples")
        nullable = f.type.nullable or _any_json(contract, f.type)
        if obs.null and not nullable:
            mismatch.problems.append(f"{name!r} was null {obs.null} times but the contract says never null")
        if f.type.nullable and not obs.null and not _any_json(contract, f.type):
            mismatch.problems.append(f"{name!r} is nullable in the contract but was never null in {obs.present} samples")
    return mismatch


def _any_json(contract: Contract, ref: TypeRef) -> bool:
    """Whether the contract allows any JSON value (null included) here."""
    if ref.kind == "ref":
        target = contract.decl(ref.package, ref.name)  # type: ignore[arg-type]
        return target.kind == "named" and target.type is not None and _any_json(contract, target.type)
    return ref.kind == "unknown"


def _always_set_enum(contract: Contract, ref: TypeRef) -> bool:
    """omitempty leaves out an enum's zero value; of an always-set enum (no member is "" or 0, and
    TypeDecl.zero is off) the sampler picks members only, even in a zero value (randval.Zero), so it
    never leaves such a key out, yet Go would: the key stays optional in the contract."""
    if ref.kind != "ref":
        return False
    target = contract.decl(ref.package, ref.name)  # type: ignore[arg-type]
    return target.kind == "enum" and not target.zero and all(m.value not in ("", 0) for m in target.members)


def schema_module(package_dir: Path, package: Package, contract: Contract) -> Path:
    return package_dir / "dist" / (module_path(package, contract)[len("src/") : -len(".ts")] + ".js")


def schema_name(decl: TypeDecl, package: Package, contract: Contract) -> str:
    return declaration_names(contract)[(package.path, decl.name)] + "Schema"
