"""Shown by Dash pages for any path no page claims."""
from __future__ import annotations

import dash
from dash import dcc, html

from data import Filters
from i18n.text import t
from ui.page_helpers import page_state, page_title
from ui.shell import page_content
from ui.url_state import to_query

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
