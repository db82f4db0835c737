"""What the frontend uses of the contract, read from its own sources.

A TypeScript program can only reach a generated type by naming it (an import, a namespace member), a
client method by naming it, and a field by writing its key (`.key`, `{ key }`, `key:`). So the words of
the frontend's sources, with their lines, tell which declarations, endpoints, fields and enum members
it uses, and where. Type inference can carry a value further than its name (a response passed on
untouched), which is why used declarations are closed over the types they reference.

Words alone are a superset: `id` read from a Product names every type's `id`. Where the frontend's
TypeScript can say whose member each key on a line is (keysites.py), `owners` keeps that, and a field
counts as written on that line only if it is one of them; an enum member likewise, where TypeScript
ties its value (or key, or name) to the enum.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import field
from pathlib import Path

from contractgen.ir.model import Contract, Endpoint, TypeRef
from contractgen.records import record
from contractgen.targets.ts.client import group_names, method_names
from contractgen.targets.ts.names import identifier
from contractgen.verify.keysites import Sites, resolve_sites

# Comments are dropped (they name things the code does not use); string contents are kept, since enum
# values and keys appear as literals.
_TOKEN = re.compile(
    r"""(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)|(?P<word>[A-Za-z_$][\w$]*)""",
    re.S,
)
_WORD = re.compile(r"[A-Za-z_$][\w$]*")
# Names a module can reach a declaration by: imported (`import { type User } from ...`) or a
# namespace's member (`models.User`). A bare word is not enough: `Error` is also JavaScript's.
_IMPORT = re.compile(r"\bimport\s+(?:type\s+)?\{([^}]*)\}", re.S)
_MEMBER = re.compile(r"\.\s*([A-Za-z_$][\w$]*)")
_PART = re.compile(r"src/_parts/(.+)/\d+\.ts$")  # a large module split in parts (targets/ts)
_LOCAL_IMPORT = re.compile(r"""\bfrom\s+["'](\.{1,2}/[^"']+)["']""")

Place = tuple[str, int]  # (file relative to the frontend, line)


@record(frozen=True)
class SourceFile:
    path: str  # relative to the frontend
    names: frozenset[str]  # words imported or used as a member: how a module can name a declaration
    words: frozenset[str]
    imports: tuple[str, ...]  # the frontend's own modules it imports (paths as above)


@record(frozen=True)
class Usage:
    places: dict[str, frozenset[Place]]  # word -> where it occurs
    files: tuple[SourceFile, ...]
    # (file, line, word) -> the "DECLFILE#Parent" members every occurrence of the word on that line
    # resolves to ("" for a symbol that is no member); absent where TypeScript could not tell them all.
    owners: dict[tuple[str, int, str], frozenset[str]] = field(default_factory=dict)
    # Whether TypeScript's checker was asked at all (keysites.py); without it `owners` is empty and
    # every field use is the word-based superset, which the report says.
    by_checker: bool = False

    @property
    def names(self) -> frozenset[str]:
        return frozenset().union(*(f.names for f in self.files))

    def where(self, *words: str) -> frozenset[Place]:
        found: set[Place] = set()
        for word in words:
            found |= self.places.get(word, frozenset())
        return frozenset(found)

    def uses(self, word: str) -> bool:
        return word in self.places


def source_files(tsc: Path, frontend: Path) -> list[Path]:
    """The frontend's own root files, as its tsconfig selects them (`tsc --showConfig`)."""
    shown = subprocess.run([str(tsc), "--showConfig", "-p", str(frontend.resolve())], capture_output=True, text=True, cwd=frontend)
    try:
        files = json.loads(shown.stdout).get("files", [])
    except json.JSONDecodeError:
        files = []
    return sorted((frontend / f).resolve() for f in files if not f.endswith(".d.ts"))


def frontend_usage(compiler: Path, frontend: Path, tsconfig: Path | None = None) -> Usage:
    """The usage of the frontend's root files, each key attributed by TypeScript as TSCONFIG (the
    frontend's own by default, or an overlay pointing it at another package) resolves it."""
    files = source_files(compiler, frontend)
    return scan_usage(frontend, files, resolve_sites(compiler, tsconfig or frontend / "tsconfig.json", files))


