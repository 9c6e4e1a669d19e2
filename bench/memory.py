"""Memory of the app served by gunicorn (gunicorn.conf.py) after every page has been served; prints JSON.

    uv run python -m bench.memory                               # bundled data, 2 workers
    uv run python -m bench.memory --data /tmp/ops1m --workers 2

Starts `gunicorn -c gunicorn.conf.py app:server` on a free loopback port, waits for /healthz, then asks
for every page through the page router (`bench.callback_latency.PAGES`) `--rounds` times, each on a new
connection, so that every worker serves every page. Then it reads, for the master and each worker, the
resident memory (VmRSS), its peak (VmHWM) and the proportional set size (Pss in smaps_rollup: shared
pages counted once across the processes), and the sum of the PSS: the memory the whole server takes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.callback_latency import PAGES, SEARCH, router_payload
from bench.load import free_port, wait_for

REPO = Path(__file__).resolve().parents[1]


def _kb(path: Path, keys: tuple[str, ...]) -> dict[str, int]:
    fields = dict(line.split(":", 1) for line in path.read_text().splitlines() if ":" in line)
    return {key: int(fields[key].split()[0]) for key in keys if key in fields}


def process_memory(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM and Pss of a process, in MB."""
    out = _kb(Path(f"/proc/{pid}/status"), ("VmRSS", "VmHWM"))
    out.update(_kb(Path(f"/proc/{pid}/smaps_rollup"), ("Pss",)))
    return {key: round(value / 1024) for key, value in out.items()}


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(p) for p in found]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="data package folder (default: the bundled one)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=4, help="times every page is asked for (default 4)")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args(argv)

    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(args.workers),
           "OPS_DEBUG": "0", "OPS_URL_PREFIX": ""}
    env.pop("OPS_CACHE_URL", None)
    if args.data:
        env["OPS_DATA_DIR"] = str(args.data.resolve())
    base = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"], cwd=REPO,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"{base}healthz", args.timeout)
        healthz_s = time.perf_counter() - started
        urllib.request.urlopen(base, timeout=args.timeout).close()
        for _ in range(args.rounds):
            for path in PAGES:
                body = json.dumps(router_payload(path, SEARCH)).encode()
                request = urllib.request.Request(f"{base}_dash-update-component", data=body,
                                                 headers={"Content-Type": "application/json", "Connection": "close"})
                urllib.request.urlopen(request, timeout=args.timeout).close()
        workers = children(proc.pid)
        result = {
            "data": str(args.data) if args.data else "bundled",
            "workers": args.workers,
            "healthz_s": round(healthz_s, 2),
            "master": process_memory(proc.pid),
            "worker_processes": [process_memory(pid) for pid in workers],
        }
        result["pss_total_mb"] = result["master"]["Pss"] + sum(w["Pss"] for w in result["worker_processes"])
        result["max_rss_mb"] = max([result["master"]["VmRSS"]] + [w["VmRSS"] for w in result["worker_processes"]])
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
