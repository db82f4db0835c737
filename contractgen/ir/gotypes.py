"""What encoding/json writes for Go's predeclared types and the standard library's well-known types."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from contractgen.ir.model import TypeRef

INT_BITS = {"int8": 8, "int16": 16, "int32": 32, "rune": 32, "int64": 64}
UINT_BITS = {"uint8": 8, "byte": 8, "uint16": 16, "uint32": 32, "uint64": 64}
WORD_SIZED = {"int", "uint", "uintptr"}
ARCH_32_BIT = frozenset({"386", "arm", "mips", "mipsle"})


def integer(bits: int, signed: bool) -> TypeRef:
    if signed:
        return TypeRef("integer", minimum=-(1 << (bits - 1)), maximum=(1 << (bits - 1)) - 1)
    return TypeRef("integer", minimum=0, maximum=(1 << bits) - 1)


def basic(name: str, goarch: str = "amd64") -> TypeRef | None:
    """The JSON of a predeclared type, or None when `name` is not one we map (error, complex, ...).
    Made once per name and platform and shared (a TypeRef is frozen): every field of a basic type
    asks, and building a TypeRef of 17 fields each time was a tenth of the IR build's own time."""
    key = (name, goarch)
    try:
        return _BASIC[key]
    except KeyError:
        found = _BASIC[key] = _basic(name, goarch)
        return found


_BASIC: dict[tuple[str, str], TypeRef | None] = {}


def _basic(name: str, goarch: str) -> TypeRef | None:
    if name == "string":
        return TypeRef("string")
    if name == "bool":
        return TypeRef("boolean")
    if name in ("float32", "float64"):
        return TypeRef("number")
    if name in INT_BITS:
        return integer(INT_BITS[name], True)
    if name in UINT_BITS:
        return integer(UINT_BITS[name], False)
    if name in WORD_SIZED:
        bits = 32 if goarch in ARCH_32_BIT else 64
        return integer(bits, name == "int")
    if name in ("any",):
        return TypeRef("unknown")
    return None


def basic_kind(name: str) -> str | None:
    """reflect.Kind family of a predeclared type: string, int, uint, float, bool, complex, interface."""
    if name == "string":
        return "string"
    if name == "bool":
        return "bool"
    if name in ("float32", "float64"):
        return "float"
    if name in INT_BITS or name == "int":
        return "int"
    if name in UINT_BITS or name in ("uint", "uintptr"):
        return "uint"
    if name in ("complex64", "complex128"):
        return "complex"
    if name in ("any", "error"):
        return "interface"
    return None


class WellKnown(NamedTuple):
    kind: str  # reflect.Kind family, for omitempty and `,string`
    json: TypeRef  # what a value of the type is written as
    defined: TypeRef  # what a type *defined* over it is written as: it has none of the methods
    marshaler: bool  # has MarshalJSON/MarshalText (`,string` does not apply then)
    # What its UnmarshalJSON accepts, where the request side cannot derive it from `json` (a `-input`
    # format for uuid, date-time and base64 is: contractgen/ir/formats.py ACCEPTED); None: `json`.
    accepts: TypeRef | None = None
    takes_null: bool = True  # whether its decoding takes a null (a no-op, as for every type without UnmarshalJSON)


# Standard library types whose JSON form is fixed by their methods or by their definition.
# A defined type (`type Local time.Time`) is written as the underlying type: time.Time's unexported
# fields make `{}`, json.Number's string a plain string.
_NO_FIELDS = TypeRef("object")
_BYTES = TypeRef("string", format="base64", nullable=True)
_INT64 = integer(64, True)
WELL_KNOWN: dict[str, WellKnown] = {
    "time.Time": WellKnown("struct", TypeRef("string", format="date-time"), _NO_FIELDS, True),
    "time.Duration": WellKnown("int", _INT64, _INT64, False),
    # Plain ints on the wire, whatever their value: the zero value of an unset field (0 is no month),
    # and time.Month(13) is sent as 13 too; encoding/json checks no range.
    "time.Month": WellKnown("int", _INT64, _INT64, False),
    "time.Weekday": WellKnown("int", _INT64, _INT64, False),
    "encoding/json.RawMessage": WellKnown("slice", TypeRef("unknown"), _BYTES, True),
    # Decoded from a number, or from a string holding a valid JSON number (literalStore's isValidNumber).
    "encoding/json.Number": WellKnown(
        "string", TypeRef("number"), TypeRef("string"), False, TypeRef("union", variants=(TypeRef("number"), TypeRef("string", format="number")))
    ),
    "net.IP": WellKnown("slice", TypeRef("string"), _BYTES, True),
    "net/netip.Addr": WellKnown("struct", TypeRef("string"), _NO_FIELDS, True),
    "net/netip.AddrPort": WellKnown("struct", TypeRef("string"), _NO_FIELDS, True),
    "net/netip.Prefix": WellKnown("struct", TypeRef("string"), _NO_FIELDS, True),
}


