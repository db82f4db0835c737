"""What go.mod, go.work and vendor/modules.txt say about a module's dependencies, read as text.
The go.mod/go.work reader itself is the scanner's leaf (contractgen/scan/modfile.py)."""

from __future__ import annotations

from pathlib import Path


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
