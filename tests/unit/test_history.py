"""The data history (data/history.py): every accepted version kept with its time, version, source
and row counts; retention by count and age; a start on broken data falls back on the newest kept
version and reports the rejection; `python -m data diff` compares kept versions."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from data import DataPackageError, load_dataset
from data.history import META, History
from data.live import LiveDataset, Snapshots
from tests.helpers_data import copy_package, read_rows, set_cell
from tests.support import REPO
from tests.unit.test_live_reload import Clock, break_table, settle


@pytest.fixture
def pkg(tmp_path) -> Path:
    return copy_package(tmp_path)


@pytest.fixture
def history(tmp_path) -> History:
    return History(tmp_path / "history", keep=3, max_age_days=10)


def retitle(pkg: Path, title: str) -> None:
    set_cell(pkg, "sources", "source_id", "S001", "title", title)


def test_a_kept_version_is_the_package_with_its_time_source_and_row_counts(history, pkg):
    ds = load_dataset(pkg)
    kept = history.record(ds, "the folder", now=1_000_000.0)
    assert kept.version == ds.version and kept.source == "the folder" and kept.rows == ds.row_counts()
    assert kept.accepted_at == 1_000_000.0 and kept.accepted_iso == "1970-01-12T13:46:40+00:00"
    assert (kept.folder / META).is_file() and (kept.folder / "datapackage.json").is_file()
    assert not list(kept.folder.glob("*.py"))
    assert load_dataset(kept.folder).version == ds.version  # a valid package: the same version
    assert history.record(ds, "again", now=2_000_000.0).source == "the folder"  # kept once
    assert [k.version for k in history.versions()] == [ds.version]


def test_retention_by_count_and_by_age_never_drops_the_newest(history, pkg):
    day = 86400.0
    versions = []
    for i in range(5):
        retitle(pkg, f"Title {i}")
        versions.append(history.record(load_dataset(pkg), "f", now=100 * day + i).version)
    assert [k.version for k in history.versions()] == versions[::-1][:3]  # keep=3, newest first
    assert history.prune(now=200 * day) == versions[::-1][1:3]  # older than 10 days
    assert [k.version for k in history.versions()] == [versions[-1]]


def test_a_history_that_cannot_be_written_is_logged_not_raised(tmp_path, pkg, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    caplog.set_level(logging.WARNING, logger="ops.data")
    assert History(blocker / "history").record(load_dataset(pkg), "f") is None
    assert any("could not keep version" in r.getMessage() for r in caplog.records)


def test_every_accepted_version_is_kept(pkg, history, tmp_path):
    clock = Clock()
    live = LiveDataset(pkg, interval=1.0, clock=clock, snapshots=Snapshots(tmp_path / "snaps"), history=history)
    first = live.load_initial()
    retitle(pkg, "A new title")
    assert settle(live, clock) == "accepted"
    assert [k.version for k in history.versions()] == [live.current().version, first.version]
    assert history.latest().source == str(pkg)


def test_a_broken_start_serves_the_newest_kept_version_and_reports_the_rejection(pkg, history, tmp_path, caplog):
    good = LiveDataset(pkg, snapshots=Snapshots(tmp_path / "snaps"), history=history).load_initial()
    break_table(pkg)
    caplog.set_level(logging.WARNING, logger="ops.data")
    clock = Clock()
    live = LiveDataset(pkg, interval=1.0, clock=clock, snapshots=Snapshots(tmp_path / "snaps2"), history=history)
    served = live.load_initial()
    assert served.version == good.version
    assert live.rejection() is not None and "start_year" in live.rejection().problems[0]
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("data at start rejected")]
    assert f"serving the last good version {good.version}" in line and str(pkg) in line
    assert live.check() == "known-rejected"  # the broken files are not tried again
    set_cell(pkg, "projects", "project_id", read_rows(pkg / "projects.csv")[0]["project_id"], "start_year", "2014")
    assert settle(live, clock) in ("accepted", "same")  # fixed: back to the files
    assert live.rejection() is None


def test_a_broken_start_without_history_refuses_as_before(pkg, tmp_path):
    break_table(pkg)
    live = LiveDataset(pkg, snapshots=Snapshots(tmp_path / "snaps"), history=History(tmp_path / "empty"))
    with pytest.raises(DataPackageError):
        live.load_initial()


def test_a_broken_start_never_falls_back_on_another_sources_history(pkg, history, tmp_path):
    other = copy_package(tmp_path / "other")
    LiveDataset(other, snapshots=Snapshots(tmp_path / "snaps"), history=history).load_initial()
    break_table(pkg)
    with pytest.raises(DataPackageError):
        LiveDataset(pkg, snapshots=Snapshots(tmp_path / "snaps2"), history=history).load_initial()


def test_the_diff_command_compares_kept_versions(pkg, tmp_path):
    history = History(tmp_path / "history")
    old = history.record(load_dataset(pkg), "f", now=1.0)
    retitle(pkg, "A new title")
    new = history.record(load_dataset(pkg), "f", now=2.0)
    result = subprocess.run([sys.executable, "-m", "data", "diff", old.version, new.version, "--lang", "en"],
                            cwd=REPO, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "OPS_HISTORY_DIR": str(history.root)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{old.version} → {new.version}: 1 changes"
    assert result.stdout.splitlines()[1].endswith("– title: " + read_old_title(old.folder) + " → A new title")
    missing = subprocess.run([sys.executable, "-m", "data", "diff", "nope", new.version], cwd=REPO,
                             capture_output=True, text=True, timeout=120,
                             env={**os.environ, "OPS_HISTORY_DIR": str(history.root)})
    assert missing.returncode == 1 and "neither a package folder nor a kept version" in missing.stderr


def read_old_title(folder: Path) -> str:
    return next(r["title"] for r in read_rows(folder / "sources.csv") if r["source_id"] == "S001")


def test_rollback_makes_a_kept_version_current_and_loses_nothing(pkg, tmp_path):
    history = History(tmp_path / "history")
    clock = Clock()
    live = LiveDataset(pkg, interval=1.0, clock=clock, snapshots=Snapshots(tmp_path / "snaps"), history=history)
    first = live.load_initial()
    retitle(pkg, "A wrong title")
    assert settle(live, clock) == "accepted"
    wrong = live.current().version
    env = {**os.environ, "OPS_HISTORY_DIR": str(history.root), "OPS_DATA_DIR": str(pkg)}
    result = subprocess.run([sys.executable, "-m", "data", "rollback", first.version], cwd=REPO,
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert f"holds version {first.version} again" in result.stdout
    assert load_dataset(pkg).version == first.version
    assert settle(live, clock) == "accepted" and live.current().version == first.version  # every watcher
    [backup] = history.root.glob("replaced-*")
    assert load_dataset(backup).version == wrong  # the replaced files are kept
    unknown = subprocess.run([sys.executable, "-m", "data", "rollback", "nope"], cwd=REPO,
                             capture_output=True, text=True, timeout=120, env=env)
    assert unknown.returncode == 1 and "not a kept version" in unknown.stderr
    assert load_dataset(pkg).version == first.version


def test_the_diff_command_compares_a_folder_with_the_version_served(pkg, tmp_path):
    history = History(tmp_path / "history")
    served = history.record(load_dataset(pkg), str(pkg.resolve()), now=1.0)
    edited = copy_package(tmp_path / "edited")
    retitle(edited, "A new title")
    env = {**os.environ, "OPS_HISTORY_DIR": str(history.root), "OPS_DATA_DIR": str(pkg)}
    result = subprocess.run([sys.executable, "-m", "data", "diff", "served", str(edited)], cwd=REPO,
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{served.version} → ") and "Kilde ændret: " in result.stdout
