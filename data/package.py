"""Load and validate the curated data package (a Frictionless Data Package).

`datapackage.json` is the single source of truth for tables and columns. Its metadata is validated
by the frictionless library; the tables are read by :mod:`data.readers` (canonical CSV, CSV as
Danish Excel saves it, .xlsx) and checked row by row against the Table Schemas declared there by
:mod:`data.schema_check`, vectorised, in the same pass that builds the typed DataFrames (each file
is read once). A package with any problem is refused whole; nothing is loaded partially.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data import store
from data.problems import Problem, ProblemLog
from data.readers import MAX_FILE_BYTES, TableSource, open_table, release_memory
from data.schema_check import check_descriptor, check_foreign_keys, check_table

BUNDLED_DIR = Path(__file__).resolve().parent
DESCRIPTOR = "datapackage.json"

KEEP_ROWS = 5_000  # tables up to this size are kept in memory once read (vocabularies, regions, ...)

__all__ = ["BUNDLED_DIR", "DESCRIPTOR", "DataPackageError", "Dataset", "Problem", "build_dataset",
           "check_resources", "load_dataset", "read_descriptor", "validate_package"]


class DataPackageError(Exception):
    """The package is invalid; `problems` lists every problem found."""

    def __init__(self, directory: Path, problems: list[Problem]):
        self.directory = directory
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data package at {directory}")


@dataclass(frozen=True, eq=False)
class Dataset:
    """A validated data version, written to its store (:mod:`data.store`). Immutable; equal (and
    hashed) by content version. Queries run as SQL on the store (:meth:`query`); ``ds[name]`` reads a
    whole table as a DataFrame (small tables are kept after the first read)."""

    version: str
    updated: str
    title: str
    descriptor: dict = field(repr=False)
    directory: Path | None = None
    store: Path | None = None
    counts: dict = field(default_factory=dict)
    source: str = "files"  # "files" or "postgresql"
    _kept: dict = field(default_factory=dict, repr=False)

    def __hash__(self) -> int:
        return hash(self.version)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dataset) and other.version == self.version

    def row_counts(self) -> dict[str, int]:
        return dict(self.counts)

    @property
    def tables(self) -> Mapping[str, pd.DataFrame]:
        """The package's tables by name, read from the store when asked for (``ds.tables[name]`` is
        ``ds[name]``)."""
        return _Tables(self)

    @property
    def table_names(self) -> list[str]:
        return [r["name"] for r in self.descriptor["resources"]]

    @property
    def synthetic(self) -> bool:
        return bool(self.descriptor.get("synthetic", False))

    def schema(self, table: str) -> dict:
        for resource in self.descriptor["resources"]:
            if resource["name"] == table:
                return resource["schema"]
        raise KeyError(table)

    def query(self, sql: str, params=None) -> pd.DataFrame:
        """A SQL query on this version's store, with bound parameters, as a DataFrame."""
        return store.frame(self.store, sql, params)

    def rows(self, sql: str, params=None) -> list[tuple]:
        return store.rows(self.store, sql, params)

    def scalar(self, sql: str, params=None):
        out = store.rows(self.store, sql, params)
        return out[0][0] if out else None

    def kept(self, key: str, compute: Callable[[], object]):
        """A small value derived from this version, computed once and kept with it."""
        if key not in self._kept:
            self._kept[key] = compute()
        return self._kept[key]

    def __getitem__(self, table: str) -> pd.DataFrame:
        """A whole table, in the package's order (no `row_no`). Callers must not change it."""
        kept = self._kept.get(table)
        if kept is not None:
            return kept
        if table not in self.counts and table not in ("projects_wide", "figures_labelled"):
            raise KeyError(table)
        out = self.query(f'SELECT * EXCLUDE (row_no) FROM "{table}" ORDER BY row_no')
        if len(out) <= KEEP_ROWS:
            self._kept[table] = out
        return out


class _Tables(Mapping):
    """A read-only view of a Dataset's tables: names in the package's order, frames read lazily."""

    def __init__(self, dataset: Dataset):
        self._dataset = dataset

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._dataset.counts:
            raise KeyError(name)
        return self._dataset[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dataset.counts)

    def __len__(self) -> int:
        return len(self._dataset.counts)


def read_descriptor(directory: Path) -> tuple[dict | None, list[Problem]]:
    path = directory / DESCRIPTOR
    if not path.is_file():
        return None, [Problem(DESCRIPTOR, f"file not found in {directory}")]
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [Problem(DESCRIPTOR, "not UTF-8 text")]
    except json.JSONDecodeError as exc:
        return None, [Problem(DESCRIPTOR, f"invalid JSON at line {exc.lineno}: {exc.msg}")]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [Problem(DESCRIPTOR, "must be a JSON object with a 'resources' list")]
    return descriptor, []


