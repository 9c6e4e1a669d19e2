"""The pure figure builders: what they draw from the frame they are given. They return figure specs
(plain dicts, components/figures.py); the tests read them as dicts."""

from __future__ import annotations

import pandas as pd

from charts import figures as fg
from data import BUNDLED_DIR

GEOJSON = str(BUNDLED_DIR / "denmark_regions.geojson")


def test_hbar_puts_the_largest_on_top_and_labels_every_bar():
    df = pd.DataFrame({"name": ["A", "B", "C"], "n": [9, 5, 1], "text": ["9", "5", "1"]})
    fig = fg.hbar(df, label="name", value="n", text="text", lang="da")
    bar = fig["data"][0]
    assert list(bar["y"]) == ["C", "B", "A"]  # plotly draws bottom-up: A ends on top
    assert list(bar["text"]) == ["1", "5", "9"]
    assert fig["layout"]["separators"] == ",."
    assert fig["layout"]["xaxis"]["range"][1] > 9  # room for the value labels


def test_english_figures_use_english_separators():
    df = pd.DataFrame({"name": ["A"], "n": [1], "text": ["1"]})
    assert fg.hbar(df, label="name", value="n", text="text", lang="en")["layout"]["separators"] == ".,"


def test_long_labels_are_wrapped():
    assert "<br>" in fg.wrap("Sygehuspartnerskabet: ansøgningsrunde om logistik og sporbarhed (2012)")
    assert fg.wrap("Kort") == "Kort"


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


def test_stacked_bars_keep_form_colours():
    df = pd.DataFrame({"sector": ["S1", "S1", "S2"], "form_id": ["opp", "opi", "opp"],
                       "form": ["OPP", "OPI", "OPP"], "n": [2, 1, 3]})
    fig = fg.stacked_hbar(df, label="sector", stack="form_id", stack_label="form", value="n",
                          colours=fg.FORM_COLOURS, lang="da")
    colours = {trace["name"]: trace["marker"]["color"] for trace in fig["data"]}
    assert colours == {"OPP": fg.FORM_COLOURS["opp"], "OPI": fg.FORM_COLOURS["opi"]}
    assert fig["layout"]["barmode"] == "stack"


def test_reference_line_marks_the_national_average():
    df = pd.DataFrame({"name": ["A", "B"], "v": [1.0, 0.4], "text": ["1,0", "0,4"]})
    fig = fg.bars_with_reference(df, label="name", value="v", text="text", colours=["#000", "#111"],
                                 reference=0.54, reference_label="Landsgennemsnit: 0,5", axis_title="x")
    assert fig["layout"]["shapes"][0]["x0"] == 0.54
    assert fig["layout"]["annotations"][0]["text"] == "Landsgennemsnit: 0,5"
