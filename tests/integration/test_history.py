"""The data history across restarts of the real app: a version accepted by one run is kept; a later
start on broken files serves it, and says so on /healthz, on the sources page and in the log."""
from __future__ import annotations

import json
import os
import urllib.request

from bench.callback_latency import router_payload
from data.history import History
from i18n.text import t
from tests.helpers_data import copy_package
from tests.support import fetch_json, running_app
from tests.unit.test_live_reload import break_table


def post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def test_a_broken_update_never_takes_the_dashboard_down_across_a_restart(tmp_path):
    pkg, history_dir = copy_package(tmp_path), tmp_path / "history"
    env = {"OPS_DATA_DIR": str(pkg), "OPS_HISTORY_DIR": str(history_dir)}
    with running_app(env) as url:
        good = fetch_json(f"{url}healthz")
    assert good["rejected"] is None
    [kept] = History(history_dir).versions()
    assert kept.version == good["data_version"] and kept.source == str(pkg)

    break_table(pkg)
    log = tmp_path / "app.log"
    with running_app(env, log_path=log) as url:
        health = fetch_json(f"{url}healthz")
        assert health["data_version"] == good["data_version"]
        assert health["rejected"] == {"problems": 1, "at": health["rejected"]["at"]}
        page = post_json(f"{url}_dash-update-component", router_payload("/sources", ""))
        content = json.dumps(page["response"]["page-content"], ensure_ascii=False)
        assert t("sources.rejected.title", "da") in content and "start_year" in content
    text = log.read_text(encoding="utf-8")
    assert f"serving the last good version {good['data_version']}" in text and "start_year" in text


ATOM = "{http://www.w3.org/2005/Atom}"


def wait_for_version(url: str, old: str) -> str:
    from tests.support import wait_for

    return wait_for("the new data version", lambda: (v := fetch_json(f"{url}healthz")["data_version"]) != old and v)


def feed(url: str):
    import xml.etree.ElementTree as ET

    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("application/atom+xml")
        return ET.fromstring(response.read())


def assert_valid_atom(root) -> None:
    """RFC 4287's required elements: a feed's id, title, updated and author (or every entry's); an
    entry's id, title, updated and content or an alternate link; timestamps in RFC 3339."""
    from datetime import datetime

    assert root.tag == f"{ATOM}feed"
    for element in (root, *root.findall(f"{ATOM}entry")):
        for tag in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{tag}")) == 1, tag
        datetime.fromisoformat(element.find(f"{ATOM}updated").text)
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    for entry in root.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}content") is not None and entry.find(f"{ATOM}link[@rel='alternate']") is not None
    ids = [e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))


def test_changes_page_feed_and_a_rollback(tmp_path):
    import subprocess
    import sys

    from tests.helpers_data import read_rows, set_cell
    from tests.support import REPO

    pkg, history_dir = copy_package(tmp_path), tmp_path / "history"
    env = {"OPS_DATA_DIR": str(pkg), "OPS_HISTORY_DIR": str(history_dir)}
    with running_app(env) as url:
        first = fetch_json(f"{url}healthz")["data_version"]
        project = read_rows(pkg / "projects.csv")[0]
        set_cell(pkg, "projects", "project_id", project["project_id"], "start_year", "2001")
        second = wait_for_version(url, first)

        page = post_json(f"{url}_dash-update-component", router_payload("/changes", ""))
        content = json.dumps(page["response"]["page-content"], ensure_ascii=False)
        line = f"Startår ændret for {project['name']}: {project['start_year']} → 2001"
        assert line in content and f"Version {second}" in content and f"Version {first}" in content
        other_region = next(c for c in ("1081", "1082", "1083", "1084", "1085")
                            if c not in (project["region_code"], project["region_code_2"]))
        narrowed = post_json(f"{url}_dash-update-component", router_payload("/changes", f"?region={other_region}"))
        narrowed_text = json.dumps(narrowed["response"]["page-content"], ensure_ascii=False)
        assert line not in narrowed_text and "1 ændringer vedrører ikke de valgte filtre" in narrowed_text

        english = feed(f"{url}changes.atom?lang=en")
        assert_valid_atom(english)
        entries = english.findall(f"{ATOM}entry")
        assert [e.find(f"{ATOM}title").text for e in entries] == [f"Data version {second}: 1 changes",
                                                                  f"Data version {first}: 0 changes"]
        assert "Start year changed for" in entries[0].find(f"{ATOM}content").text

        result = subprocess.run([sys.executable, "-m", "data", "rollback", first], cwd=REPO, capture_output=True,
                                text=True, timeout=120, env={**os.environ, **env})
        assert result.returncode == 0, result.stderr
        assert wait_for_version(url, second) == first
        entries = feed(f"{url}changes.atom").findall(f"{ATOM}entry")
        newest = entries[0]
        assert newest.find(f"{ATOM}title").text == f"Data version {first}: 1 ændringer"  # the rollback shows
        assert f"Startår ændret for {project['name']}: 2001 → {project['start_year']}" in \
            newest.find(f"{ATOM}content").text


def test_pinned_links_show_the_kept_version(tmp_path):
    from tests.helpers_data import read_rows, set_cell

    pkg, history_dir = copy_package(tmp_path), tmp_path / "history"
    env = {"OPS_DATA_DIR": str(pkg), "OPS_HISTORY_DIR": str(history_dir)}
    with running_app(env) as url:
        first = fetch_json(f"{url}healthz")["data_version"]
        figure = next(f for f in read_rows(pkg / "figures.csv") if f["measure_id"] == "contract_value"
                      and f["project_id"] and f["unit"] == "DKK")
        set_cell(pkg, "figures", "figure_id", figure["figure_id"], "value", str(int(float(figure["value"])) + 10**9))
        second = wait_for_version(url, first)

        def totals(query: str) -> tuple[str, float, list]:
            document = fetch_json(f"{url}embed/contract-value-by-sector.json{query}")
            return (document["data_version"], sum(r["Kontraktværdi"] or 0 for r in document["rows"]),
                    document["notices"])

        old_version, old_total, _ = totals(f"?v={first}")
        new_version, new_total, _ = totals("")
        assert (old_version, new_version) == (first, second)
        assert new_total - old_total == 10**9  # the pinned link shows the old numbers
        assert totals(f"?v={second}")[0] == second
        version, total, notices = totals("?v=f00f00f00f00")
        assert (version, total) == (second, new_total)
        assert notices == [{"parameter": "v", "value": "f00f00f00f00", "reason": "unknown_version"}]

        page = post_json(f"{url}_dash-update-component", router_payload("/sectors", f"?v={first}"))
        content = json.dumps(page["response"]["page-content"], ensure_ascii=False)
        assert f"/embed/contract-value-by-sector.csv?v={first}" in content  # its downloads are pinned too
        request = urllib.request.Request(f"{url}_dash-layout", headers={"Referer": f"{url}sectors?v={first}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            shell = response.read().decode()
        assert "pinned-version" in shell and first in shell
        unknown = post_json(f"{url}_dash-update-component", router_payload("/sectors", "?v=f00f00f00f00"))
        assert "f00f00f00f00" in json.dumps(unknown["response"]["page-content"], ensure_ascii=False)  # the notice
