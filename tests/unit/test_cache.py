"""data.cache: stable keys from normalised arguments, memoised queries, and computing without the
cache while it is down. The Redis server itself is exercised in tests/integration/test_cache_redis.py; here a
Redis port with no server behind it stands for a stopped Redis."""

from __future__ import annotations

import dataclasses
import logging
import re

import pandas as pd
import pytest
import redis
from cachelib import RedisCache, SimpleCache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data import Filters, cache
from data import queries as q
from data.package import build_dataset
from tests.support import free_port

REGIONS = ["1081", "1082", "1083", "1084", "1085", "DK"]
KEY = re.compile(r"^ops:data\.queries\.(?P<name>\w+):(?P<version>[^:]+):(?P<digest>[0-9a-f]{40})$")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with an empty in-process cache and leaves one behind."""
    cache.configure(None)
    yield
    cache.configure(None)


class CountingRedisCache(RedisCache):
    """A real cachelib RedisCache, with the app's client options, that counts how often it is asked."""

    def __init__(self, port: int):
        super().__init__(host=redis.from_url(f"redis://127.0.0.1:{port}/0", **cache.REDIS_OPTIONS))
        self.gets = 0
        self.sets = 0

    def get(self, key):
        self.gets += 1
        return super().get(key)

    def set(self, key, value, timeout=None):
        self.sets += 1
        return super().set(key, value, timeout)


def cache_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "ops.cache" and r.levelno == logging.WARNING]


# ---------------------------------------------------------------- keys
def test_key_names_function_and_data_version_with_a_sha1_digest(bundled):
    key = q.count_by.cache_key(bundled, Filters.make(regions="1084"), "sector")
    match = KEY.match(key)
    assert match, key
    assert match["name"] == "count_by"
    assert match["version"] == bundled.version


def test_equivalent_filters_give_equal_keys(bundled):
    pairs = [
        (Filters.make(regions="1084,1081"), Filters.make(regions=["1081", "1084", "1081"])),
        (Filters.make(forms=" opp , opi"), Filters.make(forms=("opi", "opp", "opp"))),
        (Filters.make(year_from=2020, year_to="2012"), Filters.make(year_from="2012", year_to=2020)),
        (Filters.make(country="dk"), Filters.make(country="DK")),
        (Filters.make(regions=[], sectors=""), Filters()),
    ]
    for a, b in pairs:
        assert q.measure_by.cache_key(bundled, a, "contract_value", "region") == \
            q.measure_by.cache_key(bundled, b, "contract_value", "region"), (a, b)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the autouse fixture is harmless here
@given(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=12))
def test_region_order_and_duplicates_never_change_the_key(bundled, regions):
    canonical = Filters.make(regions=sorted(set(regions)))
    key = q.project_count.cache_key
    assert key(bundled, Filters.make(regions=regions)) == key(bundled, canonical)


def test_positional_keyword_and_default_arguments_share_a_key(bundled):
    f = Filters.make(regions="1082")
    assert q.project_count.cache_key(bundled) == q.project_count.cache_key(bundled, q.ALL) == \
        q.project_count.cache_key(ds=bundled, f=Filters())
    assert q.project_sources.cache_key(bundled, f) == q.project_sources.cache_key(bundled, f=f, measure=None)
    assert q.per_100k.cache_key(bundled, f) == q.per_100k.cache_key(bundled, f, "count")


def test_different_arguments_give_different_keys(bundled):
    keys = {
        q.project_count.cache_key(bundled, Filters.make(regions="1081")),
        q.project_count.cache_key(bundled, Filters.make(regions="1082")),
        q.project_count.cache_key(bundled, Filters.make(regions="1081", year_from=2015)),
        q.project_count.cache_key(bundled, Filters.make(sectors="1081")),  # same value, other field
        q.project_sources.cache_key(bundled, Filters.make(regions="1081")),  # same arguments, other function
    }
    assert len(keys) == 5
    assert q.total.cache_key(bundled, q.ALL, "contract_value") != q.total.cache_key(bundled, q.ALL, "public_funding")


def test_a_different_data_version_gives_a_different_key(bundled):
    other = dataclasses.replace(bundled, version=bundled.version + "-next")
    f = Filters.make(regions="1084")
    assert q.count_by.cache_key(bundled, f, "form") != q.count_by.cache_key(other, f, "form")
    assert KEY.match(q.count_by.cache_key(other, f, "form"))["version"] == bundled.version + "-next"


def test_arguments_without_a_stable_form_are_refused(bundled):
    with pytest.raises(TypeError, match="cache key"):
        q.coverage.cache_key(bundled, object(), "contract_value")


# ---------------------------------------------------------------- memoised results
def test_memoised_query_returns_frames_equal_to_the_computation(bundled):
    f = Filters.make(regions="1082,1084")
    first = q.measure_by(bundled, f, "contract_value", "sector")
    assert cache.backend().get(q.measure_by.cache_key(bundled, f, "contract_value", "sector")) is not None
    second = q.measure_by(bundled, f, "contract_value", "sector")  # from the cache
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(second, q.measure_by.__wrapped__(bundled, f, "contract_value", "sector"))
    assert q.coverage(bundled, f, "contract_value") == q.coverage(bundled, f, "contract_value")


def test_a_cached_frame_cannot_be_changed_by_a_caller(bundled):
    f = Filters.make(forms="opp")
    frame = q.count_by(bundled, f, "region")
    expected = frame.copy()
    frame["n"] = -1
    pd.testing.assert_frame_equal(q.count_by(bundled, f, "region"), expected)


