"""The app shell and the page content frame.

The shell (skip link, header with navbar, filter bar, <main> with the page container, footer) is
rendered once per page load and stays while the user navigates; one callback keeps the navbar
links carrying the current filters. Pages return `page_content(...)` only. Embeds (later) are
served without the shell's chrome.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, callback, html

from components.filter_bar import LOCATION, filter_bar
from components.filter_bar import ids as filter_ids
from components.format import format_date
from components.state import get_dataset
from components.text import t
from components.url_state import Notice

MAIN_ID = "main-content"

# (path, message key) of the pages in the navbar, in order.
NAV_ITEMS: tuple[tuple[str, str], ...] = (
    ("/", "nav.overview"),
    ("/regions", "nav.regions"),
    ("/sectors", "nav.sectors"),
    ("/impact", "nav.impact"),
    ("/spending", "nav.spending"),
    ("/projects", "nav.projects"),
    ("/programmes", "nav.programmes"),
    ("/sources", "nav.sources"),
)
# Pages where the filters apply; elsewhere the filter bar is hidden.
FILTERED_PATHS = {"/", "/regions", "/sectors", "/impact", "/spending", "/projects", "/programmes"}


def nav_id(path: str) -> dict:
    return {"type": "nav-link", "path": path}


def navbar(lang: str = "da") -> html.Header:
    links = [
        dbc.NavItem(dbc.NavLink(t(key, lang), id=nav_id(path), href=dash.get_relative_path(path)))
        for path, key in NAV_ITEMS
    ]
    return html.Header(
        dbc.Navbar(
            dbc.Container(
                [
                    dbc.NavbarBrand(
                        [html.Span("OPS", className="ops-brand-mark"), html.Span(" Monitor")],
                        href=dash.get_relative_path("/"),
                        class_name="ops-brand",
                    ),
                    dbc.NavbarToggler(
                        [
                            html.Span(className="navbar-toggler-icon"),
                            html.Span(t("nav.main", lang), className="visually-hidden"),
                        ],
                        id="navbar-toggler",
                    ),
                    dbc.Collapse(
                        html.Nav(
                            dbc.Nav(links, navbar=True, class_name="ms-auto"),
                            **{"aria-label": t("nav.main", lang)},
                            className="ms-auto",
                        ),
                        id="navbar-collapse",
                        navbar=True,
                        is_open=False,
                    ),
                ],
                fluid="lg",
            ),
            dark=True,
            color="#17324d",
            expand="lg",
            class_name="ops-navbar",
        ),
    )


def footer(lang: str = "da") -> html.Footer:
    ds = get_dataset()
    return html.Footer(
        dbc.Container(
            html.P(
                [
                    html.Span(t("footer.updated", lang) + " "),
                    html.Time(format_date(ds.updated, lang), dateTime=ds.updated, id="data-updated-footer"),
                    html.Span(f" · {t('footer.version', lang)} "),
                    html.Code(ds.version, id="data-version-footer"),
                    " · ",
                    html.A(t("footer.sources", lang), href=dash.get_relative_path("/sources")),
                ],
                className="mb-0",
            ),
            fluid="lg",
        ),
        className="ops-footer",
    )


def shell() -> html.Div:
    """The layout of the whole app (a function: evaluated on every page load)."""
    ds = get_dataset()
    lang = "da"
    banner = (
        [dbc.Alert(t("synthetic", lang), color="warning", class_name="ops-synthetic mb-0 rounded-0")]
        if ds.synthetic
        else []
    )
    return html.Div(
        [
            html.A(t("skip", lang), href=f"#{MAIN_ID}", className="ops-skip-link"),
            *banner,
            navbar(lang),
            html.Main(
                [filter_bar(ds, lang), dbc.Container(dash.page_container, fluid="lg", class_name="ops-content")],
                id=MAIN_ID,
                tabIndex="-1",
                className="ops-main",
            ),
            footer(lang),
        ],
        className="ops-page",
    )


def notices_alert(notices: tuple[Notice, ...], lang: str = "da"):
    if not notices:
        return None
    items = [html.Li(t(f"notice.{n.reason}", lang, key=n.key, value=n.value)) for n in notices]
    return dbc.Alert(
        [html.Strong(t("notice.title", lang)), html.Ul(items, className="mb-0")],
        color="warning",
        id="url-notice",
        class_name="ops-notice",
    )


def page_content(
    children, *, title: str | None = None, lead: str | None = None, notices: tuple[Notice, ...] = (), lang: str = "da"
) -> html.Div:
    """A page's content: optional notice about ignored URL parts, h1, lead and the children."""
    parts = []
    alert = notices_alert(notices, lang)
    if alert is not None:
        parts.append(alert)
    if title:
        parts.append(html.H1(title, className="ops-page-title"))
    if lead:
        parts.append(html.P(lead, className="lead ops-lead"))
    return html.Div([*parts, *_as_list(children)], className="ops-page-content")


# Kept for pages written against the earlier name.
page_frame = page_content


def _as_list(children) -> list:
    if children is None:
        return []
    return list(children) if isinstance(children, list | tuple) else [children]


@callback(
    Output({"type": "nav-link", "path": ALL}, "href"),
    Output({"type": "nav-link", "path": ALL}, "active"),
    Output(filter_ids.bar, "hidden"),
    Input(LOCATION, "pathname"),
    Input(LOCATION, "search"),
)
def sync_navbar(pathname, search):
    """Nav links carry the current filters; the active page is marked; the filter bar shows only
    where filters apply."""
    here = "/" + (dash.strip_relative_path(pathname or "/") or "")
    query = search or ""
    hrefs = [dash.get_relative_path(path) + query for path, _ in NAV_ITEMS]
    active = [here == path or (path != "/" and here.startswith(path + "/")) for path, _ in NAV_ITEMS]
    return hrefs, active, here not in FILTERED_PATHS


@callback(
    Output("navbar-collapse", "is_open"),
    Input("navbar-toggler", "n_clicks"),
    prevent_initial_call=True,
)
def toggle_navbar(clicks):
    return bool(clicks and clicks % 2)
