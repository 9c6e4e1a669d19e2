"""The projects grid in server mode: data/project_table.py searches, filters, sorts and pages the projects
like the browser grid would (the same texts, the same selection, Danish order). Expected rows are
computed through the data layer, never written into the tests. The grid in Chromium, on an app started
on a generated package a little above ui.projects_grid.CLIENT_ROWS_MAX:
tests/browser/test_projects_server_grid.py.
"""

from __future__ import annotations

import unicodedata

import pytest

from bench.generate import generate
from data import Filters, load_dataset
from data import project_table as pt
from data import queries as q
from data.store import danish_fold
from tests.helpers_data import read_rows, set_cell
from ui import projects_grid as pg

WORDS = pg.words("da")
ALL = Filters()
# Names that test the Danish order: æ, ø, å after z; "aa" as å; ä and ö as æ and ø; é as e; case ignored.
DANISH_NAMES = ("Zealand Pharma forløb", "Æbleø sundhed", "ærø klinik", "Østerbro hospital", "öresund sygehus",
                "Åbenrå ambulance", "aalborg test", "abe projekt", "Émile hjælp", "ABE projekt")


# ------------------------------------------------------------------ fixtures
@pytest.fixture(autouse=True)
def plain_links(monkeypatch):
    """Project links without the app's URL prefix (no Dash app in unit tests)."""
    monkeypatch.setattr(pg.dash, "get_relative_path", lambda path: path)


@pytest.fixture(scope="module")
def danish(tmp_path_factory):
    """A small generated package whose first projects have names in Danish letters."""
    out = tmp_path_factory.mktemp("danish")
    generate(out, projects=80, spending=20, seed=3)
    ids = [row["project_id"] for row in read_rows(out / "projects.csv")]
    for pid, name in zip(ids, DANISH_NAMES, strict=False):
        set_cell(out, "projects", "project_id", pid, "name", name)
    set_cell(out, "projects", "project_id", ids[20], "partners", "Ålborg Kommune; Firma A/S")
    return load_dataset(out)


def client_rows(ds, f: Filters = ALL, lang: str = "da") -> list[dict]:
    """The rows the browser grid would get for the filters."""
    return pg.grid_rows(ds, q.projects(ds, f), lang)


def ordered_ids(ds, query: pt.Query, f: Filters = ALL, lang: str = "da") -> list[str]:
    return pt.ordered_ids(ds, f, lang, pg.words(lang), query)


_FOLD = (("ä", "æ"), ("ö", "ø"), ("ü", "y"), ("aa", "å"), ("æ", "{"), ("ø", "|"), ("å", "}"))


def danish_key(text: str) -> str:
    """The oracle of Danish order, case-insensitive: lower case; ä, ö, ü as æ, ø, y and "aa" as å (as
    in Danish collation, and as the browser grid's localeCompare('da') sorts them); æ, ø, å after z;
    other accents dropped (é as e); digits, spaces and punctuation before letters."""
    key = text.lower()
    for old, new in _FOLD:
        key = key.replace(old, new)
    return "".join(ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch))


# ------------------------------------------------------------------ Danish order
def test_danish_key_puts_ae_oe_aa_after_z_and_ignores_case_and_accents():
    ordered = sorted(DANISH_NAMES, key=danish_key)
    assert ordered.index("Zealand Pharma forløb") < ordered.index("Æbleø sundhed") < ordered.index("Østerbro hospital")
    assert ordered.index("Østerbro hospital") < ordered.index("Åbenrå ambulance")
    assert ordered.index("aalborg test") > ordered.index("Østerbro hospital")  # "aa" is å
    assert ordered.index("öresund sygehus") > ordered.index("ærø klinik")  # ö is ø
    assert danish_key("ABE projekt") == danish_key("abe projekt")
    assert danish_key("Émile") == danish_key("emile")
    assert ordered[:3] == ["abe projekt", "ABE projekt", "Émile hjælp"]  # ties keep their order


def test_the_stores_danish_key_equals_the_oracle():
    import duckdb

    samples = [*DANISH_NAMES, "Ü-båd", "Ängelholm", "Kaas", "Nyt Psykiatrisk Center, Aarhus", "", "12 ÆØÅ æøå"]
    sql = f"SELECT {danish_fold('lower(x)')} FROM (SELECT unnest(?) AS x, generate_subscripts(?, 1) AS i) ORDER BY i"
    assert [r[0] for r in duckdb.execute(sql, [samples, samples]).fetchall()] == [danish_key(s) for s in samples]


