"""Query functions the pages call: filter, count, sum, per inhabitant, coverage, as SQL on the
version's DuckDB store (:mod:`data.store`), with bound parameters.

Every function takes a :class:`Dataset` and a normalised :class:`Filters`. Aggregates are memoised
by :func:`data.cache.memoize`, keyed by the dataset's content version and the filters' fields
(in-process by default, Redis when ``OPS_CACHE_URL`` is set). Callers must not modify returned
frames in place.

The filter rule is written once, in :func:`where`: a region in either region column, a form with
its sub-forms, years overlapping the range (rows without any year left out while a range is set).

Honesty rules kept here, not in the pages:
- an aggregate of values of which any is a lower bound is itself a lower bound ("> x"), of
  upper bounds an upper bound; exact only when every part is exact (:data:`BOUND_OF_SUM`);
- amounts are summed per currency, never converted;
- expected and realised effects are separate measures and never added together;
- every aggregate comes with its coverage: how many of the selected rows report the measure;
- annual spending is not summed across years.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.cache import memoize
from data.filters import Filters
from data.package import Dataset
from data.store import INTERNAL_COLUMNS, PROJECT_MEASURES

__all__ = ["PROJECT_MEASURES"]

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


def bound_of_sum(column: str) -> str:
    """SQL aggregate: the bound of a sum of a bound column's values: exact, lower, upper, or mixed
    (lower and upper bounds together)."""
    other = f"FILTER (WHERE {column} <> 'exact')"
    return (f"CASE count(DISTINCT {column}) {other} WHEN 0 THEN 'exact' WHEN 1 THEN any_value({column}) {other} "
            f"ELSE 'mixed' END")


# ---------------------------------------------------------------- the filter rule
# The columns each table is filtered on.
_REGION_COLUMNS = {"projects_wide": ("region_code", "region_code_2"), "projects": ("region_code", "region_code_2")}


def _marks(values) -> str:
    """Placeholders of a list of bound values: `?, ?, ?`."""
    return ", ".join("?" * len(values))


def where(f: Filters, table: str = "projects_wide", alias: str = "") -> tuple[str, list]:
    """The SQL condition (and its parameters) of rows of `table` in the filters: a region in either
    region column, a sector, a form or one of its sub-forms, the country, and years that overlap the
    range (rows without any year are left out while a range is set)."""
    a = f"{alias}." if alias else ""
    parts, params = ["TRUE"], []
    if f.regions:
        cols = _REGION_COLUMNS.get(table, ("region_code",))
        parts.append("(" + " OR ".join(f"{a}{c} IN ({_marks(f.regions)})" for c in cols) + ")")
        params += list(f.regions) * len(cols)
    if f.sectors and table != "spending":
        parts.append(f"{a}sector_id IN ({_marks(f.sectors)})")
        params += list(f.sectors)
    if f.forms and table != "spending":
        marks = _marks(f.forms)
        parts.append(f"{a}form_id IN (SELECT form_id FROM forms WHERE form_id IN ({marks}) "
                     f"OR parent_form_id IN ({marks}))")
        params += list(f.forms) * 2
    if f.country and table != "spending":
        parts.append(f"{a}country = ?")
        params.append(f.country)
    if f.year_from is not None or f.year_to is not None:
        if table == "spending":  # the years a figure covers reach into the range
            first, last = f"{a}year", f"coalesce({a}year_end, {a}year)"
        else:
            first, last = f"coalesce({a}start_year, {a}end_year)", f"coalesce({a}end_year, {a}start_year)"
        parts.append(f"{first} IS NOT NULL")
        if f.year_to is not None:
            parts.append(f"{first} <= ?")
            params.append(f.year_to)
        if f.year_from is not None:
            parts.append(f"{last} >= ?")
            params.append(f.year_from)
    return " AND ".join(parts), params


def _selected(f: Filters, *columns: str) -> tuple[str, list]:
    """A subquery of the selected projects, with the columns of the wide table a query needs (a
    subquery of all of them costs twice as much to plan as the query itself)."""
    cond, params = where(f)
    return f"(SELECT {', '.join(dict.fromkeys(columns))} FROM projects_wide WHERE {cond})", params


# ---------------------------------------------------------------- projects
_WIDE_COLUMNS = f"* EXCLUDE ({', '.join(INTERNAL_COLUMNS)})"  # the projects' columns and their measures


def projects(ds: Dataset, f: Filters = ALL) -> pd.DataFrame:
    """Projects matching the filters, as rows of the wide table (each with its measures)."""
    return project_columns(ds, f)


def project_columns(ds: Dataset, f: Filters = ALL, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """``projects(ds, f)[list(columns)]``, reading only those columns."""
    cond, params = where(f)
    shown = ", ".join(f'"{c}"' for c in columns) if columns is not None else _WIDE_COLUMNS
    return ds.query(f"SELECT {shown} FROM projects_wide WHERE {cond} ORDER BY row_no", params)


@memoize
def project_count(ds: Dataset, f: Filters = ALL) -> int:
    cond, params = where(f)
    return int(ds.scalar(f"SELECT count(*) FROM projects_wide WHERE {cond}", params))


def programmes(ds: Dataset, f: Filters = ALL) -> pd.DataFrame:
    cond, params = where(f, "programmes")
    return ds.query(f"SELECT * EXCLUDE (row_no) FROM programmes WHERE {cond} ORDER BY row_no", params)


def partnerships(ds: Dataset, f: Filters = ALL) -> pd.DataFrame:
    cond, params = where(f, "partnerships")
    return ds.query(f"SELECT * EXCLUDE (row_no) FROM partnerships WHERE {cond} ORDER BY row_no", params)


def project(ds: Dataset, project_id: str) -> pd.Series | None:
    """One row of the projects table, None for an unknown id."""
    out = ds.query("SELECT * EXCLUDE (row_no) FROM projects WHERE project_id = ?", [project_id])
    return None if out.empty else out.iloc[0]


def project_figures(ds: Dataset, project_id: str) -> pd.DataFrame:
    """Every figure about one project, with measure labels, by figure id."""
    return ds.query("SELECT * EXCLUDE (row_no) FROM figures_labelled WHERE project_id = ? ORDER BY figure_id",
                    [project_id])


# ---------------------------------------------------------------- groupings
# The key of a project in a grouping: (expression of the first key, of a second key or None).
_KEYS = {
    "region": ("region_code", "region_code_2"),
    "sector": ("sector_id", None),
    "form": ("form_id", None),
    "programme": ("programme_id", None),
    "start_year": ("CAST(start_year AS VARCHAR)", None),
    "country": ("country", None),
    "scope": ("scope", None),
}
_KEY_COLUMNS = {"region": ("region_code", "region_code_2"), "start_year": ("start_year",)}
_KEY_COLUMNS.update({by: (first,) for by, (first, _second) in _KEYS.items() if by not in _KEY_COLUMNS})
_LABEL_TABLES = {"region": ("regions", "region_code"), "sector": ("sectors", "sector_id"),
                 "form": ("forms", "form_id"), "programme": ("programmes", "programme_id")}


def _long(f: Filters, by: str, columns: str = "") -> tuple[str, list]:
    """A row per selected project and group key (a two-region project once in each region; a
    missing key is "not_stated", a missing second region no row)."""
    if by not in GROUPS:
        raise ValueError(f"unknown grouping {by!r}; use one of {sorted(GROUPS)}")
    first, second = _KEYS[by]
    needed = [c for c in _KEY_COLUMNS[by]] + [c.split(" AS ")[0] for c in columns.split(", ") if c]
    sel, params = _selected(f, *needed)
    extra = f", {columns}" if columns else ""
    sql = f"SELECT coalesce({first}, 'not_stated') AS key{extra} FROM {sel}"
    if second:
        sql += f" UNION ALL SELECT {second} AS key{extra} FROM {sel} WHERE {second} IS NOT NULL"
        params = params + params
    return sql, params


def _labels_sql(by: str) -> tuple[str, list]:
    """SQL of the labels of a grouping's keys (key, name_da, name_en), "not stated" included."""
    not_stated = [NOT_STATED["key"], NOT_STATED["name_da"], NOT_STATED["name_en"]]
    sql = "SELECT ? AS key, ? AS name_da, ? AS name_en"
    if by in _LABEL_TABLES:
        table, key = _LABEL_TABLES[by]
        sql = f"SELECT {key} AS key, name_da, name_en FROM {table} UNION ALL {sql}"
    return sql, not_stated


