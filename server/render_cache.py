"""Rendered pages, cached: a page's layout is built once per (page, query, default language, data
version, code) and then served from the cache (data.cache: in-process, or Redis shared by workers).

Dash's page router calls `page["layout"](**path_variables, **query_parameters)` for every
navigation and every filter change; building a page's charts takes 20–250 ms, reading it back a
few. `cache_page_layouts` wraps the registered layout functions once at start-up, so the pages stay
plain functions. What is stored is the layout as JSON text (Dash's own serialisation of the
component tree), which goes into Dash's response as it is (an `orjson.Fragment`): cheap to store, to
read and to send, and never walked again by Python.

The sources page also shows whether a newer version of the data was rejected (live reload), so
that state is part of every page's key too (it changes rarely: a rejection, or its end).
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd
from dash._utils import to_json
from dash.development.base_component import Component

from data import cache as data_cache
from data.current import default_lang, get_dataset, rejection

log = logging.getLogger("ops.cache")

ROOT = Path(__file__).resolve().parents[1]
# Pages whose output depends on process state besides the query, the data version and the live
# reload's rejection (none at present).
NOT_CACHED: frozenset[str] = frozenset()
_WRAPPED = "_ops_render_cached"


def code_tag() -> str:
    """A digest of every module that shapes a page (pages, components, data layer): after a deploy,
    a shared cache never serves a page rendered by older code."""
    digest = hashlib.sha1()
    for folder in ("pages", "charts", "i18n", "ui", "server", "data"):
        for path in sorted((ROOT / folder).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


CODE = code_tag()


def page_key(module: str, kwargs: dict[str, Any]) -> str:
    """The cache key of one page render: page module, the router's arguments (query parameters
    and path variables, as Dash parsed them), the default language, the data version and the
    rejected newer version, if any."""
    rejected = rejection()
    arguments = {
        "dataset": get_dataset(),
        "rejected": None if rejected is None else (rejected.at, len(rejected.problems)),
        "lang": default_lang(),
        "kwargs": tuple(sorted((str(k), repr(v)) for k, v in kwargs.items())),
    }
    return data_cache.make_key(f"page.{module}", CODE, arguments)


try:  # plotly's escaping of its orjson output (`<`, `>`, `/`, U+2028/9), to match Dash's text exactly
    from plotly.io._json import _safe, _swap_orjson, clean_to_json_compatible
except ImportError:  # pragma: no cover - a plotly without them: Dash's own serialisation only
    _safe = None

_COMPONENT_JSON = Component.to_plotly_json
_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
_CLEAN = {"numpy_allowed": True, "datetime_allowed": True,
          "modules": {"sage_all": None, "np": np, "pd": pd, "image": None}}


def _component_json(component: Component) -> dict:
    """`Component.to_plotly_json`, the same dict, with the data-*/aria-* attributes picked by one
    `str.startswith(tuple)` instead of a generator per attribute (a third of the serialisation)."""
    props = {p: getattr(component, p) for p in component._prop_names if hasattr(component, p)}
    wildcards = tuple(component._valid_wildcard_attributes)
    if wildcards:
        props.update({k: getattr(component, k) for k in component.__dict__ if k.startswith(wildcards)})
    return {"props": props, "type": component._type, "namespace": component._namespace}


def _plain(obj: Any) -> Any:
    """orjson's fallback for what it cannot write itself: a component becomes its JSON dict (whose
    children orjson then writes, coming back here for nested components); anything else is cleaned
    as plotly cleans it."""
    if isinstance(obj, Component) and type(obj).to_plotly_json is _COMPONENT_JSON:
        return _component_json(obj)
    to_plotly_json = getattr(obj, "to_plotly_json", None)
    if to_plotly_json is not None:
        return to_plotly_json()
    return clean_to_json_compatible(obj, **_CLEAN)


def as_json(layout: Any) -> bytes:
    """The layout as JSON text: exactly what Dash would send for it (`dash._utils.to_json`, i.e.
    plotly's orjson encoder), written in one pass by orjson instead of plotly's Python walk over the
    whole tree first (tests/test_render_cache.py checks the two agree on every page)."""
    if _safe is not None:
        try:
            text = orjson.dumps(layout, default=_plain, option=_ORJSON_OPTIONS).decode()
        except TypeError:
            pass
        else:
            return _safe(text, _swap_orjson).encode()
    return to_json(layout).encode()


def as_json_data(layout: Any) -> Any:
    """The layout as plain JSON data: what Dash would send, read back."""
    return orjson.loads(as_json(layout))


class Rendered:
    """A layout already rendered to JSON text, where Dash expects a component (a page's layout, the
    app layout). Dash serialises it through `to_plotly_json` with plotly's orjson encoder, which
    passes the `orjson.Fragment` through untouched: the text is spliced into the response as it is,
    with no Python walk over it (plotly's escaping of `<`, `>` and `/` already happened when the
    text was made, and finds nothing to change the second time). Its one-time check of the app
    layout for duplicate ids (`_traverse`) finds none inside, as the rendered tree was a valid layout."""

    id = None

    def __init__(self, text: bytes) -> None:
        self.text = text

    @property
    def data(self) -> Any:
        """The JSON data (for tests and inspection)."""
        return orjson.loads(self.text)

    def to_plotly_json(self) -> Any:
        return orjson.Fragment(self.text)

    def _traverse(self):
        return iter(())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rendered) and other.text == self.text

    __hash__ = None  # type: ignore[assignment]


def cached_render(name: str, arguments: dict[str, Any], build: Callable[[], Any]) -> Rendered:
    """`build()`'s layout as JSON data, cached under `name` and `arguments` (which must name
    everything the layout depends on: a Dataset, Filters, strings, numbers) and the code."""
    key = data_cache.make_key(name, CODE, arguments)
    return Rendered(data_cache.cached(key, lambda: as_json(build()), bulky=True))


def cached_layout(module: str, layout: Callable[..., Any]) -> Callable[..., Any]:
    def render(**kwargs):
        return Rendered(data_cache.cached(page_key(module, kwargs), lambda: as_json(layout(**kwargs)), bulky=True))

    render.__name__ = getattr(layout, "__name__", "layout")
    render.__doc__ = layout.__doc__
    render.__wrapped__ = layout  # type: ignore[attr-defined]
    setattr(render, _WRAPPED, True)
    return render


def cache_page_layouts(registry: MutableMapping[str, dict]) -> list[str]:
    """Wrap each registered page's layout function (once); returns the modules wrapped."""
    wrapped = []
    for module, page in registry.items():
        layout = page.get("layout")
        if module in NOT_CACHED or not callable(layout) or getattr(layout, _WRAPPED, False):
            continue
        page["layout"] = cached_layout(module, layout)
        wrapped.append(module)
    return wrapped
