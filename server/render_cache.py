"""Rendered pages, cached: Dash's answer to the page router (ui/router.py: a page's whole content)
and to the layout request (the app shell) is kept per (request, default language, data version,
rejected newer version, code) and served again as it is (data.cache: in-process, or Redis shared
by workers).

Building a page's charts takes 20–250 ms; a stored answer is sent in well under a millisecond. The
cache sits in front of Dash, with Flask's own request hooks: `before_request` answers a request it
has seen, `after_request` keeps a fresh answer. What a request is, is what Dash's renderer sends:
for the URL callback, its inputs, states, changed inputs and outputs (router_request); for the
shell (which holds the first page), the path and query of the page that asks for it (its Referer).
Nothing else in the request changes the answer.

The sources page also shows whether a newer version of the data was rejected (live reload), so
that state is part of every key too (it changes rarely: a rejection, or its end).
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import flask

from data import cache as data_cache
from data.current import view_context
from server import dash_adapter
from ui.page_helpers import request_path, request_search
from ui.router import CONTENT

log = logging.getLogger("ops.cache")

ROOT = Path(__file__).resolve().parents[1]
_KEY = "ops_render_key"  # flask.g: the key of a miss, to store its answer under


def code_tag() -> str:
    """A digest of every module that shapes a page: after a deploy, a shared cache never serves a
    page rendered by older code."""
    digest = hashlib.sha1()
    for folder in ("pages", "charts", "i18n", "ui", "server", "data"):
        for path in sorted((ROOT / folder).glob("*.py")):
            digest.update(f"{folder}/{path.name}".encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


CODE = code_tag()


def render_key(kind: str, request: tuple[str, ...]) -> str:
    """The cache key of one rendered answer: what was asked (`kind`, `request`), the default
    language, the data version and the rejected newer version, if any."""
    return data_cache.make_key(f"render.{kind}", CODE, {**view_context(), "request": request})


def router_request(body: object) -> tuple[str, ...] | None:
    """What a call of the shell's URL callback (ui/shell.follow_url: it holds the page's
    outputs) asks, or None for any other callback. Its answer follows from the request alone: the
    URL's pathname and query, the filter controls, which of them changed, the page shown, the
    shell's language and the components it updates (an update in place answers for those only), so
    the request is the key. The first-load case (the page asked for is the one shown, nothing to
    render) is never posted: the callback skips its initial call."""
    if not isinstance(body, dict) or CONTENT not in dash_adapter.output_ids(body):
        return None
    return dash_adapter.request_parts(body)


def register_render_cache(server: flask.Flask, prefix: str) -> None:
    """Serve the router's and the shell's answers from the cache. Register after every other
    after_request hook that changes the body (compression), so this one sees it first."""
    dispatch_path = f"{prefix}{dash_adapter.DISPATCH_PATH}"
    layout_path = f"{prefix}{dash_adapter.LAYOUT_PATH}"

    @server.before_request
    def cached_render():
        request = flask.request
        if request.path == layout_path and request.method == "GET":
            key = render_key("shell", (request_path() or "", request_search()))
        elif request.path == dispatch_path and request.method == "POST":
            asked = router_request(request.get_json(silent=True))
            if asked is None:
                return None
            key = render_key("page", asked)
        else:
            return None
        hit = data_cache.lookup(key, bulky=True)
        if hit is not None:
            return flask.Response(hit[0], mimetype="application/json")
        flask.g.setdefault(_KEY, key)
        return None

    @server.after_request
    def keep_render(response: flask.Response) -> flask.Response:
        if flask.request.path == layout_path:
            # the shell holds the page of its Referer: never kept by URL in a cache on the way
            response.headers["Cache-Control"] = "no-cache"
            response.vary.add("Referer")
        key = flask.g.pop(_KEY, None)
        if key is not None and response.status_code == 200 and response.mimetype == "application/json":
            data_cache.store(key, response.get_data(), bulky=True)
        return response
