"""Static files the app serves itself (no CDN), fingerprinted and cached for a year.

- `{prefix}vendor/<file>`: third-party files. Bootstrap 5's CSS, from the installed bootstrap-flask
  package; the plotly.js partial bundle, from vendor/plotly/ (its version, licence, checksum and
  build script are there).
- `{prefix}files/<file>`: the app's own files that a page outside Dash loads (the server-rendered
  embed, server/embed_page.py), from assets/.

`url(name)` gives a file's URL with `?v=<digest of its content>`. A request with that digest is
answered `Cache-Control: public, max-age=31536000, immutable`; any other (an old link) with
`no-cache`, so the browser revalidates it by its ETag. Each file is read and compressed once per
process (Brotli 11 and gzip 9, or the committed `.br` beside it) and kept in memory.
"""
from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import brotli
import dash
import flask
import flask_bootstrap

from server.compression import accepted

ROOT = Path(__file__).resolve().parents[1]
BOOTSTRAP_CSS_DIR = Path(flask_bootstrap.__file__).resolve().parent / "static/bootstrap5/css"
PLOTLY_BUNDLE = ROOT / "vendor" / "plotly" / "plotly-ops.min.js"
ASSETS = ROOT / "assets"
FILES: dict[str, Path] = {
    "vendor/bootstrap.min.css": BOOTSTRAP_CSS_DIR / "bootstrap.min.css",
    "vendor/plotly-ops.min.js": PLOTLY_BUNDLE,
    "files/app.css": ASSETS / "app.css",
    "files/app.js": ASSETS / "app.js",
    "files/chart-export.js": ASSETS / "chart-export.js",
    "files/embed-page.js": ASSETS / "embed-page.js",
    "files/present.css": ASSETS / "present.css",
    "files/favicon.ico": Path(dash.__file__).resolve().parent / "favicon.ico",  # Dash's own, as on the pages
}
YEAR = 31536000
MIMETYPES = {".css": "text/css", ".js": "text/javascript", ".ico": "image/x-icon"}


@dataclass(frozen=True)
class Static:
    body: bytes
    digest: str
    mimetype: str

    @cache  # noqa: B019  (one instance per file, kept for the process)
    def encoded(self, algorithm: str) -> bytes:
        if algorithm == "br":
            return brotli.compress(self.body, quality=11)
        return gzip.compress(self.body, 9, mtime=0)


@cache
def static(name: str) -> Static:
    path = FILES[name]
    body = path.read_bytes()
    return Static(body, hashlib.sha256(body).hexdigest()[:16], MIMETYPES[path.suffix])


@cache
def _committed_br(name: str) -> bytes | None:
    """The Brotli copy committed beside a file (vendor/plotly's, made by its build script)."""
    path = FILES[name].with_name(FILES[name].name + ".br")
    return path.read_bytes() if path.exists() else None


def url(name: str, prefix: str) -> str:
    """The fingerprinted URL of a served file ('vendor/plotly-ops.min.js')."""
    return f"{prefix}{name}?v={static(name).digest}"


def stylesheets(prefix: str) -> list[str]:
    """The vendored stylesheets' URLs, for Dash's `external_stylesheets`."""
    return [url("vendor/bootstrap.min.css", prefix)]


def meta_tags(prefix: str) -> list[dict]:
    """Dash's `meta_tags`: where a page's charts load plotly.js from, the partial bundle
    (assets/charts-near.js loads it when the first chart is near the screen; it sets `window.Plotly`,
    which dcc.Graph uses instead of loading the full plotly.js)."""
    return [{"name": "ops-plotly", "content": url("vendor/plotly-ops.min.js", prefix)}]


def register_static_routes(server: flask.Flask, prefix: str) -> None:
    @server.get(f"{prefix}<any(vendor, files):folder>/<name>")
    def static_file(folder: str, name: str):
        key = f"{folder}/{name}"
        if key not in FILES:
            flask.abort(404)
        item = static(key)
        request = flask.request
        response = flask.Response(mimetype=item.mimetype)
        algorithm = accepted(request.headers.get("Accept-Encoding", ""))
        # one ETag per representation; any of them means the browser has this content
        response.set_etag(f"{item.digest}:{algorithm or 'identity'}")
        fresh = request.args.get("v") == item.digest
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable" if fresh else "no-cache"
        response.headers["Vary"] = "Accept-Encoding"
        if any(tag.startswith(item.digest) for tag in request.if_none_match.as_set()):
            response.status_code = 304
            return response
        if algorithm is None:
            response.set_data(item.body)
        else:
            body = (_committed_br(key) if algorithm == "br" else None) or item.encoded(algorithm)
            response.set_data(body)
            response.headers["Content-Encoding"] = algorithm
        return response
