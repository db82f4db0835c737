"""One Go file -> FileFacts, with tree-sitter-go. Works on code that does not compile (or even parse) yet."""

from __future__ import annotations

import re
from functools import lru_cache

from tree_sitter import Language, Node, Parser, Range

from contractgen.diagnostics import Diagnostic, Position, error
from contractgen.scan import constexpr
from contractgen.scan.directives import PREFIX, is_directive, split_directive, strip_directives
from contractgen.scan.facts import (
    ArrayExpr,
    ConstFact,
    Directive,
    FieldFact,
    FileFacts,
    ImportFact,
    InterfaceExpr,
    MapExpr,
    MethodFact,
    NameExpr,
    PointerExpr,
    SliceExpr,
    StructExpr,
    TypeDeclFact,
    TypeExpr,
    TypeParamFact,
    UnsupportedExpr,
)
from contractgen.scan.gobytes import COMMENT_OR_LITERAL

# Methods whose presence changes what encoding/json writes (or accepts) for a type.
JSON_METHODS = frozenset({"MarshalJSON", "MarshalText", "UnmarshalJSON", "UnmarshalText"})
# The methods recorded whatever their results: the marshalers, and ServeHTTP (an http.Handler, so a
# router of an outside module is told from an HTTP client: contractgen/ir/router_receivers.py).
_RECORDED_METHODS = JSON_METHODS | {"ServeHTTP"}
MAX_SYNTAX_ERRORS_PER_FILE = 5


@lru_cache(maxsize=2)
def _parser(purpose: str = "whole files") -> Parser:
    """The parser for `purpose`: the ranges parse of parse_declarations has one of its own, since
    `included_ranges` stays set on a parser."""
    import tree_sitter_go

    return Parser(Language(tree_sitter_go.language()))


def parse_file(path: str, source: bytes) -> FileFacts:
    from contractgen.scan.routes import mentions_endpoints

    tree = _parser().parse(source)
    return _FileReader(path, source, read_endpoints=mentions_endpoints(source)).read(tree.root_node)


def parse_declarations(path: str, source: bytes) -> FileFacts:
    """A file read without its function bodies: its imports, types, constants and methods, no
    endpoints (a dependency's file: its own route registrations are no endpoints of this module).

    Most bodies are not even parsed: tree-sitter is given the file without them (`_outside_bodies`),
    which takes about a third of the time of parsing the whole file. That tree is used only when it
    has no error and each body left out is the body of a function or method in it; otherwise the
    whole file is parsed."""
    skipped = _outside_bodies(source)
    if skipped is not None:
        ranges, bodies = skipped
        parser = _parser("declarations")
        parser.included_ranges = ranges
        root = parser.parse(source).root_node
        if not root.has_error and bodies <= _function_bodies(root):
            return _FileReader(path, source).read(root)
    return _FileReader(path, source).read(_parser().parse(source).root_node)


# A top-level function's or method's first line, ending with a `{` as gofmt writes it when the
# signature fits on one line. The `{` may open a result type instead (`(out struct {`, `struct {`):
# the check of the tree that parse_declarations makes tells those from bodies.
_BODY_START = re.compile(rb"\nfunc [^\n]*\{\n")


def _outside_bodies(source: bytes) -> tuple[list[Range], set[tuple[int, int]]] | None:
    """The ranges of `source` outside the bodies of its top-level functions and methods (a body's
    braces stay: `func f() {}`), and the (start, end) bytes of the braced bodies left out; None when
    none is. A body ends at the first line that starts with `}` outside its comments and literals: in
    gofmt's layout every other line inside a body is indented. (A `func` line inside a top-level raw
    string is no body: the check of the tree in parse_declarations finds that.)"""
    ranges: list[Range] = []
    bodies: set[tuple[int, int]] = set()
    start = 0
    row, row_at, line_start = 0, 0, 0  # offset row_at is on line `row`, which starts at line_start

    def point(offset: int) -> tuple[int, int]:
        nonlocal row, row_at, line_start
        newlines = source.count(b"\n", row_at, offset)
        if newlines:
            row += newlines
            line_start = source.rfind(b"\n", row_at, offset) + 1
        row_at = offset
        return (row, offset - line_start)

    for match in _BODY_START.finditer(source):
        body = match.end() - 1  # after the `{`, at the newline
        if body < start:
            continue
        end = _body_end(source, body)
        if end < 0:
            break
        ranges.append(Range(point(start), point(body), start, body))
        bodies.add((body - 1, end + 2))  # the block from its `{` through its `}`
        start = end
    if not ranges:
        return None
    ranges.append(Range(point(start), point(len(source)), start, len(source)))
    return ranges, bodies


