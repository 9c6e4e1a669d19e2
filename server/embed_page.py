"""`{prefix}embed/<chart_id>`: one chart for an iframe on another site, as one HTML response
rendered on the server. It holds the chart card (ui/chart_card.py, the same card as on the pages,
written as HTML by ui/static_html.py) with its figure, summary, table, notes and sources, so the
embed is drawn with no callback request: plotly.js draws the figure from the page
(assets/embed-page.js), which also runs the card's menu and posts the height to the host page.

It takes region, sector, form, from, to, lang, controls=0|1, present=1 and v=<version> like the
pages. An answer is kept per data version and query (data.cache, shared when Redis is configured;
and its compressed bytes in the process), with an ETag: a repeat view costs one request, answered
`304 Not Modified`. Its scripts and styles are fingerprinted and cached for a year
(server/static_files.py). The framing policy is set by server/security.py as for every embed.
"""
from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from html import escape
from threading import Lock

import brotli
import dash
import flask
from dash import html

from charts.registry import get_chart
from data import cache as data_cache
from data.current import default_lang, get_dataset, pinned
from i18n.text import t
from server import static_files
from server.compression import accepted
from server.render_cache import CODE
from ui.chart_card import chart_card
from ui.shell import data_updated, notices_alert, synthetic_banner
from ui.static_html import to_html
from ui.url_state import parse_query, to_query

ENDPOINT = "embed_page"
CACHE_CONTROL = "public, max-age=0, must-revalidate"  # revalidated each view: a new data version shows at once
KEPT = 256  # answers kept compressed per process

TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}" class="ops-embed">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" type="image/x-icon" href="{favicon}">
{styles}
{scripts}
</head>
<body>
<main class="{root}">
{content}
</main>
</body>
</html>
"""


def embed_content(chart, state, lang: str, ds) -> html.Div:
    """The embed's components: banners, notices about the URL, the card, and the line with the data
    date and the link to the chart's page in OPS Monitor."""
    title = t(chart.title_key, lang)
    controls = state.get("controls", "1") != "0"
    open_href = dash.get_relative_path(chart.page) + to_query(state.filters, lang=state.get("lang"))
    return html.Div(
        [
            *synthetic_banner(lang),
            notices_alert(state.notices, lang),
            chart_card(chart.chart_id, state.filters, lang, controls=controls, embedded=True, present=state.present),
            html.P(
                [
                    data_updated(ds, lang, element_id="data-updated-embed"),
                    " · ",
                    html.A(t("embed.open", lang), href=open_href, target="_blank", rel="noopener",
                           title=t("embed.open_label", lang, title=title), id="embed-open"),
                ],
                className="ops-embed-open",
            ),
        ],
        className="ops-embed-page",
        **{"data-chart-id": chart.chart_id},
    )


def document(chart_id: str, search: str) -> tuple[str, int] | None:
    """The embed's HTML and status (200, or 404 for an unknown chart)."""
    ds = get_dataset()
    state = parse_query(search, ds)
    lang = state.lang
    prefix = dash.get_relative_path("/")
    chart = get_chart(chart_id)
    styles = ["vendor/bootstrap.min.css", "files/app.css"] + (["files/present.css"] if state.present else [])
    scripts = ["vendor/plotly-ops.min.js", "files/app.js", "files/chart-export.js", "files/embed-page.js"]
    if chart is None:
        title = t("embed.unknown", lang)
        content = to_html(html.Div([html.H1(title, className="h4"),
                                    html.P(html.A(t("embed.index_link", lang), href=prefix + "embed/"))],
                                   className="ops-embed-page"))
        scripts, status = [], 404
    else:
        title = t(chart.title_key, lang)
        content = to_html(embed_content(chart, state, lang, ds))
        status = 200
    page = TEMPLATE.format(
        lang=lang,
        title=escape(t("page.title", lang, page=title)),
        favicon=escape(static_files.url("files/favicon.ico", prefix)),
        styles="\n".join(f'<link rel="stylesheet" href="{escape(static_files.url(s, prefix))}">' for s in styles),
        scripts="\n".join(f'<script src="{escape(static_files.url(s, prefix))}" defer></script>' for s in scripts),
        root="ops-page ops-present" if state.present else "ops-page",
        content=content,
    )
    return page, status


class Answers:
    """Rendered embeds, kept per request (data version, default language, chart, query) with their
    ETag and compressed bodies: a repeated request is answered from memory."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self.items: OrderedDict[tuple, dict] = OrderedDict()
        self.lock = Lock()

    def get(self, chart_id: str, search: str) -> dict:
        ds = get_dataset()
        key = (ds.version, pinned(), default_lang(), CODE, chart_id, search)
        with self.lock:
            hit = self.items.get(key)
            if hit is not None:
                self.items.move_to_end(key)
                return hit
        shared_key = data_cache.make_key("embed-page", CODE, {"dataset": ds, "pinned": pinned(), "lang": default_lang(),
                                                              "chart": chart_id, "search": search})
        page, status = data_cache.cached(shared_key, lambda: document(chart_id, search), bulky=True)
        body = page.encode()
        answer = {"status": status, "etag": hashlib.sha1(shared_key.encode() + b"\0" + body).hexdigest()[:20],
                  "identity": body}
        with self.lock:
            self.items[key] = answer
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return answer

    @staticmethod
    def encoded(answer: dict, algorithm: str) -> bytes:
        """The answer's body in `algorithm` ("identity", "br", "gzip"), compressed on first use and kept."""
        body = answer.get(algorithm)
        if body is None:
            plain = answer["identity"]
            body = answer[algorithm] = (brotli.compress(plain, quality=9) if algorithm == "br"
                                        else gzip.compress(plain, 9, mtime=0))
        return body


def register_embed_page(server: flask.Flask, prefix: str) -> None:
    answers = Answers()

    @server.get(f"{prefix}embed/<chart_id>", endpoint=ENDPOINT)
    def embed_page(chart_id: str):
        request = flask.request
        answer = answers.get(chart_id, request.query_string.decode("latin-1"))
        algorithm = accepted(request.headers.get("Accept-Encoding", "")) or "identity"
        response = flask.Response(mimetype="text/html", status=answer["status"])
        response.set_etag(f"{answer['etag']}:{algorithm}")
        response.headers["Cache-Control"] = CACHE_CONTROL
        response.headers["Vary"] = "Accept-Encoding"
        if answer["status"] == 404:
            flask.g.ops_error_reason = "no such chart"
        elif any(tag.startswith(answer["etag"]) for tag in request.if_none_match.as_set()):
            response.status_code = 304
            return response
        response.set_data(answers.encoded(answer, algorithm))
        if algorithm != "identity":
            response.headers["Content-Encoding"] = algorithm
        return response
