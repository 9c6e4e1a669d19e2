"""axe-core (bundled with axe-playwright-python, no network) finds no WCAG violations."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

# Dash 4's dcc.Dropdown renders a focusable <input class="dash-dropdown-focus-target"
# aria-hidden="true"> (axe: aria-hidden-focus). That one element is excluded until the filter bar's
# dropdowns are made fully keyboard- and screen-reader-friendly (issue 5, board-ready); every other
# element, the rest of the filter bar included, is checked.
DASH_DROPDOWN_FOCUS_TARGET = ".dash-dropdown-focus-target"


def axe_violations(page) -> list[dict]:
    results = Axe().run(page, context={"exclude": [[DASH_DROPDOWN_FOCUS_TARGET]]})
    return results.response["violations"]


@pytest.mark.parametrize("path", ["", "regions", "sectors", "impact", "spending", "programmes", "findes-ikke",
                                  "embed/", "embed/projects-by-region"])
def test_page_has_no_axe_violations(page, app_url, path):
    page.goto(f"{app_url}{path}")
    page.wait_for_selector("main h1")
    page.wait_for_load_state("networkidle")
    if page.locator(".ops-graph").count():
        page.wait_for_selector(".js-plotly-plot .main-svg")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


def test_the_exclusion_covers_only_the_dropdown_focus_target(page, app_url):
    page.goto(app_url)
    page.wait_for_selector("main h1")
    page.wait_for_load_state("networkidle")
    full = Axe().run(page).response["violations"]
    targets = [n["target"][-1] for v in full for n in v["nodes"]]
    classes = [page.eval_on_selector(target, "e => e.className") for target in targets]
    only_focus_targets = all(DASH_DROPDOWN_FOCUS_TARGET.lstrip(".") in c for c in classes)
    assert classes and only_focus_targets, list(zip(targets, classes, strict=True))
