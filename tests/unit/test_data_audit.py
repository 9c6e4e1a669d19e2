"""The audit of the bundled data: the one test module that a data update should break.

Every test here pins figures of the curated package in data/ (counts of projects, sums, populations,
amounts, years, the exact sentences the charts write about them), checked by hand against the CSV
files and the sources they cite. When the curated CSVs are updated, check the new figures against
the sources and update the expected values here; every other test checks rules that hold for any
valid package (relations between the tables, the queries and the charts), not the numbers.
"""

from __future__ import annotations

import pandas as pd
import pytest

import charts  # noqa: F401  (registers every chart)
from charts.registry import CHARTS
from data import Dataset, Filters
from data import queries as q
from tests.helpers_data import build, read, summary
from ui.chart_card import chart_card

pytestmark = pytest.mark.usefixtures("dataset")  # the chart helpers read data.current
ALL = Filters()


@pytest.fixture
def ds(bundled) -> Dataset:
    return bundled


def rows_by_id(chart_id: str, f: Filters = ALL, lang: str = "da") -> dict:
    return {r["spending_id"]: r for _, r in build(chart_id, f, lang).frame.iterrows()}


def programme_value(ds, programme_id: str, measure: str):
    """The single reported value of a programme measure, or None."""
    figs = q.programme_figures(ds, programme_id)
    figs = figs[figs["measure_id"] == measure]
    return figs.iloc[0]["value"] if len(figs) == 1 else None


# ------------------------------------------------------------------ from test_data_package.py
def test_regions_have_dagi_codes_2024_population_and_national_total(ds):
    r = ds["regions"].set_index("region_code")
    assert sorted(r[r["kind"] == "region"].query("country == 'DK'").index) == ["1081", "1082", "1083", "1084", "1085"]
    assert r.loc["1084", "population"] == 1911067 and r.loc["1084", "population_year"] == 2024
    dk = r.loc[["1081", "1082", "1083", "1084", "1085"], "population"].sum()
    assert r.loc["DK", "population"] == 5961249 and abs(dk - 5961249) <= 10
    assert (r[r["country"] == "SE"]["population"].isna()).all()  # not reported: left empty


def test_lower_bounds_are_flagged(ds):
    f = ds["figures"].set_index("figure_id")
    assert f.loc["F048-1", "value"] == 500_000_000 and f.loc["F048-1", "bound"] == "lower"  # "over 500 mio."
    s = ds["spending"].set_index("spending_id")
    assert s.loc["F004-1", "bound"] == "lower"  # "over 50 billion"


# ------------------------------------------------------------------ from test_data_queries.py
def test_sygehuspartnerskabet_as_the_evaluation_reports(ds):
    # erhvervsstyrelsen.dk, 15 Apr 2016 (S010): 14 co-financed projects, 311 jobs and
    # 593 mio. kr. expected; 4,6 jobs and 8,8 mio. kr. per mio. kr. granted.
    pid = "sygehuspartnerskabet"
    assert programme_value(ds, pid, "n_projects") == 14
    assert programme_value(ds, pid, "expected_jobs") == 311
    assert programme_value(ds, pid, "expected_turnover") == 593_000_000
    assert programme_value(ds, pid, "expected_jobs_per_mio_granted") == pytest.approx(4.6)
    assert programme_value(ds, pid, "expected_turnover_per_mio_granted") == pytest.approx(8.8)
    assert programme_value(ds, pid, "n_pcp_tenders") == 2
    assert programme_value(ds, pid, "budget") == 100_000_000
    figs = q.programme_figures(ds, pid)
    assert set(figs.loc[figs["measure_id"] == "expected_jobs", "source_id"]) == {"S010"}


def test_sygehuspartnerskabet_budget_is_the_sum_of_its_shares(ds):
    children = ds["programmes"].query("parent_id == 'sygehuspartnerskabet'")["programme_id"]
    children = [c for c in children if c.rsplit("-", 1)[-1] in {"1081", "1082", "1083", "1084", "1085", "stat"}]
    budgets = [programme_value(ds, c, "budget") for c in children]
    budgets = [b for b in budgets if b is not None]
    assert sorted(budgets) == [10_000_000] * 5 + [50_000_000]
    assert sum(budgets) == programme_value(ds, "sygehuspartnerskabet", "budget")


