"""Presentation mode (?present=1) in Python: UrlState.present and the larger figure text of
chart_card(present=True). Print and presentation in Chromium: tests/browser/test_print_present.py."""

from __future__ import annotations

import pytest

from data import load_dataset
from ui.chart_card import PRESENT_FONT_SCALE, present_figure
from ui.url_state import parse_query


# ------------------------------------------------------------------ unit: URL and figure
@pytest.fixture(scope="module")
def ds():
    return load_dataset("data")


def test_present_is_true_only_for_present_1(ds):
    assert parse_query("?present=1", ds).present is True
    assert parse_query("?present=0", ds).present is False
    assert parse_query("?present=yes", ds).present is False
    assert parse_query("", ds).present is False


def test_present_figure_scales_every_font_height_and_margin():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h", textfont={"size": 14}))
    fig.update_layout(
        font={"size": 14},
        height=400,
        margin={"t": 40, "b": 100},
        legend={"font": {"size": 12}},
        annotations=[{"text": "x", "font": {"size": 13}}],
    )
    fig.update_xaxes(tickfont={"size": 10})
    spec = fig.to_dict()  # figures are dict specs (components/figures.py)
    big = go.Figure(present_figure(spec))
    assert big.layout.font.size == pytest.approx(14 * PRESENT_FONT_SCALE)
    assert big.layout.legend.font.size == pytest.approx(12 * PRESENT_FONT_SCALE)
    assert big.layout.annotations[0].font.size == pytest.approx(13 * PRESENT_FONT_SCALE, abs=0.1)
    assert big.layout.xaxis.tickfont.size == pytest.approx(10 * PRESENT_FONT_SCALE)
    assert big.data[0].textfont.size == pytest.approx(14 * PRESENT_FONT_SCALE)
    assert big.layout.height > 400
    assert big.layout.margin.t > 40 and big.layout.margin.b > 100
    assert spec["layout"]["font"]["size"] == 14 and fig.layout.font.size == 14, "the original figure is left alone"
    assert spec["layout"]["annotations"][0]["font"]["size"] == 13


def test_present_figure_sets_a_font_size_when_the_figure_has_none():
    big = present_figure({"data": [{"type": "scatter", "x": [1], "y": [1]}], "layout": {}})
    assert big["layout"]["font"]["size"] > 12  # plotly's default is 12
