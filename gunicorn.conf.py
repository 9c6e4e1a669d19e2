"""Gunicorn settings for serving OPS Monitor in production:

    uv run gunicorn -c gunicorn.conf.py app:server

`uv run app.py` stays the development server. Environment:
- HOST, PORT: where to listen (default 127.0.0.1:8050, as for app.py); put a reverse proxy in front.
- WEB_CONCURRENCY: worker processes (default 2). Each worker runs 4 threads.
- GUNICORN_CMD_ARGS: any other gunicorn option, e.g. "--access-logfile -" to log every request
  (the access log is off by default; errors and start-up messages go to stderr).
The app's own variables (OPS_DATA_DIR, OPS_CACHE_URL, ...) are read by app.py as usual; with several
workers (or hosts), OPS_CACHE_URL lets them share one cache.
"""

import os


def _int(name: str, default: int, minimum: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"OPS Monitor cannot start: {name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise SystemExit(f"OPS Monitor cannot start: {name}={raw!r} must be at least {minimum}")
    return value


_host = os.environ.get("HOST", "").strip() or "127.0.0.1"
_port = _int("PORT", 8050, 1)
bind = [f"[{_host}]:{_port}" if ":" in _host else f"{_host}:{_port}"]

workers = _int("WEB_CONCURRENCY", 2, 1)
worker_class = "gthread"
threads = 4
# Load the app (and validate the data package) once in the master, before forking: a broken
# package stops the server at start-up, and the workers share the loaded data copy-on-write.
preload_app = True

timeout = 60  # a worker silent this long is restarted
graceful_timeout = 30  # on stop/reload, time for requests in flight to finish
keepalive = 5  # seconds an idle keep-alive connection from the proxy is held open

accesslog = None
errorlog = "-"
loglevel = "info"
proc_name = "ops-monitor"
# Gunicorn >= 25.1 opens a control socket at one fixed path per user ($XDG_RUNTIME_DIR or ~/.gunicorn),
# which a second instance on the host would clash with; nothing here uses it.
control_socket_disable = True
