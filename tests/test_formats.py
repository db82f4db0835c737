"""The string formats of contractgen/ir/formats.py against real Go: each `-input` pattern accepts exactly
the texts that Go's decoder accepts for the type it stands for (uuid.UUID, time.Time, decimal.Decimal,
[]byte), read by JavaScript's RegExp (the Zod schemas) and Python's `re` (python-jsonschema, the
OpenAPI and JSON Schema checks); the `uuid` pattern matches every text uuid.UUID's MarshalText writes.
Known differences are listed in KNOWN, each with its reason."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from contractgen.ir.formats import PATTERNS
from harness.gorun import run_program
from harness.paths import REPO, fresh_dir

pytestmark = pytest.mark.slow

_C = "7f9c24e8-3b12-4fef-91e0-03fe8f9a1b2c"


def _uuid_texts() -> list[str]:
    texts = [_C, _C.upper(), "7F9c24E8-3b12-4FEF-91e0-03fe8f9A1b2C", _C.replace("-", ""), _C.replace("-", "").upper()]
    wrappers = [("{", "}"), ("(", ")"), ("x", "y"), ("\0", "\0"), ("\n", "\n"), (" ", " "), ("{", "é"), ("é", "}"), ("{", ""), ("", "}"),
                ("{{", "}}"), ("\x7f", "\x7f"), ("{", "\x80")]
    texts += [a + _C + b for a, b in wrappers]
    texts += [p + _C for p in ["urn:uuid:", "URN:UUID:", "Urn:Uuid:", "urn:uuid;", "urn-uuid:", "uri:uuid:", "urn:uuid:{"]]
    texts += ["urn:uuid:" + _C.replace("-", "") + "1234", "", "0" * 36, "0" * 32, "0" * 31, "0" * 33]
    texts += [_C[:35], _C + "0", _C.replace("-", "_"), _C[:8] + "x" + _C[9:], _C[:9] + "-" + _C[10:], "g" + _C[1:], _C[:-1] + "G"]
    texts += [_C[:13] + _C[14:18] + "-" + _C[18:], "-".join([_C.replace("-", "")[:8], _C.replace("-", "")[8:]]) + "000"]
    texts += ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "\u00e9" * 18]
    return texts


def _date_time_texts() -> list[str]:
    dates = ["2006-01-02", "2006-01-31", "2006-04-30", "2006-04-31", "2006-02-28", "2006-02-29", "2004-02-29", "2000-02-29",
             "1900-02-29", "2100-02-29", "0000-02-29", "0400-02-29", "2006-00-02", "2006-13-02", "2006-01-00", "2006-01-32",
             "2006-12-31", "2006-11-31", "2006-1-02", "06-01-02", "+006-01-02", "9999-12-31"]
    times = ["T15:04:05", "T5:04:05", "T05:04:05", "T23:59:59", "T24:00:00", "T15:60:05", "T15:04:60", "t15:04:05", " 15:04:05",
             "T15:4:05", "T15:04:5"]
    fractions = ["", ".5", ",5", ".123456789123", ".", ",", ".5,5"]
    zones = ["Z", "z", "+01:00", "-00:00", "+23:59", "+24:00", "+24:60", "+24:61", "+25:00", "+00:60", "+1:00", "+01:0", "+01", "+0100", " Z", ""]
    texts = [d + "T15:04:05Z" for d in dates] + ["2006-01-02" + t + "Z" for t in times]
    texts += ["2006-01-02T15:04:05" + f + z for f, z in itertools.product(fractions, zones)]
    texts += ["", "2006-01-02", "2006-01-02T15:04Z", "\u0662\u0660\u0660\u0666-01-02T15:04:05Z"]
    return texts


def _decimal_texts() -> list[str]:
    return ["1.5", "1e3", "1E-2", "1.5E+3", "1e+5", "1e05", ".5", "5.", "-.5", "+.5e-3", "1.e3", "007", "00.5", "+1", "-1", "0", "-0",
            " 1", "1 ", "", "null", "abc", "0x10", "1_000", "-", "+", ".", "1.2.3", "1e", "e5", ".e3", "++1", "1e--5", "1e5.5",
            "\u0661", "1,5", "Infinity", "NaN", "123456789012345678901234567890.123456789"]


def _base64_texts() -> list[str]:
    return ["", "QUJD", "QUI=", "QQ==", "QUJ=", "QU==", "QUJD\n", "QU\r\nJD", "\nQUI\n=\n", "\n", "\r\n\r\n", "QUI=\n", "Q\nQ\n=\n=",
            "QUI", "Q", "QUJDQ", "QUI=QUJD", "QUI==", "Q===", "====", "QUJD\t", "QUJD QUJD", "QUJD-_", "QUJD=", "QUJD==",
            "+/+/", "AAAA", "////", "QUJ\rD", "Q=UI", "=QUI"]


def _duration_texts() -> list[str]:
    return ["0", "-0", "+0", "1h", "1h0m0s", "1h30m", "-1.5s", "+2m", ".5us", "5.s", "2\u00b5s", "2\u03bcs", "300ms", "1ns", "1h1h",
            "", "1", "1.5", "h", "1d", "1 h", "1H", "--1s", ".s", "1.5.5s", "0s", "00", "1e3s", "-", "+", "1hm", "1sx"]


def _json_string_texts() -> list[str]:
    return ['"x"', '""', "x", '"a\\"b"', '"a"b"', '"\\u0041"', '"\\u00e9"', '"\\u00"', '"\\uZZZZ"', '"\\q"', '"\\/"', '"\\n"',
            '"\t"', '"\n"', "null", '"null"', "true", "123", ' "x"', '"x" ', '"x""y"', '"', '"\\"', "'x'", '"\u00e9"', '["x"]', "\"\\'\"", "\"a\\'b\""]


def _quoted_integer_texts() -> list[str]:
    return ["0", "-0", "7", "007", "-12", "+1", " 1", "1 ", "", "null", "nul", "NULL", "1.0", "1e2", "0x10", "1_0", "-", "--1",
            "9223372036854775807", "\u0661", "true"]


def _quoted_number_texts() -> list[str]:
    return ["0", "-0", "1.5", "-0.5", "1.", "01.5", "00", "1e2", "1E+2", "1e-2", "1e", "1e+", ".5", "-.5", "-.5e3", "-.", "1_0",
            "1__0", "1_", "_1", "1_.5", "1._5", "1.5_5", "1e1_0", "1e_5", "0x1p-2", "0x_1p0", "0x1.8p1", "0x.8p1", "0x10", "0x1p",
            "-0x1p0", "0X1P0", "-Inf", "-inf", "-Infinity", "-INFINITY", "Inf", "+Inf", "-NaN", "NaN", "-infinit", "null", "",
            " 1", "1 ", "+1", "-", "true", "1e400"]


def _quoted_boolean_texts() -> list[str]:
    return ["true", "false", "null", "True", "FALSE", "1", "0", "", " true", "t", "nul"]


CASES: dict[str, list[str]] = {
    "uuid-input": _uuid_texts(),
    "date-time-input": _date_time_texts(),
    "decimal-input": _decimal_texts(),
    "base64-input": _base64_texts(),
    "duration-input": _duration_texts(),
    "json-string-input": _json_string_texts(),
    "integer-input": _quoted_integer_texts(),
    "number-input": _quoted_number_texts(),
    "boolean-input": _quoted_boolean_texts(),
}
# (format, text) -> why the pattern and Go disagree there.
KNOWN: dict[tuple[str, str], str] = {
    ("number-input", "1e400"): "out of float64's range: the range is the server's to refuse, as for integers",
}

PROGRAM = """package main

