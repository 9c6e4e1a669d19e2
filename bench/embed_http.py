"""An embed's HTML under load (wrk against gunicorn) and what a repeat view of it costs. Prints JSON.

    uv run python -m bench.embed_http                       # gunicorn with 2 workers, wrk 50 connections, 20 s
    uv run python -m bench.embed_http --seconds 60 --chart projects-by-sector --query "region=1084&lang=en"
    uv run python -m bench.embed_http --url http://127.0.0.1:8050/ --no-browser

Starts `gunicorn -c gunicorn.conf.py app:server` with WEB_CONCURRENCY=--workers (2) on a free loopback port
(unless --url is given), asks for `/embed/<chart_id>` a few times to warm the workers, then runs `wrk`
(Debian package `wrk`; installed with `apt-get install -y wrk` when missing and running as root, else the
command is printed) with --connections (50) and --threads (2) for --seconds (20), sending
`Accept-Encoding: br, gzip`, and a small Lua script that counts non-2xx answers. Prints requests/s,
latency p50/p90/p99/max, non-2xx answers and socket errors (connect, read, write, timeout).

Then the repeat view: GET the embed, read its ETag and Cache-Control, GET it again with If-None-Match
(expected: 304); the Cache-Control of every script, stylesheet and icon the HTML links, and whether a
browser may take it from its cache on a repeat view without asking (max-age > 0, no no-cache/no-store);
and, unless --no-browser, a real repeat view in Chromium: the embed is opened, then about:blank, then the
embed again, and every request of the second visit that went to the network (not from the browser's
cache) is listed with its status. Budgets, printed beside the figures and never asserted: >= 3000
requests/s, 0 errors; a repeat view is one request, answered 304.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bench.server import served_app

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
DEFAULT_CHART = "projects-by-region"  # the first bar chart on / (as bench/load.py)
ACCEPT_ENCODING = "br, gzip"
BUDGET_RPS = 3000
INSTALL_WRK = "apt-get install -y wrk"

# Counts the answers that are not 2xx (wrk's own `errors.status` counts only >= 400) and prints wrk's
# summary as one JSON line; every thread has its own Lua state, so the counts are added up in done().
WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0; s304 = 0; s5xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  if status == 304 then s304 = s304 + 1 end
  if status >= 500 then s5xx = s5xx + 1 end
end
function done(summary, latency, requests)
  local n, n304, n5xx = 0, 0, 0
  for _, t in ipairs(threads) do
    n = n + t:get("non2xx"); n304 = n304 + t:get("s304"); n5xx = n5xx + t:get("s5xx")
  end
  local e = summary.errors
  io.write(string.format(
    'OPSJSON {"duration_us": %d, "requests": %d, "bytes": %d, "non2xx": %d, "status_304": %d, "status_5xx": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f, "stdev": %.1f}}\n',
    summary.duration, summary.requests, summary.bytes, n, n304, n5xx,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean, latency.stdev))
end
"""


def find_wrk() -> str | None:
    """wrk's path; installed with apt-get when missing and running as root."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print(f"wrk is missing: {INSTALL_WRK}", file=sys.stderr, flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "wrk"]
    if subprocess.run(install, env=env, stdout=sys.stderr, timeout=600).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, stdout=sys.stderr, timeout=600)
        subprocess.run(install, env=env, stdout=sys.stderr, timeout=600)
    return shutil.which("wrk")


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": ACCEPT_ENCODING, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def decoded(headers: dict, body: bytes) -> str:
    encoding = headers.get("content-encoding", "")
    if encoding == "gzip":
        import gzip
        body = gzip.decompress(body)
    elif encoding == "br":
        try:
            import brotli
        except ImportError:
            return ""
        body = brotli.decompress(body)
    return body.decode("utf-8", "replace")


class Links(HTMLParser):
    """The scripts, stylesheets and icons a page links."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(("script", a["src"]))
        elif tag == "link" and a.get("href") and (a.get("rel") or "").lower() in ("stylesheet", "icon",
                                                                                    "shortcut icon", "preload",
                                                                                    "modulepreload"):
            self.urls.append((a["rel"].lower(), a["href"]))


def fresh_for(cache_control: str | None) -> int:
    """Seconds a browser may reuse the response without asking (0: it asks every time)."""
    value = (cache_control or "").lower()
    if not value or "no-store" in value or "no-cache" in value:
        return 0
    match = re.search(r"(?:^|[ ,])max-age=(\d+)", value)
    return int(match.group(1)) if match else 0