# In a body: the first line starting with `}`, or a comment or literal (in which such a line is text).
_BODY_END_OR_NOISE = re.compile(rb"\n\}|" + COMMENT_OR_LITERAL, re.DOTALL)


def _body_end(source: bytes, body: int) -> int:
    """Where the body starting at `body` ends (its last line's newline), or -1."""
    end = source.find(b"\n}", body)
    if end < 0:
        return -1
    if source.find(b"`", body, end) < 0 and source.find(b"/*", body, end) < 0:
        return end  # no raw string or block comment before it: the common case, at C speed
    for match in _BODY_END_OR_NOISE.finditer(source, body):
        if match.group(0) == b"\n}":
            return match.start()
    return -1


def _function_bodies(root: Node) -> set[tuple[int, int]]:
    found = set()
    for child in root.named_children:
        if child.type in ("function_declaration", "method_declaration"):
            body = child.child_by_field_name("body")
            if body is not None:
                found.add((body.start_byte, body.end_byte))
    return found


def parse_functions(path: str, source: bytes, names: frozenset[str]) -> FileFacts:
    """A file read only for the functions and methods called `names` (handlers named by routes elsewhere)."""
    tree = _parser().parse(source)
    return _FileReader(path, source, read_endpoints=True, only=names).read(tree.root_node)


def _text(node: Node | None) -> str:
    return node.text.decode("utf-8", "replace") if node is not None and node.text is not None else ""


