"""Live data updates: serve the data package in a folder (or in PostgreSQL, :mod:`data.postgres`),
and switch to a newer version of it while the app runs, atomically and only once the newer version
validates.

:class:`LiveDataset` holds the :class:`~data.package.Dataset` in use and the last rejected
attempt. It reads a *source*: a package folder (:class:`FolderSource`, what a path gives) or a
database (:class:`data.postgres.PostgresSource`); a source has a cheap ``signature()``, writes a
version into a private snapshot folder (``snapshot()``) and loads that folder (``load()``), so both
go through the same validation and store. A watcher thread (one per process, started lazily with
:meth:`LiveDataset.ensure_watching`, so it also runs in gunicorn's forked workers) looks at the
source every ``interval`` seconds (for a folder):

- The folder's *signature* is the (name, size, mtime_ns) of every top-level, non-hidden regular
  file in it (datapackage.json, the tables, the geometry file, EXCLUDED.md, ...; not ``*.py``).
  Only ``os.stat`` is done while nothing changes.
- A changed signature is loaded only once it has stayed the same for ``settle`` seconds (one
  interval by default), so a maintainer copying files one by one does not cause a spurious rejection.
- Loading happens in the watcher thread, never on a request's path, and one load at a time. The
  files are first copied to a private *snapshot* folder (and the copy discarded if the folder changed
  meanwhile); the snapshot is validated and loaded with :func:`data.package.load_dataset` and becomes
  ``Dataset.directory``. So everything that reads the package's files later (the zip download, the
  map's GeoJSON) reads exactly the version in use, whatever happens on disk afterwards.
- Accepted: the reference to the Dataset is replaced in one assignment; a reader sees the old or
  the new Dataset, never a mix. Rejected: the Dataset in use stays; the problems are logged once and
  kept (:meth:`LiveDataset.rejection`) until the files change again. The same files are never
  retried.

A database (:mod:`data.postgres`) is looked at every 5 s the same way: its signature is read from
PostgreSQL's catalogue and table statistics (never the tables), a snapshot is an export of its tables
beside a copy of ``datapackage.json``, loaded by the same code as a folder.

Log lines (logger ``ops.data``), one per attempt, ``key=value`` fields::

    data reload accepted version=… previous=… tables=… rows=… seconds=… pid=…
    data reload unchanged version=… seconds=… pid=…            (new files, same content)
    data reload rejected problems=… kept=… seconds=… pid=… first="…"

followed, for a rejection, by one WARNING record listing every problem. A source that cannot be
reached (a database that is down: :class:`SourceUnavailable`) is not a rejection: the version in use
stays, one WARNING is logged when the outage starts and one INFO line when it ends, and the source is
asked again on every look.

Pandas only: nothing here imports Dash or Flask.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from data.history import History
from data.package import DataPackageError, Dataset, load_dataset

log = logging.getLogger("ops.data")

RELOAD_INTERVAL_S = 2.0  # seconds between two looks at the data folder
RETAIN_S = 300.0  # a replaced version's snapshot is kept this long for requests still using it
SKIP_SUFFIXES = (".py", ".pyc")  # the bundled folder holds the data layer's code too
SNAPSHOT_ROOT = Path(tempfile.gettempdir()) / f"ops-monitor-data-{os.getuid() if hasattr(os, 'getuid') else 0}"

Signature = tuple[tuple[str, int, int], ...]  # of a folder; other sources have their own (hashable)


class SourceUnavailable(Exception):
    """The source cannot be read at the moment (a database that is down or refuses the connection).
    The message names where (never a password) and why, on one line."""


class Source(Protocol):
    """Where the data comes from. `location` names it in messages (a folder, or a database URL
    without its password)."""

    kind: str  # "files" or "postgresql"
    directory: Path  # the folder holding datapackage.json
    location: object

    def signature(self) -> Hashable:
        """Cheap; changes whenever the data may have changed. May raise SourceUnavailable."""

    def snapshot(self, snapshots: Snapshots) -> tuple[Path, Hashable] | None:
        """Write the current version into a new snapshot folder: (folder, the signature it has), or
        None if the source changed meanwhile. May raise SourceUnavailable."""

    def load(self, loader: Callable[[Path], Dataset], folder: Path) -> Dataset:
        """Load a snapshot folder with `loader`; raises DataPackageError with the problems named as
        the maintainer knows them."""

    def close(self) -> None:
        """Release what this process holds open (connections); used again on demand."""


@dataclass(frozen=True)
class Rejection:
    """A newer version of the files that did not validate."""

    signature: Hashable
    problems: tuple[str, ...]
    at: float  # wall-clock time (time.time()) of the attempt

    @property
    def at_iso(self) -> str:
        """The time of the attempt in UTC, e.g. 2026-05-04T12:00:00+00:00."""
        return datetime.fromtimestamp(self.at, UTC).isoformat(timespec="seconds")


# ------------------------------------------------------------------ files
def signature(directory: Path) -> Signature:
    """(name, size, mtime_ns) of every top-level, non-hidden regular file, sorted by name. A folder
    that cannot be read has the empty signature."""
    entries = []
    try:
        with os.scandir(directory) as scan:
            for entry in scan:
                if entry.name.startswith(".") or entry.name.endswith(SKIP_SUFFIXES):
                    continue
                try:
                    if not entry.is_file():
                        continue
                    st = entry.stat()
                except OSError:  # removed while scanning
                    continue
                entries.append((entry.name, st.st_size, st.st_mtime_ns))
    except OSError:
        return ()
    return tuple(sorted(entries))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class Snapshots:
    """Private copies of the package folder, one per loaded attempt, under `root`. A process only
    ever deletes the copies it made itself (gunicorn's workers share the master's first one)."""

    def __init__(self, root: Path = SNAPSHOT_ROOT):
        self.root = Path(root)
        self._lock = threading.Lock()
        self._mine: set[Path] = set()
        self._seq = 0

    def sweep(self) -> None:
        """Remove snapshots left behind by processes that no longer run (killed servers)."""
        try:
            children = list(self.root.iterdir())
        except OSError:
            return
        for child in children:
            pid = child.name.split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
                shutil.rmtree(child, ignore_errors=True)

    def new(self) -> Path:
        """A new, empty snapshot folder of this process."""
        with self._lock:
            self._seq += 1
            seq = self._seq
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-{seq}-", dir=self.root))
        with self._lock:
            self._mine.add(target)
        return target

    def copy(self, directory: Path) -> tuple[Path, Signature] | None:
        """Copy the folder's files; None if they changed while being copied (try again later)."""
        before = signature(directory)
        target = self.new()
        for name, _size, _mtime in before:
            try:
                shutil.copyfile(directory / name, target / name)
            except OSError:  # removed or unreadable meanwhile
                break
        if signature(directory) != before:
            self.remove(target)
            return None
        return target, before

    def remove(self, path: Path | None) -> None:
        if path is None:
            return
        with self._lock:
            if path not in self._mine:
                return
            self._mine.discard(path)
        shutil.rmtree(path, ignore_errors=True)

    def remove_all(self) -> None:
        """The copies this process made (at exit; never those of a parent process)."""
        with self._lock:
            mine = [p for p in self._mine if p.name.startswith(f"{os.getpid()}-")]
        for path in mine:
            self.remove(path)

    def after_fork(self) -> None:
        self._lock = threading.Lock()
        self._mine = set()


