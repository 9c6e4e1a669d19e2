"""The app's page router: a `dcc.Location` the app owns, the path matched to a page of
`dash.page_registry`, and what the shell's URL callback (ui/shell.follow_url) sets to render that
page into the shell (`page_update`).

Pages register themselves with `dash.register_page` (path or path_template, title, and the app's
own keys: `nav` = message key of its navbar link, `filtered` = the filter bar applies to it,
`grid` = it shows an AG Grid, whose 1,3 MB of code the HTML page then loads: no other page does,
and a link to a grid page is a page load);
their `layout(**path_variables, **query_parameters)` returns the page content. The navbar, the
404 status and the browser tab's title all read the registry through `match`.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

import dash
from dash import ALL, Input, Output, State, clientside_callback, dcc, html
from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

from data.cache import memoize_local
from data.current import get_dataset, view_context
from ui.url_state import FILTER_KEYS

LOCATION = "url"  # the page URL: pathname and search (the filters) live here
CONTENT = "page-content"
TITLE = "page-title"  # Store: the tab title of the page shown
RENDERED = "page-rendered"  # Store: the pathname, query and data version of the content shown (shown_view)
GRID_PATHS = "grid-paths"  # Store: the paths of the pages with a grid, as regular expressions
GRID_LIBRARY = "dash_ag_grid"  # its script is in the HTML page of grid pages only
NOT_FOUND_MODULE = "not_found_404"


def container(pathname: str | None = None, search: str = "") -> html.Div:
    """Where pages are shown: the URL, the page content and the title store. Given the `pathname`
    and `search` of the page being loaded, it holds that page already, and the URL already holds
    them: the Location, finding the browser's URL the same when it mounts, sets nothing, so no
    callback runs on a first load (the shell starts with what its URL callback would set,
    ui/shell.url_view). Without them (no Referer), the Location sets the URL when it mounts and the
    URL callback renders the page, as for any change of the URL."""
    content, shown, where = None, None, {}
    if pathname is not None:
        content, _ = render(pathname, search)
        shown = shown_view(pathname, search)
        # `hash` and `href` stay unset: the Location reads them (no callback takes them)
        where = {"pathname": pathname, "search": search or ""}
    return html.Div(
        [dcc.Location(id=LOCATION, refresh="callback-nav", **where), html.Div(content, id=CONTENT), dcc.Store(id=TITLE),
         dcc.Store(id=RENDERED, data=shown), dcc.Store(id=GRID_PATHS, data=grid_patterns())]
    )


def render(pathname: str, search: str | None):
    """The content of the page at the URL `pathname` (with the URL prefix) with the query `search`,
    and its title; the last ones rendered are kept in this process (not to be changed: shared)."""
    return _render(pathname, search or "", **view_context())


@memoize_local(16)  # an update in place compares the page with the one shown, rendered just before
def _render(pathname: str, search: str, dataset, pinned, rejected, lang):
    page, variables = page_at(dash.strip_relative_path(pathname or "/") or "")
    layout = page["layout"]
    content = layout(**{**query_parameters(search), **variables}) if callable(layout) else layout
    return content, title_of(page, variables)


def _pattern(page: dict) -> str:
    template = (page.get("path_template") or page["path"]).strip("/")
    parts = ["[^/]+" if p.startswith("<") else re.escape(p) for p in template.split("/")] if template else []
    return "^/" + "/".join(parts) + "/?$"


def grid_patterns() -> list[str]:
    """Regular expressions (JavaScript's too) of the app-relative paths of the pages with a grid."""
    return [_pattern(page) for page in dash.page_registry.values() if page.get("grid")]


def needs_grid(path: str) -> bool:
    """Whether the page at the app-relative `path` shows a grid (its HTML page loads AG Grid)."""
    page, _ = match(path)
    return bool(page and page.get("grid"))


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


# ------------------------------------------------------------------ in-place updates
# A filter change on the page shown does not re-create the page: its charts keep their plotly
# element and get the new figure (Plotly.react), and everything else that depends on the filters is
# replaced part by part. The page is rendered anew on the server, as for a page load (one layout
# function per page), and its values are sent to these components, found by their ids' `type`:
GRAPH = "chart-graph"  # dcc.Graph (drawn into its frame's slot when near the screen: ui/chart_card.graph_frame)
GRAPH_SPEC = "chart-spec"  # a dcc.Store holding that dcc.Graph as data, which a chart not drawn yet draws from
FRAME = "chart-frame"  # the chart's frame: its accessible name (the summary), whether it shows, its height
CHART_PART = "chart-part"  # a card's body and footer: children
PAGE_PART = "page-part"  # a page's blocks without charts (ui/shell.page_content): children
IN_PLACE = (
    (GRAPH, {"chart": ALL}, "figure"),  # a chart drawn already: its new figure, straight to it
    (GRAPH_SPEC, {"chart": ALL}, "data"),  # a chart not drawn yet: the graph it will draw
    (FRAME, {"chart": ALL}, "aria-label"),
    (FRAME, {"chart": ALL}, "className"),
    (FRAME, {"chart": ALL}, "style"),
    ("chart-csv", {"chart": ALL}, "href"),  # the card menu's data links (ui/chart_card.ids)
    ("chart-xlsx", {"chart": ALL}, "href"),
    ("chart-png", {"chart": ALL}, "style"),  # its image items: hidden without data
    ("chart-svg", {"chart": ALL}, "style"),
    ("chart-export", {"chart": ALL}, "data"),  # the texts drawn into an exported image
    (CHART_PART, {"chart": ALL, "part": ALL}, "children"),
    (PAGE_PART, {"i": ALL}, "children"),
)


def walk(node):
    """Every component in a layout tree (through `children`)."""
    if isinstance(node, list | tuple):
        for item in node:
            yield from walk(item)
    elif isinstance(node, Component):
        yield node
        yield from walk(getattr(node, "children", None))


def has_graph(node) -> bool:
    """Whether a layout tree holds a chart (a component with a GRAPH_SPEC id)."""
    return any(isinstance(getattr(c, "id", None), dict) and c.id.get("type") == GRAPH_SPEC for c in walk(node))


def ids_on_page(content) -> list[dict]:
    """The pattern-matching ids of a page as the browser has it once its charts are drawn (on a wide
    screen, at once): those of its layout, and each chart's dcc.Graph (from its GRAPH_SPEC). What Dash
    lists as a callback's ALL outputs there (for the bench and the tests)."""
    found = []
    for component in walk(content):
        component_id = getattr(component, "id", None)
        if isinstance(component_id, dict):
            found.append(component_id)
            if component_id.get("type") == GRAPH_SPEC:
                found.append(component.data["props"]["id"])
    return found


def _key(component_id: dict) -> str:
    return json.dumps(component_id, sort_keys=True)


def in_place_values(content, outputs_list: list) -> list | None:
    """The values for IN_PLACE's outputs (`outputs_list`: the ids on the page, as Dash lists them)
    taken from the freshly rendered `content`; None when the new content has other such components
    than the page (a chart came or went), or no chart at all: then the page is rendered whole.
    A chart's graph is in the page once it is drawn (ui/chart_card.graph_frame): a drawn one gets its
    figure straight, and its GRAPH_SPEC is left as it is (a second way to the same graph would draw it
    twice); one not drawn yet gets its GRAPH_SPEC, which it draws from when it comes on screen."""
    if not has_graph(content):
        return None  # a page without charts (a list, a project, the changes) is rendered whole, as before
    found: dict[tuple[str, str], object] = {}
    figures: dict[str, object] = {}  # each chart's dcc.Graph id -> its figure (from its GRAPH_SPEC)
    types = {kind for kind, _, _ in IN_PLACE}
    for component in walk(content):
        component_id = getattr(component, "id", None)
        if isinstance(component_id, dict) and component_id.get("type") in types:
            for kind, _, prop in IN_PLACE:
                if component_id["type"] == kind:
                    found[(_key(component_id), prop)] = getattr(component, prop, None)
            if component_id["type"] == GRAPH_SPEC:
                figures[_key(component.data["props"]["id"])] = component.data["props"]["figure"]
    drawn = {_key(item["id"]) for (kind, _, _), items in zip(IN_PLACE, outputs_list, strict=True) if kind == GRAPH
             for item in items}
    if not drawn <= figures.keys():
        return None
    values, wanted = [], set()
    for (kind, _, prop), items in zip(IN_PLACE, outputs_list, strict=True):
        if kind == GRAPH:
            values.append([figures[_key(item["id"])] for item in items])
            continue
        keys = [(_key(item["id"]), prop) for item in items]
        if not all(k in found for k in keys):
            return None
        wanted.update(keys)
        if kind == GRAPH_SPEC:
            values.append([dash.no_update if _key(found[k]["props"]["id"]) in drawn else found[k] for k in keys])
        else:
            values.append([found[k] for k in keys])
    return values if wanted == set(found) else None


def only_filters_changed(before: str | None, after: str | None) -> bool:
    """Whether two page queries differ in the filters alone (language, presentation, data version,
    controls and page options are the same)."""
    def rest(search):
        return {k: v for k, v in parse_qs((search or "").lstrip("?"), keep_blank_values=True).items()
                if k not in FILTER_KEYS}
    return rest(before) == rest(after)


def page_outputs() -> list[Output]:
    """The page's outputs of the shell's one URL callback (ui/shell.follow_url), in the order
    `page_update` returns their values."""
    return [Output(CONTENT, "children"), Output(TITLE, "data"), Output(RENDERED, "data"),
            *[Output({"type": kind, **pattern}, prop) for kind, pattern, prop in IN_PLACE]]


def changed(new: list, old: list | None) -> list:
    """`new` with dash.no_update for each value that `old` (the values shown, same order) already
    has: what is not sent is not redrawn."""
    if old is None:
        return new
    return [dash.no_update if to_json_plotly(value) == to_json_plotly(old_value) else value
            for value, old_value in zip(new, old, strict=True)]


def shown_view(pathname: str, search: str | None) -> dict:
    """What RENDERED holds of the page shown: its URL's path and query, and the data version it shows
    (after a live reload, a filter change renders the page whole, in the new version)."""
    return {"pathname": pathname, "search": search or "", "version": get_dataset().version}


def page_update(pathname: str, search: str | None, rendered, outputs_list: list) -> list:
    """The values of `page_outputs()` that show the page at `pathname` with the query `search`,
    given the page shown (`rendered`, RENDERED's data) and the IN_PLACE components on it
    (`outputs_list`: Dash's outputs_list for those outputs). Same page, other filters: an update in
    place where the charts allow it, of the parts that differ from the page shown; else the page
    rendered whole; the page already shown (a first load): nothing."""
    shown = shown_view(pathname, search)
    keep = [[dash.no_update] * len(items) for items in outputs_list]
    if rendered == shown:  # the shell came with this page (a first load): nothing to do
        return [dash.no_update, dash.no_update, dash.no_update, *keep]
    content, title = render(pathname, search)
    if isinstance(rendered, dict) and rendered.get("pathname") == pathname and rendered.get(
            "version") == shown["version"] and only_filters_changed(rendered.get("search"), search):
        values = in_place_values(content, outputs_list)
        if values is not None:
            before, old_title = render(pathname, rendered.get("search"))
            old = in_place_values(before, outputs_list)
            values = [changed(new, None if old is None else old[i]) for i, new in enumerate(values)]
            return [dash.no_update, *changed([title], [old_title]), shown, *values]
    return [content, title, shown, *keep]


clientside_callback(
    """function (title) {
        if (title) { document.title = title; }
        return window.dash_clientside.no_update;
    }""",
    Output(TITLE, "modified_timestamp"),
    Input(TITLE, "data"),
)


# Client-side navigation to a grid page from a page loaded without AG Grid's code (a link that is
# not a page load, the back button): load that page anew, which brings the code.
clientside_callback(
    """function (pathname, patterns) {
        if (window.GRID_LIBRARY || !pathname || !patterns) { return window.dash_clientside.no_update; }
        var path = pathname;
        var config = JSON.parse((document.getElementById("_dash-config") || {}).textContent || "{}");
        var base = config.requests_pathname_prefix || "/";
        if (path.indexOf(base) === 0) { path = "/" + path.slice(base.length); }
        if (patterns.some(function (p) { return new RegExp(p).test(path); })) {
            var key = "ops-grid-reload:" + pathname;  // once: never a loop if the script cannot load
            if (!window.sessionStorage || window.sessionStorage.getItem(key) !== "1") {
                if (window.sessionStorage) { window.sessionStorage.setItem(key, "1"); }
                window.location.reload();
            }
        }
        return window.dash_clientside.no_update;
    }""".replace("GRID_LIBRARY", GRID_LIBRARY),
    Output(GRID_PATHS, "modified_timestamp"),
    Input(LOCATION, "pathname"),
    State(GRID_PATHS, "data"),
)