class _FileReader:
    def __init__(self, path: str, source: bytes, read_endpoints: bool = False, only: frozenset[str] | None = None) -> None:
        self.path = path
        self.source = source
        self.read_endpoints = read_endpoints
        self.only = only
        self.diagnostics: list[Diagnostic] = []
        self.package = ""
        self.imports: list[ImportFact] = []
        self.types: list[TypeDeclFact] = []
        self.consts: list[ConstFact] = []
        self.methods: list[MethodFact] = []
        self.const_values: dict[str, constexpr.Value] = {}
        self.const_types: dict[str, NameExpr] = {}

    def pos(self, node: Node) -> Position:
        row, col = node.start_point
        return Position(self.path, row + 1, col + 1)

    def read(self, root: Node) -> FileFacts:
        if root.has_error:
            self._report_syntax_errors(root)
        for child in root.named_children:
            if child.has_error:
                continue  # its shape is unknowable; the syntax error was reported above
            kind = child.type
            if kind == "package_clause":
                self.package = _text(child.named_children[0]) if child.named_children else ""
            elif kind == "import_declaration":
                self._imports(child)
            elif kind == "type_declaration":
                self._type_declaration(child)
            elif kind == "const_declaration":
                self._const_declaration(child)
            elif kind == "method_declaration":
                self._method(child)
        endpoints = None
        if self.read_endpoints:
            from contractgen.scan.endpoints import read_endpoints

            endpoints = read_endpoints(root, self, self.only)
        return FileFacts(
            path=self.path,
            package=self.package,
            imports=tuple(self.imports),
            types=tuple(self.types),
            consts=tuple(self.consts),
            methods=tuple(self.methods),
            diagnostics=tuple(self.diagnostics),
            endpoints=endpoints,
        )

    # --- errors -------------------------------------------------------------------------------

    def _report_syntax_errors(self, root: Node) -> None:
        found: list[Node] = []
        stack = [root]
        while stack and len(found) < MAX_SYNTAX_ERRORS_PER_FILE:
            node = stack.pop()
            if node.is_error or node.is_missing:
                found.append(node)
                continue
            if node.has_error:
                stack.extend(reversed(node.children))
        for node in found:
            position = self.pos(node)
            if node.is_missing:
                message = f"syntax error: missing {node.type!r}"
            elif not self.source[node.end_byte :].strip():
                # The file ends inside the broken construct (a truncated file): the error is where the
                # file ends, as the go tool reports it, and the construct's start is said too.
                message = f"syntax error: unexpected end of file in the declaration at {position.line}:{position.column}"
                position = self._end_of_file()
            else:
                snippet = _text(node).split("\n", 1)[0][:40]
                message = f"syntax error near {snippet!r}" if snippet else "syntax error"
            self.diagnostics.append(
                error("CG001", message, position, "declarations around this point are skipped until the file parses; the rest is generated")
            )

    def _end_of_file(self) -> Position:
        """Where the go tool puts EOF: a final newline starts no line of its own (go/token's AddLine)."""
        size = len(self.source)
        last_line_start = self.source.rfind(b"\n", 0, max(size - 1, 0)) + 1
        line = self.source.count(b"\n", 0, last_line_start) + 1
        return Position(self.path, line, size - last_line_start + 1)

    # --- imports ------------------------------------------------------------------------------

    def _imports(self, node: Node) -> None:
        for spec in _descendants_of_type(node, "import_spec"):
            path_node = spec.child_by_field_name("path")
            name_node = spec.child_by_field_name("name")
            path = constexpr.literal_string(path_node) if path_node is not None else ""
            self.imports.append(ImportFact(alias=_text(name_node) or None, path=path))

    # --- types --------------------------------------------------------------------------------

    def _type_declaration(self, node: Node) -> None:
        single = len(node.named_children) == 1
        group_doc, group_directives = self.doc_and_directives(node) if single else ("", ())
        for spec in node.named_children:
            if spec.type not in ("type_spec", "type_alias"):
                continue
            name = _text(spec.child_by_field_name("name"))
            type_node = spec.child_by_field_name("type")
            if type_node is None or not name:
                continue
            params = self._type_params(spec.child_by_field_name("type_parameters"))
            doc, directives = self.doc_and_directives(spec)
            doc, directives = doc or group_doc, directives or group_directives
            self.types.append(
                TypeDeclFact(
                    name=name,
                    params=params,
                    type=self._type(type_node),
                    alias=spec.type == "type_alias",
                    doc=doc,
                    pos=self.pos(spec),
                    file=self.path,
                    directives=directives,
                )
            )

    def _type_params(self, node: Node | None) -> tuple[TypeParamFact, ...]:
        if node is None:
            return ()
        params: list[TypeParamFact] = []
        for decl in node.named_children:
            if decl.type != "type_parameter_declaration":
                continue
            constraint_node = decl.child_by_field_name("type")
            constraint = self._constraint(constraint_node) if constraint_node is not None else None
            for child in decl.children_by_field_name("name"):
                params.append(TypeParamFact(_text(child), constraint))
        return tuple(params)

    def _constraint(self, node: Node) -> TypeExpr | None:
        # `type_constraint` wraps either one type or a union of `~T | U` terms.
        terms = [t for t in node.named_children if t.type != "comment"]
        if len(terms) == 1 and terms[0].type not in ("negated_type",):
            return self._type(terms[0])
        return InterfaceExpr(self.pos(node), terms=tuple(self._type(t) for t in terms))

    def _type(self, node: Node) -> TypeExpr:
        kind = node.type
        pos = self.pos(node)
        if kind == "type_identifier":
            return NameExpr(_text(node), pos)
        if kind == "qualified_type":
            return NameExpr(
                _text(node.child_by_field_name("name")), pos, qualifier=_text(node.child_by_field_name("package"))
            )
        if kind == "generic_type":
            base = self._type(node.child_by_field_name("type"))  # type: ignore[arg-type]
            args_node = node.child_by_field_name("type_arguments")
            args = tuple(self._type(_unwrap_elem(a)) for a in args_node.named_children) if args_node else ()
            if isinstance(base, NameExpr):
                return NameExpr(base.name, pos, base.qualifier, args)
            return base
        if kind == "pointer_type":
            return PointerExpr(self._type(node.named_children[0]), pos)
        if kind == "slice_type":
            return SliceExpr(self._type(node.child_by_field_name("element")), pos)  # type: ignore[arg-type]
        if kind == "array_type":
            length_node = node.child_by_field_name("length")
            length: int | None
            try:
                value = constexpr.evaluate(length_node, 0, self.const_values.get) if length_node else None
                length = value if isinstance(value, int) and not isinstance(value, bool) else None
            except constexpr.NotConstant:
                length = None
            return ArrayExpr(length, self._type(node.child_by_field_name("element")), pos, _text(length_node))  # type: ignore[arg-type]
        if kind == "implicit_length_array_type":
            return ArrayExpr(None, self._type(node.child_by_field_name("element")), pos, "...")  # type: ignore[arg-type]
        if kind == "map_type":
            return MapExpr(
                self._type(node.child_by_field_name("key")),  # type: ignore[arg-type]
                self._type(node.child_by_field_name("value")),  # type: ignore[arg-type]
                pos,
            )
        if kind == "struct_type":
            return StructExpr(self._fields(node), pos)
        if kind == "interface_type":
            return self._interface(node)
        if kind == "parenthesized_type":
            return self._type(node.named_children[0])
        if kind == "type_elem":
            return self._type(_unwrap_elem(node))
        if kind == "negated_type":  # `~int` in a constraint: the underlying type is what matters
            return self._type(node.named_children[0])
        unsupported = {"channel_type": "chan", "function_type": "func"}
        return UnsupportedExpr(unsupported.get(kind, kind), _text(node), pos)

    def _interface(self, node: Node) -> InterfaceExpr:
        terms: list[TypeExpr] = []
        methods = 0
        results: list[tuple[str, tuple[TypeExpr, ...]]] = []
        for child in node.named_children:
            if child.type == "method_elem":
                methods += 1
                name = _text(child.child_by_field_name("name"))
                result = child.child_by_field_name("result")
                if result is not None and name[:1].isupper():
                    results.append((name, self._results(result)))
            elif child.type == "type_elem":
                terms.extend(self._type(t) for t in child.named_children)
        return InterfaceExpr(self.pos(node), tuple(terms), methods, tuple(results))

    def _fields(self, struct_node: Node) -> tuple[FieldFact, ...]:
        body = next((c for c in struct_node.named_children if c.type == "field_declaration_list"), None)
        if body is None:
            return ()
        fields: list[FieldFact] = []
        siblings = _Siblings(body)
        for index, decl in enumerate(siblings.nodes):
            if siblings.kinds[index] != "field_declaration":
                continue
            type_node = decl.child_by_field_name("type")
            if type_node is None:
                continue
            names = tuple(_text(n) for n in decl.children_by_field_name("name"))
            tag_node = decl.child_by_field_name("tag")
            tag = constexpr.literal_string(tag_node) if tag_node is not None else None
            type_expr = self._type(type_node)
            embedded = not names
            if embedded and any(c.type == "*" for c in decl.children):
                type_expr = PointerExpr(type_expr, self.pos(decl))
            doc = _doc_text(siblings.doc_comments(index), self.source) or _trailing_text(siblings.trailing_comment(index))
            fields.append(FieldFact(names, type_expr, tag, embedded, doc, self.pos(decl)))
        return tuple(fields)

    # --- consts -------------------------------------------------------------------------------

    def _const_declaration(self, node: Node) -> None:
        specs = [s for s in node.named_children if s.type == "const_spec"]
        group_doc, group_directives = self.doc_and_directives(node) if len(specs) == 1 else ("", ())
        # Implicit repetition: a spec without values repeats the previous type and expressions.
        last_type: Node | None = None
        last_values: list[Node] = []
        for iota, spec in enumerate(specs):
            value_node = spec.child_by_field_name("value")
            type_node = spec.child_by_field_name("type")
            if value_node is not None:
                last_values = list(value_node.named_children)
                last_type = type_node
            names = [n for n in spec.children_by_field_name("name") if n.type == "identifier"]  # the field holds the commas too
            if names:
                doc, directives = self.doc_and_directives(spec)
                trailing = self._trailing_comment_node(spec)
                doc = doc or _trailing_text(trailing) or group_doc
                directives = (directives or group_directives) + self._directives_in([trailing] if trailing is not None else [])
            for index, name_node in enumerate(names):
                name = _text(name_node)
                expr = last_values[index] if index < len(last_values) else None
                value: constexpr.Value | None = None
                if expr is not None:
                    try:
                        value = constexpr.evaluate(expr, iota, self.const_values.get)
                    except constexpr.NotConstant:
                        value = None
                if name == "_":
                    continue
                if value is not None:
                    self.const_values[name] = value
                declared = self._const_type(last_type, expr)
                if declared is not None:
                    self.const_types[name] = declared
                bits = expr is not None and _is_bit_operation(expr)
                radix = expr is not None and _is_radix_literal(expr)
                self.consts.append(ConstFact(name, declared, value, doc, self.pos(name_node), self.path, directives, bits, radix))

    def _const_type(self, type_node: Node | None, expr: Node | None) -> NameExpr | None:
        if type_node is not None:
            declared = self._type(type_node)
            return declared if isinstance(declared, NameExpr) else None
        if expr is None:
            return None
        if expr.type in ("binary_expression", "unary_expression", "parenthesized_expression", "identifier"):
            # A constant expression over a typed constant has that constant's type: `Max = High << 2`.
            for ident in _descendants_of_type(expr, "identifier"):
                if _text(ident) in self.const_types:
                    return self.const_types[_text(ident)]
        if expr.type == "call_expression":
            function = expr.child_by_field_name("function")
            if function is not None and function.type == "identifier":
                return NameExpr(_text(function), self.pos(function))
            if function is not None and function.type == "selector_expression":
                operand = function.child_by_field_name("operand")
                field = function.child_by_field_name("field")
                return NameExpr(_text(field), self.pos(function), qualifier=_text(operand))
        return None

    # --- methods ------------------------------------------------------------------------------

    def _method(self, node: Node) -> None:
        name = _text(node.child_by_field_name("name"))
        result = node.child_by_field_name("result")
        # The JSON methods decide a type's wire form; an exported method's results type what a handler
        # writes after calling it (a dependency's too: gin's c.FormFile answers *multipart.FileHeader).
        if name not in _RECORDED_METHODS and (result is None or not name[:1].isupper()):
            return
        if name in JSON_METHODS and not self._has_json_signature(name, node):
            return  # `MarshalText() (string, error)` is no encoding.TextMarshaler: encoding/json never calls it
        receiver = node.child_by_field_name("receiver")
        param = receiver.named_children[0] if receiver is not None and receiver.named_children else None
        type_node = _unparenthesized(param.child_by_field_name("type")) if param is not None else None
        if type_node is None:
            return
        pointer = type_node.type == "pointer_type"
        if pointer:
            type_node = _unparenthesized(type_node.named_children[0])
        if type_node is None:
            return
        if type_node.type == "generic_type":
            type_node = type_node.child_by_field_name("type")
        results = () if name in JSON_METHODS else self._results(result)
        self.methods.append(MethodFact(_text(type_node), pointer, name, self.pos(node), results))

    def _has_json_signature(self, name: str, node: Node) -> bool:
        """Whether a method called like one of the JSON methods has its interface's signature:
        `MarshalJSON() ([]byte, error)` and `UnmarshalJSON([]byte) error`, the Text ones alike. A
        type name that is not predeclared is taken to match (it may be an alias of []byte or error)."""
        params_node = node.child_by_field_name("parameters")
        declared = [d for d in params_node.named_children if d.type != "comment"] if params_node is not None else []
        if any(d.type != "parameter_declaration" for d in declared):
            return False  # variadic: `UnmarshalJSON(b ...byte)` is another signature
        params = self._results(params_node)
        results = self._results(node.child_by_field_name("result"))
        if name.startswith("Marshal"):
            return not params and len(results) == 2 and _may_be_bytes(results[0]) and _may_be_error(results[1])
        return len(params) == 1 and _may_be_bytes(params[0]) and len(results) == 1 and _may_be_error(results[0])

    def _results(self, node: Node | None) -> tuple[TypeExpr, ...]:
        if node is None:
            return ()
        if node.type != "parameter_list":
            return (self._type(node),)
        found: list[TypeExpr] = []
        for decl in node.named_children:
            type_node = decl.child_by_field_name("type")
            if decl.type == "parameter_declaration" and type_node is not None:
                found.extend([self._type(type_node)] * max(1, len(decl.children_by_field_name("name"))))
        return tuple(found)

    # --- comments -----------------------------------------------------------------------------

    def doc_and_directives(self, node: Node) -> tuple[str, tuple[Directive, ...]]:
        """The text of the comment lines directly above a node, as Go doc comments are written,
        without directive lines; and its `//contractgen:` directives."""
        comments = self._doc_comments(node)
        return _doc_text(comments, self.source), self._directives_in(comments)

    def _doc_comments(self, node: Node) -> list[Node]:
        found: list[Node] = []
        expected_row = node.start_point[0] - 1
        sibling = node.prev_sibling
        while sibling is not None and sibling.type == "comment" and sibling.end_point[0] == expected_row:
            before = sibling.prev_sibling
            if before is not None and before.type != "comment" and before.end_point[0] == sibling.start_point[0]:
                break  # the trailing comment of the line above, not a doc comment
            found.append(sibling)
            expected_row = sibling.start_point[0] - 1
            sibling = sibling.prev_sibling
        return list(reversed(found))

    def _directives_in(self, comments: list[Node]) -> tuple[Directive, ...]:
        """The `//contractgen:` lines among consecutive comments (a doc comment, a trailing one)."""
        if not comments or _DIRECTIVE_PREFIX not in self.source[comments[0].start_byte : comments[-1].end_byte]:
            return ()  # most have none: one test of the bytes instead of a look at each line
        found: list[Directive] = []
        for comment in comments:
            if not _text(comment).startswith("//"):
                continue
            line = _comment_text(comment)
            if is_directive(line):
                name, args = split_directive(line)
                found.append(Directive(name, args, self.pos(comment)))
        return tuple(found)

    def _trailing_comment_node(self, node: Node) -> Node | None:
        sibling = node.next_sibling
        if sibling is not None and sibling.type == "comment" and sibling.start_point[0] == node.end_point[0]:
            return sibling
        return None


