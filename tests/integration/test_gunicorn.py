"""The production set-up: real gunicorn with gunicorn.conf.py and 2 workers serves the app (`app:server`)
on a free loopback port (the page, /healthz and a Dash JS bundle), and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.support import REPO, free_port

START_TIMEOUT_S = 60


def get(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def children(pid: int) -> set[int]:
    """Child process ids of `pid` (Linux /proc)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(p) for p in path.read_text().split()} if path.exists() else set()


@pytest.fixture(scope="module")
def gunicorn():
    """gunicorn -c gunicorn.conf.py app:server, 2 workers; yields (base URL, process)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "GUNICORN_CMD_ARGS"}
    env.update(HOST="127.0.0.1", PORT=str(port), WEB_CONCURRENCY="2", OPS_DEBUG="0", OPS_URL_PREFIX="")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"],
                                cwd=REPO, env=env, stdout=log, stderr=log)

        def output() -> str:
            log.flush()
            log.seek(0)
            return log.read()[-4000:]

        base = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"gunicorn exited with {proc.returncode}:\n{output()}", pytrace=False)
                try:
                    get(f"{base}healthz")
                    break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer within {START_TIMEOUT_S} s:\n{output()}", pytrace=False)
                time.sleep(0.2)
            yield base, proc, output
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def test_every_worker_serves_the_scripts_of_a_first_page_load(gunicorn):
    """Dash serves a component file only once its process has rendered an HTML page; app.py renders
    one before the workers fork, so a first visitor's scripts never meet a worker that answers 404."""
    base, _, _ = gunicorn
    import app  # the same code in this process: the same script addresses (fingerprinted)

    # the page's scripts, asked of the server before it has been asked for any page
    html = app.server.test_client().get("/").get_data(as_text=True)
    scripts = re.findall(r'src="/([^"]+)"', html)
    assert len([s for s in scripts if s.startswith("_dash-component-suites/")]) >= 5

    def status(script: str) -> tuple[str, int]:
        try:
            return script, get(base + script.replace("&amp;", "&"))[0]
        except urllib.error.HTTPError as exc:
            return script, exc.code

    # many at once, as a browser asks for them: both workers answer some
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(status, scripts * 6))
    assert [answer for answer in answers if answer[1] != 200] == []


def test_gunicorn_serves_the_page_healthz_and_a_dash_bundle_then_stops_cleanly(gunicorn):
    base, proc, output = gunicorn

    deadline = time.monotonic() + 30
    while len(workers := children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(workers) == 2, f"expected 2 workers, found {workers}"

    status, headers, body = get(f"{base}healthz")
    assert status == 200 and b'"status":"ok"' in body.replace(b" ", b"")
    assert headers.get("Server", "").startswith("gunicorn")

    status, headers, body = get(base)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    html = body.decode("utf-8")
    assert "<html" in html
    bundle = re.search(r'src="/(_dash-component-suites/[^"]*dash_renderer[^"]*\.js[^"]*)"', html)
    assert bundle, "no Dash renderer bundle in the page"
    status, headers, body = get(base + bundle.group(1).replace("&amp;", "&"))
    assert status == 200 and "javascript" in headers["Content-Type"] and len(body) > 10_000

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=45) == 0, output()
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower(), \
            f"worker {pid} is still running"
