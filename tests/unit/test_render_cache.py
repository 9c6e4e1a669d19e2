"""Rendered pages are cached per (page, query, default language, data version): a second render of
the same view is read back, equal to a fresh render, and any change of view gets its own entry."""
from __future__ import annotations

import dash
import numpy as np
import pandas as pd
import pytest

from data import cache as data_cache
from data.current import get_dataset, set_default_lang
from server import render_cache


@pytest.fixture(scope="module")
def registry():
    import app  # noqa: F401  (registers and wraps the pages)

    return dash.page_registry


@pytest.fixture(autouse=True)
def fresh_cache():
    data_cache.configure(None)
    yield
    data_cache.configure(None)


def test_every_page_is_wrapped_once(registry):
    wrapped = {m for m, p in registry.items() if getattr(p["layout"], "_ops_render_cached", False)}
    assert wrapped == {m for m, p in registry.items() if callable(p["layout"])}
    assert {"pages.home", "pages.sources", "pages.embed_chart", "pages.project_detail"} <= wrapped
    assert render_cache.cache_page_layouts(registry) == []  # a second call wraps nothing again


def test_a_rejected_newer_version_changes_every_key(registry, monkeypatch):
    """The sources page reports a rejected newer version of the data (live reload): a page cached
    before the rejection is not served after it."""
    from data.live import Rejection

    before = render_cache.page_key("pages.sources", {})
    monkeypatch.setattr(render_cache, "rejection", lambda: Rejection((), ("x.csv: bad",), 1.0))
    assert render_cache.page_key("pages.sources", {}) != before


def test_a_cached_render_equals_a_fresh_one(registry):
    layout = registry["pages.home"]["layout"]
    query = {"region": "1084", "lang": "en"}
    first = layout(**query)
    again = layout(**query)
    assert again == first
    assert render_cache.as_json_data(layout.__wrapped__(**query)) == first.data
    assert "Hovedstaden" in str(first.data)


def test_the_second_render_is_read_from_the_cache(registry, monkeypatch):
    layout = registry["pages.regions"]["layout"]
    calls = []
    original = layout.__wrapped__
    wrapped = render_cache.cached_layout("pages.regions", lambda **kw: calls.append(kw) or original(**kw))
    wrapped(**{"from": "2015"})
    wrapped(**{"from": "2015"})
    assert len(calls) == 1
    wrapped(**{"from": "2016"})
    assert len(calls) == 2


def test_keys_differ_by_page_query_default_language_and_data_version(registry, monkeypatch):
    key = render_cache.page_key
    base = key("pages.home", {"region": "1084"})
    assert key("pages.home", {"region": "1084"}) == base
    assert key("pages.regions", {"region": "1084"}) != base
    assert key("pages.home", {"region": "1083"}) != base
    assert key("pages.home", {"region": "1084", "lang": "en"}) != base
    set_default_lang("en")
    try:
        assert key("pages.home", {"region": "1084"}) != base
    finally:
        set_default_lang("da")
    ds = get_dataset()
    monkeypatch.setattr(type(ds), "version", property(lambda self: "another"), raising=False)
    assert key("pages.home", {"region": "1084"}) != base


@pytest.mark.parametrize("module", ["pages.home", "pages.regions", "pages.sectors", "pages.impact", "pages.spending",
                                    "pages.projects", "pages.programmes", "pages.sources", "pages.embed_index"])
@pytest.mark.parametrize("query", [{}, {"region": "1084,1083", "from": "2012", "lang": "en"}])
def test_the_fast_serialisation_writes_exactly_what_dash_writes(registry, module, query):
    from dash._utils import to_json

    built = registry[module]["layout"].__wrapped__(**query)
    assert render_cache.as_json(built) == to_json(built).encode()


def test_the_fast_serialisation_matches_on_awkward_values():
    from dash import dcc, html

    tree = html.Div([html.P("</script> & \u2028 æøå", **{"data-chart-id": "c", "aria-label": "a <b>"}),
                     html.Section(id="x", **{"aria-labelledby": "x-title", "data-dash-is-loading": True}),
                     dcc.Store(id="s", data={"nan": float("nan"), "na": pd.NA,
                     "np": np.float64(1.5), "arr": np.array([1, 2]), "when": pd.Timestamp("2024-01-02"),
                     1: "int key", "series": pd.Series([1.0, None])})])
    from dash._utils import to_json

    assert render_cache.as_json(tree) == to_json(tree).encode()
