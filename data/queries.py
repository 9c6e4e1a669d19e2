"""Query functions the pages call: filter, count, sum, per inhabitant, coverage.

Every function takes a loaded :class:`Dataset` and a normalised :class:`Filters`; results are
memoised, keyed by the dataset's content version and the filters' fields: aggregates by
:func:`data.cache.memoize` (in-process by default, Redis when ``OPS_CACHE_URL`` is set), row-level
frames by :func:`data.cache.memoize_local` (by reference, in this process). The tables derived once
per data version (the wide project table, the labelled figures) are built by :func:`prepare` when
a version is loaded. Callers must not modify returned frames in place.

Honesty rules kept here, not in the pages:
- an aggregate of values of which any is a lower bound is itself a lower bound ("> x"), of
  upper bounds an upper bound; exact only when every part is exact;
- amounts are summed per currency, never converted;
- expected and realised effects are separate measures and never added together;
- every aggregate comes with its coverage: how many of the selected rows report the measure;
- annual spending is not summed across years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.cache import memoize, memoize_local
from data.filters import Filters
from data.package import Dataset, load_dataset

# Measures pivoted onto the project table (one value per project at most in curated data).
PROJECT_MEASURES = (
    "contract_value",
    "budget",
    "public_funding",
    "expected_jobs",
    "realised_jobs",
    "expected_turnover",
    "realised_turnover",
)
# Economic effects shown on the impact page; expected and realised are separate measures.
EFFECT_MEASURES = (
    "expected_jobs",
    "realised_jobs",
    "expected_turnover",
    "realised_turnover",
    "expected_jobs_per_mio_granted",
    "expected_turnover_per_mio_granted",
    "pct_firms_with_new_jobs",
    "realised_savings",
)
NOT_STATED = {"key": "not_stated", "name_da": "Ikke oplyst", "name_en": "Not stated"}
GROUPS = {"region", "sector", "form", "start_year", "programme", "country", "scope"}
ALL = Filters()  # no filter


@dataclass(frozen=True)
class Coverage:
    reported: int
    total: int

    @property
    def share(self) -> float:
        return self.reported / self.total if self.total else 0.0


def combine_bounds(bounds: pd.Series) -> str:
    """Bound of a sum: exact, lower, upper, or mixed (lower and upper bounds together)."""
    kinds = set(pd.unique(bounds.dropna())) - {"exact"}  # unique() first: a large selection stays in C
    if not kinds:
        return "exact"
    return kinds.pop() if len(kinds) == 1 else "mixed"


# ---------------------------------------------------------------- projects, wide
@memoize_local(2, per_version=True)
def projects_wide(ds: Dataset) -> pd.DataFrame:
    """One row per project: its attributes and, per measure in PROJECT_MEASURES, the columns
    `<measure>`, `<measure>_bound`, `<measure>_unit`, `<measure>_year`, `<measure>_source`."""
    projects = ds["projects"].copy()
    figures = ds["figures"]
    figures = figures[figures["project_id"].notna() & figures["measure_id"].isin(PROJECT_MEASURES)]
    # Where a project has a measure for several years (not the case in the curated set),
    # the latest year wins; the others stay visible on the project page.
    figures = figures.sort_values("year", na_position="first").drop_duplicates(
        ["project_id", "measure_id"], keep="last")
    out = projects.set_index("project_id")
    # Positional: the row of each figure's project, found once (a pivot and reindex by a string
    # index cost ~30 s at 1.000.000 projects); then per measure, the figure row of each project.
    at = out.index.get_indexer(figures["project_id"])
    measures = figures["measure_id"].to_numpy(dtype=object, na_value=None)
    for measure in PROJECT_MEASURES:
        rows = np.flatnonzero(measures == measure)
        pick = np.full(len(out), -1, dtype=np.intp)
        pick[at[rows]] = rows  # one figure per project and measure (deduplicated above)
        for part, suffix in (("value", ""), ("bound", "_bound"), ("unit", "_unit"),
                             ("year", "_year"), ("source_id", "_source")):
            out[measure + suffix] = figures[part].array.take(pick, allow_fill=True)
        out[measure] = out[measure].astype("Float64")
    return out.reset_index()


def prepare(ds: Dataset) -> Dataset:
    """Build the tables derived once per data version, so no request waits for them; returns `ds`."""
    projects_wide(ds)
    figures_labelled(ds)
    return ds


def load_prepared(directory) -> Dataset:
    """`load_dataset`, then :func:`prepare`: how the app loads a version (at start and on reload)."""
    return prepare(load_dataset(directory))


def _form_closure(ds: Dataset, forms: tuple[str, ...]) -> set[str]:
    """Selected forms plus their sub-kinds (OPI includes market maturation, PCP, ...)."""
    table = ds["forms"]
    children = table[table["parent_form_id"].isin(forms)]["form_id"]
    return set(forms) | set(children)


def _apply(ds: Dataset, frame: pd.DataFrame, f: Filters, region_cols=("region_code",)) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    if f.regions:
        in_region = pd.Series(False, index=frame.index)
        for col in region_cols:
            if col in frame:
                in_region |= frame[col].isin(f.regions).fillna(False)
        mask &= in_region
    if f.sectors and "sector_id" in frame:
        mask &= frame["sector_id"].isin(f.sectors).fillna(False)
    if f.forms and "form_id" in frame:
        mask &= frame["form_id"].isin(_form_closure(ds, f.forms)).fillna(False)
    if f.country and "country" in frame:
        mask &= (frame["country"] == f.country).fillna(False)
    if (f.year_from is not None or f.year_to is not None) and "start_year" in frame:
        start = frame["start_year"].fillna(frame["end_year"])
        end = frame["end_year"].fillna(frame["start_year"])
        known = start.notna()
        lo = f.year_from if f.year_from is not None else -10**6
        hi = f.year_to if f.year_to is not None else 10**6
        # A collaboration is in the range when its years overlap it; rows without any year
        # cannot be placed and are left out while a year range is set.
        mask &= known & (start <= hi).fillna(False) & (end >= lo).fillna(False)
    return frame[mask]


@memoize_local(16)
def projects(ds: Dataset, f: Filters = ALL) -> pd.DataFrame:
    """Projects matching the filters (a two-region project matches either region)."""
    return _apply(ds, projects_wide(ds), f, ("region_code", "region_code_2")).reset_index(drop=True)


@memoize_local(16)
def programmes(ds: Dataset, f: Filters = ALL) -> pd.DataFrame:
    return _apply(ds, ds["programmes"], f).reset_index(drop=True)


@memoize_local(16)
def partnerships(ds: Dataset, f: Filters = ALL) -> pd.DataFrame:
    return _apply(ds, ds["partnerships"], f).reset_index(drop=True)


def _group_keys(ds: Dataset, frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Long frame (row per project and group key). Two-region projects count in both."""
    if by not in GROUPS:
        raise ValueError(f"unknown grouping {by!r}; use one of {sorted(GROUPS)}")
    if by == "region":
        first = frame.assign(key=frame["region_code"])
        second = frame[frame["region_code_2"].notna()].assign(key=lambda d: d["region_code_2"])
        long = pd.concat([first, second], ignore_index=True)
        long["key"] = long["key"].fillna("not_stated")
        return long
    column = {"sector": "sector_id", "form": "form_id", "programme": "programme_id"}.get(by, by)
    return frame.assign(key=frame[column].astype("string").fillna("not_stated"))