import (
\t"encoding/json"
\t"fmt"
\t"time"

\t"github.com/google/uuid"
\t"github.com/shopspring/decimal"
)

var cases = %s

func accepts(format string, text string) bool {
\tbody, _ := json.Marshal(text)
\tswitch format {
\tcase "uuid-input":
\t\tvar v uuid.UUID
\t\treturn json.Unmarshal(body, &v) == nil
\tcase "date-time-input":
\t\tvar v time.Time
\t\treturn json.Unmarshal(body, &v) == nil
\tcase "decimal-input":
\t\tvar v decimal.Decimal
\t\treturn json.Unmarshal(body, &v) == nil
\tcase "duration-input": // metav1.Duration.UnmarshalJSON: the string, then this
\t\t_, err := time.ParseDuration(text)
\t\treturn err == nil
\tcase "base64-input":
\t\tvar v []byte
\t\treturn json.Unmarshal(body, &v) == nil
\tcase "integer-input": // an int64 field tagged `,string`
\t\tvar v struct {
\t\t\tN int64 `json:"n,string"`
\t\t}
\t\treturn json.Unmarshal([]byte(`{"n":`+string(body)+`}`), &v) == nil
\tcase "number-input": // a float64 field tagged `,string`
\t\tvar v struct {
\t\t\tF float64 `json:"f,string"`
\t\t}
\t\treturn json.Unmarshal([]byte(`{"f":`+string(body)+`}`), &v) == nil
\tcase "boolean-input": // a bool field tagged `,string`
\t\tvar v struct {
\t\t\tB bool `json:"b,string"`
\t\t}
\t\treturn json.Unmarshal([]byte(`{"b":`+string(body)+`}`), &v) == nil
\tcase "json-string-input": // a string field tagged `,string`
\t\tvar v struct {
\t\t\tS string `json:"s,string"`
\t\t}
\t\treturn json.Unmarshal([]byte(`{"s":`+string(body)+`}`), &v) == nil
\t}
\tpanic(format)
}

