"""The projects table: rows (one per project, text already in the language) and the AG Grid around them.

Numbers stay numbers in the row data (so the grid sorts them numerically); what the
cell shows is the text built here with i18n.format (bound, currency, year), handed to the grid
through a valueFormatter that only reads it. Data text is never HTML: the name column is rendered by
the grid's markdown renderer (which escapes HTML) from a link whose label is markdown-escaped here.

Two modes, the same columns and look:

- **In the browser** (at most CLIENT_ROWS_MAX projects in the filters): every row is in the page and
  the grid sorts, filters, searches and pages itself (AG Grid's client-side row model).
- **On the server** (more projects): AG Grid's infinite row model with pagination asks for one
  page at a time; `rows_response` answers from data.project_table (search, column filters and sort
  computed vectorised on the server, only the page's rows turned into dicts). No selection is ever
  shipped to the browser whole.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import quote

import dash
import dash_ag_grid as dag
import pandas as pd
from babel.dates import format_date as babel_format_date

from data import Dataset, Filters
from data import project_table as pt
from data.cache import memoize
from i18n import format as fmt
from i18n.text import MESSAGES, name_col, t

GRID_ID = "projects-grid"
PAGE_SIZE = 20
PAGE_SIZES = (PAGE_SIZE, 50, 100)
# Up to this many projects in the filters, the grid gets every row and works in the browser (instant
# search and sort, amounts searchable too); above it, the server serves one page at a time. Building
# the rows costs 0,13-0,25 ms a project and ships ~0,6 KB of JSON (uncompressed) a project: at
# 1.000.000 projects a 332-project selection rendered in 125-155 ms cold (260 KB), at the edge of the
# 150 ms callback budget, so the limit is 300; a page of the server grid costs 20-60 ms cold whatever
# the size of the selection (docs/PERFORMANCE.md).
CLIENT_ROWS_MAX = 300
# The most rows one request may ask for (the largest page); a larger request gets this many.
SERVER_ROWS_MAX = max(PAGE_SIZES)
# Project measures shown as columns (headers: message keys 'projects.col.<measure>').
GRID_MEASURES = pt.MEASURES
_CELL = "lineHeight: '1.4', paddingTop: '8px', paddingBottom: '8px'"  # style of a wrapped cell (JS)
# Row height of the server-side grid (one height for all rows): four lines of 14 px text at line height
# 1,4 (the longest names and sources of the curated data) and the cell's padding (8 px above and below).
SERVER_ROW_HEIGHT = 96
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


# ------------------------------------------------------------------ text helpers
def markdown_escape(text: str) -> str:
    """Text that markdown shows literally: every markdown (and HTML) character backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def project_href(project_id: str, query: str = "") -> str:
    """Address of a project's page under the app's URL prefix, keeping the query string."""
    return dash.get_relative_path(f"/projects/{quote(str(project_id), safe='')}") + (query or "")


def lookup(frame: pd.DataFrame, key: str, lang: str) -> dict[str, str]:
    return dict(zip(frame[key], frame[name_col(lang)], strict=False))


def region_name(code, regions: dict[str, str], lang: str) -> str:
    if fmt.is_missing(code):
        return t("label.not_stated", lang)
    if code == "DK":
        return t("label.all_regions_national", lang)
    return regions.get(code, str(code))


def region_list(row, regions: dict[str, str], lang: str) -> list[str]:
    """The project's region and, for a two-region project, its second; 'all regions or national' for DK;
    'not stated' when empty."""
    names = [region_name(row["region_code"], regions, lang)]
    if not fmt.is_missing(row.get("region_code_2")):
        names.append(region_name(row["region_code_2"], regions, lang))
    return names


def region_names(row, regions: dict[str, str], lang: str) -> str:
    """The project's regions as the grid and the project page show them: 'A, B'."""
    return ", ".join(region_list(row, regions, lang))


