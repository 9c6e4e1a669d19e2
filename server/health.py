"""`{prefix}healthz`: the data version in use, and a newer version of the data that was rejected
(if any), for monitoring and for the tests."""
from __future__ import annotations

import flask

from data.current import get_dataset, rejection


def register_health_route(server: flask.Flask, prefix: str) -> None:
    @server.get(f"{prefix}healthz")
    def healthz():
        ds, rejected = get_dataset(), rejection()
        response = flask.jsonify(status="ok", data_version=ds.version, updated=ds.updated,
                                 rejected=None if rejected is None else {"problems": len(rejected.problems),
                                                                         "at": rejected.at_iso})
        response.headers["Cache-Control"] = "no-store"
        return response