def scan_usage(frontend: Path, files: list[Path], sites: Sites | None = None) -> Usage:
    """The words of FILES with their places; SITES (keysites.py) adds whose member each key is."""
    places: dict[str, set[Place]] = {}
    counts: dict[tuple[str, int, str], int] = {}
    sources: list[SourceFile] = []
    base = frontend.resolve()
    known = {p.relative_to(base).as_posix() for p in files if p.is_relative_to(base)}
    for path in files:
        rel = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        names = {w for clause in _IMPORT.findall(text) for w in _WORD.findall(clause)} | set(_MEMBER.findall(text))
        words: set[str] = set()
        for match in _TOKEN.finditer(text):
            if match["comment"]:
                continue
            line = text.count("\n", 0, match.start()) + 1
            found = [match["word"]] if match["word"] else [match["string"][1:-1], *_WORD.findall(match["string"][1:-1])]
            for word in set(found):
                places.setdefault(word, set()).add((rel, line))
                words.add(word)
                counts[(rel, line, word)] = counts.get((rel, line, word), 0) + 1
        imports = tuple(sorted(i for i in (_local(rel, spec, known) for spec in _LOCAL_IMPORT.findall(text)) if i))
        sources.append(SourceFile(rel, frozenset(names), frozenset(words), imports))
    owners = _owners(base, sites, counts) if sites is not None else {}
    return Usage({word: frozenset(found) for word, found in places.items()}, tuple(sources), owners, sites is not None)


def _owners(base: Path, sites: Sites, counts: dict[tuple[str, int, str], int]) -> dict[tuple[str, int, str], frozenset[str]]:
    """The lines where TypeScript resolved every occurrence of a word the tokenizer saw (a word in a
    comment-free string or a template's text it never sees stays unattributed: the superset)."""
    owners: dict[tuple[str, int, str], frozenset[str]] = {}
    for (file, line, word), found in sites.items():
        path = Path(file)
        rel = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
        if len(found) >= counts.get((rel, line, word), 0) and all(o is not None for o in found):
            owners[(rel, line, word)] = frozenset(_relative_owner(base, o) for each in found if each is not None for o in each)
    return owners


def _relative_owner(base: Path, owner: str) -> str:
    file, _, parent = owner.rpartition("#")
    path = Path(file) if file else None
    if path is not None and path.is_relative_to(base):
        return f"{path.relative_to(base).as_posix()}#{parent}"
    return owner


def member_owners(contract: Contract, usage: Usage) -> dict[str, tuple[str, str]]:
    """"DECLFILE#Parent" -> (package, declaration) for the owners that are generated declarations: a
    module of the TypeScript package (`src/models.ts`, or one of its parts) declaring Parent or its
    request-side `ParentInput`. The frontend's own files declare none, whatever they are called."""
    from contractgen.targets.ts import module_paths
    from contractgen.targets.ts.requests import SUFFIX

    modules = {path: package for package, path in module_paths(contract).items()}
    own = {f.path for f in usage.files}
    names = {
        (package.path, name): decl.name
        for package in contract.packages
        for decl in package.types
        for name in (identifier(decl.name), identifier(decl.name) + SUFFIX)
    }
    found: dict[str, tuple[str, str]] = {}
    for owner in {o for owners in usage.owners.values() for o in owners}:
        file, _, parent = owner.rpartition("#")
        if not file or file in own:
            continue
        module = _PART.sub(r"src/\1.ts", file)
        package = next((modules[m] for m in modules if module == m or module.endswith("/" + m)), None)
        if package is not None and (package, parent) in names:
            found[owner] = (package, names[(package, parent)])
    return found