def project_years(row, lang: str) -> str:
    """The project's years ('2014', '2014–2018'), or 'not reported'."""
    return fmt.years(row["start_year"], row["end_year"], lang) or t("value.not_reported", lang)


def measure_text(row, measure: str, lang: str) -> str:
    """A project measure with bound and currency/unit, and the year it refers to; 'not reported' if unknown."""
    value = row[measure]
    if fmt.is_missing(value):
        return t("value.not_reported", lang)
    unit = row[f"{measure}_unit"]
    bound = row[f"{measure}_bound"]
    if unit == "jobs":
        text = fmt.with_bound(fmt.number(value, lang), bound, lang)
    else:
        text = fmt.value(value, unit, lang, bound)
    year = row[f"{measure}_year"]
    return text if fmt.is_missing(year) else f"{text} ({int(year)})"


def row_source_ids(row, measures=GRID_MEASURES) -> list[str]:
    """The row's own source and the sources of the figures shown for it, in that order, distinct."""
    ids = [row["source_id"]] + [row[f"{m}_source"] for m in measures if not fmt.is_missing(row[m])]
    return list(dict.fromkeys(i for i in ids if isinstance(i, str) and i))


def _number(value):
    return None if fmt.is_missing(value) else float(value)


# ------------------------------------------------------------------ rows
def grid_rows(ds: Dataset, projects: pd.DataFrame, lang: str, query: str = "") -> list[dict]:
    """One dict per project, with text in the language and numbers kept numeric."""
    regions = lookup(ds["regions"], "region_code", lang)
    sectors = lookup(ds["sectors"], "sector_id", lang)
    forms = lookup(ds["forms"], "form_id", lang)
    programmes = lookup(ds["programmes"], "programme_id", lang)
    publishers = dict(zip(ds["sources"]["source_id"], ds["sources"]["publisher"], strict=False))
    rows = []
    # Plain dicts of the columns used (a pandas row per project costs 3 times as much).
    for p in projects[list(pt.ROW_COLUMNS)].to_dict("records"):
        name = str(p["name"])
        row = {
            "project_id": str(p["project_id"]),
            "name": name,
            "name_link": f"[{markdown_escape(name)}]({project_href(p['project_id'], query)})",
            "region": region_names(p, regions, lang),
            "sector": sectors.get(p["sector_id"], p["sector_id"]),
            "form": forms.get(p["form_id"], p["form_id"]),
            "programme": "" if fmt.is_missing(p["programme_id"]) else programmes.get(p["programme_id"], ""),
            "partners": "" if fmt.is_missing(p["partners"]) else str(p["partners"]),
            "start_year": _number(p["start_year"] if not fmt.is_missing(p["start_year"]) else p["end_year"]),
            "years": project_years(p, lang),
            "source": "; ".join(dict.fromkeys(publishers.get(s, s) for s in row_source_ids(p))),
        }
        for measure in GRID_MEASURES:
            row[measure] = _number(p[measure])
            row[f"{measure}_text"] = measure_text(p, measure, lang)
        rows.append(row)
    return rows


def grid_source_ids(projects: pd.DataFrame) -> tuple[str, ...]:
    """The sources of the rows: each project's own source and the sources of its figures shown."""
    return pt.frame_source_ids(projects, GRID_MEASURES)


# ------------------------------------------------------------------ rows served page by page
def words(lang: str) -> pt.Words:
    """The texts the columns show that are not data, for data.project_table."""
    return pt.Words(t("label.not_stated", lang), t("label.all_regions_national", lang), t("value.not_reported", lang))


