"""Charts that list reported figures one by one draw at most registry.MAX_ROWS of them.

On the curated data no chart comes near the cap, so nothing changes there. On a synthetic package
with thousands of rows, each row-listing chart keeps the largest (impact) or newest (spending)
figures, says so in a note next to the chart, and its summary still counts every figure in the
selection. Expected values are computed from the package with data.queries, not written in.
"""

from __future__ import annotations

import pandas as pd
import pytest

import charts  # noqa: F401  (registers the charts)
from bench.generate import generate
from charts.registry import CHARTS, MAX_ROWS, cap_rows
from data import Filters, load_dataset
from data import queries as q
from i18n.text import t
from settings import load_settings

ROW_CHARTS = ("expected-jobs", "expected-turnover", "realised-effects",
              "spending-regions-health", "spending-health-it", "spending-medicines", "spending-procurement")


# ------------------------------------------------------------------ the helper
def frame(values) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"r{i}" for i in range(len(values))], "value": pd.array(values, dtype="Float64"),
                         "group": ["a" if i % 2 else "b" for i in range(len(values))]})


def test_a_frame_within_the_cap_comes_back_unchanged_and_without_a_note():
    df = frame(range(MAX_ROWS))
    kept, notes = cap_rows(df, "value", "da")
    assert kept is df
    assert notes == ()


def test_the_largest_rows_are_kept_in_the_frames_own_order_and_the_note_counts_them():
    values = [float((i * 37) % 101) for i in range(MAX_ROWS + 10)]
    df = frame(values)
    kept, notes = cap_rows(df, "value", "da")
    assert len(kept) == MAX_ROWS
    assert list(kept.index) == sorted(kept.index)  # own order
    left_out = df[~df.index.isin(kept.index)]
    assert kept["value"].min() >= left_out["value"].max()
    assert notes == (t("chart.rows_capped.largest", "da", total=str(MAX_ROWS + 10), shown=str(MAX_ROWS)),)


def test_rows_without_a_value_are_the_first_left_out():
    df = frame([None] * 5 + list(range(MAX_ROWS)))
    kept, _ = cap_rows(df, "value", "en")
    assert kept["value"].notna().all()
    assert len(kept) == MAX_ROWS


def test_per_group_keeps_n_of_each_group_and_says_so():
    df = frame(range(30))  # 15 in each group
    kept, notes = cap_rows(df, "value", "en", n=10, per="group")
    assert kept.groupby("group").size().to_dict() == {"a": 10, "b": 10}
    for _, part in df.groupby("group"):
        assert kept[kept["group"] == part["group"].iloc[0]]["value"].min() == part["value"].nlargest(10).min()
    assert notes == (t("chart.rows_capped.largest_each", "en", total="30", shown="10"),)
    assert cap_rows(df, "value", "en", n=15, per="group")[1] == ()


# ------------------------------------------------------------------ the charts
def test_the_curated_data_never_reaches_the_cap():
    ds = load_dataset(load_settings().data_dir)
    capped = {t(k, lang, total="", shown="").split(";")[0][:12]
              for k in ("chart.rows_capped.largest", "chart.rows_capped.newest") for lang in ("da", "en")}
    for chart_id in (*ROW_CHARTS, "effects-per-mio-granted"):  # (the synthetic package has no ratios)
        data = CHARTS[chart_id].build(ds, Filters.make(), "da")
        assert len(data.frame) < MAX_ROWS
        assert not any(note.startswith(prefix) for note in data.notes for prefix in capped)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    out = tmp_path_factory.mktemp("big")
    generate(out, projects=4000, spending=4000, seed=3)
    return load_dataset(out)


@pytest.mark.parametrize("chart_id", ROW_CHARTS)
def test_a_large_selection_draws_at_most_the_cap_and_says_so(big, chart_id):
    data = CHARTS[chart_id].build(big, Filters.make(), "da")
    assert 0 < len(data.frame) <= MAX_ROWS
    assert any("viser de" in note for note in data.notes), data.notes
    spec = CHARTS[chart_id].figure(data, "da")
    drawn = spec["data"][0]
    points = drawn["cells"]["values"][0] if drawn["type"] == "table" else drawn.get("y") or drawn.get("x")
    assert len(points) == len(data.frame)
    CHARTS[chart_id].summary(data, "da")  # still reads


def test_expected_jobs_keeps_the_largest_figures_and_its_summary_counts_all_of_them(big):
    e = q.effects(big, Filters.make())
    every = e[e["measure_id"] == "expected_jobs"]
    assert len(every) > MAX_ROWS  # the package is large enough to test the cap
    data = CHARTS["expected-jobs"].build(big, Filters.make(), "da")
    assert list(data.frame["value"]) == sorted(every["value"].dropna(), reverse=True)[:MAX_ROWS]
    summary = CHARTS["expected-jobs"].summary(data, "da")
    assert summary.startswith(f"{len(every)} ") or summary.startswith(f"{len(every):,}".replace(",", "."))
    assert set(data.source_ids) == set(data.frame["source_id"])  # every drawn figure keeps its source


def test_spending_keeps_the_newest_figures_and_names_every_region_that_has_any(big):
    rows = q.spending(big, Filters.make(), "health_total")
    rows = rows[rows["region_code"].isin(("1081", "1082", "1083", "1084", "1085"))]
    assert len(rows) > MAX_ROWS
    data = CHARTS["spending-regions-health"].build(big, Filters.make(), "da")
    last = data.frame["year_end"].fillna(data.frame["year"])
    every_last = rows["year_end"].fillna(rows["year"])
    assert last.min() >= every_last.sort_values(ascending=False).iloc[MAX_ROWS - 1]
    # A region with figures in the selection is never said to have none because of the cap.
    assert not any(note.startswith(t("spending.note.missing_regions", "da", names="")[:20]) for note in data.notes)
