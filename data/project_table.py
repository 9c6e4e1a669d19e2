"""The project table served a page at a time (the projects grid's server-side mode), as SQL on the
version's store: which projects are in the filters, which of them pass the grid's search box and
text column filters, in which order, and the rows of one page.

What the columns show is matched and sorted as shown (texts in the language, case ignored): the
store keeps, per project, the lower-cased names of its region(s), sector, form and programme in both
languages, its name, partners and the publishers of its sources (:data:`data.store.INTERNAL_COLUMNS`);
the few texts that are not data ("not stated", "all regions or national", "not reported") come from
the caller's message catalogue as :class:`Words`. Texts sort in Danish order
(:func:`data.store.danish_fold`), ties and missing values (last) in table order.

This module never imports Dash.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd

from data.cache import memoize
from data.filters import Filters
from data.package import Dataset
from data.queries import where
from data.store import GRID_MEASURES, danish_fold

# The measures the table shows as columns (and whose sources its source column names).
MEASURES = GRID_MEASURES
TEXT_FILTER_COLUMNS = ("name", "region", "sector", "form", "programme", "partners", "source")
SEARCH_COLUMNS = ("name", "partners", "region", "sector", "form", "programme", "years", "source")
NUMBER_SORT = ("years", *MEASURES)  # years sorts by the start year (else the end year)
TEXT_SORT = ("name", "region", "sector", "form", "programme", "partners", "source")
SORT_COLUMNS = TEXT_SORT + NUMBER_SORT
# The grid's text filter (agTextColumnFilter) condition types.
FILTER_TYPES = ("contains", "notContains", "equals", "notEqual", "startsWith", "endsWith", "blank", "notBlank")

# The columns a page of rows is built from (ui.projects_grid.grid_rows reads these).
ROW_COLUMNS = ("project_id", "name", "region_code", "region_code_2", "sector_id", "form_id", "programme_id",
               "partners", "start_year", "end_year", "source_id",
               *[f"{m}{s}" for m in MEASURES for s in ("", "_bound", "_unit", "_year", "_source")])
_LANGS = ("da", "en")


class Words(NamedTuple):
    """Texts the columns show that are not data, in the language (from the message catalogue)."""

    not_stated: str  # a project without a region
    all_regions: str  # region code DK: all regions or national
    not_reported: str  # no year


class Sort(NamedTuple):
    column: str
    descending: bool


class TextFilter(NamedTuple):
    """One column's text filter: its conditions (type, lower-cased text), joined by AND or OR."""

    column: str
    join: str  # "AND" | "OR"
    conditions: tuple[tuple[str, str], ...]


class Query(NamedTuple):
    """What the grid asks for besides the page: its sort, its column filters and the search text,
    normalised (hashable, so results are cached on it)."""

    sort: tuple[Sort, ...] = ()
    filters: tuple[TextFilter, ...] = ()
    search: tuple[str, ...] = ()  # lower-cased words; a row matches when it holds every word


# ---------------------------------------------------------------- what the columns show
def _lang(lang: str) -> str:
    return lang if lang in _LANGS else "da"


def _shown(column: str, lang: str) -> tuple[str, list]:
    """SQL of the lower-cased text a column shows (and its parameters: the words that are not data)."""
    if column in ("name", "partners", "source"):
        return f"{column}_lc", []
    if column == "region":
        def one(code: str, name: str) -> str:
            return f"CASE WHEN {code} = 'DK' THEN ? ELSE coalesce({name}, lower({code})) END"
        sql = (f"(CASE WHEN region_code IS NULL THEN ? ELSE {one('region_code', f'region_{lang}')} END"
               f" || CASE WHEN region_code_2 IS NULL THEN '' ELSE ', ' || {one('region_code_2', f'region_2_{lang}')}"
               " END)")
        return sql, ["not_stated", "all_regions", "all_regions"]
    if column in ("sector", "form"):
        return f"coalesce({column}_{lang}, lower({column}_id), '')", []
    if column == "programme":
        return f"coalesce(programme_{lang}, '')", []
    if column == "years":
        return ("CASE WHEN start_year IS NULL AND end_year IS NULL THEN ? "
                "WHEN start_year IS NULL OR end_year IS NULL OR start_year = end_year "
                "THEN CAST(coalesce(start_year, end_year) AS VARCHAR) "
                "ELSE start_year || '–' || end_year END"), ["not_reported"]
    raise ValueError(f"not a column: {column!r}")


def _shown_text(column: str, lang: str, words: Words) -> tuple[str, list]:
    sql, names = _shown(column, lang)
    return sql, [getattr(words, n).lower() for n in names]


_TESTS = {
    "contains": "contains({t}, ?)",
    "notContains": "NOT contains({t}, ?)",
    "equals": "{t} = ?",
    "notEqual": "{t} <> ?",
    "startsWith": "starts_with({t}, ?)",
    "endsWith": "ends_with({t}, ?)",
    "blank": "trim({t}) = ''",
    "notBlank": "trim({t}) <> ''",
}


