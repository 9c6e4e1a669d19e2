"""Print (assets/print.css, assets/print.js) and presentation mode (?present=1, assets/present.css,
chart_card(present=True)), in the real app and real Chromium.

The presentation tests rely on the shell's callback in components/layout.py that puts the class
`ops-present` on `.ops-page` when the URL has `present=1`.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess

import pytest

# A4 landscape (297 x 210 mm) minus the @page margins of assets/print.css (10 mm each side,
# 10 mm top, 12 mm bottom), in CSS pixels (96 per inch).
PRINT_WIDTH_PX = round((297 - 20) / 25.4 * 96)  # 1047
A4_LANDSCAPE_VIEWPORT = {"width": 1123, "height": 794}  # the whole sheet, for print-media shots
WIDE_SCREEN = {"width": 1400, "height": 900}  # charts drawn wider than the printed page

GRAPHS_DRAWN = (
    "Array.from(document.querySelectorAll('.ops-graph')).length > 0 && "
    "Array.from(document.querySelectorAll('.ops-graph')).every(g => g.querySelector('.main-svg'))"
)
# Things that are controls and must not be printed (selector -> must exist on the page on screen).
CONTROLS = (".ops-navbar", ".ops-filter-bar", ".ops-card-menu", ".ops-table-toggle", ".ops-skip-link")


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#main-content h1")
    page.wait_for_function(GRAPHS_DRAWN)
    page.wait_for_load_state("networkidle")


def displayed(page, selector: str) -> list[bool]:
    """For every element matching selector: is it rendered (display, visibility, size)?"""
    return page.eval_on_selector_all(
        selector,
        """els => els.map(el => {
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return style.display !== 'none' && style.visibility !== 'hidden' && box.width > 0 && box.height > 0
                && el.checkVisibility({visibilityProperty: true});
        })""",
    )


def all_displayed(page, selector: str) -> bool:
    shown = displayed(page, selector)
    assert shown, f"no {selector} on the page"
    return all(shown)


def font_px(page, selector: str) -> float:
    return page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)")


def figure_font(page) -> float:
    return page.eval_on_selector(".ops-graph .js-plotly-plot", "gd => gd.layout.font.size")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


# ------------------------------------------------------------------ print
@pytest.mark.parametrize("path", ["", "regions?region=1081,1082"])
def test_print_media_shows_content_without_controls(page, app_url, tmp_path, path):
    page.set_viewport_size(A4_LANDSCAPE_VIEWPORT)
    open_page(page, app_url + path)
    for selector in CONTROLS[:-1]:  # the skip link is off-screen until focused
        assert any(displayed(page, selector)), f"{selector} should be on the screen page"
    closed = page.locator("details.ops-sources:not([open])")
    assert closed.count() >= 1, "a closed source list (the case print must open) is on the page"

    page.emulate_media(media="print")
    for selector in CONTROLS:
        assert not any(displayed(page, selector)), f"{selector} is printed"
    for selector in (".ops-page-title", ".ops-lead", ".ops-chart .js-plotly-plot", ".ops-summary", ".ops-notes"):
        assert all_displayed(page, selector), f"{selector} is not printed"
    if not path:
        assert all_displayed(page, ".ops-kpi")
    # Sources are printed, including the lists inside closed <details>.
    assert all_displayed(page, "details.ops-sources:not([open]) .ops-source-list li")
    # One chart card per block, each within the sheet, each chart within its card.
    boxes = page.eval_on_selector_all(
        ".ops-chart",
        """els => els.map(el => {
            const card = el.getBoundingClientRect();
            const svg = el.querySelector('.main-svg');
            return {left: card.left, right: card.right, width: card.width,
                    svg: svg ? svg.getBoundingClientRect().right : null};
        })""",
    )
    assert boxes
    content_width = page.evaluate("document.querySelector('.ops-page-content').getBoundingClientRect().width")
    for box in boxes:
        assert box["left"] >= 0 and box["right"] <= A4_LANDSCAPE_VIEWPORT["width"]
        assert box["width"] >= content_width - 2, "a chart card does not take the whole line"
        assert box["svg"] is not None and box["svg"] <= box["right"] + 1
    # The sheet says where it came from.
    assert page.inner_text("#ops-print-url") == page.url
    assert all_displayed(page, "#data-updated-footer")

    shot = tmp_path / "print.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    width, height = png_size(data)
    assert width == A4_LANDSCAPE_VIEWPORT["width"] and height > A4_LANDSCAPE_VIEWPORT["height"]
    assert len(data) > 30_000

    page.emulate_media(media="screen")
    assert any(displayed(page, ".ops-navbar")), "the screen page is back after printing"


# Runs in the page during printing, after assets/print.js has redrawn the charts: how wide each
# chart is and how wide the sheet's content box is.
PRINT_PROBE = """() => {
    window.__printed = [];
    matchMedia('print').addEventListener('change', event => {
        if (!event.matches) { return; }
        window.__printed = Array.from(document.querySelectorAll('.ops-chart')).map(card => ({
            card: card.getBoundingClientRect().right,
            svg: card.querySelector('.main-svg').getBoundingClientRect().width,
            room: card.querySelector('.ops-graph').getBoundingClientRect().width,
            page: document.documentElement.clientWidth,
        }));
    });
}"""


@pytest.mark.parametrize(("path", "wider_than_sheet"), [("", True), ("regions", False)])
def test_pdf_a4_landscape_fits_charts_to_the_sheet(page, app_url, tmp_path, path, wider_than_sheet):
    """Charts drawn for a wide screen shrink to the sheet; narrow side-by-side ones grow to it."""
    page.set_viewport_size(WIDE_SCREEN)
    open_page(page, app_url + path)
    screen = page.eval_on_selector_all(".ops-graph .js-plotly-plot", "gds => gds.map(gd => gd._fullLayout.width)")
    assert (max(screen) > PRINT_WIDTH_PX) is wider_than_sheet, "precondition: screen widths"
    page.evaluate(PRINT_PROBE)

    pdf = page.pdf(format="A4", landscape=True, print_background=True)

    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    charts = len(screen)
    assert 1 + charts // 2 <= pages <= 4 * charts + 2, f"{pages} pages for {charts} charts"
    printed = page.evaluate("window.__printed")
    assert len(printed) == charts
    for chart in printed:
        assert chart["page"] <= PRINT_WIDTH_PX + 1
        assert chart["card"] <= chart["page"] + 1, "a chart card runs off the sheet"
        assert chart["svg"] <= chart["room"] + 1, "a chart is wider than its card on paper"
        assert chart["svg"] >= chart["room"] - 2, "a chart is not redrawn at the width of its card"
    # After printing the charts are drawn for the screen again.
    page.wait_for_function(
        "ws => Array.from(document.querySelectorAll('.ops-graph .js-plotly-plot'))"
        ".every((gd, i) => Math.abs(gd._fullLayout.width - ws[i]) < 2)",
        arg=screen,
    )

    if shutil.which("pdftoppm"):  # optional: look at the first sheet as an image
        (tmp_path / "page.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile",
                        str(tmp_path / "page.pdf"), str(tmp_path / "sheet")], check=True)
        width, height = png_size((tmp_path / "sheet.png").read_bytes())
        assert width > height, "the sheet is landscape"


# ------------------------------------------------------------------ presentation
def test_present_mode_has_large_type_and_no_controls(page, app_url):
    page.set_viewport_size({"width": 1600, "height": 900})
    open_page(page, app_url)
    normal = {
        "title": font_px(page, ".ops-page-title"),
        "summary": font_px(page, ".ops-summary"),
        "kpi": font_px(page, ".ops-kpi-value"),
        "figure": figure_font(page),
    }
    assert any(displayed(page, ".ops-filter-bar")) and any(displayed(page, ".ops-card-menu"))

    open_page(page, app_url + "?present=1")
    page.wait_for_selector(".ops-page.ops-present")
    assert font_px(page, ".ops-page-title") >= 1.4 * normal["title"]
    assert font_px(page, ".ops-summary") >= 1.4 * normal["summary"]
    assert font_px(page, ".ops-kpi-value") >= 1.4 * normal["kpi"]
    assert figure_font(page) >= 1.4 * normal["figure"]
    assert not any(displayed(page, ".ops-filter-bar"))
    assert not any(displayed(page, ".ops-card-menu"))

    # Moving between pages keeps presentation mode.
    hrefs = page.eval_on_selector_all(".ops-navbar .nav-link", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs and all("present=1" in href for href in hrefs), hrefs
    page.click(".ops-navbar .nav-link[href*='regions']")
    page.wait_for_url("**/regions?present=1")
    page.wait_for_selector("h1:has-text('Regionerne')")
    page.wait_for_function(GRAPHS_DRAWN)
    page.wait_for_selector(".ops-page.ops-present")
    assert font_px(page, ".ops-page-title") >= 1.4 * normal["title"]
    assert figure_font(page) >= 1.4 * normal["figure"]


def test_the_filters_are_spelled_out_in_print_and_presentation_only(page, app_url):
    """On paper and on a projector the filter bar is not shown, so the view's filters are written out."""
    open_page(page, f"{app_url}regions?region=1084&from=2015")
    summary = page.locator("#filter-summary")
    assert not summary.is_visible()
    page.emulate_media(media="print")
    assert summary.is_visible()
    assert summary.inner_text() == "Viser: Region Hovedstaden · fra 2015"
    page.emulate_media(media="screen")
    open_page(page, f"{app_url}regions?region=1084&from=2015&to=2020&present=1&lang=en")
    page.wait_for_selector(".ops-page.ops-present")
    assert summary.is_visible()
    assert summary.inner_text() == "Showing: Capital Region of Denmark · 2015–2020"
    page.goto(f"{app_url}sources")
    page.wait_for_selector("#main-content h1")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    assert not summary.is_visible()  # no filters apply to the sources page