def labels(ds: Dataset, by: str) -> pd.DataFrame:
    """Danish and English labels for the keys of a grouping."""
    if by == "region":
        t = ds["regions"].rename(columns={"region_code": "key"})
    elif by == "sector":
        t = ds["sectors"].rename(columns={"sector_id": "key"})
    elif by == "form":
        t = ds["forms"].rename(columns={"form_id": "key"})
    elif by == "programme":
        t = ds["programmes"].rename(columns={"programme_id": "key"})
    else:
        t = pd.DataFrame(columns=["key", "name_da", "name_en"], dtype="string")
    return pd.concat([t[["key", "name_da", "name_en"]], pd.DataFrame([NOT_STATED], dtype="string")],
                     ignore_index=True)


def isin(column: pd.Series, values: pd.Series) -> pd.Series:
    """`column.isin(values)`, missing values never in, for value sets of any size: pandas' isin on
    Arrow-backed strings turns every value into a Python object first (0,6 s for 400.000 ids);
    pyarrow's is_in hashes in C."""
    if len(values) > 1000 and isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        table = pa.array(column.array)
        value_set = pa.array(values.astype(column.dtype).array).unique()
        hits = pc.is_in(table, value_set=value_set, skip_nulls=True).fill_null(False)
        return pd.Series(hits.to_numpy(zero_copy_only=False), index=column.index)
    return column.isin(values).fillna(False).astype(bool)


