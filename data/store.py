"""The per-version store: each accepted data version written once into a DuckDB database file,
which every process of the host opens read-only and queries with SQL.

- :func:`build` writes the validated tables of a version (and the tables derived from them once per
  version, see ``DERIVED``) to ``<root>/<version>-<FORMAT>.duckdb``. A file lock decides which process builds
  it; a process that finds the file already there (built by another worker, or by an earlier start
  on the same data) uses it as it is. The file is written under a temporary name and renamed when
  complete, so a reader never sees half a store.
- :func:`connection` gives the calling thread a read-only cursor on a store, opened in this process
  (never inherited across a fork: gunicorn's workers each open their own after forking).

DuckDB only; nothing here imports Dash.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from data.readers import release_memory

STORE_ROOT = Path(tempfile.gettempdir()) / f"ops-monitor-store-{os.getuid() if hasattr(os, 'getuid') else 0}"
SUFFIX = ".duckdb"
# What one process's DuckDB may hold in memory (its buffer of the store's pages and a query's work);
# the store itself stays on disk.
MEMORY_LIMIT = "100MB"
BUILD_MEMORY_LIMIT = "1GB"  # deriving the wide table of 1.000.000 projects in less spills to disk
THREADS = 2
# Stores kept on a host: the KEEP used last (a version is touched when opened), and any used within
# RETAIN_S (another process may be about to open it).
KEEP = 4
RETAIN_S = 3600.0

# Project measures carried onto the wide project table (one value per project and measure; where a
# project has several years of one measure, the latest year's figure).
PROJECT_MEASURES = (
    "contract_value",
    "budget",
    "public_funding",
    "expected_jobs",
    "realised_jobs",
    "expected_turnover",
    "realised_turnover",
)


# Danish order (æ, ø, å after z; "aa" as å; ä, ö, ü as æ, ø, y; other accents dropped; case ignored):
# the text lower-cased and folded so that plain code-point order is Danish order. The one place of
# the rule: the store's sort keys and the grid's sorts on shown texts both use it.
_FOLD = (("ä", "æ"), ("ö", "ø"), ("ü", "y"), ("aa", "å"), ("æ", "{"), ("ø", "|"), ("å", "}"))


def danish_fold(lowered: str) -> str:
    """SQL: the Danish sort key of a lower-cased text expression."""
    out = lowered
    for old, new in _FOLD:
        out = f"replace({out}, '{old}', '{new}')"
    return f"strip_accents({out})"


# Grid measures: the figures the project table shows (their sources are in its source column).
GRID_MEASURES = ("contract_value", "public_funding", "expected_jobs")


def _wide_sql() -> str:
    picks = ",\n".join(
        f"  max(f.value) FILTER (WHERE f.measure_id = '{m}') AS {m},\n"
        f"  max(f.bound) FILTER (WHERE f.measure_id = '{m}') AS {m}_bound,\n"
        f"  max(f.unit) FILTER (WHERE f.measure_id = '{m}') AS {m}_unit,\n"
        f"  max(f.year) FILTER (WHERE f.measure_id = '{m}') AS {m}_year,\n"
        f"  max(f.source_id) FILTER (WHERE f.measure_id = '{m}') AS {m}_source"
        for m in PROJECT_MEASURES)
    measures = ", ".join(f"'{m}'" for m in PROJECT_MEASURES)
    shown_sources = ", ".join(["pub0.publisher"] + [f"CASE WHEN picked.{m} IS NOT NULL THEN pub{i}.publisher END"
                                                    for i, m in enumerate(GRID_MEASURES, 1)])
    pub_joins = "\n".join(f"LEFT JOIN pub pub{i} ON pub{i}.source_id = {col}" for i, col in
                          enumerate(["p.source_id"] + [f"picked.{m}_source" for m in GRID_MEASURES]))
    names = ",\n".join(f"lower({t}.name_{lang}) AS {col}_{lang}" for t, col in
                       (("r1", "region"), ("r2", "region_2"), ("sec", "sector"), ("frm", "form"),
                        ("prg", "programme")) for lang in ("da", "en"))
    return f"""
