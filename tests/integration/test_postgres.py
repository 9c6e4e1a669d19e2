"""The data in PostgreSQL (OPS_DATA_URL), for real: a throw-away PostgreSQL cluster (tests/pg_server.py)
started once for this module, the bundled package written into it with natural column types and no
constraints, read back through the same validation as a folder, watched while the app runs (a change,
a refused version, a fix, an outage), and two app servers with one database and one Redis."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import psycopg
import pytest

from bench.callback_latency import router_payload
from data import BUNDLED_DIR, DataPackageError, load_dataset
from data import postgres as pg
from data.live import LiveDataset, Snapshots
from tests.helpers_data import copy_package, read_rows, write_rows
from tests.pg_server import PostgresServer, postgres_server
from tests.support import REPO, fetch_json, free_port, running_app, wait_for

FILES = load_dataset(BUNDLED_DIR)
DESCRIPTOR = json.loads((BUNDLED_DIR / "datapackage.json").read_text(encoding="utf-8"))
PAGES = ["/", "/regions", "/sectors", "/impact", "/spending", "/projects", "/programmes", "/sources"]
SEARCH = "?region=1084,1083&from=2012"
TIMEOUT_S = 30  # a change in the database is served within this


# ---------------------------------------------------------------- fixtures and helpers
@pytest.fixture(scope="module")
def pg_server() -> Iterator[PostgresServer]:
    with postgres_server() as server:
        yield server


_databases = iter(range(10**6))


@pytest.fixture
def db(pg_server) -> str:
    """A fresh database holding the bundled package (public schema), written by write_package; its URL."""
    url = pg_server.create_database(f"ops_{next(_databases)}")
    pg.write_package(url)
    return url


def execute(url: str, *statements: str, params=None) -> None:
    """Run statements in one transaction on a connection of their own (closed after: its statistics
    are flushed at once, as when a maintainer's psql session ends)."""
    with psycopg.connect(url) as conn:
        for statement in statements:
            conn.execute(statement, params)


def scalar(url: str, query: str, params=None):
    with psycopg.connect(url) as conn:
        return conn.execute(query, params).fetchone()[0]


def primary_key(table: str) -> list[str]:
    pk = FILES.schema(table)["primaryKey"]
    return [pk] if isinstance(pk, str) else list(pk)


def log_lines(path: Path, text: str) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if text in line]


