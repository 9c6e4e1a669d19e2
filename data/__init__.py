"""Data layer of OPS Monitor: the curated data package, its validation and the queries.

Pandas only; this package never imports Dash.
"""

from data.filters import Filters
from data.package import (
    BUNDLED_DIR,
    DataPackageError,
    Dataset,
    Problem,
    load_dataset,
    validate_package,
)

__all__ = [
    "BUNDLED_DIR",
    "DataPackageError",
    "Dataset",
    "Filters",
    "Problem",
    "load_dataset",
    "validate_package",
]
