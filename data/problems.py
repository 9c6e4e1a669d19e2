"""Validation problems: where (file, row, column) and why, and a log that keeps a long report readable.

`Problem` is re-exported by :mod:`data.package` (and :mod:`data`); it lives here so that the readers
and the schema checks can use it without importing the package module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# At most this many rows are listed per file, column and kind of problem; the rest are counted.
ROW_LIMIT = 20


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is (file, row, column) and why.

    `key` names the row by its primary key where rows have no spreadsheet numbering (a database
    table: ``project_id='x'``); it is shown instead of `row`, which then only orders the problems."""

    file: str
    reason: str
    row: int | None = None  # spreadsheet row: the header is row 1, the first data row is row 2
    column: str | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.key is not None:
            where += f", row {self.key}"
        elif self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.reason}"


class ProblemLog:
    """Collects problems file by file. Row problems are listed for the first ROW_LIMIT rows of each
    (file, column, kind); the others are counted in one closing line ("… and N more rows: ...")."""

    def __init__(self) -> None:
        self._files: dict[str, dict] = {}

    def _file(self, file: str) -> dict:
        return self._files.setdefault(file, {"general": [], "rows": [], "kinds": {}})

    def add(self, problem: Problem) -> None:
        """A problem that is listed whatever the count (a file or column problem, a few rows)."""
        entry = self._file(problem.file)
        (entry["rows"] if problem.row is not None else entry["general"]).append(problem)

    def add_rows(self, file: str, column: str | None, kind: str, positions, row_of: Callable[[int], int],
                 reason: Callable[[int], str]) -> None:
        """Problems of one kind in one column at `positions` (ascending row positions in the table):
        the first rows of the kind are listed (`row_of(pos)` is the spreadsheet row, `reason(pos)` the
        text), the others only counted. `kind` is the text of the closing line."""
        entry = self._file(file)
        state = entry["kinds"].setdefault((column, kind), [0])
        room = max(ROW_LIMIT - state[0], 0)
        for pos in list(positions[:room]):
            entry["rows"].append(Problem(file, reason(int(pos)), int(row_of(int(pos))), column))
        state[0] += len(positions)

    def has_problems(self) -> bool:
        return any(e["general"] or e["rows"] for e in self._files.values())

    def files_with_problems(self) -> set[str]:
        return {f for f, e in self._files.items() if e["general"] or e["rows"]}

    def problems(self, order: list[str], columns: dict[str, list[str]] | None = None) -> list[Problem]:
        """Every problem: files in `order` (others after), in each file first the file and column
        problems, then the rows in row order, then the counts of rows not listed."""
        columns = columns or {}
        out: list[Problem] = []
        names = list(dict.fromkeys([*order, *self._files]))
        for name in names:
            entry = self._files.get(name)
            if not entry:
                continue
            position = {c: i for i, c in enumerate(columns.get(name, []))}
            out.extend(entry["general"])
            out.extend(sorted(entry["rows"], key=lambda p: (p.row, position.get(p.column, len(position)))))
            for (column, kind), (count,) in entry["kinds"].items():
                if count > ROW_LIMIT:
                    more = count - ROW_LIMIT
                    out.append(Problem(name, f"… and {more} more row{'s' if more != 1 else ''}: {kind}",
                                       None, column))
        return list(dict.fromkeys(out))
