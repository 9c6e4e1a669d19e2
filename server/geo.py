"""Plotly's geo traces fetch a base-map topology (e.g. world_110m.json) from a CDN, even for a
choropleth drawn from our own GeoJSON with the base map hidden. Offline that request fails, so
the app serves an empty topology of its own at `{prefix}geo/<name>.json` and every graph's
`topojsonURL` points there. Nothing of the base map is drawn, so nothing is lost.

The region boundaries themselves (the package's GeoJSON, ~210 KB) are served at
`{prefix}geo/regions.geojson?v=<data version>`; the map figure refers to that URL instead of
carrying them, so a page or an embed of the map is ~210 KB lighter and the browser fetches the
boundaries once per data version."""

from __future__ import annotations

import re

from flask import Response, abort, jsonify, request

from charts.regions import GEO_PATH, REGIONS_FILE
from data import Dataset
from data.current import get_dataset

_geometry: dict[str, bytes] = {}  # data version -> the boundaries' bytes


def geometry_bytes(ds: Dataset) -> bytes:
    if ds.version not in _geometry:
        _geometry.clear()  # one version in use at a time
        _geometry[ds.version] = (ds.directory / ds.descriptor["geometry"]["path"]).read_bytes()
    return _geometry[ds.version]
EMPTY_TOPOLOGY = {"type": "Topology", "objects": {}, "arcs": []}
_NAME = re.compile(r"^[a-z]+_\d+m\.json$")


def register_geo_routes(server, prefix: str) -> None:
    @server.get(f"{prefix}{GEO_PATH}{REGIONS_FILE}")
    def region_geometry():
        ds = get_dataset()
        response = Response(geometry_bytes(ds), mimetype="application/geo+json")
        # The URL names the data version: cacheable for good when it is the one in use.
        current = request.args.get("v") == ds.version
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if current else "no-cache"
        return response

    @server.get(f"{prefix}{GEO_PATH}<name>")
    def geo_topology(name: str):
        if not _NAME.match(name):
            abort(404)
        response = jsonify(EMPTY_TOPOLOGY)
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response
