"""Memoisation of the data-layer queries in a pluggable cache backend.

`memoize` caches a query function's result under a stable key built from the function's qualified
name, the code of its module, the dataset's content version and the normalised arguments
(:class:`data.filters.Filters` by their fields). Keys are the same in every process (never Python's
``hash()``, which is salted per process), so gunicorn workers and hosts sharing one Redis share
entries: ``ops:<module.function>:<dataset version>:<sha1 of code and arguments>``.

The backend is any cachelib/flask-caching cache object with ``get``/``set`` (flask-caching's
``Cache.cache`` is one); ``app.py`` plugs one in with :func:`configure`. Until then, and in tests
and scripts, an in-process :class:`cachelib.SimpleCache` is used, so nothing here needs Flask.
Values are pickled by every backend (SimpleCache too), so a cached frame is a fresh copy on every
hit; callers still must not rely on modifying results in place.

When the backend fails (Redis down: ``RedisError`` or ``OSError``) results are computed without
it: one warning (logger ``ops.cache``) when the outage starts, one info line when it ends, and
for ``retry_after`` seconds after a failure the backend is not asked at all, so a down Redis
does not add a connection timeout to every request.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import logging
import numbers
import platform
import re
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pandas as pd
from cachelib import SimpleCache

from data.filters import Filters
from data.package import Dataset


def redis_options() -> dict[str, Any]:
    """Client options for a Redis cache (`redis.from_url(url, **REDIS_OPTIONS)`, flask-caching's
    CACHE_OPTIONS): short timeouts and no retries, so a down Redis fails fast; the skip window below
    then keeps it from being asked on every call. redis is imported here, when a Redis cache is set up,
    not at start-up (it costs half a second there)."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry": Retry(NoBackoff(), 0)}


def __getattr__(name: str) -> Any:  # `cache.REDIS_OPTIONS`, computed when first asked for
    if name == "REDIS_OPTIONS":
        return redis_options()
    raise AttributeError(name)


def backend_errors() -> tuple[type[BaseException], ...]:
    """What a failing backend raises: OSError, and RedisError once a Redis client exists (a client
    imports redis; until then no Redis error can occur)."""
    exceptions = sys.modules.get("redis.exceptions")
    return (exceptions.RedisError, OSError) if exceptions is not None else (OSError,)


log = logging.getLogger("ops.cache")

PREFIX = "ops:"
THRESHOLD = 2000  # entries kept by the in-process SimpleCache before it drops the oldest
# Bulky entries (rendered pages, 20–300 KB each) get a smaller in-process store of their own, so they
# neither crowd out the queries nor let the process grow by hundreds of MB. A shared backend (Redis)
# holds both kinds.
BULKY_THRESHOLD = 200
TIMEOUT_S = 24 * 3600  # seconds an entry lives (keys carry the data version, so this only bounds size)
RETRY_AFTER_S = 5.0  # after a backend failure, compute without it for this long before trying again

F = TypeVar("F", bound=Callable[..., Any])


def default_backend() -> SimpleCache:
    return SimpleCache(threshold=THRESHOLD, default_timeout=TIMEOUT_S)


def _bulky_local() -> SimpleCache:
    return SimpleCache(threshold=BULKY_THRESHOLD, default_timeout=TIMEOUT_S)