def _sql_condition(column: str, lang: str, words: Words, kind: str, text: str) -> tuple[str, list]:
    shown, params = _shown_text(column, lang, words)
    sql = _TESTS[kind].format(t=shown)
    return sql, params + ([text] if "?" in _TESTS[kind] else [])


def _grid_where(f: Filters, lang: str, words: Words, query: Query) -> tuple[str, list]:
    """The filters' selection, narrowed by the query's search words and column filters."""
    sql, params = where(f)
    for word in query.search:  # every word, in one of the searched columns
        parts = [_sql_condition(c, lang, words, "contains", word) for c in SEARCH_COLUMNS]
        sql += " AND (" + " OR ".join(p for p, _ in parts) + ")"
        params += [v for _, ps in parts for v in ps]
    for flt in query.filters:
        parts = [_sql_condition(flt.column, lang, words, kind, text) for kind, text in flt.conditions]
        sql += " AND (" + f" {flt.join} ".join(p for p, _ in parts) + ")"
        params += [v for _, ps in parts for v in ps]
    return sql, params


def _order(query: Query, lang: str, words: Words) -> tuple[str, list]:
    """ORDER BY terms: each sort column with missing values last either way, then table order."""
    terms, params = [], []
    for column, descending in query.sort:
        way = " DESC" if descending else ""
        if column in NUMBER_SORT:
            value = "coalesce(start_year, end_year)" if column == "years" else column
            terms += [f"{value} IS NULL", value + way]
        elif column in ("name", "partners"):
            terms += [f"trim({column}_lc) = ''", f"{column}_key{way}"]
        else:
            shown, ps = _shown_text(column, lang, words)
            terms += [f"trim({shown}) = ''", danish_fold(shown) + way]
            params += ps + ps
    return ", ".join([*terms, "row_no"]), params


# ---------------------------------------------------------------- the selection
@memoize
def selection_count(ds: Dataset, f: Filters) -> int:
    sql, params = where(f)
    return int(ds.scalar(f"SELECT count(*) FROM projects_wide WHERE {sql}", params))


def _rows(ds: Dataset, condition: str, params: list, order: str = "row_no", limit: str = "") -> pd.DataFrame:
    columns = ", ".join(ROW_COLUMNS)
    return ds.query(f"SELECT {columns} FROM projects_wide WHERE {condition} ORDER BY {order}{limit}", params)


def selection_rows(ds: Dataset, f: Filters) -> pd.DataFrame:
    """The projects in the filters, with the columns a grid row shows (for a small selection)."""
    return _rows(ds, *where(f))


def frame_source_ids(projects: pd.DataFrame, measures: Sequence[str] = MEASURES) -> tuple[str, ...]:
    """The sources of a frame of projects: each row's own source and the sources of the figures shown
    for it (a measure's source only where the measure is reported), distinct and sorted."""
    parts = [projects["source_id"]] + [projects.loc[projects[m].notna(), f"{m}_source"] for m in measures]
    ids: set[str] = set()
    for part in parts:
        ids.update(v for v in pd.unique(part.dropna()) if isinstance(v, str) and v)
    return tuple(sorted(ids))


@memoize
def selection_source_ids(ds: Dataset, f: Filters) -> tuple[str, ...]:
    """:func:`frame_source_ids` of the projects in the filters."""
    sql, params = where(f)
    shown = " UNION ".join(["SELECT source_id AS s FROM sel"] + [f"SELECT {m}_source FROM sel WHERE {m} IS NOT NULL"
                                                                 for m in MEASURES])
    columns = ", ".join(["source_id", *[f"{m}, {m}_source" for m in MEASURES]])
    out = ds.rows(f"WITH sel AS (SELECT {columns} FROM projects_wide WHERE {sql}) "
                  f"SELECT DISTINCT s FROM ({shown}) WHERE s IS NOT NULL AND s <> '' ORDER BY s", params)
    return tuple(r[0] for r in out)


# ---------------------------------------------------------------- the rows of a query
def page(ds: Dataset, f: Filters, lang: str, words: Words, query: Query, start: int, end: int
         ) -> tuple[pd.DataFrame, int, int]:
    """One page of the query's rows: (the rows, the number of rows the query matches, the number of
    projects in the filters)."""
    lang = _lang(lang)
    start = max(0, int(start))
    end = max(start, int(end))
    condition, params = _grid_where(f, lang, words, query)
    order, order_params = _order(query, lang, words)
    frame = _rows(ds, condition, params + order_params, order, f" LIMIT {end - start} OFFSET {start}")
    return frame, _count(ds, f, lang, words, query), selection_count(ds, f)


@memoize
def _count(ds: Dataset, f: Filters, lang: str, words: Words, query: Query) -> int:
    """How many projects in the filters pass the query's search and column filters."""
    condition, params = _grid_where(f, lang, words, Query(filters=query.filters, search=query.search))
    return int(ds.scalar(f"SELECT count(*) FROM projects_wide WHERE {condition}", params))


def ordered_ids(ds: Dataset, f: Filters, lang: str, words: Words, query: Query) -> list[str]:
    """The ids of every row the query matches, in its order (what the grid pages through)."""
    frame, shown, _ = page(ds, f, lang, words, query, 0, 2**31 - 1)
    return list(frame["project_id"])
