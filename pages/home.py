"""Overview: KPI tiles and the headline charts."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc

from i18n.text import t
from ui.chart_card import chart_cards
from ui.kpi import kpi_tiles
from ui.page_helpers import page_state, page_title
from ui.shell import page_content

PATH = "/"
dash.register_page(__name__, path=PATH, title=page_title("nav.overview"), name="Overblik", order=0,
                  nav="nav.overview", filtered=True)


def layout(**query):
    ds, state, lang = page_state(query)
    f = state.filters
    return page_content(
        [
            kpi_tiles(ds, f, lang),
            dbc.Row(chart_cards(PATH, f, lang, present=state.present), class_name="g-4"),
        ],
        title=t("page.overview.title", lang),
        lead=t("page.overview.lead", lang),
        notices=state.notices,
        lang=lang,
    )
