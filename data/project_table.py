"""The project table served a page at a time (the projects grid's server-side mode).

Which projects are in the filters, which of them pass the grid's search box and text column
filters, in which order, and the rows of one page, computed vectorised on the wide project table
(:func:`data.queries.projects_wide`) by position: a selection is a boolean mask over that table, an
ordered result an array of its row positions. Nothing here loops over projects in Python.

What the columns show is matched and sorted as shown (texts in the language), without building a
million strings per request:

- **Coded columns** (region, sector, form, programme, years, source) are functions of a few
  id columns. Each is factorised once per data version into an integer code per project and its
  distinct id combinations (a few dozen to a few thousand); their texts are built and matched per
  combination, then spread to the rows by code.
- **Free-text columns** (name, partners) are matched on a lower-cased copy kept per data version
  (built on first use), searched as bytes (:func:`_contains`).
- **Sorting** uses a rank per column (dense, missing last), and per column and direction a
  permutation of the whole table, both built on first use per data version; ordering a selection
  is then one pass: ``perm[mask[perm]]``.

Names sort in Danish order: see :func:`danish_key`.

The few texts that are not data ("not stated", "all regions or national", "not reported") come
from the caller's message catalogue as :class:`Words`; this module never imports Dash.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.cache import memoize, memoize_local
from data.filters import Filters
from data.package import Dataset
from data.queries import projects_wide

# The measures the table shows as columns (and whose sources its source column names).
MEASURES = ("contract_value", "public_funding", "expected_jobs")
# Columns (the grid's colIds) by how they are matched and sorted.
CODED = ("region", "sector", "form", "programme", "years", "source")
FREE_TEXT = ("name", "partners")
TEXT_FILTER_COLUMNS = ("name", "region", "sector", "form", "programme", "partners", "source")
SEARCH_COLUMNS = ("name", "partners", "region", "sector", "form", "programme", "years", "source")
NUMBER_SORT = ("years", *MEASURES)  # years sorts by the start year (else the end year)
TEXT_SORT = ("name", "region", "sector", "form", "programme", "partners", "source")
SORT_COLUMNS = TEXT_SORT + NUMBER_SORT
# The grid's text filter (agTextColumnFilter) condition types.
FILTER_TYPES = ("contains", "notContains", "equals", "notEqual", "startsWith", "endsWith", "blank", "notBlank")
# Limits on what a request may ask for (the request comes from the browser).
MAX_TEXT = 200  # characters of a filter or search text
MAX_WORDS = 10  # words of a search
MAX_SORT = 4  # columns of a sort model

# The columns a page of rows is built from (components.projects_grid.grid_rows reads these).
ROW_COLUMNS = ("project_id", "name", "region_code", "region_code_2", "sector_id", "form_id", "programme_id",
               "partners", "start_year", "end_year", "source_id",
               *[f"{m}{s}" for m in MEASURES for s in ("", "_bound", "_unit", "_year", "_source")])
# The wide-table columns each coded column is a function of.
_CODE_COLUMNS = {
    "region": ("region_code", "region_code_2"),
    "sector": ("sector_id",),
    "form": ("form_id",),
    "programme": ("programme_id",),
    "years": ("start_year", "end_year"),
    "source": ("source_id", *[f"{m}_source" for m in MEASURES]),
}
_LANGS = ("da", "en")


class Words(NamedTuple):
    """Texts the columns show that are not data, in the language (from the message catalogue)."""

    not_stated: str  # a project without a region
    all_regions: str  # region code DK: all regions or national
    not_reported: str  # no year


class Sort(NamedTuple):
    column: str
    descending: bool


class TextFilter(NamedTuple):
    """One column's text filter: its conditions (type, lower-cased text), joined by AND or OR."""

    column: str
    join: str  # "AND" | "OR"
    conditions: tuple[tuple[str, str], ...]


