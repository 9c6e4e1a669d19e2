"""What every page layout does first (read the dataset and the URL state), and the language of
the request being served (for the shell, the HTML page and the browser tab's title)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import dash
import flask

from data import Dataset
from data.current import get_dataset
from i18n.text import t
from ui.router import LOCATION
from ui.url_state import UrlState, parse_query
from ui.url_state import query_lang as lang_of_search

LOCATION_SEARCH = f"{LOCATION}.search"  # the URL callback's input, as Dash names it


def page_state(query: dict) -> tuple[Dataset, UrlState, str]:
    ds = get_dataset()
    state = parse_query(query, ds)
    return ds, state, state.lang


def request_search() -> str:
    """The query string of the page being served.

    Inside the URL callback (ui/shell.follow_url): the page URL's (a callback input). For the HTML page: its
    own. For Dash's layout request (fetched by the page's script): that of the page that asked
    for it (the Referer). Otherwise ''.
    """
    try:
        inputs = dash.callback_context.inputs
    except Exception:  # not inside a callback
        inputs = None
    if inputs and LOCATION_SEARCH in inputs:
        return inputs[LOCATION_SEARCH] or ""
    if not flask.has_request_context():
        return ""
    if flask.request.args:
        return flask.request.query_string.decode("latin-1")
    return urlsplit(flask.request.referrer or "").query


def request_path() -> str | None:
    """The URL path of the page being loaded, for Dash's layout request (the Referer's, which the
    browser sends for a same-origin request), else None."""
    if not flask.has_request_context() or not flask.request.referrer:
        return None
    referrer = urlsplit(flask.request.referrer)
    path = referrer.path or "/"
    if referrer.netloc and referrer.netloc != flask.request.host:
        return None
    # a page of this app only (a Referer cut to the origin, or another app's page, says nothing)
    return path if path.startswith(dash.get_relative_path("/")) else None


def request_lang() -> str:
    """The language of what is being served now (see `request_search`), else the default."""
    return lang_of_search(request_search())


def page_title(key: str, **values) -> Callable[..., str]:
    """A `title` for dash.register_page: the message `key` in the page's language, then the app name."""

    def title(**_path_variables) -> str:
        lang = request_lang()
        return t("page.title", lang, page=t(key, lang, **values))

    return title
