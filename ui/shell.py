"""The app shell and the page content frame.

The shell (skip link, header with navbar, filter bar, <main> with the page container, footer) is
rendered once per page load and stays while the user navigates; one callback (`follow_url`)
follows the URL: the filters, the page and the navbar links carrying the filters. Pages return
`page_content(...)` only. Embeds are served without the shell's chrome.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, clientside_callback, dcc, html
from dash.exceptions import PreventUpdate

from data import Dataset, Filters
from data.current import get_dataset, kept_versions, pinned
from i18n.format import format_date
from i18n.text import t
from ui import router
from ui.filter_bar import CONTROLS, chosen_filters, control_values, describe_filters, filter_bar
from ui.filter_bar import ids as filter_ids
from ui.page_helpers import lang_of_search, request_path, request_search
from ui.router import LOCATION
from ui.static_html import to_html
from ui.url_state import Notice, parse_query, to_query

MAIN_ID = "main-content"

class ids:
    root = "ops-root"
    lang = "shell-lang"  # Store: the language the shell is rendered in
    skip = "skip-link"
    banner = "synthetic-banner"
    header = "site-header"
    filters = "filter-bar-slot"
    footer = "site-footer"
    lang_switch = "lang-switch"
    filter_summary = "filter-summary"  # the filters in words: shown in print and presentation mode
    pinned_latest = staticmethod(lambda i: {"type": "pinned-latest", "i": i})  # the pinned banner's link to the latest


def page_path(pathname: str | None) -> str:
    """The app-relative path of the page ('/regions'), whatever the URL prefix; '/' when there is none
    (the shell of a request without a Referer: its Location sets the URL when it mounts)."""
    return "/" + (dash.strip_relative_path(pathname) or "") if pathname else "/"


def nav_id(path: str) -> dict:
    return {"type": "nav-link", "path": path}


class UrlView(NamedTuple):
    """What the shell shows of the URL: the navbar links (carrying the filters) and the active one, by path,
    the language link (this view in the other language), whether the filters apply (the filter bar
    and the filters in words show), the root's class (presentation mode), the filters in words, and
    the pinned banner's link to the latest data.
    The shell starts with it (so a first paint is the page as it stays) and follow_url keeps it."""
    paths: list[str]  # the pages with a navbar link
    hrefs: list[str]
    active: list[bool]
    switch: str
    filters_hidden: bool
    root_class: str
    summary: str
    latest: str


def url_view(pathname: str | None, search: str | None) -> UrlView:
    here = page_path(pathname)
    query = search or ""
    ds = get_dataset()
    state = parse_query(query, ds)
    paths = [page["path"] for page in router.nav_pages()]
    other = {**dict(state.extra), "lang": t("lang.other", state.lang)}
    latest = {k: v for k, v in state.extra if k != "v"}
    return UrlView(
        paths=paths,
        hrefs=[dash.get_relative_path(path) + query for path in paths],
        active=[here == path or (path != "/" and here.startswith(path + "/")) for path in paths],
        switch=dash.get_relative_path(here) + to_query(state.filters, **other),
        filters_hidden=not router.filtered(here),
        root_class="ops-page ops-present" if state.present else "ops-page",
        summary=describe_filters(ds, state.filters, state.lang),
        latest=dash.get_relative_path(here) + to_query(state.filters, **latest),
    )


def navbar(lang: str = "da", view: UrlView | None = None) -> dbc.Navbar:
    pages = router.nav_pages()
    links = [
        dbc.NavItem(dbc.NavLink(t(page["nav"], lang), id=nav_id(page["path"]),
                                href=view.hrefs[i] if view else dash.get_relative_path(page["path"]),
                                active=bool(view and view.active[i]),
                                # AG Grid's code loads only with a grid page's HTML (router.GRID_LIBRARY)
                                external_link=bool(page.get("grid"))))
        for i, page in enumerate(pages)
    ]
    other = t("lang.other", lang)
    # A plain link (a full page load): the whole page, shell included, comes back in that language.
    switch = html.A(
        t("lang.switch", lang),
        id=ids.lang_switch,
        href=view.switch if view else dash.get_relative_path("/") + to_query(Filters(), lang=other),
        lang=other,
        hrefLang=other,
        title=t("lang.switch_title", lang),
        className="nav-link ops-lang-switch",
    )
    return dbc.Navbar(
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
                    [
                        html.Nav(
                            dbc.Nav(links, navbar=True),
                            **{"aria-label": t("nav.main", lang)},
                            className="ms-auto",
                        ),
                        html.Div(switch, className="navbar-nav ops-lang"),
                    ],
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
    )


def footer(lang: str = "da") -> dbc.Container:
    ds = get_dataset()
    return dbc.Container(
        html.P(
            [
                html.A(data_updated(ds, lang, element_id="data-updated-footer"),
                       href=dash.get_relative_path("/changes") + to_query(Filters(), lang=lang),
                       title=t("changes.link", lang)),
                html.Span(f" · {t('footer.version', lang)} "),
                html.Code(ds.version, id="data-version-footer"),
                " · ",
                html.A(t("footer.sources", lang), href=dash.get_relative_path("/sources")),
            ],
            className="mb-0",
        ),
        fluid="lg",
    )


def data_updated(ds, lang: str, *, element_id: str) -> html.Span:
    """'Data opdateret 22. november 2026': the date the data package was last updated."""
    return html.Span(
        [
            html.Span(t("footer.updated", lang)),
            " ",
            html.Time(format_date(ds.updated, lang), dateTime=ds.updated, id=element_id),
        ],
        className="ops-data-updated",
    )


def synthetic_banner(lang: str, latest: str | None = None) -> list:
    """The banners above the page: synthetic data, and a pinned (earlier) data version."""
    banners = []
    if get_dataset().synthetic:
        banners.append(dbc.Alert(t("synthetic", lang), color="warning", class_name="ops-synthetic mb-0 rounded-0"))
    if pinned():
        version = get_dataset().version
        kept = next((k for k in kept_versions() if k.version == version), None)
        when = "" if kept is None else format_date(datetime.fromtimestamp(kept.accepted_at).date().isoformat(), lang)
        banners.append(dbc.Alert(dbc.Container([
            t("pinned.text", lang, version=version, when=when), " ",
            html.A(t("pinned.latest", lang), id=ids.pinned_latest(0), href=latest or dash.get_relative_path("/"),
                   className="alert-link"),
        ], fluid="lg"), color="info", id="pinned-version", class_name="ops-pinned mb-0 rounded-0"))
    return banners


def shell():
    """The layout of the whole app (a function: evaluated on every page load; server/render_cache.py
    caches Dash's answer per data version and query).

    It is rendered in the language of the page being loaded; should the URL's `lang=` change
    without a page load, `follow_url` renders the language-bearing parts again."""
    ds = get_dataset()
    search = request_search()
    lang = lang_of_search(search)
    filters = parse_query(search, ds).filters
    return _shell(ds, lang, filters, request_path(), "?" + search if search else "")


def _shell(ds: Dataset, lang: str, filters: Filters, pathname: str | None = None, search: str = "") -> html.Div:
    view = url_view(pathname, search)
    bar = filter_bar(ds, lang, filters)
    bar.hidden = view.filters_hidden
    return html.Div(
        [
            dcc.Store(id=ids.lang, data=lang),
            html.A(t("skip", lang), href=f"#{MAIN_ID}", className="ops-skip-link", id=ids.skip),
            html.Div(synthetic_banner(lang, view.latest), id=ids.banner),
            html.Header(navbar(lang, view), id=ids.header),
            html.Main(
                [
                    html.Div(bar, id=ids.filters),
                    dbc.Container(
                        html.P(view.summary, id=ids.filter_summary, className="ops-filter-summary",
                               hidden=view.filters_hidden),
                        fluid="lg",
                        class_name="ops-filter-summary-wrap",
                    ),
                    dbc.Container(router.container(pathname, search), fluid="lg", class_name="ops-content"),
                ],
                id=MAIN_ID,
                tabIndex="-1",
                className="ops-main",
            ),
            html.Footer(footer(lang), id=ids.footer, className="ops-footer"),
        ],
        className=view.root_class,
        id=ids.root,
        lang=lang,
    )


def first_paint(pathname: str, search: str) -> str:
    """The page at `pathname` (with the URL prefix) and query `search` (without '?'), shell included,
    as HTML: what the browser shows until Dash has drawn the same page (server/index_page.py). Raises
    static_html.UnsupportedComponent for a page that has no static form (a grid page)."""
    ds = get_dataset()
    lang = lang_of_search(search)
    query = "?" + search if search else ""
    page = _shell(ds, lang, parse_query(search, ds).filters, pathname, query)
    return f'<div class="ops-first-paint">{to_html(page, first_paint=True)}</div>'



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
    """A page's content: optional notice about ignored URL parts, h1, lead and the children.

    Each child without a chart is a part that a filter change replaces whole (router.PAGE_PART);
    a child with charts stays, and its cards update in place (ui/chart_card.py)."""
    parts = [html.Div(notices_alert(notices, lang), id={"type": router.PAGE_PART, "i": "notices"})]
    if title:
        parts.append(html.H1(title, className="ops-page-title"))
    if lead:
        parts.append(html.P(lead, className="lead ops-lead"))
    blocks = [child if router.has_graph(child) else html.Div(child, id={"type": router.PAGE_PART, "i": str(i)})
              for i, child in enumerate(_as_list(children))]
    return html.Div([*parts, *blocks], className="ops-page-content")


# Kept for pages written against the earlier name.
page_frame = page_content


def _as_list(children) -> list:
    if children is None:
        return []
    return list(children) if isinstance(children, list | tuple) else [children]


SHELL_PARTS = (  # rendered anew when the URL's language is not the shell's
    Output(ids.lang, "data"),
    Output(ids.root, "lang"),
    Output(ids.skip, "children"),
    Output(ids.banner, "children"),
    Output(ids.header, "children"),
    Output(ids.filters, "children"),
    Output(ids.footer, "children"),
)
IN_SHELL_PARTS = (  # inside those parts: set when the shell stays
    Output({"type": "nav-link", "path": ALL}, "href"),
    Output({"type": "nav-link", "path": ALL}, "active"),
    Output(ids.lang_switch, "href"),
    Output(filter_ids.bar, "hidden"),
    Output(ids.pinned_latest(ALL), "href"),
)
PAGE_OUTPUTS = router.page_outputs()


FOLLOW_URL = dict(  # follow_url's dependencies (bench/callback_latency.py builds its requests from them)
    outputs=[
        Output(LOCATION, "search"),
        *[Output(control, "value") for control in CONTROLS],
        *PAGE_OUTPUTS,
        *IN_SHELL_PARTS,
        Output(ids.root, "className"),
        Output(ids.filter_summary, "children"),
        Output(ids.filter_summary, "hidden"),
        *SHELL_PARTS,
    ],
    inputs=[
        Input(LOCATION, "pathname"),
        Input(LOCATION, "search"),
        *[Input(control, "value") for control in CONTROLS],
        Input(filter_ids.reset, "n_clicks"),
    ],
    state=[State(router.RENDERED, "data"), State(ids.lang, "data")],
)


@callback(
    *FOLLOW_URL["outputs"],
    *FOLLOW_URL["inputs"],
    *FOLLOW_URL["state"],
    prevent_initial_call=True,  # the shell starts with the page of its URL (url_view, router.container)
)
def follow_url(pathname, search, *args):
    """The one callback of the URL, so that a change costs one request. A change of a filter
    control (or the reset button) writes the URL's query; a change of the URL (a link, the back
    button, the Location setting it when the page came without a Referer) sets the controls. Either
    way the same answer shows the URL's view: the page (router.page_update: in place for other
    filters), the navbar's links and the language link, the filter bar's visibility, presentation
    mode, the filters in words and the pinned banner's link (url_view); should the URL's language
    not be the shell's, the shell's texts anew in it."""
    *controls, _reset, rendered, shell_lang = args
    search = search or ""
    ds = get_dataset()
    state = parse_query(search, ds)
    triggered = {item["prop_id"].rsplit(".", 1)[0] for item in dash.callback_context.triggered}
    reset, picked = filter_ids.reset in triggered, bool(triggered & set(CONTROLS))
    if reset or picked:  # the user chose: the URL follows
        chosen = Filters() if reset else chosen_filters(controls)
        target = to_query(chosen, **dict(state.extra))
        new_search = target if target != search else dash.no_update
    else:  # the URL changed: the controls follow
        chosen, target, new_search = state.filters, search, dash.no_update
    # a control is set only where it shows other filters: never back to what the user just picked
    values = [dash.no_update] * len(CONTROLS) if picked and not reset else [
        value if value != shown else dash.no_update for value, shown in zip(control_values(chosen), controls,
                                                                             strict=True)]
    if LOCATION not in triggered and new_search is dash.no_update and all(v is dash.no_update for v in values):
        raise PreventUpdate  # a control set to what the URL already says
    outputs = dash.callback_context.outputs_list
    start = 1 + len(CONTROLS)
    page = router.page_update(pathname, target, rendered, outputs[start + 3:start + len(PAGE_OUTPUTS)])
    links, _, _, _, pinned_links = outputs[start + len(PAGE_OUTPUTS):start + len(PAGE_OUTPUTS) + len(IN_SHELL_PARTS)]
    view = url_view(pathname, target)
    lang = lang_of_search(target)
    if lang == shell_lang:  # what differs from the view shown
        view_values = _view_values(view, links, pinned_links)
        if isinstance(rendered, dict) and rendered.get("version") == ds.version:
            old = _view_values(url_view(rendered.get("pathname"), rendered.get("search")), links, pinned_links)
            view_values = [router.changed(n, o) if isinstance(n, list) else router.changed([n], [o])[0]
                           for n, o in zip(view_values, old, strict=True)]
        shell_parts = [dash.no_update] * len(SHELL_PARTS)
    else:  # the shell rendered anew in the URL's language, with the view in it
        bar = filter_bar(ds, lang, chosen)
        bar.hidden = view.filters_hidden
        shell_parts = [lang, lang, t("skip", lang), synthetic_banner(lang, view.latest), navbar(lang, view), bar,
                       footer(lang)]
        values = [dash.no_update] * len(values)  # the bar rendered anew shows them
        view_values = [[dash.no_update] * len(links), [dash.no_update] * len(links), dash.no_update, dash.no_update,
                       [dash.no_update] * len(pinned_links), view.root_class, view.summary, view.filters_hidden]
    return new_search, *values, *page, *view_values, *shell_parts


def _view_values(view: UrlView, links: list, pinned_links: list) -> list:
    """follow_url's values of IN_SHELL_PARTS and of the root's class and the filters in words, for
    the navbar `links` and `pinned_links` on the page (Dash's outputs_list items)."""
    href, active = (dict(zip(view.paths, values, strict=True)) for values in (view.hrefs, view.active))
    return [[href.get(item["id"]["path"], dash.no_update) for item in links],
            [active.get(item["id"]["path"], dash.no_update) for item in links],
            view.switch, view.filters_hidden, [view.latest] * len(pinned_links), view.root_class, view.summary,
            view.filters_hidden]


clientside_callback(
    """function (lang) {
        if (lang) { document.documentElement.lang = lang; }
        return window.dash_clientside.no_update;
    }""",
    Output(ids.lang, "modified_timestamp"),
    Input(ids.lang, "data"),
)


@callback(
    Output("navbar-collapse", "is_open"),
    Input("navbar-toggler", "n_clicks"),
    prevent_initial_call=True,
)
def toggle_navbar(clicks):
    return bool(clicks and clicks % 2)
