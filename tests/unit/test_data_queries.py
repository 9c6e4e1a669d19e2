"""Query rules that hold for any valid package. The bundled package's figures, checked against the CSV files
by hand, are pinned in test_data_audit.py."""

from __future__ import annotations

import pandas as pd
import pytest

from data import Filters, cache
from data import queries as q


@pytest.fixture
def ds(bundled):
    return bundled


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
