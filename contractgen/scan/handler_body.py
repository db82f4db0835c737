"""What a handler's body shows: the values it decodes the request into, the JSON it writes and with
which status, the helpers it hands its writer to, and the exported names it mentions.

Recognised (the receiver being the handler's own context or writer parameter where it has one):
  gin    c.JSON/IndentedJSON/SecureJSON/PureJSON/AsciiJSON/JSONP/AbortWithStatusJSON(status, v),
         c.Status(s), c.AbortWithStatus(s), text and bytes (_CONTEXT_OTHER); c.ShouldBindJSON/BindJSON(&v) (body),
         c.ShouldBind/Bind/ShouldBindWith/MustBindWith(&v) (body and parameters),
         c.ShouldBindQuery/BindQuery, c.ShouldBindUri/BindUri, c.ShouldBindHeader/BindHeader (&v)
  echo   c.JSON/JSONPretty/JSONBlob(status, v), c.NoContent(s), text and bytes (_CONTEXT_OTHER), c.Bind(&v), echo.NewHTTPError(s, msg) (what
         echo's default error handler writes: {"message": msg})
  net/http  json.NewEncoder(w).Encode(v) and json.Marshal(v) with the status of the nearest
         w.WriteHeader(s) before it in the same or an enclosing block (else 200), w.WriteHeader(s),
         json.NewDecoder(r.Body).Decode(&v), json.Unmarshal(data, &v); text: fmt.Fprint*(w, ...),
         io.WriteString(w, s), w.Write([]byte(...)); bytes: http.ServeFile/ServeContent
  chi render  render.Status(r, s), render.JSON(w, r, v), render.Render(w, r, v), render.RenderList(w, r, vs),
         render.DecodeJSON(r.Body, &v), render.Bind(r, &v)
Parameters read by name (ParamRead): gin c.Query/DefaultQuery/GetQuery/QueryArray/GetQueryArray,
c.Param, c.GetHeader, c.FormFile, c.PostForm/DefaultPostForm/GetPostForm/PostFormArray, c.MultipartForm(); echo c.QueryParam/Param/FormValue/FormFile; net/http
r.URL.Query().Get, r.FormValue, r.PostFormValue, r.PathValue, r.Header.Get, r.FormFile, r.ParseMultipartForm (also through c.Request);
chi.URLParam(r, name); httprouter's ps.ByName(name) and httprouter.ParamsFromContext(ctx).ByName(name); gorilla's mux.Vars(r)["id"] (also through a variable, `vars := mux.Vars(r)`).
A call handing the writer, context or request to another function is kept (CallFact, with the status
in effect there), so that a helper like `writeJSON(w, v)` or `validator.Bind(c)` is followed by the
IR builder.
"""

from __future__ import annotations

from tree_sitter import Node

from contractgen.diagnostics import Position
from contractgen.scan.endpoint_facts import (
    KeyValue,
    BindFact,
    Media,
    BindKind,
    BodyFacts,
    CallFact,
    FuncRef,
    ParamLocation,
    ParamRead,
    Value,
    WriteFact,
)
from contractgen.scan.exprs import CHI, ECHO, GIN, HTTPROUTER, JSON, MUX, NET_HTTP, RENDER, Locals, args_of, generic_call, text, unwrap
from contractgen.scan.facts import NameExpr, SliceExpr, TypeExpr