def _row_index(value, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31 else default


def rows_response(ds: Dataset, filters: Filters, lang: str, query: str, request: dict, search: str | None
                  ) -> tuple[dict, int, int]:
    """The answer to one getRowsRequest of the grid in server mode: ({"rowData": the page's rows,
    "rowCount": rows matching}, rows matching, projects in the filters). The request comes from the
    browser: unknown columns, filter types and malformed parts are ignored, and no more than
    SERVER_ROWS_MAX rows are returned."""
    start = _row_index(request.get("startRow"), 0)
    end = _row_index(request.get("endRow"), start + PAGE_SIZE)
    end = min(max(end, start), start + SERVER_ROWS_MAX)
    grid_query = parse_query(request.get("sortModel"), request.get("filterModel"), search)
    return _page_response(ds, filters, lang, query, grid_query, start, end)


@memoize  # keyed by the normalised request: scrolling back, or another visitor, reads the cache
def _page_response(ds: Dataset, filters: Filters, lang: str, query: str, grid_query: pt.Query, start: int,
                   end: int) -> tuple[dict, int, int]:
    frame, shown, total = pt.page(ds, filters, lang, words(lang), grid_query, start, end)
    return {"rowData": grid_rows(ds, frame, lang, query), "rowCount": shown}, shown, total


# ------------------------------------------------------------------ grid
def locale_text(lang: str) -> dict[str, str]:
    """AG Grid's own words in the language (keys 'projects.grid.<AG Grid locale key>')."""
    prefix = "projects.grid."
    return {key[len(prefix):]: t(key, lang) for key in MESSAGES if key.startswith(prefix)}


def _shown(field: str) -> dict:
    """valueFormatter that shows the text prepared in Python for a numeric field."""
    return {"function": f"params.data ? params.data.{field} : ''"}


def column_defs(lang: str, *, server: bool = False) -> list[dict]:
    """Columns sized to fit a 1280 px screen without scrolling sideways; text wraps, rows grow.

    server=True: the same columns for the server-side grid, whose rows all have one height
    (SERVER_ROW_HEIGHT: text wraps to at most four lines, the rest is cut with an ellipsis and shown
    in full on the project's page); sorting, filtering and search are done by the server
    (data.project_table), so the browser-side comparator and filter and search texts are left out."""
    # Wrapped text at a normal line height; "not reported" muted, so the reported figures stand out.
    wrap = {"wrapText": True, "autoHeight": True,
            "cellStyle": {"function": f"params.value == null ? {{{_CELL}, color: '#4f5d6b'}} : {{{_CELL}}}"}}
    if server:  # one row height: at most four lines a cell (assets/projects_grid.css), no autoHeight
        wrap = {key: value for key, value in wrap.items() if key != "autoHeight"}
    text_col = {"filter": "agTextColumnFilter", **wrap}
    if server:
        # Text filters as the server applies them (data.project_table.FILTER_TYPES), two conditions at most.
        text_col["filterParams"] = {"filterOptions": list(pt.FILTER_TYPES), "maxNumConditions": 2}
    # Numbers sort; they are not column-filtered (the filter button would squeeze the narrow headers,
    # and years are filtered by the filter bar above).
    number_col = {"filter": False, "type": "rightAligned", **wrap}
    browser_only = {
        "comparator": {"function": "(a, b, nodeA, nodeB) => "
                                   "String(nodeA.data.name).localeCompare(String(nodeB.data.name), 'da')"},
        "filterValueGetter": {"function": "params.data.name"},
        "getQuickFilterText": {"function": "params.data.name"},
    }
    cols = [
        {"field": "name_link", "colId": "name", "headerName": t("projects.col.name", lang),
         "cellRenderer": "markdown", "width": 172, "minWidth": 150, "pinned": "left", **text_col,
         "suppressKeyboardEvent": {"function": "opsFollowLinkOnEnter(params)"},
         **({} if server else browser_only)},
        {"field": "region", "headerName": t("projects.col.region", lang), "minWidth": 104, "flex": 1, **text_col},
        {"field": "sector", "headerName": t("projects.col.sector", lang), "minWidth": 104, "flex": 1, **text_col},
        {"field": "form", "headerName": t("projects.col.form", lang), "minWidth": 130, "flex": 1, **text_col},
        {"field": "programme", "headerName": t("projects.col.programme", lang), "minWidth": 104, "flex": 1,
         **text_col},
        {"field": "partners", "headerName": t("project.partners", lang), "hide": True, **text_col},
        {"field": "start_year", "colId": "years", "headerName": t("projects.col.years", lang), "width": 80,
         "minWidth": 80, "valueFormatter": _shown("years"),
         **({} if server else {"getQuickFilterText": {"function": "params.data.years"}}),
         "filter": False, **wrap},
    ]
    for measure in GRID_MEASURES:
        width = {"contract_value": 108, "public_funding": 104, "expected_jobs": 80}[measure]
        cols.append({"field": measure, "headerName": t(f"projects.col.{measure}", lang),
                     "width": width, "minWidth": width,
                     "valueFormatter": _shown(f"{measure}_text"),
                     **({} if server else {"getQuickFilterText": {"function": f"params.data.{measure}_text"}}),
                     **number_col})
    cols.append({"field": "source", "headerName": t("projects.col.source", lang), "minWidth": 100, "flex": 1,
                 **text_col})
    return cols


THEME = (
    "themeQuartz.withParams({"
    "fontFamily: 'inherit', fontSize: 14, headerFontSize: 13.5, headerFontWeight: 600,"
    "foregroundColor: '#1b2733', textColor: '#1b2733', headerTextColor: '#17324d',"
    "headerBackgroundColor: '#f4f6f8', borderColor: '#dde3ea', accentColor: '#2a6f97',"
    "rowHoverColor: 'rgba(42, 111, 151, 0.06)', oddRowBackgroundColor: '#fbfcfd',"
    "wrapperBorder: false, wrapperBorderRadius: 0, cellHorizontalPadding: 9, headerColumnResizeHandleColor: '#c5ced8'"
    "})"
)


def projects_grid(rows: list[dict] | None, lang: str, *, server: bool = False) -> dag.AgGrid:
    """The grid: with `rows` in the browser, or (server=True) fed a page at a time by the server."""
    options = {
        "theme": {"function": THEME},
        "localeText": locale_text(lang),
        "pagination": True,
        "paginationPageSize": PAGE_SIZE,
        "paginationPageSizeSelector": list(PAGE_SIZES),
        "domLayout": "autoHeight",
        "enableCellTextSelection": True,
        "ensureDomOrder": True,
        "animateRows": False,
        "suppressDragLeaveHidesColumns": True,
    }
    if server:
        options.update({
            "cacheBlockSize": PAGE_SIZE,  # one request a page (kept equal to the page size: assets/grid.js)
            # One request at a time: dash-ag-grid answers only the latest request, so a second one in
            # flight would leave the first block loading for ever.
            "maxConcurrentDatasourceRequests": 1,
            "infiniteInitialRowCount": PAGE_SIZE,
            "rowHeight": SERVER_ROW_HEIGHT,  # the infinite row model needs one fixed row height
        })
        extra = {"rowModelType": "infinite",
                 "eventListeners": {"paginationChanged": ["opsGridBlockSize(params)"]}}
    else:
        options.update({"quickFilterText": "", "includeHiddenColumnsInQuickFilter": True})
        extra = {"rowData": rows or []}
    return dag.AgGrid(
        id=GRID_ID,
        columnDefs=column_defs(lang, server=server),
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "suppressHeaderMenuButton": True,
                       "wrapHeaderText": True, "autoHeaderHeight": True},
        getRowId="params.data.project_id",
        dashGridOptions=options,
        style={"height": None, "width": "100%"},
        className="ops-projects-grid" + (" ops-projects-grid-server" if server else ""),
        **extra,
    )


