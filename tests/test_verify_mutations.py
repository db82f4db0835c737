"""The contract mutation score: drift classes on the IR, the grouping and its attribution, and the
score of the example frontend (stable, and higher than the loose variant's)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from contractgen.ir.model import Contract
from contractgen.pipeline import build
from contractgen.verify import drift
from contractgen.verify.mutations import MutationResult, Score, group, mutation_score, settle
from contractgen.verify.tsc import TsDiagnostic, find_tsc
from contractgen.verify.keysites import resolve_sites
from contractgen.verify.usage import frontend_usage, scan_usage, source_files
from harness.paths import REPO, fresh_dir

SHOP = REPO / "fixtures" / "shop"


@pytest.fixture(scope="module")
def shop() -> tuple[Contract, object]:
    generation = build(SHOP, targets=False)
    return generation.contract, generation.config


def _copy(name: str) -> Path:
    target = fresh_dir("verify_mutations", name) / name
    shutil.copytree(REPO / "fixtures" / name, target)
    return target


def _plan(contract: Contract, frontend: Path) -> list[drift.Mutation]:
    return drift.plan(contract, scan_usage(frontend, source_files(find_tsc(frontend), frontend)))


def test_every_drift_class_is_planned_for_what_the_frontend_uses(shop: tuple[Contract, object]) -> None:
    contract, _ = shop
    mutations = _plan(contract, REPO / "fixtures" / "frontend")
    assert {m.cls for m in mutations} == set(drift.CLASSES)
    targets = {(m.cls, m.target) for m in mutations}
    assert ("rename-field", "models.User.displayName") in targets
    assert ("remove-enum-member", "models.OrderStatus.shipped") in targets
    assert ("change-response", "GET /users/{id}") in targets
    # The frontend never calls the legacy API nor shows categories: no drift of theirs counts.
    assert not any("/v0/" in m.target or m.target.startswith("catalog.Category") for m in mutations)
    # Widening a request field (the server now accepts null) breaks no client: not a drift to catch.
    assert ("make-optional", "api.PlaceOrderRequest.notes") not in targets
    assert ("rename-field", "api.PlaceOrderRequest.notes") in targets


def test_drift_classes_change_the_contract_as_named(shop: tuple[Contract, object]) -> None:
    contract, _ = shop
    mutations = {(m.cls, m.target): m for m in _plan(contract, REPO / "fixtures" / "frontend")}
    models = "example.com/shop/models"

    def user_field(mutated: Contract, key: str):  # type: ignore[no-untyped-def]
        return next((f for f in mutated.decl(models, "User").fields if f.name == key), None)

    renamed = drift.apply(contract, mutations[("rename-field", "models.User.displayName")])
    assert user_field(renamed, "displayName") is None and user_field(renamed, "display_name") is not None
    assert user_field(drift.apply(contract, mutations[("remove-field", "models.User.email")]), "email") is None
    assert user_field(drift.apply(contract, mutations[("make-nullable", "models.User.email")]), "email").type.nullable
    assert user_field(drift.apply(contract, mutations[("make-optional", "models.User.email")]), "email").optional
    assert user_field(drift.apply(contract, mutations[("number-string", "models.User.email")]), "email").type.kind == "integer"
    status = drift.apply(contract, mutations[("remove-enum-member", "models.OrderStatus.shipped")]).decl(models, "OrderStatus")
    assert "shipped" not in {m.value for m in status.members}
    added = drift.apply(contract, mutations[("add-enum-member", "models.OrderStatus")]).decl(models, "OrderStatus")
    assert len(added.members) == len(contract.decl(models, "OrderStatus").members) + 1
    endpoint = next(e for e in drift.apply(contract, mutations[("change-path-params", "GET /users/{id}")]).endpoints if e.name == "GetUser" and e.path.startswith("/users"))
    assert endpoint.path == "/users/{idRef}" and [p.name for p in endpoint.params if p.location == "path"] == ["idRef"]
    response = next(e for e in drift.apply(contract, mutations[("change-response", "GET /users/{id}")]).endpoints if e.path == "/users/{id}" and e.method == "GET")
    assert response.response is not None and response.response.kind == "array"


def test_groups_hold_disjoint_footprints_and_one_change_per_declaration(shop: tuple[Contract, object]) -> None:
    contract, _ = shop
    mutations = _plan(contract, REPO / "fixtures" / "frontend")
    groups = group(mutations)
    assert sorted(m.target + m.cls for g in groups for m in g) == sorted(m.target + m.cls for m in mutations)
    assert len(groups) < len(mutations) / 2
    for members in groups:
        assert len({(m.package, m.decl) for m in members}) == len(members)
        for i, a in enumerate(members):
            assert all(not (a.footprint & b.footprint) for b in members[i + 1 :])
        if len(members) > 1:
            assert all(m.groupable for m in members)


def _diagnostic(base: Path, file: str, line: int) -> TsDiagnostic:
    return TsDiagnostic((base / file).as_posix(), line, 1, 2339, "Property does not exist")


def test_settle_credits_claimed_errors_and_reruns_members_an_unclaimed_error_leaves_open(tmp_path: Path) -> None:
    a = drift.Mutation("rename-field", "m.A.x", "p", "A", "x", footprint=frozenset({("src/a.ts", 3)}))
    b = drift.Mutation("rename-field", "m.B.y", "p", "B", "y", footprint=frozenset({("src/b.ts", 5)}))
    c = drift.Mutation("remove-field", "m.C.z", "p", "C", "z", footprint=frozenset({("src/c.ts", 7)}))
    base = str(tmp_path)
    clean = settle([a, b, c], [_diagnostic(tmp_path, "src/a.ts", 3)], base)
    assert [(r.mutation.target, r.caught) for r in clean if isinstance(r, MutationResult)] == [("m.A.x", True), ("m.B.y", False), ("m.C.z", False)]
    unclaimed = settle([a, b, c], [_diagnostic(tmp_path, "src/a.ts", 3), _diagnostic(tmp_path, "src/d.ts", 1)], base)
    assert [r.mutation.target for r in unclaimed if isinstance(r, MutationResult)] == ["m.A.x"]
    assert [[m.target for m in r] for r in unclaimed if isinstance(r, list)] == [["m.B.y"], ["m.C.z"]]
    alone = settle([b], [_diagnostic(tmp_path, "src/d.ts", 1)], base)
    assert isinstance(alone[0], MutationResult) and alone[0].caught


def _summary(score: Score) -> list[tuple[str, str, bool]]:
    return [(r.mutation.cls, r.mutation.target, r.caught) for r in score.results]


def _loose_through_the_cli() -> dict:  # type: ignore[type-arg]
    """`verify --mutations --format json` on a copy of the shop and the loose frontend."""
    work = fresh_dir("verify_mutations", "cli")
    shutil.copytree(SHOP, work / "shop", ignore=shutil.ignore_patterns("contract"))
    shutil.copytree(REPO / "fixtures" / "frontend-loose", work / "frontend")
    command = [sys.executable, "-m", "contractgen", "verify", "shop", "--out", "out", "--frontend", "frontend", "--mutations", "--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=work, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    data: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return data


@pytest.mark.slow
def test_the_example_scores_the_same_twice_and_the_loose_variant_lower(shop: tuple[Contract, object]) -> None:
    """Three full scores (minutes on a loaded machine): the strict example twice, the loose one by the CLI."""
    contract, config = shop
    strict = _copy("frontend")
    first = mutation_score(contract, config, strict)  # type: ignore[arg-type]
    second = mutation_score(contract, config, strict)  # type: ignore[arg-type]
    assert _summary(first) == _summary(second)
    assert first.tsc_runs < len(first.results) / 2  # grouping saves most runs
    assert {cls for cls, (caught, total) in first.by_class.items() if caught} == set(drift.CLASSES)

    loose = _loose_through_the_cli()
    assert loose["score"] < first.score
    assert loose["mutations"] and set(loose["mutations"][0]) >= {"class", "target", "caught"}
    assert sum(m["caught"] for m in loose["mutations"]) / len(loose["mutations"]) == pytest.approx(loose["score"], abs=1e-3)
    # What the loose variant lets through and the strict one catches, by name, with the places that use it.
    strict_caught = {(r.mutation.cls, r.mutation.target) for r in first.results if r.caught}
    loose_slipped = {(m["class"], m["target"]): m for m in loose["mutations"] if not m["caught"]}
    for key in (("rename-field", "models.User.displayName"), ("add-enum-member", "models.OrderStatus")):
        assert key in strict_caught and key in loose_slipped
    assert loose_slipped[("rename-field", "models.User.displayName")]["places"]


def test_a_field_counts_as_used_only_where_typescript_resolves_its_key_to_it(shop: tuple[Contract, object]) -> None:
    """The cart writes `customerId` for a PlaceOrderRequest and reads an Order: Order.customerId is not
    used. Words alone (no attribution) counted it; the frontend's TypeScript tells the two apart."""
    contract, _ = shop
    frontend = REPO / "fixtures" / "frontend"
    compiler = find_tsc(frontend)
    precise = {(m.cls, m.target): m for m in drift.plan(contract, frontend_usage(compiler, frontend))}
    words = {(m.cls, m.target) for m in _plan(contract, frontend)}
    for unused in ("models.Order.customerId", "models.Order.shippingAddress", "models.OrderLine.unitPrice", "models.UserSummary.id"):
        assert ("rename-field", unused) in words and ("rename-field", unused) not in precise
    for used in ("api.PlaceOrderRequest.customerId", "models.OrderLine.quantity", "models.User.displayName", "catalog.Image.url"):
        assert ("rename-field", used) in precise
    # A key of an object literal nothing types (the cart's untyped `map` callback) may still become a
    # LineItem's: TypeScript cannot tell, so it stays used, at the line that writes it.
    assert ("src/cart.ts", 71) in precise[("remove-field", "api.LineItem.productId")].footprint
    # The footprint is where the key is this declaration's: not the Product `id`s of the cart.
    assert precise[("rename-field", "models.User.id")].footprint <= {("src/profile.ts", 40), ("src/userList.ts", 24)}
    assert precise[("rename-field", "models.Order.id")].footprint == {("src/orderStatus.ts", 54), ("src/orderStatus.ts", 66)}
    assert set(precise) < words  # attribution only narrows the superset