# Go's directive comments (`//go:generate`, `//nolint:errcheck`, `//lint:ignore`) are not doc text.
_TOOL_DIRECTIVE = re.compile(r"^//(?!contractgen:)[a-z0-9]+:[a-z0-9]")
# The same, as whole lines of a doc comment of `//` lines with their indentation removed (`_doc_text`).
_TOOL_DIRECTIVE_LINE = re.compile(r"^//(?!contractgen:)[a-z0-9]+:[a-z0-9][^\n]*\n?", re.MULTILINE)
_LINE_COMMENT_START = re.compile(r"^// ?", re.MULTILINE)
_INDENT = re.compile(r"\n[ \t]+")
_DIRECTIVE_PREFIX = PREFIX.encode()


class _Siblings:
    """A node's children read once, with their kinds and rows: the doc comment above a child and the
    comment trailing it, as `_doc_comments` and `_trailing_comment_node` find them, by index.

    A struct's fields are siblings of their comments; walking `prev_sibling` from each field builds a
    new node per step and asks each for its rows again, which was a third of the scan of a module with
    documented fields (kubernetes/api has 19,000 comment lines)."""

    def __init__(self, parent: Node) -> None:
        self.nodes = parent.children
        self.kinds = [n.type for n in self.nodes]
        self._starts = [n.start_point[0] for n in self.nodes]
        self._ends = [n.end_point[0] for n in self.nodes]

    def doc_comments(self, index: int) -> list[Node]:
        kinds, starts, ends = self.kinds, self._starts, self._ends
        first = index
        expected_row = starts[index] - 1
        i = index - 1
        while i >= 0 and kinds[i] == "comment" and ends[i] == expected_row:
            if i > 0 and kinds[i - 1] != "comment" and ends[i - 1] == starts[i]:
                break  # the trailing comment of the line above, not a doc comment
            first = i
            expected_row = starts[i] - 1
            i -= 1
        return self.nodes[first:index]

    def trailing_comment(self, index: int) -> Node | None:
        after = index + 1
        if after < len(self.nodes) and self.kinds[after] == "comment" and self._starts[after] == self._ends[index]:
            return self.nodes[after]
        return None