func main() {
\tvar all map[string][]string
\tif err := json.Unmarshal([]byte(cases), &all); err != nil {
\t\tpanic(err)
\t}
\tverdicts := map[string][]bool{}
\tfor format, texts := range all {
\t\tfor _, text := range texts {
\t\t\tverdicts[format] = append(verdicts[format], accepts(format, text))
\t\t}
\t}
\tsent := []string{uuid.Nil.String(), uuid.Max.String()}
\tfor i := 0; i < 200; i++ {
\t\tvar id uuid.UUID
\t\tfor j := range id {
\t\t\tid[j] = byte(i*37 + j*101)
\t\t}
\t\ttext, _ := json.Marshal(id)
\t\tvar s string
\t\tjson.Unmarshal(text, &s)
\t\tsent = append(sent, s, uuid.New().String())
\t}
\tout, _ := json.Marshal(map[string]any{"verdicts": verdicts, "sent": sent})
\tfmt.Println(string(out))
}
"""

JS = """import { readFileSync } from "node:fs";
const { patterns, cases } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = {};
for (const [format, texts] of Object.entries(cases)) out[format] = texts.map((t) => new RegExp(patterns[format]).test(t));
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def go_says(go: str) -> dict[str, Any]:
    work = fresh_dir("formats")
    literal = json.dumps(json.dumps(CASES, ensure_ascii=False), ensure_ascii=False)
    printed = run_program(go, "example.com/depsapp", REPO / "fixtures" / "deps", work, PROGRAM % literal)
    return json.loads(printed.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def javascript_says() -> dict[str, list[bool]]:
    work = fresh_dir("formats-js")
    (work / "job.json").write_text(json.dumps({"patterns": PATTERNS, "cases": CASES}), encoding="utf-8")
    (work / "check.mjs").write_text(JS, encoding="utf-8")
    result = subprocess.run(["node", str(work / "check.mjs"), str(work / "job.json")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _disagreements(go_verdicts: dict[str, list[bool]], pattern_verdicts: dict[str, list[bool]]) -> list[tuple[str, str, bool]]:
    wrong = []
    for format, texts in CASES.items():
        for text, go_ok, pattern_ok in zip(texts, go_verdicts[format], pattern_verdicts[format], strict=True):
            if go_ok != pattern_ok and (format, text) not in KNOWN:
                wrong.append((format, text, go_ok))
    return wrong


def test_the_cases_have_both_verdicts(go_says: dict[str, Any]) -> None:
    for format, verdicts in go_says["verdicts"].items():
        assert any(verdicts) and not all(verdicts), format


def test_javascript_reads_each_input_pattern_as_go_decodes(go_says: dict[str, Any], javascript_says: dict[str, list[bool]]) -> None:
    assert _disagreements(go_says["verdicts"], javascript_says) == []


def test_python_reads_each_input_pattern_as_go_decodes(go_says: dict[str, Any]) -> None:
    python = {f: [re.search(PATTERNS[f], t) is not None for t in texts] for f, texts in CASES.items()}
    assert _disagreements(go_says["verdicts"], python) == []


def test_the_uuid_pattern_matches_what_marshal_text_writes_and_nothing_else(go_says: dict[str, Any]) -> None:
    sent = go_says["sent"]
    assert all(re.search(PATTERNS["uuid"], s) for s in sent), [s for s in sent if not re.search(PATTERNS["uuid"], s)]
    assert not any(re.search(PATTERNS["uuid"], t) for t in (_C.upper(), "{" + _C + "}", _C.replace("-", ""), "urn:uuid:" + _C))


QUOTED_STRING_API = """package api

import (
\t"encoding/json"
\t"net/http"
)

type Input struct {
\tName string `json:"name,string"`
\tN    json.Number `json:"n,string"`
}

func Create(w http.ResponseWriter, r *http.Request) {
\tvar in Input
\tjson.NewDecoder(r.Body).Decode(&in)
\tjson.NewEncoder(w).Encode(in)
}

func Routes(mux *http.ServeMux) { mux.HandleFunc("POST /inputs", Create) }
"""


def test_a_quoted_string_field_is_a_json_string_inside_the_string_on_both_sides() -> None:
    from contractgen.pipeline import build
    from harness.services import write_module

    root = write_module({"go.mod": "module example.com/q\n\ngo 1.24\n", "api/api.go": QUOTED_STRING_API}, "quoted-string")
    contract = build(root, targets=False).contract
    decl = contract.decl("example.com/q/api", "Input")
    sent = {f.name: f.type.format for f in decl.fields}
    assert sent == {"name": "json-string", "n": "number"}
    assert decl.request is not None
    accepted = {f.name: f.type for f in decl.request.fields}
    assert accepted["name"].format == "json-string-input"
    # json.Number with `,string`: only the quoted number (Go refuses {"n":12}), not json.Number's own
    # union; the float's set of texts, which holds every JSON number (and `null`).
    assert (accepted["n"].kind, accepted["n"].format) == ("string", "number-input")
