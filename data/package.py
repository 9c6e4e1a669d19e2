"""Load and validate the curated data package (a Frictionless Data Package).

`datapackage.json` is the single source of truth for tables and columns: validation is done by
the frictionless library against the Table Schemas declared there, and the typed DataFrames are
built from the same schemas. A package with any problem is refused whole; nothing is loaded
partially.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

BUNDLED_DIR = Path(__file__).resolve().parent
DESCRIPTOR = "datapackage.json"

# Table Schema type -> pandas dtype of the loaded frame (after validation).
_PANDAS_TYPES = {
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "string": "string",
    "year": "Int64",
}


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is (file, row, column) and why."""

    file: str
    reason: str
    row: int | None = None  # spreadsheet row: the header is row 1, the first data row is row 2
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.reason}"


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


_FOR_FIELD = re.compile(r'for "([^"]+)"')
_MISSING_FILE = re.compile(r"No such file or directory: '([^']+)'")


def _problem_from_error(resource_path: str, error) -> Problem:
    """Turn a frictionless error into a Problem naming file, row, column and reason."""
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None) or getattr(error, "label", None)
    kind = error.type
    note = error.note or error.message
    if kind == "foreign-key":
        names = getattr(error, "field_names", None) or _FOR_FIELD.findall(note)[:1]
        column = ", ".join(names) if names else None
        cells = getattr(error, "field_cells", None)
        ref = getattr(error, "reference_name", "") or "this table"
        value = ", ".join(str(c) for c in cells) if cells else "?"
        reason = f"unknown key '{value}': not found in {ref}"
    elif kind == "type-error":
        cell = getattr(error, "cell", "")
        reason = f"'{cell}' is not a valid {note.split('type is ')[-1].strip(chr(34)).split('/')[0]}"
    elif kind == "constraint-error":
        cell = getattr(error, "cell", "")
        if '"required"' in note:
            reason = "missing required value"
        elif '"minimum"' in note or '"maximum"' in note:
            reason = f"'{cell}' is out of range ({note.replace(chr(34), '')})"
        elif '"enum"' in note:
            reason = f"'{cell}' is not an allowed value ({note.split('is ', 1)[-1]})"
        else:
            reason = f"'{cell}' breaks {note.replace(chr(34), '')}"
    elif kind in ("primary-key", "unique-error"):
        reason = f"duplicate key ({note})"
    elif kind == "missing-label":
        reason = "missing column declared in datapackage.json"
    elif kind in ("extra-label", "extra-cell"):
        reason = f"column or cell not declared in the schema ({note})"
    elif kind == "blank-row":
        reason = "blank row"
    elif kind == "source-error" and "empty" in note:
        reason = "file is empty"
    elif kind == "scheme-error" and (missing := _MISSING_FILE.search(note)):
        name = Path(missing.group(1)).name
        if name != resource_path:
            return Problem(resource_path, f"not checked: the table it refers to, {name}, is missing")
        reason = "file not found"
    elif kind in ("source-error", "scheme-error", "encoding-error", "format-error"):
        reason = f"cannot read the file: {note}"
    else:
        reason = f"{kind}: {note}"
    return Problem(resource_path, reason, row, column)


def validate_package(directory: str | Path) -> list[Problem]:
    """Validate the package against its own schemas. Returns every problem found."""
    from frictionless import Package, system  # imported lazily: heavy

    directory = Path(directory)
    descriptor, problems = read_descriptor(directory)
    if problems:
        return problems
    for resource in descriptor["resources"]:
        path = resource.get("path")
        if not isinstance(path, str) or "/" in path or "\\" in path or path.startswith("."):
            problems.append(Problem(
                DESCRIPTOR, f"resource {resource.get('name')!r}: path must be a file name in the package folder"))
    if problems:
        return problems
    try:
        with system.use_context(trusted=False):
            package = Package(descriptor, basepath=str(directory))
            report = package.validate()
    except Exception as exc:  # frictionless raises FrictionlessException on bad descriptors
        return [Problem(DESCRIPTOR, f"invalid package descriptor: {exc}")]
    for error in report.errors:
        problems.append(Problem(DESCRIPTOR, error.note or error.message))
    paths = {r["name"]: r.get("path", r["name"]) for r in descriptor["resources"]}
    for task in report.tasks:
        path = paths.get(task.name, task.name)
        problems.extend(_problem_from_error(path, error) for error in task.errors)
    return list(dict.fromkeys(problems))  # one line per distinct problem, in order


def content_version(directory: Path, descriptor: dict) -> str:
    """A short hash of the descriptor and every resource file, in declared order."""
    digest = hashlib.sha256((directory / DESCRIPTOR).read_bytes())
    for resource in descriptor["resources"]:
        digest.update(b"\0" + resource["path"].encode() + b"\0")
        digest.update((directory / resource["path"]).read_bytes())
    return digest.hexdigest()[:12]


def _read_table(directory: Path, resource: dict) -> pd.DataFrame:
    fields = resource["schema"]["fields"]
    frame = pd.read_csv(
        directory / resource["path"],
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8-sig",
    )
    columns = {}
    for spec in fields:
        name = spec["name"]
        dtype = _PANDAS_TYPES.get(spec.get("type", "string"), "string")
        column = frame[name] if name in frame else pd.Series(pd.NA, index=frame.index)
        if dtype in ("Int64", "Float64"):
            column = pd.to_numeric(column).astype(dtype)
        elif dtype == "boolean":
            column = column.str.lower().map({"true": True, "false": False}).astype("boolean")
        else:
            column = column.astype("string")
        columns[name] = column
    return pd.DataFrame(columns, index=frame.index)


def load_dataset(directory: str | Path | None = None) -> Dataset:
    """Validate, then load the package. Raises DataPackageError listing every problem."""
    directory = Path(directory) if directory else BUNDLED_DIR
    problems = validate_package(directory)
    if problems:
        raise DataPackageError(directory, problems)
    descriptor, _ = read_descriptor(directory)
    tables = {r["name"]: _read_table(directory, r) for r in descriptor["resources"]}
    return Dataset(
        tables=tables,
        version=content_version(directory, descriptor),
        updated=str(descriptor.get("updated", "")),
        title=str(descriptor.get("title", "")),
        descriptor=descriptor,
        directory=directory,
    )
