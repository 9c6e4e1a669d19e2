"""The rows the projects grid (/projects) is built from: one per project in the filters, links, amounts with
bound, currency and year, regions, sources, the grid's words and dates. Expected numbers are counted from
the data package with data.queries, never written into the tests. The pages in Chromium:
tests/browser/test_pages_projects.py."""

from __future__ import annotations

import pandas as pd
import pytest

from data import Filters
from data import queries as q
from i18n import format as fmt
from i18n.text import t
from ui import projects_grid as pg


# ------------------------------------------------------------------ unit tests
@pytest.fixture
def rows(monkeypatch, dataset) -> list[dict]:
    monkeypatch.setattr(pg.dash, "get_relative_path", lambda path: path)
    return pg.grid_rows(dataset, q.projects(dataset), "da", "?region=1081")


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["project_id"]: r for r in rows}


def test_markdown_escape_keeps_data_text_literal():
    text = "<b>Bold</b> *star* [link](http://x) _under_ `code` #1 & co."
    escaped = pg.markdown_escape(text)
    for ch in "<>*[]()_`#&":
        assert ch not in escaped.replace("\\" + ch, "")
    assert escaped.replace("\\", "") == text


def test_one_row_per_project_in_the_filters(rows, dataset):
    assert [r["project_id"] for r in rows] == list(q.projects(dataset)["project_id"])
    region = pg.grid_rows(dataset, q.projects(dataset, Filters.make(regions="1081")), "da")
    assert len(region) == len(q.projects(dataset, Filters.make(regions="1081")))


def test_name_links_to_the_project_page_keeping_the_query(rows):
    for row in rows:
        assert row["name_link"].endswith(f"(/projects/{row['project_id']}?region=1081)")
        assert row["name_link"].startswith("[" + pg.markdown_escape(row["name"]) + "]")


def test_amounts_stay_numbers_and_show_bound_currency_and_year(rows, dataset):
    projects = q.projects(dataset).set_index("project_id")
    for pid, row in by_id(rows).items():
        p = projects.loc[pid]
        for measure in pg.GRID_MEASURES:
            if fmt.is_missing(p[measure]):
                assert row[measure] is None
                assert row[f"{measure}_text"] == t("value.not_reported", "da")
                continue
            assert row[measure] == float(p[measure])
            text = row[f"{measure}_text"]
            if p[f"{measure}_bound"] == "lower":
                assert text.startswith("> ")
            if p[f"{measure}_bound"] == "upper":
                assert text.startswith("op til ")
            if p[f"{measure}_unit"] == "SEK":
                assert "SEK" in text and "kr." not in text
            if not fmt.is_missing(p[f"{measure}_year"]):
                assert text.endswith(f"({int(p[f'{measure}_year'])})")


def test_bounds_and_currencies_are_in_the_data(dataset):
    """The checks above are only meaningful if the data has such values."""
    projects = q.projects(dataset)
    assert (projects["contract_value_bound"] == "lower").any()
    assert (projects["public_funding_unit"] == "SEK").any()


def test_region_names_two_regions_and_all_regions(rows, dataset):
    regions = dataset["regions"].set_index("region_code")["name_da"]
    for _, p in q.projects(dataset).iterrows():
        text = by_id(rows)[p["project_id"]]["region"]
        if fmt.is_missing(p["region_code"]):
            assert text.startswith(t("label.not_stated", "da"))
        elif p["region_code"] == "DK":
            assert text.startswith("Alle regioner eller nationalt")
        else:
            assert text.startswith(regions[p["region_code"]])
        if not fmt.is_missing(p["region_code_2"]):
            assert text.endswith(", " + regions[p["region_code_2"]])


def test_source_column_names_the_row_source_and_the_figure_sources(rows, dataset):
    publishers = dataset["sources"].set_index("source_id")["publisher"]
    projects = q.projects(dataset).set_index("project_id")
    for pid, row in by_id(rows).items():
        p = projects.loc[pid]
        assert publishers[p["source_id"]] in row["source"]
        for measure in pg.GRID_MEASURES:
            if not fmt.is_missing(p[measure]):
                assert publishers[p[f"{measure}_source"]] in row["source"]


def test_grid_words_are_danish_and_english():
    da, en = pg.locale_text("da"), pg.locale_text("en")
    assert da.keys() == en.keys()
    assert da["page"] == "Side" and da["of"] == "af" and da["nextPage"] == "Næste side"
    assert en["page"] == "Page"


def test_published_dates_read_in_words():
    assert pg.published_text("2019-11-03", "da") == "3. november 2019"
    assert pg.published_text("2015-11", "da") == "november 2015"
    assert pg.published_text("2014", "da") == "2014"
    assert pg.published_text(pd.NA, "da") == "ikke oplyst"
    assert pg.license_text("not stated", "da") == "ikke oplyst"
