"""bench.startup starts the real app, renders every page through the router and reports what it
measured (the figures themselves are not asserted: speed is measured, not tested)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support import REPO


def test_startup_bench_serves_every_page_and_reports_time_and_memory():
    out = subprocess.run([sys.executable, "-m", "bench.startup", "--runs", "1", "--timeout", "90"], cwd=REPO,
                         capture_output=True, text=True, timeout=300, check=True)
    report = json.loads(out.stdout)
    (run,) = report["runs"]
    assert report["data"] == "bundled"
    assert run["healthz_s"] > 0 and run["pages_s"] > 0
    # Memory read from /proc: the peak after serving every page is at least what the started app held.
    assert run["peak_rss_mb"] >= run["rss_started_mb"] > 50
    assert report["healthz_s"]["median"] == run["healthz_s"]