def run_wrk(wrk: str, url: str, args) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="ops-wrk-", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s", "--timeout", "5s",
                   "-H", f"Accept-Encoding: {ACCEPT_ENCODING}", "-s", script.name, url]
        run = subprocess.run(command, capture_output=True, text=True, timeout=args.seconds + 60)
    finally:
        os.unlink(script.name)
    line = next((line for line in run.stdout.splitlines() if line.startswith("OPSJSON ")), None)
    if line is None:
        return {"error": f"wrk exited {run.returncode}: {(run.stderr or run.stdout).strip()[-1500:]}"}
    raw = json.loads(line[len("OPSJSON "):])
    seconds = raw["duration_us"] / 1e6
    rps = raw["requests"] / seconds if seconds else 0
    errors = raw["errors"]
    socket_errors = errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]
    latency = {k: round(v / 1000, 2) for k, v in raw["latency_us"].items()}
    return {
        "command": " ".join(command[:-3] + ["-s", "<non-2xx counter>.lua", url]),
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "requests_per_s": {"value": round(rps, 1), "budget": f">= {BUDGET_RPS}", "within_budget": rps >= BUDGET_RPS},
        "latency_ms": {"p50": latency["p50"], "p90": latency["p90"], "p99": latency["p99"], "max": latency["max"],
                       "mean": latency["mean"]},
        "errors": {"value": raw["non2xx"] + socket_errors, "budget": "0",
                   "within_budget": raw["non2xx"] + socket_errors == 0,
                   "non_2xx": raw["non2xx"], "status_5xx": raw["status_5xx"],
                   "socket": {k: errors[k] for k in ("connect", "read", "write", "timeout")}},
        "mb_read_per_s": round(raw["bytes"] / seconds / 1e6, 2) if seconds else None,
        "bytes_per_response": round(raw["bytes"] / raw["requests"]) if raw["requests"] else None,
    }


def repeat_view_http(url: str) -> dict:
    """The embed's validators, a conditional GET, and the caching headers of what it links."""
    status, headers, body = get(url)
    etag = headers.get("etag")
    result: dict = {
        "first": {"status": status, "etag": etag, "last_modified": headers.get("last-modified"),
                  "cache_control": headers.get("cache-control"), "content_encoding": headers.get("content-encoding"),
                  "bytes": len(body)},
    }
    if etag:
        again, again_headers, again_body = get(url, {"If-None-Match": etag})
        result["conditional_get"] = {"status": {"value": again, "budget": "304", "within_budget": again == 304},
                                     "bytes": len(again_body), "etag": again_headers.get("etag")}
    else:
        result["conditional_get"] = {"status": {"value": None, "budget": "304", "within_budget": False},
                                     "note": "the embed's HTML has no ETag: a repeat view downloads it again (200)"}
    parser = Links()
    parser.feed(decoded(headers, body))
    assets = []
    for kind, href in parser.urls:
        asset_url = urljoin(url, href)
        if urlsplit(asset_url).netloc != urlsplit(url).netloc:
            assets.append({"kind": kind, "url": href, "note": "not on this server"})
            continue
        asset_status, asset_headers, _ = get(asset_url)
        fresh = fresh_for(asset_headers.get("cache-control"))
        parts = urlsplit(asset_url)
        assets.append({"kind": kind, "path": parts.path + (f"?{parts.query}" if parts.query else ""),
                       "status": asset_status,
                       "cache_control": asset_headers.get("cache-control"),
                       "validator": "etag" if asset_headers.get("etag") else
                       "last-modified" if asset_headers.get("last-modified") else None,
                       "from_cache_on_repeat": fresh > 0})
    asked = [a for a in assets if "path" in a and not a["from_cache_on_repeat"]]
    requests = 1 + len(asked)
    result["assets_linked"] = len(assets)
    result["assets_asked_again"] = [a["path"] for a in asked]
    result["assets"] = assets
    result["requests_by_headers"] = {
        "value": requests, "budget": "1 (answered 304)",
        "within_budget": requests == 1 and result["conditional_get"]["status"]["value"] == 304,
        "note": "the HTML plus every linked asset a browser must ask for again; requests the page makes from "
                "JavaScript (Dash's layout, dependencies, callbacks, lazy bundles) are not in the HTML: see browser",
    }
    return result


