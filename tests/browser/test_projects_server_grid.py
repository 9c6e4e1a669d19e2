"""The projects grid in server mode: more projects than ui.projects_grid.CLIENT_ROWS_MAX are
served a page at a time (AG Grid's infinite row model), searched, filtered and sorted by
data/project_table.py.

Unit tests of data/project_table.py against the rows the browser grid is built from (the same texts,
the same selection), then a real browser on an app started on a generated package a little above
the threshold. Expected rows are computed through the data layer, never written into the tests;
no timings are asserted.
"""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from bench.generate import generate
from data import Filters, load_dataset
from data import project_table as pt
from data import queries as q
from i18n import format as fmt
from tests.support import running_app
from ui import projects_grid as pg
from ui.router import CONTENT

ROW_SELECTOR = ".ag-center-cols-container .ag-row"
ALL = Filters()


# ------------------------------------------------------------------ fixtures
@pytest.fixture(autouse=True)
def plain_links(monkeypatch):
    """Project links without the app's URL prefix (no Dash app in unit tests)."""
    monkeypatch.setattr(pg.dash, "get_relative_path", lambda path: path)


def ordered_ids(ds, query: pt.Query, f: Filters = ALL, lang: str = "da") -> list[str]:
    return pt.ordered_ids(ds, f, lang, pg.words(lang), query)


# ------------------------------------------------------------------ the browser
N = 1500  # projects in the browser tests' package: a little above the threshold


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    assert N > pg.CLIENT_ROWS_MAX
    out = tmp_path_factory.mktemp("server-grid")
    generate(out, projects=N, spending=50, seed=11)
    ds = load_dataset(out)
    with running_app({"OPS_DATA_DIR": str(out), "OPS_LANG": "da"}) as url:
        yield url, ds


class Requests:
    """The grid's page requests and their answers, as the browser sent and got them."""

    def __init__(self, page):
        self.responses = []
        page.on("response", lambda r: self.responses.append(r) if "_dash-update-component" in r.url
                and "getRowsRequest" in (r.request.post_data or "") else None)

    @property
    def items(self) -> list[tuple[dict, dict]]:
        return [(json.loads(r.request.post_data)["inputs"][0]["value"],
                 r.json()["response"]["projects-grid"]["getRowsResponse"]) for r in self.responses]

    def wait(self, page, n: int) -> tuple[dict, dict]:
        for _ in range(200):
            if len(self.responses) >= n:
                return self.items[n - 1]
            page.wait_for_timeout(50)
        raise AssertionError(f"{len(self.responses)} grid requests, expected {n}")


def open_grid(page, url: str):
    page.goto(url)
    page.wait_for_selector(f"{ROW_SELECTOR} .ag-cell")
    page.wait_for_load_state("networkidle")


def wait_ids(page, expected: list[str]):
    page.wait_for_function(
        "ids => { const rows = [...document.querySelectorAll('" + ROW_SELECTOR + "')]"
        ".sort((a, b) => a.getAttribute('row-index') - b.getAttribute('row-index'))"
        ".map(r => r.getAttribute('row-id')); return JSON.stringify(rows) === JSON.stringify(ids); }",
        arg=expected)


def wait_status(page, text: str):
    page.wait_for_function("t => document.querySelector('#projects-status').innerText === t", arg=text)


def total_text(n: int) -> str:
    return f"{fmt.number(n)} projekter i udvalget"


def searched_text(shown: int, n: int) -> str:
    return f"{fmt.number(shown)} af {fmt.number(n)} projekter matcher søgning og filtre"


def test_first_page_shows_twenty_rows_of_the_total_and_no_more_are_sent(big, page, page_log):
    url, ds = big
    requests = Requests(page)
    open_grid(page, f"{url}projects")
    expected = ordered_ids(ds, pt.Query())
    wait_ids(page, expected[:pg.PAGE_SIZE])
    assert page.inner_text("#projects-status") == total_text(N)
    assert page.inner_text(".ag-paging-row-summary-panel") == f"1 til {pg.PAGE_SIZE} af {fmt.number(N)}"
    request, answer = requests.wait(page, 1)
    assert (request["startRow"], request["endRow"]) == (0, pg.PAGE_SIZE)
    assert len(answer["rowData"]) == pg.PAGE_SIZE and answer["rowCount"] == N
    assert len(requests.items) == 1
    # the names are links to the projects' pages, in the pinned column
    link = page.locator(f'.ag-pinned-left-cols-container .ag-row[row-id="{expected[0]}"] a')
    assert link.get_attribute("href").endswith(f"/projects/{expected[0]}")
    assert page_log.console_errors == [] and page_log.failed_requests == []
    assert page_log.non_loopback_requests() == []


def test_the_page_layout_carries_no_rows(big, page):
    url, _ds = big
    layouts = []
    # the page comes with the shell (`_dash-layout`) on a page load, or from the router's callback
    page.on("response", lambda r: layouts.append(r) if r.status == 200 and (
        "_dash-layout" in r.url or "_dash-update-component" in r.url
        and f'"{CONTENT}"' in (r.request.post_data or "")) else None)
    open_grid(page, f"{url}projects")
    bodies = [r.text() for r in layouts]
    assert bodies and all('"rowModelType":"infinite"' in body and '"rowData"' not in body for body in bodies)