def distinct(values: pd.Series) -> tuple:
    """The distinct non-missing values, sorted (for source lists: small, from a large column)."""
    return tuple(sorted(pd.unique(values.dropna())))


@memoize
def project_sources(ds: Dataset, f: Filters, measure: str | None = None) -> tuple[str, ...]:
    """Source ids of the selected projects; with `measure`, of the values of it they report."""
    frame = projects(ds, f)
    if measure is None:
        return distinct(frame["source_id"])
    return distinct(frame.loc[frame[measure].notna(), f"{measure}_source"])


@memoize
def count_by(ds: Dataset, f: Filters, by: str) -> pd.DataFrame:
    """Number of projects per group: columns key, name_da, name_en, n."""
    long = _group_keys(ds, projects(ds, f), by)
    counts = long.groupby("key", dropna=False).size().rename("n").reset_index()
    out = counts.merge(labels(ds, by), on="key", how="left")
    return out.sort_values(["n", "key"], ascending=[False, True]).reset_index(drop=True)


@memoize
def measure_by(ds: Dataset, f: Filters, measure: str, by: str) -> pd.DataFrame:
    """Sum of a project measure per group and unit (currency), with bound and coverage.

    Columns: key, name_da, name_en, unit, value, bound, reported, projects, year_min, year_max.
    `reported` of `projects` in the group report the measure; `value` sums only those.
    """
    if measure not in PROJECT_MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    long = _group_keys(ds, projects(ds, f), by)
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
    columns = ["key", "name_da", "name_en", "unit", "value", "bound", "reported", "projects",
               "year_min", "year_max"]
    return out[columns].sort_values(["value", "key"], ascending=[False, True],
                                    na_position="last").reset_index(drop=True)


@memoize
def coverage(ds: Dataset, f: Filters, measure: str) -> Coverage:
    """How many of the selected projects report the measure."""
    frame = projects(ds, f)
    return Coverage(int(frame[measure].notna().sum()), len(frame))


@memoize
def total(ds: Dataset, f: Filters, measure: str) -> pd.DataFrame:
    """Sum of a project measure over the selection, one row per currency/unit, with bound,
    the years the values refer to, and coverage."""
    frame = projects(ds, f).assign(all="all")
    rep = frame[frame[measure].notna()]
    rows = []
    for unit, part in rep.groupby(measure + "_unit"):
        rows.append({
            "unit": unit,
            "value": float(part[measure].sum()),
            "bound": combine_bounds(part[measure + "_bound"]),
            "reported": len(part),
            "projects": len(frame),
            "year_min": part[measure + "_year"].min(),
            "year_max": part[measure + "_year"].max(),
        })
    return pd.DataFrame(rows, columns=["unit", "value", "bound", "reported", "projects",
                                       "year_min", "year_max"])


