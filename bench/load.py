"""Requests per second and errors for an embed page and its callbacks under concurrent clients,
against gunicorn (gunicorn.conf.py) on loopback. Prints JSON.

    uv run python -m bench.load [--users 50] [--seconds 60] [--workers 2] [--data DIR] [--redis URL]

Starts `gunicorn -c gunicorn.conf.py app:server` with WEB_CONCURRENCY workers on a free loopback port,
waits for /healthz, runs locust headless (bench/locustfile.py: page, _dash-layout, _dash-dependencies,
router callback per visit) for a bounded time, stops gunicorn, and prints locust's figures per request
kind: requests, failures, requests per second, p50/p95/p99 in ms.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", type=Path, default=None, help="data package folder (default: the bundled one)")
    parser.add_argument("--redis", default=None, help="OPS_CACHE_URL for the workers (default: in-process caches)")
    parser.add_argument("--chart", default="projects-by-region")
    args = parser.parse_args(argv)

    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(args.workers),
           "OPS_DEBUG": "0", "OPS_URL_PREFIX": ""}
    if args.data:
        env["OPS_DATA_DIR"] = str(args.data.resolve())
    if args.redis:
        env["OPS_CACHE_URL"] = args.redis
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(f"{base}/healthz", 120)
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(REPO / "bench/locustfile.py"), "--headless",
             "--users", str(args.users), "--spawn-rate", str(args.users), "--run-time", f"{args.seconds}s",
             "--host", base, "--json", "--only-summary", "--stop-timeout", "5"],
            cwd=REPO, env={**env, "OPS_BENCH_CHART": args.chart}, capture_output=True, text=True,
            timeout=args.seconds + 120,
        )
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            _, server_log = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            _, server_log = server.communicate()
    stats = json.loads(run.stdout or "[]")
    result = {"users": args.users, "seconds": args.seconds, "workers": args.workers, "threads_per_worker": 4,
              "chart": args.chart, "cache": "redis" if args.redis else "in-process", "requests": {},
              "server_errors_logged": sum("Traceback" in line or " 500 " in line for line in server_log.splitlines())}
    total_requests = total_failures = 0
    for entry in stats:
        rt = entry.get("response_times", {})
        count = entry["num_requests"]
        total_requests += count
        total_failures += entry["num_failures"]
        result["requests"][entry["name"]] = {
            "requests": count,
            "failures": entry["num_failures"],
            "rps": round(count / args.seconds, 1),
            **{f"p{q}_ms": percentile(rt, count, q / 100) for q in (50, 95, 99)},
        }
    result["total"] = {"requests": total_requests, "failures": total_failures,
                       "rps": round(total_requests / args.seconds, 1), "wall_s": round(elapsed, 1)}
    if run.returncode not in (0, 1):  # locust exits 1 when any request failed
        result["locust_error"] = run.stderr[-2000:]
    print(json.dumps(result, indent=2))
    return 0


def percentile(response_times: dict, count: int, q: float) -> float | None:
    """Locust's JSON has a histogram {rounded ms: count}."""
    if not count:
        return None
    target = q * count
    seen = 0
    for ms, n in sorted(((float(k), v) for k, v in response_times.items())):
        seen += n
        if seen >= target:
            return ms
    return None


if __name__ == "__main__":
    sys.exit(main())