def test_the_next_page_fetches_other_rows(big, page, page_log):
    url, ds = big
    requests = Requests(page)
    open_grid(page, f"{url}projects")
    expected = ordered_ids(ds, pt.Query())
    wait_ids(page, expected[:pg.PAGE_SIZE])
    page.get_by_role("button", name="Næste side").click()
    wait_ids(page, expected[pg.PAGE_SIZE:2 * pg.PAGE_SIZE])
    request, answer = requests.wait(page, 2)
    assert (request["startRow"], request["endRow"]) == (pg.PAGE_SIZE, 2 * pg.PAGE_SIZE)
    assert [r["project_id"] for r in answer["rowData"]] == expected[pg.PAGE_SIZE:2 * pg.PAGE_SIZE]
    assert page.inner_text(".ag-paging-row-summary-panel").startswith(f"{pg.PAGE_SIZE + 1} til {2 * pg.PAGE_SIZE}")
    assert page_log.console_errors == []


def test_contract_value_sorts_on_the_server(big, page, page_log):
    url, ds = big
    requests = Requests(page)
    open_grid(page, f"{url}projects")
    header = page.locator('.ag-header-cell[col-id="contract_value"]')
    header.click()  # ascending
    header.click()  # descending: the largest amounts first
    page.wait_for_function("document.querySelector('.ag-header-cell[col-id=\"contract_value\"]')"
                           ".getAttribute('aria-sort') === 'descending'")
    expected = ordered_ids(ds, pt.Query(sort=(pt.Sort("contract_value", True),)))
    wait_ids(page, expected[:pg.PAGE_SIZE])
    request, answer = requests.items[-1]
    assert request["sortModel"][0]["colId"] == "contract_value" and request["sortModel"][0]["sort"] == "desc"
    values = [r["contract_value"] for r in answer["rowData"]]
    assert values == sorted(values, reverse=True) and values[0] == q.projects(ds)["contract_value"].max()
    assert page_log.console_errors == []


def test_search_narrows_the_rows_and_updates_the_count(big, page, page_log):
    url, ds = big
    requests = Requests(page)
    open_grid(page, f"{url}projects")
    term = "sjælland 2019"
    expected = ordered_ids(ds, pt.Query(search=pg.parse_search(term)))
    assert 0 < len(expected) < N
    page.get_by_label("Søg i tabellen").fill(term)
    wait_status(page, searched_text(len(expected), N))
    wait_ids(page, expected[:pg.PAGE_SIZE])
    assert page.inner_text(".ag-paging-row-summary-panel").endswith(f"af {fmt.number(len(expected))}")
    assert requests.items[-1][1]["rowCount"] == len(expected)
    page.get_by_label("Søg i tabellen").fill("")
    wait_status(page, total_text(N))
    wait_ids(page, ordered_ids(ds, pt.Query())[:pg.PAGE_SIZE])
    assert page_log.console_errors == []


def test_a_column_text_filter_filters_on_the_server(big, page, page_log):
    url, ds = big
    requests = Requests(page)
    open_grid(page, f"{url}projects")
    page.locator('.ag-header-cell[col-id="region"] .ag-header-cell-filter-button').click()
    page.locator(".ag-filter input.ag-input-field-input").first.fill("syd")
    model = {"region": {"filterType": "text", "type": "contains", "filter": "syd"}}
    expected = ordered_ids(ds, pt.Query(filters=pg.parse_filters(model)))
    assert 0 < len(expected) < N
    wait_status(page, searched_text(len(expected), N))
    wait_ids(page, expected[:pg.PAGE_SIZE])
    request, answer = requests.items[-1]
    assert request["filterModel"]["region"]["filter"] == "syd" and answer["rowCount"] == len(expected)
    assert all("syd" in r["region"].lower() for r in answer["rowData"])
    assert page_log.console_errors == []


def test_a_larger_page_is_one_request_of_that_size(big, page, page_log):
    url, ds = big
    requests = Requests(page)
    open_grid(page, f"{url}projects")
    page.locator(".ag-paging-page-size .ag-picker-field-wrapper").click()
    page.locator(".ag-list-item", has_text="50").click()
    expected = ordered_ids(ds, pt.Query())
    wait_ids(page, expected[:50])
    request, answer = requests.items[-1]
    assert (request["startRow"], request["endRow"]) == (0, 50) and len(answer["rowData"]) == 50
    page.get_by_role("button", name="Næste side").click()
    wait_ids(page, expected[50:100])
    request, answer = requests.items[-1]
    assert (request["startRow"], request["endRow"]) == (50, 100) and len(answer["rowData"]) == 50
    assert page_log.console_errors == []


def test_english_count_and_pager(big, page):
    url, _ds = big
    open_grid(page, f"{url}projects?lang=en")
    assert page.inner_text("#projects-status") == f"{N:,} projects in the selection"
    assert page.inner_text(".ag-paging-row-summary-panel") == f"1 to {pg.PAGE_SIZE} of {N:,}"


def test_server_grid_has_no_axe_violations(big, page):
    url, _ds = big
    open_grid(page, f"{url}projects")
    results = Axe().run(page, context={"exclude": [["#filter-bar"]]})
    assert results.violations_count == 0, results.generate_report()