class FolderSource:
    """A data package folder: its signature is the files' (name, size, mtime_ns); a snapshot is a
    copy of its files."""

    kind = "files"
    interval = RELOAD_INTERVAL_S

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.location = self.directory

    def signature(self) -> Signature:
        return signature(self.directory)

    def snapshot(self, snapshots: Snapshots) -> tuple[Path, Signature] | None:
        return snapshots.copy(self.directory)

    def load(self, loader: Callable[[Path], Dataset], folder: Path) -> Dataset:
        return loader(folder)

    def close(self) -> None:
        pass


# ------------------------------------------------------------------ the holder
class LiveDataset:
    """The Dataset in use for `source` (a package folder, or a :class:`Source` such as
    :class:`data.postgres.PostgresSource`), replaced when the source changes.

    `loader` (default :func:`load_dataset`) loads a folder or raises DataPackageError; `clock` is a
    monotonic clock (tests pass a fake one). `interval` defaults to the source's (2 s for a folder).
    With ``snapshots=None`` a folder is loaded in place (no copy; only for tests); other sources
    always write snapshots (in the default place if none is given)."""

    def __init__(
        self,
        source: str | Path | Source,
        *,
        interval: float | None = None,
        settle: float | None = None,
        loader: Callable[[Path], Dataset] = load_dataset,
        clock: Callable[[], float] = time.monotonic,
        snapshots: Snapshots | None = None,
        retain: float = RETAIN_S,
        history: History | None = None,
    ):
        self.source: Source = FolderSource(source) if isinstance(source, str | Path) else source
        self.directory = self.source.directory
        if snapshots is None and not isinstance(self.source, FolderSource):
            snapshots = Snapshots()
        interval = getattr(self.source, "interval", RELOAD_INTERVAL_S) if interval is None else interval
        self.interval = interval
        self.settle = interval if settle is None else settle
        self.retain = retain
        self._loader = loader
        self._clock = clock
        self._snapshots = snapshots
        self.history = history  # every accepted version is kept there; a broken start falls back on it
        self._dataset: Dataset | None = None
        self._signature: Hashable = ()
        self._snapshot: Path | None = None  # the snapshot folder of the Dataset in use
        self._rejection: Rejection | None = None
        self._pending: tuple[Hashable, float] | None = None  # a changed signature and when first seen
        self._outage: tuple[float, str] | None = None  # since when (time.time()) the source is unavailable, why
        self._retired: list[tuple[Path, float]] = []  # replaced snapshots and when
        self._check_lock = threading.Lock()
        self._watch_lock = threading.Lock()
        self._watcher_pid: int | None = None
        self._stop = threading.Event()
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=self._after_fork)
        if snapshots is not None:
            atexit.register(snapshots.remove_all)

    # -------------------------------------------------------------- reading
    def current(self) -> Dataset:
        """The Dataset in use (one reference read: always a whole, validated version)."""
        dataset = self._dataset
        if dataset is None:
            raise RuntimeError("No dataset loaded: call LiveDataset.load_initial() first")
        return dataset

    def rejection(self) -> Rejection | None:
        """The newest attempt that did not validate, while the folder still holds it."""
        return self._rejection

    def outage(self) -> tuple[float, str] | None:
        """(since when, why) while the source cannot be reached; None while it can."""
        return self._outage

    # -------------------------------------------------------------- loading
    def _load(self, expected: Hashable | None) -> tuple[Dataset | None, Hashable, list[str], Path | None]:
        """Load the source (through a snapshot when configured). Returns (dataset or None, the
        signature loaded, problems, snapshot path). (None, (), [], None): the files changed while
        being copied, or are not the `expected` ones any more. Raises SourceUnavailable."""
        if self._snapshots is None:
            sig = self.source.signature()
            folder, snap = self.directory, None
        else:
            copied = self.source.snapshot(self._snapshots)
            if copied is None:
                return None, (), [], None
            snap, sig = copied
            folder = snap
        if expected is not None and sig != expected:
            if self._snapshots is not None:
                self._snapshots.remove(snap)
            return None, (), [], None
        try:
            dataset = self.source.load(self._loader, folder)
        except SourceUnavailable:
            if self._snapshots is not None:
                self._snapshots.remove(snap)
            raise
        except Exception as exc:  # DataPackageError; anything else (a bug?) is a rejection too, never a crash
            if self._snapshots is not None:
                self._snapshots.remove(snap)
            problems = [str(p) for p in getattr(exc, "problems", None) or [f"{type(exc).__name__}: {exc}"]]
            if snap is not None:  # name the maintainer's folder, not the private copy
                problems = [p.replace(str(snap), str(self.directory)) for p in problems]
            return None, sig, problems, None
        return dataset, sig, [], snap

    def load_initial(self, attempts: int = 5) -> Dataset:
        """Load the source at start-up; raises DataPackageError if it is invalid, SourceUnavailable
        if it cannot be reached."""
        if self._snapshots is not None:
            self._snapshots.sweep()
        try:
            for _ in range(attempts):
                dataset, sig, problems, snap = self._load(None)
                if dataset is not None:
                    self._dataset, self._signature, self._snapshot = dataset, sig, snap
                    where = ("directory", self.directory) if self.source.kind == "files" else ("source", self.location)
                    log.info("data loaded version=%s tables=%d rows=%d %s=%s", dataset.version, len(dataset.counts),
                             sum(dataset.row_counts().values()), *where)
                    self._keep(dataset)
                    return dataset
                if problems:
                    fallback = self._from_history(sig, problems)
                    if fallback is None:
                        raise DataPackageError(self.location, problems)
                    return fallback
                time.sleep(0.2)  # the files changed while being copied: once more
            if not isinstance(self.source, FolderSource):
                raise SourceUnavailable(f"{self.location} kept changing while it was read; try again")
            dataset = self._loader(self.directory)  # still changing: load in place, no snapshot
            self._dataset, self._signature, self._snapshot = dataset, signature(self.directory), None
            return dataset
        finally:
            self.source.close()  # connections are opened again by the process that watches

    def _keep(self, dataset: Dataset, previous: Dataset | None = None) -> None:
        """Keep an accepted version in the history, with what changed from `previous` (at start:
        the newest version kept from this source)."""
        if self.history is None:
            return
        if previous is None:
            kept = self.history.latest(str(self.location))
            if kept is not None and kept.version != dataset.version:
                try:
                    previous = self._loader(kept.folder)
                except Exception as exc:  # noqa: BLE001 - a damaged kept copy: keep the new one without changes
                    log.warning("data history: kept version %s cannot be read: %s", kept.version, exc)
        self.history.record(dataset, str(self.location), previous=previous)

    def _from_history(self, sig: Hashable, problems: list[str]) -> Dataset | None:
        """The source is invalid at start: serve the newest version kept from this same source, if
        there is one, and report the rejection (sources page, /healthz, the log) as for a rejected
        update."""
        kept = self.history.latest(str(self.location)) if self.history is not None else None
        if kept is None:
            return None
        dataset = self._loader(kept.folder)
        # Not the broken files' signature: they stay "known-rejected" until they change.
        self._dataset, self._signature, self._snapshot = dataset, ("history", kept.version), None
        self._rejection = Rejection(sig, tuple(problems), time.time())
        log.warning("data at start rejected: %d problem(s) in %s; serving the last good version %s (kept %s):\n%s",
                    len(problems), self.location, dataset.version, kept.accepted_iso,
                    "\n".join(f"  - {p}" for p in problems))
        return dataset

    @property
    def location(self):
        """Where the data comes from, for messages: the folder, or the database (without password)."""
        return self.source.location

    # -------------------------------------------------------------- checking
    def check(self) -> str:
        """Look at the folder once and act. Returns what happened: "busy" (another check runs),
        "unchanged", "known-rejected", "pending" (changed; waiting for it to settle), "changing"
        (changed while being copied), "accepted", "same" (new files, same content) or "rejected"."""
        if not self._check_lock.acquire(blocking=False):
            return "busy"
        try:
            return self._check()
        finally:
            self._check_lock.release()

    def _check(self) -> str:
        now = self._clock()
        self._purge(now)
        try:
            sig = self.source.signature()
        except SourceUnavailable as exc:
            return self._unavailable(exc)
        self._available()
        if sig == self._signature:
            self._pending = None
            if self._rejection is not None:  # the files are back to the version in use
                self._rejection = None
                log.info("data reload: the rejected files were replaced by the version in use (%s)",
                         self.current().version)
            return "unchanged"
        if self._rejection is not None and sig == self._rejection.signature:
            self._pending = None
            return "known-rejected"
        if self._pending is None or self._pending[0] != sig:
            self._pending = (sig, now)
            if self.settle > 0:
                return "pending"
        if now - self._pending[1] < self.settle:
            return "pending"
        self._pending = None
        return self._attempt(sig)

    def _unavailable(self, exc: SourceUnavailable) -> str:
        """The source cannot be read: keep serving; one WARNING when the outage starts."""
        if self._outage is None:
            self._outage = (time.time(), str(exc))
            log.warning("data source unavailable: %s; still serving version %s pid=%d",
                        exc, self.current().version, os.getpid())
        return "unavailable"

    def _available(self) -> None:
        """The source answers again: one INFO line ending the outage."""
        if self._outage is not None:
            since, _why = self._outage
            self._outage = None
            log.info("data source available again after %.0f s: %s pid=%d",
                     time.time() - since, self.location, os.getpid())

    def _attempt(self, sig: Hashable) -> str:
        started = time.perf_counter()
        previous = self.current()
        try:
            dataset, loaded_sig, problems, snap = self._load(sig)
        except SourceUnavailable as exc:
            return self._unavailable(exc)
        seconds = time.perf_counter() - started
        if dataset is None and not problems:
            return "changing"  # noticed again on the next check
        pid = os.getpid()
        if dataset is None:
            self._rejection = Rejection(loaded_sig, tuple(problems), time.time())
            first = problems[0].replace('"', "'")
            log.warning('data reload rejected problems=%d kept=%s seconds=%.2f pid=%d first="%s"',
                        len(problems), previous.version, seconds, pid, first)
            log.warning("data reload rejected: %d problem(s) in %s; still serving version %s:\n%s",
                        len(problems), self.location, previous.version,
                        "\n".join(f"  - {p}" for p in problems))
            return "rejected"
        self._rejection = None
        if dataset.version == previous.version:
            # New files, same content: keep the Dataset (and its snapshot) in use.
            if self._snapshots is not None:
                self._snapshots.remove(snap)
            self._signature = loaded_sig
            log.info("data reload unchanged version=%s seconds=%.2f pid=%d", dataset.version, seconds, pid)
            return "same"
        self._keep(dataset, previous)  # kept first: a page that shows the new version finds it in the history
        old_snapshot = self._snapshot
        self._signature, self._snapshot = loaded_sig, snap
        self._dataset = dataset  # the switch: one reference assignment
        if old_snapshot is not None:
            self._retired.append((old_snapshot, self._clock()))
        if self._snapshots is not None:
            self._snapshots.sweep()
        rows = sum(dataset.row_counts().values())
        log.info("data reload accepted version=%s previous=%s tables=%d rows=%d seconds=%.2f pid=%d",
                 dataset.version, previous.version, len(dataset.counts), rows, seconds, pid)
        return "accepted"

    def _purge(self, now: float) -> None:
        """Delete the snapshots of versions replaced more than `retain` seconds ago."""
        if self._snapshots is None or not self._retired:
            return
        keep = []
        for path, since in self._retired:
            if now - since >= self.retain:
                self._snapshots.remove(path)
            else:
                keep.append((path, since))
        self._retired = keep

    # -------------------------------------------------------------- the watcher thread
    def ensure_watching(self) -> None:
        """Start this process's watcher thread unless it runs (cheap; call it on every request)."""
        pid = os.getpid()
        if self._watcher_pid == pid or self.interval <= 0:
            return
        with self._watch_lock:
            if self._watcher_pid == pid:
                return
            self._stop.clear()
            thread = threading.Thread(target=self._watch, name="ops-data-watcher", daemon=True)
            thread.start()
            self._watcher_pid = pid

    def stop(self) -> None:
        self._stop.set()
        self._watcher_pid = None

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.check()
            except Exception:  # never let the watcher die
                log.exception("data reload check failed")

    def _after_fork(self) -> None:
        """In a forked child (a gunicorn worker): no watcher thread runs; locks may be held."""
        self._check_lock = threading.Lock()
        self._watch_lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher_pid = None
        if self._snapshots is not None:
            self._snapshots.after_fork()
        after_fork = getattr(self.source, "after_fork", None)
        if after_fork is not None:
            after_fork()