def _local(importer: str, spec: str, known: set[str]) -> str | None:
    """The frontend file an import specifier names, as a bundler resolves it (extension optional)."""
    import posixpath

    target = posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))
    stem = re.sub(r"\.(?:js|jsx|mjs|ts|tsx|mts)$", "", target)
    for candidate in (target, f"{stem}.ts", f"{stem}.tsx", f"{stem}.mts", f"{stem}/index.ts"):
        if candidate in known:
            return candidate
    return None


def file_reach(contract: Contract, usage: Usage) -> dict[str, set[tuple[str, str]]]:
    """Per frontend file: the declarations it can hold values of, from what it and the modules it
    imports name (declarations, client methods), closed over the types those reference."""
    methods = client_methods(contract)
    direct: dict[str, set[tuple[str, str]]] = {}
    for source in usage.files:
        named = _named(contract, source.names)
        called = [e for e in contract.endpoints if all(w in source.words for w in methods[(e.method, e.path)])]
        direct[source.path] = named | reachable(contract, _endpoint_refs(called) + _refs_of(contract, named))
    imports = {f.path: f.imports for f in usage.files}
    reach: dict[str, set[tuple[str, str]]] = {}
    for path in direct:
        seen, stack, total = {path}, [path], set()
        while stack:
            current = stack.pop()
            total |= direct[current]
            for nxt in imports.get(current, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        reach[path] = total
    return reach


def client_methods(contract: Contract) -> dict[tuple[str, str], tuple[str, str]]:
    """(method, path) -> (client group, method name), as the TypeScript client names them."""
    groups = group_names(contract)
    members: dict[tuple[str, str], list[Endpoint]] = {}
    for endpoint in contract.endpoints:
        members.setdefault((endpoint.package, endpoint.group), []).append(endpoint)
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for key, endpoints in members.items():
        for endpoint, method in zip(endpoints, method_names(endpoints)):
            names[(endpoint.method, endpoint.path)] = (groups[key], method)
    return names


def used_endpoints(contract: Contract, usage: Usage) -> list[Endpoint]:
    methods = client_methods(contract)
    return [e for e in contract.endpoints if all(usage.uses(w) for w in methods[(e.method, e.path)])]


def used_declarations(contract: Contract, usage: Usage, endpoints: list[Endpoint]) -> set[tuple[str, str]]:
    """(package, name) of every declaration the frontend names, or reaches through one it names or an endpoint."""
    named = _named(contract, usage.names)
    return named | reachable(contract, _endpoint_refs(endpoints) + _refs_of(contract, named))


def _named(contract: Contract, names: frozenset[str]) -> set[tuple[str, str]]:
    return {
        (package.path, decl.name)
        for package in contract.packages
        for decl in package.types
        if {identifier(decl.name), identifier(decl.name) + "Schema"} & names
    }


def _endpoint_refs(endpoints: list[Endpoint]) -> list[TypeRef]:
    refs = [r for e in endpoints for r in (e.request, *e.success_types()) if r is not None]
    return refs + [p.type for e in endpoints for p in e.params]


def _refs_of(contract: Contract, decls: set[tuple[str, str]]) -> list[TypeRef]:
    return [r for package, name in sorted(decls) for r in _decl_refs(contract, package, name)]


def reachable(contract: Contract, roots: list[TypeRef]) -> set[tuple[str, str]]:
    """(package, name) of every declaration the type references ROOTS lead to."""
    pending = list(roots)
    used: set[tuple[str, str]] = set()
    while pending:
        ref = pending.pop()
        if ref.kind == "ref" and ref.package is not None and ref.name is not None and (ref.package, ref.name) not in used:
            used.add((ref.package, ref.name))
            pending.extend(_decl_refs(contract, ref.package, ref.name))
        pending.extend(r for r in (ref.items, ref.key, ref.values) if r is not None)
        pending.extend(ref.args)
        pending.extend(ref.variants)
        pending.extend(f.type for f in ref.fields)
    return used


def _decl_refs(contract: Contract, package: str, name: str) -> list[TypeRef]:
    try:
        decl = contract.decl(package, name)
    except KeyError:  # a type outside the contract
        return []
    refs = [f.type for f in decl.fields]
    if decl.type is not None:
        refs.append(decl.type)
    return refs
