"""`contractgen init`: a commented contractgen.toml for the module found from SRC.

The file is valid as written (load_config reads it without a problem) and names what the scan
found: the module's own name for the npm package, and each outside type the contract uses whose source was
not read (CG100, and the types of a required module not downloaded, CG110),
commented out with the wire type it most likely has, for the user to confirm.
"""

from __future__ import annotations

import re
from pathlib import Path

from contractgen.config import CONFIG_FILE, CONFIG_VERSION, Config

_OUTSIDE = re.compile(r"^(\S+\.[A-Za-z_][A-Za-z0-9_]*) is from outside the module")


def config_text(module_path: str, outside_types: list[str], go_package: str = Config.go_package) -> str:
    base = module_path.rstrip("/").rsplit("/", 1)[-1].lower()
    npm = re.sub(r"[^a-z0-9-._~]", "-", base).strip("-._") or "api"
    lines = [
        "# contractgen configuration (schemas/config.schema.json). Every key is optional except version.",
        f"version = {CONFIG_VERSION}",
        "",
        "[build]",
        "# The platform whose build constraints pick the files (//go:build, _windows.go, ...).",
        f'goos = "{Config.goos}"',
        f'goarch = "{Config.goarch}"',
        "# Extra build tags, as for go build -tags.",
        "tags = []",
        "",
        "[typescript]",
        "# The generated npm package (OUT/ts/package.json).",
        f'package = "{npm}-contract"',
        f'package_version = "{Config.package_version}"',
        "",
        "[go]",
        "# The generated Go package of errors and wire format (OUT/go/<package>).",
        f'package = "{go_package}"',
        "",
        "[options]",
        "# Whether nil slices and maps may be null on the wire (encoding/json writes null for them).",
        "nullable_collections = true",
        "",
        "[packages]",
        "# Package directories whose exported types are not part of the contract (their endpoints still are).",
        '# exclude = ["cmd", "internal/server"]',
        "",
        "[types]",
        "# How types from outside the module go over the wire: string, number, integer, boolean,",
        "# date-time, base64, object (keys nobody listed) or unknown; a table adds nullable = true.",
    ]
    if outside_types:
        lines.append("# The scan found these; uncomment each with the type its JSON really has:")
        lines += [f'# "{key}" = "string"' for key in outside_types]
    else:
        lines.append('# "github.com/google/uuid.UUID" = "string"')
    return "\n".join(lines) + "\n"


def outside_types(messages: list[str]) -> list[str]:
    """The outside types named by CG100 messages, sorted, once each."""
    found = {m.group(1) for m in (_OUTSIDE.match(text) for text in messages) if m}
    return sorted(found)


def target_path(module_root: Path) -> Path:
    return module_root / CONFIG_FILE
