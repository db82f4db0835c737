"""The change engine, one case per rule: a Go module before and after, the findings expected (rule and level).

Every case asserts the complete set of findings, so a rule that fires where it should not fails too.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from contractgen.changes import RULES, compare
from harness.services import SERVICE_MAIN, TYPED_MAIN, UNSEEN_REQUIRE, contract_of, service_files, types_files

ITEM = "type Item struct {\n\tID string `json:\"id\"`\n%s\n}\n"
INPUT = "type Input struct {\n\tName string `json:\"name\"`\n%s\n}\n"
STATUS = 'type Status string\n\nconst (\n\tStatusOpen Status = "open"\n%s\n)\n'
CATALOG = "//contractgen:errors\ntype Reason string\n\nconst (\n%s\n)\n"


@dataclass(frozen=True)
class Case:
    name: str
    old: dict[str, str]
    new: dict[str, str]
    expected: dict[str, str]  # rule -> level


def service(item_old: str = "", item_new: str = "", input_old: str = "", input_new: str = "", extra_old: str = "", extra_new: str = "", main_old: str = SERVICE_MAIN, main_new: str = SERVICE_MAIN) -> tuple[dict[str, str], dict[str, str]]:
    return (
        service_files(ITEM % item_old + INPUT % input_old + extra_old, main_old),
        service_files(ITEM % item_new + INPUT % input_new + extra_new, main_new),
    )


GET_ITEM_BODY = "\t_ = json.NewEncoder(w).Encode(out)\n"
NO_CONTENT_BRANCH = '\tif len(r.URL.Path) > 64 {\n\t\tw.WriteHeader(http.StatusNoContent)\n\t\treturn\n\t}\n'
TEXT_BODY = '\t_, _ = w.Write([]byte("item"))\n\t_ = out\n'
CREATED_WITH_ITEM = '\tif len(r.URL.Path) > 64 {\n\t\tw.WriteHeader(http.StatusCreated)\n\t\t_ = json.NewEncoder(w).Encode(out)\n\t\treturn\n\t}\n'
GET_INPUT_BODY = "\t_ = json.NewEncoder(w).Encode(Input{})\n"
ACCEPTED_ONLY = '\tif len(r.URL.Path) > 32 {\n\t\tw.WriteHeader(http.StatusAccepted)\n\t\treturn\n\t}\n'
ACCEPTED_WITH_BODY = '\tif len(r.URL.Path) > 32 {\n\t\tw.WriteHeader(http.StatusAccepted)\n\t\t_ = json.NewEncoder(w).Encode(out)\n\t\treturn\n\t}\n'


def case(name: str, pair: tuple[dict[str, str], dict[str, str]], **expected: str) -> Case:
    return Case(name, pair[0], pair[1], {rule.replace("_", "-"): level for rule, level in expected.items()})


def route(old: str, new: str) -> str:
    return SERVICE_MAIN.replace(old, new)


def chi_main(variable: str) -> str:
    """The service on a chi router, its item path variable written `variable` (`{id:[0-9]+}`)."""
    routes = f'\tr := chi.NewRouter()\n\tr.Get("/items/{variable}", getItem)\n\tr.Post("/items", createItem)\n\t_ = http.ListenAndServe(":8080", r)\n'
    main = SERVICE_MAIN.replace('"net/http"\n', '"net/http"\n\n\t"github.com/go-chi/chi/v5"\n')
    start, end = main.index("\tmux := "), main.index("}\n", main.index("func main"))
    return main[:start] + routes + main[end:]


F = "\t%s `json:\"%s\"`"  # one field line: F % ("Tags []string", "tags,omitempty")
# A field the server requires (go-playground/validator): without such a rule a request key may be
# absent or null, since encoding/json decodes both (the request side tells the decoder's truth).
R = "\t%s `json:\"%s\" validate:\"required\"`"
OWNER = "type %s struct {\n\tName string `json:\"name\"`\n}\n"


UPLOAD = """
func upload(w http.ResponseWriter, r *http.Request) {
%s
	w.WriteHeader(http.StatusNoContent)
}
"""
DOC = '\t_, _, _ = r.FormFile("doc")'  # a required file part
NOTE = '\t_ = r.PostFormValue("note")'  # an optional text part
NOTE_FILE = '\t_, _, _ = r.FormFile("note")'


def upload(reads_old: str, reads_new: str) -> tuple[dict[str, str], dict[str, str]]:
    """A multipart endpoint, POST /files, whose handler reads the parts `reads_*`."""
    def main(reads: str) -> str:
        return route('\tmux.HandleFunc("POST /items", createItem)\n', '\tmux.HandleFunc("POST /items", createItem)\n\tmux.HandleFunc("POST /files", upload)\n') + UPLOAD % reads

    return service(main_old=main(reads_old), main_new=main(reads_new))


def typed(ref_old: str = "", ref_new: str = "", main_old: str = TYPED_MAIN, main_new: str = TYPED_MAIN) -> tuple[dict[str, str], dict[str, str]]:
    """The routes served by typed handlers through the generated adapter; `ref_*`: ItemRef's extra fields."""
    types = ITEM % "" + INPUT % "" + ITEM_NOT_FOUND
    return service_files(types + REF % ref_old, main_old), service_files(types + REF % ref_new, main_new)


