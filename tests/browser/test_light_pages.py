"""Light pages and embeds in a real browser: the embed drawn from one server-rendered answer with no
callback request, its menu and table without Dash, a repeat view answered 304; AG Grid's code only
on a grid page (and a link there still shows the grid); charts updated in place on a filter change
(the same plotly element before and after), the back button too; no layout shift while charts load;
the plotly.js the pages load is the partial bundle."""

from __future__ import annotations

import csv
import io

from data import Filters
from data import queries as q
from tests.browser.test_dashboard import open_page, pick

EMBED = "embed/projects-by-region?region=1084,1083"


def open_embed(page, app_url: str, path: str = EMBED):
    response = page.goto(app_url + path)
    page.wait_for_selector(".ops-embed-page .js-plotly-plot .main-svg")
    return response


def test_the_embed_is_drawn_with_no_callback_request(page, page_log, app_url, bundled):
    response = open_embed(page, app_url)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    paths = [url.split("?")[0].removeprefix(app_url.rstrip("/")) for url in page_log.request_urls]
    assert not [p for p in paths if "_dash" in p], paths  # no layout, no dependencies, no callback
    assert set(paths) <= {"/embed/projects-by-region", "/vendor/bootstrap.min.css", "/files/app.css",
                          "/vendor/plotly-ops.min.js", "/files/app.js", "/files/chart-export.js",
                          "/files/embed-page.js", "/files/favicon.ico"}, paths
    assert page_log.non_loopback_requests() == [] and page_log.console_errors == [] and page_log.failed_requests == []
    # the figure is the server's: the bars of the two regions chosen
    bars = page.evaluate("document.querySelector('.js-plotly-plot').data[0].y.length")
    assert bars == len(q.count_by(bundled, Filters.make(regions=["1084", "1083"]), "region"))


def test_the_embeds_menu_and_table_work_without_dash(page, app_url, bundled):
    open_embed(page, app_url)
    page.click(".ops-card-menu-toggle")
    with page.expect_download() as info:
        page.click(".dropdown-item:has-text('CSV')")
    raw = open(info.value.path(), "rb").read()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))  # as Danish Excel reads it
    assert raw.startswith(b"\xef\xbb\xbf") and rows[0] == ["Region", "Antal samarbejder"]
    expected = q.count_by(bundled, Filters.make(regions=["1084", "1083"]), "region")
    assert [(r[0], int(r[1])) for r in rows[1:]] == list(zip(expected["name_da"], expected["n"], strict=True))
    page.click(".ops-card-menu-toggle")
    with page.expect_download() as info:
        page.click(".dropdown-item:has-text('(PNG)')")
    assert info.value.suggested_filename == "projects-by-region.png"
    assert open(info.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    # the menu closes by keyboard and gives the focus back to its button
    page.focus(".ops-card-menu-toggle")
    page.keyboard.press("Enter")
    page.wait_for_selector(".ops-card-menu[open]")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('dropdown-item')")
    page.keyboard.press("Escape")
    page.wait_for_selector(".ops-card-menu[open]", state="detached")
    assert page.evaluate("document.activeElement.classList.contains('ops-card-menu-toggle')")
    # the table view of the plotted numbers opens and closes
    toggle = page.locator(".ops-table-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and toggle.inner_text() == "Skjul tabel"
    assert page.locator("#projects-by-region-table").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false" and toggle.inner_text() == "Vis tabel"


def test_a_repeat_view_of_the_embed_costs_one_request_answered_304(browser, app_url):
    context = browser.new_context()
    page = context.new_page()
    open_embed(page, app_url)
    page.goto(app_url + EMBED)  # the same embed again, as a reader coming back
    page.wait_for_selector(".ops-embed-page .js-plotly-plot .main-svg")
    page.wait_for_load_state("networkidle")
    document = page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0];"
                             " return {transfer: n.transferSize, body: n.encodedBodySize}; })()")
    # revalidated: headers only came over the wire (a 304), the page itself from the browser's cache
    assert 0 < document["transfer"] < 1000 < document["body"], document
    fetched = page.evaluate("performance.getEntriesByType('resource')"
                            ".filter(r => r.transferSize > 0).map(r => r.name)")
    assert fetched == [], fetched  # scripts and styles: fingerprinted, cached for a year, not asked again
    context.close()


