"""`contractgen watch` under real file events: a subprocess on a copy of fixtures/shop, edited as
editors save (in place, and a temporary file renamed over)."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from harness.watcher import Watcher, save_by_rename, save_in_place, shop_copy, temporary_files

pytestmark = pytest.mark.slow

MODELS_TS = Path("ts/src/models.ts")


def models_ts(out: Path) -> str:
    return (out / MODELS_TS).read_text()


@pytest.mark.parametrize("save", [save_in_place, save_by_rename], ids=["in-place", "rename-over"])
def test_an_edit_appears_on_disk(save) -> None:  # type: ignore[no-untyped-def]
    module, out = shop_copy(f"edit-{save.__name__}")
    user = module / "models" / "user.go"
    with Watcher(module, out) as watcher:
        assert watcher.started().startswith("generated ")
        assert "displayName" in models_ts(out)
        save(user, user.read_text().replace('json:"displayName"', 'json:"display_name"', 1))
        line = watcher.regeneration()
        assert line.startswith("models.User: field displayName renamed to display_name · 2 files written"), line
        assert "display_name" in models_ts(out)
        assert watcher.stop() == 0


def test_a_slow_save_in_place_is_read_once_it_is_closed() -> None:
    """A save in place truncates the file, then writes it: a writer that pauses in between (preempted
    on a busy machine, or writing a large file) once got a regeneration of the empty file, which
    wrote that contract to OUT ("response changed ... to any JSON value"), before the real one."""
    module, out = shop_copy("slow-save")
    user = module / "models" / "user.go"
    text = user.read_text().replace('json:"displayName"', 'json:"display_name"', 1)
    with Watcher(module, out) as watcher:
        watcher.started()
        with open(user, "w", encoding="utf-8", newline="\n") as f:
            f.flush()
            os.fsync(f.fileno())  # the truncation reaches the watcher before the text does
            time.sleep(0.5)  # 25 quiet periods
            f.write(text)
        line = watcher.regeneration()
        assert line.startswith("models.User: field displayName renamed to display_name · 2 files written"), line
        assert watcher.stop() == 0
        assert watcher.next_line() == "stopped after 2 regeneration(s)"


def test_a_burst_of_saves_is_one_regeneration() -> None:
    module, out = shop_copy("burst")
    with Watcher(module, out, "--debounce", "300") as watcher:
        watcher.started()
        with watcher.frozen():  # a checkout: many files written at once, both ways, as one burst of events
            for index in range(30):
                save = save_in_place if index % 2 else save_by_rename
                save(module / "models" / f"burst{index:02}.go", f'package models\n\ntype Burst{index:02} struct {{\n\tN int `json:"n"`\n}}\n')
        burst = watcher.regeneration()
        # A sentinel edit afterwards: any second regeneration of the burst would come before its line.
        save_in_place(module / "models" / "sentinel.go", 'package models\n\ntype Sentinel struct {\n\tS string `json:"s"`\n}\n')
        sentinel = watcher.regeneration()
        assert burst.startswith("models.Burst00: type added; models.Burst01: type added"), burst
        assert "and 24 more" in burst, burst  # all 30 in one regeneration (6 named, 24 counted)
        assert sentinel.startswith("models.Sentinel: type added ·"), sentinel
        assert all(f"Burst{i:02}" in models_ts(out) for i in range(30))
        assert watcher.stop() == 0


def test_a_syntax_error_keeps_the_last_good_output_and_the_fix_regenerates() -> None:
    module, out = shop_copy("syntax")
    user = module / "models" / "user.go"
    good = user.read_text()
    with Watcher(module, out) as watcher:
        watcher.started()
        before = models_ts(out)
        save_by_rename(user, good + "\nfunc broken( {\n")
        line = watcher.regeneration()
        assert "error(s): the last good output" in line, line
        assert any("error[CG001]" in l for l in watcher.stderr), watcher.stderr
        assert models_ts(out) == before
        save_in_place(user, good.replace('json:"email"', 'json:"mail"'))
        line = watcher.regeneration()
        assert line.startswith("models.User: field email renamed to mail"), line
        assert '"mail"' in models_ts(out) or "mail:" in models_ts(out)
        assert watcher.stop() == 0


def test_new_and_deleted_files_and_packages() -> None:
    module, out = shop_copy("files")
    outside = module.parent / "outside"
    with Watcher(module, out) as watcher:
        watcher.started()
        extra = module / "models" / "extra.go"
        save_in_place(extra, 'package models\n\ntype Extra struct {\n\tX int `json:"x"`\n}\n')
        assert watcher.regeneration().startswith("models.Extra: type added")
        extra.unlink()
        assert watcher.regeneration().startswith("models.Extra: type removed")
        # A package directory moved in, then out again.
        (outside / "billing").mkdir(parents=True)
        save_in_place(outside / "billing" / "invoice.go", 'package billing\n\ntype Invoice struct {\n\tTotal int `json:"total"`\n}\n')
        shutil.move(str(outside / "billing"), str(module / "billing"))
        line = watcher.regeneration()
        assert line.startswith("billing.Invoice: type added"), line
        assert (out / "ts" / "src" / "billing.ts").is_file()
        shutil.move(str(module / "billing"), str(outside / "billing"))
        line = watcher.regeneration()
        assert line.startswith("billing.Invoice: type removed"), line
        assert not (out / "ts" / "src" / "billing.ts").exists()
        # OUT deleted underneath: written again. Moved away in one step, so that the watcher cannot
        # restore part of it while a file-by-file removal is still going on.
        gone = out.with_name("out.gone")
        out.rename(gone)
        line = watcher.regeneration()
        shutil.rmtree(gone)
        assert line.startswith("no contract change · 18 files written"), line  # every file of the generation
        assert "displayName" in models_ts(out)
        assert watcher.stop() == 0


def test_config_edits_reload_and_a_broken_config_keeps_watching() -> None:
    module, out = shop_copy("config")
    config = module / "contractgen.toml"
    good = config.read_text()
    with Watcher(module, out) as watcher:
        watcher.started()
        save_by_rename(config, good.replace('package_version = "1.0.0"', 'package_version = "1.1.0"'))
        line = watcher.regeneration()
        assert line.startswith("no contract change · 2 files written"), line  # package.json and its README
        assert '"version": "1.1.0"' in (out / "ts" / "package.json").read_text()
        save_in_place(config, good + "\n[typescript\n")
        line = watcher.regeneration()
        assert line.startswith("not regenerated: fix the problem above"), line
        # The file is read once closed, never truncated and empty (CG203, no version).
        assert [l for l in watcher.stderr if "error[" in l] == [
            "contractgen.toml:17:12: error[CG202]: invalid TOML: Cannot declare ('typescript',) twice (at line 17, column 12)"
        ], watcher.stderr
        save_in_place(config, good.replace('exclude = ["server", "cmd"]', 'exclude = ["cmd"]'))
        line = watcher.regeneration()
        assert "written" in line and "no contract change" not in line, line
        assert watcher.process.poll() is None
        assert watcher.stop() == 0


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_cleanly(sig: int) -> None:
    module, out = shop_copy(f"stop-{sig}")
    with Watcher(module, out) as watcher:
        watcher.started()
        user = module / "models" / "user.go"
        save_in_place(user, user.read_text().replace('json:"tags', 'json:"labels'))
        watcher.regeneration()
        assert watcher.stop(sig) == 0
        # The start and the edit, and whatever regeneration a busy machine may have split off the
        # edit: the count the watcher gives is the lines it printed.
        more, said = watcher.regenerations_until_stopped()
        assert said == 2 + more
        assert temporary_files(out, module) == []
        assert not any("Traceback" in l for l in watcher.stderr), watcher.stderr


def test_frontend_errors_are_reported_after_each_regeneration() -> None:
    """`watch --frontend` on a live Go edit the example frontend uses: the intercepted errors, each with
    its change, and the tally; the fix compiles again; Ctrl-C exits 0 and leaves no temporary file."""
    from harness.paths import REPO

    module, out = shop_copy("frontend")
    frontend = module.parent / "frontend"
    shutil.copytree(REPO / "fixtures" / "frontend", frontend)
    user = module / "models" / "user.go"
    good = user.read_text()
    renamed = "models.User: field displayName renamed to display_name"
    with Watcher(module, out, "--frontend", str(frontend)) as watcher:
        watcher.started()
        assert "frontend: compiles; 0 error(s) intercepted" in watcher.seen, watcher.seen
        assert "intercepted since start: 0 error(s) in 1 regeneration(s)" in watcher.seen, watcher.seen
        save_by_rename(user, good.replace('json:"displayName"', 'json:"display_name"', 1))
        assert watcher.regeneration().startswith(renamed)
        broken = _frontend_report(watcher)
        assert broken[0] == "frontend: does not compile; 3 error(s) intercepted", broken
        errors = sorted(line.split("  TS")[0].strip() for line in broken[1:-1])
        assert errors == ["src/profile.ts:41:20", "src/profile.ts:41:50", "src/userList.ts:24:36"], broken
        assert all("TS2551  Property 'displayName' does not exist" in line and line.endswith(f"<- {renamed}") for line in broken[1:-1]), broken
        assert broken[-1] == "intercepted since start: 3 error(s) in 2 regeneration(s) (3 missing-property)", broken
        save_by_rename(user, good)  # one event each way: the tally's counts are exact
        assert watcher.regeneration().startswith("models.User: field display_name renamed to displayName")
        fixed = _frontend_report(watcher)
        assert fixed == ["frontend: compiles; 0 error(s) intercepted", "intercepted since start: 3 error(s) in 3 regeneration(s) (3 missing-property)"], fixed
        assert watcher.stop() == 0
        more, said = watcher.regenerations_until_stopped()
        assert said == 3 + more
    assert temporary_files(out, module, frontend) == []
    assert not any("Traceback" in line for line in watcher.stderr), watcher.stderr


def _frontend_report(watcher: Watcher) -> list[str]:
    """The frontend check's lines after a regeneration, up to and with the tally."""
    report = [watcher.next_line()]
    while not report[-1].startswith("intercepted since start:"):
        report.append(watcher.next_line())
    return report
