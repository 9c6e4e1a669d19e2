"""Spending charts checked against data/spending.csv: one bar per spending row, never a sum,
each with its year (or period), measure and scope; per inhabitant only for single-year figures.
The bundled package's own figures are pinned in test_data_audit.py."""

from __future__ import annotations

import csv

import pytest

import charts  # noqa: F401  (registers every chart)
from data import BUNDLED_DIR, Filters
from tests.helpers_data import build
from ui.chart_card import chart_card

pytestmark = pytest.mark.usefixtures("dataset")  # the helpers read data.current
ALL = Filters()
SPENDING_CHARTS = ("spending-regions-health", "spending-health-by-year", "spending-medicines", "spending-procurement",
                   "spending-health-it")
FILTERS = (Filters(), Filters.make(regions="1084"), Filters.make(regions="1081,1083"), Filters.make(year_from=2020),
           Filters.make(year_to=2015), Filters.make(sectors="medtech", forms="opp"))

with (BUNDLED_DIR / "spending.csv").open(encoding="utf-8") as fh:
    CSV = {row["spending_id"]: row for row in csv.DictReader(fh)}


# ------------------------------------------------------------------ nothing is ever summed
@pytest.mark.parametrize("chart_id", SPENDING_CHARTS)
@pytest.mark.parametrize("f", FILTERS, ids=lambda f: repr(f)[8:60])
def test_every_bar_is_exactly_one_spending_row(chart_id, f):
    """No chart sums different years (or anything else): each plotted amount is one CSV row's amount,
    with that row's year, period end, currency, bound and source."""
    frame = build(chart_id, f).frame
    assert frame["spending_id"].is_unique
    for _, row in frame.iterrows():
        src = CSV[row["spending_id"]]
        assert row["amount"] == int(src["amount"])
        assert str(row["year"]) == (src["year"] or "<NA>")
        assert row["currency"] == src["currency"] and row["bound"] == src["bound"]
        assert row["source_id"] == src["source_id"]


@pytest.mark.parametrize("chart_id", SPENDING_CHARTS)
@pytest.mark.parametrize("f", FILTERS, ids=lambda f: repr(f)[8:60])
def test_sources_resolve_and_cover_every_plotted_number(chart_id, f, dataset):
    data = build(chart_id, f)
    known = set(dataset["sources"]["source_id"])
    assert set(data.source_ids) <= known
    assert set(data.frame["source_id"]) <= set(data.source_ids)


@pytest.mark.parametrize("chart_id", SPENDING_CHARTS)
def test_every_bar_names_its_year_or_says_it_is_not_stated(chart_id):
    for _, row in build(chart_id).frame.iterrows():
        src = CSV[row["spending_id"]]
        if src["year"]:
            assert src["year"] in row["label"] + row["period"]
        else:
            assert "år ikke oplyst" in row["label"]


# ------------------------------------------------------------------ 2. all regions by year


def test_region_filter_does_not_apply_to_national_figures_and_says_so():
    f = Filters.make(regions="1084")
    for chart_id in ("spending-health-by-year", "spending-medicines", "spending-procurement"):
        plain, filtered = build(chart_id), build(chart_id, f)
        assert list(filtered.frame["spending_id"]) == list(plain.frame["spending_id"])
        assert "Regionsfilteret gælder ikke her: tallene gælder alle regioner samlet." in filtered.notes
        assert "Regionsfilteret gælder ikke her: tallene gælder alle regioner samlet." not in plain.notes


# ------------------------------------------------------------------ 3. hospital medicines


def test_medicines_scope_notes_are_in_the_hover_and_table():
    frame = build("spending-medicines").frame
    row = frame.set_index("spending_id").loc["F110-1"]
    assert "inkl. moms" in row["scope"] and "inkl. moms" in row["hover"]
    row = build("spending-medicines", lang="en").frame.set_index("spending_id").loc["F110-1"]
    assert "incl. VAT" in row["scope"] and "incl. VAT" in row["hover"]


# ------------------------------------------------------------------ 5. health IT


def test_empty_selection_shows_the_empty_message(served_app):
    f = Filters.make(regions="1081")
    assert build("spending-health-it", f).empty
    card = str(chart_card("spending-health-it", f, "da"))
    assert "Ingen data for dette udvalg." in card


def test_labels_stay_apart_when_two_rows_would_share_one():
    from charts.spending import unique_labels

    assert unique_labels(["2022", "2022", "2023"], ["S070", "S071", "S072"]) == ["2022 (S070)", "2022 (S071)", "2023"]