def _doc_text(comments: list[Node], source: bytes) -> str:
    """The text of a doc comment (its comments, one per line or block, directly above a node)."""
    if not comments:
        return ""  # most fields have none
    text = source[comments[0].start_byte : comments[-1].end_byte].decode("utf-8", "replace")
    if "\n" in text:
        text = _INDENT.sub("\n", text)
    if text.startswith("//") and text.count("\n//") == len(comments) - 1 == text.count("\n") and "\r" not in text:
        # `//` lines only, each its own comment: the source's slice, with each line's indentation,
        # tool directives and `//` (and one space) taken away by a few substitutions, is what the
        # comments' texts give one by one (kubernetes/api has 34,000 such lines, a sixth of its scan).
        if ":" in text:
            text = _TOOL_DIRECTIVE_LINE.sub("", text)
        text = _LINE_COMMENT_START.sub("", text)
        return strip_directives(text) if PREFIX in text else text.strip()
    texts = (_text(c) for c in comments)
    return strip_directives("\n".join(_comment_body(t) for t in texts if not _TOOL_DIRECTIVE.match(t)))


def _trailing_text(comment: Node | None) -> str:
    return strip_directives(_comment_text(comment)) if comment is not None else ""


def _comment_text(node: Node) -> str:
    return _comment_body(_text(node))


