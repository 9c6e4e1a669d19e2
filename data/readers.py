"""Read one table of the data package as maintainers produce it, or refuse it with a clear message.

Accepted, decided per file (never per row):

- canonical CSV: ``,`` separated, UTF-8 (a byte-order mark is allowed), ``.`` as decimal mark;
- CSV as Danish Excel saves it ("CSV (semikolonsepareret)"): ``;`` separated, UTF-8 with a
  byte-order mark or Windows-1252, decimal comma in number and integer columns (``1234,5``);
  ``.`` as thousands separator only where it cannot be read otherwise (``1.234.567``,
  ``1.234,5``; a lone ``1.234`` is refused as ambiguous). The separator is the one of ``,`` and
  ``;`` that splits the header line into the declared column names;
- an Excel workbook (``.xlsx``) when the resource's ``path`` in ``datapackage.json`` ends in
  ``.xlsx``: the first sheet, header in row 1; numbers are written as canonical text (1234.5).

The encoding is decided for the whole file: UTF-8 if the whole file is valid UTF-8, otherwise
Windows-1252 if the whole file decodes as such and holds no UTF-8 sequence (a file mixing both is
refused). Refused with a message naming the file (and row and column where there is one) and how
to fix it: a missing, empty or header-only file, a file over MAX_FILE_BYTES (checked with
``os.stat`` before reading), binary content, text in another encoding, a truncated file (the last
row cut off or ending inside a quoted cell), rows with too many or too few cells, blank rows
(blank rows at the very end are ignored: Excel writes them), a workbook that is not a valid .xlsx.

Cells are read as text; empty cells are null. Types, constraints and keys are checked by
:mod:`data.schema_check`. Tables are streamed in batches, so memory stays bounded by the batch and
the typed columns being built.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from data.problems import Problem

# Largest table file read. The largest file of the 1,000,000-project benchmark package
# (projects.csv) is about 140 MB; a file above this is refused before it is read.
MAX_FILE_BYTES = 160 * 2**20
# Workbooks are read cell by cell (slow): larger tables belong in CSV.
MAX_XLSX_BYTES = 32 * 2**20
MAX_XLSX_UNPACKED_BYTES = 1 * 2**30  # a zip "bomb" is refused before it is unpacked
HEAD_BYTES = 64 * 2**10  # the header line must end within this many bytes
SCAN_CHUNK = 2**20
BLOCK_BYTES = 4 * 2**20  # CSV parse block; one row must fit in it
XLSX_BATCH_ROWS = 20_000

SAVE_AS_CSV = 'save it as "CSV UTF-8" (or as "CSV (semikolonsepareret)")'
# Control characters (other than tab, line feed, carriage return) are mapped to NUL, then searched.
_CONTROL = bytes(0 if (b < 0x20 and b not in (0x09, 0x0A, 0x0D)) or b == 0x7F else b for b in range(256))
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Dialect:
    """How a table file is written."""

    format: str = "csv"  # "csv" or "xlsx"
    delimiter: str = ","
    encoding: str = "utf-8"  # "utf-8" or "cp1252"
    bom: bool = False

    @property
    def decimal(self) -> str:
        """The decimal mark of number cells: ',' in a semicolon-separated (Danish Excel) file."""
        return "," if self.format == "csv" and self.delimiter == ";" else "."

    def describe(self) -> str:
        if self.format == "xlsx":
            return "Excel workbook (.xlsx)"
        sep = "semicolon-separated, decimal comma" if self.delimiter == ";" else "comma-separated"
        enc = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}[self.encoding]
        return f"CSV, {sep}, {enc}{' with byte-order mark' if self.bom else ''}"


@dataclass
class Batch:
    rows: np.ndarray  # spreadsheet row number of every row (the header is row 1)
    data: pa.RecordBatch  # the cells as text (null where empty), columns named as in the header


@dataclass
class TableSource:
    """An opened table file: header, dialect and a stream of batches. Problems met while streaming
    (rows with a wrong number of cells, blank rows, truncation) are appended to `problems`; they
    are complete once `batches()` is exhausted."""

    file: str
    path: Path
    header: list[str]
    dialect: Dialect
    problems: list[Problem] = field(default_factory=list)
    incomplete: bool = False  # rows were left out (wrong number of cells): keys may be missing
    size: int = 0
    ends_with_newline: bool = True

    def batches(self) -> Iterator[Batch]:
        if self.dialect.format == "xlsx":
            yield from _xlsx_batches(self)
        else:
            yield from _csv_batches(self)


def cannot_read(file: str, why: str, row: int | None = None) -> Problem:
    return Problem(file, f"cannot read the file: {why}", row)


def table_format(resource: dict) -> str:
    return "xlsx" if str(resource.get("path", "")).lower().endswith(".xlsx") else "csv"


# ---------------------------------------------------------------- opening
def open_table(directory: Path, resource: dict, field_names: list[str],
               digest=None) -> tuple[TableSource | None, list[Problem]]:
    """Check the file and open it for streaming. `digest` (a hashlib object), if given, is fed
    the file's bytes. Returns (None, problems) when the file cannot be read at all."""
    file = resource["path"]
    path = Path(directory) / file
    try:
        st = path.stat()
    except FileNotFoundError:
        return None, [Problem(file, "file not found")]
    except OSError as exc:
        return None, [cannot_read(file, exc.strerror or str(exc))]
    if not path.is_file():
        return None, [cannot_read(file, "it is not a regular file")]
    if st.st_size == 0:
        return None, [Problem(file, "file is empty (0 bytes): export the table again, with its header row")]
    fmt = table_format(resource)
    cap = MAX_XLSX_BYTES if fmt == "xlsx" else MAX_FILE_BYTES
    if st.st_size > cap:
        advice = ("save large tables as CSV" if fmt == "xlsx"
                  else "check that it is the right file; a table this large must be split or reduced")
        return None, [cannot_read(file, f"it is {_mb(st.st_size)}, larger than the {_mb(cap)} allowed "
                                        f"for one {'workbook' if fmt == 'xlsx' else 'table'}; {advice}")]
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    if fmt == "xlsx":
        return _open_xlsx(file, path, st.st_size, head, field_names, digest)
    return _open_csv(file, path, st.st_size, head, field_names, digest)


