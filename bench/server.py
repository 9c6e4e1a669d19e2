"""The app on a free loopback port for a benchmark: gunicorn (gunicorn.conf.py, WEB_CONCURRENCY
workers) or `python app.py`, started, waited for (/healthz) and stopped. Used by bench/lighthouse.py,
bench/redraw.py and bench/embed_http.py."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served_app(server: str = "gunicorn", workers: int = 2, log=subprocess.DEVNULL) -> Iterator[str]:
    """Yields the base URL of the app served by `server` ("gunicorn" or "app") and stops it afterwards;
    its stderr goes to `log`."""
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "OPS_DEBUG": "0", "OPS_URL_PREFIX": "",
           "WEB_CONCURRENCY": str(workers)}
    command = ([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"] if server == "gunicorn"
               else [sys.executable, "app.py"])
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}healthz", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{server} did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
