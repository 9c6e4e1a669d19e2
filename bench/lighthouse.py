"""Lighthouse scores, paint metrics and page weight of /, /regions and an embed, mobile and desktop. Prints JSON.

    uv run python -m bench.lighthouse                       # starts gunicorn itself; /, /regions, /embed/<chart>
    uv run python -m bench.lighthouse --runs 3              # the median of 3 runs per figure
    uv run python -m bench.lighthouse --url http://127.0.0.1:8050/ --pages / /sectors --presets desktop

Runs the Lighthouse CLI (npm package `lighthouse@12`, installed on first use with
`npm install --prefix ~/.cache/ops-bench/lighthouse lighthouse@12`) with Debian's Chromium
(CHROME_PATH=/usr/bin/chromium, `--headless=new`) on each page in both presets: `mobile` (Lighthouse's
default: a mid-range phone, simulated slow 4G and 4x CPU slowdown) and `desktop` (`--preset=desktop`),
categories performance, accessibility and best practices. Per page and preset it prints the three scores
(0-100), FCP, LCP, TBT, CLS, Speed Index, the bytes transferred (`total-byte-weight`) and by resource type
(`resource-summary`), the audits that did not pass in each category, and beside every figure its budget
(transfer: / <= 1.0 MB, an embed <= 0.5 MB; performance mobile >= 80, desktop >= 95; accessibility and
best practices 100). With --runs N every figure is the median of N runs. Budgets are printed, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.server import served_app

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
LIGHTHOUSE_DIR = Path.home() / ".cache" / "ops-bench" / "lighthouse"
LIGHTHOUSE_PACKAGE = "lighthouse@12"
CATEGORIES = ("performance", "accessibility", "best-practices")
DEFAULT_CHART = "projects-by-region"  # the first bar chart on / (charts.registry: charts_on("/")[0])

# audit id -> (name in the output, unit)
METRICS = {
    "first-contentful-paint": ("fcp_ms", "ms"),
    "largest-contentful-paint": ("lcp_ms", "ms"),
    "total-blocking-time": ("tbt_ms", "ms"),
    "cumulative-layout-shift": ("cls", None),
    "speed-index": ("speed_index_ms", "ms"),
}
MB = 1_000_000
TRANSFER_BUDGET = {"/": 1.0 * MB, "embed": 0.5 * MB}  # bytes; pages not named here have none
SCORE_BUDGET = {("performance", "mobile"): 80, ("performance", "desktop"): 95,
                ("accessibility", None): 100, ("best-practices", None): 100}


def lighthouse_binary(explicit: str | None) -> Path:
    """The Lighthouse CLI: --lighthouse, else ~/.cache/ops-bench/lighthouse (npm-installed there if missing)."""
    if explicit:
        return Path(explicit)
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if not npm:
        raise SystemExit("npm not found: install Node.js and npm (Debian: apt-get install -y nodejs npm)")
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    print(f"installing {LIGHTHOUSE_PACKAGE} into {LIGHTHOUSE_DIR} ...", file=sys.stderr, flush=True)
    subprocess.run([npm, "install", "--prefix", str(LIGHTHOUSE_DIR), LIGHTHOUSE_PACKAGE, "--no-audit", "--no-fund",
                    "--loglevel=error"], check=True, timeout=900, stdout=sys.stderr)
    if not binary.exists():
        raise SystemExit(f"npm install did not leave {binary}")
    return binary


def run_lighthouse(binary: Path, url: str, preset: str, timeout: float) -> dict:
    """One Lighthouse run; returns its report (LHR) as a dict."""
    with tempfile.TemporaryDirectory(prefix="ops-lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        command = [str(binary), url, "--output=json", f"--output-path={out}", "--quiet",
                   f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROME_FLAGS)}",
                   "--max-wait-for-load=60000"]
        if preset == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": tmp}
        try:
            run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"lighthouse did not finish within {timeout:.0f} s"}
        if not out.exists():
            return {"error": f"lighthouse exited {run.returncode}: {run.stderr.strip()[-1500:]}"}
        return json.loads(out.read_text())


def figures(lhr: dict) -> dict:
    """The figures this benchmark reports from one Lighthouse report."""
    if "error" in lhr:
        return {"error": lhr["error"]}
    audits = lhr["audits"]
    result: dict = {"scores": {}, "metrics": {}, "not_passed": {}}
    for category in CATEGORIES:
        entry = lhr["categories"].get(category, {})
        score = entry.get("score")
        result["scores"][category] = None if score is None else round(score * 100)
        if category != "performance":  # performance: the metrics below say it
            result["not_passed"][category] = {
                ref["id"]: what_failed(audits[ref["id"]]) for ref in entry.get("auditRefs", [])
                if audits.get(ref["id"], {}).get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
                and (audits[ref["id"]].get("score") if audits[ref["id"]].get("score") is not None else 1) < 1}
    for audit_id, (name, _unit) in METRICS.items():
        value = audits.get(audit_id, {}).get("numericValue")
        result["metrics"][name] = None if value is None else (round(value, 3) if name == "cls" else round(value))
    weight = audits.get("total-byte-weight", {}).get("numericValue")
    result["total_byte_weight"] = None if weight is None else round(weight)
    by_type = {}
    for item in (audits.get("resource-summary", {}).get("details") or {}).get("items", []):
        by_type[item.get("resourceType", item.get("label", "?"))] = {
            "requests": item.get("requestCount"), "transfer_bytes": round(item.get("transferSize") or 0)}
    result["bytes_by_type"] = by_type
    result["run_warnings"] = lhr.get("runWarnings", [])
    if lhr.get("runtimeError"):
        result["runtime_error"] = lhr["runtimeError"].get("message")
    return result


def what_failed(audit: dict) -> list[str]:
    """An audit that did not pass, in a few words: its title and up to 3 of its items."""
    items = []
    for item in (audit.get("details") or {}).get("items", [])[:3]:
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        text = item.get("description") or node.get("snippet") or item.get("url") or item.get("sourceLocation")
        if isinstance(text, dict):
            text = text.get("url")
        if text:
            items.append(str(text)[:300])
    return [audit.get("title", ""), *items]


def median(values: list):
    values = [v for v in values if v is not None]
    if not values:
        return None
    middle = statistics.median(values)
    return round(middle, 3) if isinstance(middle, float) and middle < 10 else round(middle)


def with_budget(value, budget, at_least: bool, unit: str | None = None) -> dict:
    entry: dict = {"value": value}
    if unit:
        entry["unit"] = unit
    if budget is None:
        entry["budget"] = None
    else:
        entry["budget"] = f"{'>=' if at_least else '<='} {budget:.0f}"
        entry["within_budget"] = None if value is None else (value >= budget if at_least else value <= budget)
    return entry


def combine(page: str, preset: str, runs: list[dict]) -> dict:
    """Median per figure over the runs, each with its budget."""
    good = [r for r in runs if "error" not in r]
    result: dict = {"page": page, "preset": preset, "runs": len(runs), "failed_runs": len(runs) - len(good)}
    if not good:
        result["errors"] = [r["error"] for r in runs]
        return result
    result["scores"] = {}
    for category in CATEGORIES:
        budget = SCORE_BUDGET.get((category, preset), SCORE_BUDGET.get((category, None)))
        result["scores"][category] = with_budget(median([r["scores"][category] for r in good]), budget, True)
    result["metrics"] = {name: {"value": median([r["metrics"][name] for r in good]), **({"unit": unit} if unit else {})}
                         for name, unit in METRICS.values()}
    transfer_budget = TRANSFER_BUDGET.get("embed" if page.startswith("/embed/") else page)
    result["total_byte_weight"] = with_budget(median([r["total_byte_weight"] for r in good]), transfer_budget,
                                              False, "bytes")
    kinds = sorted({kind for r in good for kind in r["bytes_by_type"]})
    result["bytes_by_type"] = {
        kind: {field: median([r["bytes_by_type"].get(kind, {}).get(field) for r in good])
               for field in ("requests", "transfer_bytes")}
        for kind in kinds}
    result["not_passed"] = {category: {a: d for r in good for a, d in r["not_passed"][category].items()}
                            for category in CATEGORIES if category != "performance"}
    warnings = sorted({w for r in good for w in r["run_warnings"]})
    if warnings:
        result["run_warnings"] = warnings
    if len(good) > 1:
        result["per_run"] = {"performance": [r["scores"]["performance"] for r in good],
                             "total_byte_weight": [r["total_byte_weight"] for r in good]}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="base URL of a running app (default: start one on a free loopback port)")
    parser.add_argument("--chart", default=DEFAULT_CHART, help="chart_id of the embed page (see /embed/)")
    parser.add_argument("--pages", nargs="+", default=None,
                        help="paths under the base URL (default: / /regions /embed/<chart>)")
    parser.add_argument("--presets", nargs="+", choices=("mobile", "desktop"), default=["mobile", "desktop"])
    parser.add_argument("--runs", type=int, default=1, help="runs per page and preset; figures are medians")
    parser.add_argument("--server", choices=("gunicorn", "app"), default="gunicorn",
                        help="what to start without --url: gunicorn (production) or app.py (development server)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument("--timeout", type=float, default=240, help="seconds one Lighthouse run may take")
    parser.add_argument("--lighthouse", help="path of a Lighthouse CLI (default: the npm-installed one)")
    args = parser.parse_args(argv)
    pages = args.pages or ["/", "/regions", f"/embed/{args.chart}"]

    binary = lighthouse_binary(args.lighthouse)
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()
    started = time.monotonic()
    runs: dict[tuple[str, str], list[dict]] = {(page, preset): [] for page in pages for preset in args.presets}
    with contextlib.ExitStack() as stack:
        base = args.url or stack.enter_context(served_app(args.server, args.workers))
        base = base.rstrip("/")
        for path in pages:  # warm the server's caches: Lighthouse should time a served page, not a first render
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + path, timeout=30).close()
        for _ in range(args.runs):
            for page in pages:
                for preset in args.presets:
                    print(f"lighthouse {preset} {page} ...", file=sys.stderr, flush=True)
                    runs[(page, preset)].append(figures(run_lighthouse(binary, base + page, preset, args.timeout)))
    output = {
        "benchmark": "lighthouse",
        "lighthouse_version": version,
        "server": args.url or (f"gunicorn, {args.workers} workers" if args.server == "gunicorn" else "app.py"),
        "runs": args.runs,
        "budgets": {"transfer_bytes": {"/": "<= 1000000", "/embed/<chart>": "<= 500000"},
                    "performance": {"mobile": ">= 80", "desktop": ">= 95"},
                    "accessibility": "100", "best-practices": "100"},
        "results": [combine(page, preset, found) for (page, preset), found in runs.items()],
        "wall_s": round(time.monotonic() - started, 1),
    }
    print(json.dumps(output, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