# ------------------------------------------------------------------ sources as table cells
# (used by the project page and the sources page)
def published_text(value, lang: str) -> str:
    """A source's date: a full date in words; a year or year-month as given; 'not reported' if empty."""
    if fmt.is_missing(value) or not str(value).strip():
        return t("value.not_reported", lang)
    value = str(value)
    if len(value) == 10:
        return fmt.format_date(value, lang)
    if len(value) == 7 and value[:4].isdigit() and value[5:].isdigit():
        month = date(int(value[:4]), int(value[5:]), 1)
        return babel_format_date(month, format="MMMM y", locale=fmt.LOCALES.get(lang, fmt.LOCALES["da"]))
    return value


def license_text(value, lang: str) -> str:
    if fmt.is_missing(value) or str(value).strip().lower() in ("", "not stated"):
        return t("sources.license_not_stated", lang)
    return str(value)


def source_title(src: pd.Series, lang: str, *, new_tab: bool = True):
    """The source's title, as a link to it when it has an address (opens in a new tab)."""
    from dash import html

    title = str(src["title"])
    url = src["url"]
    if isinstance(url, str) and url:
        extra = {"target": "_blank", "rel": "noopener noreferrer"} if new_tab else {}
        hint = [html.Span(f" {t('project.src.new_tab', lang)}", className="visually-hidden")] if new_tab else []
        return html.A([title, *hint], href=url, **extra)
    return html.Span([title, html.Span(f" ({t('project.src.no_url', lang)})", className="text-muted")])


