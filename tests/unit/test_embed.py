"""The iframe snippet given to editors who embed a chart. Embedding for real (framing headers, a host page
on a second origin): tests/integration/test_embed.py and tests/browser/test_embed.py."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support import free_port
from ui.embed_snippet import snippet

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


def test_snippet_escapes_the_title():
    code = snippet("https://x/embed/a", 'A "quoted" <title>')
    assert 'title="A &quot;quoted&quot; &lt;title&gt;"' in code
