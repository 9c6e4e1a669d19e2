"""Overview: KPI tiles and the headline charts."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc

import charts  # noqa: F401  (registers the charts)
from i18n.text import t
from ui.chart_card import chart_card
from ui.kpi import kpi_tiles
from ui.page_helpers import page_state, page_title
from ui.shell import page_content

dash.register_page(__name__, path="/", title=page_title("nav.overview"), name="Overblik", order=0,
                  nav="nav.overview", filtered=True)


def layout(**query):
    ds, state, lang = page_state(query)
    f = state.filters
    return page_content(
        [
            kpi_tiles(ds, f, lang),
            dbc.Row(
                [
                    dbc.Col(chart_card("projects-by-region", f, lang, present=state.present), lg=6, class_name="mb-4"),
                    dbc.Col(chart_card("projects-by-sector", f, lang, present=state.present), lg=6, class_name="mb-4"),
                    dbc.Col(chart_card("projects-by-start-year", f, lang, present=state.present),
                            lg=12, class_name="mb-4"),
                ],
                class_name="g-4",
            ),
        ],
        title=t("page.overview.title", lang),
        lead=t("page.overview.lead", lang),
        notices=state.notices,
        lang=lang,
    )