_CONTEXT_WRITES = frozenset(
    {"JSON", "IndentedJSON", "SecureJSON", "PureJSON", "AsciiJSON", "JSONP", "AbortWithStatusJSON", "JSONPretty"}
)
_NO_BODY = frozenset({"Status", "AbortWithStatus", "NoContent", "WriteHeader"})
_STATUS_ONLY = frozenset({"Status", "WriteHeader"})  # a body may still follow these
# gin's and echo's context methods writing bytes or text (JSON of a type the code does not show, where
# the media is json): its media, and the index of the
# status argument (None: 200, as http.ServeFile answers a file). gin's one-argument c.Stream(step) is
# a stream of events, not echo's c.Stream(code, contentType, reader): the arity tells them apart.
_CONTEXT_OTHER: dict[str, tuple[Media, int | None, int]] = {  # method -> (media, status index, least arity)
    "String": ("text", 0, 2),
    "HTML": ("text", 0, 2),
    "HTMLBlob": ("text", 0, 2),
    "XML": ("text", 0, 2),
    "XMLPretty": ("text", 0, 2),
    "XMLBlob": ("text", 0, 2),
    "YAML": ("text", 0, 2),
    "TOML": ("text", 0, 2),
    "Data": ("binary", 0, 3),
    "DataFromReader": ("binary", 0, 4),
    "Blob": ("binary", 0, 3),
    "Stream": ("binary", 0, 3),
    "ProtoBuf": ("binary", 0, 2),
    "File": ("binary", None, 1),
    "FileAttachment": ("binary", None, 2),
    "FileFromFS": ("binary", None, 2),
    "Attachment": ("binary", None, 2),
    "Inline": ("binary", None, 2),
    "JSONBlob": ("json", 0, 2),  # echo: JSON bytes made elsewhere
}
_FMT_WRITES = frozenset({"Fprint", "Fprintf", "Fprintln"})
_TYPED_BYTES = frozenset({"Data", "Blob", "Stream"})  # their second argument is the content type
_BINDS: dict[str, BindKind] = {
    "ShouldBindJSON": "json",
    "BindJSON": "json",
    "ShouldBindBodyWithJSON": "json",
    "ShouldBind": "bind",
    "Bind": "bind",
    "ShouldBindWith": "bind",
    "MustBindWith": "bind",
    "ShouldBindBodyWith": "bind",
    "ShouldBindQuery": "query",
    "BindQuery": "query",
    "ShouldBindUri": "path",
    "BindUri": "path",
    "ShouldBindHeader": "header",
    "BindHeader": "header",
}
# The second argument of c.ShouldBindWith/MustBindWith/ShouldBindBodyWith: gin's binding package's values.
_GIN_BINDINGS: dict[str, BindKind] = {
    "JSON": "json",
    "Form": "form",
    "FormPost": "form",
    "FormMultipart": "form",
    "Query": "query",
    "Uri": "path",
    "Header": "header",
}
GIN_BINDING = "github.com/gin-gonic/gin/binding"
DEFAULT_STATUS = Value(status=200, default_status=True)
# method -> (location, many) of the by-name parameter reads of a gin or echo context.
_CONTEXT_PARAMS: dict[str, tuple[ParamLocation, bool]] = {
    "Query": ("query", False),
    "DefaultQuery": ("query", False),
    "GetQuery": ("query", False),
    "QueryArray": ("query", True),
    "GetQueryArray": ("query", True),
    "QueryParam": ("query", False),
    "FormValue": ("query", False),
    "Param": ("path", False),
    "GetHeader": ("header", False),
    "FormFile": ("file", False),
    "PostForm": ("form", False),
    "DefaultPostForm": ("form", False),
    "GetPostForm": ("form", False),
    "PostFormArray": ("form", True),
    "GetPostFormArray": ("form", True),
}
# The same on a *http.Request (after `r.`, `r.URL.Query().`, `r.Header.`).
_REQUEST_PARAMS: dict[str, tuple[ParamLocation, bool]] = {
    "FormValue": ("query", False),
    "PathValue": ("path", False),
    "FormFile": ("file", False),
    "PostFormValue": ("form", False),
}
_FRAMEWORKS = frozenset({GIN, RENDER, MUX, HTTPROUTER, *ECHO, *CHI})


