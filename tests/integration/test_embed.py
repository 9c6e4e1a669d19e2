"""Embedding a chart in another site's page, over HTTP: the framing policy headers with and without
listed origins (OPS_EMBED_ORIGINS). In a browser: tests/browser/test_embed.py."""

from __future__ import annotations

import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from server.embed import frame_ancestors
from tests.support import free_port, running_app

LISTED_HOST = "127.0.0.2"


class HostSite:
    """A tiny 'intranet' serving one HTML page, on its own loopback address and port."""

    def __init__(self, address: str):
        self.address, self.port = address, free_port()
        self.html = "<!doctype html><title>intranet</title>"
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                body = site.html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((address, self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        return f"http://{self.address}:{self.port}"

    def close(self):
        self.server.shutdown()


@pytest.fixture(scope="module")
def listed():
    site = HostSite(LISTED_HOST)
    yield site
    site.close()


@pytest.fixture(scope="module")
def embed_app(listed):
    with running_app({"OPS_EMBED_ORIGINS": listed.origin}) as url:
        yield url


def test_framing_policy_headers(embed_app, listed):
    with urllib.request.urlopen(embed_app + "embed/projects-by-region") as response:
        # One frame-ancestors directive, within the app's whole policy (components/security.py).
        assert response.headers["Content-Security-Policy"].endswith(f"; frame-ancestors 'self' {listed.origin}")
        assert response.headers["Content-Security-Policy"].count("frame-ancestors") == 1
        assert response.headers.get("X-Frame-Options") is None
        assert response.headers.get("Set-Cookie") is None  # no cookie, no login


def test_without_origins_only_the_app_itself_may_frame(app_url):
    with urllib.request.urlopen(app_url + "embed/projects-by-region") as response:
        assert response.headers["Content-Security-Policy"].endswith("; frame-ancestors 'self'")
    assert frame_ancestors(()) == "frame-ancestors 'self'"
