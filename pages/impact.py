"""Impact: jobs and turnover, expected and realised kept apart, as reported."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

import charts  # noqa: F401  (registers the charts)
from i18n.text import t
from ui.chart_card import chart_card
from ui.page_helpers import page_state, page_title
from ui.shell import page_content

dash.register_page(__name__, path="/impact", title=page_title("nav.impact"), name="Effekter", order=3,
                  nav="nav.impact", filtered=True)


def layout(**query):
    ds, state, lang = page_state(query)
    f = state.filters
    return page_content(
        [
            html.H2(t("impact.expected_heading", lang), className="ops-section-title"),
            dbc.Row(
                [
                    dbc.Col(chart_card("expected-jobs", f, lang, present=state.present), lg=12, class_name="mb-4"),
                    dbc.Col(chart_card("expected-turnover", f, lang, present=state.present), lg=12, class_name="mb-4"),
                    dbc.Col(chart_card("effects-per-mio-granted", f, lang, present=state.present),
                            lg=12, class_name="mb-4"),
                ],
                class_name="g-4",
            ),
            html.H2(t("impact.realised_heading", lang), className="ops-section-title"),
            dbc.Row(dbc.Col(chart_card("realised-effects", f, lang, present=state.present),
                            lg=12, class_name="mb-4"), class_name="g-4"),
        ],
        title=t("page.impact.title", lang),
        lead=t("page.impact.lead", lang),
        notices=state.notices,
        lang=lang,
    )
