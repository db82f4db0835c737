"""The TS runtime and the Go package spell the wire format from contractgen/wire.py: rendered with
another description, they say the other thing, and none of the real one's spellings is left."""

from __future__ import annotations

from dataclasses import replace

import pytest

from contractgen import wire
from contractgen.pipeline import build
from harness.paths import REPO

OTHER = replace(
    wire.WIRE,
    envelope_key="result",
    json="application/vnd.test+json",
    problem_json="application/vnd.test-problem+json",
    problem_type="urn:test",
    problem={k: replace(m, name="x_" + m.name) for k, m in wire.WIRE.problem.items()},
)


def test_templates_spell_the_wire_format_from_its_description(monkeypatch: pytest.MonkeyPatch) -> None:
    import contractgen.targets.go as go
    import contractgen.targets.ts.client as client

    import contractgen.targets.ts as ts_target
    from contractgen.scan.cache import FactCache

    monkeypatch.setattr(go, "WIRE", OTHER)
    monkeypatch.setattr(client, "WIRE", OTHER)
    # Nothing reused from another test's build: the generation memo and the rendered modules know
    # nothing of WIRE being patched.
    monkeypatch.setattr(ts_target, "_MODULE_TEXTS", {})
    files = build(REPO / "tests/golden/errors_catalog/input", target_names=("ts", "go"), cache=FactCache(None)).files
    runtime = files["ts/src/_runtime.ts"]
    problem = next(text for path, text in files.items() if path.endswith("/problem.go"))
    handler = next(text for path, text in files.items() if path.endswith("/handler.go"))
    assert "result: T;" in runtime and 'value["result"]' in runtime and '"application/vnd.test-problem+json"' in runtime
    assert 'parsed["x_reason"]' in runtime and 'field("x_detail")' in runtime
    assert 'Reason Reason `json:"x_reason"`' in problem and 'Metadata map[string]string `json:"x_metadata,omitempty"`' in problem
    assert 'Detail   json.RawMessage `json:"x_detail"`' in problem  # what decodeProblem reads, by the same keys
    assert 'Type: "urn:test"' in problem and 'h.Set("Content-Type", "application/vnd.test-problem+json")' in problem
    assert 'Data T `json:"result"`' in handler and 'Set("Content-Type", "application/vnd.test+json")' in handler
    for text in (runtime, problem, handler):
        assert '"data"' not in text and '"about:blank"' not in text and '"application/problem+json"' not in text
        assert '"application/json' not in text and '`json:"reason"`' not in text and '"reason"' not in text
