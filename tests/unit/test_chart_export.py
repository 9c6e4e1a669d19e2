"""The texts drawn into a chart's exported image (title, source line, data date), built in Python for
assets/chart-export.js. The PNG and SVG exports themselves, in Chromium: tests/browser/test_chart_export.py."""

from __future__ import annotations

import re

import pytest

import charts  # noqa: F401  (registers the charts)
from charts.registry import get_chart
from data import Filters
from data import queries as q
from data.current import get_dataset
from i18n import format as fmt
from ui.chart_card import EXPORT_SOURCES_NAMED, export_texts

pytestmark = pytest.mark.usefixtures("dataset")  # the helpers read data.current
SVG = "{http://www.w3.org/2000/svg}"


def publishers(chart_id: str, lang: str) -> list[str]:
    data = get_chart(chart_id).build(get_dataset(), Filters(), lang)
    return list(dict.fromkeys(q.sources_for(get_dataset(), data.source_ids)["publisher"]))


# ------------------------------------------------------------------ the texts (no browser)
def test_export_texts_name_the_sources_and_count_the_rest(dataset):
    chart = get_chart("projects-by-region")
    data = chart.build(dataset, Filters(), "da")
    names = publishers("projects-by-region", "da")
    assert len(names) > EXPORT_SOURCES_NAMED  # this chart has many sources: the rest are counted
    texts = export_texts("projects-by-region", data, "Titel", "da", dataset)
    assert texts["source"].startswith("Kilder: " + "; ".join(names[:EXPORT_SOURCES_NAMED]) + " samt ")
    assert f"samt {len(names) - EXPORT_SOURCES_NAMED} andre" in texts["source"]
    assert names[EXPORT_SOURCES_NAMED] not in texts["source"]
    assert texts["updated"] == "Data opdateret " + fmt.format_date(dataset.updated, "da")
    assert texts["title"] == "Titel" and texts["filename"] == "projects-by-region"
    assert texts["attribution"] == ""  # no map, no boundaries to attribute
    map_data = get_chart("regions-map-count").build(dataset, Filters(), "da")
    map_texts = export_texts("regions-map-count", map_data, "Kort", "da", dataset)
    assert "CC BY 4.0" in map_texts["attribution"] and map_texts["attribution"] in map_data.notes

    single = get_chart("effects-per-mio-granted")
    data = single.build(dataset, Filters(), "en")
    (name,) = publishers("effects-per-mio-granted", "en")
    texts = export_texts("effects-per-mio-granted", data, "Title", "en", dataset)
    assert texts["source"] == f"Source: {name}"
    assert re.fullmatch(r"Data updated \d{1,2} [A-Z][a-z]+ \d{4}", texts["updated"])
