"""Responses are compressed (Brotli preferred, else gzip) and decode to exactly the uncompressed bytes:
the HTML page, a Dash JS bundle, a stylesheet, Dash's JSON and a callback response. The package zip is
not compressed a second time, and tiny responses are not compressed at all.

Runs the app's Flask server in-process (its test client sees the raw, encoded bodies). The bytes a first
page load transfers are measured, not asserted, by `bench/first_load.py`.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile

import brotli
import pytest

from ui.router import CONTENT

ENCODINGS = ("br", "gzip")
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


@pytest.fixture(scope="module")
def server():
    import app  # creates the app with the environment's settings (the bundled data by default)

    return app.server


@pytest.fixture(scope="module")
def prefix():
    import app

    return app.prefix


@pytest.fixture(scope="module")
def client(server):
    return server.test_client()


@pytest.fixture(scope="module")
def index_html(client, prefix) -> str:
    response = client.get(prefix, headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    return response.get_data(as_text=True)


def fetch(client, path: str, encoding: str, **kwargs):
    method = kwargs.pop("method", "GET")
    response = client.open(path, method=method, headers={"Accept-Encoding": encoding}, **kwargs)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return response


def same(body: bytes) -> bytes:
    """The body without the one value Dash changes on every request of the HTML page (its config's
    random `end_id`), so two responses of the same page compare equal."""
    return re.sub(rb'"end_id":"[^"]*"', b'"end_id":""', body)


def assert_encoded_copy(client, path: str, **kwargs) -> bytes:
    """`path` comes back Brotli- and gzip-encoded and each decodes to the identity body; returns it."""
    plain = fetch(client, path, "identity", **kwargs)
    assert "Content-Encoding" not in plain.headers, path
    body = same(plain.get_data())
    assert len(body) > 1024, f"{path} is too small to be compressed ({len(body)} bytes)"
    for encoding in ENCODINGS:
        response = fetch(client, path, encoding, **kwargs)
        assert response.headers.get("Content-Encoding") == encoding, path
        assert "Accept-Encoding" in response.headers.get("Vary", ""), path
        raw = response.get_data()
        assert len(raw) < len(body), f"{path}: {encoding} is not smaller"
        assert same(DECODE[encoding](raw)) == body, f"{path}: {encoding} does not decode to the same bytes"
    return body


def linked(html: str, pattern: str) -> str:
    match = re.search(pattern, html)
    assert match, f"nothing matching {pattern!r} in the page"
    return match.group(1).replace("&amp;", "&")


def test_the_html_page_is_compressed(client, prefix):
    assert b"<html" in assert_encoded_copy(client, prefix)


def test_brotli_is_preferred_to_gzip(client, prefix):
    response = fetch(client, prefix, "gzip, deflate, br, zstd")
    assert response.headers["Content-Encoding"] == "br"
    response = fetch(client, prefix, "gzip;q=1.0, br;q=0.5")
    assert response.headers["Content-Encoding"] == "gzip"


def test_a_dash_js_bundle_is_compressed_and_served_the_same_every_time(client, index_html):
    src = linked(index_html, r'src="([^"]*_dash-component-suites/[^"]*dash_renderer[^"]*\.js[^"]*)"')
    body = assert_encoded_copy(client, src)
    assert b"function" in body
    # The compressed bundle is kept (server.compression.SuiteCompressor): the same bytes again.
    first, again = (fetch(client, src, "br").get_data() for _ in range(2))
    assert first == again and brotli.decompress(again) == body


def test_a_compressed_dash_file_answers_its_own_etag_with_304(client, prefix):
    """An unfingerprinted chunk (dcc's async graph code) is revalidated on every page load: asked
    again with the ETag it came with, it answers 304, not the whole file again."""
    url = f"{prefix}_dash-component-suites/dash/dcc/async-graph.js"
    first = fetch(client, url, "br")
    assert first.status_code == 200 and first.headers["ETag"].endswith(':br"')
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    other = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200 and other.headers["Content-Encoding"] == "gzip"


def test_stylesheets_are_compressed_while_streamed(client, index_html):
    for pattern in (r'href="([^"]*/assets/app\.css[^"]*)"', r'href="([^"]*vendor/bootstrap\.min\.css[^"]*)"'):
        assert b"{" in assert_encoded_copy(client, linked(index_html, pattern))


def test_a_compressed_stylesheet_answers_its_own_etag_with_304(client, index_html):
    href = linked(index_html, r'href="([^"]*vendor/bootstrap\.min\.css[^"]*)"')
    etag = fetch(client, href, "br").headers["ETag"]
    assert etag.endswith(':br"')
    response = client.get(href, headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert response.status_code == 304


def test_dash_layout_and_dependencies_are_compressed(client, prefix):
    json.loads(assert_encoded_copy(client, f"{prefix}_dash-layout"))
    json.loads(assert_encoded_copy(client, f"{prefix}_dash-dependencies"))


def router_request(client, prefix: str, page: str) -> dict:
    """The body Dash's renderer posts to render `page` (the pages router callback) on a page load."""
    from bench.callback_latency import router_payload

    return router_payload(f"{prefix}{page}", "")


def test_a_callback_response_is_compressed(client, prefix):
    payload = router_request(client, prefix, "regions")
    body = assert_encoded_copy(client, f"{prefix}_dash-update-component", method="POST", json=payload)
    assert CONTENT in json.loads(body)["response"]


def test_the_package_zip_is_not_compressed_again(client, prefix):
    response = fetch(client, f"{prefix}download/ops-monitor-data.zip", "br, gzip")
    assert response.mimetype == "application/zip"
    assert "Content-Encoding" not in response.headers
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        assert "datapackage.json" in archive.namelist()
        assert archive.testzip() is None


def test_tiny_responses_are_not_compressed(client, prefix):
    response = fetch(client, f"{prefix}healthz", "br, gzip")
    assert len(response.get_data()) < 1024
    assert "Content-Encoding" not in response.headers
    assert response.get_json()["status"] == "ok"


def test_component_suites_are_compressed_harder_than_other_responses(client, index_html):
    """The JS bundles are compressed once per process, so they get a slower, stronger level than the
    default flask-compress uses for responses made on every request."""
    src = linked(index_html, r'src="([^"]*_dash-component-suites/[^"]*dash_core_components\.v[^"]*\.js[^"]*)"')
    body = fetch(client, src, "identity").get_data()
    for encoding, default in (("br", lambda b: brotli.compress(b, quality=4)), ("gzip", lambda b: gzip.compress(b, 6))):
        sent = fetch(client, src, encoding).get_data()
        assert DECODE[encoding](sent) == body
        assert len(sent) < len(default(body)), f"{encoding}: not smaller than at the default level"


@pytest.mark.parametrize(("header", "expected"), [
    ("gzip, deflate, br", "br"),
    ("gzip", "gzip"),
    ("br;q=0.5, gzip;q=1.0", "gzip"),
    ("identity", None),
    ("br;q=0, gzip;q=0", None),
    ("BR;q=abc, gzip", "gzip"),
    ("", None),
])
def test_the_encoding_of_a_bundle_follows_accept_encoding(header, expected):
    from server.compression import accepted

    assert accepted(header) == expected
