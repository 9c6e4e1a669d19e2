"""Bytes a first page load transfers (compressed, as on the wire) against their decoded size. Prints JSON.

    uv run python -m bench.first_load                      # starts app.py on a free port, loads / and /regions
    uv run python -m bench.first_load --url http://127.0.0.1:8050/ --pages "" regions projects

A fresh Chromium (Debian's /usr/bin/chromium, as in the tests) with an empty cache loads each page until
the network is idle; every response is counted with its encoded body size (Playwright's
`request.sizes()`) and its decoded size, grouped by kind (document, script, stylesheet, fetch) and by
Content-Encoding.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.server import served_app

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def load(browser, url: str) -> dict:
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    started = time.perf_counter()
    page.goto(url, wait_until="networkidle")
    seconds = time.perf_counter() - started
    totals = {"requests": 0, "transferred_bytes": 0, "decoded_bytes": 0}
    by_kind: dict = defaultdict(lambda: {"requests": 0, "transferred_bytes": 0, "decoded_bytes": 0})
    by_encoding: dict = defaultdict(lambda: {"requests": 0, "transferred_bytes": 0, "decoded_bytes": 0})
    for request in responses:
        response = request.response()
        if response is None:
            continue
        transferred = request.sizes()["responseBodySize"]
        try:
            decoded = len(response.body())
        except Exception:  # noqa: BLE001 - e.g. a redirect has no body
            decoded = 0
        encoding = response.headers.get("content-encoding", "none")
        for bucket in (totals, by_kind[request.resource_type], by_encoding[encoding]):
            bucket["requests"] += 1
            bucket["transferred_bytes"] += transferred
            bucket["decoded_bytes"] += decoded
    context.close()
    ratio = totals["transferred_bytes"] / totals["decoded_bytes"] if totals["decoded_bytes"] else None
    return {"url": url, "seconds_to_network_idle": round(seconds, 2), **totals,
            "transferred_share": round(ratio, 3) if ratio else None,
            "by_kind": dict(by_kind), "by_encoding": dict(by_encoding)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.first_load", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="base URL of a running app (default: start app.py)")
    parser.add_argument("--pages", nargs="+", default=["", "regions"], help="paths under the base URL")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        base = args.url or stack.enter_context(served_app("app"))
        base = base if base.endswith("/") else base + "/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=["--no-sandbox", "--disable-gpu"])
            results = [load(browser, base + page) for page in args.pages]
            browser.close()
    print(json.dumps({"benchmark": "first_load", "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
