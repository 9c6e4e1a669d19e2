"""Danish versions of the data package's free-text notes (issue 5: every visible text in da and en).

Each English note column (`note`, `scope_note`) has a Danish twin (`note_da`, `scope_note_da`) right
after it; the two are filled for exactly the same rows, and the UI shows the one in the page's
language. The tables and columns are read from datapackage.json, never listed here by hand.
"""

from __future__ import annotations

import csv
import re
from collections import Counter

import pandas as pd
import pytest

import charts  # noqa: F401  (registers every chart)
from charts.exports import download_frame
from charts.registry import CHARTS
from data import BUNDLED_DIR, Filters
from data.package import read_descriptor, validate_package
from i18n.text import note_col, t

DESCRIPTOR, _ = read_descriptor(BUNDLED_DIR)


def note_pairs() -> list[tuple[str, str, str]]:
    """(table, English column, Danish column) for every declared `<column>_da` of a note column."""
    pairs = []
    for resource in DESCRIPTOR["resources"]:
        names = [f["name"] for f in resource["schema"]["fields"]]
        for name in names:
            if name.endswith("_da") and name[:-3] in names and name[:-3].endswith("note"):
                pairs.append((resource["name"], name[:-3], name))
    return pairs


PAIRS = note_pairs()


def filled(column: pd.Series) -> pd.Series:
    return column.fillna("").str.strip() != ""


def test_every_note_table_has_a_danish_column():
    assert {(table, en) for table, en, _ in PAIRS} == {
        ("sources", "note"), ("programmes", "note"), ("projects", "note"), ("partnerships", "note"),
        ("figures", "note"), ("spending", "scope_note")}


def test_the_package_still_validates():
    assert validate_package(BUNDLED_DIR) == []


@pytest.mark.parametrize(("table", "en", "da"), PAIRS)
def test_danish_column_is_an_optional_string_right_after_the_english_one(table, en, da):
    resource = next(r for r in DESCRIPTOR["resources"] if r["name"] == table)
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    assert names.index(da) == names.index(en) + 1
    spec = fields[names.index(da)]
    assert spec["type"] == "string" and spec["description"]
    assert not spec.get("constraints", {}).get("required")
    with open(BUNDLED_DIR / resource["path"], newline="", encoding="utf-8-sig") as fh:
        header = next(csv.reader(fh))
    assert header == names


@pytest.mark.parametrize(("table", "en", "da"), PAIRS)
def test_english_and_danish_notes_are_filled_for_the_same_rows(table, en, da, dataset):
    frame = dataset[table]
    both = filled(frame[en]) == filled(frame[da])
    key = frame.columns[0]
    assert both.all(), f"{table}: only one language for {list(frame.loc[~both, key])}"
    assert filled(frame[en]).sum() > 0


@pytest.mark.parametrize(("table", "en", "da"), PAIRS)
def test_danish_notes_are_translations_that_keep_every_number(table, en, da, dataset):
    """A translation never adds, drops or changes a number, year or id: the digit runs of the two notes are
    the same (as a multiset); and the Danish text is not a copy of the English one."""
    frame = dataset[table][filled(dataset[table][en])]
    key = frame.columns[0]
    for _, row in frame.iterrows():
        assert row[da] != row[en], f"{table} {row[key]}: the Danish note is the English text"
        assert Counter(re.findall(r"\d+", row[en])) == Counter(re.findall(r"\d+", row[da])), \
            f"{table} {row[key]}: numbers differ between\n  {row[en]}\n  {row[da]}"


def test_note_col_picks_the_column_of_the_language():
    assert (note_col("da"), note_col("en")) == ("note_da", "note")
    assert (note_col("da", "scope_note"), note_col("en", "scope_note")) == ("scope_note_da", "scope_note")
    for table, en, da in PAIRS:
        assert (note_col("da", en), note_col("en", en)) == (da, en), table


@pytest.mark.parametrize("lang", ["da", "en"])
def test_realised_effects_table_and_download_show_the_note_in_the_language(lang, dataset):
    data = CHARTS["realised-effects"].build(dataset, Filters(), lang)
    out = download_frame(data, lang)
    notes = out[t("label.note", lang)]
    figures = dataset["figures"].set_index("figure_id")
    expected = [figures.loc[fid, note_col(lang)] for fid in data.frame["figure_id"]]
    assert notes.fillna("").tolist() == pd.Series(expected, dtype="string").fillna("").tolist()
    assert filled(notes.astype("string")).any()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_spending_scope_is_in_the_language(lang, dataset):
    data = CHARTS["spending-procurement"].build(dataset, Filters(), lang)
    spending = dataset["spending"].set_index("spending_id")
    for _, row in data.frame.iterrows():
        scope = spending.loc[row["spending_id"], note_col(lang, "scope_note")]
        assert row["scope"] == scope and row["scope"] != ""
