"""Projects: a searchable, sortable table of the collaborations in the current filters."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from components import format as fmt
from components.chart_card import sources_block
from components.layout import page_content
from components.page_helpers import page_state, page_title
from components.projects_grid import GRID_ID, grid_rows, grid_source_ids, projects_grid
from components.text import t
from components.url_state import to_query
from data import queries as q

dash.register_page(__name__, path="/projects", title=page_title("nav.projects"), name="Projekter", order=5)

SEARCH_ID = "projects-search"
STATUS_ID = "projects-status"
LANG_ID = "projects-lang"


def count_text(shown: int, total: int, lang: str) -> str:
    if shown == total:
        return t("projects.count_one", lang) if total == 1 else t("projects.count", lang, n=fmt.number(total, lang))
    return t("projects.count_searched", lang, shown=fmt.number(shown, lang), n=fmt.number(total, lang))


def layout(**query):
    ds, state, lang = page_state(query)
    projects = q.projects(ds, state.filters)
    link_query = to_query(state.filters, lang=state.get("lang"))
    if projects.empty:
        body = [html.P(t("card.empty", lang), className="ops-empty", id="projects-empty")]
        grid, footer = [], []
    else:
        rows = grid_rows(ds, projects, lang, link_query)
        body = [
            dbc.Row(
                [
                    dbc.Col(
                        [dbc.Label(t("projects.search", lang), html_for=SEARCH_ID, class_name="ops-filter-label"),
                         dbc.Input(id=SEARCH_ID, type="search", value="", debounce=False, autocomplete="off",
                                   placeholder=t("projects.search_placeholder", lang))],
                        md=6, lg=5,
                    ),
                    dbc.Col(
                        html.P(count_text(len(rows), len(rows), lang), id=STATUS_ID, role="status",
                               className="mb-1 text-md-end fw-semibold"),
                        md=6, lg=7, class_name="align-self-end",
                    ),
                ],
                class_name="g-3 mb-3 align-items-end",
            ),
        ]
        grid = [
            html.Div(projects_grid(rows, lang), role="region", id="projects-table",
                     className="border-top", **{"aria-label": t("projects.grid_label", lang)}),
            dcc.Store(id=LANG_ID, data={"lang": lang, "total": len(rows)}),
        ]
        footer = [
            html.Ul([html.Li(t(key, lang)) for key in ("projects.note.sources", "projects.note.unknown",
                                                       "projects.note.amounts", "projects.note.bounds")],
                    className="ops-notes", id="projects-notes"),
            sources_block(ds, grid_source_ids(projects), lang),
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


# The quick search filters in the browser (no round trip); only the grid option changes.
clientside_callback(
    """
    function(value) {
        return new window.dash_clientside.Patch().assign(['quickFilterText'], value || '').build();
    }
    """,
    Output(GRID_ID, "dashGridOptions"),
    Input(SEARCH_ID, "value"),
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
