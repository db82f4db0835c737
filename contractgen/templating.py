"""The jinja2 environment every target renders with; users may override single templates.

Trust model: the built-in templates are ours; a `--templates` directory may come from anyone (a
repository under review, a CI checkout), so when one is given every template renders in jinja2's
SandboxedEnvironment: no attribute starting with `_`, no function globals, no unsafe methods, so
`{{ cycler.__init__.__globals__.os }}` is a SecurityError (a CG204 usage error) instead of a shell.
The sandbox does not bound time or memory: a template can still loop for long (its author can
make it as slow as they like) and what it writes is generated code that you then compile and run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox

from contractgen import __version__
from contractgen.cachedir import cache_dir
from contractgen.resources import resource_dir


def environment(target: str, override_dir: Path | None = None, filters: Mapping[str, Callable[..., Any]] | None = None) -> jinja2.Environment:
    """Templates of `templates/<target>/`, after those of `override_dir` (a user's own, same file names),
    with the target's own `filters` beside jinja2's (templates are compiled against them).

    One environment per target, set of override files and filters, so that a long-lived process
    (watch) compiles each template once: jinja2 recompiles a template whose file changed
    (auto_reload), and a new or removed override file makes a new key. Nothing to clear."""
    own = tuple(sorted((filters or {}).items()))
    key = (target, override_dir, _listing(override_dir), own)
    cached = _ENVIRONMENTS.get(key)
    if cached is not None:
        return cached
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.FileSystemLoader(str(resource_dir("templates") / target)))
    # The sandbox only when someone else's templates take part: it checks every attribute access,
    # which the built-in templates (trusted, and rendered on every run) need not pay for.
    kind = jinja2.Environment if override_dir is None else jinja2.sandbox.SandboxedEnvironment
    env = kind(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        bytecode_cache=bytecode_cache(sandboxed=override_dir is not None),
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "indent": 2, "ensure_ascii": True}
    env.filters.update(own)
    _ENVIRONMENTS[key] = env
    return env


def load_templates(env: jinja2.Environment) -> None:
    """Every template of `env`, loaded now (its compiled code read, or compiled), as `get_template`
    would load it on first use; jinja2 keeps them (its cache holds 400)."""
    for name in env.list_templates(extensions=["jinja"]):
        env.get_template(name)


def bytecode_cache(sandboxed: bool) -> jinja2.BytecodeCache | None:
    """Where the compiled code of templates is kept: the cache directory, or with caching off
    BesideTheTemplates for the built-in ones and nothing for a user's (sandboxed) ones.

    Compiling the built-in templates took 137 ms of the shop example's 390 ms; the compiled code is
    kept between runs. jinja2 keys each entry by the template's name and checks its source's hash, so an
    edited template (a user's override included) is compiled afresh. One directory per contractgen
    version, since the Python it compiles to depends on jinja2 and on us; and one for the sandbox, whose
    compiled code calls the sandbox's checks (environment.call), which a plain environment lacks."""
    kind = "sandbox-" if sandboxed else ""
    section = f"jinja-{kind}{__version__}-{jinja2.__version__}"
    directory = cache_dir(section)
    if directory is None and not sandboxed:
        return BesideTheTemplates(resource_dir("templates") / "__pycache__" / section)
    return None if directory is None else jinja2.FileSystemBytecodeCache(str(directory))


class BesideTheTemplates(jinja2.BytecodeCache):
    """With caching off, the built-in templates' compiled code is kept as Python keeps a module's:
    in `__pycache__` beside them (templates/__pycache__/jinja-...), read when there, written when
    the directory is writable and Python writes bytecode (not under PYTHONDONTWRITEBYTECODE). It
    is part of the installed program, not a cache of anything the user's input decides, so a
    cold run need not compile the templates again (a third of the shop example's run)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._inner = jinja2.FileSystemBytecodeCache(str(directory))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            self._inner.load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        import sys

        if sys.dont_write_bytecode:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._inner.dump_bytecode(bucket)
        except OSError:
            pass  # a read-only installation: compiled on each run, as before


_ENVIRONMENTS: dict[tuple[object, ...], jinja2.Environment] = {}


def _listing(directory: Path | None) -> tuple[str, ...]:
    if directory is None or not directory.is_dir():
        return ()
    return tuple(sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()))


def template_position(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line an error was raised at while rendering (the innermost template
    frame), as jinja's own debug support finds it: a traceback jinja rewrote has frames compiled
    with the template's filename and line; one it did not has the compiled module's globals."""
    found: tuple[str, int] | None = None
    tb = exc.__traceback__
    while tb is not None:
        frame_globals = tb.tb_frame.f_globals
        template = frame_globals.get("__jinja_template__")
        if template is not None and template.filename:
            found = (template.filename, template.get_corresponding_lineno(tb.tb_lineno))
        elif "__jinja_exception__" in frame_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