@memoize
def per_100k(ds: Dataset, f: Filters, measure: str = "count") -> pd.DataFrame:
    """Per Danish region: the count (or a DKK measure) per 100.000 inhabitants.

    Only the five Danish regions have a population; projects of all regions or national
    scope are not attributed to any region. Columns: key, name_da, name_en, value, population,
    population_year, per_100k (and for measures: unit, bound, reported, projects).
    """
    regions = ds["regions"]
    regions = regions[(regions["kind"] == "region") & (regions["country"] == "DK")]
    if measure == "count":
        base = count_by(ds, f, "region").rename(columns={"n": "value"})
    else:
        base = measure_by(ds, f, measure, "region")
        base = base[base["unit"].isna() | (base["unit"] == "DKK")]
    base = base[base["key"].isin(regions["region_code"])]
    out = regions[["region_code", "name_da", "name_en", "population", "population_year"]].rename(
        columns={"region_code": "key"}).merge(base.drop(columns=["name_da", "name_en"]), on="key", how="left")
    if measure == "count":
        out["value"] = out["value"].fillna(0)
    out["per_100k"] = out["value"].astype("Float64") / out["population"].astype("Float64") * 100_000
    return out.reset_index(drop=True)


# ---------------------------------------------------------------- figures and programmes
@memoize_local(2, per_version=True)
def figures_labelled(ds: Dataset) -> pd.DataFrame:
    """All figures with measure labels and kinds."""
    m = ds["measures"].rename(columns={"name_da": "measure_da", "name_en": "measure_en",
                                       "kind": "measure_kind"})
    return ds["figures"].merge(m.drop(columns=["source_id"]), on="measure_id", how="left")


@memoize
def programme_figures(ds: Dataset, programme_id: str) -> pd.DataFrame:
    """Every figure reported about one programme, with labels and source ids."""
    figs = figures_labelled(ds)
    return figs[figs["programme_id"] == programme_id].reset_index(drop=True)


def programme_value(ds: Dataset, programme_id: str, measure: str, year: int | None = None):
    """The single reported value of a programme measure (optionally for a year), or None."""
    figs = programme_figures(ds, programme_id)
    figs = figs[figs["measure_id"] == measure]
    if year is not None:
        figs = figs[figs["year"] == year]
    if len(figs) != 1:
        return None
    return figs.iloc[0]["value"]


@memoize_local(16)
def effects(ds: Dataset, f: Filters = ALL) -> pd.DataFrame:
    """Economic effects (EFFECT_MEASURES: jobs, turnover, ratios) of the selected projects and
    programmes, one row per reported figure; never summed across expected and realised."""
    figs = figures_labelled(ds)
    figs = figs[figs["measure_id"].isin(EFFECT_MEASURES)]
    if f == ALL:
        return figs.reset_index(drop=True)
    keep = (isin(figs["project_id"], projects(ds, f)["project_id"])
            | isin(figs["programme_id"], programmes(ds, f)["programme_id"]))
    return figs[keep].reset_index(drop=True)


@memoize_local(16)
def spending(ds: Dataset, f: Filters = ALL, category: str | None = None) -> pd.DataFrame:
    """Spending rows in the selection, each with its year and, for a Danish region, the amount
    per inhabitant. Rows are never summed across years or categories."""
    s = ds["spending"]
    if category:
        s = s[s["category_id"] == category]
    if f.regions:
        s = s[s["region_code"].isin(f.regions)]
    if f.year_from is not None:
        s = s[(s["year_end"].fillna(s["year"]) >= f.year_from).fillna(False)]
    if f.year_to is not None:
        s = s[(s["year"] <= f.year_to).fillna(False)]
    regions = ds["regions"][["region_code", "name_da", "name_en", "population", "kind"]]
    out = s.merge(regions, on="region_code", how="left")
    per = out["amount"].astype("Float64") / out["population"].astype("Float64")
    # Per inhabitant only for a dated single-year figure of one region or the whole country
    # (the population is the 2024 figure; an undated or multi-year amount gets none).
    out["per_inhabitant"] = per.where(out["year"].notna() & out["year_end"].isna())
    return out.drop(columns=["kind"]).reset_index(drop=True)


def sources_for(ds: Dataset, source_ids) -> pd.DataFrame:
    """The source rows for the given ids, in id order."""
    ids = sorted({s for s in source_ids if isinstance(s, str)})
    src = ds["sources"]
    return src[src["source_id"].isin(ids)].sort_values("source_id").reset_index(drop=True)
