"""data/live.py without a server: the holder of the Dataset in use, driven by `check()` with a fake
clock; and components/state.py's per-request pinning."""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from pathlib import Path

import flask
import pytest

from data import DataPackageError, load_dataset
from data import current as state
from data import live as live_mod
from data.live import LiveDataset, Snapshots, signature
from tests.helpers_data import copy_package, read_rows, set_cell

SOURCE = "S001"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def pkg(tmp_path) -> Path:
    return copy_package(tmp_path)


@pytest.fixture
def snapshots(tmp_path) -> Snapshots:
    return Snapshots(tmp_path / "snapshots")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def live(pkg, snapshots, clock) -> LiveDataset:
    holder = LiveDataset(pkg, interval=1.0, clock=clock, snapshots=snapshots, retain=60.0)
    holder.load_initial()
    return holder


def title_of(ds, source_id: str = SOURCE) -> str:
    sources = ds["sources"]
    return str(sources.loc[sources["source_id"] == source_id, "title"].iloc[0])


def settle(live: LiveDataset, clock: Clock) -> str:
    """Two looks one interval apart: the change is seen, then loaded."""
    first = live.check()
    assert first == "pending", first
    clock.advance(live.settle)
    return live.check()


def reload_lines(caplog, kind: str) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "ops.data" and r.getMessage().startswith(f"data reload {kind} ")]


def break_table(pkg: Path) -> None:
    set_cell(pkg, "projects", "project_id", read_rows(pkg / "projects.csv")[0]["project_id"], "start_year", "soon")


# ------------------------------------------------------------------ accepting
def test_initial_load_reads_a_private_copy_of_the_folder(live, pkg, snapshots):
    ds = live.current()
    assert ds.version == load_dataset(pkg).version
    assert ds.directory.parent == snapshots.root
    assert ds.directory.name.startswith(f"{os.getpid()}-")
    assert (ds.directory / "datapackage.json").read_bytes() == (pkg / "datapackage.json").read_bytes()
    assert live.check() == "unchanged"
    assert live.rejection() is None


def test_a_valid_change_is_loaded_once_it_has_settled(live, pkg, clock, caplog):
    caplog.set_level(logging.INFO, logger="ops.data")
    before = live.current()
    set_cell(pkg, "sources", "source_id", SOURCE, "title", "A new title")

    assert live.check() == "pending"
    clock.advance(0.5)
    assert live.check() == "pending"  # not yet one interval unchanged
    assert live.current() is before
    clock.advance(0.5)
    assert live.check() == "accepted"

    after = live.current()
    assert after.version != before.version
    assert title_of(after) == "A new title" and title_of(before) != "A new title"
    assert after.directory != before.directory
    assert live.check() == "unchanged"
    [line] = reload_lines(caplog, "accepted")
    assert f"version={after.version} previous={before.version} tables={len(after.tables)}" in line
    assert f"rows={sum(after.row_counts().values())}" in line


def test_files_still_changing_are_not_loaded(live, pkg, clock):
    set_cell(pkg, "sources", "source_id", SOURCE, "title", "First")
    assert live.check() == "pending"
    clock.advance(1)
    set_cell(pkg, "sources", "source_id", SOURCE, "title", "Second")
    os.utime(pkg / "sources.csv", ns=(1, 1))  # a different signature even within one mtime tick
    assert live.check() == "pending"  # a newer change: wait again
    clock.advance(1)
    assert live.check() == "accepted"
    assert title_of(live.current()) == "Second"


def test_replaced_snapshot_is_kept_for_requests_in_flight_then_removed(live, pkg, clock):
    old = live.current().directory
    set_cell(pkg, "sources", "source_id", SOURCE, "title", "New")
    assert settle(live, clock) == "accepted"
    assert old.is_dir()  # a request that started with the old version may still read its files
    clock.advance(59)
    live.check()
    assert old.is_dir()
    clock.advance(2)
    live.check()
    assert not old.exists()
    assert live.current().directory.is_dir()


def test_same_content_with_new_times_keeps_the_dataset(live, pkg, clock, caplog):
    caplog.set_level(logging.INFO, logger="ops.data")
    before = live.current()
    os.utime(pkg / "sources.csv", ns=(5, 5))
    assert settle(live, clock) == "same"
    assert live.current() is before
    assert live.check() == "unchanged"
    assert len(reload_lines(caplog, "unchanged")) == 1
    assert reload_lines(caplog, "accepted") == []


