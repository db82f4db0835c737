"""The form side tells gin's truth: for a set of multipart bodies, the generated client (validate
"throw") refuses exactly the bodies that gin's form binding (binding.FormMultipart, what c.ShouldBind
picks for multipart/form-data, then go-playground/validator) refuses. The bytes gin parses are the
ones the client sends: Node serialises the client's FormData (a fetch Response of it), Go binds them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from contractgen.pipeline import build
from harness.paths import REPO, fresh_dir, write_files
from harness.tsc import compile_package

pytestmark = pytest.mark.slow

GINAPP = REPO / "fixtures" / "ginapp"

FORMS = """// Package forms holds the struct the probe service binds from a multipart form.
package forms

import (
	"mime/multipart"
	"time"
)

// Form is bound by c.ShouldBind.
type Form struct {
	Doc    *multipart.FileHeader   `form:"doc" binding:"required"`
	Extra  []*multipart.FileHeader `form:"extra" binding:"max=2"`
	Title  string                  `form:"title" binding:"required,min=2,max=10"`
	Kind   string                  `form:"kind" binding:"omitempty,oneof=a b"`
	Rating int8                    `form:"rating" binding:"omitempty,gte=1,lte=5"`
	Count  uint16                  `form:"count"`
	Score  float64                 `form:"score" binding:"lte=1"`
	Public bool                    `form:"public,default=true"`
	Tags   []string                `form:"tag" binding:"max=3,dive,min=2"`
	Seen   time.Time               `form:"seen"`
	Email  string                  `form:"email" binding:"omitempty,email"`
}
"""

SERVICE = """package main

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"example.com/formprobe/forms"
)

func main() {
	r := gin.New()
	r.POST("/form", upload)
	_ = r.Run()
}

func upload(c *gin.Context) {
	var form forms.Form
	if err := c.ShouldBind(&form); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusOK, gin.H{"title": form.Title})
}
"""

PROBE = """package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http/httptest"
	"os"

	"github.com/gin-gonic/gin/binding"

	"example.com/formprobe/forms"
)