def test_ag_grids_code_loads_only_on_a_page_with_a_grid(page, page_log, app_url):
    open_page(page, app_url)
    assert not [u for u in page_log.request_urls if "dash_ag_grid" in u]
    assert page.evaluate("typeof window.dash_ag_grid") == "undefined"
    assert page.evaluate("typeof window.Plotly.register") == "function"  # the partial bundle
    assert not [u for u in page_log.request_urls if "package_data/plotly.min.js" in u]
    # the navbar link to the grid page loads it, with AG Grid's code, and the grid shows
    page.click("nav a:has-text('Projekter')")
    page.wait_for_selector(".ag-row .ag-cell")
    assert [u for u in page_log.request_urls if "dash_ag_grid" in u]
    assert page_log.console_errors == []


def test_a_grid_page_reached_without_a_page_load_is_loaded_anew(page, page_log, app_url):
    open_page(page, app_url)
    page.evaluate("() => { window.history.pushState({}, '', 'projects'); "
                  "window.dispatchEvent(new PopStateEvent('popstate')); }")
    page.wait_for_selector(".ag-row .ag-cell")
    assert page.evaluate("typeof window.dash_ag_grid") == "object"


def test_a_filter_change_updates_the_charts_in_place(page, app_url, bundled):
    open_page(page, app_url)
    page.wait_for_selector("#projects-by-region .js-plotly-plot .main-svg")
    page.evaluate("window.opsGraphs = Array.from(document.querySelectorAll('.js-plotly-plot'))")
    count = page.evaluate("window.opsGraphs.length")
    assert count >= 2
    pick(page, "filter-region", "Region Nordjylland")
    page.wait_for_url("**/?region=1081")
    expected = len(q.projects(bundled, Filters.make(regions="1081")))
    page.wait_for_function(f"document.querySelector('#kpi-projects').innerText === '{expected}'")
    page.wait_for_function("document.querySelector('#projects-by-region .ops-summary').innerText"
                           ".includes('Region Nordjylland')")
    bars = len(q.count_by(bundled, Filters.make(regions="1081"), "region"))
    page.wait_for_function(f"document.querySelector('#projects-by-region .js-plotly-plot').data[0].y.length === {bars}")
    # the same plotly elements, still in the page, now showing the new figures
    assert page.evaluate("window.opsGraphs.every(g => g.isConnected)")
    assert page.evaluate("Array.from(document.querySelectorAll('.js-plotly-plot')).length") == count
    label = page.get_attribute("#projects-by-region [role=img]", "aria-label")
    assert "Region Nordjylland" in label
    # back: the earlier view, in place as well
    page.go_back()
    page.wait_for_function(f"document.querySelector('#kpi-projects').innerText === '{len(bundled['projects'])}'")
    bars = len(q.count_by(bundled, Filters(), "region"))
    page.wait_for_function(f"document.querySelector('#projects-by-region .js-plotly-plot').data[0].y.length === {bars}")
    assert page.evaluate("window.opsGraphs.every(g => g.isConnected)")


