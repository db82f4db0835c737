"""The request-side oracle for validation rules: the engine's verdict on a changed `validate:` tag against
what the real server does. For each case one field's rules change; bodies built around the rules' own
numbers and words are decoded with encoding/json and checked with go-playground/validator v10 (the
version gin 1.10 uses, as fixtures/signup), once into the OLD struct and once into the NEW one.

The engine calls a change breaking exactly when some body the old server accepted is rejected by the new
one, and (when nothing breaks) reports something that accepts more (info) exactly when some body only the
new one accepts.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from typing import Any

import pytest

from contractgen.changes import compare
from harness.paths import REPO, fresh_dir, write_files
from harness.services import contract_of

pytestmark = pytest.mark.slow

# name -> (Go type of the field, old validate tag, new validate tag)
CASES: dict[str, tuple[str, str, str]] = {
    "max lowered": ("string", "omitempty,max=64", "omitempty,max=32"),
    "max raised": ("string", "omitempty,max=32", "omitempty,max=64"),
    "min added beside omitempty": ("string", "", "omitempty,min=3"),
    "min added alone": ("string", "", "min=3"),
    "oneof grew": ("string", "omitempty,oneof=book film", "omitempty,oneof=book film game"),
    "oneof swapped a value": ("string", "omitempty,oneof=book film", "omitempty,oneof=book game"),
    "omitempty added": ("string", "min=3", "omitempty,min=3"),
    "omitempty dropped": ("string", "omitempty,min=3", "min=3"),
    "required is min=1": ("string", "required", "min=1"),
    "email made required": ("string", "omitempty,email", "required,email"),
    "eq made ne": ("string", "eq=draft", "ne=final"),
    "gt=0 is min=1": ("int", "omitempty,gt=0", "omitempty,min=1"),
    "oneof made a range": ("int", "oneof=1 2 3", "min=1,max=3"),
    "max is lte": ("int", "max=10", "lte=10"),
    "range narrowed at the top": ("int", "min=1,max=10", "min=1,max=9"),
    "float bound restated wrongly": ("float64", "omitempty,gt=3", "omitempty,gte=4"),
    "entries capped lower": ("[]string", "max=3", "max=2"),
    "elements allowed longer": ("[]string", "dive,max=10", "dive,max=20"),
    "elements must be emails": ("[]string", "", "dive,email"),
}


def _name(index: int) -> str:
    return f"Case{index:02d}"


def _struct(name: str, go_type: str, tag: str) -> str:
    rules = f' validate:"{tag}"' if tag else ""
    return f"type {name} struct {{\n\tV {go_type} `json:\"v\"{rules}`\n}}\n"


def _service(side: int) -> dict[str, str]:
    """The cases' structs, each decoded by a POST endpoint, so the request side sees them."""
    types, handlers, routes = [], [], []
    for i, (go_type, *tags) in enumerate(CASES.values()):
        types.append(_struct(_name(i), go_type, tags[side]))
        handlers.append(
            f"func decode{_name(i)}(w http.ResponseWriter, r *http.Request) {{\n\tvar in {_name(i)}\n"
            "\tif err := json.NewDecoder(r.Body).Decode(&in); err != nil {\n\t\thttp.Error(w, err.Error(), http.StatusBadRequest)\n\t}\n}\n"
        )
        routes.append(f'\tmux.HandleFunc("POST /{_name(i).lower()}", decode{_name(i)})\n')
    main = (
        'package main\n\nimport (\n\t"encoding/json"\n\t"net/http"\n)\n\n' + "\n".join(handlers)
        + "\nfunc main() {\n\tmux := http.NewServeMux()\n" + "".join(routes) + '\t_ = http.ListenAndServe(":8080", mux)\n}\n'
    )
    return {"go.mod": "module example.com/svc\n\ngo 1.24\n", "main.go": main, "types.go": "package main\n\n" + "\n".join(types)}


def _candidates(go_type: str, tags: tuple[str, str]) -> list[Any]:
    """Values for the field around the rules' numbers and words; `...` stands for an absent key."""
    text = " ".join(tags)
    numbers = sorted({float(n) for n in re.findall(r"=(-?\d+(?:\.\d+)?)", text)} | {0.0})
    words = sorted({w for part in re.findall(r"(?:oneof|eq|ne)=([^,]*)", text) for w in part.split()})
    strings = ["", "x@example.com", "https://example.com", "550e8400-e29b-41d4-a716-446655440000", *words]
    strings += ["a" * int(n + d) for n in numbers for d in (-1, 0, 1) if n + d >= 0]
    if go_type == "string":
        values: list[Any] = strings
    elif go_type == "int":
        values = sorted({int(n + d) for n in numbers for d in (-1, 0, 1)})
    elif go_type == "float64":
        values = sorted({n + d for n in numbers for d in (-0.5, 0, 0.5)})
    else:  # []string: the counts around the numbers, and one element of each candidate string
        values = [["a"] * int(n + d) for n in numbers for d in (-1, 0, 1) if n + d >= 0] + [[s] for s in strings]
    return [..., None, *values]