CREATE TABLE projects_wide AS
WITH latest AS (
  SELECT * FROM (
    SELECT project_id, measure_id, value, bound, unit, year, source_id,
           row_number() OVER (PARTITION BY project_id, measure_id
                              ORDER BY year DESC NULLS LAST, row_no DESC) AS pick
    FROM figures
    WHERE project_id IS NOT NULL AND measure_id IN ({measures})
  ) WHERE pick = 1
), picked AS (
  SELECT f.project_id,
{picks}
  FROM latest f GROUP BY f.project_id
), pub AS (
  SELECT source_id, coalesce(publisher, source_id) AS publisher FROM sources
), wide AS (
  SELECT p.*, picked.* EXCLUDE (project_id),
         -- what the project table shows, lower-cased, for its search, filters and sorts
         lower(coalesce(p.name, '')) AS name_lc,
         lower(coalesce(p.partners, '')) AS partners_lc,
         {danish_fold("lower(coalesce(p.name, ''))")} AS name_key,
         {danish_fold("lower(coalesce(p.partners, ''))")} AS partners_key,
{names},
         list_filter([{shown_sources}], lambda x: x IS NOT NULL AND x <> '') AS shown_sources
  FROM projects p
  LEFT JOIN picked USING (project_id)
  LEFT JOIN regions r1 ON r1.region_code = p.region_code
  LEFT JOIN regions r2 ON r2.region_code = p.region_code_2
  LEFT JOIN sectors sec ON sec.sector_id = p.sector_id
  LEFT JOIN forms frm ON frm.form_id = p.form_id
  LEFT JOIN programmes prg ON prg.programme_id = p.programme_id
{pub_joins}
)
SELECT * EXCLUDE (shown_sources),
       lower(array_to_string(list_filter(shown_sources, lambda x, i: list_position(shown_sources, x) = i), '; '))
         AS source_lc
