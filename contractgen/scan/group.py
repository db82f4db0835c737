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
    return tuple(packages), diagnostics
