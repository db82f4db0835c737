"""Where a dependency's source is found: go.mod requirements, replace directives (directories and
module versions), go.work workspaces, vendor/, the module cache's case encoding and GOROOT/src.
Each case builds a small module and a fake module cache in a temporary directory: no network, no go."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractgen.config import Config
from contractgen.deps import Dependencies, GoEnvironment
from contractgen.scan.modfile import parse_mod
from contractgen.deps.locate import Located, Locator, Missing, Unrequired, escape_module_path
from contractgen.ir.build import build_contract
from contractgen.scan import scan_module
from contractgen.scan.buildtags import Platform

MODEL_SOURCE = """package base

import "time"

// Model is the base of every row.
type Model struct {
\tID        uint      `json:"id"`
\tCreatedAt time.Time `json:"createdAt"`
}
"""

PLATFORM_SOURCE = """//go:build windows

package base

type Model struct{ Windows bool }
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _app(root: Path, go_mod: str) -> Path:
    _write(
        root / "app",
        {
            "go.mod": go_mod,
            "models.go": 'package app\n\nimport "example.com/Base/base"\n\ntype User struct {\n\tbase.Model\n\tName string `json:"name"`\n}\n',
        },
    )
    return root / "app"


def _keys(app: Path, cache: Path) -> tuple[list[str], list[str]]:
    env = GoEnvironment({"GOMODCACHE": str(cache), "GOROOT": "", "PATH": ""})
    facts = scan_module(app)
    deps = Dependencies(app, Platform(), env)
    contract, diagnostics = build_contract(facts, Config(), dependencies=deps)
    user = contract.decl("example.com/app", "User")
    return [f.name for f in user.fields], sorted(d.code for d in diagnostics)


REQUIRE = "module example.com/app\n\ngo 1.24\n\nrequire example.com/Base v1.2.0 // indirect\n"


def test_module_cache_path_escapes_capitals() -> None:
    assert escape_module_path("github.com/BurntSushi/toml") == "github.com/!burnt!sushi/toml"
    assert escape_module_path("v1.0.0-RC1") == "v1.0.0-!r!c1"


def test_a_required_module_is_read_from_the_cache_with_build_constraints(tmp_path: Path) -> None:
    app = _app(tmp_path, REQUIRE)
    _write(tmp_path / "cache" / "example.com" / "!base@v1.2.0" / "base", {"model.go": MODEL_SOURCE, "model_windows.go": PLATFORM_SOURCE, "x.go": PLATFORM_SOURCE})
    keys, codes = _keys(app, tmp_path / "cache")
    assert keys == ["id", "createdAt", "name"]  # the windows files are not compiled for linux: no redeclaration
    assert codes == []


def test_a_missing_module_is_reported_once_and_the_object_stays_open(tmp_path: Path) -> None:
    app = _app(tmp_path, REQUIRE)
    (app / "more.go").write_text(
        'package app\n\nimport "example.com/Base/base"\n\ntype Admin struct {\n\tbase.Model\n\tRole base.Role `json:"role"`\n}\n', encoding="utf-8"
    )
    (tmp_path / "cache").mkdir()
    keys, codes = _keys(app, tmp_path / "cache")
    assert keys == ["name"]
    assert codes == ["CG105", "CG105", "CG110"]  # one CG110 for the module, none per use (no CG100)


def test_a_local_replace_directory_wins_over_the_cache(tmp_path: Path) -> None:
    app = _app(tmp_path, REQUIRE + "\nreplace example.com/Base => ../base-fork\n")
    _write(tmp_path / "base-fork", {"go.mod": "module example.com/Base\n", "base/model.go": MODEL_SOURCE.replace('json:"id"', 'json:"forkId"')})
    keys, _ = _keys(app, tmp_path / "cache")
    assert keys == ["forkId", "createdAt", "name"]


