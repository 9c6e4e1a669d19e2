"""The dashboard in a real browser: every page draws its charts, filters live in the URL,
links reproduce the view, navigation keeps filters, bad query strings give a notice."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest

from data import Filters
from data import queries as q
from tests.support import nav_items


def open_page(page, url: str):
    response = page.goto(url)
    # Dash's page (#main-content): the first paint before it shows the same h1, without ids
    page.wait_for_selector("#main-content h1")
    page.wait_for_load_state("networkidle")
    return response


def query_of(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def pick(page, dropdown_id: str, option: str):
    page.click(f"#{dropdown_id}")
    page.click(f".dash-dropdown-option:has-text('{option}')")
    page.keyboard.press("Escape")


@pytest.mark.parametrize("path", [path for path, _ in nav_items()])
def test_every_page_loads_and_draws_its_charts(page, page_log, app_url, path):
    response = open_page(page, app_url.rstrip("/") + path)
    assert response.status == 200
    cards = page.locator("[data-chart-id]")
    # every chart's frame (on a wide screen each is drawn at once: assets/charts-near.js)
    with_graph = page.locator("[data-chart-id]:has(.ops-graph-frame)")
    if with_graph.count():
        page.wait_for_function(
            "document.querySelectorAll('.js-plotly-plot .main-svg').length > 0 && "
            "document.querySelectorAll('.js-plotly-plot').length >= "
            "document.querySelectorAll('#react-entry-point .ops-graph-frame').length")
    assert page.locator(".js-plotly-plot").count() >= with_graph.count()
    for i in range(with_graph.count()):
        card = with_graph.nth(i)
        assert card.locator(".js-plotly-plot .main-svg").count() >= 1, card.get_attribute("data-chart-id")
        assert card.locator(".ops-summary").inner_text().strip()
    if path not in ("/projects", "/sources"):
        assert cards.count() >= 1
    assert page_log.console_errors == [], page_log.console_errors
    assert page_log.failed_requests == []
    assert page_log.non_loopback_requests() == []


def test_changing_a_filter_changes_the_charts_and_the_url(page, app_url, bundled):
    open_page(page, app_url)
    before = page.inner_text("#kpi-projects")
    pick(page, "filter-region", "Region Nordjylland")
    page.wait_for_url("**/?region=1081")
    expected = len(q.projects(bundled, Filters.make(regions="1081")))
    page.wait_for_function(f"document.querySelector('#kpi-projects').innerText === '{expected}'")
    assert before != str(expected)
    summary = page.locator("#projects-by-region .ops-summary").inner_text()
    assert "Region Nordjylland" in summary


def test_a_copied_link_reproduces_the_view(browser, app_url, bundled):
    url = app_url + "?region=1081,1082&form=opp"
    expected = len(q.projects(bundled, Filters.make(regions="1081,1082", forms="opp")))
    context = browser.new_context()
    fresh = context.new_page()
    open_page(fresh, url)
    assert fresh.inner_text("#kpi-projects") == str(expected)
    assert "Region Nordjylland" in fresh.inner_text("#filter-region")
    assert "Region Midtjylland" in fresh.inner_text("#filter-region")
    assert "OPP" in fresh.inner_text("#filter-form")
    context.close()


def test_navigation_keeps_the_filters(page, app_url, bundled):
    open_page(page, app_url + "?sector=parking")
    page.click("nav a:has-text('Regioner')")
    page.wait_for_url("**/regions?sector=parking")
    page.wait_for_selector("h1:has-text('Regionerne')")
    assert "Parkering" in page.inner_text("#filter-sector")
    page.click("nav a:has-text('Overblik')")
    page.wait_for_url("**/?sector=parking")
    assert page.inner_text("#kpi-projects") == str(len(q.projects(bundled, Filters.make(sectors="parking"))))


def test_back_button_restores_the_previous_filters(page, app_url, bundled):
    open_page(page, app_url + "?region=1084")
    pick(page, "filter-sector", "Energi og forsyning")
    page.wait_for_url("**/?region=1084&sector=energy_utilities")
    page.go_back()
    page.wait_for_url("**/?region=1084")
    page.wait_for_function("!document.querySelector('#filter-sector').innerText.includes('Energi')")
    expected = len(q.projects(bundled, Filters.make(regions="1084")))
    page.wait_for_function(f"document.querySelector('#kpi-projects').innerText === '{expected}'")


def test_reset_clears_every_filter(page, app_url, bundled):
    open_page(page, app_url + "?region=1081&from=2015")
    page.click("#filter-reset")
    page.wait_for_url(lambda url: urlsplit(url).query == "")
    page.wait_for_function(f"document.querySelector('#kpi-projects').innerText === '{len(bundled['projects'])}'")


def test_malformed_query_shows_a_notice_not_an_error(page, page_log, app_url, bundled):
    response = open_page(page, app_url + "?region=9999,1084&from=abc&colour=red")
    assert response.status == 200
    notice = page.locator("#url-notice")
    assert notice.is_visible()
    text = notice.inner_text()
    assert "9999" in text and "abc" in text and "colour" in text
    assert page.inner_text("#kpi-projects") == str(len(q.projects(bundled, Filters.make(regions="1084"))))
    assert page_log.console_errors == []


def test_empty_selection_says_so(page, app_url):
    open_page(page, app_url + "?region=1085&sector=pharmaceuticals")
    assert page.locator("#projects-by-region .ops-empty").inner_text() == "Ingen data for dette udvalg."


def test_table_view_shows_exactly_the_plotted_numbers(page, app_url, bundled):
    open_page(page, app_url)
    page.click("#projects-by-region .ops-table-toggle")
    table = page.locator("#projects-by-region table")
    table.wait_for(state="visible")
    rows = table.locator("tbody tr")
    counts = q.count_by(bundled, Filters(), "region")
    assert rows.count() == len(counts)
    first = rows.nth(0).locator("td")
    top = counts.iloc[0]
    assert first.nth(0).inner_text() == top["name_da"] and first.nth(1).inner_text() == str(top["n"])
    assert page.get_attribute("#projects-by-region .ops-table-toggle", "aria-expanded") == "true"


def test_csv_download_has_the_displayed_data(page, app_url, bundled):
    open_page(page, app_url + "?form=opp")
    page.click("#projects-by-region .ops-card-menu-toggle")
    with page.expect_download() as info:
        page.click("#projects-by-region .dropdown-item:has-text('CSV')")
    raw = open(info.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Danish Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Region", "Antal samarbejder"]
    expected = q.count_by(bundled, Filters.make(forms="opp"), "region")
    assert len(rows) - 1 == len(expected)
    assert rows[1] == ["Region Midtjylland", str(int(expected.iloc[0]["n"]))]


def test_measure_on_the_map_lives_in_the_url(page, app_url):
    open_page(page, app_url.rstrip("/") + "/regions?region=1082")
    page.click("label:has-text('Kontraktværdi')")
    page.wait_for_url("**/regions?region=1082&measure=contract_value")
    page.wait_for_selector("#regions-map-contract-value")
    assert query_of(page) == {"region": "1082", "measure": "contract_value"}


def test_copy_link_copies_the_view_and_points_at_the_chart(browser, app_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], bypass_csp=True)  # see conftest
    page = context.new_page()
    open_page(page, app_url + "?region=1081&sector=parking")
    page.click("#projects-by-region .ops-card-menu-toggle")
    page.click("#projects-by-region .dropdown-item:has-text('Kopiér link')")
    page.wait_for_function("document.querySelector('#projects-by-region .ops-copied').innerText === 'Link kopieret'")
    assert page.evaluate("navigator.clipboard.readText()") == app_url + "?region=1081&sector=parking#projects-by-region"
    context.close()


def test_xlsx_download_has_numbers_and_a_sources_sheet(page, app_url, bundled):
    from openpyxl import load_workbook

    open_page(page, app_url.rstrip("/") + "/sectors?region=1081")
    page.click("#contract-value-by-sector .ops-card-menu-toggle")
    with page.expect_download() as info:
        page.click("#contract-value-by-sector .dropdown-item:has-text('Excel')")
    assert info.value.suggested_filename == "ops-monitor-contract-value-by-sector.xlsx"
    book = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    data, sources = book["Data"], book["Kilder"]
    assert data["A1"].value == "Kontraktværdi pr. sektor"
    header = [c.value for c in data[2]]
    assert header[:4] == ["Sektor", "Kontraktværdi", "Kontraktværdi (enhed)", "Kontraktværdi (grænse)"]
    expected = q.measure_by(bundled, Filters.make(regions="1081"), "contract_value", "sector")
    first = [c.value for c in data[3]]
    assert first[1] == expected.iloc[0]["value"] and isinstance(first[1], int | float)  # a number, not text
    assert first[2] == "DKK"
    assert [c.value for c in sources[1]][:3] == ["Kilde-id", "Navn", "Udgiver"]
    ids = {row[0].value for row in sources.iter_rows(min_row=2)}
    assert ids and ids <= set(bundled["sources"]["source_id"])
