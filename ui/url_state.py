"""URL state in one module: query string <-> Filters.

Parsing drops unknown keys and bad values, each with a notice (never an error); writing puts
only non-default values in the query string, in a fixed order, so links stay short and stable.
Every page, embed and download goes through here; nothing else builds query strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from data import Dataset, Filters
from data.current import default_lang
from data.filters import YEAR_MAX, YEAR_MIN

FILTER_KEYS = ("region", "sector", "form", "from", "to")
# Keys that are not filters but may legitimately appear in a URL.
OTHER_KEYS = ("lang", "controls", "present", "measure", "v")  # v: a pinned data version
MAX_VALUE_LENGTH = 200
MAX_ITEMS = 50  # parameters read from one query string; the rest are dropped with one notice
LANGS = ("da", "en")
# Allowed values of the non-filter keys that have a fixed set (`measure` is checked by its page).
EXTRA_VALUES = {"lang": LANGS, "controls": ("0", "1"), "present": ("0", "1")}
MAX_NOTICE_VALUE = 40  # characters of a bad value repeated in a notice


@dataclass(frozen=True)
class Notice:
    key: str
    value: str
    reason: str  # message key of the catalogue: unknown_key, unknown_value, bad_year, too_long, too_many


@dataclass(frozen=True)
class UrlState:
    filters: Filters
    notices: tuple[Notice, ...]
    extra: tuple[tuple[str, str], ...] = ()  # validated non-filter keys (lang, controls, ...)

    def get(self, key: str, default: str | None = None) -> str | None:
        return dict(self.extra).get(key, default)

    @property
    def lang(self) -> str:
        """The page language: `lang=` when valid, else the configured default (OPS_LANG, Danish)."""
        return valid_lang(self.get("lang"))

    @property
    def present(self) -> bool:
        """Presentation mode (large type for projectors): `present=1`."""
        return self.get("present") == "1"


def valid_lang(value: str | None) -> str:
    return value if value in LANGS else default_lang()


def query_lang(query: str | None) -> str:
    """The language of a query string alone (no dataset needed): its last `lang=`, if valid."""
    values = [v for k, v in parse_qsl((query or "").lstrip("?"), keep_blank_values=True) if k == "lang"]
    return valid_lang(values[-1] if values else None)


def vocabularies(ds: Dataset) -> dict[str, set[str]]:
    regions = ds["regions"]
    return {
        "region": set(regions["region_code"]),
        "sector": set(ds["sectors"]["sector_id"]),
        "form": set(ds["forms"]["form_id"]),
    }


def parse_query(query: Mapping[str, object] | str | None, ds: Dataset) -> UrlState:
    """Parse a query string (or the keyword arguments Dash gives a page layout)."""
    if query is None:
        items: list[tuple[str, str]] = []
    elif isinstance(query, str):
        items = parse_qsl(query.lstrip("?"), keep_blank_values=True)
    else:
        items = [(str(k), v if isinstance(v, str) else ",".join(map(str, v)) if isinstance(v, list | tuple) else str(v))
                 for k, v in query.items()]
    vocab = vocabularies(ds)
    notices: list[Notice] = []
    picked: dict[str, list[str]] = {"region": [], "sector": [], "form": []}
    years: dict[str, int | None] = {"from": None, "to": None}
    extra: dict[str, str] = {}
    if len(items) > MAX_ITEMS:
        notices.append(Notice("", str(len(items) - MAX_ITEMS), "too_many"))
        items = items[:MAX_ITEMS]
    for key, raw in items:
        value = str(raw)
        if len(value) > MAX_VALUE_LENGTH:
            notices.append(Notice(key[:40], value[:40] + "…", "too_long"))
            continue
        if key in picked:
            for part in value.split(","):
                part = part.strip()
                if not part:
                    continue
                if part in vocab[key]:
                    picked[key].append(part)
                else:
                    notices.append(Notice(key, _short(part), "unknown_value"))
        elif key in years:
            year = value.strip()
            # ASCII digits only: str.isdigit() also accepts e.g. '²', which int() refuses.
            if year.isascii() and year.isdigit() and YEAR_MIN <= int(year) <= YEAR_MAX:
                years[key] = int(year)
            elif year:
                notices.append(Notice(key, _short(value), "bad_year"))
        elif key in EXTRA_VALUES and value not in EXTRA_VALUES[key]:
            if value.strip():
                notices.append(Notice(key, _short(value), "unknown_value"))
        elif key in OTHER_KEYS:
            extra[key] = value
        else:
            notices.append(Notice(key[:40], value[:40], "unknown_key"))
    if "v" in extra and extra["v"] != ds.version:  # not a kept version (server/pinned.py): the current data
        version = extra.pop("v").strip()
        if version:
            notices.append(Notice("v", _short(version), "unknown_version"))
    filters = Filters.make(picked["region"], picked["sector"], picked["form"], years["from"], years["to"])
    return UrlState(filters, tuple(notices), tuple(sorted(extra.items())))


def _short(value: str) -> str:
    return value if len(value) <= MAX_NOTICE_VALUE else value[:MAX_NOTICE_VALUE] + "…"


def to_query(filters: Filters, **extra: str | None) -> str:
    """Query string (with leading '?', or '' when nothing is set) for filters plus extras."""
    pairs: list[tuple[str, str]] = []
    if filters.regions:
        pairs.append(("region", ",".join(filters.regions)))
    if filters.sectors:
        pairs.append(("sector", ",".join(filters.sectors)))
    if filters.forms:
        pairs.append(("form", ",".join(filters.forms)))
    if filters.year_from is not None:
        pairs.append(("from", str(filters.year_from)))
    if filters.year_to is not None:
        pairs.append(("to", str(filters.year_to)))
    for key in OTHER_KEYS:
        value = extra.get(key)
        if value not in (None, ""):
            pairs.append((key, str(value)))
    return "?" + urlencode(pairs, safe=",") if pairs else ""
