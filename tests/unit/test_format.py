"""Danish (and English) number formats, via Babel."""

from __future__ import annotations

import pandas as pd
import pytest

from i18n import format as fmt


@pytest.mark.parametrize(("value", "da", "en"), [
    (1234567, "1.234.567", "1,234,567"),
    (0, "0", "0"),
    (-1500, "-1.500", "-1,500"),
])
def test_whole_numbers(value, da, en):
    assert fmt.number(value, "da") == da and fmt.number(value, "en") == en


def test_decimals():
    assert fmt.number(4.6, "da", 1) == "4,6" and fmt.number(4.6, "en", 1) == "4.6"
    assert fmt.number(1, "da", 1, fixed=True) == "1,0" and fmt.number(1, "en", 1, fixed=True) == "1.0"
    assert fmt.number(-1234.5, "da", 1) == "-1.234,5" and fmt.number(-1234.5, "en", 1) == "-1,234.5"
    assert fmt.number(0.25, "da", 2) == "0,25" and fmt.number(0.25, "en", 2) == "0.25"


def test_figures_with_bounds_and_units_in_both_languages():
    assert fmt.value(500, "jobs", "da", "lower") == "> 500 job"
    assert fmt.value(500, "jobs", "en", "lower") == "> 500 jobs"
    assert fmt.value(12.5, "percent", "da") == "12,5 %" and fmt.value(12.5, "percent", "en") == "12.5%"
    assert fmt.value(1_250_000, "DKK", "en", "upper") == "up to DKK 1.2m"
    assert fmt.value(1_250_000, "DKK", "da", "upper") == "op til 1,2 mio. kr."


@pytest.mark.parametrize(("value", "bound", "da", "en"), [
    (593_000_000, "exact", "593 mio. kr.", "DKK 593m"),
    (1_300_000_000, "exact", "1,3 mia. kr.", "DKK 1.3bn"),
    (500_000_000, "lower", "> 500 mio. kr.", "> DKK 500m"),
    (10_000_000, "upper", "op til 10 mio. kr.", "up to DKK 10m"),
    (92_524_800, "exact", "92,5 mio. kr.", "DKK 92.5m"),
    (341_000, "exact", "341.000 kr.", "DKK 341,000"),
    (0, "exact", "0 kr.", "DKK 0"),
    (-2_500_000, "exact", "-2,5 mio. kr.", "-DKK 2.5m"),
    (-1_300_000_000, "exact", "-1,3 mia. kr.", "-DKK 1.3bn"),
    (2_000_000_000, "lower", "> 2 mia. kr.", "> DKK 2bn"),
    (1_234_567, "exact", "1,2 mio. kr.", "DKK 1.2m"),
    (999, "exact", "999 kr.", "DKK 999"),
])
def test_amounts(value, bound, da, en):
    assert fmt.money(value, "DKK", "da", bound) == da
    assert fmt.money(value, "DKK", "en", bound) == en


def test_swedish_amounts_keep_their_currency():
    assert fmt.money(10_000_000, "SEK", "da") == "10 mio. SEK"
    assert fmt.money(10_000_000, "SEK", "en") == "SEK 10m"


def test_euro_amounts_keep_their_currency():
    assert fmt.value(2_827_907, "EUR", "da") == "2,8 mio. EUR"
    assert fmt.value(2_827_907, "EUR", "en") == "EUR 2.8m"


def test_missing_values_are_blank_not_zero():
    assert fmt.money(None) == "" and fmt.money(pd.NA) == "" and fmt.value(float("nan"), "jobs") == ""


def test_units_and_years_and_dates():
    assert fmt.value(8.8, "dkk_per_dkk", "da") == "8,8 mio. kr. pr. mio. kr."
    assert fmt.value(311, "jobs", "da") == "311 job"
    assert fmt.years(2014, 2018) == "2014–2018" and fmt.years(2014, None) == "2014" and fmt.years(None, None) == ""
    assert fmt.format_date("2026-11-22", "da") == "22. november 2026"
    assert fmt.format_date("2026-11-22", "en") == "22 November 2026"


def test_large_amounts_keep_their_decimal():
    assert fmt.money(114_400_000_000, "DKK", "da") == "114,4 mia. kr."
    assert fmt.money(158_300_000, "DKK", "da") == "158,3 mio. kr."
    assert fmt.money(41_042_017_000, "DKK", "da") == "41 mia. kr."
