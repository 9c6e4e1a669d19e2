"""The data history across restarts of the real app: a version accepted by one run is kept; a later
start on broken files serves it, and says so on /healthz, on the sources page and in the log."""
from __future__ import annotations

import json
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
