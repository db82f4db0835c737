"""The contract mutation score: how much backend drift the frontend's type-check catches.

Each mutation (drift.py) is rendered into a copy of the TypeScript package and the frontend is
type-checked against it; a mutation is caught when tsc reports an error the unmutated contract does
not cause. To be fast, mutations run in groups, one tsc run per group: a group only holds mutations
whose footprints (the lines where the frontend writes the names they touch) are disjoint, and each new
error is credited to the one member whose footprint holds its line. An error no member claims (tsc
carried a changed type to a line that names none of them) makes the result ambiguous: the group is
split in two and each half runs again, down to single mutations, which need no attribution. Two tsc
processes run at once, each on its own copy of the package and its own incremental state.
"""

from __future__ import annotations

import queue
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import field
from pathlib import Path
from typing import Any

from contractgen.config import Config
from contractgen.ir.model import Contract
from contractgen.records import record
from contractgen.verify import tsc as harness
from contractgen.verify.drift import CLASSES, Mutation, apply_all, plan
from contractgen.verify.report import relative
from contractgen.verify.usage import Place, frontend_usage

GROUP_LIMIT = 12  # larger groups split more often when one member's errors are ambiguous
DiagnosticKey = tuple[str, int, int, int, str]


@record(frozen=True)
class MutationResult:
    mutation: Mutation
    caught: bool
    errors: tuple[str, ...]  # "file:line: TSnnnn message" of the errors credited to it (one run's worth)


@record
class Score:
    results: list[MutationResult]
    tsc_runs: int
    seconds: float
    by_class: dict[str, tuple[int, int]] = field(default_factory=dict)  # class -> (caught, total)
    by_checker: bool = True  # field uses attributed by TypeScript's checker, not by their words alone

    @property
    def score(self) -> float:
        return sum(r.caught for r in self.results) / len(self.results) if self.results else 1.0


@record
class _Slot:
    """A copy of the package and the overlay config that points the frontend at it."""

    package_dir: Path
    overlay: Path


class _Runner:
    def __init__(self, contract: Contract, config: Config, frontend: Path, compiler: Path, template_dir: Path | None, workers: int) -> None:
        from contractgen.targets.ts import TsOptions

        self.contract = contract
        self.options = TsOptions(config.package_name, config.package_version, template_dir)
        self.frontend = frontend
        self.compiler = compiler
        self.runs = 0
        base_config = harness.frontend_config(compiler, frontend)
        cache = harness.cache_dir(frontend)
        self.slots: queue.Queue[_Slot] = queue.Queue()
        for index in range(workers):
            package_dir = cache / "mutants" / f"slot{index}"
            overlay = harness.write_overlay(frontend, f"mutant{index}", config.package_name, package_dir, base_config)
            self.slots.put(_Slot(package_dir, overlay))
        self.baseline: frozenset[DiagnosticKey] = frozenset()
        self.last_overlay: Path | None = None

    def check(self, mutations: list[Mutation]) -> list[harness.TsDiagnostic]:
        """The errors the frontend gets with all MUTATIONS applied and the baseline's removed."""
        from contractgen.targets.ts import render
        from contractgen.writer import write

        files = render(apply_all(self.contract, mutations), self.options)
        slot = self.slots.get()
        try:
            write(slot.package_dir, files)  # changed files only: the rest keep their incremental state
            run = harness.run(self.compiler, slot.overlay, self.frontend)
            self.last_overlay = slot.overlay
        finally:
            self.slots.put(slot)
        self.runs += 1
        return [d for d in run.diagnostics if _key(d) not in self.baseline]


def _key(d: harness.TsDiagnostic) -> DiagnosticKey:
    return (d.file, d.line, d.column, d.code, d.message)


def group(mutations: list[Mutation], limit: int = GROUP_LIMIT) -> list[list[Mutation]]:
    """Greedy: each mutation joins the first group none of whose footprints overlaps its own. A mutation
    whose effect spreads beyond the lines that name it (a response type, an enum's new member, a named
    type used everywhere) would make other members' errors look like its own: it runs alone."""
    groups: list[tuple[list[Mutation], set[Place], set[tuple[str, str]]]] = []
    alone = [[m] for m in mutations if not m.groupable]
    for mutation in (m for m in mutations if m.groupable):
        # Two changes of one declaration can mask each other (all its fields gone: an empty object).
        decl = (mutation.package, mutation.decl)
        for members, taken, decls in groups:
            if len(members) < limit and not (mutation.footprint & taken) and decl not in decls:
                members.append(mutation)
                taken |= mutation.footprint
                decls.add(decl)
                break
        else:
            groups.append(([mutation], set(mutation.footprint), {decl}))
    return [members for members, _taken, _decls in groups] + alone