# ------------------------------------------------------------------ sorting
def test_names_sort_in_danish_order_both_ways(danish):
    rows = {r["project_id"]: r["name"] for r in client_rows(danish)}
    up = [rows[i] for i in ordered_ids(danish, pt.Query(sort=(pt.Sort("name", False),)))]
    down = [rows[i] for i in ordered_ids(danish, pt.Query(sort=(pt.Sort("name", True),)))]
    assert up == sorted(rows.values(), key=danish_key)
    assert [danish_key(n) for n in down] == sorted((danish_key(n) for n in rows.values()), reverse=True)
    shown = [n for n in up if n in DANISH_NAMES]
    assert shown.index("Zealand Pharma forløb") < shown.index("ærø klinik") < shown.index("Østerbro hospital") \
        < shown.index("Åbenrå ambulance")


@pytest.mark.parametrize("measure", pg.GRID_MEASURES)
def test_numbers_sort_numerically_with_missing_last_both_ways(danish, measure):
    values = q.projects(danish).set_index("project_id")[measure]
    assert values.isna().any() and values.notna().sum() > 3  # both kinds are in the data
    for descending in (False, True):
        got = values[ordered_ids(danish, pt.Query(sort=(pt.Sort(measure, descending),)))]
        known = got.dropna()
        assert list(known) == sorted(known, reverse=descending)
        assert got.iloc[len(known):].isna().all()  # missing last, either way
        # ties and the missing keep the table's order
        missing = list(got.index[len(known):])
        assert missing == [i for i in values.index if i in set(missing)]


def test_years_sort_by_start_year_else_end_year(danish):
    wide = q.projects(danish).set_index("project_id")
    year = wide["start_year"].fillna(wide["end_year"])
    got = year[ordered_ids(danish, pt.Query(sort=(pt.Sort("years", True),)))]
    known = got.dropna()
    assert list(known) == sorted(known, reverse=True) and got.iloc[len(known):].isna().all()


def test_coded_text_columns_sort_by_their_text(danish):
    rows = {r["project_id"]: r for r in client_rows(danish)}
    for column in ("region", "sector", "form", "programme", "source"):
        got = [rows[i][column] for i in ordered_ids(danish, pt.Query(sort=(pt.Sort(column, False),)))]
        filled = [g for g in got if g.strip()]
        assert filled == sorted(filled, key=danish_key), column
        assert all(not g.strip() for g in got[len(filled):]), column  # empty (no programme) last


def test_two_sort_columns(danish):
    rows = {r["project_id"]: r for r in client_rows(danish)}
    query = pt.Query(sort=(pt.Sort("region", False), pt.Sort("contract_value", True)))
    got = [(rows[i]["region"], rows[i]["contract_value"]) for i in ordered_ids(danish, query)]
    for (r1, v1), (r2, v2) in zip(got, got[1:], strict=False):
        assert danish_key(r1) <= danish_key(r2)
        if r1 == r2 and v2 is not None:
            assert v1 is not None and v1 >= v2


# ------------------------------------------------------------------ filters and search
TESTS = {
    "contains": lambda v, x: x in v, "notContains": lambda v, x: x not in v,
    "equals": lambda v, x: v == x, "notEqual": lambda v, x: v != x,
    "startsWith": lambda v, x: v.startswith(x), "endsWith": lambda v, x: v.endswith(x),
    "blank": lambda v, _x: not v.strip(), "notBlank": lambda v, _x: bool(v.strip()),
}


def filter_ids(ds, model: dict) -> list[str]:
    return ordered_ids(ds, pt.Query(filters=pg.parse_filters(model)))


@pytest.mark.parametrize("kind", pt.FILTER_TYPES)
@pytest.mark.parametrize("column", ["name", "region", "programme", "source", "partners"])
def test_each_text_filter_type_matches_what_the_column_shows(danish, kind, column):
    rows = client_rows(danish)
    # a text taken from the data, in another case than shown (the grid's filter ignores case)
    sample = next(r[column] for r in rows if r[column])
    text = {"contains": sample[3:9], "notContains": sample[3:9], "startsWith": sample[:5],
            "endsWith": sample[-4:]}.get(kind, sample).upper()
    expected = [r["project_id"] for r in rows if TESTS[kind](r[column].lower(), text.lower())]
    got = filter_ids(danish, {column: {"filterType": "text", "type": kind, "filter": text}})
    assert got == expected
    if kind in ("contains", "equals", "startsWith", "endsWith", "notBlank"):
        assert expected


@pytest.mark.parametrize("join", ["AND", "OR"])
def test_two_conditions_joined(danish, join):
    rows = client_rows(danish)
    if join == "AND":
        conditions = [{"type": "contains", "filter": "Region"}, {"type": "notContains", "filter": "midt"}]
        expected = [r["project_id"] for r in rows
                    if "region" in r["region"].lower() and "midt" not in r["region"].lower()]
    else:
        conditions = [{"type": "contains", "filter": "midt"}, {"type": "startsWith", "filter": "region syd"}]
        expected = [r["project_id"] for r in rows
                    if "midt" in r["region"].lower() or r["region"].lower().startswith("region syd")]
    model = {"region": {"filterType": "text", "operator": join,
                        "conditions": [{"filterType": "text", **c} for c in conditions]}}
    assert expected and len(expected) < len(rows)
    assert filter_ids(danish, model) == expected


