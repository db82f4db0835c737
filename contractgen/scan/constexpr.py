"""Evaluation of Go constant expressions, enough for enum const blocks: literals, iota, operators, conversions."""

from __future__ import annotations

from typing import Callable

from tree_sitter import Node

Value = int | float | str | bool


class NotConstant(Exception):
    """The expression is beyond this evaluator; the constant's value is then unknown."""


def literal_string(node: Node) -> str:
    """The value of an interpreted or raw Go string literal node."""
    text = node.text.decode("utf-8", "replace") if node.text else ""
    if node.type == "raw_string_literal":
        return text[1:-1].replace("\r", "")
    return _unescape(text[1:-1])


def evaluate(node: Node, iota: int, lookup: Callable[[str], Value | None]) -> Value:
    """The constant's value; NotConstant for anything this evaluator does not follow, never another error."""
    try:
        return _evaluate(node, iota, lookup)
    except (ValueError, ArithmeticError, IndexError, TypeError) as exc:
        raise NotConstant(str(exc)) from None


def _evaluate(node: Node, iota: int, lookup: Callable[[str], Value | None]) -> Value:
    kind = node.type
    text = node.text.decode("utf-8", "replace") if node.text else ""
    if kind == "int_literal":
        return _int_literal(text)
    if kind == "float_literal":
        digits = text.replace("_", "")
        return float.fromhex(digits) if digits.lower().startswith("0x") else float(digits)
    if kind in ("interpreted_string_literal", "raw_string_literal"):
        return literal_string(node)
    if kind == "rune_literal":
        return ord(_unescape(text[1:-1])[0])
    if kind == "iota":
        return iota
    if kind == "true":
        return True
    if kind == "false":
        return False
    if kind == "identifier":
        value = lookup(text)
        if value is None:
            raise NotConstant(text)
        return value
    if kind == "parenthesized_expression":
        return _evaluate(node.named_children[0], iota, lookup)
    if kind == "unary_expression":
        operand = _evaluate(node.child_by_field_name("operand"), iota, lookup)  # type: ignore[arg-type]
        op = node.child_by_field_name("operator")
        return _unary(op.type if op else "", operand)
    if kind == "binary_expression":
        left = _evaluate(node.child_by_field_name("left"), iota, lookup)  # type: ignore[arg-type]
        right = _evaluate(node.child_by_field_name("right"), iota, lookup)  # type: ignore[arg-type]
        op = node.child_by_field_name("operator")
        return _binary(op.type if op else "", left, right)
    if kind == "call_expression":
        # A conversion `T(x)` keeps x's value; the IR builder takes T as the constant's type.
        args = node.child_by_field_name("arguments")
        if args is not None and len(args.named_children) == 1:
            return _evaluate(args.named_children[0], iota, lookup)
    raise NotConstant(text)


def _int_literal(text: str) -> int:
    text = text.replace("_", "")
    if len(text) > 1 and text[0] == "0" and text[1].isdigit():
        return int(text[1:], 8)
    return int(text, 0)


def _unary(op: str, value: Value) -> Value:
    if op == "-" and not isinstance(value, (str, bool)):
        return -value
    if op == "+" and not isinstance(value, (str, bool)):
        return value
    if op == "^" and isinstance(value, int) and not isinstance(value, bool):
        return ~value
    if op == "!" and isinstance(value, bool):
        return not value
    raise NotConstant(op)


def _binary(op: str, a: Value, b: Value) -> Value:
    if isinstance(a, str) and isinstance(b, str) and op == "+":
        return a + b
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        raise NotConstant(op)
    if isinstance(a, int) and isinstance(b, int):
        if op == "/":
            return int(a / b) if b else _raise(op)
        if op == "%":
            return a - b * int(a / b) if b else _raise(op)
        integer_ops: dict[str, Callable[[int, int], int]] = {
            "<<": lambda x, y: x << y,
            ">>": lambda x, y: x >> y,
            "&": lambda x, y: x & y,
            "|": lambda x, y: x | y,
            "^": lambda x, y: x ^ y,
            "&^": lambda x, y: x & ~y,
        }
        if op in ("<<", ">>") and not 0 <= b <= 4096:
            raise NotConstant(op)  # a negative shift is a Go compile error; a huge one is no enum value
        if op in integer_ops:
            return integer_ops[op](a, b)
    arithmetic: dict[str, Callable[[float, float], float]] = {
        "+": lambda x, y: x + y,
        "-": lambda x, y: x - y,
        "*": lambda x, y: x * y,
        "/": lambda x, y: x / y,
    }
    if op in arithmetic:
        try:
            return arithmetic[op](a, b)
        except ZeroDivisionError:
            _raise(op)
    raise NotConstant(op)


def _raise(op: str) -> int:
    raise NotConstant(op)


_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"'}


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body  # most literals (every struct tag in backquotes aside) have nothing to unescape
    out: list[str] = []
    raw_bytes = bytearray()
    i = 0

    def flush() -> None:
        if raw_bytes:
            out.append(raw_bytes.decode("utf-8", "replace"))
            raw_bytes.clear()

    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 >= len(body):
            flush()
            out.append(ch)
            i += 1
            continue
        esc = body[i + 1]
        if esc in _SIMPLE_ESCAPES:
            flush()
            out.append(_SIMPLE_ESCAPES[esc])
            i += 2
        elif esc == "x":
            raw_bytes.append(int(body[i + 2 : i + 4], 16))  # \x escapes are bytes, maybe of one UTF-8 sequence
            i += 4
        elif esc in "01234567":
            raw_bytes.append(int(body[i + 1 : i + 4], 8))
            i += 4
        elif esc in "uU":
            width = 4 if esc == "u" else 8
            flush()
            out.append(chr(int(body[i + 2 : i + 2 + width], 16)))
            i += 2 + width
        else:
            raise NotConstant(body)
    flush()
    return "".join(out)
