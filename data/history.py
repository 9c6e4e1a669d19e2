"""The history of the data: every accepted version, from files or from PostgreSQL, kept as a package
folder `<root>/<version>/` with `history.json` (the version, when it was accepted, its source and its
row counts), so that a later start, a comparison (`python -m data diff`) or a way back can use it.

The root is OPS_HISTORY_DIR (default: beside the snapshots, in the host's temporary folder). Versions
are kept by count (OPS_HISTORY_KEEP, default 50) and by age (OPS_HISTORY_DAYS, default 365); the
newest is always kept. Every process of the host records into the same root: a version is written
to a temporary folder and renamed into place, so two workers recording it at once leave one copy.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from data.package import Dataset

log = logging.getLogger("ops.data")

HISTORY_ROOT = Path(tempfile.gettempdir()) / f"ops-monitor-history-{os.getuid() if hasattr(os, 'getuid') else 0}"
KEEP = 50
MAX_AGE_DAYS = 365.0
META = "history.json"
CHANGES = "changes.json"  # what changed from the version in use before: [{table, kind, key, lines, codes}]


@dataclass(frozen=True)
class Kept:
    """One kept version."""

    version: str
    accepted_at: float  # time.time()
    source: str  # where it came from: a folder, or a database (never with a password)
    rows: dict[str, int]
    folder: Path
    previous: str | None = None  # the version in use before this one was accepted

    def lines(self, filters, lang: str) -> tuple[list[str], int] | None:
        """The sentences of the changes that concern `filters` in `lang`, and how many changes were
        left out by them; None when the changes are not known (the first kept version)."""
        items = self.changes()
        if self.previous is None or items is None:
            return None
        picked = [item for item in items if concerns(item, filters)]
        return [line for item in picked for line in item["lines"].get(lang) or item["lines"]["da"]], \
            len(items) - len(picked)

    def changes(self) -> list[dict] | None:
        """What changed from `previous` (None: not known, e.g. the first kept version)."""
        try:
            return json.loads((self.folder / CHANGES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    @property
    def accepted_iso(self) -> str:
        return datetime.fromtimestamp(self.accepted_at, UTC).isoformat(timespec="seconds")


class History:
    def __init__(self, root: Path = HISTORY_ROOT, keep: int = KEEP, max_age_days: float = MAX_AGE_DAYS,
                 describe: Callable[[Dataset, Dataset], list[dict]] | None = None):
        """`describe(old, new)`: what changed, as JSON-ready items (app.py passes i18n.changes.items:
        the data layer does not write words itself)."""
        self.root, self.keep, self.max_age_s = Path(root), keep, max_age_days * 86400
        self.describe = describe

    def versions(self) -> list[Kept]:
        """The kept versions, newest first."""
        kept = []
        for meta in self.root.glob(f"*/{META}"):
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
                kept.append(Kept(data["version"], float(data["accepted_at"]), data["source"],
                                 dict(data["rows"]), meta.parent, data.get("previous")))
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a folder being written, or not ours
        return sorted(kept, key=lambda k: k.accepted_at, reverse=True)

    def latest(self, source: str | None = None) -> Kept | None:
        """The newest kept version (of `source`, when given)."""
        return next((k for k in self.versions() if source is None or k.source == source), None)

    def get(self, version: str) -> Kept | None:
        return next((k for k in self.versions() if k.version == version), None)

    def record(self, dataset: Dataset, source: str, *, previous: Dataset | None = None,
               now: float | None = None) -> Kept | None:
        """Keep `dataset`'s package (its folder's files) with what changed from `previous` (the
        version in use before), unless that version is kept already; a kept version that becomes
        current again (a rollback) is recorded as accepted again, now. Then apply the retention.
        A failure to write is logged, never raised: history must not stop the data being served."""
        target, now = self.root / dataset.version, time.time() if now is None else now
        try:
            latest = self.latest(str(source))
            if (target / META).exists():
                if latest is not None and latest.version != dataset.version and previous is not None:
                    self._write_meta(target, dataset, source, previous, now)  # current again
            else:
                self.root.mkdir(parents=True, exist_ok=True)
                work = Path(tempfile.mkdtemp(prefix=f".{dataset.version}-", dir=self.root))
                shutil.copytree(dataset.directory, work, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("*.py", "__pycache__", ".*"))
                self._write_meta(work, dataset, source, previous, now)
                try:
                    work.rename(target)
                except OSError:  # another process kept it first
                    shutil.rmtree(work, ignore_errors=True)
                else:
                    log.info("data history: kept version=%s source=%s in %s", dataset.version, source, self.root)
            self.prune(now)
        except OSError as exc:
            log.warning("data history: could not keep version %s in %s: %s", dataset.version, self.root, exc)
            return None
        return self.get(dataset.version)

    def _write_meta(self, folder: Path, dataset: Dataset, source: str, previous: Dataset | None, now: float) -> None:
        changed = previous is not None and previous.version != dataset.version
        if changed and self.describe is not None:
            items = self.describe(previous, dataset)
            (folder / CHANGES).write_text(json.dumps(items, ensure_ascii=False, default=str), encoding="utf-8")
        meta = {"version": dataset.version, "accepted_at": now, "source": str(source), "rows": dataset.row_counts(),
                "previous": previous.version if changed else None}
        work = folder / f".{META}"
        work.write_text(json.dumps(meta, indent=1), encoding="utf-8")
        os.replace(work, folder / META)

    def prune(self, now: float | None = None) -> list[str]:
        """Drop versions beyond the newest `keep` and those older than the age limit (never the
        newest). Returns the versions dropped."""
        now = time.time() if now is None else now
        dropped = []
        for i, kept in enumerate(self.versions()):
            if i > 0 and (i >= self.keep or now - kept.accepted_at > self.max_age_s):
                shutil.rmtree(kept.folder, ignore_errors=True)
                dropped.append(kept.version)
        return dropped


def concerns(item: dict, filters) -> bool:
    """Whether a change item (see `History.describe`) concerns the chosen regions, sectors and forms
    of `filters` (a data.Filters; every change when none are chosen)."""
    for wanted, codes in ((filters.regions, item.get("regions")), (filters.sectors, item.get("sectors")),
                          (filters.forms, item.get("forms"))):
        if wanted and not set(wanted) & set(codes or ()):
            return False
    return True


def restore(kept: Kept, target: Path, backup_root: Path) -> Path:
    """Make `target` (a package folder the app watches) hold the kept version's files again. The
    files it held are moved aside first, into a new folder under `backup_root` (returned), so that
    nothing is lost; each file is replaced in one rename, and the app's watcher picks the version
    up in every worker as for any update."""
    target, stamp = Path(target), time.strftime("%Y%m%dT%H%M%S")
    backup = Path(tempfile.mkdtemp(prefix=f"replaced-{stamp}-", dir=backup_root))
    for path in sorted(target.iterdir()):
        if path.is_file() and not path.name.endswith(".py"):
            shutil.copy2(path, backup / path.name)
    for path in sorted(kept.folder.iterdir()):
        if path.is_file() and path.name != META:
            work = target / f".{path.name}.rollback"
            shutil.copy2(path, work)
            os.replace(work, target / path.name)
    log.warning("data rollback: %s now holds kept version %s (kept %s); its former files are in %s",
                target, kept.version, kept.accepted_iso, backup)
    return backup