def test_count_by_region_counts_two_region_projects_in_both(ds):
    counts = q.count_by(ds, Filters(), "region").set_index("key")["n"]
    # Midtjylland: 8 OPP (AUH psychiatry, forensic extension, Gudenå, 5 car parks),
    # Veinux, and two projects of the 2009 OPI pool; third research pass: Clean Bed (F165, shared with
    # Hovedstaden) and the DNU tracking system (F208).
    assert counts["1082"] == 13
    # Syddanmark: Vejle, UVD robot, and GiboSort, psychiatric bed, Håndfrit Bad (shared); third research pass:
    # Nyt OUH box transport (F169), Unwired Health (F206), Tempus600 (F213), HyMon (F214), Patient@home (F215),
    # e-Patient (F216).
    assert counts["1083"] == 11
    assert counts["not_stated"] == 1  # X-Pander: region not stated
    assert counts.sum() == len(ds["projects"]) + ds["projects"]["region_code_2"].notna().sum()


def test_total_contract_value_is_a_lower_bound_with_coverage(ds):
    t = q.total(ds, Filters(), "contract_value")
    assert t["unit"].tolist() == ["DKK"]
    row = t.iloc[0]
    # 430 + 1.300 + 520 + 114 + 82 + 60 + 500 + 105 + 171 mio. kr., and from the third research pass the
    # Nyt OUH order, 'knap' 250 mio. kr. (F169), and the DNU tracking system, 36 mio. kr. (F208).
    assert row["value"] == 3_568_000_000
    # Aalborg psychiatry: "more than 500 mio." (lower); Nyt OUH: "knap 250 mio." (upper, F169): a sum of both is mixed.
    assert row["bound"] == "mixed"
    assert (row["reported"], row["projects"]) == (11, 48)  # 13 projects added by the third research pass
    assert (row["year_min"], row["year_max"]) == (2014, 2022)
    assert q.coverage(ds, Filters(), "contract_value") == q.Coverage(11, 48)


def test_filters_by_region_sector_form_years_and_country(ds):
    opp_nord = q.projects(ds, Filters.make(regions="1081", forms="opp"))
    assert sorted(opp_nord["project_id"]) == [
        "aalborg-phus", "aalborg-psykiatri", "aalborg-renseanlaeg", "hospice-vangen"]
    parking = q.projects(ds, Filters.make(sectors="parking"))
    assert len(parking) == 6
    # OPI includes its sub-kinds (market maturation, PCP, ESCO, ...)
    opi = q.count_by(ds, Filters.make(forms="opi"), "form").set_index("key")["n"]
    assert opi["pcp"] == 3 and opi["esco"] == 3 and "opp" not in opi  # pcp: + Unwired Health (F206)
    # Years: overlap with the range; projects without any year are left out.
    y = q.projects(ds, Filters.make(year_from=2020, year_to=2030))
    assert "hospice-vangen" in set(y["project_id"])  # 2017-2044 overlaps
    assert "silkeborg-phus" not in set(y["project_id"])  # no year known
    se = q.projects(ds, Filters.make(country="se"))
    assert se["project_id"].tolist() == ["karolinska-metodbok"]


def test_measure_by_region_with_coverage(ds):
    m = q.measure_by(ds, Filters(), "contract_value", "region").set_index("key")
    assert m.loc["1081", "value"] == 82e6 + 60e6 + 500e6
    assert m.loc["1081", "bound"] == "lower"
    assert (m.loc["1081", "reported"], m.loc["1081", "projects"]) == (3, 6)
    # + the DNU tracking system, 36 mio. kr. (F208)
    assert m.loc["1082", "value"] == 1300e6 + 114e6 + 36e6 and m.loc["1082", "bound"] == "exact"


