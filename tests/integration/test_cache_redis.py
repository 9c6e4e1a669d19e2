"""The Redis cache for real: a `redis-server` started here on a free port, the data layer and
the app (`python app.py`, two of them) using it, and Redis stopped under a running app."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import redis
from cachelib import RedisCache

from data import Filters, cache
from data import queries as q
from tests.support import REPO, fetch_json, free_port, running_app

OUTAGE_WARNING = "WARNING ops.cache: cache unavailable"


@pytest.fixture
def fresh_cache():
    cache.configure(None)
    yield
    cache.configure(None)


def log_lines(path: Path, text: str) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if text in line]


# ---------------------------------------------------------------- the data layer
def test_queries_use_redis_and_outage_and_recovery_are_logged_once(redis_server, fresh_cache, caplog, bundled):
    caplog.set_level(logging.INFO, logger="ops.cache")
    cache.configure(RedisCache(host=redis.from_url(redis_server.url, **cache.REDIS_OPTIONS)), retry_after=0)
    f = Filters.make(regions="1082")
    first = q.count_by(bundled, f, "sector")
    assert q.count_by.cache_key(bundled, f, "sector") in redis_server.keys()
    assert q.coverage.cache_key(bundled, f, "contract_value") not in redis_server.keys()  # not asked for
    q.coverage(bundled, f, "contract_value")
    assert q.coverage.cache_key(bundled, f, "contract_value") in redis_server.keys()
    # Row-level frames are read from the store, never cached.
    assert not any(":data.queries.projects:" in key for key in redis_server.keys())
    assert all(key.startswith("ops:") for key in redis_server.keys())
    pd.testing.assert_frame_equal(q.count_by(bundled, f, "sector"), first)

    redis_server.stop()
    for by in ("sector", "form", "region"):
        pd.testing.assert_frame_equal(q.count_by(bundled, f, by), q.count_by.__wrapped__(bundled, f, by))
    messages = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "ops.cache"]
    assert len(messages) == 1 and messages[0][0] == logging.WARNING

    redis_server.start()  # same port, empty
    pd.testing.assert_frame_equal(q.count_by(bundled, f, "sector"), first)
    messages = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "ops.cache"]
    assert messages[1:] == [(logging.INFO, "cache available again")]
    assert q.count_by.cache_key(bundled, f, "sector") in redis_server.keys()


def test_app_uses_the_in_process_cache_without_a_cache_url(tmp_path):
    log = tmp_path / "app.log"
    with running_app({"OPS_CACHE_URL": ""}, log_path=log) as app:
        assert fetch_json(f"{app}healthz")["status"] == "ok"
    assert log_lines(log, "INFO ops.cache: cache: in-process (SimpleCache")
    assert not log_lines(log, OUTAGE_WARNING)


def test_a_malformed_cache_url_stops_the_app_naming_the_variable():
    result = subprocess.run(
        [sys.executable, "app.py"],
        cwd=REPO,
        env={**os.environ, "OPS_DEBUG": "0", "PORT": str(free_port()), "OPS_CACHE_URL": "redis://127.0.0.1:port/0"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert "OPS_CACHE_URL" in result.stderr
    assert "Traceback" not in result.stderr
