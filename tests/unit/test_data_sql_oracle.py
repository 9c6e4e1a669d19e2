"""The SQL queries (data/queries.py, on the version's DuckDB store) give what plain pandas operations
on the validated tables give: the pandas computations below are the oracle, on the bundled data and on
a synthetic package."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from bench.generate import generate
from data import BUNDLED_DIR, Dataset, Filters, load_dataset
from data import queries as q
from data.package import build_dataset

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
    Filters.make(regions="DK"),
]


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic-oracle")
    generate(out, projects=400, spending=200, seed=3)
    return out


@pytest.fixture(scope="module", params=["bundled", "synthetic"])
def ds(request, synthetic_dir) -> Dataset:
    return load_dataset(BUNDLED_DIR if request.param == "bundled" else synthetic_dir)


def _plain(frame: pd.DataFrame) -> list[list]:
    """The values of a frame, with every kind of missing value as None (dtypes aside)."""
    return [[None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v for v in row]
            for row in frame.astype(object).itertuples(index=False)]


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns)
    assert _plain(a) == _plain(b)


# ---------------------------------------------------------------- the oracle
def combine_bounds(bounds: pd.Series) -> str:
    """Bound of a sum: exact, lower, upper, or mixed (lower and upper bounds together)."""
    kinds = set(pd.unique(bounds.dropna())) - {"exact"}
    if not kinds:
        return "exact"
    return kinds.pop() if len(kinds) == 1 else "mixed"


def labels(ds: Dataset, by: str) -> pd.DataFrame:
    """Danish and English labels of a grouping's keys, "not stated" included."""
    tables = {"region": ("regions", "region_code"), "sector": ("sectors", "sector_id"), "form": ("forms", "form_id"),
              "programme": ("programmes", "programme_id")}
    if by in tables:
        table, key = tables[by]
        t = ds[table][[key, "name_da", "name_en"]].rename(columns={key: "key"})
    else:
        t = pd.DataFrame(columns=["key", "name_da", "name_en"], dtype="string")
    return pd.concat([t, pd.DataFrame([q.NOT_STATED], dtype="string")], ignore_index=True)


def _wide(ds: Dataset) -> pd.DataFrame:
    """One row per project with its measures: the latest year's figure of each (missing years first)."""
    figures = ds["figures"]
    figures = figures[figures["project_id"].notna() & figures["measure_id"].isin(q.PROJECT_MEASURES)]
    figures = figures.sort_values("year", na_position="first", kind="stable").drop_duplicates(
        ["project_id", "measure_id"], keep="last")
    out = ds["projects"].copy()
    for m in q.PROJECT_MEASURES:
        part = figures[figures["measure_id"] == m].set_index("project_id")
        for column, suffix in (("value", ""), ("bound", "_bound"), ("unit", "_unit"), ("year", "_year"),
                               ("source_id", "_source")):
            out[m + suffix] = out["project_id"].map(part[column])
    return out


def _form_closure(ds, forms) -> set[str]:
    table = ds["forms"]
    return set(forms) | set(table[table["parent_form_id"].isin(forms)]["form_id"])


def _in_filters(ds, frame: pd.DataFrame, f: Filters, region_cols=("region_code",)) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    if f.regions:
        inside = pd.Series(False, index=frame.index)
        for col in region_cols:
            inside |= frame[col].isin(f.regions).fillna(False)
        mask &= inside
    if f.sectors:
        mask &= frame["sector_id"].isin(f.sectors).fillna(False)
    if f.forms:
        mask &= frame["form_id"].isin(_form_closure(ds, f.forms)).fillna(False)
    if f.country:
        mask &= (frame["country"] == f.country).fillna(False)
    if f.year_from is not None or f.year_to is not None:
        start = frame["start_year"].fillna(frame["end_year"])
        end = frame["end_year"].fillna(frame["start_year"])
        mask &= start.notna() & (start <= (f.year_to or 10**6)).fillna(False) & (
            end >= (f.year_from or -10**6)).fillna(False)
    return mask.astype(bool)


def _projects(ds, f):
    wide = _wide(ds)
    return wide[_in_filters(ds, wide, f, ("region_code", "region_code_2"))].reset_index(drop=True)


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
    counts = _keys(_projects(ds, f), by).groupby("key", dropna=False).size().rename("n").reset_index()
    out = counts.merge(labels(ds, by), on="key", how="left")
    return out.sort_values(["n", "key"], ascending=[False, True]).reset_index(drop=True)