def _bodies() -> list[dict[str, Any]]:
    out = []
    for i, (go_type, *tags) in enumerate(CASES.values()):
        for value in _candidates(go_type, (tags[0], tags[1])):
            out.append({"case": i, "body": "{}" if value is ... else json.dumps({"v": value})})
    return out


PROBE_MAIN = """package main

import (
	"encoding/json"
	"os"

	"github.com/go-playground/validator/v10"
)

%s

// accepts: what a handler that decodes with encoding/json and then validates does with the body.
func accepts(body string, target any) bool {
	if err := json.Unmarshal([]byte(body), target); err != nil {
		return false
	}
	return validate.Struct(target) == nil
}

var validate = validator.New()

func main() {
	var bodies []struct {
		Case int    `json:"case"`
		Body string `json:"body"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&bodies); err != nil {
		panic(err)
	}
	out := [][2]bool{}
	for _, b := range bodies {
		old, new := targets(b.Case)
		out = append(out, [2]bool{accepts(b.Body, old), accepts(b.Body, new)})
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
}
"""

# The versions gin 1.10 brings (fixtures/signup's go.mod); its go.sum has their checksums.
PROBE_MOD = """module probe

go 1.24

require github.com/go-playground/validator/v10 v10.20.0

require (
	github.com/gabriel-vasile/mimetype v1.4.3 // indirect
	github.com/go-playground/locales v0.14.1 // indirect
	github.com/go-playground/universal-translator v0.18.1 // indirect
	github.com/leodido/go-urn v1.4.0 // indirect
	golang.org/x/crypto v0.23.0 // indirect
	golang.org/x/net v0.25.0 // indirect
	golang.org/x/sys v0.20.0 // indirect
	golang.org/x/text v0.15.0 // indirect
)
"""


def _probe_source() -> str:
    decls, arms = [], []
    for i, (go_type, old_tag, new_tag) in enumerate(CASES.values()):
        decls += [_struct(f"Old{_name(i)}", go_type, old_tag), _struct(f"New{_name(i)}", go_type, new_tag)]
        arms.append(f"\tcase {i}:\n\t\treturn new(Old{_name(i)}), new(New{_name(i)})\n")
    switch = "func targets(i int) (any, any) {\n\tswitch i {\n" + "".join(arms) + '\t}\n\tpanic("no such case")\n}\n'
    return PROBE_MAIN % ("\n".join(decls) + "\n" + switch)


def test_the_engines_request_verdicts_agree_with_the_validator(go: str) -> None:
    work = fresh_dir("diff_request_oracle")
    write_files(work / "probe", {"go.mod": PROBE_MOD, "go.sum": (REPO / "fixtures" / "signup" / "go.sum").read_text(), "main.go": _probe_source()})
    bodies = _bodies()
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    run = subprocess.run([go, "run", "."], cwd=work / "probe", env=env, input=json.dumps(bodies).encode(), capture_output=True, timeout=600)
    assert run.returncode == 0, run.stderr.decode()
    verdicts = json.loads(run.stdout)

    changes = compare(contract_of(_service(0), "request_oracle", "old"), contract_of(_service(1), "request_oracle", "new"))
    disagreements = []
    for i, name in enumerate(CASES):
        found = [c for c in changes if c.subject == f"main.{_name(i)}"]
        engine_tightened = any(c.level == "breaking" for c in found)
        engine_loosened = any(c.level == "info" for c in found)
        seen = [(b["body"], v) for b, v in zip(bodies, verdicts, strict=True) if b["case"] == i]
        only_old = [body for body, (old, new) in seen if old and not new]
        only_new = [body for body, (old, new) in seen if new and not old]
        assert any(old for _, (old, _new) in seen), f"{name}: no body passes the old rules; the candidates miss the case"
        # A change both ways (oneof swapped a value) is one breaking finding, not a breaking and an info one.
        if engine_tightened != bool(only_old) or (not engine_tightened and engine_loosened != bool(only_new)):
            disagreements.append(
                f"{name}: engine tightened={engine_tightened} loosened={engine_loosened}; "
                f"only the old server accepts {only_old[:3]}, only the new one {only_new[:3]}; findings {[c.rule for c in found]}"
            )
    assert not disagreements, "\n".join(disagreements)
