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
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data.problems import Problem, ProblemLog
from data.readers import open_table, release_memory
from data.schema_check import PANDAS_TYPES, check_descriptor, check_foreign_keys, check_table

BUNDLED_DIR = Path(__file__).resolve().parent
DESCRIPTOR = "datapackage.json"

# Table Schema type -> pandas dtype of the loaded frame (string fields with an enum or a foreign
# key to another table are "category" instead: data.schema_check.categorical_fields).
_PANDAS_TYPES = PANDAS_TYPES

__all__ = ["BUNDLED_DIR", "DESCRIPTOR", "DataPackageError", "Dataset", "Problem", "content_version",
           "load_dataset", "read_descriptor", "validate_package"]


class DataPackageError(Exception):
    """The package is invalid; `problems` lists every problem found."""

    def __init__(self, directory: Path, problems: list[Problem]):
        self.directory = directory
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data package at {directory}")


@dataclass(frozen=True, eq=False)
class Dataset:
    """A validated, loaded data package. Immutable; equal (and hashed) by content version."""

    tables: dict[str, pd.DataFrame]
    version: str
    updated: str
    title: str
    descriptor: dict = field(repr=False)
    directory: Path | None = None

    def __hash__(self) -> int:
        return hash(self.version)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dataset) and other.version == self.version

    def row_counts(self) -> dict[str, int]:
        return {name: len(df) for name, df in self.tables.items()}

    @property
    def synthetic(self) -> bool:
        return bool(self.descriptor.get("synthetic", False))

    def schema(self, table: str) -> dict:
        for resource in self.descriptor["resources"]:
            if resource["name"] == table:
                return resource["schema"]
        raise KeyError(table)

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.tables[table]


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


def content_version(directory: Path, descriptor: dict) -> str:
    """A short hash of the descriptor and every resource file, in declared order."""
    digest = hashlib.sha256((directory / DESCRIPTOR).read_bytes())
    for resource in descriptor["resources"]:
        digest.update(b"\0" + resource["path"].encode() + b"\0")
        digest.update((directory / resource["path"]).read_bytes())
    return digest.hexdigest()[:12]


def _check(directory: Path) -> tuple[dict | None, dict[str, pd.DataFrame] | None, str | None, list[Problem]]:
    """Validate and load in one pass: (descriptor, tables, version, problems)."""
    descriptor, problems = read_descriptor(directory)
    if problems:
        return None, None, None, problems
    problems = check_descriptor(descriptor)
    if problems:
        return descriptor, None, None, problems
    resources = descriptor["resources"]
    digest = hashlib.sha256((directory / DESCRIPTOR).read_bytes())
    log = ProblemLog()
    results: dict = {}
    failed: dict[str, str] = {}
    for resource in resources:
        names = [f["name"] for f in resource["schema"]["fields"]]
        digest.update(b"\0" + resource["path"].encode() + b"\0")
        source, opening = open_table(directory, resource, names, digest)
        for problem in opening:
            log.add(problem)
        if source is None:
            results[resource["name"]] = None
            missing = opening and opening[0].reason == "file not found"
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
        return descriptor, None, None, log.problems(order, columns)
    tables = {r["name"]: results[r["name"]].frame for r in resources}
    return descriptor, tables, digest.hexdigest()[:12], []


def validate_package(directory: str | Path) -> list[Problem]:
    """Validate the package against its own schemas. Returns every problem found (rows beyond the
    first few of one kind in one column are counted, not listed)."""
    return _check(Path(directory))[3]


def load_dataset(directory: str | Path | None = None) -> Dataset:
    """Validate and load the package. Raises DataPackageError listing every problem."""
    directory = Path(directory) if directory else BUNDLED_DIR
    descriptor, tables, version, problems = _check(directory)
    if problems:
        raise DataPackageError(directory, problems)
    return Dataset(
        tables=tables,
        version=version,
        updated=str(descriptor.get("updated", "")),
        title=str(descriptor.get("title", "")),
        descriptor=descriptor,
        directory=directory,
    )
