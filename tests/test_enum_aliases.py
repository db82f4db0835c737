"""An enum's constants may be declared with an alias of its type: `type State = Status` makes
`const StateClosed State = "closed"` a Status, which encoding/json sends as "closed" for either
name. The enum used to leave it out (its schema rejected "closed": found by an audit against real Go)."""

from __future__ import annotations

import json

from contractgen.pipeline import build
from harness.gorun import run_main
from harness.services import types_module_marshalling

TYPES = """type Status string

const StatusOpen Status = "open"

// State is another name for Status.
type State = Status

const StateClosed State = "closed"

type Ticket struct {
\tStatus Status `json:"status"`
\tState  State  `json:"state"`
}
"""


def test_constants_of_an_alias_are_members_of_the_enum(go: str) -> None:
    root = types_module_marshalling(TYPES, "models.Ticket{Status: models.StateClosed, State: models.StatusOpen}", "enumaliases")
    printed = run_main(go, root, "./cmd")
    assert json.loads(printed) == {"status": "closed", "state": "open"}

    generation = build(root)
    status = generation.contract.decl("example.com/lib/models", "Status")
    assert status.kind == "enum" and [(m.name, m.value) for m in status.members] == [("StatusOpen", "open"), ("StateClosed", "closed")]
    ts = generation.files["ts/src/models.ts"]
    assert 'export const Status = {\n  Open: "open",\n  StateClosed: "closed",\n} as const;' in ts
    assert "export type State = Status;" in ts