def mutation_score(
    contract: Contract, config: Config, frontend: Path, tsc: Path | None = None, template_dir: Path | None = None, workers: int = 2
) -> Score:
    started = time.perf_counter()
    compiler = harness.find_tsc(frontend, tsc)
    runner = _Runner(contract, config, frontend, compiler, template_dir, workers)
    runner.baseline = frozenset(_key(d) for d in runner.check([]))
    # The slot the baseline ran in holds the unmutated package: TypeScript resolves keys against it.
    usage = frontend_usage(compiler, frontend, runner.last_overlay)
    mutations = plan(contract, usage)
    base = str(frontend.resolve())
    results: dict[Mutation, MutationResult] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: set[Future[tuple[list[Mutation], list[harness.TsDiagnostic]]]] = set()

        def submit(members: list[Mutation]) -> None:
            pending.add(pool.submit(lambda: (members, runner.check(members))))

        for members in group(mutations):
            submit(members)
        while pending:
            done = next(_as_completed(pending))
            pending.discard(done)
            members, errors = done.result()
            for item in settle(members, errors, base):
                if isinstance(item, list):
                    submit(item)
                else:
                    results[item.mutation] = item
    ordered = [results[m] for m in mutations]
    score = Score(ordered, runner.runs, time.perf_counter() - started, by_checker=usage.by_checker)
    for cls in CLASSES:
        of_class = [r for r in ordered if r.mutation.cls == cls]
        if of_class:
            score.by_class[cls] = (sum(r.caught for r in of_class), len(of_class))
    return score


def _as_completed(futures: set[Future[Any]]) -> Any:
    from concurrent.futures import FIRST_COMPLETED, wait

    done, _ = wait(futures, return_when=FIRST_COMPLETED)
    return iter(sorted(done, key=id))


def _describe(d: harness.TsDiagnostic, base: str) -> str:
    return f"{relative(d.file, base)}:{d.line}: TS{d.code} {d.message}"


def settle(members: list[Mutation], errors: list[harness.TsDiagnostic], base: str) -> list[MutationResult | list[Mutation]]:
    """Results for MEMBERS from one run; members left uncertain by an unclaimed error run again."""
    if len(members) == 1:
        return [MutationResult(members[0], bool(errors), tuple(_describe(d, base) for d in errors))]
    credited: dict[int, list[str]] = {i: [] for i in range(len(members))}
    unclaimed = False
    for d in errors:
        place = (relative(d.file, base), d.line)
        owners = [i for i, m in enumerate(members) if place in m.footprint]  # at most one: footprints are disjoint
        if owners:
            credited[owners[0]].append(_describe(d, base))
        else:
            unclaimed = True
    settled: list[MutationResult | list[Mutation]] = []
    uncertain = []
    for i, m in enumerate(members):
        if credited[i] or not unclaimed:
            settled.append(MutationResult(m, bool(credited[i]), tuple(credited[i])))
        else:  # the unclaimed error may be this member's
            uncertain.append(m)
    if len(uncertain) == 1:
        settled.append(uncertain)
    elif uncertain:
        half = len(uncertain) // 2
        settled += [uncertain[:half], uncertain[half:]]
    return settled


# --- output -------------------------------------------------------------------------------------------


def score_data(score: Score) -> dict[str, Any]:
    return {
        "score": round(score.score, 4),
        "classes": {cls: {"caught": c, "total": t} for cls, (c, t) in score.by_class.items()},
        "mutations": [
            {
                "class": r.mutation.cls,
                "target": r.mutation.target,
                "caught": r.caught,
                "errors": list(r.errors),
                "places": [f"{file}:{line}" for file, line in sorted(r.mutation.footprint)],
            }
            for r in score.results
        ],
        "tsc_runs": score.tsc_runs,
        "usage": "checker" if score.by_checker else "words",
    }


def render_score(score: Score, slips_shown: int = 20) -> str:
    caught = sum(r.caught for r in score.results)
    lines = [f"mutation score: {score.score:.0%} ({caught} of {len(score.results)} drifts caught, {score.tsc_runs} tsc runs, {score.seconds:.1f} s)"]
    if not score.by_checker:
        lines.append(
            "  (fields attributed by their names alone: the frontend's TypeScript has no typescript/unstable/sync API,"
            " so a key counts as used for every type that has it)"
        )
    for cls, (c, t) in score.by_class.items():
        lines.append(f"  {cls:<20} {c:>4} / {t:<4} {c / t:>5.0%}")
    slipped = [r for r in score.results if not r.caught]
    if slipped:
        lines.append("drift that slips through (the frontend still compiles):")
        for r in slipped[:slips_shown]:
            places = ", ".join(f"{file}:{line}" for file, line in sorted(r.mutation.footprint)[:3]) or "no place names it"
            lines.append(f"  {r.mutation.cls:<20} {r.mutation.target}  (used at {places})")
        if len(slipped) > slips_shown:
            lines.append(f"  ... and {len(slipped) - slips_shown} more (--format json lists all)")
    return "\n".join(lines) + "\n"
