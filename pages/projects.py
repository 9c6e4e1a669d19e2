"""Projects: a searchable, sortable table of the collaborations in the current filters.

Up to ui.projects_grid.CLIENT_ROWS_MAX projects the grid gets every row and searches, sorts
and pages in the browser; above it the grid asks the server for one page at a time (`serve_rows`)
and the search box's text goes with every request (a State), the grid's cache being emptied when it
changes."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, dcc, html
from dash.exceptions import PreventUpdate

from data import project_table as pt
from data.current import get_dataset
from i18n import format as fmt
from i18n.text import t
from ui.chart_card import sources_block
from ui.page_helpers import page_state, page_title
from ui.projects_grid import (
    CLIENT_ROWS_MAX,
    GRID_ID,
    grid_rows,
    grid_source_ids,
    projects_grid,
    rows_response,
)
from ui.shell import page_content
from ui.url_state import parse_query, to_query, valid_lang

dash.register_page(__name__, path="/projects", title=page_title("nav.projects"), name="Projekter", order=5,
                  nav="nav.projects", filtered=True, grid=True)

SEARCH_ID = "projects-search"
STATUS_ID = "projects-status"
LANG_ID = "projects-lang"
# Server-side grid: the search is sent once typing pauses this long (ms), not on every key.
SEARCH_DEBOUNCE_MS = 350


def count_text(shown: int, total: int, lang: str) -> str:
    if shown == total:
        return t("projects.count_one", lang) if total == 1 else t("projects.count", lang, n=fmt.number(total, lang))
    return t("projects.count_searched", lang, shown=fmt.number(shown, lang), n=fmt.number(total, lang))


def layout(**query):
    ds, state, lang = page_state(query)
    link_query = to_query(state.filters, lang=state.get("lang"))
    total = pt.selection_count(ds, state.filters)
    server = total > CLIENT_ROWS_MAX
    if total == 0:
        body = [html.P(t("card.empty", lang), className="ops-empty", id="projects-empty")]
        grid, footer = [], []
    else:
        if server:
            table = projects_grid(None, lang, server=True)
            source_ids = pt.selection_source_ids(ds, state.filters)
        else:
            projects = pt.selection_rows(ds, state.filters)
            table = projects_grid(grid_rows(ds, projects, lang, link_query), lang)
            source_ids = grid_source_ids(projects)
        body = [
            dbc.Row(
                [
                    dbc.Col(
                        [dbc.Label(t("projects.search", lang), html_for=SEARCH_ID, class_name="ops-filter-label"),
                         dbc.Input(id=SEARCH_ID, type="search", value="", autocomplete="off",
                                   debounce=SEARCH_DEBOUNCE_MS if server else False,
                                   placeholder=t("projects.search_placeholder", lang))],
                        md=6, lg=5,
                    ),
                    dbc.Col(
                        html.P(count_text(total, total, lang), id=STATUS_ID, role="status",
                               className="mb-1 text-md-end fw-semibold"),
                        md=6, lg=7, class_name="align-self-end",
                    ),
                ],
                class_name="g-3 mb-3 align-items-end",
            ),
        ]
        grid = [
            html.Div(table, role="region", id="projects-table",
                     className="border-top", **{"aria-label": t("projects.grid_label", lang)}),
            dcc.Store(id=LANG_ID, data={"lang": lang, "total": total, "server": server, "query": link_query}),
        ]
        footer = [
            html.Ul([html.Li(t(key, lang)) for key in ("projects.note.sources", "projects.note.unknown",
                                                       "projects.note.amounts", "projects.note.bounds")]
                    + ([html.Li(t("projects.note.server", lang))] if server else []),
                    className="ops-notes", id="projects-notes"),
            sources_block(ds, source_ids, lang),
        ]
    card = dbc.Card(
        [
            dbc.CardHeader(html.H2(t("projects.table_title", lang), className="ops-card-title h5 mb-0"),
                           class_name="ops-card-header"),
            dbc.CardBody(body, class_name="pb-0" if grid else None),
            *grid,
            *([dbc.CardFooter(footer, class_name="ops-card-footer")] if footer else []),
        ],
        class_name="ops-chart-card",
    )
    return page_content(
        [card],
        title=t("projects.title", lang),
        lead=t("projects.lead", lang),
        notices=state.notices,
        lang=lang,
    )


# The search box. In the browser grid the quick filter filters at once (no round trip): only the grid
# option changes. In the server-side grid the grid's cache is emptied and it goes back to the first
# page; the request that follows carries the new text (serve_rows reads it as a State).
clientside_callback(
    """
    function(value, info) {
        if (info && info.server) {
            var api = window.dash_ag_grid && window.dash_ag_grid.getApi('""" + GRID_ID + """');
            if (api) {
                api.paginationGoToFirstPage();
                api.purgeInfiniteCache();
            }
            return window.dash_clientside.no_update;
        }
        return new window.dash_clientside.Patch().assign(['quickFilterText'], value || '').build();
    }
    """,
    Output(GRID_ID, "dashGridOptions"),
    Input(SEARCH_ID, "value"),
    State(LANG_ID, "data"),
    prevent_initial_call=True,
)


@callback(
    Output(STATUS_ID, "children"),
    Input(GRID_ID, "virtualRowData"),
    State(LANG_ID, "data"),
    prevent_initial_call=True,
)
def show_count(visible, info):
    info = info or {}
    lang = info.get("lang", "da")
    return count_text(len(visible or []), int(info.get("total", 0)), lang)


@callback(
    Output(GRID_ID, "getRowsResponse"),
    Output(STATUS_ID, "children", allow_duplicate=True),
    Input(GRID_ID, "getRowsRequest"),
    State(SEARCH_ID, "value"),
    State(LANG_ID, "data"),
    prevent_initial_call=True,
)
def serve_rows(request, search, info):
    """One page of the server-side grid, and the count line for its search and filters."""
    if not isinstance(request, dict) or not isinstance(info, dict):
        raise PreventUpdate
    ds = get_dataset()
    query = info.get("query") if isinstance(info.get("query"), str) else ""
    state = parse_query(query, ds)
    lang = valid_lang(info.get("lang"))
    response, shown, total = rows_response(ds, state.filters, lang, query, request,
                                           search if isinstance(search, str) else "")
    return response, count_text(shown, total, lang)