def typed_route(old: str, new: str) -> str:
    assert old in TYPED_MAIN, old
    return TYPED_MAIN.replace(old, new)


def unseen(files: dict[str, str]) -> dict[str, str]:
    """`files` in a module that requires basemodel, which no module cache holds."""
    types = files["types.go"].replace("package main\n\n", 'package main\n\nimport "example.invalid/basemodel"\n\n', 1)
    return {**files, "go.mod": files["go.mod"] + UNSEEN_REQUIRE, "types.go": types}


REF = "type ItemRef struct {\n\tID string `path:\"id\" json:\"-\"`\n%s\n}\n"
ITEM_NOT_FOUND = CATALOG % '\tReasonItemNotFound Reason = "ITEM_NOT_FOUND" //contractgen:status 404'
Q = "\t%s `query:\"%s\" json:\"-\"%s`"  # a query parameter: Q % ("Limit *int", "limit", "")
V = "\t%s `json:\"%s\" validate:\"%s\"`"  # a field with validation rules: V % ("Nick string", "nick", "omitempty,max=64")
EMPTY_ID = 'item, ok := h.items[req.ID]\n'
EMPTY_ID_CHECK = 'if req.ID == "" {\n\t\treturn Item{}, apicontract.BadRequest("the id is empty")\n\t}\n\t' + EMPTY_ID
BARE_GET = """// GetItem answers one item.
func (h *ItemHandler) GetItem(w http.ResponseWriter, r *http.Request) {
	item, ok := h.items[r.PathValue("id")]
	if !ok {
		apicontract.WriteError(w, apicontract.ItemNotFound("no item %s", r.PathValue("id")))
		return
	}
	_ = json.NewEncoder(w).Encode(item)
}
"""
TYPED_GET = TYPED_MAIN[TYPED_MAIN.index("// GetItem answers") : TYPED_MAIN.index("// CreateItem stores")]
OFF_THE_ADAPTER = (
    TYPED_MAIN.replace(TYPED_GET, BARE_GET + "\n")
    .replace('\t"context"\n', '\t"context"\n\t"encoding/json"\n')
    .replace('mux.Handle("GET /items/{id}", apicontract.Handle(items.GetItem))', 'mux.HandleFunc("GET /items/{id}", items.GetItem)')
)
UNSEEN_ITEM = "type Item struct {\n\tbasemodel.Model\n\tID string `json:\"id\"`\n}\n"
UNSEEN_INPUT = "type Input struct {\n\tbasemodel.Model\n\tName string `json:\"name\"`\n}\n"

