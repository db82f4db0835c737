"""What encoding/json writes for Go's predeclared types and the standard library's well-known types."""

from __future__ import annotations

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
    """The JSON of a predeclared type, or None when `name` is not one we map (error, complex, ...)."""
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


def is_basic(name: str) -> bool:
    return basic(name) is not None or name in ("complex64", "complex128", "error")


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


# Standard library types whose JSON form is fixed by their methods or by their definition.
# (kind family for omitempty, TypeRef)
WELL_KNOWN: dict[str, tuple[str, TypeRef]] = {
    "time.Time": ("struct", TypeRef("string", format="date-time")),
    "time.Duration": ("int", integer(64, True)),
    "time.Month": ("int", TypeRef("integer", minimum=1, maximum=12)),
    "time.Weekday": ("int", TypeRef("integer", minimum=0, maximum=6)),
    "encoding/json.RawMessage": ("slice", TypeRef("unknown")),
    "encoding/json.Number": ("string", TypeRef("number")),
    "net.IP": ("slice", TypeRef("string")),
    "net/netip.Addr": ("struct", TypeRef("string")),
    "net/netip.AddrPort": ("struct", TypeRef("string")),
    "net/netip.Prefix": ("struct", TypeRef("string")),
}
