"""The spending and programmes pages: their layouts, and the real app in Chromium (charts drawn, no console
errors, the region filter in the URL changes the spending page)."""

from __future__ import annotations

import pytest

from data import BUNDLED_DIR, load_dataset
from data.current import set_dataset

DS = load_dataset(BUNDLED_DIR)
set_dataset(DS)
SPENDING_CARDS = ("spending-regions-health", "spending-health-it", "spending-health-by-year", "spending-medicines",
                  "spending-procurement")
PROGRAMME_CARDS = ("programmes-timeline", "programmes-opp-pool", "programmes-sygehuspartnerskabet-shares",
                   "programmes-medicoindkoeb-members")


def page_module(name: str):
    """The page module (importing it registers the page, which needs a Dash app with pages)."""
    import dash

    if not dash.page_registry:
        import app  # noqa: F401  (creates the app and registers every page)
    import importlib

    return importlib.import_module(f"pages.{name}")


def text_of(component) -> str:
    """The whole component tree as JSON text (ids, props and texts of every descendant)."""
    import json

    from plotly.utils import PlotlyJSONEncoder

    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


def all_props(component) -> list[dict]:
    """The props of every component in the tree."""
    out, stack = [], [component]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
        elif hasattr(node, "to_plotly_json"):
            props = node.to_plotly_json()["props"]
            out.append(props)
            stack.append(props.get("children"))
    return out


# ------------------------------------------------------------------ layouts
def test_spending_layout_has_every_card_and_its_title():
    out = text_of(page_module("spending").layout())
    assert "Regionernes udgifter til sundhed" in out
    for chart_id in SPENDING_CARDS:
        assert f'"data-chart-id": "{chart_id}"' in out


def test_spending_says_when_sector_or_form_filters_do_not_apply():
    spending = page_module("spending")
    assert "spending-filter-note" not in text_of(spending.layout())
    out = text_of(spending.layout(sector="medtech"))
    assert "spending-filter-note" in out and "gælder ikke udgiftstallene" in out


def test_spending_layout_in_english():
    out = text_of(page_module("spending").layout(lang="en"))
    assert "The regions' health spending" in out and "Health spending by region, as reported" in out


def test_programmes_layout_has_every_card_the_member_list_and_the_programme_list():
    out = text_of(page_module("programmes").layout())
    assert "Programmer, puljer og partnerskaber" in out
    for chart_id in PROGRAMME_CARDS:
        assert f'"data-chart-id": "{chart_id}"' in out
    for name in ("Medtronic", "Odense Kommune", "Moderniseringsstyrelsen/Statens Indkøb"):
        assert name in out
    depth = {p["data-programme-id"]: p["data-depth"] for p in all_props(page_module("programmes").layout())
             if "data-programme-id" in p}
    assert depth["sygehuspartnerskabet"] == "0" and depth["sygehuspartnerskabet-1084"] == "1"
    assert depth["sygehuspartnerskabet-logistik-2012-1083"] == "2"
    assert "57 programmer og puljer i udvalget" in out  # 12 programmes added by the third research pass (F174-F218)


def test_programme_list_follows_the_filters():
    out = text_of(page_module("programmes").layout(region="1084"))
    assert '"data-programme-id": "sund-vaegt"' in out
    assert '"data-programme-id": "opp-puljen"' not in out  # an all-regions programme, not Region Hovedstaden's
    assert "del af Sygehuspartnerskabet" in out  # a share whose parent is not in the selection


# ------------------------------------------------------------------ in the browser
def open_page(page, url: str):
    response = page.goto(url)
    page.wait_for_selector("main h1")
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
    assert page.locator("#spending-health-it .js-plotly-plot").count() == 0


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
    # The shared filter bar is checked by tests/test_accessibility.py; this test is about the page's own content.
    results = Axe().run(page, context={"exclude": [["#filter-bar"]]})
    assert results.violations_count == 0, results.generate_report()
