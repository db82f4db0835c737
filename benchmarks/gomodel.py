"""The vocabulary and the file model of the synthetic Go module (benchmarks/synth.py): word lists,
what is declared (packages, structs, fields), and a Go file rendered as gofmt would print it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MODULE = "example.com/synth"
GO_VERSION = "1.22"

DOMAINS = (
    "common accounts billing catalog inventory orders payments shipping users notifications reports search "
    "analytics audit pricing reviews support tenants webhooks media events ledger loyalty warehouse fleet "
    "scheduling contracts invoices subscriptions messaging identity compliance forecasts procurement returns "
    "promotions storage telemetry workflow integrations"
).split()
NOUNS = (
    "Customer Order Item Invoice Payment Address Shipment Product Price Discount Account Session Token "
    "Report Event Rule Policy Plan Quota Usage Ticket Comment Attachment Label Category Warehouse Stock "
    "Reservation Refund Transfer Ledger Entry Batch Job Task Schedule Slot Route Vehicle Driver Device "
    "Sensor Reading Alert Template Message Recipient Subscription Feature Flag Experiment Variant Metric "
    "Dashboard Widget Query Result Cursor Region Tenant Member Role Permission Credential Webhook Delivery"
).split()
STRUCT_SUFFIXES = ("", "Summary", "Detail", "Request", "Response", "Spec", "Snapshot", "Record", "Config",
                   "Options", "Payload", "Input", "Output", "Update", "Stats", "Item", "Ref", "View")
ENUM_SUFFIXES = ("Status", "Kind", "State", "Level", "Mode", "Reason", "Priority", "Tier", "Stage", "Source")
ENUM_VALUES = ("active inactive pending archived draft failed succeeded cancelled expired queued running "
               "blocked approved rejected low medium high critical manual automatic internal external").split()
# Field names never collide with the methods the noise declares on these types (Validate, Describe, ...).
FIELD_WORDS = (
    "Name Title Description Amount Currency Quantity Email Phone URL Notes Tags Labels Metadata Attributes "
    "Version Count Total Score Weight Owner Zone Locale Timezone Enabled Verified Archived Reference "
    "ExternalID Checksum Payload Limit Offset Retries Timeout Interval Threshold Ratio Latitude Longitude "
    "Children Parent Links Origin Target Kind Reason Code Hash Size Sequence Revision Etag Comment Summary "
    "Priority Deadline Window Budget Capacity Position Color Icon Slug Path Format Encoding Digest"
).split()
FIELD_QUALIFIERS = ("Primary", "Secondary", "Billing", "Shipping", "Last", "First", "Next", "Default", "Max",
                    "Min", "Previous", "Display", "Internal", "Public")
VERBS = ("normalize parse format collect merge split compute resolve build render encode decode sanitize "
         "validate summarize group index rank filter score sort dedupe load flush retry schedule").split()
NOISE_WORDS = ("handler service store client convert cache worker metrics middleware router util format "
               "query sync export import notify policy").split()


# --- the model of what is declared ----------------------------------------------------------------


@dataclass
class FieldInfo:
    name: str  # the Go field name; for an embedded field, the type's name
    type: str  # Go type as written; for an embedded field, as written after the (optional) star
    tag: str | None
    embedded: bool = False
    copy: str = "value"  # how a deep copy treats it: value, slice, map, pointer


@dataclass
class StructInfo:
    name: str
    fields: list[FieldInfo]
    json_methods: bool = False


@dataclass
class Pkg:
    index: int
    name: str
    dir: str
    structs: list[StructInfo] = field(default_factory=list)
    string_enums: list[str] = field(default_factory=list)
    int_enums: list[str] = field(default_factory=list)
    type_names: set[str] = field(default_factory=set)
    func_names: set[str] = field(default_factory=set)
    methods: set[tuple[str, str]] = field(default_factory=set)  # (type, method) pairs already declared
    slots: list[str] = field(default_factory=list)  # kinds of the files to write, in order

    @property
    def import_path(self) -> str:
        return f"{MODULE}/{self.dir}"


@dataclass
class GoFile:
    path: str
    package: str
    header: str = ""  # comment lines and build constraint above the package clause
    imports: set[str] = field(default_factory=set)  # import lines as written: `"fmt"` or `alias "path"`
    decls: list[str] = field(default_factory=list)
    kind: str = ""

    def size(self) -> int:
        return sum(len(d) + 1 for d in self.decls) + 200

    def render(self) -> str:
        out = [f"{self.header}package {self.package}\n"]
        if self.imports:
            std = sorted((i for i in self.imports if "." not in import_path_of(i).split("/")[0]), key=import_path_of)
            local = sorted((i for i in self.imports if i not in std), key=import_path_of)
            if len(self.imports) == 1:
                out.append(f"import {next(iter(self.imports))}\n")
            else:
                groups = ["\n".join("\t" + i for i in group) for group in (std, local) if group]
                out.append("import (\n" + "\n\n".join(groups) + "\n)\n")
        out.extend(self.decls)
        return "\n".join(out)


def import_path_of(line: str) -> str:
    return line.split('"')[1]


def aligned(rows: list[list[str]], indent: str = "\t") -> list[str]:
    """Lines of cells aligned the way gofmt aligns them: a column spans the consecutive rows that
    have a cell after it, so a shorter row ends the alignment of the columns it lacks."""
    lines: list[list[str]] = [[] for _ in rows]
    width = max((len(r) for r in rows), default=0)
    for col in range(width - 1):
        start = 0
        while start < len(rows):
            if len(rows[start]) <= col + 1:
                start += 1
                continue
            end = start
            while end < len(rows) and len(rows[end]) > col + 1:
                end += 1
            w = max(len(rows[i][col]) for i in range(start, end))
            for i in range(start, end):
                lines[i].append(rows[i][col].ljust(w + 1))
            start = end
    out = []
    for row, cells in zip(rows, lines):
        out.append(indent + "".join(cells) + row[len(cells)] if row else "")
    return out


def snake(name: str) -> str:
    name = name.replace("ID", "Id").replace("URL", "Url")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
