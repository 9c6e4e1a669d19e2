"""axe-core (bundled with axe-playwright-python, no network) finds no WCAG 2.1 A/AA violations on
any page, the 404 page and the embeds, in Danish and in English, with nothing excluded."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from charts.registry import CHARTS
from data import load_dataset
from settings import load_settings

# Every page, the 404 page, the embed index and two embeds; and every registered chart on its page
# (a chart shown only for one value of a URL choice, like the map measure, with that choice).
PAGES = ["", "regions", "sectors", "impact", "spending", "projects", "programmes", "sources", "changes", "findes-ikke",
         "embed/", "embed/projects-by-region", "embed/regions-map-count"]
CHART_VIEWS = sorted({chart.page.lstrip("/") + (f"?{chart.choice[0]}={chart.choice[1]}" if chart.choice else "")
                      for chart in CHARTS.values()} - set(PAGES))


def first_project_id() -> str:
    return str(load_dataset(load_settings().data_dir)["projects"]["project_id"].iloc[0])


def axe_violations(page) -> list[dict]:
    return Axe().run(page).response["violations"]


def settle(page):
    # Dash's page (#main-content; its first paint has no ids), or an embed (no Dash)
    page.wait_for_selector("#main-content h1, .ops-embed-page h1")
    page.wait_for_load_state("networkidle")
    if page.locator(".ops-graph").count():
        page.wait_for_selector(".js-plotly-plot .main-svg")
    if page.locator(".ag-root").count():
        page.wait_for_selector(".ag-row")


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("path", [*PAGES, *CHART_VIEWS, "projects/<first>"])
def test_page_has_no_axe_violations(page, app_url, path, lang):
    path = path.replace("<first>", first_project_id())
    page.goto(f"{app_url}{path}" + (("&" if "?" in path else "?") + "lang=en" if lang == "en" else ""))
    settle(page)
    assert page.evaluate("document.documentElement.lang") == lang
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


# Dash 4's option list renders each option as <label role="option"> around a checkbox that takes
# the keyboard focus: axe reports `nested-interactive` and the best-practice `aria-allowed-role` on
# those option elements. That structure is Dash's own (changing it would break its keyboard
# handling); everything else in the open list (its dialog, listbox and search field) is checked.
DASH_OPTION_RULES = {"nested-interactive", "aria-allowed-role"}


def test_open_filter_dropdown_has_no_other_axe_violations(page, app_url):
    page.goto(app_url)
    settle(page)
    page.click("#filter-region")
    page.wait_for_selector(".dash-dropdown-option")
    page.wait_for_function("document.querySelector('.dash-options-list').getAttribute('aria-label') === 'Region'")
    violations = axe_violations(page)
    other = [v for v in violations if v["id"] not in DASH_OPTION_RULES]
    assert other == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in other]
    option_targets = [n["target"][-1] for v in violations for n in v["nodes"]]
    assert all("data-option-index" in target for target in option_targets), option_targets


def test_open_chart_menu_has_no_axe_violations(page, app_url):
    page.goto(app_url)
    settle(page)
    page.locator(".ops-card-menu-toggle").first.click()
    page.wait_for_selector(".dropdown-menu.show")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
