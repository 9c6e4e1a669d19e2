"""Plotly's geo traces fetch a base-map topology (e.g. world_110m.json) from a CDN, even for a
choropleth drawn from our own GeoJSON with the base map hidden. Offline that request fails, so
the app serves an empty topology of its own at `{prefix}geo/<name>.json` and every graph's
`topojsonURL` points there. Nothing of the base map is drawn, so nothing is lost."""

from __future__ import annotations

import re

from flask import abort, jsonify

GEO_PATH = "geo/"
EMPTY_TOPOLOGY = {"type": "Topology", "objects": {}, "arcs": []}
_NAME = re.compile(r"^[a-z]+_\d+m\.json$")


def register_geo_routes(server, prefix: str) -> None:
    @server.get(f"{prefix}{GEO_PATH}<name>")
    def geo_topology(name: str):
        if not _NAME.match(name):
            abort(404)
        response = jsonify(EMPTY_TOPOLOGY)
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response