# ------------------------------------------------------------------ rejecting
def test_an_invalid_version_is_rejected_once_and_the_last_good_one_kept(live, pkg, clock, caplog):
    caplog.set_level(logging.INFO, logger="ops.data")
    good = live.current()
    break_table(pkg)

    assert settle(live, clock) == "rejected"
    assert live.current() is good
    rejected = live.rejection()
    assert rejected is not None and rejected.signature == signature(pkg)
    assert any("projects.csv, row 2, column 'start_year'" in p and "'soon'" in p for p in rejected.problems)
    assert all(str(live.directory) in p or str(snapshot_root(live)) not in p for p in rejected.problems)

    for _ in range(3):  # the same files are never tried again (and never logged again)
        clock.advance(5)
        assert live.check() == "known-rejected"
    [line] = reload_lines(caplog, "rejected")
    assert f"problems={len(rejected.problems)} kept={good.version}" in line
    assert 'first="projects.csv, row 2' in line
    full = [r for r in caplog.records if r.name == "ops.data" and r.levelno == logging.WARNING
            and r.getMessage().startswith("data reload rejected:")]
    assert len(full) == 1 and all(p in full[0].getMessage() for p in rejected.problems)
    # no snapshot of the rejected files is left behind
    assert sorted(snapshot_root(live).iterdir()) == [good.directory]


def snapshot_root(live: LiveDataset) -> Path:
    return live._snapshots.root  # noqa: SLF001


def test_a_fixed_version_is_accepted_and_the_rejection_cleared(live, pkg, clock, caplog):
    caplog.set_level(logging.INFO, logger="ops.data")
    good = live.current()
    original = (pkg / "projects.csv").read_bytes()
    break_table(pkg)
    assert settle(live, clock) == "rejected"

    (pkg / "projects.csv").write_bytes(original.replace(b"Vejle", b"Vejle (fixed)", 1))
    assert settle(live, clock) == "accepted"
    assert live.rejection() is None
    assert live.current().version != good.version
    assert len(reload_lines(caplog, "rejected")) == 1
    assert len(reload_lines(caplog, "accepted")) == 1


def test_going_back_to_the_files_in_use_clears_the_rejection(pkg, snapshots, clock):
    live = LiveDataset(pkg, interval=1.0, clock=clock, snapshots=snapshots)
    live.load_initial()
    saved = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in pkg.iterdir()}
    break_table(pkg)
    assert settle(live, clock) == "rejected"
    data, mtime = saved["projects.csv"]
    (pkg / "projects.csv").write_bytes(data)
    os.utime(pkg / "projects.csv", ns=(mtime, mtime))  # e.g. restored from a backup with its times
    assert live.check() == "unchanged"
    assert live.rejection() is None


def test_a_broken_package_at_start_up_raises_naming_the_folder(pkg, snapshots):
    break_table(pkg)
    live = LiveDataset(pkg, snapshots=snapshots)
    with pytest.raises(DataPackageError) as info:
        live.load_initial()
    assert any("projects.csv, row 2, column 'start_year'" in str(p) for p in info.value.problems)
    assert list(snapshots.root.iterdir()) == []


def test_a_missing_descriptor_is_a_rejection_naming_the_maintainers_folder(live, pkg, clock):
    (pkg / "datapackage.json").unlink()
    assert settle(live, clock) == "rejected"
    [problem] = live.rejection().problems
    assert problem.startswith("datapackage.json: file not found") and str(pkg) in problem


def test_an_unexpected_error_while_loading_is_a_rejection(pkg, snapshots, clock):
    calls = []

    def loader(directory):
        calls.append(directory)
        if len(calls) > 1:
            raise OSError("disk on fire")
        return load_dataset(directory)

    live = LiveDataset(pkg, interval=1.0, clock=clock, snapshots=snapshots, loader=loader)
    live.load_initial()
    set_cell(pkg, "sources", "source_id", SOURCE, "title", "x")
    assert settle(live, clock) == "rejected"
    assert live.rejection().problems == ("OSError: disk on fire",)


