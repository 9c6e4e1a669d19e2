"""Programme charts checked against data/programmes.csv, figures.csv, partnerships.csv and
partnership_members.csv by hand."""

from __future__ import annotations

import csv

import pytest

import charts  # noqa: F401  (registers every chart)
from charts import programmes as cp
from charts.registry import CHARTS
from data import BUNDLED_DIR, Filters
from data.current import get_dataset
from ui.chart_card import chart_card

pytestmark = pytest.mark.usefixtures("dataset")  # the helpers read data.current
ALL = Filters()
PROGRAMME_CHARTS = ("programmes-timeline", "programmes-opp-pool", "programmes-sygehuspartnerskabet-shares",
                    "programmes-medicoindkoeb-members")
FILTERS = (Filters(), Filters.make(regions="1084"), Filters.make(year_from=2020), Filters.make(forms="opi"),
           Filters.make(sectors="medtech"))


def read(name: str) -> list[dict]:
    with (BUNDLED_DIR / f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def build(chart_id: str, f: Filters = ALL, lang: str = "da"):
    return CHARTS[chart_id].build(get_dataset(), f, lang)


def summary(chart_id: str, f: Filters = ALL, lang: str = "da") -> str:
    return CHARTS[chart_id].summary(build(chart_id, f, lang), lang)


@pytest.mark.parametrize("chart_id", PROGRAMME_CHARTS)
@pytest.mark.parametrize("f", FILTERS, ids=lambda f: repr(f)[8:60])
def test_sources_resolve(chart_id, f, dataset):
    data = build(chart_id, f)
    assert set(data.source_ids) <= set(dataset["sources"]["source_id"])
    if "source_id" in data.frame:
        assert set(data.frame["source_id"].dropna()) <= set(data.source_ids)


# ------------------------------------------------------------------ OPP pool
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


def test_opp_pool_year_range_and_filters_that_do_not_apply():
    assert list(build("programmes-opp-pool", Filters.make(year_from=2015, year_to=2016)).frame["year"]) == [2015, 2016]
    empty = build("programmes-opp-pool", Filters.make(year_from=2020))
    assert empty.empty and empty.notes
    card = str(chart_card("programmes-opp-pool", Filters.make(year_from=2020), "da"))
    assert "Ingen data for dette udvalg." in card
    notes = build("programmes-opp-pool", Filters.make(regions="1084")).notes
    assert any(n.startswith("Filtrene for region gælder ikke her") for n in notes)


# ------------------------------------------------------------------ Sygehuspartnerskabet
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


# ------------------------------------------------------------------ members
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
