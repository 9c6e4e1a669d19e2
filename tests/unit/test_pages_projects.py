"""The projects table (/projects) and the project page (/projects/<project_id>).

Unit tests of the rows the grid is built from, then the pages in a real browser. Expected numbers
are counted from the data package with data.queries, never written into the tests.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
import pytest
from axe_playwright_python.sync_playwright import Axe

from data import Filters, load_dataset
from data import queries as q
from i18n import format as fmt
from i18n.text import t
from settings import load_settings
from ui import projects_grid as pg

DS = load_dataset(load_settings().data_dir)
ROW_SELECTOR = ".ag-center-cols-container .ag-row"


# ------------------------------------------------------------------ unit tests
@pytest.fixture
def rows(monkeypatch) -> list[dict]:
    monkeypatch.setattr(pg.dash, "get_relative_path", lambda path: path)
    return pg.grid_rows(DS, q.projects(DS), "da", "?region=1081")


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["project_id"]: r for r in rows}


def test_markdown_escape_keeps_data_text_literal():
    text = "<b>Bold</b> *star* [link](http://x) _under_ `code` #1 & co."
    escaped = pg.markdown_escape(text)
    for ch in "<>*[]()_`#&":
        assert ch not in escaped.replace("\\" + ch, "")
    assert escaped.replace("\\", "") == text


def test_one_row_per_project_in_the_filters(rows):
    assert [r["project_id"] for r in rows] == list(q.projects(DS)["project_id"])
    region = pg.grid_rows(DS, q.projects(DS, Filters.make(regions="1081")), "da")
    assert len(region) == len(q.projects(DS, Filters.make(regions="1081")))


def test_name_links_to_the_project_page_keeping_the_query(rows):
    for row in rows:
        assert row["name_link"].endswith(f"(/projects/{row['project_id']}?region=1081)")
        assert row["name_link"].startswith("[" + pg.markdown_escape(row["name"]) + "]")


def test_amounts_stay_numbers_and_show_bound_currency_and_year(rows):
    projects = q.projects(DS).set_index("project_id")
    for pid, row in by_id(rows).items():
        p = projects.loc[pid]
        for measure in pg.GRID_MEASURES:
            if fmt.is_missing(p[measure]):
                assert row[measure] is None
                assert row[f"{measure}_text"] == t("value.not_reported", "da")
                continue
            assert row[measure] == float(p[measure])
            text = row[f"{measure}_text"]
            if p[f"{measure}_bound"] == "lower":
                assert text.startswith("> ")
            if p[f"{measure}_bound"] == "upper":
                assert text.startswith("op til ")
            if p[f"{measure}_unit"] == "SEK":
                assert "SEK" in text and "kr." not in text
            if not fmt.is_missing(p[f"{measure}_year"]):
                assert text.endswith(f"({int(p[f'{measure}_year'])})")


def test_bounds_and_currencies_are_in_the_data():
    """The checks above are only meaningful if the data has such values."""
    projects = q.projects(DS)
    assert (projects["contract_value_bound"] == "lower").any()
    assert (projects["public_funding_unit"] == "SEK").any()


def test_region_names_two_regions_and_all_regions(rows):
    regions = DS["regions"].set_index("region_code")["name_da"]
    for _, p in q.projects(DS).iterrows():
        text = by_id(rows)[p["project_id"]]["region"]
        if fmt.is_missing(p["region_code"]):
            assert text.startswith(t("label.not_stated", "da"))
        elif p["region_code"] == "DK":
            assert text.startswith("Alle regioner eller nationalt")
        else:
            assert text.startswith(regions[p["region_code"]])
        if not fmt.is_missing(p["region_code_2"]):
            assert text.endswith(", " + regions[p["region_code_2"]])


def test_source_column_names_the_row_source_and_the_figure_sources(rows):
    publishers = DS["sources"].set_index("source_id")["publisher"]
    projects = q.projects(DS).set_index("project_id")
    for pid, row in by_id(rows).items():
        p = projects.loc[pid]
        assert publishers[p["source_id"]] in row["source"]
        for measure in pg.GRID_MEASURES:
            if not fmt.is_missing(p[measure]):
                assert publishers[p[f"{measure}_source"]] in row["source"]


def test_grid_words_are_danish_and_english():
    da, en = pg.locale_text("da"), pg.locale_text("en")
    assert da.keys() == en.keys()
    assert da["page"] == "Side" and da["of"] == "af" and da["nextPage"] == "Næste side"
    assert en["page"] == "Page"


def test_published_dates_read_in_words():
    assert pg.published_text("2019-11-03", "da") == "3. november 2019"
    assert pg.published_text("2015-11", "da") == "november 2015"
    assert pg.published_text("2014", "da") == "2014"
    assert pg.published_text(pd.NA, "da") == "ikke oplyst"
    assert pg.license_text("not stated", "da") == "ikke oplyst"


# ------------------------------------------------------------------ browser helpers
def open_page(page, url: str):
    response = page.goto(url)
    page.wait_for_selector("main h1")
    page.wait_for_load_state("networkidle")
    return response


def wait_rows(page, n: int):
    page.wait_for_function(f"document.querySelectorAll('{ROW_SELECTOR}').length === {n}")


def visible_ids(page) -> list[str]:
    """Row ids in the order shown."""
    return page.eval_on_selector_all(
        ROW_SELECTOR,
        "rows => rows.sort((a, b) => a.getAttribute('row-index') - b.getAttribute('row-index'))"
        ".map(r => r.getAttribute('row-id'))")


def count_text(n: int) -> str:
    return "1 projekt i udvalget" if n == 1 else f"{fmt.number(n)} projekter i udvalget"


# ------------------------------------------------------------------ /projects
def test_projects_grid_shows_the_projects_of_the_region_in_the_url(page, page_log, app_url):
    expected = q.projects(DS, Filters.make(regions="1081"))
    assert 0 < len(expected) <= pg.PAGE_SIZE
    response = open_page(page, f"{app_url}projects?region=1081")
    assert response.status == 200
    wait_rows(page, len(expected))
    assert sorted(visible_ids(page)) == sorted(expected["project_id"])
    assert page.inner_text("#projects-status") == count_text(len(expected))
    page.wait_for_function("document.title === 'Projekter · OPS Monitor'")
    assert page_log.console_errors == []
    assert page_log.failed_requests == []
    assert page_log.non_loopback_requests() == []


def test_all_projects_are_paginated_twenty_a_page(page, app_url):
    total = len(q.projects(DS))
    open_page(page, f"{app_url}projects")
    wait_rows(page, min(total, pg.PAGE_SIZE))
    assert page.inner_text("#projects-status") == count_text(total)
    assert f"af {total}" in page.inner_text(".ag-paging-row-summary-panel")


def quick_filter_matches(rows: list[dict], text: str) -> list[str]:
    """What AG Grid's quick filter keeps: rows whose searchable text holds every word."""
    fields = ["name", "region", "sector", "form", "programme", "partners", "years", "source",
              *[f"{m}_text" for m in pg.GRID_MEASURES]]
    words = text.lower().split()
    return [r["project_id"] for r in rows
            if all(w in "\n".join(str(r[f]) for f in fields).lower() for w in words)]


