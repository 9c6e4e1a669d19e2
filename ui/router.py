"""The app's page router: a `dcc.Location` the app owns, the path matched to a page of
`dash.page_registry`, and the callback that renders that page into the shell.

Pages register themselves with `dash.register_page` (path or path_template, title, and the app's
own keys: `nav` = message key of its navbar link, `filtered` = the filter bar applies to it);
their `layout(**path_variables, **query_parameters)` returns the page content. The navbar, the
404 status and the browser tab's title all read the registry through `match`.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import dash
from dash import Input, Output, callback, clientside_callback, dcc, html

LOCATION = "url"  # the page URL: pathname and search (the filters) live here
CONTENT = "page-content"
TITLE = "page-title"  # Store: the tab title of the page shown
NOT_FOUND_MODULE = "not_found_404"


def container() -> html.Div:
    """Where pages are shown: the URL, the page content and the title store."""
    return html.Div(
        [dcc.Location(id=LOCATION, refresh="callback-nav"), html.Div(id=CONTENT), dcc.Store(id=TITLE)]
    )


def _variables(path: str, template: str) -> dict[str, str] | None:
    """The values of `template`'s `<name>` segments in `path`, or None if `path` does not fit."""
    parts, wanted = path.split("/"), template.split("/")
    if len(parts) != len(wanted):
        return None
    variables = {}
    for part, want in zip(parts, wanted, strict=True):
        if want.startswith("<") and want.endswith(">"):
            if not part:
                return None
            variables[want[1:-1]] = part
        elif part != want:
            return None
    return variables


def match(path: str) -> tuple[dict | None, dict[str, str]]:
    """The registered page showing the app-relative `path` ('regions', '/projects/x'), and its
    path variables; (None, {}) when no page claims it."""
    path = path.strip("/")
    for page in dash.page_registry.values():
        template = page.get("path_template")
        if template:
            variables = _variables(path, template.strip("/"))
            if variables is not None:
                return page, variables
        elif path == page["path"].strip("/"):
            return page, {}
    return None, {}


def not_found_page() -> dict:
    return next(p for p in dash.page_registry.values() if p["module"].split(".")[-1] == NOT_FOUND_MODULE)


def page_at(path: str) -> tuple[dict, dict[str, str]]:
    """The page to show at `path`: its own, or the 404 page."""
    page, variables = match(path)
    return (page, variables) if page else (not_found_page(), {})


def query_parameters(search: str | None) -> dict:
    """The URL's query as a page layout takes it: one value per name, a list for a repeated name."""
    parsed = parse_qs((search or "").lstrip("?"), keep_blank_values=True)
    return {name: values[0] if len(values) == 1 else values for name, values in parsed.items()}


def title_of(page: dict, variables: dict[str, str]) -> str:
    title = page.get("title", "OPS Monitor")
    return title(**variables) if callable(title) else title


def nav_pages() -> list[dict]:
    """The pages with a navbar link (`nav=` message key), in the registry's order."""
    return [page for page in dash.page_registry.values() if page.get("nav")]


def filtered(path: str) -> bool:
    """Whether the filters apply on the page at `path`."""
    page, _ = match(path)
    return bool(page and page.get("filtered"))


@callback(
    Output(CONTENT, "children"),
    Output(TITLE, "data"),
    Input(LOCATION, "pathname"),
    Input(LOCATION, "search"),
    prevent_initial_call=True,  # the Location sets both when it mounts: that renders the first page
)
def render_page(pathname, search):
    page, variables = page_at(dash.strip_relative_path(pathname or "/") or "")
    layout = page["layout"]
    content = layout(**{**query_parameters(search), **variables}) if callable(layout) else layout
    return content, title_of(page, variables)


clientside_callback(
    """function (title) {
        if (title) { document.title = title; }
        return window.dash_clientside.no_update;
    }""",
    Output(TITLE, "modified_timestamp"),
    Input(TITLE, "data"),
)