def _measure_by(ds, f, measure, by):
    long = _keys(_projects(ds, f), by)
    totals = long.groupby("key").size().rename("projects")
    rep = long[long[measure].notna()]
    if rep.empty:
        out = totals.reset_index().assign(unit=pd.NA, value=pd.NA, bound=pd.NA, reported=0,
                                          year_min=pd.NA, year_max=pd.NA)
    else:
        grouped = rep.groupby(["key", measure + "_unit"])
        out = pd.DataFrame({
            "value": grouped[measure].sum(),
            "bound": grouped[measure + "_bound"].agg(combine_bounds),
            "reported": grouped.size(),
            "year_min": grouped[measure + "_year"].min(),
            "year_max": grouped[measure + "_year"].max(),
        }).reset_index().rename(columns={measure + "_unit": "unit"})
        out = out.merge(totals.reset_index(), on="key", how="right")
        out["reported"] = out["reported"].fillna(0).astype(int)
    out = out.merge(labels(ds, by), on="key", how="left")
    columns = ["key", "name_da", "name_en", "unit", "value", "bound", "reported", "projects", "year_min", "year_max"]
    return out[columns].sort_values(["value", "key", "unit"], ascending=[False, True, True],
                                    na_position="last").reset_index(drop=True)


def _total(ds, f, measure):
    frame = _projects(ds, f)
    rep = frame[frame[measure].notna()]
    rows = [{"unit": unit, "value": float(part[measure].sum()), "bound": combine_bounds(part[measure + "_bound"]),
             "reported": len(part), "projects": len(frame), "year_min": part[measure + "_year"].min(),
             "year_max": part[measure + "_year"].max()}
            for unit, part in rep.groupby(measure + "_unit")]
    return pd.DataFrame(rows, columns=["unit", "value", "bound", "reported", "projects", "year_min", "year_max"])


def _distinct(values: pd.Series) -> tuple:
    return tuple(sorted(pd.unique(values.dropna())))


# ---------------------------------------------------------------- the comparisons
@pytest.mark.parametrize("f", FILTERS, ids=str)
def test_project_queries_give_what_pandas_gives(ds, f):
    frame = _projects(ds, f)
    _same(q.projects(ds, f), frame)
    for by in sorted(q.GROUPS):
        _same(q.count_by(ds, f, by), _count_by(ds, f, by))
    for m in q.PROJECT_MEASURES:
        for by in ("region", "sector", "form", "programme"):
            _same(q.measure_by(ds, f, m, by), _measure_by(ds, f, m, by))
        _same(q.total(ds, f, m), _total(ds, f, m))
        assert q.coverage(ds, f, m) == q.Coverage(int(frame[m].notna().sum()), len(frame))
        assert q.project_sources(ds, f, m) == _distinct(frame.loc[frame[m].notna(), f"{m}_source"])
        _same(q.project_columns(ds, f, (m, f"{m}_unit")), frame[[m, f"{m}_unit"]])
    assert q.project_sources(ds, f) == _distinct(frame["source_id"])
    assert q.project_count(ds, f) == len(frame)
    for regions, m in ((("1081", "1084"), None), (("1082", "DK"), "contract_value"), ((), None)):
        inside = frame["region_code"].isin(regions) | frame["region_code_2"].isin(regions).fillna(False)
        reporting = int(frame.loc[inside, m].notna().sum()) if m else 0
        assert q.region_counts(ds, f, regions, m) == (int(inside.sum()), reporting, int((~inside).sum()),
                                                      int(frame["region_code_2"].notna().sum()))


