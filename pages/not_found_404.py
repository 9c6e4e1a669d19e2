"""Shown by Dash pages for any path no page claims."""
from __future__ import annotations

import dash
from dash import dcc, html

from components.layout import page_frame

dash.register_page(__name__, path="/404", title="Siden findes ikke · OPS Monitor")


def layout(**_query):
    return page_frame(
        [
            html.P("Vi kan ikke finde den side, du leder efter. Adressen kan være forkert, "
                   "eller siden kan være flyttet."),
            html.P(dcc.Link("Gå til forsiden", href=dash.get_relative_path("/"))),
        ],
        title="Siden findes ikke",
    )
