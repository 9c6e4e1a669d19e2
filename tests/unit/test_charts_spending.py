"""Spending charts checked against data/spending.csv by hand: one bar per spending row, never a sum,
each with its year (or period), measure and scope; per inhabitant only for single-year figures."""

from __future__ import annotations

import csv

import pytest

import charts  # noqa: F401  (registers every chart)
from charts.registry import CHARTS
from data import BUNDLED_DIR, Filters
from data.current import get_dataset
from ui.chart_card import chart_card

pytestmark = pytest.mark.usefixtures("dataset")  # the helpers read data.current
ALL = Filters()
SPENDING_CHARTS = ("spending-regions-health", "spending-health-by-year", "spending-medicines", "spending-procurement",
                   "spending-health-it")
FILTERS = (Filters(), Filters.make(regions="1084"), Filters.make(regions="1081,1083"), Filters.make(year_from=2020),
           Filters.make(year_to=2015), Filters.make(sectors="medtech", forms="opp"))

with (BUNDLED_DIR / "spending.csv").open(encoding="utf-8") as fh:
    CSV = {row["spending_id"]: row for row in csv.DictReader(fh)}


def build(chart_id: str, f: Filters = ALL, lang: str = "da"):
    return CHARTS[chart_id].build(get_dataset(), f, lang)


def summary(chart_id: str, f: Filters = ALL, lang: str = "da") -> str:
    return CHARTS[chart_id].summary(build(chart_id, f, lang), lang)


def rows_by_id(chart_id: str, f: Filters = ALL, lang: str = "da") -> dict:
    return {r["spending_id"]: r for _, r in build(chart_id, f, lang).frame.iterrows()}


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


# ------------------------------------------------------------------ 1. health spending per region
def test_regional_health_spending_rows_as_in_the_csv():
    rows = rows_by_id("spending-regions-health")
    # health_total rows of the five regions: F095 Midtjylland budget 2024 33 mia., F097 Syddanmark budget 2022
    # 27,8 mia., F098 Nordjylland budget 2019 11,7 mia., F159 Hovedstaden accounts 2023 41.042.017.000 kr.,
    # F160 Hovedstaden budget without a year 36,5 mia. Sjælland has only an all-areas budget (F096).
    assert set(rows) == {"F095-1", "F097-1", "F098-1", "F159-1", "F160-1"}
    assert rows["F159-1"]["amount"] == 41_042_017_000
    assert rows["F159-1"]["label"] == "Region Hovedstaden · regnskab 2023"
    assert rows["F160-1"]["label"] == "Region Hovedstaden · budget, år ikke oplyst"
    assert rows["F098-1"]["label"] == "Region Nordjylland · budget 2019"


def test_per_inhabitant_only_for_a_single_known_year():
    rows = rows_by_id("spending-regions-health")
    assert rows["F159-1"]["per_inhabitant"] == pytest.approx(41_042_017_000 / 1_911_067)
    assert rows["F098-1"]["per_inhabitant"] == pytest.approx(11_700_000_000 / 593_135)
    assert rows["F160-1"]["per_inhabitant"] is None or str(rows["F160-1"]["per_inhabitant"]) == "<NA>"
    data = build("spending-regions-health")
    assert "S057" in data.source_ids  # the population figures
    assert any("indbyggertallet fra 2024" in n for n in data.notes)


def test_regional_summary_names_the_largest_figure_with_measure_and_year():
    assert summary("spending-regions-health") == (
        "Region Hovedstaden har den største sundhedsudgift blandt de viste tal: 41 mia. kr. (regnskab 2023).")
    assert summary("spending-regions-health", lang="en") == (
        "Capital Region of Denmark has the largest health spending among the figures shown: DKK 41bn (accounts 2023).")


def test_region_without_health_figure_is_named_and_its_other_figure_explained():
    data = build("spending-regions-health")
    assert "Ingen sundhedsudgift i udvalget for Region Sjælland." in data.notes
    assert any(n.startswith("Region Sjælland: kun regionens samlede budget") and "22 mia. kr., 2024" in n
               for n in data.notes)
    assert "S059" in data.source_ids


def test_region_filter_selects_that_regions_rows():
    rows = rows_by_id("spending-regions-health", Filters.make(regions="1084"))
    assert set(rows) == {"F159-1", "F160-1"}
    assert set(rows_by_id("spending-regions-health", Filters.make(regions="1085"))) == set()


def test_year_range_drops_undated_rows_and_says_so():
    data = build("spending-regions-health", Filters.make(year_from=2020))
    assert set(data.frame["spending_id"]) == {"F095-1", "F097-1", "F159-1"}
    assert "1 tal uden oplyst år er udeladt, fordi der er valgt en årsperiode." in data.notes


# ------------------------------------------------------------------ 2. all regions by year
def test_all_regions_health_by_year_keeps_accounts_and_budget_apart():
    frame = build("spending-health-by-year").frame
    accounts = dict(zip(frame.loc[frame["measure"] == "accounts", "year"],
                        frame.loc[frame["measure"] == "accounts", "amount"], strict=True))
    budget = dict(zip(frame.loc[frame["measure"] == "budget", "year"],
                      frame.loc[frame["measure"] == "budget", "amount"], strict=True))
    assert accounts == {2019: 114_400_000_000, 2021: 124_900_000_000, 2022: 129_800_000_000,
                        2023: 131_900_000_000}
    assert budget == {2019: 114_600_000_000, 2024: 136_200_000_000}
    assert not frame.duplicated(["measure", "year"]).any()


