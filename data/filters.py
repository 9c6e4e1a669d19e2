"""The normalised filter value every query takes.

Equivalent selections compare (and hash) equal, so results can be cached on
``(dataset.version, filters)``. Parsing a query string into Filters, with notices for dropped
values, is the URL-state module's job; this module only normalises.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

YEAR_MIN, YEAR_MAX = 1990, 2060


def _norm(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = values.split(",")
    return tuple(sorted({str(v).strip() for v in values if str(v).strip()}))


def _year(value) -> int | None:
    if value is None or value == "":
        return None
    year = int(value)
    return min(max(year, YEAR_MIN), YEAR_MAX)


@dataclass(frozen=True)
class Filters:
    regions: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    country: str | None = None

    @classmethod
    def make(cls, regions=None, sectors=None, forms=None, year_from=None, year_to=None,
             country=None) -> Filters:
        """Build a normalised Filters: sorted, de-duplicated ids; years clamped and ordered."""
        y0, y1 = _year(year_from), _year(year_to)
        if y0 is not None and y1 is not None and y0 > y1:
            y0, y1 = y1, y0
        return cls(_norm(regions), _norm(sectors), _norm(forms), y0, y1,
                   (country or None) and str(country).upper())

    @property
    def is_empty(self) -> bool:
        return self == Filters()
