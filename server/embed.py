"""Embedding charts in other sites (intranet pages): the framing policy, the host-side resize
script, and the iframe snippet.

Protocol: an embedded chart page posts its content height to its parent whenever it changes,

    window.parent.postMessage({"type": "ops-monitor:resize", "height": 512, "chart": "<chart_id>"}, "*")

and `/embed/resize.js`, included once on the host page, sets the height of the iframe that sent
it. Without the script the frame keeps its `height` attribute (ui.embed_snippet.DEFAULT_HEIGHT)
and still shows the chart well. The message carries only a height and a chart id, nothing else.
"""

from __future__ import annotations

from pathlib import Path

from flask import Response

RESIZE_MESSAGE = "ops-monitor:resize"
# Kept in assets/ with the app's own JS, but excluded from Dash's automatic includes
# (app.py: assets_ignore=ASSETS_IGNORE): it runs on the host page, not in the dashboard.
RESIZE_SCRIPT = Path(__file__).resolve().parent.parent / "assets" / "embed-resize.js"
ASSETS_IGNORE = r"(embed-resize|embed-page)\.js$"


def frame_ancestors(origins: tuple[str, ...]) -> str:
    """CSP directive allowing the app's own origin and the operator's listed origins to frame it."""
    return " ".join(("frame-ancestors", "'self'", *origins))


def register_embed_routes(server, prefix: str, origins: tuple[str, ...]) -> None:
    """`{prefix}embed/resize.js`. The framing policy (`frame_ancestors(origins)` on embed pages) is
    part of the Content-Security-Policy that server/security.py sets on every response."""

    @server.get(f"{prefix}embed/resize.js")
    def embed_resize_script():
        response = Response(RESIZE_SCRIPT.read_text(encoding="utf-8"), mimetype="text/javascript")
        response.headers["Cache-Control"] = "public, max-age=3600"
        response.headers["Access-Control-Allow-Origin"] = "*"  # a public script, loaded by host pages
        return response
