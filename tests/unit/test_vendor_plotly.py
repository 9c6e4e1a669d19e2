"""vendor/plotly: the plotly.js partial bundle the app serves instead of the full plotly.js. Checked
without the network: its checksum, its Brotli copy, its version, and that it draws every chart."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import brotli
import pytest
from plotly.offline import get_plotlyjs_version

import charts  # noqa: F401  (registers the charts)
from charts.registry import CHARTS
from data import Filters

VENDOR = Path(__file__).resolve().parents[2] / "vendor" / "plotly"
BUNDLE = VENDOR / "plotly-ops.min.js"


def test_the_bundle_matches_its_recorded_checksum_and_its_brotli_copy():
    body = BUNDLE.read_bytes()
    digest, name = (VENDOR / "SHA256SUMS").read_text().split()
    assert name == BUNDLE.name
    assert hashlib.sha256(body).hexdigest() == digest
    assert brotli.decompress((VENDOR / "plotly-ops.min.js.br").read_bytes()) == body


def test_the_bundle_names_no_remote_host_to_fetch_from():
    body = BUNDLE.read_text(encoding="utf-8")
    assert "https://cdn.plot.ly" not in body and "cdn.jsdelivr" not in body and "unpkg.com" not in body


def test_the_bundle_is_the_plotly_js_version_the_plotly_package_bundles():
    banner = BUNDLE.read_text(encoding="utf-8")[:300]
    assert f"plotly.js v{get_plotlyjs_version()} " in banner
    assert f'"plotly.js": "{get_plotlyjs_version()}"' in (VENDOR / "package.json").read_text()
    for required in ("LICENSE", "THIRD-PARTY-NOTICES.txt", "package-lock.json", "build.sh", "README.md"):
        assert (VENDOR / required).is_file(), required


def registered_traces() -> set[str]:
    entry = (VENDOR / "entry.js").read_text()
    return {"scatter"} | set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", entry)) - {"core"}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_trace_type_a_chart_draws_is_in_the_bundle(bundled, served_app, lang):
    drawn = set()
    for chart in CHARTS.values():
        data = chart.build(bundled, Filters(), lang)
        if not data.empty:
            drawn |= {trace.get("type", "scatter") for trace in chart.figure(data, lang)["data"]}
    assert drawn, "no chart drew anything"
    assert drawn <= registered_traces(), drawn - registered_traces()