def test_a_module_replace_reads_the_replacement_version(tmp_path: Path) -> None:
    app = _app(tmp_path, REQUIRE + "\nreplace example.com/Base v1.2.0 => example.com/other v0.9.0\n")
    _write(tmp_path / "cache" / "example.com" / "other@v0.9.0" / "base", {"model.go": MODEL_SOURCE.replace('json:"id"', 'json:"otherId"')})
    keys, _ = _keys(app, tmp_path / "cache")
    assert keys == ["otherId", "createdAt", "name"]


def test_vendor_directory_is_used_when_modules_txt_exists(tmp_path: Path) -> None:
    app = _app(tmp_path, REQUIRE)
    _write(app / "vendor", {"modules.txt": "# example.com/Base v1.2.0\n## explicit\nexample.com/Base/base\n", "example.com/Base/base/model.go": MODEL_SOURCE.replace('json:"id"', 'json:"vendoredId"')})
    keys, _ = _keys(app, tmp_path / "empty")
    assert keys == ["vendoredId", "createdAt", "name"]


def test_go_work_makes_workspace_modules_visible(tmp_path: Path) -> None:
    app = _app(tmp_path, "module example.com/app\n\ngo 1.24\n")
    _write(tmp_path, {"go.work": "go 1.24\n\nuse (\n\t./app\n\t./shared\n)\n", "shared/go.mod": "module example.com/Base\n", "shared/base/model.go": MODEL_SOURCE})
    keys, codes = _keys(app, tmp_path / "empty")
    assert keys == ["id", "createdAt", "name"] and codes == []


def test_locator_kinds_of_answers(tmp_path: Path) -> None:
    app = _app(tmp_path, REQUIRE)
    goroot = tmp_path / "goroot"
    (goroot / "src" / "database" / "sql").mkdir(parents=True)
    locator = Locator(app, GoEnvironment({"GOMODCACHE": str(tmp_path / "cache"), "GOROOT": str(goroot), "PATH": ""}))
    std = locator.locate("database/sql")
    assert isinstance(std, Located) and std.shown == "GOROOT/src/database/sql"
    assert isinstance(locator.locate("github.com/nobody/requires-this"), Unrequired)
    missing = locator.locate("example.com/Base/base")
    assert isinstance(missing, Missing) and missing.module == "example.com/Base" and missing.requirement is not None
    assert missing.requirement.line == 5


@pytest.mark.parametrize(
    "text, expected",
    [
        ('require (\n\t"example.com/a" v1.0.0\n\texample.com/b v2.0.0 // comment\n)\n', [("example.com/a", "v1.0.0"), ("example.com/b", "v2.0.0")]),
        ("require example.com/c v0.1.0\n", [("example.com/c", "v0.1.0")]),
    ],
)
def test_go_mod_requirements(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.module, r.version) for r in parse_mod(text, Path("/m")).requires] == expected


def test_go_mod_replacements(tmp_path: Path) -> None:
    parsed = parse_mod("replace (\n\texample.com/a => ./a\n\texample.com/b v1.0.0 => example.com/c v1.1.0\n)\n", tmp_path)
    local, module = parsed.replaces
    assert local.local and local.new == "./a" and not local.old_version
    assert not module.local and module.old_version == "v1.0.0" and (module.new, module.new_version) == ("example.com/c", "v1.1.0")


def test_dependency_files_go_through_the_fact_cache(tmp_path: Path) -> None:
    from contractgen.scan.cache import FactCache

    app = _app(tmp_path, REQUIRE)
    _write(tmp_path / "cache" / "example.com" / "!base@v1.2.0" / "base", {"model.go": MODEL_SOURCE})
    cache = FactCache()
    env = GoEnvironment({"GOMODCACHE": str(tmp_path / "cache"), "GOROOT": "", "PATH": ""})
    build_contract(scan_module(app), Config(), dependencies=Dependencies(app, Platform(), env, cache))
    paths = sorted(entry.path for entry in cache.memory.values())
    assert paths == ["example.com/Base@v1.2.0/base/model.go"]  # named by module version, parsed once per content
    assert all(entry.base is not None for entry in cache.memory.values())  # read for its declarations


