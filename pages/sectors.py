"""Sectors: collaborations by sector and form, and where the money is."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc

import charts  # noqa: F401  (registers the charts)
from i18n.text import t
from ui.chart_card import chart_card
from ui.page_helpers import page_state, page_title
from ui.shell import page_content

dash.register_page(__name__, path="/sectors", title=page_title("nav.sectors"), name="Sektorer", order=2,
                  nav="nav.sectors", filtered=True)


def layout(**query):
    ds, state, lang = page_state(query)
    f = state.filters
    return page_content(
        dbc.Row(
            [
                dbc.Col(chart_card("sector-by-form", f, lang, present=state.present), lg=12, class_name="mb-4"),
                dbc.Col(chart_card("projects-by-form", f, lang, present=state.present), lg=6, class_name="mb-4"),
                dbc.Col(chart_card("contract-value-by-sector", f, lang, present=state.present),
                        lg=6, class_name="mb-4"),
                dbc.Col(chart_card("public-funding-by-form", f, lang, present=state.present), lg=12, class_name="mb-4"),
            ],
            class_name="g-4",
        ),
        title=t("page.sectors.title", lang),
        lead=t("page.sectors.lead", lang),
        notices=state.notices,
        lang=lang,
    )
