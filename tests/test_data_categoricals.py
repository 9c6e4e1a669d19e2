"""Categorical columns (`data.schema_check.CATEGORICALS`: ids and vocabularies held as pandas
categoricals) change how the tables are held in memory, never what the app shows: every query and
every chart gives the same result with them on and off, on the bundled data and on a synthetic
package. And the project queries, which work on row positions and integer codes, give what the
plain pandas operations on the selected projects give."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

import components.charts  # noqa: F401  (registers the charts)
import data.schema_check as schema_check
from bench.generate import generate
from components.registry import CHARTS
from data import BUNDLED_DIR, Dataset, Filters, load_dataset
from data import queries as q

FILTERS = [
    Filters(),
    Filters.make(regions="1084"),
    Filters.make(regions="1084,1083", year_from=2012),
    Filters.make(sectors="construction"),
    Filters.make(forms="opi"),
    Filters.make(country="SE"),
    Filters.make(year_from=2015, year_to=2020),
    Filters.make(forms="opp,opi", year_to=2014),
    Filters.make(regions="1081", sectors="health_tech"),  # nothing in the bundled data
]


def _load(directory, categoricals: bool) -> Dataset:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(schema_check, "CATEGORICALS", categoricals)
        ds = load_dataset(directory)
    # Results are cached by data version: the two loads of one package must not share entries.
    object.__setattr__(ds, "version", f"{ds.version}-{'categorical' if categoricals else 'strings'}")
    return ds


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic-categoricals")
    generate(out, projects=400, spending=200, seed=3)
    return out


@pytest.fixture(scope="module", params=["bundled", "synthetic"])
def pair(request, synthetic_dir) -> tuple[Dataset, Dataset]:
    directory = BUNDLED_DIR if request.param == "bundled" else synthetic_dir
    return _load(directory, False), _load(directory, True)


def _plain(frame: pd.DataFrame) -> list[list]:
    """The values of a frame, with every kind of missing value as None (dtypes aside)."""
    return [[None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v for v in row]
            for row in frame.astype(object).itertuples(index=False)]


def _same_values(a, b) -> None:
    if isinstance(a, pd.DataFrame):
        assert list(a.columns) == list(b.columns)
        assert _plain(a) == _plain(b)
    else:
        assert a == b


def test_ids_and_vocabularies_are_categorical_when_on(pair):
    strings, categorical = pair
    for table, column in (("projects", "sector_id"), ("projects", "form_id"), ("figures", "measure_id"),
                          ("figures", "unit"), ("spending", "currency"), ("spending", "region_code")):
        assert isinstance(categorical[table][column].dtype, pd.CategoricalDtype), (table, column)
        assert str(strings[table][column].dtype) == "string", (table, column)
        assert categorical[table][column].astype("string").equals(strings[table][column]), (table, column)
    # Two columns of one table that refer to the same table are compared and combined: strings.
    assert str(categorical["projects"]["region_code"].dtype) == "string"


@pytest.mark.parametrize("f", FILTERS, ids=str)
def test_every_query_gives_the_same_with_and_without_categoricals(pair, f):
    strings, categorical = pair
    aggregates = [(q.count_by, (by,)) for by in sorted(q.GROUPS)]
    aggregates += [(q.measure_by, (m, by)) for m in q.PROJECT_MEASURES for by in ("region", "sector", "form")]
    aggregates += [(q.total, (m,)) for m in q.PROJECT_MEASURES]
    aggregates += [(q.per_100k, (m,)) for m in ("count", "contract_value", "public_funding")]
    for query, args in aggregates:  # the same values and the same dtypes
        pd.testing.assert_frame_equal(query(categorical, f, *args), query(strings, f, *args), obj=query.__name__)
    for m in q.PROJECT_MEASURES:
        assert q.coverage(categorical, f, m) == q.coverage(strings, f, m)
        assert q.project_sources(categorical, f, m) == q.project_sources(strings, f, m)
        assert q.programme_effects(categorical, f, m) == q.programme_effects(strings, f, m)
    for m in q.EFFECT_MEASURES:
        assert q.effect_coverage(categorical, f, m) == q.effect_coverage(strings, f, m)
    for regions, m in ((("1081", "1084"), None), (("1082",), "contract_value"), ((), None)):
        assert q.region_counts(categorical, f, regions, m) == q.region_counts(strings, f, regions, m)
    assert q.project_sources(categorical, f) == q.project_sources(strings, f)
    assert q.project_count(categorical, f) == q.project_count(strings, f)
    rows = [q.projects, q.programmes, q.partnerships, q.effects, q.spending]
    for query in rows:  # row-level frames: ids may be categorical, the values are the same
        _same_values(query(categorical, f), query(strings, f))
    for category in strings["spending_categories"]["category_id"]:
        _same_values(q.spending(categorical, f, category), q.spending(strings, f, category))


def test_derived_tables_are_the_same(pair):
    strings, categorical = pair
    _same_values(q.projects_wide(categorical), q.projects_wide(strings))
    _same_values(q.figures_labelled(categorical), q.figures_labelled(strings))
    for pid in strings["programmes"]["programme_id"].head(50):
        _same_values(q.programme_figures(categorical, pid), q.programme_figures(strings, pid))


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


@pytest.mark.parametrize("chart_id", sorted(CHARTS))
def test_every_chart_draws_the_same_with_and_without_categoricals(pair, chart_id):
    strings, categorical = pair
    chart = CHARTS[chart_id]
    for f in FILTERS[:5]:
        for lang in ("da", "en"):
            a, b = chart.build(strings, f, lang), chart.build(categorical, f, lang)
            _same_values(b.frame, a.frame)
            assert (b.columns, b.source_ids, b.notes) == (a.columns, a.source_ids, a.notes), (f, lang)
            # The map's boundaries URL names the data version, which the two loads tell apart.
            assert _json(b.extra).replace(categorical.version, "V") == _json(a.extra).replace(strings.version, "V")
            assert b.empty == a.empty, (f, lang)
            if not a.empty:  # as the chart card draws it
                assert (_json(chart.figure(b, lang)).replace(categorical.version, "V")
                        == _json(chart.figure(a, lang)).replace(strings.version, "V")), (f, lang)
                assert chart.summary(b, lang) == chart.summary(a, lang), (f, lang)


# ---------------------------------------------------------------- against plain pandas
def _keys(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Long frame, a row per project and group key (the queries' definition)."""
    if by == "region":
        first = frame.assign(key=frame["region_code"])
        second = frame[frame["region_code_2"].notna()].assign(key=lambda d: d["region_code_2"])
        long = pd.concat([first, second], ignore_index=True)
        long["key"] = long["key"].fillna("not_stated")
        return long
    column = {"sector": "sector_id", "form": "form_id", "programme": "programme_id"}.get(by, by)
    return frame.assign(key=frame[column].astype("string").fillna("not_stated"))