# Well-kept dependencies' types whose MarshalJSON/MarshalText decide their JSON (read in their source,
# proven against real encoding/json in tests/test_deps.py). They apply whether or not the
# dependency's source is on the machine; [types] in contractgen.toml overrides them. A type defined
# over one of them has none of its methods: its exported fields are written instead, shown here as
# unknown JSON where that is more than a plain value (it never rejects what Go writes).
_DATE_TIME_OR_NULL = TypeRef("string", format="date-time", nullable=True)
_DECIMAL = TypeRef("string", format="number")  # d.String() in quotes, unless decimal.MarshalJSONWithoutQuotes is set
# decimal.UnmarshalJSON takes a JSON number or a string (unquoteIfQuoted, then NewFromString), and null.
_DECIMAL_INPUT = TypeRef("union", variants=(TypeRef("number"), TypeRef("string", format="decimal-input")))
_UUID = TypeRef("string", format="uuid")  # MarshalText: the canonical lower-case form
_ANY = TypeRef("unknown")
_METAV1 = "k8s.io/apimachinery/pkg/apis/meta/v1"
WELL_KNOWN.update(
    {
        "github.com/google/uuid.UUID": WellKnown(
            "array", _UUID, TypeRef("array", items=integer(8, False), length=16), True
        ),
        "github.com/google/uuid.NullUUID": WellKnown("struct", TypeRef("string", format="uuid", nullable=True), _ANY, True),
        "github.com/shopspring/decimal.Decimal": WellKnown("struct", _DECIMAL, _NO_FIELDS, True, _DECIMAL_INPUT),
        "github.com/shopspring/decimal.NullDecimal": WellKnown(
            "struct", TypeRef("string", format="number", nullable=True), _ANY, True, replace(_DECIMAL_INPUT, nullable=True)
        ),
        "gorm.io/gorm.DeletedAt": WellKnown("struct", _DATE_TIME_OR_NULL, _ANY, True),  # json.Marshal(Time), or null when not Valid
        "cloud.google.com/go/civil.Date": WellKnown("struct", TypeRef("string"), _ANY, True),  # "2006-01-02", not validated
        "cloud.google.com/go/civil.Time": WellKnown("struct", TypeRef("string"), _ANY, True),  # "15:04:05.999999999"
        "cloud.google.com/go/civil.DateTime": WellKnown("struct", TypeRef("string"), _ANY, True),
        # RFC 3339 in UTC, or null for the zero time (metav1.Time.MarshalJSON); a defined type keeps the
        # embedded time.Time's method: a date-time, never null.
        f"{_METAV1}.Time": WellKnown("struct", _DATE_TIME_OR_NULL, TypeRef("string", format="date-time"), True),
        f"{_METAV1}.MicroTime": WellKnown("struct", _DATE_TIME_OR_NULL, TypeRef("string", format="date-time"), True),
        # time.Duration.String(): "1h0m0s"; its UnmarshalJSON reads a null as "", which ParseDuration refuses.
        f"{_METAV1}.Duration": WellKnown("struct", TypeRef("string"), _ANY, True, TypeRef("string", format="duration-input"), takes_null=False),
        # "100m", "1Gi"; its UnmarshalJSON also parses a bare number (100, 1.5, 1e3).
        "k8s.io/apimachinery/pkg/api/resource.Quantity": WellKnown(
            "struct", TypeRef("string"), _ANY, True, TypeRef("union", variants=(TypeRef("number"), TypeRef("string")))
        ),
        # json.Marshal(IntVal), an int32, or json.Marshal(StrVal), by Type (the zero value: the integer 0).
        "k8s.io/apimachinery/pkg/util/intstr.IntOrString": WellKnown(
            "struct", TypeRef("union", variants=(integer(32, True), TypeRef("string"))), _ANY, True
        ),
        "k8s.io/apimachinery/pkg/runtime.RawExtension": WellKnown("struct", _ANY, _ANY, True),  # the raw JSON, or null
        f"{_METAV1}.FieldsV1": WellKnown("struct", _ANY, _ANY, True),  # managedFields' raw JSON object, or null
    }
)
