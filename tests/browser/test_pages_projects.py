"""The projects table (/projects) and the project page (/projects/<project_id>).

Unit tests of the rows the grid is built from, then the pages in a real browser. Expected numbers
are counted from the data package with data.queries, never written into the tests.
"""

from __future__ import annotations

from urllib.parse import urlsplit

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


# ------------------------------------------------------------------ browser helpers
def open_page(page, url: str):
    response = page.goto(url)
    page.wait_for_selector("#main-content h1")
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
    # The shared filter bar is checked by tests/browser/test_accessibility.py; this checks the page's own content.
    results = Axe().run(page, context={"exclude": [["#filter-bar"]]})
    assert results.violations_count == 0, results.generate_report()