def _comment_body(text: str) -> str:
    if text.startswith("//"):
        body = text[2:]
        return body[1:] if body.startswith(" ") else body
    inner = text[2:-2].strip("\n")
    return "\n".join(line.strip().lstrip("*").strip() for line in inner.splitlines())


# Go's predeclared type names: a signature written with one of these is what it says (a type of the
# package's own of that name would shadow it, which real code does not do).
_PREDECLARED_TYPES = frozenset(
    "any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 "
    "rune string uint uint8 uint16 uint32 uint64 uintptr".split()
)


def _may_be_bytes(expr: TypeExpr) -> bool:
    if isinstance(expr, SliceExpr):
        elem = expr.elem
        return isinstance(elem, NameExpr) and elem.qualifier is None and elem.name in ("byte", "uint8") and not elem.args
    return _may_be_alias(expr)


def _may_be_error(expr: TypeExpr) -> bool:
    return (isinstance(expr, NameExpr) and expr.qualifier is None and expr.name == "error") or _may_be_alias(expr)


def _may_be_alias(expr: TypeExpr) -> bool:
    """A name that could be an alias of any type: not predeclared, not instantiated."""
    return isinstance(expr, NameExpr) and not expr.args and (expr.qualifier is not None or expr.name not in _PREDECLARED_TYPES)


