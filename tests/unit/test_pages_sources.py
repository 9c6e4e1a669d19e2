"""The sources page (/sources) and the download of the data package as a zip.

Expected values are read from the data package, never written into the tests.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from data import Dataset
from server import downloads
from settings import load_settings

DATA_DIR = load_settings().data_dir


def package_names(ds: Dataset) -> list[str]:
    names = ["datapackage.json", *(r["path"] for r in ds.descriptor["resources"])]
    if ds.descriptor.get("geometry", {}).get("path"):
        names.append(ds.descriptor["geometry"]["path"])
    return names


# ------------------------------------------------------------------ unit tests of the zip
def test_package_files_are_the_descriptor_its_resources_geometry_and_excluded_list(app_data):
    names = [p.name for p in downloads.package_files(app_data)]
    expected = package_names(app_data)
    if (Path(DATA_DIR) / "EXCLUDED.md").is_file():
        expected.append("EXCLUDED.md")
    assert names == expected


def test_zip_holds_the_package_files_byte_for_byte(app_data):
    archive = zipfile.ZipFile(io.BytesIO(downloads.package_zip(app_data)))
    assert archive.testzip() is None
    for name in package_names(app_data):
        assert archive.read(name) == (Path(DATA_DIR) / name).read_bytes(), name


def test_zip_never_reads_outside_the_package_directory(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (tmp_path / "secret.csv").write_text("secret")
    (package / ".hidden.csv").write_text("hidden")
    (package / "sub").mkdir()
    (package / "sub" / "inner.csv").write_text("inner")
    (package / "ok.csv").write_text("a\n1\n")
    (package / "datapackage.json").write_text("{}")
    descriptor = {"resources": [{"path": "../secret.csv"}, {"path": str(tmp_path / "secret.csv")},
                                {"path": ".hidden.csv"}, {"path": "sub/inner.csv"}, {"path": "ok.csv"},
                                {"path": None}, {"path": "missing.csv"}],
                  "geometry": {"path": "../secret.csv"}}
    ds = Dataset(version="test-outside", updated="2026-01-02", title="t", descriptor=descriptor,
                 directory=package)
    assert [p.name for p in downloads.package_files(ds)] == ["datapackage.json", "ok.csv"]
    archive = zipfile.ZipFile(io.BytesIO(downloads.package_zip(ds)))
    assert archive.namelist() == ["datapackage.json", "ok.csv"]


def test_no_directory_means_no_files():
    ds = Dataset(version="x", updated="", title="", descriptor={"resources": []}, directory=None)
    assert downloads.package_files(ds) == []
