"""Every chart of the registry builds, draws and summarises, on the bundled data and on empty
selections; its table columns exist and its sources resolve."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

import charts  # noqa: F401
from charts.registry import CHARTS
from data import Filters
from data import queries as q
from i18n.text import MESSAGES

NOTHING = Filters.make(regions="1085", sectors="pharmaceuticals")  # a selection with no project


@pytest.mark.parametrize("chart_id", sorted(CHARTS))
@pytest.mark.parametrize("lang", ["da", "en"])
def test_chart_builds_draws_and_summarises(chart_id, lang, dataset):
    chart = CHARTS[chart_id]
    assert chart.title_key in MESSAGES
    data = chart.build(dataset, Filters(), lang)
    assert not data.empty, f"{chart_id} has no data on the bundled package"
    for column in data.columns:
        assert column.name in data.frame, (chart_id, column.name)
    assert set(data.source_ids) <= set(dataset["sources"]["source_id"])
    assert data.source_ids, f"{chart_id} names no source"
    fig = chart.figure(data, lang)  # a figure spec: a plain dict that plotly reads as a figure
    assert isinstance(fig, dict) and go.Figure(fig).data
    summary = chart.summary(data, lang)
    assert isinstance(summary, str) and any(ch.isdigit() for ch in summary)


@pytest.mark.parametrize("chart_id", sorted(CHARTS))
def test_chart_handles_an_empty_selection(chart_id, dataset):
    data = CHARTS[chart_id].build(dataset, NOTHING, "da")
    assert data.frame is not None  # the card then shows "no data for this selection"


def test_region_colours_are_fixed_across_charts(dataset):
    a = CHARTS["projects-by-region"].build(dataset, Filters(), "da").frame.set_index("key")["colour"]
    b = CHARTS["regions-vs-national"].build(dataset, Filters(), "da").frame.set_index("key")["colour"]
    assert all(a[k] == b[k] for k in b.index)


def test_effects_are_never_summed(dataset):
    data = CHARTS["expected-jobs"].build(dataset, Filters(), "da")
    # one bar per reported figure
    effects = q.effects(dataset)
    assert sorted(data.frame["value"]) == sorted(effects.loc[effects["measure_id"] == "expected_jobs", "value"])
    assert any("lægges ikke sammen" in n for n in data.notes)


def test_map_per_100k_uses_2024_population(dataset):
    data = CHARTS["regions-map-per-100k"].build(dataset, Filters(), "da")
    row = data.frame.set_index("key").loc["1081"]
    projects = q.count_by(dataset, Filters(), "region").set_index("key").loc["1081", "n"]
    population = dataset["regions"].set_index("region_code").loc["1081", "population"]
    assert row["value"] == pytest.approx(projects / population * 100_000)
    assert "S057" in data.source_ids


def test_building_charts_never_modifies_cached_query_results(dataset):
    from data import queries as q

    for fn in (q.per_100k, q.measure_by, q.count_by, q.total):
        fn.cache_clear()
    before = {m: q.per_100k(dataset, Filters(), m).copy() for m in ("count", "contract_value", "public_funding")}
    for chart_id in sorted(CHARTS):
        CHARTS[chart_id].build(dataset, Filters(), "da")
    for m, frame in before.items():
        after = q.per_100k(dataset, Filters(), m)
        assert list(after.columns) == list(frame.columns), m


def test_bound_notes_appear_only_for_bounds_that_are_shown(dataset):
    lower = CHARTS["regions-map-contract-value"].build(dataset, Filters(), "da")  # Aalborg: "> 500 mio."
    assert any("nedre grænse" in n for n in lower.notes)
    exact = CHARTS["regions-map-contract-value"].build(dataset, Filters.make(regions="1082"), "da")
    assert not any("nedre grænse" in n for n in exact.notes)
    upper = CHARTS["public-funding-by-form"].build(dataset, Filters(), "da")
    assert any("øvre grænse" in n for n in upper.notes)
