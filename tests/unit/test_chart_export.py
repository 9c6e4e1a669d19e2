"""The chart as an image from the chart card's menu: PNG and SVG made in the browser by plotly.js
(assets/chart-export.js), with the chart's title, its source line and the date the data was
updated drawn into the image, in the page's language; the map exports too; the menu items work
from the keyboard; texts are drawn as text, never as markup."""

from __future__ import annotations

import re

import charts  # noqa: F401  (registers the charts)
from charts.registry import get_chart
from data import Filters, load_dataset
from data import queries as q
from data.current import set_dataset
from i18n import format as fmt
from ui.chart_card import EXPORT_SOURCES_NAMED, export_texts

DS = load_dataset("data")
set_dataset(DS)


SVG = "{http://www.w3.org/2000/svg}"


def publishers(chart_id: str, lang: str) -> list[str]:
    data = get_chart(chart_id).build(DS, Filters(), lang)
    return list(dict.fromkeys(q.sources_for(DS, data.source_ids)["publisher"]))


# ------------------------------------------------------------------ the texts (no browser)
def test_export_texts_name_the_sources_and_count_the_rest():
    chart = get_chart("projects-by-region")
    data = chart.build(DS, Filters(), "da")
    names = publishers("projects-by-region", "da")
    assert len(names) > EXPORT_SOURCES_NAMED  # this chart has many sources: the rest are counted
    texts = export_texts("projects-by-region", data, "Titel", "da", DS)
    assert texts["source"].startswith("Kilder: " + "; ".join(names[:EXPORT_SOURCES_NAMED]) + " samt ")
    assert f"samt {len(names) - EXPORT_SOURCES_NAMED} andre" in texts["source"]
    assert names[EXPORT_SOURCES_NAMED] not in texts["source"]
    assert texts["updated"] == "Data opdateret " + fmt.format_date(DS.updated, "da")
    assert texts["title"] == "Titel" and texts["filename"] == "projects-by-region"
    assert texts["attribution"] == ""  # no map, no boundaries to attribute
    map_data = get_chart("regions-map-count").build(DS, Filters(), "da")
    map_texts = export_texts("regions-map-count", map_data, "Kort", "da", DS)
    assert "CC BY 4.0" in map_texts["attribution"] and map_texts["attribution"] in map_data.notes

    single = get_chart("effects-per-mio-granted")
    data = single.build(DS, Filters(), "en")
    (name,) = publishers("effects-per-mio-granted", "en")
    texts = export_texts("effects-per-mio-granted", data, "Title", "en", DS)
    assert texts["source"] == f"Source: {name}"
    assert re.fullmatch(r"Data updated \d{1,2} [A-Z][a-z]+ \d{4}", texts["updated"])
