"""Endpoints and error reasons: matched by method + path template (wildcard names aside), then by handler."""

from __future__ import annotations

import re

from contractgen.changes.change import ChangeKey, Findings
from contractgen.changes.values import Place, ValueComparer
from contractgen.ir.model import Contract, Endpoint, ErrorReason, FormPart, Param, Success

_WILDCARD = re.compile(r"\{[^}]*?(\.\.\.)?\}")


def route_key(endpoint: Endpoint) -> tuple[str, str]:
    """What the URL looks like on the wire: a renamed wildcard is the same route."""
    return (endpoint.method, _WILDCARD.sub(lambda m: "{...}" if m.group(1) else "{}", endpoint.path))


def label(endpoint: Endpoint) -> str:
    return f"{endpoint.method} {endpoint.path}"


def _handler(endpoint: Endpoint) -> tuple[str, str, str]:
    return (endpoint.package, endpoint.group, endpoint.name)


def _path_params(endpoint: Endpoint) -> list[str]:
    return [m.group(0).strip("{}").removesuffix("...") for m in _WILDCARD.finditer(endpoint.path)]


class ClientNames:
    """The generated client's `group.method` of each endpoint: what a TypeScript error mentions."""

    def __init__(self, contract: Contract) -> None:
        from contractgen.targets.ts.client import group_names, method_base_name

        self.groups = group_names(contract)
        self.method = method_base_name

    def of(self, endpoint: Endpoint) -> tuple[str, str]:
        return (self.groups.get((endpoint.package, endpoint.group), ""), self.method(endpoint))


def compare_endpoints(old: Contract, new: Contract, values: ValueComparer, findings: Findings) -> None:
    old_names, new_names = ClientNames(old), ClientNames(new)
    olds = {route_key(e): e for e in old.endpoints}
    news = {route_key(e): e for e in new.endpoints}
    pairs = [(olds[k], news[k]) for k in sorted(olds.keys() & news.keys())]
    gone = [olds[k] for k in sorted(olds.keys() - news.keys())]
    came = [news[k] for k in sorted(news.keys() - olds.keys())]
    for o in list(gone):  # the same handler on another route: a moved endpoint, not one removed and one added
        same = [n for n in came if _handler(n) == _handler(o)]
        if len(same) == 1 and o.name:
            n = same[0]
            gone.remove(o)
            came.remove(n)
            subject = label(n)
            names = new_names.of(n)
            if o.method != n.method:
                findings.reached_from({findings.add("endpoint-method-changed", subject, f"{subject}: was {label(o)} (method {o.method} → {n.method})", names, o.position, n.position)}, subject)
            if o.path != n.path:
                added = [p for p in _path_params(n) if p not in _path_params(o)]
                if len(_path_params(n)) > len(_path_params(o)):
                    key = findings.add("path-param-added", subject, f"{subject}: was {label(o)} (path parameter {', '.join(added) or 'added'})", (*names, *added), o.position, n.position)
                else:
                    key = findings.add("endpoint-path-changed", subject, f"{subject}: was {label(o)} (path {o.path} → {n.path})", names, o.position, n.position)
                findings.reached_from({key}, subject)
            pairs.append((o, n))
    for o in gone:
        subject = label(o)
        findings.reached_from({findings.add("endpoint-removed", subject, f"{subject}: endpoint removed", old_names.of(o), o.position)}, subject)
    for n in came:
        subject = label(n)
        findings.reached_from({findings.add("endpoint-added", subject, f"{subject}: endpoint added", new_names.of(n), None, n.position)}, subject)
    statuses = _statuses(new)
    for o, n in sorted(pairs, key=lambda p: route_key(p[1])):
        _compare_endpoint(o, n, old_names.of(o), new_names.of(n), values, findings, statuses)


