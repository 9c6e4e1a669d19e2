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
from data.readers import release_memory

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
def _arrow(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    """A string column as a pyarrow array (of a categorical column: its categories), for pyarrow compute."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.cat.categories.to_series()
    arrow = getattr(values.array, "_pa_array", None)
    return arrow if arrow is not None else pa.array(values.to_numpy(dtype=object, na_value=None), pa.string())


def _positions_in(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """For each value, the position of the equal key in `keys` (unique), -1 for a missing value or
    one not found. Hashes in pyarrow, and of a categorical column only its categories."""
    found = pc.fill_null(pc.index_in(_arrow(values), value_set=_arrow(keys)), -1).to_numpy().astype(np.intp)
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        return np.where(codes >= 0, found[np.maximum(codes, 0)], -1) if len(found) else np.full(len(codes), -1)
    return found


@memoize_local(2, per_version=True)
def figure_project_rows(ds: Dataset) -> np.ndarray:
    """For each row of the figures table, the row of its project in the projects table (and in
    :func:`projects_wide`), -1 for a figure that is not about a project."""
    return _positions_in(ds["figures"]["project_id"], ds["projects"]["project_id"]).astype(np.int32)


@memoize_local(2, per_version=True)
def projects_wide(ds: Dataset) -> pd.DataFrame:
    """One row per project: its attributes and, per measure in PROJECT_MEASURES, the columns
    `<measure>`, `<measure>_bound`, `<measure>_unit`, `<measure>_year`, `<measure>_source`."""
    figures = ds["figures"]
    # Positional, on arrays (a pivot and reindex by a string index cost ~30 s at 1.000.000 projects,
    # and frames of the figures sorted and deduplicated hundreds of MB): the project row and the
    # measure of each figure, found once.
    project = figure_project_rows(ds)
    measure = _positions_in(figures["measure_id"], pd.Series(PROJECT_MEASURES, dtype="string"))
    rows = np.flatnonzero((project >= 0) & (measure >= 0))
    # Where a project has a measure for several years (not the case in the curated set), the latest
    # year wins (missing years first; ties as pandas' sort_values orders them); the others stay
    # visible on the project page.
    rows = rows[figures["year"].array.take(rows).argsort(kind="quicksort", na_position="first")]
    key = project[rows].astype(np.int64) * len(PROJECT_MEASURES) + measure[rows]
    _, last = np.unique(key[::-1], return_index=True)  # the last figure of each project and measure
    rows = rows[len(rows) - 1 - last]
    del key, last
    release_memory()  # the hash table of the project ids and the sort, returned before the columns are built
    # No copy of the projects' columns (copy-on-write): the measures are added alongside.
    out = ds["projects"].set_index("project_id")
    for i, name in enumerate(PROJECT_MEASURES):
        of_measure = rows[measure[rows] == i]
        pick = np.full(len(out), -1, dtype=np.intp)
        pick[project[of_measure]] = of_measure  # the figure row of each project that reports it
        for part, suffix in (("value", ""), ("bound", "_bound"), ("unit", "_unit"), ("year", "_year"),
                             ("source_id", "_source")):
            out[name + suffix] = figures[part].array.take(pick, allow_fill=True)
        out[name] = out[name].astype("Float64")
    return out.reset_index()


def prepare(ds: Dataset) -> Dataset:
    """Build the tables derived once per data version, so no request waits for them; returns `ds`."""
    projects_wide(ds)
    figures_labelled(ds)
    _figure_rows_of(ds)
    _spending_years(ds)
    year_range(ds)
    release_memory()
    # The codes of the columns the project queries filter and group by, and the effect figures.
    for by in ("region", "sector", "form"):  # the groupings the pages show
        _key_codes(ds, by)
    for column in ("sector_id", "form_id", "country", "region_code", "region_code_2"):
        _factorized(ds, column)
    for measure in PROJECT_MEASURES:
        _reports(ds, measure)
        _factorized(ds, measure + "_unit")
        _factorized(ds, measure + "_bound")
        _factorized(ds, measure + "_source")
    _factorized(ds, "source_id")
    _year_span(ds)
    _effect_figures(ds)
    release_memory()  # what building them took, returned to the system
    return ds


def load_prepared(directory) -> Dataset:
    """`load_dataset`, then :func:`prepare`: how the app loads a version (at start and on reload)."""
    return prepare(load_dataset(directory))


def _form_closure(ds: Dataset, forms: tuple[str, ...]) -> set[str]:
    """Selected forms plus their sub-kinds (OPI includes market maturation, PCP, ...)."""
    table = ds["forms"]
    children = table[table["parent_form_id"].isin(forms)]["form_id"]
    return set(forms) | set(children)


def _in(column: pd.Series, values) -> np.ndarray:
    return column.isin(values).fillna(False).to_numpy(dtype=bool)


def _year_array(column: pd.Series) -> np.ndarray:
    return column.to_numpy(dtype="float64", na_value=np.nan)


def _span(start_year: np.ndarray, end_year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first and last year of each row's span: its start or end year where only one is known, NaN
    where neither is."""
    return np.where(np.isnan(start_year), end_year, start_year), np.where(np.isnan(end_year), start_year, end_year)


def _overlaps(start: np.ndarray, end: np.ndarray, f: Filters) -> np.ndarray:
    """Which spans overlap the filters' year range. Rows without any year cannot be placed and are
    left out while a range is set."""
    lo = f.year_from if f.year_from is not None else -10**6
    hi = f.year_to if f.year_to is not None else 10**6
    with np.errstate(invalid="ignore"):
        return ~np.isnan(start) & (start <= hi) & (end >= lo)


def _mask(ds: Dataset, frame: pd.DataFrame, f: Filters, region_cols=("region_code",)) -> np.ndarray:
    """Which rows of `frame` are in the filters (a boolean array)."""
    mask = np.ones(len(frame), dtype=bool)
    if f.regions:
        in_region = np.zeros(len(frame), dtype=bool)
        for col in region_cols:
            if col in frame:
                in_region |= _in(frame[col], f.regions)
        mask &= in_region
    if f.sectors and "sector_id" in frame:
        mask &= _in(frame["sector_id"], f.sectors)
    if f.forms and "form_id" in frame:
        mask &= _in(frame["form_id"], _form_closure(ds, f.forms))
    if f.country and "country" in frame:
        mask &= (frame["country"] == f.country).fillna(False).to_numpy(dtype=bool)
    if (f.year_from is not None or f.year_to is not None) and "start_year" in frame:
        # A collaboration is in the range when its years overlap it.
        mask &= _overlaps(*_span(_year_array(frame["start_year"]), _year_array(frame["end_year"])), f)
    return mask


def _apply(ds: Dataset, frame: pd.DataFrame, f: Filters, region_cols=("region_code",)) -> pd.DataFrame:
    mask = _mask(ds, frame, f, region_cols)
    return frame if mask.all() else frame[mask]  # every row: no copy (callers reset the index: a new frame)


# ---------------------------------------------------------------- the selected projects
# The project queries work on row positions in the wide table and on small integer codes of its
# columns, built once per data version (:func:`prepare`): a request never hashes or copies a
# million strings. Their results are those of the same pandas operations on `projects(ds, f)`.
def _smallest(codes: np.ndarray, n: int) -> np.ndarray:
    """Codes (-1: missing) in the smallest integer type that holds n distinct values."""
    for kind in (np.int8, np.int16, np.int32):
        if n < np.iinfo(kind).max:
            return codes.astype(kind, copy=False)  # a categorical's own codes: no copy
    return codes.astype(np.int64, copy=False)


@memoize_local(32, per_version=True)
def _factorized(ds: Dataset, column: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """A column of :func:`projects_wide` as codes (-1: missing) into its distinct values, as
    strings (a year as "2015", as ``astype("string")`` writes it)."""
    values = projects_wide(ds)[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, uniques = pd.factorize(values)
    uniques = tuple(str(u) for u in uniques.astype("string"))
    return _smallest(codes, len(uniques)), uniques


def _in_column(ds: Dataset, column: str, values) -> np.ndarray:
    """``projects_wide(ds)[column].isin(values)`` (missing: False), by codes."""
    codes, uniques = _factorized(ds, column)
    wanted = {str(v) for v in values}
    return np.array([u in wanted for u in uniques] + [False])[codes]  # code -1: the last, False


@memoize_local(2, per_version=True)
def _year_span(ds: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Per project, the first and last year of its span (start or end year where only one is
    known; NaN where neither is)."""
    wide = projects_wide(ds)
    # float32: years are exact in it, and it takes half the memory
    return _span(wide["start_year"].to_numpy(dtype=np.float32, na_value=np.nan),
                 wide["end_year"].to_numpy(dtype=np.float32, na_value=np.nan))


@memoize_local(2, per_version=True)
def year_range(ds: Dataset) -> tuple[int, int]:
    """The first and last year of any project or programme (the year filter's range); 2000-2030
    when no year is known."""
    columns = [ds[table][column] for table in ("projects", "programmes") for column in ("start_year", "end_year")]
    known = [int(y) for column in columns for y in (column.min(), column.max()) if not pd.isna(y)]
    return (min(known), max(known)) if known else (2000, 2030)


@memoize_local(16)
def _selected(ds: Dataset, f: Filters = ALL) -> np.ndarray | None:
    """Rows of :func:`projects_wide` in the filters, as positions; None when every project is. The
    rules of :func:`_mask` (a two-region project matches either region), on codes."""
    mask = np.ones(len(projects_wide(ds)), dtype=bool)
    if f.regions:
        mask &= _in_column(ds, "region_code", f.regions) | _in_column(ds, "region_code_2", f.regions)
    if f.sectors:
        mask &= _in_column(ds, "sector_id", f.sectors)
    if f.forms:
        mask &= _in_column(ds, "form_id", _form_closure(ds, f.forms))
    if f.country:
        mask &= _in_column(ds, "country", (f.country,))
    if f.year_from is not None or f.year_to is not None:
        mask &= _overlaps(*_year_span(ds), f)
    return None if mask.all() else _positions(mask)


def _positions(mask: np.ndarray) -> np.ndarray:
    """The positions where `mask` is true; int32, half the memory of what a selection cache keeps."""
    return np.flatnonzero(mask).astype(np.int32 if len(mask) < 2**31 else np.int64)


def _rows(ds: Dataset, f: Filters) -> np.ndarray:
    rows = _selected(ds, f)
    n = len(projects_wide(ds))
    return np.arange(n, dtype=np.int32 if n < 2**31 else np.int64) if rows is None else rows


@memoize_local(len(PROJECT_MEASURES) * 2, per_version=True)
def _reports(ds: Dataset, measure: str) -> np.ndarray:
    """Per row of :func:`projects_wide`: whether the project reports the measure."""
    return projects_wide(ds)[measure].notna().to_numpy(dtype=bool)


@memoize_local(32)
def _reported(ds: Dataset, f: Filters, measure: str) -> np.ndarray:
    """Rows of the selected projects that report the measure."""
    rows = _rows(ds, f)
    return rows[_reports(ds, measure)[rows]]


@memoize_local(16)
def projects(ds: Dataset, f: Filters = ALL) -> pd.DataFrame:
    """Projects matching the filters (a two-region project matches either region)."""
    return project_columns(ds, f)


def project_columns(ds: Dataset, f: Filters = ALL, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """``projects(ds, f)[list(columns)]``, taking only those columns of the selected rows (a
    million-row selection of every column, names and notes included, costs ~0,2 s)."""
    wide = projects_wide(ds)
    if columns is not None:
        wide = wide[list(columns)]
    rows = _selected(ds, f)
    return (wide if rows is None else wide.take(rows)).reset_index(drop=True)


def project_count(ds: Dataset, f: Filters = ALL) -> int:
    """How many projects match the filters: ``len(projects(ds, f))``."""
    rows = _selected(ds, f)
    return len(projects_wide(ds)) if rows is None else len(rows)


@memoize_local(16)
def programmes(ds: Dataset, f: Filters = ALL) -> pd.DataFrame:
    return _apply(ds, ds["programmes"], f).reset_index(drop=True)


@memoize_local(16)
def partnerships(ds: Dataset, f: Filters = ALL) -> pd.DataFrame:
    return _apply(ds, ds["partnerships"], f).reset_index(drop=True)


_GROUP_COLUMNS = {"region": ("region_code", "region_code_2"), "sector": ("sector_id",), "form": ("form_id",),
                  "programme": ("programme_id",)}


@memoize_local(16, per_version=True)
def _key_codes(ds: Dataset, by: str) -> tuple[tuple[np.ndarray, ...], pd.Index]:
    """The group keys of every row of :func:`projects_wide` for a grouping: per key column, an array
    of codes into the sorted keys (the values as strings, and "not_stated"; a missing second region
    is -1, any other missing value "not_stated")."""
    factorised = [_factorized(ds, column) for column in _GROUP_COLUMNS.get(by, (by,))]
    keys = sorted({k for _, uniques in factorised for k in uniques} | {NOT_STATED["key"]})
    at = {k: i for i, k in enumerate(keys)}
    out = []
    for i, (codes, uniques) in enumerate(factorised):
        missing = -1 if i else at[NOT_STATED["key"]]  # the second region: no key; otherwise "not stated"
        lookup = _smallest(np.array([at[u] for u in uniques] + [missing]), len(keys))
        out.append(lookup[codes])  # code -1 (missing): the last entry
    return tuple(out), pd.Index(keys, dtype="string")


def _group_rows(ds: Dataset, f: Filters, by: str) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """The long form of the selected projects for a grouping, one entry per project and group key
    (two-region projects count in both regions): (key codes, rows of the wide table, the keys)."""
    if by not in GROUPS:
        raise ValueError(f"unknown grouping {by!r}; use one of {sorted(GROUPS)}")
    codes, keys = _key_codes(ds, by)
    rows = _rows(ds, f)
    key = codes[0][rows]
    if len(codes) > 1:  # the second region
        second = codes[1][rows]
        has = second >= 0
        key, rows = np.concatenate([key, second[has]]), np.concatenate([rows, rows[has]])
    return key, rows, keys


@memoize_local(8, per_version=True)
def labels(ds: Dataset, by: str) -> pd.DataFrame:
    """Danish and English labels for the keys of a grouping (built once per data version and shared:
    callers join it, never change it)."""
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
    large = len(values) > 1000 or len(column) > 10_000  # either side: pandas' per-value Python cost
    if large and isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        table = pa.array(column.array)
        value_set = pa.array(values.astype(column.dtype).array).unique()
        hits = pc.is_in(table, value_set=value_set, skip_nulls=True).fill_null(False)
        return pd.Series(hits.to_numpy(zero_copy_only=False), index=column.index)
    return column.isin(values).fillna(False).astype(bool)


def project_lookup(ds: Dataset, project_ids, column: str) -> dict[str, object]:
    """``projects[column]`` of each of a few project ids, by id (ids that are not projects are left
    out). One pass over the project ids in pyarrow: no hash index of a million ids is built."""
    wanted = sorted({str(p) for p in project_ids if isinstance(p, str)})
    if not wanted:
        return {}
    projects = ds["projects"]
    hits = isin(projects["project_id"], pd.Series(wanted, dtype="string")).to_numpy(dtype=bool)
    found = projects[["project_id", column]].take(np.flatnonzero(hits))
    return {pid: (None if pd.isna(v) else v) for pid, v in zip(found["project_id"].astype("string"),
                                                                found[column], strict=True)}


def distinct(values: pd.Series) -> tuple:
    """The distinct non-missing values, sorted (for source lists: small, from a large column)."""
    return tuple(sorted(pd.unique(values.dropna())))


@memoize
def project_sources(ds: Dataset, f: Filters, measure: str | None = None) -> tuple[str, ...]:
    """Source ids of the selected projects; with `measure`, of the values of it they report."""
    rows = _rows(ds, f) if measure is None else _reported(ds, f, measure)
    column = "source_id" if measure is None else f"{measure}_source"
    codes, uniques = _factorized(ds, column)
    return tuple(sorted(uniques[c] for c in np.unique(codes[rows]) if c >= 0))


@memoize
def region_counts(ds: Dataset, f: Filters, regions: tuple[str, ...], measure: str | None = None) -> tuple[int, ...]:
    """Of the selected projects: (how many are in one of `regions`, as first or second region; of
    those, how many report `measure` (0 without one); how many are in none of them; how many are in
    two regions)."""
    rows = _rows(ds, f)
    inside = (_in_column(ds, "region_code", regions) | _in_column(ds, "region_code_2", regions))[rows]
    reporting = int(_reports(ds, measure)[rows][inside].sum()) if measure else 0
    two = int((_factorized(ds, "region_code_2")[0][rows] >= 0).sum())
    return int(inside.sum()), reporting, int((~inside).sum()), two


@memoize
def count_by(ds: Dataset, f: Filters, by: str) -> pd.DataFrame:
    """Number of projects per group: columns key, name_da, name_en, n."""
    if by not in GROUPS:
        raise ValueError(f"unknown grouping {by!r}; use one of {sorted(GROUPS)}")
    codes, keys = _key_codes(ds, by)
    rows = _selected(ds, f)
    # +1: a missing second region (-1) is counted apart, then dropped
    n = sum(np.bincount((c if rows is None else c[rows]).astype(np.intp) + 1, minlength=len(keys) + 1)[1:]
            for c in codes)
    present = np.flatnonzero(n)
    counts = pd.DataFrame({"key": keys[present], "n": n[present].astype(np.int64)})
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
    wide = projects_wide(ds)
    key, rows, keys = _group_rows(ds, f, by)
    n = np.bincount(key, minlength=len(keys))
    present = np.flatnonzero(n)
    totals = pd.Series(n[present].astype(np.int64), index=pd.Index(keys[present], name="key"), name="projects")
    # The reported values, grouped by key and unit (rows without a unit are left out, as by
    # groupby): one integer per group, in the order of the sorted keys and units.
    units, unit_values = _factorized(ds, measure + "_unit")
    unit_rank = np.argsort(np.argsort(np.array(unit_values, dtype=object)))  # sorted order of the units
    reported = _reports(ds, measure)[rows] & (units[rows] >= 0)
    rep_rows = rows[reported]
    group = key[reported].astype(np.int64) * max(len(unit_values), 1) + unit_rank[units[rep_rows]]
    if not len(rep_rows):
        out = totals.reset_index().assign(unit=pd.NA, value=pd.NA, bound=pd.NA, reported=0,
                                          year_min=pd.NA, year_max=pd.NA)
    else:
        counts = np.bincount(group)
        groups = np.flatnonzero(counts)
        # Summed as pandas sums (in row order per group), so the totals are those of a groupby.
        grouped = pd.DataFrame({"value": wide[measure].array.take(rep_rows),
                                "year": wide[measure + "_year"].array.take(rep_rows)}).groupby(group)
        sums, year_min, year_max = grouped["value"].sum(), grouped["year"].min(), grouped["year"].max()
        out = pd.DataFrame({
            "key": pd.array(keys[groups // max(len(unit_values), 1)], dtype="string"),
            "unit": pd.array(np.array(sorted(unit_values), dtype=object)[groups % max(len(unit_values), 1)],
                             dtype="string"),
            "value": sums.array,
            "bound": pd.array(_group_bounds(ds, measure + "_bound", rep_rows, group, groups), dtype="string"),
            "reported": counts[groups].astype(np.int64),
            "year_min": year_min.array,
            "year_max": year_max.array,
        })
        out = out.merge(totals.reset_index(), on="key", how="right")
        out["reported"] = out["reported"].fillna(0).astype(int)
    out = out.merge(labels(ds, by), on="key", how="left")
    columns = ["key", "name_da", "name_en", "unit", "value", "bound", "reported", "projects",
               "year_min", "year_max"]
    return out[columns].sort_values(["value", "key"], ascending=[False, True],
                                    na_position="last").reset_index(drop=True)


def _group_bounds(ds: Dataset, column: str, rows: np.ndarray, group: np.ndarray, groups: np.ndarray) -> list[str]:
    """:func:`combine_bounds` of each group's bounds (it looks at the distinct ones only)."""
    codes, values = _factorized(ds, column)
    pairs = np.flatnonzero(np.bincount(group * (len(values) + 1) + (codes[rows].astype(np.int64) + 1)))  # 0: missing
    seen: dict[int, list[str]] = {}
    for g, b in zip(pairs // (len(values) + 1), pairs % (len(values) + 1), strict=True):
        if b:  # missing bounds are dropped
            seen.setdefault(int(g), []).append(values[b - 1])
    return [combine_bounds(pd.Series(seen.get(int(g), []), dtype=object)) for g in groups]


@memoize
def coverage(ds: Dataset, f: Filters, measure: str) -> Coverage:
    """How many of the selected projects report the measure."""
    return Coverage(len(_reported(ds, f, measure)), project_count(ds, f))


@memoize
def total(ds: Dataset, f: Filters, measure: str) -> pd.DataFrame:
    """Sum of a project measure over the selection, one row per currency/unit, with bound,
    the years the values refer to, and coverage."""
    wide = projects_wide(ds)
    reported = _reported(ds, f, measure)
    units, unit_values = _factorized(ds, measure + "_unit")
    bounds, bound_values = _factorized(ds, measure + "_bound")
    unit_of = units[reported]
    rows = []
    for code in sorted(range(len(unit_values)), key=lambda c: unit_values[c]):  # units in sorted order
        part = reported[unit_of == code]
        if not len(part):
            continue
        rows.append({
            "unit": unit_values[code],
            "value": float(pd.Series(wide[measure].array.take(part)).sum()),
            "bound": combine_bounds(pd.Series([bound_values[b] for b in np.unique(bounds[part]) if b >= 0],
                                              dtype=object)),
            "reported": len(part),
            "projects": project_count(ds, f),
            "year_min": pd.Series(wide[measure + "_year"].array.take(part)).min(),
            "year_max": pd.Series(wide[measure + "_year"].array.take(part)).max(),
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
    """All figures with measure labels and kinds (the figure table the pages read). Its project ids
    are plain strings: as a categorical (``CATEGORICALS``) they have about one category per figure,
    and every small frame of figures would carry all of them (turning a row of it into Python
    objects converts a million categories); as strings they take the same memory."""
    figures, measures = ds["figures"], ds["measures"]
    labels = {label: _lookup(figures["measure_id"], measures, "measure_id", column)
              for label, column in (("measure_kind", "kind"), ("measure_da", "name_da"), ("measure_en", "name_en"))}
    return figures.assign(project_id=_strings(figures["project_id"]), **labels)


def _strings(values: pd.Series) -> pd.api.extensions.ExtensionArray:
    """A string column as plain strings; of a categorical, its categories taken by the codes in
    pyarrow (``astype`` would make a Python object of every value first)."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return values.array
    codes = values.cat.codes.to_numpy()
    return pd.array(_arrow(values).take(pa.array(codes, mask=codes < 0)), dtype="string")


def _lookup(keys: pd.Series, table: pd.DataFrame, key: str, column: str) -> pd.api.extensions.ExtensionArray:
    """``table[column]`` of the row whose ``table[key]`` (unique) equals each of `keys`, missing where
    none does (a left join). Of categorical keys, a categorical of the values (no string per row)."""
    values = table[column].array
    if not isinstance(keys.dtype, pd.CategoricalDtype):
        return values.take(_positions_in(keys, table[key]), allow_fill=True)
    found = _positions_in(keys.cat.categories.to_series(), table[key])
    per_category = pd.Categorical(values.take(found, allow_fill=True))
    codes = keys.cat.codes.to_numpy()
    lookup = np.append(per_category.codes, -1)  # a missing key: missing
    return pd.Categorical.from_codes(lookup[np.where(codes >= 0, codes, len(found))], dtype=per_category.dtype)


@memoize_local(2, per_version=True)
def _figure_rows_of(ds: Dataset) -> dict[str, dict[str, np.ndarray]]:
    """Per programme and per partnership id, the positions of its figures in :func:`figures_labelled`
    (in table order); built once per data version, so a list of programmes does not scan every figure
    once per programme."""
    figs = figures_labelled(ds)
    out: dict[str, dict[str, np.ndarray]] = {}
    for column in ("programme_id", "partnership_id"):
        ids = figs[column]
        rows = np.flatnonzero(ids.notna().to_numpy(dtype=bool))
        keys = ids.take(rows).astype("string").to_numpy(dtype=object)
        groups: dict[str, list[int]] = {}
        for key, row in zip(keys, rows.tolist(), strict=True):
            groups.setdefault(key, []).append(row)
        out[column] = {key: np.array(r, dtype=np.intp) for key, r in groups.items()}
    return out


def _figures_about(ds: Dataset, column: str, item_id: str) -> pd.DataFrame:
    rows = _figure_rows_of(ds)[column].get(str(item_id), np.array([], dtype=np.intp))
    return figures_labelled(ds).take(rows).reset_index(drop=True)


def programme_figures(ds: Dataset, programme_id: str) -> pd.DataFrame:
    """Every figure reported about one programme, with labels and source ids."""
    return _figures_about(ds, "programme_id", programme_id)


def partnership_figures(ds: Dataset, partnership_id: str) -> pd.DataFrame:
    """Every figure reported about one partnership, with labels and source ids."""
    return _figures_about(ds, "partnership_id", partnership_id)


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
    return figures_labelled(ds).take(_effect_rows(ds, f)).reset_index(drop=True)


@memoize_local(2, per_version=True)
def _effect_figures(ds: Dataset) -> tuple[np.ndarray, np.ndarray, pd.Series]:
    """The effect figures (EFFECT_MEASURES): their positions in :func:`figures_labelled`, the rows of
    their projects (-1: none) and their programme ids."""
    figs = figures_labelled(ds)
    rows = _positions(_in(figs["measure_id"], EFFECT_MEASURES))
    return rows, figure_project_rows(ds)[rows], figs["programme_id"].take(rows).reset_index(drop=True)


@memoize_local(16)
def _effect_rows(ds: Dataset, f: Filters = ALL) -> np.ndarray:
    """Positions in :func:`figures_labelled` of the effects of the selected projects and programmes."""
    rows, project_rows, programme_ids = _effect_figures(ds)
    if f == ALL:
        return rows
    # A figure's project by its row (found once per data version), not by a million ids.
    selected = np.zeros(len(projects_wide(ds)) + 1, dtype=bool)  # the last: no project
    selected[_rows(ds, f)] = True
    of_programme = isin(programme_ids, programmes(ds, f)["programme_id"]).to_numpy(dtype=bool)
    return rows[selected[project_rows] | of_programme]


@memoize
def programme_effects(ds: Dataset, f: Filters, measure: str) -> int:
    """How many of the effects (:func:`effects`) of one measure are reported about a programme."""
    figs = figures_labelled(ds)[["measure_id", "programme_id"]].take(_effect_rows(ds, f))
    return int((figs["programme_id"].notna() & (figs["measure_id"] == measure)).sum())


@memoize
def effect_coverage(ds: Dataset, f: Filters, measure: str) -> tuple[int, int, int, int]:
    """How many of the selected projects and programmes report a measure (have a figure of it):
    (projects reporting, projects, programmes reporting, programmes)."""
    figures = ds["figures"]
    of_measure = (figures["measure_id"] == measure).to_numpy(dtype=bool)
    rows = figure_project_rows(ds)[of_measure]
    reporting = np.zeros(len(projects_wide(ds)), dtype=bool)
    reporting[rows[rows >= 0]] = True
    selected = _rows(ds, f)
    programmes_ = programmes(ds, f)
    reporting_programmes = pd.unique(figures.loc[of_measure, "programme_id"].dropna())  # few: an isin is quick
    n_programmes = int(programmes_["programme_id"].isin(reporting_programmes).sum())
    return int(reporting[selected].sum()), len(selected), n_programmes, len(programmes_)


@memoize_local(2, per_version=True)
def _spending_years(ds: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Per spending row, the first and the last year it covers (NaN: undated); float32, exact for
    years. Built once per data version: 8 MB at 1.000.000 rows, where a joined copy of the table
    would take hundreds."""
    s = ds["spending"]
    first = s["year"].to_numpy(dtype=np.float32, na_value=np.nan)
    last = s["year_end"].to_numpy(dtype=np.float32, na_value=np.nan)
    return first, np.where(np.isnan(last), first, last)


@memoize_local(16)
def spending(ds: Dataset, f: Filters = ALL, category: str | None = None) -> pd.DataFrame:
    """Spending rows in the selection, each with its year and, for a Danish region, the amount
    per inhabitant. Rows are never summed across years or categories. A row is in a year range when
    the years it covers reach into it (undated rows are left out while a range is set)."""
    s = ds["spending"]
    first, last = _spending_years(ds)
    mask = np.ones(len(s), dtype=bool)
    if category:
        mask &= _in(s["category_id"], (category,))
    if f.regions:
        mask &= _in(s["region_code"], f.regions)
    with np.errstate(invalid="ignore"):
        if f.year_from is not None:
            mask &= last >= f.year_from
        if f.year_to is not None:
            mask &= first <= f.year_to
    regions = ds["regions"][["region_code", "name_da", "name_en", "population", "kind"]]
    out = s.take(np.flatnonzero(mask)).merge(regions, on="region_code", how="left")
    per = out["amount"].astype("Float64") / out["population"].astype("Float64")
    # Per inhabitant only for a dated single-year figure of one region or the whole country
    # (the population is the 2024 figure; an undated or multi-year amount gets none).
    out["per_inhabitant"] = per.where(out["year"].notna() & out["year_end"].isna())
    return out.drop(columns=["kind"]).reset_index(drop=True)


@memoize_local(2, per_version=True)
def _source_rows(ds: Dataset) -> dict[str, dict]:
    """Every source as a plain dict (missing values as None), by id; built once per data version."""
    return {row["source_id"]: row for row in ds["sources"].to_dict("records")}


def source_record(ds: Dataset, source_id: str) -> dict | None:
    """One source as a plain dict (a copy), None for an id that is not a source."""
    row = _source_rows(ds).get(source_id)
    return None if row is None else dict(row)


def source_records(ds: Dataset, source_ids) -> list[dict]:
    """The sources of the given ids as plain dicts (copies), in id order, as :func:`sources_for` rows
    them; ids that are not sources are left out. A dict lookup per id: a chart card asks for its
    sources three times (list, image export, workbook)."""
    rows = _source_rows(ds)
    return [dict(rows[s]) for s in sorted({s for s in source_ids if isinstance(s, str)}) if s in rows]


def sources_for(ds: Dataset, source_ids) -> pd.DataFrame:
    """The source rows for the given ids, in id order."""
    ids = sorted({s for s in source_ids if isinstance(s, str)})
    src = ds["sources"]
    return src[src["source_id"].isin(ids)].sort_values("source_id").reset_index(drop=True)
