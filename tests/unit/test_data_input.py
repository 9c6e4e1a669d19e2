"""Tables as maintainers produce them: the same table saved as Danish Excel CSV (';', decimal comma,
thousands dots, byte-order mark, CRLF), in Windows-1252, or as .xlsx loads to exactly the same frames
as the canonical CSV; what cannot be read without guessing is refused, and long reports stay short."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from data import BUNDLED_DIR, DataPackageError, load_dataset, validate_package
from data.problems import ROW_LIMIT
from data.readers import read_table
from tests.helpers_data import copy_package, read_rows, write_rows

DESCRIPTOR = json.loads((BUNDLED_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}


@pytest.fixture(scope="module")
def canonical():
    return load_dataset(BUNDLED_DIR)


def types(table: str) -> dict[str, str]:
    return {f["name"]: f["type"] for f in RESOURCES[table]["schema"]["fields"]}


def danish_number(value: str, kind: str) -> str:
    """A number as Danish Excel writes it: decimal comma, and thousands dots where a thousands
    format leaves no doubt (1.234.567, 1.234,5; a lone 1.234 would be refused as ambiguous)."""
    if not value or kind not in ("integer", "number"):
        return value
    whole, _, frac = value.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    if len(digits) >= 7 or (frac and len(digits) >= 4):
        digits = f"{int(digits):,}".replace(",", ".")
    return sign + digits + ("," + frac if frac else "")


def write_danish(pkg: Path, table: str, encoding: str = "utf-8-sig", numbers: bool = True) -> None:
    rows = read_rows(pkg / f"{table}.csv")
    kinds = types(table)
    lines = [";".join(rows[0])]
    for row in rows:
        cells = []
        for name, value in row.items():
            value = danish_number(value, kinds[name]) if numbers else value
            if any(ch in value for ch in ';"\n'):
                value = '"' + value.replace('"', '""') + '"'
            cells.append(value)
        lines.append(";".join(cells))
    (pkg / f"{table}.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def assert_same_tables(ds, canonical, tables):
    for table in tables:
        pd.testing.assert_frame_equal(ds[table], canonical[table], check_exact=True, obj=table)


DANISH_TABLES = ("regions", "figures", "spending", "programmes", "sectors")


def test_danish_excel_csv_loads_to_the_same_frames(tmp_path, canonical):
    pkg = copy_package(tmp_path)
    for table in DANISH_TABLES:
        write_danish(pkg, table)
    assert "1.911.067" in (pkg / "regions.csv").read_text(encoding="utf-8-sig")  # thousands dots
    assert (pkg / "figures.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert ";4,6;" in (pkg / "figures.csv").read_text(encoding="utf-8-sig")  # decimal comma
    assert_same_tables(load_dataset(pkg), canonical, DANISH_TABLES)


def test_thousands_dots_with_a_decimal_comma(tmp_path):
    pkg = copy_package(tmp_path)
    write_danish(pkg, "figures")
    path = pkg / "figures.csv"
    text = path.read_bytes().decode("utf-8-sig")
    path.write_bytes(text.replace(";4,6;", ";1.234,5;", 1).replace(";8,8;", ";12.345.678,25;", 1).encode("utf-8-sig"))
    values = set(load_dataset(pkg)["figures"]["value"])
    assert {1234.5, 12345678.25} <= values


def test_windows_1252_with_danish_letters_loads_to_the_same_frames(tmp_path, canonical):
    pkg = copy_package(tmp_path)
    for table in ("sectors", "programmes", "regions"):
        write_danish(pkg, table, encoding="cp1252")
    raw = (pkg / "sectors.csv").read_bytes()
    assert "Lægemidler".encode("cp1252") in raw and b"\xc3" not in raw  # æ as one byte, not UTF-8
    assert_same_tables(load_dataset(pkg), canonical, ("sectors", "programmes", "regions"))


def test_windows_1252_comma_separated_loads_too(tmp_path, canonical):
    pkg = copy_package(tmp_path)
    text = (pkg / "sectors.csv").read_text(encoding="utf-8")
    (pkg / "sectors.csv").write_bytes(text.encode("cp1252"))
    assert_same_tables(load_dataset(pkg), canonical, ("sectors",))


def write_xlsx(pkg: Path, table: str) -> None:
    import openpyxl

    rows = read_rows(pkg / f"{table}.csv")
    kinds = types(table)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(rows[0]))
    for row in rows:
        cells = []
        for name, value in row.items():
            if value == "":
                cells.append(None)
            elif kinds[name] == "integer" and value.lstrip("-").isdigit():
                cells.append(int(value))  # a number cell
            elif kinds[name] == "number" and value.replace(".", "", 1).lstrip("-").isdigit():
                cells.append(float(value))
            else:
                cells.append(value)
        ws.append(cells)
    wb.save(pkg / f"{table}.xlsx")
    (pkg / f"{table}.csv").unlink()


def point_to_xlsx(pkg: Path, tables) -> None:
    path = pkg / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] in tables:
            resource.update(path=f"{resource['name']}.xlsx", format="xlsx",
                            mediatype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            resource.pop("encoding", None)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def test_xlsx_tables_load_to_the_same_frames(tmp_path, canonical):
    pkg = copy_package(tmp_path)
    tables = ("regions", "figures", "sectors", "spending")
    for table in tables:
        write_xlsx(pkg, table)
    point_to_xlsx(pkg, tables)
    assert_same_tables(load_dataset(pkg), canonical, tables)


def test_xlsx_text_amount_is_refused_with_row_and_column(tmp_path):
    pkg = copy_package(tmp_path)
    rows = read_rows(pkg / "spending.csv")
    rows[4]["amount"] = "ca. 500 mio."
    write_rows(pkg / "spending.csv", rows)
    write_xlsx(pkg, "spending")
    point_to_xlsx(pkg, ("spending",))
    problems = [p for p in validate_package(pkg) if p.file == "spending.xlsx"]
    assert [str(p) for p in problems] == [
        "spending.xlsx, row 6, column 'amount': 'ca. 500 mio.' is not a valid integer"]


def test_trailing_blank_rows_that_excel_writes_are_ignored(tmp_path, canonical):
    pkg = copy_package(tmp_path)
    write_danish(pkg, "sectors")
    with (pkg / "sectors.csv").open("ab") as fh:
        fh.write(b";;;\r\n;;;\r\n\r\n")
    assert_same_tables(load_dataset(pkg), canonical, ("sectors",))


def test_read_table_gives_text_cells_by_spreadsheet_row(tmp_path):
    pkg = copy_package(tmp_path)
    write_danish(pkg, "regions", encoding="cp1252")
    frame, problems = read_table(pkg, RESOURCES["regions"])
    assert problems == []
    assert frame.attrs["dialect"] == "CSV, semicolon-separated, decimal comma, Windows-1252"
    assert frame.index[0] == 2 and frame.loc[2, "region_code"] == "1081"
    assert frame.loc[2, "population"] == "593135"  # as written: read_table does not convert
    assert frame.loc[5, "population"] == "1.911.067"
    assert frame["research_ids"].dtype == "string" and frame.isna().any().any()


def test_numbers_are_never_guessed(tmp_path):
    pkg = copy_package(tmp_path)
    write_danish(pkg, "figures")
    path = pkg / "figures.csv"
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    header = lines[0].split(";")
    value = header.index("value")
    cases = {"1.234": "ambiguous", "12.5": "decimal mark is ','", "ca. 500 mio.": "not a valid number",
             "1,234,5": "not a valid number", "500 mio": "not a valid number"}
    for i, text in enumerate(cases, start=1):
        cells = lines[i].split(";")
        cells[value] = text
        lines[i] = ";".join(cells)
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    problems = [p for p in validate_package(pkg) if p.file == "figures.csv"]
    assert [(p.row, p.column) for p in problems] == [(i + 1, "value") for i in range(1, len(cases) + 1)]
    for p, (text, why) in zip(problems, cases.items(), strict=True):
        assert f"'{text}'" in p.reason and why in p.reason, p


def test_a_long_report_lists_the_first_rows_and_counts_the_rest(tmp_path):
    pkg = copy_package(tmp_path)
    rows = read_rows(pkg / "figures.csv")
    for row in rows[:50]:
        row["value"] = "ca. 500 mio."
    write_rows(pkg / "figures.csv", rows)
    with pytest.raises(DataPackageError) as info:
        load_dataset(pkg)
    mine = [p for p in info.value.problems if p.file == "figures.csv" and p.column == "value"]
    assert len(mine) == ROW_LIMIT + 1
    assert [p.row for p in mine[:ROW_LIMIT]] == list(range(2, 2 + ROW_LIMIT))
    assert mine[-1].row is None and mine[-1].reason == f"… and {50 - ROW_LIMIT} more rows: not a valid number"


def test_a_header_name_that_differs_only_in_spaces_or_case_is_named(tmp_path):
    pkg = copy_package(tmp_path)
    text = (pkg / "sectors.csv").read_text(encoding="utf-8")
    (pkg / "sectors.csv").write_text(text.replace("name_en", "Name_en ", 1), encoding="utf-8")
    problems = [p for p in validate_package(pkg) if p.file == "sectors.csv"]
    assert any(p.column == "name_en" and "the header has 'Name_en '" in p.reason for p in problems)
