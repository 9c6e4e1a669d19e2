"""No data text is read as HTML. plotly reads a subset of HTML (<b>, <i>, <br>, <a>, entities) in tick
labels, value texts, hover texts, legend names and table cells, so every text from the data goes into a
figure escaped and shows literally. A synthetic package gives every name, publisher and scope note a
prefix that is markup ('<b>', '<script>') and an entity ('&amp;', which would show as '&'); every chart,
in both languages, must show that prefix exactly as written (and never pass it on as markup)."""

from __future__ import annotations

import html

import pytest

from charts.registry import CHARTS
from data import Filters, load_dataset
from tests.helpers_data import copy_package, read_rows, write_rows
from tests.unit.figure_reading import texts_of

TAG = "Q7"
PREFIX = f"<b>{TAG}</b><script>&amp;"  # no space inside: a wrapped label keeps it on one line
PLANTED = {  # table: the text columns that get the prefix
    "regions": ("name_da", "name_en"),
    "sectors": ("name_da", "name_en"),
    "forms": ("name_da", "name_en"),
    "programmes": ("name_da", "name_en"),
    "projects": ("name",),
    "partnership_members": ("name",),
    "sources": ("publisher",),
    "spending": ("scope_note", "scope_note_da"),
}
# Charts whose figure shows no planted text: years, amounts and catalogue labels only.
NO_DATA_TEXT = {"projects-by-start-year", "programmes-opp-pool"}
# Known bugs, reported: the realised-effects table puts programme and project names into plotly's table
# cells unescaped ('<b>' is drawn bold, '&amp;' shows as '&').


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    pkg = copy_package(tmp_path_factory.mktemp("markup"))
    for table, columns in PLANTED.items():
        rows = read_rows(pkg / f"{table}.csv")
        for row in rows:
            for column in columns:
                if row[column]:
                    row[column] = f"{PREFIX} {row[column]}"
        write_rows(pkg / f"{table}.csv", rows)
    ds = load_dataset(pkg, store_root=tmp_path_factory.mktemp("store"))
    return {(chart_id, lang): (data, CHARTS[chart_id].figure(data, lang))
            for chart_id, chart in CHARTS.items() for lang in ("da", "en")
            if not (data := chart.build(ds, Filters(), lang)).empty}


def shows_the_prefix_literally(text: str) -> bool:
    """plotly shows `text` with its markup applied and its entities decoded: the planted prefix must come
    out as written, character for character."""
    return PREFIX in html.unescape(text.replace("<br>", " "))


def planted_texts(spec: dict) -> list[str]:
    return [text for text in texts_of(spec) if TAG in text]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("chart_id", sorted(CHARTS))
def test_data_texts_show_literally(planted, chart_id, lang):
    assert (chart_id, lang) in planted, "the planted package draws every chart"
    data, spec = planted[chart_id, lang]
    texts = planted_texts(spec)
    if chart_id in NO_DATA_TEXT:
        assert texts == []
        return
    assert texts, "the figure shows data text"
    for text in texts:
        assert "<script>" not in text and f"<b>{TAG}" not in text, f"markup from the data: {text!r}"
        assert shows_the_prefix_literally(text), f"{text!r} does not show the data text as written"


def test_the_check_tells_escaped_from_raw_text():
    escaped = html.escape(f"{PREFIX} Region Nordjylland", quote=False)
    assert shows_the_prefix_literally(escaped)
    assert not shows_the_prefix_literally(f"{PREFIX} Region Nordjylland")  # '&amp;' would show as '&'
