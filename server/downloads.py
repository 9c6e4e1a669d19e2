"""Download of the whole served data package as one zip file.

`register_download_routes(server, prefix)` adds `GET {prefix}download/ops-monitor-data.zip`. The zip
holds exactly the package's own files: datapackage.json, every resource it declares, the geometry
file named in its "geometry.path", and EXCLUDED.md when present. Only plain file names inside the
package directory are read; anything else named in the descriptor is left out.

The files are read from `Dataset.directory`: for the running app that is the private copy of the
version in use (data/live.py), so the zip always matches the data served (and its ETag, the data
version), even while a maintainer is replacing the files in OPS_DATA_DIR.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

from flask import Flask, Response, abort, request

from data import Dataset
from data.current import get_dataset

ZIP_NAME = "ops-monitor-data.zip"
ROUTE = f"download/{ZIP_NAME}"
OPTIONAL_FILES = ("EXCLUDED.md",)
_cache: dict[str, bytes] = {}  # dataset version -> zip bytes (the newest CACHED_VERSIONS)
CACHED_VERSIONS = 2  # the version in use, and the one requests started before a switch may still use


def download_path(prefix: str = "/") -> str:
    return f"{prefix}{ROUTE}"


def _inside(directory: Path, name) -> Path | None:
    """The file `name` in `directory`, if it is a plain file name of an existing file there."""
    if not isinstance(name, str) or not name or name != Path(name).name or name.startswith("."):
        return None
    root = directory.resolve()
    path = (root / name).resolve()
    if path.parent != root or not path.is_file():
        return None
    return path


def package_files(ds: Dataset) -> list[Path]:
    """The files of the served package, in a fixed order, each inside its directory."""
    if ds.directory is None:
        return []
    directory = Path(ds.directory)
    names = ["datapackage.json"]
    names += [r.get("path") for r in ds.descriptor.get("resources", []) if isinstance(r, dict)]
    geometry = ds.descriptor.get("geometry")
    if isinstance(geometry, dict):
        names.append(geometry.get("path"))
    names += list(OPTIONAL_FILES)
    files = [_inside(directory, n) for n in dict.fromkeys(n for n in names if isinstance(n, str))]
    return [f for f in files if f is not None]


FAST_ZIP_BYTES = 32 * 2**20


def _timestamp(ds: Dataset) -> tuple[int, int, int, int, int, int]:
    """The package's update date as every entry's time, so the same data gives the same zip."""
    try:
        day = date.fromisoformat(str(ds.updated))
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)
    return (max(day.year, 1980), day.month, day.day, 0, 0, 0)


def package_zip(ds: Dataset) -> bytes:
    """The zip of the package (built in memory, once per data version)."""
    cached = _cache.get(ds.version)
    if cached is not None:
        return cached
    buffer = io.BytesIO()
    stamp = _timestamp(ds)
    files = package_files(ds)
    # zlib's default level 6, but level 1 for a large package: 322 MB of CSV (1.000.000 rows) zip in
    # about 2 s instead of 8 (the first /sources request waits for it), in a zip a third larger.
    level = 6 if sum(p.stat().st_size for p in files) <= FAST_ZIP_BYTES else 1
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            # zipfile reads the level of an entry opened for writing from the ZipInfo (Python 3.13
            # names it compress_level; 3.11 and 3.12 _compresslevel)
            setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", level)
            with path.open("rb") as source, archive.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)  # streamed: a 140 MB file is never in memory whole
    data = buffer.getvalue()
    _cache[ds.version] = data
    for old in list(_cache)[:-CACHED_VERSIONS]:
        _cache.pop(old, None)
    return data


def register_download_routes(server: Flask, prefix: str = "/") -> None:
    """Add the zip download route under the app's URL prefix."""

    @server.get(download_path(prefix), endpoint="ops_download_package_zip")
    def download_package_zip():
        ds = get_dataset()
        if not package_files(ds):
            abort(404)
        body = package_zip(ds)
        response = Response(body, mimetype="application/zip")
        response.headers["Content-Disposition"] = f'attachment; filename="{ZIP_NAME}"'
        response.headers["Content-Length"] = str(len(body))
        response.headers["Cache-Control"] = "no-cache"
        response.set_etag(ds.version)
        return response.make_conditional(request)
