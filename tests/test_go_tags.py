"""Struct tags parsed as Go parses them, checked against real Go: one struct per tag, marshalled by
encoding/json; the key Go writes must be the one contractgen computes (issue 10, item 14)."""

from __future__ import annotations

import json
import subprocess

from contractgen.ir.jsontag import go_unquote, parse_json_tag
from harness.paths import fresh_dir, write_files

# Tag literals as written between backquotes in Go source.
TAGS = [
    r'json:"a\x41"', r'json:"\/"', 'json:"x²"', r'json:"x\u00b2"', 'json:"é1"', r'json:"\101b"', r'json:"\xff"',
    r'json:"a\tb"', 'json:"日本"', 'json:"٣"', 'json:"Ⅻ"', 'json:"a b"', 'json:"-,"', 'json:",string"', r'json:"\u0041"',
    r"json:\"\'\"", r'json:"\"q\""', 'json:"a" json:"b"', 'xml:"x" json:"y"', 'json: "bad"', 'json:"a', r'json:"\U0001F600"',
    'json:"ǅ"', 'json:"a,string"', r'json:"\u00e9"', r'json:"\351"', 'json:"$%&"', "json:\"a\\\\b\"", 'json:"\'"',
    r'json:"\U00110000"', r'json:"\ud800"', 'json:"x" ', ' json:"lead"', 'json:"A_b-c.d"',
]


def test_json_keys_match_what_encoding_json_writes(go: str) -> None:
    work = fresh_dir("go_tags")
    decls = "\n".join(f"type T{i} struct {{\n\tField{i} int `{tag}`\n}}\n" for i, tag in enumerate(TAGS))
    values = ", ".join(f"T{i}{{}}" for i in range(len(TAGS)))
    write_files(
        work,
        {
            "go.mod": "module tags\n\ngo 1.24\n",
            "main.go": 'package main\n\nimport (\n\t"encoding/json"\n\t"fmt"\n)\n\n' + decls
            + f"\nfunc main() {{\n\tfor _, v := range []any{{{values}}} {{\n\t\tb, _ := json.Marshal(v)\n\t\tfmt.Println(string(b))\n\t}}\n}}\n",
        },
    )
    run = subprocess.run([go, "run", "."], cwd=work, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == len(TAGS)
    mismatches = []
    for i, (tag, line) in enumerate(zip(TAGS, lines)):
        written = list(json.loads(line))
        parsed = parse_json_tag(tag)
        ours = [] if parsed.skip else [parsed.name or f"Field{i}"]
        if written != ours:
            mismatches.append((tag, written, ours))
    assert not mismatches


def test_unquote_follows_strconv() -> None:
    assert go_unquote(r'"a\x41"') == "aA" and go_unquote(r'"\101"') == "A" and go_unquote(r'"\u00e9"') == "é"
    assert go_unquote(r'"\/"') is None and go_unquote(r'"\'"') is None and go_unquote(r'"\ud800"') is None
    assert go_unquote(r'"\777"') is None and go_unquote('"a\nb"') is None
