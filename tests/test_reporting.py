"""Diagnostics people can read and tools can parse (issue 10, item 17), and the --help texts (item 18)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from harness.paths import write_files

# A package no module in go.mod provides: CG100 on every field (uuid.UUID would have a built-in mapping).
FIELDS = "\n".join(f'\tID{i} ids.ID `json:"id{i}"`' for i in range(40))


def _module(root: Path) -> Path:
    write_files(
        root,
        {
            "go.mod": "module example.com/many\n\ngo 1.24\n",
            "t.go": 'package many\n\nimport "example.org/ids"\n\n// T has many outside fields.\ntype T struct {\n' + FIELDS + "\n}\n",
        },
    )
    return root


def _cli(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contractgen", *map(str, args)], capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})}
    )


def test_repeated_warnings_are_summarised_with_a_way_to_silence_them(tmp_path: Path) -> None:
    result = _cli("generate", _module(tmp_path / "m"), "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    err = result.stderr
    assert err.count("warning[CG100]") == 1
    assert "... 39 more like this: t.go:8:6, t.go:9:6, t.go:10:6 and 36 more (--verbose shows each)" in err
    assert 'silence CG100 (40x): map the type: [types] "path.Type"' in err
    assert err.rstrip().endswith("0 error(s), 40 warning(s)")
    assert "\033[" not in err  # no colour: stderr is no terminal


def test_verbose_shows_each_and_quiet_none(tmp_path: Path) -> None:
    root = _module(tmp_path / "m")
    verbose = _cli("generate", root, "--out", tmp_path / "out", "--verbose")
    assert verbose.stderr.count("warning[CG100]") == 40
    quiet = _cli("generate", root, "--out", tmp_path / "out", "--quiet")
    assert "warning[" not in quiet.stderr and "0 error(s), 40 warning(s) (warnings not shown: --quiet)" in quiet.stderr
    fresh = _cli("generate", root, "--out", tmp_path / "fresh", "-q")
    assert "created " not in fresh.stdout + fresh.stderr, fresh.stdout  # no line per file written
    assert fresh.stdout.splitlines()[-1].endswith(" changed") and fresh.stdout.count("\n") == 1
    both = _cli("generate", root, "--out", tmp_path / "out", "-q", "-v")
    assert both.returncode == 2 and "exclude each other" in both.stderr


def test_text_lists_errors_and_warnings_together_by_position() -> None:
    """As the json does: an error after a warning in the file comes after it (once all errors came first)."""
    from contractgen.diagnostics import Position, error, warning
    from contractgen.reporting import ReportOptions, render_text

    diagnostics = [
        warning("CG100", "x.ID is from outside", Position("a.go", 1, 1)),
        error("CG106", "no import", Position("a.go", 5, 1)),
        warning("CG100", "x.ID is from outside", Position("b.go", 2, 1)),
        error("CG001", "syntax error", Position("c.go", 3, 1)),
    ]
    heads = [line for line in render_text(diagnostics, None, ReportOptions()).splitlines() if line[:1] not in (" ", "")]
    assert heads[:3] == ["a.go:1:1: warning[CG100]: x.ID is from outside", "a.go:5:1: error[CG106]: no import", "c.go:3:1: error[CG001]: syntax error"]
    verbose = render_text(diagnostics, None, ReportOptions(detail="verbose")).splitlines()
    assert [line.split(":")[0] + ":" + line.split(":")[1] for line in verbose if "[CG" in line] == ["a.go:1", "a.go:5", "b.go:2", "c.go:3"]
    quiet = render_text(diagnostics, None, ReportOptions(detail="quiet")).splitlines()
    assert [line for line in quiet if "[CG" in line] == ["a.go:5:1: error[CG106]: no import", "c.go:3:1: error[CG001]: syntax error"]


def test_colour_when_forced_and_never_with_no_color(tmp_path: Path) -> None:
    root = _module(tmp_path / "m")
    forced = _cli("ir", root, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\033[1;33mwarning[CG100]\033[0m" in forced.stderr
    off = _cli("ir", root, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\033[" not in off.stderr


def test_json_format(tmp_path: Path) -> None:
    result = _cli("generate", _module(tmp_path / "m"), "--out", tmp_path / "out", "--format", "json")
    document = json.loads(result.stdout)
    assert document["version"] == 1 and len(document["diagnostics"]) == 40
    first = document["diagnostics"][0]
    assert first == {
        "severity": "warning", "code": "CG100", "path": "t.go", "line": 7, "column": 6,
        "message": "example.org/ids.ID is from outside the module and its source was not found (no module in go.mod provides the package, or it has no Go files for this platform); it is typed as unknown JSON", "hint": first["hint"],
    }
    assert "created" in result.stderr  # the lines for people moved to stderr


def test_sarif_format_for_code_scanning(tmp_path: Path) -> None:
    root = _module(tmp_path / "m")
    (root / "bad.go").write_text("package many\n\ntype Broken struct {\n")
    result = _cli("check", root, "--out", tmp_path / "out", "--format", "sarif")
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1
    run = sarif["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == sorted(set(rules)) and {"CG001", "CG100"} <= set(rules)
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["CG001"] == "error" and levels["CG100"] == "warning"
    location = next(r for r in run["results"] if r["ruleId"] == "CG100")["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "t.go", "uriBaseId": "SRCROOT"}, "region": {"startLine": 7, "startColumn": 6}}
    assert all(run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"].endswith("/m/")


def test_help_texts() -> None:
    top = _cli("-h")
    assert top.returncode == 0 and "Exit codes:" in top.stdout and "2  usage" in top.stdout
    commands = top.stdout.split("Commands:")[1].split("Exit codes:")[0]
    assert "..." not in commands  # no command description cut short
    generate = _cli("generate", "--help")
    assert "OUT/ts" in generate.stdout and "OUT/go" in generate.stdout and "--format" in generate.stdout


def test_init_writes_a_valid_commented_config_and_never_overwrites(tmp_path: Path) -> None:
    from contractgen.config import load_config

    root = _module(tmp_path / "m")
    result = _cli("init", root / "")
    assert result.returncode == 0, result.stderr
    text = (root / "contractgen.toml").read_text()
    assert text.startswith("# contractgen configuration") and 'package = "many-contract"' in text
    assert '# "example.org/ids.ID" = "string"' in text
    config, problems = load_config(root)
    assert problems == [] and config.package_name == "many-contract"
    again = _cli("init", root)
    assert again.returncode == 2 and "never overwrites" in again.stderr
    assert (root / "contractgen.toml").read_text() == text
    nowhere = _cli("init", tmp_path)
    assert nowhere.returncode == 2 and "CG200" in nowhere.stderr


def test_init_lists_the_outside_types_of_a_required_module_that_is_not_downloaded(tmp_path: Path) -> None:
    """A required module missing from the cache is reported once (CG110), not per type (CG100); init
    still names each of its types the contract uses, beside the CG100 ones."""
    root = tmp_path / "m"
    write_files(
        root,
        {
            "go.mod": "module example.com/app\n\ngo 1.24\n\nrequire example.com/base v1.2.0\n",
            "t.go": 'package app\n\nimport (\n\t"example.com/base/money"\n\t"example.org/ids"\n)\n\n'
            "// Order is sold.\ntype Order struct {\n\tID ids.ID `json:\"id\"`\n\tTotal money.Amount `json:\"total\"`\n"
            "\tCurrency money.Currency `json:\"currency\"`\n}\n",
        },
    )
    (tmp_path / "cache").mkdir()
    texts = []
    for cache in ("off", str(tmp_path / "cg-cache"), str(tmp_path / "cg-cache")):  # the last from the generation memo
        result = _cli("init", root, env={"GOMODCACHE": str(tmp_path / "cache"), "CONTRACTGEN_CACHE_DIR": cache})
        assert result.returncode == 0, result.stderr
        texts.append((root / "contractgen.toml").read_text())
        (root / "contractgen.toml").unlink()
    listed = [line for line in texts[0].splitlines() if line.startswith('# "') and line.endswith('= "string"')]
    assert listed == [
        '# "example.com/base/money.Amount" = "string"',
        '# "example.com/base/money.Currency" = "string"',
        '# "example.org/ids.ID" = "string"',
    ]
    assert texts[1] == texts[2] == texts[0]
