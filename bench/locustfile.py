"""Locust users for bench/load.py: an intranet visitor opening an embedded chart.

Each task does what a browser does for an embed (without the static bundles, which a browser caches
and a proxy would serve): the HTML page, Dash's layout and dependencies, then the page router
callback that renders the chart. Half of the visitors come with a filter in the address.
"""
from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

from bench.callback_latency import router_payload  # the payload Dash's renderer posts

CHART = os.environ.get("OPS_BENCH_CHART", "projects-by-region")
PREFIX = os.environ.get("OPS_BENCH_PREFIX", "/")
SEARCHES = ["", "", "?region=1084", "?region=1083&from=2015", "?lang=en", "?sector=hospital"]


class EmbedVisitor(HttpUser):
    wait_time = between(0.5, 1.5)

    @task
    def open_embed(self) -> None:
        search = random.choice(SEARCHES)
        path = f"{PREFIX}embed/{CHART}"
        headers = {"Accept-Encoding": "br, gzip"}
        self.client.get(path + search, name="embed page", headers=headers)
        self.client.get(f"{PREFIX}_dash-layout", name="_dash-layout", headers=headers)
        self.client.get(f"{PREFIX}_dash-dependencies", name="_dash-dependencies", headers=headers)
        self.client.post(f"{PREFIX}_dash-update-component", json=router_payload(path, search),
                         name="router callback", headers=headers)
