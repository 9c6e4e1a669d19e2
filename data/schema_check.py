"""Check tables against the Table Schemas of ``datapackage.json`` and build the typed frames.

The descriptor itself is validated by frictionless (its metadata: names, types, keys), plus the
checks below need (supported types and constraints, foreign keys that point somewhere). The rows
are checked here, vectorised (pyarrow compute on each batch of text cells), with the messages
frictionless' checks gave: types, ``required``, ``unique``, ``enum``, ``minimum``/``maximum``,
``pattern``, ``minLength``/``maxLength``, the primary key (its fields are required and unique
together) and foreign keys (to other tables and to the table itself). The same pass builds the
typed columns, so a table is read once.

Typed frames: integer and year -> ``Int64``, number -> ``Float64``, boolean -> ``boolean``,
string -> ``string`` (pyarrow-backed, pd.NA for missing). They are written to the version's store
(:mod:`data.store`) and dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.problems import ROW_LIMIT, Problem, ProblemLog
from data.readers import Dialect, TableSource, release_memory

DESCRIPTOR = "datapackage.json"
PANDAS_TYPES = {"integer": "Int64", "year": "Int64", "number": "Float64", "boolean": "boolean", "string": "string"}
SUPPORTED_CONSTRAINTS = {"required", "unique", "enum", "minimum", "maximum", "pattern", "minLength", "maxLength"}
DEFAULT_TRUE = ["true", "True", "TRUE", "1"]
DEFAULT_FALSE = ["false", "False", "FALSE", "0"]
CELL_SHOWN = 80  # longer cells are cut in messages

_INTEGER = r"^[+-]?\d{1,18}$"
_NUMBER = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?$"
_DK_GROUPED = r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$"  # 1.234.567 or 1.234,5: '.' groups thousands
_DK_AMBIGUOUS = r"^[+-]?\d{1,3}\.\d{3}$"  # 1.234: thousands or decimals?
_DOT_DECIMAL = r"^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?$"
_SCIENTIFIC = r"[eE][+-]?\d+$"


def _fields(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def pandas_dtype(spec: dict) -> str:
    return PANDAS_TYPES[spec.get("type", "string")]


# ---------------------------------------------------------------- the descriptor
def check_descriptor(descriptor: dict) -> list[Problem]:
    """Problems of the descriptor: frictionless' metadata validation, then what this checker needs."""
    problems = []
    names = []
    for resource in descriptor["resources"]:
        if not isinstance(resource, dict):
            problems.append(Problem(DESCRIPTOR, "every entry of 'resources' must be an object"))
            continue
        name = resource.get("name")
        names.append(name)
        path = resource.get("path")
        if not isinstance(path, str) or "/" in path or "\\" in path or path.startswith("."):
            problems.append(Problem(
                DESCRIPTOR, f"resource {name!r}: path must be a file name in the package folder"))
        elif not path.lower().endswith((".csv", ".xlsx")):
            problems.append(Problem(DESCRIPTOR, f"resource {name!r}: path must end in .csv or .xlsx ({path!r})"))
        schema = resource.get("schema")
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            problems.append(Problem(DESCRIPTOR, f"resource {name!r}: needs a schema with a list of fields"))
    if problems:
        return problems
    dupes = [n for n, c in Counter(names).items() if c > 1]
    if dupes:
        return [Problem(DESCRIPTOR, f"resource name {n!r} is declared more than once") for n in dupes]
    from frictionless import Package  # imported lazily: heavy

    try:
        report = Package.validate_descriptor(descriptor)
    except Exception as exc:  # noqa: BLE001 - frictionless raises on some malformed descriptors
        return [Problem(DESCRIPTOR, f"invalid package descriptor: {exc}")]
    if not report.valid:
        return [Problem(DESCRIPTOR, f"invalid package descriptor: {e.message}") for e in report.errors]
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        name, schema = resource["name"], resource["schema"]
        declared = {f["name"] for f in schema["fields"]}
        for spec in schema["fields"]:
            kind = spec.get("type", "string")
            if kind not in PANDAS_TYPES:
                problems.append(Problem(DESCRIPTOR, f"resource {name!r}, field {spec['name']!r}: type {kind!r} is not "
                                                    f"supported by OPS Monitor (use one of {', '.join(PANDAS_TYPES)})"))
            if spec.get("format", "default") != "default":
                problems.append(Problem(DESCRIPTOR, f"resource {name!r}, field {spec['name']!r}: format "
                                                    f"{spec['format']!r} is not supported (remove it)"))
            for key in set(spec.get("constraints", {})) - SUPPORTED_CONSTRAINTS:
                problems.append(Problem(DESCRIPTOR, f"resource {name!r}, field {spec['name']!r}: constraint "
                                                    f"{key!r} is not supported"))
            pattern = spec.get("constraints", {}).get("pattern")
            if pattern is not None:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    problems.append(Problem(DESCRIPTOR, f"resource {name!r}, field {spec['name']!r}: pattern "
                                                        f"{pattern!r} is not a valid regular expression ({exc})"))
        for fk in schema.get("foreignKeys", []):
            fields = _fields(fk.get("fields"))
            ref = fk.get("reference", {})
            target = ref.get("resource", "") or name
            ref_fields = _fields(ref.get("fields"))
            where = f"resource {name!r}, foreign key {', '.join(fields)}"
            if target not in by_name:
                problems.append(Problem(DESCRIPTOR, f"{where}: refers to resource {target!r}, which is not declared"))
                continue
            if len(fields) != len(ref_fields):
                problems.append(Problem(DESCRIPTOR, f"{where}: {len(fields)} field(s) refer to {len(ref_fields)}"))
            unknown = [f for f in fields if f not in declared]
            target_fields = {f["name"] for f in by_name[target]["schema"]["fields"]}
            unknown_ref = [f for f in ref_fields if f not in target_fields]
            if unknown or unknown_ref:
                problems.append(Problem(DESCRIPTOR, f"{where}: unknown field(s) {', '.join(unknown + unknown_ref)}"))
    return problems