def _compare_endpoint(
    o: Endpoint, n: Endpoint, old_names: tuple[str, str], names: tuple[str, str], values: ValueComparer, findings: Findings, statuses: dict[str, int]
) -> None:
    subject = label(n)
    keys = set()

    def add(rule: str, text: str, extra: tuple[str, ...] = (), old_pos=None, new_pos=None) -> None:  # type: ignore[no-untyped-def]
        keys.add(findings.add(rule, subject, f"{subject}: {text}", (*names, *extra), old_pos or o.position, new_pos or n.position))

    if old_names[1] != names[1]:
        add("client-method-renamed", f"client method {old_names[0]}.{old_names[1]} renamed to {names[0]}.{names[1]}", (old_names[1],))
    old_path, new_path = _path_params(o), _path_params(n)
    if len(old_path) == len(new_path):
        for before, after in zip(old_path, new_path):
            if before != after:
                add("path-param-renamed", f"path parameter {{{before}}} renamed to {{{after}}}", (before, after))
    keys |= _compare_params(o, n, subject, names, values, findings)
    if o.request is not None and n.request is not None:
        keys |= values.compare(o.request, n.request, "request", Place(subject, label="request body"))
    elif n.request is not None:
        add("endpoint-request-body-added", "now reads a JSON request body")
    elif o.request is not None:
        add("endpoint-request-body-removed", "no longer reads a request body")
    keys |= _compare_form(o, n, subject, names, findings)
    old_body = o.response is not None and o.status != 204
    new_body = n.response is not None and n.status != 204
    if old_body and not new_body:
        add("endpoint-response-body-removed", f"the success response ({o.status} → {n.status}) has no body any more")
    elif o.status != n.status:
        add("endpoint-status-changed", f"success status {o.status} → {n.status}")
    if old_body and new_body and o.media != n.media:
        add("endpoint-response-media-changed", f"the success response is {_MEDIA[n.media]} instead of {_MEDIA[o.media]}")
    elif old_body and new_body and o.media == "json":
        assert o.response is not None and n.response is not None
        keys |= values.compare(o.response, n.response, "response", Place(subject, label="response"))
    keys |= _compare_successes(o, n, subject, names, values, findings)
    if o.wire != n.wire:
        add("endpoint-wire-changed", f"response wire {o.wire} → {n.wire}")
    for reason in sorted(set(o.errors) - set(n.errors)):
        add("endpoint-error-removed", f"no longer answers error {reason}", (reason,))
    for reason in sorted(set(n.errors) - set(o.errors)):
        status = f" (HTTP {statuses[reason]})" if reason in statuses else ""
        add("endpoint-error-added", f"may now answer error {reason}{status}", (reason,))
    findings.reached_from(keys, subject)


_MEDIA = {"json": "JSON", "text": "text", "binary": "bytes"}


def _compare_successes(o: Endpoint, n: Endpoint, subject: str, names: tuple[str, str], values: ValueComparer, findings: Findings) -> set:  # type: ignore[type-arg]
    """The other 2xx statuses, by status. An old client reads a status it does not know as its own
    (the old) main response, so a new one breaks it unless it carries that very body."""
    keys = set()
    olds = {s.status: s for s in o.other_successes}
    news = {s.status: s for s in n.other_successes}

    def add(rule: str, text: str, old: Success | None, new: Success | None) -> None:
        where = (old.position if old else None) or o.position, (new.position if new else None) or n.position
        keys.add(findings.add(rule, subject, f"{subject}: {text}", (*names, str((new or old).status)), *where))  # type: ignore[union-attr]

    for status in sorted(news.keys() - olds.keys()):
        new = news[status]
        if (new.type, new.media, new.empty) != (o.response, o.media, False):
            add("endpoint-success-added", f"may now answer HTTP {status} ({_success_text(new)}), which old clients read as the {o.status} response", None, new)
    for status in sorted(olds.keys() - news.keys()):
        if status != n.status:
            add("endpoint-success-removed", f"no longer answers HTTP {status} ({_success_text(olds[status])})", olds[status], None)
    for status in sorted(olds.keys() & news.keys()):
        old, new = olds[status], news[status]
        if old.type is not None and not old.empty and (new.type is None or new.empty):
            add("endpoint-success-body-removed", f"HTTP {status} may now come without a body", old, new)
        elif (old.type is None or old.empty) and new.type is not None and not new.empty:
            add("endpoint-success-body-added", f"HTTP {status} now has a body ({_success_text(new)})", old, new)
        elif old.type is not None and new.type is not None and old.media != new.media:
            add("endpoint-response-media-changed", f"HTTP {status} is {_MEDIA[new.media]} instead of {_MEDIA[old.media]}", old, new)
        elif old.type is not None and new.type is not None and old.media == "json":
            keys |= values.compare(old.type, new.type, "response", Place(subject, label=f"{status} response"))
    return keys


