"""The PostgreSQL source without a server: an unreachable database is unavailable (not invalid) and its
password never shows in a message. With a throw-away PostgreSQL cluster: tests/integration/test_postgres.py."""

from __future__ import annotations

import pytest

from data import postgres as pg
from data.live import LiveDataset, Snapshots, SourceUnavailable
from tests.support import free_port


# ---------------------------------------------------------------- fixtures and helpers
def test_an_unreachable_database_is_unavailable_not_invalid(tmp_path):
    port = free_port()
    url = f"postgresql://ops:secret-77@127.0.0.1:{port}/ops"
    with pytest.raises(SourceUnavailable) as info:
        LiveDataset(pg.PostgresSource(url), snapshots=Snapshots(tmp_path)).load_initial()
    assert str(info.value).startswith(
        f"cannot connect to PostgreSQL database 'ops' on 127.0.0.1:{port} as user 'ops': ")
    assert "secret-77" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_error_messages_never_show_the_password():
    url = "postgresql://ops:p%40ss-w0rd@db.example:5432/ops?password=other-secret"
    assert pg.scrub("auth for p@ss-w0rd and p%40ss-w0rd and other-secret failed", url) == (
        "auth for *** and *** and *** failed")
    assert pg.describe(url) == "database 'ops' on db.example:5432 as user 'ops'"
    assert pg.describe("postgresql://ops@h1:5432,h2:5433/ops") == "database 'ops' on h1:5432,h2:5433 as user 'ops'"
