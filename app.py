"""OPS Monitor: create the Dash app and its Flask server. `uv run app.py` serves it.

Production servers import `server` (e.g. `gunicorn app:server`).
"""
from __future__ import annotations

import sys
from html import escape as html_escape
from importlib.metadata import version
from pathlib import Path
from typing import NoReturn

import dash
import flask
import flask_bootstrap
from dash._pages import _path_to_page  # the page registry's own path matching (templates too)
from flask import abort, jsonify, send_from_directory
from werkzeug.middleware.proxy_fix import ProxyFix

from components.downloads import register_download_routes
from components.embed import ASSETS_IGNORE, register_embed_routes
from components.geo_assets import register_geo_routes
from components.layout import shell
from components.page_helpers import request_lang
from components.state import set_dataset, set_default_lang
from components.text import t
from data import Dataset, load_dataset
from settings import Settings, SettingsError, load_settings

HERE = Path(__file__).resolve().parent
# Bootstrap 5's CSS ships inside the bootstrap-flask package; we serve it ourselves (no CDN).
BOOTSTRAP_CSS_DIR = Path(flask_bootstrap.__file__).resolve().parent / "static/bootstrap5/css"
VENDOR_FILES = frozenset({"bootstrap.min.css", "bootstrap.min.css.map"})
# Dash's default template has no `lang` and wraps its scripts in a second <footer> landmark.
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
    """Dash, with the HTML page in the language of the request: `<html lang>`, the tab title,
    the loading and no-JavaScript texts (Dash's own are English and fixed)."""

    def interpolate_index(self, **kwargs) -> str:
        lang = request_lang()
        kwargs["title"] = html_escape(index_title(self))
        kwargs["app_entry"] = kwargs.get("app_entry", "").replace("Loading...", html_escape(t("page.loading", lang)))
        page = super().interpolate_index(**kwargs)
        return page.replace("%LANG%", lang, 1).replace("%NOSCRIPT%", html_escape(t("page.noscript", lang)), 1)


def index_title(app: dash.Dash) -> str:
    """The registered title of the page at the requested path (404's for unknown paths)."""
    page, path_variables = _path_to_page(app.strip_relative_path(flask.request.path) or "")
    if not page:
        page = next((p for p in dash.page_registry.values() if p["module"].endswith("not_found_404")), {})
    title = page.get("title", app.title)
    return title(**(path_variables or {})) if callable(title) else title


def fail(heading: str, problems: list[str]) -> NoReturn:
    """Print a clear start-up error (no traceback) and exit 1."""
    print(f"OPS Monitor cannot start: {heading}", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    sys.exit(1)


def read_settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        fail("invalid configuration", exc.problems)


def read_dataset(data_dir: Path) -> Dataset:
    try:
        return load_dataset(data_dir)
    except Exception as exc:  # DataPackageError carries .problems; anything else: its message
        problems = getattr(exc, "problems", None) or [f"{type(exc).__name__}: {exc}"]
        fail(f"the data package in {data_dir} is invalid", [str(p) for p in problems])


settings = read_settings()
dataset = read_dataset(settings.data_dir)
set_dataset(dataset)
set_default_lang(settings.lang)

prefix = settings.url_prefix
app = OpsDash(
    __name__,
    use_pages=True,
    pages_folder=str(HERE / "pages"),
    assets_folder=str(HERE / "assets"),
    routes_pathname_prefix=prefix,
    requests_pathname_prefix=prefix,
    serve_locally=True,
    assets_ignore=ASSETS_IGNORE,
    external_stylesheets=[
        f"{prefix}vendor/bootstrap.min.css?v={version('bootstrap-flask')}",
    ],
    title="OPS Monitor",
    update_title=None,
    include_pages_meta=False,  # no social-media cards on an intranet tool
    # Callbacks of a page refer to components of that page only; without this Dash would embed
    # every page's layout (~1,3 MB) in each HTML response to validate them in the browser.
    suppress_callback_exceptions=True,
)
app.index_string = INDEX_TEMPLATE
app.layout = shell
server = app.server
register_geo_routes(server, prefix)
register_download_routes(server, prefix)
register_embed_routes(server, prefix, settings.embed_origins)
# Behind a reverse proxy, build absolute URLs (embed snippets) from X-Forwarded-Proto/-Host.
server.wsgi_app = ProxyFix(server.wsgi_app, x_proto=1, x_host=1)


@server.get(f"{prefix}vendor/<path:filename>")
def vendor(filename: str):
    if filename not in VENDOR_FILES:
        abort(404)
    return send_from_directory(BOOTSTRAP_CSS_DIR, filename, max_age=86400)


@server.get(f"{prefix}healthz")
def healthz():
    response = jsonify(status="ok", data_version=dataset.version, updated=dataset.updated)
    response.headers["Cache-Control"] = "no-store"
    return response


if __name__ == "__main__":
    # Never let Dash's dev tools ask the internet for a newer version (offline networks).
    app.run(
        host=settings.host,
        port=settings.port,
        debug=settings.debug,
        dev_tools_disable_version_check=True,
    )