FROM wide ORDER BY row_no
"""


# Columns of the wide table that are the store's own (the grid's texts and sort keys).
INTERNAL_COLUMNS = ("row_no", "name_lc", "partners_lc", "source_lc", "name_key",
                    "partners_key", *[f"{c}_{lang}" for c in ("region", "region_2", "sector", "form", "programme")
                                      for lang in ("da", "en")])


# Tables derived once per version, after the package's own tables are in.
DERIVED = (
    # row_no: each table's rows keep the order of the package (ORDER BY row_no).
    _wide_sql(),
    """CREATE VIEW figures_labelled AS
       SELECT f.*, m.kind AS measure_kind, m.name_da AS measure_da, m.name_en AS measure_en
       FROM figures f LEFT JOIN measures m USING (measure_id)""",
)


# The store's own format: a store written by other code (another release) is never opened.
FORMAT = hashlib.sha256("\0".join([*DERIVED, duckdb.__version__]).encode()).hexdigest()[:8]


class StoreError(Exception):
    pass


def path_of(version: str, root: Path | None = None) -> Path:
    return Path(root or STORE_ROOT) / f"{version}-{FORMAT}{SUFFIX}"


def exists(version: str, root: Path | None = None) -> bool:
    return path_of(version, root).is_file()


def _plain(frame: pd.DataFrame) -> pa.Table:
    """A validated frame as an Arrow table, with `row_no` (the row's place in the package)."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return table.append_column("row_no", pa.array(range(len(frame)), pa.int64()))


def build(version: str, tables: dict[str, pd.DataFrame], root: Path | None = None) -> Path:
    """The store of `version`, written from `tables` unless it exists already; `tables` is emptied
    (each frame is dropped once it is in the store, so its memory is back before the derived tables
    are built). Returns the store's path."""
    root = Path(root or STORE_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    target = path_of(version, root)
    with open(target.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder per version on this host; others wait, then reuse
        if target.is_file():
            return target
        tmp = target.with_name(f".{version}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        con = duckdb.connect(str(tmp), config={"threads": THREADS, "memory_limit": BUILD_MEMORY_LIMIT})
        con.execute("SET enable_progress_bar = false")
        try:
            for name in list(tables):
                arrow = _plain(tables.pop(name))  # noqa: F841 - read by DuckDB below, by name
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM arrow')
                del arrow
            release_memory()
            for statement in DERIVED:
                con.execute(statement)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
        wal = tmp.with_name(tmp.name + ".wal")
        wal.unlink(missing_ok=True)
    prune(root, keep=target)
    return target


def prune(root: Path, keep: Path) -> None:
    """Delete the stores beyond the KEEP used last that no process opened for RETAIN_S (a process
    that has a deleted store open keeps reading it: the file goes when the last one closes it)."""
    def used(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0
    stores = sorted(root.glob(f"*{SUFFIX}"), key=used, reverse=True)
    old = time.time() - RETAIN_S
    for path in [p for p in stores if p != keep][KEEP - 1:]:
        if used(path) > old:
            continue
        path.unlink(missing_ok=True)
        path.with_suffix(".lock").unlink(missing_ok=True)


def touch(path: Path) -> None:
    """Mark a store as in use (pruning keeps the stores used last)."""
    try:
        os.utime(path)
    except OSError:
        pass


def remove(version: str, root: Path | None = None) -> None:
    root = Path(root or STORE_ROOT)
    for path in (path_of(version, root), path_of(version, root).with_suffix(".lock")):
        path.unlink(missing_ok=True)


def remove_all(root: Path | None = None) -> None:
    shutil.rmtree(Path(root or STORE_ROOT), ignore_errors=True)


# ---------------------------------------------------------------- reading
_local = threading.local()
_lock = threading.Lock()
_connections: dict[tuple[int, str], duckdb.DuckDBPyConnection] = {}


def _process_connection(path: Path) -> duckdb.DuckDBPyConnection:
    key = (os.getpid(), str(path))
    con = _connections.get(key)
    if con is None:
        with _lock:
            con = _connections.get(key)
            if con is None:
                if not path.is_file():
                    raise StoreError(f"the data store {path} is missing")
                con = duckdb.connect(str(path), read_only=True,
                                     config={"threads": THREADS, "memory_limit": MEMORY_LIMIT})
                # Connections of an earlier process (inherited through a fork) are never used here.
                for other in [k for k in _connections if k[0] != key[0]]:
                    _connections.pop(other, None)
                _connections[key] = con
    return con


def connection(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only cursor on the store at `path` for the calling thread (DuckDB cursors are not
    shared between threads), opened in this process."""
    key = (os.getpid(), str(path))
    cursors = getattr(_local, "cursors", None)
    if cursors is None or getattr(_local, "pid", None) != key[0]:
        cursors = _local.cursors = {}
        _local.pid = key[0]
    cur = cursors.get(key)
    if cur is None:
        cur = cursors[key] = _process_connection(path).cursor()
    return cur


def close(path: Path) -> None:
    """Close this process's connection to a store (a retired version)."""
    key = (os.getpid(), str(path))
    with _lock:
        con = _connections.pop(key, None)
    cursors = getattr(_local, "cursors", None)
    if cursors:
        cursors.pop(key, None)
    if con is not None:
        con.close()


# Arrow -> pandas types of the frames queries return: nullable integers, floats and booleans,
# pyarrow-backed strings, as the validated frames were.
_PANDAS = {pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype(), pa.int16(): pd.Int64Dtype(),
           pa.int8(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(), pa.bool_(): pd.BooleanDtype(),
           pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow"),
           pa.string_view(): pd.StringDtype("pyarrow"), pa.decimal128(38, 0): pd.Float64Dtype(),
           pa.uint64(): pd.Int64Dtype(), pa.uint32(): pd.Int64Dtype()}


def to_pandas(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper=_PANDAS.get)


def frame(path: Path, sql: str, params=None) -> pd.DataFrame:
    """The result of a query as a DataFrame with nullable pandas types."""
    return to_pandas(connection(path).sql(sql, params=params or None).to_arrow_table())


def rows(path: Path, sql: str, params=None) -> list[tuple]:
    return connection(path).execute(sql, params or []).fetchall()
