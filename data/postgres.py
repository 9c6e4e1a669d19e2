"""The data package's tables in PostgreSQL (``OPS_DATA_URL``), validated exactly like a folder.

Layout: one table (or view) per resource of ``datapackage.json``, named as the resource, in one
schema (``OPS_DATA_SCHEMA``, default ``public``), with the declared field names as columns. A column
may have its natural type (text, varchar, integer, bigint, smallint, numeric, real, double precision,
boolean, date) or be text; no constraints are needed: every rule of the Table Schema (types, required,
enum, pattern, ranges, primary and foreign keys) is checked here. Columns not declared are ignored.
The table schemas still come from ``datapackage.json`` in a folder (``OPS_DATA_DIR``), whose other
files (the region boundaries, EXCLUDED.md) are served with the data.

One validation path: :meth:`PostgresSource.snapshot` exports each table, in one read-only,
repeatable-read transaction, with ``COPY (SELECT <each declared column as canonical text>
FROM schema.table ORDER BY <primary key>) TO STDOUT WITH CSV HEADER`` into a snapshot folder beside a
copy of ``datapackage.json`` and the other files; that folder is validated and loaded by
:func:`data.package.load_dataset`, so the store, the zip download and the map work unchanged, and the
version is the digest of what was exported (the same data gives the same version in every process).
Problems are then named as a maintainer of the database knows them: ``table projects, row
project_id='x', column 'form_id': unknown key 'zzz': not found in forms`` (rows by primary key, the
export being in primary-key order).

Watching (:meth:`PostgresSource.signature`) never scans a table: per table its oid, relfilenode
(changed by TRUNCATE), the insert/update/delete counters of ``pg_stat_user_tables`` (flushed by
PostgreSQL at the end of a transaction, at the latest about 10 s later) and a digest of its columns;
database-wide counters where a resource is a view; the replay position on a standby.

Outages: a database that cannot be reached raises :class:`data.live.SourceUnavailable` with a
one-line message naming host and database, never the password (:func:`data.cache.redact_url`,
:meth:`PostgresSource.scrub`). Connections time out after ``connect_timeout`` (5 s).

No Dash here. psycopg is imported by this module only, so a folder-only app never loads it.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import logging
import os
import re
import shutil
import threading
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from urllib.parse import unquote

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from data.cache import redact_url
from data.live import SKIP_SUFFIXES, Snapshots, SourceUnavailable
from data.live import signature as folder_signature
from data.package import BUNDLED_DIR, DESCRIPTOR, DataPackageError, Dataset, load_dataset
from data.problems import Problem

log = logging.getLogger("ops.data")

POLL_INTERVAL_S = 5.0  # seconds between two looks at the database's statistics
CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 15_000  # for the signature's catalogue queries (never for the export)
TABLE_SUFFIXES = (".csv", ".xlsx")  # table files of a folder: not copied beside an export
RELATION_KINDS = ("r", "p", "v", "m", "f")  # table, partitioned table, view, materialized view, foreign table
CELL_SHOWN = 80

# Natural PostgreSQL column types per Table Schema type (python -m data export-postgresql).
NATURAL_TYPES = {"string": "text", "integer": "bigint", "year": "bigint", "number": "double precision",
                 "boolean": "boolean", "date": "date"}
_TEXT_TYPES = {"text", "character varying", "character", "name", "citext", "bpchar"}
_INTEGER_TYPES = {"smallint", "integer", "bigint"}
_FLOAT_TYPES = {"real", "double precision"}

SIGNATURE_SQL = """
SELECT c.relname, c.oid::int8, c.relfilenode::int8, c.relkind::text,
       s.n_tup_ins, s.n_tup_upd, s.n_tup_del,
       md5(coalesce((SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ','
                                       ORDER BY a.attnum)
                     FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), ''))
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
WHERE n.nspname = %(schema)s AND c.relname = ANY(%(names)s) AND c.relkind::text = ANY(%(kinds)s)
ORDER BY c.relname
"""
SERVER_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text END,
       current_setting('track_counts')
"""
TOTALS_SQL = """
SELECT coalesce(sum(n_tup_ins), 0)::int8, coalesce(sum(n_tup_upd), 0)::int8, coalesce(sum(n_tup_del), 0)::int8,
       count(*)::int8
FROM pg_stat_user_tables
"""
COLUMNS_SQL = """
SELECT c.relname, a.attname,
       format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, NULL),
       has_table_privilege(c.oid, 'SELECT')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_type t ON t.oid = a.atttypid
WHERE n.nspname = %(schema)s AND c.relname = ANY(%(names)s) AND c.relkind::text = ANY(%(kinds)s)
ORDER BY c.relname, a.attnum
"""


