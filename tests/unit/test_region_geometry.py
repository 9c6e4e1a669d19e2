"""The map refers to the region boundaries by URL (served once per data version) instead of carrying
~210 KB of GeoJSON in every page and embed of the map."""
from __future__ import annotations

import json

import pytest

from bench.callback_latency import router_payload


@pytest.fixture(scope="module")
def client():
    import app

    client = app.server.test_client()
    client.get(app.prefix)
    return client


@pytest.fixture(scope="module")
def dataset():
    from data.current import get_dataset

    return get_dataset()


def test_the_boundaries_are_served_by_version(client, dataset):
    response = client.get(f"/geo/regions.geojson?v={dataset.version}")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    assert "immutable" in response.headers["Cache-Control"]
    geometry = json.loads(response.get_data())
    assert {str(f["id"]) for f in geometry["features"]} >= {"1081", "1082", "1083", "1084", "1085"}
    stale = client.get("/geo/regions.geojson?v=old")
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == "no-cache"


def test_the_map_figure_carries_the_url_not_the_geometry(client, dataset):
    response = client.post("/_dash-update-component", json=router_payload("/regions", ""))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    found = list(values_of(json.loads(body), "geojson"))
    assert found == [f"/geo/regions.geojson?v={dataset.version}"]
    assert '"coordinates"' not in body
    assert len(body) < 120_000


def values_of(node, key: str):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            else:
                yield from values_of(v, key)
    elif isinstance(node, list):
        for item in node:
            yield from values_of(item, key)
