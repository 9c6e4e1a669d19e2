"""Shown by Dash pages for any path no page claims."""
from __future__ import annotations

import dash
from dash import dcc, html

from components.layout import page_content
from components.page_helpers import page_state, page_title
from components.text import t
from components.url_state import to_query
from data import Filters

dash.register_page(__name__, path="/404", title=page_title("notfound.title"))


def layout(**query):
    _ds, state, lang = page_state(query)
    return page_content(
        [
            html.P(t("notfound.text", lang)),
            html.P(dcc.Link(t("notfound.home", lang),
                            href=dash.get_relative_path("/") + to_query(Filters(), lang=state.get("lang")))),
        ],
        title=t("notfound.title", lang),
        lang=lang,
    )