def test_a_filter_change_is_one_request_and_draws_each_chart_once(page, app_url):
    """One callback follows the URL (ui/shell.follow_url): a filter change is one request. A chart whose
    height changes with the data (more sectors) is drawn once: its frame takes the new height, the
    element dcc.Graph watches keeps its size, so no second relayout follows (ui/chart_card.graph_frame)."""
    open_page(page, app_url + "?region=1084")
    page.wait_for_selector("#projects-by-sector .js-plotly-plot .main-svg")
    page.wait_for_timeout(500)  # the first draw's own resize has passed
    before = page.evaluate("document.querySelector('#projects-by-sector .js-plotly-plot').layout.height")
    page.evaluate("""() => {
        window.opsDraws = {};
        document.querySelectorAll('.ops-chart').forEach(card => {
            const gd = card.querySelector('.js-plotly-plot');
            window.opsDraws[card.id] = 0;
            gd.on('plotly_afterplot', () => { window.opsDraws[card.id] += 1; });
        });
    }""")
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "_dash-update-component" in r.url else None)
    pick(page, "filter-region", "Region Midtjylland")
    page.wait_for_url("**/?region=1082,1084")
    page.wait_for_function("Object.values(window.opsDraws).every(n => n >= 1)")
    page.wait_for_timeout(600)  # dcc.Graph's resize relayout would come 150 ms after a size change
    draws = page.evaluate("window.opsDraws")
    assert draws and set(draws.values()) == {1}, draws
    assert len(requests) == 1, requests
    sizes = page.evaluate("""() => {
        const card = document.querySelector('#projects-by-sector');
        const gd = card.querySelector('.js-plotly-plot');
        return [gd.layout.height, card.querySelector('.ops-graph-frame').getBoundingClientRect().height,
                gd.querySelector('.main-svg').getBoundingClientRect().height];
    }""")
    height, frame, svg = sizes
    assert height != before  # the case this is about: the chart's height changed
    assert abs(frame - height) < 1 and abs(svg - height) < 1  # drawn whole, in a frame of its height


def test_a_change_that_empties_a_chart_and_fills_it_again_stays_in_place(page, app_url):
    open_page(page, app_url + "?region=1085")
    page.wait_for_selector("#projects-by-sector .js-plotly-plot .main-svg")
    page.evaluate("window.opsGraph = document.querySelector('#projects-by-sector .js-plotly-plot')")
    pick(page, "filter-sector", "Lægemidler")  # nothing in Region Sjælland
    page.wait_for_selector("#projects-by-sector .ops-empty")
    assert not page.locator("#projects-by-sector .js-plotly-plot").is_visible()
    page.go_back()
    page.wait_for_selector("#projects-by-sector .js-plotly-plot .main-svg", state="visible")
    assert page.evaluate("window.opsGraph.isConnected")


def test_a_language_change_without_a_page_load_renders_the_page_anew(page, app_url):
    """Only a change of the filters is made in place: `lang=` changed in the URL by the app (the back
    button does it) renders the page whole, in the other language."""
    open_page(page, app_url + "?region=1084")
    page.evaluate("window.opsGraph = document.querySelector('.js-plotly-plot')")
    page.evaluate("() => { window.history.pushState({}, '', '?region=1084&lang=en'); "
                  "window.dispatchEvent(new PopStateEvent('popstate')); }")
    page.wait_for_selector("h1:has-text('Public-private collaboration')")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert page.evaluate("!window.opsGraph.isConnected")  # a new page, not an update in place
    assert "Capital Region of Denmark" in page.locator("#projects-by-region .ops-summary").inner_text()


LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { total += entry.value; } }
    }).observe({type: 'layout-shift', buffered: true});
    setTimeout(() => resolve(total), 1500);
})"""


def test_no_layout_shift_while_the_charts_load(page, app_url):
    for path in ("", "regions", EMBED):
        page.goto(app_url + path)
        page.wait_for_selector(".js-plotly-plot .main-svg")
        page.wait_for_load_state("networkidle")
        shift = page.evaluate(LAYOUT_SHIFT)
        assert shift <= 0.05, (path, shift)


def test_on_a_phone_a_chart_is_drawn_when_it_comes_on_screen(page, page_log, app_url, bundled):
    """assets/charts-near.js: on a narrow screen a page loads no plotly.js and draws no chart before one
    comes on screen; then that one is drawn, not the ones further down. A filter change redraws the
    chart drawn in place, and a chart scrolled to later shows the new view."""
    page.set_viewport_size({"width": 412, "height": 823})
    open_page(page, app_url)
    page.wait_for_selector("#react-entry-point .dash-dropdown")
    frames = page.locator("#react-entry-point .ops-graph-frame")
    assert frames.count() == 3 and page.locator(".js-plotly-plot").count() == 0
    assert not [u for u in page_log.request_urls if "plotly" in u]
    assert page.evaluate("typeof window.Plotly") == "undefined"

    page.locator("#projects-by-region .ops-graph-frame").scroll_into_view_if_needed()
    page.wait_for_selector("#projects-by-region .js-plotly-plot .main-svg")
    assert len([u for u in page_log.request_urls if "/vendor/plotly-ops.min.js" in u]) == 1  # the partial bundle
    assert page.locator("#projects-by-sector .js-plotly-plot").count() == 0  # further down: not yet
    page.evaluate("window.opsGraph = document.querySelector('#projects-by-region .js-plotly-plot')")

    pick(page, "filter-region", "Region Nordjylland")
    page.wait_for_url("**/?region=1081")
    bars = len(q.count_by(bundled, Filters.make(regions="1081"), "region"))
    page.wait_for_function(f"document.querySelector('#projects-by-region .js-plotly-plot').data[0].y.length === {bars}")
    assert page.evaluate("window.opsGraph.isConnected && window.opsGraph === "
                         "document.querySelector('#projects-by-region .js-plotly-plot')")  # in place

    page.locator("#projects-by-sector .ops-graph-frame").scroll_into_view_if_needed()
    page.wait_for_selector("#projects-by-sector .js-plotly-plot .main-svg")
    expected = q.count_by(bundled, Filters.make(regions="1081"), "sector")
    drawn = page.evaluate("document.querySelector('#projects-by-sector .js-plotly-plot').data"
                          ".reduce((sum, trace) => sum + trace.x.reduce((a, b) => a + b, 0), 0)")
    assert drawn == expected["n"].sum()  # drawn with the figure of the view shown, not the first one
    assert page_log.console_errors == [] and page_log.failed_requests == []


def test_on_a_phone_every_chart_is_drawn_before_printing(page, page_log, app_url):
    page.set_viewport_size({"width": 412, "height": 823})
    open_page(page, app_url)
    assert page.locator(".js-plotly-plot").count() == 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    for chart in ("projects-by-region", "projects-by-sector", "projects-by-start-year"):
        page.wait_for_selector(f"#{chart} .js-plotly-plot .main-svg", state="attached")
    assert page_log.console_errors == [] and page_log.failed_requests == []


def test_on_a_phone_opening_a_cards_menu_draws_its_chart(page, page_log, app_url):
    """The menu's image items need the chart drawn: opening it draws the card's chart, should only the
    card's header be on screen."""
    page.set_viewport_size({"width": 412, "height": 823})
    open_page(page, app_url)
    # the menu's button at the bottom of the screen, the chart's frame below it
    page.evaluate("""() => { const r = document.querySelector('#projects-by-region .ops-card-menu-toggle')
        .getBoundingClientRect(); window.scrollBy(0, r.bottom - window.innerHeight + 2); }""")
    assert page.evaluate("document.querySelector('#projects-by-region .ops-graph-frame')"
                         ".getBoundingClientRect().top > window.innerHeight")
    page.wait_for_timeout(500)
    assert page.locator("#projects-by-region .js-plotly-plot").count() == 0
    page.click("#projects-by-region .ops-card-menu-toggle")
    page.wait_for_selector("#projects-by-region .js-plotly-plot .main-svg", state="attached")
    with page.expect_download() as info:
        page.click("#projects-by-region .dropdown-item:has-text('(PNG)')")
    assert open(info.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert page_log.console_errors == [] and page_log.failed_requests == []
