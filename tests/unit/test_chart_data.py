"""A chart's data URLs (server/chart_data.py): /embed/<chart_id>.csv as Danish Excel opens it,
.xlsx with a data and a sources sheet, .json with the plotted numbers, sources, notes and what they
are; the chart's filters; a cache with ETag and 304; the card's menu downloads from them."""
from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from charts.registry import CHARTS
from data import Filters
from data import queries as q


@pytest.fixture(scope="module")
def client():
    import app

    return app.server.test_client()


def test_csv_in_danish_is_what_danish_excel_opens(client, bundled):
    response = client.get("/embed/projects-by-region.csv?region=1084,1083")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="ops-monitor-projects-by-region.csv"'
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Region", "Antal samarbejder"]
    expected = q.count_by(bundled, Filters.make(regions=["1084", "1083"]), "region")
    assert [(r[0], int(r[1])) for r in rows[1:]] == list(zip(expected["name_da"], expected["n"], strict=True))


def test_amounts_have_a_decimal_comma_in_danish_and_a_point_in_english(client):
    da = client.get("/embed/contract-value-by-sector.csv").get_data().decode("utf-8-sig")
    en = client.get("/embed/contract-value-by-sector.csv?lang=en").get_data().decode("utf-8")
    da_rows = list(csv.reader(io.StringIO(da), delimiter=";"))
    en_rows = list(csv.reader(io.StringIO(en)))
    assert da_rows[0][0] == "Sektor" and en_rows[0][0] == "Sector"
    assert len(da_rows) == len(en_rows) > 1
    for da_row, en_row in zip(da_rows[1:], en_rows[1:], strict=True):  # the same numbers, written per language
        if da_row[1]:
            assert float(da_row[1].replace(",", ".")) == float(en_row[1])


def test_json_has_the_plotted_numbers_their_sources_notes_and_metadata(client, bundled):
    document = client.get("/embed/projects-by-region.json?region=1084&from=2015&lang=en").get_json()
    assert set(document) == {"chart_id", "title", "summary", "language", "filters", "data_version", "data_updated",
                             "url", "columns", "rows", "notes", "sources", "notices"}
    assert document["chart_id"] == "projects-by-region" and document["language"] == "en"
    assert document["title"] == "Collaborations by region"
    assert document["filters"] == {"region": ["1084"], "sector": [], "form": [], "from": 2015, "to": None}
    assert document["data_version"] == bundled.version and document["data_updated"] == bundled.updated
    assert document["url"].endswith("/embed/projects-by-region?region=1084&from=2015&lang=en")
    data = CHARTS["projects-by-region"].build(bundled, Filters.make(regions="1084", year_from=2015), "en")
    assert [row["Number of collaborations"] for row in document["rows"]] == list(data.frame["n"])
    assert {s["source_id"] for s in document["sources"]} == set(data.source_ids)
    assert document["notes"] == list(data.notes)
    assert document["notices"] == []


def test_values_the_chart_cannot_use_are_named_not_used(client):
    document = client.get("/embed/projects-by-region.json?region=zzz&from=abc").get_json()
    assert document["filters"]["region"] == [] and document["filters"]["from"] is None
    assert {n["parameter"] for n in document["notices"]} == {"region", "from"}


def test_unreported_values_are_null_not_zero(client, bundled):
    document = client.get("/embed/contract-value-by-sector.json").get_json()
    values = [row["Kontraktværdi"] for row in document["rows"]]
    assert all(v is None or isinstance(v, int | float) for v in values)
    data = CHARTS["contract-value-by-sector"].build(bundled, Filters(), "da")
    assert sum(v is None for v in values) == int(data.frame["value"].isna().sum())


def test_xlsx_has_a_data_sheet_and_a_sources_sheet(client):
    book = load_workbook(io.BytesIO(client.get("/embed/contract-value-by-sector.xlsx").get_data()))
    assert book.sheetnames == ["Data", "Kilder"]
    assert book["Data"]["A1"].value == "Kontraktværdi pr. sektor"
    english = load_workbook(io.BytesIO(client.get("/embed/contract-value-by-sector.xlsx?lang=en").get_data()))
    assert english.sheetnames == ["Data", "Sources"]


def test_a_repeated_request_is_answered_304_until_the_view_changes(client):
    first = client.get("/embed/projects-by-sector.json?form=opi")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    again = client.get("/embed/projects-by-sector.json?form=opi", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    other = client.get("/embed/projects-by-sector.json?form=opp", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag
    assert json.loads(other.get_data())["filters"]["form"] == ["opp"]


def test_an_unknown_chart_or_format_is_a_404(client):
    assert client.get("/embed/no-such-chart.csv").status_code == 404
    assert client.get("/embed/projects-by-region.pdf").status_code == 404


def test_the_cards_menu_downloads_from_the_data_urls(client):
    from ui.chart_card import chart_card

    with client.application.test_request_context("/sectors?region=1081"):
        card = chart_card("contract-value-by-sector", Filters.make(regions="1081"), "en")
    hrefs = []

    def walk(node):
        if isinstance(node, list | tuple):
            for child in node:
                walk(child)
        elif hasattr(node, "to_plotly_json"):
            if getattr(node, "href", None):
                hrefs.append(node.href)
            walk(getattr(node, "children", None))

    walk(card)
    assert "/embed/contract-value-by-sector.csv?region=1081&lang=en" in hrefs
    assert "/embed/contract-value-by-sector.xlsx?region=1081&lang=en" in hrefs
