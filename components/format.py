"""Danish number and date formatting for display."""
from __future__ import annotations

from datetime import date

MONTHS_DA = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)


def format_int(value: int) -> str:
    """1234567 -> '1.234.567' (Danish thousands separator)."""
    return f"{value:,}".replace(",", ".")


def format_date(iso: str) -> str:
    """'2026-11-22' -> '22. november 2026'; anything unparseable is returned unchanged."""
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    return f"{day.day}. {MONTHS_DA[day.month - 1]} {day.year}"
