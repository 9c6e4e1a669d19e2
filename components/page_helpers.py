"""What every page layout does first: read the dataset and the URL state."""

from __future__ import annotations

from components.state import get_dataset
from components.url_state import UrlState, parse_query
from data import Dataset


def page_state(query: dict) -> tuple[Dataset, UrlState, str]:
    ds = get_dataset()
    state = parse_query(query, ds)
    return ds, state, state.lang
