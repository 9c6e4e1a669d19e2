"""Every environment variable OPS Monitor reads, typed and validated in one place.

`load_settings()` is called once at start-up (by app.py). A wrong value raises `SettingsError`
whose messages each start with the variable's name. An empty value counts as unset.
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# The bundled data package. Same folder as data.BUNDLED_DIR, but settings must not import the
# data layer (it may be slow or broken; settings are checked first).
BUNDLED_DATA_DIR = Path(__file__).resolve().parent / "data"

LANGUAGES = ("da", "en")
CACHE_SCHEMES = ("redis", "rediss")
DATA_URL_SCHEMES = ("postgresql", "postgres")
DATA_URL_EXAMPLE = "postgresql://user:password@host:5432/dbname"

_PREFIX_RE = re.compile(r"^/(?:[A-Za-z0-9._~-]+/)*$")
_ORIGIN_RE = re.compile(r"^https?://[^/\s?#@]+$")
_IDENTIFIER_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class SettingsError(ValueError):
    """One or more environment variables are wrong; `problems` has one message per variable."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8050
    data_dir: Path = BUNDLED_DATA_DIR
    data_url: str | None = None  # PostgreSQL holding the tables (their schemas: datapackage.json in data_dir)
    data_schema: str = "public"
    cache_url: str | None = None
    embed_origins: tuple[str, ...] = ()
    url_prefix: str = "/"
    lang: str = "da"
    debug: bool = False
    history_dir: Path | None = None  # None: data.history.HISTORY_ROOT
    history_keep: int = 50  # kept versions at most
    history_days: float = 365.0  # kept versions at most this old (the newest always)


def load_settings(environ: Mapping[str, str] = os.environ) -> Settings:
    """Read and validate all settings; raise SettingsError listing every wrong variable."""
    problems: list[str] = []

    def get(name: str) -> str | None:
        value = environ.get(name, "").strip()
        return value or None

    def check(name: str, parse, default, secret: bool = False):
        raw = get(name)
        if raw is None:
            return default
        try:
            return parse(raw)
        except ValueError as exc:
            # A value that may hold a password is never repeated; a URL is shown without its credentials.
            problems.append(f"{name}: {exc}" if secret else f"{name}={_without_credentials(raw)!r}: {exc}")
            return default

    settings = Settings(
        host=check("HOST", _host, Settings.host),
        port=check("PORT", _port, Settings.port),
        data_dir=check("OPS_DATA_DIR", _data_dir, BUNDLED_DATA_DIR),
        data_url=check("OPS_DATA_URL", _data_url, None, secret=True),
        data_schema=check("OPS_DATA_SCHEMA", _identifier, Settings.data_schema),
        cache_url=check("OPS_CACHE_URL", _cache_url, None),
        embed_origins=check("OPS_EMBED_ORIGINS", _origins, ()),
        url_prefix=check("OPS_URL_PREFIX", _prefix, Settings.url_prefix),
        lang=check("OPS_LANG", _lang, Settings.lang),
        debug=check("OPS_DEBUG", _flag, Settings.debug),
        history_dir=check("OPS_HISTORY_DIR", _writable_dir, None),
        history_keep=check("OPS_HISTORY_KEEP", _positive_int, Settings.history_keep),
        history_days=check("OPS_HISTORY_DAYS", _positive_number, Settings.history_days),
    )
    if problems:
        raise SettingsError(problems)
    return settings


def _without_credentials(raw: str) -> str:
    """The value with anything before an '@' (a URL's user and password) replaced by '***'."""
    scheme, sep, rest = raw.partition("://")
    target = rest if sep else raw
    if "@" not in target:
        return raw
    hidden = "***@" + target.rsplit("@", 1)[1]
    return f"{scheme}://{hidden}" if sep else hidden


def _host(raw: str) -> str:
    if any(ch.isspace() for ch in raw) or "/" in raw:
        raise ValueError("expected a host name or IP address, e.g. 127.0.0.1")
    return raw


def _port(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise ValueError("expected a whole number from 1 to 65535") from None
    if not 1 <= port <= 65535:
        raise ValueError("expected a whole number from 1 to 65535")
    return port


def _data_dir(raw: str) -> Path:
    path = Path(raw).expanduser().resolve()
    if not path.is_dir():
        raise ValueError(f"{path} is not a directory")
    return path


def _writable_dir(raw: str) -> Path:
    """A folder the app may write into (created if missing)."""
    path = Path(raw).expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"cannot create {path}: {exc.strerror}") from None
    if not os.access(path, os.W_OK):
        raise ValueError(f"{path} is not writable")
    return path


def _positive_int(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ValueError("expected a whole number of at least 1") from None
    if value < 1:
        raise ValueError("expected a whole number of at least 1")
    return value


def _positive_number(raw: str) -> float:
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise ValueError("expected a number of days greater than 0") from None
    if not value > 0:
        raise ValueError("expected a number of days greater than 0")
    return value


def _cache_url(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in CACHE_SCHEMES or not parts.netloc:
        raise ValueError("expected a cache URL such as redis://127.0.0.1:6379/0")
    return raw


def _data_url(raw: str) -> str:
    """A libpq URL. Checked by its form only (nothing is connected here); messages never repeat it."""
    scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
    if scheme not in DATA_URL_SCHEMES:
        given = f" (it starts with {scheme + '://'!r})" if scheme and scheme.isalnum() else ""
        raise ValueError(f"expected a PostgreSQL URL such as {DATA_URL_EXAMPLE}{given}")
    try:
        parts = urlsplit(raw)
        if "," not in parts.netloc:  # libpq also takes several hosts: host1:5432,host2:5432
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number from 0 to 65535
    except ValueError:
        raise ValueError(f"not a valid URL; expected one such as {DATA_URL_EXAMPLE} "
                         "(characters such as @, : or / in the password must be percent-encoded)") from None
    if any(ch.isspace() for ch in raw):
        raise ValueError(f"contains white space; expected a URL such as {DATA_URL_EXAMPLE}")
    if not parts.path.strip("/") and "dbname=" not in parts.query:
        raise ValueError(f"names no database; expected a URL such as {DATA_URL_EXAMPLE}")
    return raw


def _identifier(raw: str) -> str:
    """A plain SQL identifier, folded to lower case as PostgreSQL folds unquoted names."""
    if not _IDENTIFIER_RE.match(raw):
        raise ValueError("expected a plain SQL identifier such as public or ops_data "
                         "(letters, digits and _, not starting with a digit; at most 63 characters)")
    return raw.lower()


def _origins(raw: str) -> tuple[str, ...]:
    origins = []
    for item in raw.split():
        origin = item.rstrip("/")
        if not _ORIGIN_RE.match(origin):
            raise ValueError(
                f"{item!r} is not an origin; expected space-separated values such as "
                "https://intranet.example.dk (scheme and host, no path)"
            )
        if origin not in origins:
            origins.append(origin)
    return tuple(origins)


def _prefix(raw: str) -> str:
    if not _PREFIX_RE.match(raw):
        raise ValueError("expected a path that starts and ends with '/', e.g. /ops/")
    return raw


def _lang(raw: str) -> str:
    if raw not in LANGUAGES:
        raise ValueError(f"expected one of {', '.join(LANGUAGES)}")
    return raw


def _flag(raw: str) -> bool:
    if raw not in ("0", "1"):
        raise ValueError("expected 0 or 1")
    return raw == "1"