def check_resources(descriptor: dict, open_resource: Callable[[dict, list[str]], tuple[TableSource | None,
                    list[Problem]]]) -> tuple[dict[str, pd.DataFrame] | None, list[Problem]]:
    """Check every table of a (valid) descriptor, each read once through `open_resource(resource,
    field names) -> (TableSource or None, problems)`: files (:func:`data.readers.open_table`) or a
    database (:mod:`data.postgres`) go through the same checks. Returns (typed frames, []) or
    (None, problems)."""
    resources = descriptor["resources"]
    log = ProblemLog()
    results: dict = {}
    failed: dict[str, str] = {}
    for resource in resources:
        names = [f["name"] for f in resource["schema"]["fields"]]
        source, opening = open_resource(resource, names)
        for problem in opening:
            log.add(problem)
        if source is None:
            results[resource["name"]] = None
            missing = opening and opening[0].reason in ("file not found", "table not found")
            failed[resource["name"]] = "is missing" if missing else "could not be read"
            continue
        results[resource["name"]] = check_table(resource, source, log)
        release_memory()
        if results[resource["name"]] is None:
            failed[resource["name"]] = "could not be read"
    check_foreign_keys(resources, results, failed, log)
    if log.has_problems():
        order = [r["path"] for r in resources]
        columns = {r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in resources}
        return None, log.problems(order, columns)
    return {r["name"]: results[r["name"]].frame for r in resources}, []


def _check(directory: Path) -> tuple[dict | None, dict[str, pd.DataFrame] | None, str | None, list[Problem]]:
    """Validate and load in one pass: (descriptor, tables, version, problems)."""
    descriptor, problems = read_descriptor(directory)
    if problems:
        return None, None, None, problems
    problems = check_descriptor(descriptor)
    if problems:
        return descriptor, None, None, problems
    digest = hashlib.sha256((directory / DESCRIPTOR).read_bytes())

    def open_file(resource: dict, names: list[str]):
        digest.update(b"\0" + resource["path"].encode() + b"\0")
        return open_table(directory, resource, names, digest)

    tables, problems = check_resources(descriptor, open_file)
    if problems:
        return descriptor, None, None, problems
    return descriptor, tables, digest.hexdigest()[:12], []


def _file_version(directory: Path, descriptor: dict) -> str | None:
    """The content version of a package folder (the digest :func:`_check` computes while reading), or
    None when a file is missing or larger than the readers take (then :func:`_check` says why)."""
    paths = [directory / DESCRIPTOR]
    for resource in descriptor["resources"]:
        path = directory / str(resource.get("path", ""))
        try:
            if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
                return None
        except OSError:
            return None
        paths.append(path)
    digest = hashlib.sha256(paths[0].read_bytes())
    for resource, path in zip(descriptor["resources"], paths[1:], strict=True):
        digest.update(b"\0" + str(resource["path"]).encode() + b"\0")
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()[:12]


def validate_package(directory: str | Path) -> list[Problem]:
    """Validate the package against its own schemas. Returns every problem found (rows beyond the
    first few of one kind in one column are counted, not listed)."""
    return _check(Path(directory))[3]


def open_dataset(descriptor: dict, version: str, *, directory: Path | None, source: str = "files",
                 store_root: Path | None = None) -> Dataset:
    """The Dataset of a version whose store exists."""
    path = store.path_of(version, store_root)
    store.touch(path)
    counts = {r["name"]: int(store.rows(path, f'SELECT count(*) FROM "{r["name"]}"')[0][0])
              for r in descriptor["resources"]}
    return Dataset(version=version, updated=str(descriptor.get("updated", "")),
                   title=str(descriptor.get("title", "")), descriptor=descriptor, directory=directory,
                   store=path, counts=counts, source=source)


def build_dataset(descriptor: dict, tables: dict[str, pd.DataFrame], version: str, *,
                  directory: Path | None, source: str = "files", store_root: Path | None = None) -> Dataset:
    """Write validated tables to the version's store (unless another process did) and open it."""
    store.build(version, tables, store_root)  # drops the frames as it writes them
    return open_dataset(descriptor, version, directory=directory, source=source, store_root=store_root)


def load_dataset(directory: str | Path | None = None, *, store_root: Path | None = None) -> Dataset:
    """Validate and load the package into its store. Raises DataPackageError listing every problem.
    A version whose store exists on this host (validated and written by another process, or an
    earlier start) is opened without reading its tables again."""
    directory = Path(directory) if directory else BUNDLED_DIR
    descriptor, problems = read_descriptor(directory)
    if not problems and not check_descriptor(descriptor):
        version = _file_version(directory, descriptor)
        if version is not None and store.exists(version, store_root):
            try:
                return open_dataset(descriptor, version, directory=directory, store_root=store_root)
            except Exception:  # noqa: BLE001 - a damaged store is built again
                store.remove(version, store_root)
    descriptor, tables, version, problems = _check(directory)
    if problems:
        raise DataPackageError(directory, problems)
    return build_dataset(descriptor, tables, version, directory=directory, store_root=store_root)
