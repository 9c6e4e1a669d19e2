"""The first paint in a real browser: a Dash page shows, as soon as its HTML and stylesheets have
arrived, the page written on the server (server/index_page.py); Dash's element waits hidden and takes
its place once Dash has drawn the page, at the same places (nothing moves), and the first paint is
then gone (no element twice, no id twice)."""

from __future__ import annotations

import time

import pytest

# Where each block of the page sits: the heading, the lead, the filter bar, each chart's frame and
# card, the footer. Measured in the first paint and in Dash's page: the same numbers.
RECTS = """(root) => {
    const rect = el => { const r = el.getBoundingClientRect(); return [Math.round(r.x), Math.round(r.y + scrollY),
                                                                      Math.round(r.width), Math.round(r.height)]; };
    const all = sel => [...root.querySelectorAll(sel)].filter(el => el.offsetParent !== null).map(rect);
    return {h1: all('main h1'), lead: all('main .ops-lead'), bar: all('.ops-filter-bar'), kpis: all('.ops-kpi'),
            frames: all('.ops-graph-frame'), cards: all('.ops-chart-card'), footer: all('footer.ops-footer')};
}"""


def hold_layout(page) -> list:
    """Dash's layout request is held until released: till then the page shows its first paint."""
    held: list = []
    page.route("**/_dash-layout", lambda route: held.append(route))
    return held


def release(page, held: list) -> None:
    deadline = time.monotonic() + 20
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert held, "Dash never asked for its layout"
    held[0].continue_()


@pytest.mark.parametrize("path", ["?region=1084&region=1083", "regions?sector=energi", "sectors?lang=en",
                                  "?present=1"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_first_paint_is_dashs_page_at_the_same_places(browser, app_url, path, width):
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 860})
    try:
        page = context.new_page()
        held = hold_layout(page)
        page.goto(app_url + path, wait_until="load")  # every script has run; Dash waits for its layout
        first = page.locator(".ops-first-paint")
        assert first.locator("h1").is_visible()
        assert not page.locator("#react-entry-point").is_visible()  # Dash's element waits behind it
        painted = first.evaluate(RECTS)
        assert painted["h1"] and painted["footer"]
        release(page, held)
        page.wait_for_selector("#main-content h1")
        if width >= 768:  # on a phone no chart is on the first screen, and none is drawn (assets/charts-near.js)
            page.wait_for_selector(".js-plotly-plot .main-svg")
        dropdowns = page.locator("#react-entry-point .ops-control-room")  # each drawn by Dash (no CSP eval here)
        if dropdowns.count():
            dropdowns.last.locator(".dash-dropdown").wait_for(state="attached")
        page.wait_for_load_state("networkidle")
        assert page.locator(".ops-first-paint").count() == 0
        drawn = page.locator("#react-entry-point").evaluate(RECTS)
        assert drawn == painted, (path, width)
    finally:
        context.close()


def test_dashs_page_replaces_the_first_paint_and_no_id_is_there_twice(page, page_log, app_url):
    page.goto(app_url + "regions?region=1084")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_load_state("networkidle")
    assert page.locator(".ops-first-paint").count() == 0
    assert page.locator("main h1").count() == 1 and page.locator("footer.ops-footer").count() == 1
    twice = page.evaluate("""(() => { const seen = {}, twice = [];
        for (const el of document.querySelectorAll('[id]')) { if (seen[el.id]) twice.push(el.id); seen[el.id] = 1; }
        return twice; })()""")
    assert twice == []
    assert page_log.console_errors == [] and page_log.failed_requests == []


def test_a_page_without_scripts_still_shows_its_content(browser, app_url):
    """With JavaScript off (or before it has arrived) the page's text, figures in words and links are
    there; the charts' frames keep their place."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 860})
    try:
        page = context.new_page()
        page.goto(app_url + "?region=1084")
        assert page.locator(".ops-first-paint h1").is_visible()
        assert page.locator(".ops-kpi-value").first.is_visible()
        summaries = page.locator(".ops-first-paint .ops-summary").all_inner_texts()
        assert summaries and all(s.strip() for s in summaries)
        heights = page.locator(".ops-graph-frame").evaluate_all("els => els.map(e => e.offsetHeight)")
        assert heights and min(heights) > 100
        assert page.locator(".ops-first-paint a.nav-link.active").inner_text() == "Overblik"
    finally:
        context.close()


def callback_requests(page_log) -> list[str]:
    return [url for url in page_log.request_urls if "_dash-update-component" in url]


def test_a_first_load_runs_no_callback(page, page_log, app_url):
    """The shell and its page arrive with what the callbacks would set (the URL included), so Dash
    has nothing to ask the server after its layout."""
    for path in ("", "regions?region=1084&region=1083", "sources?lang=en", "?present=1#main-content"):
        fresh = page.context.new_page()
        fresh.on("request", lambda request: page_log.request_urls.append(request.url))
        page_log.request_urls.clear()
        fresh.goto(app_url + path)
        fresh.wait_for_selector("#main-content h1")
        fresh.wait_for_load_state("networkidle")
        assert callback_requests(page_log) == [], path
        assert fresh.evaluate("location.href") == app_url + path  # the URL as it was, hash included
        assert fresh.evaluate("history.length") == 2  # about:blank and this page: nothing pushed
        fresh.close()
    # and the page works: a filter change still goes through the callbacks
    page.goto(app_url + "regions?region=1084")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.locator("#filter-reset").click()
    page.wait_for_url(app_url + "regions")
    assert callback_requests(page_log)


def test_without_a_referer_the_page_is_rendered_by_the_callbacks(page, page_log, app_url):
    """A browser that sends no Referer (a privacy setting) gets the shell without its page: the URL is
    then set when Dash starts, and the callbacks render the page and set the shell as before."""
    def no_referer(route):
        headers = {k: v for k, v in route.request.all_headers().items() if k.lower() != "referer"}
        route.fulfill(response=route.fetch(headers=headers))

    page.route("**/_dash-layout", no_referer)
    page.goto(app_url + "sectors?region=1084&lang=en")
    page.wait_for_selector("#main-content h1")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_load_state("networkidle")
    assert callback_requests(page_log)  # the page came through the router
    assert page.locator("main h1").count() == 1 and page.locator(".ops-first-paint").count() == 0
    assert page.locator("#filter-region-value").inner_text().startswith("Capital Region")
    active = page.locator("#site-header a.nav-link.active")
    assert active.count() == 1 and active.get_attribute("href") == "/sectors?region=1084&lang=en"
    assert page_log.console_errors == [] and page_log.failed_requests == []