def _success_text(success: Success) -> str:
    if success.type is None:
        return "no body"
    return _MEDIA[success.media] + (", or no body" if success.empty else "")


def _compare_params(o: Endpoint, n: Endpoint, subject: str, names: tuple[str, str], values: ValueComparer, findings: Findings) -> set:  # type: ignore[type-arg]
    keys = set()
    old_path = {p: i for i, p in enumerate(_path_params(o))}
    new_path = {p: i for i, p in enumerate(_path_params(n))}

    def ident(endpoint: Endpoint, param: Param, path_index: dict[str, int]) -> tuple[str, str]:
        # Path parameters are matched by position (a renamed wildcard is the same URL), others by name.
        if param.location == "path" and param.name in path_index:
            return ("path", str(path_index[param.name]))
        return (param.location, param.name.lower() if param.location == "header" else param.name)

    olds = {ident(o, p, old_path): p for p in o.params}
    news = {ident(n, p, new_path): p for p in n.params}
    for key in sorted(olds.keys() & news.keys()):
        op, np_ = olds[key], news[key]
        what = f"{np_.location} parameter {np_.name}"
        if op.optional != np_.optional:
            rule, text = ("param-now-optional", "is now optional") if np_.optional else ("param-now-required", "is now required")
            keys.add(findings.add(rule, subject, f"{subject}: {what} {text}", (*names, np_.name), op.position, np_.position))
        if op.pattern != np_.pattern:
            keys.add(_pattern_change(op, np_, subject, what, names, findings))
        keys |= values.compare(op.type, np_.type, "request", Place(subject, label=what))
    for key in sorted(olds.keys() - news.keys()):
        op = olds[key]
        if op.location != "path":
            keys.add(findings.add("param-removed", subject, f"{subject}: {op.location} parameter {op.name} removed", (*names, op.name), op.position))
    for key in sorted(news.keys() - olds.keys()):
        np_ = news[key]
        if np_.location != "path":
            rule = "param-added" if np_.optional else "param-added-required"
            adjective = "optional" if np_.optional else "required"
            keys.add(findings.add(rule, subject, f"{subject}: {adjective} {np_.location} parameter {np_.name} added", (*names, np_.name), None, np_.position))
    return keys


def _pattern_change(op: Param, np_: Param, subject: str, what: str, names: tuple[str, str], findings: Findings) -> ChangeKey:
    """A path variable's regular expression: the router answers 404 for a value it does not match, so a
    new or changed one may refuse what old clients send. Whether one expression accepts all another
    does is not decidable here, so only a removed one counts as loosened."""
    if not np_.pattern:
        return findings.add("request-check-loosened", subject, f"{subject}: {what} no longer has to match {op.pattern}", (*names, np_.name), op.position, np_.position)
    if not op.pattern:
        text = f"{subject}: {what} now has to match {np_.pattern}"
    else:
        text = f"{subject}: {what} has to match {np_.pattern} instead of {op.pattern} (contractgen cannot tell a looser expression from a tighter one)"
    return findings.add("request-check-tightened", subject, text, (*names, np_.name), op.position, np_.position)


