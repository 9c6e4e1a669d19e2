"""Spending: the regions' health spending, health IT, all regions by year, medicines and procurement."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

import charts  # noqa: F401  (registers the charts)
from i18n.text import t
from ui.chart_card import chart_card
from ui.page_helpers import page_state, page_title
from ui.shell import page_content

dash.register_page(__name__, path="/spending", title=page_title("nav.spending"), name="Udgifter", order=4,
                  nav="nav.spending", filtered=True)


def section(title_key: str, section_id: str, cards: list, lang: str) -> html.Section:
    return html.Section(
        [html.H2(t(title_key, lang), id=section_id, className="ops-section-title h4 mb-3"),
         dbc.Row(cards, class_name="g-4 mb-4")],
        **{"aria-labelledby": section_id},
    )


def layout(**query):
    ds, state, lang = page_state(query)
    f = state.filters
    children = []
    if f.sectors or f.forms:
        children.append(dbc.Alert(t("spending.filters_not_applied", lang), color="info", id="spending-filter-note",
                                  class_name="ops-notice"))
    children += [
        section("spending.section.regions", "spending-regions", [
            dbc.Col(chart_card("spending-regions-health", f, lang, present=state.present), lg=12),
            dbc.Col(chart_card("spending-health-it", f, lang, present=state.present), lg=12),
        ], lang),
        section("spending.section.national", "spending-national", [
            dbc.Col(chart_card("spending-health-by-year", f, lang, present=state.present), lg=12),
            dbc.Col(chart_card("spending-medicines", f, lang, present=state.present), lg=6),
            dbc.Col(chart_card("spending-procurement", f, lang, present=state.present), lg=6),
        ], lang),
    ]
    return page_content(
        children,
        title=t("spending.title", lang),
        lead=t("spending.lead", lang),
        notices=state.notices,
        lang=lang,
    )