def _count_by(ds, f, by):
    counts = _keys(q.projects(ds, f), by).groupby("key", dropna=False).size().rename("n").reset_index()
    out = counts.merge(q.labels(ds, by), on="key", how="left")
    return out.sort_values(["n", "key"], ascending=[False, True]).reset_index(drop=True)


def _measure_by(ds, f, measure, by):
    long = _keys(q.projects(ds, f), by)
    totals = long.groupby("key").size().rename("projects")
    rep = long[long[measure].notna()]
    if rep.empty:
        out = totals.reset_index().assign(unit=pd.NA, value=pd.NA, bound=pd.NA, reported=0,
                                          year_min=pd.NA, year_max=pd.NA)
    else:
        grouped = rep.groupby(["key", measure + "_unit"])
        out = pd.DataFrame({
            "value": grouped[measure].sum(),
            "bound": grouped[measure + "_bound"].agg(q.combine_bounds),
            "reported": grouped.size(),
            "year_min": grouped[measure + "_year"].min(),
            "year_max": grouped[measure + "_year"].max(),
        }).reset_index().rename(columns={measure + "_unit": "unit"})
        out = out.merge(totals.reset_index(), on="key", how="right")
        out["reported"] = out["reported"].fillna(0).astype(int)
    out = out.merge(q.labels(ds, by), on="key", how="left")
    columns = ["key", "name_da", "name_en", "unit", "value", "bound", "reported", "projects", "year_min", "year_max"]
    return out[columns].sort_values(["value", "key"], ascending=[False, True],
                                    na_position="last").reset_index(drop=True)