@memoize
def count_by(ds: Dataset, f: Filters, by: str) -> pd.DataFrame:
    """Number of projects per group: columns key, n, name_da, name_en."""
    long, params = _long(f, by)
    names, name_params = _labels_sql(by)
    sql = f"""SELECT key, count(*) AS n, any_value(l.name_da) AS name_da, any_value(l.name_en) AS name_en
              FROM ({long}) LEFT JOIN ({names}) l USING (key) GROUP BY key ORDER BY n DESC, key"""
    return ds.query(sql, params + name_params).astype({"n": "int64"})


def _check_measure(measure: str) -> None:
    if measure not in PROJECT_MEASURES:
        raise ValueError(f"unknown measure {measure!r}")


@memoize
def measure_by(ds: Dataset, f: Filters, measure: str, by: str) -> pd.DataFrame:
    """Sum of a project measure per group and unit (currency), with bound and coverage.

    Columns: key, name_da, name_en, unit, value, bound, reported, projects, year_min, year_max.
    `reported` of `projects` in the group report the measure; `value` sums only those. A group
    where none reports it has one row without unit and value.
    """
    _check_measure(measure)
    m = measure
    long, params = _long(f, by, f"{m} AS v, {m}_unit AS unit, {m}_bound AS bound, {m}_year AS year")
    names, name_params = _labels_sql(by)
    sql = f"""
        WITH long AS ({long}),
        totals AS (SELECT key, count(*) AS projects FROM long GROUP BY key),
        sums AS (SELECT key, unit, sum(v) AS value, {bound_of_sum('bound')} AS bound, count(*) AS reported,
                        min(year) AS year_min, max(year) AS year_max
                 FROM long WHERE v IS NOT NULL AND unit IS NOT NULL GROUP BY key, unit)
        SELECT t.key, l.name_da, l.name_en, s.unit, s.value, s.bound, coalesce(s.reported, 0) AS reported,
               t.projects, s.year_min, s.year_max
        FROM totals t LEFT JOIN sums s USING (key) LEFT JOIN ({names}) l USING (key)
        ORDER BY s.value DESC NULLS LAST, t.key, s.unit"""
    return ds.query(sql, params + name_params).astype({"reported": "int64", "projects": "int64"})


