"""Each kind of broken package is refused whole, with file, row, column and reason."""

from __future__ import annotations

import pytest

from data import DataPackageError, load_dataset, validate_package
from tests.helpers_data import copy_package, read_rows, set_cell, write_rows


@pytest.fixture
def pkg(tmp_path):
    return copy_package(tmp_path)


def only(problems, file):
    return [p for p in problems if p.file == file]


def test_bundled_package_is_valid():
    assert validate_package("data") == []


def test_text_in_an_amount_is_a_type_error(pkg):
    row = set_cell(pkg, "figures", "figure_id", "F036-1", "value", "ca. 500 mio.")
    problems = only(validate_package(pkg), "figures.csv")
    assert len(problems) == 1
    p = problems[0]
    assert (p.row, p.column) == (row, "value")
    assert "ca. 500 mio." in p.reason and "number" in p.reason
    assert str(p).startswith(f"figures.csv, row {row}, column 'value'")


def test_text_in_a_whole_number_amount(pkg):
    row = set_cell(pkg, "spending", "spending_id", "F100-1", "amount", "131,9 mia.")
    (p,) = only(validate_package(pkg), "spending.csv")
    assert (p.row, p.column) == (row, "amount") and "integer" in p.reason


def test_missing_required_value(pkg):
    row = set_cell(pkg, "projects", "project_id", "vejle-psykiatri", "sector_id", "")
    (p,) = only(validate_package(pkg), "projects.csv")
    assert (p.row, p.column, p.reason) == (row, "sector_id", "missing required value")


def test_missing_column(pkg):
    path = pkg / "regions.csv"
    rows = read_rows(path)
    for r in rows:
        del r["area_km2"]
    write_rows(path, rows)
    problems = only(validate_package(pkg), "regions.csv")
    assert any(p.column == "area_km2" and "missing column" in p.reason for p in problems)


def test_duplicate_primary_key(pkg):
    path = pkg / "projects.csv"
    rows = read_rows(path)
    rows.append(dict(rows[0]))
    write_rows(path, rows)
    problems = only(validate_package(pkg), "projects.csv")
    assert any(p.row == len(rows) + 1 and "duplicate" in p.reason for p in problems)


def test_unknown_foreign_key(pkg):
    row = set_cell(pkg, "projects", "project_id", "auh-psykiatri", "region_code", "9999")
    (p,) = only(validate_package(pkg), "projects.csv")
    assert (p.row, p.column) == (row, "region_code")
    assert "9999" in p.reason and "regions" in p.reason


def test_unknown_source_id(pkg):
    row = set_cell(pkg, "spending", "spending_id", "F095-1", "source_id", "S999")
    (p,) = only(validate_package(pkg), "spending.csv")
    assert (p.row, p.column) == (row, "source_id") and "S999" in p.reason


def test_negative_amount(pkg):
    row = set_cell(pkg, "spending", "spending_id", "F095-1", "amount", "-5")
    (p,) = only(validate_package(pkg), "spending.csv")
    assert (p.row, p.column) == (row, "amount") and "out of range" in p.reason


def test_year_out_of_range(pkg):
    row = set_cell(pkg, "projects", "project_id", "hospice-vangen", "start_year", "1850")
    (p,) = only(validate_package(pkg), "projects.csv")
    assert (p.row, p.column) == (row, "start_year") and "1850" in p.reason


def test_unknown_currency(pkg):
    row = set_cell(pkg, "spending", "spending_id", "F095-1", "currency", "NOK")
    (p,) = only(validate_package(pkg), "spending.csv")
    assert (p.row, p.column) == (row, "currency") and "NOK" in p.reason and "allowed" in p.reason


def test_empty_file(pkg):
    (pkg / "sectors.csv").write_bytes(b"")
    problems = validate_package(pkg)
    assert any(p.file == "sectors.csv" and "empty" in p.reason for p in problems)


def test_missing_file(pkg):
    (pkg / "sectors.csv").unlink()
    problems = validate_package(pkg)
    assert problems[0].file == "sectors.csv" and problems[0].reason == "file not found"


def test_unreadable_binary_file(pkg):
    (pkg / "measures.csv").write_bytes(b"\xff\xfe\x00\x01\x00binary\x00")
    problems = validate_package(pkg)
    assert any(p.file == "measures.csv" and "cannot read" in p.reason for p in problems)


def test_broken_descriptor(pkg):
    (pkg / "datapackage.json").write_text("{not json", encoding="utf-8")
    (p,) = validate_package(pkg)
    assert p.file == "datapackage.json" and "invalid JSON" in p.reason


def test_all_problems_are_reported_at_once(pkg):
    set_cell(pkg, "spending", "spending_id", "F095-1", "amount", "-5")
    set_cell(pkg, "projects", "project_id", "auh-psykiatri", "region_code", "9999")
    set_cell(pkg, "figures", "figure_id", "F036-1", "value", "ca. 500 mio.")
    files = {p.file for p in validate_package(pkg)}
    assert {"spending.csv", "projects.csv", "figures.csv"} <= files


def test_invalid_package_is_never_loaded(pkg):
    set_cell(pkg, "spending", "spending_id", "F095-1", "amount", "-5")
    with pytest.raises(DataPackageError) as info:
        load_dataset(pkg)
    assert info.value.problems and info.value.problems[0].file == "spending.csv"


def test_columns_may_come_in_any_order(pkg):
    path = pkg / "sectors.csv"
    rows = read_rows(path)
    write_rows(path, rows, fieldnames=list(reversed(list(rows[0]))))
    assert validate_package(pkg) == []
