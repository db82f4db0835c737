"""An enum's constants declared in another of the module's packages (`const KindPlugin api.Kind =
"plugin"`) are members of it: encoding/json sends `plugins.KindPlugin` as the `api.Kind` it is, and
the enum's schema rejected it (a known gap, closed here). A member whose name the type's own package
already gives is named with its package; a watch edit of such a constant rebuilds the enum."""

from __future__ import annotations

import io
import json
from pathlib import Path

from contractgen.pipeline import build
from contractgen.scan.cache import FactCache
from contractgen.watch.session import Session
from harness.edits import apply_edit
from harness.gorun import run_main
from harness.paths import write_files
from harness.services import write_module
from harness.tsc import compile_package

MODELS = "example.com/lib/models"
FILES = {
    "go.mod": "module example.com/lib\n\ngo 1.24\n",
    "models/kind.go": (
        "package models\n\n// Kind says what an item is.\ntype Kind string\n\nconst (\n"
        '\tKindBook Kind = "book"\n\tKindFilm Kind = "film"\n\tKindExtra Kind = "extra"\n)\n\n'
        'type Item struct {\n\tKind Kind `json:"kind"`\n}\n'
    ),
    "plugins/kinds.go": (
        'package plugins\n\nimport m "example.com/lib/models"\n\n'
        "// KindPlugin is what a plugin's items are.\n"
        'const KindPlugin m.Kind = "plugin"\n\n'
        "// A conversion, and a name the models package gives too (another value).\n"
        'const KindGame = m.Kind("game")\n\nconst KindExtra m.Kind = "bonus"\n'
    ),
    "other/unrelated.go": 'package other\n\nimport "time"\n\nconst Timeout time.Duration = 5\n',
    "cmd/main.go": (
        'package main\n\nimport (\n\t"encoding/json"\n\t"fmt"\n\n\t"example.com/lib/models"\n\t"example.com/lib/plugins"\n)\n\n'
        "func main() {\n\tfor _, k := range []models.Kind{models.KindBook, plugins.KindPlugin, plugins.KindGame, plugins.KindExtra} {\n"
        "\t\tout, _ := json.Marshal(models.Item{Kind: k})\n\t\tfmt.Println(string(out))\n\t}\n}\n"
    ),
}


def test_constants_declared_in_another_package_are_members_of_the_enum(go: str, tsc: Path) -> None:
    root = write_module(FILES, "enum_elsewhere", "m")
    sent = [json.loads(line)["kind"] for line in run_main(go, root).splitlines()]
    assert sent == ["book", "plugin", "game", "bonus"]

    generation = build(root)
    assert not [d for d in generation.diagnostics if d.severity.value == "error"]
    kind = generation.contract.decl(MODELS, "Kind")
    assert kind.kind == "enum"
    assert [(m.name, m.value) for m in kind.members] == [
        ("KindBook", "book"),
        ("KindFilm", "film"),
        ("KindExtra", "extra"),
        ("KindPlugin", "plugin"),
        ("KindGame", "game"),
        ("plugins.KindExtra", "bonus"),
    ]
    assert {m.value for m in kind.members} >= set(sent)
    assert kind.members[3].doc == "KindPlugin is what a plugin's items are."

    ts = generation.files["ts/src/models.ts"]
    assert '  Plugin: "plugin",' in ts and '  "plugins.KindExtra": "bonus",' in ts
    package_dir = root.parent / "package"
    write_files(package_dir, {k[len("ts/") :]: v for k, v in generation.files.items() if k.startswith("ts/")})
    compiled = compile_package(tsc, package_dir, "nodenext")
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


def test_a_watch_edit_of_a_constant_elsewhere_rebuilds_the_enum(tmp_path: Path) -> None:
    root = write_module(FILES, "enum_elsewhere", "watch")
    session = Session(root, root.parent / "out", stdout=io.StringIO(), stderr=io.StringIO(), cache=FactCache(tmp_path / "cache"))
    first = session.regenerate()
    assert first is not None

    # Only plugins changes; the enum lives in models, which plugins imports (not the other way).
    target = apply_edit(root, "plugins/kinds.go", lambda t: t.replace('"game"', '"arcade"'))
    second = session.regenerate({str(target)})
    assert second is not None
    values = [m.value for m in second.generation.contract.decl(MODELS, "Kind").members]
    assert "arcade" in values and "game" not in values
    assert second.generation.files == build(root).files

    target = apply_edit(root, "plugins/kinds.go", None)  # deleted: its constants are gone from the enum
    third = session.regenerate({str(target)})
    assert third is not None
    assert [m.value for m in third.generation.contract.decl(MODELS, "Kind").members] == ["book", "film", "extra"]
    assert third.generation.files == build(root).files
