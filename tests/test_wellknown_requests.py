"""The request side of the built-in mappings whose decoding is not their encoding, against real Go: a
service on kubernetes/apimachinery's types and the standard library's (fixtures/deps-k8s' module
graph, from the module cache) decodes each body with encoding/json, and the OpenAPI request component
must accept exactly those bodies. (uuid, decimal, []byte and time.Time: tests/test_requests.py.)"""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

import pytest

from contractgen.pipeline import build
from harness.paths import REPO, fresh_dir, write_files

pytestmark = pytest.mark.slow

K8S = REPO / "fixtures" / "deps-k8s"

TYPES = """package api

import (
\t"encoding/json"

\t"k8s.io/apimachinery/pkg/api/resource"
\tmetav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
\t"k8s.io/apimachinery/pkg/util/intstr"
)

type Input struct {
\tTimeout  metav1.Duration    `json:"timeout"`
\tMaybe    *metav1.Duration   `json:"maybe"`
\tMemory   resource.Quantity  `json:"memory"`
\tPort     intstr.IntOrString `json:"port"`
\tStarted  metav1.Time        `json:"started"`
\tObserved metav1.MicroTime   `json:"observed"`
\tCount    json.Number        `json:"count"`
}
"""

MAIN = """package main

import (
\t"encoding/json"
\t"net/http"

\t"example.com/wk/api"
)

func create(w http.ResponseWriter, r *http.Request) {
\tvar in api.Input
\tif err := json.NewDecoder(r.Body).Decode(&in); err != nil {
\t\thttp.Error(w, err.Error(), http.StatusBadRequest)
\t}
}

func main() {
\tmux := http.NewServeMux()
\tmux.HandleFunc("POST /inputs", create)
\t_ = http.ListenAndServe(":8080", mux)
}
"""

PROBE = """package main

import (
\t"encoding/json"
\t"os"

\t"example.com/wk/api"
)

func main() {
\tvar bodies []string
\tif err := json.NewDecoder(os.Stdin).Decode(&bodies); err != nil {
\t\tpanic(err)
\t}
\tout := []bool{}
\tfor _, body := range bodies {
\t\tvar in api.Input
\t\tout = append(out, json.Unmarshal([]byte(body), &in) == nil)
\t}
\t_ = json.NewEncoder(os.Stdout).Encode(out)
}
"""

VALUES: dict[str, list[Any]] = {
    "timeout": ["1h", "1h0m0s", "90s", "", "soon", None, 5],
    "maybe": ["1h", None, ""],
    "memory": ["100m", "1Gi", "1.5", 100, 1.5, -1, None, "", "abc", True, [1]],
    "port": [8080, "http", "", 0, None, 1.5, 2**31, True],
    "started": ["2006-01-02T15:04:05Z", "2006-01-02T15:04:05,5Z", "2006-01-02T15:04:05.123456789+01:00", None, "", 5, "2006-01-02"],
    "observed": ["2006-01-02T15:04:05.123456Z", None, 5, ""],
    "count": [1.5, "1.5", "1e3", "-0", "01", "", "abc", " 1", None, True],
}


def _bodies() -> list[str]:
    return ["{}"] + [json.dumps({key: value}) for key, values in VALUES.items() for value in values]


@pytest.fixture(scope="module")
def verdicts(go: str) -> list[tuple[str, bool, bool]]:
    work = fresh_dir("wellknown-requests")
    go_mod = (K8S / "go.mod").read_text(encoding="utf-8").replace("module example.com/k8sapp", "module example.com/wk")
    write_files(work, {"go.mod": go_mod, "go.sum": (K8S / "go.sum").read_text(encoding="utf-8"), "api/types.go": TYPES, "main.go": MAIN})
    generation = build(work, target_names=("openapi",))
    errors = [d.render() for d in generation.diagnostics if d.severity.value == "error"]
    assert not errors, errors
    write_files(work, {"probe/main.go": PROBE})
    bodies = _bodies()
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOWORK": "off", "GOTOOLCHAIN": "local"}
    server = subprocess.run([go, "run", "./probe"], cwd=work, env=env, input=json.dumps(bodies), capture_output=True, text=True, timeout=600)
    assert server.returncode == 0, server.stderr

    from jsonschema import Draft202012Validator

    document = json.loads(generation.files["openapi/openapi.json"])
    component = next(name for name in document["components"]["schemas"] if name.endswith("InputInput"))
    validator = Draft202012Validator({**document, "$ref": f"#/components/schemas/{component}"})
    client = [validator.is_valid(json.loads(body)) for body in bodies]
    return list(zip(bodies, json.loads(server.stdout), client, strict=True))


def test_the_request_component_accepts_what_go_decodes(verdicts: list[tuple[str, bool, bool]]) -> None:
    rejected = [body for body, go_ok, schema_ok in verdicts if go_ok and not schema_ok]
    assert rejected == []


def test_the_request_component_rejects_what_go_refuses(verdicts: list[tuple[str, bool, bool]]) -> None:
    # metav1.MicroTime parses exactly six fractional digits; the component takes any RFC 3339 text
    # there (never less than Go), and Quantity's grammar beyond a string is the server's to check.
    known = {'{"observed": ""}', '{"memory": ""}', '{"memory": "abc"}'}
    accepted = [body for body, go_ok, schema_ok in verdicts if not go_ok and schema_ok and body not in known]
    assert accepted == []
    assert sum(not go_ok for _, go_ok, _ in verdicts) >= 15