func main() {
	var cases []struct{ ContentType, Body string }
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := []map[string]any{}
	for _, c := range cases {
		body, err := base64.StdEncoding.DecodeString(c.Body)
		if err != nil {
			panic(err)
		}
		req := httptest.NewRequest("POST", "/form", bytes.NewReader(body))
		req.Header.Set("Content-Type", c.ContentType)
		// What c.ShouldBind does: binding.Default(method, content type), here FormMultipart.
		err = binding.Default("POST", "multipart/form-data").Bind(req, new(forms.Form))
		verdict := map[string]any{"accepted": err == nil}
		if err != nil {
			verdict["error"] = err.Error()
		}
		out = append(out, verdict)
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
"""

# Each body as the caller passes it; {"$files": n} stands for n Blobs ({"$file": 1}: one Blob).
DOC = {"$file": 1}
CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("the least", {"doc": DOC, "title": "Hi"}, True),
    (
        "every part",
        {"doc": DOC, "extra": {"$files": 2}, "title": "Hello", "kind": "a", "rating": 5, "count": 65535, "score": 0.5,
         "public": False, "tag": ["ab", "cd"], "seen": "2024-05-03T09:30:00Z", "email": "a@b.co"},
        True,
    ),
    ("rating 0 (omitempty)", {"doc": DOC, "title": "Hi", "rating": 0}, True),
    ("kind empty (omitempty)", {"doc": DOC, "title": "Hi", "kind": ""}, True),
    ("a time with an offset", {"doc": DOC, "title": "Hi", "seen": "2024-05-03T09:30:00+02:00"}, True),
    ("no tags", {"doc": DOC, "title": "Hi", "tag": []}, True),
    ("a negative score", {"doc": DOC, "title": "Hi", "score": -3.25}, True),
    ("no file", {"title": "Hi"}, False),
    ("no title", {"doc": DOC}, False),
    ("title too short", {"doc": DOC, "title": "x"}, False),
    ("title too long", {"doc": DOC, "title": "abcdefghijk"}, False),
    ("kind not one of a b", {"doc": DOC, "title": "Hi", "kind": "c"}, False),
    ("rating above lte", {"doc": DOC, "title": "Hi", "rating": 6}, False),
    ("rating with a fraction", {"doc": DOC, "title": "Hi", "rating": 2.5}, False),
    ("count beyond uint16", {"doc": DOC, "title": "Hi", "count": 70000}, False),
    ("count negative", {"doc": DOC, "title": "Hi", "count": -1}, False),
    ("score above lte", {"doc": DOC, "title": "Hi", "score": 2}, False),
    ("three extra files", {"doc": DOC, "title": "Hi", "extra": {"$files": 3}}, False),
    ("a tag too short (dive)", {"doc": DOC, "title": "Hi", "tag": ["ab", "c"]}, False),
    ("four tags", {"doc": DOC, "title": "Hi", "tag": ["ab", "cd", "ef", "gh"]}, False),
    ("a date without a time", {"doc": DOC, "title": "Hi", "seen": "2024-05-03"}, False),
    ("not an email", {"doc": DOC, "title": "Hi", "email": "nope"}, False),
]

# Decided differences (README, Multipart uploads): gin binds a text part named like a file field into an
# empty FileHeader (Filename "", Size 0, nothing to Open), so `required` passes; the client sends a Blob.
DECIDED: list[tuple[str, dict[str, Any], bool]] = [
    ("a text part for the file", {"doc": "text", "title": "Hi"}, True),
]

CLIENT = """import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [casesPath, indexPath] = process.argv.slice(2);
const { createClient, RequestValidationError } = await import(pathToFileURL(indexPath).href);
let sent;
const fetch = async (url, init) => {
  sent = init.body;
  return new Response('{"title":"x"}', { status: 200, headers: { "content-type": "application/json" } });
};
const blobs = (n) => Array.from({ length: n }, (_, i) => new Blob([`file ${i}`]));
const revive = (value) =>
  value && typeof value === "object" && "$file" in value ? blobs(1)[0] : value && typeof value === "object" && "$files" in value ? blobs(value.$files) : value;
const out = [];
for (const c of JSON.parse(readFileSync(casesPath, "utf8"))) {
  const body = Object.fromEntries(Object.entries(c.body).map(([k, v]) => [k, revive(v)]));
  let accepted = true, issues = "";
  try {
    await createClient({ baseUrl: "http://probe.test", fetch, validate: "throw" }).main.upload({ body });
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    accepted = false;
    issues = error.issues.map((i) => i.path.join(".") + ": " + i.message).join("; ");
  }
  await createClient({ baseUrl: "http://probe.test", fetch, validate: "off" }).main.upload({ body });
  const wire = new Response(sent);
  const bytes = Buffer.from(await wire.arrayBuffer());
  out.push({ accepted, issues, contentType: wire.headers.get("content-type"), body: bytes.toString("base64") });
}
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def verdicts(tsc: Path, go: str) -> list[dict[str, Any]]:
    work = fresh_dir("form_requests")
    module = work / "module"
    (module / "forms").mkdir(parents=True)
    (module / "cmd" / "probe").mkdir(parents=True)
    go_mod = (GINAPP / "go.mod").read_text().replace("module example.com/ginapp", "module example.com/formprobe")
    (module / "go.mod").write_text(go_mod)
    (module / "go.sum").write_text((GINAPP / "go.sum").read_text())
    (module / "forms" / "forms.go").write_text(FORMS)
    (module / "main.go").write_text(SERVICE)
    (module / "cmd" / "probe" / "main.go").write_text(PROBE)

    generation = build(module, target_names=("ts",))
    errors = [d for d in generation.diagnostics if d.severity.value == "error"]
    assert not errors, [d.render() for d in errors]
    package_dir = work / "package"
    write_files(package_dir, {k[len("ts/") :]: v for k, v in generation.files.items() if k.startswith("ts/")})
    compiled = compile_package(tsc, package_dir, "nodenext", emit=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr

    cases = CASES + DECIDED
    (work / "cases.json").write_text(json.dumps([{"what": w, "body": b} for w, b, _ in cases]), encoding="utf-8")
    (work / "client.mjs").write_text(CLIENT)
    client = subprocess.run(
        ["node", str(work / "client.mjs"), str(work / "cases.json"), str(package_dir / "dist" / "index.js")],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert client.returncode == 0, client.stderr
    judged = json.loads(client.stdout)
    wire = json.dumps([{"ContentType": j["contentType"], "Body": j["body"]} for j in judged])
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local", "GOWORK": "off"}
    server = subprocess.run([go, "run", "./cmd/probe"], cwd=module, env=env, input=wire.encode(), capture_output=True, timeout=600)
    assert server.returncode == 0, server.stderr.decode()
    return [
        {"what": what, "expected": expected, "decided": (what, body, expected) in DECIDED, "client": {"accepted": c["accepted"], "issues": c["issues"]}, "server": s}
        for (what, body, expected), c, s in zip(cases, judged, json.loads(server.stdout), strict=True)
    ]


def test_the_cases_are_judged_by_gin_as_written(verdicts: list[dict[str, Any]]) -> None:
    """The oracle itself: each case is accepted or rejected by gin as its name says."""
    wrong = [v for v in verdicts if v["server"]["accepted"] != v["expected"]]
    assert not wrong, json.dumps(wrong, indent=1)


def test_the_client_refuses_exactly_the_form_bodies_gin_refuses(verdicts: list[dict[str, Any]]) -> None:
    wrong = [v for v in verdicts if v["client"]["accepted"] != v["server"]["accepted"] and not v["decided"]]
    assert sum(not v["server"]["accepted"] for v in verdicts) >= 15
    assert not wrong, json.dumps(wrong, indent=1)


def test_the_decided_differences_are_what_the_readme_says(verdicts: list[dict[str, Any]]) -> None:
    decided = [v for v in verdicts if v["decided"]]
    assert decided and all(v["server"]["accepted"] and not v["client"]["accepted"] for v in decided), json.dumps(decided, indent=1)
    assert "a text part named like a `*multipart.FileHeader` field" in (REPO / "README.md").read_text()