@pytest.mark.parametrize("f", FILTERS, ids=str)
def test_programmes_effects_and_spending_give_what_pandas_gives(ds, f):
    frame = _projects(ds, f)
    programmes = ds["programmes"][_in_filters(ds, ds["programmes"], f)].reset_index(drop=True)
    _same(q.programmes(ds, f), programmes)
    partnerships = ds["partnerships"][_in_filters(ds, ds["partnerships"], f)].reset_index(drop=True)
    _same(q.partnerships(ds, f), partnerships)
    figures = ds["figures"]
    for m in q.EFFECT_MEASURES:
        figs = figures[figures["measure_id"] == m]
        assert q.effect_coverage(ds, f, m) == (int(frame["project_id"].isin(figs["project_id"]).sum()), len(frame),
                                               int(programmes["programme_id"].isin(figs["programme_id"]).sum()),
                                               len(programmes))
    labelled = ds["figures_labelled"]
    effects = labelled[labelled["measure_id"].isin(q.EFFECT_MEASURES)]
    if f != Filters():
        effects = effects[effects["project_id"].isin(frame["project_id"]).fillna(False)
                          | effects["programme_id"].isin(programmes["programme_id"]).fillna(False)]
    _same(q.effects(ds, f), effects.reset_index(drop=True))
    for m in q.PROJECT_MEASURES:
        of_measure = effects["measure_id"] == m
        assert q.programme_effects(ds, f, m) == int((of_measure & effects["programme_id"].notna()).sum())
    spending = ds["spending"]
    first, last = spending["year"], spending["year_end"].fillna(spending["year"])
    keep = pd.Series(True, index=spending.index)
    if f.regions:
        keep &= spending["region_code"].isin(f.regions)
    if f.year_from is not None:
        keep &= (last >= f.year_from).fillna(False)
    if f.year_to is not None:
        keep &= (first <= f.year_to).fillna(False)
    regions = ds["regions"][["region_code", "name_da", "name_en", "population"]]
    expected = spending[keep].merge(regions, on="region_code", how="left")
    per = expected["amount"].astype("Float64") / expected["population"].astype("Float64")
    expected["per_inhabitant"] = per.where(expected["year"].notna() & expected["year_end"].isna())
    _same(q.spending(ds, f), expected.reset_index(drop=True))


def test_figures_labelled_is_the_figures_joined_with_their_measures(ds):
    m = ds["measures"].rename(columns={"name_da": "measure_da", "name_en": "measure_en", "kind": "measure_kind"})
    joined = ds["figures"].merge(m.drop(columns=["source_id"]), on="measure_id", how="left")
    _same(ds["figures_labelled"], joined)
    for pid in ds["programmes"]["programme_id"].head(50):
        _same(q.programme_figures(ds, pid), joined[joined["programme_id"] == pid].reset_index(drop=True))


def test_the_wide_table_keeps_the_latest_year_of_a_measure(tmp_path):
    """Several figures of one measure for one project: the latest year wins (missing years count as
    earliest; of two figures of the same year, the later row)."""
    bundled = load_dataset(BUNDLED_DIR)
    tables = {name: bundled[name] for name in bundled.table_names}
    projects = tables["projects"].head(4).copy()
    projects["project_id"] = ["a", "b", "c", "d"]
    projects["name"] = ["A", "B", "C", "D"]
    source = tables["sources"]["source_id"].iloc[0]
    figures = pd.DataFrame({
        "figure_id": [f"F{i}" for i in range(11)],
        "project_id": ["a", "a", "a", "b", "b", "c", None, "c", "a", "d", "d"],
        "measure_id": ["budget", "budget", "budget", "budget", "public_funding", "budget", "budget", "n_jobs",
                       "public_funding", "budget", "budget"],
        "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0],
        "bound": ["exact", "lower", "exact", "exact", "upper", "exact", "exact", "exact", "exact", "exact", "exact"],
        "unit": ["DKK", "DKK", "SEK", "DKK", "DKK", "DKK", "DKK", "count", "DKK", "DKK", "DKK"],
        "year": pd.array([2019, None, 2021, None, 2020, 2018, 2030, 2030, None, 2020, 2020], dtype="Int64"),
        "source_id": [source] * 11,
    })
    for column in tables["figures"].columns:
        if column not in figures:
            figures[column] = pd.Series(pd.NA, index=figures.index, dtype=tables["figures"][column].dtype)
    tables.update(projects=projects, figures=figures[list(tables["figures"].columns)])
    ds = build_dataset(bundled.descriptor, tables, "wide-test", directory=None, store_root=tmp_path)
    wide = q.projects(ds).set_index("project_id")
    assert (wide.loc["a", "budget"], wide.loc["a", "budget_unit"], wide.loc["a", "budget_year"]) == (3.0, "SEK", 2021)
    assert wide.loc["a", "public_funding"] == 9.0
    assert wide.loc["b", "budget"] == 4.0 and wide.loc["b", "budget_year"] is pd.NA
    assert (wide.loc["b", "public_funding"], wide.loc["b", "public_funding_bound"]) == (5.0, "upper")
    assert wide.loc["c", "budget"] == 6.0 and wide.loc["d", "budget"] == 11.0
    assert wide.loc[["c", "d"], "public_funding"].isna().all()
    assert list(wide.index) == ["a", "b", "c", "d"] and wide["name"].tolist() == ["A", "B", "C", "D"]
    assert str(wide["budget"].dtype) == "Float64"
