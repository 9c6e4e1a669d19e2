"""The HTML page Dash serves for every page URL, in the language of the request: `<html lang>`,
the tab title of the page at that path, and the loading and no-JavaScript texts (Dash's own are
English and fixed), and AG Grid's script only on the pages with a grid (ui/router.py). Dash's
default template also wraps its scripts in a second <footer> landmark;
ours does not."""
from __future__ import annotations

from html import escape

import dash
import flask

from i18n.text import t
from ui import router
from ui.page_helpers import request_lang

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


class OpsDash(dash.Dash):
    """Dash, with the HTML page in the language of the request (Dash's documented way to change
    its index page per request: overriding `interpolate_index`)."""

    def interpolate_index(self, **kwargs) -> str:
        lang = request_lang()
        if not router.needs_grid(self.strip_relative_path(flask.request.path) or ""):
            kwargs["scripts"] = without_library(kwargs.get("scripts", ""), router.GRID_LIBRARY)
        kwargs["title"] = escape(index_title(self))
        kwargs["app_entry"] = kwargs.get("app_entry", "").replace("Loading...", escape(t("page.loading", lang)))
        page = super().interpolate_index(**kwargs)
        return page.replace("%LANG%", lang, 1).replace("%NOSCRIPT%", escape(t("page.noscript", lang)), 1)


def without_library(scripts: str, namespace: str) -> str:
    """Dash's `{%scripts%}` (one `<script src=...></script>` per line) less the scripts of the
    component library `namespace`, served from `_dash-component-suites/<namespace>/`."""
    return "\n".join(line for line in scripts.split("\n")
                     if f"_dash-component-suites/{namespace}/" not in line)


def index_title(app: dash.Dash) -> str:
    """The registered title of the page at the requested path (404's for unknown paths)."""
    return router.title_of(*router.page_at(app.strip_relative_path(flask.request.path) or ""))
