"""What the running app serves: the dataset and the default language. app.py sets both once at
start-up; pages read them here.

Pages never read files: they call `get_dataset()`.
"""
from __future__ import annotations

from data import Dataset

_dataset: Dataset | None = None
_default_lang = "da"


def set_dataset(dataset: Dataset) -> None:
    global _dataset
    _dataset = dataset


def get_dataset() -> Dataset:
    if _dataset is None:
        raise RuntimeError("No dataset loaded: app.py must call set_dataset() at start-up")
    return _dataset


def set_default_lang(lang: str) -> None:
    """The language of a page without `lang=` (OPS_LANG)."""
    global _default_lang
    _default_lang = lang


def default_lang() -> str:
    return _default_lang
