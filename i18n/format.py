"""Numbers, amounts, dates and lists in the language's format, via Babel (never hand-built).

Danish: 1.234.567 · 4,6 · 593 mio. kr. · 1,3 mia. kr. · > 500 mio. kr. · a, b og c
English: 1,234,567 · 4.6 · DKK 593m · DKK 1.3bn · > DKK 500m · a, b and c
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd
from babel.dates import format_date as babel_format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from pandas.api.types import is_scalar

from i18n.text import t

LOCALES = {"da": "da_DK", "en": "en_GB"}
# plotly's layout.separators: decimal mark then thousands separator
PLOTLY_SEPARATORS = {"da": ",.", "en": ".,"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["da"])


def is_missing(value) -> bool:
    """None, NaN or pandas' NA."""
    return value is None or (is_scalar(value) and bool(pd.isna(value)))


def number(value, lang: str = "da", decimals: int = 0, fixed: bool = False) -> str:
    """Thousands separators and up to `decimals` decimals (exactly `decimals` when fixed)."""
    return _decimal(float(value), lang, decimals, fixed)


@lru_cache(maxsize=4096)
def _decimal(value: float, lang: str, decimals: int, fixed: bool) -> str:
    """Babel's formatting, kept per value: a page formats the same counts and years many times."""
    pattern = "#,##0" + ("." + ("0" if fixed else "#") * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def format_int(value, lang: str = "da") -> str:
    return number(value, lang)


def _scaled(value: float) -> tuple[float, str]:
    magnitude = abs(value)
    if magnitude >= 1e9:
        return value / 1e9, "bn"
    if magnitude >= 1e6:
        return value / 1e6, "m"
    return value, ""


_DA_SCALE = {"bn": "mia.", "m": "mio.", "": ""}


def money(value, unit: str = "DKK", lang: str = "da", bound: str | None = "exact") -> str:
    """An amount with its currency, scaled to mio./mia. and with its bound."""
    if is_missing(value):
        return ""
    scaled, scale = _scaled(float(value))
    # mio./mia. keep one decimal where there is one (114,4 mia.; 158,3 mio.; 593 mio.)
    digits = number(scaled, lang, 1 if scale else 0)
    if lang == "en":  # the sign goes before the currency: -DKK 2.5m
        sign, digits = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
        text = f"{sign}{unit} {digits}{scale}"
    else:
        currency = "kr." if unit == "DKK" else unit
        text = " ".join(p for p in (digits, _DA_SCALE[scale], currency) if p)
    return with_bound(text, bound, lang)


def with_bound(text: str, bound: str | None, lang: str = "da") -> str:
    if bound == "lower":
        return f"> {text}"
    if bound == "upper":
        return f"{'up to' if lang == 'en' else 'op til'} {text}"
    if bound == "mixed":
        return f"{text} *"
    return text


def value(value, unit: str, lang: str = "da", bound: str | None = "exact") -> str:
    """Any figure: amounts with currency, other units with their unit word."""
    if is_missing(value):
        return ""
    if unit in CURRENCIES:
        return money(value, unit, lang, bound)
    decimals = 1 if unit in ("jobs_per_mio_dkk", "dkk_per_dkk", "percent") else 0
    digits = number(value, lang, decimals)
    suffix = UNIT_WORDS.get(unit, {}).get(lang, "")
    return with_bound(f"{digits}{suffix}", bound, lang)


CURRENCIES = ("DKK", "SEK", "EUR")  # amounts, each shown in its own currency (never converted)

UNIT_WORDS = {
    "percent": {"da": " %", "en": "%"},
    "m2": {"da": " m²", "en": " m²"},
    "t_co2_per_year": {"da": " t CO₂ pr. år", "en": " t CO₂ a year"},
    "jobs_per_mio_dkk": {"da": " job pr. mio. kr.", "en": " jobs per DKK 1m"},
    "dkk_per_dkk": {"da": " mio. kr. pr. mio. kr.", "en": " DKK m per DKK 1m"},
    "years": {"da": " år", "en": " years"},
    "jobs": {"da": " job", "en": " jobs"},
}


def years(start, end=None, lang: str = "da") -> str:
    """'2014', '2014–2018', or '' when unknown."""
    s = None if is_missing(start) else int(start)
    e = None if is_missing(end) else int(end)
    if s is None and e is None:
        return ""
    if s is None or e is None or s == e:
        return str(s if s is not None else e)
    return f"{s}–{e}"


def period_text(year, year_end, lang: str = "da") -> str:
    """A figure's period: '2023', '2014–2018', or 'year not reported'."""
    return years(year, year_end, lang) or t("value.year_unknown", lang)


def csv_options(lang: str = "da") -> dict:
    """How a CSV download is written for people of this language: Danish Excel opens ';'-separated
    values with decimal commas and a byte-order mark; English, plain CSV."""
    if lang == "da":
        return {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"}
    return {"sep": ",", "decimal": ".", "encoding": "utf-8"}


def join_list(items, lang: str = "da") -> str:
    """'a', 'a og b', 'a, b og c' (da) / 'a', 'a and b', 'a, b and c' (en); '' when empty."""
    return format_list([str(item) for item in items], style="standard", locale=_locale(lang))


def format_date(iso: str, lang: str = "da") -> str:
    """'2026-11-22' -> '22. november 2026' (da) / '22 November 2026' (en); else unchanged."""
    try:
        day = date.fromisoformat(str(iso))
    except (TypeError, ValueError):
        return str(iso)
    return babel_format_date(day, format="long", locale=_locale(lang))