@memoize
def coverage(ds: Dataset, f: Filters, measure: str) -> Coverage:
    """How many of the selected projects report the measure."""
    _check_measure(measure)
    sel, params = _selected(f, measure)
    reported, total = ds.rows(f"SELECT count({measure}), count(*) FROM {sel}", params)[0]
    return Coverage(int(reported), int(total))


@memoize
def total(ds: Dataset, f: Filters, measure: str) -> pd.DataFrame:
    """Sum of a project measure over the selection, one row per currency/unit, with bound,
    the years the values refer to, and coverage."""
    _check_measure(measure)
    m = measure
    sel, params = _selected(f, m, f"{m}_unit", f"{m}_bound", f"{m}_year")
    sql = f"""
        WITH sel AS {sel}
        SELECT {m}_unit AS unit, sum({m}) AS value, {bound_of_sum(m + '_bound')} AS bound,
               count(*) AS reported, (SELECT count(*) FROM sel) AS projects,
               min({m}_year) AS year_min, max({m}_year) AS year_max
        FROM sel WHERE {m} IS NOT NULL AND {m}_unit IS NOT NULL GROUP BY {m}_unit ORDER BY {m}_unit"""
    columns = ["unit", "value", "bound", "reported", "projects", "year_min", "year_max"]
    return pd.DataFrame([dict(zip(columns, row, strict=True)) for row in ds.rows(sql, params)], columns=columns)


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