def test_public_funding_sums_keep_upper_bounds_and_currencies_apart(ds):
    t = q.total(ds, Filters(), "public_funding").set_index("unit")
    assert set(t.index) == {"DKK", "SEK"}
    assert t.loc["SEK", "value"] == 975_000
    # 10 (just under) + 12 + 2,3 + 3,3 + 25 + 0,8 (up to) + 1,1 (up to) + 4 mio. kr.
    # + 7 mio. kr. from Innovationsfonden to O2matic (F184)
    assert t.loc["DKK", "value"] == pytest.approx(65_500_000)
    assert t.loc["DKK", "bound"] == "upper"


def test_per_100k_inhabitants(ds):
    p = q.per_100k(ds, Filters()).set_index("key")
    assert list(sorted(p.index)) == ["1081", "1082", "1083", "1084", "1085"]
    assert p.loc["1081", "per_100k"] == pytest.approx(6 / 593135 * 100_000)
    v = q.per_100k(ds, Filters(), "contract_value").set_index("key")
    assert v.loc["1082", "per_100k"] == pytest.approx(1450e6 / 1365688 * 100_000)  # 1414 + 36 mio. kr. (F208)


def test_effects_keep_expected_and_realised_apart(ds):
    e = q.effects(ds)
    assert set(e["measure_id"]) <= set(q.EFFECT_MEASURES)
    jobs = e[e["measure_id"] == "expected_jobs"]["value"].tolist()
    assert sorted(jobs) == [9, 15, 23, 311, 809]  # 15: planned hires for the Nyt OUH order (F169)
    realised = e[e["measure_id"] == "realised_jobs"]
    assert realised["value"].tolist() == [6000]
    regional = q.effects(ds, Filters.make(regions="1082"))
    assert set(regional["measure_id"]) == {"expected_jobs"}  # Veinux only


def test_spending_per_inhabitant_and_never_summed_over_years(ds):
    s = q.spending(ds, Filters.make(regions="1082"), "health_total")
    assert len(s) == 1 and s.iloc[0]["year"] == 2024
    assert s.iloc[0]["per_inhabitant"] == pytest.approx(33e9 / 1365688)
    national = q.spending(ds, Filters.make(regions="DK"), "health_total")
    dated = national[national["year"].notna()]
    assert not dated.duplicated(["year", "measure"]).any()  # one figure per year and measure
    period = q.spending(ds, Filters.make(regions="1084"), "health_it").set_index("spending_id")
    # A five-year programme total is not divided into a per-inhabitant figure.
    assert period.loc["F116-1", "per_inhabitant"] is pd.NA
    assert period.loc["F113-1", "per_inhabitant"] == pytest.approx(370e6 / 1911067)


def test_undated_spending_gets_no_per_inhabitant_figure(ds):
    s = q.spending(ds).set_index("spending_id")
    assert s.loc["F004-1", "per_inhabitant"] is pd.NA  # "over 50 mia.", undated
    assert s.loc["F160-1", "per_inhabitant"] is pd.NA  # budget year not shown


def test_partnerships_follow_the_filters(ds):
    assert set(q.partnerships(ds)["partnership_id"]) == set(ds["partnerships"]["partnership_id"])
    assert q.partnerships(ds, Filters.make(regions="1084"))["partnership_id"].tolist() == [
        "rh-energipartnerskab", "procure4health"]  # Procure4Health: F217


# ------------------------------------------------------------------ from test_charts_registry.py
def test_region_chart_summary_names_the_top_region(ds):
    data = CHARTS["projects-by-region"].build(ds, Filters(), "da")
    # Third research pass: 13 more projects, 6 of them in Region Hovedstaden (F165, F182, F183, F185, F186, F207).
    assert CHARTS["projects-by-region"].summary(data, "da") == "Region Hovedstaden har flest samarbejder: 15 af 48."


