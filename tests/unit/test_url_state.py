"""URL state: parsing drops bad values with notices; writing is short and stable."""

from __future__ import annotations

import pytest

from data import Filters, load_dataset
from ui.url_state import parse_query, to_query


@pytest.fixture(scope="module")
def ds():
    return load_dataset("data")


def test_filters_round_trip_through_the_query_string(ds):
    f = Filters.make(regions="1084,1081", sectors="parking", forms="opp", year_from=2012, year_to=2020)
    query = to_query(f)
    assert query == "?region=1081,1084&sector=parking&form=opp&from=2012&to=2020"
    assert parse_query(query, ds).filters == f


def test_defaults_give_an_empty_query():
    assert to_query(Filters()) == ""


def test_unknown_region_is_dropped_with_notice(ds):
    state = parse_query("?region=1084,9999", ds)
    assert state.filters.regions == ("1084",)
    assert [(n.key, n.value, n.reason) for n in state.notices] == [("region", "9999", "unknown_value")]


def test_unknown_key_and_bad_year_give_notices(ds):
    state = parse_query({"colour": "red", "from": "20x4", "to": "3000"}, ds)
    reasons = sorted(n.reason for n in state.notices)
    assert reasons == ["bad_year", "bad_year", "unknown_key"]
    assert state.filters == Filters()


def test_multi_valued_parameters_from_dash_kwargs(ds):
    state = parse_query({"region": ["1081", "1082"], "lang": "en"}, ds)
    assert state.filters.regions == ("1081", "1082")
    assert state.get("lang") == "en"
    assert to_query(state.filters, **dict(state.extra)) == "?region=1081,1082&lang=en"


def test_very_long_values_are_refused(ds):
    state = parse_query({"sector": "x" * 5000}, ds)
    assert state.notices[0].reason == "too_long" and state.filters == Filters()


def test_years_are_ordered(ds):
    f = parse_query("?from=2020&to=2010", ds).filters
    assert (f.year_from, f.year_to) == (2010, 2020)


def test_every_notice_reason_has_a_message_with_its_placeholders():
    from i18n.text import t

    for reason in ("unknown_key", "unknown_value", "bad_year", "too_long"):
        for lang in ("da", "en"):
            text = t(f"notice.{reason}", lang, key="region", value="9999")
            assert "region" in text
            assert "9999" in text or reason in ("unknown_key", "too_long")