def test_results_follow_the_data_version(tmp_path, bundled):
    tables = {name: bundled[name] for name in bundled.table_names}
    tables["projects"] = tables["projects"].head(3)
    tables["figures"] = tables["figures"][tables["figures"]["project_id"].isna()
                                          | tables["figures"]["project_id"].isin(tables["projects"]["project_id"])]
    smaller = build_dataset(bundled.descriptor, tables, bundled.version + "-small", directory=None, store_root=tmp_path)
    assert q.project_count(bundled) == len(bundled["projects"]) > 3
    assert q.project_count(smaller) == 3
    assert q.project_count(bundled) == len(bundled["projects"])

def test_function_is_computed_once_per_key_and_none_is_cached(bundled):
    calls = []

    @cache.memoize
    def lookup(ds, name: str, n: int = 1):
        calls.append((name, n))
        return None if name == "none" else f"{name}{n}"

    assert [lookup(bundled, "a"), lookup(bundled, "a", 1), lookup(bundled, name="a"), lookup(bundled, "a", 2)] == [
        "a1", "a1", "a1", "a2"]
    assert lookup(bundled, "none") is None and lookup(bundled, "none") is None
    assert calls == [("a", 1), ("a", 2), ("none", 1)]
    lookup.cache_clear()
    assert lookup(bundled, "a") == "a1"
    assert calls[-1] == ("a", 1) and len(calls) == 4


def test_configure_plugs_in_the_given_backend(bundled):
    backend = SimpleCache()
    cache.configure(backend)
    f = Filters.make(sectors="medtech")
    q.count_by(bundled, f, "region")
    assert cache.backend() is backend
    assert backend.get(q.count_by.cache_key(bundled, f, "region")) is not None


def test_row_level_frames_are_not_cached(bundled):
    """Row-level frames (a large package's projects, spending) are read from the store when asked
    for: nothing of them reaches the cache backend."""
    backend = SimpleCache()
    cache.configure(backend)
    f = Filters.make(regions="1084")
    first = q.projects(bundled, f)
    assert not hasattr(q.projects, "cache_key")
    pd.testing.assert_frame_equal(q.projects(bundled, f), first)
    cache.configure(None)

def test_a_local_memo_keeps_only_its_last_results(bundled):
    calls = []

    @cache.memoize_local(2)
    def square(ds, n: int):
        calls.append(n)
        return n * n

    for n in (1, 2, 1, 3, 2, 1):
        square(bundled, n)
    # 1, 2 computed; 1 a hit; 3 evicts 2; 2 evicts 1; 1 computed again
    assert calls == [1, 2, 3, 2, 1]


# ---------------------------------------------------------------- a stopped Redis
def test_with_redis_stopped_queries_are_computed_and_the_outage_logged_once(caplog, bundled):
    caplog.set_level(logging.INFO, logger="ops.cache")
    backend = CountingRedisCache(free_port())  # nothing listens there
    cache.configure(backend, retry_after=60)
    f = Filters.make(regions="1083")
    results = [q.count_by(bundled, f, by) for by in ("region", "sector", "form")]
    for by, result in zip(("region", "sector", "form"), results, strict=True):
        pd.testing.assert_frame_equal(result, q.count_by.__wrapped__(bundled, f, by))
    assert len(cache_warnings(caplog)) == 1
    assert "ConnectionError" in cache_warnings(caplog)[0]
    # After the failure the backend is left alone for `retry_after` seconds: one attempt only.
    assert (backend.gets, backend.sets) == (1, 0)


def test_while_redis_stays_down_retries_do_not_log_again(caplog, bundled):
    caplog.set_level(logging.INFO, logger="ops.cache")
    backend = CountingRedisCache(free_port())
    cache.configure(backend, retry_after=0)  # try the backend on every call
    f = Filters.make(year_from=2010, year_to=2020)
    for measure in ("contract_value", "public_funding", "budget"):
        pd.testing.assert_frame_equal(q.total(bundled, f, measure), q.total.__wrapped__(bundled, f, measure))
    assert backend.gets >= 3
    assert len(cache_warnings(caplog)) == 1
    assert not [r for r in caplog.records if r.name == "ops.cache" and r.levelno == logging.INFO]


def test_probe_reports_a_stopped_redis(caplog):
    caplog.set_level(logging.INFO, logger="ops.cache")
    cache.configure(CountingRedisCache(free_port()))
    assert cache.probe() is False
    assert len(cache_warnings(caplog)) == 1
    cache.configure(SimpleCache())
    assert cache.probe() is True


def test_redact_url_hides_the_password():
    assert cache.redact_url("redis://:s3cret@cache.example:6380/2") == "redis://***@cache.example:6380/2"
    assert cache.redact_url("rediss://ops:s3cret@[::1]:6379/0") == "rediss://***@[::1]:6379/0"
    assert cache.redact_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_redact_url_hides_passwords_of_database_urls_too():
    assert cache.redact_url("postgresql://ops:s3cret@db:5432/ops?sslmode=require&password=s3cret2") == (
        "postgresql://***@db:5432/ops?sslmode=require&password=***")
    assert cache.redact_url("postgres://ops:s3cret@h1:5432,h2:5432/ops") == "postgres://***@h1:5432,h2:5432/ops"
    assert cache.redact_url("postgresql:///ops") == "postgresql:///ops"
    # malformed: everything up to the last @ goes
    assert "s3cret" not in cache.redact_url("postgresql://ops:s3cret@[::1/ops")
