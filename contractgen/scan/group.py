"""Scan seam 4, group: files' facts -> the module's packages, one per directory."""

from __future__ import annotations

from contractgen.diagnostics import Diagnostic, Position, error
from contractgen.scan.discover import SourceFile
from contractgen.scan.facts import FileFacts, PackageFacts


def group_packages(
    module_path: str, files: list[SourceFile], facts: list[FileFacts]
) -> tuple[tuple[PackageFacts, ...], list[Diagnostic]]:
    """A directory's package name is its first non-test file's package clause (files in path order)."""
    diagnostics: list[Diagnostic] = []
    by_dir: dict[str, list[FileFacts]] = {}
    names: dict[str, str] = {}
    for file in files:
        directory = file.path.rpartition("/")[0]
        by_dir.setdefault(directory, [])
        if file.package and directory not in names and not file.package.endswith("_test"):
            names[directory] = file.package
    for found in facts:
        by_dir.setdefault(found.path.rpartition("/")[0], []).append(found)

    packages = []
    for directory in sorted(by_dir):
        in_package = tuple(sorted((f for f in by_dir[directory] if not f.package.endswith("_test")), key=lambda f: f.path))
        name = names.get(directory, "")
        if not name:
            continue  # only external test packages or unreadable files here
        for found in in_package:
            if found.package and found.package != name:
                diagnostics.append(
                    error(
                        "CG003",
                        f"package {found.package} in a directory of package {name}",
                        Position(found.path, 1, 1),
                        "one directory holds one Go package; move the file or fix its package clause",
                    )
                )
        import_path = module_path + ("/" + directory if directory else "")
        packages.append(PackageFacts(import_path, directory, name, in_package))
    diagnostics.extend(import_cycles(packages, {f.path: f.source for f in files}))
    return tuple(packages), diagnostics


def import_cycles(packages: list[PackageFacts], sources: dict[str, bytes]) -> list[Diagnostic]:
    """CG006 for each import cycle among the module's packages, as the go tool refuses them
    ("import cycle not allowed"), at the import that closes it in the first package of the cycle."""
    by_path = {p.import_path: p for p in packages}
    edges: dict[str, dict[str, str]] = {}  # package -> imported package of the module -> the importing file
    for package in packages:
        imported = edges.setdefault(package.import_path, {})
        for file in package.files:
            for fact in file.imports:
                if fact.path in by_path and fact.path != package.import_path:
                    imported.setdefault(fact.path, file.path)
    diagnostics = []
    for cycle in _cycles(edges):
        steps = [(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))]
        chain = " imports ".join([cycle[0], *(b + f" (from {edges[a][b]})" for a, b in steps)])
        first, second = steps[0]
        diagnostics.append(
            error(
                "CG006",
                f"import cycle not allowed: {chain}",
                _import_position(edges[first][second], second, sources),
                "go build refuses this module; the contract is generated with the types on the cycle read lazily",
            )
        )
    return diagnostics


def _cycles(edges: dict[str, dict[str, str]]) -> list[list[str]]:
    """One shortest cycle through the first package (by path) of each strongly connected group."""
    found: list[list[str]] = []
    covered: set[str] = set()
    for start in sorted(edges):
        if start in covered:
            continue
        # Breadth-first from start's imports back to start: the shortest cycle through it, if any.
        parents: dict[str, str] = {}
        frontier = [start]
        while frontier and start not in parents:
            following = []
            for node in frontier:
                for target in sorted(edges.get(node, {})):
                    if target not in parents:
                        parents[target] = node
                        following.append(target)
            frontier = following
        if start not in parents:
            continue
        cycle = [start]
        node = parents[start]
        while node != start:
            cycle.append(node)
            node = parents[node]
        cycle = [start, *reversed(cycle[1:])]
        covered.update(cycle)
        found.append(cycle)
    return found


def _import_position(path: str, imported: str, sources: dict[str, bytes]) -> Position:
    source = sources.get(path, b"")
    at = source.find(b'"' + imported.encode() + b'"')
    if at < 0:
        return Position(path, 1, 1)
    line_start = source.rfind(b"\n", 0, at) + 1
    return Position(path, source.count(b"\n", 0, at) + 1, at - line_start + 1)