# ------------------------------------------------------------------ from test_charts_programmes.py
def test_opp_pool_by_year():
    frame = build("programmes-opp-pool").frame
    assert list(frame["year"]) == [2013, 2014, 2015, 2016, 2017]
    amounts = [None if str(a) == "<NA>" else a for a in frame["amount"]]
    # F055 300 mio. kr. 2013 (S039); 2014 not reported; F058/F060/F061 400 mio. kr. 2015, 2016, 2017.
    assert amounts == [300_000_000, None, 400_000_000, 400_000_000, 400_000_000]
    assert list(frame["text"]) == ["300 mio. kr.", "ikke oplyst", "400 mio. kr.", "400 mio. kr.", "400 mio. kr."]
    assert list(frame["source_id"].fillna("")) == ["S039", "", "S040", "S041", "S042"]
    assert summary("programmes-opp-pool") == (
        "OPP-puljen var 300 mio. kr. i 2013 og 400 mio. kr. i 2017; beløbet er oplyst for 4 af de 5 år 2013–2017.")


def test_opp_pool_notes_the_cumulative_figure_without_plotting_it():
    data = build("programmes-opp-pool")
    assert 841_300_000 not in set(data.frame["amount"].dropna())
    assert any("841,3 mio. kr. i 2015" in n for n in data.notes)
    assert any("ikke oplyst for 2014" in n for n in data.notes)


def test_opp_pool_year_range_and_filters_that_do_not_apply(served_app):
    assert list(build("programmes-opp-pool", Filters.make(year_from=2015, year_to=2016)).frame["year"]) == [2015, 2016]
    empty = build("programmes-opp-pool", Filters.make(year_from=2020))
    assert empty.empty and empty.notes
    card = str(chart_card("programmes-opp-pool", Filters.make(year_from=2020), "da"))
    assert "Ingen data for dette udvalg." in card
    notes = build("programmes-opp-pool", Filters.make(regions="1084")).notes
    assert any(n.startswith("Filtrene for region gælder ikke her") for n in notes)


def test_sygehuspartnerskabet_shares_sum_to_its_100_mio():
    frame = build("programmes-sygehuspartnerskabet-shares").frame
    assert len(frame) == 6
    assert frame["amount"].sum() == 100_000_000  # summed here, in the test, to check the curated shares
    by_id = frame.set_index("programme_id")["amount"]
    assert by_id["sygehuspartnerskabet-stat"] == 50_000_000
    for code in ("1081", "1082", "1083", "1084", "1085"):
        assert by_id[f"sygehuspartnerskabet-{code}"] == 10_000_000
    # The 2014 PCP round has a budget of its own (25 mio. kr.): it is not a share.
    assert "sygehuspartnerskabet-pcp-2014" not in by_id
    assert summary("programmes-sygehuspartnerskabet-shares") == (
        "Sygehuspartnerskabets budget på 100 mio. kr. (2011) kom fra 6 parter; den største er "
        "Markedsmodningsfondens andel: 50 mio. kr., og hver af de 5 regioner gav 10 mio. kr.")


def test_medical_devices_partnership_members_by_kind():
    frame = build("programmes-medicoindkoeb-members").frame
    assert dict(zip(frame["kind"], frame["n"], strict=True)) == {
        "company": 6, "region": 3, "municipality": 1, "ministry": 2, "state_agency": 1}
    assert list(frame["label"]) == ["Virksomheder", "Regioner", "Kommuner", "Ministerier", "Statslige styrelser"]
    assert frame["n"].sum() == 13 == len([r for r in read("partnership_members")
                                          if r["partnership_id"] == "medicoindkoeb-2019"])
    assert summary("programmes-medicoindkoeb-members") == (
        "Partnerskabet har 13 medlemmer: 6 virksomheder, 3 regioner, 1 kommune, 2 ministerier og 1 statslig styrelse.")
    assert "Kilden oplyser 13 medlemmer, og alle 13 er navngivet." in build("programmes-medicoindkoeb-members").notes