# Limits on what a grid request may ask for (the request comes from the browser).
MAX_TEXT = 200  # characters of a filter or search text
MAX_WORDS = 10  # words of a search
MAX_SORT = 4  # columns of a sort model


# ------------------------------------------------------------------ the grid's request (AG Grid's models)
def _text(value: Any) -> str | None:
    return value[:MAX_TEXT] if isinstance(value, str) else None


def parse_sort(sort_model: Any) -> tuple[pt.Sort, ...]:
    """The grid's sortModel ([{"colId": ..., "sort": "asc"|"desc"}, ...]) as Sorts; unknown columns
    and malformed entries dropped."""
    if not isinstance(sort_model, list):
        return ()
    out: list[pt.Sort] = []
    for item in sort_model[:MAX_SORT]:
        if not isinstance(item, dict):
            continue
        column, direction = item.get("colId"), item.get("sort")
        if column in pt.SORT_COLUMNS and direction in ("asc", "desc") and column not in [s.column for s in out]:
            out.append(pt.Sort(column, direction == "desc"))
    return tuple(out)


def _condition(model: Any) -> tuple[str, str] | None:
    if not isinstance(model, dict):
        return None
    kind = model.get("type")
    if kind not in pt.FILTER_TYPES:
        return None
    if kind in ("blank", "notBlank"):
        return kind, ""
    text = _text(model.get("filter"))
    if text is None or text == "":
        return None  # an empty condition filters nothing (as in the grid)
    return kind, text.lower()


def parse_filters(filter_model: Any) -> tuple[pt.TextFilter, ...]:
    """The grid's filterModel of text column filters as TextFilters: one condition
    ({"filterType": "text", "type": ..., "filter": ...}) or several joined
    ({"operator": "AND"|"OR", "conditions": [...]}); unknown columns, types and malformed entries
    dropped."""
    if not isinstance(filter_model, dict):
        return ()
    out = []
    for column in sorted(k for k in filter_model if k in pt.TEXT_FILTER_COLUMNS):
        model = filter_model[column]
        if not isinstance(model, dict):
            continue
        if isinstance(model.get("conditions"), list):
            items = model["conditions"][:4]
            join = "OR" if str(model.get("operator", "AND")).upper() == "OR" else "AND"
        else:
            items, join = [model], "AND"
        conditions = tuple(c for c in (_condition(i) for i in items) if c is not None)
        if conditions:
            out.append(pt.TextFilter(column, join, conditions))
    return tuple(out)


def parse_search(text: Any) -> tuple[str, ...]:
    """Search box text as lower-cased words (distinct, in order); empty when there is none."""
    text = _text(text) or ""
    return tuple(dict.fromkeys(re.split(r"\s+", text.strip().lower())) if text.strip() else ())[:MAX_WORDS]


def parse_query(sort_model: Any, filter_model: Any, search: Any) -> pt.Query:
    return pt.Query(parse_sort(sort_model), parse_filters(filter_model), parse_search(search))
