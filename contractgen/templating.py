"""The jinja2 environment every target renders with; users may override single templates."""

from __future__ import annotations

from pathlib import Path

import jinja2

from contractgen.resources import resource_dir


def environment(target: str, override_dir: Path | None = None) -> jinja2.Environment:
    """Templates of `templates/<target>/`, after those of `override_dir` (a user's own, same file names).

    One environment per target and set of override files, so that a long-lived process (watch)
    compiles each template once: jinja2 recompiles a template whose file changed (auto_reload),
    and a new or removed override file makes a new key. Nothing to clear."""
    key = (target, override_dir, _listing(override_dir))
    cached = _ENVIRONMENTS.get(key)
    if cached is not None:
        return cached
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.FileSystemLoader(str(resource_dir("templates") / target)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "indent": 2, "ensure_ascii": True}
    _ENVIRONMENTS[key] = env
    return env


_ENVIRONMENTS: dict[tuple[str, Path | None, tuple[str, ...]], jinja2.Environment] = {}


def _listing(directory: Path | None) -> tuple[str, ...]:
    if directory is None or not directory.is_dir():
        return ()
    return tuple(sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()))