def test_block_grant_is_not_plotted_but_named():
    data = build("spending-health-by-year")
    assert "F163-1" not in set(data.frame["spending_id"])
    assert "Ikke vist: Bloktilskud 2019 (96,9 mia. kr.), et andet mål end regnskab og budget for ét år." in data.notes
    assert "S120" in data.source_ids


def test_by_year_summary():
    assert summary("spending-health-by-year") == (
        "Regnskab for sundhed i alle regioner: 114,4 mia. kr. i 2019 og 131,9 mia. kr. i 2023.")


def test_region_filter_does_not_apply_to_national_figures_and_says_so():
    f = Filters.make(regions="1084")
    for chart_id in ("spending-health-by-year", "spending-medicines", "spending-procurement"):
        plain, filtered = build(chart_id), build(chart_id, f)
        assert list(filtered.frame["spending_id"]) == list(plain.frame["spending_id"])
        assert "Regionsfilteret gælder ikke her: tallene gælder alle regioner samlet." in filtered.notes
        assert "Regionsfilteret gælder ikke her: tallene gælder alle regioner samlet." not in plain.notes


# ------------------------------------------------------------------ 3. hospital medicines
def test_medicines_by_year_as_in_the_csv():
    frame = build("spending-medicines").frame
    assert list(frame["period"]) == ["2010", "2021", "2022", "2022–2023"]
    assert list(frame["amount"]) == [7_500_000_000, 9_300_000_000, 9_300_000_000, 9_444_000_000]
    assert list(frame["text"]) == ["7,5 mia. kr.", "> 9,3 mia. kr.", "9,3 mia. kr.", "9,4 mia. kr."]
    assert list(frame["source_id"]) == ["S072", "S069", "S070", "S071"]
    assert summary("spending-medicines") == (
        "Regionernes indkøb af sygehusmedicin var 9,3 mia. kr. i 2022 mod 7,5 mia. kr. i 2010.")


def test_medicines_scope_notes_are_in_the_hover_and_table():
    frame = build("spending-medicines").frame
    row = frame.set_index("spending_id").loc["F110-1"]
    assert "inkl. moms" in row["scope"] and "inkl. moms" in row["hover"]
    row = build("spending-medicines", lang="en").frame.set_index("spending_id").loc["F110-1"]
    assert "incl. VAT" in row["scope"] and "incl. VAT" in row["hover"]


# ------------------------------------------------------------------ 4. procurement statements
def test_procurement_statements_side_by_side_with_year_or_not_stated():
    data = build("spending-procurement")
    frame = data.frame
    assert list(frame["spending_id"]) == ["F103-1", "F106-1", "F004-1", "F105-1"]
    assert list(frame["period"]) == ["2022", "2023", "år ikke oplyst", "år ikke oplyst"]
    assert list(frame["text"]) == ["30 mia. kr.", "50 mia. kr.", "> 50 mia. kr.", "40 mia. kr."]
    assert frame["label"].is_unique
    assert all(frame["scope"] != "")
    assert any("forskellig afgrænsning" in n for n in data.notes)
    assert summary("spending-procurement") == (
        "De 4 opgørelser af regionernes indkøb spænder fra 30 mia. kr. (2022) til > 50 mia. kr. (år ikke oplyst), "
        "fordi de dækker forskellige områder.")


# ------------------------------------------------------------------ 5. health IT
def test_health_it_by_region_and_year():
    frame = build("spending-health-it").frame
    assert set(frame["spending_id"]) == {"F113-1", "F114-1", "F115-1", "F115-2", "F116-1", "F116-2"}
    row = frame.set_index("spending_id").loc["F116-1"]
    assert row["label"] == "Region Hovedstaden · regnskab 2014–2018" and row["amount"] == 989_000_000
    assert summary("spending-health-it") == (
        "Den største årlige it-udgift blandt de viste tal er Region Hovedstaden: 370 mio. kr. (drift 2019).")
    assert "Ingen udgift til sundheds-it i udvalget for Region Nordjylland og Region Syddanmark." in \
        build("spending-health-it").notes


def test_empty_selection_shows_the_empty_message():
    f = Filters.make(regions="1081")
    assert build("spending-health-it", f).empty
    card = str(chart_card("spending-health-it", f, "da"))
    assert "Ingen data for dette udvalg." in card


def test_english_labels():
    frame = build("spending-regions-health", lang="en").frame.set_index("spending_id")
    assert frame.loc["F159-1", "label"] == "Capital Region of Denmark · accounts 2023"
    assert frame.loc["F160-1", "label"] == "Capital Region of Denmark · budget, year not stated"
    assert "per inhabitant" in frame.loc["F159-1", "text"]


def test_labels_stay_apart_when_two_rows_would_share_one():
    from charts.spending import unique_labels

    assert unique_labels(["2022", "2022", "2023"], ["S070", "S071", "S072"]) == ["2022 (S070)", "2022 (S071)", "2023"]
