"""Query results checked against the CSV files by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from data import Filters, cache, load_dataset
from data import queries as q


@pytest.fixture(scope="module")
def ds():
    return load_dataset("data")


def programme_value(ds, programme_id: str, measure: str):
    """The single reported value of a programme measure, or None."""
    figs = q.programme_figures(ds, programme_id)
    figs = figs[figs["measure_id"] == measure]
    return figs.iloc[0]["value"] if len(figs) == 1 else None


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


def test_equivalent_filters_are_equal_and_hash_equal():
    a = Filters.make(regions=["1084", "1081", "1084"], forms="opp,opi", year_from=2020, year_to=2010)
    b = Filters.make(regions="1081,1084", forms=["opi", "opp"], year_from="2010", year_to=2020)
    assert a == b and hash(a) == hash(b)
    assert a.year_from == 2010 and a.year_to == 2020
    assert Filters.make(year_from=1200).year_from == 1990


def test_queries_are_cached_per_dataset_version_and_filters(ds):
    # data.cache stores pickled results: a hit is an equal copy, found under one key for equivalent filters.
    f1, f2 = Filters.make(regions="1084"), Filters.make(regions=["1084"])
    assert q.count_by.cache_key(ds, f1, "sector") == q.count_by.cache_key(ds, f2, "sector")
    first = q.count_by(ds, f1, "sector")
    assert cache.backend().get(q.count_by.cache_key(ds, f2, "sector")) is not None
    pd.testing.assert_frame_equal(q.count_by(ds, f2, "sector"), first)


def test_unknown_grouping_is_refused(ds):
    with pytest.raises(ValueError):
        q.count_by(ds, Filters(), "colour")


def test_undated_spending_gets_no_per_inhabitant_figure(ds):
    s = q.spending(ds).set_index("spending_id")
    assert s.loc["F004-1", "per_inhabitant"] is pd.NA  # "over 50 mia.", undated
    assert s.loc["F160-1", "per_inhabitant"] is pd.NA  # budget year not shown


def test_partnerships_follow_the_filters(ds):
    assert set(q.partnerships(ds)["partnership_id"]) == set(ds["partnerships"]["partnership_id"])
    assert q.partnerships(ds, Filters.make(regions="1084"))["partnership_id"].tolist() == [
        "rh-energipartnerskab", "procure4health"]  # Procure4Health: F217


def test_figures_of_a_programme_or_partnership_are_those_naming_it(ds):
    """The per-version index of figures by programme and partnership gives what filtering every
    figure by the id gives, for every id and for one without figures."""
    figs = ds["figures_labelled"]
    programmes = list(ds["programmes"]["programme_id"]) + ["no-such-programme"]
    partnerships = list(ds["partnerships"]["partnership_id"]) + ["no-such-partnership"]
    n = 0
    for pid in programmes:
        expected = figs[figs["programme_id"] == pid].reset_index(drop=True)
        pd.testing.assert_frame_equal(q.programme_figures(ds, pid), expected)
        n += len(expected)
    for pid in partnerships:
        expected = figs[figs["partnership_id"] == pid].reset_index(drop=True)
        pd.testing.assert_frame_equal(q.partnership_figures(ds, pid), expected)
        n += len(expected)
    assert n == int(figs["programme_id"].notna().sum() + figs["partnership_id"].notna().sum()) > 0