def _total(ds, f, measure):
    frame = q.projects(ds, f)
    rep = frame[frame[measure].notna()]
    rows = [{"unit": unit, "value": float(part[measure].sum()), "bound": q.combine_bounds(part[measure + "_bound"]),
             "reported": len(part), "projects": len(frame), "year_min": part[measure + "_year"].min(),
             "year_max": part[measure + "_year"].max()}
            for unit, part in rep.groupby(measure + "_unit")]
    return pd.DataFrame(rows, columns=["unit", "value", "bound", "reported", "projects", "year_min", "year_max"])


def _projects(ds, f):
    """The selection by pandas operations on the wide table."""
    wide = q.projects_wide(ds)
    mask = pd.Series(True, index=wide.index)
    if f.regions:
        mask &= wide["region_code"].isin(f.regions) | wide["region_code_2"].isin(f.regions)
    if f.sectors:
        mask &= wide["sector_id"].isin(f.sectors)
    if f.forms:
        mask &= wide["form_id"].isin(q._form_closure(ds, f.forms))
    if f.country:
        mask &= (wide["country"] == f.country).fillna(False)
    if f.year_from is not None or f.year_to is not None:
        start = wide["start_year"].fillna(wide["end_year"])
        end = wide["end_year"].fillna(wide["start_year"])
        mask &= start.notna() & (start <= (f.year_to or 10**6)).fillna(False) & (
            end >= (f.year_from or -10**6)).fillna(False)
    return wide[mask].reset_index(drop=True)


@pytest.mark.parametrize("f", FILTERS, ids=str)
def test_project_queries_give_what_pandas_gives_on_the_selection(pair, f):
    strings, _ = pair
    ds = strings
    pd.testing.assert_frame_equal(q.projects(ds, f), _projects(ds, f))
    for by in sorted(q.GROUPS):
        pd.testing.assert_frame_equal(q.count_by(ds, f, by), _count_by(ds, f, by))
    frame = q.projects(ds, f)
    for m in q.PROJECT_MEASURES:
        for by in ("region", "sector", "form", "programme"):
            pd.testing.assert_frame_equal(q.measure_by(ds, f, m, by), _measure_by(ds, f, m, by))
        pd.testing.assert_frame_equal(q.total(ds, f, m), _total(ds, f, m))
        assert q.coverage(ds, f, m) == q.Coverage(int(frame[m].notna().sum()), len(frame))
        assert q.project_sources(ds, f, m) == q.distinct(frame.loc[frame[m].notna(), f"{m}_source"])
        pd.testing.assert_frame_equal(q.project_columns(ds, f, (m, f"{m}_unit")), frame[[m, f"{m}_unit"]])
    assert q.project_sources(ds, f) == q.distinct(frame["source_id"])
    assert q.project_count(ds, f) == len(frame)
    for regions, m in ((("1081", "1084"), None), (("1082", "DK"), "contract_value"), ((), None)):
        inside = frame["region_code"].isin(regions) | frame["region_code_2"].isin(regions)
        reporting = int(frame.loc[inside, m].notna().sum()) if m else 0
        assert q.region_counts(ds, f, regions, m) == (int(inside.sum()), reporting, int((~inside).sum()),
                                                      int(frame["region_code_2"].notna().sum()))
    programmes = q.programmes(ds, f)
    for m in q.EFFECT_MEASURES:
        figs = ds["figures"][ds["figures"]["measure_id"] == m]
        assert q.effect_coverage(ds, f, m) == (int(frame["project_id"].isin(figs["project_id"]).sum()), len(frame),
                                               int(programmes["programme_id"].isin(figs["programme_id"]).sum()),
                                               len(programmes))
    figs = q.figures_labelled(ds)
    figs = figs[figs["measure_id"].isin(q.EFFECT_MEASURES)]
    if f != Filters():
        figs = figs[q.isin(figs["project_id"], frame["project_id"])
                    | q.isin(figs["programme_id"], q.programmes(ds, f)["programme_id"])]
    pd.testing.assert_frame_equal(q.effects(ds, f), figs.reset_index(drop=True))


