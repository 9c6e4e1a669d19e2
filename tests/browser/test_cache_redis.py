"""The Redis cache for real: a `redis-server` started here on a free port, the data layer and
the app (`python app.py`, two of them) using it, and Redis stopped under a running app."""

from __future__ import annotations

import time
from pathlib import Path

from data import cache
from data import queries as q
from tests.support import fetch_json, free_port, running_app
from ui.url_state import parse_query

OUTAGE_WARNING = "WARNING ops.cache: cache unavailable"


def open_page(page, url: str) -> None:
    """Go to url; wait until Dash has rendered the page (its layout ran the queries) and the
    network is quiet."""
    response = page.goto(url)
    assert response.status == 200
    page.wait_for_selector("#main-content h1")
    page.wait_for_load_state("networkidle")


def log_lines(path: Path, text: str) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if text in line]


# ---------------------------------------------------------------- the app
def test_two_apps_share_redis_and_keep_serving_when_it_stops(redis_server, page, page_log, tmp_path, bundled):
    env = {"OPS_CACHE_URL": redis_server.url}
    log_a, log_b = tmp_path / "app-a.log", tmp_path / "app-b.log"
    query = "region=1084,1081&from=2010"
    with running_app(env, log_path=log_a) as app_a, running_app(env, log_path=log_b) as app_b:
        assert log_lines(log_a, f"INFO ops.cache: cache: Redis at {redis_server.url}")

        open_page(page, f"{app_a}regions?{query}")
        keys = redis_server.keys()
        assert keys and all(key.startswith("ops:") for key in keys)
        # This process builds the same key as the app did for the page's filters.
        filters = parse_query(query, bundled).filters
        assert q.count_by.cache_key(bundled, filters, "region") in keys
        assert not any(":data.queries.projects:" in key for key in keys)  # row-level: read from the store

        # The second app finds every result the first one stored: it adds no key, only hits.
        hits = redis_server.client.info("stats")["keyspace_hits"]
        open_page(page, f"{app_b}regions?{query}")
        assert redis_server.keys() == keys
        assert redis_server.client.info("stats")["keyspace_hits"] > hits

        redis_server.stop()
        open_page(page, f"{app_a}sectors")  # the first query fails: the outage starts
        open_page(page, f"{app_a}impact")
        time.sleep(cache.RETRY_AFTER_S + 0.5)  # past the retry interval the app asks Redis again
        open_page(page, f"{app_a}spending")
        open_page(page, f"{app_a}regions?region=1083")
        assert fetch_json(f"{app_a}healthz")["status"] == "ok"

        assert page_log.failed_requests == []
        assert page_log.console_errors == []
        assert len(log_lines(log_a, OUTAGE_WARNING)) == 1
        assert not log_lines(log_a, "Traceback")


def test_app_starts_and_serves_with_redis_down(page, page_log, tmp_path):
    log = tmp_path / "app.log"
    url = f"redis://:pw-not-for-logs@127.0.0.1:{free_port()}/0"  # nothing listens there
    with running_app({"OPS_CACHE_URL": url}, log_path=log) as app:
        open_page(page, f"{app}sectors")
        open_page(page, f"{app}regions?region=1081")
    text = log.read_text(encoding="utf-8")
    assert "pw-not-for-logs" not in text
    assert log_lines(log, f"INFO ops.cache: cache: Redis at {cache.redact_url(url)}")
    assert len(log_lines(log, OUTAGE_WARNING)) == 1
    assert page_log.failed_requests == [] and page_log.console_errors == []
