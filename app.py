"""OPS Monitor: create the Dash app and its Flask server. `uv run app.py` serves it.

Production servers import `server` (e.g. `gunicorn app:server`).
"""
from __future__ import annotations

import logging
import sys
from html import escape as html_escape
from importlib.metadata import version
from pathlib import Path
from typing import NoReturn

import dash
import flask
import flask_bootstrap
from dash._pages import _path_to_page  # the page registry's own path matching (templates too)
from dash.fingerprint import check_fingerprint
from flask import abort, jsonify, send_from_directory
from flask_caching import Cache
from flask_compress import Compress
from werkzeug.middleware.proxy_fix import ProxyFix

from components.downloads import register_download_routes
from components.embed import ASSETS_IGNORE, register_embed_routes
from components.geo_assets import register_geo_routes
from components.layout import shell
from components.page_helpers import request_lang
from components.state import set_dataset, set_default_lang
from components.text import t
from data import Dataset, load_dataset
from data import cache as data_cache
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


def configure_logging() -> None:
    """The app's own log lines (loggers `ops.*`, e.g. `ops.cache`) at INFO, to stderr unless
    the host already routes logging somewhere."""
    ops_log = logging.getLogger("ops")
    ops_log.setLevel(logging.INFO)
    if not ops_log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        ops_log.addHandler(handler)


def cache_config(cache_url: str | None) -> dict:
    """flask-caching settings: an in-process SimpleCache, or Redis at OPS_CACHE_URL with short
    socket timeouts and no retries (a down Redis then costs little; data.cache also skips it for a
    few seconds).
    No key prefix here: data.cache's keys already start with `ops:`. (So never call the Redis
    cache's clear(): without a prefix it empties the whole Redis database.)"""
    common = {"CACHE_DEFAULT_TIMEOUT": data_cache.TIMEOUT_S, "CACHE_KEY_PREFIX": ""}
    if not cache_url:
        return {**common, "CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": data_cache.THRESHOLD}
    return {**common, "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": cache_url,
            "CACHE_OPTIONS": dict(data_cache.REDIS_OPTIONS)}


def setup_cache(server: flask.Flask, cache_url: str | None) -> Cache:
    """Create the cache on the server and let the data-layer queries use it. A Redis that is down
    does not stop the app: the outage is logged once and queries are computed without it."""
    log = logging.getLogger("ops.cache")
    try:
        cache = Cache(server, config=cache_config(cache_url))
    except ValueError as exc:  # e.g. a malformed port or database in the URL
        fail("invalid configuration", [f"OPS_CACHE_URL: {exc}"])
    data_cache.configure(cache.cache)
    if cache_url:
        log.info("cache: Redis at %s", data_cache.redact_url(cache_url))
        data_cache.probe()
    else:
        log.info("cache: in-process (SimpleCache, up to %d entries per process)", data_cache.THRESHOLD)
    return cache


configure_logging()
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
cache = setup_cache(server, settings.cache_url)
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


# Compression (flask-compress): Brotli, else gzip, for the text the browser loads: the HTML page, Dash's
# JSON (_dash-layout, _dash-dependencies, _dash-update-component), JS, CSS and GeoJSON/topojson. Other types
# pass untouched: the package zip is compressed already, and the CSV/Excel downloads travel inside Dash's
# callback JSON. Static files (assets, vendor CSS) are streamed, hence the streaming settings.
COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                      "application/json", "application/geo+json", "image/svg+xml", "image/x-icon"]
COMPONENT_SUITES = f"{prefix}_dash-component-suites/"


class SuiteCache:
    """flask-compress's cache, used for Dash's component suites only (the JS bundles, plotly.js among
    them: package files that do not change while the process runs), so each is compressed once per
    algorithm instead of on every first page load. Every other response has the key "" and is
    compressed afresh."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(";"):  # "<algorithm>;" + "": not a component suite
            self.data[key] = value


def suite_cache_key(request: flask.Request) -> str:
    """The file for a component-suite GET (one entry whatever its fingerprint), else ""."""
    if request.method != "GET" or not request.path.startswith(COMPONENT_SUITES):
        return ""
    return check_fingerprint(request.path)[0]


server.config.update(
    COMPRESS_ALGORITHM=["br", "gzip"],
    COMPRESS_ALGORITHM_STREAMING=["br", "gzip"],
    COMPRESS_MIMETYPES=COMPRESS_MIMETYPES,
    COMPRESS_MIN_SIZE=1024,  # below ~1 KB the headers outweigh the saving
    COMPRESS_CACHE_BACKEND=SuiteCache,
    COMPRESS_CACHE_KEY=suite_cache_key,
    # Streamed files answer If-None-Match for their compressed ETag ("<etag>:br") too.
    COMPRESS_STREAMING_ENDPOINT_CONDITIONAL=["vendor"] + [
        rule.endpoint for rule in server.url_map.iter_rules()
        if rule.endpoint == "static" or rule.endpoint.endswith(".static")],
)
Compress(server)


if __name__ == "__main__":
    # Never let Dash's dev tools ask the internet for a newer version (offline networks).
    app.run(
        host=settings.host,
        port=settings.port,
        debug=settings.debug,
        dev_tools_disable_version_check=True,
    )
