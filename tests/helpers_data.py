"""Helpers for tests of the bundled data package: reading it, breaking a copy of it, and building its
charts on the dataset being served."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from data import BUNDLED_DIR


def copy_package(dst: Path) -> Path:
    target = dst / "pkg"
    shutil.copytree(BUNDLED_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, rows: list[dict], fieldnames: list[str] | None = None) -> None:
    fieldnames = fieldnames or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)


def set_cell(pkg: Path, table: str, key_col: str, key: str, column: str, value: str) -> int:
    """Set one cell; returns the spreadsheet row number (header = 1) of the changed row."""
    path = pkg / f"{table}.csv"
    rows = read_rows(path)
    for i, row in enumerate(rows):
        if row[key_col] == key:
            row[column] = value
            write_rows(path, rows)
            return i + 2
    raise KeyError(key)


def read(name: str) -> list[dict]:
    """The rows of one of the bundled package's CSV tables, as text."""
    return read_rows(BUNDLED_DIR / f"{name}.csv")


def build(chart_id: str, f=None, lang: str = "da"):
    """The ChartData of a registered chart on the dataset being served (data.current)."""
    from charts.registry import CHARTS
    from data import Filters
    from data.current import get_dataset

    return CHARTS[chart_id].build(get_dataset(), f if f is not None else Filters(), lang)


def summary(chart_id: str, f=None, lang: str = "da") -> str:
    from charts.registry import CHARTS

    return CHARTS[chart_id].summary(build(chart_id, f, lang), lang)
