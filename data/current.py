"""What the running app serves: the dataset and the default language. app.py sets both once at
start-up (`set_live`: the package folder, reloaded while the app runs); tests and scripts may set
a fixed dataset (`set_dataset`). Pages read them here.

Pages never read files: they call `get_dataset()`. Within one request every call returns the same
Dataset (the first call pins it in `flask.g`), so no response mixes two versions of the data even
when a newer version is switched to while the request runs.
"""
from __future__ import annotations

import flask

from data import Dataset
from data.history import Kept
from data.live import LiveDataset, Rejection

_dataset: Dataset | None = None
_live: LiveDataset | None = None
_default_lang = "da"
_PIN = "ops_dataset"


def set_dataset(dataset: Dataset) -> None:
    """Serve `dataset`, never reloaded (tests, scripts)."""
    global _dataset, _live
    _dataset, _live = dataset, None


def set_live(live: LiveDataset) -> None:
    """Serve what `live` holds (its initial version must be loaded already)."""
    global _dataset, _live
    _dataset, _live = None, live


def live() -> LiveDataset | None:
    return _live


def _current() -> Dataset:
    if _live is not None:
        return _live.current()
    if _dataset is None:
        raise RuntimeError("No dataset loaded: app.py must call set_live() or set_dataset() at start-up")
    return _dataset


def get_dataset() -> Dataset:
    """The Dataset in use; inside a request, the one the request started with."""
    if not flask.has_request_context():
        return _current()
    pinned = flask.g.get(_PIN)
    if pinned is None:
        if _live is not None:
            _live.ensure_watching()  # this process's watcher (started by the first request; cheap after)
        pinned = _current()
        setattr(flask.g, _PIN, pinned)
    return pinned


def rejection() -> Rejection | None:
    """The newer data that was rejected, while it is still in the folder (None if none)."""
    return _live.rejection() if _live is not None else None


def set_default_lang(lang: str) -> None:
    """The language of a page without `lang=` (OPS_LANG)."""
    global _default_lang
    _default_lang = lang


def default_lang() -> str:
    return _default_lang


def kept_versions() -> list[Kept]:
    """The data history's kept versions of the source in use, newest first ([] without a history)."""
    holder = _live
    if holder is None or holder.history is None:
        return []
    return [k for k in holder.history.versions() if k.source == str(holder.location)]


_kept_datasets: dict[str, Dataset] = {}  # version -> a kept version opened in this process (pinned links)
KEPT_OPEN = 4  # kept versions held open at most


def pin_version(version: str) -> bool:
    """Serve the kept version `version` for the rest of this request (a pinned link, `v=`): True
    if it is the version in use or a kept version of its source, False (the current data is served)
    otherwise. Call before anything in the request reads the dataset."""
    current = _current()
    if version == current.version:
        return True
    dataset = _kept_datasets.get(version)
    if dataset is None:
        kept = next((k for k in kept_versions() if k.version == version), None)
        if kept is None:
            return False
        from data.package import load_dataset  # noqa: PLC0415

        dataset = load_dataset(kept.folder)
        if len(_kept_datasets) >= KEPT_OPEN:
            _kept_datasets.pop(next(iter(_kept_datasets)))
        _kept_datasets[version] = dataset
    if flask.has_request_context():
        setattr(flask.g, _PIN, dataset)
    return True


def pinned() -> bool:
    """Whether this request serves an earlier version than the one in use (a pinned link)."""
    return flask.has_request_context() and flask.g.get(_PIN) is not None and get_dataset() is not _current()


def view_context() -> dict:
    """What, besides its URL, a rendered view depends on: the data version served, whether it is a
    pinned one, the rejected newer version (the sources page shows it) and the default language. The
    keys of rendered pages and layouts (server/render_cache.py, ui/router.py) are made of it."""
    rejected = rejection()
    return {
        "dataset": get_dataset(),
        "pinned": pinned(),  # `v=` naming the current version shows it unpinned; kept apart from a pinned one
        "rejected": None if rejected is None else (rejected.at, len(rejected.problems)),
        "lang": default_lang(),
    }