class _State:
    """The configured backend and its outage state (shared by every memoised function)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.backend: Any = default_backend()
        self.bulky_local = _bulky_local()
        self.retry_after = RETRY_AFTER_S
        self.down = False
        self.skip_until = 0.0  # monotonic time before which the backend is not asked


_state = _State()


def configure(backend: Any | None, retry_after: float = RETRY_AFTER_S) -> None:
    """Use `backend` (a cachelib/flask-caching cache: ``get``/``set``) for every memoised query;
    ``None`` goes back to a fresh in-process SimpleCache. Resets the outage state."""
    with _state.lock:
        _state.backend = default_backend() if backend is None else backend
        _state.bulky_local = _bulky_local()
        for local in _LOCALS:
            local.clear()
        _state.retry_after = retry_after
        _state.down = False
        _state.skip_until = 0.0


def backend() -> Any:
    """The backend in use."""
    return _state.backend


def _usable() -> bool:
    return time.monotonic() >= _state.skip_until


def _failed(exc: BaseException) -> None:
    with _state.lock:
        _state.skip_until = time.monotonic() + _state.retry_after
        if _state.down:
            return
        _state.down = True
    log.warning("cache unavailable (%s: %s); computing without it until it is back",
                type(exc).__name__, exc)


def _succeeded() -> None:
    if not _state.down:
        return
    with _state.lock:
        if not _state.down:
            return
        _state.down = False
    log.info("cache available again")


def probe() -> bool:
    """Ask the backend once (for the start-up log); False, with the outage logged, if it fails."""
    try:
        _state.backend.get(f"{PREFIX}probe")
    except backend_errors() as exc:
        _failed(exc)
        return False
    _succeeded()
    return True


# ---------------------------------------------------------------- keys
def _canon(value: Any) -> Any:
    """A canonical, process-independent form of an argument (for repr and digest)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):  # numpy integers too, as plain int
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, str):  # str subclasses (numpy.str_) as plain str
        return str(value)
    if isinstance(value, Dataset):
        return ("Dataset", value.version)
    if isinstance(value, Filters):
        return ("Filters", tuple((f.name, _canon(getattr(value, f.name))) for f in dataclasses.fields(value)))
    if isinstance(value, tuple | list):
        return tuple(_canon(v) for v in value)
    if isinstance(value, frozenset | set):
        return ("set", tuple(sorted(repr(_canon(v)) for v in value)))
    raise TypeError(f"cannot build a cache key from a {type(value).__name__} argument")


def _code_tag(func: Callable) -> str:
    """A digest of the function's module source and the pandas and Python versions: after a
    deploy that changes the queries (or the pickle format), old entries in a shared cache are
    never read."""
    source = Path(inspect.getfile(func)).read_bytes()
    extra = f"{pd.__version__}|{platform.python_version()}".encode()
    return hashlib.sha1(source + b"\0" + extra).hexdigest()[:12]


def make_key(name: str, code: str, arguments: dict[str, Any]) -> str:
    """The cache key of a call: `arguments` are the bound arguments with defaults applied."""
    version = next((v.version for v in arguments.values() if isinstance(v, Dataset)), "-")
    canonical = repr((code, tuple((k, _canon(v)) for k, v in arguments.items())))
    return f"{PREFIX}{name}:{version}:{hashlib.sha1(canonical.encode()).hexdigest()}"


# ---------------------------------------------------------------- the decorator
def memoize(func: F) -> F:
    """Cache `func`'s results in the configured backend (see the module docstring).

    Calls that bind to the same arguments (positional or by keyword, defaults filled in) share
    an entry. ``func.cache_key(*args, **kwargs)`` gives the key of a call; ``func.cache_clear()``
    makes this process forget the function's entries (tests), without touching other entries
    of a shared backend.
    """
    signature = inspect.signature(func)
    name = f"{func.__module__}.{func.__qualname__}"
    code = _code_tag(func)
    generation = [0]

    def cache_key(*args, **kwargs) -> str:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        tag = code if generation[0] == 0 else f"{code}+{generation[0]}"
        return make_key(name, tag, bound.arguments)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return cached(cache_key(*args, **kwargs), lambda: func(*args, **kwargs))

    def cache_clear() -> None:
        generation[0] += 1

    wrapper.cache_key = cache_key  # type: ignore[attr-defined]
    wrapper.cache_clear = cache_clear  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def _store(bulky: bool) -> Any:
    backend = _state.backend
    return _state.bulky_local if bulky and isinstance(backend, SimpleCache) else backend