def _mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 10 * 2**20 else f"{n / 2**20:.1f} MB"


def _line_of(path: Path, offset: int) -> int:
    """1-based line number of the byte at `offset`."""
    lines = 1
    with path.open("rb") as fh:
        done = 0
        while done < offset:
            chunk = fh.read(min(SCAN_CHUNK, offset - done))
            if not chunk:
                break
            lines += chunk.count(b"\n")
            done += len(chunk)
    return lines


def _scan(file: str, path: Path, bom: bool, digest) -> tuple[str | None, list[Problem], bool]:
    """One pass over the whole file: hash it, refuse binary content, decide the encoding.
    Returns (encoding, problems, ends_with_newline)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8_ok, bad_at, offset, last = True, None, 0, b""
    with path.open("rb") as fh:
        while chunk := fh.read(SCAN_CHUNK):
            if digest is not None:
                digest.update(chunk)
            if (at := chunk.translate(_CONTROL).find(b"\0")) >= 0:
                byte = chunk[at]
                what = "NUL bytes" if byte == 0 else f"the control character 0x{byte:02X}"
                return None, [cannot_read(file, f"it contains {what}, so it is binary data, not a text "
                                                "(CSV) table; export the table again as CSV",
                                          _line_of(path, offset + at))], False
            if utf8_ok:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    utf8_ok, bad_at = False, max(offset + exc.start - len(decoder.getstate()[0]), 0)
            offset += len(chunk)
            last = chunk[-1:]
    if utf8_ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok, bad_at = False, offset - 1
    ends_with_newline = last in (b"\n", b"\r")
    if utf8_ok:
        return "utf-8", [], ends_with_newline
    line = _line_of(path, bad_at)
    if bom:
        return None, [cannot_read(file, "it starts with a UTF-8 byte-order mark but is not valid UTF-8 "
                                        f"(first bad byte on line {line}); {SAVE_AS_CSV} again", line)], False
    # Not UTF-8: Windows-1252 (what Danish Excel writes for "CSV (semikolonsepareret)")?
    cp1252 = codecs.getincrementaldecoder("cp1252")()
    offset = 0
    with path.open("rb") as fh:
        while chunk := fh.read(SCAN_CHUNK):
            if _UTF8_SEQUENCE.search(chunk):
                return None, [cannot_read(
                    file, f"it mixes UTF-8 and another encoding (a byte on line {line} is not UTF-8, "
                          f"other text is); {SAVE_AS_CSV} again from the original", line)], False
            try:
                cp1252.decode(chunk)
            except UnicodeDecodeError as exc:
                bad_line = _line_of(path, offset + exc.start)
                byte = chunk[exc.start]
                return None, [cannot_read(
                    file, f"byte 0x{byte:02X} on line {bad_line} is neither UTF-8 nor Windows-1252 text; "
                          f"{SAVE_AS_CSV}", bad_line)], False
            offset += len(chunk)
    return "cp1252", [], ends_with_newline


def _sniff_magic(file: str, head: bytes, expected: str) -> Problem | None:
    if head.startswith(b"PK\x03\x04") and expected == "csv":
        return cannot_read(file, "it is an Excel workbook (.xlsx), not CSV text; "
                                 f"{SAVE_AS_CSV}, or rename it to .xlsx and change its path in datapackage.json")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return cannot_read(file, "it is an old Excel 97-2003 workbook (.xls); "
                                 f"{SAVE_AS_CSV}" + (" or as .xlsx" if expected == "xlsx" else ""))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) and expected == "csv":
        return cannot_read(file, 'it is saved as UTF-16 ("Unicode text"); ' + SAVE_AS_CSV)
    if head.startswith(b"%PDF"):
        return cannot_read(file, f"it is a PDF document, not a table; {SAVE_AS_CSV}")
    return None


def _header_names(text: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', doublequote=True))
    except (StopIteration, csv.Error):
        return []


def _open_csv(file: str, path: Path, size: int, head: bytes, field_names: list[str],
              digest) -> tuple[TableSource | None, list[Problem]]:
    if (problem := _sniff_magic(file, head, "csv")) is not None:
        return None, [problem]
    bom = head.startswith(_UTF8_BOM)
    encoding, problems, ends_with_newline = _scan(file, path, bom, digest)
    if problems:
        return None, problems
    body = head[len(_UTF8_BOM):] if bom else head
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(body, final=size <= HEAD_BYTES)
    if not text.strip():
        return None, [Problem(file, "file is empty (only blank lines): export the table again, with its header row")]
    first_line_ends = min((i for i in (text.find("\n"), text.find("\r")) if i >= 0), default=-1)
    if first_line_ends < 0 and size > HEAD_BYTES:
        return None, [cannot_read(file, f"its first line is longer than {HEAD_BYTES // 1024} KB, so it is not a "
                                        f"table with a header row; {SAVE_AS_CSV}")]
    declared = set(field_names)
    candidates = {d: _header_names(text, d) for d in (",", ";")}
    score = {d: (len(declared & set(names)), len(names)) for d, names in candidates.items()}
    delimiter = ";" if score[";"] > score[","] else ","
    header = candidates[delimiter]
    if not header or header == [""]:
        return None, [Problem(file, "the first line is empty: it must be the header row with the column names", 1)]
    source = TableSource(file, path, header, Dialect("csv", delimiter, encoding, bom), size=size,
                         ends_with_newline=ends_with_newline)
    rest = text[first_line_ends + 1:] if first_line_ends >= 0 else ""
    if size <= HEAD_BYTES and not rest.replace(delimiter, "").strip():
        return None, [Problem(file, "file has only a header row and no data rows")]
    return source, []


# ---------------------------------------------------------------- CSV stream
class _RowNumbers:
    """Spreadsheet row numbers of the parsed rows, given the rows the parser skipped (wrong cell
    count). The parser runs single-threaded, so it reports a skipped row before yielding the batch
    that would have held it."""

    def __init__(self) -> None:
        self.next = 2  # the header is row 1
        self.skipped: list[int] = []

    def take(self, n: int) -> np.ndarray:
        start = self.next
        if not self.skipped or self.skipped[-1] < start:
            self.next += n
            return np.arange(start, start + n, dtype=np.int64)
        skipped = np.array([s for s in self.skipped if s >= start], dtype=np.int64)
        k = 0
        while True:
            hi = start + n + k
            k2 = int(((skipped >= start) & (skipped < hi)).sum())
            if k2 == k:
                break
            k = k2
        self.next = hi
        return np.setdiff1d(np.arange(start, hi, dtype=np.int64), skipped, assume_unique=True)


def _csv_batches(source: TableSource) -> Iterator[Batch]:
    d = source.dialect
    numbers = _RowNumbers()
    bad: list[tuple[int | None, int, int, bool, bool]] = []  # (row, cells, expected, odd quotes, blank)

    def on_invalid_row(row) -> str:
        text = row.text or ""
        blank = not text.replace(d.delimiter, "").strip()
        bad.append((row.number, row.actual_columns, row.expected_columns, text.count('"') % 2 == 1, blank))
        if row.number is not None:
            numbers.skipped.append(row.number)
        return "skip"

    names = source.header
    try:
        reader = pacsv.open_csv(
            source.path,
            read_options=pacsv.ReadOptions(use_threads=False, block_size=BLOCK_BYTES, skip_rows=1,
                                           column_names=names, encoding=d.encoding),
            parse_options=pacsv.ParseOptions(delimiter=d.delimiter, quote_char='"', double_quote=True,
                                             escape_char=False, newlines_in_values=True,
                                             ignore_empty_lines=False, invalid_row_handler=on_invalid_row),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 null_values=[""], strings_can_be_null=True,
                                                 quoted_strings_can_be_null=True, check_utf8=False),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        source.problems.append(_parse_error(source, exc, numbers.next))
        return
    blank = _BlankRows()
    try:
        for record_batch in reader:
            rows = numbers.take(record_batch.num_rows)
            record_batch, rows = blank.drop(record_batch, rows)
            if record_batch.num_rows:
                yield Batch(rows, record_batch)
    except (pa.ArrowInvalid, OSError) as exc:
        source.problems.append(_parse_error(source, exc, numbers.next))
        source.incomplete = True
        return
    last_row = max([numbers.next - 1, *(b[0] for b in bad if b[0] is not None)])
    for number, cells, expected, odd_quotes, is_blank in bad:
        if is_blank:
            blank.add(number)
            continue
        blank.data_row(number)
        source.incomplete = True
        if odd_quotes and number == last_row:
            reason = ("a quoted cell that starts in this row is never closed: the file ends inside it. "
                      "The file looks cut off (truncated), or a '\"' is stray; save or copy the whole table again")
        elif number == last_row and cells < expected and not source.ends_with_newline:
            reason = (f"the last row has {cells} of {expected} cells and no line end: the file looks cut off "
                      "(truncated); save or copy the whole table again")
        elif cells > expected:
            reason = (f"column or cell not declared in the schema (the row has {cells} cells, "
                      f"the header {expected}; a stray '{d.delimiter}' or an unquoted cell?)")
        else:
            reason = f"the row has {cells} cells, the header {expected}: a cell or a '{d.delimiter}' is missing"
        source.problems.append(Problem(source.file, reason, number))
    source.problems.extend(blank.problems(source.file))
    if blank.last_data == 0:
        source.problems.append(Problem(source.file, "file has only a header row and no data rows"))


def _parse_error(source: TableSource, exc: Exception, row: int) -> Problem:
    message = str(exc)
    if "straddling" in message or "block" in message.lower():
        return cannot_read(source.file, f"a row is longer than {BLOCK_BYTES // 2**20} MB; most likely a quoted "
                                        "cell is never closed (a stray '\"'), so the rest of the file reads as one "
                                        "cell. Check the quotes from this row on", row)
    return cannot_read(source.file, f"{message.splitlines()[0]} ({SAVE_AS_CSV})", row)


class _BlankRows:
    """Blank rows are problems, except at the very end of the table (Excel writes such rows)."""

    def __init__(self) -> None:
        self.blank: list[int] = []
        self.last_data = 0

    def add(self, row: int | None) -> None:
        if row is not None:
            self.blank.append(row)

    def data_row(self, row: int | None) -> None:
        if row is not None:
            self.last_data = max(self.last_data, row)

    def drop(self, batch: pa.RecordBatch, rows: np.ndarray) -> tuple[pa.RecordBatch, np.ndarray]:
        if batch.num_columns == 0 or batch.num_rows == 0:
            return batch, rows
        if any(batch.column(i).null_count == 0 for i in range(batch.num_columns)):
            # a blank row has a null in every column
            self.last_data = max(self.last_data, int(rows[-1]))
            return batch, rows
        empty = np.ones(batch.num_rows, dtype=bool)
        for i in range(batch.num_columns):
            empty &= batch.column(i).is_null().to_numpy(zero_copy_only=False)
        if not empty.any():
            self.last_data = max(self.last_data, int(rows[-1]))
            return batch, rows
        self.blank.extend(int(r) for r in rows[empty])
        if (~empty).any():
            self.last_data = max(self.last_data, int(rows[~empty][-1]))
        keep = ~empty
        return batch.filter(pa.array(keep)), rows[keep]

    def problems(self, file: str) -> list[Problem]:
        inner = [r for r in self.blank if r < self.last_data]
        out = [Problem(file, "blank row", r) for r in inner[:20]]
        if len(inner) > 20:
            out.append(Problem(file, f"… and {len(inner) - 20} more blank rows"))
        return out


# ---------------------------------------------------------------- Excel workbooks
def _open_xlsx(file: str, path: Path, size: int, head: bytes, field_names: list[str],
               digest) -> tuple[TableSource | None, list[Problem]]:
    broken = ("open it in Excel and save it again as .xlsx (Excel Workbook), "
              "or save it as CSV and change its path in datapackage.json")
    if (problem := _sniff_magic(file, head, "xlsx")) is not None:
        return None, [problem]
    if not head.startswith(b"PK\x03\x04"):
        return None, [cannot_read(file, f"it is not an Excel workbook (.xlsx); {broken}")]
    if digest is not None:
        with path.open("rb") as fh:
            while chunk := fh.read(SCAN_CHUNK):
                digest.update(chunk)
    try:
        with zipfile.ZipFile(path) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
            if unpacked > MAX_XLSX_UNPACKED_BYTES:
                return None, [cannot_read(file, f"the workbook unpacks to {_mb(unpacked)}, more than the "
                                                f"{_mb(MAX_XLSX_UNPACKED_BYTES)} allowed; save large tables as CSV")]
            if "xl/workbook.xml" not in zf.namelist():
                return None, [cannot_read(file, f"it is a zip file but not an Excel workbook; {broken}")]
        header = _xlsx_header(path)
    except Exception as exc:  # noqa: BLE001 - openpyxl and zipfile raise many kinds
        return None, [cannot_read(file, f"not a valid Excel workbook ({type(exc).__name__}: {exc}); {broken}")]
    if header is None:
        return None, [Problem(file, "the first sheet of the workbook is empty: it must hold the table, "
                                    "with the column names in row 1")]
    return TableSource(file, path, header, Dialect("xlsx", encoding="utf-8"), size=size), []


def _load_workbook(path: Path):
    import openpyxl  # imported lazily: only needed for workbooks

    return openpyxl.load_workbook(path, read_only=True, data_only=True)


def _xlsx_header(path: Path) -> list[str] | None:
    wb = _load_workbook(path)
    try:
        if not wb.worksheets:
            return None
        first = next(wb.worksheets[0].iter_rows(values_only=True, max_row=1), None)
    finally:
        wb.close()
    if first is None:
        return None
    cells = list(first)
    while cells and cells[-1] is None:
        cells.pop()
    if not cells:
        return None
    return ["" if c is None else _cell_text(c)[0] for c in cells]


def _cell_text(value) -> tuple[str | None, str | None]:
    """(canonical text, problem) of a workbook cell."""
    if value is None:
        return None, None
    if isinstance(value, str):
        return (value if value != "" else None), None
    if isinstance(value, bool):
        return ("true" if value else "false"), None
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value), None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value)), None
        return repr(value), None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat(), ("is an Excel date/time cell; the data package has no date columns: "
                                   "format the cells as Text and type the value as the schema asks "
                                   "(e.g. a year as 2024)")
    return str(value), None


def _xlsx_batches(source: TableSource) -> Iterator[Batch]:
    width = len(source.header)
    blank = _BlankRows()
    try:
        wb = _load_workbook(source.path)
    except Exception as exc:  # noqa: BLE001
        source.problems.append(cannot_read(source.file, f"not a valid Excel workbook ({exc})"))
        return
    try:
        columns: list[list[str | None]] = [[] for _ in range(width)]
        rows: list[int] = []
        seen = 0
        for number, values in enumerate(wb.worksheets[0].iter_rows(min_row=2, values_only=True), start=2):
            seen += 1
            cells = list(values)
            extra = [i for i, v in enumerate(cells[width:], start=width) if v is not None and v != ""]
            texts = []
            for i in range(width):
                text, problem = _cell_text(cells[i] if i < len(cells) else None)
                if problem:
                    source.problems.append(Problem(source.file, f"'{text}' {problem}", number, source.header[i]))
                texts.append(text)
            if extra:
                source.problems.append(Problem(
                    source.file, f"column or cell not declared in the schema (a value in column "
                                 f"{_column_letter(extra[0])}, right of the header)", number))
            if all(t is None for t in texts) and not extra:
                blank.add(number)
                continue
            blank.data_row(number)
            for i, t in enumerate(texts):
                columns[i].append(t)
            rows.append(number)
            if len(rows) >= XLSX_BATCH_ROWS:
                yield _xlsx_batch(source.header, columns, rows)
                columns, rows = [[] for _ in range(width)], []
        if rows:
            yield _xlsx_batch(source.header, columns, rows)
    except Exception as exc:  # noqa: BLE001 - a corrupt sheet
        source.problems.append(cannot_read(source.file, f"the workbook is damaged ({type(exc).__name__}: {exc}); "
                                                        "open it in Excel and save it again"))
        return
    finally:
        wb.close()
    source.problems.extend(blank.problems(source.file))
    if blank.last_data == 0 and not any(p.row for p in source.problems):
        source.problems.append(Problem(source.file, "file has only a header row and no data rows"))


def _xlsx_batch(header: list[str], columns: list[list[str | None]], rows: list[int]) -> Batch:
    arrays = [pa.array(c, type=pa.string()) for c in columns]
    return Batch(np.array(rows, dtype=np.int64), pa.RecordBatch.from_arrays(arrays, names=header))


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def release_memory() -> None:
    """Give the memory freed after reading a large table back to the system (pyarrow's pool and,
    on glibc, malloc's free lists), so the peak of one table does not stay with the process."""
    pa.default_memory_pool().release_unused()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


# ---------------------------------------------------------------- whole table
def read_table(directory: str | Path, resource: dict) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table's cells as text (a DataFrame of strings, null where empty, indexed by spreadsheet
    row number), or None, with the problems of reading it. Types are not checked here."""
    names = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
    source, problems = open_table(Path(directory), resource, names)
    if source is None:
        return None, problems
    batches = list(source.batches())
    problems = problems + source.problems
    if batches:
        table = pa.Table.from_batches([b.data for b in batches])
        rows = np.concatenate([b.rows for b in batches])
    else:
        table = pa.table({n: pa.array([], pa.string()) for n in source.header})
        rows = np.array([], dtype=np.int64)
    frame = pd.DataFrame({name: pd.array(table.column(i), dtype="string")
                          for i, name in enumerate(table.column_names)},
                         index=pd.Index(rows, name="row"))
    frame.attrs["dialect"] = source.dialect.describe()
    frame.attrs["decimal"] = source.dialect.decimal
    return frame, problems
