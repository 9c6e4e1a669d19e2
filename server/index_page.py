"""The HTML page Dash serves for every page URL, in the language of the request: `<html lang>`,
the tab title of the page at that path, and the loading and no-JavaScript texts (Dash's own are
English and fixed), AG Grid's script only on the pages with a grid (ui/router.py), and not Dash's
polyfill for old browsers (server/dash_adapter.POLYFILL_SCRIPT). Dash's
default template also wraps its scripts in a second <footer> landmark;
ours does not.

It also holds the page itself, written as HTML (ui/shell.first_paint): the browser shows it as soon
as the HTML and the stylesheets have arrived, instead of a blank page until Dash's scripts have
loaded, run and drawn the page. Dash's element stays hidden behind it (assets/app.css) until Dash has
drawn the page, which takes its place in the same frame (assets/app.js), so nothing moves. It is kept
per data version and URL like a rendered page (server/render_cache.py). A grid page has none."""
from __future__ import annotations

import logging
from html import escape

import dash
import flask

from data import cache as data_cache
from i18n.text import t
from server import dash_adapter
from server.render_cache import render_key
from ui import router
from ui.page_helpers import request_lang
from ui.shell import first_paint
from ui.static_html import UnsupportedComponent

log = logging.getLogger("ops.render")

# %LANG% and %NOSCRIPT% are filled per request (OpsDash.interpolate_index).
INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="%LANG%">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        <noscript>%NOSCRIPT%</noscript>
        {%app_entry%}
        {%config%}
        {%scripts%}
        {%renderer%}
    </body>
</html>"""


# Dash's renderer snippet (its documented `app.renderer`), started once the deferred scripts have run.
RENDERER = 'document.addEventListener("DOMContentLoaded", function () { window.renderer = new DashRenderer(); });'


class OpsDash(dash.Dash):
    """Dash, with the HTML page in the language of the request (Dash's documented way to change
    its index page per request: overriding `interpolate_index`).

    Its scripts are deferred (`deferred`) and Dash starts when they have run (`RENDERER`): the
    parser reaches the end of the page, and the browser can paint the page it was sent (its first
    paint) before any script runs, however fast the scripts arrive."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.renderer = RENDERER  # Dash puts it in the page and hashes it for the CSP (csp_hashes)

    def interpolate_index(self, **kwargs) -> str:
        lang = request_lang()
        scripts = without_scripts(kwargs.get("scripts", ""), dash_adapter.POLYFILL_SCRIPT)
        grid = router.needs_grid(self.strip_relative_path(flask.request.path) or "")
        if not grid:
            scripts = without_scripts(scripts, f"_dash-component-suites/{router.GRID_LIBRARY}/")
        kwargs["scripts"] = deferred(scripts)
        kwargs["title"] = escape(index_title(self))
        entry = kwargs.get("app_entry", "").replace("Loading...", escape(t("page.loading", lang)))
        kwargs["app_entry"] = ("" if grid else first_paint_of_request()) + entry  # a grid page has none
        page = super().interpolate_index(**kwargs)
        return page.replace("%LANG%", lang, 1).replace("%NOSCRIPT%", escape(t("page.noscript", lang)), 1)


def first_paint_of_request() -> str:
    """The first paint of the page requested ('' for a page without a static form)."""
    path = flask.request.path
    search = flask.request.query_string.decode("latin-1")

    def write() -> str:
        try:
            return first_paint(path, search)
        except UnsupportedComponent as exc:  # the page shows once Dash has drawn it, as without a first paint
            log.warning("no first paint for %s: %s", path, exc)
            return ""

    return data_cache.cached(render_key("first-paint", (path, search)), write, bulky=True)


def deferred(scripts: str) -> str:
    """Dash's `{%scripts%}` with `defer` on every external script: they still run in their order,
    after the page has been parsed. (Its inline scripts, the clientside callbacks' functions, need
    nothing that loads before them.)"""
    return scripts.replace("<script src=", "<script defer src=")


def without_scripts(scripts: str, path: str) -> str:
    """Dash's `{%scripts%}` (one `<script src=...></script>` per line) less the scripts whose URL
    holds `path` (`_dash-component-suites/dash_ag_grid/`: a component library's)."""
    return "\n".join(line for line in scripts.split("\n") if path not in line)


def index_title(app: dash.Dash) -> str:
    """The registered title of the page at the requested path (404's for unknown paths)."""
    return router.title_of(*router.page_at(app.strip_relative_path(flask.request.path) or ""))