def test_an_enum_member_counts_as_used_only_where_typescript_ties_its_value_to_the_enum(shop: tuple[Contract, object]) -> None:
    """An enum member is written as `OrderStatus.OrderPaid`, as a key of a `Record<Currency, V>`, or as
    a string compared with (or given as) a value of the enum. The word `customer` that keys a
    UserSummary, or `paid` keying a map of any string, is not its member; compared with `any`,
    TypeScript cannot tell, and it still counts."""
    contract, _ = shop

    def plans(name: str) -> tuple[dict[tuple[str, str], drift.Mutation], set[tuple[str, str]]]:
        frontend = REPO / "fixtures" / name
        precise = {(m.cls, m.target): m for m in drift.plan(contract, frontend_usage(find_tsc(frontend), frontend))}
        return precise, {(m.cls, m.target) for m in _plan(contract, frontend)}

    strict, strict_words = plans("frontend")
    assert strict[("remove-enum-member", "models.Role.customer")].footprint == {("src/profile.ts", 19)}  # not userList's `customer:`
    assert strict[("remove-enum-member", "models.Currency.GBP")].footprint == {("src/money.ts", 7)}  # Record<Currency, string>
    assert strict[("remove-enum-member", "models.OrderStatus.shipped")].footprint == {("src/orderStatus.ts", 23)}  # case "shipped"
    assert strict[("remove-enum-member", "models.OrderStatus.paid")].footprint == {("src/orderStatus.ts", 21)}  # OrderStatus.OrderPaid
    loose, loose_words = plans("frontend-loose")
    for word_only in ("models.OrderStatus.paid", "models.Currency.GBP"):  # keys of { [k: string]: V }
        assert ("remove-enum-member", word_only) in loose_words and ("remove-enum-member", word_only) not in loose
    assert loose[("remove-enum-member", "models.OrderStatus.pending")].footprint == {("src/orderStatus.ts", 18)}  # === on `any`
    assert set(strict) <= strict_words and set(loose) < loose_words


def test_without_the_typescript_api_usage_is_the_word_superset(shop: tuple[Contract, object], tmp_path: Path) -> None:
    contract, _ = shop
    frontend = REPO / "fixtures" / "frontend"
    files = source_files(find_tsc(frontend), frontend)
    assert resolve_sites(tmp_path / "node_modules" / ".bin" / "tsc", frontend / "tsconfig.json", files) is None
    assert {(m.cls, m.target) for m in drift.plan(contract, scan_usage(frontend, files, None))} == {(m.cls, m.target) for m in _plan(contract, frontend)}
    assert not scan_usage(frontend, files, None).by_checker and scan_usage(frontend, files, {}).by_checker


def test_the_report_says_when_field_uses_come_from_words_alone() -> None:
    """The fall-back to the word superset is not silent: text and JSON reports name it."""
    from contractgen.verify.mutations import Score, render_score, score_data

    by_words, by_checker = Score([], 0, 0.0, by_checker=False), Score([], 0, 0.0)
    assert "attributed by their names alone" in render_score(by_words)
    assert "attributed by their names alone" not in render_score(by_checker)
    assert (score_data(by_words)["usage"], score_data(by_checker)["usage"]) == ("words", "checker")
