"""The spending and programmes pages: their layouts, and the real app in Chromium (charts drawn, no console
errors, the region filter in the URL changes the spending page)."""

from __future__ import annotations

import pytest

SPENDING_CARDS = ("spending-regions-health", "spending-health-it", "spending-health-by-year", "spending-medicines",
                  "spending-procurement")
PROGRAMME_CARDS = ("programmes-timeline", "programmes-opp-pool", "programmes-sygehuspartnerskabet-shares",
                   "programmes-medicoindkoeb-members")


# ------------------------------------------------------------------ in the browser
def open_page(page, url: str):
    response = page.goto(url)
    page.wait_for_selector("#main-content h1")
    page.wait_for_load_state("networkidle")
    return response


def wait_for_charts(page, n: int):
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {n}")


@pytest.mark.parametrize(("path", "cards"), [("spending", SPENDING_CARDS), ("programmes", PROGRAMME_CARDS)])
def test_page_loads_and_draws_one_chart_per_card(page, page_log, app_url, path, cards):
    response = open_page(page, f"{app_url}{path}")
    assert response.status == 200
    wait_for_charts(page, len(cards))
    assert page.locator(".ops-chart").count() == len(cards)
    assert page.locator(".js-plotly-plot").count() == len(cards)
    for chart_id in cards:
        card = page.locator(f"#{chart_id}")
        assert card.locator(".js-plotly-plot .main-svg").count() >= 1, chart_id
        assert card.locator(".ops-summary").inner_text().strip(), chart_id
    assert page_log.console_errors == [], page_log.console_errors
    assert page_log.failed_requests == []
    assert page_log.non_loopback_requests() == []


def test_region_in_the_url_changes_the_spending_page(page, page_log, app_url):
    open_page(page, f"{app_url}spending")
    wait_for_charts(page, len(SPENDING_CARDS))
    bars = "#spending-regions-health .js-plotly-plot .bars .point"
    assert page.locator(bars).count() == 5
    national_note = "Regionsfilteret gælder ikke her"
    assert national_note not in page.locator("#spending-medicines").inner_text()

    open_page(page, f"{app_url}spending?region=1084")
    wait_for_charts(page, len(SPENDING_CARDS))
    assert page.locator(bars).count() == 2
    ticks = page.locator("#spending-regions-health .js-plotly-plot .ytick").all_text_contents()
    assert ticks and all(tick.startswith("Region Hovedstaden") for tick in ticks)
    assert national_note in page.locator("#spending-medicines").inner_text()
    assert page_log.console_errors == [], page_log.console_errors


def test_a_region_without_data_shows_the_empty_card(page, app_url):
    open_page(page, f"{app_url}spending?region=1081")
    assert "Ingen data for dette udvalg." in page.locator("#spending-health-it").inner_text()
    assert not page.locator("#spending-health-it .js-plotly-plot").is_visible()  # kept hidden, for a filter change


def test_table_view_shows_the_plotted_numbers(page, app_url):
    open_page(page, f"{app_url}programmes")
    page.locator("#programmes-opp-pool .ops-table-toggle").click()
    table = page.locator("#programmes-opp-pool table")
    table.wait_for(state="visible")
    rows = [r.split("\t") for r in table.locator("tbody tr").all_inner_texts()]
    assert [r[:2] for r in rows] == [["2013", "300 mio. kr."], ["2014", "ikke oplyst"], ["2015", "400 mio. kr."],
                                     ["2016", "400 mio. kr."], ["2017", "400 mio. kr."]]


@pytest.mark.parametrize("path", ["spending", "programmes"])
def test_page_has_no_axe_violations(page, app_url, path):
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, f"{app_url}{path}")
    wait_for_charts(page, 4)
    # The shared filter bar is checked by test_accessibility.py; this test is about the page's own content.
    results = Axe().run(page, context={"exclude": [["#filter-bar"]]})
    assert results.violations_count == 0, results.generate_report()
