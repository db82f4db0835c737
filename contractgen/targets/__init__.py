"""Targets: pure functions from the Contract to files. Register a new one in TARGETS."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from contractgen.config import Config
from contractgen.ir.model import Contract


def _typescript(contract: Contract, config: Config, template_dir: Path | None) -> dict[str, str]:
    from contractgen.targets.ts import TsOptions, render

    options = TsOptions(config.package_name, config.package_version, template_dir)
    return render(contract, options)


def _go(contract: Contract, config: Config, template_dir: Path | None) -> dict[str, str]:
    from contractgen.targets.go import GoOptions, render

    return render(contract, GoOptions(config.go_package, template_dir))


# name -> (output subdirectory, renderer)
TARGETS: dict[str, tuple[str, Callable[[Contract, Config, Path | None], dict[str, str]]]] = {
    "ts": ("ts", _typescript),
    "go": ("go", _go),
}


def render_all(contract: Contract, config: Config, template_dir: Path | None = None) -> dict[str, str]:
    files: dict[str, str] = {}
    for subdir, renderer in TARGETS.values():
        for path, text in renderer(contract, config, template_dir).items():
            files[f"{subdir}/{path}"] = text
    return dict(sorted(files.items()))