def repeat_view_browser(url: str, timeout_s: float) -> dict:
    """Open the embed in Chromium, then about:blank, then the embed again; list what the second visit
    fetched from the network (anything not answered by the browser's cache)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="da-DK", viewport={"width": 900, "height": 700})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            seen: dict[str, dict] = {}

            def sent(event):
                seen.setdefault(event["requestId"], {})["request"] = event["request"]

            def cached(event):
                seen.setdefault(event["requestId"], {})["served_from_cache"] = True

            def received(event):
                seen.setdefault(event["requestId"], {})["response"] = event["response"]

            def sent_extra(event):  # the headers as sent (a revalidation carries If-None-Match)
                seen.setdefault(event["requestId"], {})["sent_headers"] = event.get("headers", {})

            def received_extra(event):  # the status as it came over the wire (304 for a revalidation)
                seen.setdefault(event["requestId"], {})["wire_status"] = event.get("statusCode")

            cdp.on("Network.requestWillBeSent", sent)
            cdp.on("Network.requestServedFromCache", cached)
            cdp.on("Network.responseReceived", received)
            cdp.on("Network.requestWillBeSentExtraInfo", sent_extra)
            cdp.on("Network.responseReceivedExtraInfo", received_extra)

            def visit() -> float:
                started = time.perf_counter()
                page.goto(url, wait_until="networkidle", timeout=timeout_s * 1000)
                with contextlib.suppress(Exception):
                    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout_s * 1000)
                page.wait_for_load_state("networkidle")
                return time.perf_counter() - started

            first_s = visit()
            first_requests = len(seen)
            page.goto("about:blank")
            seen.clear()
            repeat_s = visit()
            network, from_cache = [], 0
            for entry in seen.values():
                request, response = entry.get("request"), entry.get("response") or {}
                if not request or request["url"].startswith(("data:", "blob:", "about:")):
                    continue
                if entry.get("served_from_cache") or response.get("fromDiskCache") or \
                        response.get("fromPrefetchCache") or response.get("fromServiceWorker"):
                    from_cache += 1
                    continue
                parts = urlsplit(request["url"])
                headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
                sent_headers = {k.lower() for k in (entry.get("sent_headers") or request.get("headers") or {})}
                network.append({"method": request["method"],
                                "path": parts.path + (f"?{parts.query}" if parts.query else ""),
                                "status": entry.get("wire_status") or response.get("status"),
                                "conditional": bool(sent_headers & {"if-none-match", "if-modified-since"}),
                                "cache_control": headers.get("cache-control"), "etag": headers.get("etag")})
            context.close()
        finally:
            browser.close()
    html_requests = [r for r in network if urlsplit(url).path == r["path"].split("?")[0]]
    return {
        "first_visit": {"requests": first_requests, "seconds": round(first_s, 2)},
        "repeat_visit": {
            "requests_to_network": {"value": len(network), "budget": "1 (the HTML, answered 304)",
                                    "within_budget": len(network) == 1 and network[0]["status"] == 304},
            "html_status": html_requests[0]["status"] if html_requests else None,
            "from_browser_cache": from_cache,
            "seconds": round(repeat_s, 2),
            "network": network,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.embed_http", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="base URL of a running app (default: start gunicorn on a free loopback port)")
    parser.add_argument("--chart", default=DEFAULT_CHART, help="chart_id (see /embed/)")
    parser.add_argument("--query", default="", help="query string of the embed, e.g. 'region=1084&lang=en'")
    parser.add_argument("--seconds", type=int, default=20, help="how long wrk runs")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument("--no-browser", action="store_true", help="skip the repeat view in Chromium")
    args = parser.parse_args(argv)

    wrk = find_wrk()
    started = time.monotonic()
    result: dict = {"benchmark": "embed_http", "chart": args.chart,
                    "server": args.url or f"gunicorn, {args.workers} workers x 4 threads",
                    "wrk": {"connections": args.connections, "threads": args.threads, "seconds": args.seconds,
                            "accept_encoding": ACCEPT_ENCODING}}
    with tempfile.TemporaryFile("w+") as log, contextlib.ExitStack() as stack:
        base = args.url or stack.enter_context(served_app("gunicorn", args.workers, log))
        base = base if base.endswith("/") else base + "/"
        url = f"{base}embed/{args.chart}" + (f"?{args.query.lstrip('?')}" if args.query else "")
        result["url"] = url
        status, headers, body = get(url)
        result["embed"] = {"status": status, "content_encoding": headers.get("content-encoding"),
                           "bytes_on_wire": len(body), "content_type": headers.get("content-type")}
        for _ in range(20):  # warm every worker
            get(url)
        if wrk:
            result["load"] = run_wrk(wrk, url, args)
        else:
            result["load"] = {"error": f"wrk not found; install it with: {INSTALL_WRK}"}
        result["repeat_view"] = repeat_view_http(url)
        if not args.no_browser:
            try:
                result["repeat_view"]["browser"] = repeat_view_browser(url, 60)
            except Exception as exc:  # noqa: BLE001 - reported, the figures above still stand
                result["repeat_view"]["browser"] = {"error": f"{type(exc).__name__}: {exc}"}
        stack.close()  # stop gunicorn before reading its log
        if not args.url:
            log.seek(0)
            lines = log.read().splitlines()
            result["server_errors_logged"] = sum("Traceback" in line or "[ERROR]" in line for line in lines)
    result["wall_s"] = round(time.monotonic() - started, 1)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
