"""Sectors: collaborations by sector and form, and where the money is."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc

from i18n.text import t
from ui.chart_card import chart_cards
from ui.page_helpers import page_state, page_title
from ui.shell import page_content

PATH = "/sectors"
dash.register_page(__name__, path=PATH, title=page_title("nav.sectors"), name="Sektorer", order=2,
                  nav="nav.sectors", filtered=True)


def layout(**query):
    ds, state, lang = page_state(query)
    f = state.filters
    return page_content(
        dbc.Row(
            chart_cards(PATH, f, lang, present=state.present),
            class_name="g-4",
        ),
        title=t("page.sectors.title", lang),
        lead=t("page.sectors.lead", lang),
        notices=state.notices,
        lang=lang,
    )
