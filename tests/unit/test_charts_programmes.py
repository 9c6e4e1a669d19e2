"""Programme charts checked against data/programmes.csv and partnerships.csv. The bundled package's
own figures (the OPP pool, Sygehuspartnerskabet's shares, members, the timeline's texts) are pinned in
test_data_audit.py."""

from __future__ import annotations

import pytest

import charts  # noqa: F401  (registers every chart)
from charts import programmes as cp
from data import Filters
from tests.helpers_data import build, read

pytestmark = pytest.mark.usefixtures("dataset")  # the helpers read data.current
ALL = Filters()
PROGRAMME_CHARTS = ("programmes-timeline", "programmes-opp-pool", "programmes-sygehuspartnerskabet-shares",
                    "programmes-medicoindkoeb-members")
FILTERS = (Filters(), Filters.make(regions="1084"), Filters.make(year_from=2020), Filters.make(forms="opi"),
           Filters.make(sectors="medtech"))


@pytest.mark.parametrize("chart_id", PROGRAMME_CHARTS)
@pytest.mark.parametrize("f", FILTERS, ids=lambda f: repr(f)[8:60])
def test_sources_resolve(chart_id, f, dataset):
    data = build(chart_id, f)
    assert set(data.source_ids) <= set(dataset["sources"]["source_id"])
    if "source_id" in data.frame:
        assert set(data.frame["source_id"].dropna()) <= set(data.source_ids)


# ------------------------------------------------------------------ timeline
def test_timeline_shows_top_level_programmes_and_partnerships_with_a_start_year():
    programmes, partnerships = read("programmes"), read("partnerships")
    top = [p for p in programmes if not p["parent_id"]]
    expected = {p["programme_id"] for p in top if p["start_year"]} | \
               {p["partnership_id"] for p in partnerships if p["start_year"]}
    data = build("programmes-timeline")
    assert set(data.frame["item_id"]) == expected
    total = len(top) + len(partnerships)
    shown = len(expected)
    assert data.extra["total"] == total
    assert data.notes[0].startswith(f"Startår er oplyst for {shown} af {total} programmer og partnerskaber")
    children = {p["programme_id"] for p in programmes if p["parent_id"]}
    assert not children & set(data.frame["item_id"])


# ------------------------------------------------------------------ the programme list order
def test_children_follow_their_parent_indented(dataset):
    ordered = cp.ordered_with_depth(dataset["programmes"])
    ids = [row["programme_id"] for row, _, _ in ordered]
    depth = {row["programme_id"]: d for row, d, _ in ordered}
    assert len(ids) == len(dataset["programmes"]) and len(set(ids)) == len(ids)
    assert depth["sygehuspartnerskabet"] == 0
    assert depth["sygehuspartnerskabet-1084"] == 1
    assert depth["sygehuspartnerskabet-logistik-2012-1083"] == 2
    parent_at = ids.index("sygehuspartnerskabet")
    for child in ("sygehuspartnerskabet-stat", "sygehuspartnerskabet-pcp-2014"):
        assert ids.index(child) > parent_at
    assert ids.index("sygehuspartnerskabet-logistik-2012-1083") == ids.index("sygehuspartnerskabet-logistik-2012") + 1


def test_a_child_without_its_parent_in_the_selection_says_whose_part_it_is(dataset):
    progs = dataset["programmes"]
    only_child = progs[progs["programme_id"] == "sygehuspartnerskabet-1084"]
    [(row, depth, orphan_of)] = cp.ordered_with_depth(only_child)
    assert depth == 0 and orphan_of == "sygehuspartnerskabet"