def cached(key: str, compute: Callable[[], Any], *, bulky: bool = False) -> Any:
    """The value under `key`, computed by `compute()` and stored on a miss. A failing backend is
    skipped (see the module docstring). `bulky`: a large value (a rendered page), kept in a
    smaller in-process store of its own unless the backend is shared."""
    hit = lookup(key, bulky=bulky)
    if hit is not None:
        return hit[0]
    value = compute()
    store(key, value, bulky=bulky)
    return value


def lookup(key: str, *, bulky: bool = False) -> tuple[Any] | None:
    """`(value,)` stored under `key`, or None (not stored, or the backend failing)."""
    if not _usable():
        return None
    try:
        hit = _store(bulky).get(key)
    except backend_errors() as exc:
        _failed(exc)
        return None
    _succeeded()
    return hit  # stored as a 1-tuple, so a cached None is a hit too


def store(key: str, value: Any, *, bulky: bool = False) -> None:
    """Keep `value` under `key` (for TIMEOUT_S); a failing backend is skipped."""
    if not _usable():
        return
    try:
        _store(bulky).set(key, (value,), timeout=TIMEOUT_S)
    except backend_errors() as exc:
        _failed(exc)
    else:
        _succeeded()


class _LocalLRU:
    """A small in-process LRU of references (never pickled, never shared)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.lock = threading.Lock()
        self.data: OrderedDict[str, Any] = OrderedDict()

    def get(self, key: str) -> tuple | None:
        with self.lock:
            hit = self.data.get(key)
            if hit is not None:
                self.data.move_to_end(key)
            return hit

    def set(self, key: str, value: tuple) -> None:
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.maxsize:
                self.data.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.data.clear()


_LOCALS: list[_LocalLRU] = []


def memoize_local(maxsize: int = 16) -> Callable[[F], F]:
    """Like :func:`memoize`, for results that are not worth a trip to a shared cache (values made for
    this process, e.g. component trees): the last `maxsize` results are kept by reference in this
    process. Keys are :func:`memoize`'s, data version included. :func:`configure` empties them too."""

    def decorate(func: F) -> F:
        signature = inspect.signature(func)
        name = f"{func.__module__}.{func.__qualname__}"
        code = _code_tag(func)
        local = _LocalLRU(maxsize)
        _LOCALS.append(local)

        def cache_key(*args, **kwargs) -> str:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            return make_key(name, code, bound.arguments)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            key = cache_key(*args, **kwargs)
            hit = local.get(key)
            if hit is not None:
                return hit[0]
            value = func(*args, **kwargs)
            local.set(key, (value,))
            return value

        wrapper.cache_key = cache_key  # type: ignore[attr-defined]
        wrapper.cache_clear = local.clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


_SECRET_PARAM = re.compile(r"(?i)((?:^|&)(?:password|sslpassword)=)[^&]*")


def redact_url(url: str) -> str:
    """A URL (Redis, PostgreSQL, ...) fit for a log line or a message: the user and password replaced
    by ``***``, and so are ``password=`` parameters. A URL that does not parse loses everything
    between ``://`` and its last ``@``."""
    try:
        parts = urlsplit(url)
        query = _SECRET_PARAM.sub(r"\1***", parts.query)
        if "@" not in parts.netloc and query == parts.query:
            return url
        netloc = parts.netloc
        if "@" in netloc:
            netloc = "***@" + netloc.rsplit("@", 1)[1]  # host:port, [v6]:port, or several hosts (libpq)
        return (f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")
                + (f"#{parts.fragment}" if parts.fragment else ""))
    except ValueError:
        head, sep, rest = url.partition("://")
        if not sep:
            head, rest = "", url
        if "@" in rest:
            rest = "***@" + rest.rsplit("@", 1)[1]
        rest = re.sub(r"(?i)(password=)[^&\s]*", r"\1***", rest)
        return f"{head}{sep}{rest}"
