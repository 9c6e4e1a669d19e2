"""Security headers on every kind of response of the real app (HTTP on loopback): the policy, the hashes
of the page's inline scripts, Dash's dev tools off. The pages under the policy in Chromium:
tests/browser/test_security_headers.py."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest

from bench.callback_latency import router_payload
from server.downloads import ROUTE as DOWNLOAD_ROUTE
from tests.support import running_app

EMBED_ORIGIN = "https://intranet.example.dk"


@pytest.fixture(scope="module")
def app_with_origins():
    with running_app({"OPS_EMBED_ORIGINS": EMBED_ORIGIN}) as url:
        yield url


def fetch(url: str, data: bytes | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def directives(policy: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in policy.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def asset_urls(base: str) -> list[str]:
    html = fetch(base)[2].decode()
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    return [base.rstrip("/") + s if s.startswith("/") else s for s in scripts[:2]]


def test_every_kind_of_response_carries_the_headers(app_with_origins):
    base = app_with_origins
    router = json.dumps(router_payload("/regions", "")).encode()
    responses = {
        "html": fetch(base),
        "project 404": fetch(base + "projects/findes-ikke"),
        "embed": fetch(base + "embed/projects-by-region"),
        "layout json": fetch(base + "_dash-layout"),
        "dependencies json": fetch(base + "_dash-dependencies"),
        "callback json": fetch(base + "_dash-update-component", router),
        "callback 400": fetch(base + "_dash-update-component", b"{}"),
        "asset": fetch(base + "assets/app.css"),
        "vendor css": fetch(base + "vendor/bootstrap.min.css"),
        "component suite": fetch(asset_urls(base)[0]),
        "resize script": fetch(base + "embed/resize.js"),
        "download": fetch(base + DOWNLOAD_ROUTE),
        "healthz": fetch(base + "healthz"),
        "missing asset": fetch(base + "assets/findes-ikke.js"),
    }
    assert responses["project 404"][0] == 404 and responses["callback 400"][0] == 400
    for name, (status, headers, _body) in responses.items():
        assert status < 500, name
        assert headers.get("X-Content-Type-Options") == "nosniff", name
        assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", name
        assert "X-Frame-Options" not in headers, name
        csp = directives(headers["Content-Security-Policy"])
        assert csp["default-src"] == ["'self'"], name
        assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"], name
        scripts = csp["script-src"]
        assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:]), name
        assert "'unsafe-eval'" not in scripts and "'unsafe-inline'" not in scripts, name
        assert csp["img-src"] == ["'self'", "data:", "blob:"], name
        expected = ["'self'", EMBED_ORIGIN] if name == "embed" else ["'self'"]
        assert csp["frame-ancestors"] == expected, name
        assert list(csp).count("frame-ancestors") == 1, name


def test_inline_scripts_of_the_page_are_exactly_the_hashed_ones(app_with_origins):
    import base64
    import hashlib

    status, headers, body = fetch(app_with_origins + "regions")
    html = body.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S)
    assert inline, "Dash's renderer script is inline"
    allowed = set(directives(headers["Content-Security-Policy"])["script-src"])
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_dash_dev_tools_are_off_by_default(app_url):
    html = fetch(app_url)[2].decode()
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html, re.S)
                        .group(1))
    assert config.get("ui") is False and config.get("props_check") is False
    assert "hot_reload" not in config