@memoize
def project_sources(ds: Dataset, f: Filters, measure: str | None = None) -> tuple[str, ...]:
    """Source ids of the selected projects; with `measure`, of the values of it they report."""
    sel, params = _selected(f, "source_id") if measure is None else _selected(f, measure, f"{measure}_source")
    if measure is None:
        sql = f"SELECT DISTINCT source_id FROM {sel} WHERE source_id IS NOT NULL ORDER BY 1"
    else:
        _check_measure(measure)
        sql = (f"SELECT DISTINCT {measure}_source FROM {sel} WHERE {measure} IS NOT NULL "
               f"AND {measure}_source IS NOT NULL ORDER BY 1")
    return tuple(r[0] for r in ds.rows(sql, params))


@memoize
def region_counts(ds: Dataset, f: Filters, regions: tuple[str, ...], measure: str | None = None) -> tuple[int, ...]:
    """Of the selected projects: (how many are in one of `regions`, as first or second region; of
    those, how many report `measure` (0 without one); how many are in none of them; how many are in
    two regions)."""
    if measure is not None:
        _check_measure(measure)
    sel, params = _selected(f, "region_code", "region_code_2", *([measure] if measure else []))
    marks = _marks(regions)
    inside = f"coalesce(region_code IN ({marks}) OR region_code_2 IN ({marks}), FALSE)" if regions else "FALSE"
    reporting = f"count(*) FILTER (WHERE {inside} AND {measure} IS NOT NULL)" if measure else "0"
    sql = (f"SELECT count(*) FILTER (WHERE {inside}), {reporting}, count(*) FILTER (WHERE NOT {inside}), "
           f"count(region_code_2) FROM {sel}")
    r = list(regions) * 2
    values = r + (r if measure else []) + r + params
    return tuple(int(v) for v in ds.rows(sql, values)[0])


def year_range(ds: Dataset) -> tuple[int, int]:
    """The first and last year of any project or programme (the year filter's range); 2000-2030
    when no year is known."""
    lo, hi = ds.rows("""SELECT min(y), max(y) FROM (
        SELECT start_year AS y FROM projects UNION ALL SELECT end_year FROM projects
        UNION ALL SELECT start_year FROM programmes UNION ALL SELECT end_year FROM programmes)""")[0]
    return (int(lo), int(hi)) if lo is not None else (2000, 2030)


def _figures_about(ds: Dataset, column: str, item_id: str) -> pd.DataFrame:
    """Every figure naming one programme or partnership, with labels (the figures of programmes and
    partnerships are few: read once per version, grouped by id)."""
    def grouped() -> dict[str, pd.DataFrame]:
        figures = ds.query(f"SELECT * EXCLUDE (row_no) FROM figures_labelled WHERE {column} IS NOT NULL "
                           "ORDER BY row_no")
        return {str(k): part.reset_index(drop=True) for k, part in figures.groupby(column, sort=False)}

    found = ds.kept(f"figures-about-{column}", grouped).get(str(item_id))
    return found if found is not None else ds.kept(
        "figures-about-none", lambda: ds.query("SELECT * EXCLUDE (row_no) FROM figures_labelled WHERE FALSE"))


def programme_figures(ds: Dataset, programme_id: str) -> pd.DataFrame:
    """Every figure reported about one programme, with labels and source ids."""
    return _figures_about(ds, "programme_id", programme_id)


def partnership_figures(ds: Dataset, partnership_id: str) -> pd.DataFrame:
    """Every figure reported about one partnership, with labels and source ids."""
    return _figures_about(ds, "partnership_id", partnership_id)


