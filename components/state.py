"""The dataset the running app serves. app.py sets it once at start-up; pages read it here.

Pages never read files: they call `get_dataset()`.
"""
from __future__ import annotations

from data import Dataset

_dataset: Dataset | None = None


def set_dataset(dataset: Dataset) -> None:
    global _dataset
    _dataset = dataset


def get_dataset() -> Dataset:
    if _dataset is None:
        raise RuntimeError("No dataset loaded: app.py must call set_dataset() at start-up")
    return _dataset