def render(base: str, path: str, search: str = "") -> tuple[int, dict]:
    """A page as Dash's renderer gets it: the page router callback's JSON."""
    request = urllib.request.Request(f"{base}_dash-update-component", data=json.dumps(router_payload(path, search))
                                     .encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, json.loads(response.read())


def status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status


def sorted_package(tmp_path: Path) -> Path:
    """A copy of the bundled package with every table's rows in primary-key order: the rows as the
    database gives them (it has no other order)."""
    pkg = copy_package(tmp_path)
    for resource in DESCRIPTOR["resources"]:
        kinds = {f["name"]: f.get("type", "string") for f in resource["schema"]["fields"]}
        pk = primary_key(resource["name"])
        rows = read_rows(pkg / resource["path"])
        rows.sort(key=lambda row: tuple(int(row[k]) if kinds[k] in ("integer", "year") else row[k] for k in pk))
        write_rows(pkg / resource["path"], rows)
    return pkg


@contextlib.contextmanager
def apps(*specs: dict) -> Iterator[list[str]]:
    """Several apps (`running_app` keyword arguments each), started side by side; their base URLs."""
    with contextlib.ExitStack() as stack, ThreadPoolExecutor(len(specs)) as pool:
        started = [pool.submit(stack.enter_context, running_app(**spec)) for spec in specs]
        yield [future.result() for future in started]


def live_from(url: str, tmp_path: Path, **options) -> LiveDataset:
    return LiveDataset(pg.PostgresSource(url, "public", BUNDLED_DIR), snapshots=Snapshots(tmp_path / "snapshots"),
                       **options)


# ---------------------------------------------------------------- writing the package into PostgreSQL
def test_the_package_is_written_with_natural_types_and_no_constraints(db):
    columns = {}
    with psycopg.connect(db) as conn:
        for table, column, data_type, nullable in conn.execute(
                "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"):
            columns.setdefault(table, []).append((column, data_type, nullable))
        constraints = conn.execute("SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                                   "WHERE n.nspname = 'public'").fetchone()[0]
        indexes = conn.execute("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'").fetchone()[0]
    natural = {"string": "text", "integer": "bigint", "number": "double precision", "boolean": "boolean"}
    assert set(columns) == set(FILES.table_names)
    for table in FILES.table_names:
        fields = FILES.schema(table)["fields"]
        assert columns[table] == [(f["name"], natural[f.get("type", "string")], "YES") for f in fields], table
        assert scalar(db, f'SELECT count(*) FROM "{table}"') == FILES.counts[table]
    assert constraints == 0 and indexes == 0


# ---------------------------------------------------------------- reading it back
def test_the_dataset_from_postgresql_has_the_content_of_the_files(db, tmp_path):
    live = live_from(db, tmp_path, interval=0)
    ds = live.load_initial()
    assert ds.source == "postgresql" and FILES.source == "files"
    assert ds.counts == FILES.counts
    for name in FILES.table_names:
        expected = FILES[name].sort_values(primary_key(name)).reset_index(drop=True)
        pd.testing.assert_frame_equal(ds[name].reset_index(drop=True), expected, obj=name)
    # The snapshot beside the tables holds the package's other files: the map and the zip use them.
    assert ds.directory.parent == tmp_path / "snapshots"
    geometry = DESCRIPTOR["geometry"]["path"]
    assert (ds.directory / geometry).read_bytes() == (BUNDLED_DIR / geometry).read_bytes()
    assert json.loads((ds.directory / "datapackage.json").read_text(encoding="utf-8")) == DESCRIPTOR


def test_text_or_other_natural_column_types_give_the_same_version(db, tmp_path):
    first = pg.load(db, folder=tmp_path / "a")
    statements = [f'ALTER TABLE "{t}" ALTER COLUMN "{f["name"]}" TYPE text'
                  for t in ("projects", "partnership_members", "regions", "sources")
                  for f in FILES.schema(t)["fields"]]
    statements += ['ALTER TABLE figures ALTER COLUMN value TYPE numeric',
                   'ALTER TABLE figures ALTER COLUMN year TYPE integer',
                   'ALTER TABLE spending ALTER COLUMN amount TYPE double precision',
                   'ALTER TABLE forms ALTER COLUMN dr_number TYPE smallint',
                   'ALTER TABLE programmes ALTER COLUMN start_year TYPE numeric(6, 2)',
                   'ALTER TABLE sectors ALTER COLUMN name_en TYPE varchar(200)']
    execute(db, *statements)
    again = pg.load(db, folder=tmp_path / "b")
    assert again.version == first.version  # the same canonical text, byte for byte


# ---------------------------------------------------------------- watching
def relation(signature, table: str) -> tuple:
    return next(r for r in signature[1] if r[0] == table)


def test_the_signature_follows_insert_update_delete_and_truncate_without_scanning(db):
    source = pg.PostgresSource(db)
    changes = {
        "sectors": "INSERT INTO sectors (sector_id, name_da, name_en, source_id) VALUES ('x-new', 'x', 'x', 'S001')",
        "forms": "UPDATE forms SET name_en = name_en || ' (changed)' WHERE form_id = 'opp'",
        "spending": "DELETE FROM spending WHERE spending_id = (SELECT min(spending_id) FROM spending)",
        "partnership_members": "TRUNCATE partnership_members",
    }
    # One short session per change (psql, a script): each is seen within seconds.
    for table, statement in changes.items():
        before = source.signature()
        execute(db, statement)
        wait_for(f"the signature of {table} to change", lambda t=table, b=before: relation(source.signature(), t)
                 != relation(b, t), timeout=5)
    # One long-lived session (an application): PostgreSQL flushes its counters at most once a second,
    # and a delayed flush about 10 s later; every change is seen by then.
    before = source.signature()
    with psycopg.connect(db, autocommit=True) as session:
        for statement in ("INSERT INTO sectors SELECT 'x-2', name_da, name_en, source_id FROM sectors LIMIT 1",
                          "UPDATE forms SET name_en = 'x' WHERE form_id = 'opp'",
                          "DELETE FROM spending WHERE spending_id = (SELECT min(spending_id) FROM spending)",
                          "TRUNCATE partnership_members"):
            session.execute(statement)
        wait_for("every change of one session", lambda: all(relation(source.signature(), t) != relation(before, t)
                                                            for t in changes), timeout=15)
    # Tables outside the package leave it alone.
    quiet = source.signature()
    execute(db, "CREATE TABLE scratch (x int)", "INSERT INTO scratch VALUES (1)")
    time.sleep(1.5)
    assert source.signature() == quiet
    source.close()


def test_a_broken_row_is_refused_by_table_key_and_column_and_the_fix_is_picked_up_live(db, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="ops.data")
    live = live_from(db, tmp_path, interval=0.2, loader=load_dataset)
    good = live.load_initial()
    first, last = scalar(db, "SELECT min(project_id) FROM projects"), scalar(db, "SELECT max(project_id) FROM projects")
    execute(db, "UPDATE projects SET form_id = 'zzz' WHERE project_id = %(first)s",
            "ALTER TABLE projects ALTER COLUMN start_year TYPE text",
            "UPDATE projects SET start_year = 'soon' WHERE project_id = %(last)s",
            "UPDATE regions SET country = 'NO' WHERE region_code = '1081'", params={"first": first, "last": last})
    live.ensure_watching()
    try:
        rejected = wait_for("the rejection", live.rejection)
        assert live.current() is good  # the last good version stays in use
        assert list(rejected.problems) == [
            "table regions, row region_code='1081', column 'country': 'NO' is not an allowed value (allowed: DK, SE)",
            f"table projects, row project_id='{first}', column 'form_id': unknown key 'zzz': not found in forms",
            f"table projects, row project_id='{last}', column 'start_year': 'soon' is not a valid integer",
        ]
        assert all("row 2" not in p and ".csv" not in p for p in rejected.problems)

        execute(db, "UPDATE projects SET form_id = 'opp' WHERE project_id = %(first)s",
                "UPDATE projects SET start_year = '1999' WHERE project_id = %(last)s",
                "UPDATE regions SET country = 'DK' WHERE region_code = '1081'", params={"first": first, "last": last})
        fixed = wait_for("the fixed version", lambda: (ds := live.current()) is not good and ds)
    finally:
        live.stop()
    assert live.rejection() is None and fixed.source == "postgresql"
    projects = fixed["projects"].set_index("project_id")
    assert projects.loc[last, "start_year"] == 1999 and projects.loc[first, "form_id"] == "opp"
    messages = [r.getMessage() for r in caplog.records if r.name == "ops.data"]
    assert len([m for m in messages if m.startswith("data reload rejected problems=3 ")]) == 1
    assert len([m for m in messages if m.startswith(f"data reload accepted version={fixed.version} ")]) == 1


def test_missing_tables_and_columns_are_named(db, tmp_path):
    execute(db, "DROP TABLE spending", "ALTER TABLE figures DROP COLUMN unit",
            "INSERT INTO sectors SELECT * FROM sectors WHERE sector_id = (SELECT min(sector_id) FROM sectors)")
    sector = scalar(db, "SELECT min(sector_id) FROM sectors")
    with pytest.raises(DataPackageError) as info:
        live_from(db, tmp_path).load_initial()
    problems = [str(p) for p in info.value.problems]
    assert "table spending: table not found in schema 'public'" in problems
    assert "table figures, column 'unit': missing column declared in datapackage.json" in problems
    assert (f"table sectors, row sector_id='{sector}' (occurrence 2), column 'sector_id': duplicate key "
            f"(the same as in row sector_id='{sector}')") in problems
    assert list((tmp_path / "snapshots").iterdir()) == []  # nothing of the refused version is kept


# ---------------------------------------------------------------- the command line
def run_data(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120)


def test_the_commands_write_and_validate_a_database(pg_server):
    url = pg_server.create_database("ops_cli")
    result = run_data("export-postgresql", url, "--schema", "ops")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: wrote 12 tables, ") and pg_server.password not in result.stdout

    result = run_data("validate", url, "--schema", "ops")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert re.fullmatch(rf"OK: 12 tables, {sum(FILES.counts.values())} rows, version [0-9a-f]{{12}} "
                        rf"\(postgresql://\*\*\*@127\.0\.0\.1:{pg_server.port}/ops_cli \(schema ops\)\)", line), line

    project = scalar(url, "SELECT min(project_id) FROM ops.projects")
    execute(url, "UPDATE ops.projects SET region_code = '9999' WHERE project_id = %s", params=[project])
    result = run_data("validate", url, "--schema", "ops")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"INVALID: 1 problem in postgresql://***@127.0.0.1:{pg_server.port}/ops_cli (schema ops) "
        "(rows are named by their primary key)",
        f"  table projects, row project_id='{project}', column 'region_code': unknown key '9999': not found in regions",
    ]
    output = result.stdout + result.stderr
    assert "Traceback" not in output and pg_server.password not in output


# ---------------------------------------------------------------- the app
def test_a_wrong_password_or_no_server_stops_the_app_with_one_line(db, pg_server):
    cases = ((pg_server.url(db.rsplit("/", 1)[1], password="not-the-password-42"),
              'password authentication failed for user "ops_admin"'),
             (f"postgresql://ops_admin:not-the-password-42@127.0.0.1:{free_port()}/ops", "Connection refused"))

    def start(url: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "app.py"], cwd=REPO, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "OPS_DATA_URL": url, "PORT": str(free_port()), "OPS_DEBUG": "0"})

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(start, [url for url, _ in cases]))
    for (url, why), result in zip(cases, results, strict=True):
        assert result.returncode == 1
        [line] = result.stderr.strip().splitlines()
        host_port = re.search(r"@([^/]+)/", url).group(1)
        assert line.startswith(f"OPS Monitor cannot start: OPS_DATA_URL: cannot connect to PostgreSQL database "
                               f"'{url.rsplit('/', 1)[1]}' on {host_port} as user 'ops_admin': "), line
        assert why in line
        assert "not-the-password-42" not in result.stdout + result.stderr


