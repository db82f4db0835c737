"""The string formats that are sets of texts only a regular expression says: what the well-known types'
marshalers write (response side) and what their unmarshalers, or encoding/json's own decoding, accept
(request side, the `-input` formats). A leaf: the Zod schemas and the JSON Schema documents (and
through them OpenAPI and Pydantic) check each with the same pattern.

Each pattern reads the same in ECMA-262 without flags (a JavaScript regex literal, JSON Schema's
`pattern`) and in Python's `re` (python-jsonschema): ASCII classes only, `/` escaped. Measured with
real Go (tests/test_requests.py, tests/test_formats.py); where a pattern cannot follow Go exactly it
accepts more, never less (the server rejects the rest).
"""

from __future__ import annotations

from contractgen.ir.model import StringFormat

_HEX = "[0-9a-fA-F]"
_CANONICAL_ANY_CASE = f"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}"
_LINE_BREAKS = r"[\r\n]*"
_BASE64_CHAR = rf"[A-Za-z0-9+\/]{_LINE_BREAKS}"
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_DATE = (
    "(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    f"|02-(?:0[1-9]|1[0-9]|2[0-8]))|{_LEAP_YEAR}-02-29)"
)

# A JSON string literal; Go's unquote also takes the escape `\'`.
_JSON_STRING = '"' + r"""(?:[^"\\\x00-\x1f]|\\["\\\/'bfnrt]|\\u[0-9a-fA-F]{4})*""" + '"'

# strconv.ParseFloat's decimal and hexadecimal literals: `_` between digits (or after the base prefix).
_DIGITS = "[0-9](?:_?[0-9])*"
_EXPONENT = f"(?:[eE][+-]?{_DIGITS})?"
_DECIMAL = rf"{_DIGITS}(?:\.(?:{_DIGITS})?)?{_EXPONENT}"
_HEX_DIGITS = f"{_HEX}(?:_?{_HEX})*"
_HEX_FLOAT = rf"0[xX](?:_?{_HEX_DIGITS}(?:\.(?:{_HEX_DIGITS})?)?|\.{_HEX_DIGITS})[pP][+-]?{_DIGITS}"

PATTERNS: dict[str, str] = {
    # uuid.UUID.MarshalText: the canonical 36 characters, lower case (uuid.Nil and uuid.Max included,
    # any version and variant, which Zod's z.uuid() would not all accept).
    "uuid": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    # uuid.UUID.UnmarshalText (ParseBytes) goes by the length in bytes: 36 (any case), 38 (the first and
    # last byte are dropped unchecked: `{...}`, but any one-byte character), 45 (a `urn:uuid:` prefix in
    # any case) or 32 hex digits.
    "uuid-input": rf"^(?:{_CANONICAL_ANY_CASE}|[\x00-\x7f]{_CANONICAL_ANY_CASE}[\x00-\x7f]"
    rf"|[uU][rR][nN]:[uU][uU][iI][dD]:{_CANONICAL_ANY_CASE}|{_HEX}{{32}})$",
    # time.Time.UnmarshalJSON (time.Parse with RFC 3339; its strict checks are disabled since Go 1.20):
    # a day that the month has (February 29 in leap years), a one- or two-digit hour, `.` or `,` before
    # the fraction, offsets up to ±24:60.
    "date-time-input": rf"^{_DATE}T(?:[01]?[0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:[.,][0-9]+)?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-4]):(?:[0-5][0-9]|60))$",
    # decimal.Decimal.UnmarshalJSON of a string (decimal.NewFromString): a sign, digits with an optional
    # point anywhere (`5.`, `.5`, `007`), an exponent.
    "decimal-input": r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$",
    # metav1.Duration.UnmarshalJSON: time.ParseDuration, `0` or numbers with units, signed once
    # (`1h30m`, `-1.5s`, `.5us`, `2µs`); an overflow is the server's to refuse.
    "duration-input": r"^[-+]?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$",
    # A string field tagged `,string`: encoding/json writes its value as a JSON string inside the string.
    "json-string": _JSON_STRING.join("^$"),
    # ... and decodes only that (literalStore's unquote: escapes as JSON has them, no raw `"` or control
    # character), or the text `null`, which leaves the field as it is.
    "json-string-input": f"^(?:null|{_JSON_STRING})$",
    # A number or bool field tagged `,string` decodes the text `null` (the field left as it is), or
    # what literalStore takes after the quotes come off: an integer from strconv.ParseInt (base 10,
    # a leading `-` only: `+1` is refused, `007` taken; a uint refuses `-0`, and the range is the
    # server's to refuse), a float from strconv.ParseFloat (`1.`, `1_0`, `0x1p-2`, `-Inf`; not `.5`
    # or `Inf`, which do not start with `-` or a digit), a bool from `true` or `false` exactly.
    "integer-input": "^(?:null|-?[0-9]+)$",
    "number-input": rf"^(?:null|{_DECIMAL}|{_HEX_FLOAT}|-(?:{_DECIMAL}|{_HEX_FLOAT}|\.{_DIGITS}{_EXPONENT}|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?))$",
    "boolean-input": "^(?:null|true|false)$",
    # A []byte from a string: base64.StdEncoding.Decode, padded, which skips CR and LF anywhere.
    "base64-input": rf"^{_LINE_BREAKS}(?:(?:{_BASE64_CHAR}){{4}})*"
    rf"(?:(?:{_BASE64_CHAR}){{2}}={_LINE_BREAKS}={_LINE_BREAKS}|(?:{_BASE64_CHAR}){{3}}={_LINE_BREAKS})?$",
}

# Where the encoder writes a string of the first format, the decoder accepts the second.
ACCEPTED: dict[str, StringFormat] = {
    "uuid": "uuid-input",
    "date-time": "date-time-input",
    "json-string": "json-string-input",
    "integer": "integer-input",
    "number": "number-input",
    "boolean": "boolean-input",
}