def _is_bit_operation(expr: Node) -> bool:
    """`1 << iota`, `A | B` (in parentheses or not): a constant of a bit set."""
    while expr.type == "parenthesized_expression" and expr.named_children:
        expr = expr.named_children[0]
    if expr.type != "binary_expression":
        return False
    operator = expr.child_by_field_name("operator")
    return operator is not None and operator.type in ("<<", "|")


def _is_radix_literal(expr: Node) -> bool:
    """`0x04`, `0b100`, `0o4` (or `T(0x04)`): a literal written to show its bits."""
    if expr.type == "call_expression":  # a conversion, `Flags(0x04)`
        arguments = expr.child_by_field_name("arguments")
        if arguments is None or len(arguments.named_children) != 1:
            return False
        expr = arguments.named_children[0]
    return expr.type == "int_literal" and _text(expr)[:2].lower() in ("0x", "0b", "0o")


def _unparenthesized(node: Node | None) -> Node | None:
    """`(T)` -> `T`: a receiver may be written `(p (T))` or `(p *(T))`."""
    while node is not None and node.type == "parenthesized_type":
        node = node.named_children[0] if node.named_children else None
    return node


def _unwrap_elem(node: Node) -> Node:
    if node.type == "type_elem" and len(node.named_children) == 1:
        return node.named_children[0]
    return node


def _descendants_of_type(node: Node, kind: str) -> list[Node]:
    found: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == kind:
            found.append(current)
        else:
            stack.extend(reversed(current.named_children))
    return found
