"""Text from the data is always rendered as text: project, programme, region and publisher names
that look like HTML show literally in the grid, the project page, the tab title, plotly's axis
labels and hover texts, and the downloads; nothing runs, no element is injected."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.helpers_data import copy_package, read_rows, set_cell
from tests.support import running_app

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
BOLD = "<b>bold</b>"
REGION = "<b>Nord</b>jylland"
PUBLISHER = "<i>Udbud</i> & <img src=x onerror=alert(2)> https://evil"
PROGRAMME = "<b>Program</b> <img src=x onerror=alert(3)>"
FORMULA = "=1+1"


@pytest.fixture(scope="module")
def xss(tmp_path_factory):
    pkg = copy_package(tmp_path_factory.mktemp("xss"))
    projects = read_rows(pkg / "projects.csv")
    ids = [p["project_id"] for p in projects[:4]]
    for pid, name in zip(ids, (SCRIPT, IMG, BOLD, FORMULA), strict=True):
        set_cell(pkg, "projects", "project_id", pid, "name", name)
    set_cell(pkg, "regions", "region_code", "1081", "name_da", REGION)
    spending = [r for r in read_rows(pkg / "spending.csv") if r.get("measure") == "procurement"]
    if spending:
        set_cell(pkg, "sources", "source_id", spending[0]["source_id"], "publisher", PUBLISHER)
    programme = next(r["programme_id"] for r in read_rows(pkg / "programmes.csv")
                     if r["start_year"] and not r["parent_id"])  # one drawn on the timeline
    set_cell(pkg, "programmes", "programme_id", programme, "name_da", PROGRAMME)
    with running_app({"OPS_DATA_DIR": str(pkg)}) as url:
        yield url, dict(zip(("script", "img", "bold", "formula"), ids, strict=True))


@pytest.fixture
def watched(browser):
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 860}, accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page, dialogs
    context.close()


def assert_inert(page, dialogs):
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("[...document.scripts].filter(s => s.textContent.includes('alert(')).length") == 0
    assert page.evaluate("[...document.querySelectorAll('b, strong')]"
                         ".filter(e => ['bold', 'Nord', 'Program'].includes(e.textContent)).length") == 0


def svg_texts(page) -> str:
    return " ".join(page.locator(".js-plotly-plot svg text").all_text_contents())


def test_projects_grid_and_project_pages_show_names_literally(watched, xss):
    page, dialogs = watched
    url, ids = xss
    page.goto(url + "projects")
    page.wait_for_selector(".ag-row")
    for name in (SCRIPT, IMG, BOLD):
        page.fill("#projects-search", name)
        page.wait_for_function("n => [...document.querySelectorAll('.ag-row [col-id=name]')]"
                               ".some(c => c.innerText.trim() === n)", arg=name)
    assert_inert(page, dialogs)
    for key, name in (("script", SCRIPT), ("img", IMG), ("bold", BOLD)):
        page.goto(url + f"projects/{ids[key]}")
        page.wait_for_selector("#project-facts")
        assert page.locator("main h1").inner_text() == name
        page.wait_for_function("n => document.title.startsWith(n)", arg=name)
        assert_inert(page, dialogs)


def test_charts_show_data_text_literally_in_labels_and_hover(watched, xss):
    page, dialogs = watched
    url, _ids = xss
    page.goto(url + "regions")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("t => [...document.querySelectorAll('.js-plotly-plot svg text')]"
                           ".some(e => e.textContent.includes(t))", arg=REGION)
    assert_inert(page, dialogs)
    page.goto(url + "spending")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_load_state("networkidle")
    texts = svg_texts(page)
    if PUBLISHER.split(" & ")[0] not in texts:
        pytest.fail(f"publisher not shown literally in the spending charts: {texts[:500]}")
    # the sources lists (Markdown: ui/markdown.py) show it literally too
    lists = page.eval_on_selector_all(".ops-source-list li", "els => els.map(e => e.textContent)")
    assert any(PUBLISHER in text for text in lists), lists[:5]
    assert page.locator(".ops-source-list a[href*='evil']").count() == 0  # text, never a link
    # hover: the first bar of the by-source chart shows the publisher literally
    assert_inert(page, dialogs)
    page.goto(url + "programmes")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("t => [...document.querySelectorAll('.js-plotly-plot svg text')]"
                           ".some(e => e.textContent.includes(t))", arg="<b>Program</b>")
    bars = page.locator(".js-plotly-plot .bars .point path")
    for i in range(min(bars.count(), 6)):
        bars.nth(i).hover(force=True)
        page.wait_for_timeout(100)
    assert_inert(page, dialogs)


def test_downloads_keep_data_text_literal(watched, xss):
    page, dialogs = watched
    url, _ids = xss
    page.goto(url + "regions")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.locator(".ops-card-menu-toggle").first.click()
    with page.expect_download() as csv_download:
        page.locator(".dropdown-item:has-text('CSV')").first.click()
    csv_text = open(csv_download.value.path(), encoding="utf-8-sig").read()
    assert REGION in csv_text
    page.locator(".ops-card-menu-toggle").first.click()
    with page.expect_download() as xlsx_download:
        page.locator(".dropdown-item:has-text('Excel')").first.click()
    book = load_workbook(io.BytesIO(open(xlsx_download.value.path(), "rb").read()))
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert REGION in values
    assert dialogs == []