class BodyReader:
    def __init__(self, locals_: Locals, writers: set[str], requests: set[str] | None = None) -> None:
        self.locals = locals_
        self.scope = locals_.scope
        self.writers = writers  # parameters that are the response writer or the framework context
        self.requests = requests or set()  # parameters that are the *http.Request
        self.binds: list[BindFact] = []
        self.writes: list[WriteFact] = []
        self.calls: list[CallFact] = []
        self.params: list[ParamRead] = []
        self.form_indexed = False  # a part read by name from the whole form (form.File["docs"])
        self.statuses: list[Value] = []
        self.content_type: Media | None = None  # set by w.Header().Set("Content-Type", ...) or gin's c.Header
        locals_.call_type = self.read_type
        self.names: set[str] = set()
        self.called: set[str] = set()

    def read(self, body: Node) -> BodyFacts:
        # Pre-order over an explicit stack: a block gets its own copy of the current status when it
        # is reached, so a WriteHeader inside an `if` does not leak into the code after it.
        stack: list[tuple[Node, list[Value]]] = [(body, [DEFAULT_STATUS])]
        while stack:
            node, status = stack.pop()
            kind = node.type
            if kind == "block":
                status = [status[0]]
            elif kind == "call_expression":
                self._call(node, status)
            elif kind == "type_conversion_expression":
                self._generic_call(node, status)
            elif kind == "return_statement":
                self._returned_error(node, status)
            elif kind == "index_expression":
                self._vars_read(node)
            elif kind in ("identifier", "field_identifier", "type_identifier"):
                name = text(node)
                if name[:1].isupper():
                    self.names.add(name)
            stack.extend((child, status) for child in reversed(node.named_children))
        return BodyFacts(
            binds=tuple(self.binds),
            writes=tuple(self.writes),
            calls=tuple(self.calls),
            names=tuple(sorted(self.names)),
            called=tuple(sorted(self.called)),
            # The whole form read and its parts then read by name: those names are the parts.
            params=tuple(p for p in self.params if not (self.form_indexed and p.location == "multipart")),
            statuses=tuple(self.statuses),
        )

    def _call(self, node: Node, status: list[Value]) -> None:
        function = node.child_by_field_name("function")
        if function is None:
            return
        args = args_of(node)
        pos = self.scope.reader.pos(node)
        if function.type == "identifier":
            self.called.add(text(function))
        elif function.type == "selector_expression":
            self.called.add(text(function.child_by_field_name("field")))
            if self._param_read(node, function, args, pos) or self._library_call(function, args, status, pos):
                return
        # `decode[A, B](r, opts)`: a generic function's explicit type arguments.
        self._helper_call(function, args, pos, status, self.locals.type_args(node.child_by_field_name("type_arguments")))

    def _returned_error(self, node: Node, status: list[Value]) -> None:
        """`return ErrGone` with `var ErrGone = echo.NewHTTPError(http.StatusGone, "gone")` in this file:
        what echo's error handler writes for it, as if the handler returned the call."""
        values = node.named_children[0].named_children if node.named_children else []
        if len(values) != 1 or values[0].type != "identifier" or self.locals.is_local(text(values[0])):
            return
        value = self.scope.package_values.get(text(values[0]))
        if value is not None and value.type == "call_expression":
            function = value.child_by_field_name("function")
            if function is not None and function.type == "selector_expression" and text(function.child_by_field_name("field")) == "NewHTTPError":
                self._call(value, status)

    def _generic_call(self, node: Node, status: list[Value]) -> None:
        """`decode[CreateUser](r)`: a call of the generic function with its type arguments."""
        generic = generic_call(node)
        operand = node.child_by_field_name("operand")
        if generic is None or operand is None:
            return
        function, arguments = generic
        if function.type == "type_identifier":
            self.called.add(text(function))
        self._helper_call(function, [operand], self.scope.reader.pos(node), status, self.locals.type_args(arguments))

    def _helper_call(self, function: Node, args: list[Node], pos: Position, status: list[Value], type_args: tuple[TypeExpr, ...]) -> None:
        handed = self.writers | self.requests
        if any(unwrap(a).type == "identifier" and text(unwrap(a)) in handed for a in args):
            ref = self.locals.func_ref(function)
            if ref is not None and not self._library(ref):
                self.calls.append(CallFact(ref, tuple(self.locals.value(a) for a in args), pos, status[0], type_args))

    def _vars_read(self, node: Node) -> None:
        """`mux.Vars(r)["id"]`, or `vars["id"]` after `vars := mux.Vars(r)`: gorilla's path variables;
        `form.File["docs"]` / `form.Value["tag"]` of the whole multipart form: every part of the name."""
        operand = node.child_by_field_name("operand")
        index = node.child_by_field_name("index")
        if operand is None or index is None:
            return
        if operand.type == "selector_expression" and text(operand.child_by_field_name("field")) in ("File", "Value"):
            form = operand.child_by_field_name("operand")
            if form is not None and self._is_whole_form(form):
                location: ParamLocation = "file" if text(operand.child_by_field_name("field")) == "File" else "form"
                self.params.append(ParamRead(location, self.scope.string(index), True, text(node), self.scope.reader.pos(node)))
                self.form_indexed = True
                return
        if operand.type == "identifier" and operand.text is not None and self.locals.is_local(text(operand)):
            value = self.locals.values.get(text(operand))
            operand = value if value is not None else operand
        if operand.type != "call_expression":
            return
        function = operand.child_by_field_name("function")
        qualifier = function.child_by_field_name("operand") if function is not None and function.type == "selector_expression" else None
        if (
            qualifier is None
            or function is None
            or text(function.child_by_field_name("field")) != "Vars"
            or not self.locals.is_import(text(qualifier))
            or self.scope.import_path(text(qualifier)) != MUX
        ):
            return
        self.params.append(ParamRead("path", self.scope.string(index), False, text(node), self.scope.reader.pos(node)))

    def _param_read(self, call: Node, function: Node, args: list[Node], pos: Position) -> bool:
        if self._whole_form(function):
            self.params.append(ParamRead("multipart", None, True, text(call), pos))
            return True
        found = self.read_of(call)
        if found is None:
            return False
        location, many, name_arg = found
        body_too = text(function.child_by_field_name("field")) == "FormValue"
        self.params.append(ParamRead(location, self.scope.string(name_arg), many, text(call), pos, body_too))
        return True

    def _is_whole_form(self, node: Node) -> bool:
        """`form` after `form, err := c.MultipartForm()`, or `r.MultipartForm` (after r.ParseMultipartForm)."""
        node = unwrap(node)
        if node.type == "identifier" and self.locals.results.get(text(node), -1) == 0:
            value = self.locals.values.get(text(node))
            function = value.child_by_field_name("function") if value is not None and value.type == "call_expression" else None
            return function is not None and function.type == "selector_expression" and text(function.child_by_field_name("field")) == "MultipartForm" and self._whole_form(function)
        if node.type == "selector_expression" and text(node.child_by_field_name("field")) == "MultipartForm":
            operand = node.child_by_field_name("operand")
            return operand is not None and self._is_request(operand)
        return False

    def _whole_form(self, function: Node) -> bool:
        """`c.MultipartForm()` of a gin or echo context, `r.ParseMultipartForm(n)`: the whole form."""
        operand = function.child_by_field_name("operand")
        method = text(function.child_by_field_name("field"))
        if operand is None:
            return False
        if method == "MultipartForm":
            return operand.type == "identifier" and text(operand) in self.writers
        return method == "ParseMultipartForm" and self._is_request(operand)

    def read_of(self, call: Node) -> tuple[ParamLocation, bool, Node] | None:
        """`c.Query("tag")`, `r.URL.Query().Get("q")`, `r.Header.Get("X")`, `chi.URLParam(r, "id")`, ...:
        (location, all values, the name's expression)."""
        function = call.child_by_field_name("function")
        args = args_of(call)
        if function is None or function.type != "selector_expression" or not args:
            return None
        operand = function.child_by_field_name("operand")
        method = text(function.child_by_field_name("field"))
        if operand is None:
            return None
        target = text(operand)
        if operand.type == "identifier" and target in self.writers and method in _CONTEXT_PARAMS:
            return (*_CONTEXT_PARAMS[method], args[0])
        if self._is_request(operand) and method in _REQUEST_PARAMS:
            return (*_REQUEST_PARAMS[method], args[0])
        if method == "Get" and operand.type == "selector_expression" and text(operand.child_by_field_name("field")) == "Header":
            inner = operand.child_by_field_name("operand")
            return ("header", False, args[0]) if inner is not None and self._is_request(inner) else None
        if method == "Get" and operand.type == "call_expression":
            query = operand.child_by_field_name("function")  # r.URL.Query()
            url = query.child_by_field_name("operand") if query is not None and query.type == "selector_expression" else None
            if (
                url is not None
                and query is not None
                and text(query.child_by_field_name("field")) == "Query"
                and url.type == "selector_expression"
                and text(url.child_by_field_name("field")) == "URL"
            ):
                inner = url.child_by_field_name("operand")
                return ("query", False, args[0]) if inner is not None and self._is_request(inner) else None
            return None
        if (
            operand.type == "identifier"
            and self.locals.is_import(target)
            and self.scope.import_path(target) in CHI
            and method == "URLParam"
            and len(args) == 2
        ):
            return ("path", False, args[1])
        if method == "ByName" and self._is_httprouter_params(operand):
            return ("path", False, args[0])
        return None

    def _is_httprouter_params(self, node: Node) -> bool:
        """`ps` typed httprouter.Params, or `httprouter.ParamsFromContext(ctx)`."""
        if node.type == "identifier":
            found = self.locals.params.get(text(node))
            return found is not None and self.scope.is_type(found[1], HTTPROUTER, "Params")
        function = node.child_by_field_name("function") if node.type == "call_expression" else None
        qualifier = function.child_by_field_name("operand") if function is not None and function.type == "selector_expression" else None
        return (
            qualifier is not None
            and function is not None
            and text(function.child_by_field_name("field")) == "ParamsFromContext"
            and self.scope.import_path(text(qualifier)) == HTTPROUTER
        )

    def read_type(self, call: Node) -> TypeExpr | None:
        """What a parameter read returns, for the values a handler writes (`gin.H{"q": c.Query("q")}`)."""
        found = self.read_of(call)
        if found is None or found[0] == "file":
            return None
        pos = self.scope.reader.pos(call)
        string = NameExpr("string", pos)
        return SliceExpr(string, pos) if found[1] else string

    def _is_request(self, node: Node) -> bool:
        """`r` (a *http.Request parameter), or `c.Request` of a gin context / `c.Request()` of echo's."""
        node = unwrap(node)
        if node.type == "identifier":
            return text(node) in self.requests
        if node.type == "call_expression":
            node = node.child_by_field_name("function") or node
        if node.type == "selector_expression" and text(node.child_by_field_name("field")) == "Request":
            operand = node.child_by_field_name("operand")
            return operand is not None and operand.type == "identifier" and text(operand) in self.writers
        return False

    def _library_call(self, function: Node, args: list[Node], status: list[Value], pos: Position) -> bool:
        """A call of gin, echo, net/http, encoding/json or chi render that binds or writes."""
        operand = function.child_by_field_name("operand")
        method = text(function.child_by_field_name("field"))
        if operand is None:
            return False
        value = self.locals.value
        if operand.type == "call_expression" and method == "Set" and len(args) == 2 and self._is_header_of_writer(operand):
            self._header_set(args[0], args[1])
            return True
        if operand.type == "selector_expression" and self._is_writer(operand) and method in ("Write", "WriteHeader") and len(args) == 1:
            operand_name = text(operand)  # gin's c.Writer: the response writer itself
            return self._writer_call(operand_name, method, args, status, pos)
        if operand.type == "call_expression" and method in ("Encode", "Decode") and args:
            inner = operand.child_by_field_name("function")
            if inner is not None and self._is_func(inner, JSON, "NewEncoder" if method == "Encode" else "NewDecoder"):
                if method == "Encode":
                    self.writes.append(WriteFact(status[0], value(args[0]), pos))
                else:
                    self.binds.append(BindFact("json", value(args[0]), pos))
                return True
            return False
        if operand.type != "identifier":
            return False
        name = text(operand)
        if name in self.writers:
            return self._writer_call(name, method, args, status, pos)
        if not self.locals.is_import(name):
            return False
        path = self.scope.import_path(name)
        if path == JSON and method in ("Marshal", "MarshalIndent") and args and self.writers:
            self.writes.append(WriteFact(status[0], value(args[0]), pos))
        elif path == JSON and method == "Unmarshal" and len(args) == 2:
            self.binds.append(BindFact("json", value(args[1]), pos))
        elif path == RENDER and method == "Status" and len(args) == 2:
            status[0] = value(args[1])
            self.statuses.append(status[0])
        elif path == RENDER and method == "JSON" and len(args) == 3:
            self.writes.append(WriteFact(status[0], value(args[2]), pos))
        elif path == RENDER and method == "Render" and len(args) == 3:
            self.writes.append(WriteFact(status[0], value(args[2]), pos, renderer=True))
        elif path == RENDER and method == "RenderList" and len(args) == 3:
            self.writes.append(WriteFact(status[0], value(args[2]), pos))
        elif path == RENDER and method in ("DecodeJSON", "Bind") and len(args) == 2:
            self.binds.append(BindFact("json", value(args[1]), pos))
        elif path in ECHO and method == "NewHTTPError" and args:
            self.writes.append(WriteFact(value(args[0]), self._echo_message(args[1:], pos), pos))
        elif ((path == "fmt" and method in _FMT_WRITES) or (path == "io" and method == "WriteString")) and len(args) >= 2 and self._is_writer(args[0]):
            self.writes.append(self._written_text(status[0], args[-1], pos))
        elif path == NET_HTTP and method in ("ServeFile", "ServeContent") and len(args) >= 3 and self._is_writer(args[0]):
            self.writes.append(WriteFact(Value(status=200), _body(args[2], pos), pos, media="binary"))
        elif path == NET_HTTP:
            return True  # http.Error, http.Redirect, ...: nothing for the contract
        else:
            return False
        return True

    def _writer_call(self, name: str, method: str, args: list[Node], status: list[Value], pos: Position) -> bool:
        """A method of the handler's writer or context that writes, sets the status or binds."""
        value = self.locals.value
        other = _CONTEXT_OTHER.get(method)
        if method == "JSONP" and len(args) == 3:  # echo's: callback(JSON), JavaScript text
            self.writes.append(WriteFact(value(args[0]), _body(args[2], pos), pos, media="text"))
        elif method in _CONTEXT_WRITES and len(args) >= 2:
            self.writes.append(WriteFact(value(args[0]), value(args[1]), pos))
        elif method == "Header" and len(args) == 2:  # gin's c.Header(key, value)
            self._header_set(args[0], args[1])
        elif other is not None and len(args) >= other[2]:
            media, status_at, _arity = other
            written = value(args[status_at]) if status_at is not None else Value(status=200)
            if method in _TYPED_BYTES:  # c.Data(status, contentType, data): the content type says what it is
                media = self._media_of(args[1])
            if media == "json":
                self.writes.append(WriteFact(written, _unseen_json(args[-1], pos), pos))
            else:
                self.writes.append(WriteFact(written, _body(args[-1], pos), pos, media=media))
        elif method == "Write" and len(args) == 1 and text(unwrap(args[0])).startswith("[]byte("):
            self.writes.append(self._written_text(status[0], args[0], pos))
        elif method in _NO_BODY and args:
            self.writes.append(WriteFact(value(args[0]), None, pos, status_only=method in _STATUS_ONLY))
            if method in _STATUS_ONLY:  # the status of what is written after it (gin's c.Status too)
                status[0] = value(args[0])
        elif method in _BINDS and args:
            self.binds.append(BindFact(self._bind_kind(name, method, args), value(args[0]), pos))
        else:
            return False
        return True

    def _written_text(self, status: Value, body: Node, pos: Position) -> WriteFact:
        """Text written to the response: JSON of a type not seen where the handler declared a JSON content type."""
        if self.content_type == "json":
            return WriteFact(status, _unseen_json(body, pos), pos)
        return WriteFact(status, _body(body, pos), pos, media="text")

    def _header_set(self, key: Node, value: Node) -> None:
        """A response header set before the body: the content type says what text written later is."""
        if (self.scope.string(key) or "").lower() == "content-type":
            self.content_type = self._media_of(value)

    def _media_of(self, content_type: Node) -> Media:
        """What a content type (a string, or a constant such as echo.MIMEApplicationJSON) says the body is."""
        spelled = (self.scope.string(content_type) or text(content_type)).lower()
        if "json" in spelled:
            return "json"
        if "text" in spelled or "xml" in spelled or "html" in spelled or "csv" in spelled:
            return "text"
        return "binary"

    def _is_header_of_writer(self, call: Node) -> bool:
        """`w.Header()` or `c.Writer.Header()`."""
        function = call.child_by_field_name("function")
        return (
            function is not None
            and function.type == "selector_expression"
            and text(function.child_by_field_name("field")) == "Header"
            and not args_of(call)
            and self._is_writer(function.child_by_field_name("operand") or function)
        )

    def _is_writer(self, node: Node) -> bool:
        """`w` (the http.ResponseWriter parameter) or `c.Writer` of a gin context."""
        node = unwrap(node)
        if node.type == "identifier":
            return text(node) in self.writers
        if node.type == "selector_expression" and text(node.child_by_field_name("field")) == "Writer":
            operand = node.child_by_field_name("operand")
            return operand is not None and operand.type == "identifier" and text(operand) in self.writers
        return False

    def _bind_kind(self, context: str, method: str, args: list[Node]) -> BindKind:
        """gin's ShouldBindWith(&v, binding.Form) binds what its binding reads; echo's c.Bind is echo's."""
        kind = _BINDS[method]
        declared = self.locals.params.get(context)
        if method == "Bind" and declared is not None and self.scope.is_type(declared[1], ECHO, "Context"):
            return "echo"
        if method in ("ShouldBindWith", "MustBindWith", "ShouldBindBodyWith") and len(args) == 2:
            chosen = unwrap(args[1])
            if chosen.type == "selector_expression":
                operand = chosen.child_by_field_name("operand")
                if operand is not None and operand.type == "identifier" and self.locals.is_import(text(operand)):
                    if self.scope.import_path(text(operand)) == GIN_BINDING:
                        return _GIN_BINDINGS.get(text(chosen.child_by_field_name("field")), kind)
        return kind

    def _echo_message(self, args: list[Node], pos: Position) -> Value:
        """What echo's default error handler writes for echo.NewHTTPError(code, message...): a string
        (or error) message as {"message": ...}, the status text without one, any other value as it is."""
        text_value = Value(type=NameExpr("string", pos), text="message")
        if not args or args[0].type in ("interpreted_string_literal", "raw_string_literal") or self._returns_text(args[0]):
            return Value(fields=(KeyValue("message", text_value),), literal=True, text="echo.HTTPError", pos=pos)
        return self.locals.value(args[0])

    def _returns_text(self, node: Node) -> bool:
        """`err.Error()`, `fmt.Sprintf(...)`, `err` (an error: its Error() is written)."""
        node = unwrap(node)
        if node.type == "identifier" and text(node) == "err":
            return True
        if node.type != "call_expression":
            return False
        function = node.child_by_field_name("function")
        if function is None or function.type != "selector_expression":
            return False
        name = text(function.child_by_field_name("field"))
        operand = function.child_by_field_name("operand")
        is_fmt = operand is not None and operand.type == "identifier" and self.scope.import_path(text(operand)) == "fmt"
        return name == "Error" or (is_fmt and name in ("Sprintf", "Sprint", "Sprintln"))

    def _library(self, ref: FuncRef) -> bool:
        """A function of the standard library or of a router framework: never a helper of ours."""
        path = self.scope.import_path(ref.qualifier) if ref.qualifier else None
        return path is not None and ("." not in path.split("/")[0] or path in _FRAMEWORKS)

    def _is_func(self, node: Node, path: str, name: str) -> bool:
        if node.type != "selector_expression":
            return False
        operand = node.child_by_field_name("operand")
        return (
            operand is not None
            and operand.type == "identifier"
            and self.locals.is_import(text(operand))
            and self.scope.import_path(text(operand)) == path
            and text(node.child_by_field_name("field")) == name
        )


def _body(node: Node, pos: Position) -> Value:
    """A body that is not JSON: text or bytes, typed as a string (what the client returns it as is its media's)."""
    return Value(type=NameExpr("string", pos), text=text(node), pos=pos)


def _unseen_json(node: Node, pos: Position) -> Value:
    """JSON bytes made elsewhere (`c.JSONBlob(200, b)`): JSON whose type the code does not show."""
    return Value(text=text(node), pos=pos)