def _effects_where(f: Filters, measures: tuple[str, ...] = EFFECT_MEASURES) -> tuple[str, list]:
    """Effect figures (of `measures`, by default EFFECT_MEASURES) of the selected projects and programmes."""
    cond = f"measure_id IN ({_marks(measures)})"
    params: list = list(measures)
    if f != ALL:
        pc, pp = where(f)
        gc, gp = where(f, "programmes")
        cond += (f" AND (project_id IN (SELECT project_id FROM projects_wide WHERE {pc})"
                 f" OR programme_id IN (SELECT programme_id FROM programmes WHERE {gc}))")
        params += pp + gp
    return cond, params


def effects(ds: Dataset, f: Filters = ALL) -> pd.DataFrame:
    """Economic effects (EFFECT_MEASURES: jobs, turnover, ratios) of the selected projects and
    programmes, one row per reported figure; never summed across expected and realised."""
    cond, params = _effects_where(f)
    return ds.query(f"SELECT * EXCLUDE (row_no) FROM figures_labelled WHERE {cond} ORDER BY row_no", params)


def largest_effects(ds: Dataset, f: Filters, measures: tuple[str, ...], n: int, per_measure: bool = False
                    ) -> tuple[pd.DataFrame, int, bool]:
    """The effect figures of these measures with the largest values, at most `n` (`n` per
    measure), in table order (ties: the earlier row; figures without a value last), each with its
    project's name and region (`project_name`, `project_region`); how many there are in all, and
    whether some were left out."""
    cond, params = _effects_where(f, measures)
    per = "measure_id" if per_measure else "1"
    sql = f"""
        WITH ranked AS (
          SELECT row_no, row_number() OVER (PARTITION BY {per} ORDER BY value DESC NULLS LAST, row_no) AS rank,
                 count(*) OVER (PARTITION BY {per}) AS in_group, count(*) OVER () AS total
          FROM figures WHERE {cond})
        SELECT e.* EXCLUDE (row_no), p.name AS project_name, p.region_code AS project_region,
               max(r.in_group) OVER () > ? AS capped, r.total
        FROM ranked r JOIN figures_labelled e USING (row_no) LEFT JOIN projects p USING (project_id)
        WHERE r.rank <= ? ORDER BY e.row_no"""
    out = ds.query(sql, [*params, n, n])
    total = int(out["total"].iloc[0]) if len(out) else 0
    capped = bool(out["capped"].iloc[0]) if len(out) else False
    return out.drop(columns=["capped", "total"]), total, capped


@memoize
def programme_effects(ds: Dataset, f: Filters, measure: str) -> int:
    """How many of the effects (:func:`effects`) of one measure are reported about a programme."""
    cond, params = _effects_where(f)
    return int(ds.scalar(f"SELECT count(*) FROM figures WHERE {cond} AND programme_id IS NOT NULL "
                         "AND measure_id = ?", [*params, measure]))


@memoize
def effect_coverage(ds: Dataset, f: Filters, measure: str) -> tuple[int, int, int, int]:
    """How many of the selected projects and programmes report a measure (have a figure of it):
    (projects reporting, projects, programmes reporting, programmes)."""
    pc, pp = where(f)
    gc, gp = where(f, "programmes")
    sql = f"""
        WITH reporting AS (SELECT project_id, programme_id FROM figures WHERE measure_id = ?)
        SELECT
          (SELECT count(*) FROM projects_wide WHERE {pc}
             AND project_id IN (SELECT project_id FROM reporting)),
          (SELECT count(*) FROM projects_wide WHERE {pc}),
          (SELECT count(*) FROM programmes WHERE {gc}
             AND programme_id IN (SELECT programme_id FROM reporting)),
          (SELECT count(*) FROM programmes WHERE {gc})"""
    return tuple(int(v) for v in ds.rows(sql, [measure, *pp, *pp, *gp, *gp])[0])


