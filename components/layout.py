"""The page frame every full page shares: skip link, header with navbar, main, footer.

Pages call `page_frame(...)` from their layout function; embeds (later) will not, so they get
no navigation chrome.
"""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from components.format import format_date
from components.state import get_dataset

MAIN_ID = "main-content"

# (path, label) of the pages in the navbar, in order. Only pages that exist are listed.
NAV_ITEMS: tuple[tuple[str, str], ...] = (("/", "Overblik"),)


def navbar() -> html.Header:
    links = [
        dbc.NavItem(dbc.NavLink(label, href=dash.get_relative_path(path), active="exact"))
        for path, label in NAV_ITEMS
    ]
    return html.Header(
        dbc.Navbar(
            dbc.Container(
                [
                    dbc.NavbarBrand(
                        [
                            html.Span("OPS", className="ops-brand-mark"),
                            html.Span(" Monitor"),
                        ],
                        href=dash.get_relative_path("/"),
                        class_name="ops-brand",
                    ),
                    dbc.Nav(links, navbar=True, class_name="ms-auto"),
                ],
                fluid="lg",
            ),
            dark=True,
            color="#17324d",
            class_name="ops-navbar",
        ),
    )


def footer() -> html.Footer:
    ds = get_dataset()
    return html.Footer(
        dbc.Container(
            html.P(
                [
                    "OPS Monitor: offentligt-privat samarbejde i det danske sundhedsvæsen. ",
                    f"Datapakke {ds.version}, opdateret ",
                    html.Time(format_date(ds.updated), dateTime=ds.updated),
                    ".",
                ],
                className="mb-0",
            ),
            fluid="lg",
        ),
        className="ops-footer",
    )


def page_frame(children, *, title: str | None = None, lead: str | None = None) -> html.Div:
    """A full page: skip link, header, `<main>` with an optional h1 + lead, footer."""
    heading = []
    if title:
        heading.append(html.H1(title, className="ops-page-title"))
    if lead:
        heading.append(html.P(lead, className="lead ops-lead"))
    return html.Div(
        [
            html.A("Gå til hovedindhold", href=f"#{MAIN_ID}", className="ops-skip-link"),
            navbar(),
            html.Main(
                dbc.Container([*heading, *_as_list(children)], fluid="lg"),
                id=MAIN_ID,
                tabIndex="-1",
                className="ops-main",
            ),
            footer(),
        ],
        className="ops-page",
    )


def _as_list(children) -> list:
    if children is None:
        return []
    return list(children) if isinstance(children, list | tuple) else [children]