CASES = [
    # the tricky ones of issue 8
    case("nil slice loses omitempty: null now possible", service(F % ("Tags []string", "tags,omitempty"), F % ("Tags []string", "tags")),
         response_value_now_nullable="breaking", response_property_now_required="info"),
    case("field moved into an embedded struct: no change",
         (service_files("type Item struct {\n\tID string `json:\"id\"`\n\tName string `json:\"name\"`\n}\n" + INPUT % ""),
          service_files("type base struct {\n\tID string `json:\"id\"`\n}\n\ntype Item struct {\n\tbase\n\tName string `json:\"name\"`\n}\n" + INPUT % ""))),
    case("Go type renamed: no wire change", service(F % ("Owner Owner", "owner"), F % ("Owner Person", "owner"), extra_old=OWNER % "Owner", extra_new=OWNER % "Person"),
         type_renamed="warning"),
    case("json key renamed on a request type", service(input_old=F % ("Email string", "email"), input_new=F % ("Email string", "emailAddress")),
         request_property_renamed="breaking"),
    case("integer widened in a response", service(F % ("Count int32", "count"), F % ("Count int64", "count")), response_integer_widened="breaking"),
    case("integer narrowed in a request", service(input_old=F % ("Qty int64", "qty"), input_new=F % ("Qty int32", "qty")), request_integer_narrowed="breaking"),
    # response side
    case("response integer narrowed", service(F % ("Count int64", "count"), F % ("Count uint8", "count")), response_integer_narrowed="info"),
    case("response key removed", service(F % ("Email string", "email"), ""), response_property_removed="breaking"),
    case("response optional key removed", service(F % ("Nick string", "nick,omitempty"), ""), response_optional_property_removed="warning"),
    case("response key renamed", service(F % ("DisplayName string", "displayName"), F % ("DisplayName string", "display_name")), response_property_renamed="breaking"),
    case("response key added", service("", F % ("Email string", "email")), response_property_added="info"),
    case("response key may now be absent", service(F % ("Total int", "total"), F % ("Total int", "total,omitempty")), response_property_now_optional="breaking"),
    case("response value now nullable", service(F % ("Name string", "name2"), F % ("Name *string", "name2")), response_value_now_nullable="breaking"),
    case("response value no longer nullable", service(F % ("Name *string", "name2"), F % ("Name string", "name2")), response_value_no_longer_nullable="info"),
    case("response type changed", service(F % ("Code string", "code"), F % ("Code int", "code")), response_type_changed="breaking"),
    case("response integer became a float", service(F % ("Price int", "price"), F % ("Price float64", "price")), response_type_changed="breaking"),
    case("response float became an integer", service(F % ("Price float64", "price"), F % ("Price int", "price")), response_type_narrowed="info"),
    case("response enum member added", service(F % ("State Status", "state"), F % ("State Status", "state"), extra_old=STATUS % "", extra_new=STATUS % '\tStatusDone Status = "done"'),
         response_enum_member_added="breaking"),
    case("response enum member removed", service(F % ("State Status", "state"), F % ("State Status", "state"), extra_old=STATUS % '\tStatusDone Status = "done"', extra_new=STATUS % ""),
         response_enum_member_removed="warning"),
    # the zero value of an enum (TypeDecl.zero): a value the server sends for a field nobody set
    case("response enum no longer always set: its zero value may come", service(F % ("State Status", "state"), F % ("State Status", "state"), extra_old="//contractgen:always-set\n" + STATUS % "", extra_new=STATUS % ""),
         response_enum_member_added="breaking"),
    case("response enum marked always set: its zero value no longer comes", service(F % ("State Status", "state"), F % ("State Status", "state"), extra_old=STATUS % "", extra_new="//contractgen:always-set\n" + STATUS % ""),
         response_enum_member_removed="warning"),
    case("response enum's zero value becomes a constant: no change on the wire", service(F % ("State Status", "state"), F % ("State Status", "state"), extra_old=STATUS % "", extra_new=STATUS % '\tStatusNone Status = ""')),
    case("request enum marked always set: the decoder still takes the zero value", service(input_old=F % ("State Status", "state"), input_new=F % ("State Status", "state"), extra_old=STATUS % "", extra_new="//contractgen:always-set\n" + STATUS % "")),
    case("enum member renamed", service(F % ("State Status", "state"), F % ("State Status", "state"), extra_old=STATUS % '\tStatusDone Status = "done"', extra_new=STATUS % '\tStatusFinished Status = "done"'),
         enum_member_renamed="warning"),
    case("response ,string added", service(F % ("Serial int64", "serial"), F % ("Serial int64", "serial,string")), response_string_option_changed="breaking"),
    case("response time became a string", ({**service_files(""), "types.go": 'package main\n\nimport "time"\n\n' + ITEM % (F % ("At time.Time", "at")) + INPUT % ""},
                                            service_files(ITEM % (F % ("At string", "at")) + INPUT % "")),
         response_format_changed="breaking"),
    case("request string became a time", (service_files(ITEM % "" + INPUT % (F % ("At string", "at"))),
                                          {**service_files(""), "types.go": 'package main\n\nimport "time"\n\n' + ITEM % "" + INPUT % (F % ("At time.Time", "at"))}),
         request_format_added="breaking"),
    case("response fixed array changed length", service(F % ("RGB [3]int", "rgb"), F % ("RGB [4]int", "rgb")), response_array_length_changed="breaking"),
    case("response map values changed type", service(F % ("Counts map[string]int", "counts"), F % ("Counts map[string]string", "counts")), response_type_changed="breaking"),
    # request side
    case("request key added, required", service(input_new=R % ("Role string", "role")), request_property_added_required="breaking"),
    case("request key added, optional", service(input_new=F % ("Role string", "role")), request_property_added="info"),
    case("request key removed", service(input_old=F % ("Legacy string", "legacy")), request_property_removed="info"),
    case("request key now required", service(input_old=F % ("Note string", "note"), input_new=R % ("Note string", "note")),
         request_property_now_required="breaking", request_value_no_longer_nullable="warning"),
    case("request value may now be null", service(input_old=R % ("Note string", "note"), input_new=F % ("Note *string", "note")),
         request_value_now_nullable="info", request_property_now_optional="info"),
    # encoding/json decodes null into a non-pointer as a no-op: without a rule, both accept null
    case("request pointer made a value", service(input_old=F % ("Note *string", "note"), input_new=F % ("Note string", "note"))),
    case("request integer widened", service(input_old=F % ("Qty int32", "qty"), input_new=F % ("Qty int64", "qty")), request_integer_widened="info"),
    case("request type changed", service(input_old=F % ("Qty string", "qty"), input_new=F % ("Qty int", "qty")), request_type_changed="breaking"),
    case("request ,string removed", service(input_old=F % ("Qty int", "qty,string"), input_new=F % ("Qty int", "qty")), request_string_option_changed="breaking"),
    case("request enum member removed", service(input_old=F % ("State Status", "state"), input_new=F % ("State Status", "state"), extra_old=STATUS % '\tStatusDone Status = "done"', extra_new=STATUS % ""),
         request_enum_member_removed="breaking"),
    case("request enum member added", service(input_old=F % ("State Status", "state"), input_new=F % ("State Status", "state"), extra_old=STATUS % "", extra_new=STATUS % '\tStatusDone Status = "done"'),
         request_enum_member_added="info"),
    case("response string became a time", (service_files(ITEM % (F % ("At string", "at")) + INPUT % ""),
                                            {**service_files(""), "types.go": 'package main\n\nimport "time"\n\n' + ITEM % (F % ("At time.Time", "at")) + INPUT % ""}),
         response_format_added="info"),
    case("request time became a string", ({**service_files(""), "types.go": 'package main\n\nimport "time"\n\n' + ITEM % "" + INPUT % (F % ("At time.Time", "at"))},
                                          service_files(ITEM % "" + INPUT % (F % ("At string", "at")))),
         request_format_changed="info"),
    case("request integer became a float", service(input_old=F % ("Qty int", "qty"), input_new=F % ("Qty float64", "qty")), request_type_widened="info"),
    case("request key now optional", service(input_old=R % ("Note string", "note"), input_new=F % ("Note string", "note")),
         request_property_now_optional="info", request_value_now_nullable="info"),
    case("request value no longer nullable", service(input_old=F % ("Note *string", "note"), input_new=R % ("Note string", "note")),
         request_value_no_longer_nullable="warning", request_property_now_required="breaking"),
    # encoding/json decodes any number of elements into a fixed array (the rest dropped, or zeros): no change
    case("request fixed array changed length", service(input_old=F % ("RGB [3]int", "rgb"), input_new=F % ("RGB [4]int", "rgb"))),
    case("success status changed", service(main_new=route("w.WriteHeader(http.StatusNoContent)", "w.WriteHeader(http.StatusAccepted)")), endpoint_status_changed="warning"),
    case("request body no longer read", service(main_new=route("if err := json.NewDecoder(r.Body).Decode(&in); err != nil {", "if err := error(nil); err != nil {\n\t\t_ = in")),
         endpoint_request_body_removed="info"),
    # validation rules (request side): compared as predicates on the decoded value
    case("request check tightened", service(input_old=V % ("Nick string", "nick", "omitempty,max=64"), input_new=V % ("Nick string", "nick", "omitempty,max=32")),
         request_check_tightened="breaking"),
    case("request check added", service(input_old=F % ("Nick string", "nick"), input_new=V % ("Nick string", "nick", "omitempty,min=3")),
         request_check_tightened="breaking"),
    case("request oneof grew", service(input_old=V % ("Kind string", "kind", "omitempty,oneof=book film"), input_new=V % ("Kind string", "kind", "omitempty,oneof=book film game")),
         request_check_loosened="info"),
    case("request oneof swapped a value", service(input_old=V % ("Kind string", "kind", "omitempty,oneof=book film"), input_new=V % ("Kind string", "kind", "omitempty,oneof=book game")),
         request_check_tightened="breaking"),
    case("request element check loosened", service(input_old=V % ("Tags []string", "tags", "dive,max=10"), input_new=V % ("Tags []string", "tags", "dive,max=20")),
         request_check_loosened="info"),
    case("request check restated: gt=0 is min=1 for an integer", service(input_old=V % ("Qty int", "qty", "omitempty,gt=0"), input_new=V % ("Qty int", "qty", "omitempty,min=1"))),
    # a bound that rejects the empty value makes the key required (said once) and is a tighter check too
    case("request min added without omitempty", service(input_old=F % ("Nick string", "nick"), input_new=V % ("Nick string", "nick", "min=3")),
         request_property_now_required="breaking", request_value_no_longer_nullable="warning", request_check_tightened="breaking"),
    case("request omitempty added", service(input_old=V % ("Nick string", "nick", "min=3"), input_new=V % ("Nick string", "nick", "omitempty,min=3")),
         request_property_now_optional="info", request_value_now_nullable="info", request_check_loosened="info"),
    # objects with keys the contract cannot see (an embedded type from a module not on the machine)
    case("response object now open", (unseen(service_files(ITEM % "" + INPUT % "")), unseen(service_files(UNSEEN_ITEM + INPUT % ""))),
         response_object_now_open="warning"),
    case("response object now closed", (unseen(service_files(UNSEEN_ITEM + INPUT % "")), unseen(service_files(ITEM % "" + INPUT % ""))),
         response_object_now_closed="info"),
    case("request object now open", (unseen(service_files(ITEM % "" + INPUT % "")), unseen(service_files(ITEM % "" + UNSEEN_INPUT))),
         request_object_now_open="warning"),
    case("request object now closed", (unseen(service_files(ITEM % "" + UNSEEN_INPUT)), unseen(service_files(ITEM % "" + INPUT % ""))),
         request_object_now_closed="info"),
    # typed endpoints through the generated adapter: parameters, envelope, error reasons
    case("query parameter added, required", typed(ref_new=Q % ("Tenant string", "tenant", ' validate:"required"')), param_added_required="breaking"),
    case("query parameter now required", typed(Q % ("Limit *int", "limit", ""), Q % ("Limit int", "limit", ' validate:"required"')), param_now_required="breaking"),
    case("query parameter now optional", typed(Q % ("Limit int", "limit", ' validate:"required"'), Q % ("Limit *int", "limit", "")), param_now_optional="info"),
    case("request body now read", service(main_old=route("if err := json.NewDecoder(r.Body).Decode(&in); err != nil {", "if err := error(nil); err != nil {\n\t\t_ = in")),
         endpoint_request_body_added="breaking"),
    case("success response loses its body", typed(main_new=typed_route("apicontract.WithStatus(http.StatusCreated)", "apicontract.WithStatus(http.StatusNoContent)")),
         endpoint_response_body_removed="breaking"),
    case("another success status added", service(main_new=route(GET_ITEM_BODY, NO_CONTENT_BRANCH + GET_ITEM_BODY)), endpoint_success_added="breaking"),
    # The new 201 carries the old main body (Item): old clients read it as they always read a 2xx.
    case("another status with the old main body, the main body changed", service(main_new=route(GET_ITEM_BODY, CREATED_WITH_ITEM + GET_INPUT_BODY)), response_property_removed="breaking", response_property_added="info"),
    case("another success status removed", service(main_old=route(GET_ITEM_BODY, NO_CONTENT_BRANCH + GET_ITEM_BODY)), endpoint_success_removed="info"),
    case("success response is text now", service(main_new=route(GET_ITEM_BODY, TEXT_BODY)), endpoint_response_media_changed="breaking"),
    case("another status loses its body", service(main_old=route(GET_ITEM_BODY, ACCEPTED_WITH_BODY + GET_ITEM_BODY), main_new=route(GET_ITEM_BODY, ACCEPTED_ONLY + GET_ITEM_BODY)), endpoint_success_body_removed="breaking"),
    case("another status gets a body", service(main_old=route(GET_ITEM_BODY, ACCEPTED_ONLY + GET_ITEM_BODY), main_new=route(GET_ITEM_BODY, ACCEPTED_WITH_BODY + GET_ITEM_BODY)), endpoint_success_body_added="info"),
    case("handler moved off the adapter", typed(main_new=OFF_THE_ADAPTER), endpoint_wire_changed="breaking"),
    case("endpoint may answer another reason", typed(main_new=typed_route(EMPTY_ID, EMPTY_ID_CHECK)), endpoint_error_added="info"),
    case("endpoint answers a reason no more", typed(main_old=typed_route(EMPTY_ID, EMPTY_ID_CHECK)), endpoint_error_removed="info"),
    # multipart/form-data bodies: parts by name
    case("multipart file part added", upload("\t_ = r", DOC), form_part_added_required="breaking"),
    case("multipart optional part added", upload(DOC, DOC + "\n" + NOTE), form_part_added="info"),
    case("multipart part removed", upload(DOC + "\n" + NOTE, DOC), form_part_removed="info"),
    case("multipart value became a file", upload(DOC + "\n" + NOTE, DOC + "\n" + NOTE_FILE), form_part_kind_changed="breaking", form_part_now_required="breaking"),
    case("multipart file became a value", upload(DOC + "\n" + NOTE_FILE, DOC + "\n" + NOTE), form_part_kind_changed="breaking", form_part_now_optional="info"),
    # endpoints
    case("endpoint removed", service(main_new=route('\tmux.HandleFunc("POST /items", createItem)\n', "")), endpoint_removed="breaking"),
    case("endpoint added", service(main_new=route('\tmux.HandleFunc("POST /items", createItem)\n', '\tmux.HandleFunc("POST /items", createItem)\n\tmux.HandleFunc("GET /health", getItem)\n')), endpoint_added="info"),
    case("endpoint method changed", service(main_new=route('"POST /items"', '"PUT /items"')), endpoint_method_changed="breaking"),
    case("endpoint path changed", service(main_new=route('"GET /items/{id}"', '"GET /things/{id}"')), endpoint_path_changed="breaking"),
    case("path parameter added", service(main_new=route('"GET /items/{id}"', '"GET /shops/{shop}/items/{id}"')), path_param_added="breaking"),
    case("path parameter renamed", service(main_new=route('"GET /items/{id}"', '"GET /items/{itemId}"')), path_param_renamed="warning"),
    case("handler renamed", service(main_new=route("getItem", "fetchItem")), client_method_renamed="warning"),
    # a path variable's regular expression (chi, gorilla/mux): the router answers 404 for another value
    case("path pattern added", service(main_old=chi_main("{id}"), main_new=chi_main("{id:[0-9]+}")), request_check_tightened="breaking"),
    case("path pattern changed", service(main_old=chi_main("{id:[0-9]+}"), main_new=chi_main("{id:[a-z0-9]+}")), request_check_tightened="breaking"),
    case("path pattern removed", service(main_old=chi_main("{id:[0-9]+}"), main_new=chi_main("{id}")), request_check_loosened="info"),
    # modules without endpoints: every exported type, by name, as sent
    case("types only: key removed", (types_files(ITEM % F % ("Email string", "email")), types_files(ITEM % "")), response_property_removed="breaking"),
    case("types only: type renamed", (types_files(OWNER % "Owner"), types_files(OWNER % "Person")), type_renamed="warning"),
    case("types only: type removed and added", (types_files(OWNER % "Owner" + ITEM % ""), types_files(ITEM % F % ("Email string", "email") + "type Extra struct {\n\tN int `json:\"n\"`\n}\n")),
         type_removed="warning", type_added="info", response_property_added="info"),
    case("types only: recursive type grows", (types_files("type Node struct {\n\tKids []Node `json:\"kids\"`\n}\n"), types_files("type Node struct {\n\tKids []Node `json:\"kids\"`\n\tName string `json:\"name\"`\n}\n")),
         response_property_added="info"),
    case("types only: generic parameter renamed", (types_files("type Page[T any] struct {\n\tItems []T `json:\"items\"`\n}\n"), types_files("type Page[E any] struct {\n\tItems []E `json:\"items\"`\n}\n"))),
    # error reasons
    case("error reason removed", (types_files(CATALOG % '\tReasonGone Reason = "GONE" //contractgen:status 410\n\tReasonBusy Reason = "BUSY" //contractgen:status 503'), types_files(CATALOG % '\tReasonBusy Reason = "BUSY" //contractgen:status 503')),
         error_reason_removed="breaking"),
    case("error reason added", (types_files(CATALOG % '\tReasonBusy Reason = "BUSY" //contractgen:status 503'), types_files(CATALOG % '\tReasonBusy Reason = "BUSY" //contractgen:status 503\n\tReasonGone Reason = "GONE" //contractgen:status 410')),
         error_reason_added="info"),
    case("error reason status changed", (types_files(CATALOG % '\tReasonBusy Reason = "BUSY" //contractgen:status 503'), types_files(CATALOG % '\tReasonBusy Reason = "BUSY" //contractgen:status 429')),
         error_reason_status_changed="breaking"),
    case("error reason value changed", (types_files(CATALOG % '\tReasonBusy Reason = "BUSY" //contractgen:status 503'), types_files(CATALOG % '\tReasonBusy Reason = "TOO_BUSY" //contractgen:status 503')),
         error_reason_value_changed="breaking"),
    case("error reason renamed", (types_files(CATALOG % '\tReasonBusy Reason = "BUSY" //contractgen:status 503'), types_files(CATALOG % '\tReasonOverloaded Reason = "BUSY" //contractgen:status 503')),
         error_reason_renamed="warning"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule(case: Case) -> None:
    index = str(CASES.index(case))
    old = contract_of(case.old, "rules", index, "old")
    new = contract_of(case.new, "rules", index, "new")
    found = {c.rule: c.level for c in compare(old, new)}
    assert found == case.expected, "\n".join(c.message for c in compare(old, new))
    assert compare(new, new) == []
    for rule, level in case.expected.items():
        assert RULES[rule].level == level


def test_every_rule_is_documented_in_the_readme_table_and_the_config_schema() -> None:
    import json
    import re

    from harness.paths import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `([a-z-]+)` \| (breaking|warning|info) \|", readme, re.MULTILINE))
    assert table == {rule.id: rule.level for rule in RULES.values()}
    schema = json.loads((REPO / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["diff"]["properties"]["rules"]["propertyNames"]["enum"] == sorted(RULES)


def test_every_rule_is_exercised_by_a_case_or_named_as_not_yet() -> None:
    exercised = {rule for case in CASES for rule in case.expected} | {"param-added", "param-removed"}  # the shop tests below
    untested = set(RULES) - exercised
    assert untested == UNTESTED, sorted(untested ^ UNTESTED)


UNTESTED: set[str] = set()  # every rule has a case


SHOP_DELAY = 'Delay int `query:"delay" json:"-"`'


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (SHOP_DELAY + '\n\tVerbose *bool `query:"verbose" json:"-"`', {("param-added", "info")}),
        ("", {("param-removed", "info")}),
        ('Delay string `query:"delay" json:"-"`', {("request-type-changed", "breaking")}),
    ],
    ids=["query parameter added", "query parameter removed", "query parameter type changed"],
)
def test_query_parameters_of_the_shop(edit: str, expected: set[tuple[str, str]]) -> None:
    import shutil

    from contractgen.pipeline import build
    from harness.paths import REPO, fresh_dir

    old = build(REPO / "fixtures" / "shop", targets=False).contract
    copy = fresh_dir("changes", "shop-params")
    shutil.copytree(REPO / "fixtures" / "shop", copy, dirs_exist_ok=True, ignore=shutil.ignore_patterns("contract"))
    requests = copy / "api" / "requests.go"
    requests.write_text(requests.read_text().replace(SHOP_DELAY, edit))
    changes = compare(old, build(copy, targets=False).contract)
    assert {(c.rule, c.level) for c in changes} == expected, [c.message for c in changes]
    assert all(c.subject == "GET /health" and c.endpoints == ("GET /health",) for c in changes)
