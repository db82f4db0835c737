"""Every rule of the change engine: a stable id, its default level, what it means and an example.

The README's rules table is written from this list (tests/test_diff_rules.py checks that they agree), and
`[diff] rules` in contractgen.toml may move a rule to another level or ignore it.

Direction decides most levels. On the response side an OLD client decodes what the NEW server sends:
anything the old schema rejects (a new key it requires is missing, a new `null`, a new enum member, a
wider integer) breaks it. On the request side the NEW server decodes what an OLD client sends: anything
the new server no longer accepts (a key it now requires, a narrower range, a renamed key whose old
spelling encoding/json now silently drops) breaks it, while a removed key is ignored by encoding/json.
`warning`: the wire stays compatible but regenerated code changes shape (a frontend that recompiles sees it).
"""

from __future__ import annotations

from typing import Literal

from contractgen.records import record

Level = Literal["breaking", "warning", "info"]
LEVELS: tuple[Level, ...] = ("breaking", "warning", "info")


@record(frozen=True)
class Rule:
    id: str
    level: Level
    summary: str
    example: str


_RULES = [
    # response side: what the server sends (and every type of a module without endpoints)
    Rule("response-property-removed", "breaking", "a key the server always sent is gone", "`User.email` (required) deleted"),
    Rule("response-optional-property-removed", "warning", "a key the server sometimes omitted is gone: old schemas accept its absence, the TypeScript property disappears", "`User.nickname,omitempty` deleted"),
    Rule("response-property-renamed", "breaking", "the Go field kept, its json key changed", "`DisplayName` tagged `displayName` → `display_name`"),
    Rule("response-property-added", "info", "a new key (old schemas strip unknown keys)", "`User.avatarUrl` added"),
    Rule("response-property-now-optional", "breaking", "a key that was always sent may now be absent", "`json:\"total\"` → `json:\"total,omitempty\"`"),
    Rule("response-property-now-required", "info", "a key that could be absent is now always sent", "`,omitempty` dropped from a non-nullable field"),
    Rule("response-value-now-nullable", "breaking", "a value that could not be null now can", "a nil slice losing `omitempty`: `[]string` now sends `null`"),
    Rule("response-value-no-longer-nullable", "info", "a value that could be null no longer can", "`*string` → `string`"),
    Rule("response-type-changed", "breaking", "the JSON type changed, or accepts more than before", "`int` → `string`; `int` → `float64`; an enum → plain `string`"),
    Rule("response-type-narrowed", "info", "the JSON type is now a subset of the old one", "`float64` → `int`; `any` → `string`"),
    Rule("response-integer-widened", "breaking", "an integer's range grew: old schemas reject the new values", "`int32` → `int64`"),
    Rule("response-integer-narrowed", "info", "an integer's range shrank", "`int64` → `int32`"),
    Rule("response-enum-member-added", "breaking", "a new enum value the old `z.enum` rejects (and a `switch` must handle)", "`OrderStatus` gains `\"refunded\"`"),
    Rule("response-enum-member-removed", "warning", "an enum value the server no longer sends: the TypeScript member disappears", "`OrderStatus` loses `\"draft\"`"),
    Rule("response-string-option-changed", "breaking", "`,string` added or removed: a number now travels as text, or back", "`json:\"id\"` → `json:\"id,string\"`"),
    Rule("response-format-changed", "breaking", "a string's format changed or was dropped", "`time.Time` → `string`; base64 `[]byte` → `string`"),
    Rule("response-format-added", "info", "a plain string now has a format (a subset of what was sent)", "`string` → `time.Time`"),
    Rule("response-array-length-changed", "breaking", "a fixed-length array changed length or became a slice", "`[3]int` → `[4]int`"),
    Rule("response-object-now-open", "warning", "an object may now have keys the contract cannot see (an embedded type whose source is not on the machine): old schemas strip them, the generated type gains an index signature, and what changes inside the unseen type is not compared", "`Account` embeds `basemodel.Model` from a module not downloaded"),
    Rule("response-object-now-closed", "info", "every key of an object that had unseen keys is known now (the keys that appear are compared as added)", "`go mod download` made `basemodel.Model` visible"),
    # request side: what the server accepts
    Rule("request-property-added-required", "breaking", "a new key the server requires: old clients do not send it", "`CreateUser.role` added with `binding:\"required\"`"),
    Rule("request-property-added", "info", "a new optional key", "`CreateUser.locale,omitempty` added"),
    Rule("request-property-removed", "info", "a key the server no longer reads (encoding/json ignores unknown keys)", "`CreateUser.legacyId` deleted"),
    Rule("request-property-renamed", "breaking", "the Go field kept, its json key changed: old clients' value is silently dropped", "`Email` tagged `email` → `emailAddress`"),
    Rule("request-property-now-required", "breaking", "an optional key is now required", "a `binding:\"required\"` rule added"),
    Rule("request-property-now-optional", "info", "a required key is now optional", "its `required` rule removed"),
    Rule("request-value-now-nullable", "info", "the server now accepts `null` there", "`string` → `*string`"),
    Rule("request-value-no-longer-nullable", "warning", "`null` no longer means nil (encoding/json leaves the zero value)", "`*string` → `string`"),
    Rule("request-type-changed", "breaking", "the JSON type changed, or accepts less than before", "`string` → `int`; `float64` → `int`; `string` → an enum"),
    Rule("request-type-widened", "info", "the server accepts more than before", "`int` → `float64`; an enum → `string`"),
    Rule("request-integer-narrowed", "breaking", "an integer's range shrank: old clients' values may not decode", "`int64` → `int32`"),
    Rule("request-integer-widened", "info", "an integer's range grew", "`int32` → `int64`"),
    Rule("request-enum-member-removed", "breaking", "an enum value old clients may send is gone", "`Role` loses `\"guest\"`"),
    Rule("request-enum-member-added", "info", "a new enum value the server accepts", "`Role` gains `\"auditor\"`"),
    Rule("request-string-option-changed", "breaking", "`,string` added or removed: the server now wants the number as text, or back", "`json:\"qty\"` → `json:\"qty,string\"`"),
    Rule("request-format-added", "breaking", "a plain string now must have a format", "`string` → `time.Time`"),
    Rule("request-format-changed", "info", "a string's format was dropped or relaxed", "`time.Time` → `string`"),
    Rule("request-check-tightened", "breaking", "a validation rule now rejects values the server accepted: old clients' values may fail it", "`validate:\"max=64\"` → `max=32`; `oneof=a b` → `oneof=a`; a `min=3` added; a path `{id}` → `{id:[0-9]+}`"),
    Rule("request-check-loosened", "info", "the validation rules accept every value they accepted, and more", "`max=32` → `max=64`; `oneof=a` → `oneof=a b`; `omitempty` added"),
    Rule("request-object-now-open", "warning", "the server's request type now has keys the contract cannot see: what it reads there, and whether its rules require them, is unknown", "`CreateUser` embeds `basemodel.Model` from a module not downloaded"),
    Rule("request-object-now-closed", "info", "every key of a request object that had unseen keys is known now", "`go mod download` made `basemodel.Model` visible"),
    # endpoints
    Rule("endpoint-removed", "breaking", "an endpoint is gone", "`DELETE /users/{id}` removed"),
    Rule("endpoint-added", "info", "a new endpoint", "`GET /orders` added"),
    Rule("endpoint-method-changed", "breaking", "the same handler answers another method", "`POST /orders/{id}/pay` → `PUT`"),
    Rule("endpoint-path-changed", "breaking", "the same handler answers another path", "`/users/{id}` → `/accounts/{id}`"),
    Rule("path-param-added", "breaking", "the same handler's path has a new parameter", "`/orders` → `/shops/{shop}/orders`"),
    Rule("path-param-renamed", "warning", "a path wildcard renamed: the same URL on the wire, the client call's parameter changes", "`{id}` → `{userId}`"),
    Rule("param-added-required", "breaking", "a new required query or header parameter", "`?tenant=` now required"),
    Rule("param-added", "info", "a new optional query or header parameter", "`?sort=` added"),
    Rule("param-removed", "info", "a parameter the server no longer reads", "`?legacy=` removed"),
    Rule("param-now-required", "breaking", "an optional parameter is now required", "`?limit=` required"),
    Rule("param-now-optional", "info", "a required parameter is now optional", "`X-Tenant` optional"),
    Rule("form-part-added-required", "breaking", "a new required part of a multipart/form-data body: old clients do not send it", "`c.FormFile(\"avatar\")` added"),
    Rule("form-part-added", "info", "a new optional part of a multipart body", "`c.PostForm(\"caption\")` added"),
    Rule("form-part-removed", "info", "a part of a multipart body the server no longer reads", "`c.PostForm(\"legacy\")` removed"),
    Rule("form-part-now-required", "breaking", "an optional part of a multipart body is now required", "a `c.PostForm` value now read with `c.FormFile`"),
    Rule("form-part-now-optional", "info", "a required part of a multipart body is now optional", "a file part that became a value"),
    Rule("form-part-kind-changed", "breaking", "a part changed between a file and a text value, or between one and a list", "`c.PostForm(\"doc\")` \u2192 `c.FormFile(\"doc\")`; `c.PostForm` \u2192 `c.PostFormArray`"),
    Rule("endpoint-request-body-added", "breaking", "the endpoint now reads a JSON body", "`POST /orders/{id}/pay` now decodes a `PayRequest`"),
    Rule("endpoint-request-body-removed", "info", "the endpoint no longer reads a body (old clients' body is ignored)", "a `PUT` body dropped"),
    Rule("endpoint-status-changed", "warning", "the success status changed (clients checking 2xx keep working)", "`200` → `201`"),
    Rule("endpoint-response-body-removed", "breaking", "the success response has no body any more", "`200` with a `User` → `204`"),
    Rule("endpoint-response-media-changed", "breaking", "a success body changed between JSON, text and bytes: old clients read it as what it was", "`c.JSON(200, report)` → `c.String(200, csv)`"),
    Rule("endpoint-success-added", "breaking", "the handler writes another 2xx status whose body is not the main response's: old clients read it as the main response", "`c.Status(204)` added beside `c.JSON(200, feed)`"),
    Rule("endpoint-success-removed", "info", "a 2xx status besides the main one is no longer written", "the `204` branch of a feed removed"),
    Rule("endpoint-success-body-removed", "breaking", "another 2xx status that had a body may now come without one", "`c.JSON(202, job)` → `c.Status(202)`"),
    Rule("endpoint-success-body-added", "info", "another 2xx status that had no body now has one (old clients resolve it to undefined)", "`c.Status(202)` → `c.JSON(202, job)`"),
    Rule("endpoint-wire-changed", "breaking", "the response switched between the `{\"data\": ...}` envelope and a bare value", "a handler moved off the generated adapter"),
    Rule("client-method-renamed", "warning", "the handler was renamed: the generated client method changes", "`GetUser` → `FetchUser` (`users.getUser` → `users.fetchUser`)"),
    # error reasons
    Rule("error-reason-removed", "breaking", "a reason clients match on is no longer sent", "`ORDER_NOT_PAYABLE` removed from the catalog"),
    Rule("error-reason-added", "info", "a new reason (old clients see it as `AnyReason`)", "`RATE_LIMITED` added"),
    Rule("error-reason-status-changed", "breaking", "a reason now travels with another HTTP status", "`EMAIL_TAKEN` 409 → 400"),
    Rule("error-reason-value-changed", "breaking", "the Go constant kept, its wire value changed", "`ReasonForbidden` `FORBIDDEN` → `NOT_ALLOWED`"),
    Rule("error-reason-renamed", "warning", "the Go constant renamed, the wire value kept: the TypeScript `Reason` key and guard change", "`ReasonNoUser` → `ReasonUserNotFound`"),
    Rule("endpoint-error-added", "info", "an endpoint may return a reason it did not before", "`POST /orders` may now answer `OUT_OF_STOCK`"),
    Rule("endpoint-error-removed", "info", "an endpoint no longer returns a reason", "`GET /users/{id}` no longer answers `FORBIDDEN`"),
    # declarations: the shape of generated code, not the wire
    Rule("type-renamed", "warning", "a Go type renamed with the same wire form: the TypeScript type and schema names change", "`models.Customer` → `models.User`"),
    Rule("type-removed", "warning", "an exported type is gone from the generated code", "`models.Legacy` deleted"),
    Rule("type-added", "info", "a new exported type", "`models.Coupon` added"),
    Rule("enum-member-renamed", "warning", "a Go constant renamed, its value kept: the TypeScript const key changes", "`StatusPaid` → `StatusSettled` (both `\"paid\"`)"),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