def test_a_downloaded_module_changes_the_dependency_fingerprint(tmp_path: Path) -> None:
    from contractgen.deps import fingerprint

    app = _app(tmp_path, REQUIRE)
    env = GoEnvironment({"GOMODCACHE": str(tmp_path / "cache"), "GOROOT": "", "PATH": ""})
    before = fingerprint(app, env)
    assert fingerprint(app, env) == before
    _write(tmp_path / "cache" / "example.com" / "!base@v1.2.0" / "base", {"model.go": MODEL_SOURCE})
    assert fingerprint(app, env) != before
    (app / "go.mod").write_text(REQUIRE.replace("v1.2.0", "v1.3.0"), encoding="utf-8")
    assert fingerprint(app, env) != before


def test_standard_library_imports_of_golang_org_x_are_its_vendored_copies(tmp_path: Path) -> None:
    app = _app(tmp_path, REQUIRE)
    goroot = tmp_path / "goroot"
    (goroot / "src" / "vendor" / "golang.org" / "x" / "net" / "http" / "httpguts").mkdir(parents=True)
    locator = Locator(app, GoEnvironment({"GOMODCACHE": str(tmp_path / "cache"), "GOROOT": str(goroot), "PATH": ""}))
    found = locator.locate("golang.org/x/net/http/httpguts", from_standard=True)
    assert isinstance(found, Located) and found.shown == "GOROOT/src/vendor/golang.org/x/net/http/httpguts"
    assert isinstance(locator.locate("golang.org/x/net/http/httpguts"), Unrequired)  # from the module: go.mod decides


def test_a_dependencys_route_registrations_are_no_endpoints(tmp_path: Path) -> None:
    app = _app(tmp_path, REQUIRE)
    router = 'package base\n\nimport "net/http"\n\nfunc Register(mux *http.ServeMux) {\n\tmux.HandleFunc("GET /internal", nil)\n}\n'
    _write(tmp_path / "cache" / "example.com" / "!base@v1.2.0" / "base", {"model.go": MODEL_SOURCE, "routes.go": router + "\ntype Route struct{ Path string }\n"})
    env = GoEnvironment({"GOMODCACHE": str(tmp_path / "cache"), "GOROOT": "", "PATH": ""})
    deps = Dependencies(app, Platform(), env)
    facts = deps.package("example.com/Base/base")
    assert facts is not None and {f.path.rsplit("/", 1)[-1] for f in facts.files} == {"model.go", "routes.go"}
    assert all(f.endpoints is None for f in facts.files)


class _RevisionTree:
    """A source tree standing for a git revision: its go.mod requires another version than the disk's."""

    def __init__(self, go_mod: str) -> None:
        self.go_mod = go_mod.encode()

    def files(self) -> list[str]:
        return ["go.mod"]

    def read(self, path: str) -> bytes:
        if path == "go.mod":
            return self.go_mod
        raise FileNotFoundError(path)

    def describe(self) -> str:
        return "git:old"

    def unlisted(self) -> list[tuple[str, str]]:
        return []


def test_the_trees_go_mod_decides_the_versions(tmp_path: Path) -> None:
    from contractgen.deps import fingerprint

    app = _app(tmp_path, REQUIRE)
    _write(tmp_path / "cache" / "example.com" / "!base@v1.1.0" / "base", {"model.go": MODEL_SOURCE.replace('json:"id"', 'json:"oldId"')})
    env = GoEnvironment({"GOMODCACHE": str(tmp_path / "cache"), "GOROOT": "", "PATH": ""})
    old = _RevisionTree(REQUIRE.replace("v1.2.0", "v1.1.0"))
    facts = Dependencies(app, Platform(), env, tree=old).package("example.com/Base/base")
    assert facts is not None and facts.files[0].path == "example.com/Base@v1.1.0/base/model.go"
    assert Dependencies(app, Platform(), env).package("example.com/Base/base") is None  # v1.2.0 is not in the cache
    assert fingerprint(app, env, old) != fingerprint(app, env)