def test_filters_on_two_columns_both_apply(danish):
    rows = client_rows(danish)
    expected = [r["project_id"] for r in rows if "region" in r["region"].lower() and "1" in r["name"]]
    model = {"region": {"filterType": "text", "type": "contains", "filter": "region"},
             "name": {"filterType": "text", "type": "contains", "filter": "1"}}
    assert expected and filter_ids(danish, model) == expected


SEARCH_FIELDS = ("name", "partners", "region", "sector", "form", "programme", "years", "source")


def search_reference(rows: list[dict], text: str) -> list[str]:
    """What the browser grid's quick filter keeps, on the fields the server searches: every word in
    some field."""
    words = text.lower().split()
    return [r["project_id"] for r in rows if all(any(w in str(r[f]).lower() for f in SEARCH_FIELDS) for w in words)]


@pytest.mark.parametrize("text", ["ålborg", "SYNTETISK PROJEKT 00002", "region sjæl", "2019", "program 0003",
                                  "ikke oplyst", "bench", "no such thing"])
def test_search_finds_the_words_in_the_searched_columns(danish, text):
    rows = client_rows(danish)
    expected = search_reference(rows, text)
    got = ordered_ids(danish, pt.Query(search=pg.parse_search(text)))
    assert got == expected
    if text != "no such thing":
        assert 0 < len(got) < len(rows) or text == "bench"


def test_search_filters_and_sort_combine_within_the_filter_bar_selection(danish):
    f = Filters.make(regions="1084,1085", year_from=2010)
    rows = {r["project_id"]: r for r in client_rows(danish, f)}
    query = pt.Query(sort=(pt.Sort("contract_value", True),), search=("syntetisk",),
                     filters=pg.parse_filters({"form": {"filterType": "text", "type": "notContains", "filter": "opp"}}))
    got = ordered_ids(danish, query, f)
    expected = [i for i in search_reference(list(rows.values()), "syntetisk") if "opp" not in rows[i]["form"].lower()]
    assert sorted(got) == sorted(expected) and set(got) <= set(rows)
    values = [rows[i]["contract_value"] for i in got]
    known = [v for v in values if v is not None]
    assert known == sorted(known, reverse=True) and all(v is None for v in values[len(known):])


def test_english_texts_are_matched_in_english(danish):
    rows = client_rows(danish, lang="en")
    expected = [r["project_id"] for r in rows if "capital" in r["region"].lower()]
    assert expected
    got = ordered_ids(danish, pt.Query(filters=pg.parse_filters(
        {"region": {"filterType": "text", "type": "contains", "filter": "Capital"}})), lang="en")
    assert got == expected
    assert ordered_ids(danish, pt.Query(filters=pg.parse_filters(
        {"region": {"filterType": "text", "type": "contains", "filter": "Hovedstaden"}})), lang="en") == []


# ------------------------------------------------------------------ the selection, pages and rows
@pytest.mark.parametrize("f", [Filters(), Filters.make(regions="1081"), Filters.make(regions="DK,1083"),
                               Filters.make(forms="opi"), Filters.make(sectors="construction,it"),
                               Filters.make(year_from=2015), Filters.make(year_to=2008),
                               Filters.make(regions="1084,1083", year_from=2012, year_to=2020), Filters(country="SE")],
                         ids=str)
@pytest.mark.parametrize("which", ["curated", "danish"])
def test_selection_is_exactly_the_projects_in_the_filters(danish, f, which, app_data):
    ds = app_data if which == "curated" else danish
    assert pt.selection_rows(ds, f).equals(q.projects(ds, f)[list(pt.ROW_COLUMNS)])
    assert pt.selection_count(ds, f) == len(q.projects(ds, f))
    assert pt.selection_source_ids(ds, f) == pg.grid_source_ids(q.projects(ds, f))