def test_quick_search_narrows_the_rows(page, page_log, app_url, monkeypatch):
    monkeypatch.setattr(pg.dash, "get_relative_path", lambda path: path)
    rows = pg.grid_rows(DS, q.projects(DS), "da")
    term = rows[len(rows) // 2]["name"]
    expected = quick_filter_matches(rows, term)
    assert 1 <= len(expected) < len(rows)
    open_page(page, f"{app_url}projects")
    wait_rows(page, min(len(rows), pg.PAGE_SIZE))
    assert page.get_by_label("Søg i tabellen").is_visible()
    page.get_by_label("Søg i tabellen").fill(term)
    wait_rows(page, len(expected))
    assert sorted(visible_ids(page)) == sorted(expected)
    status = f"{fmt.number(len(expected))} af {fmt.number(len(rows))} projekter matcher søgning og filtre"
    page.wait_for_function(f"document.querySelector('#projects-status').innerText === {status!r}")
    page.get_by_label("Søg i tabellen").fill("")
    wait_rows(page, min(len(rows), pg.PAGE_SIZE))
    assert page_log.console_errors == []


def test_contract_value_sorts_as_numbers(page, app_url):
    projects = q.projects(DS)
    values = projects.set_index("project_id")["contract_value"]
    known = int(values.notna().sum())
    assert known >= 3
    open_page(page, f"{app_url}projects")
    wait_rows(page, min(len(projects), pg.PAGE_SIZE))
    header = page.locator('.ag-header-cell[col-id="contract_value"]')
    header.click()  # ascending (unknown first)
    header.click()  # descending: the largest amounts first
    page.wait_for_function("document.querySelector('.ag-header-cell[col-id=\"contract_value\"]')"
                           ".getAttribute('aria-sort') === 'descending'")
    shown = [values[i] for i in visible_ids(page)][:known]
    assert shown == sorted(values.dropna(), reverse=True)


def test_project_link_opens_its_page_with_figures_and_sources_and_keeps_the_filter(page, page_log, app_url):
    expected = q.projects(DS, Filters.make(regions="1081"))
    open_page(page, f"{app_url}projects?region=1081")
    wait_rows(page, len(expected))
    first = visible_ids(page)[0]
    page.locator(f'.ag-pinned-left-cols-container .ag-row[row-id="{first}"] a').click()
    page.wait_for_url(f"**/projects/{first}?region=1081")
    page.wait_for_selector("#project-facts")
    page.wait_for_load_state("networkidle")
    project = DS["projects"].set_index("project_id").loc[first]
    assert page.locator("main h1").inner_text() == project["name"]
    figures = DS["figures_labelled"]
    figures = figures[figures["project_id"] == first]
    if figures.empty:
        assert page.locator("#project-figures").inner_text().endswith(t("project.no_figures", "da"))
    else:
        assert page.locator("#project-figures-table tbody tr").count() == len(figures)
        shown = page.locator("#project-figures-table tbody tr th").all_inner_texts()
        assert sorted(shown) == sorted(figures["measure_da"])
    source_ids = list(dict.fromkeys([project["source_id"], *figures["source_id"]]))
    rows = page.locator("#project-sources-table tbody tr")
    assert rows.count() == len(source_ids)
    assert sorted(r.get_attribute("id") for r in rows.all()) == sorted(f"source-{s}" for s in source_ids)
    back = page.locator("#project-back")
    assert urlsplit(back.get_attribute("href")).query == "region=1081"
    assert page_log.console_errors == []
    assert page_log.failed_requests == []


def test_project_page_shows_every_figure_with_bound_and_its_source(page, app_url):
    figures = DS["figures_labelled"]
    lower = figures[(figures["bound"] == "lower") & figures["project_id"].notna()].iloc[0]
    pid = lower["project_id"]
    open_page(page, f"{app_url}projects/{pid}")
    row = page.locator(f'#project-figures-table tr[data-figure-id="{lower["figure_id"]}"]')
    value = fmt.value(lower["value"], lower["unit"], "da", "lower")
    assert value.startswith("> ")
    assert value in row.inner_text()
    source = DS["sources"].set_index("source_id").loc[lower["source_id"]]
    assert row.locator("a").inner_text() == source["publisher"]
    link = page.locator(f"#source-{lower['source_id']} td").first.locator("a")
    if isinstance(source["url"], str):
        assert link.get_attribute("href") == source["url"]


def test_unknown_project_shows_a_friendly_not_found(page, page_log, app_url):
    response = open_page(page, f"{app_url}projects/findes-ikke?region=1081")
    assert response.status == 404  # the friendly page, with the HTTP status of an unknown address
    assert page.locator("main h1").inner_text() == "Projektet findes ikke"
    assert "findes-ikke" in page.inner_text("#project-not-found")
    back = page.get_by_role("link", name="Til alle projekter")
    assert urlsplit(back.get_attribute("href")).path.endswith("/projects")
    back.click()
    page.wait_for_url("**/projects?region=1081")
    wait_rows(page, len(q.projects(DS, Filters.make(regions="1081"))))
    assert [e for e in page_log.console_errors if "status of 404" not in e] == []  # but the 404 document


def test_empty_selection_says_so(page, app_url):
    empty = next((code for code in DS["regions"]["region_code"]
                  if q.projects(DS, Filters.make(regions=code)).empty), None)
    if empty is None:
        pytest.skip("every region has projects")
    open_page(page, f"{app_url}projects?region={empty}")
    assert page.inner_text("#projects-empty") == t("card.empty", "da")
    assert page.locator("#projects-grid").count() == 0


@pytest.mark.parametrize("path", ["projects", f"projects/{DS['projects']['project_id'].iloc[0]}",
                                  "projects/findes-ikke"], ids=["projects", "project", "not-found"])
def test_project_pages_have_no_axe_violations(page, app_url, path):
    open_page(page, f"{app_url}{path}")
    if path == "projects":
        wait_rows(page, min(len(DS["projects"]), pg.PAGE_SIZE))
    # The shared filter bar is checked by tests/test_accessibility.py; this checks the page's own content.
    results = Axe().run(page, context={"exclude": [["#filter-bar"]]})
    assert results.violations_count == 0, results.generate_report()
