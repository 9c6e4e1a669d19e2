"""The projects table: rows (one per project, text already in the language) and the AG Grid around them.

Numbers stay numbers in the row data (so the grid sorts them numerically); what the
cell shows is the text built here with components.format (bound, currency, year), handed to the grid
through a valueFormatter that only reads it. Data text is never HTML: the name column is rendered by
the grid's markdown renderer (which escapes HTML) from a link whose label is markdown-escaped here.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

import dash
import dash_ag_grid as dag
import pandas as pd
from babel.dates import format_date as babel_format_date

from components import format as fmt
from components.text import MESSAGES, name_col, t
from data import Dataset

GRID_ID = "projects-grid"
PAGE_SIZE = 20
# Project measures shown as columns (headers: message keys 'projects.col.<measure>').
GRID_MEASURES = ("contract_value", "public_funding", "expected_jobs")
_CELL = "lineHeight: '1.4', paddingTop: '8px', paddingBottom: '8px'"  # style of a wrapped cell (JS)
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


def region_names(row: pd.Series, regions: dict[str, str], lang: str) -> str:
    """Both regions of a two-region project; 'all regions or national' for DK; 'not stated' when empty."""
    names = [region_name(row["region_code"], regions, lang)]
    if not fmt.is_missing(row.get("region_code_2")):
        names.append(region_name(row["region_code_2"], regions, lang))
    return ", ".join(names)


def measure_text(row: pd.Series, measure: str, lang: str) -> str:
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


def row_source_ids(row: pd.Series, measures=GRID_MEASURES) -> list[str]:
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
    for _, p in projects.iterrows():
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
            "years": fmt.years(p["start_year"], p["end_year"], lang) or t("value.not_reported", lang),
            "source": "; ".join(dict.fromkeys(publishers.get(s, s) for s in row_source_ids(p))),
        }
        for measure in GRID_MEASURES:
            row[measure] = _number(p[measure])
            row[f"{measure}_text"] = measure_text(p, measure, lang)
        rows.append(row)
    return rows


def grid_source_ids(projects: pd.DataFrame) -> tuple[str, ...]:
    ids: set[str] = set()
    for _, p in projects.iterrows():
        ids.update(row_source_ids(p))
    return tuple(sorted(ids))


# ------------------------------------------------------------------ grid
def locale_text(lang: str) -> dict[str, str]:
    """AG Grid's own words in the language (keys 'projects.grid.<AG Grid locale key>')."""
    prefix = "projects.grid."
    return {key[len(prefix):]: t(key, lang) for key in MESSAGES if key.startswith(prefix)}


def _shown(field: str) -> dict:
    """valueFormatter that shows the text prepared in Python for a numeric field."""
    return {"function": f"params.data ? params.data.{field} : ''"}


def column_defs(lang: str) -> list[dict]:
    """Columns sized to fit a 1280 px screen without scrolling sideways; text wraps, rows grow."""
    # Wrapped text at a normal line height; "not reported" muted, so the reported figures stand out.
    wrap = {"wrapText": True, "autoHeight": True,
            "cellStyle": {"function": f"params.value == null ? {{{_CELL}, color: '#4f5d6b'}} : {{{_CELL}}}"}}
    text_col = {"filter": "agTextColumnFilter", **wrap}
    # Numbers sort; they are not column-filtered (the filter button would squeeze the narrow headers,
    # and years are filtered by the filter bar above).
    number_col = {"filter": False, "type": "rightAligned", **wrap}
    cols = [
        {"field": "name_link", "colId": "name", "headerName": t("projects.col.name", lang),
         "cellRenderer": "markdown", "width": 172, "minWidth": 150, "pinned": "left", **text_col,
         "suppressKeyboardEvent": {"function": "opsFollowLinkOnEnter(params)"},
         "comparator": {"function": "(a, b, nodeA, nodeB) => "
                                    "String(nodeA.data.name).localeCompare(String(nodeB.data.name), 'da')"},
         "filterValueGetter": {"function": "params.data.name"},
         "getQuickFilterText": {"function": "params.data.name"}},
        {"field": "region", "headerName": t("projects.col.region", lang), "minWidth": 104, "flex": 1, **text_col},
        {"field": "sector", "headerName": t("projects.col.sector", lang), "minWidth": 104, "flex": 1, **text_col},
        {"field": "form", "headerName": t("projects.col.form", lang), "minWidth": 130, "flex": 1, **text_col},
        {"field": "programme", "headerName": t("projects.col.programme", lang), "minWidth": 104, "flex": 1,
         **text_col},
        {"field": "partners", "headerName": t("project.partners", lang), "hide": True, **text_col},
        {"field": "start_year", "colId": "years", "headerName": t("projects.col.years", lang), "width": 80,
         "minWidth": 80, "valueFormatter": _shown("years"), "getQuickFilterText": {"function": "params.data.years"},
         "filter": False, **wrap},
    ]
    for measure in GRID_MEASURES:
        width = {"contract_value": 108, "public_funding": 104, "expected_jobs": 80}[measure]
        cols.append({"field": measure, "headerName": t(f"projects.col.{measure}", lang),
                     "width": width, "minWidth": width,
                     "valueFormatter": _shown(f"{measure}_text"),
                     "getQuickFilterText": {"function": f"params.data.{measure}_text"}, **number_col})
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


def projects_grid(rows: list[dict], lang: str) -> dag.AgGrid:
    return dag.AgGrid(
        id=GRID_ID,
        rowData=rows,
        columnDefs=column_defs(lang),
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "suppressHeaderMenuButton": True,
                       "wrapHeaderText": True, "autoHeaderHeight": True},
        getRowId="params.data.project_id",
        dashGridOptions={
            "theme": {"function": THEME},
            "localeText": locale_text(lang),
            "pagination": True,
            "paginationPageSize": PAGE_SIZE,
            "paginationPageSizeSelector": [PAGE_SIZE, 50, 100],
            "domLayout": "autoHeight",
            "quickFilterText": "",
            "includeHiddenColumnsInQuickFilter": True,
            "enableCellTextSelection": True,
            "ensureDomOrder": True,
            "animateRows": False,
            "suppressDragLeaveHidesColumns": True,
        },
        style={"height": None, "width": "100%"},
        className="ops-projects-grid",
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