def test_source_ids_are_the_row_sources_and_the_shown_figure_sources(danish):
    projects = q.projects(danish)
    expected = set()
    for _, p in projects.iterrows():
        expected.update(pg.row_source_ids(p))
    assert pg.grid_source_ids(projects) == tuple(sorted(expected))


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("which", ["curated", "danish"])
def test_pages_put_together_are_the_browser_grid_rows(danish, which, lang, app_data):
    """Paging through the server grid gives exactly the rows the browser grid would get, in order."""
    ds = app_data if which == "curated" else danish
    f = Filters() if which == "curated" else Filters.make(regions="1082,1084")
    expected = client_rows(ds, f, lang)
    served, counts = [], set()
    for start in range(0, len(expected) + pg.PAGE_SIZE, pg.PAGE_SIZE):
        request = {"startRow": start, "endRow": start + pg.PAGE_SIZE, "sortModel": [], "filterModel": {}}
        response, shown, total = pg.rows_response(ds, f, lang, "", request, "")
        assert len(response["rowData"]) <= pg.PAGE_SIZE
        served += response["rowData"]
        counts.add((response["rowCount"], shown, total))
    assert served == expected
    assert counts == {(len(expected), len(expected), len(expected))}


def test_a_page_is_the_slice_of_the_ordered_positions(danish):
    query = pt.Query(sort=(pt.Sort("contract_value", True),))
    ordered = pt.ordered_ids(danish, Filters(), "da", WORDS, query)
    frame, shown, total = pt.page(danish, Filters(), "da", WORDS, query, 20, 40)
    assert list(frame["project_id"]) == ordered[20:40]
    assert shown == total == len(q.projects(danish))
    empty, _, _ = pt.page(danish, Filters(), "da", WORDS, query, 10_000, 10_020)
    assert empty.empty


def test_rows_keep_numbers_texts_links_and_sources(danish):
    request = {"startRow": 0, "endRow": 20, "sortModel": [{"colId": "contract_value", "sort": "desc"}],
               "filterModel": {}}
    response, _, _ = pg.rows_response(danish, Filters(), "da", "?region=1081", request, "")
    expected = {r["project_id"]: r for r in pg.grid_rows(danish, q.projects(danish), "da", "?region=1081")}
    for row in response["rowData"]:
        assert row == expected[row["project_id"]]
        assert row["name_link"].endswith(f"(/projects/{row['project_id']}?region=1081)")
        assert row["contract_value"] is None or isinstance(row["contract_value"], float)
        assert row["contract_value_text"] and row["source"]
    assert response["rowData"][0]["contract_value"] == max(r["contract_value"] or 0 for r in expected.values())


def test_requests_from_the_browser_are_checked(danish):
    """Malformed or hostile parts of a request are ignored; no request gets more than a page of 100."""
    request = {"startRow": -5, "endRow": 10**9, "sortModel": [{"colId": "__proto__", "sort": "up"}, "x"],
               "filterModel": {"name": {"type": "regex", "filter": ".*"}, "nope": {"type": "contains", "filter": "a"},
                               "region": "contains"}}
    response, shown, total = pg.rows_response(danish, Filters(), "da", "", request, {"not": "text"})
    assert len(response["rowData"]) == min(pg.SERVER_ROWS_MAX, total) and shown == total
    assert pg.parse_sort("name") == () and pg.parse_filters([]) == () and pg.parse_search(None) == ()
    assert pg.parse_search("  Æble   æble  Ø ") == ("æble", "ø")
    assert len(pg.parse_search("x " * 50)) == 1 and len(pg.parse_search(" ".join(map(str, range(50))))) == pg.MAX_WORDS
    assert pg.parse_filters({"name": {"type": "contains", "filter": ""}}) == ()  # an empty condition filters nothing
    (long,) = pg.parse_filters({"name": {"type": "contains", "filter": "x" * 1000}})
    assert long.conditions == (("contains", "x" * pg.MAX_TEXT),)


def test_the_threshold_between_the_two_modes(app_data):
    assert 0 < len(app_data["projects"]) <= pg.CLIENT_ROWS_MAX  # the curated data stays in the browser grid
    assert pg.PAGE_SIZE in pg.PAGE_SIZES and pg.SERVER_ROWS_MAX == max(pg.PAGE_SIZES)


def test_server_grid_uses_the_infinite_row_model_a_page_at_a_time():
    grid = pg.projects_grid(None, "da", server=True)
    assert grid.rowModelType == "infinite" and getattr(grid, "rowData", None) is None
    options = grid.dashGridOptions
    assert options["pagination"] and options["cacheBlockSize"] == options["paginationPageSize"] == pg.PAGE_SIZE
    assert options["maxConcurrentDatasourceRequests"] == 1 and "quickFilterText" not in options
    assert options["localeText"]["thousandSeparator"] == "."
    columns = {c.get("colId", c["field"]): c for c in grid.columnDefs}
    assert columns["name"]["pinned"] == "left" and "comparator" not in columns["name"]
    assert all(not c.get("autoHeight") for c in columns.values())
    assert set(columns) - {"years", *pg.GRID_MEASURES} == set(pt.TEXT_FILTER_COLUMNS)
    assert set(columns) == set(pt.SORT_COLUMNS)