def spending(ds: Dataset, f: Filters = ALL, category: str | None = None, undated: bool = False) -> pd.DataFrame:
    """Spending rows in the selection, each with its year and, for a Danish region, the amount
    per inhabitant. Rows are never summed across years or categories. A row is in a year range when
    the years it covers reach into it (undated rows are left out while a range is set). `undated`:
    only the rows without a year."""
    cond, params = where(f, "spending", "s")
    if undated:
        cond += " AND s.year IS NULL"
    if category:
        cond += " AND s.category_id = ?"
        params.append(category)
    # Per inhabitant only for a dated single-year figure of one region or the whole country
    # (the population is the 2024 figure; an undated or multi-year amount gets none).
    sql = f"""
        SELECT s.* EXCLUDE (row_no), r.name_da, r.name_en, r.population,
               CASE WHEN s.year IS NOT NULL AND s.year_end IS NULL
                    THEN CAST(s.amount AS DOUBLE) / r.population END AS per_inhabitant
        FROM spending s LEFT JOIN regions r USING (region_code)
        WHERE {cond} ORDER BY s.row_no"""
    return ds.query(sql, params)


# ---------------------------------------------------------------- sources
@memoize
def citations(ds: Dataset, tables: tuple[str, ...]) -> pd.DataFrame:
    """Rows citing each source: index source_id (every source, in the sources table's order), one
    column per citing table of `tables` that has a source column (0 when none)."""
    citing = [t for t in tables if t in ds.counts and any(f["name"] == "source_id" for f in ds.schema(t)["fields"])]
    union = " UNION ALL ".join(f"SELECT source_id, ? AS tbl FROM \"{t}\"" for t in citing)
    counts = ds.query(f"SELECT source_id, tbl, count(*) AS n FROM ({union}) GROUP BY ALL", citing) if citing else None
    ids = ds["sources"]["source_id"]
    if counts is None:
        return pd.DataFrame(index=pd.Index(ids, name="source_id"))
    out = counts.pivot(index="source_id", columns="tbl", values="n").reindex(index=ids, columns=citing)
    return out.fillna(0).astype("int64").rename_axis(columns=None)


@memoize
def filled_counts(ds: Dataset) -> list[dict]:
    """For each optional column of each table: rows with a value (text: not blank) and all rows."""
    out = []
    for resource in ds.descriptor.get("resources", []):
        name = resource.get("name")
        if name not in ds.counts:
            continue
        fields = [f for f in resource.get("schema", {}).get("fields", [])
                  if not f.get("constraints", {}).get("required")]
        if not fields:
            continue
        parts = [f"count(\"{f['name']}\")" if f.get("type", "string") != "string"
                 else f"count(*) FILTER (WHERE trim(\"{f['name']}\") <> '')" for f in fields]
        counts = ds.rows(f'SELECT {", ".join(parts)} FROM "{name}"')[0]
        out += [{"table": name, "column": f["name"], "filled": int(n), "rows": ds.counts[name]}
                for f, n in zip(fields, counts, strict=True)]
    return out


def _source_rows(ds: Dataset) -> dict[str, dict]:
    """Every source as a plain dict (missing values as None), by id, kept with the version."""
    def build() -> dict[str, dict]:
        records = ds["sources"].astype(object).where(ds["sources"].notna(), None).to_dict("records")
        return {row["source_id"]: row for row in records}
    return ds.kept("source-rows", build)


def source_record(ds: Dataset, source_id: str) -> dict | None:
    """One source as a plain dict (a copy), None for an id that is not a source."""
    row = _source_rows(ds).get(source_id)
    return None if row is None else dict(row)


def source_records(ds: Dataset, source_ids) -> list[dict]:
    """The sources of the given ids as plain dicts (copies), in id order; ids that are not sources
    are left out."""
    rows = _source_rows(ds)
    return [dict(rows[s]) for s in sorted({s for s in source_ids if isinstance(s, str)}) if s in rows]


def sources_for(ds: Dataset, source_ids) -> pd.DataFrame:
    """The source rows for the given ids, in id order."""
    ids = sorted({s for s in source_ids if isinstance(s, str)})
    src = ds["sources"]
    return src[src["source_id"].isin(ids)].sort_values("source_id").reset_index(drop=True)