def test_the_app_keeps_serving_through_a_database_outage(db, pg_server, tmp_path):
    log = tmp_path / "app.log"
    with running_app({"OPS_DATA_URL": db}, log_path=log) as base:
        version = fetch_json(f"{base}healthz")["data_version"]
        assert render(base, "/regions")[0] == 200
        pg_server.stop()
        try:
            wait_for("the outage warning", lambda: log_lines(log, "WARNING ops.data: data source unavailable"))
            for path, search in (("/regions", ""), ("/sectors", "?region=1081"), ("/spending", SEARCH)):
                assert render(base, path, search)[0] == 200
            assert status(f"{base}sources") == 200
            health = fetch_json(f"{base}healthz")
            assert (health["status"], health["data_version"], health["rejected"]) == ("ok", version, None)
            time.sleep(3)  # more looks at the database while it is down
        finally:
            pg_server.start()
        wait_for("the end of the outage", lambda: log_lines(log, "INFO ops.data: data source available again"))
        assert fetch_json(f"{base}healthz")["data_version"] == version
    [warning] = log_lines(log, "data source unavailable")
    assert f"database '{db.rsplit('/', 1)[1]}' on 127.0.0.1:{pg_server.port}" in warning
    assert len(log_lines(log, "data source available again")) == 1
    text = log.read_text(encoding="utf-8")
    assert pg_server.password not in text and "Traceback" not in text


