"""TypeScript spellings: identifiers, property keys, literals and doc comments that cannot break out."""

from __future__ import annotations

import json
import re

# Reserved words and strict-mode/contextual names that cannot name a binding in a module.
RESERVED = frozenset(
    """break case catch class const continue debugger default delete do else enum export extends false
    finally for function if import in instanceof new null return super switch this throw true try typeof
    var void while with yield let static implements interface package private protected public await
    arguments eval undefined any unknown never object string number boolean symbol bigint type as async
    of declare namespace module require keyof infer readonly is asserts unique z""".split()
)
# Modifiers TypeScript reads before a type parameter (`<out T>`, `<const T>`): in a generic arrow
# function `<abstract extends z.ZodType>(...)` such a name is taken for one and the parse fails.
TYPE_PARAM_RESERVED = RESERVED | frozenset(
    "abstract accessor async declare out override private protected public readonly static export default in const".split()
)
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def identifier(name: str) -> str:
    """A binding name: Go identifiers are valid JS identifiers except for the reserved words."""
    return name + "_" if name in RESERVED else name


def type_param_name(name: str) -> str:
    """A Go type parameter's name in TypeScript (`abstract` becomes `abstract_`)."""
    return name + "_" if name in TYPE_PARAM_RESERVED else name


def unique_identifier(base: str, taken: set[str]) -> str:
    """`base` as a binding name, numbered when taken; the result is added to `taken`."""
    base = identifier(base)
    candidate, n = base, 2
    while candidate in taken or candidate in RESERVED:
        candidate = f"{base}{n}"
        n += 1
    taken.add(candidate)
    return candidate


def property_key(name: str, computed_for_proto: bool = False) -> str:
    """An object/interface key. `__proto__` in an object literal would set the prototype, so it is computed there."""
    if name == "__proto__" and computed_for_proto:
        return '["__proto__"]'
    if _IDENTIFIER.match(name):
        return name
    return string_literal(name)


def string_literal(value: str) -> str:
    # ASCII-only JSON text is a valid JS string literal whatever the value holds (U+2028, quotes, `</script>`).
    return json.dumps(value, ensure_ascii=True)


def doc_lines(text: str) -> list[str]:
    """Go doc text as TSDoc lines; `*/` can never close the comment early, `Deprecated:` becomes @deprecated."""
    if not text.strip():
        return []
    # A `*/` never spans lines and stripping a line's end never makes one: escaped in the whole text at once.
    lines = [line.rstrip() for line in text.replace("\r", "").replace("*/", "*\\/").split("\n")]
    if "Deprecated:" in text:
        lines = ["@deprecated" + line[len("Deprecated:") :] if line.startswith("Deprecated:") else line for line in lines]
    return lines


def jsdoc(lines: list[str], indent: str = "") -> str:
    """The `jsdoc` filter of the TypeScript templates: doc lines (from `doc_lines`) as a `/** */`
    comment, each line after `indent`, ending in a newline; nothing for no lines. A filter rather
    than a template macro: a macro call costs jinja2 ten times a function's, and kubernetes/api's
    types have 7,000 doc comments."""
    if not lines:
        return ""
    if len(lines) == 1:
        return f"{indent}/** {lines[0]} */\n"
    star = indent + " *"
    lead = star + " "
    body = "".join([lead + line + "\n" if line else star + "\n" for line in lines])
    return f"{indent}/**\n{body}{star}/\n"


# The TypeScript templates' own filters (contractgen.templating.environment).
FILTERS = {"jsdoc": jsdoc}


# What ends a `//` comment in JavaScript: LF, CR, and the two Unicode line terminators.
_LINE_TERMINATORS = re.compile("[\n\r\u2028\u2029]")
_NOT_IDENTIFIER_CHAR = re.compile(r"[^A-Za-z0-9_$]")


def line_comment_text(text: str) -> str:
    """`text` for the inside of a `//` comment: a line terminator would end it and turn the rest into code."""
    return _LINE_TERMINATORS.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def namespace_identifier(text: str) -> str:
    """A binding name for any text (a package directory such as `2fa`, `my pkg`, `a/b`): every
    character outside [A-Za-z0-9_$] becomes `_`, a leading digit gets a `_` in front."""
    name = _NOT_IDENTIFIER_CHAR.sub("_", text) or "_"
    return identifier("_" + name if name[0].isdigit() else name)


def enum_key(type_name: str, const_name: str) -> str:
    """`StatusActive` of type `Status` is `Status.Active` in TypeScript, when what remains is a name."""
    rest = const_name[len(type_name) :] if const_name.startswith(type_name) else ""
    if rest and _IDENTIFIER.match(rest) and not rest[0].isdigit():
        return rest
    return const_name
