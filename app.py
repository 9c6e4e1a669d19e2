"""OPS Monitor: create the Dash app and its Flask server. `uv run app.py` serves it.

Production servers import `server` (e.g. `gunicorn app:server`).
"""
from __future__ import annotations

import html
import importlib
import logging
import pkgutil
import re
import sys
from pathlib import Path
from typing import NoReturn

import dash
import flask
import plotly.io as pio
from flask_caching import Cache
from werkzeug.middleware.proxy_fix import ProxyFix

from data import cache as data_cache
from data.current import set_default_lang, set_live
from data.history import HISTORY_ROOT, History
from data.live import LiveDataset, Snapshots, SourceUnavailable
from data.package import load_dataset
from i18n.changes import items as change_items
from server.chart_data import register_chart_data_routes
from server.compression import setup_compression
from server.downloads import register_download_routes
from server.embed import ASSETS_IGNORE, register_embed_routes
from server.embed_page import register_embed_page
from server.feed import register_feed_route
from server.geo import register_geo_routes
from server.health import register_health_route
from server.index_page import INDEX_TEMPLATE, OpsDash
from server.pinned import register_pinned_versions
from server.render_cache import register_render_cache
from server.security import register_security
from server.static_files import meta_tags, register_static_routes, stylesheets
from settings import Settings, SettingsError, load_settings
from ui.shell import shell

HERE = Path(__file__).resolve().parent


def register_pages() -> None:
    """Import every module of pages/: each registers itself with `dash.register_page` and defines
    its `layout` (as with Dash's own pages folder, the registry entry takes the module's layout)."""
    for info in pkgutil.iter_modules([str(HERE / "pages")]):
        module = importlib.import_module(f"pages.{info.name}")
        page = dash.page_registry.get(module.__name__)
        if page is not None and page.get("layout") is None:
            page["layout"] = module.layout


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


def read_dataset(settings: Settings) -> LiveDataset:
    """The data package in OPS_DATA_DIR, or its tables in PostgreSQL (OPS_DATA_URL), validated and
    loaded; while the app runs, a newer version replaces it once it validates (data/live.py)."""
    source = settings.data_dir
    if settings.data_url:
        from data.postgres import PostgresSource  # psycopg only when a database is used

        try:
            source = PostgresSource(settings.data_url, settings.data_schema, settings.data_dir)
        except SourceUnavailable as exc:
            fail(f"OPS_DATA_URL: {exc}", [])
    history = History(settings.history_dir or HISTORY_ROOT, settings.history_keep, settings.history_days,
                      describe=change_items)
    live = LiveDataset(source, snapshots=Snapshots(), loader=load_dataset, history=history)
    try:
        live.load_initial()
        return live
    except SourceUnavailable as exc:  # one line: where (never the password) and why
        fail(f"OPS_DATA_URL: {exc}", [])
    except Exception as exc:  # DataPackageError carries .problems; anything else: its message
        problems = getattr(exc, "problems", None) or [f"{type(exc).__name__}: {exc}"]
        where = f"the data in {live.location}" if settings.data_url else f"the data package in {settings.data_dir}"
        fail(f"{where} is invalid", [str(p) for p in problems])


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
            "CACHE_OPTIONS": data_cache.redis_options()}


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


# Dash writes its JSON answers with plotly's encoder. Its "json" engine (the standard library's C
# encoder, calling back only for components) writes a page twice as fast as its "orjson" engine,
# which first walks the whole tree in Python (docs/PERFORMANCE.md, issue 15). Same JSON data.
pio.json.config.default_engine = "json"
configure_logging()
settings = read_settings()
live_data = read_dataset(settings)
dataset = live_data.current()  # the version loaded at start-up; requests use get_dataset()
set_live(live_data)
set_default_lang(settings.lang)

prefix = settings.url_prefix
app = OpsDash(
    __name__,
    use_pages=False,  # the app routes itself (ui/router.py); pages are imported by register_pages()
    assets_folder=str(HERE / "assets"),
    routes_pathname_prefix=prefix,
    requests_pathname_prefix=prefix,
    serve_locally=True,
    assets_ignore=ASSETS_IGNORE,
    external_stylesheets=stylesheets(prefix),
    # plotly.js with only the trace types the charts draw (vendor/plotly/), loaded when a chart is
    # near the screen (assets/charts-near.js); dcc.Graph uses it
    meta_tags=meta_tags(prefix),
    title="OPS Monitor",
    update_title=None,
    include_pages_meta=False,  # no social-media cards on an intranet tool
    # Callbacks of a page refer to components of that page only (they are not in the shell).
    suppress_callback_exceptions=True,
)
app.index_string = INDEX_TEMPLATE
app.layout = shell
register_pages()
server = app.server
cache = setup_cache(server, settings.cache_url)
register_geo_routes(server, prefix)
register_download_routes(server, prefix)
register_embed_routes(server, prefix, settings.embed_origins)
register_embed_page(server, prefix)
register_chart_data_routes(server, prefix)
register_feed_route(server, prefix)
# Behind a reverse proxy, build absolute URLs (embed snippets) from X-Forwarded-Proto/-Host.
server.wsgi_app = ProxyFix(server.wsgi_app, x_proto=1, x_host=1)


register_static_routes(server, prefix)
register_health_route(server, prefix)

# Security headers (CSP with frame-ancestors per OPS_EMBED_ORIGINS), 400 for mangled callback payloads,
# HTTP 404 for unknown pages, one `ops.request` log line per request error: server/security.py.
register_security(app, server, prefix, settings.embed_origins)


setup_compression(server, prefix)  # it lists the static endpoints registered above
# Rendered pages and shells, cached per query and data version; after compression, so that its
# after_request hook (Flask runs them in reverse order) stores the uncompressed response.
register_pinned_versions(server, prefix)  # before the cache: `v=` decides the version a request serves
register_render_cache(server, prefix)


def warm_up() -> None:
    """Before gunicorn forks its workers, so that every worker starts ready:
    - render one HTML page: Dash serves a component file (`_dash-component-suites/...`) only after
      that process has rendered one, which registers the files (else a page's scripts, spread over
      the workers, can meet a worker that answers 404 until it has rendered a page itself);
    - ask for that page's scripts and stylesheets once with Brotli, which compresses and keeps them
      (server/compression.py, server/static_files.py): a first visitor does not wait for it, and no
      worker does it again."""
    with server.test_client() as client:
        first = client.get(prefix)
        if first.status_code != 200:
            logging.getLogger("ops").error("the first page answered %s at start-up: Dash's component files may "
                                           "answer 404", first.status)
            return
        for link in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', first.get_data(as_text=True)):
            if link.startswith(prefix) and re.search(r"\.(?:js|css)(?:\?|$)", link):
                client.get(html.unescape(link), headers={"Accept-Encoding": "br"})


warm_up()


if __name__ == "__main__":
    # Never let Dash's dev tools ask the internet for a newer version (offline networks).
    app.run(
        host=settings.host,
        port=settings.port,
        debug=settings.debug,
        dev_tools_disable_version_check=True,
    )