def without_version(page: dict, version: str) -> dict:
    return json.loads(json.dumps(page).replace(version, "VERSION"))


def test_two_apps_on_one_database_serve_the_pages_of_the_files_and_follow_a_change(db, redis_server, tmp_path):
    env = {"OPS_DATA_URL": db, "OPS_CACHE_URL": redis_server.url}
    pkg = sorted_package(tmp_path)
    with apps({"overrides": env, "log_path": tmp_path / "a.log"},
              {"overrides": env, "log_path": tmp_path / "b.log", "host": "127.0.0.2"},
              {"overrides": {"OPS_DATA_DIR": str(pkg)}}) as (app_a, app_b, app_files):
        v0 = fetch_json(f"{app_a}healthz")["data_version"]
        assert fetch_json(f"{app_b}healthz")["data_version"] == v0
        files_version = fetch_json(f"{app_files}healthz")["data_version"]
        # The same numbers, texts and charts as from the files (the rows in the database's order).
        with ThreadPoolExecutor(2) as pool:
            for path in PAGES:
                for search in ("", SEARCH):
                    from_db, from_files = pool.map(lambda base, p=path, q=search: render(base, p, q)[1],
                                                   (app_a, app_files))
                    assert without_version(from_db, v0) == without_version(from_files, files_version), (path, search)
        assert any(key.startswith(b"ops:") for key in redis_server.client.scan_iter())

        execute(db, "UPDATE sources SET title = 'Changed in the database' WHERE source_id = 'S001'")
        changed = time.monotonic()
        v1 = wait_for("both apps to serve the new version", lambda: (
            (a := fetch_json(f"{app_a}healthz")["data_version"]) != v0
            and a == fetch_json(f"{app_b}healthz")["data_version"] and a))
        assert time.monotonic() - changed < TIMEOUT_S
        page_a, page_b = render(app_a, "/sources")[1], render(app_b, "/sources")[1]
        assert page_a == page_b and "Changed in the database" in json.dumps(page_a)
    for log in ("a.log", "b.log"):
        assert len(log_lines(tmp_path / log, f"data reload accepted version={v1} previous={v0}")) == 1


def test_a_view_is_read_and_watched_like_a_table(db, tmp_path):
    execute(db, "CREATE SCHEMA raw", "ALTER TABLE sectors SET SCHEMA raw",
            "CREATE VIEW sectors AS SELECT * FROM raw.sectors")
    source = pg.PostgresSource(db)
    live = LiveDataset(source, snapshots=Snapshots(tmp_path / "snapshots"), interval=0)
    ds = live.load_initial()
    pd.testing.assert_frame_equal(ds["sectors"].reset_index(drop=True),
                                  FILES["sectors"].sort_values("sector_id").reset_index(drop=True))
    before = source.signature()
    execute(db, "UPDATE raw.sectors SET name_en = 'Changed' WHERE sector_id = (SELECT min(sector_id) FROM raw.sectors)")
    wait_for("the view's signature to change", lambda: source.signature() != before, timeout=5)
    source.close()
