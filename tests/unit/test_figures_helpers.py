"""The pure figure builders of charts/figures.py: what they draw from the frame they are given. They
return figure specs (plain dicts); the tests read them as dicts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from charts import figures as fg
from data import BUNDLED_DIR

GEOJSON = str(BUNDLED_DIR / "denmark_regions.geojson")


def test_hbar_puts_the_largest_on_top_and_labels_every_bar():
    df = pd.DataFrame({"name": ["A", "B", "C"], "n": [9, 5, 1], "text": ["9", "5", "1"]})
    fig = fg.hbar(df, label="name", value="n", text="text", lang="da")
    bar = fig["data"][0]
    assert list(bar["y"]) == ["C", "B", "A"]  # plotly draws bottom-up: A ends on top
    assert list(bar["x"]) == [1, 5, 9]
    assert list(bar["text"]) == ["1", "5", "9"]
    assert fig["layout"]["separators"] == ",."
    assert fig["layout"]["xaxis"]["range"][1] > 9  # room for the value labels


def test_english_figures_use_english_separators():
    df = pd.DataFrame({"name": ["A"], "n": [1], "text": ["1"]})
    assert fg.hbar(df, label="name", value="n", text="text", lang="en")["layout"]["separators"] == ".,"


def test_long_labels_are_wrapped():
    assert "<br>" in fg.wrap("Sygehuspartnerskabet: ansøgningsrunde om logistik og sporbarhed (2012)")
    assert fg.wrap("Kort") == "Kort"


def test_plain_and_wrap_escape_data_text():
    assert fg.plain("<b>x</b> & <script>") == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;"
    assert fg.plain("Tom &amp; Jerry") == "Tom &amp;amp; Jerry"  # shows as written, not as 'Tom & Jerry'
    wrapped = fg.wrap("<b>Region</b> & et meget langt navn der skal brydes over flere linjer")
    assert "<b>" not in wrapped and "&lt;b&gt;Region&lt;/b&gt; &amp;" in wrapped and "<br>" in wrapped


def test_values_are_plain_python_with_missing_as_none():
    got = fg.values(pd.Series([1.5, np.nan, None], dtype="Float64"))
    assert got == [1.5, None, None]
    assert [type(v) for v in fg.values(np.array([1, 2]))] == [int, int]


def test_merge_is_deep_and_replaces_lists():
    into = {"xaxis": {"title": {"text": "a"}, "range": [0, 1]}, "height": 1}
    fg.merge(into, {"xaxis": {"title": {"standoff": 3}, "range": [0, 2]}})
    assert into == {"xaxis": {"title": {"text": "a", "standoff": 3}, "range": [0, 2]}, "height": 1}


def test_amount_ticks_are_round_and_labelled_per_language():
    ticks, da = fg.amount_ticks(130e9, "DKK", "da")
    _, en = fg.amount_ticks(130e9, "DKK", "en")
    assert ticks == [0, 50e9, 100e9]
    assert da == ["0", "50 mia. kr.", "100 mia. kr."] and en == ["0", "DKK 50bn", "DKK 100bn"]
    assert fg.amount_ticks(float("nan"))[0] == [0.0]


def test_choropleth_draws_the_five_regions_with_labels_and_no_tiles():
    df = pd.DataFrame({"key": ["1081", "1082", "1083", "1084", "1085"], "value": [6, 11, 5, 9, 5],
                       "name": list("ABCDE"), "text": ["6", "11", "5", "9", "5"]})
    fig = fg.choropleth(df, geojson_path=GEOJSON, key="key", value="value", name="name", text="text",
                        colorbar_title="Antal", lang="da")
    choropleth, labels = fig["data"]
    assert list(choropleth["locations"]) == ["1081", "1082", "1083", "1084", "1085"]
    assert choropleth["zmin"] == 0 and choropleth["zmax"] == 11
    assert list(labels["text"]) == ["6", "11", "5", "9", "5"]
    assert fig["layout"]["geo"]["visible"] is False  # no base map: nothing is fetched for it
    # label points lie inside Denmark's bounds
    assert all(8 <= lon <= 15.2 for lon in labels["lon"]) and all(54.5 <= lat <= 57.8 for lat in labels["lat"])


def test_choropleth_refers_to_the_boundaries_by_url_when_given_one():
    df = pd.DataFrame({"key": ["1081"], "value": [1], "name": ["A"], "text": ["1"]})
    fig = fg.choropleth(df, geojson_path=GEOJSON, geojson_url="/geo/regions.geojson?v=1", key="key", value="value",
                        name="name", text="text", colorbar_title="", lang="da")
    assert fig["data"][0]["geojson"] == "/geo/regions.geojson?v=1"


def test_stacked_bars_keep_form_colours():
    df = pd.DataFrame({"sector": ["S1", "S1", "S2"], "form_id": ["opp", "opi", "opp"],
                       "form": ["OPP", "OPI", "OPP"], "n": [2, 1, 3]})
    fig = fg.stacked_hbar(df, label="sector", stack="form_id", stack_label="form", value="n",
                          colours=fg.FORM_COLOURS, lang="da")
    colours = {trace["name"]: trace["marker"]["color"] for trace in fig["data"]}
    assert colours == {"OPP": fg.FORM_COLOURS["opp"], "OPI": fg.FORM_COLOURS["opi"]}
    assert fig["layout"]["barmode"] == "stack"
    opp = next(trace for trace in fig["data"] if trace["name"] == "OPP")
    assert opp["y"] == ["S1", "S2"] and opp["x"] == [2, 3]  # ascending totals: the largest sector on top


def test_reference_line_marks_the_national_average():
    df = pd.DataFrame({"name": ["A", "B"], "v": [1.0, 0.4], "text": ["1,0", "0,4"]})
    fig = fg.bars_with_reference(df, label="name", value="v", text="text", colours=["#000", "#111"],
                                 reference=0.54, reference_label="Landsgennemsnit: 0,5", axis_title="x")
    assert fig["layout"]["shapes"][0]["x0"] == 0.54
    assert fig["layout"]["annotations"][0]["text"] == "Landsgennemsnit: 0,5"


def test_open_timeline_hatches_an_open_end_and_draws_only_its_start_year():
    df = pd.DataFrame({"label": ["A", "B"], "start": [2010, 2012], "end": pd.array([2013, None], dtype="Int64"),
                       "form_id": ["opp", "opp"], "form": ["OPP", "OPP"], "hover": ["a", "b"]})
    fig = fg.open_timeline(df, label="label", start="start", end="end", colour_key="form_id", colour_label="form",
                           hover="hover", colours=fg.FORM_COLOURS, open_label="Skraveret", lang="da")
    bars = {trace["y"][0]: trace for trace in fig["data"] if not trace.get("showlegend")}
    assert bars["A"]["base"] == [2010] and bars["A"]["x"] == [4]  # 2010-2013 inclusive
    assert bars["B"]["base"] == [2012] and bars["B"]["x"] == [1] and "pattern" in bars["B"]["marker"]
    assert [t["name"] for t in fig["data"] if t.get("showlegend")] == ["OPP", "Skraveret"]
