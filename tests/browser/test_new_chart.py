"""A chart is declared in one place: a module that registers a throwaway chart (and its texts),
loaded before the app and nothing else edited, puts the chart on its page, in /embed/ and the embed
index, in the card's downloads and in the accessibility run."""
from __future__ import annotations

import csv
import io
import textwrap

import pytest

from data import Filters
from data import queries as q
from tests.browser.test_accessibility import axe_violations, settle
from tests.support import running_app

CHART_ID = "trial-projects-by-sector"
TITLE_DA = "Prøvediagram: samarbejder pr. sektor"
MODULE = textwrap.dedent(f'''
    """A chart registered from outside the code base (tests/browser/test_new_chart.py)."""
    from charts.overview import count_chart, count_figure
    from charts.registry import Chart, register
    from i18n import text

    text.MESSAGES["chart.trial"] = {{"da": "{TITLE_DA}", "en": "Trial chart: collaborations by sector"}}
    text.MESSAGES["chart.trial.summary"] = {{"da": "Et prøvediagram.", "en": "A trial chart."}}

    register(Chart("{CHART_ID}", "chart.trial", count_chart("sector"), count_figure,
                   lambda data, lang: text.t("chart.trial.summary", lang), page="/sectors", order=99, width=12))
''')


@pytest.fixture(scope="module")
def trial_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trial_chart")
    (folder / "ops_trial_chart.py").write_text(MODULE, encoding="utf-8")
    with running_app(preload=("ops_trial_chart",), pythonpath=folder) as url:
        yield url


def test_the_chart_is_on_its_page_after_the_others(page, page_log, trial_app):
    page.goto(f"{trial_app}sectors")
    page.wait_for_selector(f"#{CHART_ID} .js-plotly-plot .main-svg")
    cards = page.locator("[data-chart-id]").evaluate_all("cs => cs.map(c => c.dataset.chartId)")
    assert cards[-1] == CHART_ID and len(cards) > 1
    assert page.locator(f"#{CHART_ID} h2, #{CHART_ID} h3").first.inner_text() == TITLE_DA
    assert page_log.console_errors == [] and page_log.failed_requests == []


def test_the_chart_is_embeddable_and_listed(page, page_log, trial_app):
    page.goto(f"{trial_app}embed")
    settle(page)
    assert page.locator(f"a[href*='embed/{CHART_ID}']").count() >= 1
    page.goto(f"{trial_app}embed/{CHART_ID}?lang=en")
    page.wait_for_selector(f"#{CHART_ID} .js-plotly-plot .main-svg")
    assert page.locator("h1").first.inner_text() == "Trial chart: collaborations by sector"
    assert page_log.console_errors == [] and page_log.failed_requests == []


def test_the_chart_downloads_its_data(page, trial_app, bundled):
    page.goto(f"{trial_app}sectors?region=1084")
    page.wait_for_selector(f"#{CHART_ID} .js-plotly-plot .main-svg")
    page.click(f"#{CHART_ID} .ops-card-menu-toggle")
    with page.expect_download() as info:
        page.click(f"#{CHART_ID} .dropdown-item:has-text('CSV')")
    rows = list(csv.reader(io.StringIO(open(info.value.path(), "rb").read().decode("utf-8-sig")), delimiter=";"))
    expected = q.count_by(bundled, Filters.make(regions="1084"), "sector")
    assert rows[0] == ["Sektor", "Antal samarbejder"]
    assert [int(n) for _, n in rows[1:]] == [int(n) for n in expected["n"]]


@pytest.mark.parametrize("path", ["sectors", f"embed/{CHART_ID}"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_chart_passes_the_accessibility_run(page, trial_app, path, lang):
    page.goto(f"{trial_app}{path}" + ("?lang=en" if lang == "en" else ""))
    settle(page)
    page.wait_for_selector(f"#{CHART_ID} .js-plotly-plot .main-svg")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
