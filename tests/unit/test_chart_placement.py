"""A chart's placement lives in its registry entry, and the page it names is the page that shows
it: every page's layout is rendered and its chart cards read back."""
from __future__ import annotations

import dash
import pytest

from charts.registry import CHARTS, charts_on


@pytest.fixture(scope="module")
def pages():
    import app  # noqa: F401  (creates the app and registers every page)
    from ui import router

    return router


def cards_in(layout) -> list[str]:
    """The chart ids of the chart cards in a rendered layout, in order."""
    found = []

    def walk(node):
        if isinstance(node, list | tuple):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "to_plotly_json"):
            return
        chart_id = getattr(node, "data-chart-id", None)
        if chart_id:
            found.append(chart_id)
        walk(getattr(node, "children", None))

    walk(layout)
    return found


def render(router, path: str, **query):
    page, variables = router.match(path)
    assert page is not None, f"no registered page at {path}"
    with dash.get_app().server.test_request_context(path):
        return page["layout"](**variables, **query)


@pytest.mark.parametrize("chart_id", sorted(CHARTS))
def test_a_chart_is_shown_on_the_page_it_names(pages, chart_id):
    chart = CHARTS[chart_id]
    query = {chart.choice[0]: chart.choice[1]} if chart.choice else {}
    assert chart_id in cards_in(render(pages, chart.page, **query))
    assert 1 <= chart.width <= 12


@pytest.mark.parametrize("path", sorted({c.page for c in CHARTS.values()}))
def test_a_page_shows_exactly_its_charts_in_the_registry_order(pages, path):
    shown = cards_in(render(pages, path))
    sections = dict.fromkeys(c.section for c in CHARTS.values() if c.page == path)
    defaults = {"measure": "count"}  # the regions page's map measure when the URL names none
    expected = [c.chart_id for s in sections for c in charts_on(path, section=s, choices=defaults)]
    assert sorted(shown) == sorted(expected)
    for section in sections:  # within a section, cards follow `order`
        ids = [c.chart_id for c in charts_on(path, section=section, choices=defaults)]
        assert [i for i in shown if i in ids] == ids


def test_the_navbar_is_the_page_registry(pages):
    navbar = [(p["path"], p["nav"]) for p in pages.nav_pages()]
    assert navbar[0] == ("/", "nav.overview")
    assert [path for path, _ in navbar] == ["/", "/regions", "/sectors", "/impact", "/spending", "/projects",
                                            "/programmes", "/sources"]
    assert pages.filtered("/regions") and not pages.filtered("/sources") and not pages.filtered("/projects/x")
