"""Pinned versions: a page, an embed or a data URL with `v=<version>` shows that kept version of the
data (data/history.py), so a chart quoted in board minutes still shows what it showed then. The
version is read from the request's query (for Dash's layout and callback requests: the page's, see
ui.page_helpers.request_search) before anything reads the dataset; an unknown or expired version
serves the current data and the page says so (ui.url_state's notice)."""
from __future__ import annotations

from urllib.parse import parse_qsl

import flask

from data.current import pin_version
from server import dash_adapter
from ui.page_helpers import request_search
from ui.router import LOCATION


def page_search(prefix: str) -> str:
    """The query of the page a request serves: a callback's page URL (`url.search` among its inputs
    or states), else what ui.page_helpers.request_search finds (the request's own query, or for
    Dash's requests the Referer's)."""
    request = flask.request
    if request.method == "POST" and request.path == f"{prefix}{dash_adapter.DISPATCH_PATH}":
        body = request.get_json(silent=True)
        if isinstance(body, dict):
            values = {**dash_adapter.input_values(body, "state"), **dash_adapter.input_values(body)}
            search = values.get(f"{LOCATION}.search")
            if isinstance(search, str):
                return search
        return flask.request.referrer.partition("?")[2] if flask.request.referrer else ""
    return request_search()


def requested_version(search: str) -> str | None:
    values = [v for k, v in parse_qsl(search.lstrip("?"), keep_blank_values=True) if k == "v"]
    return values[-1].strip() if values and values[-1].strip() else None


def register_pinned_versions(server: flask.Flask, prefix: str) -> None:
    """Call before the rendered-page cache is registered: its key names the version served."""

    @server.before_request
    def pin_requested_version():
        version = requested_version(page_search(prefix))
        if version is not None and len(version) <= 64:
            pin_version(version)
