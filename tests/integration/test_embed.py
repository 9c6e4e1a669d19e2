"""Embedding a chart in another site's page, over HTTP: the framing policy headers with and without
listed origins (OPS_EMBED_ORIGINS). In a browser: tests/browser/test_embed.py."""

from __future__ import annotations

import urllib.request

from server.embed import frame_ancestors


def test_framing_policy_headers(embed_app, listed):
    with urllib.request.urlopen(embed_app + "embed/projects-by-region") as response:
        # One frame-ancestors directive, within the app's whole policy (server/security.py).
        assert response.headers["Content-Security-Policy"].endswith(f"; frame-ancestors 'self' {listed.origin}")
        assert response.headers["Content-Security-Policy"].count("frame-ancestors") == 1
        assert response.headers.get("X-Frame-Options") is None
        assert response.headers.get("Set-Cookie") is None  # no cookie, no login


def test_without_origins_only_the_app_itself_may_frame(app_url):
    with urllib.request.urlopen(app_url + "embed/projects-by-region") as response:
        assert response.headers["Content-Security-Policy"].endswith("; frame-ancestors 'self'")
    assert frame_ancestors(()) == "frame-ancestors 'self'"
