"""Live data updates with the real app: while it runs, a valid change to the package in OPS_DATA_DIR
is switched to, a broken table is rejected (the last good version stays served, /sources says so
discreetly, one log line), and the fixed table is accepted again."""

from __future__ import annotations

import io
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.helpers_data import copy_package, read_rows, set_cell, write_rows
from tests.support import fetch_json, running_app
from tests.support import wait_for as support_wait_for

TIMEOUT_S = 30  # the app looks every 2 s and waits for the files to settle for one interval
NEW_TITLE = "Live reload: a corrected source title"


def wait_for(what: str, condition: Callable[[], object], timeout: float = TIMEOUT_S):
    return support_wait_for(what, condition, timeout, interval=0.2)


def served_zip(base: str) -> zipfile.ZipFile:
    with urllib.request.urlopen(f"{base}download/ops-monitor-data.zip", timeout=10) as response:
        return zipfile.ZipFile(io.BytesIO(response.read()))


def log_lines(log: Path, text: str) -> list[str]:
    return [line for line in log.read_text(encoding="utf-8").splitlines() if text in line]


def open_sources(page, base: str, lang: str = "da") -> None:
    page.goto(f"{base}sources" + ("?lang=en" if lang == "en" else ""))
    page.wait_for_selector("#sources-table")


@pytest.fixture
def live_app(tmp_path):
    pkg = copy_package(tmp_path)
    log = tmp_path / "app.log"
    with running_app({"OPS_DATA_DIR": str(pkg)}, log_path=log) as base:
        yield base, pkg, log


def test_a_changed_package_is_served_a_broken_one_rejected_and_a_fixed_one_served(live_app, page):
    base, pkg, log = live_app
    health = fetch_json(f"{base}healthz")
    v0 = health["data_version"]
    assert health["rejected"] is None

    # 1. a valid change: switched to within seconds, everywhere
    set_cell(pkg, "sources", "source_id", "S001", "title", NEW_TITLE)
    v1 = wait_for("the changed package", lambda: (v := fetch_json(f"{base}healthz")["data_version"]) != v0 and v)
    open_sources(page, base)
    assert NEW_TITLE in page.inner_text("#source-S001")
    assert page.inner_text("#data-version") == v1
    assert page.inner_text("#data-version-footer") == v1
    assert page.locator("#rejected-data").count() == 0
    assert served_zip(base).read("sources.csv") == (pkg / "sources.csv").read_bytes()
    good_projects = (pkg / "projects.csv").read_bytes()

    # 2. a broken table: the last good version stays, /sources says why, one log line
    rows = read_rows(pkg / "projects.csv")
    broken = [dict(row) for row in rows]
    broken[2]["start_year"] = "next spring"
    write_rows(pkg / "projects.csv", broken)
    health = wait_for("the rejection", lambda: (h := fetch_json(f"{base}healthz"))["rejected"] and h)
    assert health["data_version"] == v1 and health["rejected"]["problems"] >= 1

    open_sources(page, base)
    notice = page.locator("#rejected-data")
    assert notice.is_visible()
    assert "Nyere data blev afvist" in notice.inner_text()
    assert v1 in notice.inner_text()
    report = page.locator("#rejected-report")
    assert report.get_attribute("open") is None  # folded away
    page.click("#rejected-report summary")
    assert "projects.csv, row 4, column 'start_year'" in page.inner_text("#rejected-report ul")
    assert "'next spring'" in page.inner_text("#rejected-report ul")
    assert page.inner_text("#data-version") == v1
    assert NEW_TITLE in page.inner_text("#source-S001")  # still the last good version
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]

    open_sources(page, base, "en")
    assert "Newer data was rejected" in page.inner_text("#rejected-data")
    # the download is the version served, not the files on disk
    assert served_zip(base).read("projects.csv") == good_projects

    rejected = log_lines(log, "data reload rejected problems=")
    assert len(rejected) == 1, rejected
    assert f"kept={v1}" in rejected[0] and "projects.csv, row 4, column 'start_year'" in rejected[0]

    # 3. fixed: accepted, the notice gone
    fixed = [dict(row) for row in rows]
    fixed[2]["start_year"] = str(int(rows[2]["start_year"]) + 1) if rows[2]["start_year"] else "2020"
    write_rows(pkg / "projects.csv", fixed)
    health = wait_for("the fixed package",
                      lambda: (h := fetch_json(f"{base}healthz"))["data_version"] not in (v0, v1) and h)
    assert health["rejected"] is None
    v2 = health["data_version"]
    open_sources(page, base)
    assert page.inner_text("#data-version") == v2
    assert page.locator("#rejected-data").count() == 0
    assert served_zip(base).read("projects.csv") == (pkg / "projects.csv").read_bytes()

    assert len(log_lines(log, "data reload rejected problems=")) == 1
    accepted = log_lines(log, "data reload accepted ")
    assert [line.split("version=")[1].split()[0] for line in accepted] == [v1, v2], accepted
    assert f"previous={v1}" in accepted[1]