# ------------------------------------------------------------------ copying and concurrency
def test_files_changing_while_copied_are_not_loaded(live, pkg, clock, monkeypatch):
    set_cell(pkg, "sources", "source_id", SOURCE, "title", "x")
    assert live.check() == "pending"
    clock.advance(1)
    real_copy = shutil.copyfile

    def copy_and_touch(src, dst):  # the maintainer writes again while we copy
        os.utime(pkg / "sources.csv", ns=(7, 7))
        return real_copy(src, dst)

    monkeypatch.setattr(live_mod.shutil, "copyfile", copy_and_touch)
    before = live.current()
    assert live.check() == "changing"
    assert live.current() is before and live.rejection() is None
    monkeypatch.setattr(live_mod.shutil, "copyfile", real_copy)
    assert settle(live, clock) == "accepted"


def test_readers_see_the_old_version_until_the_switch_and_one_check_runs_at_a_time(pkg, snapshots, clock):
    started, release = threading.Event(), threading.Event()

    def slow_loader(directory):
        if threading.current_thread().name == "loader":
            started.set()
            assert release.wait(10)
        return load_dataset(directory)

    live = LiveDataset(pkg, interval=1.0, settle=0, clock=clock, snapshots=snapshots, loader=slow_loader)
    live.load_initial()
    old = live.current()
    set_cell(pkg, "sources", "source_id", SOURCE, "title", "Later")
    results = []
    worker = threading.Thread(target=lambda: results.append(live.check()), name="loader")
    worker.start()
    assert started.wait(10)
    assert live.current() is old  # loading: still the old version
    assert live.check() == "busy"
    release.set()
    worker.join(10)
    assert results == ["accepted"] and title_of(live.current()) == "Later"


def test_the_watcher_thread_picks_up_a_change(pkg, snapshots):
    live = LiveDataset(pkg, interval=0.05, snapshots=snapshots)
    live.load_initial()
    old = live.current().version
    # Other tests of this session may have started the app's own watcher (an app imported in
    # process watches its data folder): count the threads this LiveDataset adds.
    before = [t.name for t in threading.enumerate()].count("ops-data-watcher")
    live.ensure_watching()
    live.ensure_watching()  # once per process
    try:
        assert [t.name for t in threading.enumerate()].count("ops-data-watcher") == before + 1
        set_cell(pkg, "sources", "source_id", SOURCE, "title", "Watched")
        deadline = time.monotonic() + 30  # polled: a loaded CI machine may take a while
        while live.current().version == old and time.monotonic() < deadline:
            time.sleep(0.05)
        assert title_of(live.current()) == "Watched"
    finally:
        live.stop()


def test_sweep_removes_snapshots_of_processes_that_are_gone(tmp_path):
    snapshots = Snapshots(tmp_path / "snaps")
    (snapshots.root / "999999999-1-abc").mkdir(parents=True)  # no such process
    mine = snapshots.root / f"{os.getpid()}-1-def"
    mine.mkdir()
    snapshots.sweep()
    assert [p.name for p in snapshots.root.iterdir()] == [mine.name]


def test_a_process_never_removes_a_snapshot_it_did_not_make(pkg, tmp_path):
    parent = Snapshots(tmp_path / "snaps")
    path, _ = parent.copy(pkg)
    parent.after_fork()  # as in a forked gunicorn worker
    parent.remove(path)
    parent.remove_all()
    assert path.is_dir()


# ------------------------------------------------------------------ components/state.py
def test_a_request_keeps_the_dataset_it_started_with(pkg, snapshots, clock):
    live = LiveDataset(pkg, interval=0, settle=1.0, clock=clock, snapshots=snapshots)  # no watcher thread
    live.load_initial()
    server = flask.Flask(__name__)
    previous = (state._dataset, state._live)  # noqa: SLF001
    state.set_live(live)
    try:
        with server.test_request_context("/"):
            first = state.get_dataset()
            set_cell(pkg, "sources", "source_id", SOURCE, "title", "Mid-request")
            assert settle(live, clock) == "accepted"
            assert state.get_dataset() is first  # pinned for this request
        with server.test_request_context("/"):
            assert title_of(state.get_dataset()) == "Mid-request"
        assert state.get_dataset() is live.current()  # outside a request: the version in use
    finally:
        live.stop()
        state._dataset, state._live = previous  # noqa: SLF001


def test_rejection_is_none_with_a_fixed_dataset():
    previous = (state._dataset, state._live)  # noqa: SLF001
    try:
        state.set_dataset(load_dataset())
        assert state.rejection() is None
    finally:
        state._dataset, state._live = previous  # noqa: SLF001