def _compare_form(o: Endpoint, n: Endpoint, subject: str, names: tuple[str, str], findings: Findings) -> set:  # type: ignore[type-arg]
    """The parts of a multipart/form-data body, by name: a client that does not send a required part is refused."""
    keys = set()
    olds = {p.name: p for p in o.form}
    news = {p.name: p for p in n.form}

    def add(rule: str, text: str, part: FormPart, old: FormPart | None, new: FormPart | None) -> None:
        keys.add(findings.add(rule, subject, f"{subject}: multipart {text}", (*names, part.name), old.position if old else None, new.position if new else None))

    def spelled(part: FormPart) -> str:
        return ("files" if part.many else "file") if part.kind == "file" else ("values" if part.many else "value")

    for name in sorted(olds.keys() & news.keys()):
        before, after = olds[name], news[name]
        if (before.kind, before.many) != (after.kind, after.many):
            add("form-part-kind-changed", f"part {name}: {spelled(before)} → {spelled(after)}", after, before, after)
        if before.optional != after.optional:
            rule, text = ("form-part-now-optional", "is now optional") if after.optional else ("form-part-now-required", "is now required")
            add(rule, f"part {name} {text}", after, before, after)
    for name in sorted(olds.keys() - news.keys()):
        add("form-part-removed", f"part {name} ({spelled(olds[name])}) removed", olds[name], olds[name], None)
    for name in sorted(news.keys() - olds.keys()):
        part = news[name]
        rule, adjective = ("form-part-added", "optional") if part.optional else ("form-part-added-required", "required")
        add(rule, f"{adjective} part {name} ({spelled(part)}) added", part, None, part)
    return keys


def _statuses(contract: Contract) -> dict[str, int]:
    return {r.value: r.status for catalog in contract.errors for r in catalog.reasons}


def compare_errors(old: Contract, new: Contract, findings: Findings) -> None:
    """The reasons of every catalog: by wire value, and by Go constant for a value that changed."""
    olds = _reasons(old)
    news = _reasons(new)
    new_by_name = {r.name: r for r in news.values()}
    moved = set()
    for value in sorted(olds.keys() - news.keys()):
        r = olds[value]
        twin = new_by_name.get(r.name)
        if twin is not None and twin.value not in olds:
            moved.add(twin.value)
            findings.add("error-reason-value-changed", "errors", f"errors: {r.name} now sends {twin.value} instead of {r.value}", (r.name, r.value, twin.value), r.position, twin.position)
        else:
            findings.add("error-reason-removed", "errors", f"errors: reason {value} ({r.name}, HTTP {r.status}) removed", (r.name, value, _guard(r)), r.position)
    for value in sorted(news.keys() - olds.keys() - moved):
        r = news[value]
        findings.add("error-reason-added", "errors", f"errors: reason {value} ({r.name}, HTTP {r.status}) added", (r.name, value), None, r.position)
    for value in sorted(olds.keys() & news.keys()):
        o, n = olds[value], news[value]
        if o.status != n.status:
            findings.add("error-reason-status-changed", "errors", f"errors: reason {value} now has HTTP status {n.status} (was {o.status})", (value,), o.position, n.position)
        if o.name != n.name and o.name not in new_by_name:
            findings.add("error-reason-renamed", "errors", f"errors: {o.name} renamed to {n.name} (wire value {value} kept)", (o.name, n.name, _guard(o)), o.position, n.position)


def _reasons(contract: Contract) -> dict[str, ErrorReason]:
    return {r.value: r for catalog in contract.errors for r in catalog.reasons}


def _guard(reason: ErrorReason) -> str:
    """The generated guard's name, `isUserNotFound` for USER_NOT_FOUND."""
    return "is" + "".join(part.capitalize() for part in reason.value.lower().split("_"))