def test_timeline_never_extends_an_unknown_end_year():
    frame = build("programmes-timeline").frame.set_index("item_id")
    assert str(frame.loc["medicoindkoeb-2019", "end_year"]) == "<NA>"
    assert frame.loc["medicoindkoeb-2019", "years"] == "fra 2019, slutår ikke oplyst"
    assert frame.loc["opp-puljen", "years"] == "2013–2017"


def test_timeline_amounts_keep_year_and_currency_and_are_not_added():
    frame = build("programmes-timeline").frame.set_index("item_id")
    money = frame.loc["ls-innovative-indkoeb", "money"]
    assert "18 mio. kr. (2021–2023)" in money and "9 mio. kr. (2021)" in money  # two figures, not 27
    swedish = frame.loc["vinnova-innovationsupphandling-2012", "money"]
    assert "24 mio. SEK (2012)" in swedish and "9 mio. SEK (2013–2015)" in swedish and "kr." not in swedish
    assert frame.loc["vinnova-innovationsupphandling-2012", "name"].endswith("(Sverige)")
    assert "Svenske beløb er i SEK og er ikke omregnet til kroner." in build("programmes-timeline").notes


def test_timeline_respects_filters():
    frame = build("programmes-timeline", Filters.make(regions="1084")).frame
    # + the Capital Region's OPI pool 2013 (F180) and Copenhagen Spin-outs (F211), third research pass
    assert set(frame["item_id"]) == {"sund-vaegt", "rh-energipartnerskab", "rh-opi-pulje-2013", "copenhagen-spin-outs"}
    opi = build("programmes-timeline", Filters.make(forms="opi")).frame
    assert set(opi["form_id"]) <= {"opi", "market_maturation", "pcp", "innovation_partnership", "esco",
                                   "innovative_procurement"}


def test_summary_of_timeline():
    data = build("programmes-timeline")
    assert summary("programmes-timeline") == (
        f"Tidslinjen viser de {len(data.frame)} af {data.extra['total']} programmer og partnerskaber, der har et "
        f"kendt startår, fra 2007 til 2028; {int(data.frame['end_year'].isna().sum())} har intet oplyst slutår.")
    # 2028: Velfærdsteknologi 2026-2028 (F218), third research pass


# ------------------------------------------------------------------ from test_charts_spending.py
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


def test_medicines_by_year_as_in_the_csv():
    frame = build("spending-medicines").frame
    assert list(frame["period"]) == ["2010", "2021", "2022", "2022–2023"]
    assert list(frame["amount"]) == [7_500_000_000, 9_300_000_000, 9_300_000_000, 9_444_000_000]
    assert list(frame["text"]) == ["7,5 mia. kr.", "> 9,3 mia. kr.", "9,3 mia. kr.", "9,4 mia. kr."]
    assert list(frame["source_id"]) == ["S072", "S069", "S070", "S071"]
    assert summary("spending-medicines") == (
        "Regionernes indkøb af sygehusmedicin var 9,3 mia. kr. i 2022 mod 7,5 mia. kr. i 2010.")


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


def test_health_it_by_region_and_year():
    frame = build("spending-health-it").frame
    assert set(frame["spending_id"]) == {"F113-1", "F114-1", "F115-1", "F115-2", "F116-1", "F116-2"}
    row = frame.set_index("spending_id").loc["F116-1"]
    assert row["label"] == "Region Hovedstaden · regnskab 2014–2018" and row["amount"] == 989_000_000
    assert summary("spending-health-it") == (
        "Den største årlige it-udgift blandt de viste tal er Region Hovedstaden: 370 mio. kr. (drift 2019).")
    assert "Ingen udgift til sundheds-it i udvalget for Region Nordjylland og Region Syddanmark." in \
        build("spending-health-it").notes


def test_english_labels():
    frame = build("spending-regions-health", lang="en").frame.set_index("spending_id")
    assert frame.loc["F159-1", "label"] == "Capital Region of Denmark · accounts 2023"
    assert frame.loc["F160-1", "label"] == "Capital Region of Denmark · budget, year not stated"
    assert "per inhabitant" in frame.loc["F159-1", "text"]
