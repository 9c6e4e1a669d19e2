"""A chart's data at stable URLs: `{prefix}embed/<chart_id>.csv` (Danish Excel's CSV in Danish: ';',
decimal comma, byte-order mark), `.xlsx` (the data and a sheet of sources) and `.json` (the plotted
numbers with their sources and notes, and title, filters, language, data version and date).

They take the chart's query parameters (region, sector, form, from, to, lang), answer from a cache
per data version and view, and carry an `ETag`: a browser or proxy that asks again with
`If-None-Match` gets `304 Not Modified` until the data or the code changes. An unknown chart is a
404; query values the chart cannot use are left out (as on the page) and named in the JSON's
`notices`.
"""
from __future__ import annotations

import hashlib
import json

import dash
import flask

from charts import exports
from charts.registry import get_chart
from data import cache as data_cache
from data.current import get_dataset
from i18n.text import t
from server.render_cache import CODE
from ui.url_state import parse_query, to_query

FORMATS = {
    "csv": "text/csv",  # Flask adds "; charset=utf-8"
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
CACHE_CONTROL = "public, max-age=0, must-revalidate"  # always revalidated: a new data version shows at once


def chart_file(chart_id: str, ext: str, search: str) -> tuple[bytes, str] | None:
    """The file's bytes and its ETag, or None for an unknown chart."""
    chart = get_chart(chart_id)
    if chart is None:
        return None
    ds = get_dataset()
    state = parse_query(search, ds)
    lang = state.lang
    view = to_query(state.filters, lang=lang, v=state.get("v"))  # the view as the app writes it: one entry per view
    page_url = flask.request.host_url.rstrip("/") + dash.get_relative_path(f"/embed/{chart_id}") + view
    key = data_cache.make_key(f"chart-data.{ext}", CODE, {"dataset": ds, "chart": chart_id, "view": view,
                                                           "url": page_url if ext == "json" else "",
                                                           "notices": repr(state.notices) if ext == "json" else ""})

    def build() -> bytes:
        data = chart.build(ds, state.filters, lang)
        if ext == "csv":
            return exports.csv_bytes(data, lang)
        if ext == "xlsx":
            return exports.xlsx_bytes(data, t(chart.title_key, lang), lang, ds)
        document = exports.json_document(chart, data, lang, ds, state.filters, url=page_url)
        document["notices"] = [{"parameter": n.key, "value": n.value, "reason": n.reason} for n in state.notices]
        return json.dumps(document, ensure_ascii=False, indent=1).encode()

    body = data_cache.cached(key, build, bulky=True)
    return body, hashlib.sha1(key.encode() + b"\0" + body).hexdigest()[:20]


def register_chart_data_routes(server: flask.Flask, prefix: str) -> None:
    @server.get(f"{prefix}embed/<chart_id>.<any(csv, xlsx, json):ext>", endpoint="chart_data")
    def chart_data(chart_id: str, ext: str):
        found = chart_file(chart_id, ext, flask.request.query_string.decode("latin-1"))
        if found is None:
            flask.g.ops_error_reason = "no such chart"
            return flask.Response("Not Found", status=404, mimetype="text/plain")
        body, etag = found
        response = flask.Response(body, mimetype=FORMATS[ext])
        response.set_etag(etag)
        response.headers["Cache-Control"] = CACHE_CONTROL
        if ext != "json":
            response.headers["Content-Disposition"] = f'attachment; filename="ops-monitor-{chart_id}.{ext}"'
        return response.make_conditional(flask.request)