# ---------------------------------------------------------------- one table
@dataclass
class TableResult:
    frame: pd.DataFrame
    rows: np.ndarray | None  # spreadsheet row of each frame row; None: row i is i + 2
    present: set[str] = field(default_factory=set)  # declared columns found in the file
    incomplete: bool = False  # rows were left out: a key missing here is not proof of an unknown key

    def row_of(self, pos: int) -> int:
        return int(self.rows[pos]) if self.rows is not None else pos + 2


def _shown(cell) -> str:
    text = str(cell)
    return text if len(text) <= CELL_SHOWN else text[:CELL_SHOWN] + "…"


def _match(arr: pa.Array, pattern: str) -> pa.Array:
    return pc.fill_null(pc.match_substring_regex(arr, pattern), False)


def _np(mask: pa.Array) -> np.ndarray:
    return mask.to_numpy(zero_copy_only=False)


class _Column:
    """The checks and the typed chunks of one declared column."""

    def __init__(self, resource: dict, spec: dict, file: str, dialect: Dialect, log: ProblemLog,
                 required: bool):
        self.spec, self.file, self.dialect, self.log = spec, file, dialect, log
        self.name = spec["name"]
        self.kind = spec.get("type", "string")
        c = spec.get("constraints", {})
        self.required = required or bool(c.get("required"))
        self.constraints = c
        self.chunks: list = []
        self.masks: list[np.ndarray] = []
        missing = resource["schema"].get("missingValues", [""])
        self.missing = [m for m in missing if m != ""]
        self.pattern = None
        if "pattern" in c and self.kind == "string":
            self.pattern = f"^(?:{c['pattern']})$"
            try:
                pc.match_substring_regex(pa.array(["x"]), self.pattern)
            except pa.ArrowInvalid:  # not RE2 syntax: Python's re, slower
                self.pattern = re.compile(c["pattern"])

    def _rows(self, kind: str, mask: np.ndarray, rows: np.ndarray, reason) -> None:
        positions = np.flatnonzero(mask)
        if len(positions):
            self.log.add_rows(self.file, self.name, kind, positions, lambda p: rows[p], reason)

    def feed(self, arr: pa.Array, rows: np.ndarray) -> None:
        if self.missing:
            arr = pc.if_else(pc.is_in(arr, value_set=pa.array(self.missing, pa.string())),
                             pa.scalar(None, pa.string()), arr)
        present = _np(arr.is_valid())
        if self.required:
            self._rows("missing required value", ~present, rows, lambda p: "missing required value")
        c = self.constraints
        cell = arr  # the text as written, for messages
        if self.kind == "string":
            ok = present
            values = arr
            self._string_constraints(arr, present, rows)
        elif self.kind == "boolean":
            true = self.spec.get("trueValues", DEFAULT_TRUE)
            false = self.spec.get("falseValues", DEFAULT_FALSE)
            is_true = _np(pc.fill_null(pc.is_in(arr, value_set=pa.array(true, pa.string())), False))
            is_false = _np(pc.fill_null(pc.is_in(arr, value_set=pa.array(false, pa.string())), False))
            ok = is_true | is_false
            self._rows("not a valid boolean", present & ~ok, rows,
                       lambda p: f"'{_shown(cell[p].as_py())}' is not a valid boolean")
            values = is_true
        else:
            values, ok = self._numbers(arr, present, rows)
            if "minimum" in c:
                self._rows(f"out of range (constraint minimum is {c['minimum']})", ok & (values < c["minimum"]), rows,
                           lambda p: f"'{_shown(cell[p].as_py())}' is out of range (constraint minimum is "
                                     f"{c['minimum']})")
            if "maximum" in c:
                self._rows(f"out of range (constraint maximum is {c['maximum']})", ok & (values > c["maximum"]), rows,
                           lambda p: f"'{_shown(cell[p].as_py())}' is out of range (constraint maximum is "
                                     f"{c['maximum']})")
            if "enum" in c:
                allowed = np.array([float(v) for v in c["enum"]])
                self._rows("not an allowed value", ok & ~np.isin(values, allowed), rows,
                           lambda p: f"'{_shown(cell[p].as_py())}' is not an allowed value "
                                     f"(allowed: {', '.join(map(str, c['enum']))})")
        self._keep(values, ok)

    def _string_constraints(self, arr: pa.Array, present: np.ndarray, rows: np.ndarray) -> None:
        c = self.constraints
        if "enum" in c:
            allowed = pa.array([str(v) for v in c["enum"]], pa.string())
            bad = present & ~_np(pc.fill_null(pc.is_in(arr, value_set=allowed), False))
            self._rows("not an allowed value", bad, rows,
                       lambda p: f"'{_shown(arr[p].as_py())}' is not an allowed value "
                                 f"(allowed: {', '.join(map(str, c['enum']))})")
        if self.pattern is not None:
            if isinstance(self.pattern, str):
                matches = _np(_match(arr, self.pattern))
            else:
                matches = np.array([v is None or bool(self.pattern.fullmatch(v)) for v in arr.to_pylist()])
            self._rows(f"breaks constraint pattern is {c['pattern']}", present & ~matches, rows,
                       lambda p: f"'{_shown(arr[p].as_py())}' breaks constraint pattern is {c['pattern']}")
        if "minLength" in c or "maxLength" in c:
            length = _np(pc.fill_null(pc.utf8_length(arr), 0))
            if "minLength" in c:
                self._rows(f"shorter than {c['minLength']} characters", present & (length < c["minLength"]), rows,
                           lambda p: f"'{_shown(arr[p].as_py())}' breaks constraint minLength is {c['minLength']}")
            if "maxLength" in c:
                self._rows(f"longer than {c['maxLength']} characters", present & (length > c["maxLength"]), rows,
                           lambda p: f"'{_shown(arr[p].as_py())}' breaks constraint maxLength is {c['maxLength']}")

    def _numbers(self, arr: pa.Array, present: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Values (int64 or float64, 0 where not valid) and the mask of valid cells."""
        integer = self.kind in ("integer", "year")
        label = self.kind
        text = arr
        odd = np.zeros(len(arr), dtype=bool)
        if self.dialect.decimal == ",":
            grouped = _match(arr, _DK_GROUPED)
            ambiguous = _np(_match(arr, _DK_AMBIGUOUS))
            dot_decimal = _np(_match(arr, _DOT_DECIMAL)) & ~ambiguous
            text = pc.if_else(grouped, pc.replace_substring(arr, ".", ""), arr)
            text = pc.replace_substring(text, ",", ".")
            self._rows("ambiguous '.' in a semicolon-separated file", ambiguous, rows,
                       lambda p: f"'{arr[p].as_py()}' is ambiguous in a semicolon-separated (Danish) file: '.' "
                                 "may group thousands or mark decimals; write the number without '.', and "
                                 "decimals with ',' (e.g. 1234 or 1,234)")
            self._rows("'.' as decimal mark in a semicolon-separated file", dot_decimal, rows,
                       lambda p: f"'{arr[p].as_py()}' is not a valid {label} in a semicolon-separated (Danish) "
                                 "file, where the decimal mark is ',' (e.g. 12,5)")
            odd = ambiguous | dot_decimal
        text = pc.replace_substring_regex(text, r"^\+", "")
        ok = _np(_match(text, _INTEGER if integer else _NUMBER)) & ~odd
        scientific = _np(_match(arr, _SCIENTIFIC)) if integer else np.zeros(len(arr), dtype=bool)

        def invalid(p: int) -> str:
            reason = f"'{_shown(arr[p].as_py())}' is not a valid {label}"
            if scientific[p]:
                reason += " (written in scientific notation: give the cells a number format with 0 decimals)"
            return reason

        self._rows(f"not a valid {label}", present & ~ok & ~odd, rows, invalid)
        clean = pc.if_else(pa.array(ok), text, pa.scalar(None, pa.string()))
        target = pa.int64() if integer else pa.float64()
        try:
            typed = pc.cast(clean, target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # a form the regex allows, arrow does not
            kind = int if integer else float
            typed = pa.array([None if v is None else kind(v) for v in clean.to_pylist()], target)
        values = pc.fill_null(typed, 0).to_numpy(zero_copy_only=False)
        return values, ok

    def _keep(self, values, ok: np.ndarray) -> None:
        if self.kind == "string":
            self.chunks.append(values)
        else:
            self.chunks.append(values)
            self.masks.append(~ok)

    def finish(self, n: int) -> pd.api.extensions.ExtensionArray:
        if self.kind == "string":
            chunked = pa.chunked_array(self.chunks, type=pa.string())
            self.chunks = []
            return pd.array(chunked, dtype="string")
        values = np.concatenate(self.chunks) if self.chunks else np.array([], dtype=np.int64)
        mask = np.concatenate(self.masks) if self.masks else np.array([], dtype=bool)
        self.chunks, self.masks = [], []
        if self.kind == "boolean":
            return pd.arrays.BooleanArray(values.astype(bool), mask)
        if self.kind == "number":
            return pd.arrays.FloatingArray(values.astype(np.float64, copy=False), mask)
        return pd.arrays.IntegerArray(values.astype(np.int64, copy=False), mask)


def check_table(resource: dict, source: TableSource, log: ProblemLog) -> TableResult | None:
    """Check every row of `source` against the resource's schema; the typed frame, or None if the
    rows could not be checked (a header that cannot be matched)."""
    file = resource["path"]
    schema = resource["schema"]
    specs = schema["fields"]
    declared = [f["name"] for f in specs]
    header = source.header
    counts = Counter(header)
    dupes = [n for n, c in counts.items() if c > 1]
    for name in dupes:
        at = [i + 1 for i, h in enumerate(header) if h == name]
        what = f"column '{name}'" if name else "an empty column name"
        log.add(Problem(file, f"{what} appears more than once in the header (columns "
                              f"{', '.join(map(str, at))}); every column needs its own name", 1, name or None))
    match = schema.get("fieldsMatch", "exact")
    missing = [n for n in declared if n not in counts]
    extra = [(i + 1, h) for i, h in enumerate(header) if h not in declared]
    if match in ("exact", "equal", "superset"):
        for name in missing:
            near = [h for h in header if h.strip(" \t\ufeff\xa0").lower() == name.lower()]
            hint = f" (the header has '{near[0]}': names must match exactly)" if near else ""
            log.add(Problem(file, f"missing column declared in datapackage.json{hint}", None, name))
    elif match in ("subset", "partial"):
        for name in missing:
            spec = specs[declared.index(name)]
            if spec.get("constraints", {}).get("required"):
                log.add(Problem(file, "missing column declared in datapackage.json (its values are required)",
                                None, name))
        if match == "partial" and len(missing) == len(declared):
            log.add(Problem(file, "none of the columns declared in datapackage.json is in the header"))
    if match in ("exact", "equal", "subset"):
        for pos, name in extra:
            label = f"extra column '{name}'" if name else "a column without a name"
            log.add(Problem(file, f"column or cell not declared in the schema ({label} in the header, "
                                  f"column {pos})", None, name or None))
    if match == "exact" and not missing and not extra and header != declared:
        log.add(Problem(file, "the columns are not in the order declared in datapackage.json "
                              f"({', '.join(declared)})"))
    if dupes:
        for _ in source.batches():  # read to the end for the file's own problems, checks nothing
            pass
        for p in source.problems:
            log.add(p)
        return None

    pk = _fields(schema.get("primaryKey"))
    columns = {spec["name"]: _Column(resource, spec, file, source.dialect, log, spec["name"] in pk)
               for spec in specs if spec["name"] in counts}
    row_chunks: list[np.ndarray] | None = None  # kept only once a row was left out (rows are not i + 2)
    n = 0
    pool = pa.default_memory_pool()
    for batch in source.batches():
        rows = batch.rows
        if row_chunks is None and len(rows) and (rows[0] != n + 2 or rows[-1] != n + len(rows) + 1):
            row_chunks = [np.arange(2, n + 2, dtype=np.int64)]  # rows increase: first and last tell
        if row_chunks is not None:
            row_chunks.append(rows)
        n += len(rows)
        for name, column in columns.items():
            column.feed(batch.data.column(name), rows)
        del batch
        pool.release_unused()  # the batch's cells, freed: its memory is not kept for the next one
    for p in source.problems:
        log.add(p)
    result_rows = None if row_chunks is None else np.concatenate(row_chunks)
    data = {}
    for spec in specs:
        name = spec["name"]
        if name in columns:
            data[name] = pd.Series(columns.pop(name).finish(n), copy=False)
            release_memory()  # the column's chunks, freed: the next column's arrays can take their place
        else:
            dtype = pandas_dtype(spec)
            data[name] = pd.Series(pd.NA, index=pd.RangeIndex(n), dtype=dtype)
    frame = pd.DataFrame(data, copy=False)
    result = TableResult(frame, result_rows, {n for n in declared if n in counts}, source.incomplete)
    _check_unique(resource, result, log)
    return result


def _check_unique(resource: dict, result: TableResult, log: ProblemLog) -> None:
    schema = resource["schema"]
    file = resource["path"]
    frame = result.frame
    pk = [f for f in _fields(schema.get("primaryKey")) if f in result.present]
    single = [f["name"] for f in schema["fields"]
              if f.get("constraints", {}).get("unique") and f["name"] in result.present]
    if len(pk) == 1 and pk[0] not in single:
        single.append(pk[0])
    for name in single:
        column = frame[name]
        if _all_distinct(column):
            continue
        key = "key" if pk == [name] else "value"
        _report_duplicates(log, file, name, column.to_frame(), result, key)
    if len(pk) > 1 and len(pk) == len(_fields(schema.get("primaryKey"))):
        part = frame[pk]
        complete = part.notna().all(axis=1)
        if part[complete].duplicated().any():
            _report_duplicates(log, file, ", ".join(pk), part, result, "key", skip=~complete.to_numpy())


def _all_distinct(column: pd.Series) -> bool:
    """Whether the non-null values of a column are all different (counted by pyarrow)."""
    values = _arrow(column)
    if values.null_count:
        values = values.drop_null()
    if len(values) < 2:
        return True
    # Sorting needs far less memory than a hash table of a million strings.
    ordered = values.take(pc.sort_indices(values))
    return not pc.any(pc.equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1))).as_py()


def _report_duplicates(log: ProblemLog, file: str, column: str, part: pd.DataFrame, result: TableResult,
                       key: str, skip: np.ndarray | None = None) -> None:
    valid = part.notna().all(axis=1).to_numpy().copy()
    if skip is not None:
        valid &= ~skip
    dup = part.duplicated(keep="first").to_numpy() & valid
    positions = np.flatnonzero(dup)
    listed = positions[:ROW_LIMIT]
    keys = pd.MultiIndex.from_frame(part.astype(object))
    wanted = list({keys[p] for p in listed})
    firsts = {}
    for pos in np.flatnonzero(valid & ~dup & keys.isin(wanted)):
        firsts.setdefault(keys[pos], pos)
    log.add_rows(file, column, f"duplicate {key}", positions, result.row_of,
                 lambda p: f"duplicate {key} (the same as in row {result.row_of(firsts[keys[p]])})")


# ---------------------------------------------------------------- across tables
def _arrow_values(values) -> pa.Array | pa.ChunkedArray:
    """A pyarrow array of a pandas array/Index, for pyarrow compute (no copy for arrow-backed data:
    a chunked column is not joined into one array)."""
    return pa.array(values.array if hasattr(values, "array") else values)


def _arrow(series: pd.Series) -> pa.Array | pa.ChunkedArray:
    """The values of a loaded column as a pyarrow array."""
    if str(series.dtype) == "string":
        return _arrow_values(series)
    return pa.array(series.to_numpy(dtype=object, na_value=None))


def check_foreign_keys(resources: list[dict], results: dict[str, TableResult | None],
                       failed: dict[str, str], log: ProblemLog) -> None:
    """Every foreign key value must be found in the referenced table. `failed` maps the tables that
    could not be read to why ("is missing" / "could not be read")."""
    for resource in resources:
        name, file = resource["name"], resource["path"]
        result = results.get(name)
        if result is None:
            continue
        told = set()
        for fk in resource["schema"].get("foreignKeys", []):
            fields = _fields(fk["fields"])
            ref = fk["reference"]
            target = ref.get("resource", "") or name
            label = ref.get("resource") or "this table"
            parent = results.get(target)
            if parent is None:
                if target in failed and target not in told and target != name:
                    told.add(target)
                    target_file = next(r["path"] for r in resources if r["name"] == target)
                    log.add(Problem(file, f"not checked: the table it refers to, {target_file}, {failed[target]}"))
                continue
            ref_fields = _fields(ref["fields"])
            if parent.incomplete and target != name:
                if target not in told:
                    told.add(target)
                    target_file = next(r["path"] for r in resources if r["name"] == target)
                    log.add(Problem(file, f"not checked: the table it refers to, {target_file}, "
                                          "has rows that could not be read"))
                continue
            if not set(fields) <= result.present or not set(ref_fields) <= parent.present:
                continue
            child = result.frame
            if len(fields) == 1:
                values = child[fields[0]]
                keys = _arrow(parent.frame[ref_fields[0]])
                column = _arrow(values)
                bad = _np(pc.and_not(column.is_valid(), pc.fill_null(pc.is_in(column, value_set=keys), False)))
                shown = lambda p, v=values: _shown(v.iloc[p])  # noqa: E731
            else:
                sub = child[fields]
                complete = sub.notna().all(axis=1).to_numpy()
                known = pd.MultiIndex.from_frame(parent.frame[ref_fields].dropna())
                bad = complete & ~pd.MultiIndex.from_frame(sub.astype(object)).isin(known)
                shown = lambda p, s=sub: ", ".join(_shown(v) for v in s.iloc[p])  # noqa: E731
            positions = np.flatnonzero(bad)
            if len(positions):
                log.add_rows(file, ", ".join(fields), f"unknown key, not found in {label}", positions,
                             result.row_of,
                             lambda p, shown=shown, label=label: f"unknown key '{shown(p)}': not found in {label}")
    release_memory()  # the hash tables of the keys: returned before the frames are used
