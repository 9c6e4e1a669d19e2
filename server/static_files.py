"""Third-party CSS served by the app itself (no CDN): Bootstrap 5's, from the installed
bootstrap-flask package, at `{prefix}vendor/<file>?v=<package version>`."""
from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import flask
import flask_bootstrap

BOOTSTRAP_CSS_DIR = Path(flask_bootstrap.__file__).resolve().parent / "static/bootstrap5/css"
VENDOR_FILES = frozenset({"bootstrap.min.css", "bootstrap.min.css.map"})


def stylesheets(prefix: str) -> list[str]:
    """The vendored stylesheets' URLs, for Dash's `external_stylesheets`."""
    return [f"{prefix}vendor/bootstrap.min.css?v={version('bootstrap-flask')}"]


def register_vendor_route(server: flask.Flask, prefix: str) -> None:
    @server.get(f"{prefix}vendor/<path:filename>")
    def vendor(filename: str):
        if filename not in VENDOR_FILES:
            flask.abort(404)
        return flask.send_from_directory(BOOTSTRAP_CSS_DIR, filename, max_age=86400)