# ---------------------------------------------------------------- connecting
def connection_params(url: str) -> dict[str, str]:
    """The URL's libpq parameters (its form checked by libpq; nothing is connected)."""
    try:
        return conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise SourceUnavailable(f"{redact_url(url)} is not a valid PostgreSQL URL") from None


def describe(url: str) -> str:
    """Which database, for messages: ``database 'ops' on 127.0.0.1:5432 as user 'ops'`` (never a
    password)."""
    params = connection_params(url)
    hosts = (params.get("host") or params.get("hostaddr") or os.environ.get("PGHOST") or "localhost").split(",")
    ports = (params.get("port") or os.environ.get("PGPORT") or "5432").split(",")
    ports += ports[-1:] * (len(hosts) - len(ports))  # one port for every host
    where = ",".join(f"[{h}]:{p}" if ":" in h else f"{h}:{p}" for h, p in zip(hosts, ports, strict=False))
    user = params.get("user") or os.environ.get("PGUSER")
    dbname = params.get("dbname") or os.environ.get("PGDATABASE") or user or "?"
    return f"database '{dbname}' on {where}" + (f" as user '{user}'" if user else "")


def secrets_of(url: str) -> list[str]:
    """The password(s) in a URL, as written and decoded, longest first: what must never be shown."""
    found = set()
    try:
        password = connection_params(url).get("password")
    except SourceUnavailable:
        password = None
    found |= {password, os.environ.get("PGPASSWORD")} - {None}
    match = re.search(r"://[^:/?#@]*:([^@]*)@", url)
    if match and match.group(1):
        found |= {match.group(1), unquote(match.group(1))}
    for value in re.findall(r"(?i)password=([^&\s]+)", url):
        found |= {value, unquote(value)}
    return sorted((s for s in found if s), key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """`text` with every password of `url` replaced by ``***``."""
    for secret in secrets_of(url):
        text = text.replace(secret, "***")
    return text


def error_line(exc: BaseException, url: str) -> str:
    """A libpq/psycopg error on one line, without the password and without what the message
    already says (the host and port are named by :func:`describe`)."""
    lines = []
    for line in str(exc).splitlines():
        line = re.sub(r'^(connection failed: )?(connection to server at "[^"]*"( \([^)]*\))?, port \d+ failed: )?',
                      "", line.strip().lstrip("- "))
        line = re.sub(r"^(FATAL|ERROR):\s+", "", line)
        line = re.sub(r"\s+", " ", line).strip()
        if line and line not in lines:
            lines.append(line)
    return scrub("; ".join(lines) or type(exc).__name__, url)


def connect(url: str, *, autocommit: bool = False) -> psycopg.Connection:
    """A connection with short timeouts (the URL's own settings win), or SourceUnavailable."""
    params = connection_params(url)
    options: dict = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "ops-monitor", "keepalives": 1,
                     "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}
    options = {k: v for k, v in options.items() if k not in params}
    try:
        conn = psycopg.connect(url, autocommit=autocommit, **options)
    except psycopg.Error as exc:
        raise SourceUnavailable(f"cannot connect to PostgreSQL {describe(url)}: {error_line(exc, url)}") from None
    return conn


# ---------------------------------------------------------------- the descriptor
def read_descriptor_loosely(directory: Path) -> dict | None:
    """datapackage.json as far as the export needs it (None if unreadable: the load reports why)."""
    try:
        descriptor = json.loads((directory / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None
    return descriptor


def resources(descriptor: dict | None) -> list[dict]:
    """The resources a table can be exported for: a name, a plain file name as path, declared fields."""
    out = []
    for resource in (descriptor or {}).get("resources", []):
        try:
            name, path = resource["name"], resource["path"]
            fields = resource["schema"]["fields"]
            ok = (isinstance(name, str) and isinstance(path, str) and path == Path(path).name
                  and not path.startswith(".") and all(isinstance(f.get("name"), str) for f in fields))
        except (KeyError, TypeError, AttributeError):
            continue
        if ok:
            out.append(resource)
    return out


def _primary_key(resource: dict) -> list[str]:
    pk = resource.get("schema", {}).get("primaryKey") or []
    return [pk] if isinstance(pk, str) else [k for k in pk if isinstance(k, str)]


def csv_path(path: str) -> str:
    """The name the exported table gets: a workbook's path with .csv instead of .xlsx."""
    return path[: -len(".xlsx")] + ".csv" if path.lower().endswith(".xlsx") else path


# ---------------------------------------------------------------- exporting
def column_text(column: str, pg_type: str, kind: str) -> sql.Composable:
    """The column as the text the CSV reader accepts: numbers as plain text (shortest exact form),
    booleans true/false, dates YYYY-MM-DD; other types as PostgreSQL writes them."""
    c = sql.Identifier("src", column)  # the table's column (in ORDER BY a bare name would be the output's)
    if pg_type in _INTEGER_TYPES or pg_type == "boolean" or pg_type in _TEXT_TYPES:
        return sql.SQL("{}::text").format(c)
    if pg_type == "numeric":
        return sql.SQL("trim_scale({})::text").format(c)  # 2020.00 -> 2020, 12.50 -> 12.5
    if pg_type in _FLOAT_TYPES and kind in ("integer", "year"):
        # 2020 stored as a float is the integer 2020; anything else stays as written (and is refused)
        return sql.SQL("CASE WHEN {c} = trunc({c}) AND abs({c}) < 9e18 THEN {c}::int8::text ELSE {c}::text END"
                       ).format(c=c)
    if pg_type == "date":
        return sql.SQL("to_char({}, 'YYYY-MM-DD')").format(c)
    return sql.SQL("{}::text").format(c)


def export_query(schema: str, table: str, resource: dict, columns: dict[str, str]) -> sql.Composable:
    """``COPY (SELECT ...) TO STDOUT WITH CSV HEADER`` of the declared columns the table has, in the
    declared order, ordered by the primary key (NULLs first, text in byte order) and then by every
    column, so the same data always gives the same bytes."""
    fields = [f for f in resource["schema"]["fields"] if f["name"] in columns]
    selected = [sql.SQL("{} AS {}").format(column_text(f["name"], columns[f["name"]], f.get("type", "string")),
                                           sql.Identifier(f["name"])) for f in fields]
    kinds = {f["name"]: f.get("type", "string") for f in fields}
    order = []
    for name in _primary_key(resource):
        if name not in columns:
            continue
        column = sql.Identifier("src", name)
        if columns[name] in _TEXT_TYPES:
            if kinds[name] in ("integer", "year", "number"):  # numbers kept as text: in numeric order all the same
                pattern, cast = (r"^\s*[+-]?\d{1,18}\s*$", "int8") if kinds[name] != "number" else (
                    r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,2})?\s*$", "float8")
                order.append(sql.SQL("CASE WHEN {c} ~ {p} THEN trim({c})::{t} END NULLS FIRST").format(
                    c=column, p=sql.Literal(pattern), t=sql.SQL(cast)))
            order.append(sql.SQL('{} COLLATE "C" NULLS FIRST').format(column))
        else:
            order.append(sql.SQL("{} NULLS FIRST").format(column))
    for f in fields:
        expr = column_text(f["name"], columns[f["name"]], f.get("type", "string"))
        order.append(sql.SQL('({}) COLLATE "C" NULLS FIRST').format(expr))
    query = sql.SQL("SELECT {} FROM {}.{} AS src").format(sql.SQL(", ").join(selected), sql.Identifier(schema),
                                                    sql.Identifier(table))
    if order:
        query = sql.SQL("{} ORDER BY {}").format(query, sql.SQL(", ").join(order))
    return sql.SQL("COPY ({}) TO STDOUT WITH (FORMAT csv, HEADER true)").format(query)


def copy_package_files(directory: Path, target: Path) -> None:
    """The folder's files other than tables (datapackage.json, the boundaries, EXCLUDED.md, ...)."""
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        if (entry.name.startswith(".") or entry.name.endswith(SKIP_SUFFIXES)
                or entry.name.lower().endswith(TABLE_SUFFIXES) or not entry.is_file()):
            continue
        shutil.copyfile(entry.path, target / entry.name)


def export(conn: psycopg.Connection, schema: str, directory: Path, target: Path) -> dict[str, str]:
    """Write the package of `directory` with its tables read from `schema` into `target` (one
    transaction: one consistent version of every table). Returns, for tables not exported, why (by
    their file name in `target`)."""
    copy_package_files(directory, target)
    descriptor = read_descriptor_loosely(target)
    usable = resources(descriptor)
    if descriptor is not None and any(r["path"] != csv_path(r["path"]) for r in usable):
        for resource in usable:  # exported as CSV: the copy of the descriptor says so
            if resource["path"] != csv_path(resource["path"]):
                resource["path"] = csv_path(resource["path"])
                resource.update({k: v for k, v in (("format", "csv"), ("mediatype", "text/csv")) if k in resource})
        (target / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    names = [r["name"] for r in usable]
    notes: dict[str, str] = {}
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    with conn.transaction():
        conn.execute("SET LOCAL extra_float_digits = 1")  # floats in their shortest exact form
        conn.execute("SET LOCAL statement_timeout = 0")
        columns: dict[str, dict[str, str]] = {}
        readable: dict[str, bool] = {}
        for table, column, pg_type, can_read in conn.execute(
                COLUMNS_SQL, {"schema": schema, "names": names, "kinds": list(RELATION_KINDS)}):
            columns.setdefault(table, {})
            readable[table] = can_read
            if column is not None:
                columns[table][column] = pg_type
        schema_exists = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema]).fetchone()
        for resource in usable:
            table, file = resource["name"], resource["path"]
            if table not in columns:
                notes[file] = (f"table not found in schema '{schema}'"
                               + ("" if schema_exists else f" (there is no schema '{schema}' in the database)"))
                continue
            if not readable[table]:
                notes[file] = f"cannot read the table: permission denied (GRANT SELECT ON {schema}.{table} TO …)"
                continue
            try:
                with conn.transaction(), open(target / file, "wb") as out, conn.cursor().copy(
                        export_query(schema, table, resource, columns[table])) as copy:
                    for block in copy:
                        out.write(block)
            except psycopg.Error as exc:
                if isinstance(exc, psycopg.OperationalError) or conn.broken:
                    raise  # the database went away: not a problem of the data
                (target / file).unlink(missing_ok=True)  # e.g. no SELECT on a column: this table is not read
                notes[file] = f"cannot read the table: {error_line(exc, '')}"
    return notes


# ---------------------------------------------------------------- problems, as in the database
class _Keys:
    """The rows of exported tables named by their primary key: the CSV row r is record r - 2."""

    def __init__(self, folder: Path, descriptor: dict | None):
        self.folder = folder
        self.resources = {r["path"]: r for r in resources(descriptor)}
        self._labels: dict[str, list[str]] = {}

    def label(self, file: str, row: int) -> str:
        labels = self._labels.get(file)
        if labels is None:
            labels = self._labels[file] = self._read(file)
        index = row - 2
        return labels[index] if 0 <= index < len(labels) else f"#{row - 1}"

    def _read(self, file: str) -> list[str]:
        resource = self.resources.get(file)
        if resource is None:
            return []
        pk = _primary_key(resource)
        kinds = {f["name"]: f.get("type", "string") for f in resource["schema"]["fields"]}
        labels, seen = [], {}
        for number, record in enumerate(self.records(file), start=1):
            if not pk or any(k not in record for k in pk):
                labels.append(f"#{number}")
                continue
            label = ", ".join(_show(k, record[k], kinds.get(k, "string")) for k in pk)
            seen[label] = seen.get(label, 0) + 1
            labels.append(label if seen[label] == 1 else f"{label} (occurrence {seen[label]})")
        return labels

    def records(self, file: str) -> Iterator[dict[str, str | None]]:
        with open(self.folder / file, encoding="utf-8", errors="replace", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            for cells in reader:
                yield {h: (c if c != "" else None) for h, c in zip(header, cells, strict=False)}

    def record_at_line(self, file: str, line: int) -> int | None:
        """The CSV row (header = row 1) of the record that holds `line` (a value may span lines)."""
        with open(self.folder / file, encoding="utf-8", errors="replace", newline="") as fh:
            reader = csv.reader(fh)
            for number, _cells in enumerate(reader, start=1):
                if reader.line_num >= line:
                    return number
        return None


def _show(name: str, value: str | None, kind: str) -> str:
    if value is None:
        return f"{name}=NULL"
    text = value if len(value) <= CELL_SHOWN else value[:CELL_SHOWN] + "…"
    return f"{name}='{text}'" if kind == "string" else f"{name}={text}"


_REWORDED = {
    "file has only a header row and no data rows": "the table has no rows",
    "blank row": "every declared column of the row is empty (NULL)",
}


def translate(problems: list[Problem], folder: Path, notes: dict[str, str], directory: Path) -> list[Problem]:
    """Problems of an exported folder as problems of the database tables: ``table <name>``, the row
    by its primary key, no file names; the snapshot folder's path replaced by `directory`."""
    descriptor = read_descriptor_loosely(folder)
    tables = {r["path"]: r["name"] for r in resources(descriptor)}
    keys = _Keys(folder, descriptor)
    out = []
    for p in problems:
        reason = p.reason.replace(str(folder), str(directory))
        if p.file not in tables:
            out.append(dataclasses.replace(p, reason=reason))
            continue
        table, row, key = tables[p.file], p.row, None
        if reason == "file not found":
            reason = notes.get(p.file, "table not found")
        reason = _REWORDED.get(reason, reason)
        reason = re.sub(r"the table it refers to, ([^,]+), ",
                        lambda m: f"the table it refers to, {tables.get(m.group(1), m.group(1))}, ", reason)
        reason = re.sub(r"\(the same as in row (\d+)\)",
                        lambda m, file=p.file: f"(the same as in row {keys.label(file, int(m.group(1)))})", reason)
        if reason.startswith("cannot read the file: "):
            what = re.match(r"cannot read the file: it contains (.+?), so it is binary", reason)
            reason = (f"a value contains {what.group(1)}, which a table of the data package cannot hold; remove it"
                      if what else reason.replace("cannot read the file: ", "cannot read the exported rows: "))
            row = keys.record_at_line(p.file, row) if row is not None else None  # a line number, there
        if row is not None:
            key = keys.label(p.file, row)
        out.append(Problem(f"table {table}", reason, row, p.column, key))
    return out


# ---------------------------------------------------------------- the source
class PostgresSource:
    """The tables of `schema` in the database at `url`, their schemas in `directory`'s datapackage.json:
    a source for :class:`data.live.LiveDataset`."""

    kind = "postgresql"
    interval = POLL_INTERVAL_S

    def __init__(self, url: str, schema: str = "public", directory: str | Path | None = None):
        connection_params(url)  # a malformed URL fails here, by name and without its password
        self.url = url
        self.schema = schema
        self.directory = Path(directory) if directory else BUNDLED_DIR
        self.location = f"{redact_url(url)} (schema {schema})"
        self.database = describe(url)
        self._lock = threading.Lock()
        self._conn: psycopg.Connection | None = None
        self._conn_pid: int | None = None
        self._names: tuple[tuple, list[str]] = ((), [])  # (folder signature, table names) of the descriptor
        self._notes: dict[Path, dict[str, str]] = {}
        self._warned_counts = False

    def __repr__(self) -> str:
        return f"PostgresSource({self.location})"

    # -------------------------------------------------------------- connection for polling
    def _connection(self) -> psycopg.Connection:
        if self._conn is not None and self._conn_pid == os.getpid() and not self._conn.closed:
            return self._conn
        conn = connect(self.url, autocommit=True)
        try:
            conn.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
        except psycopg.Error as exc:
            conn.close()
            raise SourceUnavailable(f"cannot query PostgreSQL {self.database}: {error_line(exc, self.url)}") from None
        self._conn, self._conn_pid = conn, os.getpid()
        return conn

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and self._conn_pid == os.getpid():
            try:
                conn.close()
            except psycopg.Error:
                pass

    def close(self) -> None:
        with self._lock:
            self._drop()

    def after_fork(self) -> None:
        """In a forked worker: the parent's connection is the parent's (psycopg never closes a
        connection in a process that did not open it); this process opens its own."""
        self._lock = threading.Lock()
        self._conn = None

    def _rows(self, query: str, params=None) -> list[tuple]:
        with self._lock:
            for attempt in (1, 2):
                conn = self._connection()
                try:
                    return conn.execute(query, params).fetchall()
                except psycopg.Error as exc:
                    # The connection broke (the server restarted?): once more with a new one. Anything
                    # else that fails here (a catalogue query refused) is an outage too: logged once,
                    # the version in use kept, asked again on the next look.
                    self._drop()
                    if attempt == 2 or not isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
                        raise SourceUnavailable(f"cannot query PostgreSQL {self.database}: "
                                                f"{error_line(exc, self.url)}") from None
        raise AssertionError("unreachable")

    # -------------------------------------------------------------- signature
    def _table_names(self, files: tuple) -> list[str]:
        """The resource names of the descriptor (read again only when the folder changed)."""
        if self._names[0] != files or not files:
            self._names = (files, [r["name"] for r in resources(read_descriptor_loosely(self.directory))])
        return self._names[1]

    def signature(self) -> Hashable:
        """Cheap: catalogue and statistics rows, never a table scan. Raises SourceUnavailable."""
        files = tuple(e for e in folder_signature(self.directory) if not e[0].lower().endswith(TABLE_SUFFIXES))
        names = self._table_names(files)
        relations = tuple(self._rows(SIGNATURE_SQL, {"schema": self.schema, "names": names,
                                                     "kinds": list(RELATION_KINDS)}))
        in_recovery, replayed, track_counts = self._rows(SERVER_SQL)[0]
        if track_counts != "on" and not self._warned_counts:
            self._warned_counts = True
            log.warning(
                "PostgreSQL %s has track_counts off: changes to the tables are seen only after TRUNCATE or "
                "a change of columns; turn track_counts on", self.database)
        totals = ()
        if any(r[3] != "r" for r in relations):  # views and partitioned tables have no counters of their own
            totals = tuple(self._rows(TOTALS_SQL)[0])
        return (files, relations, totals, replayed if in_recovery else None)

    # -------------------------------------------------------------- snapshot and load
    def snapshot(self, snapshots: Snapshots) -> tuple[Path, Hashable] | None:
        before = self.signature()
        target = snapshots.new()
        try:
            notes = self._export(target)
            after = self.signature()
        except BaseException:
            snapshots.remove(target)
            raise
        if after != before:  # changed while exported: the next look tries again
            snapshots.remove(target)
            return None
        self._notes = {target: notes}
        return target, before

    def _export(self, target: Path) -> dict[str, str]:
        """Export into `target`; a table that cannot be read is noted (a problem of that table), any
        other failure of the database is SourceUnavailable."""
        try:
            with connect(self.url) as conn:
                return export(conn, self.schema, self.directory, target)
        except psycopg.Error as exc:
            raise SourceUnavailable(f"cannot read PostgreSQL {self.database}: {error_line(exc, self.url)}") from None

    def export_to(self, target: Path) -> None:
        """Export into `target` without snapshots (the command line)."""
        self._notes = {target: self._export(target)}

    def load(self, loader: Callable[[Path], Dataset], folder: Path) -> Dataset:
        try:
            dataset = loader(folder)
        except DataPackageError as exc:
            problems = translate(exc.problems, folder, self._notes.get(folder, {}), self.directory)
            raise DataPackageError(self.location, problems) from None  # type: ignore[arg-type]
        finally:
            self._notes.pop(folder, None)
        return dataclasses.replace(dataset, source="postgresql")


def load(url: str, schema: str = "public", directory: str | Path | None = None, *,
         folder: Path, loader: Callable[[Path], Dataset] = load_dataset) -> Dataset:
    """Export the tables into `folder` and load them (``python -m data validate postgresql://…``).
    Raises DataPackageError (problems named by table and key) or SourceUnavailable."""
    source = PostgresSource(url, schema, directory)
    Path(folder).mkdir(parents=True, exist_ok=True)
    source.export_to(folder)
    return source.load(loader, folder)


# ---------------------------------------------------------------- writing a package into PostgreSQL
def write_package(url: str, schema: str = "public", directory: str | Path | None = None) -> dict[str, int]:
    """Validate the package in `directory` (default: the bundled one) and write its tables into
    `schema` (created if missing): one table per resource with natural column types, no constraints,
    replacing tables of the same names, all in one transaction. Returns the rows written per table.
    Raises DataPackageError or SourceUnavailable."""
    dataset = load_dataset(directory or BUNDLED_DIR)
    written: dict[str, int] = {}
    with connect(url) as conn:
        try:
            with conn.transaction():
                conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
                for name in dataset.table_names:
                    fields = dataset.schema(name)["fields"]
                    table = sql.Identifier(schema, name)
                    conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
                    conn.execute(sql.SQL("CREATE TABLE {} ({})").format(table, sql.SQL(", ").join(
                        sql.SQL("{} {}").format(sql.Identifier(f["name"]),
                                                sql.SQL(NATURAL_TYPES.get(f.get("type", "string"), "text")))
                        for f in fields)))
                    frame = dataset[name]
                    columns = [f["name"] for f in fields]
                    with conn.cursor().copy(sql.SQL("COPY {} ({}) FROM STDIN").format(
                            table, sql.SQL(", ").join(map(sql.Identifier, columns)))) as copy:
                        for row in _plain_rows(frame, columns):
                            copy.write_row(row)
                    written[name] = len(frame)
        except psycopg.OperationalError as exc:
            raise SourceUnavailable(f"cannot write to PostgreSQL {describe(url)}: {error_line(exc, url)}") from None
    return written


def _plain_rows(frame, columns: list[str]) -> Iterator[tuple]:
    """The rows of a typed frame as Python values (None for missing)."""
    values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in columns]
    for row in zip(*values, strict=True):
        yield tuple(v.item() if hasattr(v, "item") else v for v in row)