class Query(NamedTuple):
    """What the grid asks for besides the page: its sort, its column filters and the search text,
    normalised (hashable, so results are cached on it)."""

    sort: tuple[Sort, ...] = ()
    filters: tuple[TextFilter, ...] = ()
    search: tuple[str, ...] = ()  # lower-cased words; a row matches when it holds every word


# ---------------------------------------------------------------- Danish order
_FOLD = (("ä", "æ"), ("ö", "ø"), ("ü", "y"), ("aa", "å"), ("æ", "{"), ("ø", "|"), ("å", "}"))


def danish_key(text: str) -> str:
    """Sort key of a text in Danish order, case-insensitive: lower case; ä, ö, ü as æ, ø, y and
    "aa" as å (as in Danish collation, and as the browser grid's localeCompare('da') sorts them);
    æ, ø, å after z (mapped to the characters after "z" in code point order); other accents
    dropped (é as e). Digits, spaces and punctuation keep their code point order (before letters)."""
    key = text.lower()
    for old, new in _FOLD:
        key = key.replace(old, new)
    return "".join(ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch))


def danish_keys(values: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """:func:`danish_key` of every string, vectorised (pyarrow)."""
    key = pc.utf8_lower(values)
    for old, new in _FOLD:
        key = pc.replace_substring(key, old, new)
    key = pc.utf8_normalize(key, form="NFKD")
    return pc.replace_substring_regex(key, r"\p{Mn}", "")


# ---------------------------------------------------------------- the selection
def _arrow_backed(series: pd.Series) -> bool:
    return getattr(series.dtype, "storage", None) == "pyarrow"


def _arrow(series: pd.Series) -> pa.ChunkedArray | pa.Array:
    """The column as a pyarrow array (no copy for pyarrow-backed columns; a categorical's values)."""
    values = pa.array(series.array)
    return values.cast(values.type.value_type) if pa.types.is_dictionary(values.type) else values


def _isin(series: pd.Series, values) -> np.ndarray:
    hits = pc.is_in(_arrow(series), value_set=pa.array(sorted(values), type=pa.string()), skip_nulls=True)
    return pc.fill_null(hits, False).to_numpy(zero_copy_only=False)


def _years(wide: pd.DataFrame, column: str) -> np.ndarray:
    return wide[column].to_numpy(dtype="float64", na_value=np.nan)


def _combo_mask(ds: Dataset, column: str, keep: Callable[[tuple], bool]) -> np.ndarray:
    """Boolean mask over the wide table: rows whose combination of `column`'s ids passes `keep`
    (decided once per combination, spread to the rows by code)."""
    codes, combos = _coded(ds, column)
    return np.fromiter((bool(keep(c)) for c in combos), dtype=bool, count=len(combos))[codes]


def _overlaps(combo: tuple, lo: int, hi: int) -> bool:
    start, end = combo
    start, end = (start if start is not None else end), (end if end is not None else start)
    return start is not None and start <= hi and end >= lo


@memoize_local(16)
def selection(ds: Dataset, f: Filters) -> np.ndarray:
    """Boolean mask over the wide project table: the projects in the filters, exactly those of
    :func:`data.queries.projects` (a two-region project matches either region; a form includes its
    sub-kinds; a project is in a year range when its years overlap it, and left out when it has no
    year). Decided per distinct combination of ids (see :func:`_coded`), not per row: the same
    filter on pandas columns costs ~0,8 s at 1.000.000 projects."""
    n = len(projects_wide(ds))
    mask = np.ones(n, dtype=bool)
    if f.regions:
        regions = set(f.regions)
        mask &= _combo_mask(ds, "region", lambda c: c[0] in regions or c[1] in regions)
    if f.sectors:
        sectors = set(f.sectors)
        mask &= _combo_mask(ds, "sector", lambda c: c[0] in sectors)
    if f.forms:
        forms = ds["forms"]
        children = forms.loc[forms["parent_form_id"].isin(f.forms), "form_id"].dropna()
        closure = set(f.forms) | set(children)
        mask &= _combo_mask(ds, "form", lambda c: c[0] in closure)
    if f.country:
        mask &= _isin(projects_wide(ds)["country"], {f.country})
    if f.year_from is not None or f.year_to is not None:
        lo = f.year_from if f.year_from is not None else -10**6
        hi = f.year_to if f.year_to is not None else 10**6
        mask &= _combo_mask(ds, "years", lambda c: _overlaps(c, lo, hi))
    return mask


def selection_count(ds: Dataset, f: Filters) -> int:
    return int(selection(ds, f).sum())


def selection_frame(ds: Dataset, f: Filters) -> pd.DataFrame:
    """The projects in the filters as rows of the wide table (equal to :func:`data.queries.projects`)."""
    return projects_wide(ds).iloc[np.flatnonzero(selection(ds, f))].reset_index(drop=True)


_FEW = 50_000  # rows up to which a pyarrow-backed column is taken chunk by chunk


def _take(series: pd.Series, positions: np.ndarray):
    """`series.array.take(positions)`, for few rows of a column read in many chunks without the
    join of every chunk that pyarrow's take on a chunked array does first (2 ms a column at
    1.000.000 rows): the positions are grouped by chunk and taken from each."""
    array = _arrow(series) if _arrow_backed(series) and len(positions) <= _FEW else None
    if not isinstance(array, pa.ChunkedArray) or array.num_chunks < 2 or not len(positions):
        return series.array.take(positions)
    bounds = np.cumsum([0] + [len(chunk) for chunk in array.chunks])
    which = np.searchsorted(bounds, positions, side="right") - 1
    order = np.argsort(which, kind="stable")
    groups = np.split(order, np.flatnonzero(np.diff(which[order])) + 1)
    pieces = [array.chunk(int(which[g[0]])).take(pa.array(positions[g] - bounds[which[g[0]]])) for g in groups]
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return pd.array(pa.concat_arrays(pieces).take(pa.array(back)), dtype=series.dtype)


def page_frame(ds: Dataset, positions: Sequence[int] | np.ndarray) -> pd.DataFrame:
    """The rows at `positions` of the wide table (a page, or a small selection), with the columns a
    grid row shows."""
    wide = projects_wide(ds)
    positions = np.asarray(positions, dtype=np.intp)
    columns = {name: _take(wide[name], positions) for name in ROW_COLUMNS}
    return pd.DataFrame(columns, index=pd.RangeIndex(len(positions)))


def selection_rows(ds: Dataset, f: Filters) -> pd.DataFrame:
    """:func:`page_frame` of every project in the filters (for a small selection)."""
    return page_frame(ds, np.flatnonzero(selection(ds, f)))


# ---------------------------------------------------------------- sources
def frame_source_ids(projects: pd.DataFrame, measures: Sequence[str] = MEASURES) -> tuple[str, ...]:
    """The sources of a frame of projects: each row's own source and the sources of the figures shown
    for it (a measure's source only where the measure is reported), distinct and sorted."""
    parts = [projects["source_id"]] + [projects.loc[projects[m].notna(), f"{m}_source"] for m in measures]
    ids: set[str] = set()
    for part in parts:
        ids.update(v for v in pd.unique(part.dropna()) if isinstance(v, str) and v)
    return tuple(sorted(ids))


@memoize
def selection_source_ids(ds: Dataset, f: Filters) -> tuple[str, ...]:
    """:func:`frame_source_ids` of the projects in the filters, from the source columns' codes."""
    mask = selection(ds, f)
    every = bool(mask.all())
    ids: set[str] = set()
    for name in _CODE_COLUMNS["source"]:
        codes, values = _source_codes(ds, name)
        shifted = codes + 1 if every else codes[mask] + 1  # 0: no source
        present = np.bincount(shifted, minlength=len(values) + 1)[1:] > 0
        ids.update(v for v, p in zip(values, present, strict=True) if p and isinstance(v, str) and v)
    return tuple(sorted(ids))


# ---------------------------------------------------------------- coded columns
def _factorize(series: pd.Series) -> tuple[np.ndarray, list]:
    """One code per row (-1 where missing) and the distinct values, in order of first appearance."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes.astype(np.int64), list(uniques)


def _combine(parts: Sequence[tuple[np.ndarray, list]]) -> tuple[np.ndarray, list[tuple]]:
    """One int32 code per row for the combination of several coded columns, and the distinct
    combinations (missing values as None), in order of first appearance."""
    combined = np.zeros(len(parts[0][0]), dtype=np.int64)
    for codes, values in parts:
        combined = combined * (len(values) + 1) + (codes + 1)
    codes, keys = pd.factorize(combined)
    combos = []
    for key in np.asarray(keys, dtype=np.int64):
        key = int(key)
        combo = []
        for _codes, values in reversed(parts):
            key, digit = divmod(key, len(values) + 1)
            combo.append(values[digit - 1] if digit else None)
        combos.append(tuple(reversed(combo)))
    return codes.astype(np.int32), combos


@memoize_local(8, per_version=True)
def _source_codes(ds: Dataset, name: str) -> tuple[np.ndarray, list]:
    """Codes of a source column: the project's own source, or a shown measure's source (only where
    the measure is reported), once per data version."""
    wide = projects_wide(ds)
    values = wide[name]
    if name != "source_id":
        values = values.where(wide[name.removesuffix("_source")].notna())
    codes, uniques = _factorize(values)
    return codes.astype(np.int32), uniques


@memoize_local(12, per_version=True)
def _coded(ds: Dataset, column: str) -> tuple[np.ndarray, list[tuple]]:
    """Codes and distinct value combinations of a coded column (once per data version). The source
    column is coded by publisher (what it shows): a few combinations where the source ids have
    hundreds of thousands."""
    if column == "source":
        publishers = dict(zip(ds["sources"]["source_id"], ds["sources"]["publisher"], strict=False))
        parts = []
        for name in _CODE_COLUMNS["source"]:
            codes, ids = _source_codes(ds, name)
            names = [_str(publishers.get(i, i)) if isinstance(i, str) and i else "" for i in ids]
            by_name = {n: k for k, n in enumerate(dict.fromkeys(names))}
            recode = np.array([by_name[n] for n in names] + [-1], dtype=np.int64)  # [-1]: missing stays missing
            parts.append((recode[codes], list(by_name)))
        return _combine(parts)
    wide = projects_wide(ds)
    return _combine([_factorize(wide[name]) for name in _CODE_COLUMNS[column]])


def _lookup(ds: Dataset, table: str, key: str, lang: str) -> dict[str, str]:
    frame = ds[table]
    return dict(zip(frame[key], frame[f"name_{lang}"], strict=False))


def _str(value) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) else str(value)


def _region_text(code, regions: Mapping[str, str], words: Words) -> str:
    if code is None:
        return words.not_stated
    if code == "DK":
        return words.all_regions
    return regions.get(code, str(code))


def _years_text(start, end, words: Words) -> str:
    start = None if start is None else int(start)
    end = None if end is None else int(end)
    if start is None and end is None:
        return words.not_reported
    if start is None or end is None or start == end:
        return str(start if start is not None else end)
    return f"{start}–{end}"


def _combo_texts(ds: Dataset, column: str, lang: str, words: Words, combos: list[tuple]) -> list[str]:
    if column == "region":
        regions = _lookup(ds, "regions", "region_code", lang)
        return [_region_text(a, regions, words) + ("" if b is None else ", " + _region_text(b, regions, words))
                for a, b in combos]
    if column in ("sector", "form", "programme"):
        table, key = {"sector": ("sectors", "sector_id"), "form": ("forms", "form_id"),
                      "programme": ("programmes", "programme_id")}[column]
        names = _lookup(ds, table, key, lang)
        if column == "programme":
            return ["" if c is None else _str(names.get(c, "")) for (c,) in combos]
        return ["" if c is None else _str(names.get(c, c)) for (c,) in combos]
    if column == "years":
        return [_years_text(s, e, words) for s, e in combos]
    if column == "source":  # combinations of publishers (see _coded)
        return ["; ".join(dict.fromkeys(p for p in combo if p)) for combo in combos]
    raise ValueError(f"not a coded column: {column!r}")


@memoize_local(48, per_version=True)
def coded_texts(ds: Dataset, column: str, lang: str, words: Words) -> list[str]:
    """The text a coded column shows for each of its distinct id combinations (see :func:`_coded`)."""
    return _combo_texts(ds, column, _lang(lang), words, _coded(ds, column)[1])


def column_texts(ds: Dataset, column: str, lang: str, words: Words, positions) -> list[str]:
    """The texts a column shows for the rows at `positions` (tests, and a check against the grid rows)."""
    positions = np.asarray(positions, dtype=np.intp)
    if column in FREE_TEXT:
        values = projects_wide(ds)[column].iloc[positions]
        return ["" if v is pd.NA or v is None else str(v) for v in values]
    codes, _ = _coded(ds, column)
    texts = coded_texts(ds, column, lang, words)
    return [texts[c] for c in codes[positions]]


def _lang(lang: str) -> str:
    return lang if lang in _LANGS else "da"


@memoize_local(4, per_version=True)
def _lowered(ds: Dataset, column: str) -> pa.Array:
    """A free-text column in lower case, missing as '', in one piece (once per data version)."""
    values = _arrow(projects_wide(ds)[column])
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return pc.utf8_lower(pc.fill_null(values.cast(pa.large_string()), ""))


class _Haystack(NamedTuple):
    """A lower-cased free-text column as bytes: row i is data[offsets[i]:offsets[i + 1]]."""

    values: pa.Array  # the column (large_string)
    offsets: np.ndarray  # int64, one more than rows, from 0
    data: np.ndarray  # uint8 (UTF-8)
    counts: np.ndarray  # how often each byte value occurs in data


@memoize_local(4, per_version=True)
def _haystack(ds: Dataset, column: str) -> _Haystack:
    return haystack(_lowered(ds, column))


def haystack(values: pa.Array) -> _Haystack:
    """The bytes of a large_string array (no nulls) for :func:`_contains`."""
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64)[values.offset:values.offset + len(values) + 1]
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
    return _Haystack(values, offsets - offsets[0], data, np.bincount(data, minlength=256))


def _contains(hay: _Haystack, text: str) -> np.ndarray:
    """Rows holding `text` (lower case), found in the column's bytes: the positions of the text's
    rarest byte first, then the other bytes checked at those positions only. pyarrow's
    match_substring reads every row to its end when the text is absent (~100 ms a column at
    1.000.000 rows); this costs one pass over the bytes plus the candidates."""
    pattern = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    rows, size, length = len(hay.offsets) - 1, len(hay.data), len(pattern)
    if length == 0:
        return np.ones(rows, dtype=bool)
    found = np.zeros(rows, dtype=bool)
    if length > size:
        return found
    order = np.argsort(hay.counts[pattern], kind="stable")
    first = int(order[0])
    starts = np.flatnonzero(hay.data == pattern[first]) - first
    starts = starts[(starts >= 0) & (starts <= size - length)]
    for k in order[1:]:
        if not len(starts):
            return found
        starts = starts[hay.data[starts + int(k)] == pattern[k]]
    if len(starts) > rows // 4:
        # a common text: pyarrow's scan, which stops at each row's first match, is faster here
        return pc.match_substring(hay.values, text).to_numpy(zero_copy_only=False)
    if len(starts) <= rows // 8 or length > 16:  # few matches: find each one's row
        at = np.searchsorted(hay.offsets, starts, side="right") - 1
        found[at[starts + length <= hay.offsets[at + 1]]] = True
        return found
    # many: mark the match starts, drop those that would run into the next row, then any per row
    hit = np.zeros(size + 1, dtype=bool)
    hit[starts] = True
    ends = hay.offsets[1:]
    for k in range(1, length):
        late = ends - k
        hit[late[late >= 0]] = False
    lengths = np.diff(hay.offsets)
    return np.logical_or.reduceat(hit, hay.offsets[:-1]) & (lengths > 0)


# ---------------------------------------------------------------- matching
_TEXT_TESTS: dict[str, Callable[[str, str], bool]] = {
    "contains": lambda value, text: text in value,
    "notContains": lambda value, text: text not in value,
    "equals": lambda value, text: value == text,
    "notEqual": lambda value, text: value != text,
    "startsWith": lambda value, text: value.startswith(text),
    "endsWith": lambda value, text: value.endswith(text),
    "blank": lambda value, _text: not value.strip(),
    "notBlank": lambda value, _text: bool(value.strip()),
}


def _arrow_test(values, kind: str, text: str) -> np.ndarray:
    if kind in ("contains", "notContains"):
        hits = pc.match_substring(values, text)
    elif kind in ("equals", "notEqual"):
        hits = pc.equal(values, text)
    elif kind == "startsWith":
        hits = pc.starts_with(values, text)
    elif kind == "endsWith":
        hits = pc.ends_with(values, text)
    else:  # blank, notBlank
        hits = pc.equal(pc.utf8_trim_whitespace(values), "")
    hits = pc.fill_null(hits, False).to_numpy(zero_copy_only=False)
    return ~hits if kind in ("notContains", "notEqual", "notBlank") else hits


def _test(ds: Dataset, column: str, lang: str, words: Words, kind: str, text: str) -> np.ndarray:
    """Boolean mask over the wide table: rows whose shown text (lower-cased) passes the test."""
    if column in FREE_TEXT:
        if kind in ("contains", "notContains"):
            found = _contains(_haystack(ds, column), text)
            return found if kind == "contains" else ~found
        return _arrow_test(_lowered(ds, column), kind, text)
    codes, _ = _coded(ds, column)
    test = _TEXT_TESTS[kind]
    passed = np.fromiter((test(value.lower(), text) for value in coded_texts(ds, column, lang, words)),
                         dtype=bool)
    return passed[codes]


def _search_mask(ds: Dataset, lang: str, words: Words, search: tuple[str, ...]) -> np.ndarray:
    mask = np.ones(len(projects_wide(ds)), dtype=bool)
    for word in search:
        hit = np.zeros_like(mask)
        for column in SEARCH_COLUMNS:
            hit |= _test(ds, column, lang, words, "contains", word)
        mask &= hit
    return mask


def _filter_mask(ds: Dataset, lang: str, words: Words, flt: TextFilter) -> np.ndarray:
    masks = [_test(ds, flt.column, lang, words, kind, text) for kind, text in flt.conditions]
    combine = np.logical_or if flt.join == "OR" else np.logical_and
    out = masks[0]
    for other in masks[1:]:
        out = combine(out, other)
    return out


# ---------------------------------------------------------------- sorting
class Rank(NamedTuple):
    """Dense rank of every row of the wide table by a column, ascending; rows with a missing value
    (or an empty text) have the rank `top`, above every other."""

    rank: np.ndarray
    top: int


def _dense_rank(perm: np.ndarray, changes: np.ndarray, missing: np.ndarray) -> Rank:
    """Rank from a sorting permutation and where the sorted values change (ties share a rank)."""
    rank = np.zeros(len(perm), dtype=np.int32)
    if len(perm):
        rank[perm] = np.concatenate(([0], np.cumsum(changes, dtype=np.int64))).astype(np.int32)
    top = int(rank[~missing].max()) + 1 if (~missing).any() else 0
    rank[missing] = top
    return Rank(rank, top)


@memoize_local(24, per_version=True)
def _rank(ds: Dataset, column: str, lang: str, words: Words) -> Rank:
    """The :class:`Rank` of `column` by what it shows (once per data version, column and, for the
    coded text columns, language)."""
    wide = projects_wide(ds)
    if column in NUMBER_SORT:
        if column == "years":
            start, end = _years(wide, "start_year"), _years(wide, "end_year")
            values = np.where(np.isnan(start), end, start)
        else:
            values = wide[column].to_numpy(dtype="float64", na_value=np.nan)
        perm = np.argsort(values, kind="stable")  # NaN last
        ordered = values[perm]
        return _dense_rank(perm, ordered[1:] != ordered[:-1], np.isnan(values))
    if column in FREE_TEXT:
        values = pc.fill_null(_arrow(wide[column]), "")
        keys = danish_keys(values)
        perm = pc.sort_indices(keys).to_numpy()
        ordered = keys.take(pa.array(perm))
        changes = pc.not_equal(ordered[1:], ordered[:-1]).to_numpy(zero_copy_only=False)
        missing = pc.equal(pc.utf8_trim_whitespace(values), "").to_numpy(zero_copy_only=False)
        return _dense_rank(perm, changes, missing)
    codes, _ = _coded(ds, column)
    texts = coded_texts(ds, column, lang, words)
    keys = [danish_key(text) for text in texts]
    distinct = sorted({k for k, text in zip(keys, texts, strict=True) if text.strip()})
    place = {key: i for i, key in enumerate(distinct)}
    top = len(distinct)
    combo_rank = np.array([place[k] if text.strip() else top for k, text in zip(keys, texts, strict=True)],
                          dtype=np.int32)
    return Rank(combo_rank[codes] if len(codes) else np.zeros(0, dtype=np.int32), top)


def _sort_key(rank: Rank, descending: bool) -> np.ndarray:
    """Sort key of a rank in a direction, missing last either way."""
    if not descending:
        return rank.rank
    return np.where(rank.rank == rank.top, rank.top, rank.top - 1 - rank.rank).astype(np.int32)


@memoize_local(24, per_version=True)
def _order(ds: Dataset, column: str, descending: bool, lang: str, words: Words) -> np.ndarray:
    """Permutation of the whole wide table sorted by `column` (ties in table order, missing last)."""
    rank = _rank(ds, column, lang, words)
    key = _sort_key(rank, descending)
    if rank.top < 2**15:  # numpy's stable sort is a radix sort for 16-bit integers: 2-3 times faster
        key = key.astype(np.int16)
    return np.argsort(key, kind="stable").astype(np.int32)


def _sort_lang(column: str, lang: str, words: Words) -> tuple[str, Words]:
    """Numbers and free texts sort the same in every language: one rank and order for both."""
    if column in CODED and column not in NUMBER_SORT:
        return lang, words
    return "da", Words("", "", "")


def prepare(ds: Dataset) -> Dataset:
    """Build the per-version codes every server-side request uses (the selection is decided on them);
    at 1.000.000 projects ~0,6 s. The free-text bytes (search) and the sort orders are built on
    first use (0,5-1,2 s each at that size). Returns `ds`."""
    for column in CODED:
        _coded(ds, column)
    return ds


# ---------------------------------------------------------------- the rows of a query
@memoize_local(16)
def ordered_positions(ds: Dataset, f: Filters, lang: str, words: Words, query: Query) -> np.ndarray:
    """Positions in the wide table of the projects in the filters that pass the query's search and
    column filters, in the query's order (else table order): what the grid pages through."""
    lang = _lang(lang)
    mask = selection(ds, f)
    if query.search:
        mask = mask & _search_mask(ds, lang, words, query.search)
    for flt in query.filters:
        mask = mask & _filter_mask(ds, lang, words, flt)
    if not query.sort:
        return np.flatnonzero(mask).astype(np.int32)  # int32: half the memory of a cached result
    if len(query.sort) == 1:
        (column, descending), = query.sort
        perm = _order(ds, column, descending, *_sort_lang(column, lang, words))
        return perm[mask[perm]]
    positions = np.flatnonzero(mask)
    keys = [_sort_key(_rank(ds, c, *_sort_lang(c, lang, words)), d)[positions] for c, d in query.sort]
    return positions[np.lexsort(keys[::-1])].astype(np.int32)


def page(ds: Dataset, f: Filters, lang: str, words: Words, query: Query, start: int, end: int
         ) -> tuple[pd.DataFrame, int, int]:
    """One page of the query's rows: (the rows as wide-table rows, the number of rows the query
    matches, the number of projects in the filters)."""
    positions = ordered_positions(ds, f, lang, words, query)
    start = max(0, int(start))
    end = max(start, int(end))
    return page_frame(ds, positions[start:end]), len(positions), selection_count(ds, f)


# ---------------------------------------------------------------- the grid's request
def _text(value: Any) -> str | None:
    return value[:MAX_TEXT] if isinstance(value, str) else None


def parse_sort(sort_model: Any) -> tuple[Sort, ...]:
    """The grid's sortModel ([{"colId": ..., "sort": "asc"|"desc"}, ...]) as Sorts; unknown columns
    and malformed entries dropped."""
    if not isinstance(sort_model, list):
        return ()
    out: list[Sort] = []
    for item in sort_model[:MAX_SORT]:
        if not isinstance(item, dict):
            continue
        column, direction = item.get("colId"), item.get("sort")
        if column in SORT_COLUMNS and direction in ("asc", "desc") and column not in [s.column for s in out]:
            out.append(Sort(column, direction == "desc"))
    return tuple(out)


def _condition(model: Any) -> tuple[str, str] | None:
    if not isinstance(model, dict):
        return None
    kind = model.get("type")
    if kind not in FILTER_TYPES:
        return None
    if kind in ("blank", "notBlank"):
        return kind, ""
    text = _text(model.get("filter"))
    if text is None or text == "":
        return None  # an empty condition filters nothing (as in the grid)
    return kind, text.lower()


def parse_filters(filter_model: Any) -> tuple[TextFilter, ...]:
    """The grid's filterModel of text column filters as TextFilters: one condition
    ({"filterType": "text", "type": ..., "filter": ...}) or several joined
    ({"operator": "AND"|"OR", "conditions": [...]}); unknown columns, types and malformed entries
    dropped."""
    if not isinstance(filter_model, dict):
        return ()
    out = []
    for column in sorted(k for k in filter_model if k in TEXT_FILTER_COLUMNS):
        model = filter_model[column]
        if not isinstance(model, dict):
            continue
        if isinstance(model.get("conditions"), list):
            items = model["conditions"][:4]
            join = "OR" if str(model.get("operator", "AND")).upper() == "OR" else "AND"
        else:
            items, join = [model], "AND"
        conditions = tuple(c for c in (_condition(i) for i in items) if c is not None)
        if conditions:
            out.append(TextFilter(column, join, conditions))
    return tuple(out)


def parse_search(text: Any) -> tuple[str, ...]:
    """Search box text as lower-cased words (distinct, in order); empty when there is none."""
    text = _text(text) or ""
    return tuple(dict.fromkeys(re.split(r"\s+", text.strip().lower())) if text.strip() else ())[:MAX_WORDS]


def parse_query(sort_model: Any, filter_model: Any, search: Any) -> Query:
    return Query(parse_sort(sort_model), parse_filters(filter_model), parse_search(search))
