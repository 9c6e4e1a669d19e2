"""The difference between two versions of the data, table by table and row by primary key: the rows
added, the rows removed, and for a row in both, the columns whose value changed. What the change
means in words is written by i18n/changes.py; `python -m data diff OLD NEW` prints it.

Values are compared as the package declares them (typed by the Table Schema): 520 and 520.0 are
the same number, an empty cell and a missing one are the same "not reported".
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.package import Dataset

# The order changes are listed in: what board members look for first, code tables last.
TABLE_ORDER = ("projects", "figures", "programmes", "partnerships", "partnership_members", "spending", "sources",
               "regions", "sectors", "forms", "measures", "spending_categories")


@dataclass(frozen=True)
class Change:
    table: str
    kind: str  # "added" | "removed" | "changed"
    key: tuple  # the primary key's values
    old: dict | None  # the row in the old version (None: added)
    new: dict | None  # the row in the new version (None: removed)
    columns: tuple[str, ...] = ()  # for "changed": the columns whose value differs, in schema order


def primary_key(ds: Dataset, table: str) -> list[str]:
    for resource in ds.descriptor.get("resources", []):
        if resource.get("name") == table:
            key = resource.get("schema", {}).get("primaryKey", [])
            return [key] if isinstance(key, str) else list(key)
    return []


def _table(ds: Dataset, table: str) -> pd.DataFrame | None:
    return ds[table] if table in ds.counts else None


def _plain(value):
    """A cell as a plain Python value; None for not reported."""
    if value is None or (not isinstance(value, list | tuple | dict) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _same(a, b) -> bool:
    a, b = _plain(a), _plain(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b


def _rows(frame: pd.DataFrame, key: list[str]) -> dict[tuple, dict]:
    records = frame.astype(object).to_dict("records")
    return {tuple(_plain(r[k]) for k in key): {c: _plain(v) for c, v in r.items()} for r in records}


def table_changes(old: Dataset, new: Dataset, table: str) -> list[Change]:
    """The changes of one table, in the new version's row order (removed rows in the old order, last)."""
    before, after = _table(old, table), _table(new, table)
    key = primary_key(new if after is not None else old, table)
    if not key:
        return []
    old_rows = _rows(before, key) if before is not None else {}
    new_rows = _rows(after, key) if after is not None else {}
    columns = list(after.columns if after is not None else before.columns)
    changes = []
    for k, row in new_rows.items():
        was = old_rows.get(k)
        if was is None:
            changes.append(Change(table, "added", k, None, row))
            continue
        differ = tuple(c for c in columns if c not in key and not _same(was.get(c), row.get(c)))
        if differ:
            changes.append(Change(table, "changed", k, was, row, differ))
    changes += [Change(table, "removed", k, row, None) for k, row in old_rows.items() if k not in new_rows]
    return changes


def diff(old: Dataset, new: Dataset) -> list[Change]:
    """Every change from `old` to `new`, table by table (TABLE_ORDER, then any other table)."""
    tables = [t for t in TABLE_ORDER if t in old.counts or t in new.counts]
    tables += sorted((set(old.counts) | set(new.counts)) - set(tables))
    return [change for table in tables for change in table_changes(old, new, table)]
