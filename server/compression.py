"""Compression of responses (flask-compress): Brotli, else gzip, for the text the browser loads.

- Dash's component suites (its JS bundles, plotly.js the largest) are package files that never
  change while the process runs: each is compressed once per process and algorithm, at a high
  level (Brotli 9: plotly.js 1,41 → 1,23 MB against the default level 4, 1,4 s once), and kept.
- Everything else (the HTML page, Dash's JSON, assets, GeoJSON) is compressed afresh by
  flask-compress at its default, fast level. Other types pass untouched: the package zip is
  compressed already, and so is an Excel file (a zip); a chart's CSV and JSON are compressed. Static files
  (assets) are streamed, hence the streaming settings.
"""
from __future__ import annotations

import gzip

import brotli
import flask
from dash.fingerprint import check_fingerprint
from flask_compress import Compress

COMPRESS_MIMETYPES = ["text/html", "text/css", "text/csv", "text/javascript", "application/javascript",
                      "application/json", "application/geo+json", "image/svg+xml", "image/x-icon"]
SUITE_BR_QUALITY = 9  # 10 and 11 save another 8 % on plotly.js but take 10–20 s
SUITE_GZIP_LEVEL = 9
_ENCODERS = {
    "br": lambda data: brotli.compress(data, quality=SUITE_BR_QUALITY),
    "gzip": lambda data: gzip.compress(data, SUITE_GZIP_LEVEL, mtime=0),
}


def accepted(header: str) -> str | None:
    """'br' or 'gzip', whichever the Accept-Encoding header allows with the higher weight (br on a
    tie), else None."""
    weights = {}
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        weights[name.strip().lower()] = weight
    best = max(("br", "gzip"), key=lambda name: (weights.get(name, 0.0), name == "br"))
    return best if weights.get(best, 0.0) > 0 else None


class SuiteCompressor:
    """Compresses component-suite responses once per file and algorithm and keeps the bytes."""

    def __init__(self, prefix: str) -> None:
        self.suites = f"{prefix}_dash-component-suites/"
        self.data: dict[tuple[str, str], bytes] = {}

    def __call__(self, response: flask.Response) -> flask.Response:
        request = flask.request
        if (request.method != "GET" or not request.path.startswith(self.suites) or response.status_code != 200
                or response.is_streamed or "Content-Encoding" in response.headers
                or response.mimetype not in COMPRESS_MIMETYPES):
            return response
        algorithm = accepted(request.headers.get("Accept-Encoding", ""))
        if algorithm is None:
            return response
        etag, weak = response.get_etag()
        if etag and not weak and request.if_none_match.contains(f"{etag}:{algorithm}"):
            # the browser has this file compressed (its ETag as sent below): Dash compared the plain
            # ETag only, so the answer is made 304 here
            unchanged = flask.Response(status=304)
            for name in ("Cache-Control", "Expires"):
                if name in response.headers:
                    unchanged.headers[name] = response.headers[name]
            unchanged.headers["Vary"] = "Accept-Encoding"
            unchanged.set_etag(f"{etag}:{algorithm}")
            return unchanged
        key = (algorithm, check_fingerprint(request.path)[0])  # one entry whatever the fingerprint
        body = self.data.get(key)
        if body is None:
            body = self.data[key] = _ENCODERS[algorithm](response.get_data())
        response.direct_passthrough = False
        response.set_data(body)
        response.headers["Content-Encoding"] = algorithm
        response.headers["Content-Length"] = str(len(body))
        vary = response.headers.get("Vary", "")
        if "accept-encoding" not in vary.lower():
            response.headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
        if etag and not weak:
            response.set_etag(f"{etag}:{algorithm}")
        return response


def setup_compression(server: flask.Flask, prefix: str) -> None:
    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_ALGORITHM_STREAMING=["br", "gzip"],
        COMPRESS_MIMETYPES=COMPRESS_MIMETYPES,
        COMPRESS_MIN_SIZE=1024,  # below ~1 KB the headers outweigh the saving
        # Streamed files answer If-None-Match for their compressed ETag ("<etag>:br") too.
        COMPRESS_STREAMING_ENDPOINT_CONDITIONAL=[
            rule.endpoint for rule in server.url_map.iter_rules()
            if rule.endpoint == "static" or rule.endpoint.endswith(".static")],
    )
    Compress(server)
    # Registered after flask-compress, so it runs before it (Flask runs after_request hooks in
    # reverse order); flask-compress leaves a response with a Content-Encoding alone.
    server.after_request(SuiteCompressor(prefix))
