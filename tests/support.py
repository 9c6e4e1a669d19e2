"""Helpers for tests that run the real app: `python app.py` on a free loopback port."""
from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import redis

from settings import load_settings

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 30


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def fetch_json(url: str, timeout: float = 2) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


@contextlib.contextmanager
def running_app(overrides: Mapping[str, str] | None = None, log_path: Path | None = None,
                host: str = "127.0.0.1", preload: tuple[str, ...] = (), pythonpath: Path | None = None
                ) -> Iterator[str]:
    """Run `python app.py` on a free port of the loopback address `host`; yield its base URL (ending in '/').

    The app's stderr (its log) goes to `log_path` if given (readable while the app runs),
    else to a temporary file shown when the app fails to start.

    The environment is passed through (plus `overrides`), except that HOST is forced to
    `host` (a loopback address), PORT to a free port, and OPS_DEBUG to 0 (the debug reloader would fork a child
    process we could not stop). The URL includes OPS_URL_PREFIX if one is set.
    """
    env = dict(os.environ)
    env.update(overrides or {})
    env.update(HOST=host, PORT=str(free_port(host)), OPS_DEBUG="0")
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(pythonpath), env.get("PYTHONPATH", "")) if p)
    # `preload`: modules imported before app.py runs (e.g. one registering an extra chart).
    command = [sys.executable, "app.py"] if not preload else [
        sys.executable, "-c", f"import importlib, runpy; [importlib.import_module(m) for m in {list(preload)!r}]; "
        "runpy.run_path('app.py', run_name='__main__')"]
    prefix = load_settings(env).url_prefix
    base_url = f"http://{host}:{env['PORT']}{prefix}"

    log_file = open(log_path, "w+", encoding="utf-8") if log_path else tempfile.TemporaryFile("w+", encoding="utf-8")
    with log_file as stderr:
        proc = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )

        def output() -> str:
            stderr.flush()
            stderr.seek(0)
            return stderr.read()[-4000:]

        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    pytest.fail(
                        f"app.py exited with code {proc.returncode} before serving.\n"
                        f"--- stderr ---\n{output()}",
                        pytrace=False,
                    )
                try:
                    fetch_json(f"{base_url}healthz", timeout=1)
                    break
                except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"app.py did not answer {base_url}healthz within {START_TIMEOUT_S} s.\n"
                        f"--- stderr ---\n{output()}",
                        pytrace=False,
                    )
                time.sleep(0.2)
            yield base_url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_for(what: str, condition: Callable[[], object], timeout: float = 30, interval: float = 0.1):
    """condition()'s first true value; the test fails naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}", pytrace=False)
        time.sleep(interval)


REDIS_START_TIMEOUT_S = 10


class RedisServer:
    """A throw-away `redis-server` on a loopback port: no persistence, its files in `directory`."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.client = redis.Redis(port=self.port, socket_timeout=2)
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(self.directory)]
        with open(self.directory / "redis.log", "ab") as log:
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + REDIS_START_TIMEOUT_S
        while True:
            try:
                if self.client.ping():
                    return
            except redis.ConnectionError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"redis-server did not start:\n{(self.directory / 'redis.log').read_text()}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def keys(self) -> set[str]:
        return {k.decode() for k in self.client.scan_iter(count=1000)}


def nav_items() -> list[tuple[str, str]]:
    """(path, message key) of the pages in the navbar, in order: the app's page registry."""
    import app  # noqa: F401  (creates the app: its pages register themselves)
    from ui import router

    return [(page["path"], page["nav"]) for page in router.nav_pages()]


# Host sites for embedding tests: a listed origin (OPS_EMBED_ORIGINS) and one that is not.
LISTED_HOST = "127.0.0.2"
UNLISTED_HOST = "127.0.0.3"


class HostSite:
    """A tiny 'intranet' serving one HTML page, on its own loopback address and port."""

    def __init__(self, address: str):
        self.address, self.port = address, free_port()
        self.html = "<!doctype html><title>intranet</title>"
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                body = site.html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((address, self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        return f"http://{self.address}:{self.port}"

    def close(self):
        self.server.shutdown()