def test_figures_labelled_is_the_figures_joined_with_their_measures(pair):
    for ds in pair:
        m = ds["measures"].rename(columns={"name_da": "measure_da", "name_en": "measure_en", "kind": "measure_kind"})
        joined = ds["figures"].astype({"measure_id": "string"}).merge(
            m.drop(columns=["source_id"]).astype({"measure_id": "string"}), on="measure_id", how="left")
        _same_values(q.figures_labelled(ds).drop(columns="measure_id"), joined.drop(columns="measure_id"))


@pytest.mark.parametrize("categorical", [False, True], ids=["strings", "categorical"])
def test_the_wide_table_keeps_the_latest_year_of_a_measure(categorical):
    """Several figures of one measure for one project: the latest year wins (missing years count as
    earliest), as pandas' sort_values and drop_duplicates(keep="last") chose it."""
    projects = pd.DataFrame({"project_id": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"]}, dtype="string")
    figures = pd.DataFrame({
        "figure_id": [f"F{i}" for i in range(11)],
        "project_id": ["a", "a", "a", "b", "b", "c", None, "c", "a", "d", "d"],
        "measure_id": ["budget", "budget", "budget", "budget", "public_funding", "budget", "budget", "n_jobs",
                       "public_funding", "budget", "budget"],
        "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0],
        "bound": ["exact", "lower", "exact", "exact", "upper", "exact", "exact", "exact", "exact", "exact", "exact"],
        "unit": ["DKK", "DKK", "SEK", "DKK", "DKK", "DKK", "DKK", "count", "DKK", "DKK", "DKK"],
        "year": pd.array([2019, None, 2021, None, 2020, 2018, 2030, 2030, None, 2020, 2020], dtype="Int64"),
        "source_id": ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11"],
    }).astype({c: "string" for c in ("figure_id", "project_id", "measure_id", "bound", "unit", "source_id")})
    if categorical:
        figures = figures.astype({c: "category" for c in ("project_id", "measure_id", "bound", "unit", "source_id")})
    ds = Dataset(tables={"projects": projects, "figures": figures}, version=f"wide-test-{categorical}", updated="",
                 title="", descriptor={})
    wide = q.projects_wide(ds).set_index("project_id")
    assert (wide.loc["a", "budget"], wide.loc["a", "budget_unit"], wide.loc["a", "budget_year"]) == (3.0, "SEK", 2021)
    assert (wide.loc["a", "public_funding"], wide.loc["a", "public_funding_source"]) == (9.0, "S9")
    assert wide.loc["b", "budget"] == 4.0 and wide.loc["b", "budget_year"] is pd.NA
    assert (wide.loc["b", "public_funding"], wide.loc["b", "public_funding_bound"]) == (5.0, "upper")
    assert wide.loc["c", "budget"] == 6.0 and wide.loc["d", "budget"] in (10.0, 11.0)  # a tie: see below
    assert wide.loc[["c", "d"], "public_funding"].isna().all()
    assert list(wide.index) == ["a", "b", "c", "d"] and wide["name"].tolist() == ["A", "B", "C", "D"]
    assert str(wide["budget"].dtype) == "Float64"
    # The same as the pandas way.
    reference = figures[figures["project_id"].notna() & figures["measure_id"].isin(q.PROJECT_MEASURES)]
    reference = reference.sort_values("year", na_position="first").drop_duplicates(
        ["project_id", "measure_id"], keep="last")
    for _, row in reference.iterrows():
        assert wide.loc[row["project_id"], row["measure_id"]] == row["value"]
    assert q.figure_project_rows(ds).tolist() == [0, 0, 0, 1, 1, 2, -1, 2, 0, 3, 3]
    assert np.issubdtype(q.figure_project_rows(ds).dtype, np.integer)
