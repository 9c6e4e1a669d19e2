"""Settings: defaults, parsing, and errors that name the variable."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from settings import BUNDLED_DATA_DIR, Settings, SettingsError, load_settings

REPO = Path(__file__).resolve().parents[2]


def problems_for(env: dict[str, str]) -> list[str]:
    with pytest.raises(SettingsError) as info:
        load_settings(env)
    return info.value.problems


def test_defaults_when_nothing_is_set():
    settings = load_settings({})
    assert settings == Settings(
        host="127.0.0.1",
        port=8050,
        data_dir=REPO / "data",
        cache_url=None,
        embed_origins=(),
        url_prefix="/",
        lang="da",
        debug=False,
    )
    assert BUNDLED_DATA_DIR == REPO / "data"


def test_empty_values_count_as_unset():
    assert load_settings({"PORT": "", "OPS_LANG": "  ", "OPS_URL_PREFIX": ""}) == load_settings({})


def test_values_are_parsed_and_typed(tmp_path):
    settings = load_settings(
        {
            "HOST": "0.0.0.0",
            "PORT": "9000",
            "OPS_DATA_DIR": str(tmp_path),
            "OPS_CACHE_URL": "redis://127.0.0.1:6379/0",
            "OPS_EMBED_ORIGINS": "https://intra.example.dk  https://b.example.dk/",
            "OPS_URL_PREFIX": "/ops/",
            "OPS_LANG": "en",
            "OPS_DEBUG": "1",
        }
    )
    assert settings.host == "0.0.0.0"
    assert settings.port == 9000
    assert settings.data_dir == tmp_path.resolve()
    assert settings.cache_url == "redis://127.0.0.1:6379/0"
    assert settings.embed_origins == ("https://intra.example.dk", "https://b.example.dk")
    assert settings.url_prefix == "/ops/"
    assert settings.lang == "en"
    assert settings.debug is True


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_settings({}).port = 1  # type: ignore[misc]


@pytest.mark.parametrize("value", ["abc", "0", "65536", "-1", "80.5"])
def test_bad_port_is_rejected_naming_port(value):
    [problem] = problems_for({"PORT": value})
    assert problem.startswith("PORT=")
    assert "1 to 65535" in problem


@pytest.mark.parametrize("value", ["1", "65535"])
def test_port_limits_are_accepted(value):
    assert load_settings({"PORT": value}).port == int(value)


@pytest.mark.parametrize("value", ["ops", "/ops", "ops/", "/o ps/", "//", "/ops//x/", "/ops?/"])
def test_url_prefix_must_start_and_end_with_slash(value):
    [problem] = problems_for({"OPS_URL_PREFIX": value})
    assert problem.startswith("OPS_URL_PREFIX=")


@pytest.mark.parametrize("value", ["/", "/ops/", "/a/b-c/"])
def test_good_url_prefixes_are_kept(value):
    assert load_settings({"OPS_URL_PREFIX": value}).url_prefix == value


@pytest.mark.parametrize("value", ["fr", "DA", "dansk"])
def test_lang_must_be_da_or_en(value):
    [problem] = problems_for({"OPS_LANG": value})
    assert problem.startswith("OPS_LANG=")
    assert "da, en" in problem


@pytest.mark.parametrize("value", ["true", "yes", "2"])
def test_debug_accepts_only_0_or_1(value):
    [problem] = problems_for({"OPS_DEBUG": value})
    assert problem.startswith("OPS_DEBUG=")


def test_embed_origin_with_a_path_is_rejected():
    [problem] = problems_for({"OPS_EMBED_ORIGINS": "https://ok.example.dk https://x.dk/page"})
    assert problem.startswith("OPS_EMBED_ORIGINS=")
    assert "https://x.dk/page" in problem


def test_cache_url_must_be_a_redis_url():
    [problem] = problems_for({"OPS_CACHE_URL": "localhost:6379"})
    assert problem.startswith("OPS_CACHE_URL=")
    # A wrong cache URL that holds a password is shown without it.
    for raw in ("redis:/:s3cret@127.0.0.1:6379/0", "memcached://user:s3cret@host:11211", ":s3cret@host"):
        [problem] = problems_for({"OPS_CACHE_URL": raw})
        assert problem.startswith("OPS_CACHE_URL=") and "s3cret" not in problem and "***@" in problem


def test_data_dir_must_be_a_directory(tmp_path):
    [problem] = problems_for({"OPS_DATA_DIR": str(tmp_path / "missing")})
    assert problem.startswith("OPS_DATA_DIR=")


def test_every_wrong_variable_is_reported_at_once():
    problems = problems_for({"PORT": "x", "OPS_LANG": "fr", "OPS_URL_PREFIX": "ops"})
    assert [p.split("=")[0] for p in problems] == ["PORT", "OPS_URL_PREFIX", "OPS_LANG"]


# ---------------------------------------------------------------- PostgreSQL (OPS_DATA_URL, OPS_DATA_SCHEMA)
@pytest.mark.parametrize("value", [
    "postgresql://ops:secret@db.example:5432/ops",
    "postgres://ops@127.0.0.1/ops",
    "postgresql://ops:p%40ss@[::1]:5433/ops?sslmode=require",
    "postgresql://db1:5432,db2:5432/ops?target_session_attrs=read-write",
    "postgresql:///ops",
])
def test_data_url_accepts_libpq_urls(value):
    assert load_settings({"OPS_DATA_URL": value}).data_url == value


def test_data_url_and_schema_default_to_files_and_public():
    settings = load_settings({})
    assert settings.data_url is None
    assert settings.data_schema == "public"


@pytest.mark.parametrize("value", [
    "mysql://ops:hunter2-secret@db.example:3306/ops",
    "host=db.example dbname=ops password=hunter2-secret",
    "postgresql://ops:hunter2-secret@db.example:port/ops",
    "postgresql://ops:hunter2-secret@db.example:5432",
    "postgresql://ops:hunter2-secret@db.example:5432/",
    "redis://:hunter2-secret@db.example:6379/0",
])
def test_a_wrong_data_url_names_the_variable_and_never_the_password(value):
    [problem] = problems_for({"OPS_DATA_URL": value})
    assert problem.startswith("OPS_DATA_URL: ")
    assert "postgresql://user:password@host:5432/dbname" in problem  # what is expected
    assert "hunter2" not in problem


@pytest.mark.parametrize(("value", "expected"), [("public", "public"), ("ops_data", "ops_data"),
                                                  ("Ops2", "ops2"), ("_x", "_x")])
def test_data_schema_is_a_plain_identifier_folded_to_lower_case(value, expected):
    assert load_settings({"OPS_DATA_SCHEMA": value}).data_schema == expected


@pytest.mark.parametrize("value", ["ops-data", "2ops", "ops.data", '"ops"', "a b", "x" * 64])
def test_a_wrong_data_schema_is_rejected_naming_the_variable(value):
    [problem] = problems_for({"OPS_DATA_SCHEMA": value})
    assert problem.startswith("OPS_DATA_SCHEMA=")
    assert "identifier" in problem


def test_data_url_keeps_the_descriptor_folder(tmp_path):
    settings = load_settings({"OPS_DATA_URL": "postgresql://ops@127.0.0.1/ops", "OPS_DATA_DIR": str(tmp_path),
                              "OPS_DATA_SCHEMA": "ops"})
    assert (settings.data_url, settings.data_dir, settings.data_schema) == (
        "postgresql://ops@127.0.0.1/ops", tmp_path.resolve(), "ops")
