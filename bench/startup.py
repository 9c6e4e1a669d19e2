"""Start-up time and memory of the app as it is served; prints JSON.

    uv run python -m bench.startup                          # bundled data, 5 starts
    uv run python -m bench.startup --data /tmp/ops1m --runs 3

Each run starts `python app.py` on a free loopback port (the interpreter of this environment, so
uv's own start-up is not counted) and times it until `/healthz` answers: imports, loading and
checking the data package, the tables derived once per data version. Then it renders every page
once through the page router, as the browser asks for it (`bench.callback_latency.PAGES`), and
reads the process's peak resident memory (VmHWM in /proc) before stopping it: the memory of an app
that has started and served every page, not only of one that has loaded its data.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.callback_latency import PAGES, SEARCH, router_payload
from bench.load import free_port

REPO = Path(__file__).resolve().parents[1]


def _memory_kb(pid: int) -> dict[str, int]:
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {key: int(status[key].split()[0]) for key in ("VmRSS", "VmHWM")}


def one_run(data: Path | None, timeout: float) -> dict:
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "OPS_DEBUG": "0", "OPS_URL_PREFIX": ""}
    env.pop("OPS_CACHE_URL", None)
    if data is not None:
        env["OPS_DATA_DIR"] = str(data.resolve())
    base = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}healthz", timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit(f"app.py exited with {proc.returncode}") from None
                if time.perf_counter() - started > timeout:
                    raise SystemExit(f"app.py did not answer /healthz within {timeout:.0f} s") from None
                time.sleep(0.05)
        healthz_s = time.perf_counter() - started
        after_start = _memory_kb(proc.pid)
        urllib.request.urlopen(base, timeout=timeout).close()  # the HTML page: Dash registers its router
        pages_started = time.perf_counter()
        for path in PAGES:
            body = json.dumps(router_payload(path, SEARCH)).encode()
            request = urllib.request.Request(f"{base}_dash-update-component", data=body,
                                             headers={"Content-Type": "application/json"})
            urllib.request.urlopen(request, timeout=timeout * 10).close()
        pages_s = time.perf_counter() - pages_started
        after_pages = _memory_kb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"healthz_s": round(healthz_s, 2), "rss_started_mb": round(after_start["VmRSS"] / 1024),
            "pages_s": round(pages_s, 2), "peak_rss_mb": round(after_pages["VmHWM"] / 1024)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="data package folder (default: the bundled one)")
    parser.add_argument("--runs", type=int, default=5, help="starts to time (default 5)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for /healthz (default 120)")
    args = parser.parse_args(argv)
    runs = []
    for i in range(args.runs):
        runs.append(one_run(args.data, args.timeout))
        print(f"run {i + 1}: {runs[-1]}", file=sys.stderr, flush=True)
    starts = [r["healthz_s"] for r in runs]
    print(json.dumps({
        "data": str(args.data) if args.data else "bundled",
        "runs": runs,
        "healthz_s": {"median": round(statistics.median(starts), 2), "min": min(starts), "max": max(starts)},
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
